"""Where each navigation command lands in a script, as pure functions of item positions.

A position is an index into :attr:`Script.items`. "Sections" (``n``, ``p``,
numbers) are the numbered sections the narration announces ("Section 2 of
6"); "headings" (``h``, ``H``) are every section of any level, as in NVDA and
Orca.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from narrator.script.model import ItemKind, Script, ScriptSection
from narrator.script.phrases import Phrases, phrases_for

_ENDS_A_SENTENCE = tuple(".!?…。！？")


def _with_full_stop(text: str) -> str:
    """``text`` as a sentence: ends with a full stop unless it has its own, and never ":." or ",."."""
    text = text.rstrip().rstrip(":;,—–-").rstrip()
    return text if text.endswith(_ENDS_A_SENTENCE) else f"{text}."


@dataclass(frozen=True)
class Navigator:
    """Positions of sections, headings and questions in one script."""

    script: Script

    @cached_property
    def phrases(self) -> Phrases:
        """The player's words, in the article's language."""
        return phrases_for(self.script.language)

    def start_of(self, section: int) -> int:
        """The first item of a section (the end of the script for an empty one)."""
        for position, item in enumerate(self.script.items):
            if item.section == section:
                return position
        return len(self.script.items)

    @cached_property
    def headings(self) -> list[tuple[int, ScriptSection]]:
        """Every section with the position it starts at, in reading order."""
        starts: dict[int, int] = {}
        for position, item in enumerate(self.script.items):
            if item.section is not None:
                starts.setdefault(item.section, position)
        return [(starts[section.index], section) for section in self.script.sections if section.index in starts]

    @cached_property
    def landmarks(self) -> list[tuple[int, ScriptSection]]:
        """The numbered sections, or every section when none is numbered."""
        numbered = [(start, section) for start, section in self.headings if section.number is not None]
        return numbered or self.headings

    def section_at(self, position: int) -> ScriptSection | None:
        """The section (any level) that holds ``position``; ``None`` in the opening."""
        current = None
        for start, section in self.headings:
            if start <= position:
                current = section
        return current

    def landmark_at(self, position: int) -> tuple[int, ScriptSection] | None:
        """The numbered section that holds ``position`` and where it starts."""
        current = None
        for start, section in self.landmarks:
            if start <= position:
                current = (start, section)
        return current

    def next_section(self, position: int) -> int | None:
        return next((start for start, _ in self.landmarks if start > position), None)

    def section_start(self, position: int) -> int:
        """The start of the numbered section being read; the very start in the opening."""
        current = self.landmark_at(position)
        return current[0] if current else 0

    def previous_section(self, position: int) -> int:
        """The start of the numbered section before the one being read."""
        return self.section_start(self.section_start(position) - 1)

    def next_heading(self, position: int) -> int | None:
        return next((start for start, _ in self.headings if start > position), None)

    def previous_heading(self, position: int) -> int:
        """The last heading before ``position``, as a screen reader's ``shift+H`` finds it."""
        earlier = [start for start, _ in self.headings if start < position]
        return earlier[-1] if earlier else 0

    def next_question(self, position: int) -> int | None:
        """The next FAQ question, from the tone that introduces it when ``--earcons`` put one there."""
        items = self.script.items
        for index in range(position + 1, len(items)):
            if items[index].role == "question":
                start = index - 1 if items[index - 1].kind is ItemKind.EARCON else index
                if start > position:  # not the question whose tone is playing now
                    return start
        return None

    @cached_property
    def last_number(self) -> int:
        """The highest section number there is."""
        return max((section.number or 0 for _, section in self.landmarks), default=0) or len(self.landmarks)

    def numbered(self, number: int) -> int | None:
        """The start of section ``number`` as announced."""
        landmarks = self.landmarks
        if any(section.number is not None for _, section in landmarks):
            return next((start for start, section in landmarks if section.number == number), None)
        return landmarks[number - 1][0] if 0 < number <= len(landmarks) else None

    def matching(self, words: str) -> int | None:
        """The first heading (or "Introduction") that contains all of ``words`` (any case)."""
        wanted = words.lower().split()
        return next(
            (start for start, section in self.headings if all(word in self.name(section).lower() for word in wanted)),
            None,
        )

    @cached_property
    def _sentences(self) -> list[int]:
        return [index for index, item in enumerate(self.script.items) if item.spoken]

    @cached_property
    def _paragraphs(self) -> list[int]:
        """Where runs of words begin: after a pause or tone, at a new section, or at a heading."""
        items = self.script.items
        return [
            index
            for index in self._sentences
            if index == 0
            or not items[index - 1].spoken
            or items[index - 1].section != items[index].section
            or ItemKind.ANNOUNCEMENT in (items[index].kind, items[index - 1].kind)
        ]

    def next_sentence(self, position: int) -> int | None:
        return next((index for index in self._sentences if index > position), None)

    def previous_sentence(self, position: int) -> int:
        """The sentence before the one being read (the very start from the first one)."""
        current = self.sentence_at(position)
        earlier = [index for index in self._sentences if index < current]
        return earlier[-1] if earlier else 0

    def next_paragraph(self, position: int) -> int | None:
        return next((index for index in self._paragraphs if index > position), None)

    def previous_paragraph(self, position: int) -> int:
        """The start of the paragraph before the one being read."""
        current = max((index for index in self._paragraphs if index <= position), default=0)
        earlier = [index for index in self._paragraphs if index < current]
        return earlier[-1] if earlier else 0

    def sentence_at(self, position: int) -> int:
        """The spoken item being read at ``position``: itself, or the last one before a pause or tone."""
        for index in range(min(position, len(self.script.items) - 1), -1, -1):
            if self.script.items[index].spoken:
                return index
        return position

    def where(self, position: int) -> str:
        """ "Where am I", in words: the section, its heading, and how far into it."""
        current = self.section_at(position)
        if current is None:
            title = self.script.title.rstrip(" :;,")
            return self.phrases.at_beginning_of.format(title=title) if title else self.phrases.at_beginning
        start = self.start_of(current.index)
        sentences = [
            index
            for index, item in enumerate(self.script.items)
            if item.section == current.index and item.kind is ItemKind.TEXT
        ]
        done = sum(1 for index in sentences if index <= position)
        place = self.describe(current)
        if not sentences or position <= start:
            return _with_full_stop(place)
        return f"{_with_full_stop(place)} {self.phrases.sentence.format(number=max(done, 1), total=len(sentences))}"

    def describe(self, section: ScriptSection) -> str:
        """A section as the listener hears it named: "Section 3 of 6: heading"."""
        numbered = [s for s in self.script.sections if s.number is not None]
        if section.number is not None:
            position = self.phrases.section.format(number=section.number, total=len(numbered))
            return f"{position}{self.phrases.colon}{self.name(section)}"
        return self.name(section)

    def name(self, section: ScriptSection) -> str:
        """The section's heading without a trailing colon; the lead before the first heading is the "Introduction"."""
        return section.heading.rstrip(" :;,") or self.phrases.introduction

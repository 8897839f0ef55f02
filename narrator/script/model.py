"""The speech script: exactly what will be said, in order, as pure data.

A :class:`Script` is what every later stage consumes: engines speak its
items, the exporter derives chapters (one per :class:`ScriptSection`) and
subtitles (one cue per spoken item), and the player navigates by sections and
items. Spoken items are sentence-sized, so "repeat the sentence" and
per-sentence subtitles fall out of the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class ItemKind(str, Enum):
    """What an item is, which decides how it is rendered."""

    ANNOUNCEMENT = "announcement"
    """Words narrator adds to convey structure ("Section 2 of 6: ...", "List of 3 items")."""
    TEXT = "text"
    """The article's own words, normalised for speech."""
    PAUSE = "pause"
    """Silence of ``pause_ms`` milliseconds."""
    EARCON = "earcon"
    """A short tone named by ``earcon``, heard instead of words."""


@dataclass(frozen=True)
class ScriptItem:
    """One step of the narration."""

    kind: ItemKind
    section: int | None
    """Index into :attr:`Script.sections`; ``None`` for the opening (title, byline, contents)."""
    text: str = ""
    """What the engine is given to say; empty for pauses and earcons."""
    role: str = ""
    """The structure the item conveys: ``title``, ``byline``, ``toc``, ``heading``,
    ``paragraph``, ``list``, ``item``, ``table``, ``row``, ``image``, ``quote``,
    ``code``, ``faq``, ``question``, ``answer``. Used for navigation (``f`` jumps to
    the next ``question``) and styling."""
    language: str = ""
    """BCP 47 language of ``text``; empty means the script's language."""
    pause_ms: int = 0
    """Length of a ``PAUSE`` item."""
    earcon: str = ""
    """Name of the tone of an ``EARCON`` item (``section``, ``faq``)."""

    @property
    def spoken(self) -> bool:
        """True for items that carry words."""
        return self.kind in (ItemKind.ANNOUNCEMENT, ItemKind.TEXT)


@dataclass(frozen=True)
class ScriptSection:
    """A section as the listener navigates it and as a chapter is titled."""

    index: int
    level: int
    """Heading level 1-6; 0 for an untitled lead."""
    heading: str
    """The heading as written (not normalised): chapter and screen titles."""
    number: int | None = None
    """The position announced ("Section 2 of 6"); ``None`` for an unannounced lead."""


@dataclass(frozen=True)
class Script:
    """The whole narration of one document."""

    title: str
    language: str
    items: tuple[ScriptItem, ...]
    sections: tuple[ScriptSection, ...] = field(default=())
    byline: str = ""

    def section_items(self, index: int) -> tuple[ScriptItem, ...]:
        """The items of one section, in order."""
        return tuple(item for item in self.items if item.section == index)

    def spoken_words(self) -> int:
        """How many words are said: what synthesis takes time for."""
        return sum(len(item.text.split()) for item in self.items if item.spoken)

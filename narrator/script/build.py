"""Document -> Script: decide exactly what is said, in which order, with which pauses.

The listener cannot glance back at the page, so structure is said aloud:
where a section starts and how far into the article it is, that a list has
four items, which words are a question and which its answer. The article's
words are normalised for speech and cut into sentences, one item each.

Wording, for every verbosity level (``--announce``):

* ``full`` (the default): "Section 2 of 6: <heading>"; a section below the
  article's top heading level says "Section 3 of 6, subsection: <heading>",
  so the running number always matches chapters and ``--start-at``.
* ``brief``: an earcon (with ``--earcons``) or "Heading:" / "Subheading:",
  then the heading.
* ``none``: the heading read as plain text.

An untitled lead section (level 0, no heading) is read without an
announcement and is not counted in "Section N of M".

Languages: a passage in another script than the article's (a Russian
quotation in an English article) is an item of its own with its own
``language``, so its own voice says it and the article's voice goes on
after it. Announcements are in the article's language when it has a
catalogue, else in English and marked so. Japanese is carried in kana
(:mod:`narrator.script.japanese`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

from narrator.document import Block, Code, Document, Faq, Image, ListBlock, Paragraph, Quote, Section, Table
from narrator.languages import passages
from narrator.options import ScriptOptions
from narrator.script.code import code_announcement, code_line, plain_text, spoken_markup
from narrator.script.japanese import said
from narrator.script.lexicon import Lexicon, load_lexicon
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection
from narrator.script.normalize import MAX_SENTENCE, normalize, split_sentences
from narrator.script.phrases import Phrases, phrases_for, phrases_language

CHUNK_CHARACTERS = 20_000
"""The longest stretch of one paragraph scripted at a time (see :func:`_chunks`)."""


def build_script(document: Document, options: ScriptOptions, lexicon: Lexicon | None = None) -> Script:
    """The narration of ``document``.

    ``lexicon`` defaults to the one ``options.lexicon`` names, else the user's
    default lexicon file when it exists.
    """
    return ScriptBuilder(document, options, lexicon).script()


class ScriptBuilder:
    """A document's script, whole or one section at a time.

    Each section's items depend only on that section (and the section count),
    so a player can speak the opening and the first section of a book-length
    article while the rest is still being built. Safe to call from several
    threads.
    """

    def __init__(
        self,
        document: Document,
        options: ScriptOptions,
        lexicon: Lexicon | None = None,
        store: SectionStore | None = None,
    ) -> None:
        """``store`` keeps built sections between runs: re-scripting an edited article builds only what changed."""
        if lexicon is None:
            lexicon = load_lexicon(options.lexicon)
        self.document = document
        self.options = options
        self._lexicon = lexicon
        self._store = store
        self.sections = _script_sections(document.sections)
        """Every section with its announced number, known before any section is built."""
        numbered = [section for section in self.sections if section.number is not None]
        self._top_level = min((section.level for section in numbered), default=1)
        self._total = len(numbered)
        self._phrases = phrases_for(document.language)

    def _speak(self, text: str, language: str) -> str:
        """The article's words in ``language`` as said: inline code, formulas and leftover markup in words (in that
        language's catalogue), cleaned, lexicon applied, normalised."""
        text = spoken_markup(text, phrases_for(language), language)
        return normalize(text, language=language, rewrite=self._lexicon.apply if self._lexicon else None)

    def _writer(self) -> _Writer:
        language = self.document.language
        return _Writer(self.options, self._speak, self._phrases, language, phrases_language(language))

    def opening(self) -> tuple[ScriptItem, ...]:
        """Title, byline and (with ``toc``) the table of contents, then a section pause."""
        writer = self._writer()
        writer.opening(self.document, self.sections)
        return tuple(writer.items)

    def section(self, index: int) -> tuple[ScriptItem, ...]:
        """The items of section ``index``, ending with a section pause."""
        if self._store is None:
            return self._built_section(index)
        key = self._section_key(index)
        items = self._store.section_items(key)
        if items is None:
            items = self._built_section(index)
            self._store.keep_section_items(key, items)
        return items

    def _section_key(self, index: int) -> str:
        """Everything a section's items depend on, hashed: the section, its place, the options, and this code."""
        import hashlib  # 2.5 ms, only for scripts that are kept

        shape = (self.document.language, self.sections[index], self._top_level, self._total, self.options)
        parts = (_script_code(), repr(self.document.sections[index]), repr(shape), repr(self._lexicon))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _built_section(self, index: int) -> tuple[ScriptItem, ...]:
        script_section, section = self.sections[index], self.document.sections[index]
        writer = self._writer()
        writer.section(script_section, section, depth=section.level - self._top_level, total=self._total)
        return tuple(writer.items)

    def script(self) -> Script:
        """The whole script; it never ends with a pause."""
        items = list(self.opening())
        for index in range(len(self.sections)):
            items.extend(self.section(index))
        return self.assembled(items, complete=True)

    def assembled(self, items: Sequence[ScriptItem], *, complete: bool) -> Script:
        """A script of ``items``, the opening and sections built so far; a ``complete`` one never ends with a pause.

        A player speaks an incomplete one (the opening, then the first section)
        while the rest is built: its items are the first items of the whole script.
        """
        items = list(items)
        while complete and items and items[-1].kind is ItemKind.PAUSE:
            items.pop()
        document = self.document
        return Script(plain_text(document.title), document.language, tuple(items), self.sections, document.byline)


class SectionStore(Protocol):
    """Where built sections are kept between runs (:class:`narrator.script.kept.KeptSections`)."""

    def section_items(self, key: str) -> tuple[ScriptItem, ...] | None: ...

    def keep_section_items(self, key: str, items: tuple[ScriptItem, ...]) -> None: ...


@cache
def _script_code() -> str:
    """A digest of the code that turns sections into items: a kept section is used only by the code that built it."""
    import hashlib

    from narrator import document, languages
    from narrator.script import code, formula, japanese, lexicon, model, normalize, numbers, phrases, wording

    digest = hashlib.sha256()
    modules = (document, languages, code, formula, japanese, lexicon, model, normalize, numbers, phrases, wording)
    for module in (*modules, sys.modules[__name__]):
        if module.__file__:
            digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def _script_sections(sections: Sequence[Section]) -> tuple[ScriptSection, ...]:
    """Number the titled sections 1..M; the untitled lead gets no number."""
    numbered = []
    number = 0
    for index, section in enumerate(sections):
        announced = bool(section.level or section.heading)
        number += announced
        heading = plain_text(section.heading)
        numbered.append(ScriptSection(index, section.level, heading, number if announced else None))
    return tuple(numbered)


@dataclass
class _Writer:
    """Collects the items of the opening or of one section."""

    options: ScriptOptions
    normalized: Callable[[str, str], str]
    """The article's words in a language -> what is said: cleaned, lexicon applied, normalised."""
    phrases: Phrases
    """narrator's own words, in the article's language (or English, see ``phrases_language``)."""
    language: str
    """The article's language: items in it carry no language of their own."""
    phrases_language: str
    """The language ``phrases`` are in."""
    items: list[ScriptItem] = field(default_factory=list)
    section_index: int | None = None

    # Item primitives -----------------------------------------------------

    def speak(self, text: str) -> str:
        """Words of the article said in its own language, whatever their script (headings, cells, captions)."""
        return self.normalized(text, self.language)

    def add(self, kind: ItemKind, role: str, text: str, language: str = "") -> None:
        """An item; ``language`` is the text's when it is not the article's. Text longer than a sentence may be
        (a 100,000-character heading) makes several items."""
        language = "" if language == self.language else language
        text = said(text, language or self.language)
        for piece in split_sentences(text) if len(text) > MAX_SENTENCE else [text]:
            if piece:
                self.items.append(ScriptItem(kind, self.section_index, text=piece, role=role, language=language))

    def announce(self, role: str, text: str) -> None:
        """narrator's words, with any of the article's words they carry ("Image: <alt>") apart when in
        another script, so an English announcement of a Russian article leaves the Russian to its voice."""
        for passage in passages(text, self.phrases_language):
            self.add(ItemKind.ANNOUNCEMENT, role, passage.text.strip(), passage.language)

    def sentences(self, role: str, text: str, prefix: str = "", language: str = "") -> bool:
        """The article's words as sentence items, a passage in another script apart in its own language;
        ``prefix`` goes before the first; ``language`` is the one the source marks the text with, if any.
        False if nothing is said."""
        said = False
        marked = language if language and _primary(language) != _primary(self.language) else self.language
        for chunk in _chunks(text):
            for passage in passages(chunk, marked):
                spoken = self.normalized(passage.text, passage.language)
                for part in passages(spoken, passage.language):  # words normalising wrote in another script
                    for sentence in split_sentences(part.text):
                        self.add(ItemKind.TEXT, role, sentence if said else f"{prefix}{sentence}", part.language)
                        said = True
        return said

    def pause(self, milliseconds: int) -> None:
        """A silence; next to another silence the longer one wins, and no section or script starts with one."""
        if milliseconds <= 0 or not self.items:
            return
        last = self.items[-1]
        if last.kind is ItemKind.PAUSE and last.section == self.section_index:
            milliseconds = max(milliseconds, last.pause_ms)
            self.items.pop()
        self.items.append(ScriptItem(ItemKind.PAUSE, self.section_index, role="pause", pause_ms=milliseconds))

    def earcon(self, name: str) -> None:
        if self.options.earcons:
            self.items.append(ScriptItem(ItemKind.EARCON, self.section_index, role=name, earcon=name))

    # The opening and sections -------------------------------------------

    def opening(self, document: Document, sections: Sequence[ScriptSection]) -> None:
        self.section_index = None
        self.add(ItemKind.TEXT, "title", self.speak(document.title))
        byline = self.speak(document.byline)
        if byline:
            phrases = self.phrases
            by = byline.lower().startswith(f"{phrases.by_word} ")
            self.add(ItemKind.TEXT, "byline", byline if by else phrases.byline.format(byline=byline))
        titled = [section for section in sections if section.number is not None]
        if self.options.toc and titled:
            self.announce("toc", self.phrases.contents.format(sections=self.phrases.count(len(titled), "section")))
            top_level = min(section.level for section in titled)
            for section in titled:
                entry = self.phrases.contents_entry.format(number=section.number)
                subsection = self.phrases.subsection if section.level > top_level else ""
                self.headed("toc", entry + subsection, document.sections[section.index].heading, ".")
        self.pause(self.options.pause_between_sections_ms)

    def section(self, script_section: ScriptSection, section: Section, depth: int, total: int) -> None:
        self.section_index = script_section.index
        if script_section.number is not None:
            self.heading(script_section, section.heading, depth, total)
            self.pause(self.options.pause_after_heading_ms)
        self.blocks(section.blocks)
        self.pause(self.options.pause_between_sections_ms)

    def heading(self, section: ScriptSection, heading_text: str, depth: int, total: int) -> None:
        """The section's announcement; ``heading_text`` is the document's heading, code and formulas marked."""
        self.earcon("section")
        announce = self.options.announce
        if announce == "full":
            position = self.phrases.section.format(number=section.number, total=total)
            position += self.phrases.subsection if depth > 0 else ""
            self.headed("heading", position, heading_text)
        elif announce == "brief":
            spoken = self.speak(heading_text)
            if self.options.earcons:
                self.announce("heading", spoken)
            else:
                cue = self.phrases.subheading if depth > 0 else self.phrases.heading
                self.headed("heading", cue, heading_text)
        else:
            self.add(ItemKind.TEXT, "heading", self.speak(heading_text))

    def headed(self, role: str, cue: str, heading: str, end: str = "") -> None:
        """ "Section 2 of 6: <heading>", or the cue alone when the heading has no speakable words. A cue in
        English for an article without a catalogue is an item of its own, so each voice says its own words."""
        spoken = self.speak(heading)
        colon = self.phrases.colon
        if not spoken:
            self.announce(role, cue + end)
        elif self.phrases_language == self.language:
            self.announce(role, f"{cue}{colon}{spoken}{end}")
        else:
            self.announce(role, cue + colon.rstrip())
            self.add(ItemKind.ANNOUNCEMENT, role, spoken + end, self.language)

    # Blocks ---------------------------------------------------------------

    def blocks(self, blocks: Sequence[Block], text_role: str = "paragraph") -> None:
        """Each block, with a paragraph pause between blocks; runs of FAQs are introduced together."""
        faqs: list[Faq] = []
        for position, block in enumerate(blocks):
            if isinstance(block, Faq):
                faqs.append(block)
                continue
            if faqs:
                self.faqs(faqs)
                faqs = []
            if position:
                self.pause(self.options.pause_between_paragraphs_ms)
            self.block(block, text_role)
        if faqs:
            self.faqs(faqs)

    def block(self, block: Block, text_role: str) -> None:
        if isinstance(block, Paragraph):
            self.sentences(text_role, block.text, language=block.language)
        elif isinstance(block, ListBlock):
            self.list_block(block, nested=False)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Image):
            self.image(block)
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, Code):
            self.code(block)
        else:
            self.faqs([block])

    def list_block(self, block: ListBlock, nested: bool) -> None:
        phrases = self.phrases
        items = phrases.count(len(block.items), "item")
        self.announce("list", (phrases.nested_list if nested else phrases.list).format(items=items))
        for number, item in enumerate(block.items, start=block.start):
            self.sentences("item", item.text, prefix=f"{self.speak(str(number))}. " if block.ordered else "")
            for child in item.children:
                self.list_block(child, nested=True)
        self.announce("list", phrases.end_of_nested_list if nested else phrases.end_of_list)

    def table(self, table: Table) -> None:
        columns = max([len(table.header), *(len(row) for row in table.rows)])
        if not columns:
            return
        phrases = self.phrases
        rows = phrases.count(len(table.rows), "row")
        shape = phrases.table.format(rows=rows, columns=phrases.count(columns, "column"))
        self.headed("table", shape, table.caption, ".")
        header = [self.speak(cell) for cell in table.header]
        if not table.rows and any(header):
            self.add(ItemKind.TEXT, "row", phrases.columns.format(names=", ".join(cell for cell in header if cell)))
        for row in table.rows:
            cells = []
            for column, cell in enumerate(row):
                spoken = self.speak(cell)
                name = header[column] if column < len(header) else ""
                if spoken:
                    cells.append(f"{name}: {spoken}" if name else spoken)
            if cells:
                self.add(ItemKind.TEXT, "row", ", ".join(cells) + ".")

    def image(self, image: Image) -> None:
        alt, caption = self.speak(image.alt), self.speak(image.caption)
        self.announce("image", self.phrases.image.format(text=alt or caption) if alt or caption else "")
        if alt and caption and caption != alt:
            self.sentences("image", image.caption)

    def quote(self, quote: Quote) -> None:
        attribution = self.speak(quote.attribution.lstrip("—–-~ "))
        phrases = self.phrases
        self.announce("quote", phrases.quote_from.format(source=attribution) if attribution else phrases.quote)
        self.blocks(quote.blocks, text_role="quote")
        self.announce("quote", phrases.end_of_quote)

    def code(self, code: Code) -> None:
        """ "Code, Python, 14 lines.", then (with ``--read-code``) each line with its symbols named."""
        lines = code.text.strip("\n").split("\n")
        self.announce("code", code_announcement(code.language, len(lines), self.phrases))
        if self.options.read_code:
            for line in lines:
                self.add(ItemKind.TEXT, "code", code_line(line, self.phrases))
            self.announce("code", self.phrases.end_of_code)

    def faqs(self, faqs: Sequence[Faq]) -> None:
        self.announce("faq", self.phrases.faqs.format(questions=self.phrases.count(len(faqs), "question")))
        self.pause(self.options.pause_after_heading_ms)
        for number, faq in enumerate(faqs, start=1):
            if number > 1:
                self.pause(self.options.pause_between_paragraphs_ms)
            self.earcon("faq")
            self.headed("question", self.phrases.question.format(number=number), faq.question)
            self.pause(self.options.pause_after_heading_ms)
            self.answer(faq.answer)

    def answer(self, blocks: Sequence[Block]) -> None:
        """The answer's blocks; "Answer:" leads its first sentence, or stands alone before a list or table."""
        if not blocks:
            return
        first, *rest = blocks
        answer = f"{self.phrases.answer} "
        if isinstance(first, Paragraph) and self.sentences("answer", first.text, answer, first.language):
            if rest:
                self.pause(self.options.pause_between_paragraphs_ms)
        else:
            self.announce("answer", self.phrases.answer)
            rest = list(blocks)
        self.blocks(rest, text_role="answer")


def _primary(language: str) -> str:
    """A tag's language without its region or script: ``en`` for ``en-GB``."""
    return language.split("-")[0].lower()


def _chunks(text: str, size: int = CHUNK_CHARACTERS) -> Iterator[str]:
    """A paragraph in pieces of at most ``size`` characters, cut after a sentence or at a space where it has one.

    Scripting works a character at a time in places (telling scripts apart), so a 3 MB paragraph, or a 3 MB
    line without a space, taken whole would cost hundreds of megabytes; in pieces it costs a few.
    """
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind(". ", start + size // 2, end) + 1 or text.rfind(" ", start, end) + 1 or end
        yield text[start:cut]
        start = cut
    yield text[start:]

"""The document model: what an article says, in reading order, before any decision about speech.

Readers (``narrator.read``) produce a :class:`Document`; the script builder
(``narrator.script``) turns it into speech. Everything here is frozen data with
no behaviour beyond plain-text views, so it can be compared in tests and
shared between processes.

Text is plain, except for two written notations that keep what a page marks
as code or mathematics: inline code between backticks, as Markdown writes it
(:func:`code_span`), and a formula as its TeX between ``\\(`` and ``\\)``, as
MathJax pages write it (:func:`formula_span`). The script builder says both
in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """A link inside text: its words are read with the text, its address kept as data."""

    text: str
    """The link's visible words, as they appear in the surrounding text."""
    href: str
    """Where the link points; never spoken."""


@dataclass(frozen=True)
class Paragraph:
    """A run of prose."""

    text: str
    """The paragraph's words with white space folded; link words included."""
    links: tuple[Link, ...] = ()
    """Links whose words appear in ``text``."""
    language: str = ""
    """BCP 47 tag the source marks the paragraph with (HTML ``lang``); empty: the document's language."""


@dataclass(frozen=True)
class ListItem:
    """One entry of a list, with any lists nested under it."""

    text: str
    """The item's own words (not those of its nested lists)."""
    children: tuple[ListBlock, ...] = ()
    """Lists nested inside this item, in order."""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    """True for numbered lists, whose items are read with their numbers."""
    start: int = 1
    """The number of the first item of an ordered list."""


@dataclass(frozen=True)
class Table:
    """A data table: a header row and body rows of plain-text cells."""

    header: tuple[str, ...]
    """Column headings; empty when the table has none."""
    rows: tuple[tuple[str, ...], ...]
    """Body rows, each a tuple of cell texts."""
    caption: str = ""


@dataclass(frozen=True)
class Image:
    """A picture. Without alt text it is decorative and not spoken."""

    alt: str
    """The author's text alternative; empty for decorative images."""
    src: str = ""
    """Where the image lives; never spoken."""
    caption: str = ""
    """A visible caption (``figcaption``), if any."""


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    blocks: tuple[Block, ...]
    attribution: str = ""


@dataclass(frozen=True)
class Code:
    """A block of program code, kept verbatim."""

    text: str
    language: str = ""
    """The code's language when the source says (``python``, ``sh``); else empty."""


@dataclass(frozen=True)
class Faq:
    """A question and its answer, however the page published it."""

    question: str
    answer: tuple[Block, ...]


Block = Paragraph | ListBlock | Table | Image | Quote | Code | Faq
"""Any block a section can hold."""


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it, up to the next heading of any level.

    Sections are flat, in reading order; ``level`` keeps the hierarchy.
    """

    level: int
    """Heading level 1-6; 0 for the untitled lead before the first heading."""
    heading: str
    """The heading's text; empty for the lead."""
    blocks: tuple[Block, ...]

    @property
    def faqs(self) -> tuple[Faq, ...]:
        """The section's questions and answers, in order."""
        return tuple(block for block in self.blocks if isinstance(block, Faq))


@dataclass(frozen=True)
class LeftOut:
    """A kind of block the reader left out by default (``--include KIND`` brings it back), and how many."""

    kind: str
    """``captions``, ``references`` or ``links``."""
    count: int


@dataclass(frozen=True)
class Document:
    """An article as read from its source: metadata and sections in reading order."""

    title: str
    sections: tuple[Section, ...]
    byline: str = ""
    """Author or publisher, when the source names one."""
    language: str = ""
    """BCP 47 language tag of the text (``en``, ``de-CH``); empty when unknown."""
    source: str = ""
    """Path or address the document was read from; ``-`` for stdin."""
    left_out: tuple[LeftOut, ...] = ()
    """What was not read, by kind, so a listener knows it is there."""
    notes: tuple[str, ...] = ()
    """What the reader left out or flattened to stay within its limits, said in the outline."""


def code_span(code: str) -> str:
    """Inline code in text: between backticks, more of them than any run inside (`` `a`b` `` is ``` ``a`b`` ```)."""
    code = " ".join(code.split())
    if not code:
        return ""
    fence = "`" * (max(map(len, re.findall("`+", code)), default=0) + 1)
    padding = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{padding}{code}{padding}{fence}"


def formula_span(tex: str) -> str:
    """A formula in text: its TeX between ``\\(`` and ``\\)``; empty TeX stands for a formula with no text."""
    return f"\\({' '.join(tex.split())}\\)"


def block_text(block: Block) -> str:
    """The words of a block as plain text (FAQ answers included), for counting and search."""
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, ListBlock):
        return "\n".join(_item_text(item) for item in block.items)
    if isinstance(block, Table):
        lines = [block.caption, " ".join(block.header)] + [" ".join(row) for row in block.rows]
        return "\n".join(line for line in lines if line)
    if isinstance(block, Image):
        return "\n".join(part for part in (block.alt, block.caption) if part)
    if isinstance(block, Quote):
        return blocks_text(block.blocks)
    if isinstance(block, Code):
        return block.text
    return "\n".join((block.question, blocks_text(block.answer)))


def blocks_text(blocks: tuple[Block, ...]) -> str:
    """The plain text of several blocks, one per line, empty ones left out."""
    return "\n".join(text for text in map(block_text, blocks) if text)


def _item_text(item: ListItem) -> str:
    nested = [block_text(child) for child in item.children]
    return "\n".join([item.text, *nested])

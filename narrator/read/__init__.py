"""Read stage: an article's bytes (HTML, Markdown or text) into a :class:`~narrator.document.Document`.

``read_source`` is the one entry point: it loads the bytes (``source.py``),
decides the format, decodes the text (``decode.py``) and hands it to the
format's reader (``html.py``, ``markdown.py``), which emits a flat stream of
headings and blocks that ``assemble.py`` turns into sections and FAQs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import BinaryIO

from narrator.document import Document, Paragraph, blocks_text
from narrator.errors import InputError
from narrator.options import ReadOptions
from narrator.read.assemble import Heading, assemble, is_title_like
from narrator.read.decode import decode
from narrator.read.language import guess_language, language_settled
from narrator.read.source import Format, load_source

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_NEVER_VISIBLE = re.compile(r"<(script|style|template)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>", re.I | re.S)
"""Markup and the code browsers never show; an unclosed script runs to the end, as in a browser (and in linear time)."""

HEAD_CHARACTERS = 32_000
"""Where the head of a long Markdown article ends (at the next blank line): room for the text the language
is told from, and the markup around it. Only an article half as long again is read in two passes."""
MAX_TEXT_CHARACTERS = 10_000_000
"""About 1.7 million words, 160 hours of speech: longer than any book. Reading a page with this much text
takes about 7 s and 300 MB; the readers' cost grows faster than the text beyond it (50 MB: 100 s, 1.2 GB)."""


@dataclass(frozen=True)
class ArticleText:
    """An article's text, loaded, decoded and checked, before a reader parses it."""

    name: str
    """The path as the user gave it, or ``-`` for standard input."""
    format: Format
    text: str


def load_article(source: str, options: ReadOptions | None = None, stdin: BinaryIO | None = None) -> ArticleText:
    """The text of the article at path ``source`` (``-`` for stdin, or the ``stdin`` given), refused if unreadable."""
    raw = load_source(source, (options or ReadOptions()).format, stdin)
    text = decode(raw.data, html=raw.format == "html")
    _refuse_overlong(raw.name, text, raw.format == "html")
    return ArticleText(raw.name, raw.format, text)


def read_source(source: str, options: ReadOptions | None = None, stdin: BinaryIO | None = None) -> Document:
    """Read the article at path ``source`` (``-`` for stdin, or the ``stdin`` given) into a document."""
    return read_article(load_article(source, options, stdin), options)


def read_article(article: ArticleText, options: ReadOptions | None = None) -> Document:
    """The document of a loaded article."""
    options = options or ReadOptions()
    if article.format == "html":
        from narrator.read.html import read_html

        document = read_html(article.text, article.name, options)
    elif article.format == "markdown":
        from narrator.read.markdown import read_markdown

        document = read_markdown(article.text).assemble(article.name, options.keep_trailing)
    else:
        document = read_text(article.text, article.name, options)
    if not _has_words(document):
        name = "standard input" if article.name == "-" else article.name
        raise InputError(f"{name}: no text to read (only markup, scripts, hidden parts or images without descriptions)")
    return _with_language(document)


def read_head(article: ArticleText, options: ReadOptions | None = None) -> Document | None:
    """The document of a long Markdown article's head, when the head settles the article's title and language.

    A player speaks the opening (title and byline, in the article's
    language) first. Reading a book-length article whole takes a tenth of a
    second or more; its head, a few milliseconds. The title is the front
    matter's or the first top-level heading, the byline the front matter's,
    and the language the front matter's or the one told from the first
    :data:`~narrator.read.language.SAMPLE_CHARACTERS` of text, so a head that
    holds them opens the article exactly as the whole does. ``None`` when the
    whole article must be read: it is short, not Markdown, or its head settles too little.
    """
    if article.format != "markdown" or len(article.text) < HEAD_CHARACTERS * 3 // 2:
        return None
    from narrator.read.markdown import read_markdown

    end = article.text.find("\n\n", HEAD_CHARACTERS)
    reading = read_markdown(article.text[: end if end > 0 else HEAD_CHARACTERS])
    document = reading.assemble(article.name, (options or ReadOptions()).keep_trailing)
    titled = reading.title or any(isinstance(event, Heading) and event.level == 1 for event in reading.events)
    if not titled or not (reading.language or language_settled(document)):
        return None
    return _with_language(document)


def _with_language(document: Document) -> Document:
    """The document with its language: the one it declares, else the one its text is in."""
    return document if document.language else replace(document, language=guess_language(document))


def _has_words(document: Document) -> bool:
    texts = (f"{section.heading}{blocks_text(section.blocks)}" for section in document.sections)
    return any(text.strip() for text in (document.title, *texts))


def _refuse_overlong(name: str, text: str, html: bool) -> None:
    """Refuse, before parsing, text no one would listen to whole, which would take minutes and gigabytes to read.

    For HTML only text outside tags, scripts and styles counts, so a page saved
    with its images inlined as data (SingleFile) is read however large it is.
    """
    characters = len(_NEVER_VISIBLE.sub("", text) if html else text)
    if characters > MAX_TEXT_CHARACTERS:
        raise InputError(
            f"{'standard input' if name == '-' else name}: about {characters / 1e6:.0f} million characters of text, "
            f"more than the {MAX_TEXT_CHARACTERS // 1_000_000} million (160 hours of speech) narrator reads; "
            "split it into parts"
        )


def read_text(text: str, source: str = "", options: ReadOptions | None = None) -> Document:
    """Plain text: paragraphs split on blank lines; a short first line without a full stop is the title."""
    options = options or ReadOptions()
    chunks = (" ".join(chunk.split()) for chunk in _BLANK_LINES.split(text.replace("\r\n", "\n")))
    paragraphs = [chunk for chunk in chunks if chunk]
    title = paragraphs.pop(0) if len(paragraphs) > 1 and is_title_like(paragraphs[0]) else ""
    return assemble(
        [Paragraph(paragraph) for paragraph in paragraphs],
        title=title,
        source=source,
        keep_trailing=options.keep_trailing,
    )

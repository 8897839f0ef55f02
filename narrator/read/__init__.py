"""Read stage: an article's bytes (HTML, Markdown or text) into a :class:`~narrator.document.Document`.

``read_source`` is the one entry point: it loads the bytes (``source.py``),
decides the format, decodes the text (``decode.py``) and hands it to the
format's reader (``html.py``, ``markdown.py``), which emits a flat stream of
headings and blocks that ``assemble.py`` turns into sections and FAQs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import BinaryIO

from narrator.document import Document, Paragraph, blocks_text
from narrator.errors import InputError
from narrator.options import ReadOptions
from narrator.read.assemble import assemble, is_title_like
from narrator.read.decode import decode
from narrator.read.language import guess_language
from narrator.read.source import load_source

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_NEVER_VISIBLE = re.compile(r"<(script|style|template)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>", re.I | re.S)
"""Markup and the code browsers never show; an unclosed script runs to the end, as in a browser (and in linear time)."""

MAX_TEXT_CHARACTERS = 10_000_000
"""About 1.7 million words, 160 hours of speech: longer than any book. Reading a page with this much text
takes about 7 s and 300 MB; the readers' cost grows faster than the text beyond it (50 MB: 100 s, 1.2 GB)."""


def read_source(source: str, options: ReadOptions | None = None, stdin: BinaryIO | None = None) -> Document:
    """Read the article at path ``source`` (``-`` for stdin, or the ``stdin`` given) into a document."""
    options = options or ReadOptions()
    raw = load_source(source, options.format, stdin)
    text = decode(raw.data, html=raw.format == "html")
    _refuse_overlong(raw.name, text, raw.format == "html")
    if raw.format == "html":
        from narrator.read.html import read_html

        document = read_html(text, raw.name, options)
    elif raw.format == "markdown":
        from narrator.read.markdown import read_markdown

        document = read_markdown(text).assemble(raw.name, options.keep_trailing)
    else:
        document = read_text(text, raw.name, options)
    if not _has_words(document):
        name = "standard input" if raw.name == "-" else raw.name
        raise InputError(f"{name}: no text to read (only markup, scripts, hidden parts or images without descriptions)")
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

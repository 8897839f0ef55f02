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

from narrator.document import Document, Paragraph
from narrator.options import ReadOptions
from narrator.read.assemble import assemble, is_title_like
from narrator.read.decode import decode
from narrator.read.language import guess_language
from narrator.read.source import load_source

_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def read_source(source: str, options: ReadOptions | None = None, stdin: BinaryIO | None = None) -> Document:
    """Read the article at path ``source`` (``-`` for stdin, or the ``stdin`` given) into a document."""
    options = options or ReadOptions()
    raw = load_source(source, options.format, stdin)
    text = decode(raw.data, html=raw.format == "html")
    if raw.format == "html":
        from narrator.read.html import read_html

        document = read_html(text, raw.name, options)
    elif raw.format == "markdown":
        from narrator.read.markdown import read_markdown

        article = read_markdown(text)
        document = assemble(
            article.events,
            title=article.title,
            byline=article.byline,
            language=article.language,
            source=raw.name,
            keep_trailing=options.keep_trailing,
        )
    else:
        document = read_text(text, raw.name, options)
    return document if document.language else replace(document, language=guess_language(document))


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

"""Read stage: an article's bytes (HTML, Markdown or text) into a :class:`~narrator.document.Document`.

``read_source`` is the one entry point: it loads the bytes (``source.py``),
decides the format, decodes the text (``decode.py``) and hands it to the
format's reader (``html.py``, ``markdown.py``), which emits a flat stream of
headings and blocks that ``assemble.py`` turns into sections and FAQs.
"""

from __future__ import annotations

from narrator.document import Document
from narrator.options import ReadOptions


def read_source(source: str, options: ReadOptions = ReadOptions()) -> Document:
    """Read the article at path ``source`` (``-`` for stdin) into a document."""
    raise NotImplementedError

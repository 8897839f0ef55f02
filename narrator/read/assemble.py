"""Assemble a reader's flat stream of headings and blocks into a document.

Both readers emit the same stream, so everything that is about articles
rather than about syntax lives here once: sections from headings, the title
from the page or its first ``h1``, FAQ sections whose headings are questions,
schema.org FAQs confirmed against the visible ones, and scraped-text
artifacts (repeated title lines, trailing "related article" titles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from narrator.document import Block, Document, Faq


@dataclass(frozen=True)
class Heading:
    """A heading as it appears in the reader's stream."""

    level: int
    """1-6."""
    text: str


def assemble(
    events: Iterable[Heading | Block],
    *,
    title: str = "",
    byline: str = "",
    language: str = "",
    source: str = "",
    structured_faqs: Sequence[Faq] = (),
    keep_trailing: bool = False,
) -> Document:
    """Build a document from headings and blocks in reading order.

    ``title`` is the page's own title when it has one (metadata); otherwise
    the first ``h1`` is used. ``structured_faqs`` come from schema.org
    metadata: those already visible in the stream only confirm it, the rest
    become a final FAQ section.
    """
    raise NotImplementedError

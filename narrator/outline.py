"""The outline of a document, for people: headings, questions, word counts, listening time.

A section's word count is every word a listener hears in it after its
heading: its own blocks and its FAQs, questions and answers alike. The
listening time is measured from the script (:mod:`narrator.estimate`) and
given to :func:`outline_text`.
"""

from __future__ import annotations

import json
import re

from narrator.document import Block, Document, Faq, Section, blocks_text
from narrator.script.phrases import phrases_for

_IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Scripts written without spaces, where a character is about a word's worth of speech."""
_WORD_CHARACTER = re.compile(r"[^\W_]")
_INDENT = "  "
MAX_SHOWN_HEADING = 200
"""Characters of a title or heading shown on its outline line."""


def count_words(text: str) -> int:
    """Words as a listener hears them: space-separated runs with a letter or digit, each ideograph one."""
    count = 0
    for token in text.split():
        ideographs = len(_IDEOGRAPH.findall(token))
        rest = _IDEOGRAPH.sub("", token)
        count += ideographs + (1 if _WORD_CHARACTER.search(rest) else 0)
    return count


def section_text(section: Section) -> str:
    """The plain text of a section's own blocks, FAQs left out."""
    return blocks_text(_own_blocks(section))


def section_words(section: Section) -> int:
    """Words in the section's blocks, its FAQs' questions and answers included; not its heading."""
    return count_words(blocks_text(section.blocks))


def outline_text(document: Document, seconds: float, rate: int) -> str:
    """The structure as indented plain lines: title, totals and listening time (``seconds`` at ``rate`` words per
    minute), then each heading with its FAQ questions."""
    words = sum(section_words(s) for s in document.sections)
    questions = sum(len(s.faqs) for s in document.sections)
    lines = [_shown(document.title) or "(untitled)"]
    details = [f"by {document.byline}" if document.byline else "", f"language: {document.language or 'unknown'}"]
    lines.append(", ".join(detail for detail in details if detail))
    counts = [_plural(len(document.sections), "section"), _plural(questions, "question") if questions else ""]
    headed = count_words(document.title) + sum(count_words(s.heading) for s in document.sections)
    in_headings = f" and {headed:,} in the title and headings" if headed > words else ""
    lines.append(
        f"{', '.join(c for c in counts if c)}, {_plural(words, 'word')}{in_headings}: "
        f"about {_duration(seconds)} to listen at {rate} words per minute"
    )
    if document.left_out:
        parts = ", ".join(_plural(part.count, part.kind.rstrip("s")) for part in document.left_out)
        kinds = ",".join(part.kind for part in document.left_out)
        lines.append(f"left out: {parts} (--include {kinds} reads them)")
    lines += [f"note: {note}" for note in document.notes]
    lines.append("")
    top = min((s.level for s in document.sections if s.level > 0), default=1)
    introduction = phrases_for(document.language).introduction
    for section in document.sections:
        depth = max(section.level - top, 0)
        heading = _shown(section.heading) or introduction
        faqs = f", {_plural(len(section.faqs), 'question')}" if section.faqs else ""
        lines.append(f"{_INDENT * depth}{heading}  ({_plural(section_words(section), 'word')}{faqs})")
        lines += [f"{_INDENT * (depth + 1)}Q: {faq.question}" for faq in section.faqs]
    return "\n".join(lines)


def outline_json(document: Document) -> str:
    """The structure as JSON: title, language, byline and the sections in reading order with their FAQs."""
    return json.dumps(
        {
            "title": document.title,
            "language": document.language,
            "byline": document.byline,
            "sections": [
                {
                    "level": section.level,
                    "heading": section.heading,
                    "text": section_text(section),
                    "words": section_words(section),
                    "faqs": [{"question": faq.question, "answer": blocks_text(faq.answer)} for faq in section.faqs],
                }
                for section in document.sections
            ],
            "left_out": {part.kind: part.count for part in document.left_out},
            "notes": list(document.notes),
        },
        ensure_ascii=False,
        indent=2,
    )


def _shown(heading: str) -> str:
    """A heading as one outline line: one too long to read at a glance ends in "..." and its length."""
    if len(heading) <= MAX_SHOWN_HEADING:
        return heading
    return f"{heading[:MAX_SHOWN_HEADING].rstrip()}... ({len(heading):,} characters)"


def _own_blocks(section: Section) -> tuple[Block, ...]:
    return tuple(block for block in section.blocks if not isinstance(block, Faq))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _duration(seconds: float) -> str:
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, seconds_left = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {seconds_left} s"
    hours, minutes_left = divmod(minutes, 60)
    return f"{hours} h {minutes_left} min"

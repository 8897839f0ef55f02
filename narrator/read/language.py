"""A language for articles that do not name one, from the script their letters are written in.

Only scripts that mostly belong to one language are guessed (Hebrew, Greek,
Thai, Korean, Japanese kana...), since a voice for the right script matters
far more to a listener than the right variety; Latin-script text stays
unknown (the engine's default voice).
"""

from __future__ import annotations

from collections import Counter

from narrator.document import Document, blocks_text

_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"),
    (0x0400, 0x04FF, "ru"),
    (0x0530, 0x058F, "hy"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0900, 0x097F, "hi"),
    (0x0E00, 0x0E7F, "th"),
    (0x10A0, 0x10FF, "ka"),
    (0x3040, 0x30FF, "ja"),
    (0xAC00, 0xD7AF, "ko"),
    (0x4E00, 0x9FFF, "zh"),
)
_SAMPLE_CHARACTERS = 20000


def guess_language(document: Document) -> str:
    """The language of the script most of the document's letters use, or "" for Latin script or no letters."""
    text = "\n".join([document.title, *(s.heading + "\n" + blocks_text(s.blocks) for s in document.sections)])
    return guess_text_language(text[:_SAMPLE_CHARACTERS])


def guess_text_language(text: str) -> str:
    """Like :func:`guess_language`, for a string; any kana makes Chinese characters Japanese."""
    counts: Counter[str] = Counter()
    for character in text:
        if not character.isalpha():
            continue
        point = ord(character)
        counts[next((language for low, high, language in _SCRIPTS if low <= point <= high), "latin")] += 1
    if counts["ja"] and counts["zh"]:
        counts["ja"] += counts.pop("zh")
    if not counts:
        return ""
    language, _ = counts.most_common(1)[0]
    return "" if language == "latin" else language

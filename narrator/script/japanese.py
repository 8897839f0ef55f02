"""Japanese text as kana, so a voice that cannot read kanji still says every word.

eSpeak NG's Japanese voice reads kana but says "Chinese letter" for every
kanji, and no other installed voice reads Japanese. pykakasi's dictionary
gives each kanji word its reading, so the script carries the words in kana,
which every Japanese voice reads. The dictionary takes about 0.4 s to load,
so it is loaded only for Japanese text, once per process.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
_PARTICLES = {"は": "わ", "へ": "え"}
"""The topic and direction particles, written ha and he but said wa and e: a segment of their own between
words is always the particle."""


@cache
def _converter() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def said(text: str, language: str) -> str:
    """``text`` as a voice of ``language`` is given it: Japanese in kana, any other language unchanged."""
    return kana(text) if language.split("-")[0].lower() == "ja" else text


def kana(text: str) -> str:
    """``text`` with every kanji word replaced by its reading in hiragana; kana, Latin and digits unchanged."""
    if not _KANJI.search(text):
        return text
    parts = []
    for segment in _converter().convert(text):
        original: str = segment["orig"]
        if _KANJI.search(original):
            parts.append(segment["hira"])
        else:
            parts.append(_PARTICLES.get(original, original))
    return "".join(parts)

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
    return readable(kana(text)) if language.split("-")[0].lower() == "ja" else text


_SMALL_VOWELS = dict(zip("ぁぃぅぇぉァィゥェォ", "あいうえおアイウエオ", strict=True))
_SMALL = frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
_VOWELS = {
    kana: vowel
    for vowel, row in zip(
        "あいうえお",
        (
            "あかさたなはまやらわがざだばぱぁゃゎゕ",
            "いきしちにひみりぎじぢびぴぃ",
            "うくすつぬふむゆるぐずづぶぷぅゅゔ",
            "えけせてねへめれげぜでべぺぇゖ",
            "おこそとのほもよろをごぞどぼぽぉょ",
        ),
        strict=True,
    )
    for kana in row
}
"""The vowel each kana ends in (hiragana), which a lengthening mark after it repeats."""


def _kana(character: str) -> bool:
    return "\u3041" <= character <= "\u3096" or "\u30a1" <= character <= "\u30fa"


def _hiragana(character: str) -> str:
    return chr(ord(character) - 0x60) if "\u30a1" <= character <= "\u30f6" else character


def readable(text: str) -> str:
    """Kana the way eSpeak NG's Japanese voice can say them. It says "Japanese letter" for a middle dot (and
    for its neighbours), for a small vowel that follows no full-size kana ("、ぁぁ") and for a lengthening
    mark after hiragana or a small vowel ("ああー", "ウゥー"): the dot becomes a pause (、), such a small
    vowel full-size, and such a mark the vowel it lengthens ("あああ"); after katakana it is read right."""
    out: list[str] = []
    for character in text.replace("・", "、"):
        previous = out[-1] if out else ""
        if character in _SMALL_VOWELS and not (_kana(previous) and previous not in _SMALL):
            character = _SMALL_VOWELS[character]
        elif character == "ー" and not ("\u30a1" <= previous <= "\u30fa" and previous not in _SMALL_VOWELS):
            character = _VOWELS.get(_hiragana(previous), "")
        out.append(character)
    return "".join(out)


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

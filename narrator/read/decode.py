"""Bytes to text: byte-order mark, then the declared charset checked against the bytes, then a fallback.

Pages lie about their encoding (a real one in the corpus declares gb2312 over
UTF-8 bytes), so a declaration is trusted only when the bytes do not prove
otherwise. Bytes that decode strictly as UTF-8 and contain multi-byte
sequences are UTF-8 whatever the page says: legacy encodings almost never
form valid UTF-8 by accident. A statistical detector (charset-normalizer)
was considered and left out: every page in the corpus is settled by this
check, and guessing adds a dependency and a way to be wrong on short texts.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DECLARATION_WINDOW = 4096
"""Browsers look for ``<meta charset>`` in the first 1024 bytes; real pages put it later, so look further."""

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)|<\?xml[^>]+encoding\s*=\s*["']([-\w.:]+)""",
    re.IGNORECASE,
)

_WHATWG_SUPERSETS = {
    # The encodings browsers actually use for these labels (WHATWG Encoding Standard).
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
}

FALLBACK = "cp1252"
"""For text that is not UTF-8 and says nothing: the commonest legacy encoding of Western text."""


def decode(data: bytes, *, html: bool = False) -> str:
    """Decode an article's bytes; HTML may declare its charset, Markdown and text are UTF-8 or the fallback.

    NUL characters are dropped, as browsers drop them from a page's text: the
    parsers would each turn them into something else (lxml and markdown-it a
    replacement character, trafilatura nothing), and the readers compare their text.
    """
    return _decode(data, html).replace("\0", "")


def _decode(data: bytes, html: bool) -> str:
    unmarked = bom_encoding(data) or utf16_without_bom(data)
    if unmarked:
        encoding, skip = unmarked
        return data[skip:].decode(encoding, errors="replace")
    declared = declared_charset(data) if html else None
    if declared and declared.startswith("iso2022") and b"\x1b" in data:
        return data.decode(declared, errors="replace")  # 7-bit, so it passes for UTF-8 too
    if _is_utf8(data):
        return data.decode("utf-8")
    if declared == "utf-8":
        declared = None  # the check above just proved that declaration false
    return data.decode(declared or FALLBACK, errors="replace")


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark names, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def utf16_without_bom(data: bytes) -> tuple[str, int] | None:
    """UTF-16 saved without a mark: ASCII-range text leaves a zero byte in every other position."""
    sample = data[:2048]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / (len(sample) / 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zeros > 0.7 and even_zeros < 0.1:
        return "utf-16-le", 0
    if even_zeros > 0.7 and odd_zeros < 0.1:
        return "utf-16-be", 0
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (``<meta>`` or XML declaration), as a Python codec name, if it is known."""
    match = _DECLARED_CHARSET.search(data[:_DECLARATION_WINDOW])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", errors="ignore").strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a page that could declare it in ASCII is not UTF-16
    return _WHATWG_SUPERSETS.get(name, name)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True

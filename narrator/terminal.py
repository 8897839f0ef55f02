"""Text from an article made safe to print on a terminal.

An article's headings and text reach the terminal in ``outline``, ``script``,
``play`` and error messages. A terminal obeys what it is sent: OSC 52 writes
the clipboard, OSC 0 sets the window title, CSI sequences clear the screen or
move the cursor, backspaces and carriage returns overwrite what was printed,
and bidi overrides (U+202E) reverse the order in which a line is shown. Every
line printed from an article passes :func:`printable` (or :func:`printable_json`),
which removes all of these, so what is shown is exactly the words.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?"  # CSI: parameters, then one final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"  # any other escape (charset, keypad, reset)
)
"""A whole escape sequence, payload included (an OSC 52 payload is the clipboard's new content, not text)."""
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (but tab and newline), DEL, and the marks and overrides that reorder a bidi line."""
_LINE_BREAKS = re.compile(r"[\t\u2028\u2029]")


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` without escape sequences, controls or bidi overrides; newlines kept only when ``multiline``."""
    text = _UNSAFE.sub("", _ESCAPE_SEQUENCE.sub("", text))
    text = _LINE_BREAKS.sub(" ", text)
    return text if multiline else text.replace("\n", " ")


def printable_json(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with every unsafe character written as a ``\\uXXXX`` escape.

    Such characters can only occur inside JSON strings, so the data a program
    reads back is unchanged; only the terminal never sees them raw.
    """
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)

"""Ask eSpeak NG which words it cannot pronounce: the ones it would spell letter by letter.

eSpeak NG's dictionaries list only the words its spelling rules get wrong, so
"not in the dictionary" is true of most words and tells an author nothing. What
it does report, in its translation trace (``espeak-ng -X``), is a word it finds
unpronounceable and spells out: that is what the pronunciation audit lists.
The command-line program is used (not the library the engine speaks through)
because the trace is written only by the program.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable

_UNPRONOUNCEABLE = re.compile(r"^Unpronouncable\? '([^']+)'", re.MULTILINE)
_TRANSLATED = re.compile(r"^Translate '([^']+)'", re.MULTILINE)
"""A word first doubted ("Unpronouncable?") and then translated by the rules after all is said as a word."""
TIMEOUT_SECONDS = 300


def unsayable_words(words: Iterable[str], language: str) -> frozenset[str] | None:
    """The ``words`` eSpeak NG's voice for ``language`` would spell; None when eSpeak NG cannot be asked."""
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    by_lower: dict[str, str] = {}
    for word in words:
        by_lower.setdefault(word.lower(), word)
    if not by_lower:
        return frozenset()
    voice = language.replace("_", "-").split("-")[0].lower() or "en"
    try:
        done = subprocess.run(
            [program, "-q", "-X", "-v", voice, "--stdin"],
            input="\n".join(by_lower.values()),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    translated = set(_TRANSLATED.findall(done.stdout))
    doubted = _UNPRONOUNCEABLE.findall(done.stdout)
    spelled = (by_lower.get(word.lower()) for word in doubted if word not in translated)
    return frozenset(word for word in spelled if word is not None)

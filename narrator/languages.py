"""Writing systems and the languages they tell: which passages of a text are in another language than its own.

Shared by the reader (an article's language from its dominant script) and the
script builder (a Russian quotation inside an English article is said by a
Russian voice). Pure functions on strings; no dependency beyond the standard
library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"),
    (0x1F00, 0x1FFF, "el"),
    (0x0400, 0x04FF, "ru"),
    (0x0530, 0x058F, "hy"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0900, 0x097F, "hi"),
    (0x0980, 0x09FF, "bn"),
    (0x0A00, 0x0A7F, "pa"),
    (0x0A80, 0x0AFF, "gu"),
    (0x0B00, 0x0B7F, "or"),
    (0x0B80, 0x0BFF, "ta"),
    (0x0C00, 0x0C7F, "te"),
    (0x0C80, 0x0CFF, "kn"),
    (0x0D00, 0x0D7F, "ml"),
    (0x0D80, 0x0DFF, "si"),
    (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"),
    (0x0F00, 0x0FFF, "bo"),
    (0x1000, 0x109F, "my"),
    (0x10A0, 0x10FF, "ka"),
    (0x1200, 0x137F, "am"),
    (0x1780, 0x17FF, "km"),
    (0x3040, 0x30FF, "ja"),
    (0x1100, 0x11FF, "ko"),
    (0xAC00, 0xD7AF, "ko"),
    (0x3400, 0x4DBF, "zh"),
    (0x4E00, 0x9FFF, "zh"),
    (0xF900, 0xFAFF, "zh"),
)
"""Unicode blocks whose letters mostly belong to one language: the language a passage in them is read in.
Chinese characters (``zh``) are Japanese next to kana or in a Japanese text."""

_CJK = frozenset({"zh", "ja", "ko"})
"""Scripts read a character at a time: one character in another text is already a word."""
_OWN_SCRIPT = {
    "bg": "ru",
    "uk": "ru",
    "be": "ru",
    "sr": "ru",
    "mk": "ru",
    "kk": "ru",
    "ky": "ru",
    "mn": "ru",
    "fa": "ar",
    "ur": "ar",
    "ps": "ar",
    "mr": "hi",
    "ne": "hi",
    "sa": "hi",
    "as": "bn",
    "ti": "am",
    "yi": "he",
    "grc": "el",
    "cmn": "zh",
    "yue": "zh",
}
"""Languages written in a script :data:`SCRIPTS` names after another language (Ukrainian in Cyrillic)."""
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_SERBIAN = re.compile("[ђћџјљњЂЋЏЈЉЊ]")

_RANGES = "".join(f"{chr(low)}-{chr(high)}" for low, high, _ in SCRIPTS)
_LETTER_SCRIPT = re.compile(
    "|".join(f"(?P<s{index}>[{chr(low)}-{chr(high)}]+)" for index, (low, high, _) in enumerate(SCRIPTS))
    + f"|(?P<latin>[^\\W\\d_{_RANGES}]+)"
)
"""A run of letters of one script: found by the regex engine, as a loop over characters took 0.15 s a
100,000 characters."""
_ANOTHER_SCRIPT = re.compile(f"[{_RANGES}]")


@dataclass(frozen=True)
class Passage:
    """A stretch of text in one language."""

    text: str
    language: str
    """BCP 47 tag: the text's own language, or the one its script tells."""


def script_language(character: str) -> str:
    """The language :data:`SCRIPTS` gives a letter's script; ``""`` for Latin letters and everything else."""
    match = _LETTER_SCRIPT.match(character)
    return _run_script(match.lastgroup) if match else ""


def _run_script(group: str | None) -> str:
    return SCRIPTS[int(group[1:])][2] if group and group != "latin" else ""


def _written_in(language: str) -> str:
    """The script a language is written in, named as :func:`script_language` names it (``""``: Latin)."""
    primary = language.split("-")[0].lower()
    primary = _OWN_SCRIPT.get(primary, primary)
    return primary if any(primary == named for _, _, named in SCRIPTS) else ""


def passages(text: str, language: str) -> list[Passage]:
    """``text`` cut where it changes language by script.

    A passage in another script than ``language``'s is said in the language
    that script tells: a word of Cyrillic in English is Russian, Latin words
    in Japanese are English (in Chinese they stay with the Mandarin voice,
    which reads pinyin and English alike). A single letter of an alphabet
    stays (an English voice says "β" as "beta"). Spaces, digits and
    punctuation between two letters of one passage belong to it.
    """
    own = _written_in(language)
    if not text or (not own and not _ANOTHER_SCRIPT.search(text)):
        return [Passage(text, language)] if text else []
    runs: list[tuple[int, int, str]] = []  # start, end (after the last letter), script
    for match in _LETTER_SCRIPT.finditer(text):
        found = _letter_language(_run_script(match.lastgroup), own)
        if runs and runs[-1][2] == found:
            runs[-1] = (runs[-1][0], match.end(), found)
        else:
            runs.append((match.start(), match.end(), found))
    if all(found == own for _, _, found in runs):
        return [Passage(text, language)]
    cuts: list[tuple[int, int, str]] = []
    for start, end, found in runs:
        if found == own or not _a_word(text[start:end], found):
            continue
        cuts.append((start, end, _passage_language(text[start:end], found)))
    result: list[Passage] = []
    position = 0
    for start, end, passage_language in cuts:
        if start > position:
            result.append(Passage(text[position:start], language))
        result.append(Passage(text[start:end], passage_language))
        position = end
    if position < len(text):
        result.append(Passage(text[position:], language))
    return _merged(result)


def _letter_language(found: str, own: str) -> str:
    """The language of a run of letters whose script tells ``found``, in a text written as ``own`` is."""
    if found == "zh" and own == "ja":
        return "ja"  # kanji in Japanese text
    if found == "" and own == "zh":
        return "zh"  # Mandarin is also written in Latin letters (pinyin): its voices read Latin words themselves
    return found


def _a_word(run: str, script: str) -> bool:
    """Whether a run of another script is said by its own voice: a word, or any character of CJK."""
    return script in _CJK or sum(map(str.isalpha, run)) >= 2


def _passage_language(run: str, script: str) -> str:
    if script == "":
        return "en"  # Latin words in a text of another script: English far more often than anything else
    if script == "zh" and any(script_language(character) == "ja" for character in run):
        return "ja"
    if script == "ru":
        if _UKRAINIAN.search(run):
            return "uk"
        if _SERBIAN.search(run):
            return "sr"
    return script


def _merged(found: list[Passage]) -> list[Passage]:
    """Neighbouring passages in one language joined; passages of no letters at all given to the one before."""
    merged: list[Passage] = []
    for passage in found:
        if merged and (merged[-1].language == passage.language or not any(map(str.isalpha, passage.text))):
            merged[-1] = Passage(merged[-1].text + passage.text, merged[-1].language)
        elif merged and not any(map(str.isalpha, merged[-1].text)):
            merged[-1] = Passage(merged[-1].text + passage.text, passage.language)
        else:
            merged.append(passage)
    return merged

"""A language for articles that do not name one, from their script and, for Latin script, their commonest words.

Scripts that mostly belong to one language settle it (Hebrew, Greek, Thai,
Korean, Japanese kana...). Latin-script text is matched against the little
words every sentence of a language uses ("the", "der", "les", "los"); when
too few of them are found the language stays unknown (the engine's default
voice), which is better than a confident wrong accent.
"""

from __future__ import annotations

import re

from narrator.document import Document, blocks_text
from narrator.languages import SCRIPTS

_SCRIPT_PATTERNS = tuple(
    (
        language,
        re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high, named in SCRIPTS if named == language) + "]"),
    )
    for language in dict.fromkeys(named for _, _, named in SCRIPTS)
)
"""Each script's characters, counted by the regex engine: a loop over every character in Python took 10 ms."""
SAMPLE_CHARACTERS = 20000
"""The language is told from this much of the text: the title, then the sections' text in order."""
_FUNCTION_WORDS = {
    "en": "the and of to is in that it for with as are was this be on not you",
    "de": "der die und das ist nicht mit den ein eine zu auf für sich auch dem des",
    "fr": "le la les et des est une dans pour que qui pas sur au du avec ce",
    "es": "el los las del que en por una con para es se como más pero su",
    "it": "il della che per una sono con non gli anche nel alla come più",
    "nl": "de het een van en niet dat met voor zijn op ook aan bij",
    "pt": "os das não uma com para por mais dos como mas ao também são",
}
_VOCABULARIES = {language: frozenset(words.split()) for language, words in _FUNCTION_WORDS.items()}
_MIN_FUNCTION_WORD_SHARE = 0.08
"""Below this share of a language's little words among all words, Latin-script text is left unknown."""


def guess_language(document: Document) -> str:
    """The language of the document's text, or "" when it cannot be told."""
    return guess_text_language(_sample(document))


def language_settled(document: Document) -> bool:
    """Whether the document holds all the text its language is told from, and a margin more: then a longer
    document that starts with the same blocks (all but the last few) is told the same language."""
    enough = SAMPLE_CHARACTERS + SAMPLE_CHARACTERS // 4
    return len(_sample(document, enough)) == enough


def _sample(document: Document, characters: int = SAMPLE_CHARACTERS) -> str:
    """The first ``characters`` of the document's text."""
    parts, length = [document.title], len(document.title)
    for section in document.sections:
        if length >= characters:
            break
        parts.append(f"{section.heading}\n{blocks_text(section.blocks)}")
        length += len(parts[-1]) + 1
    return "\n".join(parts)[:characters]


def guess_text_language(text: str) -> str:
    """The language of a text by its dominant script; any kana makes Chinese characters Japanese."""
    letters = sum(map(str.isalpha, text))
    counts = {language: sum(map(str.isalpha, pattern.findall(text))) for language, pattern in _SCRIPT_PATTERNS}
    if counts["ja"] and counts["zh"]:
        counts["ja"] += counts.pop("zh")
    counts = {"latin": letters - sum(counts.values()), **counts}  # a tie goes to the first: Latin, then SCRIPTS
    language = max(counts, key=counts.__getitem__)
    if not counts[language]:
        return ""
    return _latin_language(text) if language == "latin" else language


def _latin_language(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if not words:
        return ""
    hits = {language: sum(word in vocabulary for word in words) for language, vocabulary in _VOCABULARIES.items()}
    language = max(hits, key=lambda name: hits[name])
    return language if hits[language] >= _MIN_FUNCTION_WORD_SHARE * len(words) else ""

"""Subtitle cues cut from a spoken item the way captions are: short, at phrase boundaries, timed by the words.

Caption conventions (the BBC's and Netflix's guidelines agree): at most two
lines of at most 42 characters, on screen for at most about 7 seconds, each
line break and cue break where a reader would pause: after punctuation, else
before a conjunction or preposition, never between an article and its noun.
An item is cut into the fewest cues that keep those limits, preferring the
better breaks; each cue starts at the sample where its first word is heard.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from narrator.audio import WordMark

MAX_LINE_CHARACTERS = 42
MAX_LINES = 2
MAX_CUE_SECONDS = 7.0
SHORT_CUE_SECONDS = 1.0
"""A cue shorter than this flashes by: allowed, at a cost."""

CUE_COST = 3.0
"""What one more cue costs against a worse break: a worse break is taken rather than a cue more."""
BREAK_AFTER_SENTENCE = 0.0
BREAK_AFTER_CLAUSE = 0.5
BREAK_BEFORE_PHRASE = 1.5
BREAK_ELSEWHERE = 3.0
BREAK_AFTER_BINDING = 6.0
"""Between an article or preposition and what it binds to ("the | heart")."""
SHORT_CUE_COST = 2.0
LINE_BREAK_SHARE = 0.5
"""A break between a cue's two lines counts half as much as one between cues."""

_SENTENCE_END = re.compile(r"[.!?;:…。！？；：]['\"’”)\]»]*$")
_CLAUSE_END = re.compile(r"([,，、]|[—–)\]»”])['\"’”)\]»]*$")
_PHRASE_START = re.compile(r"^[(\[«“\"'‘—–]")

_CONJUNCTIONS = {
    "en": "and or but nor so yet because although though while whereas if unless when where which who whom whose "
    "that than like",
    "de": "und oder aber denn sondern weil dass wenn als ob obwohl während damit wie",
    "fr": "et ou mais car donc que qui quand lorsque parce si comme puisque dont où",
    "es": "y o pero sino porque que cuando si aunque como donde",
    "it": "e o ma perché che quando se come dove",
    "nl": "en of maar want omdat dat die wanneer als",
    "pt": "e ou mas porque que quando se como onde",
}
_PREPOSITIONS = {
    "en": "with without of in on at by for from to into onto about after before between through during under over "
    "against among since until",
    "de": "mit ohne von vom zu zum zur in im auf an am bei nach für über unter durch gegen aus seit bis",
    "fr": "avec sans de du des dans sur pour par en à au aux chez vers entre pendant",
    "es": "con sin de del en para por sobre entre hasta desde a al",
    "it": "con senza di del della dei in nel nella per su tra fra da a al alla",
    "nl": "met zonder van in op voor door naar bij over tot uit",
    "pt": "com sem de do da dos das em no na para por sobre entre até a ao",
}
_ARTICLES = {
    "en": "a an the my your his her its our their this these those",
    "de": "der die das den dem des ein eine einen einem einer eines",
    "fr": "le la les l' un une mon ma mes son sa ses ce cette ces",
    "es": "el la los las un una unos unas mi mis su sus",
    "it": "il lo la i gli le un uno una l'",
    "nl": "de het een mijn zijn haar",
    "pt": "o a os as um uma uns umas",
}
"""Per language: words a phrase starts with (break before them), and words that bind to the next (articles and
prepositions: never break after them). Other languages break at punctuation and spaces alone."""


@dataclass(frozen=True)
class Cue:
    """One subtitle: its lines and when it is on screen, in samples from the start of its item's audio."""

    lines: tuple[str, ...]
    start: int
    end: int


def item_cues(text: str, language: str, words: Sequence[WordMark], frames: int, sample_rate: int) -> list[Cue]:
    """The cues of one spoken item whose audio lasts ``frames`` samples, its words starting at ``words``."""
    return _Cutter(text, language).cues(words, frames, sample_rate)


@dataclass(frozen=True)
class _Token:
    """A word as it is shown: ``text[start:end]``, and whether a space comes before it."""

    start: int
    end: int
    spaced: bool


class _Cutter:
    """One item's words, where they may break and how well, and the widths of any run of them."""

    def __init__(self, text: str, language: str) -> None:
        self._text = text
        self._tokens = _tokens(text)
        phrase_starts, binding = _word_sets(language.split("-")[0].lower())
        self._penalties = [self._penalty(index, phrase_starts, binding) for index in range(len(self._tokens))]
        self._prefix = [0]
        for index, token in enumerate(self._tokens):
            self._prefix.append(self._prefix[-1] + (token.end - token.start) + (token.spaced and index > 0))

    def cues(self, words: Sequence[WordMark], frames: int, sample_rate: int) -> list[Cue]:
        """The fewest, best-broken cues that keep every limit (a single word is always allowed)."""
        count = len(self._tokens)
        if not count:
            return []
        times = [*_token_times(self._tokens, words, len(self._text), frames), frames]
        longest = round(MAX_CUE_SECONDS * sample_rate)
        short = round(SHORT_CUE_SECONDS * sample_rate)
        best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * count
        """best[end]: the least cost of cutting tokens[:end] into cues, and where its last cue starts."""
        for end in range(1, count + 1):
            for start in range(end - 1, -1, -1):
                several = end - start > 1
                if several and (
                    self._width(start, end) > MAX_LINES * MAX_LINE_CHARACTERS + 1 or times[end] - times[start] > longest
                ):
                    break  # longer still for every earlier start
                line_break = self._line_break(start, end) if several else end
                if line_break is None:
                    continue
                cost = best[start][0] + CUE_COST + (self._penalties[end] if end < count else 0.0)
                cost += LINE_BREAK_SHARE * (self._penalties[line_break] if line_break < end else 0.0)
                if times[end] - times[start] < short and (start, end) != (0, count):
                    cost += SHORT_CUE_COST * (1 if times[end] > times[start] else 10)  # a cue never seen, at worst
                if cost < best[end][0]:
                    best[end] = (cost, start)
        cues: list[Cue] = []
        end = count
        while end:
            start = best[end][1]
            cues.append(Cue(self._lines(start, end), times[start], times[end]))
            end = start
        return cues[::-1]

    def _penalty(self, index: int, phrase_starts: frozenset[str], binding: frozenset[str]) -> float:
        """How bad a break is before token ``index``: after a sentence or clause best, after an article worst."""
        if index == 0:
            return 0.0
        previous, token = self._tokens[index - 1], self._tokens[index]
        before, word = self._text[previous.start : previous.end], self._text[token.start : token.end]
        if _SENTENCE_END.search(before):
            return BREAK_AFTER_SENTENCE
        if _CLAUSE_END.search(before) or _PHRASE_START.search(word):
            return BREAK_AFTER_CLAUSE
        if not token.spaced:
            return BREAK_ELSEWHERE
        if before.lower() in binding:
            return BREAK_AFTER_BINDING
        if word.lower() in phrase_starts:
            return BREAK_BEFORE_PHRASE
        return BREAK_ELSEWHERE

    def _width(self, start: int, end: int) -> int:
        """Characters of tokens ``start:end`` on one line."""
        return self._prefix[end] - self._prefix[start] - (self._tokens[start].spaced and start > 0)

    def _line_break(self, start: int, end: int) -> int | None:
        """Where tokens ``start:end`` go to a second line (``end``: they fit on one); ``None`` if two lines are
        not enough. A better break first, then balanced lines."""
        if self._width(start, end) <= MAX_LINE_CHARACTERS:
            return end
        fitting = [
            (self._penalties[cut] * MAX_LINE_CHARACTERS / 3 + abs(self._width(start, cut) - self._width(cut, end)), cut)
            for cut in range(start + 1, end)
            if self._width(start, cut) <= MAX_LINE_CHARACTERS and self._width(cut, end) <= MAX_LINE_CHARACTERS
        ]
        return min(fitting)[1] if fitting else None

    def _lines(self, start: int, end: int) -> tuple[str, ...]:
        cut = self._line_break(start, end)
        assert cut is not None, "a cue of one token fits a line"
        return tuple(self._joined(first, last) for first, last in ((start, cut), (cut, end)) if first < last)

    def _joined(self, start: int, end: int) -> str:
        return "".join(
            (" " if token.spaced and index > start else "") + self._text[token.start : token.end]
            for index, token in enumerate(self._tokens[start:end], start=start)
        )


_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Thai, kana and ideographs: scripts written without spaces, which may break between any two characters."""
_PIECE = re.compile(f"[{_UNSPACED}][^{_UNSPACED}\\w\\s]*|[^{_UNSPACED}]+")
"""A character of those scripts with the punctuation after it, or a run of other characters."""


def _tokens(text: str) -> list[_Token]:
    """Space-separated words, each character apart in scripts without spaces; a word longer than a line is cut
    into pieces that fit, after punctuation if it can."""
    tokens: list[_Token] = []
    for word in re.finditer(r"\S+", text):
        for piece in _PIECE.finditer(word.group()):
            tokens += _fitting(text, word.start() + piece.start(), word.start() + piece.end(), piece.start() == 0)
    return tokens


def _fitting(text: str, start: int, end: int, spaced: bool) -> list[_Token]:
    """``text[start:end]`` as tokens of at most a line each."""
    tokens: list[_Token] = []
    while end - start > MAX_LINE_CHARACTERS:
        piece = text[start : start + MAX_LINE_CHARACTERS]
        cut = max(piece.rfind(mark) for mark in ",;:/-—") + 1
        cut = cut if cut > MAX_LINE_CHARACTERS // 3 else MAX_LINE_CHARACTERS
        tokens.append(_Token(start, start + cut, spaced))
        start, spaced = start + cut, False
    tokens.append(_Token(start, end, spaced))
    return tokens


def _token_times(tokens: list[_Token], words: Sequence[WordMark], length: int, frames: int) -> list[int]:
    """The sample each token starts at: its word's mark, else apportioned by characters between known marks."""
    marks = sorted(words, key=lambda mark: mark.offset)
    known: list[int | None] = []
    position = 0
    for token in tokens:
        while position < len(marks) and marks[position].offset < token.start:
            position += 1
        inside = position < len(marks) and marks[position].offset < token.end
        known.append(min(marks[position].sample, frames) if inside else None)
    anchors = (
        [(0, 0)] + [(t.start, s) for t, s in zip(tokens, known, strict=True) if s is not None] + [(length, frames)]
    )
    times: list[int] = []
    for token, sample in zip(tokens, known, strict=True):
        if sample is None:
            before = max(anchor for anchor in anchors if anchor[0] <= token.start)
            after = min((anchor for anchor in anchors if anchor[0] > token.start), default=anchors[-1])
            share = (token.start - before[0]) / max(1, after[0] - before[0])
            sample = round(before[1] + share * (after[1] - before[1]))
        times.append(max(sample, times[-1] if times else 0))  # never earlier than the word before
    return times


@cache
def _word_sets(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """A language's words that start a phrase, and its words that bind to the next."""
    conjunctions = _CONJUNCTIONS.get(language, "").split()
    prepositions = _PREPOSITIONS.get(language, "").split()
    return frozenset(conjunctions + prepositions), frozenset(prepositions + _ARTICLES.get(language, "").split())

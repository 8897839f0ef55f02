"""Text normalisation for speech: what the engine is given instead of what the page shows.

Two jobs, in this order:

1. :func:`clean` makes any text safe to hand to an engine, in every language:
   control characters, HTML-like tags (SSML ``<break>``, ``<audio>``, ``<speak>``),
   eSpeak and NSSpeech ``[[...]]`` escapes, SAPI ``\\Pau=N\\`` escapes and template
   braces are removed, and stray entities decoded, so nothing in an article can
   command the engine.
2. :func:`normalize` rewrites written forms as they are said in the text's language.
   Every language with a :class:`~narrator.script.wording.Wording` (English, German,
   French, Spanish, Italian, Dutch, Portuguese) gets the rules of
   :mod:`narrator.script.numbers` in its own words (numbers through num2words, money,
   dates, times, units, fractions, identifiers), its abbreviations and its symbols;
   English also has acronyms spelled and emoji named. Other languages get only the
   rules that need no words (addresses, footnote marks, emoji and trademark signs
   dropped): their numbers go to the engine as written, never half-converted.

Every rule is a pattern with a replacement function, run once over the text;
the table in ``tests/test_normalize.py`` gives one example per rule. A group of
rules runs only when its trigger occurs in the text, and is compiled the first
time it does.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import cache

from narrator.script import numbers
from narrator.script.wording import ENGLISH, Wording, wording_for

Rule = (
    tuple["str | re.Pattern[str]", "str | Callable[[re.Match[str]], str]"]
    | tuple["re.Pattern[str]", "str | Callable[[re.Match[str]], str]", "re.Pattern[str] | None"]
)
"""A pattern, compiled on first use (:func:`_compiled`), and what its matches become."""

# Safety: applied to every text in every language ---------------------------

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffd]"
)
"""C0/C1 controls, soft hyphens, zero-width spaces, bidirectional overrides and the replacement character (bytes
that could not be decoded, or a NUL in Markdown, which eSpeak NG reads as a word); tab and newline become spaces."""
_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")
"""ANSI colour and cursor sequences (ESC [ 31 m) and terminal titles (ESC ] ... BEL), parameters included."""
_COMMENT = re.compile(r"<!--.*?(?:-->|$)|<!\[CDATA\[.*?(?:\]\]>|$)", re.DOTALL)
_TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*(?:>|$)")
"""Anything that looks like an opening, closing or empty tag, even when cut off at the end of the text."""
_ENGINE_ESCAPE = re.compile(r"\[\[.*?(?:\]\]|$)|\]\]|\\[A-Za-z]{2,5}=[^\\\s]*\\", re.DOTALL)
"""eSpeak/NSSpeech ``[[phonemes]]`` and ``[[slnc 500]]`` input, SAPI ``\\Pau=500\\`` escapes."""
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
"""Hugo/Jinja/Liquid template code that escaped the reader."""
_COMPARISON = re.compile(r"(?<=\s)([<>])(=?)(?=\s)")
_LEFTOVER = re.compile(r"[<>{}]")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)\]])(?!\d)")


def clean(text: str) -> str:
    """Remove everything an engine could take as an instruction, and fold white space.

    Comparisons written with spaces ("a < b") become words; any other angle
    bracket or brace is dropped. The result never contains ``<``, ``>``,
    ``{``, ``}``, ``[[``, ``]]``, control characters or entity references.
    """
    text = _CONTROL.sub(" ", _TERMINAL_ESCAPE.sub(" ", text))
    for _ in range(3):  # double-escaped entities (&amp;lt;) are common in scraped text
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _CONTROL.sub(" ", _TERMINAL_ESCAPE.sub(" ", text))
    text = _COMMENT.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _ENGINE_ESCAPE.sub(" ", text)
    text = _TEMPLATE.sub(" ", text)
    text = _COMPARISON.sub(_say_comparison, text)
    text = _LEFTOVER.sub(" ", text).replace("%20", " ")  # a URL-encoded space copied with a link
    return _fold(text)


def _say_comparison(match: re.Match[str]) -> str:
    words = "less than" if match[1] == "<" else "greater than"
    return f"{words} or equal to" if match[2] else words


def _fold(text: str) -> str:
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACE.sub(" ", text)).strip()


# Words ---------------------------------------------------------------------


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DOTTED_INITIALISM = r"\b((?:[A-Z]\.){2,})"
_NEXT_SENTENCE = r"\s+[\"“(]?[A-Z]|\s*$"
_URL = r"(?i)(?:(?:https?|ftp)://|\bwww\.)([\w-]+(?:\.[\w-]+)*)[^\s<>\"']*"
_TRAILING_PUNCTUATION = r"[.,;:!?)\]]*$"
_EMAIL = r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b"
_FOOTNOTE = (
    r"\[\^[^\]\s]{1,20}\]"  # Markdown [^1] / [^note]
    r"|(?<=[\w.,;:!?)\]\"'’”])\s?\[(?:\d{1,3}(?:\s?[,–-]\s?\d{1,3})*|[a-z]|citation needed|note \d+)\]"  # [1], [2, 3]
    r"|(?:(?<=[A-Za-z]{2})|(?<=[.,;:!?)\"'’”]))\^\d{1,3}\b"  # caret ^1 after a word (x^2 is a power)
    r"|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+"  # superscript digits
    r"|(?<=[a-z]{2}[,;:.?!])\d{1,3}(?=\s|$)"  # a superscript note flattened onto a word: "alerts,22 and"
)

_WORD_ACRONYMS = _words_of(
    """NASA UNESCO UNICEF NATO FIFA UEFA OPEC NASDAQ JSON JPEG GIF RAM ROM PIN LAN WAN SIM WIFI CAPTCHA
    LASER RADAR SCUBA COVID AIDS SARS ASCII POSIX GNU LED OLED SIMD CERN ESA IKEA"""
)
"""Acronyms said as words that the heuristic below would spell out, or that are too short for it."""
_SHORT_WORDS = _words_of(
    "A I NOT AND BUT THE FOR YOU ALL NEW NOW ONE TWO TOP OFF OUT YES NO DO GO SO OR ON TO UP BE WE MY BY OF AT IF IN IS"
)
"""Common words written in capitals for emphasis ("do NOT"), said as words."""
_ONSETS = _words_of(
    "BL BR CH CL CR DR FL FR GL GR KL KN PH PL PR QU SC SCR SH SK SL SM SN SP SPL SPR ST STR SW TH TR TW WH WR"
)
"""Consonant clusters an English word can start with."""
_CODAS = _words_of(
    "CH CK CT DS FT GS KS LD LF LK LL LM LP LS LT MP MS ND NG NK NS NT"
    " PS PT RB RD RK RM RN RP RS RT SH SK SP SS ST TH TS XT"
)
"""Consonant clusters an English word can end with."""
_VOWELS = frozenset("AEIOUY")
_CAPITALS_RUN = r"\b[A-Z][A-Z'’-]*[A-Z]\b(?:[\s,:;-]+\b[A-Z][A-Z'’-]*\b){2,}"
_ACRONYM = r"\b([A-Z]{2,})(s?)\b"
_ROMAN = re.compile(r"X{0,3}(IX|IV|V?I{0,3})")
"""Roman numerals up to 39 ("World War II", "Louis XIV"), which engines read as numbers."""


def _pronounceable(letters: str) -> bool:
    """Whether capitals read as an English word: vowels, a valid start and end, no long clusters.

    "NASA", "UNESCO", "COVID" pass; "NMDA" (no English word starts "NM"),
    "BDNF" (no vowel), "OECD" (no word ends "CD") are spelled out.
    """
    if len(letters) < 4:
        return False
    runs = re.findall(r"[^AEIOUY]+|[AEIOUY]+", letters)
    if not any(run[0] in _VOWELS for run in runs):
        return False
    first, last = runs[0], runs[-1]
    if first[0] not in _VOWELS and len(first) > 1 and first not in _ONSETS:
        return False
    if last[0] not in _VOWELS and len(last) > 1 and last not in _CODAS:
        return False
    return all(len(run) <= (2 if run[0] in _VOWELS else 3) for run in runs)


def _acronym(match: re.Match[str]) -> str:
    letters, plural = match[1], match[2]
    if letters in _WORD_ACRONYMS or letters in _SHORT_WORDS or _ROMAN.fullmatch(letters) or _pronounceable(letters):
        return match[0]
    # Dotted, not spaced: engines read "N.M.D.A" letter by letter, while a spaced "A" is taken for the article.
    spelled = ".".join(letters)
    return f"{spelled}'s" if plural else spelled


def _dotted_initialism(match: re.Match[str]) -> str:
    """ "U.S." loses its last dot, like a spelled acronym, unless that dot also ends the sentence."""
    spelled = match[1].rstrip(".")
    return f"{spelled}." if _compiled(_NEXT_SENTENCE).match(match.string, match.end()) else spelled


def _shouting(match: re.Match[str]) -> str:
    return match[0].lower()


def _url(wording: Wording) -> Callable[[re.Match[str]], str]:
    def say(match: re.Match[str]) -> str:
        host = f" {wording.dot} ".join(part for part in _host(match).split(".") if part)
        return f"{wording.link} {host}{_trailing(match)}"

    return say


def _email(wording: Wording) -> Callable[[re.Match[str]], str]:
    def say(match: re.Match[str]) -> str:
        user, host = (f" {wording.dot} ".join(part for part in name.split(".") if part) for name in match.groups())
        return f"{user} {wording.at} {host}"

    return say


def _host(match: re.Match[str]) -> str:
    return match[1].lower().removeprefix("www.")


def _host_only(match: re.Match[str]) -> str:
    return _host(match) + _trailing(match)


def _trailing(match: re.Match[str]) -> str:
    """The punctuation after an address, which belongs to the sentence rather than to the address."""
    trailing = _compiled(_TRAILING_PUNCTUATION).search(match[0])
    return trailing[0] if trailing else ""


_DOI = r"(?i)\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s\]\[<>\"']+?)(?=[.,;:)]?(?:\s|$))"
"""A DOI is announced and skipped: read out, it is a long run of digits and punctuation no listener can use."""
_DROPPED_SYMBOLS = r"\s?[®™℠]|(?<!\S)[|·•▪►](?!\S)"
"""Trademark signs (a page that marks every brand name would have them said fourteen times), and separators and
bullets standing alone between words, which are layout, not words."""


def _symbols(wording: Wording) -> list[Rule]:
    """The language's words for symbols: "&" between words, "=" and "+" between spaces, "±", "§"..."""
    words = wording.symbols
    rules: list[Rule] = [
        (r"(?<=\s)=(?=\s)", words["="]),
        (r"(?<=\s)\+(?=\s)", words["+"]),
        (r"(?<=\s)×(?=\s)", words["×"]),
        (r"\s?&\s?", f" {words['&']} "),
    ]
    signs = "".join(sign for sign in words if sign not in "=+&×")
    rules.append((f"\\s?([{re.escape(signs)}])\\s?", lambda match: f" {words[match[1]]} "))
    return rules


# Emoji ---------------------------------------------------------------------

_EMOJI_CHARACTER = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
_EMOJI_MODIFIERS = "[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u200d\u20e3]*"
_EMOJI = f"({_EMOJI_CHARACTER}){_EMOJI_MODIFIERS}"
_REPEATED_EMOJI = f"(({_EMOJI_CHARACTER}){_EMOJI_MODIFIERS})\\1+"


def _emoji_name(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.lower() if name and unicodedata.category(char) == "So" else ""


def _emoji(match: re.Match[str]) -> str:
    name = _emoji_name(match[1])
    return f" {name} " if name else " "


def _repeated_emoji(match: re.Match[str]) -> str:
    """ "★★★★★" -> "black star, five times", not the name five times over."""
    name = _emoji_name(match[2])
    if not name:
        return match[0]
    return f" {name}, {numbers.Speaker(ENGLISH).cardinal(len(match[0]) // len(match[1]))} times "


def _drop_emoji(match: re.Match[str]) -> str:
    return " " if _emoji_name(match[1]) else match[0]


# The rule sets --------------------------------------------------------------

Stage = tuple["re.Pattern[str]", list[Rule]]
"""Rules that run only when their trigger occurs in the text: most sentences hold no digits, addresses or emoji,
and skipping their rules makes a book-length article's script several times faster to build."""

_ADDRESS_TRIGGER = re.compile(r"://|www\.|@|doi:", re.IGNORECASE)
_FOOTNOTE_TRIGGER = re.compile(r"[\[^\u00b9\u00b2\u00b3\u2070-\u2079]|[a-z][,;:.?!]\d")
_EMOJI_TRIGGER = re.compile(_EMOJI_CHARACTER)
_CAPITALS = re.compile(r"[A-Z]{2}")
_DROPPED_TRIGGER = re.compile(r"[®™℠|·•▪►]")

_ANY_LANGUAGE: list[Stage] = [
    (_ADDRESS_TRIGGER, [(_URL, _host_only)]),
    (_FOOTNOTE_TRIGGER, [(_FOOTNOTE, "")]),
    (_EMOJI_TRIGGER, [(_EMOJI, _drop_emoji)]),
    (_DROPPED_TRIGGER, [(_DROPPED_SYMBOLS, "")]),
]
"""Rules for languages narrator has no words for: only what needs none. Their numbers go to the engine as written."""


@cache
def _stages(wording: Wording, month_first: bool) -> list[Stage]:
    """The rule stages of a language with a :class:`Wording`, in the order they run."""
    english = wording.code == "en"
    emoji: list[Rule] = [(_REPEATED_EMOJI, _repeated_emoji), (_EMOJI, _emoji)] if english else [(_EMOJI, _drop_emoji)]
    abbreviations: list[Rule] = [*wording.abbreviations]
    if english:
        abbreviations.append((_DOTTED_INITIALISM, _dotted_initialism))
    signs = "".join(wording.symbols)
    stages: list[Stage] = [
        (_ADDRESS_TRIGGER, [(_DOI, "DOI"), (_URL, _url(wording)), (_EMAIL, _email(wording))]),
        (_FOOTNOTE_TRIGGER, [(_FOOTNOTE, "")]),
        (_EMOJI_TRIGGER, emoji),
        (_DROPPED_TRIGGER, [(_DROPPED_SYMBOLS, "")]),
        (_any_of(abbreviations), abbreviations),
        (numbers.TRIGGER, list(numbers.rules(wording, month_first))),
        (re.compile(f"[{re.escape(signs)}]"), _symbols(wording)),
    ]
    if english:
        stages.append((_CAPITALS, [(_CAPITALS_RUN, _shouting), (_ACRONYM, _acronym)]))
    return stages


def _any_of(rules: list[Rule]) -> re.Pattern[str]:
    """A trigger that finds what any of ``rules`` would: one scan instead of one per rule, for the common text that
    holds none of them (a leading ``(?i)`` is scoped to its own pattern)."""
    patterns = (str(rule[0]) for rule in rules)
    return re.compile("|".join(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns))


_MONTH_FIRST = frozenset({"en", "en-us", "en-ph", "en-ca"})
"""English tags whose numeric dates put the month first (an untagged English article too: most are American)."""


@cache
def _compiled(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` compiled the first time a text needs it: most articles never need most rules."""
    return re.compile(pattern)


def _apply(stages: list[Stage], text: str) -> str:
    for trigger, rules in stages:
        if trigger.search(text):
            guard_passed: dict[re.Pattern[str], bool] = {}  # a guard is shared by a group of rules: searched once
            for pattern, replacement, *guard in rules:
                if guard and guard[0] is not None:
                    passed = guard_passed.get(guard[0])
                    if passed is None:
                        passed = guard_passed[guard[0]] = guard[0].search(text) is not None
                    if not passed:
                        continue
                text = _compiled(pattern).sub(replacement, text)
    return text


def has_rules(language: str) -> bool:
    """Whether narrator rewrites numbers and symbols for ``language``; if not, they reach the engine as written."""
    return wording_for(language) is not None


def normalize(text: str, language: str = "", rewrite: Callable[[str], str] | None = None) -> str:
    """Clean ``text`` and rewrite it as it is said in ``language`` (a BCP 47 tag; empty: English).

    ``rewrite`` runs on the cleaned text before the language rules: the
    pronunciation lexicon, so the user's spellings win over the built-in rules.
    A language narrator has no rules for keeps its numbers and symbols as
    written, for the engine to say: another language's rules would only
    half-convert them.
    """
    text = clean(text)
    if rewrite is not None:
        text = clean(rewrite(text))
    wording = wording_for(language)
    if wording is None:
        return _fold(_apply(_ANY_LANGUAGE, text))
    month_first = wording.code == "en" and (language.lower() or "en") in _MONTH_FIRST
    return _fold(_apply(_stages(wording, month_first), text))


# Sentences -----------------------------------------------------------------

_SENTENCE_END = re.compile(
    r"(?<!(?<![\w.])[A-HJ-Z])"  # not after an initial ("J. R. R. Tolkien"); "I." and "B.B.C." may end one
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?(?:[^\sa-zà-ÿ]|[a-zà-ÿ]+[A-Z]))"  # ". The", ". eSpeak", not ". and"
    r"|[。！？؟]+"  # CJK and Arabic full stops need no space after them
)
_CLAUSE_END = re.compile(r"[;:,]\s+|\s[–—]\s")
MAX_SENTENCE = 300
"""Characters; longer sentences are cut at clauses so each item stays quick to synthesize and to repeat."""


def split_sentences(text: str) -> list[str]:
    """Cut normalised text into sentences; over-long ones are cut again at clause breaks."""
    sentences = []
    start = 0
    ends = [match.end() for match in _SENTENCE_END.finditer(text) if not _abbreviation_before(text, match.start())]
    for end in [*ends, len(text)]:
        sentences.extend(_cut_long(text[start:end].strip()))
        start = end
    return [sentence for sentence in sentences if sentence]


_WORD_BEFORE = re.compile(r"([^\W\d_]{2,5})$")
_VOWELS_ANY_LANGUAGE = frozenset("aeiouyäöüáéíóúàèìòùâêîôûãõåæøœ")


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the word before a full stop is an abbreviation no rule expanded: short, no vowel, not in capitals
    ("kpl.", "Std.", "vgl."), which a capitalised German noun after it would otherwise cut off as a sentence."""
    word = _WORD_BEFORE.search(text, max(0, dot - 5), dot)
    if word is None or text[dot] != "." or len(word[1]) < 2 or not word[1][1:].islower():
        return False
    start = word.start(1)
    return (start == 0 or not text[start - 1].isalnum()) and not _VOWELS_ANY_LANGUAGE & set(word[1].lower())


def _cut_long(sentence: str) -> list[str]:
    pieces = []
    while len(sentence) > MAX_SENTENCE:
        breaks = [match.end() for match in _CLAUSE_END.finditer(sentence, 0, MAX_SENTENCE)]
        cut = breaks[-1] if breaks and breaks[-1] > MAX_SENTENCE // 3 else sentence.rfind(" ", 0, MAX_SENTENCE) + 1
        if cut <= 0:
            cut = MAX_SENTENCE
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    pieces.append(sentence)
    return pieces

"""Text normalisation for speech: what the engine is given instead of what the page shows.

Two jobs, in this order:

1. :func:`clean` makes any text safe to hand to an engine, in every language:
   control characters, HTML-like tags (SSML ``<break>``, ``<audio>``, ``<speak>``),
   eSpeak and NSSpeech ``[[...]]`` escapes, SAPI ``\\Pau=N\\`` escapes and template
   braces are removed, and stray entities decoded, so nothing in an article can
   command the engine.
2. :func:`normalize` rewrites written forms as they are said. English has the full
   set of rules (numbers, money, dates, units, abbreviations, acronyms, URLs,
   emoji, footnote markers); other languages get only the rules that do not
   depend on the language, plus numbers through num2words when it knows the
   language. Numbers are words so every engine says them the same way; English
   ones are spelled by :mod:`narrator.script.english_numbers`.

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
from functools import cache, lru_cache

from narrator.script import english_numbers

Rule = tuple[str, "str | Callable[[re.Match[str]], str]"]
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
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)\]])")


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


# Numbers -------------------------------------------------------------------


_ENGLISH_WORDS = {
    "cardinal": english_numbers.cardinal,
    "ordinal": english_numbers.ordinal,
    "year": english_numbers.year,
}


@lru_cache(maxsize=4096)
def _words(number: int, *, lang: str = "en", to: str = "cardinal") -> str:
    """``number`` said in ``lang``; num2words' words without its thousands commas, which an engine would pause at."""
    if lang == "en":
        return _ENGLISH_WORDS[to](number)
    from num2words import num2words  # 15 ms to import, for other languages only

    return str(num2words(number, lang=lang, to=to)).replace(",", "")


def _digits(digits: str) -> str:
    return " ".join(_words(int(digit)) for digit in digits)


def _integer(digits: str) -> str:
    """An integer as words; digit by digit when it is an identifier (leading zero, very long)."""
    digits = digits.replace(",", "")
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > 15:
        return _digits(digits)
    return _words(int(digits))


def _number(integer: str, fraction: str | None = None) -> str:
    """``3`` and ``14`` -> "three point one four"."""
    spoken = _integer(integer) if integer else "zero"
    return f"{spoken} point {_digits(fraction)}" if fraction else spoken


def _year(digits: str) -> str:
    return _words(int(digits), to="year")


_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
"""An integer, optionally with thousands commas, and an optional decimal part."""

# Money ---------------------------------------------------------------------

_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "", ""),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "USD": ("dollar", "dollars", "cent", "cents"),
    "EUR": ("euro", "euros", "cent", "cents"),
    "GBP": ("pound", "pounds", "penny", "pence"),
}
_SCALES = {
    "k": "thousand",
    "K": "thousand",
    "thousand": "thousand",
    "m": "million",
    "M": "million",
    "mn": "million",
    "million": "million",
    "bn": "billion",
    "b": "billion",
    "B": "billion",
    "billion": "billion",
    "tn": "trillion",
    "trillion": "trillion",
}
_SYMBOL_MONEY = (
    r"(US\$|[$€£¥₹])\s?" + _NUMBER + r"(?:\s?(thousand|million|billion|trillion|bn|mn|tn|[kKmMbB])(?![A-Za-z]))?"
)
_CODE_MONEY = r"\b" + _NUMBER + r"\s?(USD|EUR|GBP)\b"


def _money(currency: str, integer: str, fraction: str | None, scale: str | None) -> str:
    one, many, sub_one, sub_many = _CURRENCIES[currency]
    if scale:  # "$1.5 billion": the number as said, then the unit
        return f"{_number(integer, fraction)} {_SCALES[scale]} {many}"
    units = int(integer.replace(",", ""))
    cents = int(fraction[:2].ljust(2, "0")) if fraction and sub_one else 0
    if fraction and not sub_one:
        return f"{_number(integer, fraction)} {many}"
    parts = []
    if units or not cents:
        parts.append(f"{_integer(integer)} {one if units == 1 else many}")
    if cents:
        parts.append(f"{_words(cents)} {sub_one if cents == 1 else sub_many}")
    return " and ".join(parts)


def _symbol_money(match: re.Match[str]) -> str:
    return _money(match[1], match[2], match[3], match[4])


def _code_money(match: re.Match[str]) -> str:
    return _money(match[3], match[1], match[2], None)


# Dates and times -----------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_MONTH_ABBREVIATIONS = {month[:3]: month for month in _MONTHS} | {"Sept": "September"}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
_ISO_DATE = r"\b(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b"
_MONTH_DAY = r"\b" + _MONTH + r"\s(\d{1,2})" + _ORDINAL_SUFFIX + r"\b(?:,?\s(\d{4})\b)?"
_DAY_MONTH = r"\b(\d{1,2})" + _ORDINAL_SUFFIX + r"\s" + _MONTH + r"(?:,?\s(\d{4})\b)?"
_TIME = r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?:\s?([AaPp])\.?[Mm]\.?)?"
_RATIO = r"(?<![\d:.])(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(?![\d:])"
"""What is left of digits:digits once times are read: "4.5:1" -> "4.5 to 1"."""
_HOUR_MERIDIEM = r"\b(1[0-2]|0?[1-9])\s?([AaPp])\.?[Mm]\b\.?"


def _month(name: str) -> str:
    return _MONTH_ABBREVIATIONS.get(name, name)


def _date(month: str, day: str, year: str | None) -> str:
    spoken = f"{month} {_words(int(day), to='ordinal')}"
    return f"{spoken}, {_year(year)}" if year else spoken


def _iso_date(match: re.Match[str]) -> str:
    return _date(_MONTHS[int(match[2]) - 1], match[3], match[1])


def _month_day(match: re.Match[str]) -> str:
    if int(match[2]) > 31:
        return match[0]
    return _date(_month(match[1]), match[2], match[3])


def _day_month(match: re.Match[str]) -> str:
    if int(match[1]) > 31:
        return match[0]
    spoken = f"the {_words(int(match[1]), to='ordinal')} of {_month(match[2])}"
    return f"{spoken}, {_year(match[3])}" if match[3] else spoken


def _meridiem(letter: str | None) -> str:
    return f" {letter.lower()} m" if letter else ""


def _time(match: re.Match[str]) -> str:
    hours, minutes = int(match[1]), int(match[2])
    if minutes == 0:
        spoken = _words(hours) + ("" if match[3] else " o'clock")
    elif minutes < 10:
        spoken = f"{_words(hours)} oh {_words(minutes)}"
    else:
        spoken = f"{_words(hours)} {_words(minutes)}"
    return spoken + _meridiem(match[3])


def _hour_meridiem(match: re.Match[str]) -> str:
    return _words(int(match[1])) + _meridiem(match[2])


# Units ---------------------------------------------------------------------

_UNITS = {
    "km": ("kilometer", "kilometers"),
    "m": ("meter", "meters"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "µm": ("micrometer", "micrometers"),
    "nm": ("nanometer", "nanometers"),
    "mi": ("mile", "miles"),
    "ft": ("foot", "feet"),
    "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"),
    "mg": ("milligram", "milligrams"),
    "µg": ("microgram", "micrograms"),
    "mcg": ("microgram", "micrograms"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "l": ("liter", "liters"),
    "L": ("liter", "liters"),
    "ml": ("milliliter", "milliliters"),
    "mL": ("milliliter", "milliliters"),
    "ms": ("millisecond", "milliseconds"),
    "sec": ("second", "seconds"),
    "min": ("minute", "minutes"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "kB": ("kilobyte", "kilobytes"),
    "KB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "kW": ("kilowatt", "kilowatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "W": ("watt", "watts"),
    "V": ("volt", "volts"),
    "mAh": ("milliamp hour", "milliamp hours"),
}
_UNIT = (
    r"(?<![\w.,])-?"
    + _NUMBER
    + r"\s?("
    + "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
    + r")(?![\w/°])"
)


def _unit(match: re.Match[str]) -> str:
    negative = match[0].startswith("-")
    singular, plural = _UNITS[match[3]]
    one = match[2] is None and match[1] == "1"
    spoken = f"{_number(match[1], match[2])} {singular if one else plural}"
    return f"minus {spoken}" if negative else spoken


# Other number forms --------------------------------------------------------

_PERCENT = _NUMBER + r"\s?(%|per ?cent\b)"
_ORDINAL = r"\b(\d+)(st|nd|rd|th)\b"
_DECADE = r"\b(1[1-9]\d|20\d)0s\b|['’]([2-9])0s\b"
_YEAR = r"(?<![\d.,$€£¥])\b(1[1-9]\d\d|20\d\d)\b(?![.,]\d|\s?%)"
_RANGE = r"(?<!\d[.,])(?<![\d-])(\d{1,4})\s?[–-]\s?(\d{1,4})(?![\d-]|[.,]\d)"
_NEGATIVE = r"(?<![\w.])[-−](?=\d)"
_DECIMAL = r"(?<![\d.])(\d*)\.(\d+)"
_INTEGER = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
_APPROXIMATELY = r"(?<!\S)~(?=\d)"
_NUMBER_SIGN = r"(?<![\w&])#(?=\d)"
_POWER = r"(?<=\w)\s?\^\s?(\d+)\b"


def _power(match: re.Match[str]) -> str:
    return f" to the power of {match[1]}"


def _percent(match: re.Match[str]) -> str:
    return f"{_number(match[1], match[2])} percent"


def _ordinal(match: re.Match[str]) -> str:
    """ "21st" -> "twenty-first"; a run of more than 15 digits is an identifier, read digit by digit like integers."""
    digits = match[1]
    return _digits(digits) if len(digits) > 15 else _words(int(digits), to="ordinal")


def _decade(match: re.Match[str]) -> str:
    """ "1990s" -> "nineteen nineties", "2000s" -> "two thousands", "'80s" -> "eighties"."""
    spoken = _year(match[1] + "0") if match[1] else _words(int(match[2]) * 10)
    return spoken[:-1] + "ies" if spoken.endswith("y") else spoken + "s"


def _range(match: re.Match[str]) -> str:
    return f"{match[1]} to {match[2]}"


def _decimal(match: re.Match[str]) -> str:
    return _number(match[1], match[2])


def _integer_match(match: re.Match[str]) -> str:
    return _integer(match[0])


# Words ---------------------------------------------------------------------


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ABBREVIATIONS: list[Rule] = [
    (r"(?i)\be\.\s?g\.(?!\w)", "for example"),
    (r"(?i)\bi\.\s?e\.(?!\w)", "that is"),
    (r"\betc\.(?=\s+[\"“(]?[A-Z]|\s*$)", "et cetera."),
    (r"\betc\.?(?!\w)", "et cetera"),
    (r"(?i)\bvs\.?(?!\w)", "versus"),
    (r"\bcf\.(?!\w)", "compare"),
    (r"(?i)\bapprox\.(?!\w)", "approximately"),
    (r"\bincl\.(?!\w)", "including"),
    (r"\bDr\.(?=\s*[A-Z])", "Doctor"),
    (r"\bProf\.(?=\s*[A-Z])", "Professor"),
    (r"\bMr\.(?=\s*[A-Z])", "Mister"),
    (r"\bMrs\.(?=\s*[A-Z])", "Missus"),
    (r"\bMs\.(?=\s*[A-Z])", "Miz"),
    (r"\bSt\.(?=\s*[A-Z][a-z])", "Saint"),
    (r"\bJr\.(?!\w)", "Junior"),
    (r"\b[Nn]o\.(?=\s?\d)", "number"),
    (r"\bFig\.(?=\s?\d)", "Figure"),
]

_DOTTED_INITIALISM = r"\b((?:[A-Z]\.){2,})"
_NEXT_SENTENCE = r"\s+[\"“(]?[A-Z]|\s*$"
_URL = r"(?i)(?:(?:https?|ftp)://|\bwww\.)([\w-]+(?:\.[\w-]+)*)[^\s<>\"']*"
_TRAILING_PUNCTUATION = r"[.,;:!?)\]]*$"
_EMAIL = r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b"
_FOOTNOTE = (
    r"\[\^[^\]\s]{1,20}\]"  # Markdown [^1] / [^note]
    r"|(?<=[\w.,;:!?)\"'’”])\[(?:\d{1,3}|[a-z]|citation needed|note \d+)\]"  # Wikipedia-style [1], [a]
    r"|(?:(?<=[A-Za-z]{2})|(?<=[.,;:!?)\"'’”]))\^\d{1,3}\b"  # caret ^1 after a word (x^2 is a power)
    r"|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+"  # superscript digits
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


def _dotted(host: str) -> str:
    return " dot ".join(part for part in host.split(".") if part)


def _url(match: re.Match[str]) -> str:
    return f"link to {_dotted(_host(match))}{_trailing(match)}"


def _host(match: re.Match[str]) -> str:
    return match[1].lower().removeprefix("www.")


def _host_only(match: re.Match[str]) -> str:
    return _host(match) + _trailing(match)


def _trailing(match: re.Match[str]) -> str:
    """The punctuation after an address, which belongs to the sentence rather than to the address."""
    trailing = _compiled(_TRAILING_PUNCTUATION).search(match[0])
    return trailing[0] if trailing else ""


def _email(match: re.Match[str]) -> str:
    return f"{_dotted(match[1])} at {_dotted(match[2])}"


_GLUED_NUMBER = r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
_BY = r"(?<!\b0)(?<=\d)\s?[x×]\s?(?=\d+\b)"
"""1920x1080, but not hex 0x40."""
_SYMBOLS: list[Rule] = [
    (r"(?<=\s)=(?=\s)", "equals"),
    (r"(?<=\s)\+(?=\s)", "plus"),
    (r"\s?&\s?", " and "),
]

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
    return f" {name}, {_words(len(match[0]) // len(match[1]))} times "


def _drop_emoji(match: re.Match[str]) -> str:
    return " " if _emoji_name(match[1]) else match[0]


# The rule sets --------------------------------------------------------------

_NUMBERS: list[Rule] = [
    (_ISO_DATE, _iso_date),
    (_MONTH_DAY, _month_day),
    (_DAY_MONTH, _day_month),
    (_TIME, _time),
    (_RATIO, r"\1 to \2"),
    (_HOUR_MERIDIEM, _hour_meridiem),
    (_SYMBOL_MONEY, _symbol_money),
    (_CODE_MONEY, _code_money),
    (_PERCENT, _percent),
    (_UNIT, _unit),
    (_ORDINAL, _ordinal),
    (_DECADE, _decade),
    (_RANGE, _range),
    (_YEAR, lambda match: _year(match[1])),
    (_GLUED_NUMBER, " "),
    (_POWER, _power),
    (_NEGATIVE, "minus "),
    (_APPROXIMATELY, "about "),
    (_NUMBER_SIGN, "number "),
    (_BY, " by "),
    (_DECIMAL, _decimal),
    (_INTEGER, _integer_match),
]


Stage = tuple["re.Pattern[str]", list[Rule]]
"""Rules that run only when their trigger occurs in the text: most sentences hold no digits, addresses or emoji,
and skipping their rules makes a book-length article's script several times faster to build."""

_ADDRESS_TRIGGER = re.compile(r"://|www\.|@")
_FOOTNOTE_TRIGGER = re.compile(r"[\[^\u00b9\u00b2\u00b3\u2070-\u2079]")
_EMOJI_TRIGGER = re.compile(_EMOJI_CHARACTER)
_ABBREVIATION_TRIGGER = re.compile(r"\.|\b(?:vs|etc)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_SYMBOL_TRIGGER = re.compile(r"[=+&]")
_CAPITALS = re.compile(r"[A-Z]{2}")

_ENGLISH: list[Stage] = [
    (_ADDRESS_TRIGGER, [(_URL, _url), (_EMAIL, _email)]),
    (_FOOTNOTE_TRIGGER, [(_FOOTNOTE, "")]),
    (_EMOJI_TRIGGER, [(_REPEATED_EMOJI, _repeated_emoji), (_EMOJI, _emoji)]),
    (_ABBREVIATION_TRIGGER, [*_ABBREVIATIONS, (_DOTTED_INITIALISM, _dotted_initialism)]),
    (_DIGIT, _NUMBERS),
    (_SYMBOL_TRIGGER, _SYMBOLS),
    (_CAPITALS, [(_CAPITALS_RUN, _shouting), (_ACRONYM, _acronym)]),
]

_ANY_LANGUAGE: list[Stage] = [
    (_ADDRESS_TRIGGER, [(_URL, _host_only)]),
    (_FOOTNOTE_TRIGGER, [(_FOOTNOTE, "")]),
    (_EMOJI_TRIGGER, [(_EMOJI, _drop_emoji)]),
]

_PLAIN_INTEGER = r"(?<![\d.,])\d{1,15}(?![\d.,]\d)"


def _english(language: str) -> bool:
    return not language or language.lower().split("-")[0] == "en"


@lru_cache(maxsize=64)
def _num2words_language(language: str) -> str | None:
    """The num2words code for a BCP 47 tag (``pt-BR`` -> ``pt_BR``), or None if it has none."""
    from num2words import CONVERTER_CLASSES

    tag = language.replace("-", "_")
    for code in (tag, tag.split("_")[0].lower()):
        if code in CONVERTER_CLASSES:
            return str(code)
    return None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled the first time a text needs it: most articles never need most rules."""
    return re.compile(pattern)


def _apply(stages: list[Stage], text: str) -> str:
    for trigger, rules in stages:
        if trigger.search(text):
            for pattern, replacement in rules:
                text = _compiled(pattern).sub(replacement, text)
    return text


def normalize(text: str, language: str = "", rewrite: Callable[[str], str] | None = None) -> str:
    """Clean ``text`` and rewrite it as it should be said in ``language`` (empty: English).

    ``rewrite`` runs on the cleaned text before the language rules: the
    pronunciation lexicon, so the user's spellings win over the built-in rules.
    """
    text = clean(text)
    if rewrite is not None:
        text = clean(rewrite(text))
    if _english(language):
        return _fold(_apply(_ENGLISH, text))
    text = _apply(_ANY_LANGUAGE, text)
    if any(character.isdigit() for character in text) and (code := _num2words_language(language)) is not None:
        text = _compiled(_PLAIN_INTEGER).sub(lambda match: _words(int(match[0]), lang=code), text)
    return _fold(text)


# Sentences -----------------------------------------------------------------

_SENTENCE_END = re.compile(
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
    for end in [match.end() for match in _SENTENCE_END.finditer(text)] + [len(text)]:
        sentences.extend(_cut_long(text[start:end].strip()))
        start = end
    return [sentence for sentence in sentences if sentence]


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

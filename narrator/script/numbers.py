"""Numbers, money, units, dates and times as a language says them.

One set of rules serves every language with a :class:`~narrator.script.wording.Wording`:
the patterns take that language's separators, month names and unit symbols,
and the replacements its words, with numbers spelled by num2words. Rules run
in order over a text, from the most specific written form to plain numbers:
identifiers and phone numbers (digit by digit, never one huge number), dates,
times, ranges, money, percentages, fractions, versions, units and rates,
multipliers, ordinals, years, and last any number left. A number that touches
a separator no rule understood is left whole for the engine, never converted
in part ("eins5.000").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from num2words import num2words

from narrator.script.wording import Gendered, Wording

Replacement = Callable[["re.Match[str]"], str]
Rule = tuple["re.Pattern[str]", "str | Replacement", "re.Pattern[str] | None"]
"""A pattern, what its matches become, and a guard the text must match for the pattern to be tried at all."""

_LETTER = r"[^\W\d_]"
_SPACES = "\u00a0\u202f\u2009"
"""No-break, narrow no-break and thin spaces, which group thousands in every language (SI style)."""
_VULGAR = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅖": (2, 5),
    "⅗": (3, 5),
    "⅘": (4, 5),
    "⅙": (1, 6),
    "⅚": (5, 6),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "R$": "BRL"}
_IDENTIFIER_NAMES = r"ISBN(?:-1[03])?|ISSN|PMID|PMCID|EAN|arXiv|Tel\.?|Fax|Phone|Telefon|Téléphone|Teléfono"
TRIGGER = re.compile(f"[\\d{''.join(_VULGAR)}]|\\b[IVX]+(?:er|e|ème)\\s")
"""What a text must hold for any of these rules to apply."""
_IDENTIFIER_GUARD = (
    r"IBAN|ISBN|ISSN|PMID|PMC|EAN|arXiv|Tel|Fax|Phone|Telefon|Téléphone|Teléfono|\+\d|\d-\d|\(\d|0x|[0-9a-fA-F]{6}"
)
MAX_SPELLED = 15
"""Digits: longer runs (account numbers, identifiers) are read digit by digit."""
MAX_UNGROUPED = 7
"""Digits written without thousands separators: longer runs are identifiers (ids, codes), read digit by digit."""
_GERMAN_ORDINAL_NOUNS = {
    **dict.fromkeys(
        ["Jahrhundert", "Jahrtausend", "Mal", "Kapitel", "Semester", "Quartal", "Halbjahr", "Lebensjahr"], "s"
    ),
    **dict.fromkeys(["Platz", "Stock", "Geburtstag", "Jahrestag", "Spieltag", "Weltkrieg"], "r"),
    **dict.fromkeys(["Klasse", "Auflage", "Ausgabe", "Liga", "Runde", "Etage", "Bundesliga"], ""),
}
"""Nouns a German number with a dot before them makes an ordinal, whatever word comes before ("das gesamte 20.
Jahrhundert"), and the ordinal's ending when no article says it ("Zweiter Weltkrieg", "20. Jahrhundert":
"zwanzigstes")."""


@lru_cache(maxsize=8192)
def _num2words(number: int, code: str, to: str) -> str:
    """num2words' words without the commas it puts between thousands, which an engine would pause at."""
    return str(num2words(number, lang=code, to=to)).replace(",", "")


@dataclass(frozen=True)
class Speaker:
    """Says numbers in one language."""

    wording: Wording

    def cardinal(self, number: int, gender: str = "") -> str:
        """``number`` in words; with a ``gender`` (m, f, n), the form before a noun of that gender."""
        return _agree(_num2words(number, self.wording.code, "cardinal"), gender, self.wording.code)

    def ordinal(self, number: int, gender: str = "") -> str:
        words = _num2words(number, self.wording.code, "ordinal")
        if gender == "f" and self.wording.code in ("es", "pt", "it"):
            words = " ".join(word[:-1] + "a" if word.endswith("o") else word for word in words.split())
        return words

    def year(self, number: int) -> str:
        return _num2words(number, self.wording.code, "year" if self.wording.years_said_apart else "cardinal")

    def digits(self, digits: str) -> str:
        """Each digit on its own ("zero zero seven"); letters (an ISBN's X, a hash's f) spelled as capitals ("G.B")."""
        runs = re.findall(r"\d|[^\W\d_]+", digits)
        return " ".join(self.cardinal(int(run)) if run.isdigit() else ".".join(run.upper()) for run in runs)

    def integer(self, digits: str, gender: str = "") -> str:
        """An integer as words; digit by digit when it is an identifier (a leading zero, very long)."""
        if (len(digits) > 1 and digits.startswith("0")) or len(digits) > MAX_SPELLED:
            return self.digits(digits)
        return self.cardinal(int(digits), gender)

    def number(self, written: str, gender: str = "") -> str:
        """A written number in this language's notation ("15.000", "3,14", "1,234.5") as words."""
        integer, fraction = self.split(written)
        if len(integer) > MAX_UNGROUPED and integer.isdigit() and written.startswith(integer):
            return self.digits(written)
        if fraction:
            spoken = self.integer(integer) if integer else self.cardinal(0)
            return f"{spoken} {self.wording.point} {self.fraction(fraction)}"
        return self.integer(integer, gender)

    def fraction(self, digits: str) -> str:
        """The digits after the decimal separator: one by one, or as a number where the language says them so."""
        if not self.wording.decimals_as_number or len(digits) > 3:
            return self.digits(digits)
        zeros = len(digits) - len(digits.lstrip("0"))
        rest = digits[zeros:]
        return " ".join([self.cardinal(0)] * zeros + ([self.cardinal(int(rest))] if rest else []))

    def split(self, written: str) -> tuple[str, str]:
        """Integer and fraction digits of a written number; a lone dot that groups no thousands is a decimal point."""
        written = re.sub(f"[{_SPACES} ]", "", written)
        separator = self.wording.decimal
        if separator not in written and separator == "," and re.fullmatch(r"\d+\.(?:\d{1,2}|\d{4,})", written):
            separator = "."  # "1.5 GB" in a German text: no thousands are grouped like that
        integer, _, fraction = written.partition(separator)
        return integer.replace(".", "").replace(",", ""), fraction

    def is_one(self, written: str) -> bool:
        integer, fraction = self.split(written)
        return integer.lstrip("0") == "1" and not fraction.strip("0")

    def counted(self, written: str, noun: Gendered) -> str:
        """ "1 Stunde" -> "eine Stunde", "2 km" -> "two kilometers": the number agreeing with its noun."""
        singular, plural, gender = noun
        return f"{self.number(written, gender)} {singular if self.is_one(written) else plural}"


def _agree(words: str, gender: str, code: str) -> str:
    """A cardinal before a noun: "eins" -> "ein"/"eine", "un" -> "une", "uno" -> "un"/"una", "dois" -> "duas"."""
    if not gender:
        return words
    if code == "de" and words == "eins":
        return "eine" if gender == "f" else "ein"
    if code == "fr" and gender == "f" and (words == "un" or words.endswith((" un", "-un"))):
        return words + "e"
    if code == "es" and words.endswith("uno"):
        if gender == "f":
            return words[:-1] + "a"
        return "veintiún" if words == "veintiuno" else words[:-1]
    if code == "it" and words == "uno":
        return "una" if gender == "f" else "un"
    if code == "pt" and gender == "f":
        if words == "um" or words.endswith(" um"):
            return words + "a"
        if words == "dois" or words.endswith(" dois"):
            return words[:-4] + "duas"
    return words


_NUMBERED_LABELS = frozenset(
    [
        "Table",
        "Figure",
        "Fig",
        "Listing",
        "Example",
        "Chapter",
        "Equation",
        "Eq",
        "Tabelle",
        "Abbildung",
        "Abb",
        "Kapitel",
        "Tableau",
        "Tabla",
        "Figura",
        "Tabella",
        "Capítulo",
        "Capitolo",
        "Hoofdstuk",
        "Tabel",
        "Afbeelding",
    ]
)
"""Words before a hyphenated number that is a label ("Table 6-1"), not a range."""
_NEXT_WORD = re.compile(rf"\s+({_LETTER}+)")
_HALF = {"es": ("medio", "media"), "pt": ("meio", "meia"), "it": ("mezzo", "mezza"), "de": ("ein halber", "eine halbe")}
"""A half before a noun, masculine and feminine, where the language makes it agree."""


_NEXT_SENTENCE = re.compile(r"\s+[\"“(]?[A-Z]|\s*$")


def _sentence_end(match: re.Match[str]) -> str:
    """The full stop of "p.m." kept where it also ends the sentence ("at 5 p.m. Then")."""
    return "." if match[0].endswith(".") and _NEXT_SENTENCE.match(match.string, match.end()) else ""


def _noun_after(match: re.Match[str]) -> str:
    noun = _NEXT_WORD.match(match.string, match.end())
    return noun[1] if noun else ""


_GERMAN_FEMININE = re.compile(r"[a-zäöüß](?:e|ung|heit|keit|schaft|ion|tät|ei)$")


def _gender(code: str, noun: str) -> str:
    """The likely gender of ``noun`` from its ending, where that is a good guess: "" when it is not."""
    if code == "de":
        if not noun[0].isupper():
            return ""
        return "f" if _GERMAN_FEMININE.search(noun) else "m"
    if code in ("es", "it", "pt") and noun.islower():
        return "f" if noun.endswith(("a", "as", "ione", "ioni")) else "m"
    return ""


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int | None:
    """A Roman numeral's value, or None when the letters are not one written the usual way."""
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    total = sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value for index, value in enumerate(values)
    )
    canonical = re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", numeral)
    return total if canonical and total else None


def _alternatives(names: Iterable[str]) -> str:
    """A regex alternation of ``names``, longest first, so "kWh" wins over "kW"."""
    return "|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name)))


def _word_before(match: re.Match[str]) -> str:
    before = re.search(r"(\w+)\s+$", match.string[max(0, match.start() - 20) : match.start()])
    return before[1] if before else ""


@cache
def rules(wording: Wording, month_first: bool = False) -> tuple[Rule, ...]:
    """The rules of one language, compiled once; ``month_first`` for American dates ("1/14/2020")."""
    return _Rules(Speaker(wording), month_first).all()


class _Rules:
    """Builds the patterns and replacements of one language."""

    def __init__(self, speaker: Speaker, month_first: bool) -> None:
        self.say = speaker
        self.words = wording = speaker.wording
        self.month_first = month_first
        decimal = re.escape(wording.decimal)
        group = f"[{_SPACES},]" if wording.decimal == "." else f"[{_SPACES}.]"
        if wording.code == "fr":
            group = f"[{_SPACES} .]"
        self.number = rf"(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}\d+)?"
        """A number in the language's own notation."""
        loose = r"|\d+\.(?:\d{1,2}|\d{4,})(?!\d)" if wording.decimal == "," else ""
        self.amount = rf"(?:\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?(?!\d){loose}|\d+(?:{decimal}\d+)?)"
        """A number before a unit or currency, where "1.5" is a decimal in any language."""
        self.start = r"(?<![\w.,/-])"
        self.end = r"(?![\d.,]\d|\d)"
        months = {name: number for number, name in enumerate(wording.months, start=1)}
        months |= {name.capitalize(): number for name, number in months.items()}
        abbreviations = wording.month_abbreviations | {
            name.capitalize(): number for name, number in wording.month_abbreviations.items()
        }
        self.month_numbers = months | abbreviations
        self.month = rf"({_alternatives(months)}|(?:{_alternatives(abbreviations)})\.?)(?!\w)"

    def all(self) -> tuple[Rule, ...]:
        """Every rule in order, each behind a guard: a quick search for what its written form cannot lack.

        Most patterns open with a look-behind, which the regular expression engine tries at every character;
        a guard that opens with a literal or a character class is skipped through in C. On a book-length
        article the guards make the number rules several times faster.
        """
        w = self.words
        vulgar = "".join(_VULGAR)
        currencies = _alternatives([*_CURRENCY_SYMBOLS, *w.currencies])
        groups: list[tuple[str | None, list[tuple[str, str | Replacement]]]] = [
            (_IDENTIFIER_GUARD, self.identifiers()),
            (r"[~#]\d|\+", self.signs()),
            (rf"\d[./-]\d|{self.month}", self.dates()),
            (r"\d\s?[–-]\s?\d|\d\.\.\d", self.ranges()),
            (r"\d\s?(?:[:.h]\s?\d|Uhr|[AaPp]\.?[Mm]\b|[hj]\s?/|h\b)", self.times()),
            (r"\d:\d", [(r"(?<![\d:.])(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(?![\d:])", rf"\1 {w.ratio} \2")]),
            (currencies, self.money()),
            (r"1\s", self.one_scale()),
            ("%", [(self.start + rf"({self.amount})\s?%", self.percent)]),
            (f"[/{vulgar}]", self.fractions()),
            (
                r"\d\.\d|[vV]\d",
                [
                    (
                        r"(?<![\w.])(?:[vV]?\d+(?:\.\d+){2,}|[vV]\d+(?:\.\d+)*|\d+(?:\.\d+)+\.[xX*])"
                        r"(?:/[vV]?\d+(?:\.\d+)+)*(?![\w*]|[.,]\d)",
                        self.version,
                    )
                ],
            ),
            (r"0s\b", self.decades()),
            (r"\d\s?(?:[^\W\d]|°)", self.units()),
            (r"\d\s?[x×]", [(self.start + rf"({self.amount})\s?[x×](?=[\s,.;:!?)]|$)", self.multiplier)]),
            (r"\d\s?(?:[^\W\d]|\.\s)|[ºª]|[IVX](?:er|e|ème)\s", self.ordinals()),
            (
                r"1[1-9]\d\d|20\d\d",
                [
                    (
                        r"(?<![\d.,$€£¥])\b(1[1-9]\d\d|20\d\d)\b(?![.,]\d|\s?%)",
                        lambda match: self.say.year(int(match[1])),
                    )
                ],
            ),
            (r"\d\s?[x×]\s?\d", [(r"(?<!\b0)(?<=\d)\s?[x×]\s?(?=\d+\b)", f" {w.by} ")]),
            (r"\^", [(r"(?<=\w)\s?\^\s?(\d+)\b", rf" {w.power} \1")]),
            (r"[-−]\d", [(r"(?<![\w.])[-−](?=\d)", f"{w.minus} ")]),
            (
                r"[^\W\d_]\d|\d[^\W\d_]",
                [
                    (rf"(?<={_LETTER})(?=\d)", " "),
                    (rf"(?<![\d.,])({self.number})(?={_LETTER})", lambda match: self.say.number(match[1]) + " "),
                ],
            ),
        ]
        if w.decimal == ",":  # a lone dot that groups no thousands: a version or an English-style decimal
            groups.append((r"\d\.\d", [(r"(?<![\w.,])(\d+)\.(\d{1,2}|\d{4,})(?![\w]|[.,]\d)", self.version)]))
        else:
            groups.append(
                (r"\.\d", [(r"(?<![\w.,])\.(\d+)" + self.end, lambda match: self.say.number("0." + match[1]))])
            )
        groups.append((None, [(r"(?<![\d.,])" + self.number + self.end, self.plain_number)]))
        return tuple(
            (re.compile(pattern), replacement, re.compile(guard) if guard else None)
            for guard, rules in groups
            for pattern, replacement in rules
        )

    def signs(self) -> list[tuple[str, str | Replacement]]:
        """ "~5" about five, "#1" number one, "+5" and "100+"."""
        w = self.words
        return [
            (r"(?<!\S)~(?=\d)", f"{w.about} "),
            (r"(?<![\w&])#(?=\d)", f"{w.number_sign} "),
            (r"(?<![\w+])\+(?=\d)", f"{w.symbols['+']} "),
            (r"(?<=\d)\+(?=\s|$)", f" {w.symbols['+']}"),
        ]

    def ranges(self) -> list[tuple[str, str | Replacement]]:
        """ "1..10", "10–20", "9:00-17:00": the numbers stay for the later rules, joined by "to"."""
        to = self.words.to
        return [
            (r"(?<![\w.])(\d+)\.\.(\d+)(?![\w.])", rf"\1 {to} \2"),
            (self.start + rf"({self.number})\s?[–-]\s?({self.number})(?!\d|[–-]\d|[.,]\d)", self.range),
            (r"\b(\d{1,2}[:.h]\d\d)\s?[–-]\s?(?=\d{1,2}[:.h]\d\d)", rf"\1 {to} "),
        ]

    def one_scale(self) -> list[tuple[str, str | Replacement]]:
        """ "1 Millionen" (from "1 Mio.") -> "eine Million"."""
        if not self.words.one_scale:
            return []
        scales = _alternatives(self.words.one_scale)
        return [(rf"(?<![\d.,])1\s({scales})\b", self.one_of_scale)]

    def one_of_scale(self, match: re.Match[str]) -> str:
        singular, gender = self.words.one_scale[match[1]]
        return f"{self.say.cardinal(1, gender)} {singular}"

    def plain_number(self, match: re.Match[str]) -> str:
        """A number agreeing with the noun after it, where the noun's ending tells its gender ("una cebolleta")."""
        noun = _NEXT_WORD.match(match.string, match.end())
        return self.say.number(match[0], _gender(self.words.code, noun[1]) if noun else "")

    # Identifiers ---------------------------------------------------------------------------------

    def identifiers(self) -> list[tuple[str, str | Replacement]]:
        """Phone numbers, ISBNs, PubMed ids and hashes: digit by digit in groups, or announced and skipped."""
        return [
            (r"\bIBAN:?\s*[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{1,4})+\b", self.iban),
            (rf"\b({_IDENTIFIER_NAMES})(:?\s*)([\dX+(][\dX\s()./+-]{{3,}}[\dX])\b", self.identifier),
            (r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?![\w])", self.phone),
            (r"\b\d+(?:-\d+){3,}\b", self.phone),
            (r"(?<![\w(])\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b|\b\d{3}-\d{3}-\d{4}\b", self.phone),
            (r"\bPMC(\d{4,})\b", lambda match: f"PMC {self.say.digits(match[1])}"),
            (r"\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b", self.words.long_code),
            (r"\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}\b", self.hex_string),
        ]

    def identifier(self, match: re.Match[str]) -> str:
        plus = f"{self.words.symbols['+']} " if match[3].startswith("+") else ""
        return f"{match[1]}{match[2]}{plus}{self.grouped_digits(match[3])}"

    def iban(self, match: re.Match[str]) -> str:
        groups = re.findall(r"[0-9A-Z]+", match[0].removeprefix("IBAN"))
        return "IBAN " + ", ".join(self.say.digits(group) for group in groups)

    def phone(self, match: re.Match[str]) -> str:
        plus = f"{self.words.symbols['+']} " if match[0].startswith("+") else ""
        return plus + self.grouped_digits(match[0])

    def grouped_digits(self, written: str) -> str:
        """Digit by digit, with a pause where the writer grouped them."""
        groups = re.findall(r"[\dX]+", written)
        return ", ".join(self.say.digits(group) for group in groups)

    def hex_string(self, match: re.Match[str]) -> str:
        written = match[0]
        return self.words.long_code if len(written) >= 16 else self.say.digits(written)

    # Dates and times -----------------------------------------------------------------------------

    def dates(self) -> list[tuple[str, str | Replacement]]:
        day = r"(0?[1-9]|[12]\d|3[01])"
        rules: list[tuple[str, str | Replacement]] = [
            (r"\b(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b", self.iso_date),
            (
                r"(?<![\w.,/-])(\d{4})([/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\w/-]|[.,]\d)",
                self.year_first_date,
            ),
            (r"(?<![\w.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\w/-]|[.,]\d)", self.numeric_date),
            (r"(?<![\w.,/-])(\d\d)([./-])(\d\d)\2(\d\d)(?![\w/-]|[.,]\d)", self.numeric_date),
        ]
        year = r"(?:,?\s(?:de\s)?(\d{4})\b)?"
        suffix = rf"(?:{self.words.ordinal_suffixes})?" if self.words.ordinal_suffixes else ""
        if self.words.code == "de":
            rules.append((rf"\b{day}\.\s?{self.month}{year}", self.day_month))
            articles = _alternatives(self.words.ordinal_articles)
            rules.append((rf"\b({articles}) {day}\.(0?[1-9]|1[0-2])\.(?!\d)", self.day_month_numbers))
        else:
            rules.append((rf"\b{day}{suffix}\s(?:de\s|of\s)?{self.month}{year}", self.day_month))
        if self.words.code == "en":
            rules.append((rf"\b{self.month}\s{day}{suffix}\b{year}", self.month_day))
        return rules

    def date(self, day: int, month: int, year: str | None, before: str = "") -> str:
        w = self.words
        if w.code == "en":
            spoken = w.date.format(day=self.say.ordinal(day), month=w.months[month - 1])
        elif w.code == "de":
            ending = w.ordinal_articles.get(before, "r")
            spoken = w.date.format(day=self.say.ordinal(day) + ending, month=w.months[month - 1])
        else:
            said_day = w.first_day if day == 1 and w.first_day else self.say.cardinal(day)
            spoken = w.date.format(day=said_day, month=w.months[month - 1])
        return f"{spoken}{w.year_joiner}{self.say.year(int(year))}" if year else spoken

    def day_month_numbers(self, match: re.Match[str]) -> str:
        """German "am 3.10.": a day and a month, no year."""
        return f"{match[1]} {self.date(int(match[2]), int(match[3]), None, match[1])}"

    def iso_date(self, match: re.Match[str]) -> str:
        return self.date(int(match[3]), int(match[2]), match[1], _word_before(match))

    def year_first_date(self, match: re.Match[str]) -> str:
        return self.date(int(match[4]), int(match[3]), match[1], _word_before(match))

    def numeric_date(self, match: re.Match[str]) -> str:
        first, second, year = int(match[1]), int(match[3]), match[4]
        day, month = (second, first) if self.month_first else (first, second)
        if month > 12 and day <= 12:
            day, month = month, day
        if not (1 <= month <= 12 and 1 <= day <= 31) or (match[2] == "." and self.words.decimal == "."):
            return match[0]
        if len(year) == 2:
            return self.date(day, month, None, _word_before(match)) + f" {self.say.cardinal(int(year))}"
        return self.date(day, month, year, _word_before(match))

    def day_month(self, match: re.Match[str]) -> str:
        month = self.month_number(match[2])
        if self.words.code == "en":
            the = "" if _word_before(match).lower() == "the" else "the "
            spoken = f"{the}{self.say.ordinal(int(match[1]))} of {self.words.months[month - 1]}"
            return f"{spoken}, {self.say.year(int(match[3]))}" if match[3] else spoken
        return self.date(int(match[1]), month, match[3], _word_before(match))

    def month_day(self, match: re.Match[str]) -> str:
        return self.date(int(match[2]), self.month_number(match[1]), match[3])

    def month_number(self, written: str) -> int:
        return self.month_numbers[written.rstrip(".")]

    def times(self) -> list[tuple[str, str | Replacement]]:
        hours, minutes = r"([01]?\d|2[0-3])", r"([0-5]\d)"
        rules: list[tuple[str, str | Replacement]] = [
            (rf"\b{hours}[:.]{minutes}\s?(?:Uhr|h)\b", self.time),
            (rf"\b{hours}\s?h\s?{minutes}\b", self.time),
        ]
        rules.append((rf"\b{hours}:{minutes}:([0-5]\d)\b", self.time_with_seconds))
        if self.words.code == "en":
            rules.append((rf"\b{hours}:{minutes}(?![:\d])(?:\s?([AaPp])\.?[Mm]\b\.?)?", self.time))
            rules.append((r"\b(1[0-2]|0?[1-9])\s?([AaPp])\.?[Mm]\b\.?", self.hour_meridiem))
        else:  # "03:48 pm" in a German forum: said on the 24-hour clock
            rules.append((rf"\b{hours}:{minutes}(?![:\d])(?:\s?([AaPp])\.?[Mm]\b\.?(?=\s*(?:[,;)]|$)))?", self.time))
        if self.words.code == "de":
            rules.append((rf"\b{hours}\s?Uhr\b", self.time))
            rules.append((rf"(?<=\bum\s){hours}\.{minutes}\b", self.time))
        if self.words.code == "fr":  # "24h/24", "7j/7"
            rules.append((r"\b(\d+)\s?([hj])\s?/\s?(\d+)\b", self.around_the))
        if self.words.code in ("fr", "pt"):
            rules.append((rf"(?<![\w,.]){hours}\s?h(?!\w)", self.time))
        return rules

    def around_the(self, match: re.Match[str]) -> str:
        """French "24h/24": "vingt-quatre heures sur vingt-quatre"; "7j/7": "sept jours sur sept"."""
        noun, gender = ("heures", "f") if match[2] == "h" else ("jours", "m")
        return f"{self.say.cardinal(int(match[1]), gender)} {noun} sur {self.say.cardinal(int(match[3]))}"

    def time_with_seconds(self, match: re.Match[str]) -> str:
        seconds = self.say.counted(match[3], self.words.units["s"])
        return f"{self.time(match, with_seconds=True)} {self.words.symbols['&']} {seconds}"

    def time(self, match: re.Match[str], with_seconds: bool = False) -> str:
        w = self.words
        hour = int(match[1])
        minute = int(match[2]) if match.lastindex and match.lastindex >= 2 and match[2] else 0
        meridiem = match[3] if match.lastindex and match.lastindex >= 3 and not with_seconds else None
        if meridiem and w.code != "en":
            hour = hour % 12 + (12 if meridiem in "Pp" else 0)
            meridiem = None
        noun = w.hour_noun
        gender = noun[2] if noun else w.hour_gender
        noun_word = (noun[0] if hour == 1 else noun[1]) if noun else ""
        hours = self.say.cardinal(hour, gender)
        if minute == 0 and w.code == "en" and hour > 12:
            spoken = f"{hours} hundred"  # "18:00": "eighteen hundred"
        elif minute == 0:
            spoken = hours if meridiem else w.full_hour.format(hours=hours, noun=noun_word)
        elif w.code == "en" and minute < 10:
            spoken = f"{hours} oh {self.say.cardinal(minute)}"
        else:
            minutes = self.say.cardinal(minute, "f" if w.code == "fr" else "")  # "six heures une"
            spoken = w.time.format(hours=hours, noun=noun_word, minutes=minutes)
        return spoken + (f" {meridiem.lower()} m{_sentence_end(match)}" if meridiem else "")

    def hour_meridiem(self, match: re.Match[str]) -> str:
        return f"{self.say.cardinal(int(match[1]))} {match[2].lower()} m{_sentence_end(match)}"

    # Money and percentages -----------------------------------------------------------------------

    def money(self) -> list[tuple[str, str | Replacement]]:
        symbols = _alternatives(symbol for symbol, code in _CURRENCY_SYMBOLS.items() if code in self.words.currencies)
        codes = _alternatives(self.words.currencies)
        scales = _alternatives({*self.words.scales, *self.words.scales.values(), "thousand", "million", "billion"})
        scale = rf"(?:\s?({scales})(?!\w))?"
        return [
            (rf"(?<![\w$])({symbols}|\b(?:{codes})\b)\s?({self.amount}){scale}", self.money_before),
            (self.start + rf"({self.amount}){scale}\s?({symbols}|\b(?:{codes})\b)", self.money_after),
        ]

    def money_before(self, match: re.Match[str]) -> str:
        return self.amount_of(match[1], match[2], match[3])

    def money_after(self, match: re.Match[str]) -> str:
        return self.amount_of(match[3], match[1], match[2])

    def amount_of(self, currency: str, written: str, scale: str | None) -> str:
        w = self.words
        name, hundredth = w.currencies[_CURRENCY_SYMBOLS.get(currency, currency)]
        if scale:  # "$1.5 billion", "2,5 Mio. €": the number, the scale, then the currency
            scale = w.scales.get(scale, scale)
            currency = name[1]
            if w.scale_of:  # "millions d'euros", "millones de euros"
                elided = w.scale_of.endswith("e") and w.code == "fr" and currency[0] in "aeiouéè"
                currency = f"{w.scale_of[:-1]}'{currency}" if elided else f"{w.scale_of} {currency}"
            if self.say.is_one(written) and scale in w.one_scale:  # "eine Million Euro", "un millón de euros"
                singular, gender = w.one_scale[scale]
                return f"{self.say.number(written, gender)} {singular} {currency}"
            return f"{self.say.number(written)} {scale} {currency}"
        integer, fraction = self.say.split(written)
        if not fraction or hundredth is None or len(fraction) > 2:
            return self.say.counted(written, name)
        cents = int(fraction.ljust(2, "0"))
        parts = []
        if int(integer or "0") or not cents:
            parts.append(self.say.counted(integer or "0", name))
        if cents:
            parts.append(self.say.counted(str(cents), hundredth))
        return f" {w.money_and} ".join(parts)

    def percent(self, match: re.Match[str]) -> str:
        return self.say.counted(match[1], self.words.percent)

    # Fractions and versions ----------------------------------------------------------------------

    def fractions(self) -> list[tuple[str, str | Replacement]]:
        vulgar = "".join(_VULGAR)
        return [
            (rf"(?<![\w.,])(\d+)\s?([{vulgar}])", self.mixed_vulgar),
            (r"(?<![\w.,/])(\d+)\s(\d)/(\d{1,2})(?![\w/]|[.,]\d)", self.mixed),
            (f"[{vulgar}]", lambda match: self.fraction(*_VULGAR[match[0]], noun=_noun_after(match))),
            (r"(?<![\w.,/])(\d+)/(\d+)(?![\w/]|[.,]\d)", self.slash),
        ]

    def fraction(self, numerator: int, denominator: int, *, in_mixed: bool = False, noun: str = "") -> str:
        """ "3/4" -> "three quarters"; before a ``noun`` a half agrees with it ("media taza", "meia xícara")."""
        w = self.words
        gender = _gender(w.code, noun) if noun else ""
        if (numerator, denominator) == (1, 2) and gender and w.code in _HALF:
            return _HALF[w.code][gender == "f"]
        one, several = w.fractions.get(denominator) or (
            self.say.ordinal(denominator),
            self.say.ordinal(denominator) + "s",
        )
        if numerator == 1:
            article = "a" if in_mixed and w.code == "en" else "" if in_mixed else w.one_part
            return f"{article} {one}".strip()
        return f"{self.say.cardinal(numerator)} {several}"

    def mixed_number(self, whole: int, numerator: int, denominator: int) -> str:
        w = self.words
        if whole == 1 and (numerator, denominator) == (1, 2) and w.one_and_a_half:
            return w.one_and_a_half
        if w.joins_mixed_fractions:
            parts = self.say.cardinal(numerator, "n") if numerator > 1 else "ein"
            name = w.fractions[denominator][0 if numerator == 1 else 1].lower() if denominator in w.fractions else ""
            return f"{self.say.cardinal(whole, 'n')}{parts}{name}"
        fraction = self.fraction(numerator, denominator, in_mixed=True)
        return w.and_a.format(whole=self.say.cardinal(whole), fraction=fraction)

    def mixed_vulgar(self, match: re.Match[str]) -> str:
        return self.mixed_number(int(match[1]), *_VULGAR[match[2]])

    def mixed(self, match: re.Match[str]) -> str:
        numerator, denominator = int(match[2]), int(match[3])
        if not 0 < numerator < denominator <= 10:
            return match[0]
        return self.mixed_number(int(match[1]), numerator, denominator)

    def slash(self, match: re.Match[str]) -> str:
        """ "1/2" a fraction, "24/7" around the clock, "2020/21" a span of years, "3/5" a score."""
        w, numerator, denominator = self.words, int(match[1]), int(match[2])
        if (numerator, denominator) == (24, 7):
            return w.around_the_clock
        if len(match[1]) == 4 and len(match[2]) in (2, 4) and 1000 <= numerator <= 2999:
            return f"{self.say.year(numerator)} {w.to} {self.say.year(denominator)}"
        if 0 < numerator < denominator <= 10 and len(match[1]) == len(str(numerator)):
            return self.fraction(numerator, denominator, noun=_noun_after(match))
        month, day = (numerator, denominator) if self.month_first else (denominator, numerator)
        if numerator != denominator and 1 <= month <= 12 and 1 <= day <= 31:  # "9/11", "26/10"
            return self.date(day, month, None, _word_before(match))
        return f"{self.say.number(match[1])} {w.out_of} {self.say.number(match[2])}"

    def version(self, match: re.Match[str]) -> str:
        """ "0.7.3" -> "zero point seven point three"; "v2.1" -> "version two point one"; "4.2.7/4.3.3" two of them."""
        return ", ".join(self.one_version(version) for version in match[0].split("/"))

    def one_version(self, written: str) -> str:
        if self.words.decimal == "," and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", written):
            return self.say.number(written)  # "1.000.000": thousands, not a version
        parts = written.lstrip("vV").split(".")
        spoken = f" {self.words.version_point} ".join(
            self.say.integer(part) if part.isdigit() else part for part in parts
        )
        return f"{self.words.version} {spoken}" if written[0] in "vV" else spoken

    # Units and multipliers -----------------------------------------------------------------------

    def decades(self) -> list[tuple[str, str | Replacement]]:
        """English "1990s", "'80s", "80s"."""
        if self.words.code != "en":
            return []
        return [(r"\b(1[1-9]\d|20\d)0s\b|['’]?\b([2-9])0s\b", self.decade)]

    def decade(self, match: re.Match[str]) -> str:
        """ "1990s" -> "nineteen nineties", "2000s" -> "two thousands", "'80s" -> "eighties"."""
        spoken = self.say.year(int(match[1] + "0")) if match[1] else self.say.cardinal(int(match[2]) * 10)
        return spoken[:-1] + "ies" if spoken.endswith("y") else spoken + "s"

    def units(self) -> list[tuple[str, str | Replacement]]:
        units = _alternatives(self.words.units)
        return [
            (
                rf"(?<![\w.,])([-−]?)({self.amount})\s?({units})(?:/({units}))?(?![\w°/])",
                self.unit,
            )
        ]

    def unit(self, match: re.Match[str]) -> str:
        w = self.words
        if match[3] == "s" and w.code == "en" and not match[4] and match[0][-2].isdigit():
            return self.plural_number(match[2])  # "HTTP 500s", "404s": numbers in the plural, not seconds
        spoken = self.say.counted(match[2], w.units[match[3]])
        if match[4]:
            per = w.per if w.per.endswith("'") else f"{w.per} "  # "chilometri all'ora"
            spoken += f" {per}{w.units[match[4]][0]}"
        return f"{w.minus} {spoken}" if match[1] else spoken

    def plural_number(self, written: str) -> str:
        spoken = self.say.number(written)
        return spoken[:-1] + "ies" if spoken.endswith("y") else spoken + "s"

    def range(self, match: re.Match[str]) -> str:
        """ "10–20" -> "10 to 20" (the numbers said by later rules); "Table 6-1" is a label, not a range."""
        joiner = " " if _word_before(match) in _NUMBERED_LABELS else f" {self.words.to} "
        return f"{match[1]}{joiner}{match[2]}"

    def multiplier(self, match: re.Match[str]) -> str:
        if self.say.is_one(match[1]):
            return self.words.once
        n = self.say.number(match[1], "f")
        return self.words.times.format(n=n)

    # Ordinals ------------------------------------------------------------------------------------

    def ordinals(self) -> list[tuple[str, str | Replacement]]:
        w = self.words
        if w.code == "de":
            articles = _alternatives(w.ordinal_articles)
            return [
                (rf"\b({articles})\s+(\d{{1,3}})\.(?=\s)", self.german_ordinal),
                (rf"\b(\d{{1,3}})\.\s(?=({_alternatives(_GERMAN_ORDINAL_NOUNS)})\w*)", self.german_ordinal_before_noun),
                (r"\b(\d+)er(?=\b|-)", lambda match: self.say.year(int(match[1])) + "er"),
            ]
        if w.code in ("es", "pt", "it"):
            return [(r"\b(\d+)\.?([ºª])", self.marked_ordinal)]
        if not w.ordinal_suffixes:
            return []
        rules: list[tuple[str, str | Replacement]] = [(rf"\b(\d+)({w.ordinal_suffixes})\b", self.suffixed_ordinal)]
        if w.code == "fr":  # "XXe siècle", "Ier"
            rules.append(
                (r"\b([IVX]+)(er|e|ème)\b(?=\s+(?:[a-zàâçéèêëîïôûù]|République|Empire|Reich))", self.roman_ordinal)
            )
        return rules

    def roman_ordinal(self, match: re.Match[str]) -> str:
        number = _roman(match[1])
        if number is None:
            return match[0]
        return self.suffixed_ordinal(re.match(r"(\d+)(.*)", f"{number}{match[2]}"))  # type: ignore[arg-type]

    def german_ordinal(self, match: re.Match[str]) -> str:
        ending = self.words.ordinal_articles[match[1]]
        return f"{match[1]} {self.say.ordinal(int(match[2]))}{ending}"

    def german_ordinal_before_noun(self, match: re.Match[str]) -> str:
        before = _word_before(match)
        if before in self.words.ordinal_articles:
            ending = self.words.ordinal_articles[before]
        elif before.endswith("e") and before.islower():  # after an adjective: "das gesamte zwanzigste"
            ending = ""
        else:
            ending = _GERMAN_ORDINAL_NOUNS[match[2]]
        return f"{self.say.ordinal(int(match[1]))}{ending} "

    def marked_ordinal(self, match: re.Match[str]) -> str:
        return self.say.ordinal(int(match[1]), "f" if match[2] == "ª" else "m")

    def suffixed_ordinal(self, match: re.Match[str]) -> str:
        digits, suffix = match[1], match[2]
        if len(digits) > MAX_SPELLED:
            return self.say.digits(digits)
        number = int(digits)
        if self.words.code == "fr":
            if number == 1:
                spoken = "première" if suffix.startswith("r") or suffix.startswith("è") else "premier"
            elif number == 2 and suffix.startswith("n"):
                spoken = "seconde" if "d" in suffix and suffix.rstrip("s").endswith("e") else "second"
            else:
                spoken = self.say.ordinal(number)
            return spoken + "s" if suffix.endswith("s") else spoken
        return self.say.ordinal(number)

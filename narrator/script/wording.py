"""How each language says numbers, money, units, dates and symbols: the words the rules in
:mod:`narrator.script.numbers` put in place of written forms.

One :class:`Wording` per language narrator has rules for (English, German,
French, Spanish, Italian, Dutch, Portuguese); the rules themselves are the
same for all of them, so a language is added by writing its words here.
Numbers are num2words' own words in that language. A language without a
``Wording`` has no rules: its numbers go to the engine as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

Gendered = tuple[str, str, str]
"""A noun's singular, plural and grammatical gender (``m``, ``f``, ``n``): "1 Stunde" is "eine Stunde"."""


@dataclass(frozen=True, eq=False)
class Wording:
    """The words and conventions of one language (compared by identity: there is one of each)."""

    code: str
    """num2words' language code."""
    decimal: str
    """The decimal separator: ``.`` in English, ``,`` elsewhere. The other one groups thousands."""
    point: str
    """The word for the decimal separator ("point", "Komma")."""
    version_point: str
    """The word for the dots of a version number ("0.7.3") or a lone dot in a comma-decimal language."""
    decimals_as_number: bool
    """Whether "3,14" is said "three point fourteen" (French, Spanish...) rather than digit by digit."""
    months: tuple[str, ...]
    month_abbreviations: dict[str, int]
    """Abbreviations (without their dot) and the month number they stand for."""
    date: str
    """A date as said: ``{day}``, ``{month}``, ``{year}`` (``{year}`` and what joins it dropped when absent)."""
    year_joiner: str
    """What comes between the day and month and the year."""
    first_day: str
    """How the first of a month is said, when not by the plain rule ("premier", "primo"); "" for the rule."""
    time: str
    """A time of day as said: ``{hours}`` and ``{minutes}``."""
    full_hour: str
    """A time on the hour."""
    hour_gender: str
    """The gender of the hour noun, for "one o'clock" ("ein Uhr", "une heure", "la una")."""
    percent: Gendered
    to: str
    """Between the two ends of a range ("10–20": "to", "bis")."""
    ratio: str
    """Between the sides of a ratio or score ("4.5:1", "2:1")."""
    minus: str
    about: str
    """For "~5"."""
    number_sign: str
    """For "#1" and "No. 1"."""
    times: str
    """A multiplier ("2x"): ``{n}``."""
    once: str
    """The multiplier 1x."""
    by: str
    """Between the sides of a dimension ("1920x1080")."""
    per: str
    """Between the units of a rate ("km/h")."""
    out_of: str
    """Between the numbers of a score ("3/5") that is no fraction."""
    around_the_clock: str
    """"24/7"."""
    fractions: dict[int, tuple[str, str]]
    """Denominators 2 to 10: the name of one part and of several ("half", "halves")."""
    one_part: str
    """"one" before a fraction's name ("one half", "ein halb", "un demi")."""
    and_a: str
    """A whole number and a fraction ("one and a half"): ``{whole}`` and ``{fraction}``."""
    one_and_a_half: str
    """"1 ½", when the language has a word for it ("eineinhalb", "anderhalf"); "" otherwise."""
    money_and: str
    """Between the units and the cents of an amount."""
    currencies: dict[str, tuple[Gendered, Gendered | None]]
    """ISO code -> the currency's name and its hundredth's name (None when it has none in use)."""
    scales: dict[str, str]
    """Abbreviated scale words after an amount ("Mio.", "bn") -> the words said."""
    units: dict[str, Gendered]
    """Unit symbols ("km", "°C", "GB") -> their names."""
    symbols: dict[str, str]
    """Symbols said as words ("&", "±", "§")."""
    abbreviations: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...]
    """Regular expressions for abbreviations and what is said instead; a dot is kept only where it ends a sentence."""
    version: str
    """The word for a "v" before a version number."""
    power: str
    """"x^2": `` {n}`` after the base ("to the power of", "hoch")."""
    link: str
    """Said instead of a web address, before its host ("link to example dot com")."""
    dot: str
    at: str
    long_code: str
    """Said instead of a long hexadecimal string (a hash or key), which no listener can follow."""
    hour_noun: Gendered | None
    """The noun of a time of day (``{noun}`` in the time templates), singular for one o'clock."""
    ordinal_suffixes: str = ""
    """A pattern for the letters written after an ordinal's digits ("st|nd|rd|th", "er|re|e|ème")."""
    ordinal_articles: dict[str, str] = field(default_factory=dict)
    """German: the word before "26." -> the ordinal's ending ("am" -> "n": "am sechsundzwanzigsten")."""
    years_said_apart: bool = False
    """Whether a year is said in hundreds ("nineteen ninety-nine", "neunzehnhundertneunundneunzig")."""
    scale_of: str = ""
    """Between a scale word and a currency ("millones de euros"); "" when nothing is ("Millionen Euro")."""
    one_scale: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A scale word's singular and gender, for an amount of exactly one ("1 Mio. €": "eine Million Euro")."""
    joins_mixed_fractions: bool = False
    """Whether a whole number and a fraction are one word ("zweieinhalb", "dreidreiviertel")."""


_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _abbreviations(months: tuple[str, ...], extra: dict[str, int] | None = None) -> dict[str, int]:
    """The first three letters of each month name (four where three are a word), plus ``extra``."""
    return {month[:3]: number for number, month in enumerate(months, start=1)} | (extra or {})


_GERMAN_DAYS = {
    "Mo": "Montag",
    "Di": "Dienstag",
    "Mi": "Mittwoch",
    "Do": "Donnerstag",
    "Fr": "Freitag",
    "Sa": "Samstag",
    "So": "Sonntag",
}


def _german_days(match: re.Match[str]) -> str:
    """ "Mo.–Fr." -> "Montag bis Freitag"."""
    return f"{_GERMAN_DAYS[match[1]]} bis {_GERMAN_DAYS[match[2]]}"


_ROMAN = {"I": 1, "V": 5, "X": 10}


def _century(match: re.Match[str]) -> str:
    """ "siglo XX" -> "siglo 20" (Spanish and Portuguese say centuries as cardinals), for the number rules."""
    values = [_ROMAN[letter] for letter in match[1]]
    total = sum(-value if later > value else value for value, later in zip(values, [*values[1:], 0], strict=True))
    return f"{match[0].split()[0]} {total}" if total else match[0]


def _units(table: str) -> dict[str, Gendered]:
    """``symbol = singular | plural | gender`` lines -> a unit table."""
    units = {}
    for line in table.strip().splitlines():
        symbol, names = line.split("=", 1)
        singular, plural, gender = (part.strip() for part in names.split("|"))
        units[symbol.strip()] = (singular, plural, gender)
    return units


ENGLISH = Wording(
    code="en",
    decimal=".",
    point="point",
    version_point="point",
    decimals_as_number=False,
    months=_ENGLISH_MONTHS,
    month_abbreviations=_abbreviations(_ENGLISH_MONTHS, {"Sept": 9}),
    date="{month} {day}",
    year_joiner=", ",
    first_day="",
    time="{hours} {minutes}",
    full_hour="{hours} o'clock",
    hour_gender="m",
    percent=("percent", "percent", "m"),
    to="to",
    ratio="to",
    minus="minus",
    about="about",
    number_sign="number",
    times="{n} times",
    once="once",
    by="by",
    per="per",
    out_of="out of",
    around_the_clock="twenty-four seven",
    fractions={2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")},
    one_part="one",
    and_a="{whole} and {fraction}",
    one_and_a_half="",
    money_and="and",
    currencies={
        "EUR": (("euro", "euros", "m"), ("cent", "cents", "m")),
        "USD": (("dollar", "dollars", "m"), ("cent", "cents", "m")),
        "GBP": (("pound", "pounds", "m"), ("penny", "pence", "m")),
        "JPY": (("yen", "yen", "m"), None),
        "CHF": (("Swiss franc", "Swiss francs", "m"), ("centime", "centimes", "m")),
        "INR": (("rupee", "rupees", "m"), ("paisa", "paise", "m")),
    },
    scales={
        "k": "thousand",
        "K": "thousand",
        "m": "million",
        "M": "million",
        "mn": "million",
        "b": "billion",
        "B": "billion",
        "bn": "billion",
        "tn": "trillion",
    },
    units=_units("""
        km = kilometer | kilometers | m
        m = meter | meters | m
        cm = centimeter | centimeters | m
        mm = millimeter | millimeters | m
        µm = micrometer | micrometers | m
        nm = nanometer | nanometers | m
        mi = mile | miles | m
        ft = foot | feet | m
        kg = kilogram | kilograms | m
        g = gram | grams | m
        mg = milligram | milligrams | m
        µg = microgram | micrograms | m
        mcg = microgram | micrograms | m
        lb = pound | pounds | m
        lbs = pound | pounds | m
        oz = ounce | ounces | m
        l = liter | liters | m
        L = liter | liters | m
        ml = milliliter | milliliters | m
        mL = milliliter | milliliters | m
        s = second | seconds | m
        ms = millisecond | milliseconds | m
        sec = second | seconds | m
        min = minute | minutes | m
        h = hour | hours | m
        hr = hour | hours | m
        hrs = hour | hours | m
        kph = kilometer per hour | kilometers per hour | m
        mph = mile per hour | miles per hour | m
        °C = degree Celsius | degrees Celsius | m
        °F = degree Fahrenheit | degrees Fahrenheit | m
        ° = degree | degrees | m
        B = byte | bytes | m
        kB = kilobyte | kilobytes | m
        KB = kilobyte | kilobytes | m
        MB = megabyte | megabytes | m
        GB = gigabyte | gigabytes | m
        TB = terabyte | terabytes | m
        kbit = kilobit | kilobits | m
        Mbit = megabit | megabits | m
        Gbit = gigabit | gigabits | m
        Kbps = kilobit per second | kilobits per second | m
        kbps = kilobit per second | kilobits per second | m
        Mbps = megabit per second | megabits per second | m
        Gbps = gigabit per second | gigabits per second | m
        Hz = hertz | hertz | m
        kHz = kilohertz | kilohertz | m
        MHz = megahertz | megahertz | m
        GHz = gigahertz | gigahertz | m
        W = watt | watts | m
        kW = kilowatt | kilowatts | m
        MW = megawatt | megawatts | m
        kWh = kilowatt hour | kilowatt hours | m
        V = volt | volts | m
        mAh = milliamp hour | milliamp hours | m
        px = pixel | pixels | m
    """),
    symbols={
        "&": "and",
        "+": "plus",
        "=": "equals",
        "±": "plus or minus",
        "≈": "about",
        "≤": "less than or equal to",
        "≥": "greater than or equal to",
        "≠": "not equal to",
        "§": "section",
        "©": "copyright",
        "→": "to",
        "×": "times",
        "÷": "divided by",
    },
    version="version",
    power="to the power of",
    link="link to",
    dot="dot",
    at="at",
    long_code="a long code",
    hour_noun=None,
    abbreviations=(
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
        (r"\b[Pp]p?\.(?=\s?\d)", "page"),
    ),
    ordinal_suffixes="st|nd|rd|th",
    years_said_apart=True,
)

_GERMAN_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
GERMAN = Wording(
    code="de",
    decimal=",",
    point="Komma",
    version_point="Punkt",
    decimals_as_number=False,
    months=_GERMAN_MONTHS,
    month_abbreviations=_abbreviations(_GERMAN_MONTHS, {"Mrz": 3, "Sept": 9}),
    date="{day} {month}",
    year_joiner=" ",
    first_day="",
    time="{hours} {noun} {minutes}",
    full_hour="{hours} {noun}",
    hour_gender="n",
    percent=("Prozent", "Prozent", "n"),
    to="bis",
    ratio="zu",
    minus="minus",
    about="etwa",
    number_sign="Nummer",
    times="{n}mal",
    once="einmal",
    by="mal",
    per="pro",
    out_of="von",
    around_the_clock="vierundzwanzig sieben",
    fractions={
        2: ("halb", "halbe"),
        3: ("Drittel", "Drittel"),
        4: ("Viertel", "Viertel"),
        5: ("Fünftel", "Fünftel"),
        6: ("Sechstel", "Sechstel"),
        7: ("Siebtel", "Siebtel"),
        8: ("Achtel", "Achtel"),
        9: ("Neuntel", "Neuntel"),
        10: ("Zehntel", "Zehntel"),
    },
    one_part="ein",
    and_a="{whole} und {fraction}",
    one_and_a_half="eineinhalb",
    money_and="und",
    currencies={
        "EUR": (("Euro", "Euro", "m"), ("Cent", "Cent", "m")),
        "USD": (("Dollar", "Dollar", "m"), ("Cent", "Cent", "m")),
        "GBP": (("Pfund", "Pfund", "n"), ("Penny", "Pence", "m")),
        "JPY": (("Yen", "Yen", "m"), None),
        "CHF": (("Franken", "Franken", "m"), ("Rappen", "Rappen", "m")),
        "INR": (("Rupie", "Rupien", "f"), None),
    },
    scales={"Tsd.": "tausend", "Mio.": "Millionen", "Mrd.": "Milliarden", "Bio.": "Billionen"},
    units=_units("""
        km = Kilometer | Kilometer | m
        m = Meter | Meter | m
        cm = Zentimeter | Zentimeter | m
        mm = Millimeter | Millimeter | m
        µm = Mikrometer | Mikrometer | m
        nm = Nanometer | Nanometer | m
        kg = Kilogramm | Kilogramm | n
        g = Gramm | Gramm | n
        mg = Milligramm | Milligramm | n
        µg = Mikrogramm | Mikrogramm | n
        t = Tonne | Tonnen | f
        l = Liter | Liter | m
        L = Liter | Liter | m
        ml = Milliliter | Milliliter | m
        s = Sekunde | Sekunden | f
        Sek. = Sekunde | Sekunden | f
        ms = Millisekunde | Millisekunden | f
        min = Minute | Minuten | f
        Min. = Minute | Minuten | f
        h = Stunde | Stunden | f
        Std. = Stunde | Stunden | f
        °C = Grad Celsius | Grad Celsius | n
        °F = Grad Fahrenheit | Grad Fahrenheit | n
        ° = Grad | Grad | n
        B = Byte | Byte | n
        kB = Kilobyte | Kilobyte | n
        KB = Kilobyte | Kilobyte | n
        MB = Megabyte | Megabyte | n
        GB = Gigabyte | Gigabyte | n
        TB = Terabyte | Terabyte | n
        kbit = Kilobit | Kilobit | n
        Mbit = Megabit | Megabit | n
        Gbit = Gigabit | Gigabit | n
        Hz = Hertz | Hertz | n
        kHz = Kilohertz | Kilohertz | n
        MHz = Megahertz | Megahertz | n
        GHz = Gigahertz | Gigahertz | n
        W = Watt | Watt | n
        kW = Kilowatt | Kilowatt | n
        MW = Megawatt | Megawatt | n
        kWh = Kilowattstunde | Kilowattstunden | f
        V = Volt | Volt | n
        mAh = Milliamperestunde | Milliamperestunden | f
        px = Pixel | Pixel | n
        PS = PS | PS | n
        Euro = Euro | Euro | m
        Cent = Cent | Cent | m
        Dollar = Dollar | Dollar | m
        Prozent = Prozent | Prozent | n
        Jahr = Jahr | Jahre | n
        Stunde = Stunde | Stunden | f
        Minute = Minute | Minuten | f
        Tag = Tag | Tage | m
        Woche = Woche | Wochen | f
        Monat = Monat | Monate | m
        Mal = Mal | Mal | n
        EL = Esslöffel | Esslöffel | m
        TL = Teelöffel | Teelöffel | m
    """),
    symbols={
        "&": "und",
        "+": "plus",
        "=": "gleich",
        "±": "plus minus",
        "≈": "etwa",
        "≤": "kleiner gleich",
        "≥": "größer gleich",
        "≠": "ungleich",
        "§": "Paragraf",
        "©": "Copyright",
        "→": "nach",
        "×": "mal",
        "÷": "geteilt durch",
    },
    version="Version",
    power="hoch",
    link="Link zu",
    dot="Punkt",
    at="at",
    long_code="ein langer Code",
    hour_noun=("Uhr", "Uhr", "n"),
    one_scale={"Millionen": ("Million", "f"), "Milliarden": ("Milliarde", "f"), "Billionen": ("Billion", "f")},
    abbreviations=(
        (r"\b[zZ]\.\s?[bB]\.(?!\w)", "zum Beispiel"),
        (r"\bbzw\.(?!\w)", "beziehungsweise"),
        (r"\bzB\b", "zum Beispiel"),
        (r"\bbspw\.(?!\w)", "beispielsweise"),
        (r"\binsb\.(?!\w)", "insbesondere"),
        (r"\bggü\.(?!\w)", "gegenüber"),
        (r"\ballg\.(?!\w)", "allgemein"),
        (r"\b[dD]\.\s?h\.(?!\w)", "das heißt"),
        (r"\b[uU]\.\s?a\.(?!\w)", "unter anderem"),
        (r"\b[vV]\.\s?a\.(?!\w)", "vor allem"),
        (r"\b[zZ]\.\s?[tT]\.(?!\w)", "zum Teil"),
        (r"\b[uU]\.\s?U\.(?!\w)", "unter Umständen"),
        (r"\b[oO]\.\s?ä\.(?!\w)", "oder ähnliches"),
        (r"\b[sS]\.\s?o\.(?!\w)", "siehe oben"),
        (r"\b[sS]\.\s?u\.(?!\w)", "siehe unten"),
        (r"\b(?:usw|etc)\.(?=\s+[\"„(]?[A-ZÄÖÜ]|\s*$)", "und so weiter."),
        (r"\busw\.?(?!\w)", "und so weiter"),
        (r"\betc\.?(?!\w)", "et cetera"),
        (r"\b[cC]a\.(?!\w)", "circa"),
        (r"\bevtl\.(?!\w)", "eventuell"),
        (r"\bggf\.(?!\w)", "gegebenenfalls"),
        (r"\binkl\.(?!\w)", "inklusive"),
        (r"\bexkl\.(?!\w)", "exklusive"),
        (r"\bvgl\.(?!\w)", "vergleiche"),
        (r"\bbzgl\.(?!\w)", "bezüglich"),
        (r"\bsog\.(?!\w)", "sogenannte"),
        (r"\bgeb\.(?!\w)", "geboren"),
        (r"\bJh\.(?!\w)", "Jahrhundert"),
        (r"\bNr\.(?!\w)", "Nummer"),
        (r"\bAbs\.(?=\s?\d)", "Absatz"),
        (r"\bArt\.(?=\s?\d)", "Artikel"),
        (r"(?<=\d)\s?ff\.", " folgende"),
        (r"\b(Mo|Di|Mi|Do|Fr|Sa|So)\.?\s?[–-]\s?(Mo|Di|Mi|Do|Fr|Sa|So)\.(?!\w)", _german_days),
        (r"\bAbb\.(?!\w)", "Abbildung"),
        (r"\bS\.(?=\s?\d)", "Seite"),
        (r"\bDr\.(?!\w)", "Doktor"),
        (r"\bProf\.(?!\w)", "Professor"),
        (r"\bHr\.(?!\w)", "Herr"),
        (r"\bFr\.(?=\s+[A-ZÄÖÜ])", "Frau"),
        (r"\bSt\.(?=\s+[A-ZÄÖÜ])", "Sankt"),
        (r"\bMio\.(?!\w)", "Millionen"),
        (r"\bMrd\.(?!\w)", "Milliarden"),
        (r"\bTsd\.(?!\w)", "tausend"),
        (r"\bStr\.(?!\w)", "Straße"),
        (r"\bTel\.(?!\w)", "Telefon"),
        (r"\bv\.\s?Chr\.(?!\w)", "vor Christus"),
        (r"\bn\.\s?Chr\.(?!\w)", "nach Christus"),
    ),
    ordinal_articles={
        "am": "n",
        "im": "n",
        "vom": "n",
        "zum": "n",
        "beim": "n",
        "den": "n",
        "dem": "n",
        "des": "n",
        "zur": "n",
        "seit": "n",
        "ab": "n",
        "bis": "n",
        "der": "",
        "die": "",
        "das": "",
        "Der": "",
        "Die": "",
        "Das": "",
        "Am": "n",
        "Im": "n",
        "Vom": "n",
        "Zum": "n",
        "Seit": "n",
        "Ab": "n",
        "Bis": "n",
        "jeden": "n",
        "jeder": "",
        "jedes": "",
        "ihr": "",
        "sein": "",
        "seinem": "n",
        "ihrem": "n",
        "seinen": "n",
        "ihren": "n",
    },
    years_said_apart=True,
    joins_mixed_fractions=True,
)

_FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
FRENCH = Wording(
    code="fr",
    decimal=",",
    point="virgule",
    version_point="point",
    decimals_as_number=True,
    months=_FRENCH_MONTHS,
    month_abbreviations={"janv": 1, "févr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12},
    date="{day} {month}",
    year_joiner=" ",
    first_day="premier",
    time="{hours} {noun} {minutes}",
    full_hour="{hours} {noun}",
    hour_gender="f",
    percent=("pour cent", "pour cent", "m"),
    to="à",
    ratio="contre",
    minus="moins",
    about="environ",
    number_sign="numéro",
    times="{n} fois",
    once="une fois",
    by="par",
    per="par",
    out_of="sur",
    around_the_clock="vingt-quatre heures sur vingt-quatre",
    fractions={
        2: ("demi", "demis"),
        3: ("tiers", "tiers"),
        4: ("quart", "quarts"),
        5: ("cinquième", "cinquièmes"),
        6: ("sixième", "sixièmes"),
        7: ("septième", "septièmes"),
        8: ("huitième", "huitièmes"),
        9: ("neuvième", "neuvièmes"),
        10: ("dixième", "dixièmes"),
    },
    one_part="un",
    and_a="{whole} et {fraction}",
    one_and_a_half="",
    money_and="et",
    currencies={
        "EUR": (("euro", "euros", "m"), ("centime", "centimes", "m")),
        "USD": (("dollar", "dollars", "m"), ("cent", "cents", "m")),
        "GBP": (("livre", "livres", "f"), ("penny", "pence", "m")),
        "JPY": (("yen", "yens", "m"), None),
        "CHF": (("franc suisse", "francs suisses", "m"), ("centime", "centimes", "m")),
        "INR": (("roupie", "roupies", "f"), None),
    },
    scales={"k": "mille", "M": "millions", "Md": "milliards", "Mds": "milliards", "Mrd": "milliards"},
    units=_units("""
        km = kilomètre | kilomètres | m
        m = mètre | mètres | m
        cm = centimètre | centimètres | m
        mm = millimètre | millimètres | m
        µm = micromètre | micromètres | m
        nm = nanomètre | nanomètres | m
        kg = kilogramme | kilogrammes | m
        g = gramme | grammes | m
        mg = milligramme | milligrammes | m
        µg = microgramme | microgrammes | m
        t = tonne | tonnes | f
        l = litre | litres | m
        L = litre | litres | m
        ml = millilitre | millilitres | m
        cl = centilitre | centilitres | m
        dl = décilitre | décilitres | m
        s = seconde | secondes | f
        ms = milliseconde | millisecondes | f
        min = minute | minutes | f
        h = heure | heures | f
        °C = degré Celsius | degrés Celsius | m
        °F = degré Fahrenheit | degrés Fahrenheit | m
        ° = degré | degrés | m
        o = octet | octets | m
        ko = kilooctet | kilooctets | m
        Ko = kilooctet | kilooctets | m
        Mo = mégaoctet | mégaoctets | m
        Go = gigaoctet | gigaoctets | m
        To = téraoctet | téraoctets | m
        KB = kilooctet | kilooctets | m
        MB = mégaoctet | mégaoctets | m
        GB = gigaoctet | gigaoctets | m
        TB = téraoctet | téraoctets | m
        Hz = hertz | hertz | m
        kHz = kilohertz | kilohertz | m
        MHz = mégahertz | mégahertz | m
        GHz = gigahertz | gigahertz | m
        W = watt | watts | m
        kW = kilowatt | kilowatts | m
        MW = mégawatt | mégawatts | m
        kWh = kilowattheure | kilowattheures | m
        V = volt | volts | m
        px = pixel | pixels | m
        heure = heure | heures | f
        heures = heure | heures | f
        c. à soupe = cuillère à soupe | cuillères à soupe | f
        c. à café = cuillère à café | cuillères à café | f
        minutes = minute | minutes | f
        semaine = semaine | semaines | f
        semaines = semaine | semaines | f
        année = année | années | f
        années = année | années | f
        personne = personne | personnes | f
        personnes = personne | personnes | f
        fois = fois | fois | f
    """),
    symbols={
        "&": "et",
        "+": "plus",
        "=": "égale",
        "±": "plus ou moins",
        "≈": "environ",
        "≤": "inférieur ou égal à",
        "≥": "supérieur ou égal à",
        "≠": "différent de",
        "§": "paragraphe",
        "©": "copyright",
        "→": "vers",
        "×": "fois",
        "÷": "divisé par",
    },
    version="version",
    power="puissance",
    link="lien vers",
    dot="point",
    at="arobase",
    long_code="un long code",
    hour_noun=("heure", "heures", "f"),
    one_scale={"millions": ("million", "m"), "milliards": ("milliard", "m")},
    scale_of="de",
    abbreviations=(
        (r"\b[pP]\.\s?ex\.(?!\w)", "par exemple"),
        (r"\bc\.-à-d\.(?!\w)", "c'est-à-dire"),
        (r"\betc\.(?=\s+[\"«(]?[A-ZÀ-Ý]|\s*$)", "et cetera."),
        (r"\betc\.?(?!\w)", "et cetera"),
        (r"\benv\.(?!\w)", "environ"),
        (r"\bM\.(?=\s+[A-ZÀ-Ý])", "Monsieur"),
        (r"\bMM\.(?=\s+[A-ZÀ-Ý])", "Messieurs"),
        (r"\bMme(?=\s+[A-ZÀ-Ý])", "Madame"),
        (r"\bMlle(?=\s+[A-ZÀ-Ý])", "Mademoiselle"),
        (r"\bDr\.?(?=\s+[A-ZÀ-Ý])", "Docteur"),
        (r"\bPr\.?(?=\s+[A-ZÀ-Ý])", "Professeur"),
        (r"\b[nN][°º]\s?(?=\d)", "numéro "),
        (r"\b[nN]o\.?\s?(?=\d)", "numéro "),
        (r"\bp\.(?=\s?\d)", "page"),
        (r"\bav\.\s?J\.-C\.", "avant Jésus-Christ"),
        (r"\bapr\.\s?J\.-C\.", "après Jésus-Christ"),
        (r"\bcf\.(?!\w)", "voir"),
        (r"\bvol\.(?!\w)", "volume"),
        (r"\bSt(?=[e-]|\s+[A-ZÀ-Ý])", "Saint"),
    ),
    ordinal_suffixes="er|re|ère|ers|res|ème|èmes|e|es|nd|nde|nds|ndes",
)

_SPANISH_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
SPANISH = Wording(
    code="es",
    decimal=",",
    point="coma",
    version_point="punto",
    decimals_as_number=True,
    months=_SPANISH_MONTHS,
    month_abbreviations=_abbreviations(_SPANISH_MONTHS, {"sept": 9, "set": 9}),
    date="{day} de {month}",
    year_joiner=" de ",
    first_day="primero",
    time="{hours} y {minutes}",
    full_hour="{hours} en punto",
    hour_gender="f",
    percent=("por ciento", "por ciento", "m"),
    to="a",
    ratio="a",
    minus="menos",
    about="unos",
    number_sign="número",
    times="{n} veces",
    once="una vez",
    by="por",
    per="por",
    out_of="de",
    around_the_clock="veinticuatro siete",
    fractions={
        2: ("medio", "medios"),
        3: ("tercio", "tercios"),
        4: ("cuarto", "cuartos"),
        5: ("quinto", "quintos"),
        6: ("sexto", "sextos"),
        7: ("séptimo", "séptimos"),
        8: ("octavo", "octavos"),
        9: ("noveno", "novenos"),
        10: ("décimo", "décimos"),
    },
    one_part="un",
    and_a="{whole} y {fraction}",
    one_and_a_half="",
    money_and="con",
    currencies={
        "EUR": (("euro", "euros", "m"), ("céntimo", "céntimos", "m")),
        "USD": (("dólar", "dólares", "m"), ("centavo", "centavos", "m")),
        "GBP": (("libra", "libras", "f"), ("penique", "peniques", "m")),
        "JPY": (("yen", "yenes", "m"), None),
        "CHF": (("franco suizo", "francos suizos", "m"), ("céntimo", "céntimos", "m")),
        "INR": (("rupia", "rupias", "f"), None),
    },
    scales={"M": "millones", "mill.": "millones", "k": "mil"},
    units=_units("""
        km = kilómetro | kilómetros | m
        m = metro | metros | m
        cm = centímetro | centímetros | m
        mm = milímetro | milímetros | m
        µm = micrómetro | micrómetros | m
        nm = nanómetro | nanómetros | m
        kg = kilo | kilos | m
        g = gramo | gramos | m
        gr = gramo | gramos | m
        grs = gramo | gramos | m
        mg = miligramo | miligramos | m
        µg = microgramo | microgramos | m
        t = tonelada | toneladas | f
        l = litro | litros | m
        L = litro | litros | m
        ml = mililitro | mililitros | m
        cl = centilitro | centilitros | m
        dl = decilitro | decilitros | m
        s = segundo | segundos | m
        seg = segundo | segundos | m
        ms = milisegundo | milisegundos | m
        min = minuto | minutos | m
        h = hora | horas | f
        °C = grado centígrado | grados centígrados | m
        °F = grado Fahrenheit | grados Fahrenheit | m
        ° = grado | grados | m
        B = byte | bytes | m
        KB = kilobyte | kilobytes | m
        kB = kilobyte | kilobytes | m
        MB = megabyte | megabytes | m
        GB = gigabyte | gigabytes | m
        TB = terabyte | terabytes | m
        Hz = hercio | hercios | m
        kHz = kilohercio | kilohercios | m
        MHz = megahercio | megahercios | m
        GHz = gigahercio | gigahercios | m
        W = vatio | vatios | m
        kW = kilovatio | kilovatios | m
        kWh = kilovatio hora | kilovatios hora | m
        V = voltio | voltios | m
        px = píxel | píxeles | m
        persona = persona | personas | f
        personas = persona | personas | f
        cucharada = cucharada | cucharadas | f
        cucharadas = cucharada | cucharadas | f
        cucharadita = cucharadita | cucharaditas | f
        cucharaditas = cucharadita | cucharaditas | f
        taza = taza | tazas | f
        tazas = taza | tazas | f
        hora = hora | horas | f
        horas = hora | horas | f
        semana = semana | semanas | f
        semanas = semana | semanas | f
        vez = vez | veces | f
        veces = vez | veces | f
    """),
    symbols={
        "&": "y",
        "+": "más",
        "=": "igual a",
        "±": "más o menos",
        "≈": "aproximadamente",
        "≤": "menor o igual que",
        "≥": "mayor o igual que",
        "≠": "distinto de",
        "§": "sección",
        "©": "copyright",
        "→": "a",
        "×": "por",
        "÷": "dividido por",
    },
    version="versión",
    power="elevado a",
    link="enlace a",
    dot="punto",
    at="arroba",
    long_code="un código largo",
    hour_noun=None,
    one_scale={"millones": ("millón", "m")},
    scale_of="de",
    abbreviations=(
        (r"\b[pP]\.\s?ej\.(?!\w)", "por ejemplo"),
        (r"\betc\.(?=\s+[\"«“¿¡(]?[A-ZÁÉÍÓÚÑ]|\s*$)", "etcétera."),
        (r"\betc\.?(?!\w)", "etcétera"),
        (r"\bSr\.(?!\w)", "señor"),
        (r"\bSra\.(?!\w)", "señora"),
        (r"\bSrta\.(?!\w)", "señorita"),
        (r"\bDr\.(?!\w)", "doctor"),
        (r"\bDra\.(?!\w)", "doctora"),
        (r"\bUd\.(?!\w)", "usted"),
        (r"\bUds\.(?!\w)", "ustedes"),
        (r"(?i)\baprox\.(?!\w)", "aproximadamente"),
        (r"\b[nN]\.?[º°]\s?(?=\d)", "número "),
        (r"\b[nN]úm\.\s?(?=\d)", "número "),
        (r"\bpág\.(?=\s?\d)", "página"),
        (r"\bEE\.\s?UU\.", "Estados Unidos"),
        (r"\bsiglo\s+(X{0,3}(?:IX|IV|V?I{0,3}))\b", _century),
        (r"\bcdas?\.(?!\w)", "cucharadas"),
        (r"\bcdtas?\.(?!\w)", "cucharaditas"),
        (r"\bcucharadas?\s+sopera", "cucharada sopera"),
    ),
    ordinal_suffixes="º|ª|\\.º|\\.ª|o|a|er",
)

_ITALIAN_MONTHS = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)
ITALIAN = Wording(
    code="it",
    decimal=",",
    point="virgola",
    version_point="punto",
    decimals_as_number=True,
    months=_ITALIAN_MONTHS,
    month_abbreviations=_abbreviations(_ITALIAN_MONTHS),
    date="{day} {month}",
    year_joiner=" ",
    first_day="primo",
    time="{hours} e {minutes}",
    full_hour="{hours}",
    hour_gender="f",
    percent=("per cento", "per cento", "m"),
    to="a",
    ratio="a",
    minus="meno",
    about="circa",
    number_sign="numero",
    times="{n} volte",
    once="una volta",
    by="per",
    per="all'",
    out_of="su",
    around_the_clock="ventiquattro su sette",
    fractions={
        2: ("mezzo", "mezzi"),
        3: ("terzo", "terzi"),
        4: ("quarto", "quarti"),
        5: ("quinto", "quinti"),
        6: ("sesto", "sesti"),
        7: ("settimo", "settimi"),
        8: ("ottavo", "ottavi"),
        9: ("nono", "noni"),
        10: ("decimo", "decimi"),
    },
    one_part="un",
    and_a="{whole} e {fraction}",
    one_and_a_half="",
    money_and="e",
    currencies={
        "EUR": (("euro", "euro", "m"), ("centesimo", "centesimi", "m")),
        "USD": (("dollaro", "dollari", "m"), ("centesimo", "centesimi", "m")),
        "GBP": (("sterlina", "sterline", "f"), ("penny", "pence", "m")),
        "JPY": (("yen", "yen", "m"), None),
        "CHF": (("franco svizzero", "franchi svizzeri", "m"), ("centesimo", "centesimi", "m")),
        "INR": (("rupia", "rupie", "f"), None),
    },
    scales={"mln": "milioni", "mld": "miliardi", "M": "milioni"},
    units=_units("""
        km = chilometro | chilometri | m
        m = metro | metri | m
        cm = centimetro | centimetri | m
        mm = millimetro | millimetri | m
        kg = chilo | chili | m
        g = grammo | grammi | m
        gr = grammo | grammi | m
        mg = milligrammo | milligrammi | m
        t = tonnellata | tonnellate | f
        l = litro | litri | m
        L = litro | litri | m
        ml = millilitro | millilitri | m
        cl = centilitro | centilitri | m
        s = secondo | secondi | m
        ms = millisecondo | millisecondi | m
        min = minuto | minuti | m
        h = ora | ore | f
        °C = grado centigrado | gradi centigradi | m
        ° = grado | gradi | m
        KB = kilobyte | kilobyte | m
        MB = megabyte | megabyte | m
        GB = gigabyte | gigabyte | m
        TB = terabyte | terabyte | m
        Hz = hertz | hertz | m
        MHz = megahertz | megahertz | m
        GHz = gigahertz | gigahertz | m
        W = watt | watt | m
        kW = kilowatt | kilowatt | m
        kWh = chilowattora | chilowattora | m
        V = volt | volt | m
        ora = ora | ore | f
        ore = ora | ore | f
        persona = persona | persone | f
        persone = persona | persone | f
        volta = volta | volte | f
        volte = volta | volte | f
    """),
    symbols={
        "&": "e",
        "+": "più",
        "=": "uguale a",
        "±": "più o meno",
        "≈": "circa",
        "≤": "minore o uguale a",
        "≥": "maggiore o uguale a",
        "≠": "diverso da",
        "§": "paragrafo",
        "©": "copyright",
        "→": "a",
        "×": "per",
        "÷": "diviso",
    },
    version="versione",
    power="alla",
    link="link a",
    dot="punto",
    at="chiocciola",
    long_code="un codice lungo",
    hour_noun=None,
    one_scale={"milioni": ("milione", "m"), "miliardi": ("miliardo", "m")},
    scale_of="di",
    abbreviations=(
        (r"\bad\s?es\.(?!\w)", "ad esempio"),
        (r"\bes\.(?=\s)", "esempio"),
        (r"\becc\.(?=\s+[\"«(]?[A-ZÀ-Ý]|\s*$)", "eccetera."),
        (r"\becc\.?(?!\w)", "eccetera"),
        (r"\betc\.?(?!\w)", "eccetera"),
        (r"\bSig\.ra(?!\w)", "signora"),
        (r"\bSig\.(?!\w)", "signor"),
        (r"\bDott\.(?!\w)", "dottor"),
        (r"\bDott\.ssa(?!\w)", "dottoressa"),
        (r"\bProf\.(?!\w)", "professor"),
        (r"\b[nN]\.(?=\s?\d)", "numero"),
        (r"\bp\.(?=\s?\d)", "pagina"),
        (r"\bpag\.(?=\s?\d)", "pagina"),
        (r"\bca\.(?!\w)", "circa"),
        (r"\bcfr\.(?!\w)", "confronta"),
    ),
    ordinal_suffixes="º|ª|°|o|a",
)

_DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DUTCH = Wording(
    code="nl",
    decimal=",",
    point="komma",
    version_point="punt",
    decimals_as_number=False,
    months=_DUTCH_MONTHS,
    month_abbreviations=_abbreviations(_DUTCH_MONTHS, {"mrt": 3, "sept": 9}),
    date="{day} {month}",
    year_joiner=" ",
    first_day="",
    time="{hours} {noun} {minutes}",
    full_hour="{hours} {noun}",
    hour_gender="n",
    percent=("procent", "procent", "n"),
    to="tot",
    ratio="tegen",
    minus="min",
    about="ongeveer",
    number_sign="nummer",
    times="{n} keer",
    once="één keer",
    by="bij",
    per="per",
    out_of="op",
    around_the_clock="vierentwintig zeven",
    fractions={
        2: ("half", "halve"),
        3: ("derde", "derde"),
        4: ("kwart", "kwart"),
        5: ("vijfde", "vijfde"),
        6: ("zesde", "zesde"),
        7: ("zevende", "zevende"),
        8: ("achtste", "achtste"),
        9: ("negende", "negende"),
        10: ("tiende", "tiende"),
    },
    one_part="een",
    and_a="{whole} en {fraction}",
    one_and_a_half="anderhalf",
    money_and="en",
    currencies={
        "EUR": (("euro", "euro", "m"), ("cent", "cent", "m")),
        "USD": (("dollar", "dollar", "m"), ("cent", "cent", "m")),
        "GBP": (("pond", "pond", "n"), ("penny", "pence", "m")),
        "JPY": (("yen", "yen", "m"), None),
        "CHF": (("Zwitserse frank", "Zwitserse frank", "m"), ("rappen", "rappen", "m")),
        "INR": (("roepie", "roepies", "m"), None),
    },
    scales={"mln": "miljoen", "mld": "miljard", "mln.": "miljoen", "mld.": "miljard"},
    units=_units("""
        km = kilometer | kilometer | m
        m = meter | meter | m
        cm = centimeter | centimeter | m
        mm = millimeter | millimeter | m
        kg = kilo | kilo | m
        g = gram | gram | m
        mg = milligram | milligram | m
        t = ton | ton | m
        l = liter | liter | m
        L = liter | liter | m
        ml = milliliter | milliliter | m
        s = seconde | seconden | m
        ms = milliseconde | milliseconden | m
        min = minuut | minuten | m
        u = uur | uur | n
        h = uur | uur | n
        °C = graad Celsius | graden Celsius | m
        ° = graad | graden | m
        KB = kilobyte | kilobyte | m
        MB = megabyte | megabyte | m
        GB = gigabyte | gigabyte | m
        TB = terabyte | terabyte | m
        Hz = hertz | hertz | m
        MHz = megahertz | megahertz | m
        GHz = gigahertz | gigahertz | m
        W = watt | watt | m
        kW = kilowatt | kilowatt | m
        kWh = kilowattuur | kilowattuur | m
        V = volt | volt | m
    """),
    symbols={
        "&": "en",
        "+": "plus",
        "=": "is gelijk aan",
        "±": "plus of min",
        "≈": "ongeveer",
        "≤": "kleiner dan of gelijk aan",
        "≥": "groter dan of gelijk aan",
        "≠": "niet gelijk aan",
        "§": "paragraaf",
        "©": "copyright",
        "→": "naar",
        "×": "keer",
        "÷": "gedeeld door",
    },
    version="versie",
    power="tot de macht",
    link="link naar",
    dot="punt",
    at="apenstaartje",
    long_code="een lange code",
    hour_noun=("uur", "uur", "n"),
    abbreviations=(
        (r"\bbijv\.(?!\w)", "bijvoorbeeld"),
        (r"\b[bB]\.?v\.(?!\w)", "bijvoorbeeld"),
        (r"\bo\.a\.(?!\w)", "onder andere"),
        (r"\bd\.w\.z\.(?!\w)", "dat wil zeggen"),
        (r"\bm\.b\.t\.(?!\w)", "met betrekking tot"),
        (r"\benz\.(?=\s+[\"(]?[A-Z]|\s*$)", "enzovoort."),
        (r"\benz\.?(?!\w)", "enzovoort"),
        (r"\betc\.?(?!\w)", "et cetera"),
        (r"\bca\.(?!\w)", "circa"),
        (r"\b[nN]r\.(?!\w)", "nummer"),
        (r"\bdhr\.(?!\w)", "de heer"),
        (r"\bmevr\.(?!\w)", "mevrouw"),
        (r"\bDr\.(?!\w)", "dokter"),
        (r"\bProf\.(?!\w)", "professor"),
        (r"\bblz\.(?=\s?\d)", "bladzijde"),
    ),
    ordinal_suffixes="ste|de|e",
    years_said_apart=True,
)

_PORTUGUESE_MONTHS = (
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
)
PORTUGUESE = Wording(
    code="pt",
    decimal=",",
    point="vírgula",
    version_point="ponto",
    decimals_as_number=True,
    months=_PORTUGUESE_MONTHS,
    month_abbreviations=_abbreviations(_PORTUGUESE_MONTHS),
    date="{day} de {month}",
    year_joiner=" de ",
    first_day="primeiro",
    time="{hours} {noun} e {minutes}",
    full_hour="{hours} {noun}",
    hour_gender="f",
    percent=("por cento", "por cento", "m"),
    to="a",
    ratio="a",
    minus="menos",
    about="cerca de",
    number_sign="número",
    times="{n} vezes",
    once="uma vez",
    by="por",
    per="por",
    out_of="de",
    around_the_clock="vinte e quatro sete",
    fractions={
        2: ("meio", "meios"),
        3: ("terço", "terços"),
        4: ("quarto", "quartos"),
        5: ("quinto", "quintos"),
        6: ("sexto", "sextos"),
        7: ("sétimo", "sétimos"),
        8: ("oitavo", "oitavos"),
        9: ("nono", "nonos"),
        10: ("décimo", "décimos"),
    },
    one_part="um",
    and_a="{whole} e {fraction}",
    one_and_a_half="",
    money_and="e",
    currencies={
        "EUR": (("euro", "euros", "m"), ("cêntimo", "cêntimos", "m")),
        "USD": (("dólar", "dólares", "m"), ("centavo", "centavos", "m")),
        "GBP": (("libra", "libras", "f"), ("pêni", "pence", "m")),
        "JPY": (("iene", "ienes", "m"), None),
        "CHF": (("franco suíço", "francos suíços", "m"), ("cêntimo", "cêntimos", "m")),
        "INR": (("rupia", "rupias", "f"), None),
        "BRL": (("real", "reais", "m"), ("centavo", "centavos", "m")),
    },
    scales={"mi": "milhões", "mil": "mil", "bi": "bilhões"},
    units=_units("""
        km = quilômetro | quilômetros | m
        m = metro | metros | m
        cm = centímetro | centímetros | m
        mm = milímetro | milímetros | m
        kg = quilo | quilos | m
        g = grama | gramas | m
        mg = miligrama | miligramas | m
        t = tonelada | toneladas | f
        l = litro | litros | m
        L = litro | litros | m
        ml = mililitro | mililitros | m
        s = segundo | segundos | m
        ms = milissegundo | milissegundos | m
        min = minuto | minutos | m
        h = hora | horas | f
        °C = grau Celsius | graus Celsius | m
        ° = grau | graus | m
        KB = kilobyte | kilobytes | m
        MB = megabyte | megabytes | m
        GB = gigabyte | gigabytes | m
        TB = terabyte | terabytes | m
        Hz = hertz | hertz | m
        MHz = megahertz | megahertz | m
        GHz = gigahertz | gigahertz | m
        W = watt | watts | m
        kW = quilowatt | quilowatts | m
        kWh = quilowatt-hora | quilowatts-hora | m
        V = volt | volts | m
        hora = hora | horas | f
        horas = hora | horas | f
        pessoa = pessoa | pessoas | f
        pessoas = pessoa | pessoas | f
        vez = vez | vezes | f
        vezes = vez | vezes | f
        colher = colher | colheres | f
        colheres = colher | colheres | f
        xícara = xícara | xícaras | f
        xícaras = xícara | xícaras | f
    """),
    symbols={
        "&": "e",
        "+": "mais",
        "=": "igual a",
        "±": "mais ou menos",
        "≈": "aproximadamente",
        "≤": "menor ou igual a",
        "≥": "maior ou igual a",
        "≠": "diferente de",
        "§": "parágrafo",
        "©": "copyright",
        "→": "para",
        "×": "vezes",
        "÷": "dividido por",
    },
    version="versão",
    power="elevado a",
    link="link para",
    dot="ponto",
    at="arroba",
    long_code="um código longo",
    hour_noun=("hora", "horas", "f"),
    one_scale={"milhões": ("milhão", "m"), "bilhões": ("bilhão", "m")},
    scale_of="de",
    abbreviations=(
        (r"\b[pP]\.\s?ex\.(?!\w)", "por exemplo"),
        (r"\betc\.(?=\s+[\"«“(]?[A-ZÁÉÍÓÚÂÊÔÃÕÇ]|\s*$)", "etcétera."),
        (r"\betc\.?(?!\w)", "etcétera"),
        (r"\bSr\.(?!\w)", "senhor"),
        (r"\bSra\.(?!\w)", "senhora"),
        (r"\bDr\.(?!\w)", "doutor"),
        (r"\bDra\.(?!\w)", "doutora"),
        (r"(?i)\baprox\.(?!\w)", "aproximadamente"),
        (r"\b[nN]\.?[º°]\s?(?=\d)", "número "),
        (r"\bséculo\s+(X{0,3}(?:IX|IV|V?I{0,3}))\b", _century),
        (r"\bpág\.(?=\s?\d)", "página"),
    ),
    ordinal_suffixes="º|ª|\\.º|\\.ª|o|a",
)

WORDINGS = {wording.code: wording for wording in (ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, DUTCH, PORTUGUESE)}
"""The languages narrator has rules for, by their primary language subtag."""


def wording_for(language: str) -> Wording | None:
    """The wording of a BCP 47 tag (``de-CH`` -> German; empty -> English), or None when narrator has no rules."""
    primary = language.lower().replace("_", "-").split("-")[0] or "en"
    return WORDINGS.get(primary)

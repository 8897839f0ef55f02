"""English numbers as words: cardinals, ordinals and years, as num2words says them.

num2words builds a converter for each of its fifty languages when it is
imported (15 ms, most of a script's start-up), so English, the language of
nearly every article, is spelled here and num2words is imported only for the
others. The words are num2words' own without its commas ("one thousand two
hundred and five", "twenty-first", "nineteen oh-five"); ``tests/test_english_numbers.py``
checks them against num2words itself.
"""

from __future__ import annotations

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))
LIMIT = 10**15
"""Numbers from here on (a quadrillion) are not spelled; callers read such long digit runs digit by digit."""
_IRREGULAR_ORDINALS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def cardinal(number: int) -> str:
    """``1205`` -> "one thousand two hundred and five"; "and" joins a last part below a hundred."""
    if not 0 <= number < LIMIT:
        raise ValueError(f"{number} is outside 0 to {LIMIT - 1}")
    if number < 20:
        return _SMALL[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return f"{_TENS[tens]}-{_SMALL[ones]}" if ones else _TENS[tens]
    scale, name = next((scale, name) for scale, name in _SCALES if scale <= number)
    count, rest = divmod(number, scale)
    words = f"{cardinal(count)} {name}"
    if not rest:
        return words
    return f"{words} and {cardinal(rest)}" if rest < 100 else f"{words} {cardinal(rest)}"


def ordinal(number: int) -> str:
    """``21`` -> "twenty-first": the cardinal with its last word made ordinal."""
    words = cardinal(number)
    start = max(words.rfind(" "), words.rfind("-")) + 1
    last = words[start:]
    if last in _IRREGULAR_ORDINALS:
        last = _IRREGULAR_ORDINALS[last]
    elif last.endswith("y"):
        last = f"{last[:-1]}ieth"
    else:
        last = f"{last}th"
    return words[:start] + last


def year(number: int) -> str:
    """``1999`` -> "nineteen ninety-nine", ``1905`` -> "nineteen oh-five", ``2005`` -> "two thousand and five"."""
    century, rest = divmod(number, 100)
    if century == 0 or century >= 100 or (century % 10 == 0 and rest < 10):
        return cardinal(number)
    if rest == 0:
        return f"{cardinal(century)} hundred"
    return f"{cardinal(century)} oh-{cardinal(rest)}" if rest < 10 else f"{cardinal(century)} {cardinal(rest)}"

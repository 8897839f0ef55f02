"""English numbers are spelled without num2words, in exactly num2words' words (less its commas)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from narrator.script.english_numbers import LIMIT, cardinal, ordinal, year


def num2words_english(number: int, to: str) -> str:
    return str(num2words(number, lang="en", to=to)).replace(",", "")


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (0, "zero"),
        (13, "thirteen"),
        (40, "forty"),
        (42, "forty-two"),
        (100, "one hundred"),
        (105, "one hundred and five"),
        (1001, "one thousand and one"),
        (1100, "one thousand one hundred"),
        (120_000, "one hundred and twenty thousand"),
        (2_000_000_005, "two billion and five"),
        (LIMIT - 1, "nine hundred and ninety-nine trillion nine hundred and ninety-nine billion nine hundred and "
         "ninety-nine million nine hundred and ninety-nine thousand nine hundred and ninety-nine"),
    ],
)  # fmt: skip
def test_cardinal(number: int, spoken: str) -> None:
    assert cardinal(number) == spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [(1, "first"), (2, "second"), (12, "twelfth"), (20, "twentieth"), (21, "twenty-first"), (100, "one hundredth"),
     (1003, "one thousand and third"), (0, "zeroth")],
)  # fmt: skip
def test_ordinal(number: int, spoken: str) -> None:
    assert ordinal(number) == spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [(1999, "nineteen ninety-nine"), (1905, "nineteen oh-five"), (1900, "nineteen hundred"),
     (2005, "two thousand and five"), (2024, "twenty twenty-four"), (905, "nine oh-five"), (2000, "two thousand")],
)  # fmt: skip
def test_year(number: int, spoken: str) -> None:
    assert year(number) == spoken


def test_every_small_number_and_every_year_is_said_as_num2words_says_it() -> None:
    for number in range(2100):
        assert cardinal(number) == num2words_english(number, "cardinal")
        assert ordinal(number) == num2words_english(number, "ordinal")
    for number in range(10_000):
        assert year(number) == num2words_english(number, "year")


@given(st.integers(min_value=0, max_value=LIMIT - 1))
def test_large_numbers_are_said_as_num2words_says_them(number: int) -> None:
    assert cardinal(number) == num2words_english(number, "cardinal")
    assert ordinal(number) == num2words_english(number, "ordinal")


@pytest.mark.parametrize("number", [-1, LIMIT])
def test_numbers_outside_the_range_are_refused(number: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        cardinal(number)

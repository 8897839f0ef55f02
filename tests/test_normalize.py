"""Normalisation for speech: one row per rule, written form -> what the engine is given."""

from __future__ import annotations

import pytest

from narrator.script.normalize import MAX_SENTENCE, clean, normalize, split_sentences

ENGLISH = [
    # numbers
    ("42 people", "forty-two people"),
    ("1,234 people", "one thousand two hundred and thirty-four people"),
    ("pi is 3.14", "pi is three point one four"),
    ("it fell to -7", "it fell to minus seven"),
    ("agent 007", "agent zero zero seven"),
    ("pages 10–20", "pages ten to twenty"),
    ("~5 people", "about five people"),
    ("the #1 hit", "the number one hit"),
    ("x^2 grows", "x to the power of two grows"),
    ("a 1920x1080 screen", "a one thousand nine hundred and twenty by one thousand and eighty screen"),
    ("an MP3 player", "an M.P three player"),
    ("hex 0x40", "hex zero X four zero"),
    # percentages
    ("over 70% of them", "over seventy percent of them"),
    ("a 3.5% rise", "a three point five percent rise"),
    # currencies
    ("it costs $5.", "it costs five dollars."),
    ("it costs $1.", "it costs one dollar."),
    ("€3.50 each", "three euros and fifty cents each"),
    ("a £10m deal", "a ten million pounds deal"),
    ("$1.5 billion", "one point five billion dollars"),
    ("only $0.99", "only ninety-nine cents"),
    ("50 USD", "fifty dollars"),
    # dates, years, times
    ("on 2024-03-05", "on March fifth, twenty twenty-four"),
    ("on March 5, 2024", "on March fifth, twenty twenty-four"),
    ("on 5 March 2024", "on the fifth of March, twenty twenty-four"),
    ("on Sept. 3", "on September third"),
    ("in 1999", "in nineteen ninety-nine"),
    ("in 2005", "in two thousand and five"),
    ("in 2024 alone", "in twenty twenty-four alone"),
    ("the 1990s", "the nineteen nineties"),
    ("the '80s", "the eighties"),
    ("1990-1995", "nineteen ninety to nineteen ninety-five"),
    ("at 10:30", "at ten thirty"),
    ("at 7:05 pm", "at seven oh five p m"),
    ("at 5pm", "at five p m"),
    ("a 4.5:1 ratio", "a four point five to one ratio"),
    ("from 1:1 to 21:1", "from one to one to twenty-one to one"),
    # ordinals
    ("the 1st", "the first"),
    ("the 22nd", "the twenty-second"),
    ("the 103rd", "the one hundred and third"),
    ("item 1234567890123456th", "item one two three four five six seven eight nine zero one two three four five six"),
    # units
    ("5 km", "five kilometers"),
    ("1 km", "one kilometer"),
    ("10 mg", "ten milligrams"),
    ("3 kg", "three kilograms"),
    ("20°C", "twenty degrees Celsius"),
    ("2.5 GB", "two point five gigabytes"),
    ("60 km/h", "sixty kilometers per hour"),
    ("a 5km run", "a five kilometers run"),
    # abbreviations
    ("e.g. apples", "for example apples"),
    ("i.e. pears", "that is pears"),
    ("apples, etc. Then pears", "apples, et cetera. Then pears"),
    ("apples etc. and pears", "apples et cetera and pears"),
    ("Dr. Smith", "Doctor Smith"),
    ("cats vs. dogs", "cats versus dogs"),
    ("Mr. Jones", "Mister Jones"),
    ("No. 5", "number five"),
    ("the U.S. army", "the U.S army"),
    # acronyms: spelled unless they read as words
    ("the NMDA receptor", "the N.M.D.A receptor"),
    ("BDNF levels", "B.D.N.F levels"),
    ("the OECD says", "the O.E.C.D says"),
    ("HTML and CSS", "H.T.M.L and C.S.S"),
    ("read the FAQs", "read the F.A.Q's"),
    ("NASA and UNESCO", "NASA and UNESCO"),
    ("COVID-19", "COVID-nineteen"),
    ("World War II", "World War II"),
    ("do NOT touch", "do NOT touch"),
    ("DO NOT TOUCH THIS", "do not touch this"),
    # addresses
    ("see https://www.example.com/a/b?c=1 now", "see link to example dot com now"),
    ("visit www.python.org.", "visit link to python dot org."),
    ("(see https://x.com/a/b).", "(see link to x dot com)."),
    ("mail me@example.org", "mail me at example dot org"),
    ("site:%20https://www.mozilla.org", "site: link to mozilla dot org"),
    # emoji
    ("yay 🎉", "yay party popper"),
    ("👍🏽 great", "thumbs up sign great"),
    ("rated ★★★", "rated black star, three times"),
    # footnote markers
    ("as shown[1] here", "as shown here"),
    ("as shown.[12] Next", "as shown. Next"),
    ("a claim[^note] here", "a claim here"),
    ("a claim^3 here", "a claim here"),
    ("a value¹ here", "a value here"),
    # symbols
    ("salt & pepper", "salt and pepper"),
    ("if a < b then", "if a less than b then"),
]


@pytest.mark.parametrize(("written", "spoken"), ENGLISH)
def test_english_rule(written: str, spoken: str) -> None:
    assert normalize(written, "en") == spoken


def test_unknown_language_is_read_as_english() -> None:
    assert normalize("over 70% of them") == "over seventy percent of them"


OTHER_LANGUAGES = [
    # a language with rules: its own words, region tags included
    ("de", "Es gibt 5 Äpfel und 12 Birnen", "Es gibt fünf Äpfel und zwölf Birnen"),
    ("de-CH", "NMDA, z.B. 5", "NMDA, zum Beispiel fünf"),
    ("de", "Siehe https://www.heise.de/news/x. Gut 😀 so[3]", "Siehe Link zu heise Punkt de. Gut so"),
    # no rules for the language: numbers and symbols pass through; what needs no words still applies
    ("he", "שאלה 5", "שאלה 5"),
    ("zh", "第5章", "第5章"),
    ("ru", "Смотри https://www.example.ru/x. 😀 15.000 ₽ здесь [3]", "Смотри example.ru. 15.000 ₽ здесь"),
]


@pytest.mark.parametrize(("language", "written", "spoken"), OTHER_LANGUAGES)
def test_other_languages(language: str, written: str, spoken: str) -> None:
    assert normalize(written, language) == spoken


INJECTIONS = [
    '<break time="9999s"/>',
    '<audio src="https://evil.example/a.mp3">',
    "<speak>",
    "</speak>",
    '<prosody rate="x-slow">',
    "<!-- comment -->",
    "[[h@l'oU]]",
    "[[slnc 99999]]",
    "\\Pau=99999\\",
    "&lt;break time=&quot;9999s&quot;/&gt;",
    "&amp;lt;break time='9999s'/&amp;gt;",
    "{{< shortcode >}}",
    "\x07\x1b[31m\u202e",
]


@pytest.mark.parametrize("markup", INJECTIONS)
@pytest.mark.parametrize("language", ["en", "de", ""])
def test_engine_markup_never_reaches_the_engine(markup: str, language: str) -> None:
    spoken = normalize(f"Before {markup} after.", language)
    assert spoken == "Before after."
    assert clean(markup) == ""


def test_truncated_tag_at_the_end_is_dropped() -> None:
    assert normalize('Hello <break time="99') == "Hello"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("A sentence. and a lower-case word", ["A sentence. and a lower-case word"]),
        ("Doctor Smith is here. Really.", ["Doctor Smith is here.", "Really."]),
        ("Many languages. eSpeak knows them.", ["Many languages.", "eSpeak knows them."]),
        ("你好。世界。", ["你好。", "世界。"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_long_sentences_are_cut_at_clauses_without_losing_words() -> None:
    clause = "the quick brown fox jumps over the lazy dog"
    sentence = ", ".join([clause] * 30) + "."
    pieces = split_sentences(sentence)
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_SENTENCE for piece in pieces)
    assert " ".join(pieces).split() == sentence.split()

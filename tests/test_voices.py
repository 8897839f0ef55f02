"""``narrate voices`` and voice choice: listing, filtering by language, and errors for unknown voices."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner
from narrate import narrate as run_narrate

from narrator.cli import cli
from narrator.engines.base import Voice
from narrator.engines.voices import find_voice, voices_for_language
from narrator.errors import UnknownVoiceError

pytestmark = pytest.mark.audio

SAMPLE_VOICES = [
    Voice("gmw/en", "English (Great Britain)", ("en-gb", "en")),
    Voice("gmw/en-US", "English (America)", ("en-us", "en")),
    Voice("gmw/de", "German", ("de",)),
    Voice("roa/pt-BR", "Portuguese (Brazil)", ("pt-br", "pt")),
]


def narrate(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(arguments))
    return result.exit_code, result.stdout, result.stderr


def test_voices_lists_engine_id_name_and_languages_in_aligned_columns() -> None:
    status, out, _ = narrate("voices")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ENGINE", "ID", "NAME", "LANGUAGES", "QUALITY", "RATE"]
    assert len(lines) > 50
    german = next(line for line in lines if line.split()[1] == "gmw/de")
    assert german.split() == ["pyttsx3", "gmw/de", "German", "de", "-", "-"]
    name_column = lines[0].index("NAME")
    assert all(line[name_column - 2 : name_column] == "  " and line[name_column] != " " for line in lines)


def test_voices_json_is_a_list_of_objects() -> None:
    status, out, _ = narrate("voices", "--json")
    assert status == 0
    voices = json.loads(out)
    english = {"id": "gmw/en-US", "name": "English (America)", "languages": ["en-us", "en"]}
    assert {**english, "engine": "pyttsx3", "quality": None, "sample_rate": None} in voices
    assert all(set(voice) == {"engine", "id", "name", "languages", "quality", "sample_rate"} for voice in voices)


@pytest.mark.parametrize(("language", "first"), [("de", "gmw/de"), ("en-US", "gmw/en-US"), ("en", "gmw/en")])
def test_voices_for_a_language_list_only_its_voices_best_first(language: str, first: str) -> None:
    status, out, _ = narrate("voices", "--json", "--language", language)
    assert status == 0
    voices = json.loads(out)
    assert voices[0]["id"] == first
    base = language.split("-")[0].lower()
    assert all(any(tag.split("-")[0] == base for tag in voice["languages"]) for voice in voices)


def test_a_language_without_voices_is_one_error_line() -> None:
    status, out, err = narrate("voices", "--language", "xx")
    assert status == 1
    assert out == ""
    assert err == "Error: No voice speaks xx. Run 'narrate voices' to list them all.\n"


def test_an_unknown_engine_is_one_error_line() -> None:
    status, _, err = narrate("voices", "--engine", "nothing")
    assert status == 1
    assert err.startswith("Error: Unknown engine: nothing. Known engines: ") and err.count("\n") == 1


def test_voices_runs_as_a_command_and_never_prints_driver_noise() -> None:
    result = run_narrate("voices", "--language", "de", env={"PYTHONWARNINGS": "error"})
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ENGINE   ID      NAME    LANGUAGES  QUALITY  RATE",
        "pyttsx3  gmw/de  German  de         -        -",
    ]
    assert result.stderr == ""


@pytest.mark.parametrize("wanted", ["gmw/en-US", "GMW/EN-us", "en-us", "english (america)"])
def test_find_voice_takes_the_id_its_last_part_or_the_name(wanted: str) -> None:
    assert find_voice(SAMPLE_VOICES, wanted).id == "gmw/en-US"


def test_an_unknown_voice_names_the_closest_ones() -> None:
    with pytest.raises(UnknownVoiceError) as raised:
        find_voice(SAMPLE_VOICES, "Englsh")
    assert str(raised.value) == (
        "Unknown voice: Englsh. Closest matches: English (America), English (Great Britain)."
        " Run 'narrate voices' to list them all."
    )


def test_a_voice_with_nothing_close_gets_no_suggestions() -> None:
    with pytest.raises(UnknownVoiceError, match=r"^Unknown voice: zzzz\. Run 'narrate voices'"):
        find_voice(SAMPLE_VOICES, "zzzz")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-US", ["gmw/en-US", "gmw/en"]),
        ("en", ["gmw/en", "gmw/en-US"]),
        ("EN_gb", ["gmw/en", "gmw/en-US"]),
        ("pt", ["roa/pt-BR"]),
        ("de-CH", ["gmw/de"]),
        ("fr", []),
    ],
)
def test_voices_for_language_prefers_the_exact_tag(language: str, expected: list[str]) -> None:
    assert [voice.id for voice in voices_for_language(SAMPLE_VOICES, language)] == expected


def test_export_with_an_unknown_voice_is_one_error_line_and_writes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("# Title\n\nSome words to say.\n", encoding="utf-8")
    output = tmp_path / "article.wav"
    status, _, err = narrate("export", str(article), "--wav", "-o", str(output), "--voice", "Englsh (Amerca)")
    assert status == 1
    assert err.startswith("Error: Unknown voice: Englsh (Amerca). Closest matches: English (America)")
    assert err.count("\n") == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["article.md"]


def test_export_speaks_with_the_chosen_voice_and_rate(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("# Title\n\nThe committee examined the cost of clean water in forty towns.\n", encoding="utf-8")
    durations = {}
    for rate in ("100", "300"):
        output = tmp_path / f"{rate}.wav"
        status, _, err = narrate("export", str(article), "--wav", "-o", str(output), "--voice", "en-us", "--rate", rate)
        assert status == 0, err
        with wave.open(str(output)) as reader:
            durations[rate] = reader.getnframes() / reader.getframerate()
    assert durations["300"] < 0.6 * durations["100"]

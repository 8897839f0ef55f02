"""The pronunciation lexicon: words and regular expressions, the default file, and malformed lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from narrate import narrate

from narrator.cli import cli
from narrator.errors import LexiconError
from narrator.script.lexicon import default_lexicon_path, load_lexicon, parse_lexicon

ARTICLE = "# Receptors\n\nThe NMDA receptor in new  york, v2 and NMDAs.\n"


def test_words_match_whole_words_in_any_case() -> None:
    lexicon = parse_lexicon("# a comment\n\nNMDA = N-methyl-D-aspartate\nNew York = the Big Apple\n")
    assert lexicon.apply("The nmda receptor in New\tYork, NMDAs and xNMDA.") == (
        "The N-methyl-D-aspartate receptor in the Big Apple, NMDAs and xNMDA."
    )


def test_regex_rules_substitute_groups_in_file_order() -> None:
    lexicon = parse_lexicon("/\\bv(\\d+)\\b/ = version \\1\nversion = release\n")
    assert lexicon.apply("v2 is out") == "release 2 is out"


def test_spoken_form_may_contain_backslashes_and_equals() -> None:
    lexicon = parse_lexicon("a\\b = a = b\n")
    assert lexicon.apply("see a\\b") == "see a = b"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("just words", "expected 'word = spoken form' or '/regex/ = replacement'"),
        ("= spoken", "expected 'word = spoken form'"),
        ("word =", "expected 'word = spoken form'"),
        ("/unterminated = x", "expected 'word = spoken form'"),
        ("/(open/ = x", "bad regular expression"),
        ("/(a)/ = \\2", "bad regular expression: invalid group reference"),
    ],
)
def test_malformed_line_names_file_and_line(line: str, problem: str) -> None:
    with pytest.raises(LexiconError) as raised:
        parse_lexicon(f"# header\nok = fine\n{line}\n", "my.lex")
    assert str(raised.value).startswith("my.lex, line 3: ")
    assert problem in str(raised.value)


def test_default_lexicon_is_read_from_the_user_config_dir(private_user_dirs: Path) -> None:
    path = default_lexicon_path()
    assert path.is_relative_to(private_user_dirs)
    assert not load_lexicon()
    path.parent.mkdir(parents=True)
    path.write_text("NMDA = N-methyl-D-aspartate\n", encoding="utf-8")
    assert load_lexicon().apply("NMDA") == "N-methyl-D-aspartate"


def spoken_texts(output: str) -> list[str]:
    return [item["text"] for item in json.loads(output) if item["text"]]


def test_cli_lexicon_option_changes_what_is_said(tmp_path: Path) -> None:
    source = tmp_path / "article.md"
    source.write_text(ARTICLE, encoding="utf-8")
    lexicon = tmp_path / "words.txt"
    lexicon.write_text("NMDA = N-methyl-D-aspartate\nnew york = New York City\n/\\bv(\\d)\\b/ = version \\1\n")
    result = CliRunner().invoke(cli, ["script", str(source), "--json", "--lexicon", str(lexicon)])
    assert result.exit_code == 0, result.output
    assert "The N-methyl-D-aspartate receptor in New York City, version two and N.M.D.A's." in spoken_texts(
        result.output
    )


def test_cli_reads_the_default_lexicon(tmp_path: Path) -> None:
    source = tmp_path / "article.md"
    source.write_text(ARTICLE, encoding="utf-8")
    default_lexicon_path().parent.mkdir(parents=True)
    default_lexicon_path().write_text("receptor = ree-sep-tor\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", str(source), "--json"])
    assert result.exit_code == 0, result.output
    assert any("The N.M.D.A ree-sep-tor in" in text for text in spoken_texts(result.output))


def test_cli_malformed_lexicon_is_one_line_and_exit_1(tmp_path: Path) -> None:
    source = tmp_path / "article.md"
    source.write_text(ARTICLE, encoding="utf-8")
    lexicon = tmp_path / "bad.txt"
    lexicon.write_text("# my words\nNMDA = N-methyl-D-aspartate\n\nthis line has no equals sign\n", encoding="utf-8")
    result = narrate("script", source, "--lexicon", lexicon)
    assert result.status == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {lexicon}, line 4: expected 'word = spoken form' or '/regex/ = replacement', "
        "got 'this line has no equals sign'\n"
    )


def test_cli_missing_lexicon_file(tmp_path: Path) -> None:
    source = tmp_path / "article.md"
    source.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", str(source), "--lexicon", str(tmp_path / "absent.txt")])
    assert result.exit_code == 1
    assert f"Lexicon not found: {tmp_path / 'absent.txt'}" in result.output

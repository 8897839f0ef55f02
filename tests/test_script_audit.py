"""``narrate script FILE --audit``: what narrator could not say with confidence, with counts and first positions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.cli import cli

ARTICLE = """# Receptors

## Findings

The NMDA receptor matters. Blocking the NMDA receptor helps, says @lab_news.

## Quotes

He said «Добро пожаловать» and left; the zxqwv tool agreed.
"""


def narrate(*arguments: str) -> str:
    result = CliRunner().invoke(cli, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "receptors.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def script_line(path: Path, number: int) -> str:
    return narrate("script", str(path)).splitlines()[number - 1]


def test_the_audit_lists_each_kind_with_counts_and_the_script_line_it_first_occurs_on(article: Path) -> None:
    report = json.loads(narrate("script", str(article), "--audit", "--json"))
    assert report["language"] == "en"
    [spelled] = report["spelled"]
    assert (spelled["written"], spelled["said"], spelled["count"], spelled["first_section"]) == (
        "NMDA",
        "N.M.D.A",
        2,
        1,
    )
    assert "N.M.D.A receptor matters" in script_line(article, spelled["first_line"])
    left = {finding["written"]: finding for finding in report["left_to_engine"]}
    assert set(left) == {"@", "_"}
    assert "@lab_news" in script_line(article, left["@"]["first_line"])
    [switch] = report["language_switches"]
    assert (switch["written"], switch["count"], switch["first_section"]) == ("ru", 1, 2)
    assert "Добро пожаловать" in script_line(article, switch["first_line"])


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="the espeak-ng program is not installed")
def test_the_engine_names_the_words_it_would_spell(article: Path) -> None:
    report = json.loads(narrate("script", str(article), "--audit", "--json"))
    assert report["engine_checked"] is True
    assert [finding["written"] for finding in report["unsayable"]] == ["zxqwv"]
    assert "zxqwv tool" in script_line(article, report["unsayable"][0]["first_line"])


def test_the_plain_report_reads_as_a_list_an_author_can_work_through(article: Path) -> None:
    lines = narrate("script", str(article), "--audit").splitlines()
    assert lines[0] == f"Pronunciation audit of {article} (language: en)"
    assert "Acronyms spelled letter by letter: 1 forms, 2 times" in lines
    assert any(
        line.startswith("  NMDA -> N.M.D.A  2x, first at line ") and line.endswith(", section 1") for line in lines
    )
    assert "Passages in another language: 1 forms, 1 times" in lines
    assert lines[-1].startswith("Fix a word once in a lexicon")


def test_a_lexicon_entry_removes_the_finding(article: Path, tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text("NMDA = N-methyl-D-aspartate\n", encoding="utf-8")
    report = json.loads(narrate("script", str(article), "--audit", "--json", "--lexicon", str(lexicon)))
    assert report["spelled"] == []


def test_numbers_in_a_language_without_rules_are_left_to_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "statya.md"
    path.write_text("---\nlang: ru\n---\n# Цены\n\nЭто стоит 15.000 рублей, а то 200.\n", encoding="utf-8")
    report = json.loads(narrate("script", str(path), "--audit", "--json"))
    assert [(finding["written"], finding["count"]) for finding in report["left_to_engine"]] == [
        ("15.000", 1),
        ("200", 1),
    ]


def test_a_german_article_with_every_number_said_has_nothing_left(tmp_path: Path) -> None:
    path = tmp_path / "artikel.md"
    path.write_text(
        "---\nlang: de\n---\n# Preise\n\nAm 26. Oktober kostete es 15.000 Euro, um 12.30 Uhr z. B. 3,5 % mehr.\n",
        encoding="utf-8",
    )
    report = json.loads(narrate("script", str(path), "--audit", "--json"))
    assert report["left_to_engine"] == [] and report["spelled"] == [] and report["language_switches"] == []

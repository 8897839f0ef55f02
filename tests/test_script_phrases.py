"""narrator's own words in the article's language: a German article is announced in German, a French one in
French, every catalogue says everything English says, and English is unchanged (the goldens)."""

from __future__ import annotations

import string

import pytest
from click.testing import CliRunner

from narrator.cli import cli
from narrator.script import phrases

GERMAN = """---
lang: de
---
# Der Fluss

## Die Quelle

Der Fluss entspringt in den Bergen.[^1]

- Schnee
- Regen

## Häufig gestellte Fragen

### Wie lang ist er?

Er ist lang.

[^1]: Nach alten Karten.
"""

GUESSED_FRENCH = """# La rivière

## La source

La rivière prend sa source dans les collines et elle coule vers la mer pendant des jours.

| Ville | Pont |
|---|---|
| Lyon | trois |
"""


def spoken(article: str, *flags: str) -> list[str]:
    result = CliRunner().invoke(cli, ["script", "-", "--format", "markdown", *flags], input=article)
    assert result.exit_code == 0, result.output
    return [line.strip() for line in result.output.splitlines() if line.strip() and not line.strip().startswith("(")]


def test_a_german_article_is_announced_in_german() -> None:
    assert spoken(GERMAN) == [
        "Der Fluss",
        "[1] Abschnitt 1 von 3: Die Quelle",
        "Der Fluss entspringt in den Bergen.",
        "Liste mit 2 Einträgen.",
        "Schnee",
        "Regen",
        "Ende der Liste.",
        "[2] Abschnitt 2 von 3: Häufig gestellte Fragen",
        "Häufig gestellte Fragen, eine Frage.",
        "Frage 1: Wie lang ist er?",
        "Antwort: Er ist lang.",
        "[3] Abschnitt 3 von 3: Fußnoten",
        "Liste mit einem Eintrag.",
        "eins. Nach alten Karten.",
        "Ende der Liste.",
    ]


def test_an_article_told_to_be_french_by_its_words_is_announced_in_french() -> None:
    lines = spoken(GUESSED_FRENCH, "--toc")
    assert lines[1:3] == ["Cet article a une section :", "Section 1 : La source."]  # French puts a space before
    assert "[1] Section 1 sur 1 : La source" in lines
    assert "Tableau : une ligne, 2 colonnes." in lines


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", ["de", "fr", "es", "it", "nl", "pt"])
def test_every_catalogue_says_everything_english_says_with_the_same_blanks(language: str) -> None:
    catalogue, english = phrases.phrases_for(language), phrases.ENGLISH
    assert catalogue is not english
    for field in vars(english):
        theirs, ours = getattr(catalogue, field), getattr(english, field)
        if isinstance(ours, dict):
            assert theirs.keys() == ours.keys(), field
            assert all(placeholders(theirs[noun]) == placeholders(ours[noun]) for noun in ours), field
        elif field != "by_word":
            assert theirs and placeholders(theirs) == placeholders(ours), field


def test_a_language_without_a_catalogue_is_announced_in_english() -> None:
    assert phrases.phrases_for("he") is phrases.ENGLISH
    assert phrases.phrases_for("de-AT") is phrases.phrases_for("de")

"""``narrate script`` over every real page and Markdown file of the shared corpus.

Each must give a script without error, with spoken items, and with no CSS,
JavaScript or markup in any spoken text (what the reader and the code and
markup rules of issue 12.4 keep out), no digit glued to a word ("eins5.000") and
no slash between numbers for the engine to read as "slash" (what normalisation,
issue 12.1, keeps out, in every language it has rules for; a language without
rules keeps its written forms, "6月" included). Run with ``-s`` to see how many
items each page produced.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.cli import cli
from narrator.script.normalize import has_rules

pytestmark = pytest.mark.corpus

LEAK = re.compile(
    r"[{}<>\x00-\x08\x0b-\x1f\x7f]"  # braces of CSS/JS/templates, any tag, control characters
    r"|function\s*\(|=>|\bvar\s+\w+\s*=|\bconst\s+\w+\s*=|\b(?:document|window)\.[a-z]\w*\("  # JavaScript
    r"|\b\d+px\b|px;|!important|@media|\w+-\w+:\s*\w+;"  # CSS
    r"|&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;"  # entities such as &nbsp; &amp; &#160;
    r"|\[\[|\]\]"  # engine escapes
)


GLUED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
"""A digit glued to a word: a number half-converted ("eins5.000") or a form no rule understood ("1Password")."""
SLASH = re.compile(r"\d\s*/\s*\d|\d\s+slash\b|\b(?:slash|Schrägstrich|barre oblique|barra)\s+\d", re.IGNORECASE)
"""A slash between numbers, which an engine reads as "slash" ("14/01/2020", "24/7", "1/2")."""


def manifest_languages(corpus: Path) -> dict[str, str]:
    """Each input's language as the corpus manifest records it, by name."""
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    return {row["name"]: row["lang"] for row in rows}


def number_faults(text: str, language: str) -> str | None:
    """What a listener would hear wrong in a number of ``text``, in a language narrator has rules for."""
    if not has_rules(language):
        return None
    fault = GLUED.search(text) or SLASH.search(text)
    return fault[0] if fault else None


def corpus_inputs(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("html/*/source.html")) + sorted(corpus.glob("md/*.md"))


def test_every_corpus_input_scripts_cleanly(corpus: Path) -> None:
    inputs = corpus_inputs(corpus)
    assert len(inputs) >= 40
    runner = CliRunner()
    failures = []
    rows = []
    languages = manifest_languages(corpus)
    for path in inputs:
        name = path.parent.name if path.name == "source.html" else path.name
        page_language = languages[name.removesuffix(".md")]
        result = runner.invoke(cli, ["script", str(path), "--json"])
        if result.exit_code != 0:
            failures.append(f"{name}: exit {result.exit_code}: {result.output.strip()}")
            continue
        items = json.loads(result.output)
        spoken = [item["text"] for item in items if item["kind"] in ("announcement", "text")]
        leaks = [text for text in spoken if LEAK.search(text)]
        rows.append(f"{name:32} {len(items):6} items {len(spoken):6} spoken  {len(leaks)} leaks")
        if not spoken:
            failures.append(f"{name}: nothing to say")
        failures.extend(f"{name}: leaked {LEAK.search(text)[0]!r} in {text[:160]!r}" for text in leaks)  # type: ignore[index]
        for item in items:
            fault = number_faults(item["text"], item["language"] or page_language) if item["text"] else None
            if fault:
                failures.append(f"{name}: number {fault!r} in {item['text'][:160]!r}")
    print("\n" + "\n".join(rows))
    assert failures == []


@pytest.mark.parametrize(
    "leak",
    [".nav { color: red }", "function() { x }", "width: 10px;", "a&nbsp;b", "&#160;", "</div>", "<br/>", "[[x]]"],
)
def test_the_leak_check_recognises_markup(leak: str) -> None:
    assert LEAK.search(leak)


@pytest.mark.parametrize(
    ("text", "language", "fault"),
    [
        ("fünfzehn Euro und eins5.000 Euro", "de", "s5"),
        ("le 14 slash 1", "fr", "4 slash"),
        ("le 14/01/2020", "fr", "4/0"),
        ("open 24 / 7", "en", "4 / 7"),
        ("one half teaspoon", "en", None),
        ("第5章", "zh", None),
    ],
)
def test_the_number_check_recognises_what_a_listener_would_hear_wrong(
    text: str, language: str, fault: str | None
) -> None:
    assert number_faults(text, language) == fault

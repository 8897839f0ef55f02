"""``narrate script`` over every real page and Markdown file of the shared corpus.

Each must give a script without error, with spoken items, and with no CSS,
JavaScript or markup in any spoken text. Run with ``-s`` to see how many items
each page produced.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.cli import cli

pytestmark = pytest.mark.corpus

LEAK = re.compile(
    r"[{}<>\x00-\x08\x0b-\x1f\x7f]"  # braces of CSS/JS/templates, any tag, control characters
    r"|function\s*\(|=>|\bvar\s+\w+\s*=|\bconst\s+\w+\s*=|\b(?:document|window)\.[a-z]\w*\("  # JavaScript
    r"|\b\d+px\b|px;|!important|@media|\w+-\w+:\s*\w+;"  # CSS
    r"|&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;"  # entities such as &nbsp; &amp; &#160;
    r"|\[\[|\]\]"  # engine escapes
)


def corpus_inputs(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("html/*/source.html")) + sorted(corpus.glob("md/*.md"))


def test_every_corpus_input_scripts_cleanly(corpus: Path) -> None:
    inputs = corpus_inputs(corpus)
    assert len(inputs) >= 40
    runner = CliRunner()
    failures = []
    rows = []
    for path in inputs:
        name = path.parent.name if path.name == "source.html" else path.name
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
    print("\n" + "\n".join(rows))
    assert failures == []


@pytest.mark.parametrize(
    "leak",
    [".nav { color: red }", "function() { x }", "width: 10px;", "a&nbsp;b", "&#160;", "</div>", "<br/>", "[[x]]"],
)
def test_the_leak_check_recognises_markup(leak: str) -> None:
    assert LEAK.search(leak)

"""``narrate script`` through the real CLI: golden scripts of the sample article, JSON, flags, safety.

Regenerate the golden files after an intended change with
``NARRATOR_UPDATE_GOLDEN=1 python -m pytest tests/test_script_cli.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from narrator.cli import cli

GOLDEN = Path(__file__).parent / "golden"
KETAMINE = Path(__file__).resolve().parent.parent / "articles" / "ketamine-depression.md"
HEADINGS = [
    "Ketamine: An Emerging Breakthrough in Depression Treatment",
    "The Science Behind Ketamine’s Anti-Depressive Effects",
    "How Ketamine Works in the Brain",
    "Rapid Onset and Lasting Effects",
    "Addressing Frequently Asked Questions (F.A.Q's)",
    "Conclusion: A Beacon of Hope for Depression Treatment",
]


def narrate(*args: str, input: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["script", *args], input=input)
    assert result.exit_code == 0, result.output
    return result.output


def items(*args: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(narrate(*args, "--json"))
    return loaded


@pytest.mark.parametrize(("announce", "extra"), [("full", ()), ("brief", ()), ("none", ()), ("full", ("--toc",))])
def test_golden_script_of_the_sample_article(announce: str, extra: tuple[str, ...]) -> None:
    output = narrate(str(KETAMINE), "--announce", announce, *extra)
    golden = GOLDEN / f"ketamine-depression.{announce}{''.join(extra).replace('--', '.')}.txt"
    if os.environ.get("NARRATOR_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_full_announcements_of_the_sample_article() -> None:
    lines = narrate(str(KETAMINE)).splitlines()
    marked = [line for line in lines if line.startswith("[")]
    subsection = {3, 4}
    assert marked == [
        f"[{number}] Section {number} of 6{', subsection' if number in subsection else ''}: {heading}"
        for number, heading in enumerate(HEADINGS, start=1)
    ]
    assert (
        lines[0]
        == "Exploring Ketamine Injections for Depression: A Promising Study Amidst Numerous Treatment Alternatives"
    )
    assert "Section 2 of 6: The Science Behind Ketamine’s Anti-Depressive Effects" in narrate(str(KETAMINE))


def test_toc_lists_the_sections_after_the_title() -> None:
    opening = [item["text"] for item in items(str(KETAMINE), "--toc") if item["section"] is None and item["text"]]
    assert opening[1] == "This article has 6 sections:"
    assert opening[2:] == [
        f"Section {number}{', subsection' if number in (3, 4) else ''}: {heading}."
        for number, heading in enumerate(HEADINGS, start=1)
    ]


def test_json_items_carry_kind_section_role_text_and_pauses() -> None:
    script = items(str(KETAMINE))
    assert {"kind", "section", "role", "text", "pause_ms"} <= set(script[0])
    kinds = {item["kind"] for item in script}
    assert kinds == {"announcement", "text", "pause"}
    assert all(item["pause_ms"] > 0 and not item["text"] for item in script if item["kind"] == "pause")
    sections = [item["section"] for item in script if item["section"] is not None]
    assert sections == sorted(sections) and set(sections) == set(range(6))
    firsts = [next(item for item in script if item["section"] == index) for index in range(6)]
    assert [(item["kind"], item["role"]) for item in firsts] == [("announcement", "heading")] * 6


def test_json_matches_the_plain_lines() -> None:
    plain = narrate(str(KETAMINE), "--announce", "brief").splitlines()
    script = items(str(KETAMINE), "--announce", "brief")
    assert len(plain) == len(script)
    for line, item in zip(plain, script, strict=True):
        expected = f"(pause {item['pause_ms']} ms)" if item["kind"] == "pause" else item["text"]
        assert re.sub(r"^(\[\d+\] |  )", "", line) == expected


def test_faqs_of_the_sample_article() -> None:
    script = items(str(KETAMINE))
    roles = [(item["role"], item["text"].split(":")[0]) for item in script if item["role"] in ("faq", "question")]
    assert roles == [
        ("faq", "Frequently asked questions, 3 questions."),
        ("question", "Question 1"),
        ("question", "Question 2"),
        ("question", "Question 3"),
    ]
    answers = [item["text"] for item in script if item["text"].startswith("Answer: ")]
    assert answers[0] == (
        "Answer: Some individuals may understandably have concerns about the safety of using ketamine "
        "for depression treatment."
    )
    assert len(answers) == 3


def test_pause_flags_set_the_pauses() -> None:
    script = items(str(KETAMINE), "--pause-heading", "123", "--pause-paragraph", "45", "--pause-section", "678")
    pauses = {(item["role"], item["pause_ms"]) for item in script if item["kind"] == "pause"}
    assert {ms for _, ms in pauses} == {123, 45, 678}
    heading = next(index for index, item in enumerate(script) if item["role"] == "heading")
    assert script[heading + 1]["pause_ms"] == 123
    assert script[heading - 1]["pause_ms"] == 678


def test_earcons_appear_as_tones() -> None:
    lines = narrate(str(KETAMINE), "--earcons", "--announce", "brief").splitlines()
    assert lines.count("  (tone: faq)") == 3
    assert "[3] (tone: section)" in lines


def test_standard_input() -> None:
    output = narrate("-", "--format", "markdown", input="# Title\n\n## One\n\nHello 5 times.\n")
    assert output.splitlines() == [
        "Title",
        "  (pause 900 ms)",
        "[1] Section 1 of 1: One",
        "  (pause 500 ms)",
        "  Hello five times.",
    ]


HOSTILE_MARKDOWN = """# Hostile <speak>title</speak>

## Break &lt;break time="9999s"/&gt; here

Text with `<break time="9999s"/>` and <audio src="https://evil.example/x.mp3">audio</audio> tags.

Espeak [[h@l'oU]] phonemes and a SAPI \\Pau=99999\\ pause and {{< shortcode >}} and &amp;nbsp; done.

- item <prosody rate="x-slow">slow</prosody>

| a | b |
|---|---|
| <speak>x</speak> | [[y]] |

> quote &lt;/speak&gt;
"""
LEAK = re.compile(r"[<>{}\x00-\x1f]|\[\[|\]\]|&\w+;|9999|Pau=")


def test_markup_in_the_article_never_reaches_the_engine(tmp_path: Path) -> None:
    source = tmp_path / "hostile.md"
    source.write_text(HOSTILE_MARKDOWN + "Control \x07\x1b[2J characters.\n", encoding="utf-8")
    script = items(str(source), "--toc")
    texts = [item["text"] for item in script if item["text"]]
    assert [text for text in texts if LEAK.search(text)] == []
    joined = " ".join(texts)
    for words in (
        "Break here",
        "Text with less than break",
        "and audio tags.",
        "Espeak phonemes",
        "item slow",
        "Control characters.",
    ):
        assert words in joined


def test_script_never_imports_engine_or_audio_code() -> None:
    code = (
        "import sys\n"
        "from narrator.cli import cli\n"
        f"cli(['script', {str(KETAMINE)!r}], standalone_mode=False)\n"
        "loaded = [name for name in sys.modules if name.startswith(('narrator.engines', 'narrator.sinks', 'pyttsx3',"
        " 'sounddevice', 'lameenc', 'mutagen'))]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "LOADED []"


def test_missing_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["script", str(tmp_path / "absent.md")])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "absent.md" in result.output

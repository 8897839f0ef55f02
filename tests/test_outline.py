"""``narrate outline``: the structure for a person, and as JSON, from a file or standard input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

from click.testing import CliRunner

from narrator.cli import cli

FIFTY_EIGHT_WORDS = " ".join(
    ["Steep the leaves in water that is hot but not boiling."] * 5 + ["Enjoy", "it", "slowly."]
)

ARTICLE = dedent(
    f"""\
    ---
    title: Tea
    author: Ada
    ---

    ## Brewing

    {FIFTY_EIGHT_WORDS}
    """
)

FAQ_ARTICLE = dedent(
    """\
    # Green Tea Guide

    A short lead.

    ## Varieties

    ### Sencha

    Grassy and bright.

    ## FAQ

    Answers to common questions.

    ### FAQ 1: Does green tea contain caffeine?

    Yes, about a third of a cup of coffee.

    ### FAQ 2: How long should it steep?

    Two to three minutes.
    """
)


def outline(*arguments: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["outline", *arguments], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_the_totals_line_counts_sections_words_and_the_listening_time_at_the_rate() -> None:
    """The time itself is measured with the real engine (tests/test_outline_estimate.py checks it against exports)."""
    assert FIFTY_EIGHT_WORDS.count(" ") + 1 == 58
    status, text, _ = outline("-", "--rate", "120", stdin=ARTICLE)
    assert status == 0
    assert text.splitlines()[:2] == ["Tea", "by Ada, language: en"]
    slow = re.fullmatch(r"1 section, 58 words: about (\d+) s to listen at 120 words per minute", text.splitlines()[2])
    assert slow is not None
    _, faster, _ = outline("-", "--rate", "240", stdin=ARTICLE)
    fast = re.search(r"58 words: about (\d+) s to listen at 240 words per minute", faster)
    assert fast is not None and int(fast.group(1)) < int(slow.group(1))


def test_text_outline_indents_headings_and_lists_questions_under_their_section() -> None:
    status, text, _ = outline("-", stdin=FAQ_ARTICLE)
    assert status == 0
    assert text.splitlines()[3:] == [
        "",
        "Introduction  (3 words)",
        "Varieties  (0 words)",
        "  Sencha  (3 words)",
        "FAQ  (27 words, 2 questions)",
        "  Q: Does green tea contain caffeine?",
        "  Q: How long should it steep?",
    ]
    assert "\x1b[" not in text


def test_json_outline_has_exactly_the_documented_fields_in_reading_order() -> None:
    status, text, _ = outline("-", "--json", stdin=FAQ_ARTICLE)
    assert status == 0
    data = json.loads(text)
    assert list(data) == ["title", "language", "byline", "sections", "left_out", "notes"]
    assert data["notes"] == []
    assert (data["title"], data["language"], data["byline"]) == ("Green Tea Guide", "en", "")
    assert [list(section) for section in data["sections"]] == [["level", "heading", "text", "words", "faqs"]] * 4
    assert [(s["level"], s["heading"]) for s in data["sections"]] == [
        (0, ""),
        (2, "Varieties"),
        (3, "Sencha"),
        (2, "FAQ"),
    ]
    faq_section = data["sections"][3]
    assert faq_section["text"] == "Answers to common questions."
    assert faq_section["faqs"] == [
        {"question": "Does green tea contain caffeine?", "answer": "Yes, about a third of a cup of coffee."},
        {"question": "How long should it steep?", "answer": "Two to three minutes."},
    ]
    assert faq_section["words"] == 27


def test_stdin_format_is_sniffed_and_can_be_forced() -> None:
    _, sniffed, _ = outline("-", "--json", stdin=FAQ_ARTICLE)
    _, as_text, _ = outline("-", "--json", "--format", "text", stdin=FAQ_ARTICLE)
    assert [s["heading"] for s in json.loads(sniffed)["sections"]][1] == "Varieties"
    assert [s["heading"] for s in json.loads(as_text)["sections"]] == [""]
    assert "### Sencha" in json.loads(as_text)["sections"][0]["text"]


def test_plain_text_is_paragraphs_with_its_first_short_line_as_title(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text("A Note on Tea\n\nFirst paragraph\nwraps here.\n\nSecond paragraph.\n")
    status, text, _ = outline(str(article), "--json")
    data = json.loads(text)
    assert status == 0
    assert data["title"] == "A Note on Tea"
    assert data["sections"][0]["text"] == "First paragraph wraps here.\nSecond paragraph."


def test_a_missing_file_is_one_line_on_stderr_and_a_failure_status(tmp_path: Path) -> None:
    status, text, error = outline(str(tmp_path / "absent.md"))
    assert status == 1 and text == ""
    assert error.count("\n") == 1 and "absent.md" in error and "Traceback" not in error


def test_the_json_outline_never_loads_speech_or_audio_code(tmp_path: Path) -> None:
    """The text outline measures the voice for its listening time; the structure alone needs no engine."""
    article = tmp_path / "a.md"
    article.write_text(FAQ_ARTICLE)
    probe = (
        "import sys\n"
        "from narrator.cli import cli\n"
        f"cli(['outline', {str(article)!r}, '--json'], standalone_mode=False)\n"
        "heavy = ('narrator.engines.', 'narrator.sinks', 'pyttsx3', 'sounddevice', 'lameenc', 'mutagen')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Green Tea Guide" in result.stdout
    assert result.stderr.strip() == "[]"

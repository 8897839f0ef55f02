"""The outline's listening time against what an export of the same article lasts, with the real engine."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import pytest
from conftest import ARTICLES, CORPUS
from narrate import narrate

pytestmark = pytest.mark.audio

SOURCES = [
    ARTICLES / "ketamine-depression.md",
    CORPUS / "md" / "electron-faq.md",
    CORPUS / "md" / "rust-check-cfg.md",
    CORPUS / "html" / "rd-heise-1password" / "source.html",
]
"""The sample, and three corpus pages in English and German (eSpeak NG's German voice is the slowest of these)."""


def estimated_seconds(*args: str | Path) -> float:
    run = narrate("outline", *args)
    assert run.status == 0, run.stderr
    found = re.search(r"about (?:(\d+) min )?(\d+) s to listen at (\d+) words per minute", run.stdout)
    assert found is not None, run.stdout
    return 60.0 * int(found.group(1) or 0) + int(found.group(2))


def exported_seconds(tmp_path: Path, *args: str | Path) -> float:
    output = tmp_path / "narration.wav"
    run = narrate("export", *args, "-o", output, "--force", "-q")
    assert run.status == 0, run.stderr
    with wave.open(str(output)) as audio:
        frames: int = audio.getnframes()
        rate: int = audio.getframerate()
    return frames / rate


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.parent.name if path.stem == "source" else path.stem)
def test_the_estimate_is_within_5_percent_of_the_export(tmp_path: Path, source: Path) -> None:
    if not source.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    estimate = estimated_seconds(source)
    exported = exported_seconds(tmp_path, source)
    assert abs(estimate - exported) <= 0.05 * exported, (estimate, exported)


def test_the_estimate_follows_the_speed_and_the_announcements(tmp_path: Path) -> None:
    source = ARTICLES / "ketamine-depression.md"
    faster = estimated_seconds(source, "--rate", "250")
    assert abs(faster - exported_seconds(tmp_path, source, "--rate", "250")) <= 0.05 * faster
    assert faster < 0.8 * estimated_seconds(source)
    assert estimated_seconds(source, "--announce", "none") < estimated_seconds(source) - 5

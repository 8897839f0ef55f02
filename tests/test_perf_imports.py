"""``--help``, ``outline`` and ``script`` never load speech or audio code: they stay quick to start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "pyttsx3",
    "lameenc",
    "mutagen",
    "sounddevice",
    "narrator.engines.pyttsx3_engine",
    "narrator.synthesize",
    "narrator.sinks.mp3",
)
"""Modules that only synthesis, encoding and playback need."""

PROBE = """
import json, sys
from narrator.cli import cli
try:
    cli(sys.argv[1:], prog_name="narrate")
except SystemExit as end:
    status = end.code
print(json.dumps({"status": status, "loaded": [name for name in WATCHED if name in sys.modules]}))
"""


def loaded_after(*arguments: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    """The ``watched`` modules loaded once ``narrate ARGUMENTS`` has run in a fresh interpreter."""
    code = f"WATCHED = {watched!r}\n{PROBE}"
    done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["status"] in (0, None), done.stderr
    loaded: list[str] = report["loaded"]
    return loaded


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["export", "--help"],
        ["outline", "articles/ketamine-depression.md", "--json"],  # the text outline measures the voice
        ["script", "articles/ketamine-depression.md", "--json"],
        ["cache", "info"],
    ],
)
def test_commands_without_audio_never_import_audio_or_engine_code(arguments: list[str]) -> None:
    project = Path(__file__).resolve().parent.parent
    arguments = [str(project / argument) if argument.startswith("articles/") else argument for argument in arguments]
    assert loaded_after(*arguments) == []


def test_the_probe_sees_heavy_imports() -> None:
    assert "narrator.engines.pyttsx3_engine" in loaded_after("voices", "--json")

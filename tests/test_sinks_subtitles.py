"""Subtitle cues: one per spoken item, exact text, timed by the audio, never overlapping."""

from __future__ import annotations

import io

import pytest

from narrator.engines.base import AudioChunk
from narrator.options import SubtitleFormat
from narrator.script.model import ItemKind, ScriptItem
from narrator.sinks.subtitles import SubtitleWriter, timestamp

ITEMS = [
    (ScriptItem(ItemKind.TEXT, None, "A <title> & more"), 1500),
    (ScriptItem(ItemKind.PAUSE, None, pause_ms=250), 250),
    (ScriptItem(ItemKind.ANNOUNCEMENT, 0, "Section 1 of 1: Next"), 2001),
    (ScriptItem(ItemKind.TEXT, 0, "Last sentence."), 3600_000),
]


def cues(subtitle_format: SubtitleFormat) -> str:
    file = io.BytesIO()
    writer = SubtitleWriter(file, subtitle_format)
    for item, milliseconds in ITEMS:
        writer.write(item, AudioChunk(bytes(2 * 16 * milliseconds), 16000))
    writer.close()
    return file.getvalue().decode("utf-8")


def test_webvtt() -> None:
    assert cues("vtt") == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:01.500\nA &lt;title&gt; &amp; more\n\n"
        "2\n00:00:01.750 --> 00:00:03.751\nSection 1 of 1: Next\n\n"
        "3\n00:00:03.751 --> 01:00:03.751\nLast sentence.\n\n"
    )


def test_subrip() -> None:
    assert cues("srt") == (
        "1\n00:00:00,000 --> 00:00:01,500\nA <title> & more\n\n"
        "2\n00:00:01,750 --> 00:00:03,751\nSection 1 of 1: Next\n\n"
        "3\n00:00:03,751 --> 01:00:03,751\nLast sentence.\n\n"
    )


@pytest.mark.parametrize(
    ("milliseconds", "text"), [(0, "00:00:00.000"), (61_001, "00:01:01.001"), (36_000_000, "10:00:00.000")]
)
def test_timestamp(milliseconds: int, text: str) -> None:
    assert timestamp(milliseconds, ".") == text

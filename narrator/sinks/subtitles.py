"""Subtitles: one cue per spoken item (sentence-sized), timed by the audio as it passes.

Cues hold exactly the words the engine was given, so a transcript read from
the file is what the listener heard. They never overlap: each cue ends where
its item's audio ends, and the next starts at or after it.
"""

from __future__ import annotations

from typing import BinaryIO

from narrator.options import SubtitleFormat
from narrator.script.model import ScriptItem
from narrator.sinks.base import Clock, Sound


def timestamp(milliseconds: int, fraction_separator: str) -> str:
    """``HH:MM:SS.mmm`` (WebVTT) or ``HH:MM:SS,mmm`` (SubRip)."""
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{fraction_separator}{millis:03d}"


def _cue_text(text: str, subtitle_format: SubtitleFormat) -> str:
    """One line of cue text; WebVTT needs ``&``, ``<`` and ``>`` escaped, SubRip takes text as it is."""
    line = " ".join(text.split())
    if subtitle_format == "vtt":
        line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return line


class SubtitleWriter:
    """Writes WebVTT or SubRip cues to ``file`` as each spoken item's audio passes."""

    def __init__(self, file: BinaryIO, subtitle_format: SubtitleFormat) -> None:
        self._file = file
        self._format: SubtitleFormat = subtitle_format
        self._separator = "." if subtitle_format == "vtt" else ","
        self._clock = Clock()
        self._cues = 0
        if subtitle_format == "vtt":
            self._file.write(b"WEBVTT\n\n")

    def write(self, item: ScriptItem, chunk: Sound) -> None:
        start = self._clock.advance(chunk)
        if not item.spoken or not item.text.strip():
            return
        self._cues += 1
        begin = timestamp(self._clock.milliseconds(start), self._separator)
        end = timestamp(self._clock.milliseconds(self._clock.frames), self._separator)
        cue = f"{self._cues}\n{begin} --> {end}\n{_cue_text(item.text, self._format)}\n\n"
        self._file.write(cue.encode("utf-8"))

    def close(self) -> None:
        self._file.flush()

"""Subtitles: each spoken item in caption-sized cues (:mod:`narrator.sinks.cues`), timed by its words' audio.

Cues hold exactly the words the engine was given, so a transcript read from
the file is what the listener heard. They never overlap: a cue ends where the
next one of its item starts, and an item's last cue where its audio ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from narrator.audio import Sound
from narrator.options import SubtitleFormat
from narrator.script.model import ScriptItem
from narrator.sinks.base import Clock
from narrator.sinks.cues import item_cues


def timestamp(milliseconds: int, fraction_separator: str) -> str:
    """``HH:MM:SS.mmm`` (WebVTT) or ``HH:MM:SS,mmm`` (SubRip)."""
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{fraction_separator}{millis:03d}"


def _cue_line(line: str, subtitle_format: SubtitleFormat) -> str:
    """WebVTT needs ``&``, ``<`` and ``>`` escaped; SubRip takes text as it is."""
    if subtitle_format == "vtt":
        line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return line


@dataclass(frozen=True)
class TimedCue:
    """A cue placed in the whole narration: the item it shows part of, its lines, and when it is on screen."""

    item: int
    """Index into :attr:`Script.items <narrator.script.model.Script.items>`."""
    lines: tuple[str, ...]
    start_ms: int
    end_ms: int


class CueTimer:
    """Places each spoken item's cues on the narration's timeline as its audio passes: what the subtitles file
    and the read-along page both show, so they never disagree.

    ``language`` is the script's, for items without their own: it decides
    which words start a phrase, where a cue or line breaks best.
    """

    def __init__(self, language: str = "") -> None:
        self._language = language
        self._clock = Clock()
        self._items = 0

    def cues(self, item: ScriptItem, chunk: Sound) -> list[TimedCue]:
        """The cues of the next item (every item, spoken or not, passes here in script order)."""
        index = self._items
        self._items += 1
        start = self._clock.advance(chunk)
        if not item.spoken:
            return []
        language = item.language or self._language
        return [
            TimedCue(
                index,
                cue.lines,
                self._clock.milliseconds(start + cue.start),
                self._clock.milliseconds(start + cue.end),
            )
            for cue in item_cues(item.text, language, chunk.words, chunk.frames, chunk.sample_rate)
        ]


class SubtitleWriter:
    """Writes WebVTT or SubRip cues to ``file`` as each spoken item's audio passes (``language``: the script's)."""

    def __init__(self, file: BinaryIO, subtitle_format: SubtitleFormat, language: str = "") -> None:
        self._file = file
        self._format: SubtitleFormat = subtitle_format
        self._separator = "." if subtitle_format == "vtt" else ","
        self._timer = CueTimer(language)
        self._cues = 0
        if subtitle_format == "vtt":
            self._file.write(b"WEBVTT\n\n")

    def write(self, item: ScriptItem, chunk: Sound) -> None:
        for cue in self._timer.cues(item, chunk):
            self._cues += 1
            begin = timestamp(cue.start_ms, self._separator)
            end = timestamp(cue.end_ms, self._separator)
            lines = "\n".join(_cue_line(line, self._format) for line in cue.lines)
            self._file.write(f"{self._cues}\n{begin} --> {end}\n{lines}\n\n".encode())

    def close(self) -> None:
        self._file.flush()

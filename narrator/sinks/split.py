"""``--split``: one numbered audio file per section, and an M3U playlist of them in order.

File names come from headings, which come from the article and cannot be
trusted: only letters, digits and single hyphens survive, so no heading can
name a folder (``../../etc/passwd``), a device (``CON``) or an over-long path,
and the number in front keeps every name distinct even when two headings
are the same or have no letters at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Generic, TypeVar

from narrator.audio import EncodedRun, PcmSource
from narrator.script.model import Script, ScriptItem
from narrator.sinks.base import AudioFile, section_title
from narrator.sinks.mp3 import Mp3Writer
from narrator.sinks.wav import WavWriter

MAX_STEM_CHARACTERS = 60
MAX_STEM_BYTES = 120
"""File systems allow 255 bytes per name; headings in CJK or Cyrillic take 2-4 bytes a letter."""
FALLBACK_STEM = "section"


def safe_stem(heading: str) -> str:
    """Lowercase words of ``heading`` joined by hyphens, cut at a word boundary; never empty."""
    text = re.sub(r"['’ʼ`]", "", unicodedata.normalize("NFKC", heading))
    stem = ""
    for word in re.findall(r"[^\W_]+", text.lower()):
        longer = f"{stem}-{word}" if stem else word
        if len(longer) > MAX_STEM_CHARACTERS or len(longer.encode("utf-8")) > MAX_STEM_BYTES:
            if not stem:  # one enormous word: keep what fits of it
                stem = word[:MAX_STEM_CHARACTERS].encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore")
            break
        stem = longer
    return stem or FALLBACK_STEM


@dataclass(frozen=True)
class Part:
    """One file of a split export."""

    file_name: str
    title: str


def parts(script: Script, extension: str) -> list[Part]:
    """A part per section, numbered from 1 (zero-padded so they sort), in reading order."""
    width = max(2, len(str(len(script.sections))))
    titles = [section_title(script, index) for index in range(len(script.sections))]
    return [
        Part(f"{number:0{width}d}-{safe_stem(title)}.{extension}", title)
        for number, title in enumerate(titles, start=1)
    ]


PartFile = TypeVar("PartFile", bound=AudioFile)


class SplitWriter(Generic[PartFile]):
    """Sends each item's audio, or each encoded run, to its section's file (the opening to the first).

    Only one part is open at a time: ``open_part(index)`` is called when a
    section's first item or run arrives, and the previous part is closed then,
    lasting exactly as long as its section does in the whole (an MP3 part keeps
    the join's silence, :meth:`Mp3Writer.keep_join`), so the parts played back
    to back are the whole. The playlist is written on close.
    """

    def __init__(self, parts: list[Part], open_part: Callable[[int], PartFile], playlist: BinaryIO) -> None:
        self._parts = parts
        self._open_part = open_part
        self._playlist = playlist
        self._current: tuple[int, PartFile] | None = None
        self._durations: list[tuple[Part, float]] = []

    def write(self: SplitWriter[WavWriter], item: ScriptItem, audio: PcmSource) -> None:
        """Write an item's samples into its section's WAV file."""
        self._part(item.section or 0).write(item, audio)

    def append(self: SplitWriter[Mp3Writer], group: int, run: EncodedRun) -> None:
        """Join an encoded run to its section's MP3 file."""
        self._part(group).append(run)

    def _part(self, index: int) -> PartFile:
        if self._current is None or self._current[0] != index:
            self._finish_part(followed=True)
            self._current = (index, self._open_part(index))
        return self._current[1]

    def close(self) -> None:
        self._finish_part(followed=False)
        lines = ["#EXTM3U"]
        for part, seconds in self._durations:
            lines += [f"#EXTINF:{round(seconds)},{' '.join(part.title.split())}", part.file_name]
        self._playlist.write(("\n".join(lines) + "\n").encode("utf-8"))

    def _finish_part(self, followed: bool) -> None:
        if self._current is not None:
            index, sink = self._current
            if followed and isinstance(sink, Mp3Writer):
                sink.keep_join()
            sink.close()
            self._durations.append((self._parts[index], sink.clock.seconds(sink.clock.frames)))
            self._current = None

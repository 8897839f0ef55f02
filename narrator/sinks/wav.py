"""WAV output, streamed straight to disk: a header, the samples, and the header's sizes filled in at the end.

The header is written here rather than by the standard library's ``wave``
module, whose writer fixes up its header when it is garbage-collected: after a
failed export (disk full, Ctrl-C) that ran on a file already removed and
printed a traceback.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from narrator.engines.base import SAMPLE_WIDTH, AudioChunk
from narrator.errors import OutputError
from narrator.script.model import ScriptItem
from narrator.sinks.base import Clock, Sound

HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")
"""RIFF header, ``fmt `` chunk for mono 16-bit PCM, ``data`` chunk header: 44 bytes."""
MAX_DATA_BYTES = 0xFFFFFFFF - (HEADER.size - 8)
"""RIFF sizes are 32-bit: a WAV file holds at most 4 GB, 27 hours of 22 kHz speech."""


class WavWriter:
    """Writes mono 16-bit PCM to ``file``; the header's sizes are filled in when the writer is closed."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._clock = Clock()
        self._data_bytes = 0
        self._started = False

    @property
    def clock(self) -> Clock:
        """The audio written so far, for playlists that list this file's duration."""
        return self._clock

    def write(self, item: ScriptItem, chunk: Sound) -> None:
        if not isinstance(chunk, AudioChunk):
            raise TypeError("a WAV file needs the samples, not only their length")
        self._clock.advance(chunk)
        self._start()
        if self._data_bytes + len(chunk.pcm) > MAX_DATA_BYTES:
            raise OutputError("The narration is longer than a WAV file can hold (4 GB); export an MP3 or use --split.")
        self._file.write(chunk.pcm)
        self._data_bytes += len(chunk.pcm)

    def close(self) -> None:
        self._start()
        self._file.seek(0)
        self._file.write(self._header())
        self._file.seek(0, 2)

    def _start(self) -> None:
        if not self._started:
            self._file.write(self._header())
            self._started = True

    def _header(self) -> bytes:
        rate = self._clock.sample_rate
        return HEADER.pack(
            b"RIFF", HEADER.size - 8 + self._data_bytes, b"WAVE",
            b"fmt ", 16, 1, 1, rate, rate * SAMPLE_WIDTH, SAMPLE_WIDTH, 8 * SAMPLE_WIDTH,
            b"data", self._data_bytes,
        )  # fmt: skip

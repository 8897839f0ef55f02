"""WAV output, streamed straight to disk: a header, the samples, and the header's sizes filled in at the end.

The header is written here rather than by the standard library's ``wave``
module, whose writer fixes up its header when it is garbage-collected: after a
failed export (disk full, Ctrl-C) that ran on a file already removed and
printed a traceback.

Samples are gathered into a one-megabyte buffer and written a buffer at a
time, each write's space allocated just before it (``posix_fallocate``).
Cached speech (:class:`~narrator.audio.StoredPcm`) is read from its
file straight into that buffer, never becoming a Python object. Measured on
Linux 6.18 and ext4, copying the 157 MB of cached samples of a 10k-word
article (770 files) this way takes 44 ms, against 73 ms with
``os.copy_file_range`` or ``os.sendfile`` per item (the kernel copies through
a pipe, 64 KB at a time, so the page cache fills in small pieces) and 76 ms
reading each item into ``bytes`` and writing it. Allocating ahead also spares
ext4 the flush of the whole file it starts when a file with unallocated
blocks is renamed over an older one (the rename took 68 ms, now 28 ms).
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO

from narrator.audio import SAMPLE_WIDTH, PcmSource
from narrator.errors import OutputError
from narrator.script.model import ScriptItem
from narrator.sinks.base import Clock

HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")
"""RIFF header, ``fmt `` chunk for mono 16-bit PCM, ``data`` chunk header: 44 bytes."""
MAX_DATA_BYTES = 0xFFFFFFFF - (HEADER.size - 8)
"""RIFF sizes are 32-bit: a WAV file holds at most 4 GB, 27 hours of 22 kHz speech."""
BUFFER_BYTES = 1 << 20
"""Written at a time: as fast as larger buffers, and the same for every article."""


class WavWriter:
    """Writes mono 16-bit PCM to ``file`` from its start; the header's sizes are filled in when the writer is closed."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._clock = Clock()
        self._data_bytes = 0
        self._started = False
        self._buffer = bytearray(BUFFER_BYTES)
        self._filled = 0
        """Bytes of the buffer not yet written."""
        self._written = 0
        """Bytes of the file written so far."""
        self._allocate = _descriptor(file)
        """The file's descriptor while its space can be allocated ahead of each write."""

    @property
    def clock(self) -> Clock:
        """The audio written so far, for playlists that list this file's duration."""
        return self._clock

    def write(self, item: ScriptItem, audio: PcmSource) -> None:
        size = SAMPLE_WIDTH * audio.frames
        if self._data_bytes + size > MAX_DATA_BYTES:
            raise OutputError(
                "The narration is longer than a WAV file can hold (4 GB, 27 hours); export it as an MP3 (--mp3, "
                "without --wav), which holds it in a tenth of the space."
            )
        self._clock.advance(audio)
        self._start()
        done = 0
        while done < size:
            space = self._space(size - done)
            audio.read_into(space, done)
            self._filled += len(space)
            done += len(space)
        self._data_bytes += size

    def close(self) -> None:
        self._start()
        self._flush()
        self._file.seek(0)
        self._file.write(self._header())
        self._file.seek(0, 2)

    def _start(self) -> None:
        if not self._started:
            self._buffer[: HEADER.size] = self._header()
            self._filled = HEADER.size
            self._started = True

    def _space(self, wanted: int) -> memoryview:
        """Free space at the end of the buffer, at most ``wanted`` bytes (writing the buffer out when it is full)."""
        if self._filled == len(self._buffer):
            self._flush()
        return memoryview(self._buffer)[self._filled : self._filled + wanted]

    def _flush(self) -> None:
        """Write the buffer, allocating its space first."""
        if self._allocate is not None:
            try:
                os.posix_fallocate(self._allocate, self._written, self._filled)
            except OSError:  # not supported here; a real failure (disk full) shows in the write
                self._allocate = None
        self._file.write(memoryview(self._buffer)[: self._filled])
        self._written += self._filled
        self._filled = 0

    def _header(self) -> bytes:
        rate = self._clock.sample_rate
        return HEADER.pack(
            b"RIFF", HEADER.size - 8 + self._data_bytes, b"WAVE",
            b"fmt ", 16, 1, 1, rate, rate * SAMPLE_WIDTH, SAMPLE_WIDTH, 8 * SAMPLE_WIDTH,
            b"data", self._data_bytes,
        )  # fmt: skip


def _descriptor(file: BinaryIO) -> int | None:
    """``file``'s descriptor if its space can be allocated ahead (a file on disk, where ``posix_fallocate`` exists)."""
    if not hasattr(os, "posix_fallocate"):
        return None
    try:
        return file.fileno()
    except OSError:  # in memory (io.UnsupportedOperation)
        return None

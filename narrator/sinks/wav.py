"""WAV output through the standard library, streamed straight to disk."""

from __future__ import annotations

import wave
from typing import BinaryIO

from narrator.engines.base import SAMPLE_WIDTH, AudioChunk
from narrator.script.model import ScriptItem
from narrator.sinks.base import Clock


class WavWriter:
    """Writes mono 16-bit PCM to ``file``; the header is fixed up when the writer is closed."""

    def __init__(self, file: BinaryIO) -> None:
        self._target = file
        self._clock = Clock()
        self._file: wave.Wave_write | None = None

    @property
    def clock(self) -> Clock:
        """The audio written so far, for playlists that list this file's duration."""
        return self._clock

    def write(self, item: ScriptItem, chunk: AudioChunk) -> None:
        self._clock.advance(chunk)
        self._opened().writeframesraw(chunk.pcm)

    def close(self) -> None:
        self._opened().close()

    def _opened(self) -> wave.Wave_write:
        if self._file is None:
            self._file = wave.open(self._target, "wb")  # noqa: SIM115 - closed by close(), after the last chunk
            self._file.setnchannels(1)
            self._file.setsampwidth(SAMPLE_WIDTH)
            self._file.setframerate(self._clock.sample_rate)
        return self._file

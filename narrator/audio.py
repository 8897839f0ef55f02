"""Audio values every layer shares: chunks of samples, lengths, sources of samples, and encoded MP3 runs.

They sit at the bottom of the package, beside :mod:`narrator.document`, so
engines make them, the cache stores them, synthesis renders them and the
sinks consume them without any of those importing another's module. All
audio in narrator is mono 16-bit little-endian PCM.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Protocol

SAMPLE_WIDTH = 2
"""Bytes per sample."""

ENCODER_DELAY = 576
"""Samples LAME puts before the audio of every stream (its MDCT look-ahead); the same for every setting."""


@dataclass(frozen=True)
class WordMark:
    """Where a spoken word starts: in the text the engine was given, and in its audio."""

    offset: int
    """The word's first character in the text."""
    sample: int
    """The sample at which the word is heard (after any pause before it)."""


class Sound(Protocol):
    """How long a piece of audio is and where its words start: all that sinks which only time it (chapters,
    cues, progress) read."""

    @property
    def frames(self) -> int:
        """Number of samples."""
        ...

    @property
    def sample_rate(self) -> int:
        """Rate of the samples in Hertz."""
        ...

    @property
    def words(self) -> tuple[WordMark, ...]:
        """Where the words of speech start, in order, when the engine reports them (subtitles are timed by them)."""
        ...


class PcmSource(Sound, Protocol):
    """Audio whose samples can be read: what sinks that write samples (WAV) take, wherever the samples are."""

    def read_into(self, target: memoryview, start: int = 0) -> None:
        """Fill ``target`` with the samples' bytes from byte ``start`` on."""
        ...


@dataclass(frozen=True)
class AudioChunk:
    """Samples in memory."""

    pcm: bytes
    """The samples, two bytes each, little-endian, signed."""
    sample_rate: int
    """Rate of the samples in Hertz."""
    words: tuple[WordMark, ...] = ()
    """Where the words of speech start, in order, when the engine reports them."""

    @property
    def frames(self) -> int:
        """Number of samples."""
        return len(self.pcm) // SAMPLE_WIDTH

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.frames / self.sample_rate

    def read_into(self, target: memoryview, start: int = 0) -> None:
        target[:] = memoryview(self.pcm)[start : start + len(target)]

    def fitted(self, frames: int) -> AudioChunk:
        """These samples cut to ``frames`` or lengthened with silence."""
        size = SAMPLE_WIDTH * frames
        pcm = self.pcm[:size] if len(self.pcm) >= size else self.pcm + bytes(size - len(self.pcm))
        return AudioChunk(pcm, self.sample_rate, self.words)

    @classmethod
    def silence(cls, milliseconds: int, sample_rate: int) -> AudioChunk:
        """Digital silence of the given length."""
        return cls(bytes(SAMPLE_WIDTH * (sample_rate * milliseconds // 1000)), sample_rate)


@dataclass(frozen=True)
class Span:
    """A length of audio without its samples: what travels when no sink needs them (an MP3-only export)."""

    frames: int
    sample_rate: int
    words: tuple[WordMark, ...] = ()


@dataclass(frozen=True)
class StoredPcm:
    """Samples left where they are stored: ``frames`` samples at ``offset`` in an open file.

    A WAV export of cached speech copies them from there into its output,
    never holding them as a Python object. Whoever opened the file closes it
    (the renderer, once the run it belongs to is written).
    """

    file: io.FileIO
    offset: int
    """Where the samples start in ``file``, in bytes."""
    frames: int
    sample_rate: int
    words: tuple[WordMark, ...] = ()

    def read_into(self, target: memoryview, start: int = 0) -> None:
        self.file.seek(self.offset + start)
        done = 0
        while done < len(target):
            count = self.file.readinto(target[done:])
            if not count:
                raise OSError(f"stored audio in {self.file.name} ends {len(target) - done} bytes early")
            done += count

    def close(self) -> None:
        self.file.close()


def frame_samples(sample_rate: int) -> int:
    """Samples per MP3 frame: 1152 for MPEG-1 rates (32 kHz and up), 576 below."""
    return 1152 if sample_rate >= 32000 else 576


@dataclass(frozen=True)
class EncodedRun:
    """One independently encoded LAME stream: what a run of items becomes, to be joined with others.

    Runs are joined frame to frame. Each starts with an empty bit reservoir,
    so the joins decode cleanly, and each adds its encoder delay and padding
    to the audio: once joined, a run lasts exactly :attr:`span` samples.
    """

    data: bytes
    frames: int
    samples: int
    """The samples encoded."""
    sample_rate: int

    @property
    def span(self) -> int:
        """Samples from this run's first sound to the next run's, when another run follows it."""
        return self.frames * frame_samples(self.sample_rate)

    @property
    def padding(self) -> int:
        """Samples after the audio in the last frame, when this run ends the file."""
        return self.span - ENCODER_DELAY - self.samples

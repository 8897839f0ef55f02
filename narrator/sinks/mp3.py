"""MP3 output: lameenc (LAME) encoding, a LAME info frame for exact timing, ID3v2 tags and chapters.

LAME delays the audio by 576 samples and pads the end to whole frames, and
decoders add 529 samples of their own. Left alone, every chapter would be
heard about 50 ms late and the file would seem longer than the narration. So
the file starts with a LAME "Info" frame that records the frame count, the
delay and the padding; decoders that honour it (ffmpeg, mpg123, Apple's and
Android's players, mutagen) play exactly the samples that were encoded, and
chapter times in milliseconds match what is heard.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO, Protocol

import lameenc

from narrator.audio import ENCODER_DELAY, SAMPLE_WIDTH, EncodedRun, Span, frame_samples
from narrator.sinks.base import ChapterTimer, Clock
from narrator.sinks.id3 import Mp3Tags, id3_tag

QUALITY = 7
"""LAME's algorithm quality, 0 (best, slowest) to 9. Encoding is most of an MP3 export's time: on eSpeak NG
speech at 64 kbit/s, 7 encodes at about 690x real time against 380x for LAME's default 5, with no loss
(signal-to-noise ratio after decoding 24.9 dB against 23.1 dB)."""

_BITRATES_KBPS = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 and 2.5
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
"""MPEG version bits -> sample rates by index (3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5)."""
_INFO_TAG_SIZE = 4 + 4 + 4 + 4 + 100 + 4 + 36
"""'Info', flags, frame count, byte count, seek table, quality, then LAME's 36-byte extension."""


@dataclass(frozen=True)
class _FrameHeader:
    """The parts of an MPEG audio frame header that size and time a frame."""

    raw: bytes
    mpeg1: bool
    mono: bool
    sample_rate: int
    bitrate_kbps: int
    padded: bool

    @classmethod
    def parse(cls, raw: bytes) -> _FrameHeader:
        word = int.from_bytes(raw[:4], "big")
        if word >> 21 != 0x7FF or (word >> 17) & 3 != 1:
            raise ValueError(f"not an MPEG layer III frame header: {raw[:4].hex()}")
        version = (word >> 19) & 3
        mpeg1 = version == 3
        return cls(
            raw=bytes(raw[:4]),
            mpeg1=mpeg1,
            mono=(word >> 6) & 3 == 3,
            sample_rate=_SAMPLE_RATES[version][(word >> 10) & 3],
            bitrate_kbps=_BITRATES_KBPS[1 if mpeg1 else 2][(word >> 12) & 15],
            padded=bool((word >> 9) & 1),
        )

    @property
    def samples(self) -> int:
        return 1152 if self.mpeg1 else 576

    @property
    def size(self) -> int:
        return self.samples // 8 * self.bitrate_kbps * 1000 // self.sample_rate + self.padded

    @property
    def side_info_size(self) -> int:
        return (17 if self.mono else 32) if self.mpeg1 else (9 if self.mono else 17)


class _Encoder(Protocol):
    """The part of ``lameenc.Encoder`` used here (lameenc ships no type hints)."""

    def encode(self, pcm: bytes) -> bytes: ...

    def flush(self) -> bytes: ...


class _FrameCounter:
    """Counts the frames of an MP3 stream as it is written, in any slices, without keeping it."""

    def __init__(self) -> None:
        self.frames = 0
        self.bytes = 0
        self.first: _FrameHeader | None = None
        self._next_header_at = 0
        self._tail = b""
        self._sizes: dict[bytes, int] = {}
        """Frame size by header: a stream has a handful of distinct headers and tens of thousands of frames."""

    def add(self, run: EncodedRun) -> None:
        """Count a whole stream whose frames are counted already, after whole frames."""
        assert self._next_header_at == self.bytes, "a stream joined mid-frame"
        if run.frames:
            self.first = self.first or _FrameHeader.parse(run.data[:4])
        self.frames += run.frames
        self.bytes += len(run.data)
        self._next_header_at = self.bytes

    def feed(self, data: bytes) -> None:
        buffer = self._tail + data
        buffer_start = self.bytes - len(self._tail)
        self.bytes += len(data)
        sizes = self._sizes
        while self._next_header_at + 4 <= self.bytes:
            offset = self._next_header_at - buffer_start
            raw = buffer[offset : offset + 4]
            size = sizes.get(raw)
            if size is None:
                header = _FrameHeader.parse(raw)
                self.first = self.first or header
                size = sizes[raw] = header.size
            self.frames += 1
            self._next_header_at += size
        keep = max(0, self.bytes - self._next_header_at)
        self._tail = buffer[len(buffer) - keep :] if keep < 4 else b""


def _crc16(data: bytes) -> int:
    """CRC-16 (polynomial 0x8005), as LAME checks its info tag."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def _info_frame_header(audio: _FrameHeader) -> _FrameHeader:
    """A header like the audio's, unpadded, at the lowest bitrate whose frame holds the info tag."""
    word = int.from_bytes(audio.raw, "big") & ~(1 << 9)
    for index in range(1, 15):
        header = _FrameHeader.parse(((word & ~(15 << 12)) | (index << 12)).to_bytes(4, "big"))
        if header.bitrate_kbps >= audio.bitrate_kbps and header.size >= 4 + header.side_info_size + _INFO_TAG_SIZE:
            return header
    raise ValueError("no MPEG bitrate leaves room for the info tag")


def _info_frame(header: _FrameHeader, frames: int, audio_bytes: int, padding: int) -> bytes:
    """A silent frame carrying the Xing "Info" tag and LAME's delay and padding (the gapless-playback record)."""
    total_bytes = header.size + audio_bytes
    tag = b"Info" + struct.pack(">III", 0x0F, frames, total_bytes)
    tag += bytes(step * 256 // 100 for step in range(100))  # seek table of a constant bitrate
    tag += struct.pack(">I", 100 - QUALITY * 10)
    tag += b"LAME3.100" + bytes([0x01, 0]) + bytes(8) + bytes([0, min(header.bitrate_kbps, 255)])
    tag += bytes([ENCODER_DELAY >> 4, (ENCODER_DELAY & 0xF) << 4 | padding >> 8, padding & 0xFF])
    tag += bytes(4) + struct.pack(">I", total_bytes) + bytes(2)
    frame = bytearray(header.size)
    frame[:4] = header.raw
    start = 4 + header.side_info_size
    frame[start : start + len(tag)] = tag
    crc_at = start + len(tag)
    frame[crc_at : crc_at + 2] = struct.pack(">H", _crc16(bytes(frame[:crc_at])))
    return bytes(frame)


def frames_for(samples: int, sample_rate: int) -> int:
    """How many frames LAME makes of ``samples``: its delay, the samples and at least 576 more, in whole frames."""
    size = frame_samples(sample_rate)
    return -(-(samples + 2 * ENCODER_DELAY) // size)


def joinable_length(samples: int, shortest: int, sample_rate: int) -> int:
    """How many of ``samples`` to encode (at least ``shortest``) so the stream, joined, lasts nearest ``samples``.

    Joined, a stream lasts its whole frames, which hold the encoder's delay
    and padding besides the samples: encoding fewer samples makes up for them.
    """
    size = frame_samples(sample_rate)
    frames = max(frames_for(shortest, sample_rate), round(samples / size))
    return max(shortest, min(samples, frames * size - 2 * ENCODER_DELAY))


class RunEncoder:
    """Encodes audio into one LAME stream, piece by piece, as it arrives."""

    def __init__(self, sample_rate: int, bitrate_kbps: int) -> None:
        encoder = lameenc.Encoder()
        encoder.set_channels(1)
        encoder.set_in_sample_rate(sample_rate)
        encoder.set_out_sample_rate(sample_rate)
        encoder.set_bit_rate(bitrate_kbps)
        encoder.set_quality(QUALITY)
        self._encoder: _Encoder = encoder
        self._sample_rate = sample_rate
        self._encoded: list[bytes] = []
        self.samples = 0
        """Samples encoded so far."""

    def encode(self, pcm: bytes) -> None:
        self.samples += len(pcm) // SAMPLE_WIDTH
        self._encoded.append(self._encoder.encode(pcm))

    def finish(self) -> EncodedRun:
        """The whole stream, its last frames flushed."""
        self._encoded.append(self._encoder.flush())
        data = b"".join(self._encoded)
        counter = _FrameCounter()
        counter.feed(data)
        return EncodedRun(data, counter.frames, self.samples, self._sample_rate)


class Mp3Writer:
    """Writes the narration into ``file`` as MP3; tags, chapters and the info frame are filled in on close.

    Audio comes encoded in runs (:meth:`append`, see :mod:`narrator.export_runs`).
    The file starts with room for its ID3 tag (its size is known before the
    audio: the chapter titles are the script's headings, the times
    fixed-width numbers) and the info frame, so closing rewrites the start of
    the file in place instead of moving the audio.
    """

    def __init__(self, file: BinaryIO, tags: Mp3Tags, chapters: ChapterTimer | None = None) -> None:
        self._file = file
        self._tags = tags
        self._chapters = chapters
        self._clock = Clock()
        self._counter = _FrameCounter()
        self._padding = 0
        """Samples after the audio in the file's last frame."""
        placeholder = id3_tag(tags, chapters.planned() if chapters else [])
        self._tag_size = len(placeholder)
        self._file.write(placeholder)

    @property
    def clock(self) -> Clock:
        """The audio written so far, for playlists that list this file's duration."""
        return self._clock

    def append(self, run: EncodedRun) -> None:
        """Join a run encoded elsewhere; the audio heard so far grows by the previous run's encoder padding."""
        if self._counter.frames:
            self._clock.frames += ENCODER_DELAY + self._padding  # what the previous run added to the join
        self._clock.advance(Span(run.samples, run.sample_rate))
        self._padding = run.padding
        if self._counter.first is None:  # room for the info frame, filled in on close
            self._file.write(bytes(_info_frame_header(_FrameHeader.parse(run.data[:4])).size))
        self._counter.add(run)
        self._file.write(run.data)

    def keep_join(self) -> None:
        """End the file with the silence its join to the next run adds in the whole narration.

        A file of a split ends where the whole goes on: there the join adds
        the last run's padding and the next run's delay, which the chapters
        count. An empty LAME stream appended here carries that silence and
        trims only its own delay and padding, so the file decodes to exactly
        its stretch of the whole, and a gapless player plays the parts back to
        back as the whole.
        """
        if self._counter.first is not None:  # encoded like the audio before it
            encoder = RunEncoder(self._clock.sample_rate, self._counter.first.bitrate_kbps)
            encoder.encode(b"")
            self.append(encoder.finish())

    def close(self) -> None:
        self._file.seek(0)
        self._file.write(id3_tag(self._tags, self._chapters.chapters() if self._chapters else [], self._tag_size))
        audio = self._counter.first
        if audio is not None:
            frames, size = self._counter.frames, self._counter.bytes
            self._file.write(_info_frame(_info_frame_header(audio), frames, size, self._padding))
        self._file.flush()

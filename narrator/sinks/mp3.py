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

from narrator.engines.base import AudioChunk
from narrator.script.model import ScriptItem
from narrator.sinks.base import ChapterTimer, Clock
from narrator.sinks.id3 import Mp3Tags, id3_tag

ENCODER_DELAY = 576
"""Samples LAME puts before the audio (its MDCT look-ahead); the same for every setting."""
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

    def feed(self, data: bytes) -> None:
        buffer = self._tail + data
        buffer_start = self.bytes - len(self._tail)
        self.bytes += len(data)
        while self._next_header_at + 4 <= self.bytes:
            offset = self._next_header_at - buffer_start
            header = _FrameHeader.parse(buffer[offset : offset + 4])
            self.first = self.first or header
            self.frames += 1
            self._next_header_at += header.size
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


class Mp3Writer:
    """Encodes the narration into ``file`` as it arrives; tags, chapters and the info frame are filled in on close.

    The file starts with room for its ID3 tag (its size is known before the
    audio: the chapter titles are the script's headings, the times fixed-width
    numbers) and the info frame, so closing rewrites the start of the file in
    place instead of moving the audio.
    """

    def __init__(self, file: BinaryIO, tags: Mp3Tags, bitrate_kbps: int, chapters: ChapterTimer | None = None) -> None:
        self._file = file
        self._tags = tags
        self._bitrate = bitrate_kbps
        self._chapters = chapters
        self._clock = Clock()
        self._counter = _FrameCounter()
        self._encoder: _Encoder | None = None
        placeholder = id3_tag(tags, chapters.planned() if chapters else [])
        self._tag_size = len(placeholder)
        self._file.write(placeholder)

    @property
    def clock(self) -> Clock:
        """The audio written so far, for playlists that list this file's duration."""
        return self._clock

    def write(self, item: ScriptItem, chunk: AudioChunk) -> None:
        self._clock.advance(chunk)
        self._emit(self._started().encode(chunk.pcm))

    def close(self) -> None:
        if self._encoder is not None:
            self._emit(self._encoder.flush())
        self._file.seek(0)
        self._file.write(id3_tag(self._tags, self._chapters.chapters() if self._chapters else [], self._tag_size))
        audio = self._counter.first
        if audio is not None:
            padding = self._counter.frames * audio.samples - ENCODER_DELAY - self._clock.frames
            self._file.write(_info_frame(_info_frame_header(audio), self._counter.frames, self._counter.bytes, padding))
        self._file.flush()

    def _started(self) -> _Encoder:
        if self._encoder is None:
            encoder = lameenc.Encoder()
            encoder.set_channels(1)
            encoder.set_in_sample_rate(self._clock.sample_rate)
            encoder.set_out_sample_rate(self._clock.sample_rate)
            encoder.set_bit_rate(self._bitrate)
            encoder.set_quality(QUALITY)
            self._encoder = encoder
        return self._encoder

    def _emit(self, data: bytes) -> None:
        if not data:
            return
        if self._counter.first is None:  # room for the info frame, filled in on close
            self._file.write(bytes(_info_frame_header(_FrameHeader.parse(data[:4])).size))
        self._counter.feed(data)
        self._file.write(data)

"""Reading back the files pyttsx3's drivers save: WAV from SAPI5 and eSpeak NG, AIFF from macOS.

``runAndWait()`` may return before a driver has finished writing, so a file
is read only once it has stopped growing and holds every frame its header
announces. The first channel is kept, as 16-bit little-endian samples.
"""

from __future__ import annotations

import io
import struct
import sys
import time
import wave
from array import array
from pathlib import Path

from narrator.errors import EngineError

TIMEOUT_SECONDS = 30.0
"""Longest wait for a driver to finish writing one item's file."""
POLL_SECONDS = 0.005


def read_saved_audio(path: Path) -> tuple[bytes, int]:
    """Mono s16le samples and their rate, once the driver has finished writing ``path``."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    last_size = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 0 and size == last_size and (audio := parse_audio(path.read_bytes())) is not None:
            return audio
        last_size = size
        time.sleep(POLL_SECONDS)
    raise EngineError(f"The system's speech engine wrote no complete audio within {TIMEOUT_SECONDS:.0f} s.")


def parse_audio(data: bytes) -> tuple[bytes, int] | None:
    """The first channel of a complete 16-bit WAV or AIFF file, or ``None`` while it is still incomplete."""
    if data[:4] == b"RIFF":
        return _parse_wav(data)
    if data[:4] == b"FORM":
        return _parse_aiff(data)
    if len(data) < 12:
        return None
    raise EngineError("The system's speech engine wrote audio that is neither WAV nor AIFF.")


def _first_channel(frames: bytes, channels: int, big_endian: bool) -> bytes:
    samples = array("h", frames)
    if big_endian != (sys.byteorder == "big"):
        samples.byteswap()
    mono = samples[::channels]
    if sys.byteorder == "big":
        mono.byteswap()
    return mono.tobytes()


def _require_16_bit(bits: int) -> None:
    if bits != 16:
        raise EngineError(f"The system's speech engine wrote {bits}-bit audio; 16-bit is needed.")


def _parse_wav(data: bytes) -> tuple[bytes, int] | None:
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            channels, width, rate = reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
            expected = reader.getnframes()
            frames = reader.readframes(expected)
    except (wave.Error, EOFError):
        return None
    _require_16_bit(8 * width)
    if len(frames) != expected * channels * 2:
        return None
    return _first_channel(frames, channels, big_endian=False), rate


def _extended_to_float(ten_bytes: bytes) -> float:
    """An 80-bit IEEE 754 extended number, as AIFF stores its sample rate."""
    exponent = int.from_bytes(ten_bytes[:2], "big") & 0x7FFF
    mantissa = int.from_bytes(ten_bytes[2:10], "big")
    return float(mantissa * 2.0 ** (exponent - 16383 - 63)) if exponent or mantissa else 0.0


def _parse_aiff(data: bytes) -> tuple[bytes, int] | None:
    if len(data) < 12 or data[8:12] not in (b"AIFF", b"AIFC"):
        return None
    channels = frame_count = bits = rate = 0
    little_endian = False
    sound: bytes | None = None
    position = 12
    while position + 8 <= len(data):
        kind, size = data[position : position + 4], struct.unpack(">I", data[position + 4 : position + 8])[0]
        body = data[position + 8 : position + 8 + size]
        if len(body) < size:
            return None
        if kind == b"COMM":
            channels, frame_count, bits = struct.unpack(">hIh", body[:8])
            rate = round(_extended_to_float(body[8:18]))
            little_endian = data[8:12] == b"AIFC" and body[18:22] == b"sowt"
        elif kind == b"SSND":
            offset = struct.unpack(">I", body[:4])[0]
            sound = body[8 + offset :]
        position += 8 + size + (size & 1)
    if sound is None or not channels or not rate:
        return None
    _require_16_bit(bits)
    frames = sound[: frame_count * channels * 2]
    if len(frames) != frame_count * channels * 2:
        return None
    return _first_channel(frames, channels, big_endian=not little_endian), rate

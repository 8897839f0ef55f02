"""A fast, deterministic engine for unit tests: a tone of 60 ms per word at the default rate.

Each word gets its own pitch (from a checksum of the word), so different texts
give different audio, and the length of a text's audio is exact: words times
``MS_PER_WORD`` at the default rate, scaled by ``DEFAULT_RATE / rate``.
"""

from __future__ import annotations

import math
import zlib
from array import array
from functools import lru_cache

from narrator.audio import AudioChunk
from narrator.engines.base import DEFAULT_RATE, Voice, VoiceSettings
from narrator.engines.voices import find_voice, voices_for_language

SAMPLE_RATE = 16000
MS_PER_WORD = 60
VOICES = [
    Voice("fake/en", "Fake English", ("en", "en-us")),
    Voice("fake/de", "Fake German", ("de",)),
]


@lru_cache(maxsize=4096)
def _tone(word: str, frames: int, loudness: float) -> bytes:
    hertz = 200 + zlib.crc32(word.encode()) % 600
    peak = 8000 * loudness
    return array("h", (round(peak * math.sin(2 * math.pi * hertz * i / SAMPLE_RATE)) for i in range(frames))).tobytes()


class FakeEngine:
    """Speaks every word as a short tone, whatever the language; knows an English and a German voice."""

    name = "fake"
    sample_rate = SAMPLE_RATE

    def voices(self) -> list[Voice]:
        return list(VOICES)

    def voices_for_language(self, language: str) -> list[Voice]:
        return voices_for_language(VOICES, language)

    def voice_for(self, wanted: str | None, language: str) -> Voice:
        return find_voice(VOICES, wanted) if wanted else (self.voices_for_language(language) or VOICES)[0]

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        if settings.voice:
            find_voice(VOICES, settings.voice)
        frames = SAMPLE_RATE * MS_PER_WORD * DEFAULT_RATE // ((settings.rate or DEFAULT_RATE) * 1000)
        loudness = 1.0 if settings.volume is None else settings.volume
        return AudioChunk(b"".join(_tone(word, frames, loudness) for word in text.split()), SAMPLE_RATE)

    def close(self) -> None:
        """Nothing to release."""

"""Live audio output: PCM blocks to the sound card through PortAudio (sounddevice).

PortAudio reaches PulseAudio and PipeWire (through ALSA's pulse plugin),
plain ALSA, CoreAudio and WASAPI with one API and a latency of a few tens of
milliseconds. The player writes small blocks (:data:`BLOCK_MS`) with a
blocking write, so a key takes effect at the next block boundary; pausing and
skipping fade the audio out over a few milliseconds instead of cutting it, so
nothing clicks.
"""

from __future__ import annotations

import array
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from narrator.engines.base import SAMPLE_WIDTH
from narrator.errors import NoAudioOutputError

BLOCK_MS = 20
"""Audio is written in blocks this long: keys act at the next block boundary."""
FADE_MS = 6
"""A pause or a jump fades the audio out over this long: short enough to feel instant, long enough not to click."""
NO_OUTPUT_ADVICE = "To listen later, write an audio file instead: narrate export FILE --mp3"


def block_bytes(sample_rate: int) -> int:
    """Bytes in one block of :data:`BLOCK_MS` at ``sample_rate``."""
    return sample_rate * BLOCK_MS // 1000 * SAMPLE_WIDTH


def fade(pcm: bytes, *, fade_in: bool) -> bytes:
    """``pcm`` with a linear ramp from silence (``fade_in``) or to silence."""
    samples = array.array("h")
    samples.frombytes(pcm)
    count = len(samples)
    for position in range(count):
        weight = (position + 1) / count if fade_in else (count - position - 1) / count
        samples[position] = int(samples[position] * weight)
    return samples.tobytes()


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence what C libraries print on fd 2 while probing devices (ALSA lists every card it cannot open)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real fd 2 (embedded, pytest capture): nothing to hide
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _portaudio() -> Any:
    """Import sounddevice, which starts PortAudio and probes the devices (about 0.1 s on Linux)."""
    try:
        with _quiet_stderr():
            import sounddevice
    except OSError as error:  # the PortAudio library itself is missing
        raise NoAudioOutputError(
            f"No audio output: the PortAudio library is not installed ({error}; on Debian: apt install libportaudio2). "
            + NO_OUTPUT_ADVICE
        ) from None
    return sounddevice


def prepare_output() -> None:
    """Start PortAudio ahead of time, so opening the stream later is quick; raises if there is no output."""
    sounddevice = _portaudio()
    try:
        with _quiet_stderr():
            sounddevice.query_devices(kind="output")
    except sounddevice.PortAudioError:
        raise NoAudioOutputError(
            "No audio output: no sound server or sound device was found. " + NO_OUTPUT_ADVICE
        ) from None


class AudioOutput:
    """An open output stream for mono 16-bit audio at one sample rate."""

    def __init__(self, sample_rate: int) -> None:
        sounddevice = _portaudio()
        self.sample_rate = sample_rate
        try:
            with _quiet_stderr():
                self._stream = sounddevice.RawOutputStream(
                    samplerate=sample_rate, channels=1, dtype="int16", latency="low"
                )
                self._stream.start()
        except sounddevice.PortAudioError as error:
            raise NoAudioOutputError(
                f"No audio output: the sound device cannot be opened ({error}). " + NO_OUTPUT_ADVICE
            ) from None
        self.playing = True

    def write(self, pcm: bytes) -> None:
        """Play ``pcm``; returns once it is queued, which is about when the previous block has played."""
        if not self.playing:
            self._stream.start()
            self.playing = True
        self._stream.write(pcm)

    def drain(self) -> None:
        """Wait until everything written has been heard, then stop the stream (a pause, or the end)."""
        if self.playing:
            self._stream.write(bytes(block_bytes(self.sample_rate) * 3))  # what ALSA's pulse plugin drops on stop
            self._stream.stop()
            self.playing = False

    def close(self) -> None:
        """Stop at once, dropping what is still queued (quitting)."""
        self._stream.abort()
        self._stream.close()

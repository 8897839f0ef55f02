"""Live audio output: PCM blocks to the sound server (libpulse-simple) or the sound card (PortAudio).

Where a PulseAudio or PipeWire server answers (most Linux desktops), audio
goes straight to it through libpulse-simple (:mod:`narrator.play.pulse`):
a stream is open in milliseconds, where PortAudio through ALSA's pulse
plugin takes 100-200 ms before the first sample is heard. Elsewhere
(plain ALSA, CoreAudio, WASAPI) PortAudio (sounddevice) plays it. Either way
the player writes small blocks (:data:`BLOCK_MS`) with a blocking write into
:data:`LATENCY_SECONDS` of buffer, so a key takes effect at the next block
boundary; pausing and skipping fade the audio out over a few milliseconds
instead of cutting it, so nothing clicks. A pause keeps the stream open and
writes silence: stopping and restarting a stream stalls for seconds through
ALSA's pulse plugin.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from narrator.audio import SAMPLE_WIDTH
from narrator.errors import NoAudioOutputError

if TYPE_CHECKING:
    from narrator.play.pulse import PulseStream

BLOCK_MS = 20
"""Audio is written in blocks this long: keys act at the next block boundary."""
LATENCY_SECONDS = 0.08
"""Audio queued in the sound system: enough to ride out a busy moment (no underrun), short enough that a
pause or a jump is heard at once. PortAudio's "low" setting (under 10 ms through ALSA's pulse plugin)
underruns whenever synthesis on another thread holds the interpreter for a moment."""
FADE_MS = 6
"""A pause or a jump fades the audio out over this long: short enough to feel instant, long enough not to click."""
NO_OUTPUT_ADVICE = "To listen later, write an audio file instead: narrate export FILE --mp3"


def span_bytes(sample_rate: int, milliseconds: int) -> int:
    """Bytes of ``milliseconds`` of audio at ``sample_rate``."""
    return sample_rate * milliseconds // 1000 * SAMPLE_WIDTH


def block_bytes(sample_rate: int) -> int:
    """Bytes in one block of :data:`BLOCK_MS` at ``sample_rate``."""
    return span_bytes(sample_rate, BLOCK_MS)


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


_alsa_handlers: list[Any] = []
"""Keeps the silent ALSA error handler alive for as long as ALSA may call it."""


def _silence_alsa() -> None:
    """Stop ALSA printing recoverable glitches ("underrun occurred") on the listener's terminal."""
    if not sys.platform.startswith("linux") or _alsa_handlers:
        return
    try:
        asound = ctypes.CDLL("libasound.so.2")
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
    _alsa_handlers.append(handler_type(lambda *_: None))
    asound.snd_lib_error_set_handler(_alsa_handlers[0])


def _portaudio() -> Any:
    """Import sounddevice, which starts PortAudio and probes the devices (about 0.1 s on Linux)."""
    _silence_alsa()
    try:
        with _quiet_stderr():
            import sounddevice
    except OSError as error:  # the PortAudio library itself is missing
        raise NoAudioOutputError(
            f"No audio output: the PortAudio library is not installed ({error}; on Debian: apt install libportaudio2). "
            + NO_OUTPUT_ADVICE
        ) from None
    return sounddevice


def open_output(sample_rate: int) -> PulseOutput | PortAudioOutput:
    """An output stream for mono 16-bit audio: the sound server's where one answers, else PortAudio's.

    Raises :class:`NoAudioOutputError` when there is neither.
    """
    if sys.platform.startswith("linux"):
        from narrator.play import pulse

        if pulse.available():
            try:
                return PulseOutput(pulse.PulseStream(sample_rate, LATENCY_SECONDS), sample_rate)
            except pulse.PulseError:  # no sound server: plain ALSA may still have a card
                pass
    return PortAudioOutput(sample_rate)


class PulseOutput:
    """An open stream on a PulseAudio or PipeWire server."""

    def __init__(self, stream: PulseStream, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._stream = stream

    def write(self, pcm: bytes) -> None:
        """Play ``pcm``; returns once it is queued, which is about when the previous block has played."""
        from narrator.play.pulse import PulseError

        try:
            self._stream.write(pcm)
        except PulseError as error:  # the sound server went away mid-article
            raise NoAudioOutputError(f"The audio output stopped working ({error}). " + NO_OUTPUT_ADVICE) from None

    def finish(self) -> None:
        """Wait until everything written has been heard (the end of the article)."""
        from narrator.play.pulse import PulseError

        with contextlib.suppress(PulseError):  # nothing more to hear is no reason to fail
            self._stream.drain()

    def close(self) -> None:
        """Stop at once, dropping what is still queued (quitting, or after a failure)."""
        self._stream.close()


class PortAudioOutput:
    """An open PortAudio output stream for mono 16-bit audio at one sample rate."""

    def __init__(self, sample_rate: int) -> None:
        sounddevice = _portaudio()
        try:
            with _quiet_stderr():
                sounddevice.query_devices(kind="output")
        except sounddevice.PortAudioError:
            raise NoAudioOutputError(
                "No audio output: no sound server or sound device was found. " + NO_OUTPUT_ADVICE
            ) from None
        self.sample_rate = sample_rate
        self._errors: type[Exception] = sounddevice.PortAudioError
        try:
            with _quiet_stderr():
                self._stream = sounddevice.RawOutputStream(
                    samplerate=sample_rate,
                    channels=1,
                    dtype="int16",
                    latency=LATENCY_SECONDS,
                    blocksize=sample_rate * BLOCK_MS // 1000,
                )
                self._stream.start()
        except sounddevice.PortAudioError as error:
            raise NoAudioOutputError(
                f"No audio output: the sound device cannot be opened ({error}). " + NO_OUTPUT_ADVICE
            ) from None

    def write(self, pcm: bytes) -> None:
        """Play ``pcm``; returns once it is queued, which is about when the previous block has played."""
        try:
            self._stream.write(pcm)
        except self._errors as error:  # the sound server went away mid-article
            raise NoAudioOutputError(f"The audio output stopped working ({error}). " + NO_OUTPUT_ADVICE) from None

    def finish(self) -> None:
        """Wait until everything written has been heard (the end of the article)."""
        self.write(bytes(block_bytes(self.sample_rate) * 3))  # what ALSA's pulse plugin drops on stop
        self._stream.stop()

    def close(self) -> None:
        """Stop at once, dropping what is still queued (quitting, or after a failure)."""
        with contextlib.suppress(self._errors):
            self._stream.abort()
            self._stream.close()

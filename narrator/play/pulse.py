"""Live audio straight to a PulseAudio or PipeWire sound server, through libpulse-simple (ctypes).

On Linux desktops the sound server is PulseAudio or PipeWire (which speaks
PulseAudio's protocol). Reaching it through PortAudio and ALSA's pulse plugin
costs 100-200 ms before the first sample is heard; libpulse-simple connects
and opens a stream in a few milliseconds, which is most of the player's
budget for its first audio. Its calls are plain blocking C calls, which
ctypes runs without the interpreter lock, so opening the stream overlaps
reading the article.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

from narrator.audio import SAMPLE_WIDTH

_PLAYBACK = 1
"""``PA_STREAM_PLAYBACK``."""
_S16LE = 3
"""``PA_SAMPLE_S16LE``."""
_DEFAULT = 0xFFFFFFFF
"""``(uint32_t) -1``: the server's choice for a buffer attribute."""


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class _BufferAttributes(ctypes.Structure):
    _fields_ = [
        ("maxlength", ctypes.c_uint32),
        ("tlength", ctypes.c_uint32),
        ("prebuf", ctypes.c_uint32),
        ("minreq", ctypes.c_uint32),
        ("fragsize", ctypes.c_uint32),
    ]


class PulseError(Exception):
    """A call into libpulse failed; the message is PulseAudio's own."""


@cache
def _library() -> ctypes.CDLL | None:
    """libpulse-simple with its functions typed, or ``None`` where it is not installed."""
    try:
        simple = ctypes.CDLL(ctypes.util.find_library("pulse-simple") or "libpulse-simple.so.0")
    except OSError:
        return None
    error = ctypes.POINTER(ctypes.c_int)
    simple.pa_simple_new.restype = ctypes.c_void_p
    simple.pa_simple_new.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.POINTER(_SampleSpec),
        ctypes.c_void_p,
        ctypes.POINTER(_BufferAttributes),
        error,
    ]
    simple.pa_simple_write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, error]
    for name in ("pa_simple_drain", "pa_simple_flush"):
        getattr(simple, name).argtypes = [ctypes.c_void_p, error]
    simple.pa_simple_free.argtypes = [ctypes.c_void_p]
    simple.pa_simple_free.restype = None
    simple.pa_strerror.argtypes = [ctypes.c_int]  # libpulse's, which libpulse-simple links
    simple.pa_strerror.restype = ctypes.c_char_p
    return simple


def available() -> bool:
    """Whether libpulse-simple can be loaded here."""
    return _library() is not None


class PulseStream:
    """A playback stream of mono 16-bit audio on the default sink, with ``latency`` seconds of buffer."""

    def __init__(self, sample_rate: int, latency: float, application: str = "narrator") -> None:
        simple = _library()
        if simple is None:
            raise PulseError("libpulse-simple is not installed")
        self._simple = simple
        spec = _SampleSpec(_S16LE, sample_rate, 1)
        target = int(sample_rate * latency) * SAMPLE_WIDTH
        attributes = _BufferAttributes(_DEFAULT, target, _DEFAULT, _DEFAULT, _DEFAULT)
        error = ctypes.c_int(0)
        handle = simple.pa_simple_new(
            None, application.encode(), _PLAYBACK, None, b"narration", spec, None, attributes, ctypes.byref(error)
        )
        if not handle:
            raise PulseError(self._message(error))
        self._handle: int | None = handle

    def _message(self, error: ctypes.c_int) -> str:
        message: bytes | None = self._simple.pa_strerror(error.value)
        return message.decode(errors="replace") if message else f"error {error.value}"

    def write(self, pcm: bytes) -> None:
        """Queue ``pcm``; blocks while the server's buffer is full."""
        self._call("pa_simple_write", pcm, len(pcm))

    def drain(self) -> None:
        """Wait until everything written has been played."""
        self._call("pa_simple_drain")

    def close(self) -> None:
        """Drop what is still queued and disconnect."""
        if self._handle is not None:
            handle, self._handle = self._handle, None
            self._simple.pa_simple_flush(handle, None)
            self._simple.pa_simple_free(handle)

    def _call(self, name: str, *arguments: object) -> None:
        if self._handle is None:
            raise PulseError("the stream is closed")
        error = ctypes.c_int(0)
        if getattr(self._simple, name)(self._handle, *arguments, ctypes.byref(error)) < 0:
            raise PulseError(self._message(error))

"""Ctrl-C and SIGTERM: one way to stop, and moments when neither may interrupt.

Both signals take the same path, a ``KeyboardInterrupt``, so an export
removes its temporary files and the player saves its position whichever
one arrives; and work that must not be cut in half (renaming outputs into
place, forking workers) holds them until it is done.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C, so both take the same clean-up path (a ``KeyboardInterrupt``)."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def stop_signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back until the block is done; they arrive then, none is lost."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: the blocks are quick; accept the tiny window
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

"""Ctrl-C, SIGTERM and SIGHUP: one way to stop, and moments when none may interrupt.

All three take the same path, a ``KeyboardInterrupt``, so an export
removes its temporary files and the player saves its position whichever
one arrives (SIGHUP comes when the terminal closes, or with ``kill -HUP``);
and work that must not be cut in half (renaming outputs into place, forking
workers) holds them until it is done.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType

TERMINATING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""Signals that end a process unless handled, taken as Ctrl-C (Windows has no SIGHUP)."""
STOP_SIGNALS = {signal.SIGINT, *TERMINATING_SIGNALS}


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM and SIGHUP like Ctrl-C, so all take the same clean-up path (a ``KeyboardInterrupt``)."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = {number: signal.signal(number, interrupt) for number in TERMINATING_SIGNALS}
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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


_PR_SET_PDEATHSIG = 1


def die_with_parent(creator: int) -> None:
    """Make this helper process (a worker, the reading child) die with its parent, even one killed outright.

    On Linux the kernel kills it when its parent ends (for a worker of a fork server, the server, which ends
    with ``creator``, the process that asked for the workers); elsewhere a helper notices when its pipe to the
    parent closes. Exits at once if ``creator`` is already gone.
    """
    if not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    try:
        os.kill(creator, 0)
    except ProcessLookupError:  # it died before the line above could take effect
        os._exit(1)

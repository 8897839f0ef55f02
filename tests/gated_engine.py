"""The fake engine, except that in a worker process it speaks only once the test opens its gate.

The gate is a pipe made before the workers fork, so they share it: a worker
waits until the pipe is readable, which it stays once the test writes to it.
A test can so hold every worker in the middle of an item, and fill the
executor's queue, for as long as it likes. (A ``multiprocessing.Event``
would not do: setting it waits for every waiter to wake, a killed one too.)
"""

from __future__ import annotations

import multiprocessing
import os
import select
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fake_engine import FakeEngine

from narrator.audio import AudioChunk
from narrator.engines.base import VoiceSettings

_gate: int | None = None
"""The reading end of the gate's pipe, while a test holds one."""
_arrivals: int | None = None
"""The writing end of a pipe a worker writes a byte to when it reaches the gate."""


@contextmanager
def closed_gate() -> Iterator[Gate]:
    """A gate, closed until :meth:`Gate.open`; make it before the workers start."""
    global _gate, _arrivals
    reader, writer = os.pipe()
    arrived, _arrivals = os.pipe()
    _gate = reader
    try:
        yield Gate(writer, arrived)
    finally:
        _gate = None
        for end in (reader, writer, arrived, _arrivals):
            os.close(end)
        _arrivals = None


class Gate:
    def __init__(self, writer: int, arrivals: int) -> None:
        self._writer = writer
        self._arrivals = arrivals

    def wait_for(self, workers: int, timeout: float = 10.0) -> None:
        """Wait until ``workers`` more workers are held at the gate (each in the middle of an item)."""
        deadline = time.monotonic() + timeout
        for _ in range(workers):
            if not select.select([self._arrivals], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError(f"fewer than {workers} workers reached the gate within {timeout} s")
            os.read(self._arrivals, 1)

    def open(self) -> None:
        """Let every worker speak, now and from now on."""
        os.write(self._writer, b"!")


class GatedEngine(FakeEngine):
    """Speaks at once in the calling process; in a worker, only once the gate is open."""

    name = "gated"

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        if multiprocessing.parent_process() is not None and _gate is not None:
            if _arrivals is not None:
                os.write(_arrivals, b".")
            select.select([_gate], [], [])
        return super().synthesize(text, language, settings)

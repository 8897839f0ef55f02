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
from collections.abc import Iterator
from contextlib import contextmanager

from fake_engine import FakeEngine

from narrator.engines.base import AudioChunk, VoiceSettings

_gate: int | None = None
"""The reading end of the gate's pipe, while a test holds one."""


@contextmanager
def closed_gate() -> Iterator[Gate]:
    """A gate, closed until :meth:`Gate.open`; make it before the workers start."""
    global _gate
    reader, writer = os.pipe()
    _gate = reader
    try:
        yield Gate(writer)
    finally:
        _gate = None
        os.close(reader)
        os.close(writer)


class Gate:
    def __init__(self, writer: int) -> None:
        self._writer = writer

    def open(self) -> None:
        """Let every worker speak, now and from now on."""
        os.write(self._writer, b"!")


class GatedEngine(FakeEngine):
    """Speaks at once in the calling process; in a worker, only once the gate is open."""

    name = "gated"

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        if multiprocessing.parent_process() is not None and _gate is not None:
            select.select([_gate], [], [])
        return super().synthesize(text, language, settings)

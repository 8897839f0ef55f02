"""Numbered units of work shared between worker processes and the calling process, handed back in order.

Export renders runs of items and play speaks single items through the same
:class:`Schedule`. Each worker holds one unit at most, so nothing waits in
the executor's queue: what was given to a worker is never taken back, and
closing a schedule early (a player that jumps elsewhere, an interrupted
export) leaves nothing to cancel. A cancelled task is what breaks
:class:`~concurrent.futures.ProcessPoolExecutor` when a worker then dies
(Python 3.11: its manager thread stops with ``InvalidStateError``, and the
surviving workers are never stopped).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

Value = TypeVar("Value")


def _always(unit: int) -> bool:
    return True


class Schedule(Generic[Value]):
    """Shares units ``0`` to ``count - 1`` between the workers and this process, and hands them back in order.

    Each worker gets the next free unit as soon as it is done with one (from
    a callback, so it never waits for this process); while the next unit is
    still with a worker, this process makes the next free one itself, at most
    ``window`` units ahead. Units not worth a worker (cached, silent: see
    ``worth_a_worker``) are left to this process.
    """

    def __init__(
        self,
        count: int,
        window: int,
        workers: int,
        here: Callable[[int], Value],
        to_workers: Callable[[int], Future[Value] | None],
        worth_a_worker: Callable[[int], bool] = _always,
    ) -> None:
        """``here`` makes a unit in this process; ``to_workers`` gives one to a worker (``None``: none is ready)."""
        self._count = count
        self._window = window
        self._workers = workers
        self._here = here
        self._to_workers = to_workers
        self._worth_a_worker = worth_a_worker
        self._lock = threading.Lock()
        """Guards what follows: the workers' callbacks run on the executor's thread."""
        self._next = 0
        """The unit to hand back next; those before it are handed back."""
        self._taken: set[int] = set()
        """Units from ``_next`` on that a worker or this process has taken."""
        self._worth: dict[int, bool] = {}
        """What ``worth_a_worker`` said of units from ``_next`` on: asked once for each."""
        self._busy = 0
        """Units a worker is making."""
        self._with_workers: dict[int, Future[Value]] = {}
        self._ready: dict[int, Value] = {}
        """Units made ahead in this process."""
        self._closed = False

    def next(self) -> Value:
        """The next unit's value: from a worker, made ahead here, or made here now."""
        index = self._next
        self._feed_workers()
        value = self._value(index)
        with self._lock:
            self._next = index + 1
            self._taken.discard(index)
            self._with_workers.pop(index, None)
            self._worth.pop(index, None)
        return value

    def close(self) -> None:
        """Give the workers nothing more; what they are still making is ignored."""
        with self._lock:
            self._closed = True

    def _value(self, index: int) -> Value:
        """Unit ``index``; while it is still with a worker, this process makes the next free units."""
        while True:
            with self._lock:
                if index in self._ready:
                    return self._ready.pop(index)
                future = self._with_workers.get(index)
                if future is None:  # nobody has it: this process takes it
                    assert index not in self._taken, "a unit taken but neither ready nor with a worker"
                    self._taken.add(index)
                meanwhile = None if future is None or future.done() else self._claim(for_workers=False)
            if future is None:
                return self._here(index)
            if meanwhile is None:
                return self._result(index, future)
            value = self._here(meanwhile)
            with self._lock:
                self._ready[meanwhile] = value

    def _result(self, index: int, future: Future[Value]) -> Value:
        try:
            return future.result()
        except BrokenProcessPool:  # a worker died (killed, out of memory): carry on here
            return self._here(index)

    def _claim(self, for_workers: bool) -> int | None:
        """The first free unit within the window (for a worker: one worth it), now taken; ``None`` when none is.

        Call with the lock held.
        """
        for unit in range(self._next, min(self._count, self._next + self._window)):
            if unit in self._taken:
                continue
            if for_workers:
                worth = self._worth.get(unit)
                if worth is None:
                    worth = self._worth[unit] = self._worth_a_worker(unit)
                if not worth:
                    continue
            self._taken.add(unit)
            return unit
        return None

    def _feed_workers(self, finished: Future[Value] | None = None) -> None:
        """Give idle workers the next free units (also called, with ``finished``, when a worker is done)."""
        while True:
            with self._lock:
                if finished is not None:
                    self._busy -= 1
                    finished = None
                if self._closed or self._busy >= self._workers:
                    return
                unit = self._claim(for_workers=True)
                if unit is None:
                    return
                future = self._to_workers(unit)
                if future is None:  # no worker is ready: the unit stays free
                    self._taken.discard(unit)
                    return
                self._busy += 1
                self._with_workers[unit] = future
            future.add_done_callback(self._feed_workers)

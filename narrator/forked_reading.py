"""The player reads and scripts the article in a forked child, while this process loads the engine and the output.

Start-up is mostly loading code: the reader and script builder on one side,
the engine and the sound output on the other. Forked before either loads,
a child reads the article on the other core while this process loads the
rest, so the first words come sooner than one after the other (the target
is first audio within 150 ms); and the later, longer scripts of a long
article (:mod:`narrator.script.staged`) are built there while the opening
plays, never holding this process's interpreter while it feeds the output.

Each answer is worked out only when asked for, sent back pickled with its
length in front. The user's error (:class:`NarratorError`) is sent as the last
answer and raised here; after a bug in the child the answers are worked out
here from there on, so the bug shows with its traceback.

Forking is safe only while this process runs a single thread (a fork copies
no other thread, and whatever lock one held stays held in the child), and
only on Linux here: otherwise, and so whenever a thread is running, the
answers are worked out in this process as they are asked for.

It is play's, but lives outside :mod:`narrator.play`: importing that package
before the fork would load the player's code ahead of the reader's instead
of beside it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar, cast

from narrator.errors import NarratorError
from narrator.signals import TERMINATING_SIGNALS, die_with_parent

Answer = TypeVar("Answer")

REQUEST = b"?"
"""What this process writes to ask the child for its next answer."""
HEADER = struct.Struct("<Q")
"""The size of the pickled answer that follows."""


def forking_is_safe() -> bool:
    """Linux, and no thread but this one."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class ForkedReading(Generic[Answer]):
    """What ``answers()`` yields, worked out in a forked child (see the module) and received by iterating.

    Iterate it once, from any one thread; :meth:`close` (from any thread) stops the child.
    """

    def __init__(self, answers: Callable[[], Iterable[Answer]]) -> None:
        self._answers = answers
        self._lock = threading.Lock()
        self.pid: int | None = None
        """The child's process id while it runs; ``None`` when the answers are worked out here."""
        if forking_is_safe():
            self._start()

    def _start(self) -> None:
        sys.stdout.flush()  # or the child would write out a copy of what is still buffered
        sys.stderr.flush()
        answers_in, answers_out = os.pipe()
        requests_in, requests_out = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            die_with_parent(parent)  # a reading child whose player was killed would parse on for nobody
            os.close(answers_in)
            os.close(requests_out)
            _answer(answers_out, requests_in, self._answers)
        os.close(answers_out)
        os.close(requests_in)
        self.pid = pid
        self._incoming = os.fdopen(answers_in, "rb")
        self._requests = requests_out
        os.write(self._requests, REQUEST)  # the first answer is wanted at once

    def __iter__(self) -> Iterator[Answer]:
        if self.pid is None:
            yield from self._answers()
            return
        received = 0
        try:
            while (answer := self._receive(asked=received == 0)) is not _ENDED:
                if isinstance(answer, ChildBug):
                    yield from itertools.islice(self._answers(), received, None)
                    return
                if isinstance(answer, NarratorError):
                    raise answer
                received += 1
                yield cast("Answer", answer)
        finally:
            self.close()

    def _receive(self, asked: bool) -> object:
        """The child's next answer (asked for now unless ``asked``); :data:`_ENDED` once there are no more."""
        try:
            if not asked:
                os.write(self._requests, REQUEST)
            header = self._incoming.read(HEADER.size)
            if len(header) != HEADER.size:
                return _ENDED
            data = self._incoming.read(HEADER.unpack(header)[0])
        except (ValueError, OSError):  # closed from another thread: the answers are not wanted
            return _ENDED
        return pickle.loads(data)

    def close(self) -> None:
        """Stop the child and reap it (a reader still waiting then finds the answers ended); safe to repeat."""
        with self._lock:
            pid, self.pid = self.pid, None
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            os.close(self._requests)
            self._incoming.close()


_ENDED = object()


class ChildBug:
    """Sent instead of an answer after a bug (any exception but the user's error); the answers are redone here."""


def _answer(writer: int, requests: int, answers: Callable[[], Iterable[object]]) -> None:
    """In the child: send each answer asked for (then the user's error, or a :class:`ChildBug`); then exit."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills this child
        for number in TERMINATING_SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        with os.fdopen(writer, "wb") as outgoing:

            def send(answer: object) -> None:
                data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
                outgoing.write(HEADER.pack(len(data)) + data)
                outgoing.flush()

            try:
                pending = iter(answers())
                while os.read(requests, 1):
                    answer = next(pending, _ENDED)
                    if answer is _ENDED:
                        break
                    send(answer)
            except NarratorError as error:
                send(error)
            except Exception:  # a bug: the parent does the work itself and shows it
                send(ChildBug())
    except BaseException:
        status = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)

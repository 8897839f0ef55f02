"""Read an article and build its script in a child process, while this one loads the engine and outputs.

Start-up is mostly loading code: the reader and script builder on one side,
the engine, synthesis and sinks on the other. A child forked before either
loads reads and scripts the article on another core while this process
loads the rest, and sends back only the pickled
:class:`~narrator.script.model.Script` (or the user's error). It also keeps
the parse out of an export: parsing a long article takes several times the
memory of its script, and memory Python frees is not handed back to the
system (read in the exporting process, a 100k-word article kept about 10 MB
more for the whole export than a 10k-word one).

A player takes several scripts of one article, each longer than the last
(:mod:`narrator.script.staged`): the child works out each only when it is
asked for, so later ones never take a core from the first words.

Forking needs Linux and no other thread; elsewhere the work is done here.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import mmap
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO, Generic, TypeVar, cast

from narrator.errors import NarratorError

Answer = TypeVar("Answer")

REQUEST = b"?"
"""What the parent writes to ask the child for its next answer."""
HEADER = struct.Struct("<Q")
"""The size of the pickled answer that follows."""


class Apart(Generic[Answer]):
    """What ``answers()`` yields, worked out in a child process from the moment this is made.

    Iterate it (once, from any one thread) to receive the answers as the
    child sends them; :meth:`close` (from any thread) stops the child. Where
    no child can be forked, iterating works the answers out here. After a
    bug in the child its answers are worked out here from there on, so the
    bug shows as it would.
    """

    def __init__(self, answers: Callable[[], Iterable[Answer]]) -> None:
        self._answers = answers
        self._child = Child.start(answers)

    def __iter__(self) -> Iterator[Answer]:
        if self._child is None:
            yield from self._answers()
            return
        received = 0
        try:
            while (packed := self._child.receive()) is not None:
                answer = unpack(packed)
                if answer is None:  # a bug in the child
                    yield from itertools.islice(self._answers(), received, None)
                    return
                received += 1
                yield cast("Answer", answer)
        finally:
            self.close()

    def first(self, meanwhile: Callable[[], object] = lambda: None) -> Answer:
        """The first answer; the child is then stopped.

        ``meanwhile`` runs once the answer is here, still pickled in memory
        that forked processes do not inherit, and the child is gone: worker
        processes forked then share neither the child's peak nor the answer.
        """
        if self._child is None:
            meanwhile()
            return next(iter(self._answers()))
        try:
            packed = self._child.receive()
        finally:
            self.close()
        meanwhile()
        answer = None if packed is None else unpack(packed)
        if answer is None:  # a bug in the child, or it died: worked out here, so it shows as it would
            return next(iter(self._answers()))
        return cast("Answer", answer)

    def close(self) -> None:
        """Stop the child (a reader still waiting then finds the answers ended)."""
        if self._child is not None:
            self._child.close()


class Child:
    """A forked process that works out answers, each when asked for, and sends them back pickled.

    The first answer is asked for at once; each later one only when the
    parent waits for it, so a child never takes a core from work the parent
    needs sooner (a player's first words).
    """

    def __init__(self, pid: int, answers: int, requests: int) -> None:
        self._pid: int | None = pid
        self._incoming = os.fdopen(answers, "rb", buffering=0)
        self._requests = requests
        self._asked = True
        """Whether the answer the next :meth:`receive` returns was asked for already (the first one)."""
        self._lock = threading.Lock()

    @classmethod
    def start(cls, answers: Callable[[], Iterable[object]]) -> Child | None:
        """A child sending what ``answers()`` yields; ``None`` where forking is unsafe (not Linux, or threads).

        A :class:`NarratorError` the child meets is sent as its last answer; after a bug, ``None`` is.
        """
        if not sys.platform.startswith("linux") or threading.active_count() != 1:
            return None
        sys.stdout.flush()  # or the child would write out a copy of what is still buffered
        sys.stderr.flush()
        answers_in, answers_out = os.pipe()
        requests_in, requests_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(answers_in)
            os.close(requests_out)
            _answer(answers_out, requests_in, answers)
        os.close(answers_out)
        os.close(requests_in)
        os.write(requests_out, REQUEST)
        return cls(pid, answers_in, requests_out)

    def receive(self) -> mmap.mmap | None:
        """The next answer, still pickled; ``None`` once there are no more."""
        try:
            if not self._asked:
                os.write(self._requests, REQUEST)
            self._asked = False
            return _read_answer(self._incoming)
        except (ValueError, OSError):  # closed from another thread: the answers are not wanted
            return None

    def close(self) -> None:
        """Stop the child and reap it: no more answers are wanted. Safe to call again, from any thread."""
        with self._lock:
            pid, self._pid = self._pid, None
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            os.close(self._requests)
            self._incoming.close()  # the child is gone, so a read in another thread has returned


def unpack(packed: mmap.mmap) -> object:
    """A pickled answer, then released: the user's error is raised; ``None`` is a bug in the child."""
    with packed:
        answer: object = pickle.loads(packed)
    if isinstance(answer, NarratorError):
        raise answer
    return answer


def _read_answer(incoming: io.FileIO) -> mmap.mmap | None:
    """The child's next answer, in memory of its own that forked processes do not inherit (freed once unpacked)."""
    header = bytearray(HEADER.size)
    if incoming.readinto(header) != HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    packed = mmap.mmap(-1, max(1, size))
    if hasattr(mmap, "MADV_DONTFORK"):
        packed.madvise(mmap.MADV_DONTFORK)
    view = memoryview(packed)
    received = 0
    while received < size:
        count = incoming.readinto(view[received:size])
        if not count:
            view.release()
            packed.close()
            return None
        received += count
    view.release()
    return packed


def _answer(writer: int, requests: int, answers: Callable[[], Iterable[object]]) -> None:
    """In the child: send each answer asked for (then the user's error, or ``None`` after a bug); then exit."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills this child
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with os.fdopen(writer, "wb") as outgoing:
            try:
                pending = iter(answers())
                while os.read(requests, 1):
                    done = object()
                    answer = next(pending, done)
                    if answer is done:
                        break
                    _send(outgoing, answer)
            except NarratorError as error:
                _send(outgoing, error)
            except Exception:  # a bug: the parent does the work itself and shows it
                _send(outgoing, None)
    except BaseException:
        status = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def _send(outgoing: BinaryIO, answer: object) -> None:
    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    outgoing.write(HEADER.pack(len(data)))
    outgoing.write(data)
    outgoing.flush()

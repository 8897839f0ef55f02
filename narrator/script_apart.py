"""Read an article and build its script in a child process, so an export never holds the parse.

Parsing a long article takes several times the memory of its script (markup
tokens, the :class:`~narrator.document.Document`), and memory Python frees is
not handed back to the system: read in the exporting process, a 100k-word
article kept about 10 MB more for the whole export than a 10k-word one. A
forked child reads and scripts instead, and sends back only the pickled
:class:`~narrator.script.model.Script`, while the exporting process imports
what it needs to write files.

The answer is held where forked workers do not inherit it, so the workers can
be started before the script is unpacked: they then share none of its pages,
and no page of it is copied (and counted twice) as either side touches it.

Forking needs Linux and no other thread; elsewhere the script is built here.
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
from typing import TYPE_CHECKING, BinaryIO, Generic, TypeVar, cast

from narrator.errors import NarratorError

if TYPE_CHECKING:
    from narrator.options import ReadOptions, ScriptOptions
    from narrator.script.model import Script

Answer = TypeVar("Answer")

REQUEST = b"?"
"""What the parent writes to ask the child for its next answer."""
HEADER = struct.Struct("<Qq")
"""The size of the pickled answer, and the script's spoken words (-1 when the answer is not a script)."""


class ScriptApart:
    """The script of one article, built in a child process from the moment this is made."""

    def __init__(
        self,
        source: str,
        read_options: ReadOptions,
        script_options: ScriptOptions,
        check: Callable[[Script], object] | None = None,
    ) -> None:
        """``check`` runs on the script as soon as it is built (in the child): refusing an output, say."""
        self._arguments = (source, read_options, script_options)
        self._check = check
        self._child = Child.start(self._answers)
        self._answer: mmap.mmap | None = None
        self._script: Script | None = None
        self.words = 0
        """The script's spoken words, once :meth:`wait` has returned."""

    def wait(self) -> None:
        """Wait for the child, keeping its answer packed; a problem with the article is raised here."""
        if self._child is None:
            if self._answer is None and self._script is None:  # no child: built here
                self._script = self._build()
                self.words = spoken_words(self._script)
            return
        child, self._child = self._child, None
        try:
            self._answer, self.words = child.receive()
        finally:
            child.close()
        if self.words < 0 and self._answer is not None:
            unpack(self._answer)  # not a script: the user's error is raised; after a bug, result() builds it here
            self._answer = None

    def result(self) -> Script:
        """The script, unpacked (after :meth:`wait`, which this calls if needed)."""
        self.wait()
        if self._script is None and self._answer is not None:
            self._script = cast("Script", unpack(self._answer))
            self._answer = None
        if self._script is None:  # the child failed unexpectedly: built here, so a bug shows as it would
            self._script = self._build()
        return self._script

    def _build(self) -> Script:
        from narrator.pipeline import script_for

        script = script_for(*self._arguments)
        if self._check is not None:
            self._check(script)
        return script

    def _answers(self) -> Iterator[tuple[Script, int]]:
        script = self._build()
        yield script, spoken_words(script)

    def abandon(self) -> None:
        """Stop the child: its script is not wanted (the export failed before it was needed)."""
        if self._child is not None:
            self._child.close()
            self._child = None


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
        self._child = Child.start(lambda: ((answer, -1) for answer in answers()))

    def __iter__(self) -> Iterator[Answer]:
        if self._child is None:
            yield from self._answers()
            return
        received = 0
        try:
            while True:
                packed, _ = self._child.receive()
                if packed is None:
                    return
                answer = unpack(packed)
                if answer is None:  # a bug in the child
                    yield from itertools.islice(self._answers(), received, None)
                    return
                received += 1
                yield cast("Answer", answer)
        finally:
            self.close()

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
    def start(cls, answers: Callable[[], Iterable[tuple[object, int]]]) -> Child | None:
        """A child sending each ``(answer, words)`` that ``answers()`` yields (``words`` -1: not a script).

        ``None`` where forking is unsafe (not Linux, or another thread runs): the caller works here instead.
        A :class:`NarratorError` the child meets is sent as its last answer; after a bug the answers just stop.
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

    def receive(self) -> tuple[mmap.mmap | None, int]:
        """The next answer and its words, packed where forked processes do not inherit it; ``None`` at the end."""
        try:
            if not self._asked:
                os.write(self._requests, REQUEST)
            self._asked = False
            return _read_answer(self._incoming)
        except (ValueError, OSError):  # closed from another thread: the answers are not wanted
            return None, 0

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
    """A packed answer, then released: the user's error is raised; ``None`` is a bug in the child."""
    with packed:
        answer: object = pickle.loads(packed)
    if isinstance(answer, NarratorError):
        raise answer
    return answer


def spoken_words(script: Script) -> int:
    return sum(len(item.text.split()) for item in script.items if item.spoken)


def _read_answer(incoming: io.FileIO) -> tuple[mmap.mmap | None, int]:
    """The child's answer, read into memory that forked processes do not inherit, and its word count."""
    header = bytearray(HEADER.size)
    if incoming.readinto(header) != HEADER.size:
        return None, 0
    size, words = HEADER.unpack(header)
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
            return None, 0
        received += count
    view.release()
    return packed, words


def _answer(writer: int, requests: int, answers: Callable[[], Iterable[tuple[object, int]]]) -> None:
    """In the child: send each answer asked for (then the user's error, or nothing more after a bug); then exit."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills this child
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with os.fdopen(writer, "wb") as outgoing:
            try:
                pending = iter(answers())
                while os.read(requests, 1):
                    answer = next(pending, None)
                    if answer is None:
                        break
                    _send(outgoing, *answer)
            except NarratorError as error:
                _send(outgoing, error, -1)
            except Exception:  # a bug: the parent does the work itself and shows it
                _send(outgoing, None, -1)
    except BaseException:
        status = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def _send(outgoing: BinaryIO, answer: object, words: int) -> None:
    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    outgoing.write(HEADER.pack(len(data), words))
    outgoing.write(data)
    outgoing.flush()

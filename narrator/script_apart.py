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
import mmap
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from narrator.errors import NarratorError

if TYPE_CHECKING:
    from narrator.options import ReadOptions, ScriptOptions
    from narrator.script.model import Script

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
        self._child: tuple[int, int] | None = None
        """The child's pid and the pipe's reading end, until the answer is read."""
        self._answer: mmap.mmap | None = None
        self._script: Script | None = None
        self.words = 0
        """The script's spoken words, once :meth:`wait` has returned."""
        if sys.platform.startswith("linux") and threading.active_count() == 1:
            self._fork()

    def _fork(self) -> None:
        sys.stdout.flush()  # or the child would write out a copy of what is still buffered
        sys.stderr.flush()
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(reader)
            _answer(writer, self._build)
        os.close(writer)
        self._child = (pid, reader)

    def wait(self) -> None:
        """Wait for the child, keeping its answer packed; a problem with the article is raised here."""
        if self._child is None:
            if self._answer is None and self._script is None:  # no child: built here
                self._script = self._build()
                self.words = spoken_words(self._script)
            return
        pid, reader = self._child
        self._child = None
        answered = False
        try:
            with os.fdopen(reader, "rb", buffering=0) as incoming:
                self._answer, self.words = _read_answer(incoming)
            answered = True
        finally:
            if answered:
                os.waitpid(pid, 0)
            else:  # interrupted: the child's work is not wanted
                _stop(pid)
        if self.words < 0 and self._answer is not None:
            self._unpack()  # not a script: the user's error is raised; after a bug, result() builds it here

    def result(self) -> Script:
        """The script, unpacked (after :meth:`wait`, which this calls if needed)."""
        self.wait()
        if self._script is None and self._answer is not None:
            self._script = self._unpack()
        if self._script is None:  # the child failed unexpectedly: built here, so a bug shows as it would
            self._script = self._build()
        return self._script

    def _build(self) -> Script:
        from narrator.pipeline import script_for

        script = script_for(*self._arguments)
        if self._check is not None:
            self._check(script)
        return script

    def abandon(self) -> None:
        """Stop the child: its script is not wanted (the export failed before it was needed)."""
        if self._child is not None:
            pid, reader = self._child
            self._child = None
            os.close(reader)
            _stop(pid)

    def _unpack(self) -> Script | None:
        """The pickled answer (then released): a script, or the user's error raised, or ``None`` after a bug."""
        assert self._answer is not None
        with self._answer as packed:
            answer: Script | NarratorError | None = pickle.loads(packed)
        self._answer = None
        if isinstance(answer, NarratorError):
            raise answer
        return answer


def spoken_words(script: Script) -> int:
    return sum(len(item.text.split()) for item in script.items if item.spoken)


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


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


def _answer(writer: int, build: Callable[[], Script]) -> None:
    """In the child: build the script and send it (or the user's error, or nothing on a bug); then exit."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills this child
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        answer: Script | NarratorError | None
        words = -1
        try:
            answer = build()
            words = spoken_words(answer)
        except NarratorError as error:
            answer = error
        except Exception:  # a bug: the parent builds the script itself and shows it
            answer = None
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as outgoing:
            outgoing.write(HEADER.pack(len(data), words))
            outgoing.write(data)
    except BaseException:
        status = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)

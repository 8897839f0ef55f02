"""Nothing half-written: outputs appear together at the end of an export, or not at all.

Every output is written to a hidden temporary file in its own folder (so the
final rename never crosses file systems) and renamed into place only when the
whole export succeeded. An error, Ctrl-C or SIGTERM removes the temporary
files and any folder the export created, leaving the user's folders as they were.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import BinaryIO

from narrator.errors import OutputError

FORCE_HINT = "use --force to overwrite it"


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work starts, an output that cannot or must not be written."""
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"Output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"Output folder is not writable: {folder}")
    if path.is_dir():
        raise OutputError(f"Output is a folder, not a file: {path}")
    if path.exists() and not force:
        raise OutputError(f"Output file already exists: {path} ({FORCE_HINT})")


class AtomicOutputs:
    """A set of output files committed together when the ``with`` block succeeds.

    Use :meth:`folder` for output folders the export may create and
    :meth:`open` for each output file, and write to the file it returns.
    Leaving the block normally renames every temporary file onto its
    final name; leaving it with an exception removes them all.
    """

    def __init__(self, force: bool) -> None:
        self._force = force
        self._pending: list[tuple[BinaryIO, Path, Path]] = []
        self._created_folders: list[Path] = []

    def folder(self, path: Path) -> None:
        """Make sure an output folder exists, creating it (and only it) if needed."""
        if path.is_dir():
            return
        if path.exists():
            raise OutputError(f"Output folder is a file: {path}")
        if not path.parent.is_dir():
            raise OutputError(f"Output folder does not exist: {path.parent}")
        try:
            path.mkdir()
        except OSError as error:
            raise OutputError(f"Cannot create output folder {path}: {error.strerror}") from None
        self._created_folders.append(path)

    def open(self, final: Path) -> BinaryIO:
        """A new temporary file next to ``final``, open for reading and writing, renamed onto it on commit."""
        check_target(final, self._force)
        try:
            handle, name = tempfile.mkstemp(prefix=f".{final.name[:100]}.", suffix=".part", dir=final.parent)
        except OSError as error:
            raise OutputError(f"Cannot write to {final.parent}: {error.strerror}") from None
        file = os.fdopen(handle, "w+b")
        self._pending.append((file, Path(name), final))
        return file

    def __enter__(self) -> AtomicOutputs:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is None:
            with _signals_deferred():
                self._commit()
            return
        folder = self._pending[0][2].parent if self._pending else None
        self._discard()
        if isinstance(error, OSError) and folder is not None:  # a write failed: disk full, quota, file size limit
            raise OutputError(
                f"Cannot write to {folder}: {error.strerror or error}. Nothing was written; "
                "free some space or choose another folder with -o."
            ) from None

    def _commit(self) -> None:
        for file, _, _ in self._pending:
            file.close()
        if not self._force:
            for _, _, final in self._pending:
                if final.exists():
                    self._discard()
                    raise OutputError(f"Output file appeared while exporting: {final} ({FORCE_HINT})")
        mode = 0o666 & ~_umask()  # mkstemp makes files private; outputs get the usual permissions
        for _, temporary, final in self._pending:
            temporary.chmod(mode)
            temporary.replace(final)
        self._pending.clear()

    def _discard(self) -> None:
        for file, temporary, _ in self._pending:
            file.close()
            temporary.unlink(missing_ok=True)
        self._pending.clear()
        for folder in reversed(self._created_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._created_folders.clear()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the renames run, so an export lands whole."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: the renames are quick; accept the tiny window
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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

"""Nothing half-written: outputs appear together at the end of an export, or not at all.

Every output is written to a hidden temporary file in its own folder (so the
final rename never crosses file systems) and renamed into place only when the
whole export succeeded. An error, Ctrl-C or SIGTERM removes the temporary
files and any folder the export created, leaving the user's folders as they were.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from narrator.errors import OutputError
from narrator.signals import stop_signals_held

FORCE_HINT = "use --force to overwrite it"


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work starts, an output that cannot or must not be written.

    Outputs are regular files or new names: a folder, a device (``/dev/full``),
    a FIFO or a terminal is refused even with ``--force``, which would replace
    the node with a file; a symbolic link counts as existing, even a dangling one.
    """
    longest = _longest_name(path.parent)
    if len(os.fsencode(path.name)) > longest:
        raise OutputError(
            f"Output file name is too long ({len(os.fsencode(path.name))} bytes; this folder allows {longest}): "
            f"{path.name[:60]}...; choose a shorter one with -o"
        )
    folder = written_path(path).parent
    if not folder.is_dir():
        raise OutputError(f"Output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"Output folder is not writable: {folder}")
    kind = _existing_kind(path)
    if kind == "folder":
        raise OutputError(f"Output is a folder, not a file: {path}")
    if kind not in (None, "file", "dangling link"):
        raise OutputError(f"Output is {kind}, not a file: {path}; narrator writes only regular files")
    if kind is not None and not force:
        what = "is a link to nothing" if kind == "dangling link" else "already exists"
        raise OutputError(f"Output file {what}: {path} ({FORCE_HINT})")


def written_path(path: Path) -> Path:
    """The file an output named ``path`` replaces: the path itself, or the file a link at it points to."""
    return path.resolve() if path.is_symlink() else path


def refuse_input_as_output(source: Path, output: Path) -> None:
    """Refuse to write over the article being read (``export a.md -o a.md --force``), by any of its names."""
    with contextlib.suppress(OSError):
        if source.samefile(output):
            raise OutputError(f"Output would replace the article itself: {output}; choose another name with -o")


def _existing_kind(path: Path) -> str | None:
    """What is at ``path`` (a link followed): ``None`` for nothing, else "file", "folder", "a device", ..."""
    try:
        status = path.lstat()
        if stat.S_ISLNK(status.st_mode):
            status = path.stat()
    except FileNotFoundError:
        return "dangling link" if path.is_symlink() else None
    except OSError as error:
        raise OutputError(f"Cannot use {path} as an output: {error.strerror or error}") from None
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _longest_name(folder: Path) -> int:
    """The longest file name, in bytes, the folder's file system takes (255 on most)."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # Windows has no pathconf
        return 255


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
        """A new temporary file next to ``final``, open for reading and writing, renamed onto it on commit.

        When ``final`` is a symbolic link, the file it points to is replaced and the link kept: renaming onto
        the link itself would turn ``/dev/stdout`` into a regular file.
        """
        check_target(final, self._force)
        final = written_path(final)
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
            with stop_signals_held():  # so an export lands whole
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
        new_mode = 0o666 & ~_umask()  # mkstemp makes files private; new outputs get the usual permissions
        for _, temporary, final in self._pending:
            temporary.chmod(_replaced_mode(final) or new_mode)
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


def _replaced_mode(final: Path) -> int | None:
    """The permissions of the file an output replaces (a private 0600 file stays private)."""
    try:
        return stat.S_IMODE(final.stat().st_mode)
    except OSError:
        return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

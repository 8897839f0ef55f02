"""Nothing half-written: outputs appear together at the end of an export, or not at all.

Every output is written to a hidden temporary file in its own folder (so the
final rename never crosses file systems) and renamed into place only when the
whole export succeeded. An error, Ctrl-C or SIGTERM removes the temporary
files and any folder the export created, leaving the user's folders as they were.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from narrator.errors import OutputError
from narrator.signals import stop_signals_held

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

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
    final name, all or none: a rename that fails takes back those done
    before it. Leaving it with an exception removes them all.

    An export killed outright (SIGKILL, a crash, a power cut) cannot clean
    up, so each holds a lock file in every folder it writes to, and names its
    temporary files after it; the next export into that folder removes the
    temporary files of every lock no process holds any more.
    """

    def __init__(self, force: bool) -> None:
        self._force = force
        self._pending: list[tuple[BinaryIO, Path, Path]] = []
        self._created_folders: list[Path] = []
        self._locks: dict[Path, _FolderLock] = {}

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
        the link itself would turn ``/dev/stdout`` into a regular file. The file may be closed as soon as it
        is written (a split's parts are), and is committed all the same.
        """
        check_target(final, self._force)
        final = written_path(final)
        try:
            lock = self._lock(final.parent)
            handle, name = tempfile.mkstemp(
                prefix=f".{final.name[:100]}.{lock.token}.", suffix=".part", dir=final.parent
            )
        except OSError as error:
            raise OutputError(f"Cannot write to {final.parent}: {error.strerror}") from None
        file = os.fdopen(handle, "w+b")
        self._pending.append((file, Path(name), final))
        return file

    def _lock(self, folder: Path) -> _FolderLock:
        if folder not in self._locks:
            remove_stale_parts(folder)
            self._locks[folder] = _FolderLock.take(folder)
        return self._locks[folder]

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
        done: list[tuple[Path, Path | None]] = []  # each final name renamed onto, and the file it replaced
        kept: list[Path] = []  # second names of the replaced files, until the commit is whole
        current = None
        try:
            for _, temporary, current in self._pending:
                temporary.chmod(_replaced_mode(current) or new_mode)
                replaced = self._keep(current)
                kept += [replaced] if replaced is not None else []
                temporary.replace(current)
                done.append((current, replaced))
        except OSError as error:
            for final, replaced in reversed(done):  # take back what was renamed: all or nothing
                with contextlib.suppress(OSError):
                    if replaced is not None:
                        replaced.replace(final)
                    else:
                        final.unlink()
            self._discard()
            raise OutputError(
                f"Cannot write {current}: {error.strerror or error}. Nothing was written; "
                "the files already there are as they were."
            ) from None
        finally:
            for path in kept:
                path.unlink(missing_ok=True)
        self._pending.clear()
        self._release()

    def _keep(self, final: Path) -> Path | None:
        """A second name for the file ``final`` is about to replace, so a failed commit can put it back."""
        if not final.is_file():
            return None
        kept = final.with_name(f".{final.name[:100]}.{self._lock(final.parent).token}.{secrets.token_hex(4)}.part")
        try:
            os.link(final, kept)
        except OSError:  # a file system without hard links (FAT): the old file steps aside until the rename
            final.replace(kept)
        return kept

    def _discard(self) -> None:
        for file, temporary, _ in self._pending:
            file.close()
            temporary.unlink(missing_ok=True)
        self._pending.clear()
        self._release()
        for folder in reversed(self._created_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._created_folders.clear()

    def _release(self) -> None:
        for lock in self._locks.values():
            lock.release()
        self._locks.clear()


_LOCK_PREFIX = ".narrator-export-"
_LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class _FolderLock:
    """An export's claim on a folder: a lock file held locked while the export runs, named by its token."""

    path: Path
    token: str
    descriptor: int

    @classmethod
    def take(cls, folder: Path) -> _FolderLock:
        """Create and lock a lock file; it gets its findable name only once locked, so no other export ever
        sees it unlocked while this one runs."""
        descriptor, name = tempfile.mkstemp(prefix=".narrator-lock-", dir=folder)
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        token = secrets.token_hex(4)
        path = folder / f"{_LOCK_PREFIX}{token}{_LOCK_SUFFIX}"
        Path(name).replace(path)
        return cls(path, token, descriptor)

    def release(self) -> None:
        self.path.unlink(missing_ok=True)
        os.close(self.descriptor)


def remove_stale_parts(folder: Path) -> None:
    """Remove the temporary files of exports into ``folder`` that were killed: their lock is held by nobody.

    Only our own naming is touched: ``.narrator-export-TOKEN.lock`` and ``.NAME.TOKEN.*.part``.
    """
    if fcntl is None:  # Windows: no advisory locks; a killed export's files stay (rare there: no SIGKILL)
        return
    for lock in folder.glob(f"{_LOCK_PREFIX}*{_LOCK_SUFFIX}"):
        token = lock.name[len(_LOCK_PREFIX) : -len(_LOCK_SUFFIX)]
        try:
            descriptor = os.open(lock, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # an export running now holds it
            os.close(descriptor)
            continue
        for part in folder.glob(f".*.{glob.escape(token)}.*.part"):
            with contextlib.suppress(OSError):
                part.unlink()
        lock.unlink(missing_ok=True)
        os.close(descriptor)


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

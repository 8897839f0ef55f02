"""The cache: entries of bytes by kind and digest, on disk, shared by every narrator process of the user.

It knows nothing of what it holds. The modules that own a format keep
their entries here through a small typed wrapper: spoken items' samples
(:mod:`narrator.synthesize`), encoded MP3 runs (:mod:`narrator.export_runs`)
and sections' scripts (:mod:`narrator.script.kept`). Re-exporting an article
after editing one section, or resuming an interrupted export, then redoes
only what changed.

An entry is a file named by its digest, with its kind as the suffix,
written to a temporary file and renamed, so concurrent runs never read half
an entry. It starts with a header (magic, length, checksum) that is checked
before every use: an entry truncated, extended or overwritten on disk is a
miss, deleted and made again, never bad audio or an error. The cache is bounded: each process counts what it writes and,
every sixteenth of the bound, evicts the least recently used entries.
``NARRATOR_CACHE_MB`` sets the bound (default 512); ``--no-cache`` bypasses
the cache and ``narrate cache clear`` empties it.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import stat
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import xxhash

from narrator.errors import SettingError

DEFAULT_LIMIT_BYTES = 512 * 1024 * 1024
"""Half a gigabyte holds about 3 hours of 22 kHz speech."""
LIMIT_VARIABLE = "NARRATOR_CACHE_MB"
"""Environment variable with the cache's bound in megabytes (decimals allowed)."""
ENTRY_HEADER = struct.Struct("<4sQQ")
"""Before every entry's bytes: :data:`ENTRY_MAGIC`, their length and their XXH3 checksum. Checking them
before use costs about 40 ms per 160 MB (a 10,000-word WAV re-export), where CRC-32 took 220 ms."""
ENTRY_MAGIC = b"NRC1"
EVICT_EVERY = 16
"""A process checks the bound each time it has written this share (1/16) of it: the folder is scanned
rarely, and the cache never outgrows its bound by more than that share per running process."""


def default_cache_dir() -> Path:
    """The user's cache folder for narrator."""
    from platformdirs import user_cache_path

    return user_cache_path("narrator") / "segments"


def configured_limit() -> int:
    """The bound in bytes: ``NARRATOR_CACHE_MB`` when set, else :data:`DEFAULT_LIMIT_BYTES`."""
    value = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_LIMIT_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not 0 <= megabytes < 2**40:
        raise SettingError(f"{LIMIT_VARIABLE}={value} is not a size in megabytes (such as 512 or 0.5).")
    return round(megabytes * 1024 * 1024)


@dataclass(frozen=True)
class CacheUsage:
    """How much the cache holds (of one kind, or in all)."""

    entries: int
    bytes: int

    def describe(self) -> str:
        """ "12 entries, 3.4 MB"."""
        noun = "entry" if self.entries == 1 else "entries"
        return f"{self.entries} {noun}, {self.bytes / 2**20:.1f} MB"


class Cache:
    """Entries of bytes, each named by a kind (a short word) and a digest (a hex string)."""

    def __init__(self, folder: Path | None = None, limit_bytes: int | None = None) -> None:
        self.folder = folder or default_cache_dir()
        self.limit_bytes = configured_limit() if limit_bytes is None else limit_bytes
        self._written = 0
        """Bytes this process stored since the bound was last checked."""

    def __reduce__(self) -> tuple[type[Cache], tuple[Path, int]]:
        """Sent to a worker process as the same folder and bound; the worker counts its own writes."""
        return Cache, (self.folder, self.limit_bytes)

    def _path(self, kind: str, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.{kind}"

    def has(self, kind: str, digest: str) -> bool:
        """Whether the entry is there (it may still be evicted, or found damaged, before it is read)."""
        return self._path(kind, digest).is_file()

    def open(self, kind: str, digest: str) -> io.FileIO | None:
        """The entry open for reading, positioned at its first byte, or ``None``; marks it recently used.

        The entry is checked first (its header, length and checksum, read
        through a memory map, without a copy); a damaged one is deleted and
        is a miss. An open entry stays readable, even if another run evicts
        or clears it, until it is closed.
        """
        path = self._path(kind, digest)
        try:
            file = io.FileIO(path)
        except OSError:
            return None
        try:
            intact = _intact(file)
        except (OSError, ValueError):
            intact = False
        if not intact:
            file.close()
            self._discard(path)
            return None
        with contextlib.suppress(OSError):  # a read-only cache: the data is still good
            os.utime(file.fileno())
        file.seek(ENTRY_HEADER.size)
        return file

    def read(self, kind: str, digest: str) -> bytes | None:
        """The entry's bytes, or ``None`` (missing, or damaged: then deleted); marks it recently used."""
        file = self.open(kind, digest)
        if file is None:
            return None
        with file:
            try:
                return file.readall()
            except OSError:
                return None

    def write(self, kind: str, digest: str, *parts: bytes) -> None:
        """Store an entry made of ``parts``; a failure (disk full, read-only cache) only loses the speed-up."""
        path = self._path(kind, digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return
        checksum = xxhash.xxh3_64()
        for part in parts:
            checksum.update(part)
        length = sum(len(part) for part in parts)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(ENTRY_HEADER.pack(ENTRY_MAGIC, length, checksum.intdigest()))
                for part in parts:
                    file.write(part)
            Path(temporary).replace(path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return
        self._written += ENTRY_HEADER.size + length
        if self._written * EVICT_EVERY > self.limit_bytes:
            self.evict()

    @staticmethod
    def _discard(path: Path) -> None:
        """Delete a damaged entry, so it is made again; in a read-only cache it stays, and stays a miss."""
        with contextlib.suppress(OSError):
            path.unlink()

    def _entries(self) -> list[tuple[float, int, Path]]:
        """(last use, size, path) of every entry; entries deleted meanwhile by another process are skipped,
        and so is anything else found in the folder (a folder, a link: not ours to count or delete)."""
        entries = []
        for path in self.folder.glob("*/*.*"):
            if path.suffix == ".tmp":
                continue
            try:
                status = path.lstat()
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode):
                entries.append((status.st_mtime, status.st_size, path))
        return entries

    def usage(self) -> dict[str, CacheUsage]:
        """What the cache holds, by kind."""
        counts: dict[str, tuple[int, int]] = {}
        for _, size, path in self._entries():
            entries, total = counts.get(path.suffix[1:], (0, 0))
            counts[path.suffix[1:]] = (entries + 1, total + size)
        return {kind: CacheUsage(*counts[kind]) for kind in sorted(counts)}

    def evict(self) -> int:
        """Delete least recently used entries until the cache fits its limit; returns bytes freed."""
        self._written = 0
        entries = self._entries()
        total = sum(size for _, size, _ in entries)
        freed = 0
        for _, size, path in sorted(entries):
            if total - freed <= self.limit_bytes:
                break
            path.unlink(missing_ok=True)
            freed += size
        return freed

    def clear(self) -> CacheUsage:
        """Delete every entry (and leftovers of interrupted writes); returns what was deleted."""
        removed = total(self.usage())
        for path in self.folder.glob("*/*"):
            if path.is_file() and not path.is_symlink():  # a stray folder or link is left alone
                path.unlink(missing_ok=True)
        for folder in self.folder.glob("*"):
            with contextlib.suppress(OSError):  # not empty: another run is writing into it
                folder.rmdir()
        return removed


def _intact(file: io.FileIO) -> bool:
    """Whether an entry's header is ours, and its length and checksum those of the bytes after it."""
    header = file.read(ENTRY_HEADER.size)
    if len(header) != ENTRY_HEADER.size:
        return False
    magic, length, checksum = ENTRY_HEADER.unpack(header)
    if magic != ENTRY_MAGIC or os.fstat(file.fileno()).st_size != ENTRY_HEADER.size + length:
        return False
    if length == 0:
        return bool(checksum == xxhash.xxh3_64_intdigest(b""))
    with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        return bool(xxhash.xxh3_64_intdigest(memoryview(mapped)[ENTRY_HEADER.size :]) == checksum)


def total(usage: dict[str, CacheUsage]) -> CacheUsage:
    """All kinds together."""
    return CacheUsage(sum(kind.entries for kind in usage.values()), sum(kind.bytes for kind in usage.values()))

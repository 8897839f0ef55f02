"""A segment cache: audio of spoken items, keyed by exactly what produced it.

Re-exporting an article after editing one section, or resuming an interrupted
export, then synthesizes only what changed. Entries are files named by the
SHA-256 of the text, language, engine and voice settings, written to a temp
file and renamed, so concurrent runs never see half an entry; the cache is
bounded and evicts the least recently used entries first.

``NARRATOR_CACHE_MB`` sets the bound (default 512); ``narrate --no-cache``
bypasses the cache and ``narrate cache clear`` empties it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import struct
import tempfile
import weakref
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from narrator.engines.base import SAMPLE_WIDTH, AudioChunk, VoiceSettings
from narrator.errors import SettingError
from narrator.script.model import ItemKind, ScriptItem
from narrator.sinks.base import StoredPcm

DEFAULT_LIMIT_BYTES = 512 * 1024 * 1024
"""Half a gigabyte holds about 3 hours of 22 kHz speech."""
LIMIT_VARIABLE = "NARRATOR_CACHE_MB"
"""Environment variable with the cache's bound in megabytes (decimals allowed)."""
EVICT_EVERY = 16
"""A process checks the bound each time it has written this share (1/16) of it: the folder is scanned
rarely, and the cache never outgrows its bound by more than that share per running process."""

SECTION_MAGIC = b"NSCR"
"""An entry of one section's script items, as JSON."""
MAGIC = b"NSEG"
"""An entry of one item's samples: this, its sample rate, then the PCM."""
RATE = struct.Struct("<I")
SAMPLES_AT = len(MAGIC) + RATE.size
"""Where an entry's samples start."""
MAX_OPEN_ENTRIES = 128
"""Entries handed out open (:meth:`SegmentCache.open`) at most at once; past this they are read into memory,
so a long window of runs rendered ahead never runs the process out of file descriptors (macOS allows 256)."""


def default_cache_dir() -> Path:
    """The user's cache folder for narrator's segments."""
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
    """How much the cache holds."""

    entries: int
    bytes: int

    def describe(self) -> str:
        """ "12 segments, 3.4 MB"."""
        noun = "segment" if self.entries == 1 else "segments"
        return f"{self.entries} {noun}, {self.bytes / 2**20:.1f} MB"


@dataclass(frozen=True)
class SegmentKey:
    """Everything that decides how an item sounds."""

    text: str
    language: str
    engine: str
    settings: VoiceSettings

    @classmethod
    def of(cls, item: ScriptItem, language: str, engine: str, settings: VoiceSettings) -> SegmentKey:
        """The key of a script item in a script of ``language``: a chosen voice speaks the script's language,
        and an item in another language (a Russian quotation) is said by that language's own voice."""
        if item.language and item.language != language and settings.voice is not None:
            settings = replace(settings, voice=None)
        return cls(item.text, item.language or language, engine, settings)

    def digest(self) -> str:
        # vars() rather than asdict(), which copies deeply and took a tenth of a warm re-export: the fields are flat
        fields = {"text": self.text, "language": self.language, "engine": self.engine, **vars(self.settings)}
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


class SegmentCache:
    """Audio segments on disk, shared by every narrator process of the user."""

    def __init__(self, folder: Path | None = None, limit_bytes: int | None = None) -> None:
        self.folder = folder or default_cache_dir()
        self.limit_bytes = configured_limit() if limit_bytes is None else limit_bytes
        self._written = 0
        """Bytes stored since the bound was last checked."""
        self._open: weakref.WeakSet[StoredPcm] = weakref.WeakSet()
        """Entries handed out open: each holds a file descriptor until it is closed or dropped."""

    def __reduce__(self) -> tuple[type[SegmentCache], tuple[Path, int]]:
        """Sent to a worker process as the same folder and bound, without the entries open here."""
        return SegmentCache, (self.folder, self.limit_bytes)

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.seg"

    def get(self, key: SegmentKey) -> AudioChunk | None:
        """The cached audio for ``key``, or ``None``; a hit marks the entry as recently used."""
        found = self._open_samples(key)
        if found is None:
            return None
        file, rate = found
        with file:
            try:
                return AudioChunk(file.readall(), rate)
            except OSError:
                return None

    def open(self, key: SegmentKey) -> StoredPcm | AudioChunk | None:
        """The cached audio for ``key`` left in its file, open, or ``None``; a hit marks the entry as recently used.

        The entry stays readable, even if another run evicts or clears it, until
        the caller closes it. Past :data:`MAX_OPEN_ENTRIES` held at once, the
        audio is read into memory instead.
        """
        if len(self._open) >= MAX_OPEN_ENTRIES:
            return self.get(key)
        found = self._open_samples(key)
        if found is None:
            return None
        file, rate = found
        frames = (os.fstat(file.fileno()).st_size - SAMPLES_AT) // SAMPLE_WIDTH
        stored = StoredPcm(file, SAMPLES_AT, frames, rate)
        self._open.add(stored)
        return stored

    def _open_samples(self, key: SegmentKey) -> tuple[io.FileIO, int] | None:
        """The entry of ``key``, open where its samples start, and their rate."""
        file = self._open_entry(key.digest(), MAGIC)
        if file is None:
            return None
        try:
            rate = file.read(RATE.size)
        except OSError:
            rate = b""
        if len(rate) != RATE.size:
            file.close()
            return None
        return file, RATE.unpack(rate)[0]

    def put(self, key: SegmentKey, audio: AudioChunk) -> None:
        """Store ``audio``; a failure to write (disk full, read-only cache) only loses the speed-up."""
        self.record_written(self.store(key, audio))

    def section_items(self, key: str) -> tuple[ScriptItem, ...] | None:
        """A section's script items kept under ``key`` (see :class:`~narrator.script.build.ScriptBuilder`)."""
        data = self.read(key, SECTION_MAGIC)
        try:
            return tuple(_item(fields) for fields in json.loads(data)) if data is not None else None
        except (ValueError, TypeError, KeyError):  # damaged: built again
            return None

    def keep_section_items(self, key: str, items: tuple[ScriptItem, ...]) -> None:
        """Keep a section's items; a few kilobytes, as JSON (nothing in the cache is ever unpickled)."""
        entries = [{**vars(item), "kind": item.kind.value} for item in items]
        self.record_written(self.write(key, SECTION_MAGIC, json.dumps(entries).encode()))

    def store(self, key: SegmentKey, audio: AudioChunk) -> int:
        """Store ``audio`` without counting it here; returns the bytes written (see :meth:`write`)."""
        return self.write(key.digest(), MAGIC, RATE.pack(audio.sample_rate), audio.pcm)

    def has(self, digest: str) -> bool:
        """Whether the entry named ``digest`` is there (it may still be evicted before it is read)."""
        return self._path(digest).exists()

    def read(self, digest: str, magic: bytes) -> bytes | None:
        """The payload of the entry named ``digest`` if it is of the kind ``magic``; a hit marks it recently used."""
        file = self._open_entry(digest, magic)
        if file is None:
            return None
        with file:
            try:
                return file.readall()
            except OSError:
                return None

    def _open_entry(self, digest: str, magic: bytes) -> io.FileIO | None:
        """The entry named ``digest``, open just past ``magic``, if it is of that kind; marks it recently used."""
        try:
            file = io.FileIO(self._path(digest))
        except OSError:
            return None
        with contextlib.suppress(OSError):
            if file.read(len(magic)) == magic:
                with contextlib.suppress(OSError):  # a read-only cache: the data is still good
                    os.utime(file.fileno())
                return file
        file.close()
        return None

    def write(self, digest: str, magic: bytes, *parts: bytes) -> int:
        """Store an entry of the kind ``magic`` made of ``parts``; returns the bytes written (0 on failure).

        The caller accounts for them with :meth:`record_written`, in whichever
        process keeps count (workers store entries, their parent evicts).
        """
        path = self._path(digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return 0
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(magic)
                for part in parts:
                    file.write(part)
            Path(temporary).replace(path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return 0
        return len(magic) + sum(len(part) for part in parts)

    def record_written(self, size: int) -> None:
        """Count ``size`` bytes stored, checking the bound each time a sixteenth of it was written."""
        self._written += size
        if self._written * EVICT_EVERY > self.limit_bytes:
            self.evict()

    def _entries(self) -> list[tuple[float, int, Path]]:
        """(last use, size, path) of every entry; entries deleted meanwhile by another process are skipped."""
        entries = []
        for path in self.folder.glob("*/*.seg"):
            try:
                status = path.stat()
            except OSError:
                continue
            entries.append((status.st_mtime, status.st_size, path))
        return entries

    def usage(self) -> CacheUsage:
        entries = self._entries()
        return CacheUsage(len(entries), sum(size for _, size, _ in entries))

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
        removed = self.usage()
        for path in self.folder.glob("*/*"):
            path.unlink(missing_ok=True)
        for folder in self.folder.glob("*"):
            with contextlib.suppress(OSError):  # not empty: another run is writing into it
                folder.rmdir()
        return removed


def _item(fields: dict[str, Any]) -> ScriptItem:
    return ScriptItem(**{**fields, "kind": ItemKind(fields["kind"])})

"""Sections' scripts kept between runs, so scripting an edited article again builds only what changed.

A section's items are kept as JSON (nothing in the cache is ever
unpickled) in any store of bytes by kind and digest (:class:`narrator.cache.Cache`),
under a digest of everything they depend on (see
:meth:`~narrator.script.build.ScriptBuilder.section`).
"""

from __future__ import annotations

import json
from typing import Protocol

from narrator.script.model import ItemKind, ScriptItem

KIND = "script"
"""The cache kind of a section's items."""


class ByteStore(Protocol):
    """Where entries of bytes are kept by kind and digest."""

    def read(self, kind: str, digest: str) -> bytes | None: ...

    def write(self, kind: str, digest: str, *parts: bytes) -> None: ...


class KeptSections:
    """Sections' items in a byte store."""

    def __init__(self, store: ByteStore) -> None:
        self._store = store

    def section_items(self, key: str) -> tuple[ScriptItem, ...] | None:
        """The items kept under ``key``, or ``None`` (never kept, or damaged: built again)."""
        data = self._store.read(KIND, key)
        if data is None:
            return None
        try:
            return tuple(ScriptItem(**{**fields, "kind": ItemKind(fields["kind"])}) for fields in json.loads(data))
        except (ValueError, TypeError, KeyError):
            return None

    def keep_section_items(self, key: str, items: tuple[ScriptItem, ...]) -> None:
        """Keep a section's items; a few kilobytes."""
        self._store.write(KIND, key, json.dumps([{**vars(item), "kind": item.kind.value} for item in items]).encode())

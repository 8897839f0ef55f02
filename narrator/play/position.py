"""Remember where the listener stopped, and the places they bookmarked, per article.

Positions live in the user's state folder, one small JSON file per article
(where ``--resume`` goes on, and the bookmarks by name), kept for
:data:`KEEP_DAYS` after the article was last played and named by a hash of
the article's words: the same article read from another
path (or from standard input) resumes, and an edited article starts afresh
instead of landing somewhere else. A section and a sentence offset within it
(counted in the article's own sentences) are stored rather than a raw item
index, so changing ``--announce`` or ``--toc`` between runs still lands on
the same sentence.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from narrator.script.model import ItemKind, Script

KEEP_DAYS = 30
"""An article not played for this long loses its saved place and bookmarks (pruned at the next save)."""


@dataclass(frozen=True)
class SavedPosition:
    section: int | None
    """Index of the section; ``None`` for the opening."""
    sentence: int
    """Sentences of the article's own text heard before, within the section (0: from its start)."""


def _own_words(script: Script) -> list[int]:
    """Indexes of the items that are the article's own sentences, whatever the announcement options."""
    return [
        index
        for index, item in enumerate(script.items)
        if item.kind is ItemKind.TEXT and item.role not in ("heading", "title")
    ]


def article_key(script: Script) -> str:
    """A hash of the article's own words: the same text always gets the same key."""
    words = "\n".join(script.items[index].text for index in _own_words(script))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]


def positions_folder() -> Path:
    from platformdirs import user_state_path

    return user_state_path("narrator") / "positions"


def to_saved(script: Script, position: int) -> SavedPosition:
    section = script.items[position].section if position < len(script.items) else None
    before = [index for index in _own_words(script) if index < position and script.items[index].section == section]
    return SavedPosition(section, len(before))


def from_saved(script: Script, saved: SavedPosition) -> int:
    """The item index of a saved position: the sentence it names, or the section's start."""
    sentences = [index for index in _own_words(script) if script.items[index].section == saved.section]
    if 0 < saved.sentence <= len(sentences) - 1:
        return sentences[saved.sentence]
    return next((index for index, item in enumerate(script.items) if item.section == saved.section), 0)


def save(script: Script, position: int) -> None:
    """Store ``position`` as where this article resumes, keeping its bookmarks."""
    record = _read(script)
    record["resume"] = asdict(to_saved(script, position))
    _write(script, record)


def load(script: Script) -> SavedPosition | None:
    """Where this article resumes, or ``None`` if nothing is saved (or it is unreadable or expired)."""
    resume = _read(script).get("resume")
    return _parsed(resume) if isinstance(resume, dict) else None


def forget(script: Script) -> None:
    """Drop the resume position once the article has been heard to the end; its bookmarks stay."""
    record = _read(script)
    if record.get("bookmarks"):
        record["resume"] = None
        _write(script, record)
    else:
        _path(script).unlink(missing_ok=True)


def save_bookmark(script: Script, name: str, position: int) -> None:
    """Keep ``position`` under ``name`` for this article (replacing a bookmark of that name)."""
    record = _read(script)
    marks = record.get("bookmarks")
    record["bookmarks"] = {**(marks if isinstance(marks, dict) else {}), name: asdict(to_saved(script, position))}
    _write(script, record)


def bookmarks(script: Script) -> dict[str, int]:
    """This article's bookmarks by name, in name order, as item positions."""
    marks = _read(script).get("bookmarks")
    if not isinstance(marks, dict):
        return {}
    found = {name: _parsed(mark) for name, mark in sorted(marks.items()) if isinstance(mark, dict)}
    return {name: from_saved(script, saved) for name, saved in found.items() if saved is not None}


def _path(script: Script) -> Path:
    return positions_folder() / f"{article_key(script)}.json"


def _parsed(data: dict[str, object]) -> SavedPosition | None:
    section, sentence = data.get("section"), data.get("sentence")
    if (section is not None and not isinstance(section, int)) or not isinstance(sentence, int):
        return None
    return SavedPosition(section, sentence)


def _read(script: Script) -> dict[str, object]:
    """The article's record: ``resume`` and ``bookmarks``; empty when there is none, or it is unreadable or expired.

    A record from before bookmarks (``section`` and ``sentence`` at the top) is its resume position.
    """
    path = _path(script)
    try:
        if time.time() - path.stat().st_mtime > KEEP_DAYS * 86400:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    if "resume" not in data and "sentence" in data:
        data["resume"] = {"section": data.get("section"), "sentence": data.get("sentence")}
    return data


def _write(script: Script, record: dict[str, object]) -> None:
    """Replace the article's record atomically, then prune the records of articles not played for KEEP_DAYS."""
    folder = positions_folder()
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"title": script.title, "resume": record.get("resume"), "bookmarks": record.get("bookmarks") or {}}
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".position-", suffix=".tmp")
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(payload, file, ensure_ascii=False)
    Path(temporary).replace(_path(script))
    expired = time.time() - KEEP_DAYS * 86400
    for old in folder.glob("*.json"):
        try:
            if old.stat().st_mtime < expired:
                old.unlink()
        except OSError:  # pruned by another player meanwhile
            continue

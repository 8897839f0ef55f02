"""Remember where the listener stopped, per article, for ``--resume``.

Positions live in the user's state folder, one small JSON file per article,
named by a hash of the article's words: the same article read from another
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
from dataclasses import dataclass
from pathlib import Path

from narrator.script.model import ItemKind, Script


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
    """Store ``position`` for this article, replacing the file atomically."""
    folder = positions_folder()
    folder.mkdir(parents=True, exist_ok=True)
    saved = to_saved(script, position)
    payload = json.dumps({"title": script.title, "section": saved.section, "sentence": saved.sentence})
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".position-", suffix=".tmp")
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(payload)
    Path(temporary).replace(folder / f"{article_key(script)}.json")


def load(script: Script) -> SavedPosition | None:
    """The saved position of this article, or ``None`` if there is none (or it is unreadable)."""
    try:
        data = json.loads((positions_folder() / f"{article_key(script)}.json").read_text(encoding="utf-8"))
        section = data["section"]
        return SavedPosition(None if section is None else int(section), int(data["sentence"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget(script: Script) -> None:
    """Drop the saved position once the article has been heard to the end."""
    (positions_folder() / f"{article_key(script)}.json").unlink(missing_ok=True)

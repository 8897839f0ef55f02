"""The publishing folder's manifest: what each article was published from, so unchanged articles are not spoken again.

``DIR/publish-manifest.json`` holds, per article address, its folder (slug),
the key of what it was spoken from (text, reading, script and voice settings),
its stable feed ``guid``, when it was first published, and what the feed needs
(title, duration, files, sizes). Only the client writes it, whole and
atomically, every few seconds as articles finish and when the run ends or is
stopped, so a stopped run resumes with the articles it had finished (after a
``kill -9`` of the client, those of the last seconds are spoken again, from the
speech cache).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from narrator.errors import OutputError
from narrator.publish.article import Chapter, Published, Voicing, write_atomically
from narrator.read import ArticleText

MANIFEST_FILE = "publish-manifest.json"
MANIFEST_VERSION = 1
SAVE_SECONDS = 2.0
"""How often the manifest is written while articles finish: rewriting it after each of thousands of articles would
write gigabytes."""


@dataclass(frozen=True)
class Entry:
    """One published article, as the manifest keeps it."""

    slug: str
    key: str
    guid: str
    first_published: float
    """Seconds since the epoch: the feed's ``pubDate``, kept when the article is spoken again."""
    title: str
    byline: str
    language: str
    audio: str
    audio_bytes: int
    seconds: float
    chapters: tuple[Chapter, ...]
    transcript: str
    chapters_file: str
    page: str | None = None

    @classmethod
    def of(cls, published: Published, key: str, guid: str, first_published: float) -> Entry:
        return cls(
            slug=published.slug,
            key=key,
            guid=guid,
            first_published=first_published,
            title=published.title,
            byline=published.byline,
            language=published.language,
            audio=published.audio,
            audio_bytes=published.audio_bytes,
            seconds=published.seconds,
            chapters=published.chapters,
            transcript=published.transcript,
            chapters_file=published.chapters_file,
            page=published.page,
        )

    def files_present(self, folder: Path) -> bool:
        """Whether every file the entry names is still there, the audio at its recorded size."""
        audio = folder / self.audio
        named = [self.transcript, self.chapters_file, *([self.page] if self.page else [])]
        whole = audio.is_file() and audio.stat().st_size == self.audio_bytes
        return whole and all((folder / name).is_file() for name in named)


@dataclass
class Manifest:
    """Every article published into one folder, by address."""

    folder: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    _saved: float = field(default=0.0, init=False, repr=False)

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_FILE

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The folder's manifest; ``None`` when it has none. A damaged one is refused: it would re-speak everything."""
        path = folder / MANIFEST_FILE
        try:
            raw: dict[str, Any] = json.loads(path.read_bytes())
            if raw.get("version") != MANIFEST_VERSION:
                raise ValueError(f"version {raw.get('version')!r}")
            entries = {
                address: Entry(**{**fields, "chapters": tuple(Chapter(**chapter) for chapter in fields["chapters"])})
                for address, fields in raw["articles"].items()
            }
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise OutputError(
                f"{path}: not a manifest narrator can read ({error}); move it away to start again"
            ) from None
        return cls(folder, entries)

    def save_now_and_then(self) -> None:
        """Save, unless it was saved less than :data:`SAVE_SECONDS` ago."""
        if time.monotonic() - self._saved >= SAVE_SECONDS:
            self.save()

    def save(self) -> None:
        self._saved = time.monotonic()
        articles = {address: asdict(entry) for address, entry in self.entries.items()}
        text = json.dumps({"version": MANIFEST_VERSION, "articles": articles}, ensure_ascii=False, indent=1)
        write_atomically(self.path, text.encode() + b"\n")

    def unchanged(self, address: str, key: str) -> Entry | None:
        """The entry of ``address`` if it was published from the same key and its files are all there."""
        entry = self.entries.get(address)
        return entry if entry and entry.key == key and entry.files_present(self.folder) else None

    def guid(self, address: str) -> str:
        """The article's feed guid: the one it was first given, else a name-based UUID of its address."""
        entry = self.entries.get(address)
        return entry.guid if entry else str(uuid.uuid5(uuid.NAMESPACE_URL, address))


def article_key(text: ArticleText, voicing: Voicing) -> str:
    """A digest of everything an article's audio depends on: its text and format, how it is read and scripted
    (a lexicon by its content), the voice, the engine and the bitrate."""
    digest = hashlib.sha256()
    digest.update(f"{MANIFEST_VERSION}\0{text.format}\0".encode())
    digest.update(text.text.encode("utf-8", "surrogatepass"))
    settings = [asdict(voicing.read), asdict(voicing.script), asdict(voicing.voice), voicing.engine, voicing.bitrate]
    digest.update(json.dumps(settings, sort_keys=True, default=_plain).encode())
    lexicon = voicing.script.lexicon
    if lexicon is not None and lexicon.is_file():
        digest.update(lexicon.read_bytes())
    return digest.hexdigest()


def _plain(value: object) -> object:
    """Settings JSON cannot write as they are: sets in a stable order, paths as text."""
    return sorted(value) if isinstance(value, (set, frozenset)) else str(value)

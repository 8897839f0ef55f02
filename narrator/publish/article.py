"""One article published into ``DIR/<slug>/``: the MP3 with chapters, the WebVTT transcript, ``chapters.json`` and the
read-along page ``index.html``.

This is the task a worker runs, in this process, a local worker process or on
a Dask worker: it takes the article's text already loaded (so a fetched page
is fetched once, by the client) and writes its files into the shared ``DIR``.
The audio goes through :func:`narrator.pipeline.export_script`, the export's
one rendering path, so chapters, cues and the speech cache are an export's.
It never raises for a bad article: a :class:`Failed` result names it, so one
article does not stop the others (nor makes a cluster retry it).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from narrator.engines.base import VoiceSettings
from narrator.errors import NarratorError
from narrator.options import ReadOptions, ScriptOptions
from narrator.read import ArticleText

CHAPTERS_FILE = "chapters.json"
CHAPTERS_VERSION = "1.2.0"
"""The Podcasting 2.0 JSON chapters format's version written."""
PAGE_FILE = "index.html"
"""The article's read-along page."""


@dataclass(frozen=True)
class Voicing:
    """How every article of a run is read and spoken: what an article's key depends on besides its text."""

    read: ReadOptions
    script: ScriptOptions
    voice: VoiceSettings
    engine: str
    bitrate: int
    cache: bool = True


@dataclass(frozen=True)
class ArticleTask:
    """One article to speak: its text, and where its files go."""

    address: str
    """The article's file path or address, as the user's sources named it."""
    slug: str
    """Its folder's name inside the publishing folder."""
    folder: Path
    """The publishing folder (``DIR``), absolute: workers on other machines see it on shared storage."""
    text: ArticleText
    voicing: Voicing


@dataclass(frozen=True)
class Chapter:
    """A chapter as the MP3 has it."""

    start_seconds: float
    title: str


@dataclass(frozen=True)
class Published:
    """An article's files, written."""

    address: str
    slug: str
    title: str
    byline: str
    language: str
    audio: str
    """The MP3's path inside ``DIR`` (``slug/slug.mp3``); the transcript and chapters beside it."""
    audio_bytes: int
    seconds: float
    """How long the MP3 plays."""
    chapters: tuple[Chapter, ...]
    transcript: str
    chapters_file: str
    page: str | None
    """The read-along page's path inside ``DIR``, when one was written."""
    work_seconds: float
    """Wall time spent speaking it, for the throughput figures."""


@dataclass(frozen=True)
class Failed:
    """An article that could not be published, and why (one line)."""

    address: str
    slug: str
    reason: str


def publish_article(task: ArticleTask) -> Published | Failed:
    """Speak ``task``'s article into ``DIR/<slug>/``; a bad article is a :class:`Failed`, never an exception."""
    started = time.monotonic()
    try:
        return _publish(task, started)
    except NarratorError as error:
        return Failed(task.address, task.slug, str(error))
    except OSError as error:
        return Failed(task.address, task.slug, f"{task.address}: cannot write its files ({error})")
    except Exception as error:  # a bug, met on one article: the others are still published
        reason = f"{task.address}: internal error: {type(error).__name__}: {error} (please report it)"
        return Failed(task.address, task.slug, reason)


def _publish(task: ArticleTask, started: float) -> Published:
    from narrator.cache import Cache
    from narrator.options import ExportOptions
    from narrator.pipeline import export_script
    from narrator.read import read_article
    from narrator.script.build import ScriptBuilder
    from narrator.script.kept import KeptSections

    voicing = task.voicing
    cache = Cache() if voicing.cache else None
    document = read_article(task.text, voicing.read)
    script = ScriptBuilder(document, voicing.script, store=KeptSections(cache) if cache else None).script()
    folder = task.folder / task.slug
    folder.mkdir(parents=True, exist_ok=True)
    audio = folder / f"{task.slug}.mp3"
    options = ExportOptions(
        mp3=True,
        output=audio,
        force=True,
        subtitles="vtt",
        readalong=True,
        readalong_page=folder / PAGE_FILE,
        bitrate=voicing.bitrate,
        progress="none",
        jobs=1,
    )
    plan = export_script(task.address, script, voicing.voice, options, voicing.engine, cache=cache)
    assert plan.subtitles is not None, "publishing asks for a transcript"
    chapters, seconds = mp3_chapters(audio)
    write_atomically(folder / CHAPTERS_FILE, chapters_json(script.title, chapters))
    page = plan.readalong
    return Published(
        address=task.address,
        slug=task.slug,
        title=script.title,
        byline=script.byline,
        language=script.language,
        audio=f"{task.slug}/{audio.name}",
        audio_bytes=audio.stat().st_size,
        seconds=seconds,
        chapters=tuple(chapters),
        transcript=f"{task.slug}/{plan.subtitles.name}",
        chapters_file=f"{task.slug}/{CHAPTERS_FILE}",
        page=f"{task.slug}/{page.name}" if page else None,
        work_seconds=time.monotonic() - started,
    )


def mp3_chapters(path: Path) -> tuple[list[Chapter], float]:
    """The chapters (ID3 CHAP frames, in time order) and the playing time of the MP3 at ``path``, as players read
    them: ``chapters.json`` and the feed say what the file says."""
    from mutagen.mp3 import MP3

    audio = MP3(path)
    frames: list[Any] = audio.tags.getall("CHAP") if audio.tags is not None else []
    chapters = [
        Chapter(frame.start_time / 1000, str(frame.sub_frames["TIT2"].text[0]) if "TIT2" in frame.sub_frames else "")
        for frame in frames
    ]
    info: Any = audio.info
    return sorted(chapters, key=lambda chapter: chapter.start_seconds), float(info.length)


def chapters_json(title: str, chapters: list[Chapter]) -> bytes:
    """Podcasting 2.0 JSON chapters: ``{"version": "1.2.0", "chapters": [{"startTime", "title"}]}``."""
    document = {
        "version": CHAPTERS_VERSION,
        **({"title": title} if title else {}),
        "chapters": [{"startTime": chapter.start_seconds, "title": chapter.title} for chapter in chapters],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, renamed over it."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

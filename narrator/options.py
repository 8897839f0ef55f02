"""Typed options for each stage, filled by the CLI or by library callers.

Defaults here are the product's defaults; the CLI only translates flags into
these dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SourceFormat = Literal["auto", "markdown", "html", "text"]
Announce = Literal["full", "brief", "none"]
SubtitleFormat = Literal["vtt", "srt"]
ProgressMode = Literal["auto", "bar", "plain", "none"]


INCLUDABLE = ("captions", "references", "links")
"""Parts of a web page left out by default, by the name ``--include`` gives them."""


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source into a document."""

    format: SourceFormat = "auto"
    """``auto`` decides from the file extension, then by sniffing the content."""
    keep_trailing: bool = False
    """Keep title-like lines after the last section ("related articles") instead of dropping them."""
    include: frozenset[str] = frozenset()
    """Parts of a web page left out by default to bring back: ``captions``, ``references``, ``links``."""


@dataclass(frozen=True)
class ScriptOptions:
    """What is said besides the article's words, and how long the pauses are."""

    announce: Announce = "full"
    """``full``: "Section 2 of 6: heading"; ``brief``: a cue then the heading; ``none``: heading as text.

    ``full`` is the default because a listener cannot glance at the page: like a
    screen reader's "heading, level 2", it tells where a section starts, how far
    into the article it is and whether it is a subsection, for a second or two
    per section."""
    toc: bool = False
    """Speak a table of contents after the title."""
    read_code: bool = False
    """Read code blocks aloud instead of announcing and skipping them."""
    lexicon: Path | None = None
    """A pronunciation lexicon; ``None`` reads the user's default one if it exists."""
    pause_after_heading_ms: int = 500
    pause_between_paragraphs_ms: int = 400
    pause_between_sections_ms: int = 900
    earcons: bool = False
    """Play short tones at section and FAQ starts."""


@dataclass(frozen=True)
class ExportOptions:
    """Where and how to write audio files."""

    mp3: bool = False
    wav: bool = False
    m4b: bool = False
    """AAC in MP4 with chapters, as audiobook players prefer (through ffmpeg)."""
    opus: bool = False
    """Ogg Opus with chapters (through ffmpeg)."""
    cover: Path | None = None
    """A JPEG or PNG image players show as the cover (MP3, M4B and Opus)."""
    output: Path | None = None
    """The audio file; ``None`` is the input's name with the new extension."""
    force: bool = False
    """Overwrite existing outputs."""
    split_dir: Path | None = None
    """Write one numbered file per section, and a playlist, into this folder."""
    subtitles: SubtitleFormat | None = None
    readalong: bool = False
    """Also write the read-along page: the text, highlighted sentence by sentence as the audio plays."""
    readalong_page: Path | None = None
    """Where the read-along page goes; ``None`` is beside the audio, named like it, ending in ``.html``."""
    bitrate: int = 64
    """MP3 bitrate in kbit/s; 64 is clear for mono speech."""
    progress: ProgressMode = "auto"
    """``auto``: a redrawn line on a terminal, nothing when piped."""
    jobs: int | None = None
    """Processes that synthesize, the calling one included; ``None`` is one per core, 1 keeps it all in-process."""
    cache: bool = True


@dataclass(frozen=True)
class PlayOptions:
    """Where to start and what to show while playing live."""

    start_at: str | None = None
    """A section number or words of its heading."""
    resume: bool = False
    transcript: bool = False
    """Print each sentence as it is spoken."""
    sleep_seconds: float | None = None
    """Stop at the end of the sentence heard once this much was heard (the sleep timer)."""
    jobs: int | None = None
    cache: bool = True

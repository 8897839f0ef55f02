"""M4B (AAC in MP4, the audiobook format) and Opus output, encoded by ffmpeg, with chapters, tags and a cover.

The samples stream into an ffmpeg process as they pass, encoded into a
temporary file; on close a second ffmpeg run copies that audio (no second
encoding) into the output with the chapters and tags, which are known only
then, from an ffmetadata file. ffmpeg records the encoders' delay (AAC's
priming samples in an MP4 edit list, Opus's pre-skip), so chapters stay
exact. The cover goes into the M4B as its attached picture and into the Opus
file as a FLAC picture block (written with mutagen, as ffmpeg's Ogg muxer
takes no pictures).
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from narrator.audio import SAMPLE_WIDTH, PcmSource
from narrator.errors import OutputError
from narrator.script.model import ScriptItem
from narrator.sinks.base import Chapter, ChapterTimer, Clock
from narrator.sinks.cover import CoverImage
from narrator.sinks.id3 import Mp3Tags

FfmpegFormat = Literal["m4b", "opus"]
MISSING_FFMPEG = (
    "M4B and Opus export need ffmpeg, which was not found: install it (apt install ffmpeg, brew install ffmpeg, "
    "winget install ffmpeg) or export --mp3 or --wav."
)
_ENCODING = {
    "m4b": ["-c:a", "aac", "-b:a", "64k", "-f", "ipod"],
    "opus": ["-c:a", "libopus", "-b:a", "32k", "-application", "voip", "-f", "ogg"],
}
"""Mono speech: AAC at 64 kbit/s is as clear as the MP3; Opus is as clear at half that."""


def ffmpeg_command() -> str:
    """The ffmpeg on the path; a one-line error when there is none (checked before anything is spoken)."""
    found = shutil.which("ffmpeg")
    if found is None:
        raise OutputError(MISSING_FFMPEG)
    return found


class FfmpegWriter:
    """Writes the narration into ``file`` as M4B or Opus; chapters come from ``chapters`` when it closes."""

    def __init__(
        self,
        file: BinaryIO,
        audio_format: FfmpegFormat,
        tags: Mp3Tags,
        chapters: ChapterTimer,
    ) -> None:
        self._file = file
        self._format: FfmpegFormat = audio_format
        self._tags = tags
        self._chapters = chapters
        self._clock = Clock()
        self._ffmpeg = ffmpeg_command()
        self._folder = Path(tempfile.mkdtemp(prefix="narrator-ffmpeg-"))
        self._encoder: subprocess.Popen[bytes] | None = None
        self._log = (self._folder / "encoding.log").open("wb")
        self._started: list[subprocess.Popen[bytes]] = []
        self._clean_up = weakref.finalize(self, _clean_up, self._folder, self._log, self._started)
        """Run on close, and when an export that failed or was interrupted drops this writer unclosed."""

    @property
    def clock(self) -> Clock:
        return self._clock

    def write(self, item: ScriptItem, audio: PcmSource) -> None:
        self._clock.advance(audio)
        pcm = bytearray(SAMPLE_WIDTH * audio.frames)
        audio.read_into(memoryview(pcm))
        encoder = self._encoding()
        try:
            encoder.stdin.write(pcm)  # type: ignore[union-attr]
        except BrokenPipeError:  # ffmpeg stopped: its own message says why
            self._check(encoder.wait(), "encoding.log")
            raise

    def _encoding(self) -> subprocess.Popen[bytes]:
        if self._encoder is None:
            self._encoder = subprocess.Popen(
                [
                    *(self._ffmpeg, "-v", "error", "-nostdin", "-f", "s16le", "-ar", str(self._clock.sample_rate)),
                    *("-ac", "1", "-i", "pipe:0", *_ENCODING[self._format], str(self._folder / "audio")),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=self._log,
            )
            self._started.append(self._encoder)
        return self._encoder

    def close(self) -> None:
        try:
            encoder = self._encoding()  # an export without audio still writes a (silent, empty) file
            encoder.stdin.close()  # type: ignore[union-attr]
            status = encoder.wait()
            self._log.close()
            self._check(status, "encoding.log")
            metadata = self._folder / "metadata.txt"
            metadata.write_text(_ffmetadata(self._tags, self._chapters.chapters()), encoding="utf-8")
            output = self._folder / f"narration.{self._format}"
            command = [self._ffmpeg, "-v", "error", "-nostdin", "-i", str(self._folder / "audio"), "-i", str(metadata)]
            chapters = "1" if self._format == "m4b" else "-1"  # Opus chapters are written below
            maps = ["-map", "0:a", "-map_metadata", "1", "-map_chapters", chapters, "-c", "copy"]
            cover = self._tags.cover
            if cover is not None and self._format == "m4b":
                picture = self._folder / f"cover{cover.suffix}"
                picture.write_bytes(cover.data)
                command += ["-i", str(picture)]
                maps += ["-map", "2:v", "-disposition:v:0", "attached_pic"]
            with (self._folder / "muxing.log").open("wb") as log:
                muxed = subprocess.run([*command, *maps, "-f", _ENCODING[self._format][-1], str(output)], stderr=log)
            self._check(muxed.returncode, "muxing.log")
            if self._format == "opus":
                _add_opus_chapters_and_cover(output, self._chapters.chapters(), cover)
            with output.open("rb") as done:
                shutil.copyfileobj(done, self._file)
            self._file.flush()
        finally:
            self._clean_up()

    def _check(self, status: int, log: str) -> None:
        if status != 0:
            lines = (self._folder / log).read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise OutputError(f"ffmpeg could not write the {self._format} file: {lines[-1] if lines else status}")


def _clean_up(folder: Path, log: BinaryIO, started: list[subprocess.Popen[bytes]]) -> None:
    """Stop an encoder still running (an export that failed) and remove the intermediate files."""
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
    log.close()
    shutil.rmtree(folder, ignore_errors=True)


def _escaped(text: str) -> str:
    """A value for an ffmetadata file, where ``=``, ``;``, ``#``, ``\\`` and line ends are escaped."""
    for special in ("\\", "=", ";", "#", "\n"):
        text = text.replace(special, "\\" + special)
    return text


def _ffmetadata(tags: Mp3Tags, chapters: Sequence[Chapter]) -> str:
    lines = [";FFMETADATA1", f"title={_escaped(tags.title)}", f"album={_escaped(tags.album)}", "genre=Audiobook"]
    if tags.artist:
        lines.append(f"artist={_escaped(tags.artist)}")
    for chapter in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={chapter.start_ms}", f"END={chapter.end_ms}"]
        lines.append(f"title={_escaped(chapter.title)}")
    return "\n".join(lines) + "\n"


def _add_opus_chapters_and_cover(path: Path, chapters: Sequence[Chapter], cover: CoverImage | None) -> None:
    """Chapters as Vorbis comments (``CHAPTER001=00:01:02.345``, ``CHAPTER001NAME``), and ``cover`` as a FLAC
    picture block, which is what players read. ffmpeg 5.1 writes chapter times from 59.5 s on a second late
    (59.638 s as 00:01:00.638), so they are written here."""
    from mutagen.oggopus import OggOpus

    audio = OggOpus(path)
    for number, chapter in enumerate(chapters, start=1):
        audio[f"CHAPTER{number:03d}"] = [_clock_time(chapter.start_ms)]
        audio[f"CHAPTER{number:03d}NAME"] = [chapter.title]
    if cover is not None:
        from mutagen.flac import Picture

        picture = Picture()
        picture.type = 3  # front cover
        picture.mime = cover.mime
        picture.data = cover.data
        audio["METADATA_BLOCK_PICTURE"] = [base64.b64encode(picture.write()).decode("ascii")]
    audio.save()


def _clock_time(milliseconds: int) -> str:
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"

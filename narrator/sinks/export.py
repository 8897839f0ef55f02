"""Plan an export's files, then fan the narration's audio out to every sink in one pass.

Planning happens before any audio is made, so a refused output (it exists,
its folder is missing) costs nothing; writing goes through
:class:`~narrator.sinks.atomic.AtomicOutputs`, so the files appear together
at the end or not at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from narrator.audio import EncodedRun, PcmSource, Sound
from narrator.errors import OutputError
from narrator.export_runs import RenderedRun, Run
from narrator.options import ExportOptions, ProgressMode
from narrator.script.model import Script
from narrator.sinks.atomic import AtomicOutputs, check_target, refuse_input_as_output
from narrator.sinks.base import ChapterTimer, RunSink, Sink
from narrator.sinks.cover import read_cover
from narrator.sinks.id3 import Mp3Tags
from narrator.sinks.mp3 import Mp3Writer
from narrator.sinks.progress import Progress
from narrator.sinks.split import Part, SplitWriter, parts
from narrator.sinks.subtitles import SubtitleWriter
from narrator.sinks.wav import WavWriter

AUDIO_FORMATS = ("mp3", "wav", "m4b", "opus")
SPLIT_FORMATS = ("mp3", "wav")
"""The formats a split's parts can take: the first of these asked for."""


@dataclass(frozen=True)
class ExportPlan:
    """Every file an export will write."""

    audio: tuple[tuple[str, Path], ...]
    """``(format, path)`` of each whole-narration file, MP3 first."""
    subtitles: Path | None = None
    readalong: Path | None = None
    """The read-along page (:mod:`narrator.publish.readalong`)."""
    split_dir: Path | None = None
    parts: tuple[Part, ...] = ()
    playlist: Path | None = None

    @property
    def mp3(self) -> bool:
        """Whether an MP3 is written (whole, or split: the parts take the first format)."""
        return any(audio_format == "mp3" for audio_format, _ in self.audio)

    @property
    def samples_wanted(self) -> bool:
        """Whether a WAV, M4B or Opus file is written, which needs the samples, not only their MP3 and lengths."""
        return any(audio_format != "mp3" for audio_format, _ in self.audio)

    @property
    def files(self) -> list[Path]:
        """The outputs, in the order a user would want them listed."""
        split = [self.split_dir / part.file_name for part in self.parts] if self.split_dir else []
        extra = [path for path in (self.subtitles, self.readalong, self.playlist) if path]
        return [path for _, path in self.audio] + extra + split


def _formats(options: ExportOptions) -> list[str]:
    asked = (options.mp3, options.wav, options.m4b, options.opus)
    chosen = [name for name, wanted in zip(AUDIO_FORMATS, asked, strict=True) if wanted]
    if chosen:
        return chosen
    suffix = options.output.suffix.lower().lstrip(".") if options.output else ""
    return [suffix] if suffix in AUDIO_FORMATS else ["mp3"]


def address_stem(url: str) -> str:
    """A file name for the page at ``url``, in the current folder: its last path part, else its host."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    name = re.sub(r"[^\w.-]+", "-", last or parts.hostname or "article").strip("-.")
    return name[:100] or "article"


def _audio_paths(source: str, formats: list[str], output: Path | None) -> list[tuple[str, Path]]:
    if output is None:
        if source == "-":
            raise OutputError("Reading from standard input: name the output with -o FILE.")
        output = (Path(address_stem(source)) if "://" in source else Path(source)).with_suffix(f".{formats[0]}")
    if len(formats) == 1:
        suffix = output.suffix.lower().lstrip(".")
        if suffix in AUDIO_FORMATS and suffix != formats[0]:
            raise OutputError(f"Output {output} does not end in .{formats[0]}; name it {output.stem}.{formats[0]}.")
        return [(formats[0], output)]
    stem = output.with_suffix("") if output.suffix.lower().lstrip(".") in AUDIO_FORMATS else output
    return [(name, stem.with_name(f"{stem.name}.{name}")) for name in formats]


def plan_export(source: str, script: Script | None, options: ExportOptions) -> ExportPlan:
    """Decide every output path and refuse, before synthesis, any that must not be written.

    Without the ``script`` (before the article is read) every output but the
    parts of a split, which are named after its sections, is decided and checked.
    """
    formats = _formats(options)
    if {"m4b", "opus"} & set(formats):
        from narrator.sinks.ffmpeg_audio import ffmpeg_command

        ffmpeg_command()  # missing: one line now, before anything is spoken
    if options.cover is not None:
        read_cover(options.cover)  # a bad one is refused now, before anything is spoken
    audio = _audio_paths(source, formats, options.output)
    first = audio[0][1]
    split_dir = options.split_dir
    split_format = next((name for name in formats if name in SPLIT_FORMATS), None)
    if split_dir is not None and split_format is None:
        raise OutputError("--split writes MP3 or WAV parts: add --mp3 or --wav.")
    if split_dir is not None and not split_dir.is_dir() and not split_dir.parent.is_dir():
        raise OutputError(f"Output folder does not exist: {split_dir.parent}")
    if split_dir is not None and not split_dir.exists() and not os.access(split_dir.parent, os.W_OK | os.X_OK):
        raise OutputError(f"Cannot create output folder {split_dir}: Permission denied")
    plan = ExportPlan(
        audio=tuple(audio),
        subtitles=first.with_suffix(f".{options.subtitles}") if options.subtitles else None,
        readalong=(options.readalong_page or first.with_suffix(".html")) if options.readalong else None,
        split_dir=split_dir,
        parts=tuple(parts(script, split_format)) if split_dir and split_format and script else (),
        playlist=split_dir / f"{first.stem}.m3u" if split_dir else None,
    )
    for path in plan.files:
        if path.parent.is_dir():  # a split folder that does not exist yet is created later
            check_target(path, options.force)
            if source != "-":
                refuse_input_as_output(Path(source), path)
    if len(set(plan.files)) < len(plan.files):
        raise OutputError(f"Two outputs would share one name in {first.parent}; choose another name with -o.")
    return plan


def write_outputs(
    script: Script,
    runs: Iterable[tuple[Run, RenderedRun]],
    plan: ExportPlan,
    options: ExportOptions,
    progress: ProgressMode = "none",
    progress_stream: TextIO | None = None,
) -> None:
    """Stream the rendered runs, in order, into every planned file at once.

    Sinks that time the audio get each item's length, sinks that store
    samples (WAV) each item's samples, and MP3 files each run's encoded
    stream, joined as it comes.
    """
    with AtomicOutputs(options.force) as outputs:
        sinks = _open_sinks(script, plan, options, outputs)
        if progress in ("bar", "plain") and progress_stream is not None:
            sinks.timers.append(Progress(script, progress_stream, plain=progress == "plain"))
        for run, rendered in runs:
            items = script.items[run.start : run.stop]
            for item, sound in zip(items, rendered.sounds, strict=True):
                for timer in sinks.timers:
                    timer.write(item, sound)
            if rendered.samples is not None:
                for item, samples in zip(items, rendered.samples, strict=True):
                    for writer in sinks.writers:
                        writer.write(item, samples)
            if rendered.mp3 is not None:
                for target in sinks.joined:
                    target.append(run.group, rendered.mp3)
        for sink in [*sinks.timers, *sinks.writers]:
            sink.close()
        for target in sinks.joined:
            target.close()


@dataclass
class _Sinks:
    """An export's open outputs, by what they take."""

    timers: list[Sink[Sound]] = field(default_factory=list)
    """Chapters, subtitles, progress: each item's length."""
    writers: list[Sink[PcmSource]] = field(default_factory=list)
    """WAV files: each item's samples."""
    joined: list[RunSink] = field(default_factory=list)
    """MP3 files: each run's encoded stream."""


class _WholeMp3:
    """The whole-narration MP3 as a target of encoded runs, whatever their section."""

    def __init__(self, writer: Mp3Writer) -> None:
        self._writer = writer

    def append(self, group: int, run: EncodedRun) -> None:
        self._writer.append(run)

    def close(self) -> None:
        self._writer.close()


def _relative(path: Path, page: Path) -> str:
    """``path`` as the page at ``page`` reaches it: its name when beside it."""
    return Path(os.path.relpath(path.absolute(), page.absolute().parent)).as_posix()


def _open_sinks(script: Script, plan: ExportPlan, options: ExportOptions, outputs: AtomicOutputs) -> _Sinks:
    timer = ChapterTimer(script)
    sinks = _Sinks(timers=[timer])
    cover = read_cover(options.cover) if options.cover else None
    tags = Mp3Tags(title=script.title, album=script.title, artist=script.byline, cover=cover)
    for audio_format, path in plan.audio:
        file = outputs.open(path)
        if audio_format == "mp3":
            sinks.joined.append(_WholeMp3(Mp3Writer(file, tags, timer)))
        elif audio_format == "wav":
            sinks.writers.append(WavWriter(file))
        else:
            from narrator.sinks.ffmpeg_audio import FfmpegWriter

            sinks.writers.append(FfmpegWriter(file, audio_format, tags, timer))  # type: ignore[arg-type]
    if plan.subtitles and options.subtitles:
        sinks.timers.append(SubtitleWriter(outputs.open(plan.subtitles), options.subtitles, script.language))
    if plan.readalong:
        from narrator.publish.readalong import ReadalongWriter

        captions = plan.subtitles.name if plan.subtitles and options.subtitles == "vtt" else None
        audio = _relative(plan.audio[0][1], plan.readalong)
        sinks.timers.append(ReadalongWriter(outputs.open(plan.readalong), script, timer, audio, captions))
    if plan.split_dir and plan.playlist:
        split_dir = plan.split_dir
        outputs.folder(split_dir)
        playlist = outputs.open(plan.playlist)
        split_format = next(name for name, _ in plan.audio if name in SPLIT_FORMATS)

        opened: list[BinaryIO] = []

        def part_file(index: int) -> BinaryIO:
            """The part's file. A split writes one part at a time, so the one before is done: its file is closed
            now (it is committed with the rest), and 2,000 sections never hold 2,000 files open."""
            for done in opened:
                done.close()
            opened[:] = [outputs.open(split_dir / plan.parts[index].file_name)]
            return opened[0]

        def mp3_part(index: int) -> Mp3Writer:
            part = plan.parts[index]
            track = (index + 1, len(plan.parts))
            tags = Mp3Tags(title=part.title, album=script.title, artist=script.byline, track=track, cover=cover)
            return Mp3Writer(part_file(index), tags)

        if split_format == "wav":
            sinks.writers.append(SplitWriter(list(plan.parts), lambda index: WavWriter(part_file(index)), playlist))
        else:
            sinks.joined.append(SplitWriter(list(plan.parts), mp3_part, playlist))
    return sinks

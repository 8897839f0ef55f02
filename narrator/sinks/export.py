"""Plan an export's files, then fan the narration's audio out to every sink in one pass.

Planning happens before any audio is made, so a refused output (it exists,
its folder is missing) costs nothing; writing goes through
:class:`~narrator.sinks.atomic.AtomicOutputs`, so the files appear together
at the end or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from narrator.errors import OutputError
from narrator.options import ExportOptions, ProgressMode
from narrator.script.model import Script
from narrator.sinks.atomic import AtomicOutputs, check_target, refuse_input_as_output
from narrator.sinks.base import ChapterTimer, RunSink, Sink, StoredPcm, TimedSink
from narrator.sinks.cover import read_cover
from narrator.sinks.id3 import Mp3Tags
from narrator.sinks.mp3 import EncodedRun, Mp3Writer
from narrator.sinks.progress import Progress
from narrator.sinks.split import Part, SplitWriter, parts
from narrator.sinks.subtitles import SubtitleWriter
from narrator.sinks.wav import WavWriter

if TYPE_CHECKING:
    from narrator.render import RenderedRun, Run

AUDIO_FORMATS = ("mp3", "wav", "m4b", "opus")
SPLIT_FORMATS = ("mp3", "wav")
"""The formats a split's parts can take: the first of these asked for."""


@dataclass(frozen=True)
class ExportPlan:
    """Every file an export will write."""

    audio: tuple[tuple[str, Path], ...]
    """``(format, path)`` of each whole-narration file, MP3 first."""
    subtitles: Path | None = None
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
        extra = [path for path in (self.subtitles, self.playlist) if path]
        return [path for _, path in self.audio] + extra + split


def _formats(options: ExportOptions) -> list[str]:
    asked = (options.mp3, options.wav, options.m4b, options.opus)
    chosen = [name for name, wanted in zip(AUDIO_FORMATS, asked, strict=True) if wanted]
    if chosen:
        return chosen
    suffix = options.output.suffix.lower().lstrip(".") if options.output else ""
    return [suffix] if suffix in AUDIO_FORMATS else ["mp3"]


def _audio_paths(source: str, formats: list[str], output: Path | None) -> list[tuple[str, Path]]:
    if output is None:
        if source == "-":
            raise OutputError("Reading from standard input: name the output with -o FILE.")
        output = Path(source).with_suffix(f".{formats[0]}")
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

    Sinks that time or store samples get each item's audio; MP3 files get
    each run's encoded stream, joined as it comes. Cached samples handed
    over in their files are closed once their run is written.
    """
    with AtomicOutputs(options.force) as outputs:
        sinks, joined = _open_sinks(script, plan, options, outputs)
        if progress in ("bar", "plain") and progress_stream is not None:
            sinks.append(Progress(script, progress_stream, plain=progress == "plain"))
        for run, rendered in runs:
            try:
                for item, sound in zip(script.items[run.start : run.stop], rendered.sounds, strict=True):
                    for sink in sinks:
                        sink.write(item, sound)
            finally:
                for sound in rendered.sounds:
                    if isinstance(sound, StoredPcm):  # its file is open until now
                        sound.close()
            if rendered.mp3 is not None:
                for target in joined:
                    target.append(run.group, rendered.mp3)
        for sink in sinks:
            sink.close()
        for target in joined:
            target.close()


class _WholeMp3:
    """The whole-narration MP3 as a target of encoded runs, whatever their section."""

    def __init__(self, writer: Mp3Writer) -> None:
        self._writer = writer

    def append(self, group: int, run: EncodedRun) -> None:
        self._writer.append(run)

    def close(self) -> None:
        self._writer.close()


def _open_sinks(
    script: Script, plan: ExportPlan, options: ExportOptions, outputs: AtomicOutputs
) -> tuple[list[Sink], list[RunSink]]:
    """The sinks fed item by item, and the MP3 files fed encoded runs."""
    timer = ChapterTimer(script)
    sinks: list[Sink] = [timer]
    joined: list[RunSink] = []
    cover = read_cover(options.cover) if options.cover else None
    tags = Mp3Tags(title=script.title, album=script.title, artist=script.byline, cover=cover)
    for audio_format, path in plan.audio:
        file = outputs.open(path)
        if audio_format == "mp3":
            joined.append(_WholeMp3(Mp3Writer(file, tags, options.bitrate, timer)))
        elif audio_format == "wav":
            sinks.append(WavWriter(file))
        else:
            from narrator.sinks.ffmpeg_audio import FfmpegWriter

            sinks.append(FfmpegWriter(file, audio_format, tags, timer))  # type: ignore[arg-type]
    if plan.subtitles and options.subtitles:
        sinks.append(SubtitleWriter(outputs.open(plan.subtitles), options.subtitles, script.language))
    if plan.split_dir and plan.playlist:
        split_dir = plan.split_dir
        outputs.folder(split_dir)
        audio_format = next(name for name, _ in plan.audio if name in SPLIT_FORMATS)

        def open_part(index: int) -> TimedSink:
            part = plan.parts[index]
            file = outputs.open(split_dir / part.file_name)
            if audio_format == "wav":
                return WavWriter(file)
            part_tags = Mp3Tags(
                title=part.title,
                album=script.title,
                artist=script.byline,
                track=(index + 1, len(plan.parts)),
                cover=cover,
            )
            return Mp3Writer(file, part_tags, options.bitrate)

        split = SplitWriter(list(plan.parts), open_part, outputs.open(plan.playlist))
        if audio_format == "wav":
            sinks.append(split)
        else:
            joined.append(split)
    return sinks, joined

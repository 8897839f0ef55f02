"""Export rendering: the script in runs of items, each spoken and encoded whole, mostly in worker processes.

An export needs every item, in order, as fast as possible, so its unit of
work is a run: consecutive items of one section, at most about
:data:`RUN_WORDS` words, ending at a pause. A worker renders a run's items
(:func:`~narrator.synthesize.render_item`, which caches what it speaks) and,
for an MP3, encodes the run as an independent LAME stream; the calling process only joins what comes back and
writes files. An MP3 export caches each run encoded (keyed by its items'
keys and the encoding), a sixth of the size of its samples, so a re-export
after an edit speaks and encodes only the runs that changed; a WAV export
caches each item's samples.

Joined streams add their encoder delay and padding (up to ~50 ms) at every
join. A run followed by another is therefore fitted: its closing pause is
shortened by what the encoding adds, and every sink (chapters, cues, a WAV
written alongside) is given the run's length as a decoder plays it, so
chapters stay exact and WAV and MP3 have the same length.
"""

from __future__ import annotations

import hashlib
import json
import struct
from array import array
from collections.abc import Generator
from dataclasses import asdict, dataclass

from narrator.audio import AudioChunk, EncodedRun, PcmSource, Sound, Span, StoredPcm
from narrator.cache import Cache
from narrator.engines.base import Engine
from narrator.script.model import ItemKind, Script, ScriptItem
from narrator.sinks.mp3 import QUALITY, RunEncoder, joinable_length
from narrator.synthesize import Speech, Synthesizer, is_cached, pack_words, render_item, unpack_words

RUN_WORDS = 200
"""Most words per run: a third of a second to speak and encode, a minute of audio."""
CHARACTERS_PER_WORD = 6
"""Text without spaces (a hash, base64, a 3 MB line) counts a word per this many characters."""
PAUSELESS_RUNS = 4
"""A run ends after this many times its words even where the script has no pause (one endless paragraph), so
a run's audio, which is held in memory, stays a few minutes long."""
MIN_RUN_WORDS = 50
RUNS_PER_JOB = 4
"""A short article is cut into at least this many runs per job (of at least :data:`MIN_RUN_WORDS` words),
so every process gets a share and none waits long for the last."""
RUNS_AHEAD_PER_JOB = 2
"""Runs rendered ahead per job at most: every core busy, a minute or two of audio in memory."""
WORKERS_READY_SECONDS = 0.05
"""How long to wait for the workers before the first run: forked ones are ready in a few milliseconds,
and the first run then goes to this process and the second to a worker, instead of both to this one."""
MAX_OPEN_ENTRIES = 128
"""Cached items handed to the sinks in their open files at most at once (runs rendered ahead included); past
this they are read into memory, so no export runs out of file descriptors (macOS allows 256)."""
RUN_KIND = "mp3run"
"""The cache kind of an encoded run: :data:`RUN_HEADER`, each item's length in samples and number of word marks,
the word marks (:func:`~narrator.synthesize.pack_words`), then the MP3 frames."""
RUN_HEADER = struct.Struct("<IIII")
"""Frames, samples encoded, sample rate, item count."""


@dataclass(frozen=True)
class Run:
    """Items ``start`` to ``stop`` (excluded) of the script: a piece of one section, or all of it."""

    group: int
    """The section the run belongs to (the opening counts as the first's): its file in a split export."""
    start: int
    stop: int


def plan_runs(script: Script, words: int = RUN_WORDS) -> list[Run]:
    """Cut the script into runs of about ``words`` words, each ending at a pause or its section's end."""
    runs: list[Run] = []
    start, count = 0, 0
    items = script.items
    for index, item in enumerate(items):
        group = item.section or 0
        if index > start and group != (items[start].section or 0):
            runs.append(Run(items[start].section or 0, start, index))
            start, count = index, 0
        if item.spoken:
            count += max(len(item.text.split()), len(item.text) // CHARACTERS_PER_WORD)
        if (item.kind is ItemKind.PAUSE and count >= words) or count >= words * PAUSELESS_RUNS:
            runs.append(Run(group, start, index + 1))
            start, count = index + 1, 0
    if start < len(items):
        runs.append(Run(items[start].section or 0, start, len(items)))
    return runs


def runs_for(script: Script, jobs: int) -> list[Run]:
    """The runs of an export by ``jobs`` processes: shorter than :data:`RUN_WORDS` when the article is short."""
    words = script.spoken_words() // (RUNS_PER_JOB * jobs)
    return plan_runs(script, max(MIN_RUN_WORDS, min(RUN_WORDS, words)))


@dataclass(frozen=True)
class RunTask:
    """Everything needed to render one run (sent to a worker, so it is small)."""

    items: tuple[ScriptItem, ...]
    speech: Speech
    bitrate_kbps: int | None
    """Encode the run as MP3 at this bitrate; ``None`` for no MP3."""
    samples_wanted: bool
    """The items' samples are wanted (a WAV is written), not only their lengths."""
    followed: bool
    """Another run follows this one in its MP3, so its closing pause is fitted to the join."""
    cache: Cache | None
    in_files: bool = False
    """Cached samples may be handed over in their open files (never from a worker: a file cannot be sent)."""


@dataclass(frozen=True)
class RenderedRun:
    """A run's audio: each item's length as heard, its samples when a WAV is written, and its MP3."""

    sounds: tuple[Sound, ...]
    samples: tuple[PcmSource, ...] | None
    mp3: EncodedRun | None

    def close(self) -> None:
        """Close the cache files that samples were handed over in."""
        for sound in self.samples or ():
            if isinstance(sound, StoredPcm):
                sound.close()


def render_run(engine: Engine, task: RunTask, here: bool) -> RenderedRun:
    """Render (or fetch from the cache) and encode one run."""
    rate = engine.sample_rate
    if not task.bitrate_kbps:
        in_file = here and task.in_files and task.samples_wanted
        samples = tuple(render_item(engine, item, task.speech, task.cache, in_file=in_file) for item in task.items)
        return RenderedRun(samples, samples, None)
    digest = _run_digest(task, rate) if task.cache else None
    cached = _cached_run(task.cache, digest) if task.cache and digest else None
    if cached is not None and not task.samples_wanted:
        run, spans = cached
        return RenderedRun(tuple(spans), None, run)
    # An MP3's runs are cached encoded, at a sixth of the size: its items' samples are kept only for a WAV.
    audio = [render_item(engine, item, task.speech, task.cache, keep=task.samples_wanted) for item in task.items]
    if cached is None:
        run, lengths = _encoded(audio, task, rate)
        spans = [Span(frames, rate, chunk.words) for frames, chunk in zip(lengths, audio, strict=True)]
        if task.cache is not None and digest is not None:
            _keep_run(task.cache, digest, run, spans)
    else:
        run, spans = cached
    audio[-1] = audio[-1].fitted(spans[-1].frames)
    if task.samples_wanted:
        return RenderedRun(tuple(audio), tuple(audio), run)
    return RenderedRun(tuple(spans), None, run)


def _encoded(audio: list[AudioChunk], task: RunTask, rate: int) -> tuple[EncodedRun, list[int]]:
    """The run encoded, and each item's length as a decoder plays it (the last one fitted to the join)."""
    assert task.bitrate_kbps
    encoder = RunEncoder(rate, task.bitrate_kbps)
    for chunk in audio[:-1]:
        encoder.encode(chunk.pcm)
    if task.followed:
        audio[-1] = audio[-1].fitted(_fitted_length(task.items[-1], encoder.samples, audio[-1].frames, rate))
    encoder.encode(audio[-1].pcm)
    run = encoder.finish()
    lengths = [chunk.frames for chunk in audio]
    if task.followed:  # as a decoder plays it: the join adds the run's padding and the next one's delay
        lengths[-1] += run.span - run.samples
    return run, lengths


def _fitted_length(closing: ScriptItem, before: int, length: int, rate: int) -> int:
    """How much of a run's closing item to encode so that, joined to the next run, the run lasts as it should.

    The join adds LAME's delay and the padding to whole frames; a closing
    pause gives up that much (never more than its own length). Speech is
    never cut: a run that ends in words lasts a little longer.
    """
    if closing.kind is not ItemKind.PAUSE:
        return length
    return joinable_length(before + length, before, rate) - before


def _all_cached(task: RunTask, rate: int) -> bool:
    """Whether the cache holds everything the run needs: then it is read here rather than piped from a worker."""
    if task.cache is None:
        return False
    if task.bitrate_kbps and not task.cache.has(RUN_KIND, _run_digest(task, rate)):
        return False
    if task.bitrate_kbps and not task.samples_wanted:
        return True
    return all(is_cached(task.cache, item, task.speech) for item in task.items)


def _run_digest(task: RunTask, rate: int) -> str:
    """The cache name of a run's encoding: its items' keys, the encoding, and whether it is fitted."""
    parts: list[object] = [task.speech.engine, asdict(task.speech.settings), task.bitrate_kbps, QUALITY, rate]
    parts.append(task.followed)
    for item in task.items:
        parts.append(task.speech.key(item) if item.spoken else [item.kind.value, item.pause_ms, item.earcon])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _keep_run(cache: Cache, digest: str, run: EncodedRun, spans: list[Span]) -> None:
    header = RUN_HEADER.pack(run.frames, run.samples, run.sample_rate, len(spans))
    counts = array("I", [number for span in spans for number in (span.frames, len(span.words))]).tobytes()
    words = b"".join(pack_words(span.words) for span in spans)
    cache.write(RUN_KIND, digest, header, counts, words, run.data)


def _cached_run(cache: Cache, digest: str) -> tuple[EncodedRun, list[Span]] | None:
    """A run's encoding and each item's length and word marks; ``None`` if missing or damaged."""
    data = cache.read(RUN_KIND, digest)
    if data is None or len(data) < RUN_HEADER.size:
        return None
    frames, samples, rate, count = RUN_HEADER.unpack_from(data)
    counts = array("I")
    counts.frombytes(data[RUN_HEADER.size : RUN_HEADER.size + 8 * count])
    if len(counts) != 2 * count:
        return None
    spans = []
    at = RUN_HEADER.size + 8 * count
    for length, marks in zip(counts[::2], counts[1::2], strict=True):
        spans.append(Span(length, rate, unpack_words(data[at : at + 8 * marks])))
        at += 8 * marks
    return EncodedRun(data[at:], frames, samples, rate), spans


def rendered_runs(
    synthesizer: Synthesizer,
    script: Script,
    bitrate_kbps: int | None,
    samples_wanted: bool,
    cache: Cache | None,
) -> Generator[tuple[Run, RenderedRun], None, None]:
    """Every run of ``script``, rendered, in order: by the workers, and here while the next is not back.

    Each run's cache files are closed once the caller asks for the next run (or stops).
    """
    runs = runs_for(script, synthesizer.jobs)
    if len(runs) > 1 and synthesizer.workers_pay_off(script.spoken_words()):
        synthesizer.start_workers(wait=WORKERS_READY_SECONDS)
    speech = synthesizer.speech(script.language)
    most_items = max((sum(item.spoken for item in script.items[run.start : run.stop]) for run in runs), default=0)
    in_files = (RUNS_AHEAD_PER_JOB * synthesizer.jobs + 1) * most_items <= MAX_OPEN_ENTRIES
    tasks = [
        RunTask(
            script.items[run.start : run.stop],
            speech,
            bitrate_kbps,
            samples_wanted,
            followed=index < len(runs) - 1,
            cache=cache,
            in_files=in_files,
        )
        for index, run in enumerate(runs)
    ]
    rendered = synthesizer.ordered(
        tasks,
        render_run,
        worth_a_worker=lambda index: not _all_cached(tasks[index], synthesizer.sample_rate),
        ahead_per_job=RUNS_AHEAD_PER_JOB,
    )
    try:
        for run, audio in zip(runs, rendered, strict=True):
            try:
                yield run, audio
            finally:
                audio.close()
    finally:
        rendered.close()

"""Export rendering: the script in runs of items, each spoken and encoded whole in a worker process.

An export needs every item, in order, as fast as possible, so its unit of
work is a run: consecutive items of one section, at most about
:data:`RUN_WORDS` words, ending at a pause. A worker speaks a run's items, stores any it had
to speak in the segment cache itself, and, for an MP3, encodes the run as an
independent LAME stream; the calling process only joins what comes back and
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
from dataclasses import asdict, dataclass, replace

from narrator.cache import SegmentCache, SegmentKey
from narrator.engines.base import AudioChunk, Engine, VoiceSettings, WordMark
from narrator.schedule import Schedule
from narrator.script.model import ItemKind, Script, ScriptItem
from narrator.sinks.base import Sound, Span, StoredPcm
from narrator.sinks.mp3 import QUALITY, EncodedRun, RunEncoder, joinable_length
from narrator.synthesize import Synthesizer, earcon, worker_engine
from narrator.word_marks import estimated_words

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
RUN_MAGIC = b"NRUN"
"""A cached encoded run: this, :data:`RUN_HEADER`, each item's length in samples, then the MP3 frames."""
RUN_HEADER = struct.Struct("<IIII")
"""Frames, samples encoded, sample rate, item count."""
WORDS_MAGIC = b"NWRD"
"""A cached item's word marks (for subtitles): pairs of character offset and sample, as unsigned 32-bit numbers."""


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
    """Everything a worker needs to render one run (sent to it, so it is small)."""

    items: tuple[ScriptItem, ...]
    language: str
    """The script's language, for items without their own."""
    engine: str
    settings: VoiceSettings
    bitrate_kbps: int | None
    """Encode the run as MP3 at this bitrate; ``None`` for no MP3."""
    samples_wanted: bool
    """Send back the samples (a WAV is written), not only their lengths."""
    followed: bool
    """Another run follows this one in its MP3, so its closing pause is fitted to the join."""
    cache: SegmentCache | None
    words_wanted: bool = False
    """Send back where each item's words start (subtitles are written), cached or spoken."""


@dataclass(frozen=True)
class RenderedRun:
    """A run's audio: each item's samples (or only their length when no sink needs them), and its MP3."""

    sounds: tuple[Sound, ...]
    mp3: EncodedRun | None
    stored_bytes: int
    """What the renderer added to the cache, for the bound the calling process keeps."""


def render_run(engine: Engine, task: RunTask, *, in_files: bool = True) -> RenderedRun:
    """Speak (or fetch from the cache) and encode one run.

    With ``in_files``, cached samples that only a WAV needs are handed over in
    their files (:class:`~narrator.sinks.base.StoredPcm`), never read here; a
    worker passes ``False``: an open file cannot be sent back from it.
    """
    rate = engine.sample_rate
    # encoding and fitting read the samples; word marks go with samples in memory (the cache counts open files)
    in_files = in_files and task.samples_wanted and not task.bitrate_kbps and not task.words_wanted
    digest = _run_digest(task, rate) if task.bitrate_kbps and task.cache else None
    cached = _cached_run(task.cache, digest) if task.cache and digest else None
    words = _cached_words(task) if cached is not None else None
    if cached is not None and words is None:  # subtitles need the words' places, which only speaking gives now
        cached = None
    if cached is not None and words is not None and not task.samples_wanted:
        run, lengths = cached
        spans = (Span(frames, rate, marks) for frames, marks in zip(lengths, words, strict=True))
        return RenderedRun(tuple(spans), run, 0)
    encoder = RunEncoder(rate, task.bitrate_kbps) if task.bitrate_kbps and cached is None else None
    sounds: list[Sound] = []
    encoded: list[bytes] = []
    stored = 0
    for position, item in enumerate(task.items):
        audio, size = _item_audio(engine, task, item, in_files)
        stored += size
        if isinstance(audio, StoredPcm):
            sounds.append(audio)
            continue
        if encoder is not None:
            if position == len(task.items) - 1 and task.followed:
                audio = _fitted(audio, _fitted_length(task.items[-1], encoder.samples, audio.frames, rate))
            encoded.append(encoder.encode(audio.pcm))
        sounds.append(audio if task.samples_wanted else Span(audio.frames, rate, audio.words))
    if encoder is None:
        if cached is None:
            return RenderedRun(tuple(sounds), None, stored)
        run, lengths = cached
    else:
        encoded.append(encoder.flush())
        run = EncodedRun.of(b"".join(encoded), encoder.samples, rate)
        lengths = [sound.frames for sound in sounds]
        if task.followed:  # as a decoder plays it: the join adds the run's padding and the next one's delay
            lengths[-1] += run.span - run.samples
        if task.cache is not None and digest is not None:
            stored += task.cache.write(digest, RUN_MAGIC, *_run_entry(run, lengths))
    last = sounds[-1]
    sounds[-1] = _fitted(last, lengths[-1]) if isinstance(last, AudioChunk) else Span(lengths[-1], rate, last.words)
    return RenderedRun(tuple(sounds), run, stored)


def _cached(task: RunTask, rate: int) -> bool:
    """Whether the cache holds everything the run needs: then it is read here rather than piped from a worker."""
    if task.cache is None:
        return False
    if task.bitrate_kbps and not task.cache.has(_run_digest(task, rate)):
        return False
    if task.words_wanted and not all(task.cache.has(_words_digest(_key(task, item))) for item in _spoken(task)):
        return False
    if task.bitrate_kbps and not task.samples_wanted:
        return True
    return all(task.cache.has(_key(task, item).digest()) for item in _spoken(task))


def _render_in_worker(task: RunTask) -> RenderedRun:
    return render_run(worker_engine(), task, in_files=False)


def _item_audio(engine: Engine, task: RunTask, item: ScriptItem, in_files: bool) -> tuple[AudioChunk | StoredPcm, int]:
    """An item's audio (left in its file if cached and ``in_files``) and the bytes stored in the cache to get it."""
    rate = engine.sample_rate
    if item.kind is ItemKind.PAUSE:
        return AudioChunk.silence(item.pause_ms, rate), 0
    if item.kind is ItemKind.EARCON:
        return earcon(item.earcon, rate), 0
    key = _key(task, item)
    words = _stored_words(task.cache, key) if task.cache is not None and task.words_wanted else ()
    if task.cache is not None and words is not None:
        cached = task.cache.open(key) if in_files else task.cache.get(key)
        if cached is not None:
            return (replace(cached, words=words) if words else cached), 0
    audio = engine.synthesize(key.text, key.language, key.settings)
    if not task.words_wanted:
        audio = replace(audio, words=())  # nothing to send back from a worker
    elif not audio.words:  # an engine that does not say where words start
        audio = replace(audio, words=estimated_words(key.text, audio))
    stored = 0
    if task.cache is not None and task.words_wanted:
        stored += task.cache.write(_words_digest(key), WORDS_MAGIC, _packed_words(audio.words))
    if task.cache is None or not task.samples_wanted:  # an MP3's runs are cached encoded, at a sixth of the size
        return audio, stored
    return audio, stored + task.cache.store(key, audio)


def _key(task: RunTask, item: ScriptItem) -> SegmentKey:
    return SegmentKey.of(item, task.language, task.engine, task.settings)


def _spoken(task: RunTask) -> list[ScriptItem]:
    return [item for item in task.items if item.spoken]


def _words_digest(key: SegmentKey) -> str:
    """The cache name of an item's word marks: its audio's, told apart."""
    return hashlib.sha256(f"words:{key.digest()}".encode()).hexdigest()


def _packed_words(words: tuple[WordMark, ...]) -> bytes:
    return array("I", [number for mark in words for number in (mark.offset, mark.sample)]).tobytes()


def _stored_words(cache: SegmentCache, key: SegmentKey) -> tuple[WordMark, ...] | None:
    """The word marks kept for ``key``'s audio; ``None`` when there are none (that audio was cached without)."""
    data = cache.read(_words_digest(key), WORDS_MAGIC)
    if data is None or len(data) % 8:
        return None
    numbers = array("I")
    numbers.frombytes(data)
    return tuple(WordMark(offset, sample) for offset, sample in zip(numbers[::2], numbers[1::2], strict=True))


def _cached_words(task: RunTask) -> list[tuple[WordMark, ...]] | None:
    """Each item's cached word marks (none for pauses and earcons) when subtitles want them, else empty ones;
    ``None`` if one is missing."""
    if not task.words_wanted or task.cache is None:
        return [() for _ in task.items]
    found: list[tuple[WordMark, ...]] = []
    for item in task.items:
        words = _stored_words(task.cache, _key(task, item)) if item.spoken else ()
        if words is None:
            return None
        found.append(words)
    return found


def _fitted_length(closing: ScriptItem, before: int, length: int, rate: int) -> int:
    """How much of a run's closing item to encode so that, joined to the next run, the run lasts as it should.

    The join adds LAME's delay and the padding to whole frames; a closing
    pause gives up that much (never more than its own length). Speech is
    never cut: a run that ends in words lasts a little longer.
    """
    if closing.kind is not ItemKind.PAUSE:
        return length
    return joinable_length(before + length, before, rate) - before


def _fitted(audio: Sound, frames: int) -> AudioChunk:
    """``audio`` cut to ``frames`` samples or lengthened with silence."""
    assert isinstance(audio, AudioChunk)
    size = 2 * frames
    pcm = audio.pcm[:size] if len(audio.pcm) >= size else audio.pcm + bytes(size - len(audio.pcm))
    return AudioChunk(pcm, audio.sample_rate, audio.words)


def _run_digest(task: RunTask, rate: int) -> str:
    """The cache name of a run's encoding: its items' keys, the encoding, and whether it is fitted."""
    parts: list[object] = [task.engine, asdict(task.settings), task.bitrate_kbps, QUALITY, rate, task.followed]
    for item in task.items:
        if item.spoken:
            parts.append(["say", item.text, item.language or task.language])
        else:
            parts.append([item.kind.value, item.pause_ms, item.earcon])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _run_entry(run: EncodedRun, lengths: list[int]) -> tuple[bytes, bytes, bytes]:
    header = RUN_HEADER.pack(run.frames, run.samples, run.sample_rate, len(lengths))
    return header, array("I", lengths).tobytes(), run.data


def _cached_run(cache: SegmentCache, digest: str) -> tuple[EncodedRun, list[int]] | None:
    data = cache.read(digest, RUN_MAGIC)
    if data is None or len(data) < RUN_HEADER.size:
        return None
    frames, samples, rate, count = RUN_HEADER.unpack_from(data)
    lengths = array("I")
    lengths.frombytes(data[RUN_HEADER.size : RUN_HEADER.size + 4 * count])
    return EncodedRun(data[RUN_HEADER.size + 4 * count :], frames, samples, rate), lengths.tolist()


def rendered_runs(
    synthesizer: Synthesizer,
    script: Script,
    bitrate_kbps: int | None,
    samples_wanted: bool,
    cache: SegmentCache | None,
    words_wanted: bool = False,
) -> Generator[tuple[Run, RenderedRun], None, None]:
    """Every run of ``script``, rendered, in order: by the workers, and here while the next is not back."""
    runs = runs_for(script, synthesizer.jobs)
    if len(runs) > 1 and synthesizer.workers_pay_off(script.spoken_words()):
        synthesizer.start_workers(wait=WORKERS_READY_SECONDS)

    def task(index: int) -> RunTask:
        run = runs[index]
        return RunTask(
            script.items[run.start : run.stop],
            script.language,
            synthesizer.engine_name,
            synthesizer.settings,
            bitrate_kbps,
            samples_wanted,
            index < len(runs) - 1,
            cache,
            words_wanted,
        )

    schedule = Schedule(
        len(runs),
        RUNS_AHEAD_PER_JOB * synthesizer.jobs,
        synthesizer.jobs - 1,
        here=lambda each: render_run(synthesizer.engine, task(each)),
        to_workers=lambda each: synthesizer.call(_render_in_worker, task(each)),
        worth_a_worker=lambda each: not _cached(task(each), synthesizer.sample_rate),
    )
    try:
        for run in runs:
            rendered = schedule.next()
            if cache is not None:
                cache.record_written(rendered.stored_bytes)
            yield run, rendered
    finally:
        schedule.close()

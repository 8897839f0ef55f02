"""The synthesis stage: one function renders a script item, and a :class:`Synthesizer` is an engine and workers.

:func:`render_item` turns an item into audio the same way wherever it runs
(play, export, a worker process): a pause is silence, an earcon a short soft
tone, and words come from the cache or the engine (and then go into the
cache). A :class:`Synthesizer` holds this process's engine and ``jobs - 1``
worker processes, each with an engine of its own (eSpeak NG and the
platforms' speech libraries allow one per process), and renders any list of
tasks in order with :meth:`Synthesizer.ordered`: export's tasks are runs of
items (:mod:`narrator.export_runs`), play's are single items (:func:`stream`).

Tasks are shared out by a :class:`~narrator.schedule.Schedule`: each worker
holds one at a time, at most a bounded window ahead, so memory does not grow
with the article, and results come back in order; while the next one is
still with a worker, this process renders the next free one, so no core
idles. What a worker was given is never taken back, so a stream closed early
leaves nothing to cancel.

On Linux, when no other thread runs, workers are forked: a copy of this
process with the engine loaded, ready in milliseconds. Otherwise they come
from a fork server (``spawn`` where there is none), and a script that uses
this module must guard its entry point with ``if __name__ == "__main__":``,
as :mod:`multiprocessing` requires.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import math
import multiprocessing
import os
import signal
import struct
import sys
import threading
from array import array
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import lru_cache
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Literal, TypeVar, overload

from narrator.audio import SAMPLE_WIDTH, AudioChunk, StoredPcm, WordMark
from narrator.cache import Cache
from narrator.engines.base import DEFAULT_ENGINE, ENGINE_THREADS_VARIABLE, ENGINES, Engine, VoiceSettings, get_engine
from narrator.schedule import Schedule
from narrator.script.model import ItemKind, Script, ScriptItem
from narrator.signals import STOP_SIGNALS, TERMINATING_SIGNALS, die_with_parent, stop_signals_held
from narrator.word_marks import estimated_words

ITEMS_AHEAD_PER_JOB = 8
"""Items spoken ahead of the listener per job at most: enough to keep every core busy, few enough to stay small."""
POOL_MIN_WORDS = 2500
"""Below this many words left to speak (under a second for eSpeak NG), starting workers costs more than it saves."""
POOL_MIN_WORDS_FORKED = 500
"""The same when workers are forked, which takes milliseconds instead of a fresh interpreter's start."""

WORKER_START_SECONDS = 30.0
"""Longest wait for every worker to start; past it the pool is given up and synthesis stays in the caller."""

EARCON_MS = 150
EARCON_LOUDNESS = 0.2
"""Peak of an earcon as a share of full scale: soft, well below speech."""
EARCON_FADE_MS = 30
EARCON_HERTZ = {"section": 660.0, "faq": 880.0}
"""Each earcon's pitch, so a section start and a question sound different."""
DEFAULT_EARCON_HERTZ = 660.0

SPEECH_KIND = "pcm"
"""The cache kind of an item's speech: :data:`SPEECH_HEADER`, its word marks (:func:`pack_words`), its samples."""
SPEECH_HEADER = struct.Struct("<II")
"""Sample rate, number of word marks."""

Task = TypeVar("Task")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Speech:
    """How a script's items are spoken: everything but their text that decides how they sound."""

    engine: str
    """The engine's name, as registered."""
    settings: VoiceSettings
    language: str
    """The script's language, for items without their own."""
    voice: str = ""
    """The voice that speaks the script's language, with its version (a Piper model's checksum): cached speech
    is keyed by the voice itself, not only by what ``--voice`` said (which may be nothing)."""

    def language_of(self, item: ScriptItem) -> str:
        return item.language or self.language

    def settings_for(self, item: ScriptItem) -> VoiceSettings:
        """A chosen voice speaks the script's language; an item in another (a Russian quotation) is said by
        that language's own voice."""
        if item.language and item.language != self.language and self.settings.voice is not None:
            return replace(self.settings, voice=None)
        return self.settings

    def key(self, item: ScriptItem) -> str:
        """The cache digest of an item spoken this way: its exact text and language, the engine and voice."""
        fields = {"text": item.text, "language": self.language_of(item), "engine": self.engine, "speaker": self.voice}
        # vars() rather than asdict(), which copies deeply and took a tenth of a warm re-export: the fields are flat
        settings = vars(self.settings_for(item))
        return hashlib.sha256(json.dumps({**fields, **settings}, sort_keys=True).encode()).hexdigest()


@overload
def render_item(
    engine: Engine,
    item: ScriptItem,
    speech: Speech,
    cache: Cache | None,
    *,
    keep: bool = ...,
    in_file: Literal[False] = ...,
) -> AudioChunk: ...


@overload
def render_item(
    engine: Engine, item: ScriptItem, speech: Speech, cache: Cache | None, *, keep: bool = ..., in_file: bool
) -> AudioChunk | StoredPcm: ...


def render_item(
    engine: Engine, item: ScriptItem, speech: Speech, cache: Cache | None, *, keep: bool = True, in_file: bool = False
) -> AudioChunk | StoredPcm:
    """The audio of one item: silence, a tone, or speech from the cache or the engine.

    Speech the engine makes is stored in the cache when ``keep``; with
    ``in_file``, cached speech is handed over in its open file (the caller closes it).
    """
    rate = engine.sample_rate
    if item.kind is ItemKind.PAUSE:
        return AudioChunk.silence(item.pause_ms, rate)
    if item.kind is ItemKind.EARCON:
        return earcon(item.earcon, rate)
    key = speech.key(item)
    if cache is not None:
        cached = _open_speech(cache, key) if in_file else _read_speech(cache, key)
        if cached is not None:
            return cached
    audio = engine.synthesize(item.text, speech.language_of(item), speech.settings_for(item))
    if not audio.words:  # an engine that does not say where words start (subtitles are timed by them)
        audio = replace(audio, words=estimated_words(item.text, audio))
    if cache is not None and keep:
        cache.write(
            SPEECH_KIND,
            key,
            SPEECH_HEADER.pack(audio.sample_rate, len(audio.words)),
            pack_words(audio.words),
            audio.pcm,
        )
    return audio


def is_cached(cache: Cache | None, item: ScriptItem, speech: Speech) -> bool:
    """Whether rendering ``item`` needs no engine: it is silent, or its speech is cached."""
    return not item.spoken or (cache is not None and cache.has(SPEECH_KIND, speech.key(item)))


def pack_words(words: tuple[WordMark, ...]) -> bytes:
    """Word marks as unsigned 32-bit pairs of character offset and sample."""
    return array("I", [number for mark in words for number in (mark.offset, mark.sample)]).tobytes()


def unpack_words(data: bytes) -> tuple[WordMark, ...]:
    numbers = array("I")
    numbers.frombytes(data)
    return tuple(WordMark(offset, sample) for offset, sample in zip(numbers[::2], numbers[1::2], strict=True))


def _read_speech(cache: Cache, key: str) -> AudioChunk | None:
    data = cache.read(SPEECH_KIND, key)
    if data is None or len(data) < SPEECH_HEADER.size:
        return None
    rate, count = SPEECH_HEADER.unpack_from(data)
    start = SPEECH_HEADER.size + 8 * count
    if len(data) < start or (len(data) - start) % SAMPLE_WIDTH:
        return None
    return AudioChunk(data[start:], rate, unpack_words(data[SPEECH_HEADER.size : start]))


def _open_speech(cache: Cache, key: str) -> StoredPcm | None:
    """The entry open, its samples left in the file; ``None`` if missing or damaged."""
    file = cache.open(SPEECH_KIND, key)
    if file is None:
        return None
    try:
        base = file.tell()  # where the entry's bytes start, after the cache's own header
        header = file.read(SPEECH_HEADER.size)
        if len(header) == SPEECH_HEADER.size:
            rate, count = SPEECH_HEADER.unpack(header)
            start = base + SPEECH_HEADER.size + 8 * count
            words = file.read(8 * count)
            size = os.fstat(file.fileno()).st_size
            if rate and len(words) == 8 * count and size >= start and (size - start) % SAMPLE_WIDTH == 0:
                return StoredPcm(file, start, (size - start) // SAMPLE_WIDTH, rate, unpack_words(words))
    except OSError:
        pass
    file.close()
    return None


@lru_cache(maxsize=8)
def earcon(name: str, sample_rate: int) -> AudioChunk:
    """A short soft sine tone with gentle edges, pitched by the earcon's name."""
    hertz = EARCON_HERTZ.get(name, DEFAULT_EARCON_HERTZ)
    frames = sample_rate * EARCON_MS // 1000
    fade = sample_rate * EARCON_FADE_MS // 1000
    peak = EARCON_LOUDNESS * 32767
    samples = array(
        "h",
        (
            round(peak * min(1.0, i / fade, (frames - 1 - i) / fade) * math.sin(2 * math.pi * hertz * i / sample_rate))
            for i in range(frames)
        ),
    )
    return AudioChunk(samples.tobytes(), sample_rate)


Work = Callable[[Engine, Task, bool], Result]
"""Renders one task with an engine; the flag says whether it runs in the calling process (not in a worker).
A module-level function, so it can be sent to a worker."""


class Synthesizer:
    """An engine here and worker processes with engines of their own; kept between streams, so seeking is cheap.

    Use it as a context manager, or call :meth:`close`, so no worker outlives it.
    """

    def __init__(
        self, engine: str = DEFAULT_ENGINE, settings: VoiceSettings | None = None, jobs: int | None = None
    ) -> None:
        """``jobs`` processes speak, this one included: ``None`` is one per core, 1 keeps everything here."""
        self.engine_name = engine
        self.settings = settings or VoiceSettings()
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.engine: Engine = get_engine(engine)
        """This process's engine."""
        if self.settings.voice:
            self.engine.voice_for(self.settings.voice, "")  # an unknown voice fails before any work
        self.sample_rate = self.engine.sample_rate
        self._pool: _WorkerPool | None = None

    def __enter__(self) -> Synthesizer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Kill the workers and release the engine: nothing a closed synthesizer's workers do is wanted."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        self.engine.close()

    def speech(self, language: str, settings: VoiceSettings | None = None) -> Speech:
        """How to speak a script in ``language``, with ``settings`` or the synthesizer's own; an unknown voice fails."""
        chosen = settings or self.settings
        voice = self.engine.voice_for(chosen.voice, language)
        return Speech(self.engine_name, chosen, language, f"{voice.engine}:{voice.id}:{voice.version}")

    def voice_line(self, language: str) -> str:
        """ "Voice: en_US-joe-medium (piper)": who reads an article in ``language``, said once when it is chosen."""
        voice = self.engine.voice_for(self.settings.voice, language)
        return f"Voice: {voice.id} ({voice.engine or self.engine_name})"

    def say(self, text: str, language: str, settings: VoiceSettings | None = None) -> AudioChunk:
        """Words that are not in the script (a player's "where am I"), spoken at once in this process."""
        return self.engine.synthesize(text, language, self.speech(language, settings).settings)

    def workers_pay_off(self, words: int) -> bool:
        """Whether speaking ``words`` words in worker processes saves more time than starting them costs."""
        threshold = POOL_MIN_WORDS_FORKED if _forking_is_safe() else POOL_MIN_WORDS
        return self.jobs > 1 and words >= threshold

    def start_workers(self, wait: float = 0.0) -> bool:
        """Start the worker processes now (they otherwise start with the first long stream).

        Waits up to ``wait`` seconds for them; returns whether they are ready.
        There are ``jobs - 1`` of them; with ``jobs=1`` there are none, and this returns ``False``.
        """
        if self._pool is None and self.jobs > 1:
            self._pool = _WorkerPool(self.engine_name, ENGINES[self.engine_name], self.jobs - 1)
        return self._pool is not None and self._pool.wait(wait)

    def ordered(
        self,
        tasks: Sequence[Task],
        work: Work[Task, Result],
        worth_a_worker: Callable[[int], bool],
        ahead_per_job: int,
    ) -> Generator[Result, None, None]:
        """``work`` done on every task, handed back in order: by the workers, and here while the next is not back.

        Tasks ``worth_a_worker`` says no to (cached, silent) are done here. Stopping early (``break``, or closing
        the generator) gives the workers nothing more; what they are still doing is dropped.
        """

        def to_workers(index: int) -> Future[Result] | None:
            pool = self._pool
            if pool is None or not pool.ready():
                return None
            return pool.call(_in_worker, (work, tasks[index]))

        schedule = Schedule(
            len(tasks),
            ahead_per_job * self.jobs,
            self.jobs - 1,
            here=lambda index: work(self.engine, tasks[index], True),
            to_workers=to_workers,
            worth_a_worker=worth_a_worker,
        )
        try:
            for _ in tasks:
                yield schedule.next()
        finally:
            schedule.close()


@dataclass(frozen=True)
class ItemTask:
    """One item to render (sent to a worker, so it is small)."""

    item: ScriptItem
    speech: Speech
    cache: Cache | None


def _render_item_task(engine: Engine, task: ItemTask, here: bool) -> AudioChunk:
    return render_item(engine, task.item, task.speech, task.cache)


def stream(
    synthesizer: Synthesizer,
    script: Script,
    start: int = 0,
    settings: VoiceSettings | None = None,
    cache: Cache | None = None,
) -> Generator[AudioChunk, None, None]:
    """The audio of ``script``'s items from index ``start`` on, in order: a player's stream, runs of one item.

    The first item is rendered here before any worker starts, so the first
    audio never waits for processes; workers start then if what is left is
    long enough to make them pay off. ``settings`` replaces the synthesizer's
    own for this stream (a player's "faster" key).
    """
    speech = synthesizer.speech(script.language, settings)
    tasks = [ItemTask(item, speech, cache) for item in script.items[start:]]
    rendered = synthesizer.ordered(
        tasks,
        _render_item_task,
        worth_a_worker=lambda index: index > 0 and not is_cached(cache, tasks[index].item, speech),
        ahead_per_job=ITEMS_AHEAD_PER_JOB,
    )
    with contextlib.closing(rendered):
        for index, audio in enumerate(rendered):
            yield audio
            if index == 0 and synthesizer.workers_pay_off(_words(script.items[start + 1 :], POOL_MIN_WORDS)):
                synthesizer.start_workers()


def _words(items: Sequence[ScriptItem], enough: int) -> int:
    """The words of the spoken ``items``, counted up to ``enough``."""
    words = 0
    for item in items:
        if item.spoken:
            words += len(item.text.split())
            if words >= enough:
                break
    return words


def _forking_is_safe() -> bool:
    """On Linux with no other thread running, a forked copy of this process cannot inherit a held lock."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


# Workers ------------------------------------------------------------------------


class _WorkerPool:
    """Worker processes with an engine each, started so that nobody waits for them.

    On Linux, when this process runs no other thread, workers are forked: a
    copy of this process, engine already loaded, ready in milliseconds.
    Otherwise (a player's threads, macOS, Windows) forking could copy a lock
    some thread holds, so a fork server (or ``spawn``) starts them on a
    background thread instead.
    """

    def __init__(self, engine_name: str, engine_target: str, workers: int) -> None:
        self.broken = False
        self._ready = threading.Event()
        self._executor: ProcessPoolExecutor | None = None
        self._starter: threading.Thread | None = None
        arguments = (engine_name, engine_target, workers)
        if _forking_is_safe():
            sys.stdout.flush()  # or the workers would write out a copy of what is still buffered
            sys.stderr.flush()
            gc.freeze()  # the workers' collector leaves inherited objects alone, so their pages stay shared
            # Ctrl-C or SIGTERM is held while forking (see _start), so it never finds the executor half made (a
            # worker it does not know of, which its exit would wait for); the workers are born with it held too.
            try:
                self._start("fork", *arguments)
            finally:
                gc.unfreeze()
        else:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self._starter = threading.Thread(
                target=self._start, args=(method, *arguments), name="narrator-workers", daemon=True
            )
            self._starter.start()

    def _start(self, method: str, engine_name: str, engine_target: str, workers: int) -> None:
        context = multiprocessing.get_context(method)
        if method == "forkserver":  # workers fork from a server that has the engine's code imported already
            context.set_forkserver_preload([engine_target.partition(":")[0]])
        # Workers may start on demand, one per task that finds none idle; a barrier in their start-up keeps
        # the first from finishing a ping before the last is asked for, so all of them start now. (Making it
        # starts multiprocessing's resource tracker, which unblocks Ctrl-C and SIGTERM when it is done.)
        everyone = context.Barrier(workers, timeout=WORKER_START_SECONDS)
        arguments = (engine_name, engine_target, everyone, os.getpid())
        # Ctrl-C and SIGTERM are held while the processes start (a fork server or spawned worker starts with
        # this thread's mask): one sent to the whole process group would otherwise stop a fork server while it
        # imports the engine, printing a traceback. Workers unblock them once started (_start_worker).
        with stop_signals_held():
            self._start_executor(context, workers, arguments)

    def _start_executor(
        self, context: BaseContext, workers: int, arguments: tuple[str, str, threading.Barrier, int]
    ) -> None:
        try:
            self._executor = ProcessPoolExecutor(
                workers, mp_context=context, initializer=_start_worker, initargs=arguments
            )
            pings = [self._executor.submit(_ping) for _ in range(workers)]
        except (BrokenProcessPool, OSError, EOFError):  # no worker can start (EOFError: the fork server was
            # stopped, by a Ctrl-C to the whole process group): everything stays in the calling process
            self.broken = True
            self._ready.set()
        else:  # ready once a ping is back, which the barrier holds until every worker has started
            pings[0].add_done_callback(self._settle)

    def _settle(self, ping: Future[None]) -> None:
        if ping.exception() is not None:  # a worker could not start: everything stays in the calling process
            self.broken = True
        self._ready.set()

    def ready(self) -> bool:
        return self._ready.is_set() and not self.broken

    def wait(self, seconds: float) -> bool:
        """Whether the workers are ready within ``seconds``."""
        self._ready.wait(seconds)
        return self.ready()

    def call(self, function: Callable[[Task], Result], task: Task) -> Future[Result] | None:
        """Queue ``function(task)``, or ``None`` when the pool has broken down."""
        assert self._executor is not None  # ready() said so
        try:
            return self._executor.submit(function, task)
        except (BrokenProcessPool, RuntimeError):
            self.broken = True
            return None

    def close(self) -> None:
        """Kill the workers: the executor's manager thread sees them gone, and the shutdown returns at once.

        Waiting for them instead would wait for whatever they are speaking, for nobody.
        """
        if self._starter is not None:
            self._starter.join()
        if self._executor is None:
            return
        for process in list(self._executor._processes.values()):  # the executor has no public list
            process.kill()
        self._executor.shutdown(wait=True)


_worker_engine: Engine | None = None


def _start_worker(engine_name: str, engine_target: str, everyone: threading.Barrier, creator: int) -> None:
    """Runs once in each worker: Ctrl-C is the parent's to handle, the engine is loaded, all workers wait for all."""
    global _worker_engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in TERMINATING_SIGNALS:  # not the parent's handler, which a fork would inherit
        signal.signal(number, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held while forking (see _WorkerPool)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    die_with_parent(creator)
    ENGINES.setdefault(engine_name, engine_target)  # engines registered at run time (tests) exist here too
    os.environ[ENGINE_THREADS_VARIABLE] = "1"  # the workers share the cores: an engine that threads (Piper) uses one
    _worker_engine = get_engine(engine_name)
    everyone.wait()


def _ping() -> None:
    """A no-op whose completion shows that a worker is up."""


def _in_worker(job: tuple[Work[Task, Result], Task]) -> Result:
    """Runs in a worker: the work with the worker's engine."""
    work, task = job
    assert _worker_engine is not None, "worker started without an engine"
    return work(_worker_engine, task, False)

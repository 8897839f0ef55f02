"""The synthesis stage: a :class:`Script` in, the audio of each item out, in script order, as a stream.

Export and play share it. ``jobs`` processes speak: this one and ``jobs - 1``
workers, each holding its own engine (eSpeak NG and the platforms' speech
libraries allow one per process). Items are shared out by the
:class:`~narrator.schedule.Schedule` export uses for its runs: each worker
speaks one item at a time, at most a bounded window ahead, so memory does not
grow with the article, and items come back in order; while the next one is
still with a worker, this process speaks the next free one, so no core idles
and less audio travels between processes. What a worker was given is never
taken back, so a stream closed early leaves nothing to cancel. The first item
of every stream is spoken here and the workers start in the background, so
the first audio never waits for processes to start, and a player that jumps
elsewhere starts a new stream at the cost of one sentence. Pauses become
silence and earcons a short soft tone, made here without the engine.

On Linux, when no other thread runs, workers are forked: a copy of this
process with the engine loaded, ready in milliseconds. Otherwise they come
from a fork server (``spawn`` where there is none), and a script that uses
this module must guard its entry point with ``if __name__ == "__main__":``,
as :mod:`multiprocessing` requires.
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import signal
import sys
import threading
from array import array
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from types import TracebackType
from typing import Protocol, TypeVar

from narrator.cache import SegmentKey
from narrator.engines.base import DEFAULT_ENGINE, ENGINES, AudioChunk, Engine, VoiceSettings, get_engine
from narrator.engines.voices import find_voice
from narrator.schedule import Schedule
from narrator.script.model import ItemKind, Script, ScriptItem

LOOKAHEAD_PER_JOB = 8
"""Items spoken ahead of the consumer per job at most: enough to keep every core busy, few enough to stay small."""
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

_Task = TypeVar("_Task")
_Result = TypeVar("_Result")


@dataclass(frozen=True)
class SpokenItem:
    """One script item and its audio."""

    index: int
    """Position of the item in :attr:`Script.items`."""
    item: ScriptItem
    audio: AudioChunk
    """Speech for words, silence for a pause, a tone for an earcon; empty when there is nothing to hear."""


class SegmentStore(Protocol):
    """Where synthesized items are kept between runs (:class:`narrator.cache.SegmentCache`)."""

    def get(self, key: SegmentKey) -> AudioChunk | None: ...

    def put(self, key: SegmentKey, audio: AudioChunk) -> None: ...


class Synthesizer:
    """Turns scripts into audio streams; keeps its engine and workers between streams, so seeking is cheap.

    Use it as a context manager, or call :meth:`close`, so no worker outlives it.
    """

    def __init__(
        self,
        engine: str = DEFAULT_ENGINE,
        settings: VoiceSettings | None = None,
        jobs: int | None = None,
        cache: SegmentStore | None = None,
    ) -> None:
        """``jobs`` processes speak, this one included: ``None`` is one per core, 1 keeps everything here."""
        self.engine_name = engine
        self.settings = settings or VoiceSettings()
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._cache = cache
        self._engine: Engine = get_engine(engine)
        if self.settings.voice:
            self._find_voice(self.settings.voice)  # an unknown voice fails before any work
        self.sample_rate = self._engine.sample_rate
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
        self._engine.close()

    @property
    def engine(self) -> Engine:
        """This process's engine, for work done here rather than in a worker."""
        return self._engine

    def call(self, function: Callable[[_Task], _Result], task: _Task) -> Future[_Result] | None:
        """Run ``function(task)`` in a worker, where :func:`worker_engine` is its engine.

        ``None`` when no worker is ready (not started, still starting, or broken down).
        """
        pool = self._pool
        if pool is None or not pool.ready():
            return None
        return pool.call(function, task)

    def workers_pay_off(self, words: int) -> bool:
        """Whether speaking ``words`` words in worker processes saves more time than starting them costs."""
        threshold = POOL_MIN_WORDS_FORKED if _forking_is_safe() else POOL_MIN_WORDS
        return self.jobs > 1 and words >= threshold

    def stream(
        self, script: Script, start: int = 0, settings: VoiceSettings | None = None
    ) -> Generator[SpokenItem, None, None]:
        """The items of ``script`` from index ``start`` on, with their audio, in order.

        ``settings`` replaces the synthesizer's own for this stream (a player's
        "faster" key). Stopping early (``break``, or closing the generator)
        gives the workers nothing more; what they are still speaking is dropped.
        """
        settings = self._checked(settings)
        items = script.items[start:]
        pool: _WorkerPool | None = None  # only from the second item on, so the first never waits for workers

        def worth_a_worker(position: int) -> bool:
            """Whether to give an item to a worker: not the first (spoken here), not silent, not cached."""
            item = items[position]
            return position > 0 and item.spoken and self._cached(self._key(script, item, settings)) is None

        def to_workers(position: int) -> Future[AudioChunk] | None:
            if pool is None or not pool.ready():
                return None
            key = self._key(script, items[position], settings)
            return pool.submit(key.text, key.language, key.settings)

        def received(position: int, audio: AudioChunk) -> None:
            if self._cache is not None:
                self._cache.put(self._key(script, items[position], settings), audio)

        schedule = Schedule(
            len(items),
            LOOKAHEAD_PER_JOB * self.jobs,
            self.jobs - 1,
            here=lambda position: self.render(script, items[position], settings),
            to_workers=to_workers,
            worth_a_worker=worth_a_worker,
            received=received,
        )
        try:
            for position, item in enumerate(items):
                if position == 1:
                    pool = self._pool_for(script, start)
                yield SpokenItem(start + position, item, schedule.next())
        finally:
            schedule.close()

    def render(self, script: Script, item: ScriptItem, settings: VoiceSettings | None = None) -> AudioChunk:
        """The audio of one item, made in this process."""
        if item.kind is ItemKind.PAUSE:
            return AudioChunk.silence(item.pause_ms, self.sample_rate)
        if item.kind is ItemKind.EARCON:
            return earcon(item.earcon, self.sample_rate)
        key = self._key(script, item, settings or self.settings)
        cached = self._cached(key)
        if cached is not None:
            return cached
        audio = self._engine.synthesize(key.text, key.language, key.settings)
        if self._cache is not None:
            self._cache.put(key, audio)
        return audio

    def say(self, text: str, language: str, settings: VoiceSettings | None = None) -> AudioChunk:
        """Words that are not in the script (a player's "where am I"), spoken at once in this process."""
        return self._engine.synthesize(text, language, self._checked(settings))

    def _checked(self, settings: VoiceSettings | None) -> VoiceSettings:
        """``settings``, or the synthesizer's own; an unknown voice fails here, before any work."""
        if settings is None:
            return self.settings
        if settings.voice and settings.voice != self.settings.voice:
            self._find_voice(settings.voice)
        return settings

    def _find_voice(self, wanted: str) -> None:
        find_voice(self._engine.voices(), wanted, self._engine.voices_for_language)

    def _key(self, script: Script, item: ScriptItem, settings: VoiceSettings) -> SegmentKey:
        return SegmentKey.of(item, script.language, self.engine_name, settings)

    def _cached(self, key: SegmentKey) -> AudioChunk | None:
        return self._cache.get(key) if self._cache is not None else None

    def start_workers(self, wait: float = 0.0) -> bool:
        """Start the worker processes now instead of with the first long stream (a player at launch).

        Waits up to ``wait`` seconds for them; returns whether they are ready.
        There are ``jobs - 1`` of them; with ``jobs=1`` there are none, and this returns ``False``.
        """
        if self._pool is None and self.jobs > 1:
            self._pool = _WorkerPool(self.engine_name, ENGINES[self.engine_name], self.jobs - 1)
        return self._pool is not None and self._pool.wait(wait)

    def _pool_for(self, script: Script, start: int) -> _WorkerPool | None:
        """The workers, started once there is enough left to say to make them pay off."""
        threshold = POOL_MIN_WORDS_FORKED if _forking_is_safe() else POOL_MIN_WORDS
        if self._pool is None and self.jobs > 1 and _words_reach(script.items[start:], threshold):
            self.start_workers()
        if self._pool is not None and self._pool.broken:
            return None
        return self._pool


def synthesize(
    script: Script,
    engine: str = DEFAULT_ENGINE,
    settings: VoiceSettings | None = None,
    jobs: int | None = None,
    cache: SegmentStore | None = None,
    start: int = 0,
) -> Generator[SpokenItem, None, None]:
    """One stream of ``script``'s audio; its workers stop when the stream ends or is closed."""
    with Synthesizer(engine, settings, jobs, cache) as synthesizer:
        yield from synthesizer.stream(script, start)


def _forking_is_safe() -> bool:
    """On Linux with no other thread running, a forked copy of this process cannot inherit a held lock."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _words_reach(items: tuple[ScriptItem, ...], count: int) -> bool:
    """Whether the spoken items hold at least ``count`` words (counting stops there)."""
    words = 0
    for item in items:
        if item.spoken:
            words += len(item.text.split())
            if words >= count:
                return True
    return False


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
            # Ctrl-C or SIGTERM is held while forking, so it never finds the executor half made (a worker it
            # does not know of, which its exit would wait for); the workers are born with it held too.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                self._start("fork", *arguments)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
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
        # the first from finishing a ping before the last is asked for, so all of them start now.
        everyone = context.Barrier(workers, timeout=WORKER_START_SECONDS)
        arguments = (engine_name, engine_target, everyone, os.getpid())
        try:
            self._executor = ProcessPoolExecutor(
                workers, mp_context=context, initializer=_start_worker, initargs=arguments
            )
            pings = [self._executor.submit(_ping) for _ in range(workers)]
        except (BrokenProcessPool, OSError):  # no worker can start: everything stays in the calling process
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

    def submit(self, text: str, language: str, settings: VoiceSettings) -> Future[AudioChunk] | None:
        """Queue one text, or ``None`` when the pool has broken down."""
        return self.call(_speak_task, (text, language, settings))

    def call(self, function: Callable[[_Task], _Result], task: _Task) -> Future[_Result] | None:
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
_PR_SET_PDEATHSIG = 1
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _start_worker(engine_name: str, engine_target: str, everyone: threading.Barrier, creator: int) -> None:
    """Runs once in each worker: Ctrl-C is the parent's to handle, the engine is loaded, all workers wait for all."""
    global _worker_engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, which a fork would inherit
    if hasattr(signal, "pthread_sigmask"):  # held while forking (see _WorkerPool)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    if sys.platform.startswith("linux"):  # die with the parent, even when it is killed outright
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        try:
            os.kill(creator, 0)
        except ProcessLookupError:  # it died before the line above could take effect
            os._exit(1)
    ENGINES.setdefault(engine_name, engine_target)  # engines registered at run time (tests) exist here too
    _worker_engine = get_engine(engine_name)
    everyone.wait()


def _ping() -> None:
    """A no-op whose completion shows that a worker is up."""


def worker_engine() -> Engine:
    """The engine of the worker process this runs in."""
    assert _worker_engine is not None, "worker started without an engine"
    return _worker_engine


def _speak_task(task: tuple[str, str, VoiceSettings]) -> AudioChunk:
    return worker_engine().synthesize(*task)

"""Workers that die, and streams closed early: no crashed executor, no worker left behind, every item in order.

Python 3.11's process pool fails when a worker dies while a task the caller
cancelled is still queued (its manager thread raises ``InvalidStateError``
and stops, and the surviving workers are never stopped). The synthesizer
never cancels what it gave a worker; these tests hold the workers in the
middle of their items, close a stream, and kill a worker to show it.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import gated_engine
import pytest
from narrate import wait_until
from processes import alive
from test_synthesize import LONG, expected_frames, make_script, speech_length, synthesize, workers

from narrator.audio import AudioChunk
from narrator.cache import Cache
from narrator.engines.base import ENGINES, VoiceSettings
from narrator.engines.pyttsx3_engine import Pyttsx3Engine
from narrator.synthesize import Synthesizer, stream

pytestmark = pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="reads /proc")

DEADLINE_SECONDS = 20
"""A test still running after this long is stuck (each takes well under a second): it fails instead of hanging."""


def worker_pids(count: int) -> list[int]:
    """The pids of this process's ``count`` forked workers."""
    found = workers()
    assert len(found) == count and {type(worker).__name__ for worker in found} == {"ForkProcess"}
    return [worker.pid for worker in found if worker.pid is not None]


@pytest.fixture
def thread_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Exceptions that end any thread (the executor's manager thread among them) during the test."""
    errors: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda crash: errors.append(crash.exc_value or Exception()))
    return errors


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[gated_engine.Gate]:
    """The gated engine registered as "gated", its gate closed until the test opens it; stuck tests fail."""

    def stuck(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {DEADLINE_SECONDS} s")

    monkeypatch.setitem(ENGINES, "gated", f"{gated_engine.__name__}:{gated_engine.GatedEngine.__name__}")
    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(DEADLINE_SECONDS)
    try:
        with gated_engine.closed_gate() as gate:
            yield gate
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_worker_killed_after_a_stream_closed_early_breaks_nothing(
    gate: gated_engine.Gate, thread_errors: list[BaseException]
) -> None:
    synthesizer = Synthesizer("gated", jobs=3)
    try:
        assert synthesizer.start_workers(wait=10)
        pids = worker_pids(2)
        items = stream(synthesizer, LONG)
        next(items), next(items)  # the title and the earcon, spoken here
        gate.wait_for(2)  # meanwhile the workers took the next sentences, and wait at the gate
        items.close()
        os.kill(pids[0], signal.SIGKILL)
        wait_until(lambda: not alive(pids[0]), what="the killed worker to be gone")
        gate.open()
        again = list(stream(synthesizer, LONG))
    finally:
        synthesizer.close()
    assert [audio.frames for audio in again] == [expected_frames(item) for item in LONG.items]
    assert thread_errors == []
    assert [pid for pid in pids if alive(pid)] == []


def test_a_later_stream_speaks_its_first_item_here_while_the_workers_are_busy(
    gate: gated_engine.Gate, fake_engine: str, thread_errors: list[BaseException], tmp_path: Path
) -> None:
    """A player's jump: the workers hold the old stream's sentences, the new one starts at once all the same."""
    cache = Cache(tmp_path)
    expected = synthesize(LONG, fake_engine, jobs=1)
    start = len(LONG.items) // 2
    with Synthesizer("gated", jobs=3) as synthesizer:
        assert synthesizer.start_workers(wait=10)
        pids = worker_pids(2)
        before = stream(synthesizer, LONG, cache=cache)
        next(before), next(before)
        gate.wait_for(2)  # the workers took sentences of the first stream, and wait at the gate
        before.close()
        jumped = stream(synthesizer, LONG, start=start, cache=cache)
        first = next(jumped)  # would wait for the gate if a worker had it
        gate.open()
        rest = list(jumped)
        assert len(workers()) == 2  # the workers serve the next stream; nothing broke
    assert [first, *rest] == expected[start:]
    spoken = {item.text for item in LONG.items[start:] if item.spoken}
    assert cache.usage()["pcm"].entries >= len(spoken)  # what the workers spoke, they cached
    assert thread_errors == []
    assert [pid for pid in pids if alive(pid)] == []


def test_closing_does_not_wait_for_workers_stuck_in_an_item(
    gate: gated_engine.Gate, thread_errors: list[BaseException]
) -> None:
    """Nothing a closed synthesizer's workers do is wanted (a player that quits): they are killed, not awaited."""
    synthesizer = Synthesizer("gated", jobs=3)
    assert synthesizer.start_workers(wait=10)
    pids = worker_pids(2)
    items = stream(synthesizer, LONG)
    next(items), next(items)
    gate.wait_for(2)  # the workers were given sentences, and wait at the gate for good
    items.close()
    synthesizer.close()  # would wait for ever if it waited for the workers (the deadline fails the test)
    assert [pid for pid in pids if alive(pid)] == []
    assert thread_errors == []


@pytest.mark.audio
def test_real_engine_stream_closed_early_then_reopened_later_gives_the_right_items(
    monkeypatch: pytest.MonkeyPatch, thread_errors: list[BaseException]
) -> None:
    """eSpeak NG: a player that jumps ahead hears every item from there on, in order, each as it should sound."""
    script = make_script(sections=3, sentences=10)
    in_process = synthesize(script, jobs=1)
    later = len(script.items) // 2
    spoken_here: list[str] = []
    speak = Pyttsx3Engine.synthesize

    def counted(self: Pyttsx3Engine, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        spoken_here.append(text)
        return speak(self, text, language, settings)

    with Synthesizer(jobs=3) as synthesizer:
        assert synthesizer.start_workers(wait=30)
        pids = worker_pids(2)
        monkeypatch.setattr(Pyttsx3Engine, "synthesize", counted)  # here only: the workers are forked already
        items = stream(synthesizer, script)
        opening = [next(items) for _ in range(6)]
        items.close()
        jumped = list(stream(synthesizer, script, start=later))
    heard = [*script.items[:6], *script.items[later:]]
    for item, ours, theirs in zip(heard, opening + jumped, in_process[:6] + in_process[later:], strict=True):
        theirs_length = speech_length(theirs)  # a word more or less would be 0.2 s or more
        assert abs(speech_length(ours) - theirs_length) < 0.02 + 0.01 * theirs_length, item
    jumped_texts = [item.text for item in script.items[later:] if item.spoken]
    assert len(set(spoken_here) & set(jumped_texts)) < len(jumped_texts)  # the workers spoke some of them
    assert thread_errors == []
    assert [pid for pid in pids if alive(pid)] == []

"""The synthesis stage: order, timing, pauses and earcons, parallel workers, seeking, caching and clean shutdown."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

import fake_engine as fake
import pytest

from narrator.audio import AudioChunk
from narrator.cache import Cache
from narrator.engines.base import VoiceSettings
from narrator.errors import UnknownVoiceError
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection
from narrator.synthesize import POOL_MIN_WORDS, POOL_MIN_WORDS_FORKED, Synthesizer, earcon, stream

WORD_FRAMES = fake.SAMPLE_RATE * fake.MS_PER_WORD // 1000
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima")


def make_script(sections: int, sentences: int, language: str = "en") -> Script:
    """Sections of an announcement, an earcon, sentences of 3-10 distinct words, and pauses."""
    items: list[ScriptItem] = [ScriptItem(ItemKind.ANNOUNCEMENT, None, "A generated article.", role="title")]
    for section in range(sections):
        items.append(ScriptItem(ItemKind.EARCON, section, earcon="section"))
        items.append(ScriptItem(ItemKind.ANNOUNCEMENT, section, f"Section {section + 1}.", role="heading"))
        items.append(ScriptItem(ItemKind.PAUSE, section, pause_ms=500))
        for sentence in range(sentences):
            count = 3 + (section * sentences + sentence) % 8
            text = " ".join(WORDS[(section + sentence + word) % len(WORDS)] for word in range(count)) + "."
            items.append(ScriptItem(ItemKind.TEXT, section, text, role="paragraph"))
        items.append(ScriptItem(ItemKind.PAUSE, section, pause_ms=900))
    headings = tuple(ScriptSection(index, 2, f"Section {index + 1}", index + 1) for index in range(sections))
    return Script("A generated article", language, tuple(items), headings)


def spoken_words(item: ScriptItem) -> int:
    return len(item.text.split()) if item.spoken else 0


LONG = make_script(sections=20, sentences=30)
assert sum(map(spoken_words, LONG.items)) > POOL_MIN_WORDS  # long enough to start workers


def expected_frames(item: ScriptItem, sample_rate: int = fake.SAMPLE_RATE) -> int:
    if item.kind is ItemKind.PAUSE:
        return sample_rate * item.pause_ms // 1000
    if item.kind is ItemKind.EARCON:
        return earcon(item.earcon, sample_rate).frames
    return spoken_words(item) * WORD_FRAMES


def synthesize(script: Script, engine: str = "pyttsx3", jobs: int = 1, cache: Cache | None = None) -> list[AudioChunk]:
    """The audio of every item of one stream of ``script``, by a synthesizer of its own."""
    with Synthesizer(engine, jobs=jobs) as synthesizer:
        return list(stream(synthesizer, script, cache=cache))


def seconds(chunk: AudioChunk) -> float:
    return chunk.frames / chunk.sample_rate


def workers() -> list[multiprocessing.process.BaseProcess]:
    return [child for child in multiprocessing.active_children() if "Process" in type(child).__name__]


def wait_for_workers(count: int, seconds: float = 10.0) -> bool:
    """Whether exactly ``count`` worker processes are alive within ``seconds``."""
    deadline = time.monotonic() + seconds
    while len(workers()) != count and time.monotonic() < deadline:
        time.sleep(0.02)
    return len(workers()) == count


def test_every_item_comes_once_in_order_with_its_own_length(fake_engine: str) -> None:
    script = make_script(sections=3, sentences=4)
    spoken = synthesize(script, fake_engine, jobs=1)
    assert [audio.frames for audio in spoken] == [expected_frames(item) for item in script.items]
    assert {audio.sample_rate for audio in spoken} == {fake.SAMPLE_RATE}


def test_pauses_are_silence_and_earcons_a_short_soft_tone(fake_engine: str) -> None:
    script = make_script(sections=1, sentences=1)
    spoken = list(zip(script.items, synthesize(script, fake_engine, jobs=1), strict=True))
    pause = next(audio for item, audio in spoken if item.kind is ItemKind.PAUSE)
    assert seconds(pause) == pytest.approx(0.5) and set(pause.pcm) == {0}
    tone = next(audio for item, audio in spoken if item.kind is ItemKind.EARCON)
    samples = array("h", tone.pcm)
    assert 0.1 <= seconds(tone) <= 0.2
    assert 0.1 * 32767 < max(samples) < 0.3 * 32767  # audible, well below speech
    assert abs(samples[0]) < 100 and abs(samples[-1]) < 100  # faded in and out: no click


def test_a_stream_can_start_at_any_item(fake_engine: str) -> None:
    script = make_script(sections=3, sentences=4)
    with Synthesizer(fake_engine, jobs=1) as synthesizer:
        whole = list(stream(synthesizer, script))
        tail = list(stream(synthesizer, script, start=7))
    assert tail == whole[7:]


def test_the_settings_of_a_stream_can_differ(fake_engine: str) -> None:
    """A player's "faster" key restarts the stream at a new rate."""
    script = make_script(sections=1, sentences=3)
    with Synthesizer(fake_engine, jobs=1) as synthesizer:
        spoken = zip(script.items, stream(synthesizer, script), strict=True)
        normal = [audio.frames for item, audio in spoken if item.spoken]
        faster = [audio.frames for audio in stream(synthesizer, script, settings=VoiceSettings(rate=350))]
    assert [frames // 2 for frames in normal] == [
        f for f, item in zip(faster, script.items, strict=True) if item.spoken
    ]


def test_an_unknown_voice_fails_before_any_audio(fake_engine: str) -> None:
    with pytest.raises(UnknownVoiceError, match="Closest matches: Fake German"):
        Synthesizer(fake_engine, VoiceSettings(voice="Fake Germn"))
    with Synthesizer(fake_engine, jobs=1) as synthesizer, pytest.raises(UnknownVoiceError):
        next(stream(synthesizer, make_script(1, 1), settings=VoiceSettings(voice="nobody")))


@pytest.mark.parametrize("jobs", [1, 2])
def test_cached_items_are_not_synthesized_again(
    fake_engine: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: int
) -> None:
    """Workers store what they speak in the cache themselves; a second stream takes every item from it."""
    script = LONG if jobs > 1 else make_script(sections=2, sentences=3)
    cache = Cache(tmp_path)
    first = synthesize(script, fake_engine, jobs=jobs, cache=cache)
    assert cache.usage()["pcm"].entries == len({item.text for item in script.items if item.spoken})

    def refuse(*_: object) -> AudioChunk:
        raise AssertionError("synthesized although cached")

    monkeypatch.setattr(fake.FakeEngine, "synthesize", refuse)
    assert synthesize(script, fake_engine, jobs=1, cache=cache) == first


@contextlib.contextmanager
def another_thread(running: bool) -> Iterator[None]:
    """With a second thread alive (as in the player), workers come from a fork server instead of a fork."""
    if not running:
        yield
        return
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


@pytest.mark.parametrize("threaded", [False, True], ids=["forked", "fork-server"])
def test_workers_give_the_same_audio_in_the_same_order(
    fake_engine: str, monkeypatch: pytest.MonkeyPatch, threaded: bool
) -> None:
    in_process = synthesize(LONG, fake_engine, jobs=1)
    calls_here = count_calls_in_this_process(monkeypatch)
    with another_thread(threaded), Synthesizer(fake_engine, jobs=3) as synthesizer:
        assert synthesizer.start_workers(wait=10)  # as if the consumer were slower than their start (a player)
        assert len(workers()) == 2
        assert {type(worker).__name__ for worker in workers()} == {"ForkServerProcess" if threaded else "ForkProcess"}
        parallel = list(stream(synthesizer, LONG))
    assert parallel == in_process
    assert 0 < len(calls_here) < sum(item.spoken for item in LONG.items)  # this process and the workers shared them
    assert wait_for_workers(0)


def count_calls_in_this_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the texts the fake engine speaks in this process (workers fill their own copy of the list).

    Each call also takes a millisecond, as a real engine would, so the threads
    that hand work to the workers get to run.
    """
    calls: list[str] = []
    speak = fake.FakeEngine.synthesize

    def counted(self: fake.FakeEngine, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        calls.append(text)
        time.sleep(0.001)
        return speak(self, text, language, settings)

    monkeypatch.setattr(fake.FakeEngine, "synthesize", counted)
    return calls


@pytest.mark.parametrize("threaded", [False, True], ids=["forked", "fork-server"])
def test_workers_start_only_for_articles_long_enough_to_pay_them_back(fake_engine: str, threaded: bool) -> None:
    """Forked workers cost milliseconds, a fork server's about a second of CPU: the threshold follows."""
    script = make_script(sections=4, sentences=25)
    assert POOL_MIN_WORDS_FORKED <= sum(map(spoken_words, script.items)) < POOL_MIN_WORDS
    with another_thread(threaded), Synthesizer(fake_engine, jobs=3) as synthesizer:
        items = stream(synthesizer, script)
        next(items)
        next(items)  # workers would start here
        assert len(workers()) == (0 if threaded else 2)
        items.close()


def test_the_first_item_does_not_wait_for_workers(fake_engine: str) -> None:
    with Synthesizer(fake_engine, jobs=2) as synthesizer:
        next(stream(synthesizer, LONG))
        assert workers() == []  # the first item was spoken here, before any worker started


def test_stopping_early_and_seeking_keep_the_workers_and_close_them_at_the_end(fake_engine: str) -> None:
    with Synthesizer(fake_engine, jobs=3) as synthesizer:
        for index, _ in enumerate(stream(synthesizer, LONG)):
            if index == 150:
                break
        target = len(LONG.items) // 2
        assert synthesizer.start_workers(wait=10)
        resumed = list(stream(synthesizer, LONG, start=target))
        assert [audio.frames for audio in resumed] == [expected_frames(item) for item in LONG.items[target:]]
        assert len(workers()) == 2
    assert wait_for_workers(0)


def test_a_closed_stream_stops_its_workers(fake_engine: str) -> None:
    with Synthesizer(fake_engine, jobs=2) as synthesizer:
        items = stream(synthesizer, LONG)
        for index, _ in enumerate(items):
            if index == 100:
                break
        assert len(workers()) == 1
        items.close()
    assert wait_for_workers(0)


INTERRUPTIBLE = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from test_synthesize import LONG
    from narrator.engines.base import ENGINES
    from narrator.synthesize import Synthesizer, stream

    if __name__ == "__main__":
        ENGINES["fake"] = "fake_engine:FakeEngine"
        with Synthesizer("fake", jobs=3) as synthesizer:
            assert synthesizer.start_workers(wait=10)
            print("streaming", flush=True)
            while True:
                for audio in stream(synthesizer, LONG):
                    pass
    """
)


def process_group_members(group: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == group:
                    members.append(int(entry.name))
            except ProcessLookupError:
                pass
    return members


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("kill", ["ctrl-c", "sigkill"])
def test_no_worker_outlives_the_program(tmp_path: Path, kill: str) -> None:
    """Ctrl-C (SIGINT to the whole process group) stops cleanly; a SIGKILL of the program takes its workers too."""
    program = tmp_path / "interruptible.py"
    program.write_text(INTERRUPTIBLE.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(program)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "streaming\n"
        assert len(process_group_members(process.pid)) >= 3  # the program and two workers
        if kill == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        else:
            process.kill()
        _, errors = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode != 0
    assert kill != "ctrl-c" or "KeyboardInterrupt" in errors
    deadline = time.monotonic() + 10
    while process_group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = process_group_members(process.pid)
    for pid in left:  # leave nothing running even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []


def speech_length(chunk: AudioChunk) -> float:
    """Seconds from the first to the last audible sample: eSpeak NG's trailing silence varies from call to call."""
    audible = [index for index, sample in enumerate(array("h", chunk.pcm)) if abs(sample) > 50]
    return (audible[-1] - audible[0]) / chunk.sample_rate if audible else 0.0


@pytest.mark.audio
def test_real_engine_workers_give_the_in_process_audio_in_order() -> None:
    """eSpeak NG in two workers: every item's speech as long as when spoken in this process."""
    script = make_script(sections=4, sentences=20)
    in_process = synthesize(script, jobs=1)
    with Synthesizer(jobs=3) as synthesizer:
        assert synthesizer.start_workers(wait=30)
        parallel = list(stream(synthesizer, script))
    assert len(parallel) == len(in_process)
    for item, ours, theirs in zip(script.items, parallel, in_process, strict=True):  # a word is 0.2 s or more
        theirs_length = speech_length(theirs)
        assert abs(speech_length(ours) - theirs_length) < 0.02 + 0.01 * theirs_length, item
    assert wait_for_workers(0)

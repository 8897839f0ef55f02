"""Export rendering in runs: order, workers, MP3 runs joined with exact timing, and the run cache.

The fake engine (a tone per word) keeps these fast and exact; the sample
article's export through the real engine is checked in test_export_sample.py.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil
import subprocess
from pathlib import Path

import fake_engine as fake
import pytest
from test_synthesize import LONG, make_script

from narrator.audio import AudioChunk, EncodedRun, Sound, Span, frame_samples
from narrator.cache import Cache
from narrator.export_runs import plan_runs, rendered_runs, runs_for
from narrator.script.model import ItemKind, Script, ScriptItem
from narrator.sinks.base import ChapterTimer
from narrator.sinks.id3 import Mp3Tags
from narrator.sinks.mp3 import Mp3Writer
from narrator.synthesize import Synthesizer, stream

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


def in_paragraphs(script: Script, sentences: int = 6) -> Script:
    """``script`` with a 400 ms pause after every few sentences, as between paragraphs: where runs may end."""
    items: list[ScriptItem] = []
    for item in script.items:
        items.append(item)
        if item.kind is ItemKind.TEXT and sum(each.kind is ItemKind.TEXT for each in items) % sentences == 0:
            items.append(ScriptItem(ItemKind.PAUSE, item.section, pause_ms=400))
    return Script(script.title, script.language, tuple(items), script.sections)


ARTICLE = in_paragraphs(LONG)


def test_runs_cover_the_script_in_order_within_one_section_each_ending_at_a_pause() -> None:
    words = 60
    runs = plan_runs(ARTICLE, words)

    assert len(runs) > 2 * len(ARTICLE.sections)
    assert runs[0].start == 0 and runs[-1].stop == len(ARTICLE.items)
    assert all(before.stop == after.start for before, after in itertools.pairwise(runs))
    for run in runs:
        items = ARTICLE.items[run.start : run.stop]
        assert {item.section or 0 for item in items} == {run.group}
        count = sum(len(item.text.split()) for item in items if item.spoken)
        ends_section = run.stop == len(ARTICLE.items) or (ARTICLE.items[run.stop].section or 0) != run.group
        assert items[-1].kind is ItemKind.PAUSE or ends_section
        assert count < 2 * words + 10  # a run stops at the first pause past ``words`` (paragraphs are shorter)
        assert count >= words or ends_section


Rendered = list[tuple[int, list[Sound], EncodedRun | None]]
"""Each run's first item, its items' audio and its MP3."""


def rendered(
    script: Script,
    engine: str,
    jobs: int,
    bitrate: int | None = None,
    samples: bool = True,
    cache: Cache | None = None,
) -> Rendered:
    with Synthesizer(engine, jobs=jobs) as synthesizer:
        return [
            (run.start, list(done.sounds), done.mp3)
            for run, done in rendered_runs(synthesizer, script, bitrate, samples, cache)
        ]


def total(runs: Rendered) -> int:
    return sum(sound.frames for _, sounds, _ in runs for sound in sounds)


def test_workers_give_the_same_samples_in_the_same_order_as_one_process(fake_engine: str) -> None:
    alone = rendered(LONG, fake_engine, jobs=1)
    shared = rendered(LONG, fake_engine, jobs=3)

    assert shared == alone
    sounds = [sound for _, run_sounds, _ in alone for sound in run_sounds]
    assert len(sounds) == len(LONG.items)
    with Synthesizer(fake_engine, jobs=1) as synthesizer:
        assert sounds == list(stream(synthesizer, LONG))  # as a player hears them


def decoded_frames(path: Path) -> int:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"], capture_output=True, check=True
    )
    assert raw.stderr == b""
    return len(raw.stdout) // 2


@needs_ffmpeg
def test_joined_mp3_runs_play_exactly_the_timeline_the_other_sinks_were_given(fake_engine: str, tmp_path: Path) -> None:
    script = in_paragraphs(make_script(sections=4, sentences=40))
    runs = rendered(script, fake_engine, jobs=2, bitrate=48, samples=False)
    natural = rendered(script, fake_engine, jobs=2)  # the same runs, not encoded: nothing fitted
    assert len(runs) > 4  # several runs per section: joins inside sections too

    timer = ChapterTimer(script)
    path = tmp_path / "joined.mp3"
    with path.open("w+b") as file:
        writer = Mp3Writer(file, Mp3Tags(title="Joined", album="Joined"), timer)
        for (start, sounds, mp3), _ in zip(runs, natural, strict=True):
            for item, sound in zip(script.items[start:], sounds, strict=False):
                assert isinstance(sound, Span)  # only lengths travel when no WAV is written
                timer.write(item, sound)
            assert mp3 is not None
            writer.append(mp3)
        writer.close()

    timeline = total(runs)
    assert decoded_frames(path) == timeline
    assert timer.chapters()[-1].end_ms == round(1000 * timeline / fake.SAMPLE_RATE)
    joins = len(runs) - 1
    assert abs(timeline - total(natural)) <= joins * frame_samples(fake.SAMPLE_RATE) // 2  # pauses fitted to joins
    for (_, fitted, _), (_, plain, _) in zip(runs, natural, strict=True):  # only closing pauses change
        assert [sound.frames for sound in fitted[:-1]] == [sound.frames for sound in plain[:-1]]


def test_a_second_mp3_export_reads_every_run_from_the_cache_and_an_edit_renders_only_its_run(
    fake_engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    script = in_paragraphs(make_script(sections=3, sentences=30))
    first = rendered(script, fake_engine, jobs=1, bitrate=32, samples=False, cache=cache)
    spoken: list[str] = []
    original = fake.FakeEngine.synthesize

    def counted(self: fake.FakeEngine, text: str, *rest: object) -> AudioChunk:
        spoken.append(text)
        return original(self, text, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(fake.FakeEngine, "synthesize", counted)
    assert rendered(script, fake_engine, jobs=1, bitrate=32, samples=False, cache=cache) == first
    assert spoken == []

    items = list(script.items)
    position = next(index for index, item in enumerate(items) if item.section == 1 and item.kind is ItemKind.TEXT)
    items[position] = dataclasses.replace(items[position], text="golf hotel added.")
    edited = dataclasses.replace(script, items=tuple(items))
    again = rendered(edited, fake_engine, jobs=1, bitrate=32, samples=False, cache=cache)

    (changed,) = [run for run in runs_for(edited, jobs=1) if run.start <= position < run.stop]
    run_texts = [item.text for item in edited.items[changed.start : changed.stop] if item.spoken]
    assert spoken == run_texts  # only the edited run was spoken again
    assert [mp3 for start, _, mp3 in again if start != changed.start] == [
        mp3 for start, _, mp3 in first if start != changed.start
    ]

"""Word marks estimated from the sound, for engines that do not report them, checked against eSpeak NG's own."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from conftest import ARTICLES
from narrate import narrate

from narrator.audio import AudioChunk, WordMark
from narrator.engines.base import VoiceSettings, get_engine
from narrator.options import ReadOptions, ScriptOptions
from narrator.pipeline import script_for
from narrator.sinks.cues import item_cues
from narrator.word_marks import estimated_words

pytestmark = pytest.mark.audio


def cue_errors(marks_for: str) -> list[float]:
    """Seconds between each cue's start as eSpeak NG's marks place it and as ``marks_for`` places it, for every
    item of the sample article whose cues come out the same."""
    script = script_for(str(ARTICLES / "ketamine-depression.md"), ReadOptions(), ScriptOptions())
    engine = get_engine()
    errors = []
    for item in script.items:
        if not item.spoken:
            continue
        audio = engine.synthesize(item.text, item.language or script.language, VoiceSettings())
        guessed = estimated_words(item.text, audio) if marks_for == "sound" else ()
        true = item_cues(item.text, script.language, audio.words, audio.frames, audio.sample_rate)
        estimated = item_cues(item.text, script.language, guessed, audio.frames, audio.sample_rate)
        if [cue.lines for cue in true] == [cue.lines for cue in estimated]:
            errors += [abs(a.start - b.start) / audio.sample_rate for a, b in zip(true, estimated, strict=True)]
    return sorted(errors)


def test_cues_timed_by_the_sound_start_near_espeaks_own_marks_and_nearer_than_by_characters() -> None:
    by_sound, by_characters = cue_errors("sound"), cue_errors("characters")
    assert len(by_sound) > 60
    assert statistics.median(by_sound) <= 0.05
    ninetieth = by_sound[int(0.9 * len(by_sound))]
    assert ninetieth <= 0.25
    assert ninetieth < 0.8 * by_characters[int(0.9 * len(by_characters))]


def test_pauses_after_punctuation_anchor_the_next_word() -> None:
    rate = 16000
    tone = b"\x10\x27" * (rate // 2)  # half a second of sound
    silence = bytes(2 * rate // 4)
    audio = AudioChunk(silence + tone + silence + tone + tone, rate)
    text = "Hello, world and everyone"
    marks = estimated_words(text, audio)
    assert [mark.offset for mark in marks] == [0, 7, 13, 17]
    assert marks[0].sample == pytest.approx(rate // 4, abs=rate // 100)
    assert marks[1].sample == pytest.approx(rate, abs=rate // 100)  # after the pause that follows "Hello,"
    assert marks[1].sample < marks[2].sample < marks[3].sample < audio.frames


def test_silence_or_nothing_to_say_gives_marks_at_the_start() -> None:
    assert estimated_words("Two words", AudioChunk(bytes(3200), 16000)) == (WordMark(0, 0), WordMark(4, 0))
    assert estimated_words("", AudioChunk(b"", 16000)) == ()


def test_an_engine_without_marks_still_gets_captions(tmp_path: Path, fake_engine: str) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Title\n\n" + "A fairly long sentence of words, spoken by a voice without marks. " * 6)
    run = narrate(
        "export",
        article,
        "--wav",
        "--subtitles",
        "srt",
        "--engine",
        fake_engine,
        "-q",
        engines={fake_engine: "fake_engine:FakeEngine"},
    )
    assert run.status == 0, run.stderr
    blocks = (tmp_path / "a.srt").read_text(encoding="utf-8").strip().split("\n\n")
    assert len(blocks) > 6
    for block in blocks:
        _, _, *lines = block.split("\n")
        assert 1 <= len(lines) <= 2 and max(map(len, lines)) <= 42

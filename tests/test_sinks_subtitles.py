"""Subtitle cues: caption-sized pieces of each spoken item, exact text, timed by its words, never overlapping."""

from __future__ import annotations

import io
import itertools
import re

import pytest

from narrator.audio import AudioChunk, WordMark
from narrator.options import SubtitleFormat
from narrator.script.model import ItemKind, ScriptItem
from narrator.sinks.cues import MAX_CUE_SECONDS, MAX_LINE_CHARACTERS, MAX_LINES, Cue, item_cues
from narrator.sinks.subtitles import SubtitleWriter, timestamp

ITEMS = [
    (ScriptItem(ItemKind.TEXT, None, "A <title> & more"), 1500),
    (ScriptItem(ItemKind.PAUSE, None, pause_ms=250), 250),
    (ScriptItem(ItemKind.ANNOUNCEMENT, 0, "Section 1 of 1: Next"), 2001),
    (ScriptItem(ItemKind.TEXT, 0, "Last sentence."), 3600),
]


def cues(subtitle_format: SubtitleFormat) -> str:
    file = io.BytesIO()
    writer = SubtitleWriter(file, subtitle_format)
    for item, milliseconds in ITEMS:
        writer.write(item, AudioChunk(bytes(2 * 16 * milliseconds), 16000))
    writer.close()
    return file.getvalue().decode("utf-8")


def test_webvtt() -> None:
    assert cues("vtt") == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:01.500\nA &lt;title&gt; &amp; more\n\n"
        "2\n00:00:01.750 --> 00:00:03.751\nSection 1 of 1: Next\n\n"
        "3\n00:00:03.751 --> 00:00:07.351\nLast sentence.\n\n"
    )


def test_subrip() -> None:
    assert cues("srt") == (
        "1\n00:00:00,000 --> 00:00:01,500\nA <title> & more\n\n"
        "2\n00:00:01,750 --> 00:00:03,751\nSection 1 of 1: Next\n\n"
        "3\n00:00:03,751 --> 00:00:07,351\nLast sentence.\n\n"
    )


@pytest.mark.parametrize(
    ("milliseconds", "text"), [(0, "00:00:00.000"), (61_001, "00:01:01.001"), (36_000_000, "10:00:00.000")]
)
def test_timestamp(milliseconds: int, text: str) -> None:
    assert timestamp(milliseconds, ".") == text


RATE = 16000
LONG = (
    "According to a recent study published in the Journal of Clinical Psychiatry, over seventy percent of the "
    "participants experienced a significant reduction in depressive symptoms for up to one month following a "
    "single treatment, and the effects lasted longer in those who had tried other medicines before."
)


def evenly_marked(text: str, seconds_per_word: float) -> tuple[tuple[WordMark, ...], int]:
    """Word marks of ``text`` spoken at a steady pace, and the audio's length in samples."""
    starts = [match.start() for match in re.finditer(r"\S+", text)]
    step = round(seconds_per_word * RATE)
    return tuple(WordMark(offset, index * step) for index, offset in enumerate(starts)), len(starts) * step


@pytest.mark.parametrize("seconds_per_word", [0.2, 0.35, 0.7])
def test_cues_keep_caption_limits_and_every_word_in_order(seconds_per_word: float) -> None:
    words, frames = evenly_marked(LONG, seconds_per_word)
    found = item_cues(LONG, "en", words, frames, RATE)

    assert " ".join(" ".join(cue.lines) for cue in found) == LONG
    assert all(len(cue.lines) <= MAX_LINES and max(map(len, cue.lines)) <= MAX_LINE_CHARACTERS for cue in found)
    assert all(cue.end - cue.start <= MAX_CUE_SECONDS * RATE for cue in found)
    assert found[0].start == 0 and found[-1].end == frames
    assert all(earlier.end == later.start for earlier, later in itertools.pairwise(found))


def test_cues_start_at_their_first_words_mark() -> None:
    words, frames = evenly_marked(LONG, 0.3)
    marks = {mark.offset: mark.sample for mark in words}
    position = 0
    for cue in item_cues(LONG, "en", words, frames, RATE):
        offset = LONG.index(cue.lines[0], position)
        assert cue.start == marks[offset]
        position = offset + 1


def test_cues_break_after_punctuation_then_before_a_phrase_never_after_an_article() -> None:
    words, frames = evenly_marked(LONG, 0.3)
    found = item_cues(LONG, "en", words, frames, RATE)
    breaks = [(cue.lines[-1].split()[-1], later.lines[0].split()[0]) for cue, later in itertools.pairwise(found)]
    assert breaks[0] == ("Psychiatry,", "over")
    assert all(before.lower() not in ("a", "the", "of", "in") for before, _ in breaks)


def test_a_word_without_its_mark_is_apportioned_between_its_neighbours() -> None:
    text = "One two three four."
    found = item_cues(text, "en", (WordMark(0, 0), WordMark(14, 1400)), 2000, RATE)
    assert found == [Cue(("One two three four.",), 0, 2000)]
    # split by a short limit: "three" (offset 8) lies 8/14 of the way to "four"
    split = item_cues(text, "en", (WordMark(0, 0), WordMark(14, 14 * RATE)), 16 * RATE, RATE)
    assert [cue.start for cue in split][:3] == [0, 4 * RATE, 8 * RATE]


def test_text_without_spaces_breaks_between_characters_after_its_punctuation_first() -> None:
    text = "むかしむかし、あるところに、おじいさんとおばあさんが住んでいました。" * 2
    found = item_cues(text, "ja", (), 15 * RATE, RATE)
    assert "".join("".join(cue.lines) for cue in found) == text
    assert all(cue.end - cue.start <= MAX_CUE_SECONDS * RATE for cue in found)
    assert all(cue.lines[-1][-1] in "、。" for cue in found)

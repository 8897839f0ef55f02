"""``narrate export --subtitles`` with the real engine: caption-sized cues, on corpus pages and the sample article.

Every cue keeps the caption limits (two lines of 42 characters, 7 seconds),
the cues say exactly the script's words in order, and each cue starts where
eSpeak NG says its first word starts, asked here afresh, item by item.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from conftest import ARTICLES
from narrate import narrate

from narrator.engines.base import VoiceSettings, get_engine

pytestmark = pytest.mark.audio

PAGES = ["md/electron-faq.md", "html/rd-heise-1password/source.html", "html/rd-hukumusume-fable/source.html"]
"""English, German and Japanese (written without spaces)."""
START_TOLERANCE_S = 0.05


def cues(path: Path) -> list[tuple[float, float, list[str]]]:
    """(start, end, lines) of every cue of a WebVTT or SubRip file, text unescaped."""
    found = []
    for block in re.split(r"\n\n+", path.read_text(encoding="utf-8").strip()):
        if block == "WEBVTT":
            continue
        _, timing, *lines = block.split("\n")
        start, end = (_seconds(stamp) for stamp in timing.split(" --> "))
        found.append(
            (start, end, [line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for line in lines])
        )
    return found


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def spoken(source: Path) -> tuple[list[dict[str, str]], str]:
    """The script's spoken items, and the article's language."""
    items = json.loads(narrate("script", source, "--json").stdout)
    language = json.loads(narrate("outline", source, "--json").stdout)["language"] or "en"
    return [item for item in items if item["kind"] in ("announcement", "text") and item["text"].strip()], language


@pytest.mark.corpus
@pytest.mark.parametrize("page", PAGES)
def test_corpus_subtitles_keep_caption_limits_and_say_the_script(corpus: Path, tmp_path: Path, page: str) -> None:
    source = corpus / page
    output = tmp_path / "page.mp3"
    run = narrate("export", source, "-o", output, "--subtitles", "srt", "-q")
    assert run.status == 0, run.stderr

    found = cues(tmp_path / "page.srt")
    items, _ = spoken(source)
    assert len(found) >= len(items)
    for start, end, lines in found:
        assert 1 <= len(lines) <= 2, lines
        assert max(map(len, lines)) <= 42, lines
        assert 0 <= end - start <= 7.0, (start, end, lines)
    assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(found))
    shown = "".join("".join(lines) for _, _, lines in found)
    said = "".join("".join(item["text"].split()) for item in items)
    assert shown.replace(" ", "") == said  # every word, in order, nothing else


def test_each_cue_starts_where_the_engine_says_its_first_word_starts(tmp_path: Path) -> None:
    article = ARTICLES / "ketamine-depression.md"
    output = tmp_path / "sample.wav"
    run = narrate("export", article, "-o", output, "--subtitles", "vtt", "-q")
    assert run.status == 0, run.stderr
    found = cues(tmp_path / "sample.vtt")
    items, language = spoken(article)
    engine = get_engine()

    checked = 0
    position = 0
    for item in items:
        audio = engine.synthesize(item["text"], item["language"] or language, VoiceSettings())
        marks = {mark.offset: mark.sample / audio.sample_rate for mark in audio.words}
        item_start = found[position][0]
        offset = 0
        while offset < len(item["text"]):
            start, _, lines = found[position]
            first_word = lines[0].split()[0]
            offset = item["text"].index(first_word, offset)
            if offset in marks:
                assert abs(start - (item_start + marks[offset])) <= START_TOLERANCE_S, (lines, item["text"])
                checked += 1
            offset += len(" ".join(lines))
            position += 1
    assert position == len(found)
    assert checked > len(items)  # most items have several cues, and their words have marks


@pytest.mark.parametrize("audio_format", ["--mp3", "--wav"])
def test_cached_speech_gives_the_same_cues_as_fresh_speech(tmp_path: Path, audio_format: str) -> None:
    """Word marks are cached beside the audio; speech cached without them (an export without subtitles) is spoken
    again. An uncached export itself varies by up to 0.09 s (eSpeak NG, run by different processes)."""
    article = ARTICLES / "ketamine-depression.md"
    extension = audio_format.lstrip("-")
    for name, flags in [
        ("plain", ()),
        ("first", ("--subtitles", "vtt")),
        ("cached", ("--subtitles", "vtt")),
        ("fresh", ("--subtitles", "vtt", "--no-cache")),
    ]:
        run = narrate("export", article, audio_format, "-o", tmp_path / f"{name}.{extension}", *flags, "-q")
        assert run.status == 0, run.stderr

    first, cached, fresh = (cues(tmp_path / f"{name}.vtt") for name in ("first", "cached", "fresh"))
    assert cached == first  # all from the cache, marks included
    assert [lines for _, _, lines in first] == [lines for _, _, lines in fresh]
    for (start, end, _), (fresh_start, fresh_end, _) in zip(first, fresh, strict=True):
        assert abs(start - fresh_start) <= 0.1 and abs(end - fresh_end) <= 0.1

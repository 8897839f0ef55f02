"""``narrate export`` of the sample article with the real engine, checked with real decoders and readers.

One export (MP3, WAV, WebVTT subtitles and split files at once) is shared by
the module; every check reads what a listener's software would read.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ARTICLES
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from narrate import narrate

pytestmark = pytest.mark.audio

ARTICLE = ARTICLES / "ketamine-depression.md"
SILENCE_BEFORE_SECTION_S = 0.8
"""The script puts 900 ms of silence before every section announcement."""
QUIET = 64
"""Peak sample value still counted as silence (of 32767)."""


@dataclass(frozen=True)
class Export:
    folder: Path
    mp3: Path
    wav: Path
    vtt: Path
    parts: Path


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    folder = tmp_path_factory.mktemp("export")
    mp3 = folder / "ketamine.mp3"
    result = narrate(
        "export", ARTICLE, "--mp3", "--wav", "-o", mp3, "--subtitles", "vtt", "--split", folder / "parts", "--no-cache"
    )
    assert result.status == 0, result.stderr
    return Export(folder, mp3, folder / "ketamine.wav", folder / "ketamine.vtt", folder / "parts")


def ffprobe(path: Path, *entries: str) -> dict[str, object]:
    command = ["ffprobe", "-v", "error", *entries, "-of", "json", str(path)]
    probed: dict[str, object] = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    return probed


def headings() -> list[str]:
    outline = json.loads(narrate("outline", ARTICLE, "--json").stdout)
    return [section["heading"] for section in outline["sections"]]


def decoded_samples(path: Path, rate: int) -> array[int]:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"],
        capture_output=True,
        check=True,
    ).stdout
    return array("h", raw)


def wav_samples(path: Path) -> tuple[array[int], int]:
    with wave.open(str(path)) as audio:
        return array("h", audio.readframes(audio.getnframes())), audio.getframerate()


def cues(path: Path) -> list[tuple[float, float, str]]:
    """(start, end, text) of every WebVTT cue, text unescaped."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        if not block.strip():
            continue
        _, timing, text = block.split("\n", 2)
        start, end = (_seconds(stamp) for stamp in timing.split(" --> "))
        found.append((start, end, text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")))
    return found


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_a_decoder_reads_the_whole_mp3_without_error(export: Export) -> None:
    result = subprocess.run(["ffmpeg", "-v", "error", "-i", str(export.mp3), "-f", "null", "-"], capture_output=True)
    assert result.returncode == 0
    assert result.stderr == b""


def test_one_chapter_per_section_in_reading_order_read_by_ffprobe_and_mutagen(export: Export) -> None:
    expected = headings()
    assert len(expected) == 6

    probed = ffprobe(export.mp3, "-show_chapters")["chapters"]
    assert isinstance(probed, list)
    assert [chapter["tags"]["title"] for chapter in probed] == expected

    tags = ID3(export.mp3)
    (toc,) = tags.getall("CTOC")
    chapters = {chap.element_id: chap for chap in tags.getall("CHAP")}
    assert [str(chapters[child].sub_frames["TIT2"]) for child in toc.child_element_ids] == expected
    assert [chapters[child].start_time for child in toc.child_element_ids] == [c["start"] for c in probed]
    assert str(tags["TIT2"]).startswith("Exploring Ketamine Injections for Depression")


def test_chapters_start_where_each_announcement_is_heard_and_end_with_the_file(export: Export) -> None:
    """Found in the audio itself: the first chapter starts at 0 (the title belongs to it), every other at the end
    of a long silence, as speech begins."""
    samples, rate = wav_samples(export.wav)
    probed = ffprobe(export.mp3, "-show_chapters")["chapters"]
    assert isinstance(probed, list)
    announcements = [cue for cue in cues(export.vtt) if cue[2].startswith("Section ")]
    assert probed[0]["start"] == 0 and announcements[0][0] > 2  # the title and byline are heard first
    assert all(earlier["end"] == later["start"] for earlier, later in itertools.pairwise(probed))

    for number, (chapter, announcement) in enumerate(zip(probed, announcements, strict=True), start=1):
        if number == 1:
            assert announcement[2].startswith(f"Section 1 of {len(probed)}")
            continue
        start = chapter["start"] / 1000
        frame = round(start * rate)
        silence = samples[frame - round(SILENCE_BEFORE_SECTION_S * rate) : frame]
        onset = next(index for index in range(frame, len(samples)) if abs(samples[index]) > QUIET)
        assert max(map(abs, silence)) <= QUIET, f"no silence before chapter {chapter['tags']['title']}"
        assert 0 <= (onset - frame) / rate < 0.05, f"speech starts {(onset - frame) / rate:.3f} s after the chapter"
        assert start == pytest.approx(announcement[0], abs=0.002)
        assert announcement[2].startswith(f"Section {number} of {len(probed)}")

    decoded = decoded_samples(export.mp3, rate)
    assert probed[-1]["end"] == round(1000 * len(decoded) / rate)
    assert len(decoded) == len(samples)  # the MP3 plays exactly the WAV's samples


def test_wav_and_mp3_durations_agree(export: Export) -> None:
    samples, rate = wav_samples(export.wav)
    wav_seconds = len(samples) / rate
    probed = ffprobe(export.mp3, "-show_format")["format"]
    assert isinstance(probed, dict)
    assert abs(float(probed["duration"]) - wav_seconds) < 0.1
    info = MP3(export.mp3).info
    assert info is not None and abs(info.length - wav_seconds) < 0.1
    assert wav_seconds > 200  # the whole article, not a fragment


def test_split_files_add_up_to_the_whole_and_the_playlist_lists_them_in_order(export: Export) -> None:
    expected = headings()
    playlist = (export.parts / "ketamine.m3u").read_text(encoding="utf-8").splitlines()
    assert playlist[0] == "#EXTM3U"
    entries = list(zip(playlist[1::2], playlist[2::2], strict=True))
    files = sorted(path.name for path in export.parts.glob("*.mp3"))
    assert [name for _, name in entries] == files
    assert len(files) == len(expected)

    chapters = ffprobe(export.mp3, "-show_chapters")["chapters"]
    assert isinstance(chapters, list)
    total = 0
    for number, ((info, name), heading, chapter) in enumerate(zip(entries, expected, chapters, strict=True), start=1):
        duration = float(ffprobe(export.parts / name, "-show_format")["format"]["duration"])  # type: ignore[index]
        samples = len(decoded_samples(export.parts / name, 22050))
        exact = samples / 22050
        # gapless: each part decodes to exactly its chapter of the whole, the join's silence included
        assert abs(1000 * exact - (chapter["end"] - chapter["start"])) <= 1
        listed = re.fullmatch(r"#EXTINF:(\d+),(.*)", info)
        assert listed is not None and listed.group(2) == heading
        assert abs(int(listed.group(1)) - exact) <= 0.5
        assert name.startswith(f"{number:02d}-")
        assert str(ID3(export.parts / name)["TIT2"]) == heading
        assert abs(duration - exact) < 0.1
        total += samples
    assert total == len(wav_samples(export.wav)[0])  # played back to back, the parts are the whole, to the sample


def test_subtitles_are_in_order_never_overlap_and_say_exactly_the_script(export: Export) -> None:
    script = json.loads(narrate("script", ARTICLE, "--json").stdout)
    spoken = [item["text"] for item in script if item["kind"] in ("announcement", "text") and item["text"].strip()]

    found = cues(export.vtt)

    assert " ".join(text.replace("\n", " ") for _, _, text in found) == " ".join(" ".join(spoken).split())
    assert len(found) > len(spoken)  # long sentences in caption-sized cues
    for (start, end, _), (next_start, _, _) in itertools.pairwise(found):
        assert start < end <= next_start

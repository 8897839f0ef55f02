"""The MP3 sink on synthetic audio: decoders play exactly the samples encoded, chapters and tags are read back.

Clicks at known sample positions stand in for speech, so a decoder that
shifted the audio by LAME's delay (about 50 ms) or cut its end would fail.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3

from narrator.audio import AudioChunk
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection
from narrator.sinks.base import ChapterTimer
from narrator.sinks.id3 import Mp3Tags
from narrator.sinks.mp3 import Mp3Writer, RunEncoder

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")

SCRIPT = Script(
    title="A title",
    language="en",
    items=(
        ScriptItem(ItemKind.TEXT, None, "A title", role="title"),
        ScriptItem(ItemKind.ANNOUNCEMENT, 0, "Section 1 of 2: First", role="heading"),
        ScriptItem(ItemKind.PAUSE, 0, pause_ms=500),
        ScriptItem(ItemKind.TEXT, 0, "Words."),
        ScriptItem(ItemKind.ANNOUNCEMENT, 1, "Section 2 of 2: Second’s part", role="heading"),
        ScriptItem(ItemKind.TEXT, 1, "More words."),
    ),
    sections=(ScriptSection(0, 2, "First", 1), ScriptSection(1, 2, "Second’s part", 2)),
)
CLICK_LENGTH = 40


def clicked(frames: int, rate: int) -> AudioChunk:
    """Silence with a loud click at its first sample, so its start can be found after decoding."""
    pcm = bytearray(2 * frames)
    for index in range(CLICK_LENGTH):
        struct.pack_into("<h", pcm, 2 * index, 20000)
    return AudioChunk(bytes(pcm), rate)


def write_mp3(path: Path, tags: Mp3Tags, script: Script, chunks: list[AudioChunk], bitrate: int) -> None:
    """Write ``chunks`` (one per item of ``script``) as an MP3 of one encoded run, timing its chapters."""
    timer = ChapterTimer(script)
    encoder = RunEncoder(chunks[0].sample_rate, bitrate)
    for item, chunk in zip(script.items, chunks, strict=True):
        timer.write(item, chunk)
        encoder.encode(chunk.pcm)
    with path.open("w+b") as file:
        writer = Mp3Writer(file, tags, timer)
        writer.append(encoder.finish())
        writer.close()


def encode(path: Path, rate: int, bitrate: int) -> list[int]:
    """Write SCRIPT with one clicked chunk per item; returns the frame at which each item starts."""
    lengths = [rate // 3 + 7, rate + 11, rate // 2, rate // 2 + 5, rate * 2 + 3, rate // 4 + 1]
    chunks = [clicked(length, rate) for length in lengths]
    write_mp3(path, Mp3Tags(title="A title", album="An album", artist="A. Writer"), SCRIPT, chunks, bitrate)
    return [sum(lengths[:index]) for index in range(len(lengths) + 1)]


def decoded(path: Path) -> list[int]:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"], capture_output=True, check=True
    ).stdout
    return list(struct.unpack(f"<{len(raw) // 2}h", raw))


def click_starts(samples: list[int]) -> list[int]:
    return [index for index in range(1, len(samples)) if abs(samples[index]) > 8000 and abs(samples[index - 1]) < 4000]


@needs_ffmpeg
@pytest.mark.parametrize(("rate", "bitrate"), [(22050, 64), (22050, 32), (16000, 24), (44100, 128), (24000, 48)])
def test_decoders_play_exactly_the_encoded_samples(tmp_path: Path, rate: int, bitrate: int) -> None:
    path = tmp_path / "clicks.mp3"
    starts = encode(path, rate, bitrate)

    samples = decoded(path)

    assert len(samples) == starts[-1]
    heard = click_starts(samples)
    assert heard[-5:] == starts[1:-1]  # the first click may fade in; every later one lands on its sample
    info = MP3(path).info
    assert info is not None and info.length == pytest.approx(starts[-1] / rate, abs=1e-6)


@needs_ffmpeg
def test_ffprobe_and_mutagen_read_the_chapters_and_tags(tmp_path: Path) -> None:
    rate = 22050
    path = tmp_path / "chapters.mp3"
    starts = encode(path, rate, 64)

    probe = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(path)],
            capture_output=True,
            check=True,
        ).stdout
    )
    chapters = [(c["tags"]["title"], float(c["start_time"]), float(c["end_time"])) for c in probe["chapters"]]
    tags = ID3(path)

    # the first chapter holds the opening too
    expected = [("First", 0, starts[4] / rate), ("Second’s part", starts[4] / rate, starts[-1] / rate)]
    assert [title for title, _, _ in chapters] == [title for title, _, _ in expected]
    for (_, start, end), (_, want_start, want_end) in zip(chapters, expected, strict=True):
        assert start == pytest.approx(want_start, abs=0.001)
        assert end == pytest.approx(want_end, abs=0.001)
    assert abs(float(probe["format"]["duration"]) - starts[-1] / rate) < 0.1
    assert probe["format"]["tags"]["title"] == "A title"
    assert probe["format"]["tags"]["artist"] == "A. Writer"
    assert probe["format"]["tags"]["album"] == "An album"
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == [chap.element_id for chap in tags.getall("CHAP")]
    assert [str(chap.sub_frames["TIT2"]) for chap in tags.getall("CHAP")] == ["First", "Second’s part"]


def test_a_file_without_audio_is_still_a_tagged_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp3"
    with path.open("w+b") as file:
        Mp3Writer(file, Mp3Tags(title="Nothing", album="Nothing")).close()
    assert str(ID3(path)["TIT2"]) == "Nothing"


def probe_chapters(path: Path) -> list[tuple[str, int, int]]:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)], capture_output=True, check=True
    )
    chapters = json.loads(probe.stdout)["chapters"]
    assert {chapter["time_base"] for chapter in chapters} <= {"1/1000"}
    return [(chapter["tags"]["title"], chapter["start"], chapter["end"]) for chapter in chapters]


@needs_ffmpeg
@pytest.mark.parametrize("count", [12, 300])
def test_chapters_are_stored_in_reading_order_however_long_their_titles(tmp_path: Path, count: int) -> None:
    """Players list chapters in file order; more than 255 chapters need a nested table of contents."""
    headings = [("Long heading " * (7 - index % 7)).strip() + f" {index}" for index in range(count)]
    script = Script(
        title="Many",
        language="en",
        items=tuple(ScriptItem(ItemKind.ANNOUNCEMENT, index, heading) for index, heading in enumerate(headings)),
        sections=tuple(ScriptSection(index, 2, heading, index + 1) for index, heading in enumerate(headings)),
    )
    path = tmp_path / "many.mp3"
    chunks = [AudioChunk(bytes(2 * 441), 44100) for _ in script.items]  # 10 ms each
    write_mp3(path, Mp3Tags(title="Many", album="Many"), script, chunks, 32)

    expected = [(heading, 10 * index, 10 * (index + 1)) for index, heading in enumerate(headings)]
    assert probe_chapters(path) == expected
    tags = ID3(path)
    top = [toc for toc in tags.getall("CTOC") if toc.flags & CTOCFlags.TOP_LEVEL]
    assert len(top) == 1
    tables = {toc.element_id: toc.child_element_ids for toc in tags.getall("CTOC")}
    chapters = {chap.element_id: chap for chap in tags.getall("CHAP")}
    ordered = [child for entry in top[0].child_element_ids for child in (tables.get(entry, [entry]))]
    assert [
        (str(chapters[i].sub_frames["TIT2"]), chapters[i].start_time, chapters[i].end_time) for i in ordered
    ] == expected

"""``narrate export --m4b --opus`` with the real engine and ffmpeg: chapters, tags, cover, played by a real player."""

from __future__ import annotations

import base64
import json
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from mutagen.flac import Picture
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from narrate import narrate, start, wait_until
from processes import alive

pytestmark = [
    pytest.mark.audio,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg and ffprobe"),
]

ARTICLE = """---
title: Morning walks
author: Ada Walker
---

## Why walking helps

Walking lifts the mood and wakes the body.

## Where to start

Start at your own front door.

## How far to go

Ten minutes is enough at first.
"""
HEADINGS = ["Why walking helps", "Where to start", "How far to go"]


def probe(path: Path) -> dict[str, Any]:
    command = ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-show_streams", "-of", "json", str(path)]
    probed: dict[str, Any] = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    return probed


def chapters(path: Path) -> list[tuple[str, int, int]]:
    return [(chapter["tags"]["title"], chapter["start"], chapter["end"]) for chapter in probe(path)["chapters"]]


def decoded_seconds(path: Path) -> float:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "22050", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return len(raw) / 2 / 22050


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("books")
    (folder / "walks.md").write_text(ARTICLE, encoding="utf-8")
    cover = folder / "cover.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=green:s=64x64", "-frames:v", "1", str(cover)],
        check=True,
    )
    run = narrate("export", folder / "walks.md", "--mp3", "--wav", "--m4b", "--opus", "--cover", cover, "-q")
    assert run.status == 0, run.stderr
    return folder


@pytest.mark.parametrize("suffix", ["m4b", "opus"])
def test_chapters_in_order_at_the_mp3s_times_with_tags_and_length(exported: Path, suffix: str) -> None:
    path = exported / f"walks.{suffix}"
    mp3 = chapters(exported / "walks.mp3")
    found = chapters(path)

    assert [title for title, _, _ in found] == HEADINGS
    assert [start for _, start, _ in found] == [start for _, start, _ in mp3]  # the first at 0, the rest exact
    assert found[0][1] == 0
    probed = probe(path)
    tags = [probed["format"].get("tags", {})] + [stream.get("tags", {}) for stream in probed["streams"]]
    named = {key.lower(): value for found in tags for key, value in found.items()}
    assert named["title"] == "Morning walks" and named["artist"] == "Ada Walker"
    assert abs(decoded_seconds(path) - decoded_seconds(exported / "walks.wav")) < 0.03


def test_the_cover_is_in_every_format_as_its_players_read_it(exported: Path) -> None:
    image = (exported / "cover.png").read_bytes()
    streams = probe(exported / "walks.m4b")["streams"]
    pictures = [stream for stream in streams if stream["codec_type"] == "video"]
    assert len(pictures) == 1 and pictures[0]["disposition"]["attached_pic"] == 1
    assert bytes(MP4(exported / "walks.m4b")["covr"][0]) == image
    (block,) = OggOpus(exported / "walks.opus")["metadata_block_picture"]
    assert Picture(base64.b64decode(block)).data == image
    (apic,) = ID3(exported / "walks.mp3").getall("APIC")
    assert (apic.mime, apic.type, apic.data) == ("image/png", 3, image)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--m4b", "--cover", "walks.md"], "Error: Cover image is not a JPEG or PNG file: walks.md"),
        (
            ["--opus", "--cover", "missing.jpg"],
            "Error: Cannot read the cover image missing.jpg: No such file or directory",
        ),
        (["--m4b", "--split", "parts"], "Error: --split writes MP3 or WAV parts: add --mp3 or --wav."),
    ],
)
def test_a_bad_cover_or_split_is_refused_in_one_line_before_anything_is_written(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    (tmp_path / "walks.md").write_text(ARTICLE, encoding="utf-8")
    run = narrate("export", "walks.md", *arguments, cwd=tmp_path)
    assert run.status == 1
    assert run.stderr.strip().splitlines() == [message]
    assert [path.name for path in tmp_path.iterdir()] == ["walks.md"]


@pytest.mark.skipif(shutil.which("ffplay") is None, reason="needs ffplay")
def test_a_real_player_plays_the_m4b_to_the_end(exported: Path) -> None:
    path = exported / "walks.m4b"
    duration = decoded_seconds(path)
    started = time.monotonic()
    played = subprocess.run(
        ["ffplay", "-nodisp", "-autoexit", "-v", "error", str(path)],
        env={"SDL_AUDIODRIVER": "dummy", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=120 + 5 * duration,
    )
    assert played.returncode == 0, played.stderr
    assert played.stderr == b""
    assert time.monotonic() - started >= 0.95 * duration  # it played all of it, not an error at the start


def test_without_ffmpeg_one_line_says_so_and_nothing_is_written(tmp_path: Path) -> None:
    article = tmp_path / "walks.md"
    article.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    run = narrate("export", article, "--m4b", env={"PATH": str(empty)})
    assert run.status == 1
    assert run.stderr.strip().splitlines() == [
        "Error: M4B and Opus export need ffmpeg, which was not found: install it (apt install ffmpeg, "
        "brew install ffmpeg, winget install ffmpeg) or export --mp3 or --wav."
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bin", "walks.md"]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_sigterm_mid_export_stops_ffmpeg_and_leaves_no_file_anywhere(tmp_path: Path) -> None:
    article = tmp_path / "long.md"
    article.write_text(ARTICLE + "\n".join(ARTICLE.split("---")[-1] for _ in range(60)), encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = start(
        "export", article, "--m4b", "--no-cache", "--progress", "plain", "--jobs", "1", env={"TMPDIR": str(scratch)}
    )
    try:
        assert process.stderr is not None
        lines = [process.stderr.readline() for _ in range(3)]  # a few sections in: ffmpeg is encoding
        running = children(process.pid)
        encoders = [pid for pid in running if Path(f"/proc/{pid}/exe").resolve().name.startswith("ffmpeg")]
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=60)
        rest = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert all(line.startswith("Exporting ") or line.strip() for line in lines)
    assert status == 130, rest
    assert rest.splitlines()[-1] == "Error: Interrupted: the export was stopped and no file was written."
    assert encoders, "ffmpeg was not encoding when the signal came"
    wait_until(lambda: not any(alive(pid) for pid in running), timeout=10, what="ffmpeg to be stopped")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["long.md", "tmp"]
    assert [path.name for path in scratch.iterdir() if path.name.startswith("narrator")] == []  # (libpulse's may stay)


def children(pid: int) -> set[int]:
    """The processes ``pid`` started that are still alive, read from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found

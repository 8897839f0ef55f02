"""Issue 17's crashes, signals, damaged caches and failed commits, through the real CLI.

An export killed with SIGKILL at ten random points leaves nothing the next
export into that folder does not clean up, and no process of its own alive;
damaged cache entries (flipped, truncated, extended, replaced) are misses,
never bad audio or an error; SIGHUP ends an export or a player as SIGTERM
does; a commit that fails half-way takes back what it had renamed; and a
split into 2,000 parts never holds more than a few files open.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import resource
import signal
import subprocess
import time
import uuid
import wave
from pathlib import Path
from typing import Any

import pytest
from bounded import TAG, limits, survivors
from conftest import ARTICLES
from narrate import Run, command, environment, narrate, wait_until
from pulse import PulseServer
from robust import snapshot

pytestmark = pytest.mark.audio

FAKE = {"fake": "fake_engine:FakeEngine"}
CPU_SECONDS, MEGABYTES = 300, 2000
"""Every run here is bounded (tests/bounded.py): a hang or a leak fails the test instead of the machine."""


def bounded_narrate(*args: str | Path, **options: Any) -> Run:
    return narrate(*args, preexec_fn=options.pop("preexec_fn", limits(CPU_SECONDS, MEGABYTES)), **options)


def bounded_start(*args: str | Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """``narrate ARGS`` started with pipes (as tests/narrate.py's ``start``), under the same limits."""
    return subprocess.Popen(
        command(*args),
        env=environment(env),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limits(CPU_SECONDS, MEGABYTES),
    )


def long_article(folder: Path, copies: int = 3) -> Path:
    """The sample article, its sections repeated: a few thousand words, long enough for worker processes."""
    text = (ARTICLES / "ketamine-depression.md").read_text(encoding="utf-8")
    path = folder / "long.md"
    path.write_text(text + "\n".join(text.replace("# ", "## ", 1) for _ in range(copies - 1)), encoding="utf-8")
    return path


def digests(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        for path in sorted(folder.iterdir())
    }


def cache_entries(cache_home: Path) -> list[Path]:
    """Every cache entry file (not folders, not temporary files) under the cache home."""
    return sorted(path for path in cache_home.rglob("*") if path.is_file() and not path.name.endswith(".tmp"))


def wait_for_survivors_to_go(tag: str, what: str) -> None:
    wait_until(lambda: not survivors(tag), timeout=15, what=f"every process of {what} to end")


# SIGKILL at random points --------------------------------------------------------------


def test_sigkill_at_ten_random_points_then_the_next_export_leaves_only_its_own_output(tmp_path: Path) -> None:
    article = long_article(tmp_path)
    warm = {"XDG_CACHE_HOME": str(tmp_path / "warm-cache")}
    reference = tmp_path / "reference"
    reference.mkdir()
    outputs = ["a.mp3", "a.vtt", "a.wav"]
    clean = bounded_narrate(
        "export", article, "--mp3", "--wav", "--subtitles", "vtt", "-o", reference / "a.mp3", env=warm
    )
    assert clean.status == 0, clean.stderr
    assert sorted(path.name for path in reference.iterdir()) == outputs

    folder = tmp_path / "out"
    folder.mkdir()
    chooser = random.Random(17)
    for kill in range(10):
        tag = uuid.uuid4().hex
        process = bounded_start(
            "export", article, "--mp3", "--wav", "--subtitles", "vtt", "-o", folder / "a.mp3", "--force", "--no-cache",
            env={TAG: tag, "XDG_CACHE_HOME": str(tmp_path / f"cold-cache-{kill}")},
        )  # fmt: skip
        time.sleep(chooser.uniform(0.05, clean.seconds))  # a random point of a run that takes longer than this
        process.kill()
        process.communicate()
        wait_for_survivors_to_go(tag, f"the export killed at kill {kill}")

    run = bounded_narrate(
        "export", article, "--mp3", "--wav", "--subtitles", "vtt", "-o", folder / "a.mp3", "--force", env=warm
    )  # fmt: skip
    assert run.status == 0, run.stderr
    assert digests(folder) == digests(reference)  # only its own outputs, and the same bytes as a clean run


# Damaged cache entries -------------------------------------------------------------------


def damage(entry: Path, how: str, chooser: random.Random) -> None:
    data = entry.read_bytes()
    if how == "flip" and data:
        position = chooser.randrange(len(data))
        data = data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1 :]
    elif how == "truncate":
        data = data[: chooser.randrange(len(data) or 1)]
    elif how == "extend":
        data += chooser.randbytes(chooser.randrange(1, 5000))
    elif how == "noise":  # overwrite a stretch in the middle with full-scale samples
        middle = len(data) // 2
        data = data[:middle] + b"\xff\x7f\x01\x80" * 2000 + data[middle + 8000 :]
    elif how == "26 bytes":
        data = chooser.randbytes(26)
    entry.write_bytes(data)


def test_cache_fuzz_every_export_is_the_clean_one(tmp_path: Path) -> None:
    """Flip, truncate, extend or replace random entries between exports: exit 0 and the same bytes each time.

    The fake engine is deterministic, so a re-synthesized entry is the same audio; the real engine's
    damaged entries are checked by length, chapters and noise below.
    """
    article = long_article(tmp_path, copies=2)
    cache_home = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache_home)}
    export: list[str | Path] = [
        "export",
        article,
        "--mp3",
        "--wav",
        "--subtitles",
        "srt",
        "--engine",
        "fake",
        "--force",
        "-q",
    ]
    reference = bounded_narrate(*export, "-o", tmp_path / "reference.mp3", env=env, engines=FAKE)
    assert reference.status == 0, reference.stderr
    clean = {
        name.replace("reference", "a"): digest for name, digest in digests(tmp_path).items() if "reference" in name
    }
    chooser = random.Random(1717)
    for round_number in range(6):
        entries = cache_entries(cache_home)
        assert entries
        for entry in chooser.sample(entries, max(1, len(entries) // 4)):
            damage(entry, chooser.choice(["flip", "truncate", "extend", "noise", "26 bytes"]), chooser)
        run = bounded_narrate(*export, "-o", tmp_path / "a.mp3", env=env, engines=FAKE)
        assert (run.status, run.stderr) == (0, ""), (round_number, run.stderr)
        exported = {name: digest for name, digest in digests(tmp_path).items() if name.startswith("a.")}
        assert exported == clean, round_number


def wav_seconds_and_peak_run(path: Path) -> tuple[float, int]:
    """Length, and the longest run of near-full-scale samples (speech never has one)."""
    import array

    with wave.open(str(path)) as audio:
        samples = array.array("h")
        samples.frombytes(audio.readframes(audio.getnframes()))
        seconds = audio.getnframes() / audio.getframerate()
    longest = run = 0
    for sample in samples:
        run = run + 1 if abs(sample) > 30_000 else 0
        longest = max(longest, run)
    return seconds, longest


def ffprobe_seconds_and_errors(path: Path) -> tuple[float, str, list[str]]:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration:chapter=title", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    decode = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"], capture_output=True, text=True, check=False
    )
    lines = probe.stdout.split()
    return float(lines[-1]), decode.stderr, lines[:-1]


def test_damaged_entries_of_real_speech_are_misses(tmp_path: Path) -> None:
    """Each way the issue found: a truncated item (6.4 s shorter), full-scale noise, a truncated MP3 run (decode
    errors, a wrong length in the tag), a damaged length (chapters at 181,400 s), a 26-byte entry (an error)."""
    article = long_article(tmp_path, copies=1)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = bounded_narrate("export", article, "--mp3", "--wav", "-o", tmp_path / "clean.mp3", "-q", env=env)
    assert first.status == 0, first.stderr
    clean_seconds, _ = wav_seconds_and_peak_run(tmp_path / "clean.wav")
    chooser = random.Random(17)
    ways = ["truncate", "noise", "flip", "26 bytes", "extend"]
    for number, entry in enumerate(chooser.sample(cache_entries(tmp_path / "cache"), 3 * len(ways))):
        damage(entry, ways[number % len(ways)], chooser)
    run = bounded_narrate("export", article, "--mp3", "--wav", "-o", tmp_path / "again.mp3", "-q", env=env)
    assert (run.status, run.stderr) == (0, ""), run.stderr
    seconds, noise = wav_seconds_and_peak_run(tmp_path / "again.wav")
    assert abs(seconds - clean_seconds) < 0.5  # items made again vary by milliseconds; a damaged one used, by seconds
    assert noise < 20
    mp3_seconds, errors, chapters = ffprobe_seconds_and_errors(tmp_path / "again.mp3")
    clean_mp3_seconds, _, clean_chapters = ffprobe_seconds_and_errors(tmp_path / "clean.mp3")
    assert errors == ""
    assert abs(mp3_seconds - clean_mp3_seconds) < 0.2 and chapters == clean_chapters


def test_stray_files_and_folders_in_the_cache_are_ignored(tmp_path: Path) -> None:
    article = long_article(tmp_path, copies=1)
    cache_home = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache_home)}
    assert bounded_narrate("export", article, "--wav", "-q", env=env).status == 0
    entry = cache_entries(cache_home)[0]
    (entry.parent / "stray" / "inner").mkdir(parents=True)
    (entry.parent.parent / "zz" / f"{'0' * 64}.pcm").mkdir(parents=True)
    (entry.parent.parent / "notes.txt").write_text("the user's own notes")
    for arguments in (["cache", "info"], ["export", article, "--wav", "--force", "-q"], ["cache", "clear"]):
        run = bounded_narrate(*arguments, env=env)
        assert run.status == 0 and "Error" not in run.stderr, (arguments, run.stderr)


# Signals ---------------------------------------------------------------------------------


def test_sighup_ends_an_export_as_sigterm_does(tmp_path: Path) -> None:
    article = long_article(tmp_path)
    before = snapshot(tmp_path)
    tag = uuid.uuid4().hex
    process = bounded_start("export", article, "--mp3", "--wav", "--no-cache", "--progress", "plain", env={TAG: tag})
    assert process.stderr is not None
    assert process.stderr.readline().startswith("Exporting ")
    process.send_signal(signal.SIGHUP)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 130, rest
    assert rest.splitlines()[-1] == "Error: Interrupted: the export was stopped and no file was written."
    assert snapshot(tmp_path) == before
    wait_for_survivors_to_go(tag, "the export")


@pytest.mark.sound
@pytest.mark.parametrize("stop", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_play_saves_its_position_on_sighup_and_sigterm(
    tmp_path: Path, pulse: PulseServer, private_user_dirs: Path, stop: signal.Signals
) -> None:
    article = long_article(tmp_path)
    tag = uuid.uuid4().hex
    process = bounded_start("play", article, "--start-at", "2", env={**pulse.variables, TAG: tag})
    assert process.stdout is not None
    assert process.stdout.readline().startswith("Section 2 of ")
    process.send_signal(stop)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 130, rest
    wait_for_survivors_to_go(tag, "the player")
    positions = list((private_user_dirs / "xdg_state_home" / "narrator" / "positions").glob("*.json"))
    assert len(positions) == 1 and '"section": 1' in positions[0].read_text()


@pytest.mark.sound
def test_no_helper_outlives_a_killed_player(tmp_path: Path, pulse: PulseServer) -> None:
    """Workers, the fork server and multiprocessing's resource tracker all go when the player is killed."""
    article = long_article(tmp_path)
    tag = uuid.uuid4().hex
    process = bounded_start("play", article, env={**pulse.variables, TAG: tag})
    assert process.stdout is not None
    process.stdout.readline()
    with contextlib.suppress(AssertionError):  # the player starts its workers once its first audio is out
        wait_until(lambda: len(survivors(tag)) > 1, timeout=10, what="the player's helper processes")
    process.kill()
    process.communicate()
    wait_for_survivors_to_go(tag, "the killed player")


# Commits ---------------------------------------------------------------------------------


def test_a_commit_that_fails_half_way_takes_back_what_it_renamed(tmp_path: Path) -> None:
    """A folder appears where the subtitles go while the export runs: nothing of the export stays."""
    article = long_article(tmp_path)
    (tmp_path / "long.mp3").write_bytes(b"the user's old export")
    before = snapshot(tmp_path)
    tag = uuid.uuid4().hex
    process = bounded_start("export", article, "--mp3", "--subtitles", "vtt", "--force", "--no-cache", env={TAG: tag})
    wait_until(lambda: any(tmp_path.glob(".long.vtt.*.part")), timeout=60, what="the export's temporary files")
    (tmp_path / "long.vtt").mkdir()
    _, errors = process.communicate(timeout=120)
    (tmp_path / "long.vtt").rmdir()
    assert process.returncode == 1, errors
    assert len(errors.splitlines()) == 1 and errors.startswith("Error: ") and "long.vtt" in errors, errors
    assert snapshot(tmp_path) == before  # the old MP3 is back, and no temporary file is left
    wait_for_survivors_to_go(tag, "the export")


def test_two_thousand_split_parts_never_hold_two_thousand_files_open(tmp_path: Path) -> None:
    sections = "\n\n".join(f"## Part {number}\n\nWords of part {number}." for number in range(2000))
    article = tmp_path / "many.md"
    article.write_text(f"# Many parts\n\nAn opening.\n\n{sections}\n", encoding="utf-8")

    def few_files() -> None:
        limits(CPU_SECONDS, MEGABYTES)()
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    run = bounded_narrate(
        "export", article, "--mp3", "--split", tmp_path / "parts", "--engine", "fake", "-q",
        engines=FAKE, preexec_fn=few_files, timeout=600,
    )  # fmt: skip
    assert (run.status, run.stderr) == (0, ""), run.stderr
    assert len(list((tmp_path / "parts").glob("*.mp3"))) == 2001


@pytest.mark.sound
def test_a_reading_child_stops_when_its_player_is_killed(tmp_path: Path, pulse: PulseServer) -> None:
    """A page that takes seconds to read: the child reading it goes with the player, not on at 100 % CPU."""
    paragraphs = "".join(
        f"<p>Paragraph {number} of the harbour report, <b>bold</b> and <i>plain</i>.</p>" for number in range(40_000)
    )
    page = tmp_path / "big.html"
    page.write_text(f"<html><body><h1>Harbour report</h1>{paragraphs}</body></html>", encoding="utf-8")
    tag = uuid.uuid4().hex
    process = bounded_start("play", page, env={**pulse.variables, TAG: tag})
    wait_until(lambda: len(survivors(tag)) > 1, timeout=30, what="the player's reading child")
    process.kill()
    process.wait(timeout=30)  # not communicate(): a child left alive would hold the pipes open forever
    wait_for_survivors_to_go(tag, "the killed player's reading child")
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()

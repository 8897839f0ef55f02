"""Outputs and the environment: unwritable folders, a full disk, Ctrl-C from the keyboard, no engine, bad settings.

Each failure is one line and a non-zero exit, and the folder the user chose
is left exactly as it was: no partial file, no temporary file, no folder.
Covered elsewhere and not repeated: a missing output folder, an existing
output without --force, SIGINT and SIGTERM sent to the export process
(tests/test_export_outputs.py); SIGINT and SIGTERM in play saving the
position, no sound server for play (tests/test_play_sound.py); an unknown
engine for ``voices`` and a bad ``NARRATOR_ESPEAK`` (tests/test_voices.py,
tests/test_engine_pyttsx3.py); a malformed or missing lexicon for ``script``
(tests/test_lexicon.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from narrate import start, wait_until
from processes import alive
from pulse import PulseServer
from robust import (
    AS_NOBODY,
    NARRATE,
    as_nobody_env,
    assert_one_line_error,
    can_run_as_nobody,
    limit_file_size,
    measure,
    narrate,
    open_folder,
    snapshot,
)

from narrator.cache import ENTRY_HEADER

pytestmark = pytest.mark.audio

ARTICLE = """# Tides and harbours

## The sea

The sea rises twice a day. The harbour wall keeps the boats safe from the winter storms.

## The wall

The masons rebuilt the wall stone by stone. It took them three long summers.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "tides.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def long_article(folder: Path, words: int) -> Path:
    """An article long enough (``words``) that an export is still running when a test interrupts it."""
    chooser = random.Random(words)
    vocabulary = ["harbour", "wall", "stone", "winter", "storm", "mason", "river", "meadow", "lantern", "quiet"]
    sections = []
    for number in range(1, words // 500 + 1):
        sentences = [" ".join(chooser.choices(vocabulary, k=10)).capitalize() + "." for _ in range(50)]
        sections.append(f"## Part {number}\n\n" + " ".join(sentences))
    path = folder / "long.md"
    path.write_text("# A long article\n\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    return path


# Folders the user cannot write -------------------------------------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    with open_folder() as folder:
        yield folder


@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv (root can write anywhere)")
@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        (["-o", "{folder}/tides.wav"], "Output folder is not writable: {folder}"),
        (["-o", "{home}/tides.wav", "--split", "{folder}/parts"], "Cannot create output folder {folder}/parts"),
    ],
    ids=["audio", "split"],
)
def test_an_unwritable_output_folder_is_named_and_nothing_is_written(
    shared_folder: Path, outputs: list[str], message: str
) -> None:
    source = shared_folder / "tides.md"
    source.write_text(ARTICLE, encoding="utf-8")
    source.chmod(0o644)
    env = as_nobody_env(shared_folder / "home")
    before = snapshot(shared_folder)
    arguments = [part.format(folder=shared_folder, home=shared_folder / "home") for part in outputs]
    run = narrate("export", str(source), "--wav", *arguments, prefix=AS_NOBODY, env=env, clean_env=True)
    assert_one_line_error(run, message.format(folder=shared_folder))
    assert snapshot(shared_folder) == before


# A full disk --------------------------------------------------------------------------

NO_SHARED_MEMORY = "[global]\nenable-shm = no\n"
"""libespeak-ng links PulseAudio, which maps a 64 MB shared-memory file that the file size limit would refuse
too (printing a line of its own); a full disk leaves /dev/shm alone, so the simulation turns that off."""


@pytest.mark.parametrize(
    "formats",
    [["--wav"], ["--mp3"], ["--wav", "--mp3", "--subtitles", "vtt", "--split", "{folder}/parts"]],
    ids=["wav", "mp3", "everything"],
)
def test_a_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path: Path, formats: list[str]) -> None:
    """Simulated with RLIMIT_FSIZE (SIGXFSZ ignored), so writes fail with EFBIG as they would with ENOSPC."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("the user's own file")
    source = long_article(tmp_path, 1000)
    config = tmp_path / "pulse-client.conf"
    config.write_text(NO_SHARED_MEMORY)
    before = snapshot(folder)
    arguments = [part.format(folder=folder) for part in formats]
    run = narrate(
        "export", str(source), *arguments, "-o", str(folder / "long"), "--no-cache",
        env={**os.environ, "PULSE_CLIENTCONFIG": str(config)},
        preexec_fn=lambda: limit_file_size(300_000),
    )  # fmt: skip
    assert_one_line_error(run, f"Cannot write to {folder}", "File too large", "Nothing was written")
    assert snapshot(folder) == before


# Ctrl-C from the keyboard: the whole process group ----------------------------------------


def group_members(group: int) -> list[int]:
    """The processes of ``group`` still running."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                if os.getpgid(int(entry.name)) == group and alive(int(entry.name)):
                    members.append(int(entry.name))
    return members


def group_is_gone(group: int, timeout: float = 10) -> bool:
    """Whether every process of ``group`` (the command and its workers) has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_reaches_export_and_its_workers_and_leaves_nothing(tmp_path: Path) -> None:
    """A terminal sends SIGINT to every process of the job: the workers must not print or linger either."""
    source = long_article(tmp_path, 20_000)
    folder = tmp_path / "out"
    folder.mkdir()
    started = time.perf_counter()
    arguments = ["export", str(source), "--wav", "-o", str(folder / "long.wav"), "--split", str(folder / "parts")]
    process = start(*arguments, text=False, start_new_session=True)

    def well_into_the_export() -> bool:
        """Workers busy and the WAV growing: a megabyte of it written."""
        return sum(part.stat().st_size for part in folder.glob(".long.wav.*.part")) > 2**20

    wait_until(well_into_the_export, what="the export to write its first megabyte")
    os.killpg(process.pid, signal.SIGINT)
    run = measure(process, None, 60, started)
    assert_one_line_error(run, "Interrupted", "no file was written", status=130)
    assert list(folder.iterdir()) == []
    assert group_is_gone(process.pid)


def test_ctrl_c_reaches_play_and_its_workers_and_the_position_is_saved(
    tmp_path: Path, pulse: PulseServer, private_user_dirs: Path
) -> None:
    source = long_article(tmp_path, 3000)
    # stdin is left open: the player waits for commands while it plays
    process = start("play", str(source), "--start-at", "2", env=pulse.env, text=False, start_new_session=True)
    assert process.stdout is not None
    started = time.perf_counter()
    assert process.stdout.readline().decode().startswith("Section 2 of 6: Part 2")
    wait_until(lambda: len(group_members(process.pid)) > 1, what="the player's workers")
    os.killpg(process.pid, signal.SIGINT)
    run = measure(process, None, 30, started)
    assert_one_line_error(run, "Interrupted", status=130)
    assert group_is_gone(process.pid)
    positions = list((private_user_dirs / "xdg_state_home" / "narrator" / "positions").glob("*.json"))
    assert len(positions) == 1 and '"section": 1' in positions[0].read_text()


# No engine, a voice that does not exist, a broken lexicon ----------------------------------


@pytest.mark.parametrize("command", [["export", "--wav"], ["play"]])
def test_an_unknown_engine_is_named_with_the_known_ones(article: Path, pulse: PulseServer, command: list[str]) -> None:
    before = snapshot(article.parent)
    run = narrate(command[0], str(article), *command[1:], "--engine", "nonexistent", env=pulse.env)
    assert_one_line_error(run, "Unknown engine: nonexistent. Known engines: ", "pyttsx3")
    assert snapshot(article.parent) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="eSpeak NG is loaded this way on Linux")
def test_no_espeak_at_all_is_one_line_with_what_to_install(article: Path) -> None:
    """The system's library hidden by a private mount over it, and the wheel's not chosen."""
    libraries = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout.splitlines()
    system = next((line.split("=>")[1].strip() for line in libraries if "libespeak-ng.so.1 " in line), None)
    if system is None or shutil.which("unshare") is None:
        pytest.skip("needs the system's libespeak-ng and unshare to hide it")
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("user namespaces are not available")
    hide = ["unshare", "-rm", "sh", "-c", f'mount --bind /dev/null {Path(system).resolve()} && exec "$0" "$@"']
    before = snapshot(article.parent)
    run = narrate("export", str(article), "--wav", prefix=hide, env={**os.environ, "NARRATOR_ESPEAK": "system"})
    assert_one_line_error(run, "eSpeak NG was not found", "apt install espeak-ng", "pip install espeakng-loader")
    assert snapshot(article.parent) == before


def test_an_unknown_voice_lists_the_closest_before_any_work(article: Path) -> None:
    before = snapshot(article.parent)
    run = narrate("export", str(article), "--wav", "--voice", "Englsh (Amrica)")
    line = assert_one_line_error(run, "Unknown voice: Englsh (Amrica).", "English (America)")
    assert "narrate voices" in line or "Closest" in line
    assert snapshot(article.parent) == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("NMDA = N-methyl-D-aspartate\nno equals sign here\n", "line 2"),
        ("/(unclosed/ = x\n", "line 1"),
        (b"\xff\xfe\x00\x01 = binary\n", "lexicon"),
    ],
    ids=["no-equals", "bad-regex", "not-utf8"],
)
def test_a_malformed_lexicon_stops_export_before_any_audio(
    article: Path, private_user_dirs: Path, content: str | bytes, problem: str
) -> None:
    """Given with --lexicon, and as the default lexicon in the user's config folder that they may have forgotten."""
    given = article.parent / "words.txt"
    default = private_user_dirs / "xdg_config_home" / "narrator" / "lexicon.txt"
    default.parent.mkdir(parents=True)
    for lexicon in (given, default):
        if isinstance(content, bytes):
            lexicon.write_bytes(content)
        else:
            lexicon.write_text(content, encoding="utf-8")
    before = snapshot(article.parent)
    for arguments, named in ((["--lexicon", str(given)], given), ([], default)):
        run = narrate("export", str(article), "--wav", *arguments)
        assert_one_line_error(run, str(named), problem)
        assert snapshot(article.parent) == before


# Two exports at once ---------------------------------------------------------------------


def test_two_exports_of_one_article_into_one_cache_both_succeed_and_the_cache_stays_whole(
    tmp_path: Path, private_user_dirs: Path
) -> None:
    """Both write the same cache entries at the same time; a third run, from the cache, sounds the same.

    The outputs are not compared byte for byte: eSpeak NG's audio for a text
    varies by a few samples with what the process spoke before, and each run
    takes a different share of the entries from the other.
    """
    source = long_article(tmp_path, 2000)
    outputs = [tmp_path / f"copy-{number}.wav" for number in (1, 2, 3)]

    def export(output: Path) -> int:
        return subprocess.run([*NARRATE, "export", str(source), "-o", str(output), "-q"], check=False).returncode

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(export, outputs[:2])) == [0, 0]
    assert export(outputs[2]) == 0
    durations = []
    for output in outputs:
        with wave.open(str(output)) as audio:
            durations.append(audio.getnframes() / audio.getframerate())
    assert min(durations) > 60 and max(durations) - min(durations) < 0.005 * max(durations), durations
    entries = list((private_user_dirs / "xdg_cache_home").rglob("*"))
    samples = [entry for entry in entries if entry.suffix == ".pcm"]
    scripts = [entry for entry in entries if entry.suffix == ".script"]
    assert len(samples) > 50 and scripts and [entry for entry in entries if entry.suffix == ".tmp"] == []
    for entry in samples:  # each whole: a rate, then a sentence's samples
        assert len(entry.read_bytes()) % 2 == 0
    for entry in scripts:  # a section's script, after the cache's own header
        assert json.loads(entry.read_bytes()[ENTRY_HEADER.size :])

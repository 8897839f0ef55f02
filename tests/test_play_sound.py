"""``narrate play`` against a real sound server: what reaches a PulseAudio null sink, recorded with parec.

Each test runs the real CLI in a subprocess with the real engine, drives it
the way a listener or another program would (commands on stdin, keys on a
pseudo-terminal) and measures the recording: how much speech, how much
silence, how fast it reacts.
"""

from __future__ import annotations

import array
import os
import queue
import signal
import subprocess
import termios
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from narrate import command, narrate
from pulse import PulseServer, Recording, pulse_server, recording

pytestmark = [pytest.mark.sound, pytest.mark.audio]

VOICE = ("--rate", "260")
"""A brisk voice keeps the tests short; export and play use the same one."""

ARTICLE = """# Cats and dogs

## Cats

Cats sleep for most of the day. They purr when they are happy and warm.

## Dogs

Dogs bark at strangers who walk past the house. They like long walks in the park.

## Birds

Birds sing in the early morning.
"""


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("article") / "pets.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exported(article: Path) -> Recording:
    """The same article as ``narrate export --wav`` writes it."""
    wav = article.with_suffix(".wav")
    assert narrate("export", article, "--wav", "-o", wav, "-q", *VOICE).status == 0
    with wave.open(str(wav)) as file:
        samples = array.array("h")
        samples.frombytes(file.readframes(file.getnframes()))
        return Recording(samples, file.getframerate())


@pytest.fixture(scope="module")
def first_section_seconds(article: Path) -> float:
    """How long section 1 lasts in the export, from its chapter."""
    from narrator.engines.base import VoiceSettings
    from narrator.options import ReadOptions, ScriptOptions
    from narrator.pipeline import script_for
    from narrator.synthesize import Synthesizer, stream

    script = script_for(str(article), ReadOptions(), ScriptOptions())
    with Synthesizer(settings=VoiceSettings(rate=int(VOICE[1])), jobs=1) as synthesizer:
        spoken = zip(script.items, stream(synthesizer, script), strict=True)
        return sum(audio.frames / audio.sample_rate for item, audio in spoken if item.section == 0)


class Playing:
    """A running ``narrate play`` whose screen lines are collected as they appear."""

    def __init__(self, process: subprocess.Popen[Any], screen: IO[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._collect, args=(screen,), daemon=True).start()

    def _collect(self, screen: IO[str]) -> None:
        try:
            for line in screen:
                self.lines.put(line.rstrip("\r\n"))
        except OSError:  # a pseudo-terminal whose other side has closed
            return

    def wait_for(self, text: str, timeout: float = 20) -> float:
        """Wait until a line containing ``text`` is shown; returns when that was."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return time.monotonic()
        raise AssertionError(f"{text!r} was not shown; saw {self.seen}")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def finish(self, timeout: float = 30) -> int:
        if self.process.stdin is not None:
            self.process.stdin.close()
        status = self.process.wait(timeout)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return status


@pytest.fixture
def play(pulse: PulseServer, article: Path) -> Iterator[Callable[..., Playing]]:
    started: list[subprocess.Popen[str]] = []

    def start(*flags: str) -> Playing:
        process = subprocess.Popen(
            command("play", str(article), *VOICE, *flags),
            env=pulse.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        started.append(process)
        assert process.stdout is not None
        return Playing(process, process.stdout)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def transcript_of(article: Path) -> list[str]:
    """What ``--transcript`` shows for the whole article: the title, each heading line and every sentence."""
    from narrator.options import ReadOptions, ScriptOptions
    from narrator.pipeline import script_for

    script = script_for(str(article), ReadOptions(), ScriptOptions())
    lines = [script.title]
    for item in script.items:
        if item.role == "heading" and item.section is not None:
            section = script.sections[item.section]
            lines.append(f"Section {section.number} of 3: {section.heading}")
        elif item.spoken and item.role not in ("heading", "title"):
            lines.append(item.text)
    return lines


def test_playing_through_sounds_as_long_as_the_export(
    play: Callable[..., Playing], pulse: PulseServer, tmp_path: Path, exported: Recording, article: Path
) -> None:
    """The opening plays while the sections are scripted: nothing is lost or said twice where they join."""
    with recording(pulse, tmp_path) as recorded:
        playing = play("--transcript")
        assert playing.finish() == 0
    assert [line for line in playing.seen if line.startswith(("Cats and", "Section"))] == [
        "Cats and dogs",
        "Section 1 of 3: Cats",
        "Section 2 of 3: Dogs",
        "Section 3 of 3: Birds",
    ]
    assert playing.seen == transcript_of(article)
    heard, written = recorded[0].voiced_span(), exported.voiced_span()
    assert written > 10
    assert heard == pytest.approx(written, rel=0.10)
    assert recorded[0].longest_silence_inside() == pytest.approx(exported.longest_silence_inside(), abs=0.15)


def test_next_skips_the_first_section(
    play: Callable[..., Playing], pulse: PulseServer, tmp_path: Path, exported: Recording, first_section_seconds: float
) -> None:
    with recording(pulse, tmp_path) as recorded:
        playing = play()
        playing.wait_for("Section 1 of 3")
        playing.send("next")
        playing.wait_for("Section 2 of 3")
        assert playing.finish() == 0
    shortened = exported.voiced_span() - recorded[0].voiced_span()
    assert shortened == pytest.approx(first_section_seconds, abs=0.5)


def test_pause_for_two_seconds_adds_two_seconds_of_silence(
    play: Callable[..., Playing], pulse: PulseServer, tmp_path: Path, exported: Recording
) -> None:
    with recording(pulse, tmp_path) as recorded:
        playing = play()
        playing.wait_for("Section 2 of 3")
        time.sleep(1.0)  # inside a sentence
        playing.send("pause")
        time.sleep(2.0)
        playing.send("resume")
        assert playing.finish() == 0
    assert recorded[0].longest_silence_inside() == pytest.approx(2.0, abs=0.25)
    assert recorded[0].voiced_span() - exported.voiced_span() == pytest.approx(2.0, abs=0.5)


def test_quit_ends_at_once_and_resume_starts_at_the_saved_section(play: Callable[..., Playing]) -> None:
    playing = play("--start-at", "2")
    playing.wait_for("Section 2 of 3: Dogs")
    playing.send("quit")
    sent = time.monotonic()
    assert playing.process.wait(5) == 0
    assert time.monotonic() - sent < 0.5
    assert "Section 3 of 3: Birds" not in playing.seen

    resumed = play("--resume")
    resumed.wait_for("Resuming at Section 2 of 3: Dogs.")
    resumed.wait_for("Section 2 of 3: Dogs")
    resumed.send("quit")
    assert resumed.finish() == 0
    assert "Section 1 of 3: Cats" not in resumed.seen


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_and_sigterm_save_the_position_too(play: Callable[..., Playing], stop: signal.Signals) -> None:
    playing = play("--start-at", "dogs")
    playing.wait_for("Section 2 of 3: Dogs")
    playing.process.send_signal(stop)
    assert playing.process.wait(5) == 130
    assert playing.process.stderr is not None
    assert playing.process.stderr.read().splitlines() == ["Error: Interrupted."]

    resumed = play("--resume")
    resumed.wait_for("Resuming at Section 2 of 3: Dogs.")
    resumed.send("quit")
    assert resumed.finish() == 0


def test_start_at_heading_words(play: Callable[..., Playing]) -> None:
    playing = play("--start-at", "birds", "--transcript")
    assert playing.finish() == 0
    assert playing.seen == ["Section 3 of 3: Birds", "Birds sing in the early morning."]


def test_keys_on_a_terminal_act_without_enter_and_the_terminal_is_restored(pulse: PulseServer, article: Path) -> None:
    controller, terminal = os.openpty()
    before = termios.tcgetattr(terminal)
    process = subprocess.Popen(
        command("play", str(article), *VOICE), env=pulse.env, stdin=terminal, stdout=terminal, stderr=terminal
    )
    playing = Playing(process, os.fdopen(controller, "r", encoding="utf-8", errors="replace"))
    try:
        playing.wait_for("Section 1 of 3: Cats")
        assert termios.tcgetattr(terminal)[3] & termios.ICANON == 0  # keys arrive one by one
        os.write(controller, b"n")  # no Enter
        pressed = time.monotonic()
        assert playing.wait_for("Section 2 of 3: Dogs") - pressed < 1.0
        os.write(controller, b"p")  # back to the start of the section
        playing.wait_for("Section 2 of 3: Dogs")
        os.write(controller, b"3")
        playing.wait_for("Section 3 of 3: Birds")
        os.write(controller, b"w")
        playing.wait_for("Section 3 of 3: Birds.")  # "where am I" is shown as it is spoken
        os.write(controller, b" ")
        playing.wait_for("Paused.")
        os.write(controller, b" ")
        playing.wait_for("Playing.")
        os.write(controller, b"q")
        assert process.wait(5) == 0
        assert termios.tcgetattr(terminal) == before
    finally:
        if process.poll() is None:
            process.kill()
        os.close(terminal)


def test_no_sound_server_fails_at_once_with_one_line(pulse: PulseServer, article: Path) -> None:
    env = {**pulse.env, "PULSE_SERVER": "unix:/nonexistent/native", "XDG_RUNTIME_DIR": "/nonexistent"}
    started = time.monotonic()
    result = subprocess.run(
        command("play", str(article)), env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    assert time.monotonic() - started < 2
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: No audio output: no sound server or sound device was found. "
        "To listen later, write an audio file instead: narrate export FILE --mp3"
    ]


def test_sound_server_going_away_mid_article_is_an_error_and_the_terminal_is_restored(
    article: Path, tmp_path: Path
) -> None:
    controller, terminal = os.openpty()
    before = termios.tcgetattr(terminal)
    with pulse_server(tmp_path) as server:
        process = subprocess.Popen(
            command("play", str(article), *VOICE),
            env=server.env,
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        playing = Playing(process, process.stdout)
        playing.wait_for("Section 1 of 3: Cats")
        assert termios.tcgetattr(terminal) != before  # keys mode is on
    try:
        assert process.wait(5) == 1
        assert termios.tcgetattr(terminal) == before
    finally:
        if process.poll() is None:
            process.kill()
        os.close(terminal)
        os.close(controller)
    assert process.stderr is not None
    assert process.stderr.read().splitlines()[-1].startswith("Error: The audio output stopped working (")


def test_start_at_a_heading_that_does_not_exist_lists_the_sections(pulse: PulseServer, article: Path) -> None:
    result = subprocess.run(
        command("play", str(article), "--start-at", "horses"), env=pulse.env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: No section matches --start-at 'horses'. The sections are: "
        "Section 1 of 3: Cats; Section 2 of 3: Dogs; Section 3 of 3: Birds."
    ]


def test_start_at_and_resume_together_are_a_usage_error(article: Path) -> None:
    from click.testing import CliRunner

    from narrator.cli import cli

    result = CliRunner().invoke(cli, ["play", str(article), "--start-at", "2", "--resume"])
    assert result.exit_code == 2
    assert "Use either --start-at or --resume, not both." in result.output


def test_audio_goes_straight_to_the_sound_server(play: Callable[..., Playing], pulse: PulseServer) -> None:
    """Through libpulse-simple, not PortAudio's ALSA plugin, whose stream start-up costs 100-200 ms."""
    playing = play()
    playing.wait_for("Section 1 of 3: Cats")
    streams = subprocess.run(["pactl", "list", "sink-inputs"], env=pulse.env, capture_output=True, text=True).stdout
    playing.send("quit")
    assert playing.finish() == 0
    assert 'application.name = "narrator"' in streams
    assert 'media.name = "narration"' in streams

"""Latency of ``narrate play`` as a listener hears it: what reaches a PulseAudio null sink, timed.

A private PulseAudio server (the one ``tests/pulse.py`` starts for the tests)
plays into a null sink; ``parec`` records its monitor with 10 ms of latency,
and every read is stamped with ``time.perf_counter`` as it arrives, so each
recorded sample has a wall-clock time. First audio is the first sample louder
than the silence level. The first audio of a section after ``next`` is found
by matching the loudness envelope of that section's announcement (spoken by
the same engine in this process) against the recording: the previous section
is still sounding up to the switch, so no silence marks it.
"""

from __future__ import annotations

import array
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))
from pulse import (  # noqa: E402
    RECORD_RATE,
    SILENCE_LEVEL,
    PulseServer,
    parec_command,
    pulse_server,
    pulseaudio_available,
)

WINDOW_MS = 10
TEMPLATE_MS = 800
"""How much of the target section's first audio is matched against the recording."""
MATCH_LIMIT = 0.35
"""Largest mean envelope difference, as a share of the template's mean loudness, that counts as a match."""
FIRST_AUDIO_TIMEOUT = 20.0


class TimedRecorder:
    """``parec`` of the null sink's monitor, each read stamped with the time it arrived."""

    def __init__(self, server: PulseServer) -> None:
        self.samples = array.array("h")
        self._stamps: list[tuple[int, float]] = []
        """(samples recorded so far, when that read arrived)."""
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            parec_command(latency_ms=10),
            env=server.env,
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.perf_counter() + 5
        while len(self.samples) < RECORD_RATE // 10:  # recording for 100 ms: connected and flowing
            if time.perf_counter() > deadline:
                raise RuntimeError("parec recorded nothing")
            time.sleep(0.01)

    def _read(self) -> None:
        assert self._process.stdout is not None
        descriptor = self._process.stdout.fileno()
        odd = b""
        while data := os.read(descriptor, 4096):
            now = time.perf_counter()
            data = odd + data
            whole = len(data) // 2 * 2
            odd = data[whole:]
            with self._lock:
                self.samples.frombytes(data[:whole])
                self._stamps.append((len(self.samples), now))

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(5)
        self._reader.join(5)

    def time_of(self, index: int) -> float:
        """When sample ``index`` reached the recorder."""
        with self._lock:
            for count, stamp in self._stamps:
                if count > index:
                    return stamp - (count - 1 - index) / RECORD_RATE
            count, stamp = self._stamps[-1]
        return stamp + (index - count + 1) / RECORD_RATE

    def index_at(self, moment: float) -> int:
        """The sample recorded at ``moment``."""
        with self._lock:
            stamps = list(self._stamps)
        for count, stamp in stamps:
            if stamp >= moment:
                return max(0, count - 1 - round((stamp - moment) * RECORD_RATE))
        return stamps[-1][0]

    def first_sound(self, after: float, timeout: float = FIRST_AUDIO_TIMEOUT) -> float | None:
        """When the first sound after ``after`` was recorded, waiting up to ``timeout`` for it."""
        start = self.index_at(after)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                end = len(self.samples)
                found = next(
                    (i for i in range(start, end) if abs(self.samples[i]) > SILENCE_LEVEL),
                    None,
                )
            if found is not None:
                return self.time_of(found)
            start = end
            time.sleep(0.01)
        return None

    def envelope(self, start: int, windows: int) -> list[float]:
        step = RECORD_RATE * WINDOW_MS // 1000
        with self._lock:
            return loudness(self.samples[start : start + windows * step], RECORD_RATE)


def loudness(samples: array.array[int], rate: int) -> list[float]:
    """Mean absolute sample of each :data:`WINDOW_MS` window."""
    step = rate * WINDOW_MS // 1000
    return [sum(map(abs, samples[start : start + step])) / step for start in range(0, len(samples) - step + 1, step)]


@contextmanager
def sound_server(scratch: Path) -> Iterator[PulseServer]:
    with pulse_server(Path(tempfile.mkdtemp(prefix="pulse-", dir=scratch))) as server:
        yield server


class Playing:
    """A running ``narrate play`` fed line commands, its screen lines stamped as they appear."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def send(self, command: str) -> float:
        """Write one command line; returns when it was written."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return time.perf_counter()

    def line_after(self, moment: float, timeout: float = 10.0) -> str:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for stamp, line in list(self.lines):
                if stamp >= moment:
                    return line
            time.sleep(0.01)
        raise RuntimeError(f"play showed nothing after the command; stderr: {self.stop()}")

    def stop(self) -> str:
        """Quit; returns what it printed on stderr."""
        if self.process.poll() is None:
            try:
                self.send("quit")
                self.process.stdin.close()  # type: ignore[union-attr]
                self.process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        return self.process.stderr.read() if self.process.stderr else ""


def first_audio_ms(server: PulseServer, command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from launching ``command`` until its first audio reaches the sound server."""
    recorder = TimedRecorder(server)
    try:
        playing = Playing(command, {**env, **server.variables})
        heard = recorder.first_sound(playing.started)
        errors = playing.stop()
        if heard is None:
            raise RuntimeError(f"no audio within {FIRST_AUDIO_TIMEOUT:.0f} s: {errors}")
        return (heard - playing.started) * 1000
    finally:
        recorder.close()


def next_section_ms(
    server: PulseServer,
    command: list[str],
    env: dict[str, str],
    section_audio: Callable[[int], array.array[int]],
    presses: int,
    rate: int,
) -> list[float]:
    """Milliseconds from writing ``next`` to the first audio of the section it moved to, for each press.

    ``section_audio(number)`` gives the first audio of section ``number`` at
    ``rate``; the screen line the player shows after ``next`` names it.
    """
    recorder = TimedRecorder(server)
    delays = []
    try:
        playing = Playing(command, {**env, **server.variables})
        if recorder.first_sound(playing.started) is None:
            raise RuntimeError(f"no audio: {playing.stop()}")
        for _ in range(presses):
            time.sleep(1.5)  # well inside the section
            sent = playing.send("next")
            shown = playing.line_after(sent)
            number = int(shown.split()[1]) if shown.startswith("Section ") else None
            if number is None:
                raise RuntimeError(f"'next' showed {shown!r}, not a section")
            template = loudness(section_audio(number), rate)[: TEMPLATE_MS // WINDOW_MS]
            time.sleep(2.0)  # the section's first words are recorded
            delays.append((match(recorder, template, sent) - sent) * 1000)
        playing.stop()
    finally:
        recorder.close()
    return delays


def match(recorder: TimedRecorder, template: list[float], after: float) -> float:
    """When audio matching ``template`` (a loudness envelope) starts after ``after`` in the recording."""
    step = RECORD_RATE * WINDOW_MS // 1000
    start = recorder.index_at(after)
    envelope = recorder.envelope(start, 200 + len(template))
    scale = sum(template) / len(template)
    best, offset = min(
        (sum(abs(a - b) for a, b in zip(envelope[shift:], template, strict=False)) / len(template) / scale, shift)
        for shift in range(len(envelope) - len(template))
    )
    if best > MATCH_LIMIT:
        raise RuntimeError(f"the next section's audio was not found in the recording (mismatch {best:.2f})")
    lead = next((i for i, level in enumerate(template) if level > SILENCE_LEVEL / 4), 0)
    return recorder.time_of(start + (offset + lead) * step)


__all__ = ["first_audio_ms", "next_section_ms", "pulseaudio_available", "sound_server"]

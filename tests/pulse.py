"""A private PulseAudio server with a null sink, and a recorder of what reaches it.

Tests of live playback need a real sound server: the server runs in its own
runtime folder (so it never meets the user's own), plays into a sink that
discards audio, and ``parec`` records that sink's monitor so a test can measure
what a listener would have heard.
"""

from __future__ import annotations

import array
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SINK = "test"
RECORD_RATE = 16000
"""Rate of the recordings: enough to tell speech from silence, small to scan."""
SILENCE_LEVEL = 200
"""Samples quieter than this (out of 32767) count as silence."""


@dataclass(frozen=True)
class PulseServer:
    """A running server and the variables that point clients at it."""

    variables: dict[str, str]
    """``PULSE_SERVER``, ``XDG_RUNTIME_DIR`` and friends for this server."""

    @property
    def env(self) -> dict[str, str]:
        """The current environment (as tests have set it) pointed at this server."""
        return {**os.environ, **self.variables}


def parec_command(latency_ms: int) -> list[str]:
    """Record the test sink's monitor as mono 16-bit samples at RECORD_RATE on stdout."""
    return [
        "parec",
        "-d",
        f"{SINK}.monitor",
        "--format=s16le",
        f"--rate={RECORD_RATE}",
        "--channels=1",
        f"--latency-msec={latency_ms}",
    ]


def pulseaudio_available() -> bool:
    return shutil.which("pulseaudio") is not None and shutil.which("parec") is not None


@contextmanager
def pulse_server(folder: Path) -> Iterator[PulseServer]:
    """Start ``pulseaudio`` with a null sink named ``test``; stop it on exit."""
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    socket = runtime / "pulse" / "native"
    variables = {
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_SERVER": f"unix:{socket}",
    }
    env = {**os.environ, **variables, "HOME": str(folder)}
    log = (folder / "pulseaudio.log").open("wb")
    server = subprocess.Popen(
        [
            "pulseaudio",
            "--daemonize=no",
            "--system=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "-n",
            "--load=module-native-protocol-unix auth-anonymous=1",
            f"--load=module-null-sink sink_name={SINK}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pulseaudio did not start: {(folder / 'pulseaudio.log').read_text()}")
            time.sleep(0.05)
        keeper = _keep_sink_awake(env)
        try:
            yield PulseServer(variables)
        finally:
            keeper.terminate()
            keeper.wait(5)
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _keep_sink_awake(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Play endless silence into the sink at a short latency, as a sound card's clock would keep it running.

    Left alone, the null sink renders in 2-second blocks, so a new stream is
    heard only up to 2 s after it starts, which no real device or PipeWire
    does. Once a short-latency stream plays, the sink catches up with real
    time and then keeps pace in milliseconds.
    """
    keeper = subprocess.Popen(
        [
            "pacat",
            "--playback",
            "--raw",
            "--latency-msec=10",
            "--format=s16le",
            "--rate=16000",
            "--channels=1",
            "/dev/zero",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while _sink_latency(env) > 0.05:
        if time.monotonic() > deadline or keeper.poll() is not None:
            raise RuntimeError("the test sink did not settle to a short latency")
        time.sleep(0.1)
    return keeper


def _sink_latency(env: dict[str, str]) -> float:
    """Seconds the sink has rendered ahead of real time (``pactl list sinks``); large while not yet settled."""
    listing = subprocess.run(["pactl", "list", "sinks"], env=env, capture_output=True, text=True).stdout
    for line in listing.splitlines():
        if line.strip().startswith("Latency:"):
            return int(line.split()[1]) / 1_000_000
    return float("inf")


@dataclass(frozen=True)
class Recording:
    """Mono 16-bit samples recorded from the sink's monitor."""

    samples: array.array[int]
    rate: int = RECORD_RATE

    def sounding(self, window_ms: int = 10) -> list[bool]:
        """Whether each window of ``window_ms`` holds sound."""
        step = self.rate * window_ms // 1000
        return [
            max(map(abs, self.samples[start : start + step]), default=0) > SILENCE_LEVEL
            for start in range(0, len(self.samples), step)
        ]

    def voiced_span(self) -> float:
        """Seconds from the first to the last sounding window."""
        flags = self.sounding()
        if True not in flags:
            return 0.0
        first = flags.index(True)
        last = len(flags) - 1 - flags[::-1].index(True)
        return (last - first + 1) / 100

    def longest_silence_inside(self) -> float:
        """Seconds of the longest silent run between the first and last sound."""
        flags = self.sounding()
        if True not in flags:
            return 0.0
        first = flags.index(True)
        last = len(flags) - 1 - flags[::-1].index(True)
        longest = run = 0
        for sounding in flags[first : last + 1]:
            run = 0 if sounding else run + 1
            longest = max(longest, run)
        return longest / 100


@contextmanager
def recording(server: PulseServer, folder: Path) -> Iterator[list[Recording]]:
    """Record the sink's monitor while the block runs; the list holds the result afterwards."""
    raw = folder / f"recording-{time.monotonic_ns()}.raw"
    with raw.open("wb") as sink:
        recorder = subprocess.Popen(
            parec_command(latency_ms=20),
            env=server.env,
            stdout=sink,
            stdin=subprocess.DEVNULL,
        )
        result: list[Recording] = []
        try:
            time.sleep(0.2)  # let parec connect before anything plays
            yield result
            time.sleep(0.3)  # the tail still in the server's buffers
        finally:
            recorder.terminate()
            recorder.wait(5)
    samples = array.array("h")
    samples.frombytes(raw.read_bytes())
    raw.unlink()
    result.append(Recording(samples))

"""The one way tests run the real ``narrate`` command: ``sys.executable -m narrator`` in a child process.

``narrate(...)`` runs a command to the end and returns a ``Run`` (status, output, wall time, peak memory);
``start(...)`` launches one for tests that talk to it or signal it while it runs. Both run with this process's
environment (which the autouse fixture points at private config, cache and state folders), with ``env`` on top.
Test engines (tests/fake_engine.py, tests/counting_engine.py) are registered by name with ``engines``; worker
processes find them because the tests folder is put on ``PYTHONPATH``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

TESTS = Path(__file__).resolve().parent

Arg = str | Path


@dataclass(frozen=True)
class Run:
    """A finished ``narrate`` process: what the user saw, and what it cost."""

    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    """Peak resident memory of the process (its ``VmHWM``, see :func:`measure`)."""


def command(*args: Arg, engines: Mapping[str, str] | None = None) -> list[str]:
    """The command line of ``narrate ARGS``, with the test ``engines`` (name -> "module:Class") registered."""
    if not engines:
        return [sys.executable, "-m", "narrator", *map(str, args)]
    boot = (
        "from narrator.engines.base import ENGINES; "
        f"ENGINES.update({dict(engines)!r}); "
        "from narrator.cli import cli; cli(prog_name='narrate')"
    )
    return [sys.executable, "-c", boot, *map(str, args)]


def environment(env: Mapping[str, str] | None = None, *, clean: bool = False) -> dict[str, str]:
    """This process's environment (or nothing, when ``clean``) with ``env`` on top and the tests on the path."""
    variables = {} if clean else dict(os.environ)
    variables.update(env or {})
    if not clean:
        variables["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), variables.get("PYTHONPATH")]))
    return variables


@overload
def start(
    *args: Arg,
    env: Mapping[str, str] | None = None,
    engines: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    text: Literal[True] = True,
    start_new_session: bool = False,
    bufsize: int = -1,
) -> subprocess.Popen[str]: ...


@overload
def start(
    *args: Arg,
    env: Mapping[str, str] | None = None,
    engines: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    text: Literal[False],
    start_new_session: bool = False,
    bufsize: int = -1,
) -> subprocess.Popen[bytes]: ...


def start(
    *args: Arg,
    env: Mapping[str, str] | None = None,
    engines: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    text: bool = True,
    start_new_session: bool = False,
    bufsize: int = -1,
) -> subprocess.Popen[str] | subprocess.Popen[bytes]:
    """Launch ``narrate ARGS`` with pipes for stdin, stdout and stderr; the caller waits for it.

    ``start_new_session`` puts it in a process group of its own, which a test can signal as a terminal would;
    ``bufsize=1`` makes the pipes line-buffered.
    """
    return subprocess.Popen(
        command(*args, engines=engines),
        env=environment(env),
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=text,
        start_new_session=start_new_session,
        bufsize=bufsize,
    )


def narrate(
    *args: Arg,
    env: Mapping[str, str] | None = None,
    clean_env: bool = False,
    engines: Mapping[str, str] | None = None,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
    prefix: Sequence[str] = (),
    preexec_fn: Callable[[], object] | None = None,
) -> Run:
    """Run ``narrate ARGS`` (after ``prefix``) to its end and measure its wall time and peak memory.

    ``clean_env`` starts from an empty environment instead of this process's (for a child run as another user).
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        [*prefix, *command(*args, engines=engines)],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(env, clean=clean_env),
        cwd=cwd,
        preexec_fn=preexec_fn,
    )
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return measure(process, data, timeout, started)


def measure(process: subprocess.Popen[bytes], stdin: bytes | None, timeout: float, started: float) -> Run:
    """Feed and drain a child's pipes and reap it with ``wait4``, which gives that one child's resource use."""
    captured: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda name=name, stream=stream: captured.__setitem__(name, stream.read()))
        for name, stream in (("out", process.stdout), ("err", process.stderr))
        if stream is not None
    ]
    for reader in readers:
        reader.start()
    if process.stdin is not None:
        with contextlib.suppress(BrokenPipeError):
            process.stdin.write(stdin or b"")
        process.stdin.close()
    deadline = started + timeout
    peak_kb = 0
    while True:
        peak_kb = max(peak_kb, high_water_kb(process.pid))
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            process.wait()
            raise subprocess.TimeoutExpired(process.args, timeout)
        time.sleep(0.002)
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return Run(
        process.returncode,
        captured.get("out", b"").decode("utf-8", "replace"),
        captured.get("err", b"").decode("utf-8", "replace"),
        time.perf_counter() - started,
        (peak_kb or usage.ru_maxrss) / 1024,
    )


def high_water_kb(pid: int) -> int:
    """The process's peak resident memory so far (``VmHWM``), 0 once it has exited.

    Not ``ru_maxrss``: Linux carries a parent's peak into a child it forks and that child's ``exec``, so every
    child of a test process grown large (a recogniser, a parsed corpus) would report the test process's peak.
    ``VmHWM`` belongs to the program the child runs; sampled every 2 ms until exit, which takes Python longer
    than that, so the last peak is seen too.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def wait_until(condition: Callable[[], bool], timeout: float = 60, what: str = "the condition") -> None:
    """Poll ``condition`` every 10 ms until it holds; fail the test after ``timeout`` seconds (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)

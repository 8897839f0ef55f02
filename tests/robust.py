"""Helpers for the robustness tests (tests/test_robust_*.py): run the real CLI and check what the user sees.

Every failure must be one line on stderr that starts with ``Error:`` and a
non-zero status, never a traceback; every success must leave only the
outputs asked for. Child processes are measured with ``wait4`` so a test can
bound the time and peak memory of one command.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pwd
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from narrator.cli import cli

NARRATE = [sys.executable, "-m", "narrator"]


@dataclass(frozen=True)
class Run:
    """A finished ``narrate`` process: what the user saw, and what it cost."""

    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    """Peak resident memory of the process (``ru_maxrss``)."""


AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
"""Run a child as an unprivileged user: as root, file modes deny nothing."""


def narrate(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 120,
    prefix: Sequence[str] = (),
    preexec_fn: Callable[[], object] | None = None,
) -> Run:
    """Run ``narrate ARGS`` in a child process (after ``prefix``) and measure its wall time and peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*prefix, *NARRATE, *args],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=preexec_fn,
    )
    return measure(process, stdin, timeout, started)


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
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            process.wait()
            raise subprocess.TimeoutExpired(process.args, timeout)
        time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return Run(
        process.returncode,
        captured.get("out", b"").decode("utf-8", "replace"),
        captured.get("err", b"").decode("utf-8", "replace"),
        time.perf_counter() - started,
        usage.ru_maxrss / 1024,
    )


def assert_one_line_error(run: Run | Result, *words: str, status: int = 1) -> str:
    """The run failed with ``status`` and exactly one ``Error:`` line naming ``words``; returns the line."""
    code = run.status if isinstance(run, Run) else run.exit_code
    assert code == status, (code, run.stdout, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: "), lines[0]
    assert "Traceback" not in run.stderr and "Internal error" not in run.stderr, run.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    """``narrate ARGS`` in this process (fast: for reading and scripting, which load no engine)."""
    return CliRunner().invoke(cli, list(args), input=stdin)


def spoken_texts(path: Path, *args: str) -> list[str]:
    """The texts of every spoken item of ``narrate script --json``, in order; the command must succeed."""
    result = invoke("script", str(path), "--json", *args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == "", result.stderr
    return [item["text"] for item in json.loads(result.stdout) if item["text"]]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name -> SHA-256 of its bytes), to prove nothing changed."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(folder.rglob("*"))
    }


@contextlib.contextmanager
def open_folder() -> Iterator[Path]:
    """A folder that an unprivileged user can enter but not write to (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="narrator-robust-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def as_nobody_env(home: Path) -> dict[str, str]:
    """A plain environment for a child run as ``nobody``, whose home (cache, state) is ``home``."""
    home.mkdir(exist_ok=True)
    os.chown(home, pwd.getpwnam("nobody").pw_uid, -1)
    return {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}


def can_run_as_nobody() -> bool:
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


def limit_file_size(max_bytes: int) -> None:
    """``preexec_fn`` for a child: writes past ``max_bytes`` fail (EFBIG), as on a full disk, instead of killing it."""
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

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
import tempfile
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner, Result
from narrate import Run, command, measure, narrate

from narrator.cli import cli

NARRATE = command()
"""``narrate`` as a command line, for tests that start it with their own pipes."""

__all__ = ["NARRATE", "Run", "measure", "narrate"]

AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
"""Run a child as an unprivileged user: as root, file modes deny nothing."""


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

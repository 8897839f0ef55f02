"""Run the real ``narrate`` under a time and memory limit, and find any of its processes that outlive it.

Every hostile-input test runs the command through :func:`bounded`: the child
gets an address-space limit (``RLIMIT_AS``) and a CPU-time limit
(``RLIMIT_CPU``), so a guard that fails shows as a failed test instead of a
machine that swaps or a run that never ends. Each run is tagged with an
environment variable its children inherit, so :func:`survivors` can find every
process it started that is still alive afterwards.
"""

from __future__ import annotations

import os
import resource
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from narrate import Arg, Run, narrate

TAG = "NARRATOR_TEST_RUN"


def limits(seconds: int, megabytes: int) -> Callable[[], None]:
    """A ``preexec_fn`` that caps the child's CPU seconds and address space (inherited by its workers)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))

    return apply


def bounded(
    *args: Arg,
    seconds: int = 60,
    megabytes: int = 1024,
    env: Mapping[str, str] | None = None,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
) -> Run:
    """``narrate ARGS`` within ``seconds`` of CPU (and twice that of wall time) and ``megabytes`` of address
    space; fails the test if any process it started is still alive when it has ended."""
    tag = uuid.uuid4().hex
    run = narrate(
        *args,
        env={**(env or {}), TAG: tag},
        stdin=stdin,
        cwd=cwd,
        timeout=2 * seconds + 30,
        preexec_fn=limits(seconds, megabytes),
    )
    assert not survivors(tag), f"processes outlived narrate {' '.join(map(str, args))}: {survivors(tag)}"
    return run


def survivors(tag: str) -> list[int]:
    """Live processes (zombies aside) whose environment carries ``TAG=tag``."""
    found = []
    marker = f"{TAG}={tag}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found

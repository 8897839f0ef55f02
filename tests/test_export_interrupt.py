"""Ctrl-C and SIGTERM during an export with worker processes: exit 130 at once, no file, no worker left.

The signal goes either to the export process alone (``kill PID``) or to its
whole process group (Ctrl-C in a terminal), with the default number of jobs,
after the first progress line, while the workers are busy.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import ARTICLES
from narrate import narrate, start
from processes import alive

pytestmark = pytest.mark.audio

PROMPT_SECONDS = 3.0
"""How soon the export must be gone after the signal (it takes well under a second here)."""


def children(pid: int) -> set[int]:
    """The processes ``pid`` started that are still alive, read from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("to_group", [False, True], ids=["pid", "group"])
def test_a_signal_mid_export_exits_130_at_once_and_leaves_no_file_and_no_worker(
    tmp_path: Path, stop: signal.Signals, to_group: bool
) -> None:
    text = (ARTICLES / "ketamine-depression.md").read_text(encoding="utf-8")
    article = tmp_path / "long.md"
    article.write_text(text + "\n".join(text.replace("# ", "## ", 1) for _ in range(20)), encoding="utf-8")
    arguments = ["export", str(article), "--mp3", "--wav", "--no-cache", "--subtitles", "srt", "--progress", "plain"]
    process = start(*arguments, start_new_session=True)
    try:
        assert process.stderr is not None
        first_line = process.stderr.readline()
        workers = children(process.pid)
        sent = time.monotonic()
        if to_group:
            os.killpg(process.pid, stop)
        else:
            process.send_signal(stop)
        status = process.wait(timeout=60)
        took = time.monotonic() - sent
        rest = process.stderr.read()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    assert first_line.startswith("Exporting ")
    assert status == 130
    assert took < PROMPT_SECONDS
    assert rest.splitlines()[-1] == "Error: Interrupted: the export was stopped and no file was written."
    assert "Traceback" not in rest and "Exception" not in rest
    assert sorted(path.name for path in tmp_path.iterdir()) == ["long.md"]
    if (os.cpu_count() or 1) > 1:
        assert workers, "no worker process was running when the signal came"
    deadline = time.monotonic() + 2
    while any(alive(worker) for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [worker for worker in workers if alive(worker)]


def test_ctrl_c_while_the_command_is_still_loading_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C in the first milliseconds, while the command line loads (here: as click is imported)."""
    (tmp_path / "click.py").write_text("raise KeyboardInterrupt\n", encoding="utf-8")
    run = narrate("--help", env={"PYTHONPATH": str(tmp_path)})
    assert (run.status, run.stdout, run.stderr) == (130, "", "Error: Interrupted.\n")

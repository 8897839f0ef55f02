"""Outputs appear together on success and leave no trace on failure; existing files need --force."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from narrator.errors import OutputError
from narrator.signals import sigterm_as_interrupt
from narrator.sinks.atomic import AtomicOutputs, check_target


def test_files_appear_only_on_commit_with_the_usual_permissions(tmp_path: Path) -> None:
    with AtomicOutputs(force=False) as outputs:
        outputs.open(tmp_path / "a.mp3").write(b"audio")
        outputs.folder(tmp_path / "parts")
        outputs.open(tmp_path / "parts" / "01-one.mp3").write(b"part")
        assert not (tmp_path / "a.mp3").exists()
        names = sorted(path.name for path in tmp_path.iterdir() if path.is_file())
        assert len(names) == 2 and names[0].startswith(".a.mp3.") and names[1].startswith(".narrator-export-")
    assert (tmp_path / "a.mp3").read_bytes() == b"audio"
    assert (tmp_path / "parts" / "01-one.mp3").read_bytes() == b"part"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.mp3", "parts"]
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "a.mp3").stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_export_leaves_the_folder_as_it_was(tmp_path: Path, error: type[BaseException]) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(error), AtomicOutputs(force=True) as outputs:
        outputs.open(tmp_path / "keep.txt").write(b"overwritten")
        outputs.folder(tmp_path / "parts")
        outputs.open(tmp_path / "parts" / "01.mp3").write(b"half")
        raise error
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_existing_outputs_are_refused_without_force(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"old")
    with pytest.raises(OutputError, match=r"already exists: .*a\.mp3 \(use --force to overwrite it\)"):
        check_target(tmp_path / "a.mp3", force=False)
    check_target(tmp_path / "a.mp3", force=True)


def test_an_output_that_appears_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="appeared while exporting"), AtomicOutputs(force=False) as outputs:
        outputs.open(tmp_path / "a.mp3").write(b"new")
        (tmp_path / "a.mp3").write_bytes(b"someone else's")
    assert (tmp_path / "a.mp3").read_bytes() == b"someone else's"
    assert [path.name for path in tmp_path.iterdir()] == ["a.mp3"]


def test_missing_and_read_only_folders_are_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"Output folder does not exist: .*missing"):
        check_target(tmp_path / "missing" / "a.mp3", force=False)
    read_only = tmp_path / "read-only"
    read_only.mkdir(mode=0o500)
    if os.access(read_only, os.W_OK):
        pytest.skip("running as a user who can write anywhere")
    with pytest.raises(OutputError, match="not writable"):
        check_target(read_only / "a.mp3", force=False)


def test_sigterm_becomes_a_keyboard_interrupt() -> None:
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == previous


def test_a_killed_exports_temporary_files_go_with_the_next_export_and_a_running_ones_stay(tmp_path: Path) -> None:
    """A lock nobody holds is a killed export's: its files are removed. A held lock is a running export's."""
    with AtomicOutputs(force=False) as running:
        running.open(tmp_path / "b.mp3").write(b"running")
        running_files = sorted(path.name for path in tmp_path.iterdir())
        token = "deadbeef"
        (tmp_path / f".narrator-export-{token}.lock").write_bytes(b"")
        (tmp_path / f".a.mp3.{token}.x1y2z3w4.part").write_bytes(b"killed")
        (tmp_path / ".a.mp3.unrelated.part").write_bytes(b"not of our naming: kept")
        with AtomicOutputs(force=False) as outputs:
            outputs.open(tmp_path / "a.mp3").write(b"audio")
        left = sorted(path.name for path in tmp_path.iterdir())
        assert left == sorted([*running_files, ".a.mp3.unrelated.part", "a.mp3"])
    assert sorted(path.name for path in tmp_path.iterdir()) == [".a.mp3.unrelated.part", "a.mp3", "b.mp3"]


def test_a_rename_that_fails_takes_back_the_renames_before_it(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"old audio")
    outputs = AtomicOutputs(force=True)
    with pytest.raises(OutputError, match=r"Cannot write .*b\.vtt: Is a directory\. Nothing was written"), outputs:
        outputs.open(tmp_path / "a.mp3").write(b"new audio")
        outputs.open(tmp_path / "b.vtt").write(b"cues")
        (tmp_path / "b.vtt").mkdir()
    (tmp_path / "b.vtt").rmdir()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.mp3"]
    assert (tmp_path / "a.mp3").read_bytes() == b"old audio"

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
        assert [path.name.startswith(".a.mp3.") for path in tmp_path.iterdir() if path.is_file()] == [True]
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

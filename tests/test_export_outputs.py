"""Where export writes, what it refuses, and that Ctrl-C or SIGTERM leaves the folder as it was."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from conftest import ARTICLES
from narrate import narrate, start

pytestmark = pytest.mark.audio

SHORT = "# Notes\n\n## First\n\nOne short sentence.\n\n## Second\n\nAnother short sentence.\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"" for path in folder.rglob("*")}


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_export_leaves_the_folder_as_it_was_and_exits_130(tmp_path: Path, stop: signal.Signals) -> None:
    article = tmp_path / "ketamine.md"
    text = (ARTICLES / "ketamine-depression.md").read_text(encoding="utf-8")
    article.write_text(text + "\n".join(text.replace("# ", "## ", 1) for _ in range(20)), encoding="utf-8")
    (tmp_path / "ketamine.wav").write_bytes(b"an older export")
    before = snapshot(tmp_path)
    arguments = ["export", str(article), "--mp3", "--wav", "--force", "--no-cache", "--subtitles", "srt"]
    arguments += ["--split", str(tmp_path / "parts"), "--progress", "plain", "--rate", "120"]
    arguments += ["--jobs", "1"]  # the sinks' clean-up under test, not the worker pool's shutdown

    process = start(*arguments)  # 90 min of audio
    try:
        assert process.stderr is not None
        first_line = process.stderr.readline()
        process.send_signal(stop)
        status = process.wait(timeout=60)
        rest = process.stderr.read()
    finally:
        process.kill()

    assert first_line.startswith("Exporting ")
    assert status == 130
    assert rest.splitlines()[-1] == "Error: Interrupted: the export was stopped and no file was written."
    assert "Traceback" not in rest
    assert snapshot(tmp_path) == before


def test_an_existing_output_is_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    article = tmp_path / "notes.md"
    article.write_text(SHORT)
    existing = tmp_path / "notes.mp3"
    existing.write_bytes(b"mine")

    refused = narrate("export", article)

    assert refused.status == 1
    assert refused.stderr == f"Error: Output file already exists: {existing} (use --force to overwrite it)\n"
    assert existing.read_bytes() == b"mine"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.md", "notes.mp3"]

    forced = narrate("export", article, "--force", "-q")

    assert forced.status == 0 and forced.stderr == ""
    assert existing.read_bytes()[:3] == b"ID3"


def test_the_default_output_is_next_to_the_input_with_the_new_extension(tmp_path: Path) -> None:
    article = tmp_path / "notes.md"
    article.write_text(SHORT)

    result = narrate("export", article, "--wav", "--subtitles", "vtt")

    assert result.status == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.md", "notes.vtt", "notes.wav"]
    assert result.stderr.splitlines() == [f"Wrote {tmp_path / 'notes.wav'}", f"Wrote {tmp_path / 'notes.vtt'}"]
    assert (tmp_path / "notes.wav").read_bytes()[:4] == b"RIFF"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/missing/out.mp3"], "Error: Output folder does not exist: {tmp}/missing\n"),
        (["-o", "{tmp}/out.wav", "--mp3"], "Error: Output {tmp}/out.wav does not end in .mp3; name it out.mp3.\n"),
        (["--split", "{tmp}/no/parts"], "Error: Output folder does not exist: {tmp}/no\n"),
    ],
)
def test_unwritable_outputs_are_one_line_before_any_work(tmp_path: Path, args: list[str], message: str) -> None:
    article = tmp_path / "notes.md"
    article.write_text(SHORT)

    result = narrate("export", article, *(arg.format(tmp=tmp_path) for arg in args))

    assert result.status == 1
    assert result.stderr == message.format(tmp=tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.md"]


def test_standard_input_needs_an_output_name(tmp_path: Path) -> None:
    refused = narrate("export", "-", stdin=SHORT)
    assert refused.status == 1
    assert refused.stderr == "Error: Reading from standard input: name the output with -o FILE.\n"

    named = narrate("export", "-", "-o", tmp_path / "notes.mp3", "-q", stdin=SHORT)
    assert named.status == 0 and (tmp_path / "notes.mp3").stat().st_size > 1000


def test_progress_is_silent_when_piped_and_plain_on_request(tmp_path: Path) -> None:
    article = tmp_path / "notes.md"
    article.write_text(SHORT)

    piped = narrate("export", article, "-o", tmp_path / "a.mp3")
    plain = narrate("export", article, "-o", tmp_path / "b.mp3", "--progress", "plain")

    assert piped.stderr.splitlines() == [f"Wrote {tmp_path / 'a.mp3'}"]
    lines = plain.stderr.splitlines()
    assert lines[0] == "Exporting Notes: 2 sections."
    assert lines[1].startswith("Section 1 of 2 done: First. ")
    assert lines[2].startswith("Section 2 of 2 done: Second. ")
    assert lines[3].startswith("Done in ")
    assert "\r" not in plain.stderr

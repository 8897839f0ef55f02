"""Issue 17's reproductions through the real CLI, each under a CPU and memory limit (tests/bounded.py).

Memory and time bombs (an endless device or pipe, a YAML alias bomb, millions
of unclosed or nested elements, a 3 MB line without spaces, a lexicon rule that
backtracks forever), terminal escapes in headings, outputs that are not files
(the input itself, a device, a FIFO, a link to nothing), XHTML parser chatter,
DTD leftovers, a 300-character output name and a 100,000-character heading.
Each test asserts what the user sees: the one line and exit status, or the
words spoken, that nothing is left behind, and that no process outlives the run.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bounded import bounded
from pulse import PulseServer
from robust import assert_one_line_error, snapshot

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal from an article: controls (escape, BEL, backspace, C1) and bidi overrides."""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def spoken(run_stdout: str) -> str:
    return " ".join(item["text"] for item in json.loads(run_stdout) if item["text"])


# Memory and time bombs -------------------------------------------------------------


def test_an_endless_device_is_refused_at_once() -> None:
    run = bounded("outline", "/dev/zero", seconds=20, megabytes=600)
    assert_one_line_error(run, "/dev/zero", "binary data")


@pytest.fixture
def endless_pipe(tmp_path: Path) -> Iterator[Path]:
    """A FIFO fed ``hello`` lines for as long as anyone reads it, as ``<(yes hello)`` is."""
    fifo = tmp_path / "yes"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with fifo.open("wb") as pipe:
                while True:
                    pipe.write(b"hello\n" * 100_000)
        except (BrokenPipeError, OSError):
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    yield fifo
    os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # unblock a feeder still waiting for a reader
    feeder.join(timeout=10)


def test_an_endless_pipe_is_read_under_the_same_cap_as_a_file(endless_pipe: Path) -> None:
    run = bounded("outline", endless_pipe, seconds=30, megabytes=1200)
    assert_one_line_error(run, str(endless_pipe), "more than 256 MB")


def test_a_pipe_with_an_article_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "article"
    os.mkfifo(fifo)
    feeder = threading.Thread(target=lambda: fifo.write_text("# Tides\n\nThe sea rises twice a day.\n"))
    feeder.start()
    run = bounded("outline", fifo, seconds=20, megabytes=600)
    feeder.join()
    assert run.status == 0, run.stderr
    assert run.stdout.splitlines()[0] == "Tides"


def alias_bomb(levels: int = 9) -> str:
    """YAML whose title refers to nine nine-fold aliases of the level below: 9**9 strings once expanded."""
    lines = ["---", "a0: &a0 [lol]"]
    lines += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]" for level in range(1, levels + 1)]
    return "\n".join([*lines, f"title: *a{levels}", "---", "# Harbour news", "", "The wall was rebuilt.", ""])


def test_a_yaml_alias_bomb_is_not_expanded(tmp_path: Path) -> None:
    run = bounded("outline", write(tmp_path, "bomb.md", alias_bomb()), seconds=20, megabytes=600)
    assert run.status == 0, run.stderr
    assert run.stdout.splitlines()[0] == "Harbour news"  # the front matter is ignored whole
    assert run.seconds < 20


def test_front_matter_values_are_type_checked_and_cut(tmp_path: Path) -> None:
    listed = write(tmp_path, "listed.md", "---\ntitle: [a, b]\nauthor: {name: x}\n---\n# Harbour news\n\nText.\n")
    run = bounded("outline", listed, seconds=20, megabytes=600)
    assert run.stdout.splitlines()[:2] == ["Harbour news", "language: unknown"]
    long_title = "word " * 10_000
    run = bounded("outline", write(tmp_path, "long.md", f"---\ntitle: {long_title}\n---\nText.\n"), megabytes=600)
    title = run.stdout.splitlines()[0]
    assert title.startswith("word word") and len(title) < 300


def test_four_million_unclosed_elements_are_cut_with_a_note(tmp_path: Path) -> None:
    page = "<html><body><h1>Harbour news</h1><p>The wall was rebuilt.</p>" + "<div>" * 4_000_000 + "deep</body></html>"
    run = bounded("outline", write(tmp_path, "unclosed.html", page), seconds=60, megabytes=1200)
    assert run.status == 0, run.stderr
    assert "note: The page has more than 100,000 elements" in run.stdout
    assert run.seconds < 60


def test_deep_nesting_is_read_as_text_with_a_note(tmp_path: Path) -> None:
    depth = 90_000
    page = "<html><body><h1>Harbour news</h1><p>The wall was rebuilt.</p>"
    page += "<div>" * depth + "Deep words here." + "</div>" * depth + "<p>After the wall.</p></body></html>"
    path = write(tmp_path, "nested.html", page)
    run = bounded("outline", path, seconds=60, megabytes=1000)
    assert run.status == 0, run.stderr
    assert "note: Markup nested deeper than 256 levels was read as plain text." in run.stdout
    script = bounded("script", path, "--json", seconds=60, megabytes=1000)
    assert "The wall was rebuilt. Deep words here. After the wall." in spoken(script.stdout)


def test_markdown_nesting_beyond_the_parser_guard_is_noted(tmp_path: Path) -> None:
    items = "".join("  " * level + f"- item {level}\n" for level in range(40))
    run = bounded("outline", write(tmp_path, "lists.md", f"# Lists\n\nBefore.\n\n{items}\nAfter.\n"), megabytes=600)
    assert run.status == 0, run.stderr
    assert "note: Lists or quotes nested deeper than 19 levels were cut" in run.stdout


def test_a_long_run_without_spaces_is_cut_into_speakable_pieces(tmp_path: Path, fake_engine: str) -> None:
    """3 MB without a space: items of at most a sentence, and an export whose memory does not grow with it."""
    blob = ("qwrtzpsdfghjklxcvbnm" * 150_000)[:3_000_000]
    path = write(tmp_path, "blob.md", f"# Blob\n\nBefore the blob.\n\n{blob}\n\nAfter the blob.\n")
    script = bounded("script", path, "--json", seconds=120, megabytes=1500)
    texts = [item["text"] for item in json.loads(script.stdout) if item["text"]]
    assert max(map(len, texts)) <= 300
    start = texts.index("Before the blob.") + 1
    assert texts[-1] == "After the blob."
    assert "".join(texts[start:-1]) == blob
    from narrate import narrate

    export = narrate(
        "export", path, "--wav", "-o", tmp_path / "blob.wav", "-q", "--engine", fake_engine, "--jobs", "1",
        engines={fake_engine: "fake_engine:FakeEngine"}, timeout=600,
    )  # fmt: skip
    assert export.status == 0, export.stderr
    assert export.peak_mb < 300, export.peak_mb


@pytest.mark.parametrize("rule", [r"/(\w|\w\w)+$/ = x", r"/(a|aa)+$/ = x"])
def test_a_backtracking_lexicon_rule_is_dropped_by_line(tmp_path: Path, rule: str) -> None:
    lexicon = write(tmp_path, "lexicon.txt", f"NMDA = N M D A\n{rule}\nharbour = harbor\n")
    word = "a" * 60 + "b"
    article = write(tmp_path, "a.md", f"# NMDA news\n\nThe harbour {word} opened.\n\nThe harbour is open.\n")
    run = bounded("script", article, "--json", "--lexicon", lexicon, seconds=60, megabytes=800)
    assert run.status == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Warning: {lexicon}, line 2:"), run.stderr
    assert "dropped" in lines[0]
    said = spoken(run.stdout)
    assert "N M D A" in said and "The harbor is open." in said


# Terminal escapes --------------------------------------------------------------------

HOSTILE_HEADING = (
    "Clip\x1b]52;c;cm0gLXJmIH4=\x07board \x1b]0;pwned\x07title \x1b[2J\x1b[Hclear bs\x08\x08 \u202eright "
    "\x9b31mcsi \x07bell"
)


@pytest.fixture
def escapes(tmp_path: Path) -> Path:
    return write(
        tmp_path, "escapes.md", f"# Title \x1b]0;x\x07here\n\nOpening words.\n\n## {HOSTILE_HEADING}\n\nText.\n"
    )


@pytest.mark.parametrize("command", [["outline"], ["outline", "--json"], ["script"], ["script", "--json"]])
def test_escapes_from_the_article_never_reach_the_terminal(escapes: Path, command: list[str]) -> None:
    run = bounded(command[0], escapes, *command[1:], seconds=30, megabytes=800)
    assert run.status == 0, run.stderr
    assert not UNSAFE.search(run.stdout), repr(run.stdout)
    shown = json.loads(run.stdout) if "--json" in command else None
    if command == ["outline", "--json"] and shown is not None:
        assert shown["sections"][1]["heading"] == HOSTILE_HEADING  # the data itself is exact
    else:
        assert "Clip" in run.stdout and "board" in run.stdout and "pwned" not in run.stdout


def test_escapes_in_an_error_message_are_removed(tmp_path: Path) -> None:
    run = bounded("outline", tmp_path / "gone\x1b]0;pwned\x07\u202e.md", seconds=20, megabytes=600)
    line = assert_one_line_error(run, "no such file")
    assert not UNSAFE.search(line), repr(line)


@pytest.mark.sound
def test_play_shows_headings_and_sentences_without_escapes(escapes: Path, pulse: PulseServer) -> None:
    run = bounded("play", escapes, "--transcript", stdin="next\nwhere\nquit\n", env=pulse.variables, seconds=60)
    assert run.status == 0, run.stderr
    assert not UNSAFE.search(run.stdout + run.stderr), repr(run.stdout + run.stderr)
    assert "Clip" in run.stdout


# Outputs that are not files ------------------------------------------------------------


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write(tmp_path, "a.md", "# Harbour news\n\nThe wall was rebuilt.\n")


def test_the_input_is_never_an_output(article: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    (tmp_path / "same.md").hardlink_to(article)
    before = snapshot(tmp_path)
    for output in (article, tmp_path / "same.md"):
        run = bounded("export", article, "-o", output, "--force", seconds=30, megabytes=800)
        assert_one_line_error(run, "would replace the article itself")
    assert snapshot(tmp_path) == before


def test_devices_and_fifos_are_never_replaced(article: Path, tmp_path: Path) -> None:
    (tmp_path / "null.mp3").symlink_to("/dev/null")
    os.mkfifo(tmp_path / "fifo.mp3")
    (tmp_path / "stdout.mp3").symlink_to("/proc/self/fd/1")  # a pipe here, as /dev/stdout is
    before = snapshot(tmp_path)
    for name, kind in (("null.mp3", "a device"), ("fifo.mp3", "a named pipe"), ("stdout.mp3", "a named pipe")):
        run = bounded("export", article, "-o", tmp_path / name, "--force", seconds=30, megabytes=800)
        assert_one_line_error(run, f"is {kind}", "not a file")
    assert snapshot(tmp_path) == before
    assert (tmp_path / "null.mp3").is_symlink() and Path("/dev/null").is_char_device()


def test_a_dangling_link_counts_as_existing(article: Path, tmp_path: Path) -> None:
    (tmp_path / "a.mp3").symlink_to(tmp_path / "elsewhere.mp3")
    run = bounded("export", article, seconds=30, megabytes=800)
    assert_one_line_error(run, "link to nothing", "--force")
    assert not (tmp_path / "elsewhere.mp3").exists()
    run = bounded("export", article, "--force", "-q", seconds=60, megabytes=800)
    assert run.status == 0, run.stderr
    assert (tmp_path / "a.mp3").is_symlink() and (tmp_path / "elsewhere.mp3").stat().st_size > 1000


def test_force_keeps_a_replaced_files_mode(article: Path, tmp_path: Path) -> None:
    private = tmp_path / "a.mp3"
    private.write_bytes(b"old")
    private.chmod(0o600)
    run = bounded("export", article, "--force", "-q", seconds=60, megabytes=800)
    assert run.status == 0, run.stderr
    assert private.stat().st_mode & 0o777 == 0o600 and private.stat().st_size > 1000


def test_a_300_character_output_name_is_one_line(article: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    run = bounded("export", article, "-o", tmp_path / ("n" * 300 + ".mp3"), seconds=30, megabytes=800)
    assert_one_line_error(run, "name is too long", "-o")
    assert snapshot(tmp_path) == before


# Smaller -------------------------------------------------------------------------------


def test_xhtml_with_a_dtd_is_read_quietly_and_its_entities_are_not_spoken(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "page.xhtml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd" [\n'
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<!ENTITY lol "lol">\n]>\n'
        '<body xmlns="http://www.w3.org/1999/xhtml"><h1>Harbour news</h1>'
        "<p>The wall &xxe; was &lol; rebuilt.</p></body>\n",
    )
    run = bounded("script", page, "--json", seconds=30, megabytes=800)
    assert run.status == 0 and run.stderr == "", run.stderr
    said = spoken(run.stdout)
    assert "The wall was rebuilt." in said
    assert not re.search(r"xxe|lol|\]|root", said), said


def test_a_100k_character_heading_outline_adds_up(tmp_path: Path) -> None:
    heading = " ".join(["word"] * 20_000)
    run = bounded("outline", write(tmp_path, "h.md", f"# Title\n\nTwo words.\n\n## {heading}\n\nTwo more.\n"))
    lines = run.stdout.splitlines()
    assert lines[2].startswith("2 sections, 4 words and 20,001 in the title and headings: about 1 h")
    assert max(map(len, lines)) < 300
    assert lines[-1].endswith("... (99,999 characters)  (2 words)")


def test_the_wav_size_limit_advises_what_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """--split writes the whole WAV too, so it cannot be the advice; an MP3 holds 27 hours in 760 MB."""
    import io

    from narrator.audio import AudioChunk
    from narrator.errors import OutputError
    from narrator.script.model import ItemKind, ScriptItem
    from narrator.sinks import wav

    monkeypatch.setattr(wav, "MAX_DATA_BYTES", 1000)
    writer = wav.WavWriter(io.BytesIO())
    with pytest.raises(OutputError) as refused:
        writer.write(ScriptItem(ItemKind.TEXT, 0, "Words."), AudioChunk(bytes(2000), 16000))
    assert "--mp3" in str(refused.value) and "--split" not in str(refused.value)

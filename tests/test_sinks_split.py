"""``--split`` file names from hostile headings, and the split writer's files and playlist."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from narrator.audio import AudioChunk
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection
from narrator.sinks.split import Part, SplitWriter, parts, safe_stem
from narrator.sinks.wav import WavWriter

HOSTILE_HEADINGS = [
    "../../etc/passwd",
    "CON",
    "a/b\\c",
    "x" * 300,
    "word " * 100,
    "🎉🎉🎉",
    "",
    "NUL.txt",
    ".hidden",
    "..",
    "Ketamine’s effects: “rapid”?",
    "Schöne Grüße",
    "日本語の見出し" * 30,
    "CON",
]


def script_with(headings: list[str]) -> Script:
    sections = tuple(ScriptSection(index, 2, heading, index + 1) for index, heading in enumerate(headings))
    items = tuple(ScriptItem(ItemKind.ANNOUNCEMENT, index, f"Section {index + 1}") for index in range(len(headings)))
    return Script(title="Title", language="en", items=items, sections=sections)


def test_file_names_from_hostile_headings_are_safe_and_distinct(tmp_path: Path) -> None:
    names = [part.file_name for part in parts(script_with(HOSTILE_HEADINGS), "mp3")]

    assert len(set(names)) == len(names)
    for number, name in enumerate(names, start=1):
        assert name.startswith(f"{number:02d}-")
        assert name.endswith(".mp3")
        assert "/" not in name and "\\" not in name and ".." not in name
        assert len(name.encode("utf-8")) <= 200
        stem = name[len("01-") : -len(".mp3")]
        assert stem and stem[0].isalnum() and stem[-1].isalnum()
        (tmp_path / name).write_bytes(b"")  # the file system accepts every name
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names)


@pytest.mark.parametrize(
    ("heading", "stem"),
    [
        ("How Ketamine Works in the Brain", "how-ketamine-works-in-the-brain"),
        ("Ketamine’s Anti-Depressive Effects", "ketamines-anti-depressive-effects"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con"),
        ("a/b\\c", "a-b-c"),
        ("🎉🎉", "section"),
        ("Schöne Grüße", "schöne-grüße"),
        ("ÉTUDE", "étude"),
    ],
)
def test_safe_stem(heading: str, stem: str) -> None:
    assert safe_stem(heading) == stem


def test_long_headings_are_cut_at_a_word() -> None:
    stem = safe_stem("word " * 100)
    assert stem.startswith("word-word") and stem.endswith("word") and len(stem) <= 60


def test_many_sections_are_numbered_so_they_sort() -> None:
    names = [part.file_name for part in parts(script_with([f"Part {n}" for n in range(120)]), "wav")]
    assert names[0] == "001-part-0.wav" and names == sorted(names)


def test_split_writer_gives_the_opening_to_the_first_file_and_lists_durations(tmp_path: Path) -> None:
    script = script_with(["One", "Two, with a comma"])
    items = (ScriptItem(ItemKind.TEXT, None, "Title", role="title"), *script.items)
    script = Script(script.title, script.language, items, script.sections)
    split_parts = parts(script, "wav")
    files = []

    def open_part(index: int) -> WavWriter:
        files.append((tmp_path / split_parts[index].file_name).open("w+b"))
        return WavWriter(files[-1])

    with (tmp_path / "list.m3u").open("w+b") as playlist:
        writer = SplitWriter(split_parts, open_part, playlist)
        for item, seconds in zip(script.items, (1, 2, 3), strict=True):
            writer.write(item, AudioChunk(bytes(2 * 8000 * seconds), 8000))
        writer.close()
    for file in files:
        file.close()

    lengths = []
    for part in split_parts:
        with wave.open(str(tmp_path / part.file_name)) as audio:
            lengths.append(audio.getnframes() / audio.getframerate())
    assert lengths == [3.0, 3.0]
    assert (tmp_path / "list.m3u").read_text(encoding="utf-8").splitlines() == [
        "#EXTM3U",
        "#EXTINF:3,One",
        "01-one.wav",
        "#EXTINF:3,Two, with a comma",
        "02-two-with-a-comma.wav",
    ]
    assert split_parts[1] == Part("02-two-with-a-comma.wav", "Two, with a comma")

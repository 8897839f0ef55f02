"""Hostile article content: engine markup is read as words, never obeyed; hostile headings make safe file names.

An article can carry SSML (``<break time="99999s"/>``, ``<audio src=...>``),
eSpeak ``[[phoneme]]`` and ``[[slnc]]`` input or SAPI escapes, as visible
text (escaped in HTML) or as raw tags (in Markdown). None may reach the
engine as an instruction: the script holds no markup, and the exported audio
is as long as the words and has no long silence. Headings such as
``../../etc/passwd``, ``CON``, ``a/b\\c``, 300 characters or only emoji give
distinct, safe file names under ``--split``, and nothing is written outside
the split folder and the chosen output. The script builder's own table of
escapes is tested in tests/test_script_build.py and tests/test_script_cli.py,
the file-name function in tests/test_sinks_split.py; here it is all through
the CLI with the real engine.
"""

from __future__ import annotations

import array
import hashlib
import re
import wave
from pathlib import Path

import pytest
from robust import narrate, snapshot, spoken_texts

pytestmark = pytest.mark.audio

INSTRUCTIONS = [
    '<break time="99999s"/>',
    '<audio src="https://example.org/siren.wav">alarm</audio>',
    "[[slnc 99999]]",
    "[[h@l'oU w'3:ld]]",
    "\\Pau=99999\\",
    '<speak><prosody rate="x-slow">slowly</prosody></speak>',
    "<voice name='whisper'>quietly</voice>",
]
SENTENCES = [f"Before {number} {instruction} after {number}." for number, instruction in enumerate(INSTRUCTIONS)]
WORD_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six"]


def html_page(folder: Path) -> Path:
    """The instructions as visible text, the way a page about SSML shows them."""
    body = "".join(f"<p>{sentence.replace('<', '&lt;').replace('>', '&gt;')}</p>" for sentence in SENTENCES)
    path = folder / "ssml.html"
    path.write_text(f"<html><head><title>Markup</title></head><body><h1>Markup</h1>{body}</body></html>")
    return path


def markdown_file(folder: Path) -> Path:
    """The instructions as raw inline HTML and text in Markdown."""
    path = folder / "ssml.md"
    path.write_text("# Markup\n\n" + "\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    return path


@pytest.fixture(params=[html_page, markdown_file], ids=["html", "markdown"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path: Path = request.param(tmp_path)
    return path


def test_engine_markup_is_never_in_the_script(hostile: Path) -> None:
    texts = spoken_texts(hostile)
    joined = " ".join(texts)
    assert not re.search(r"[<>{}\\]|\[\[|\]\]|99999|Pau=|slnc", joined), joined
    position = 0
    for number in WORD_NUMBERS:
        for phrase in (f"Before {number}", f"after {number}."):
            position = joined.index(phrase, position) + len(phrase)


def longest_silence(path: Path) -> float:
    """Seconds of the longest run of near-silent samples."""
    with wave.open(str(path)) as audio:
        samples = array.array("h")
        samples.frombytes(audio.readframes(audio.getnframes()))
        rate: int = audio.getframerate()
    longest = run = 0
    for sample in samples:
        run = run + 1 if -200 < sample < 200 else 0
        longest = max(longest, run)
    return longest / rate


def test_engine_markup_is_never_obeyed_in_the_audio(hostile: Path, tmp_path: Path) -> None:
    """Obeyed, the pauses alone would last 55 hours; the words take about 20 seconds."""
    output = tmp_path / "ssml.wav"
    run = narrate("export", str(hostile), "--wav", "-o", str(output), "-q", "--no-cache")
    assert run.status == 0, run.stderr
    with wave.open(str(output)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    words = sum(len(sentence.split()) for sentence in SENTENCES)
    assert 0.5 * words * 60 / 175 < seconds < 2 * words * 60 / 175, seconds
    assert longest_silence(output) < 1.5  # the script's longest pause is under a second


HOSTILE_HEADINGS = [
    "../../etc/passwd",
    "CON",
    "con",
    "a/b\\c",
    "NUL.txt",
    " ".join(["Overlong"] * 33)[:300],
    "🎉🎉🎉",
    "🐍",
    "..",
    "-rf *",
    "$(touch pwned)",
]


def test_hostile_headings_give_safe_distinct_names_inside_the_split_folder(tmp_path: Path) -> None:
    article = tmp_path / "hostile.md"
    body = "\n\n".join(f"## {heading}\n\nThe text of part {number}." for number, heading in enumerate(HOSTILE_HEADINGS))
    article.write_text(f"# Hostile headings\n\nAn opening sentence.\n\n{body}\n", encoding="utf-8")
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("the user's own file")
    outside = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in (Path("/etc/passwd"),)}
    before = snapshot(tmp_path)
    split = tmp_path / "out" / "parts"
    split.parent.mkdir()

    run = narrate("export", str(article), "--wav", "-o", str(tmp_path / "out" / "all.wav"), "--split", str(split), "-q")

    assert run.status == 0, run.stderr
    after = snapshot(tmp_path)
    new = sorted(set(after) - set(before))
    names = sorted(path.name for path in split.iterdir())
    assert new == sorted(["out", "out/all.wav", "out/parts", *(f"out/parts/{name}" for name in names)])
    assert {name: after[name] for name in before} == before  # nothing changed, ../../etc/passwd included
    assert outside == {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in outside}
    parts = [name for name in names if name.endswith(".wav")]
    assert len(parts) == len(HOSTILE_HEADINGS) + 1  # the opening, then one per section
    for number, name in enumerate(parts, start=1):
        assert re.fullmatch(rf"{number:02d}-[^\W_]+(?:-[^\W_]+)*\.wav", name), name
        assert len(name.encode()) <= 128
        with wave.open(str(split / name)) as audio:
            assert audio.getnframes() > 0
    playlist = (split / "all.m3u").read_text(encoding="utf-8").splitlines()
    assert [line for line in playlist if not line.startswith("#")] == parts

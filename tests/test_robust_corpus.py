"""Every real page and Markdown file of ../shared/corpus through outline, script and export, as a user runs them.

Each file is its own test, so a failure names the page. The hostile pages
(2.5 MB of script, 50 nested levels, broken and truncated markup, a lying
charset, almost no text) are run in child processes and measured: time and
peak memory of ``outline`` and of ``script``, each bounded. No spoken text
may carry markup, CSS or JavaScript. The export of the whole corpus (about
105,000 words, 11 hours of speech) takes about a minute on two cores.
"""

from __future__ import annotations

import json
import re
import wave
from pathlib import Path

import pytest
from conftest import CORPUS
from robust import invoke, narrate

from narrator.outline import count_words

pytestmark = pytest.mark.corpus

FILES = sorted(CORPUS.glob("html/*/source.html")) + sorted(CORPUS.glob("md/*.md"))
HOSTILE = [path for path in FILES if path.parent.name.startswith("hostile-")]


def name(path: Path) -> str:
    return path.parent.name if path.name == "source.html" else path.stem


MARKUP = re.compile(r"[<>{}]|&#?\w+;|\[\[|\]\]|[\x00-\x08\x0b-\x1f\x7f]")
CSS = re.compile(
    r"[a-z-]+\s*:\s*[^\s;:]+(?:\s+[^\s;:]+)?\s*;\s*[a-z-]+\s*:"  # two declarations in a row: "color: red; margin:"
    r"|!important|@media\b|@font-face\b|@import\b|\b\d+(?:px|rem)\s*;"
)
JAVASCRIPT = re.compile(
    r"\bfunction\s*\(|\b(?:var|let|const)\s+\w+\s*=|\b(?:document|window)\.\w+|=>|===|!==|\w\(\)\s*;"
    r"|\.push\(|\.prototype\.|addEventListener|__\w+__"
)
"""Signs of code that escaped the reader (a prose mention of jQuery or ``$(cmd)`` in a shell tip is not one)."""


@pytest.mark.parametrize("path", FILES, ids=name)
def test_outline_and_script_read_the_file_and_speak_no_code_or_markup(corpus: Path, path: Path) -> None:
    outline = invoke("outline", str(path), "--json")
    assert outline.exit_code == 0, outline.output
    assert json.loads(outline.stdout)["sections"]
    script = invoke("script", str(path), "--json")
    assert script.exit_code == 0, script.output
    texts = [item["text"] for item in json.loads(script.stdout) if item["text"]]
    assert count_words(" ".join(texts)) >= 30  # the article, not an empty shell (an ideograph is a word)
    for pattern in (MARKUP, CSS, JAVASCRIPT):
        leaks = [text for text in texts if pattern.search(text)]
        assert leaks == [], leaks[:3]


HOSTILE_SECONDS = 5.0
HOSTILE_PEAK_MB = 400.0


@pytest.mark.parametrize("command", ["outline", "script"])
@pytest.mark.parametrize("path", HOSTILE, ids=name)
def test_hostile_pages_read_within_five_seconds_and_400_mb(corpus: Path, path: Path, command: str) -> None:
    run = narrate(command, str(path))
    assert run.status == 0, run.stderr
    assert run.stderr == ""
    assert run.seconds < HOSTILE_SECONDS, f"{run.seconds:.2f} s"
    assert run.peak_mb < HOSTILE_PEAK_MB, f"{run.peak_mb:.0f} MB"


WORDS_PER_MINUTE = 175
WORD = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
"""A word, or one character of a script written without spaces (Chinese, Japanese, Thai): about a syllable."""


@pytest.mark.audio
@pytest.mark.parametrize("path", FILES, ids=name)
def test_export_wav_of_every_file(corpus: Path, tmp_path: Path, path: Path) -> None:
    """The whole narration, with the real engine; its length fits the words, and only the WAV is left."""
    output = tmp_path / f"{name(path)}.wav"
    run = narrate("export", str(path), "--wav", "-o", str(output), "-q", "--no-cache", timeout=300)
    assert run.status == 0, run.stderr
    assert run.stderr == ""
    assert [child.name for child in tmp_path.iterdir()] == [output.name]
    script = invoke("script", str(path), "--json")
    words = len(WORD.findall(" ".join(item["text"] for item in json.loads(script.stdout))))
    with wave.open(str(output)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
        assert (audio.getnchannels(), audio.getsampwidth()) == (1, 2)
    output.unlink()  # the corpus makes gigabytes of WAV: do not keep them in pytest's folders
    expected = words * 60 / WORDS_PER_MINUTE
    assert 0.25 * expected < seconds < 3 * expected, (words, seconds)  # a Thai letter is less than a syllable

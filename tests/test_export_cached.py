"""A WAV re-export takes cached speech straight from the cache's files, through the real CLI and engine.

Cached items reach the WAV as open files (:class:`~narrator.audio.StoredPcm`) and are copied
from there, so these check what a listener would: unchanged sections sound
exactly as before, the edited one is new, the whole file, its split parts and
its subtitles agree with an export that used no cache; and that no file is
left open, nor an export broken when its entries vanish after being looked up.
eSpeak NG carries a little state from one text to the next, so audio spoken
after an edit differs by milliseconds from one spoken after the original text:
only what is before the edit, or taken from the cache, is compared byte for byte.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from narrate import narrate as run_narrate

from narrator import export_runs
from narrator.cache import Cache
from narrator.cli import cli
from narrator.options import ReadOptions, ScriptOptions
from narrator.pipeline import script_for
from narrator.synthesize import SPEECH_KIND

pytestmark = pytest.mark.audio

ARTICLE = """# Rivers of the north

## Sources

The river rises in the hills above the old mill. Snow feeds it from March to May.

## Towns

Three towns grew up along its banks. Each built a bridge of its own.

## Floods

The worst flood came in 1953. It reached the church steps.
"""
EDITED = ARTICLE.replace("Each built a bridge of its own.", "Each town built a bridge, and all three still stand.")
EDITED_PART = 1
"""The edited section, counted from 0: the second of three."""


def frames(path: Path) -> bytes:
    with wave.open(str(path)) as audio:
        assert (audio.getnchannels(), audio.getsampwidth()) == (1, 2)
        data: bytes = audio.readframes(audio.getnframes())
    return data


def seconds(pcm: bytes) -> float:
    return len(pcm) / 2 / 22050


def cues(path: Path) -> list[tuple[float, str]]:
    """(start in seconds, text) of each cue of an SRT file."""
    found = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        _, times, text = block.split("\n", 2)
        hours, minutes, rest = times.split(" --> ")[0].split(":")
        found.append((int(hours) * 3600 + int(minutes) * 60 + float(rest.replace(",", ".")), text))
    return found


def narrate(*arguments: str | Path, env: dict[str, str] | None = None) -> None:
    done = run_narrate(*arguments, env=env)
    assert done.status == 0, done.stderr


def export(article: Path, name: str, *flags: str) -> Path:
    """Export ``article`` to ``name``.wav with a part per section in ``name``/ and SRT subtitles."""
    output = article.with_name(f"{name}.wav")
    narrate("export", article, "--wav", "-o", output, "--split", output.with_suffix(""), "--subtitles", "srt", *flags)
    return output


def parts(output: Path) -> list[bytes]:
    return [frames(path) for path in sorted(output.with_suffix("").glob("*.wav"))]


def test_a_re_export_after_an_edit_keeps_unchanged_sections_exactly_and_agrees_with_an_uncached_one(
    tmp_path: Path,
) -> None:
    article = tmp_path / "rivers.md"
    article.write_text(ARTICLE, encoding="utf-8")
    first = export(article, "first")
    article.write_text(EDITED, encoding="utf-8")
    cached = export(article, "cached")
    fresh = export(article, "fresh", "--no-cache")

    before, after, uncached = parts(first), parts(cached), parts(fresh)
    assert len(before) == len(after) == len(uncached) == 3
    for number, (old, new) in enumerate(zip(before, after, strict=True)):
        assert (old == new) is (number != EDITED_PART)  # only the edited section changed
    assert after[0] == uncached[0]  # spoken before the edit: the same whether cached or not
    assert frames(cached) == b"".join(after)  # the whole file is its parts, in order
    assert frames(first) == b"".join(before)
    for new, spoken_now in zip(after, uncached, strict=True):
        assert seconds(new) == pytest.approx(seconds(spoken_now), abs=0.1)
    assert seconds(after[EDITED_PART]) > seconds(before[EDITED_PART]) + 1  # the new sentence is longer

    cached_cues, fresh_cues = cues(cached.with_suffix(".srt")), cues(fresh.with_suffix(".srt"))
    assert [text for _, text in cached_cues] == [text for _, text in fresh_cues]
    assert any("all three still stand" in text for _, text in cached_cues)
    # eSpeak NG says a sentence up to about 0.1 s longer or shorter after a different one: items agree one by
    # one, and their starts drift by no more than that per item.
    cached_lengths = [later - start for (start, _), (later, _) in itertools.pairwise(cached_cues)]
    fresh_lengths = [later - start for (start, _), (later, _) in itertools.pairwise(fresh_cues)]
    assert cached_lengths == pytest.approx(fresh_lengths, abs=0.1)
    starts = {text: start for start, text in cached_cues}
    assert starts["Section 3 of 3: Floods"] == pytest.approx(seconds(after[0] + after[1]), abs=0.002)


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache holding every item of :data:`ARTICLE`, filled by one export (``first.wav`` and its parts)."""
    folder = tmp_path_factory.mktemp("filled")
    article = folder / "rivers.md"
    article.write_text(ARTICLE, encoding="utf-8")
    output = folder / "first.wav"
    narrate("export", article, "--wav", "-o", output, "--split", folder / "first", env={"XDG_CACHE_HOME": str(folder)})
    return folder


@pytest.fixture
def cached_article(filled_cache: Path, tmp_path: Path) -> Path:
    """:data:`ARTICLE` in ``tmp_path``, with this test's own copy of the filled cache."""
    shutil.copytree(filled_cache / "narrator", Path(os.environ["XDG_CACHE_HOME"]) / "narrator")
    article = tmp_path / "rivers.md"
    article.write_text(ARTICLE, encoding="utf-8")
    return article


def spoken_items(article: Path) -> int:
    return sum(item.spoken for item in script_for(str(article), ReadOptions(), ScriptOptions()).items)


def export_here(article: Path, name: str) -> Path:
    """Export in this process (one process, no workers), so its open files can be counted."""
    output = article.with_name(f"{name}.wav")
    arguments = ["export", str(article), "--wav", "-o", str(output), "--split", str(output.with_suffix("")), "-q"]
    done = CliRunner().invoke(cli, [*arguments, "--jobs", "1"])
    assert done.exit_code == 0, done.output
    return output


class HandedOut:
    """Every sentence's entry the cache hands out open, and the most that were open at once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entries: list[io.FileIO] = []
        self.most_open = 0
        original = Cache.open

        def spied(cache: Cache, kind: str, digest: str) -> io.FileIO | None:
            found = original(cache, kind, digest)
            if found is not None and kind == SPEECH_KIND:
                self.entries.append(found)
                self.most_open = max(self.most_open, sum(not each.closed for each in self.entries))
            return found

        monkeypatch.setattr(Cache, "open", spied)


def open_descriptors() -> int:
    return len(list(Path("/proc/self/fd").iterdir()))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_a_cached_export_closes_each_file_once_its_run_is_written(
    cached_article: Path, filled_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_here(cached_article, "warm-up")  # the engine and the CLI set up once
    handed = HandedOut(monkeypatch)
    before = open_descriptors()
    output = export_here(cached_article, "again")

    assert open_descriptors() == before
    assert len(handed.entries) == spoken_items(cached_article)  # every item straight from its file
    assert all(entry.closed for entry in handed.entries)
    assert handed.most_open < len(handed.entries)  # closed run by run, not held to the end
    assert frames(output) == frames(filled_cache / "first.wav")


def test_entries_cleared_between_their_lookup_and_their_copy_still_reach_the_wav(
    cached_article: Path, filled_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed = HandedOut(monkeypatch)
    rendered_runs = export_runs.rendered_runs
    cleared: list[int] = []

    def clearing(*arguments: Any) -> Iterator[Any]:
        for run in rendered_runs(*arguments):  # each run's entries are open by now
            cleared.append(Cache().clear().entries)  # as `narrate cache clear` in another terminal would
            yield run

    monkeypatch.setattr(export_runs, "rendered_runs", clearing)
    output = export_here(cached_article, "cleared")

    sections = len(script_for(str(cached_article), ReadOptions(), ScriptOptions()).sections)
    assert cleared[0] == spoken_items(cached_article) + sections  # each sentence's samples, each section's script
    assert handed.entries  # the first run came from removed entries
    assert parts(output)[0] == parts(filled_cache / "first.wav")[0]
    assert seconds(frames(output)) == pytest.approx(seconds(frames(filled_cache / "first.wav")), abs=0.1)

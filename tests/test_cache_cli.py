"""The segment cache end to end, through the real ``narrate`` CLI and the real engine.

The engine is eSpeak NG as shipped, wrapped to log every text it is asked to
speak (tests/counting_engine.py), so a test sees exactly what was synthesized
and what came from the cache; the WAV files show that cached speech is the
same speech. eSpeak NG carries a little state from one text to the next (the
same sentence comes out a millisecond or so longer or shorter), so only a
narration taken wholly from the cache is byte for byte the same; others are
compared by length.
"""

from __future__ import annotations

import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from counting_engine import LOG_VARIABLE
from narrate import Run, narrate

from narrator.cache import Cache, total
from narrator.options import ReadOptions, ScriptOptions
from narrator.pipeline import script_for

COUNTING = {"counting": "counting_engine:CountingEngine"}

ARTICLE = """# Rivers of the north

## Sources

The river rises in the hills above the old mill. Snow feeds it from March to May.

## Towns

Three towns grew up along its banks. Each built a bridge of its own.

## Floods

The worst flood came in 1953. It reached the church steps.
"""


def run_narrate(*arguments: str, log: Path, env: dict[str, str] | None = None) -> Run:
    """``narrate`` with the counting engine registered, logging what it speaks to ``log``."""
    return narrate(*arguments, env={**(env or {}), LOG_VARIABLE: str(log)}, engines=COUNTING)


def export(article: Path, output: Path, log: Path, *flags: str, env: dict[str, str] | None = None) -> list[str]:
    """Export ``article`` to WAV with the counting engine; returns the texts it synthesized."""
    log.write_text("", encoding="utf-8")
    arguments = ["export", str(article), "--wav", "-o", str(output), "--force", "-q", "--engine", "counting", *flags]
    done = run_narrate(*arguments, log=log, env=env)
    assert done.status == 0, done.stderr
    return log.read_text(encoding="utf-8").splitlines()


def seconds(wav: Path) -> float:
    with wave.open(str(wav)) as file:
        frames: int = file.getnframes()
        rate: int = file.getframerate()
    return frames / rate


def spoken_texts(article: Path) -> list[str]:
    """The texts of the article's spoken items, each once, sorted: worker processes speak them side by side."""
    script = script_for(str(article), ReadOptions(), ScriptOptions())
    return sorted({" ".join(item.text.split()) for item in script.items if item.spoken})


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "rivers.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_second_export_synthesizes_nothing_and_sounds_the_same(article: Path, tmp_path: Path) -> None:
    log = tmp_path / "spoken.log"
    first = export(article, tmp_path / "first.wav", log)
    assert sorted(first) == spoken_texts(article)
    assert any(text.startswith("Section 2 of 3") for text in first)
    assert export(article, tmp_path / "second.wav", log) == []
    assert (tmp_path / "second.wav").read_bytes() == (tmp_path / "first.wav").read_bytes()


def test_editing_one_section_synthesizes_only_its_changed_sentence(article: Path, tmp_path: Path) -> None:
    log = tmp_path / "spoken.log"
    export(article, tmp_path / "before.wav", log)
    article.write_text(ARTICLE.replace("Each built a bridge of its own.", "Each built one."), encoding="utf-8")
    assert export(article, tmp_path / "cached.wav", log) == ["Each built one."]
    fresh = export(article, tmp_path / "fresh.wav", log, "--no-cache")
    assert sorted(fresh) == spoken_texts(article)
    # Uncached exports of this article themselves last 24.17 or 24.26 s, by which process speaks which sentence
    # after which: eSpeak NG says a sentence up to 0.09 s differently after another one.
    assert seconds(tmp_path / "cached.wav") == pytest.approx(seconds(tmp_path / "fresh.wav"), abs=0.15)
    assert seconds(tmp_path / "cached.wav") < seconds(tmp_path / "before.wav") - 0.3  # the new sentence is shorter


def test_no_cache_neither_reads_nor_writes_the_cache(article: Path, tmp_path: Path) -> None:
    log = tmp_path / "spoken.log"
    assert sorted(export(article, tmp_path / "a.wav", log, "--no-cache")) == spoken_texts(article)
    assert stored_entries() == 0
    export(article, tmp_path / "b.wav", log)
    stored = total(Cache().usage())
    assert sorted(export(article, tmp_path / "c.wav", log, "--no-cache")) == spoken_texts(article)
    assert total(Cache().usage()) == stored


def stored_entries() -> int:
    return total(Cache().usage()).entries


def kept_entries(article: Path) -> int:
    """What an export keeps: each spoken text's samples and each section's script items."""
    return len(spoken_texts(article)) + len(script_for(str(article), ReadOptions(), ScriptOptions()).sections)


def test_cache_clear_says_how_much_it_removed_and_empties_the_cache(article: Path, tmp_path: Path) -> None:
    log = tmp_path / "spoken.log"
    export(article, tmp_path / "a.wav", log)
    count = kept_entries(article)
    stored = total(Cache().usage())
    assert stored.entries == count
    info = run_narrate("cache", "info", log=log)
    assert info.status == 0
    assert f"{count} entries, {stored.bytes / 2**20:.1f} MB of at most 512 MB" in info.stdout
    assert f"  script: {len(script_for(str(article), ReadOptions(), ScriptOptions()).sections)} entries" in info.stdout
    assert f"  pcm: {len(spoken_texts(article))} entries" in info.stdout
    cleared = run_narrate("cache", "clear", log=log)
    assert cleared.status == 0, cleared.stderr
    assert cleared.stdout.startswith(f"Removed {count} entries, {stored.bytes / 2**20:.1f} MB from ")
    assert stored_entries() == 0
    assert sorted(export(article, tmp_path / "b.wav", log)) == spoken_texts(article)


def test_the_cache_keeps_to_its_bound(article: Path, tmp_path: Path) -> None:
    log = tmp_path / "spoken.log"
    bound = 0.2  # MB: less than the article's speech (about 0.6 MB)
    export(article, tmp_path / "a.wav", log, env={"NARRATOR_CACHE_MB": str(bound)})
    kept = total(Cache(limit_bytes=0).usage())
    assert 0 < kept.bytes <= bound * 2**20 * (1 + 1 / 16)
    assert kept.entries < len(spoken_texts(article))


def test_a_bad_cache_bound_is_one_line_and_a_usage_error(article: Path, tmp_path: Path) -> None:
    done = run_narrate("cache", "info", log=tmp_path / "log", env={"NARRATOR_CACHE_MB": "lots"})
    assert done.status == 2
    assert done.stderr == "Error: NARRATOR_CACHE_MB=lots is not a size in megabytes (such as 512 or 0.5).\n"


def long_article(sections: int = 4, sentences: int = 40) -> str:
    """About 1,700 words: long enough that exports start worker processes."""
    things = ["bridge", "mill", "harbour", "school", "station", "market", "chapel", "tower"]
    parts = ["# A long walk along the river", ""]
    for number in range(1, sections + 1):
        parts += [f"## Stage {number}", ""]
        parts.append(
            " ".join(
                f"On day {number * 100 + line} we passed the {things[line % 8]} and saw {line + 3} boats on the water."
                for line in range(sentences)
            )
        )
        parts.append("")
    return "\n".join(parts)


def test_concurrent_exports_into_one_cache_both_succeed_with_the_same_audio(tmp_path: Path) -> None:
    article = tmp_path / "walk.md"
    article.write_text(long_article(), encoding="utf-8")
    assert sum(len(text.split()) for text in spoken_texts(article)) > 1500
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    outputs = [tmp_path / "one.wav", tmp_path / "two.wav"]
    with ThreadPoolExecutor(2) as both:
        spoken = list(both.map(lambda number: export(article, outputs[number], logs[number]), range(2)))
    assert seconds(outputs[0]) == pytest.approx(seconds(outputs[1]), rel=1e-3)
    assert set(spoken[0]) | set(spoken[1]) == set(spoken_texts(article))
    assert stored_entries() == kept_entries(article)
    assert export(article, tmp_path / "three.wav", tmp_path / "three.log") == []
    assert seconds(tmp_path / "three.wav") == pytest.approx(seconds(outputs[0]), rel=1e-3)

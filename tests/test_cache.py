"""The cache: entries by kind and digest, bounded size with LRU eviction, safe under concurrent writers; and the
spoken items' wrapper on it, keyed by exactly what shapes the sound."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from fake_engine import FakeEngine

from narrator.cache import ENTRY_HEADER, EVICT_EVERY, Cache, CacheUsage, total
from narrator.engines.base import VoiceSettings
from narrator.errors import SettingError
from narrator.script.model import ItemKind, ScriptItem
from narrator.synthesize import Speech, is_cached, render_item


def entry(byte: int, size: int = 2000) -> bytes:
    return bytes([byte]) * size


def set_last_use(cache: Cache, kind: str, digest: str, seconds_ago: float) -> None:
    """Age an entry as if it had not been used for ``seconds_ago`` (reading it is what marks it used)."""
    [path] = cache.folder.glob(f"*/{digest}.{kind}")
    past = time.time() - seconds_ago
    os.utime(path, (past, past))


def test_round_trip_returns_the_same_bytes_by_kind(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("pcm", "ab12", b"head", entry(7))
    assert cache.read("pcm", "ab12") == b"head" + entry(7)
    assert cache.read("mp3run", "ab12") is None
    assert cache.has("pcm", "ab12") and not cache.has("pcm", "ab13")


def test_eviction_drops_least_recently_used_first(tmp_path: Path) -> None:
    cache = Cache(tmp_path, limit_bytes=2 * (2000 + ENTRY_HEADER.size))
    roomy = Cache(tmp_path)
    for number, digest in enumerate(["aa01", "aa02", "aa03"]):
        roomy.write("pcm", digest, entry(number))
        set_last_use(cache, "pcm", digest, 100 - number)
    assert cache.read("pcm", "aa01") is not None  # a hit makes it the most recent
    cache.evict()
    assert cache.read("pcm", "aa02") is None
    assert cache.read("pcm", "aa01") is not None
    assert cache.read("pcm", "aa03") is not None


def test_usage_is_shown_by_kind_and_clear_empties_the_cache(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("pcm", "aa01", entry(1))
    cache.write("pcm", "aa02", entry(2))
    cache.write("script", "bb01", b"[]")
    header = ENTRY_HEADER.size  # each entry's own: magic, length and checksum; what is on disk is counted
    assert cache.usage() == {"pcm": CacheUsage(2, 4000 + 2 * header), "script": CacheUsage(1, 2 + header)}
    assert cache.clear() == CacheUsage(entries=3, bytes=4002 + 3 * header)
    assert cache.read("pcm", "aa01") is None
    assert cache.usage() == {}


def _write_many(folder: str, worker: int) -> int:
    cache = Cache(Path(folder))
    for round_ in range(50):
        cache.write("pcm", f"ab{round_ % 5}", entry(round_ % 5, 10_000))
        found = cache.read("pcm", f"ab{(round_ + worker) % 5}")
        if found is not None and found != entry((round_ + worker) % 5, 10_000):
            return 1
    return 0


def test_concurrent_writers_never_see_a_partial_entry(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:
        failures = sum(pool.map(_write_many, [str(tmp_path)] * 4, range(4)))
    assert failures == 0
    assert not list(tmp_path.glob("*/*.tmp"))


def test_storing_past_a_share_of_the_bound_evicts_on_the_way(tmp_path: Path) -> None:
    bound = 16 * 2000
    cache = Cache(tmp_path, limit_bytes=bound)
    for number in range(40):
        cache.write("pcm", f"{number:04x}", entry(number))
        assert sum(kind.bytes for kind in cache.usage().values()) <= bound * (1 + 1 / EVICT_EVERY)
    assert cache.read("pcm", f"{39:04x}") is not None


def test_the_bound_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NARRATOR_CACHE_MB", "1.5")
    assert Cache(tmp_path).limit_bytes == 3 * 2**19
    monkeypatch.setenv("NARRATOR_CACHE_MB", "-1")
    with pytest.raises(SettingError, match="NARRATOR_CACHE_MB=-1 is not a size in megabytes"):
        Cache(tmp_path)


def say(text: str) -> ScriptItem:
    return ScriptItem(ItemKind.TEXT, 0, text)


def test_a_spoken_item_is_cached_under_everything_that_shapes_its_sound(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    engine = FakeEngine()
    speech = Speech("fake", VoiceSettings(), "en")
    first = render_item(engine, say("Hello there."), speech, cache)
    assert is_cached(cache, say("Hello there."), speech)
    assert render_item(engine, say("Hello there."), speech, cache) == first
    assert not is_cached(cache, say("Hello there!"), speech)
    assert not is_cached(cache, say("Hello there."), Speech("fake", VoiceSettings(rate=200), "en"))
    assert not is_cached(cache, say("Hello there."), Speech("fake", VoiceSettings(), "de"))
    assert not is_cached(cache, say("Hello there."), Speech("other", VoiceSettings(), "en"))
    assert is_cached(cache, ScriptItem(ItemKind.PAUSE, 0, pause_ms=300), speech)  # silence needs no engine


def test_a_damaged_item_entry_is_spoken_again(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    engine = FakeEngine()
    speech = Speech("fake", VoiceSettings(), "en")
    spoken = render_item(engine, say("Hello."), speech, cache)
    for path in tmp_path.glob("*/*.pcm"):
        path.write_bytes(b"ga")
    assert render_item(engine, say("Hello."), speech, cache) == spoken


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],
        lambda data: data + b"\0\0",
        lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],
        lambda data: data[:26],
        lambda data: b"",
    ],
    ids=["truncated", "extended", "a bit flipped", "26 bytes", "empty"],
)
def test_a_damaged_entry_is_a_miss_and_is_deleted(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    cache = Cache(tmp_path)
    cache.write("pcm", "ab12", b"head", entry(7))
    [path] = tmp_path.glob("*/ab12.pcm")
    path.write_bytes(damage(path.read_bytes()))
    assert cache.open("pcm", "ab12") is None
    assert not path.exists()
    cache.write("pcm", "ab12", b"head", entry(7))
    assert cache.read("pcm", "ab12") == b"head" + entry(7)


def test_stray_folders_and_files_in_the_cache_are_left_alone(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("pcm", "ab12", entry(1))
    (tmp_path / "ab" / "stray" / "inner").mkdir(parents=True)
    (tmp_path / "cd" / "cd34.pcm").mkdir(parents=True)
    (tmp_path / "notes.txt").write_text("mine")
    assert total(cache.usage()).entries == 1
    Cache(tmp_path, limit_bytes=1).evict()
    cache.clear()
    assert (tmp_path / "ab" / "stray" / "inner").is_dir() and (tmp_path / "notes.txt").exists()
    assert total(cache.usage()).entries == 0

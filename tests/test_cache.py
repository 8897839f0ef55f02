"""The segment cache: exact keys, bounded size with LRU eviction, safe under concurrent writers."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from narrator.cache import EVICT_EVERY, CacheUsage, SegmentCache, SegmentKey
from narrator.engines.base import AudioChunk, VoiceSettings
from narrator.errors import SettingError


def key(text: str, rate: int | None = None) -> SegmentKey:
    return SegmentKey(text=text, language="en", engine="pyttsx3", settings=VoiceSettings(rate=rate))


def chunk(byte: int, frames: int = 1000) -> AudioChunk:
    return AudioChunk(bytes([byte]) * (2 * frames), 22050)


def test_round_trip_returns_the_same_audio(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put(key("Hello."), chunk(7))
    assert cache.get(key("Hello.")) == chunk(7)


def test_any_change_in_text_or_settings_is_a_miss(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put(key("Hello."), chunk(7))
    assert cache.get(key("Hello!")) is None
    assert cache.get(key("Hello.", rate=200)) is None
    assert cache.get(SegmentKey("Hello.", "de", "pyttsx3", VoiceSettings())) is None


def test_eviction_drops_least_recently_used_first(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, limit_bytes=2 * (2000 + 8))
    roomy = SegmentCache(tmp_path)
    for number, text in enumerate(["one", "two", "three"]):
        roomy.put(key(text), chunk(number))
        past = time.time() - 100 + number
        os.utime(cache._path(key(text).digest()), (past, past))
    assert cache.get(key("one")) is not None  # a hit makes "one" the most recent
    cache.evict()
    assert cache.get(key("two")) is None
    assert cache.get(key("one")) is not None
    assert cache.get(key("three")) is not None


def test_clear_empties_the_cache(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put(key("a"), chunk(1))
    cache.put(key("b"), chunk(2))
    assert cache.clear() == CacheUsage(entries=2, bytes=2 * (2000 + 8))
    assert cache.get(key("a")) is None
    assert cache.usage() == CacheUsage(0, 0)


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put(key("a"), chunk(1))
    cache._path(key("a").digest()).write_bytes(b"garbage")
    assert cache.get(key("a")) is None


def _write_many(folder: str, worker: int) -> int:
    cache = SegmentCache(Path(folder))
    for round_ in range(50):
        cache.put(key(f"shared {round_ % 5}"), chunk(round_ % 5, frames=5000))
        found = cache.get(key(f"shared {(round_ + worker) % 5}"))
        if found is not None and found != chunk((round_ + worker) % 5, frames=5000):
            return 1
    return 0


def test_concurrent_writers_never_see_a_partial_entry(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:
        failures = sum(pool.map(_write_many, [str(tmp_path)] * 4, range(4)))
    assert failures == 0
    assert not list(tmp_path.glob("*/*.tmp"))


def test_storing_past_a_share_of_the_bound_evicts_on_the_way(tmp_path: Path) -> None:
    bound = 16 * (2000 + 8)
    cache = SegmentCache(tmp_path, limit_bytes=bound)
    for number in range(40):
        cache.put(key(f"sentence {number}"), chunk(number))
        assert cache.usage().bytes <= bound * (1 + 1 / EVICT_EVERY)
    assert cache.get(key("sentence 39")) is not None


def test_the_bound_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NARRATOR_CACHE_MB", "1.5")
    assert SegmentCache(tmp_path).limit_bytes == 3 * 2**19
    monkeypatch.setenv("NARRATOR_CACHE_MB", "-1")
    with pytest.raises(SettingError, match="NARRATOR_CACHE_MB=-1 is not a size in megabytes"):
        SegmentCache(tmp_path)

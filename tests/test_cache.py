"""The segment cache: exact keys, bounded size with LRU eviction, safe under concurrent writers."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from narrator.cache import SegmentCache, SegmentKey
from narrator.engines.base import AudioChunk, VoiceSettings


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
    for number, text in enumerate(["one", "two", "three"]):
        cache.put(key(text), chunk(number))
        past = time.time() - 100 + number
        os.utime(cache._path(key(text)), (past, past))
    assert cache.get(key("one")) is not None  # a hit makes "one" the most recent
    cache.evict()
    assert cache.get(key("two")) is None
    assert cache.get(key("one")) is not None
    assert cache.get(key("three")) is not None


def test_clear_empties_the_cache(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put(key("a"), chunk(1))
    cache.put(key("b"), chunk(2))
    assert cache.clear() == 2
    assert cache.get(key("a")) is None


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    cache.put(key("a"), chunk(1))
    cache._path(key("a")).write_bytes(b"garbage")
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

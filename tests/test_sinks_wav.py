"""The WAV writer with samples in memory and samples left in the segment cache's files.

Cached speech reaches the writer as an open file, an offset and a length
(:class:`StoredPcm`); these check that it lands in the output byte for byte,
in order with samples from memory, across the writer's buffer, and that an
entry evicted or cleared after it was looked up still gets there.
"""

from __future__ import annotations

import io
import pickle
import random
import wave
from pathlib import Path

import pytest

from narrator import cache as segment_cache
from narrator.cache import SegmentCache, SegmentKey
from narrator.engines.base import AudioChunk, VoiceSettings
from narrator.script.model import ItemKind, ScriptItem
from narrator.sinks import wav
from narrator.sinks.base import StoredPcm
from narrator.sinks.wav import WavWriter

RATE = 16000
ITEM = ScriptItem(ItemKind.TEXT, 0, "Words.")


def key(text: str) -> SegmentKey:
    return SegmentKey(text, "en", "fake", VoiceSettings())


def samples(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def in_file(folder: Path, name: str, pcm: bytes) -> StoredPcm:
    """``pcm`` after a few header bytes in a file of its own, open."""
    path = folder / name
    path.write_bytes(b"HEAD" + pcm)
    return StoredPcm(io.FileIO(path), 4, len(pcm) // 2, RATE)


def frames_of(data: bytes) -> tuple[bytes, int]:
    with wave.open(io.BytesIO(data)) as audio:
        return audio.readframes(audio.getnframes()), audio.getframerate()


@pytest.mark.parametrize("on_disk", [True, False], ids=["file", "memory"])
def test_samples_from_memory_and_from_files_are_written_in_order_across_the_buffer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_disk: bool
) -> None:
    monkeypatch.setattr(wav, "BUFFER_BYTES", 1000)
    sizes = [10, 0, 956, 1000, 2500, 2, 998, 4000, 44]  # straddling, filling and overrunning the 1000-byte buffer
    pieces = [samples(size, seed) for seed, size in enumerate(sizes)]
    output = (tmp_path / "out.wav").open("w+b") if on_disk else io.BytesIO()
    writer = WavWriter(output)
    for number, pcm in enumerate(pieces):
        sound = in_file(tmp_path, f"{number}.seg", pcm) if number % 2 else AudioChunk(pcm, RATE)
        writer.write(ITEM, sound)
        if isinstance(sound, StoredPcm):
            sound.close()
    writer.close()
    output.seek(0)
    data = output.read()
    output.close()

    assert frames_of(data) == (b"".join(pieces), RATE)
    assert len(data) == wav.HEADER.size + sum(sizes)
    assert writer.clock.frames == sum(sizes) // 2


def test_an_entry_removed_after_it_was_looked_up_is_still_written(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "cache")
    pcm = samples(30_000, 1)
    cache.put(key("Kept."), AudioChunk(pcm, RATE))
    stored = cache.open(key("Kept."))
    assert isinstance(stored, StoredPcm)
    assert cache.clear().entries == 1  # as `narrate cache clear` or eviction by another run would
    assert cache.get(key("Kept.")) is None

    output = io.BytesIO()
    writer = WavWriter(output)
    writer.write(ITEM, stored)
    writer.close()
    assert frames_of(output.getvalue()) == (pcm, RATE)
    assert stored.read() == AudioChunk(pcm, RATE)
    stored.close()


def test_the_cache_hands_out_a_bounded_number_of_open_entries_then_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment_cache, "MAX_OPEN_ENTRIES", 3)
    cache = SegmentCache(tmp_path)
    chunks = [AudioChunk(samples(200 + 2 * number, number), RATE) for number in range(5)]
    for number, chunk in enumerate(chunks):
        cache.put(key(f"Sentence {number}."), chunk)

    found = [cache.open(key(f"Sentence {number}.")) for number in range(5)]
    assert [type(each) for each in found] == [StoredPcm] * 3 + [AudioChunk] * 2
    assert [each.read() if isinstance(each, StoredPcm) else each for each in found] == chunks
    assert cache.open(key("Never said.")) is None

    first = found.pop(0)
    assert isinstance(first, StoredPcm)
    first.close()
    del first  # dropped: its place is free
    found.append(cache.open(key("Sentence 4.")))
    assert isinstance(found[-1], StoredPcm)
    for each in found:
        if isinstance(each, StoredPcm):
            each.close()


def test_a_cache_with_open_entries_is_sent_to_workers_as_the_same_cache(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, limit_bytes=5000)
    cache.put(key("Open."), AudioChunk(samples(100, 2), RATE))
    stored = cache.open(key("Open."))
    assert isinstance(stored, StoredPcm)

    sent = pickle.loads(pickle.dumps(cache))
    assert (sent.folder, sent.limit_bytes) == (cache.folder, cache.limit_bytes)
    assert sent.get(key("Open.")) == stored.read()
    stored.close()

"""The WAV writer with samples in memory and samples left in the cache's files.

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
from fake_engine import FakeEngine

from narrator.audio import AudioChunk, StoredPcm
from narrator.cache import Cache
from narrator.engines.base import VoiceSettings
from narrator.script.model import ItemKind, ScriptItem
from narrator.sinks import wav
from narrator.sinks.wav import WavWriter
from narrator.synthesize import Speech, is_cached, render_item

RATE = 16000
ITEM = ScriptItem(ItemKind.TEXT, 0, "Words.")


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
    cache = Cache(tmp_path / "cache")
    engine = FakeEngine()
    speech = Speech("fake", VoiceSettings(), "en")
    spoken = render_item(engine, ITEM, speech, cache)
    stored = render_item(engine, ITEM, speech, cache, in_file=True)
    assert isinstance(stored, StoredPcm)
    assert cache.clear().entries == 1  # as `narrate cache clear` or eviction by another run would
    assert not is_cached(cache, ITEM, speech)

    output = io.BytesIO()
    writer = WavWriter(output)
    writer.write(ITEM, stored)
    writer.close()
    stored.close()
    assert frames_of(output.getvalue()) == (spoken.pcm, FakeEngine.sample_rate)


def test_a_cache_is_sent_to_workers_as_the_same_cache(tmp_path: Path) -> None:
    cache = Cache(tmp_path, limit_bytes=5000)
    cache.write("pcm", "ab01", samples(100, 2))
    sent = pickle.loads(pickle.dumps(cache))
    assert (sent.folder, sent.limit_bytes) == (cache.folder, cache.limit_bytes)
    assert sent.read("pcm", "ab01") == samples(100, 2)

"""The player's narration: the export's own :class:`~narrator.synthesize.Synthesizer`, shared across threads.

Playing live renders every item exactly as ``narrate export`` does (same
engine, voice, pauses and earcons), so what is heard is what export writes.
The player fetches ahead on one thread and speaks "where am I" on another,
and a jump starts a new stream while the old one winds down; engines are
not thread-safe, so every call into the synthesizer takes one lock, held
for one item at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from dataclasses import replace

from narrator.audio import AudioChunk
from narrator.cache import Cache
from narrator.engines.base import VoiceSettings
from narrator.languages import passages
from narrator.script.japanese import said
from narrator.script.model import Script
from narrator.script.phrases import phrases_language
from narrator.synthesize import Synthesizer, stream


class SynthesizerNarration:
    """A :class:`~narrator.play.feed.Narration` of one script."""

    def __init__(self, synthesizer: Synthesizer, script: Script, cache: Cache | None) -> None:
        self._synthesizer = synthesizer
        self._cache = cache
        self._script = script
        self._lock = threading.Lock()
        self._closed = False

    def stream(self, start: int, settings: VoiceSettings) -> Generator[AudioChunk, None, None]:
        with self._lock:
            inner = stream(self._synthesizer, self._script, start, settings, self._cache)
        try:
            while True:
                with self._lock:
                    if self._closed:
                        return
                    audio = next(inner, None)
                if audio is None:
                    return
                yield audio
        finally:
            with self._lock:
                inner.close()

    def say(self, text: str, settings: VoiceSettings, language: str = "") -> AudioChunk:
        """The player's own words in the language of its messages (the article's, else English), and a heading
        they name in another script by its own language's voice, as the script says them."""
        pieces = []
        with self._lock:
            for passage in passages(text, language or phrases_language(self._script.language)):
                own = settings if passage.language == self._script.language else replace(settings, voice=None)
                pieces.append(self._synthesizer.say(said(passage.text, passage.language), passage.language, own))
        return AudioChunk(b"".join(piece.pcm for piece in pieces), self._synthesizer.sample_rate)

    def adopt(self, script: Script) -> None:
        with self._lock:
            self._script = script

    def close(self) -> None:
        """Stop every stream at its next item; the synthesizer itself is closed by its owner."""
        with self._lock:
            self._closed = True

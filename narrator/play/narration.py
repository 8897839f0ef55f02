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

from narrator.engines.base import AudioChunk, VoiceSettings
from narrator.script.japanese import said
from narrator.script.model import Script
from narrator.script.phrases import phrases_language
from narrator.synthesize import Synthesizer


class SynthesizerNarration:
    """A :class:`~narrator.play.feed.Narration` of one script."""

    def __init__(self, synthesizer: Synthesizer, script: Script) -> None:
        self._synthesizer = synthesizer
        self._script = script
        self._lock = threading.Lock()
        self._closed = False

    def stream(self, start: int, settings: VoiceSettings) -> Generator[AudioChunk, None, None]:
        with self._lock:
            inner = self._synthesizer.stream(self._script, start, settings)
        try:
            while True:
                with self._lock:
                    if self._closed:
                        return
                    spoken = next(inner, None)
                if spoken is None:
                    return
                yield spoken.audio
        finally:
            with self._lock:
                inner.close()

    def say(self, text: str, settings: VoiceSettings) -> AudioChunk:
        """The player's own words, in the language of its messages (the article's, else English, and its voice)."""
        with self._lock:
            language = phrases_language(self._script.language)
            if language != self._script.language:
                settings = replace(settings, voice=None)
            return self._synthesizer.say(said(text, language), language, settings)

    def adopt(self, script: Script) -> None:
        with self._lock:
            self._script = script

    def close(self) -> None:
        """Stop every stream at its next item; the synthesizer itself is closed by its owner."""
        with self._lock:
            self._closed = True

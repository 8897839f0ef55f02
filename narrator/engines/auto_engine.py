"""``--engine auto``: a neural voice where one is installed for the language, eSpeak NG everywhere else.

Chosen per passage, so an English article read by a Piper voice still has its
Russian quotation read by eSpeak NG's Russian voice when no Russian Piper
voice is installed. A ``--voice`` names a voice of either engine. Piper is
loaded only when one of its voices is installed and Piper itself is.
"""

from __future__ import annotations

from dataclasses import replace

from narrator.audio import AudioChunk
from narrator.engines.base import Engine, Voice, VoiceSettings
from narrator.engines.piper_voices import installed_voices
from narrator.engines.pyttsx3_engine import Pyttsx3Engine
from narrator.engines.voices import find_voice, voices_for_language
from narrator.errors import EngineError, EngineNotInstalledError, UnknownVoiceError


class AutoEngine:
    """Routes each passage to Piper or to the system engine; both speak at the same sample rate."""

    name = "auto"

    def __init__(self) -> None:
        self._system: Engine = Pyttsx3Engine()
        self._neural: Engine | None = None
        if installed_voices():
            from narrator.engines.piper_engine import PiperEngine

            try:
                self._neural = PiperEngine()
            except EngineNotInstalledError:  # voices installed, Piper not: the system voices speak
                self._neural = None
        self.sample_rate = self._system.sample_rate
        if self._neural is not None and self._neural.sample_rate != self.sample_rate:
            raise EngineError("Piper and the system engine speak at different sample rates.")

    def voices(self) -> list[Voice]:
        return (self._neural.voices() if self._neural else []) + self._system.voices()

    def voices_for_language(self, language: str) -> list[Voice]:
        """Piper's voices for the language first, then the system engine's in its own order (which knows, for
        instance, that eSpeak NG's ``cmn`` misreads Chinese characters)."""
        neural = self._neural.voices_for_language(language) if self._neural else []
        return neural + self._system.voices_for_language(language)

    def route(self, settings: VoiceSettings, language: str) -> tuple[Engine, VoiceSettings]:
        """Who speaks a passage, and with which settings.

        A chosen neural voice speaks its own language; a passage in another
        language goes to a neural voice for that language, else to eSpeak NG's
        voice for it. Without a chosen voice, a neural voice for the language
        wins over the system's.
        """
        anyone = replace(settings, voice=None)
        if self._neural is None:
            return self._system, settings
        if settings.voice and settings.voice.endswith(".onnx"):
            return self._neural, settings  # a model file is always Piper's
        chosen = _known(self._neural.voices(), settings.voice)
        if settings.voice and chosen is None:
            return self._system, settings  # a system voice was asked for by name
        if chosen is not None and voices_for_language([chosen], language):
            return self._neural, settings
        if self._neural.voices_for_language(language):
            return self._neural, anyone
        return self._system, anyone

    def voice_for(self, wanted: str | None, language: str) -> Voice:
        engine, chosen = self.route(VoiceSettings(voice=wanted), language)
        return engine.voice_for(chosen.voice, language)

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        engine, chosen = self.route(settings, language)
        return engine.synthesize(text, language, chosen)

    def close(self) -> None:
        if self._neural is not None:
            self._neural.close()
        self._system.close()


def _known(voices: list[Voice], wanted: str | None) -> Voice | None:
    """The voice ``wanted`` names among ``voices``, or ``None``."""
    if not wanted:
        return None
    try:
        return find_voice(voices, wanted)
    except UnknownVoiceError:
        return None

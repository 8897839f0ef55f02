"""The engine interface: text and voice settings in, PCM audio out.

Engines are looked up by name and imported only when chosen, so ``--help``,
``outline`` and ``script`` never load speech code, and a new engine needs one
entry in :data:`ENGINES` and nothing else.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from narrator.audio import AudioChunk
from narrator.errors import EngineError


@dataclass(frozen=True)
class Voice:
    """A voice an engine offers."""

    id: str
    """What ``--voice`` takes and the engine understands."""
    name: str
    """A human name for listings."""
    languages: tuple[str, ...] = ()
    """BCP 47 tags the voice speaks, best first."""
    quality: str = ""
    """How natural it sounds, where the engine grades its voices (Piper: ``low``, ``medium``, ``high``)."""
    sample_rate: int | None = None
    """The rate the voice speaks at, where it has its own."""
    engine: str = ""
    """The engine that speaks with it, where one engine routes to others (``auto``)."""
    version: str = ""
    """What changes when the voice's data does (a Piper model's checksum), so cached speech follows the voice."""


@dataclass(frozen=True)
class VoiceSettings:
    """How to speak. ``None`` means the engine's or the voice's own default."""

    voice: str | None = None
    """A voice id or name; ``None`` picks one for the text's language."""
    rate: int | None = None
    """Speed in words per minute."""
    volume: float | None = None
    """Loudness from 0.0 to 1.0."""
    pitch: int | None = None
    """Base pitch from 0 to 100, where the engine supports it."""


class Engine(Protocol):
    """A speech engine. One instance per process; not thread-safe."""

    name: str
    sample_rate: int
    """Rate of every chunk the engine returns, so silence between items can match it."""

    def voices(self) -> list[Voice]:
        """Every voice the engine can speak with."""
        ...

    def voices_for_language(self, language: str) -> list[Voice]:
        """The voices that speak ``language`` (a BCP 47 tag), best first; the first is used when none is chosen."""
        ...

    def voice_for(self, wanted: str | None, language: str) -> Voice:
        """The voice that speaks ``language`` when ``wanted`` (a ``--voice``) or nothing is asked for.

        An unknown ``wanted`` is an :class:`~narrator.errors.UnknownVoiceError` naming the closest voices.
        """
        ...

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        """Speak ``text`` (plain words, never markup) and return its audio.

        ``language`` is a BCP 47 tag used to pick a voice when
        ``settings.voice`` is ``None``. Empty text gives an empty chunk.
        """
        ...

    def close(self) -> None:
        """Release the engine's resources."""
        ...


ENGINES: dict[str, str] = {
    "pyttsx3": "narrator.engines.pyttsx3_engine:Pyttsx3Engine",
    "espeak": "narrator.engines.pyttsx3_engine:Pyttsx3Engine",
    "piper": "narrator.engines.piper_engine:PiperEngine",
    "auto": "narrator.engines.auto_engine:AutoEngine",
}
"""Engine name -> ``module:class``, imported on first use. ``espeak`` is the system engine by the name Linux users
know it by; ``auto`` picks a neural voice where one is installed for the language, eSpeak NG elsewhere."""

DEFAULT_ENGINE = "pyttsx3"

ENGINE_THREADS_VARIABLE = "NARRATOR_ENGINE_THREADS"
"""Threads an engine that computes in parallel (Piper) may use in this process; unset: as many as it likes.
Worker processes set it to 1, so the workers together use each core once."""

DEFAULT_RATE = 175
"""Words per minute when ``VoiceSettings.rate`` is ``None`` (eSpeak NG's default); the player's "faster" starts here."""


def get_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """Import and start the engine called ``name``."""
    try:
        target = ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise EngineError(f"Unknown engine: {name}. Known engines: {known}.") from None
    module_name, _, class_name = target.partition(":")
    engine_class = getattr(importlib.import_module(module_name), class_name)
    engine: Engine = engine_class()
    return engine

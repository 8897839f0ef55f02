"""Every voice narrator can speak with, across engines, for ``narrate voices``."""

from __future__ import annotations

from narrator.engines.base import ENGINES, Voice, get_engine
from narrator.errors import EngineNotInstalledError, UnknownVoiceError

LISTED_ENGINES = ("pyttsx3", "piper")
"""The engines ``narrate voices`` lists by default: each distinct engine once (``espeak`` and ``auto`` are aliases
or mixtures of these)."""


def list_voices(engine: str | None = None, language: str | None = None) -> list[tuple[str, Voice]]:
    """``(engine, voice)`` pairs, best first for ``language``; an optional engine not installed is left out.

    Naming an engine that cannot start is an error; so is a language no listed voice speaks.
    """
    names = [engine] if engine else [name for name in LISTED_ENGINES if name in ENGINES]
    found: list[tuple[str, Voice]] = []
    for name in names:
        try:
            speech = get_engine(name)
        except EngineNotInstalledError:
            if engine:
                raise
            continue
        try:
            voices = speech.voices_for_language(language) if language else speech.voices()
            found += [(speech.name, voice) for voice in voices]
        finally:
            speech.close()
    if not found:
        where = f"{engine} voice" if engine else "voice"
        raise UnknownVoiceError(f"No {where} speaks {language}. Run 'narrate voices' to list them all.")
    return found

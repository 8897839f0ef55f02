"""The real engine, logging every text it is asked to speak: what tests of the segment cache count.

Registered as ``counting`` in a ``narrate`` subprocess (see ``run_narrate``
in ``tests/test_cache_cli.py``); each process, workers included, appends one
line per call to the file named by ``NARRATOR_TEST_SPOKEN_LOG``.
"""

from __future__ import annotations

import os
from pathlib import Path

from narrator.audio import AudioChunk
from narrator.engines.base import VoiceSettings
from narrator.engines.pyttsx3_engine import Pyttsx3Engine

LOG_VARIABLE = "NARRATOR_TEST_SPOKEN_LOG"


class CountingEngine(Pyttsx3Engine):
    """eSpeak NG through pyttsx3, as shipped; every synthesized text is logged."""

    name = "counting"

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        with Path(os.environ[LOG_VARIABLE]).open("a", encoding="utf-8") as log:
            log.write(" ".join(text.split()) + "\n")  # one short append: whole lines even from several processes
        return super().synthesize(text, language, settings)

"""How long a narration lasts, told before it is made: from its script, at the voice's measured pace.

Counting the article's words at a nominal words-per-minute missed a third of
some exports: announcements, list and table descriptions, numbers written
out, pauses, and a voice that speaks slower than its nominal rate (eSpeak
NG's German voice at "175" says about 130 words a minute). So the estimate
adds the script's own pauses and tones, and times its spoken items by a
sample of them spoken for real with the chosen voice: items spread evenly
through the script, about :data:`SAMPLE_WORDS` words, fitted as a fixed time
per item (the pause the engine ends each with) plus a time per character.
"""

from __future__ import annotations

from narrator.engines.base import Engine, VoiceSettings
from narrator.script.model import ItemKind, Script, ScriptItem
from narrator.synthesize import EARCON_MS

SAMPLE_WORDS = 600
"""Words spoken to measure the voice: about a fifth of a second of eSpeak NG, and within a few per cent."""


def listening_seconds(script: Script, engine: Engine, settings: VoiceSettings) -> float:
    """The seconds ``script`` lasts when ``engine`` speaks it with ``settings``."""
    silent = sum(item.pause_ms for item in script.items if item.kind is ItemKind.PAUSE)
    silent += EARCON_MS * sum(1 for item in script.items if item.kind is ItemKind.EARCON)
    spoken = [item for item in script.items if item.spoken and item.text.strip()]
    if not spoken:
        return silent / 1000
    measured = [
        (len(item.text), engine.synthesize(item.text, item.language or script.language, settings).duration)
        for item in _sample(spoken)
    ]
    per_item, per_character = _fit(measured)
    return silent / 1000 + len(spoken) * per_item + per_character * sum(len(item.text) for item in spoken)


def _sample(items: list[ScriptItem]) -> list[ScriptItem]:
    """About :data:`SAMPLE_WORDS` words of ``items``, taken at even steps through them (all of a short script)."""
    words = sum(len(item.text.split()) for item in items)
    step = max(1.0, words / SAMPLE_WORDS)
    chosen, next_at, counted = [], 0.0, 0
    for item in items:
        if counted >= next_at:
            chosen.append(item)
            next_at += step * len(item.text.split())
        counted += len(item.text.split())
    return chosen


def _fit(measured: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares ``seconds = per_item + per_character * characters``; a proportion when that cannot be fitted."""
    count = len(measured)
    mean_x = sum(x for x, _ in measured) / count
    mean_y = sum(y for _, y in measured) / count
    spread = sum((x - mean_x) ** 2 for x, _ in measured)
    if count > 2 and spread > 0:
        slope = sum((x - mean_x) * (y - mean_y) for x, y in measured) / spread
        intercept = mean_y - slope * mean_x
        if slope > 0 and intercept >= 0:
            return intercept, slope
    return 0.0, mean_y / max(mean_x, 1.0)

"""Script stage: a :class:`~narrator.document.Document` into the exact words, pauses and cues to be spoken."""

from __future__ import annotations

from narrator.script.build import ScriptBuilder, build_script
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection

__all__ = ["ItemKind", "Script", "ScriptBuilder", "ScriptItem", "ScriptSection", "build_script"]

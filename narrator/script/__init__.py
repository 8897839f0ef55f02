"""Script stage: a :class:`~narrator.document.Document` into the exact words, pauses and cues to be spoken.

The builder is imported on first use, so code that only needs the model (the
CLI at start-up, the player) does not pay for the normalisation libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection

if TYPE_CHECKING:
    from narrator.script.build import ScriptBuilder, build_script

__all__ = ["ItemKind", "Script", "ScriptBuilder", "ScriptItem", "ScriptSection", "build_script"]


def __getattr__(name: str) -> Any:
    if name in ("ScriptBuilder", "build_script"):
        from narrator.script import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

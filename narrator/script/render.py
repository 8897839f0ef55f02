"""A script as people read it: one line per item for a terminal or braille display, or JSON for programs."""

from __future__ import annotations

import json

from narrator.script.model import ItemKind, Script, ScriptItem


def script_text(script: Script) -> str:
    """One plain line per item: a section's first line is marked ``[N]``, the rest indented.

    Pauses read ``(pause 500 ms)`` and earcons ``(tone: section)``; words in
    another language than the article's start with it: ``(ru) Добро
    пожаловать``. No colour, no symbols that a braille display would render
    as noise.
    """
    numbers = {section.index: section.number for section in script.sections}
    lines = []
    previous: int | None = None
    for position, item in enumerate(script.items):
        line = _item_line(item)
        if item.section is not None and (position == 0 or item.section != previous):
            number = numbers.get(item.section)
            lines.append(f"[{number if number is not None else 'lead'}] {line}")
        else:
            lines.append(f"  {line}" if position else line)
        previous = item.section
    return "\n".join(lines)


def _item_line(item: ScriptItem) -> str:
    if item.kind is ItemKind.PAUSE:
        return f"(pause {item.pause_ms} ms)"
    if item.kind is ItemKind.EARCON:
        return f"(tone: {item.earcon})"
    return f"({item.language}) {item.text}" if item.language else item.text


def script_json(script: Script) -> str:
    """The items in order: ``kind``, ``section``, ``role``, ``text``, ``pause_ms``, ``earcon``, ``language``."""
    return json.dumps([_item_json(item) for item in script.items], ensure_ascii=False, indent=2)


def _item_json(item: ScriptItem) -> dict[str, object]:
    return {
        "kind": item.kind.value,
        "section": item.section,
        "role": item.role,
        "text": item.text,
        "pause_ms": item.pause_ms,
        "earcon": item.earcon,
        "language": item.language,
    }

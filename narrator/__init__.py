"""narrator: listen to articles.

Read an HTML or Markdown article into a :class:`Document`, build the
:class:`Script` of what is said, and speak it live or into audio files.
The two models load on first use, so every command starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from narrator.document import Document
    from narrator.script.model import Script

__all__ = ["Document", "Script"]


def __getattr__(name: str) -> Any:
    if name == "Document":
        from narrator.document import Document

        return Document
    if name == "Script":
        from narrator.script.model import Script

        return Script
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""narrator: listen to articles.

Read an HTML or Markdown article into a :class:`Document`, build the
:class:`Script` of what is said, and speak it live or into audio files.
"""

from __future__ import annotations

from narrator.document import Document
from narrator.script.model import Script

__all__ = ["Document", "Script"]

"""Publishing progress on stderr: articles done, hours of audio made and time left.

On a terminal a bar redrawn in place; otherwise (``plain``) one line per
finished article, which screen readers and logs take one at a time. Time left
is the time per character of text spoken so far, times the characters left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from narrator.sinks.progress import duration_words
from narrator.terminal import printable

BAR_WIDTH = 20


class PublishProgress:
    """Counts finished articles as they come back from the workers."""

    def __init__(
        self,
        articles: int,
        characters: int,
        stream: TextIO,
        bar: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._articles = articles
        self._characters_left = characters
        self._characters_done = 0
        self._stream = stream
        self._bar = bar
        self._clock = clock
        self._started = clock()
        self.done = 0
        self.audio_seconds = 0.0

    def finished(self, name: str, characters: int, audio_seconds: float, failed: bool = False) -> None:
        """One more article done (``failed``: given up on), ``characters`` of text long."""
        self.done += 1
        self._characters_left = max(0, self._characters_left - characters)
        self._characters_done += characters
        self.audio_seconds += audio_seconds
        line = self.line(name, failed)
        if self._bar:
            self._stream.write(f"\r\x1b[2K{line}")
            if self.done == self._articles:
                self._stream.write("\n")
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def line(self, name: str, failed: bool = False) -> str:
        """``[####    ] 3 of 8 articles, 0.42 h of audio, about 2 min 10 s left (slug)``."""
        elapsed = self._clock() - self._started
        left = elapsed / self._characters_done * self._characters_left if self._characters_done else 0.0
        counts = f"{self.done} of {self._articles} articles, {self.audio_seconds / 3600:.2f} h of audio"
        remaining = f", about {duration_words(left)} left" if self.done < self._articles else ""
        what = f" ({'failed: ' if failed else ''}{printable(name)})"
        if self._bar:
            filled = round(BAR_WIDTH * self.done / max(1, self._articles))
            return f"[{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {counts}{remaining}{what}"
        return f"Published {counts}{remaining}{what}" if not failed else f"Done {counts}{remaining}{what}"

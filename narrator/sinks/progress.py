"""Export progress on stderr: a redrawn line on a terminal, or one plain line per section.

The plain mode never redraws, so screen readers and braille displays get
each update once, as a line of its own. Time left is estimated from the
share of the script's words already rendered.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from narrator.audio import Sound
from narrator.options import ProgressMode
from narrator.script.model import Script, ScriptItem
from narrator.sinks.base import section_title
from narrator.terminal import printable

REDRAW_SECONDS = 0.2
"""The redrawn line changes at most this often, so a fast export does not flood the terminal."""
ITEM_WEIGHT = 20
"""Work per item beside its characters: each call to the engine costs about as much as 20 characters."""


def resolve_mode(mode: ProgressMode, stream: TextIO, quiet: bool) -> ProgressMode:
    """``auto`` becomes ``bar`` on a terminal and ``none`` otherwise; ``quiet`` always wins."""
    if quiet:
        return "none"
    if mode == "auto":
        return "bar" if stream.isatty() else "none"
    return mode


def duration_words(seconds: float) -> str:
    """``1 min 20 s``, ``40 s``: short enough to read on a braille line."""
    whole = max(0, round(seconds))
    minutes, seconds_left = divmod(whole, 60)
    return f"{minutes} min {seconds_left} s" if minutes else f"{seconds_left} s"


class Progress:
    """Reports sections done and time left as the narration's audio passes."""

    def __init__(
        self, script: Script, stream: TextIO, plain: bool, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._script = script
        self._stream = stream
        self._plain = plain
        self._clock = clock
        self._total_work = sum(self._work(item) for item in script.items) or 1
        self._done_work = 0
        self._sections_done = 0
        self._started: float | None = None
        self._last_drawn = 0.0
        self._line_width = 0

    def write(self, item: ScriptItem, chunk: Sound) -> None:
        now = self._clock()
        if self._started is None:
            self._started = now
            sections = len(self._script.sections)
            if self._plain:
                self._print(f"Exporting {self._script.title or 'the article'}: {sections} sections.")
        if item.section is not None and item.section > self._sections_done:
            self._finish_sections(item.section, now)
        self._done_work += self._work(item)
        if not self._plain and now - self._last_drawn >= REDRAW_SECONDS:
            self._draw(now)

    def close(self) -> None:
        now = self._clock()
        self._finish_sections(len(self._script.sections), now)
        if not self._plain and self._line_width:
            self._stream.write("\r" + " " * self._line_width + "\r")
        self._print(f"Done in {duration_words(self._elapsed(now))}.")

    def _finish_sections(self, done: int, now: float) -> None:
        """Sections before ``done`` are complete."""
        while self._sections_done < done:
            self._sections_done += 1
            if self._plain:
                title = section_title(self._script, self._sections_done - 1)
                total = len(self._script.sections)
                self._print(f"Section {self._sections_done} of {total} done: {title}. {self._time_left(now)}")
        if not self._plain:
            self._draw(now)

    def _draw(self, now: float) -> None:
        percent = 100 * self._done_work // self._total_work
        line = f"{self._sections_done} of {len(self._script.sections)} sections, {percent}%. {self._time_left(now)}"
        self._stream.write("\r" + line.ljust(self._line_width))
        self._stream.flush()
        self._line_width = len(line)
        self._last_drawn = now

    def _time_left(self, now: float) -> str:
        elapsed = self._elapsed(now)
        if not self._done_work or elapsed <= 0:
            return "Estimating time left."
        left = elapsed * (self._total_work - self._done_work) / self._done_work
        return f"About {duration_words(left)} left."

    def _elapsed(self, now: float) -> float:
        return 0.0 if self._started is None else now - self._started

    def _print(self, line: str) -> None:
        self._stream.write(printable(line) + "\n")
        self._stream.flush()

    @staticmethod
    def _work(item: ScriptItem) -> int:
        return len(item.text) + ITEM_WEIGHT if item.spoken else 0

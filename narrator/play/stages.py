"""The script of a long article, built while its beginning is already heard.

Reading and scripting a book-length article takes about a second, most of
it for sections the listener will not reach for minutes. The player starts
with the opening alone (the title is its first item), read from the head of
the article when that settles it, and goes on with the first section and
then the rest as they are built (in a child process where one can be
forked); each stage is a longer script whose first items are the items of
the stage before, so the player adopts it without losing its place, and
first audio does not grow with the article.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from narrator.script.model import Script


class ScriptStages:
    """Ever longer scripts of one article, from its opening to the whole; safe to use from several threads."""

    def __init__(self, first: Script, build_rest: Callable[[ScriptStages], None] | None = None) -> None:
        """``build_rest`` publishes the later stages, the last with ``complete=True``; without it ``first`` is whole."""
        self._latest = first
        self._complete = build_rest is None
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._build_rest = build_rest
        self._started = False

    @classmethod
    def following(cls, scripts: Iterable[tuple[Script, bool]]) -> ScriptStages:
        """The first of ``scripts`` now, the others as they come once started (see :mod:`narrator.script.staged`)."""
        remaining = iter(scripts)
        first, complete = next(remaining)
        if complete:
            return cls(first)

        def build_rest(stages: ScriptStages) -> None:
            for script, whole in remaining:
                stages.publish(script, complete=whole)

        return cls(first, build_rest)

    def start(self) -> None:
        """Build the later stages on a thread, from now (called once the first audio is out)."""
        with self._changed:
            if self._started or self._build_rest is None:
                return
            self._started = True
        threading.Thread(target=self._run, name="script-stages", daemon=True).start()

    def _run(self) -> None:
        assert self._build_rest is not None
        try:
            self._build_rest(self)
        except BaseException as error:  # raised in the player's thread, which waits for the stages
            with self._changed:
                self._error = error
                self._changed.notify_all()

    def publish(self, script: Script, *, complete: bool = False) -> None:
        with self._changed:
            self._latest = script
            self._complete = complete
            self._changed.notify_all()

    def latest(self) -> tuple[Script, bool]:
        """The longest script built so far, and whether it is the whole one."""
        with self._changed:
            if self._error is not None:
                raise self._error
            return self._latest, self._complete

    def whole(self) -> Script:
        """The whole script, waiting for it to be built."""
        self.start()
        with self._changed:
            while not self._complete and self._error is None:
                self._changed.wait()
            if self._error is not None:
                raise self._error
            return self._latest

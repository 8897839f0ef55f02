"""The script of a long article, built while its beginning is already heard.

Scripting a book-length article takes about a second, most of it for
sections the listener will not reach for minutes. The player starts with the
opening alone (the title is its first item), and a thread builds the first
section and then the rest; each stage is a longer script whose first items
are the items of the stage before, so the player adopts it without losing
its place, and first audio does not grow with the article.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from narrator.script.model import Script

if TYPE_CHECKING:
    from narrator.script.build import ScriptBuilder


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
    def of(cls, builder: ScriptBuilder, section: int | None = 0) -> ScriptStages:
        """The opening now and, once :meth:`start` is called, ``section`` and then the whole script.

        ``section`` is the index of the first section to follow the opening
        (the first one with items); ``None`` builds the whole script at once.
        """
        if section is None or not builder.sections:
            return cls(builder.script())
        opening = builder.opening()

        def build_rest(stages: ScriptStages) -> None:
            items = [*opening, *(item for index in range(section + 1) for item in builder.section(index))]
            stages.publish(builder.assembled(items, complete=False))
            for index in range(section + 1, len(builder.sections)):
                items.extend(builder.section(index))
            stages.publish(builder.assembled(items, complete=True), complete=True)

        return cls(builder.assembled(opening, complete=False), build_rest)

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

"""Commands from the listener: single keys on a terminal, or one command per line from a pipe.

A reader runs on a daemon thread and puts :class:`Command` values on a
queue; the player's loop takes them between audio blocks. On a terminal the
keys act without Enter (cbreak mode, which still lets Ctrl-C through), and
the terminal's own settings come back on exit, also after an error.
"""

from __future__ import annotations

import os
import queue
import select
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from narrator.play.commands import DOWN, KEYS, LEFT, LINE_HELP, RIGHT, UP, Action, Command, parse_line

ESCAPE = "\x1b"
_NAMING = {Action.MARK: Action.MARK, Action.BOOKMARKS: Action.BOOKMARK}
"""Keys whose next key is a bookmark's name, and what that name is for."""


def split_keys(typed: str) -> list[str]:
    """Separate what one read returned into keys, keeping escape sequences (arrows, function keys) whole."""
    keys: list[str] = []
    position = 0
    while position < len(typed):
        end = position + 1
        if typed[position] == ESCAPE and end < len(typed):
            if typed[end] == "[":  # CSI: parameters, then one final byte from @ to ~
                end += 1
                while end < len(typed) and not "@" <= typed[end] <= "~":
                    end += 1
                end = min(end + 1, len(typed))
            else:  # SS3 (ESC O x) or Alt and a key
                end = min(end + (2 if typed[end] == "O" else 1), len(typed))
        keys.append(typed[position:end])
        position = end
    return keys


class KeyReader:
    """Turns keys into commands: most keys are one command, ``m`` and ``'`` take the next key as a name."""

    def __init__(self) -> None:
        self._naming: Action | None = None

    def command(self, key: str) -> Command | None:
        """The command ``key`` gives; ``None`` for a key that begins one, or a name that is no letter or digit."""
        naming, self._naming = self._naming, None
        if naming is not None:
            return Command(naming, name=key) if len(key) == 1 and key.isalnum() else None
        command = KEYS.get(key)
        if command is None:
            return Command(Action.UNKNOWN_KEY)
        self._naming = _NAMING.get(command.action)
        return command


@contextmanager
def terminal_keys(stream: TextIO, commands: queue.Queue[Command]) -> Iterator[None]:
    """Read single keys from the terminal ``stream`` while the block runs; restore the terminal after."""
    if sys.platform == "win32":
        stop = threading.Event()
        threading.Thread(target=_read_console_keys, args=(commands, stop), daemon=True).start()
        try:
            yield
        finally:
            stop.set()
        return
    import termios
    import tty

    descriptor = stream.fileno()
    saved = termios.tcgetattr(descriptor)
    stop = threading.Event()
    try:
        tty.setcbreak(descriptor, termios.TCSANOW)
        threading.Thread(target=_read_terminal_keys, args=(descriptor, commands, stop), daemon=True).start()
        yield
    finally:
        stop.set()
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


def _read_terminal_keys(descriptor: int, commands: queue.Queue[Command], stop: threading.Event) -> None:
    reader = KeyReader()
    while not stop.is_set():
        ready, _, _ = select.select([descriptor], [], [], 0.1)
        if not ready or stop.is_set():
            continue
        typed = os.read(descriptor, 64)
        if not typed:
            return
        for key in split_keys(typed.decode("utf-8", "replace")):
            if (command := reader.command(key)) is not None:
                commands.put(command)


def _read_console_keys(commands: queue.Queue[Command], stop: threading.Event) -> None:
    """Windows consoles: arrows arrive as a prefix character and a letter."""
    if sys.platform != "win32":
        return
    import msvcrt

    arrows = {"M": RIGHT, "K": LEFT, "H": UP, "P": DOWN}
    reader = KeyReader()
    while not stop.is_set():
        if not msvcrt.kbhit():
            stop.wait(0.02)
            continue
        key = msvcrt.getwch()
        if key in ("\x00", "\xe0"):
            key = arrows.get(msvcrt.getwch(), ESCAPE)
        if (command := reader.command(key)) is not None:
            commands.put(command)


def read_lines(stream: TextIO, commands: queue.Queue[Command], errors: TextIO) -> None:
    """Start reading one command per line from ``stream``; at its end, playback simply goes on."""

    def pump() -> None:
        for line in stream:
            command = parse_line(line)
            if command is not None:
                commands.put(command)
            elif line.strip():
                print(f"Unknown command: {line.strip()}. {LINE_HELP}", file=errors, flush=True)

    threading.Thread(target=pump, name="commands", daemon=True).start()

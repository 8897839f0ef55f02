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

from narrator.play.commands import KEYS, LINE_HELP, Command, parse_line

ESCAPE = "\x1b"


def split_keys(typed: str) -> list[str]:
    """Separate what one read returned into keys, keeping arrow-key escape sequences whole."""
    keys: list[str] = []
    position = 0
    while position < len(typed):
        if typed.startswith(ESCAPE + "[", position) and position + 2 < len(typed):
            keys.append(typed[position : position + 3])
            position += 3
        else:
            keys.append(typed[position])
            position += 1
    return keys


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
    while not stop.is_set():
        ready, _, _ = select.select([descriptor], [], [], 0.1)
        if not ready or stop.is_set():
            continue
        typed = os.read(descriptor, 64)
        if not typed:
            return
        for key in split_keys(typed.decode("utf-8", "replace")):
            if key in KEYS:
                commands.put(KEYS[key])


def _read_console_keys(commands: queue.Queue[Command], stop: threading.Event) -> None:
    """Windows consoles: arrows arrive as a prefix character and a letter."""
    if sys.platform != "win32":
        return
    import msvcrt

    arrows = {"M": ESCAPE + "[C", "K": ESCAPE + "[D"}
    while not stop.is_set():
        if not msvcrt.kbhit():
            stop.wait(0.02)
            continue
        key = msvcrt.getwch()
        if key in ("\x00", "\xe0"):
            key = arrows.get(msvcrt.getwch(), "")
        if key in KEYS:
            commands.put(KEYS[key])


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

"""Live playback with screen-reader-style navigation (``narrate play``).

:func:`play_script` wires the parts together: where to start (``--start-at``,
``--resume``), where commands come from (keys on a terminal, lines from a
pipe), and the :class:`~narrator.play.controller.Player` loop.
"""

from __future__ import annotations

import queue
from typing import TextIO

from narrator.engines.base import VoiceSettings
from narrator.errors import NarratorError
from narrator.options import PlayOptions
from narrator.play import position as saved_positions
from narrator.play.commands import KEY_HELP, LINE_HELP, Command
from narrator.play.controller import Outcome, OutputFactory, Player
from narrator.play.feed import Narration
from narrator.play.keys import read_lines, terminal_keys
from narrator.play.navigation import Navigator
from narrator.play.stages import ScriptStages
from narrator.script.model import Script

__all__ = ["Narration", "Outcome", "ScriptStages", "play_script", "start_position"]


def start_position(script: Script, options: PlayOptions) -> tuple[int, str]:
    """The item to start at and what to announce first, from ``--start-at`` or ``--resume``."""
    navigator = Navigator(script)
    if options.start_at is not None:
        wanted = options.start_at.strip()
        target = navigator.numbered(int(wanted)) if wanted.isdigit() else navigator.matching(wanted)
        if target is None:
            choices = "; ".join(navigator.describe(section) for _, section in navigator.headings)
            raise NarratorError(f"No section matches --start-at {wanted!r}. The sections are: {choices}.")
        return target, ""
    if options.resume:
        saved = saved_positions.load(script)
        phrases = navigator.phrases
        if saved is None:
            return 0, phrases.no_saved_position
        target = saved_positions.from_saved(script, saved)
        section = navigator.section_at(target)
        if section is None:
            return target, phrases.resuming_at_start
        return target, phrases.resuming.format(place=navigator.describe(section))
    return 0, ""


def play_script(
    stages: ScriptStages,
    narration: Narration,
    open_output: OutputFactory,
    settings: VoiceSettings,
    options: PlayOptions,
    *,
    stdin: TextIO,
    screen: TextIO,
    errors: TextIO,
) -> Outcome:
    """Play the script ``stages`` build, taking keys from a terminal ``stdin`` or commands line by line otherwise.

    From the beginning, playing starts with the first stage while the rest is
    built; ``--start-at`` and ``--resume`` need the whole script to find their place.
    """
    script, complete = stages.latest()
    if not complete and (options.start_at is not None or options.resume):
        script, complete = stages.whole(), True
        narration.adopt(script)
    start, announcement = start_position(script, options)
    commands: queue.Queue[Command] = queue.Queue()
    interactive = stdin.isatty()
    player = Player(
        script,
        narration,
        open_output,
        commands,
        screen,
        settings,
        transcript=options.transcript,
        help_text=KEY_HELP if interactive else LINE_HELP,
        stages=None if complete else stages,
        sleep_seconds=options.sleep_seconds,
    )
    if interactive:
        with terminal_keys(stdin, commands):
            return player.run(start, announcement)
    read_lines(stdin, commands, errors)
    return player.run(start, announcement)

"""What the listener can ask for, and how keys and lines of text name it.

On a terminal each key acts at once (no Enter); another program drives the
player with one command per line. Both are parsed here into the same
:class:`Command`, so the controller never sees where a command came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Action(str, Enum):
    TOGGLE_PAUSE = "toggle"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT_SECTION = "next"
    BACK = "back"
    """Start of this section; again within two seconds, the previous section."""
    PREVIOUS_SECTION = "previous"
    NEXT_HEADING = "next-heading"
    PREVIOUS_HEADING = "previous-heading"
    NEXT_QUESTION = "question"
    SECTION = "section"
    FASTER = "faster"
    SLOWER = "slower"
    REPEAT = "repeat"
    WHERE = "where"
    HELP = "help"
    QUIT = "quit"


@dataclass(frozen=True)
class Command:
    action: Action
    number: int = 0
    """The section number of :attr:`Action.SECTION`."""


KEYS: dict[str, Command] = {
    " ": Command(Action.TOGGLE_PAUSE),
    "n": Command(Action.NEXT_SECTION),
    "\x1b[C": Command(Action.NEXT_SECTION),
    "p": Command(Action.BACK),
    "\x1b[D": Command(Action.BACK),
    "h": Command(Action.NEXT_HEADING),
    "H": Command(Action.PREVIOUS_HEADING),
    "f": Command(Action.NEXT_QUESTION),
    "+": Command(Action.FASTER),
    "=": Command(Action.FASTER),  # + without Shift on most layouts
    "-": Command(Action.SLOWER),
    "r": Command(Action.REPEAT),
    "w": Command(Action.WHERE),
    "?": Command(Action.HELP),
    "q": Command(Action.QUIT),
    "Q": Command(Action.QUIT),
    **{str(number): Command(Action.SECTION, number) for number in range(1, 10)},
}
"""Single keys (and the arrow keys' escape sequences) on a terminal."""

KEY_HELP = (
    "Keys: space pause or resume. n or right arrow: next section. "
    "p or left arrow: start of the section, twice: previous section. "
    "h: next heading. shift h: previous heading. f: next question. 1 to 9: section number. "
    "plus: faster. minus: slower. r: repeat the sentence. w: where am I. question mark: these keys. q: quit."
)

LINE_HELP = (
    "Commands, one per line: next, previous, back, next-heading, previous-heading, question, section N, "
    "pause, resume, toggle, faster, slower, repeat, where, help, quit."
)

_ALIASES = {"prev": Action.PREVIOUS_SECTION, "stop": Action.QUIT, "exit": Action.QUIT, "again": Action.REPEAT}


def parse_line(line: str) -> Command | None:
    """The command a line of text names (``next``, ``section 3``, ``3``), or ``None`` if it names none."""
    words = line.strip().lower().split()
    if not words:
        return None
    if len(words) == 1 and words[0].isdigit():
        return Command(Action.SECTION, int(words[0]))
    if words[0] in ("section", "goto", "go") and len(words) == 2 and words[1].isdigit():
        return Command(Action.SECTION, int(words[1]))
    if len(words) != 1:
        return None
    if words[0] in _ALIASES:
        return Command(_ALIASES[words[0]])
    try:
        action = Action(words[0])
    except ValueError:
        return None
    return None if action is Action.SECTION else Command(action)

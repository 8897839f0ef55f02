"""What the listener can ask for, and how keys and lines of text name it.

On a terminal each key acts at once (no Enter), except where a key asks for
another: a number then Enter (or ``g`` then a number) goes to a section, as
in ``less``; ``m`` and a letter marks a bookmark and ``'`` and a letter goes
to one. Another program drives the player with one command per line. Both
are parsed here into the same :class:`Command`, so the controller never sees
where a command came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Action(str, Enum):
    """What a command does; the value is the word that names it on a line."""

    TOGGLE_PAUSE = "toggle"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT_SECTION = "next"
    SECTION_START = "section-start"
    """Start of this section; again within two seconds, the previous section."""
    PREVIOUS_SECTION = "previous"
    NEXT_HEADING = "next-heading"
    PREVIOUS_HEADING = "previous-heading"
    NEXT_QUESTION = "question"
    NEXT_SENTENCE = "next-sentence"
    PREVIOUS_SENTENCE = "previous-sentence"
    NEXT_PARAGRAPH = "next-paragraph"
    PREVIOUS_PARAGRAPH = "previous-paragraph"
    SKIP_BACK = "back"
    """Back :attr:`Command.number` seconds of speech."""
    SKIP_FORWARD = "forward"
    SECTION = "section"
    FASTER = "faster"
    SLOWER = "slower"
    RESET_SPEED = "reset-speed"
    REPEAT = "repeat"
    WHERE = "where"
    MARK = "mark"
    """Bookmark this sentence as :attr:`Command.name`; without a name (the ``m`` key), ask for one."""
    BOOKMARKS = "bookmarks"
    """List the bookmarks."""
    BOOKMARK = "bookmark"
    """Go to the bookmark :attr:`Command.name`."""
    HELP = "help"
    QUIT = "quit"
    DIGIT = "digit"
    """A digit key, part of a section number (``0`` alone resets the speed)."""
    ENTER = "enter"
    GO_TO = "go-to"
    """The ``g`` key: the section number follows."""
    UNKNOWN_KEY = "unknown-key"


KEY_ONLY = frozenset({Action.DIGIT, Action.ENTER, Action.GO_TO, Action.UNKNOWN_KEY})
"""Actions of keys that have no line of their own."""
SKIP_BACK_SECONDS = 15
SKIP_FORWARD_SECONDS = 30
"""The podcast apps' steps: back a little to hear something again, forward further to skip."""


@dataclass(frozen=True)
class Command:
    action: Action
    number: int = 0
    """The section number of :attr:`Action.SECTION`, the digit of :attr:`Action.DIGIT`, the seconds of a skip."""
    name: str = ""
    """The bookmark of :attr:`Action.MARK` and :attr:`Action.BOOKMARK`."""


UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"

KEYS: dict[str, Command] = {
    " ": Command(Action.TOGGLE_PAUSE),
    "n": Command(Action.NEXT_SECTION),
    "p": Command(Action.SECTION_START),
    "h": Command(Action.NEXT_HEADING),
    "H": Command(Action.PREVIOUS_HEADING),
    "f": Command(Action.NEXT_QUESTION),
    LEFT: Command(Action.SKIP_BACK, SKIP_BACK_SECONDS),
    "b": Command(Action.SKIP_BACK, SKIP_BACK_SECONDS),
    RIGHT: Command(Action.SKIP_FORWARD, SKIP_FORWARD_SECONDS),
    DOWN: Command(Action.NEXT_SENTENCE),
    ")": Command(Action.NEXT_SENTENCE),
    UP: Command(Action.PREVIOUS_SENTENCE),
    "(": Command(Action.PREVIOUS_SENTENCE),
    "}": Command(Action.NEXT_PARAGRAPH),
    "{": Command(Action.PREVIOUS_PARAGRAPH),
    "+": Command(Action.FASTER),
    "=": Command(Action.FASTER),  # + without Shift on most layouts
    "-": Command(Action.SLOWER),
    "r": Command(Action.REPEAT),
    "w": Command(Action.WHERE),
    "m": Command(Action.MARK),
    "'": Command(Action.BOOKMARKS),
    "?": Command(Action.HELP),
    "q": Command(Action.QUIT),
    "Q": Command(Action.QUIT),
    "g": Command(Action.GO_TO),
    "\n": Command(Action.ENTER),
    "\r": Command(Action.ENTER),
    **{str(digit): Command(Action.DIGIT, digit) for digit in range(10)},
}
"""Single keys (and the arrow keys' escape sequences) on a terminal."""

HELP_LANGUAGE = "en"
"""The key and command help is English (it names English commands), so an English voice says it in any article."""
KEY_HELP = (
    "Keys: space pause or resume. n: next section. "
    "p: start of the section, twice: previous section. "
    "a number and Enter, or g and a number: that section. "
    "h: next heading. shift h: previous heading. f: next question. "
    "down arrow or right parenthesis: next sentence. up arrow or left parenthesis: previous sentence. "
    "right brace: next paragraph. left brace: previous paragraph. "
    "left arrow or b: back 15 seconds. right arrow: forward 30 seconds. "
    "plus: faster. minus: slower. 0: normal speed. r: repeat the sentence. w: where am I. "
    "m and a letter: bookmark. apostrophe: the bookmarks, then a letter: go there. "
    "question mark: these keys. q: quit."
)

LINE_HELP = (
    "Commands, one per line: next, previous, section-start, next-heading, previous-heading, question, "
    "next-sentence, previous-sentence, next-paragraph, previous-paragraph, back [SECONDS], forward [SECONDS], "
    "section N (or just N), pause, resume, toggle, faster, slower, reset-speed, repeat, where, "
    "mark NAME, bookmarks, bookmark NAME, help, quit."
)

_ALIASES = {"prev": Action.PREVIOUS_SECTION, "stop": Action.QUIT, "exit": Action.QUIT, "again": Action.REPEAT}
_SKIP_SECONDS = {Action.SKIP_BACK: SKIP_BACK_SECONDS, Action.SKIP_FORWARD: SKIP_FORWARD_SECONDS}


def parse_line(line: str) -> Command | None:
    """The command a line of text names (``next``, ``section 3``, ``3``, ``back 10``), or ``None`` if it names none."""
    words = line.strip().split()
    if not words:
        return None
    first, rest = words[0].lower(), words[1:]
    if first.isdigit() and not rest:
        return Command(Action.SECTION, int(first))
    if first in ("section", "goto", "go") and len(rest) == 1 and rest[0].isdigit():
        return Command(Action.SECTION, int(rest[0]))
    action = _ALIASES.get(first) or next((action for action in Action if action.value == first), None)
    if action is None or action in KEY_ONLY or action is Action.SECTION:
        return None
    if action in (Action.MARK, Action.BOOKMARK):
        return Command(action, name=" ".join(rest)) if rest else None
    if action in _SKIP_SECONDS:
        if not rest:
            return Command(action, _SKIP_SECONDS[action])
        return Command(action, int(rest[0])) if len(rest) == 1 and rest[0].isdigit() else None
    return None if rest else Command(action)

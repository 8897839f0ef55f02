"""The pronunciation lexicon: the user's own spellings for words the engine gets wrong.

A lexicon is a UTF-8 text file, one rule a line::

    # comments and blank lines are ignored
    NMDA = N-methyl-D-aspartate        a word or phrase: whole words, any case
    /\\bv(\\d+)\\b/ = version \\1          a regular expression and its replacement

Rules apply in the order of the file, each to the result of the one before,
to the article's words before the built-in normalisation (so ``NMDA = ...``
wins over spelling the acronym out). It is read from ``--lexicon FILE``, else
from ``lexicon.txt`` in the user's config directory when that file exists.

A regular expression can take exponential time on some text (``/(\\w|\\w\\w)+$/``
on a long word), so rules run on the ``regex`` engine with a time budget:
a rule that spends more than :data:`RULE_SECONDS` on one article is dropped,
with a warning naming its line, and the article is read without it.
"""

from __future__ import annotations

import re
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import regex

from narrator.errors import LexiconError

DEFAULT_NAME = "lexicon.txt"
RULE_SECONDS = 2.0
"""Time one rule may take over a whole article: a sound rule takes microseconds a sentence."""


class LexiconWarning(UserWarning):
    """A lexicon rule was dropped; the message names the file and line. The CLI prints it as one line."""


@dataclass(frozen=True)
class Rule:
    """One compiled rule and where it was written."""

    pattern: regex.Pattern[str]
    replacement: str
    line: int


@dataclass
class Lexicon:
    """Compiled rewrite rules, in the order they are applied, each within its time budget."""

    rules: tuple[Rule, ...] = ()
    name: str = field(default="<lexicon>", repr=False)
    """The file the rules came from, named in warnings."""
    _spent: dict[int, float] = field(default_factory=dict, repr=False, compare=False)
    """Seconds each rule (by line) has taken so far; a rule over budget is dropped from ``rules``."""

    def apply(self, text: str) -> str:
        """``text`` with every rule applied; a rule that runs out of time is dropped and ``text`` left to the rest."""
        for rule in self.rules:
            spent = self._spent.get(rule.line, 0.0)
            started = time.perf_counter()
            try:
                text = rule.pattern.sub(rule.replacement, text, timeout=max(RULE_SECONDS - spent, 0.001))
            except TimeoutError:
                self._drop(rule)
            else:
                self._spent[rule.line] = spent + time.perf_counter() - started
        return text

    def _drop(self, rule: Rule) -> None:
        self.rules = tuple(kept for kept in self.rules if kept is not rule)
        warnings.warn(
            LexiconWarning(
                f"{self.name}, line {rule.line}: the rule /{rule.pattern.pattern}/ took more than {RULE_SECONDS:g} s "
                "on this article and was dropped"
            ),
            stacklevel=2,
        )

    def __bool__(self) -> bool:
        return bool(self.rules)


def default_lexicon_path() -> Path:
    """``<user config dir>/narrator/lexicon.txt``; read only when it exists."""
    from platformdirs import user_config_path

    return user_config_path("narrator") / DEFAULT_NAME


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read the lexicon at ``path``, or the user's default one, or none.

    A given path must exist; the default path is optional.
    """
    if path is None:
        path = default_lexicon_path()
        if not path.is_file():
            return Lexicon()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LexiconError(f"Lexicon not found: {path}") from None
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: the lexicon is not UTF-8 text") from None
    except OSError as error:
        raise LexiconError(f"Cannot read lexicon {path}: {error.strerror or error}") from None
    return parse_lexicon(text, str(path))


_REGEX_RULE = re.compile(r"/(?P<pattern>(?:\\.|[^\\])+?)/\s*=\s*(?P<replacement>.*)")
_WORD_RULE = re.compile(r"(?P<word>[^=]*?\S)\s*=\s*(?P<spoken>.*\S)")


def parse_lexicon(text: str, name: str = "<lexicon>") -> Lexicon:
    """Compile the rules in ``text``; ``name`` is the file named in errors."""
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        rule = _REGEX_RULE.fullmatch(line) if line.startswith("/") else None
        if rule is not None:
            try:
                pattern = _compile(rule["pattern"])
                _check_replacement(pattern, rule["replacement"].strip())
            except (re.error, regex.error) as error:
                raise LexiconError(f"{name}, line {number}: bad regular expression: {error}") from None
            rules.append(Rule(pattern, rule["replacement"].strip(), number))
            continue
        word = _WORD_RULE.fullmatch(line)
        if word is None or line.startswith("/"):
            raise LexiconError(
                f"{name}, line {number}: expected 'word = spoken form' or '/regex/ = replacement', got {line!r}"
            )
        words = r"\s+".join(re.escape(part) for part in word["word"].split())
        pattern = _compile(r"(?<!\w)" + words + r"(?!\w)", regex.IGNORECASE)
        rules.append(Rule(pattern, word["spoken"].replace("\\", "\\\\"), number))
    return Lexicon(tuple(rules), name)


def _compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """A rule's pattern on the ``regex`` engine, read as Python's ``re`` reads it (``VERSION0``)."""
    return regex.compile(pattern, flags | regex.VERSION0)


def _check_replacement(pattern: regex.Pattern[str], replacement: str) -> None:
    """Raise ``re.error`` now for a bad group reference, rather than in the middle of an article."""
    names = {index: name for name, index in pattern.groupindex.items()}
    groups = "".join(f"(?P<{names[index]}>)" if index in names else "()" for index in range(1, pattern.groups + 1))
    re.compile(groups).sub(replacement, "")

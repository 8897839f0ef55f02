"""The pronunciation lexicon: the user's own spellings for words the engine gets wrong.

A lexicon is a UTF-8 text file, one rule a line::

    # comments and blank lines are ignored
    NMDA = N-methyl-D-aspartate        a word or phrase: whole words, any case
    /\\bv(\\d+)\\b/ = version \\1          a regular expression and its replacement

Rules apply in the order of the file, each to the result of the one before,
to the article's words before the built-in normalisation (so ``NMDA = ...``
wins over spelling the acronym out). It is read from ``--lexicon FILE``, else
from ``lexicon.txt`` in the user's config directory when that file exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from narrator.errors import LexiconError

DEFAULT_NAME = "lexicon.txt"


@dataclass(frozen=True)
class Lexicon:
    """Compiled rewrite rules, in the order they are applied."""

    rules: tuple[tuple[re.Pattern[str], str], ...] = ()

    def apply(self, text: str) -> str:
        """``text`` with every rule applied."""
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        return text

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
        regex = _REGEX_RULE.fullmatch(line) if line.startswith("/") else None
        if regex is not None:
            try:
                pattern = re.compile(regex["pattern"])
                _check_replacement(pattern, regex["replacement"].strip())
            except re.error as error:
                raise LexiconError(f"{name}, line {number}: bad regular expression: {error}") from None
            rules.append((pattern, regex["replacement"].strip()))
            continue
        word = _WORD_RULE.fullmatch(line)
        if word is None or line.startswith("/"):
            raise LexiconError(
                f"{name}, line {number}: expected 'word = spoken form' or '/regex/ = replacement', got {line!r}"
            )
        words = r"\s+".join(re.escape(part) for part in word["word"].split())
        pattern = re.compile(r"(?<!\w)" + words + r"(?!\w)", re.IGNORECASE)
        rules.append((pattern, word["spoken"].replace("\\", "\\\\")))
    return Lexicon(tuple(rules))


def _check_replacement(pattern: re.Pattern[str], replacement: str) -> None:
    """Raise ``re.error`` now for a bad group reference, rather than in the middle of an article."""
    names = {index: name for name, index in pattern.groupindex.items()}
    groups = "".join(f"(?P<{names[index]}>)" if index in names else "()" for index in range(1, pattern.groups + 1))
    re.compile(groups).sub(replacement, "")

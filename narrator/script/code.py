"""Code, formulas and leftover markup in an article's text, as a listener should hear them.

Readers keep inline code and formulas in the text in their written notation,
so the document stays what the page shows: inline code between backticks, as
Markdown writes it (`` `</$tag>` ``), and formulas as TeX between ``\\(`` and
``\\)``, as MathJax pages write them (``\\(P(A\\mid B)\\)``). Here they become
words, in the article's language:

* inline code is read as text, with the symbols an engine would drop or that
  the markup cleaner would remove named (``{ }`` is "open brace close brace",
  ``</$tag>`` is "less than / $tag greater than"); what eSpeak NG already says
  (``/``, ``$``, ``.``) is left to it;
* a formula is read from its TeX (:mod:`narrator.script.formula`), or said as
  "formula" when the page gave none;
* Markdown syntax that reached the text unrendered (``**Note**:``,
  ``[Contribute][contribute]``, a stray backtick) and MDX comments
  (``{/* lint disable */}``) are never spoken.
"""

from __future__ import annotations

import re

from narrator.script.formula import spoken_formula
from narrator.script.normalize import clean
from narrator.script.phrases import Phrases

_SPAN = re.compile(
    r"(?P<fence>`{1,8})(?P<code>[^`].{0,998}?[^`]|[^`])(?P=fence)(?!`)"  # a code span, fenced as in CommonMark
    r"|\\\((?P<inline>(?:(?!\\[()]).){0,2000})\\\)"  # a formula, as MathJax and LaTeX delimit it
    r"|\\\[(?P<display>(?:(?!\\[\[\]]).){0,2000})\\\]",
    re.DOTALL,
)
_CODE_SYMBOLS = re.compile(r"[{}\[\]<>\\*|^`]")
"""Symbols in code that eSpeak NG drops or the cleaner removes; the catalogue names them."""
_OPENING_SPACE = re.compile(r"([(\[]) +")
"""The space a spoken code span or formula leaves after an opening parenthesis: "(star T", not "( star T"."""
_HUGO_ESCAPE = re.compile(r"\{\{([<%])/\*\s*(.*?)\s*\*/([>%])\}\}", re.DOTALL)
"""``{{</* ref */>}}``: how Hugo's own docs write a shortcode that must be shown, not run."""

_LEFTOVERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), replacement)
    for pattern, replacement in (
        (r"\{/\*(?:(?!\{/\*).){0,1000}?\*/\}", " "),  # an MDX (JSX) comment
        (r"/\*\s*(?:lint|eslint|markdownlint|prettier|textlint|cspell|spell-?checker)\b.{0,1000}?\*/", " "),
        (r"\[([^\[\]]+)\]\[[^\[\]]*\]", r"\1"),  # a reference link whose reference is missing
        (r"\[([^\[\]]+)\]\((?:[^()\s]|\([^()\s]*\))*\)", r"\1"),  # an inline link left as text
        (r"(?<![\w*\\])(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1(?![\w*])", r"\2"),  # strong emphasis
        (r"(?<![\w*\\])\*(?=[^\s*])([^*]{1,300}?)(?<=[^\s*])\*(?![\w*])", r"\1"),  # emphasis with stars
        (r"(?<![\w\\])_(?=[^\s_])([^_]{1,300}?)(?<=[^\s_])_(?!\w)", r"\1"),  # emphasis with underscores
        (r"\*\*+|__+|`+", " "),  # unpaired emphasis markers and backticks
        (r"^\s*(?:#{1,6}|[*+])\s+", ""),  # a heading or bullet marker at the start of the text
        (r"(?<!\S)(?:#{2,6}|_)(?!\S)", " "),  # a heading marker inside the text, a lone underscore
    )
)


def spoken_markup(text: str, phrases: Phrases, language: str = "") -> str:
    """``text`` (in ``language``) with inline code and formulas in words and leftover markup removed, ready for
    normalisation."""
    if not any(mark in text for mark in ("`", "\\", "*", "_", "[", "#", "{", "/")):
        return text
    parts = []
    end = 0
    for span in _SPAN.finditer(text):
        parts.append(_without_leftovers(text[end : span.start()]))
        if span["fence"] is not None:
            parts.append(code_words(span["code"].strip(), phrases))
        else:
            tex = span["inline"] if span["inline"] is not None else span["display"]
            parts.append(spoken_formula(tex, phrases, language))
        end = span.end()
    parts.append(_without_leftovers(text[end:]))
    return _OPENING_SPACE.sub(r"\1", "".join(parts))


def code_words(code: str, phrases: Phrases) -> str:
    """Inline code as said: its text, with the symbols that carry meaning but would be lost named."""
    code = _HUGO_ESCAPE.sub(r"{{\1 \2 \3}}", code)
    named = _CODE_SYMBOLS.sub(lambda symbol: f" {phrases.symbols[symbol[0]]} ", code)
    return f" {' '.join(named.split())} "


def code_line(line: str, phrases: Phrases) -> str:
    """A line of a code block read with ``--read-code``: symbols named, nothing an engine could take as markup."""
    return clean(code_words(line, phrases))


def plain_text(text: str) -> str:
    """Text with its code and formula marks removed, for titles shown rather than spoken (chapters, player)."""
    text = _SPAN.sub(lambda span: span["code"] or span["inline"] or span["display"] or "", text)
    return " ".join(text.replace("`", "").split())


def _without_leftovers(prose: str) -> str:
    for pattern, replacement in _LEFTOVERS:
        prose = pattern.sub(replacement, prose)
    return prose


_LANGUAGE_NAMES = {
    "bash": "Bash",
    "c": "C",
    "c++": "C plus plus",
    "cpp": "C plus plus",
    "cs": "C sharp",
    "csharp": "C sharp",
    "c#": "C sharp",
    "console": "Shell",
    "css": "CSS",
    "diff": "Diff",
    "dockerfile": "Dockerfile",
    "f#": "F sharp",
    "go": "Go",
    "golang": "Go",
    "html": "HTML",
    "ini": "INI",
    "java": "Java",
    "javascript": "JavaScript",
    "js": "JavaScript",
    "json": "JSON",
    "jsx": "JSX",
    "kotlin": "Kotlin",
    "kt": "Kotlin",
    "make": "Makefile",
    "makefile": "Makefile",
    "md": "Markdown",
    "markdown": "Markdown",
    "mdx": "MDX",
    "objc": "Objective C",
    "objective-c": "Objective C",
    "php": "PHP",
    "powershell": "PowerShell",
    "ps1": "PowerShell",
    "py": "Python",
    "python": "Python",
    "python3": "Python",
    "rb": "Ruby",
    "ruby": "Ruby",
    "rs": "Rust",
    "rust": "Rust",
    "scss": "SCSS",
    "sh": "Shell",
    "shell": "Shell",
    "shell-session": "Shell",
    "sql": "SQL",
    "swift": "Swift",
    "toml": "TOML",
    "ts": "TypeScript",
    "tsx": "TSX",
    "typescript": "TypeScript",
    "xml": "XML",
    "yaml": "YAML",
    "yml": "YAML",
    "zsh": "Zsh",
}
_NO_LANGUAGE = frozenset({"", "text", "txt", "plain", "plaintext", "none", "output", "nohighlight", "raw"})
_LANGUAGE_TAG = re.compile(r"^[A-Za-z][\w+#.-]{0,30}$")


def language_name(tag: str) -> str:
    """The name to announce for a code block's language tag (``py`` -> "Python"); empty when there is none."""
    tag = re.split(r"[\s,{]", tag.strip().lower(), maxsplit=1)[0].removeprefix("language-")  # "rust,ignore"
    if tag in _NO_LANGUAGE or not _LANGUAGE_TAG.match(tag):
        return ""
    return _LANGUAGE_NAMES.get(tag) or tag.replace("-", " ").replace("_", " ").capitalize()


def code_announcement(language: str, lines: int, phrases: Phrases) -> str:
    """ "Code, Python, 14 lines.", or "Code, 3 lines." when the block's language is not known."""
    name = language_name(language)
    size = phrases.count(lines, "line")
    return phrases.code_in.format(language=name, lines=size) if name else phrases.code.format(lines=size)

"""A formula's TeX (a MathML ``alttext`` or TeX annotation) as words a voice can say.

Pages that render formulas as images or MathML keep the TeX source beside
them (Wikipedia's ``alttext``, KaTeX's and MathJax's TeX annotation); screen
readers read that. This covers the TeX articles use, not all of TeX:
structure (fractions, powers, indices, roots) becomes words from the
catalogue ("a over b", "x sub i", "e to the power of x"), Greek letters and
operators become the Unicode symbols eSpeak NG names in every language
("α", "≤", "∞"), font and spacing commands are dropped, and any other
command is read by its name (``\\log`` -> "log"). A formula with no TeX, or
none that gives words, is said as "formula", so a sentence never loses a
part silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from narrator.script.normalize import normalize
from narrator.script.phrases import Phrases

_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|[{}^_]|[^\\{}^_\s]+|\s+", re.DOTALL)

_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "vartheta": "θ",
    "iota": "ι",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "varpi": "π",
    "rho": "ρ",
    "varrho": "ρ",
    "sigma": "σ",
    "varsigma": "ς",
    "tau": "τ",
    "upsilon": "υ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Upsilon": "Υ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
}
_SYMBOLS = {
    **_GREEK,
    "pm": "±",
    "mp": "∓",
    "le": "≤",
    "leq": "≤",
    "leqslant": "≤",
    "ge": "≥",
    "geq": "≥",
    "geqslant": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "sim": "≈",
    "equiv": "≡",
    "infty": "∞",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "oint": "∫",
    "partial": "∂",
    "nabla": "∇",
    "sqrt": "√",
    "to": "→",
    "rightarrow": "→",
    "Rightarrow": "⇒",
    "implies": "⇒",
    "leftrightarrow": "↔",
    "Leftrightarrow": "⇔",
    "iff": "⇔",
    "forall": "∀",
    "exists": "∃",
    "neg": "¬",
    "lnot": "¬",
    "cup": "∪",
    "cap": "∩",
    "subset": "⊂",
    "subseteq": "⊆",
    "emptyset": "∅",
    "varnothing": "∅",
    "ldots": "...",
    "cdots": "...",
    "dots": "...",
    "prime": "′",
    "%": "%",
    "$": "$",
    "&": "&",
    "#": "#",
    "{": "(",
    "}": ")",
}
_WORDS = {"mid": "given", "in": "element", "cdot": "times", "times": "times"}
"""Commands said with a catalogue word (``\\mid`` "given"); fractions, roots and powers are read as structure."""
_DROPPED = frozenset(
    {
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "scriptscriptstyle",
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "middle",
        "limits",
        "nolimits",
        "quad",
        "qquad",
        ",",
        ";",
        ":",
        "!",
        "label",
        "tag",
        "nonumber",
        "notag",
    }
)
_FONTS = frozenset(
    {
        "text",
        "textrm",
        "textit",
        "textbf",
        "mathrm",
        "mathit",
        "mathbf",
        "mathsf",
        "mathtt",
        "mathcal",
        "mathbb",
        "mathfrak",
        "mathscr",
        "boldsymbol",
        "operatorname",
        "mbox",
        "hbox",
        "bm",
        "vec",
        "hat",
        "bar",
        "tilde",
        "overline",
        "underline",
        "widehat",
        "widetilde",
        "dot",
        "ddot",
    }
)
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
_BIG_OPERATORS = frozenset({"sum", "prod", "int", "iint", "oint", "bigcup", "bigcap", "coprod"})
_POWERS = {"2": "squared", "3": "cubed"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def spoken_formula(tex: str, phrases: Phrases, language: str = "") -> str:
    """The words of a formula's TeX in ``language``, or the catalogue's "formula" when there are none."""
    words = " ".join(_Reader(tex, phrases, language).read().split())
    return f" {words} " if any(character.isalnum() for character in words) else f" {phrases.formula} "


class _Reader:
    """A small recursive reader over TeX tokens; groups nest as deep as the formula does, capped."""

    _MAX_DEPTH = 50

    def __init__(self, tex: str, phrases: Phrases, language: str) -> None:
        self._tokens: Iterator[str] = (token for token in _TOKEN.findall(tex) if not token.isspace())
        self._language = language
        self._pending: list[str] = []
        """A token read ahead and put back."""
        self._math = phrases.math
        self._less_greater = {"<": phrases.symbols["<"], ">": phrases.symbols[">"]}

    def read(self) -> str:
        return self._sequence(depth=0, until="")

    def _next(self) -> str:
        return self._pending.pop() if self._pending else next(self._tokens, "")

    def _sequence(self, depth: int, until: str) -> str:
        parts: list[str] = []
        while (token := self._next()) and token != until:
            if token in ("^", "_"):
                parts.append(self._script(token, self._argument(depth)))
            elif token[1:] in _BIG_OPERATORS:
                parts.append(f"{self._token(token, depth)} {self._limits(depth)}")
            else:
                parts.append(self._token(token, depth))
        return " ".join(parts)

    def _limits(self, depth: int) -> str:
        """A sum's or integral's ``_{lower}^{upper}`` as "from lower to upper"; a lower limit alone as an index."""
        limits = {"_": "", "^": ""}
        while (mark := self._next()) in limits and not limits[mark]:
            limits[mark] = self._argument(depth)
        if mark:
            self._pending.append(mark)
        lower, upper = limits["_"], limits["^"]
        if lower and upper:
            return self._math["limits"].format(lower=lower, upper=upper)
        return self._script("_", lower) if lower else self._script("^", upper)

    def _argument(self, depth: int) -> str:
        """The next group (``{...}``) or single token, as words; one level deeper (``\\frac\\frac...`` nests too)."""
        token = self._next()
        return self._token(token, depth + 1) if token else ""

    def _script(self, mark: str, argument: str) -> str:
        if not argument:
            return ""
        if mark == "_":
            return self._math["index"].format(index=argument)
        power = next((name for digit, name in _POWERS.items() if argument.strip() == self._number(digit)), None)
        if power:
            return self._math[power]
        return self._math["power"].format(exponent=argument)

    def _token(self, token: str, depth: int) -> str:
        if depth > self._MAX_DEPTH or token == "}":
            return ""
        if token == "{":
            return self._sequence(depth + 1, "}")
        if not token.startswith("\\"):
            return self._plain(token)
        name = token[1:]
        if name in _FRACTIONS:
            numerator, denominator = self._argument(depth), self._argument(depth)
            return self._math["fraction"].format(numerator=numerator, denominator=denominator)
        if name == "sqrt":
            return f"√ {self._argument(depth)}"
        if name in _FONTS:
            return self._argument(depth)
        if name in _DROPPED:
            return ""
        if name in _WORDS:
            return self._math[_WORDS[name]]
        return _SYMBOLS.get(name, name if name.isalpha() else "")

    def _plain(self, text: str) -> str:
        """Letters and operators as written, but numbers and ``<`` and ``>`` in words (the markup cleaner drops them),
        a minus sign for ``-`` (which eSpeak NG says "minus", where it is silent at a hyphen) and no ``&``."""
        for symbol, words in self._less_greater.items():
            text = text.replace(symbol, f" {words} ")
        text = _NUMBER.sub(lambda number: f" {self._number(number[0])} ", text)
        return text.replace("&", " ").replace("-", " − ").replace("=", " = ")

    def _number(self, digits: str) -> str:
        """A number in words now: normalisation would read "2 x" as "twice" and "2 m" as "two metres"."""
        return normalize(digits, language=self._language)

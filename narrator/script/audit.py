"""The pronunciation audit: what narrator could not say with confidence, so an author can fix it once in a lexicon.

``narrate script FILE --audit`` reads the script narrator built and lists, with
counts and where each first occurs (the line of ``narrate script``'s output and
the section):

* acronyms narrator spelled letter by letter ("NMDA" said "N.M.D.A");
* words the engine cannot pronounce and would spell, where the engine can tell
  (eSpeak NG reports them; its dictionaries list only irregular words, so a word
  read by its spelling rules is not a finding);
* numbers and symbols left for the engine to say in its own way (a language
  without narrator's rules, or a form no rule understood);
* passages said in another language than the article's.

Only the article's words are audited, not narrator's own announcements.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from narrator.script.model import ItemKind, Script

UnsayableWords = Callable[[Iterable[str], str], "frozenset[str] | None"]
"""Words -> those the engine would spell letter by letter in a language; None when the engine cannot tell."""

_SPELLED = re.compile(r"(?<![\w.])((?:[A-Z]\.)+[A-Z])(?='s\b|(?![\w.])|\.(?!\w))")
_NUMBER = re.compile(r"[^\s\d]*\d\S*")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SYMBOL_PUNCTUATION = frozenset("#%&*@/\\_|~^")
_TRAILING = ".,;:!?)]}\"'’”»"
KINDS = {
    "spelled": "Acronyms spelled letter by letter",
    "unsayable": "Words the engine would spell letter by letter",
    "left_to_engine": "Numbers and symbols left to the engine",
    "language_switches": "Passages in another language",
}
"""Each kind of finding and its heading in the report, in report order."""


@dataclass
class Finding:
    """One written form and how often it occurs."""

    written: str
    """As the article writes it ("NMDA", "15.000", "ru")."""
    said: str
    """What narrator gives the engine for it ("N.M.D.A"); the same as ``written`` when it is left as is."""
    count: int
    first_line: int
    """The line of ``narrate script``'s output where it first occurs (1-based)."""
    first_section: int | None
    """The announced number of the section it first occurs in; None for the opening or an unannounced lead."""


@dataclass
class Audit:
    """The findings of one script, by kind, each in order of first occurrence."""

    language: str
    findings: dict[str, list[Finding]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    engine_checked: bool = True
    """Whether the engine told which words it cannot pronounce."""


def audit_script(script: Script, unsayable: UnsayableWords | None = None) -> Audit:
    """What ``script`` leaves uncertain; ``unsayable`` asks the engine about the words of each language."""
    audit = Audit(script.language)
    seen: dict[tuple[str, str], Finding] = {}
    numbers = {section.index: section.number for section in script.sections}
    words: dict[str, dict[str, tuple[int, int | None]]] = {}

    def note(kind: str, written: str, said: str, line: int, section: int | None) -> None:
        finding = seen.get((kind, written))
        if finding is None:
            finding = seen[(kind, written)] = Finding(written, said, 0, line, section)
            audit.findings[kind].append(finding)
        finding.count += 1

    for position, item in enumerate(script.items):
        if item.kind is not ItemKind.TEXT:
            continue
        line, section = position + 1, numbers.get(item.section) if item.section is not None else None
        language = item.language or script.language
        if item.language:
            note("language_switches", item.language, item.language, line, section)
        for match in _SPELLED.finditer(item.text):
            note("spelled", match[1].replace(".", ""), match[1], line, section)
        for match in _NUMBER.finditer(item.text):
            number = match[0].rstrip(_TRAILING)
            note("left_to_engine", number, number, line, section)
        for char in item.text:
            if char in _SYMBOL_PUNCTUATION or unicodedata.category(char).startswith("S"):
                note("left_to_engine", char, char, line, section)
        language_words = words.setdefault(language, {})
        for match in _WORD.finditer(_SPELLED.sub(" ", item.text)):
            language_words.setdefault(match[0], (line, section))

    if unsayable is None:
        audit.engine_checked = False
        return audit
    for language, first in words.items():
        spelled = unsayable(first, language)
        if spelled is None:
            audit.engine_checked = False
            continue
        for word in spelled:
            line, section = first[word]
            note("unsayable", word, word, line, section)
    audit.findings["unsayable"].sort(key=lambda finding: finding.first_line)
    for finding in audit.findings["unsayable"]:  # counted over the whole script, not only the first occurrence
        finding.count = sum(
            _count_word(item.text, finding.written) for item in script.items if item.kind is ItemKind.TEXT
        )
    return audit


def _count_word(text: str, word: str) -> int:
    return len(re.findall(rf"(?<![\w]){re.escape(word)}(?![\w])", text))


def audit_text(audit: Audit, source: str) -> str:
    """The report as plain lines: a heading per kind with its counts, then each form, most frequent first."""
    lines = [f"Pronunciation audit of {source} (language: {audit.language or 'unknown'})"]
    for kind, heading in KINDS.items():
        findings = audit.findings[kind]
        total = sum(finding.count for finding in findings)
        lines.append(f"{heading}: {len(findings)} forms, {total} times")
        if kind == "unsayable" and not audit.engine_checked:
            lines.append("  (the engine could not be asked: eSpeak NG's espeak-ng command was not found)")
        for finding in sorted(findings, key=lambda finding: (-finding.count, finding.first_line)):
            said = f" -> {finding.said}" if finding.said != finding.written else ""
            where = f"line {finding.first_line}" + (
                f", section {finding.first_section}" if finding.first_section is not None else ""
            )
            lines.append(f"  {finding.written}{said}  {finding.count}x, first at {where}")
    if any(audit.findings[kind] for kind in ("spelled", "unsayable")):
        lines.append("Fix a word once in a lexicon (WORD = spoken form), then pass it with --lexicon FILE.")
    return "\n".join(lines)


def audit_json(audit: Audit) -> str:
    """``{"language", "engine_checked", "spelled": [...], "unsayable": [...], ...}``, each finding with ``written``,
    ``said``, ``count``, ``first_line`` and ``first_section``."""
    return json.dumps(
        {
            "language": audit.language,
            "engine_checked": audit.engine_checked,
            **{kind: [asdict(finding) for finding in findings] for kind, findings in audit.findings.items()},
        },
        ensure_ascii=False,
        indent=2,
    )

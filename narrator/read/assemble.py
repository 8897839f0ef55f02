"""Assemble a reader's flat stream of headings and blocks into a document.

Both readers emit the same stream, so everything that is about articles
rather than about syntax lives here once: sections from headings, the title
from the page or its first ``h1``, FAQ sections whose headings are questions,
schema.org FAQs confirmed against the visible ones, and scraped-text
artifacts (repeated title lines, trailing "related article" titles).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache

from narrator.document import Block, Document, Faq, LeftOut, ListBlock, Paragraph, Section, blocks_text


@dataclass(frozen=True)
class Heading:
    """A heading as it appears in the reader's stream."""

    level: int
    """1-6."""
    text: str


# Words that mark FAQs and questions ---------------------------------------------

_NAMES_FAQS = re.compile(
    r"\bFAQs?\b|frequently asked questions|common questions|questions and answers|\bQ\s?&\s?A\b"
    r"|häufig gestellte fragen|häufige fragen|fragen und antworten|foire aux questions|questions fréquentes"
    r"|questions et réponses|preguntas frecuentes|preguntas y respuestas"
    r"|domande frequenti|domande e risposte|veelgestelde vragen|vragen en antwoorden"
    r"|perguntas frequentes|perguntas e respostas|שאלות נפוצות|שאלות ותשובות|שו[״\"]ת",
    re.IGNORECASE,
)

_QUESTION_PREFIX = re.compile(
    r"^\s*(?:FAQ|Q|Question|Frage|Pregunta|Pergunta|Domanda|Vraag)\s*#?\s*\d*\s*(?:[:.)]|\s[-–—]\s)\s*",
    re.IGNORECASE,
)
""""FAQ 1:", "Q:", "Q2.", "Question 3 -": a label that makes a heading a question and is not part of it."""

_QUESTION_MARKS = ("?", "？", "؟", "՞")


@cache
def _interrogative_start() -> re.Pattern[str]:
    """Words that open a question; compiled on first use (0.5 ms), as only FAQ headings without "?" need it."""
    return re.compile(
        r"^(?:how|what|why|when|where|which|who|whom|whose|can|could|do|does|did|is|are|was|were|will|would"
        r"|should|shall|may|might|must|has|have|wie|was|warum|wann|wo|welche[rs]?|wer|kann|gibt|ist|sind"
        r"|comment|pourquoi|quand|où|quel(?:le)?s?|est-ce|cómo|qué|por qué|cuándo|dónde|cuál(?:es)?"
        r"|perché|quando|dove|quali?|chi|cosa|hoe|wat|waarom|wanneer|waar|welke|como|porque|onde|quais|quem)\b",
        re.IGNORECASE,
    )


_FAQ_SECTION_HEADINGS = {
    "de": "Häufig gestellte Fragen",
    "es": "Preguntas frecuentes",
    "fr": "Foire aux questions",
    "en": "Frequently asked questions",
    "it": "Domande frequenti",
    "nl": "Veelgestelde vragen",
    "pt": "Perguntas frequentes",
}

_FOOTNOTES_HEADINGS = {
    "de": "Fußnoten",
    "es": "Notas",
    "fr": "Notes",
    "it": "Note",
    "nl": "Voetnoten",
    "pt": "Notas",
    "en": "Footnotes",
}

_RELATED_HEADING = re.compile(
    r"^related$|^(?:related|more|recommended|similar|popular)\s+(?:articles|posts|stories|reading|content|recipes|videos)\b"
    r"|^you (?:may|might) also (?:like|enjoy)|^read (?:more|next)\b|^weitere artikel|^ähnliche artikel"
    r"|^artículos relacionados|^articles (?:liés|similaires)|^à lire aussi",
    re.IGNORECASE,
)

_SENTENCE_END = (".", "!", "?", "…", ":", ";", "。", "！", "？", "؟", "।")
_CLOSING_MARKS = "\"'”’»)]"
_TITLE_LIKE_MAX_WORDS = 20
_TITLE_ECHO_EXTRA_WORDS = 3
"""Words besides the title a repeated title line may carry ("Ketamine <title>", a site name)."""
_ALL_ENTRIES_SHARE = 1 / 3
"""Under an FAQ heading, when this share of same-level headings read as questions, all of them are entries."""


def footnotes_heading(language: str) -> str:
    """The heading of the footnotes a reader gathers at the end, in the article's declared language."""
    return _FOOTNOTES_HEADINGS.get(language.split("-")[0].lower(), _FOOTNOTES_HEADINGS["en"])


def names_faqs(text: str) -> bool:
    """Whether a heading or title announces questions and answers ("FAQ", "Preguntas frecuentes")."""
    return bool(_NAMES_FAQS.search(text))


def is_question(text: str) -> bool:
    """Whether a heading or term is a question: a question mark, or a label like "FAQ 2:" or "Q:"."""
    stripped = text.strip().rstrip(_CLOSING_MARKS)
    return stripped.endswith(_QUESTION_MARKS) or stripped.startswith("¿") or bool(_QUESTION_PREFIX.match(text))


def question_text(text: str) -> str:
    """A question without its "FAQ 1:" style label."""
    return _QUESTION_PREFIX.sub("", text, count=1).strip() or text.strip()


def normalise(text: str) -> str:
    """Text reduced to lower-case words, for matching the same words written differently."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded))


def _looks_like_question(text: str) -> bool:
    return is_question(text) or bool(_interrogative_start().match(text.strip()))


# Assembly -----------------------------------------------------------------------


class _Role(Enum):
    SECTION = "section"
    QUESTION = "question"
    """A heading that becomes an FAQ's question."""
    IN_ANSWER = "in answer"
    """A heading below a question, kept as a paragraph of the answer."""


@dataclass
class _Draft:
    level: int
    heading: str
    blocks: list[Block] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(self.level, self.heading, tuple(self.blocks))


Event = Heading | Block
"""One step of a reader's stream."""


@dataclass(frozen=True)
class Reading:
    """What a reader found, before sections are assembled: the stream and the source's own metadata."""

    events: tuple[Event, ...]
    title: str = ""
    byline: str = ""
    language: str = ""
    structured_faqs: tuple[Faq, ...] = ()
    """schema.org questions from the page's metadata."""
    end_judged: bool = False
    """An extractor judged where the article ends, so title-like lines there are the article's own."""
    notes: tuple[str, ...] = ()
    """What the reader cut to stay within its limits (see :attr:`Document.notes`)."""
    left_out: tuple[LeftOut, ...] = ()
    """What the reader left out by default, by kind."""

    def assemble(self, source: str = "", keep_trailing: bool = False) -> Document:
        """The document this reading makes (see :func:`assemble`)."""
        document = assemble(
            self.events,
            title=self.title,
            byline=self.byline,
            language=self.language,
            source=source,
            structured_faqs=self.structured_faqs,
            keep_trailing=keep_trailing,
            left_out=self.left_out,
        )
        return replace(document, notes=self.notes) if self.notes else document


def assemble(
    events: Iterable[Heading | Block],
    *,
    title: str = "",
    byline: str = "",
    language: str = "",
    source: str = "",
    structured_faqs: Sequence[Faq] = (),
    keep_trailing: bool = False,
    left_out: tuple[LeftOut, ...] = (),
) -> Document:
    """Build a document from headings and blocks in reading order.

    ``title`` is the page's own title when it has one (metadata); otherwise
    the first ``h1`` is used. ``structured_faqs`` come from schema.org
    metadata: those already visible in the stream only confirm it, the rest
    become a final FAQ section.
    """
    stream = list(events)
    title = title.strip() or next((e.text for e in stream if isinstance(e, Heading) and e.level == 1), "")
    stream = [e for e in stream if not (isinstance(e, Heading) and e.level == 1 and _same_text(e.text, title))]
    sections = _sections(stream, _faq_roles(stream, names_faqs(title)))
    sections = _drop_title_echoes(sections, title)
    if not keep_trailing:
        sections = _drop_trailing_titles(sections)
    sections = _visible_structured_questions(sections, structured_faqs)
    sections = sections + _unseen_faqs_section(sections, structured_faqs, language)
    sections = _drop_repeats(sections)
    return Document(
        title=title, sections=tuple(sections), byline=byline, language=language, source=source, left_out=left_out
    )


def _same_text(a: str, b: str) -> bool:
    return bool(b) and normalise(a) == normalise(b)


def _faq_roles(stream: list[Heading | Block], title_names_faqs: bool) -> dict[int, _Role]:
    """Which headings are FAQ questions or headings inside answers; the rest are sections.

    A scope is the whole document when its title names FAQs, or the headings
    after one that names FAQs, up to the next heading at its level or above
    that is not itself a question.
    """
    headings = [(index, e) for index, e in enumerate(stream) if isinstance(e, Heading)]
    scopes: list[list[tuple[int, Heading]]] = [headings] if title_names_faqs else []
    for position, (_, heading) in enumerate(headings):
        if names_faqs(heading.text):
            scope = []
            for index, later in headings[position + 1 :]:
                if later.level <= heading.level and not is_question(later.text):
                    break
                scope.append((index, later))
            scopes.append(scope)
    roles: dict[int, _Role] = {}
    for scope in scopes:
        roles.update(_scope_roles(scope))
    return roles


def _scope_roles(scope: list[tuple[int, Heading]]) -> dict[int, _Role]:
    """Within an FAQ scope, questions are the headings at the level of the first question."""
    entry_level = next((h.level for _, h in scope if is_question(h.text)), None)
    if entry_level is None:
        return {}
    candidates = [h for _, h in scope if h.level == entry_level]
    all_entries = sum(map(_looks_like_question, (h.text for h in candidates))) >= _ALL_ENTRIES_SHARE * len(candidates)
    roles: dict[int, _Role] = {}
    in_entry = False
    for index, heading in scope:
        if heading.level == entry_level:
            in_entry = all_entries or is_question(heading.text)
            roles[index] = _Role.QUESTION if in_entry else _Role.SECTION
        elif heading.level > entry_level and in_entry:
            roles[index] = _Role.IN_ANSWER
        else:
            in_entry = False
            roles[index] = _Role.SECTION
    return roles


def _sections(stream: list[Heading | Block], roles: dict[int, _Role]) -> list[Section]:
    drafts = [_Draft(0, "")]
    question: str | None = None
    answer: list[Block] = []

    def close_question() -> None:
        nonlocal question
        if question is not None:
            drafts[-1].blocks.append(Faq(question, tuple(answer)))
            question = None
            answer.clear()

    for index, event in enumerate(stream):
        if not isinstance(event, Heading):
            (answer if question is not None else drafts[-1].blocks).append(event)
            continue
        role = roles.get(index, _Role.SECTION)
        if role is _Role.IN_ANSWER and question is not None:
            answer.append(Paragraph(event.text))
            continue
        close_question()
        if role is _Role.QUESTION:
            question = question_text(event.text)
        else:
            drafts.append(_Draft(event.level, event.text))
    close_question()
    lead, *rest = drafts
    return [draft.freeze() for draft in ([lead] if lead.blocks else []) + rest]


def _drop_title_echoes(sections: list[Section], title: str) -> list[Section]:
    """Remove paragraphs of the untitled lead that only repeat the title (scraped pages do this)."""
    if not sections or sections[0].level != 0 or not title:
        return sections
    lead = sections[0]
    kept = tuple(b for b in lead.blocks if not (isinstance(b, Paragraph) and _echoes_title(b.text, title)))
    return ([Section(0, "", kept)] if kept else []) + sections[1:]


def _echoes_title(text: str, title: str) -> bool:
    words, title_words = normalise(text).split(), normalise(title).split()
    if not title_words:
        return False
    leftover, found, position = 0, 0, 0
    while position < len(words):
        if words[position : position + len(title_words)] == title_words:
            found += 1
            position += len(title_words)
        else:
            leftover += 1
            position += 1
    # A sentence that uses the title's words ("Tides matter a lot.") is prose, not an echo.
    sentence = text.strip().rstrip(_CLOSING_MARKS).endswith(_SENTENCE_END)
    return found > 0 and (leftover == 0 or (leftover <= _TITLE_ECHO_EXTRA_WORDS and not sentence))


def _drop_trailing_titles(sections: list[Section]) -> list[Section]:
    """Drop "related articles" left at the end of scraped text: such sections, then title-like lines."""
    sections = _drop_related_sections(sections)
    if not sections:
        return sections
    blocks = list(sections[-1].blocks)
    end = len(blocks)
    while end > 0 and _is_title_like_paragraph(blocks[end - 1]):
        end -= 1
    if 0 < end < len(blocks):
        last = sections[-1]
        sections[-1] = Section(last.level, last.heading, tuple(blocks[:end]))
    return sections


def _drop_related_sections(sections: list[Section]) -> list[Section]:
    """Cut the article at a "related articles" heading that only has its own subsections after it."""
    for index in range(1, len(sections)):
        heading = sections[index]
        if _RELATED_HEADING.match(heading.heading) and all(s.level > heading.level for s in sections[index + 1 :]):
            return _drop_related_sections(sections[:index])
    return list(sections)


def is_title_like(text: str) -> bool:
    """A short line with no sentence punctuation at its end: a title, not prose."""
    stripped = text.strip().rstrip(_CLOSING_MARKS)
    return 0 < len(stripped.split()) <= _TITLE_LIKE_MAX_WORDS and not stripped.endswith(_SENTENCE_END)


def _is_title_like_paragraph(block: Block) -> bool:
    """A short paragraph without sentence punctuation; a display formula is none (it has no words of a title)."""
    return isinstance(block, Paragraph) and is_title_like(block.text) and not block.text.startswith("\\(")


def _unseen_faqs_section(sections: list[Section], structured: Sequence[Faq], language: str) -> list[Section]:
    """Structured FAQs not visible on the page, as one final section (empty list when none)."""
    seen = {normalise(question_text(faq.question)) for section in sections for faq in section.faqs}
    seen |= {normalise(question_text(section.heading)) for section in sections}  # answered under its own heading
    unseen: list[Faq] = []
    for faq in structured:
        key = normalise(question_text(faq.question))
        if key and key not in seen:
            seen.add(key)
            unseen.append(Faq(question_text(faq.question), faq.answer))
    if not unseen:
        return []
    level = min((s.level for s in sections if s.level > 0), default=2)
    heading = _FAQ_SECTION_HEADINGS.get(language.split("-")[0].lower(), _FAQ_SECTION_HEADINGS["en"])
    return [Section(level, heading, tuple(unseen))]


def _visible_structured_questions(sections: list[Section], structured: Sequence[Faq]) -> list[Section]:
    """A paragraph that asks a schema.org question (an accordion's ``div`` or ``button``) becomes that FAQ.

    Its answer is the visible one, never the metadata's copy (which pages
    often truncate): the next block, and the blocks after it that the
    metadata's answer also holds.
    """
    answers = {normalise(question_text(faq.question)): normalise(blocks_text(faq.answer)) for faq in structured}
    answers.pop("", None)
    if not answers:
        return sections

    def asks(block: Block) -> str | None:
        key = normalise(question_text(block.text)) if isinstance(block, Paragraph) else ""
        return key if key in answers else None

    result = []
    for section in sections:
        blocks: list[Block] = []
        pending = list(section.blocks)
        while pending:
            block = pending.pop(0)
            key = asks(block)
            if key is None or not pending or asks(pending[0]) is not None:
                blocks.append(block)
                continue
            answer = [pending.pop(0)]
            while pending and asks(pending[0]) is None and normalise(blocks_text((pending[0],))) in answers[key]:
                answer.append(pending.pop(0))
            assert isinstance(block, Paragraph)
            blocks.append(Faq(question_text(block.text), tuple(answer)))
        result.append(Section(section.level, section.heading, tuple(blocks)))
    return result


_REPEAT_MIN_WORDS = 4
"""An answer this long read a second time is a copy, not a "Yes." that many questions share."""
_TOC_MIN_ITEMS = 3


def _drop_repeats(sections: list[Section]) -> list[Section]:
    """Read every answer once: an FAQ whose answer was already read (under its own heading) and a list of the
    document's own headings (a table of contents) are left out. Other repeats stay: an author may repeat."""
    headings = {normalise(section.heading) for section in sections if section.heading}
    read: set[str] = set()
    result = []
    for section in sections:
        blocks: list[Block] = []
        for block in section.blocks:
            text = normalise(blocks_text(block.answer if isinstance(block, Faq) else (block,)))
            if isinstance(block, Faq) and len(text.split()) >= _REPEAT_MIN_WORDS and text in read:
                continue
            if isinstance(block, ListBlock) and _is_contents(block, headings):
                continue
            read.add(text)
            blocks.append(block)
        read.add(normalise(blocks_text(section.blocks)))
        if blocks or section.heading:
            result.append(Section(section.level, section.heading, tuple(blocks)))
    return result


def _is_contents(block: ListBlock, headings: set[str]) -> bool:
    items = [normalise(item.text) for item in block.items]
    return len(items) >= _TOC_MIN_ITEMS and all(item in headings for item in items)

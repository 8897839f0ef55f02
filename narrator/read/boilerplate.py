"""Content selection for web pages: which of the walked blocks are the article, and which are the page around it.

Two judges agree on a block before it is read. The page's own markup says what
is furniture (roles, ``itemprop``, ``aria-label``, well-known class names:
:func:`is_furniture`, applied before the walk). trafilatura, run with
``favor_precision``, says which text is the article: its output keeps one
line per block, and a walked block is kept when most of its word shingles
fall on lines it covers for the most part (:class:`ArticleReference`). So a
caption that quotes half a paragraph, or a teaser that shares a phrase with
the story, is not the story, while our walk keeps its structure (heading
levels, nested lists, tables, FAQs, code languages, link addresses).
Measured on 88 annotated pages (docs/extraction.md), this is more precise
than mapping trafilatura's own XML to a document, and than trafilatura alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bs4 import Tag

from narrator.document import Block, Faq, Image, LeftOut, ListBlock, ListItem, Paragraph, Quote, Table, block_text
from narrator.options import INCLUDABLE
from narrator.read.assemble import Event, Heading

_WORD = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
"""Words; single characters of scripts written without spaces."""
_SHINGLE = 4
_MIN_REFERENCE_WORDS = 50
"""An extraction shorter than this is too little to judge a page by (a gallery, a stub): the walk is read unpruned."""
_BLOCK_SHARE = 0.5
"""Of a block's shingles, the share that must fall on lines of the article for the block to be article."""
_LINE_SHARE = 0.5
"""Of a line's shingles, the share a block must hold for that line to count as the block's (not a phrase it quotes)."""

_SHORTCODE = re.compile(r"\[([a-z][\w-]*)\b[^\]]*\].*\[/\1\]", re.IGNORECASE | re.DOTALL)
"""A paragraph that is one unrendered shortcode ("[button link=...]Send us YOUR review[/button]"): a widget."""
_RUN_ON_LINE = 300
"""Shingles of a line longer than any paragraph: the extractor ran several blocks together (a layout table)."""

# Furniture by markup ----------------------------------------------------------------

FURNITURE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
        "toolbar",
        "tablist",
    }
)
FURNITURE_NAMES = re.compile(
    r"(?:^|[-_\s])(?:cookie|cookies|consent|gdpr|cmp|share|sharing|sharebar|social|socials|related|recommended"
    r"|recommendations|read-?next|more-?stories|newsletter|subscribe|subscription|signup|promo|advert|advertisement"
    r"|ads?|ad-?slot|sponsored?|outbrain|taboola|breadcrumbs?|skip-?link|skip-?to-?content|sidebar|comments?"
    r"|disqus|popup|modal|paywall|pagination|pager|trending|most-?popular|mw-editsection|mw-jump-link|toolbar"
    r"|byline|dateline|(?:entry|post|article)-?meta|gallery|carousel|slideshow|slider|lightbox|playlist"
    r"|video-?(?:rail|playlist|carousel)|teasers?|author-?(?:bio|box|info|card)|about-?the-?author|bio"
    r"|tags|tag-?list|post-?tags|categories|catlinks|navbox|vertical-navbox|printfooter|star-?rating|ratings?"
    r"|print-?(?:button|link|recipe)|jump-?to-?recipe|wprm-recipe-(?:jump|print|pin|rating)|credits?"
    r"|read-?more|also-?on|(?:right|left)-?rail|popover|tooltip|hover-?card|(?:rollover|hover)(?:-[a-z]+)?-(?:block|card|box))"
    r"(?:$|[-_\s\d])",
    re.IGNORECASE,
)
"""Class, id or aria-label words of page furniture (after Readability's "unlikely candidates", as whole words)."""
_CONTENT_NAMES = re.compile(r"(?:^|[-_\s])(?:article|content|main|body|post|entry|story|text)(?:$|[-_\s])", re.I)
_FURNITURE_TEXT_LIMIT = 2000
"""A furniture-named element with more text than this is more likely a mislabelled article wrapper: keep it."""
_CAMEL_HUMP = re.compile(r"([a-z])([A-Z])")
_METADATA_PROPS = frozenset({"author", "datepublished", "datemodified", "datecreated", "publisher", "keywords"})
"""schema.org properties that mark the byline, dates and tags the page shows around the article."""
_METADATA_TEXT_LIMIT = 200


def is_furniture(tag: Tag) -> bool:
    """Whether an element is page furniture by its role, its ``itemprop``, or a class, id or label that names it."""
    if str(tag.get("role") or "").lower() in FURNITURE_ROLES:
        return True
    if tag.name in ("body", "html", "main", "article"):
        return False
    props = {p.lower() for p in str(tag.get("itemprop") or "").split()}
    if props & _METADATA_PROPS and tag.name not in ("a", "meta", "link", "time", "span"):
        return len(tag.get_text(" ", strip=True)) < _METADATA_TEXT_LIMIT
    names = _CAMEL_HUMP.sub(r"\1 \2", " ".join([*_strings(tag.get("class")), str(tag.get("id") or "")]))
    label = str(tag.get("aria-label") or "")  # "Share this article": its words name the furniture, not content
    named = bool(FURNITURE_NAMES.search(names)) and not _CONTENT_NAMES.search(names)
    if not named and not FURNITURE_NAMES.search(label):
        return False
    return len(tag.get_text(" ", strip=True)) < _FURNITURE_TEXT_LIMIT


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


# The article by extraction -------------------------------------------------------------


def reference_text(page: str) -> str:
    """trafilatura's article text for a page, one block a line; empty when it finds none."""
    import trafilatura  # imported here: it is slow to load and only pages need it

    text = trafilatura.extract(page, favor_precision=True, include_comments=False, include_tables=True)
    return text or ""


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)}


@dataclass(frozen=True)
class ArticleReference:
    """The article as an extractor found it: its lines, and for each shingle the lines it occurs on."""

    squashed: tuple[str, ...]
    """Each line's words run together: the extractor and the walk may space inline elements differently
    ("1medium shallot" against "1 medium shallot")."""
    line_shingles: tuple[int, ...]
    """How many distinct shingles each line has."""
    shingle_lines: dict[tuple[str, ...], tuple[int, ...]]
    words: int

    @classmethod
    def of(cls, text: str) -> ArticleReference:
        squashed: list[str] = []
        sizes: list[int] = []
        where: dict[tuple[str, ...], list[int]] = {}
        words = 0
        for number, line in enumerate(text.splitlines()):
            tokens = _WORD.findall(line.casefold())
            words += len(tokens)
            squashed.append("".join(tokens))
            grams = _shingles(tokens)
            sizes.append(max(1, len(grams)))
            for gram in grams:
                where.setdefault(gram, []).append(number)
        return cls(tuple(squashed), tuple(sizes), {g: tuple(n) for g, n in where.items()}, words)

    def covers(self, text: str) -> bool:
        """Whether ``text`` is article: most of its shingles on lines it mostly holds, or most of a line."""
        tokens = _WORD.findall(text.casefold())
        if not tokens:
            return True
        grams = _shingles(tokens)
        hits: dict[int, int] = {}
        for gram in grams:
            for line in self.shingle_lines.get(gram, ()):
                hits[line] = hits.get(line, 0) + 1
        held = sum(count for line, count in hits.items() if self._holds(count, self.line_shingles[line]))
        return (bool(grams) and held >= _BLOCK_SHARE * len(grams)) or self._holds_a_line("".join(tokens))

    @staticmethod
    def _holds(count: int, line_size: int) -> bool:
        """Whether a block holding ``count`` of a line's shingles holds the line (a run-on line: any part of it)."""
        return count >= _LINE_SHARE * line_size or line_size > _RUN_ON_LINE

    def _holds_a_line(self, block: str) -> bool:
        """Whether a block, words run together, is most of a line, or holds a line that is a third of it."""
        return any(
            (block in line and len(block) >= _LINE_SHARE * len(line))
            or (len(line) >= _MIN_SQUASHED_LINE and line in block and 3 * len(line) >= len(block))
            for line in self.squashed
        )


_MIN_SQUASHED_LINE = 12
"""Characters of a line a longer block must hold whole to count as holding it (not "Home" or "Share")."""


def select_article(
    events: Iterable[Event], reference: str, chosen: frozenset[int] = frozenset()
) -> tuple[tuple[Event, ...], bool]:
    """The events that are article by the reference, and whether it judged at all (long enough to trust).

    Events whose ``id`` is in ``chosen`` are the parts the listener asked for
    (``--include references``): they pass whatever the extractor thinks.
    Images pass (what is left out of them is the reader's choice, not the
    extractor's); FAQs, code and quotes pass (found by markup the extractor
    flattens or drops: a pull quote is read in place, as a quote).
    A heading the extractor dropped is kept when a block of its section is kept,
    or the heading after it is kept and is a subsection or nothing lies between
    them: it titles article text, as section headings do on pages the
    extractor reads as prose.
    """
    stream = tuple(events)
    article = ArticleReference.of(reference)
    if article.words < _MIN_REFERENCE_WORDS:
        return stream, False
    kept: list[Event] = []
    titled = False  # whether a block is kept between this event and the next heading
    empty = True  # whether there is no block at all between them
    for event in reversed(stream):  # a heading looks at what follows it
        if id(event) in chosen:
            kept.append(event)
            titled, empty = not isinstance(event, Heading), False
            continue
        if isinstance(event, Heading):
            next_heading = kept[-1] if kept and isinstance(kept[-1], Heading) else None
            subsection = next_heading is not None and next_heading.level > event.level
            if titled or subsection or (empty and next_heading is not None) or article.covers(event.text):
                kept.append(event)
            titled, empty = False, True
            continue
        empty = False
        block = _selected(event, article)
        if block is not None:
            kept.append(block)
            titled = True
    return _without_echoed_headings(tuple(reversed(kept))), True


_ECHO_WORDS = 8
"""A heading of this many words that a paragraph repeats word for word is a standfirst or a pull quote."""


def _without_echoed_headings(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """Headings that only repeat a sentence of the article's own text (a standfirst set as a heading)."""
    texts = [" ".join(_WORD.findall(e.text.casefold())) for e in events if isinstance(e, Paragraph)]
    article = "\n".join(texts)

    def echoes(event: Event) -> bool:
        words = _WORD.findall(event.text.casefold()) if isinstance(event, Heading) else []
        return len(words) >= _ECHO_WORDS and " ".join(words) in article

    return tuple(event for event in events if not echoes(event))


def _selected(block: Block, article: ArticleReference) -> Block | None:
    if isinstance(block, Paragraph):
        return block if article.covers(block.text) and not _SHORTCODE.fullmatch(block.text) else None
    if isinstance(block, ListBlock):
        items = tuple(item for item in (_selected_item(i, article) for i in block.items) if item is not None)
        if len(items) * 4 >= len(block.items) * 3:  # most of a list is the article: all of it is
            return block
        return ListBlock(items, block.ordered, block.start) if items else None
    if isinstance(block, Table):
        return block if article.covers(block_text(block)) else None
    return block


def _selected_item(item: ListItem, article: ArticleReference) -> ListItem | None:
    children = tuple(c for c in (_selected(c, article) for c in item.children) if isinstance(c, ListBlock))
    if article.covers(item.text) or children:
        return ListItem(item.text, children, item.links)
    return None


# What a listener may choose to hear -------------------------------------------------------

_REFERENCES_HEADING = re.compile(
    r"^(?:references|footnotes|notes and references|references and notes|citations|sources|bibliography"
    r"|works cited|einzelnachweise|anmerkungen|quellen|literatur|références|notes et références|referencias"
    r"|bibliografía|riferimenti|bibliografia|voetnoten|bronnen|referências)$",
    re.IGNORECASE,
)
_LINKS_HEADING = re.compile(
    r"^(?:external links|see also|further reading|links|weblinks|siehe auch|liens externes|voir aussi"
    r"|enlaces externos|véase también|collegamenti esterni|voci correlate|externe links|zie ook"
    r"|ligações externas|ver também)$",
    re.IGNORECASE,
)
_LINK_LIST_ITEMS = 3
"""A list of at least this many items, each nothing but a link, is a list of links rather than of points."""
_LABEL_WORDS = 4
_CAPTION_WORDS = 40
_LINK_LINE_LINKS = 2
_LINK_LINE_SHARE = 0.7
_HEADLINE_WORDS = 3
"""Words of a link that names another page (a headline), not a linked word of a sentence."""
"""A paragraph of two or more links that are this share of its text is a row of links ("Don't miss: A | B")."""
_CREDIT = re.compile(
    r"\s*(?:\(\s*)?(?:\b(?:photo|photograph|image|picture|foto|bild|video|credit|source|quelle)s?(?:\s+credits?)?"
    r"\s*:(?=\s*\w)|©|\(c\)|\bcopyright\b|\b(?:AP|AFP|Reuters|Getty) (?:Photo|Images)\b)[^()]*\)?\s*$",
    re.IGNORECASE,
)
"""A credit line at the end of a caption: "Photo: Hau Dinh, AP", "(Photo Credit : PTI)", "© Reuters / ..."."""
_PHOTO_CREDIT = re.compile(
    r"(?:\b(?:photo|photograph|image|picture|foto|bild)s?(?:\s+credits?)?|\bcredits?)\s*:(?=\s*\w)[^()]*\)?\s*$"
    r"|(?:©|\b(?:AP|AFP|Reuters) Photo\b|\bGetty Images\b)[^()]*\)?\s*$",
    re.IGNORECASE,
)
"""A photo's credit ending a short paragraph: the paragraph is a caption set as text, not prose."""


@dataclass(frozen=True)
class Chosen:
    """The events a listener hears of the parts they may choose, and what they do not hear."""

    events: tuple[Event, ...]
    included: frozenset[int]
    """``id`` of each kept event that belongs to a part brought back with ``--include``."""
    left_out: tuple[LeftOut, ...]


def leave_out(events: Iterable[Event], include: Iterable[str] = ()) -> Chosen:
    """The events without the parts not in ``include``, and how many of each kind were left out.

    Images (their descriptions and captions) are captions; sections headed
    "References", "Footnotes" and the like are references; sections headed
    "External links", "See also" and lists of bare links are links. Brought
    back, a caption loses its credit line. A page with no text but its
    pictures' keeps their captions: the article depends on them. What only
    announced a part left out goes with it: a heading with nothing else under
    it, a label such as "Don't miss" just before it.
    """
    stream = tuple(events)
    wanted = frozenset(include)
    if not any(isinstance(event, (Paragraph, ListBlock, Table, Quote, Faq)) for event in stream):
        wanted |= {"captions"}  # a page of pictures: their words are its text
    counts = dict.fromkeys(INCLUDABLE, 0)
    kept: list[Event] = []
    included: set[int] = set()
    section: tuple[str, int] | None = None  # the kind and level of a section of a part, while in it
    announcing: set[int] = set()  # headings over nothing but parts left out, so far
    for event in stream:
        previous = kept[-1] if kept else None
        if isinstance(event, Heading) and isinstance(previous, Heading) and id(previous) in announcing:
            kept = kept[:-1] if event.level <= previous.level else kept  # unless it heads a subsection
        if isinstance(event, Heading) and (section is None or event.level <= section[1]):
            kind = _section_kind(event.text)
            section = (kind, event.level) if kind else None
        elif section is None:
            kind = _block_kind(event) if not isinstance(event, Heading) else None
        else:
            kind = section[0]
        if kind is None:
            kept.append(event)
        elif kind in wanted:
            kept.append(_without_credit(event) if isinstance(event, (Image, Paragraph)) else event)
            included.add(id(kept[-1]))
        elif not isinstance(event, Heading):
            counts[kind] += _count(event)
            if kind == "links" and kept and _is_label(kept[-1]) and id(kept[-1]) not in included:
                kept.pop()
            if kept and isinstance(kept[-1], Heading):
                announcing.add(id(kept[-1]))
    if kept and id(kept[-1]) in announcing:
        kept.pop()
    left_out = tuple(LeftOut(kind, count) for kind, count in counts.items() if count)
    return Chosen(tuple(kept), frozenset(included), left_out)


def _is_label(event: Event) -> bool:
    """A short line without a sentence's end ("Don't miss", "Related:"): it names what follows."""
    if not isinstance(event, Paragraph):
        return False
    return len(event.text.split()) <= _LABEL_WORDS and not event.text.rstrip().endswith((".", "!", "?", "…"))


def _section_kind(heading: str) -> str | None:
    text = heading.strip().rstrip(":")
    if _REFERENCES_HEADING.match(text):
        return "references"
    return "links" if _LINKS_HEADING.match(text) else None


def _block_kind(block: Block) -> str | None:
    if isinstance(block, Image) and (block.alt or block.caption):
        return "captions"
    if isinstance(block, Paragraph) and len(block.text.split()) <= _CAPTION_WORDS and _PHOTO_CREDIT.search(block.text):
        return "captions"  # a caption set as a paragraph, known by its credit line
    headlines = [link for link in block.links if len(link.text.split()) >= _HEADLINE_WORDS] if isinstance(
        block, Paragraph
    ) else []
    if isinstance(block, Paragraph) and len(headlines) >= _LINK_LINE_LINKS:
        linked = sum(len(link.text) for link in headlines)
        return "links" if linked >= _LINK_LINE_SHARE * len(block.text) else None
    if (
        isinstance(block, ListBlock)
        and len(block.items) >= _LINK_LIST_ITEMS
        and all(not item.children and any(link.text == item.text for link in item.links) for item in block.items)
    ):
        return "links"
    return None


def _count(block: Block) -> int:
    return len(block.items) if isinstance(block, ListBlock) else 1


def _without_credit(block: Image | Paragraph) -> Image | Paragraph:
    if isinstance(block, Paragraph):
        return replace(block, text=_CREDIT.sub("", block.text).strip())
    return replace(block, alt=_CREDIT.sub("", block.alt).strip(), caption=_CREDIT.sub("", block.caption).strip())


# Bylines --------------------------------------------------------------------------------

_BYLINE_LABEL = re.compile(
    r"^\s*(?:by|von|par|por|written by|posted by|view all posts by|author|autor|auteur)\b\s*:?\s*",
    re.IGNORECASE,
)
_BYLINE_DATE = re.compile(
    r"\s*(?:[-|–—,•]\s*)?(?:(?:updated|published|posted)\s*:?\s*)?"
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b).*$",
    re.IGNORECASE,
)
_PLACE_TAIL = re.compile(r"(?:,\s*[A-Z][\w.-]+){2,}\s*$")
""""..., Hamburg, Germany": two or more one-word capitalised places after the author (names have two words)."""


_HANDLE = re.compile(r"(?:^|\s)@\w+")
"""A social-media handle printed beside the name ("Bryan DeArdo @BryanDeArdo")."""
_ACCOUNT_NAME = re.compile(r"^(?:\w*admin\w*|administrator|webmaster|root|user\d*)$", re.IGNORECASE)
"""A login name ("admin", "jdadmin") the page's software put where an author's name belongs."""


def clean_byline(text: str, site_name: str = "") -> str:
    """A byline as the listener should hear it: the names only, without "By", dates, places or the site's name.

    "By View all posts by Daniel Lemire" is "Daniel Lemire", "Von SPIEGEL
    ONLINE, Hamburg, Germany" is "SPIEGEL ONLINE", "By Justine Coleman -
    11/18/19 11:04 PM EST" is "Justine Coleman". The script says "by" once.
    """
    name = " ".join(text.split())
    while (stripped := _BYLINE_LABEL.sub("", name, count=1)) != name:
        name = stripped
    name = _PLACE_TAIL.sub("", _BYLINE_DATE.sub("", _HANDLE.sub("", name))).strip(" ,|-–—·")
    if site_name and name.casefold() != site_name.casefold():
        name = re.sub(rf"\s*[|,–—-]\s*{re.escape(site_name)}\s*$", "", name, flags=re.IGNORECASE)
    name = name.strip(" ,|-–—·")
    return "" if _ACCOUNT_NAME.match(name) else name

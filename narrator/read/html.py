"""The HTML reader: a saved page (or an HTML fragment) into a stream of headings and blocks.

A page is read in four steps: metadata (title, byline, language, schema.org
FAQs) from the untouched tree; chrome that is never article (scripts, hidden
content, navigation, page header and footer, cookie banners, share and
"related" blocks) is removed; the main-content element is located; and that
subtree is walked in document order into :class:`Heading` and block events.

The main content is located with trafilatura, a maintained extractor whose
text-density and boilerplate rules score well on article benchmarks: the
element of our own tree whose words best match its extraction (highest F1
over word tokens) is the one walked, and the walked blocks it did not keep
are dropped (``boilerplate.py``). trafilatura's XML output has structure too,
but mapping it to a document measured less precise than pruning our own walk,
which keeps heading levels, nested lists, tables with header cells, FAQs,
code languages and link addresses (docs/extraction.md).

Every walk is iterative or depth-guarded, so pathological nesting cannot
exhaust Python's recursion limit.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import warnings
from collections.abc import Iterable, Iterator

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from narrator.document import (
    Block,
    Code,
    Document,
    Faq,
    Image,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Table,
    code_span,
    formula_span,
)
from narrator.options import ReadOptions
from narrator.read.assemble import Event, Heading, Reading, is_question, normalise, question_text
from narrator.read.boilerplate import clean_byline, is_furniture, leave_out, reference_text, select_article

_NEVER_CONTENT = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "button",
        "input",
        "select",
        "option",
        "optgroup",
        "textarea",
        "datalist",
        "output",
        "progress",
        "meter",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "area",
        "dialog",
        "menu",
    }
)
"""Elements whose contents are never article text, wherever they are."""

_CHROME_TAGS = frozenset({"nav", "aside"})
_PULL_QUOTE = re.compile(r"(?:^|[-_\s])(?:pull-?quote|pullout|blockquote)(?:$|[-_\s])", re.I)
"""Class words of a quotation set apart inside the article: read as a quote in place, never as a heading."""
_SECTIONING = frozenset({"article", "main", "section", "aside", "nav", "blockquote", "details", "figure", "td"})
"""An ancestor that makes a ``header``/``footer`` belong to a part of the page rather than to the page."""

_FORM_PROSE = 500
"""A form with this many characters in paragraphs wraps the article (ASP.NET) rather than asking for input."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_CONTAINERS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "address",
        "center",
        "nav",
        "aside",
        "form",
        "fieldset",
        "legend",
        "hgroup",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "figcaption",
        "li",
        "dd",
        "dt",
        "body",
        "html",
        "summary",
        "search",
    }
)
_INLINE_BREAKS = frozenset(_BLOCK_CONTAINERS | {"br", "hr", "ul", "ol", "dl", "table", "pre", "blockquote"})
_CODE_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source|highlight|brush:?)-?\s*([\w+#.-]+)", re.I)
_SPACES = re.compile(r"\s+")
_ESCAPED_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")
_TITLE_SEPARATOR = r"\s+(?:[|\-–—·»]{1,2}|::)\s+"
_MAX_NESTING = 40
"""Structures (lists, quotes, answers) nested deeper than this are read as plain paragraphs."""
_INTERNAL_DTD = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!DOCTYPE[^\[>]*\[(?P<subset>.*?)\]\s*>", re.I | re.DOTALL
)
"""A DOCTYPE with an internal subset, where a DOCTYPE may be: first, after the XML declaration and comments."""
_ENTITY_DECLARATION = re.compile(r"<!ENTITY\s+(?!%)([\w.:-]+)", re.IGNORECASE)
MAX_ELEMENTS = 100_000
"""Elements read from one page; the rest is cut, with a note. The largest corpus page has 3,000; 100,000
simple paragraphs take about 12 s and 320 MB to read, and 4 million unclosed ``<div>`` tags would take minutes."""
MAX_DEPTH = 256
"""Nesting past this depth (libxml2's own limit; the deepest corpus page has 51) is read as its text alone."""
_START_TAG = re.compile(r"<[A-Za-z]")
_WORD = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")


def read_html(text: str, source: str = "", options: ReadOptions | None = None) -> Document:
    """Read a whole page into a document: main content only, with the page's metadata and schema.org FAQs."""
    options = options or ReadOptions()
    reading = read_page(text, options.include)
    return reading.assemble(source, options.keep_trailing or reading.end_judged)


def read_page(text: str, include: Iterable[str] = ()) -> Reading:
    """Find a page's metadata and main content, walk it into events and keep those that are article."""
    text, notes = _within_element_limit(_without_internal_dtd(text))
    soup = _soup(text)
    if _flatten_deep_elements(soup):
        notes += (f"Markup nested deeper than {MAX_DEPTH} levels was read as plain text.",)
    structured_faqs = (*_json_ld_faqs(soup), *_microdata_faqs(soup))
    title_candidates = _meta_titles(soup)
    page_h1s = [_inline(h1)[0] for h1 in soup.find_all("h1")]
    byline = _byline(soup)
    language = _language(soup)
    body = soup.body or soup
    _mark_code_and_formulas(body)
    _remove_chrome(body)
    reference = reference_text(str(soup))
    main = _main_content(body, reference)
    chosen = leave_out(_walk(main, depth=0), include)
    asked = _asking(chosen.events, structured_faqs)  # a visible question of the page's FAQPage is article
    events, judged = select_article(chosen.events, reference, chosen.included | asked)
    main_h1 = next((event.text for event in events if isinstance(event, Heading) and event.level == 1), "")
    return Reading(
        events=events,
        title=_title(title_candidates, _site_name(soup), main_h1, page_h1s),
        byline=byline,
        language=language,
        structured_faqs=structured_faqs,
        end_judged=judged,
        notes=notes,
        left_out=chosen.left_out,
    )


def _asking(events: Iterable[Event], faqs: Iterable[Faq]) -> frozenset[int]:
    """``id`` of each heading or paragraph that asks one of the schema.org ``faqs``."""
    questions = {normalise(question_text(faq.question)) for faq in faqs}
    return frozenset(
        id(event)
        for event in events
        if isinstance(event, (Heading, Paragraph)) and normalise(question_text(event.text)) in questions
    )


def html_events(fragment: str) -> list[Event]:
    """Walk an HTML fragment (a Markdown file's raw HTML block) into events; no chrome is removed but the hidden."""
    soup = _soup(fragment)
    root = soup.body or soup
    _mark_code_and_formulas(root)
    return list(_walk(root, depth=0))


# Parsing and its limits --------------------------------------------------------


def _soup(markup: str) -> BeautifulSoup:
    """The parsed tree of ``markup``; Beautiful Soup's warnings (an XHTML page "looks like XML", a fragment
    "looks like a URL") are about how it was called, not about the article, and are never shown."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BeautifulSoup(markup, "lxml")


def _without_internal_dtd(text: str) -> str:
    """The page without a DOCTYPE's internal subset, nor references to the entities it declares.

    An HTML parser does not read a DTD: the subset's ``]>`` would be read as
    text, and ``&xxe;`` said as "xxe". Entities are never expanded (no file is
    read, no alias bomb grows), so what they stand for is left out.
    """
    doctype = _INTERNAL_DTD.match(text)
    if doctype is None:
        return text
    names = _ENTITY_DECLARATION.findall(doctype["subset"])
    text = text[: doctype.start("subset") - 1] + text[doctype.end("subset") + 1 :]
    if not names:
        return text
    return re.sub(r"&(?:" + "|".join(re.escape(name) for name in names) + r");", "", text)


def _within_element_limit(text: str) -> tuple[str, tuple[str, ...]]:
    """The page up to its :data:`MAX_ELEMENTS`-th start tag, and a note when that cut it."""
    starts = _START_TAG.finditer(text)
    cut = next(itertools.islice(starts, MAX_ELEMENTS, None), None)
    if cut is None:
        return text, ()
    note = f"The page has more than {MAX_ELEMENTS:,} elements; only the part before element {MAX_ELEMENTS:,} was read."
    return text[: cut.start()], (note,)


def _flatten_deep_elements(soup: BeautifulSoup) -> bool:
    """Replace what is nested below :data:`MAX_DEPTH` with its text; whether there was any."""
    flattened = False
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        children = [child for child in tag.children if isinstance(child, Tag)]
        if depth < MAX_DEPTH:
            stack.extend((child, depth + 1) for child in children)
        elif children:
            text = tag.get_text(" ")
            tag.clear()
            tag.append(text)
            flattened = True
    return flattened


# Metadata --------------------------------------------------------------------


def _meta_content(soup: BeautifulSoup, *keys: str) -> str:
    """The first non-empty ``<meta>`` content whose name or property is one of ``keys``."""
    metas = soup.find_all("meta")  # one pass over the page, however many keys
    for key in keys:
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            for tag in metas:
                if str(tag.get(attribute) or "").casefold() == key.casefold():
                    content = _fold(str(tag.get("content") or ""))
                    if content:
                        return content
    return ""


def _meta_titles(soup: BeautifulSoup) -> list[str]:
    title_tag = soup.find("title")
    page_title = _fold(title_tag.get_text()) if isinstance(title_tag, Tag) else ""
    return [t for t in (_meta_content(soup, "og:title", "twitter:title"), page_title) if t]


def _site_name(soup: BeautifulSoup) -> str:
    return _meta_content(soup, "og:site_name", "application-name")


def _title(candidates: list[str], site_name: str, main_h1: str, page_h1s: list[str]) -> str:
    """The article's title: an ``h1`` the page title contains (the main one first), else the page title's head.

    A page without a title names itself by its first ``h1``, even when that lies outside the main content (a
    short page whose one paragraph is the best match for the extractor), so the heading is never lost.
    """
    for h1 in (main_h1, *page_h1s):
        if any(len(h1) * 3 >= len(title) and h1.casefold() in title.casefold() for title in candidates if h1):
            return h1
    if not candidates:
        return main_h1 or next((h1 for h1 in page_h1s if h1), "")
    return _without_site_name(candidates[0], site_name)


def _without_site_name(title: str, site_name: str) -> str:
    """Drop a " | Site" (or "Site - ") part: the site's own name, else a short tail after a separator."""
    if site_name:
        name = re.escape(site_name)
        pattern = rf"(?:{_TITLE_SEPARATOR})\s*{name}\s*$|^\s*{name}\s*(?:{_TITLE_SEPARATOR})"
        title = re.sub(pattern, "", title, flags=re.IGNORECASE).strip() or title
    title = title.rstrip(" |:-–—·»")
    while True:
        separators = list(re.finditer(_TITLE_SEPARATOR, title))
        if not separators:
            return title
        last = separators[-1]
        head, tail = title[: last.start()].strip(), title[last.end() :].strip()
        dash = last.group().strip() in ("-", "–", "—")  # dashes also join parts of real titles
        if len(tail.split()) > 4 or len(tail) > 40 or (dash and len(head) < len(tail)):
            return title
        title = head


def _language(soup: BeautifulSoup) -> str:
    html = soup.find("html")
    declared = str(html.get("lang") or html.get("xml:lang") or "") if isinstance(html, Tag) else ""
    declared = declared or _meta_content(soup, "content-language", "language", "og:locale", "dc.language")
    return declared.split(",")[0].strip().replace("_", "-")


def _byline(soup: BeautifulSoup) -> str:
    """The author as the page's metadata names them: meta author, JSON-LD author, rel/itemprop author."""
    site = _site_name(soup)
    author = _meta_content(soup, "author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
    if author and not author.startswith(("http://", "https://")) and clean_byline(author, site):
        return clean_byline(author, site)
    for data in _json_ld(soup):
        names = [clean_byline(_json_name(a), site) for a in _as_list(data.get("author"))]
        names = [n for n in names if n]
        if names:
            return ", ".join(dict.fromkeys(names))
    for tag in soup.select('[rel~="author"], [itemprop="author"]'):
        name = clean_byline(_fold(tag.get_text(" ")), site)
        if name and len(name) < 100:
            return name
    return ""


def _json_ld(soup: BeautifulSoup) -> Iterator[dict[str, object]]:
    """Every JSON-LD object on the page, however deeply nested (an FAQPage may be a Recipe's ``mainEntity``)."""
    for script in soup.find_all("script", attrs={"type": re.compile(r"^application/ld\+json", re.I)}):
        try:
            data = json.loads(script.get_text(), strict=False)
        except ValueError:
            continue  # a broken block is the page's problem, not the reader's
        pending = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                pending.extend(value for value in item.values() if isinstance(value, (list, dict)))
                yield item


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _json_name(value: object) -> str:
    if isinstance(value, str):
        return "" if value.startswith(("http://", "https://")) else _fold(value)
    if isinstance(value, dict):
        return _fold(str(value.get("name") or ""))
    return ""


def _has_type(item: dict[str, object], name: str) -> bool:
    return any(str(t).rsplit("/", 1)[-1] == name for t in _as_list(item.get("@type")))


def _json_ld_faqs(soup: BeautifulSoup) -> list[Faq]:
    """Questions and answers of schema.org ``FAQPage`` JSON-LD; answers may hold HTML."""
    faqs = []
    for item in _json_ld(soup):
        if not _has_type(item, "FAQPage"):
            continue
        for question in _as_list(item.get("mainEntity")):
            if not isinstance(question, dict):
                continue
            text = _fold(_soup(str(question.get("name") or "")).get_text(" "))
            answers = [a for a in _as_list(question.get("acceptedAnswer")) if isinstance(a, dict)]
            answer_html = " ".join(str(a.get("text") or "") for a in answers)
            if text:
                faqs.append(Faq(text, _answer_blocks(html_events(answer_html))))
    return faqs


def _microdata_faqs(soup: BeautifulSoup) -> list[Faq]:
    """Questions marked up with schema.org microdata (``itemtype=".../Question"``) anywhere on the page."""
    return [faq for tag in soup.select("[itemscope][itemtype]") if (faq := _microdata_faq(tag, 0))]


def _microdata_faq(tag: Tag, depth: int) -> Faq | None:
    if not _is_microdata(tag, "Question"):
        return None
    name = tag.select_one('[itemprop="name"]')
    answer = tag.select_one('[itemprop="acceptedAnswer"]')
    if not isinstance(name, Tag) or not isinstance(answer, Tag):
        return None
    question = _fold(str(name.get("content") or "")) or _inline(name)[0]
    text = answer.select_one('[itemprop="text"]')
    body = text if isinstance(text, Tag) else answer
    return Faq(question, _answer_blocks(_walk(body, depth + 1))) if question else None


def _is_microdata(tag: Tag, kind: str) -> bool:
    return tag.has_attr("itemscope") and str(tag.get("itemtype") or "").rstrip("/").endswith("schema.org/" + kind)


# Chrome and main content --------------------------------------------------------


def _is_hidden(tag: Tag) -> bool:
    return (
        tag.has_attr("hidden")
        or str(tag.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(str(tag.get("style") or "")))
        or (tag.name == "input" and str(tag.get("type") or "").lower() == "hidden")
    )


def _never_content(tag: Tag) -> bool:
    return tag.name in _NEVER_CONTENT or _is_hidden(tag)


def _is_chrome(tag: Tag) -> bool:
    """Page furniture: navigation, page header/footer, banners and link blocks, forms that hold no article."""
    name = tag.name
    if _is_pull_quote(tag):
        return False
    if name in _CHROME_TAGS:
        return True
    if name in ("header", "footer"):
        return tag.find_parent(_SECTIONING) is None
    if name == "form":  # ASP.NET pages wrap the whole page in one form
        return sum(len(p.get_text(" ", strip=True)) for p in tag.find_all("p")) < _FORM_PROSE
    return is_furniture(tag)


def _is_pull_quote(tag: Tag) -> bool:
    """A quotation set apart inside the article (``<aside class="pullquote">``), not an aside of the page."""
    words = " ".join(_as_strings(tag.get("class")))
    return tag.name != "blockquote" and bool(_PULL_QUOTE.search(words))


def _as_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _is_question_button(tag: Tag) -> bool:
    """An accordion's button that shows a question (``<button class="faq__question">``): the question is read."""
    return tag.name == "button" and not _is_hidden(tag) and is_question(_fold(tag.get_text(" ")))


def _remove_chrome(root: Tag) -> None:
    """Take everything that is never article out of the tree, outermost first."""
    doomed = []
    pending = [root]
    while pending:
        for child in pending.pop().children:
            if isinstance(child, Tag):
                if (_never_content(child) and not _is_question_button(child)) or _is_chrome(child):
                    doomed.append(child)
                else:
                    pending.append(child)
    for tag in doomed:
        tag.decompose()


def _main_content(body: Tag, reference: str) -> Tag:
    """The element whose words best match the extractor's article text; the whole body when it found nothing."""
    wanted_tokens = _tokens(reference or "")
    if len(wanted_tokens) < 20:
        return body
    wanted = set(wanted_tokens)
    matched: dict[int, int] = {}
    total: dict[int, int] = {}
    for string in body.find_all(string=True):
        if type(string) is NavigableString and string.parent is not None:
            tokens = _tokens(string)
            key = id(string.parent)
            matched[key] = matched.get(key, 0) + sum(token in wanted for token in tokens)
            total[key] = total.get(key, 0) + len(tokens)
    elements = [body, *body.find_all(True)]
    for element in reversed(elements):  # children before parents
        parent = element.parent
        if element is not body and parent is not None:
            matched[id(parent)] = matched.get(id(parent), 0) + matched.get(id(element), 0)
            total[id(parent)] = total.get(id(parent), 0) + total.get(id(element), 0)

    def f1(element: Tag) -> float:
        return 2 * matched.get(id(element), 0) / (total.get(id(element), 0) + len(wanted_tokens))

    return max(elements, key=f1)


def _tokens(text: str) -> list[str]:
    """Word tokens for matching texts: words, and single characters of scripts written without spaces."""
    return _WORD.findall(text.casefold())


# Inline code and formulas -------------------------------------------------------

_TEX_SCRIPT = re.compile(r"^math/tex\b", re.IGNORECASE)
_FLAT_MATHML = frozenset({"semantics", "mrow", "mi", "mo", "mn", "mtext", "mspace", "mstyle"})
"""MathML elements whose text reads as written: a formula of these alone (``x = 2``) is read from its text."""
_MAX_FORMULA_WRAPPERS = 4


def _mark_code_and_formulas(root: Tag) -> None:
    """Write inline code and formulas into the text in the document's notation, before hidden parts are removed.

    A formula's text is a MathJax ``math/tex`` script (whose rendering beside it
    is dropped), its MathML ``alttext`` or TeX annotation, else the text of a flat formula (no fractions,
    powers or roots, whose text would misread them); any other formula is kept
    as an empty one, said as "formula". The formula replaces the wrappers that
    hold nothing else (Wikipedia hides the MathML and shows an ``aria-hidden``
    image), so it is read once, where it stands in its sentence.
    """
    for script in root.find_all("script", attrs={"type": _TEX_SCRIPT}):
        for rendered in script.find_previous_siblings(limit=2):  # MathJax 2's rendering and preview of this TeX
            if isinstance(rendered, Tag) and any(c.startswith("MathJax") for c in _as_strings(rendered.get("class"))):
                rendered.decompose()
        script.replace_with(NavigableString(formula_span(script.get_text())))
    for math in root.find_all("math"):
        if math.parent is None:
            continue  # inside a formula already replaced
        alttext = str(math.get("alttext") or "")
        annotation = math.find("annotation", attrs={"encoding": re.compile("tex", re.IGNORECASE)})
        tex = alttext or (annotation.get_text() if isinstance(annotation, Tag) else "")
        if not tex and all(element.name in _FLAT_MATHML for element in math.find_all(True)):
            tex = math.get_text(" ")
        _formula_wrapper(math).replace_with(NavigableString(formula_span(tex)))
    for code in root.find_all("code"):
        if code.parent is not None and not _never_content(code) and code.find_parent("pre") is None:
            code.replace_with(NavigableString(code_span(code.get_text())))


def _formula_wrapper(math: Tag) -> Tag:
    """The outermost inline element around ``math`` that holds no other text (a few levels up at most)."""
    text = math.get_text(strip=True)
    wrapper = math
    for _ in range(_MAX_FORMULA_WRAPPERS):
        parent = wrapper.parent
        if parent is None or parent.name in _INLINE_BREAKS or parent.get_text(strip=True) != text:
            break
        wrapper = parent
    return wrapper


# The walk ------------------------------------------------------------------------


class _Inline:
    """Running inline text and its links, until a block boundary turns it into paragraphs."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.links: list[Link] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def link(self, start: int, href: str) -> None:
        text = _fold("".join(self.parts)[start:])
        if text and href:
            self.links.append(Link(text, href))

    def flush(self, owner: Tag | None) -> list[Paragraph]:
        """The text so far as paragraphs, in the language ``owner`` (the element it is in) is marked with."""
        raw = "".join(self.parts)
        links = self.links
        self.parts, self.length, self.links = [], 0, []
        paragraphs = []
        for chunk in _PARAGRAPH_BREAK.split(raw):
            text = _fold(chunk)
            if text:
                language = _marked_language(owner)
                paragraphs.append(Paragraph(text, tuple(link for link in links if link.text in text), language))
        return paragraphs


def _marked_language(tag: Tag | None) -> str:
    """The ``lang`` of an element or of its nearest ancestor that has one, when it is not the page's own."""
    marked = ""
    while tag is not None:
        if tag.name == "html":
            return "" if marked.lower() == _lang(tag).lower() else marked
        marked = marked or _lang(tag)
        tag = tag.parent
    return marked


def _lang(tag: Tag) -> str:
    return str(tag.get("lang") or tag.get("xml:lang") or "").strip()


def _walk(root: Tag, depth: int) -> Iterator[Event]:
    """Events for ``root``'s content in document order; containers are walked with an explicit stack."""
    return _walk_nodes(root.children, root, depth)


def _walk_nodes(nodes: Iterable[object], parent: Tag, depth: int) -> Iterator[Event]:
    """Events for a run of ``parent``'s children; a question on an accordion's button takes the siblings after it."""
    inline = _Inline()
    stack: list[tuple[Iterator[object], Tag | None, int]] = [(iter(nodes), None, -1)]
    while stack:
        children, owner, link_start = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if owner is not None and owner.name == "a":
                inline.link(link_start, str(owner.get("href") or ""))
            elif owner is not None and owner.name in _BLOCK_CONTAINERS:
                yield from inline.flush(owner)
            continue
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                inline.add(str(child))
            continue
        if isinstance(child, Tag) and _is_question_button(child) and depth < _MAX_NESTING:
            yield from inline.flush(owner or parent)
            answer = _walk_nodes(list(children), owner or parent, depth + 1)
            yield Faq(question_text(_fold(child.get_text(" "))), _answer_blocks(answer))
            continue
        if not isinstance(child, Tag) or _never_content(child):
            continue
        structure = _structure(child, depth)
        if structure is not None:
            yield from inline.flush(stack[-1][1] or parent)
            yield from structure
        elif child.name == "br":
            inline.add("\n")
        elif child.name == "hr":
            yield from inline.flush(stack[-1][1] or parent)
        else:
            if child.name in _BLOCK_CONTAINERS:
                yield from inline.flush(stack[-1][1] or parent)
            stack.append((iter(child.children), child, inline.length))
    yield from inline.flush(parent)


def _structure(tag: Tag, depth: int) -> list[Event] | None:
    """The events of a structural element (heading, list, table, ...); ``None`` for containers and inline."""
    name = tag.name
    level = _HEADINGS.get(name) or _aria_heading_level(tag)
    if level:
        text = _inline(tag)[0] or _fold(tag.get_text(" "))  # an accordion's heading holds its question in a button
        return [Heading(level, text)] if text else []
    if depth >= _MAX_NESTING:
        return None
    if _is_microdata(tag, "Question"):
        faq = _microdata_faq(tag, depth)
        return [faq] if faq else None
    if name in ("ul", "ol"):
        return [_list(tag, depth)]
    if name == "img":
        return [_image(tag, caption="")]
    if name == "pre":
        return _preformatted(tag)
    if name == "blockquote" or _is_pull_quote(tag):
        return [_quote(tag, depth)]
    if name == "table":
        table = _data_table(tag)
        return [table] if table else None
    if name == "figure":
        return _figure(tag)
    if name == "details":
        return _details(tag, depth)
    if name == "dl":
        return _definition_list(tag, depth)
    return None


def _aria_heading_level(tag: Tag) -> int:
    if str(tag.get("role") or "") != "heading":
        return 0
    level = str(tag.get("aria-level") or "2")
    return min(int(level), 6) if level.isdigit() and int(level) > 0 else 2


def _inline(root: Tag, skip: frozenset[str] = frozenset()) -> tuple[str, tuple[Link, ...]]:
    """The folded text of an element and its links, leaving out hidden parts and elements named in ``skip``."""
    parts: list[str] = []
    links: list[Link] = []
    stack: list[tuple[Iterator[object], Tag | None, int]] = [(iter(root.children), None, 0)]
    while stack:
        children, owner, start = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if owner is not None and owner.name == "a" and owner.get("href"):
                text = _fold("".join(parts[start:]))
                if text:
                    links.append(Link(text, str(owner["href"])))
            continue
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                parts.append(str(child))
        elif isinstance(child, Tag) and not _never_content(child) and child.name not in skip:
            if child.name in _INLINE_BREAKS:
                parts.append(" ")
            if child.name == "img" and child.get("alt"):
                parts.append(f" {child['alt']} ")
            stack.append((iter(child.children), child, len(parts)))
    return _fold("".join(parts)), tuple(links)


def _list(tag: Tag, depth: int) -> ListBlock:
    """A list and the lists nested in its items; past ``_MAX_NESTING`` nested lists join their item's text."""
    deep = depth + 1 >= _MAX_NESTING
    items = []
    for item in tag.find_all("li", recursive=False) or [tag]:
        text, links = _inline(item, skip=frozenset() if deep else frozenset({"ul", "ol"}))
        nested = () if deep else tuple(_list(sub, depth + 1) for sub in _outermost(item, ("ul", "ol")))
        if text or nested:
            items.append(ListItem(text, nested, links))
    start = str(tag.get("start") or "1")
    return ListBlock(tuple(items), ordered=tag.name == "ol", start=int(start) if start.isdigit() else 1)


def _outermost(root: Tag, names: tuple[str, ...]) -> Iterator[Tag]:
    """Descendants named ``names`` that are not inside another such descendant, in order."""
    stack = list(reversed([c for c in root.children if isinstance(c, Tag)]))
    while stack:
        tag = stack.pop()
        if _never_content(tag):
            continue
        if tag.name in names:
            yield tag
        else:
            stack.extend(reversed([c for c in tag.children if isinstance(c, Tag)]))


def _image(tag: Tag, caption: str) -> Image:
    src = str(tag.get("src") or tag.get("data-src") or "")
    return Image(_fold(str(tag.get("alt") or "")), src, caption)


def _preformatted(tag: Tag) -> list[Event]:
    """Code keeps its lines; a ``pre`` of plain prose (an RFC, a poem) is read as paragraphs."""
    text = tag.get_text().strip("\n")
    if not text.strip():
        return []
    code = tag.find("code")
    language = _code_language(tag) or (_code_language(code) if isinstance(code, Tag) else "")
    if code is None and not language and _is_prose(text):
        return [Paragraph(_fold(chunk)) for chunk in _PARAGRAPH_BREAK.split(text) if chunk.strip()]
    return [Code(text, language)]


def _code_language(tag: Tag) -> str:
    for value in (tag.get("data-lang"), tag.get("data-language")):
        if value:
            return str(value).lower()
    match = _CODE_LANGUAGE.search(" ".join(_as_strings(tag.get("class"))))
    return match.group(1).lower() if match else ""


_CODE_SYMBOLS = frozenset("{}[]();=<>|&$\\*#@~^`_")
_PROSE_LINE = re.compile(r"(?:[^\W\d_]{2,}\W+){4}[^\W\d_]{2,}")
"""Five words in a row: a line of a sentence, where code has names between symbols."""


def _is_prose(text: str) -> bool:
    """Preformatted prose (a plain-text RFC, a poem): at least 30 words, and a third of its lines are runs of words
    with at most one code symbol; SQL, shell sessions and program code have few such lines (at most a tenth on the
    corpus), an RFC's pages mostly a half or more, its HTTP examples and references included."""
    lines = [line for line in text.splitlines() if line.strip()]
    prose = [line for line in lines if _PROSE_LINE.search(line) and sum(ch in _CODE_SYMBOLS for ch in line) <= 1]
    return len(text.split()) > 30 and len(prose) * 3 >= len(lines)


def _quote(tag: Tag, depth: int) -> Quote:
    attribution = ""
    cite = tag.find(["footer", "cite"], recursive=False)
    if isinstance(cite, Tag):
        attribution = _inline(cite)[0].lstrip("—–- ")
        cite.extract()
    return Quote(_answer_blocks(_walk(tag, depth + 1)), attribution)


def _data_table(tag: Tag) -> Table | None:
    """A table of data (header cells, or a plain grid of short cells); ``None`` for a layout table."""
    if str(tag.get("role") or "").lower() in ("presentation", "none") or tag.find("table"):
        return None
    rows = [row for row in tag.find_all("tr") if row.find_parent("table") is tag]
    grid = [list(row.find_all(["td", "th"], recursive=False)) for row in rows]
    grid = [cells for cells in grid if cells]
    if not grid:
        return None
    has_header = tag.find("th") is not None or tag.find("thead") is not None
    is_grid = len(grid) >= 2 and max(map(len, grid)) >= 2
    holds_blocks = tag.find(["p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"]) is not None
    if not has_header and (not is_grid or holds_blocks):
        return None
    texts = [tuple(_inline(cell)[0] for cell in cells) for cells in grid]
    first_is_header = all(cell.name == "th" for cell in grid[0]) or grid[0][0].find_parent("thead") is not None
    header, body = (texts[0], texts[1:]) if first_is_header else ((), texts)
    caption_tag = tag.find("caption")
    caption = _inline(caption_tag)[0] if isinstance(caption_tag, Tag) else ""
    return Table(header, tuple(body), caption)


def _figure(tag: Tag) -> list[Event] | None:
    images = [img for img in tag.find_all("img") if not any(_never_content(p) for p in img.parents if p is not tag)]
    if len(images) != 1:
        return None
    caption_tag = tag.find("figcaption")
    caption = _inline(caption_tag)[0] if isinstance(caption_tag, Tag) else ""
    return [_image(images[0], caption)]


def _details(tag: Tag, depth: int) -> list[Event] | None:
    """A ``<details>`` whose summary is a question is an FAQ; any other is read as its summary and content."""
    summary = tag.find("summary")
    question = _inline(summary)[0] if isinstance(summary, Tag) else ""
    if not is_question(question) and not _in_faq_context(tag):
        return None
    if isinstance(summary, Tag):
        summary.extract()
    return [Faq(question, _answer_blocks(_walk(tag, depth + 1)))] if question else None


def _definition_list(tag: Tag, depth: int) -> list[Event] | None:
    """A ``<dl>`` whose terms are questions is a list of FAQs; other definition lists read as term, then text."""
    pairs: list[tuple[str, list[Tag]]] = []
    for child in _outermost(tag, ("dt", "dd")):
        if child.name == "dt":
            pairs.append((_inline(child)[0], []))
        elif pairs:
            pairs[-1][1].append(child)
    if not pairs:
        return None
    questions = sum(is_question(term) for term, _ in pairs)
    as_faq = questions * 2 > len(pairs) or _in_faq_context(tag)
    events: list[Event] = []
    for term, definitions in pairs:
        answer = _answer_blocks(event for dd in definitions for event in _walk(dd, depth + 1))
        if as_faq:
            events.append(Faq(term, answer))
        else:
            events.extend([Paragraph(term), *answer] if term else answer)
    return events


def _in_faq_context(tag: Tag) -> bool:
    """The element or one of its three nearest ancestors is named as an FAQ (``class="faq"``, ``id="faqs"``)."""
    for element in (tag, *list(tag.parents)[:3]):
        names = " ".join([*_as_strings(element.get("class")), str(element.get("id") or "")])
        if re.search(r"faq", names, re.IGNORECASE):
            return True
    return False


def _answer_blocks(events: Iterable[Event]) -> tuple[Block, ...]:
    """Blocks for a quote or an answer: headings inside them are read as plain paragraphs."""
    return tuple(Paragraph(event.text) if isinstance(event, Heading) else event for event in events)


def _fold(text: str) -> str:
    """White space folded, and entities a page escaped twice ("Trump&amp;#39;s" shows as "Trump&#39;s") decoded."""
    if "&" in text:
        text = _ESCAPED_ENTITY.sub(lambda entity: html.unescape(entity.group()), text)
    return _SPACES.sub(" ", text).strip()

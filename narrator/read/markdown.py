"""Markdown into the reader stream: headings and blocks, plus the title, language and byline of its front matter.

Parsing is markdown-it-py (CommonMark) with the table, footnote and
definition-list extensions. What site generators leave in Markdown source is
cleaned before parsing, outside code: Hugo shortcodes become code fences
(``code-toggle``, ``highlight``) or vanish, Go template directives vanish
(``{{raw `...`}}`` keeps its HTML), and heading IDs ``{#id}`` and kramdown
markers ``{:toc}`` are never spoken. Raw HTML blocks go through the HTML
reader's fragment reader. Footnote references leave no mark in the text; the
footnotes themselves are read at the end, as a "Footnotes" section holding a
numbered list, so a listener hears each note once, after the article.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from narrator.document import (
    Block,
    Code,
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
from narrator.read.assemble import Event, Heading, Reading, footnotes_heading, is_question, question_text


def read_markdown(text: str) -> Reading:
    """Read Markdown source (front matter allowed) into headings, blocks and metadata."""
    metadata, body = split_front_matter(text)
    parser = _parser()
    tokens = parser.parse(strip_templates(body))
    tree = SyntaxTreeNode(tokens)
    reader = _BlockReader()
    events = list(reader.read(tree.children))
    language = _language(metadata)
    if reader.footnotes:
        heading = Heading(_footnotes_level(events), footnotes_heading(language))
        events += [heading, ListBlock(tuple(reader.footnotes), ordered=True)]
    title = _inline_text(parser, _scalar(metadata.get("title")))
    return Reading(
        tuple(events),
        title=title,
        language=language,
        byline=_byline(metadata),
        notes=_cut_notes(tokens, parser.options["maxNesting"]),
    )


def _cut_notes(tokens: Sequence[Token], limit: int) -> tuple[str, ...]:
    """A note when markdown-it's nesting guard (``limit`` levels) cut lists or quotes: it drops what is inside."""
    if any(token.nesting == 1 and token.level >= limit - 1 for token in tokens):
        return (f"Lists or quotes nested deeper than {limit - 1} levels were cut: the text inside them is not read.",)
    return ()


# Front matter -------------------------------------------------------------------

_METADATA_LINE = re.compile(r"\A\s*[\w-]+\s*:")
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n(?:\1|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


MAX_FRONT_MATTER_CHARACTERS = 64_000
"""Front matter longer than this is removed unread: real metadata is a few hundred characters."""
MAX_METADATA_CHARACTERS = 1_000
"""A title, language or author name longer than this is cut: it is metadata, not text to read."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML (``---``) or TOML (``+++``) metadata at the top, and the Markdown after it.

    Broken front matter is still removed, since it is never content; but text
    between two ``---`` lines that is not metadata at all (a rule, a setext
    heading) is left as Markdown. YAML aliases make the front matter broken:
    nine levels of nine-fold aliases expand to gigabytes when a value is read.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fence, raw = match.groups()
    if len(raw) > MAX_FRONT_MATTER_CHARACTERS:
        data: object = None
    else:
        data = _toml(raw) if fence == "+++" else _yaml(raw)
    if not isinstance(data, dict) and fence == "---" and not _METADATA_LINE.match(raw):
        return {}, text
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def _toml(raw: str) -> object:
    """TOML front matter, ``None`` when broken; the parser is imported only for it."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError:
        return None


def _yaml(raw: str) -> object:
    """YAML front matter, ``None`` when broken or using aliases; the parser is imported only for it (10 ms)."""
    import yaml

    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(raw, Loader=yaml.SafeLoader)):
            return None
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return None


def _scalar(value: object) -> str:
    """A metadata value as text: only strings and numbers count (a list or a mapping is not a title), cut to
    :data:`MAX_METADATA_CHARACTERS`."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return str(value)[:MAX_METADATA_CHARACTERS].strip()


def _language(metadata: dict[str, Any]) -> str:
    for key in ("lang", "language", "languageCode", "locale"):
        value = _scalar(metadata.get(key))
        if value and isinstance(metadata.get(key), str):
            return value.replace("_", "-")
    return ""


def _byline(metadata: dict[str, Any]) -> str:
    for key in ("author", "authors", "by"):
        value = metadata.get(key)
        names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        names = [_scalar(name) for name in names if isinstance(name, str) and name.strip()]
        if names:
            return ", ".join(names)
    return ""


# Site-generator templates ---------------------------------------------------------

_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RAW_TEMPLATE = re.compile(r"\{\{-?\s*raw\s+`(.*?)`\s*-?\}\}", re.DOTALL)
_CODE_SHORTCODE = re.compile(
    r"\{\{[<%]\s*(code-toggle|highlight|code)\b([^}]*?)/?\s*[>%]\}\}(.*?)\{\{[<%]\s*/\1\s*[>%]\}\}", re.DOTALL
)
_CODE_SPAN_OR_TEMPLATE = re.compile(r"(`+)(?:.+?)\1|\{\{.*?\}\}|\{/\*.{0,1000}?\*/\}", re.DOTALL)
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w.-]+)(.*?)/?\s*[>%]\}\}", re.DOTALL)
_SHORTCODE_ARGUMENT = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|'([^']*)'|(\S+)""")
_SPOKEN_PARAMETERS = frozenset({"title", "alt", "caption", "text", "name", "label"})
_CONTAINER_FENCE = re.compile(r"^ {0,3}:{3,}[ \t]*(?P<kind>[A-Za-z][\w-]*)?[ \t]*(?P<title>.*?)[ \t]*$", re.MULTILINE)
"""A Docusaurus or VuePress container line: ``:::note Title`` opens one, ``:::`` closes it."""
_ADMONITIONS = frozenset({"note", "tip", "info", "important", "warning", "caution", "danger"})
_MDX_ESM = re.compile(
    r"""^(?:import\s+(?:[\w*{}\s,$]+?\s+from\s+)?["'][^"'\n]+["']|export\s+(?:default|const|let|var|function|async|class)\b"""
    r"|export\s*[{*])[^\n]*(?:\n[^\S\n]*\S[^\n]*)*",
    re.MULTILINE,
)
"""MDX import and export statements: from a line that starts one to the next blank line."""
_KRAMDOWN_TOC = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)])[ \t].*\n[ \t]*\{:\s*toc\s*\}[ \t]*$", re.MULTILINE)
"""A kramdown table of contents: a one-item list the generator replaces with the headings."""


def strip_templates(markdown: str) -> str:
    """Remove Hugo shortcodes and Go template directives outside fenced code; keep code shortcodes as fences."""
    return "".join(
        chunk if in_fence else _strip_templates_in_prose(chunk) for in_fence, chunk in _fence_chunks(markdown)
    )


def _fence_chunks(markdown: str) -> Iterator[tuple[bool, str]]:
    """The text split into runs outside and inside fenced code blocks."""
    chunk: list[str] = []
    fence = ""
    for line in markdown.splitlines(keepends=True):
        match = _FENCE_LINE.match(line)
        if not fence and match:
            yield False, "".join(chunk)
            chunk, fence = [line], match.group(1)
        elif fence and match and match.group(1).startswith(fence) and not line.strip().strip(fence[0]):
            chunk.append(line)
            yield True, "".join(chunk)
            chunk, fence = [], ""
        else:
            chunk.append(line)
    yield bool(fence), "".join(chunk)


def _strip_templates_in_prose(text: str) -> str:
    text = _RAW_TEMPLATE.sub(lambda m: m.group(1), text)
    text = _CODE_SHORTCODE.sub(_shortcode_fence, text)
    text = _KRAMDOWN_TOC.sub("", text)
    text = _CONTAINER_FENCE.sub(_container_title, text)
    text = _MDX_ESM.sub("", text)
    return _CODE_SPAN_OR_TEMPLATE.sub(_template_words, text)


def _template_words(match: re.Match[str]) -> str:
    """A code span as it is; a shortcode inside a sentence by its name and what it says; other templates gone.

    A shortcode alone on its line opens or closes a block (whose content is
    read) or stands for content from elsewhere, and one in a link address or
    attribute stands for an address: neither leaves words.
    """
    written = match.group(0)
    if written.startswith("`"):
        return written
    shortcode = _SHORTCODE.fullmatch(written)
    if shortcode is None or shortcode.group(2):
        return ""
    if shortcode.group(3) == "figure":
        return _figure(shortcode.group(4))
    text = match.string
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    alone = not (text[line_start : match.start()] + text[match.end() : None if line_end < 0 else line_end]).strip()
    if alone or text[max(0, match.start() - 1) : match.start()] in ("(", '"', "'", "="):
        return ""
    return " ".join([_spoken_name(shortcode.group(3)), *_spoken_arguments(shortcode.group(4))])


def _figure(arguments: str) -> str:
    """Hugo's ``figure`` shortcode as the HTML figure it renders, so it is read as an image with its caption."""
    values = {
        match[1].lower(): next(value for value in match.groups()[1:4] if value is not None)
        for match in _SHORTCODE_ARGUMENT.finditer(arguments)
        if match[1] is not None
    }
    image = f'<img src="{html.escape(values.get("src", ""))}" alt="{html.escape(values.get("alt", ""))}">'
    caption = html.escape(values.get("caption") or values.get("title") or "")
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"


def _container_title(match: re.Match[str]) -> str:
    """An admonition's opening line as its kind and title ("Note:", "Warning: Title."); other fence lines vanish."""
    kind, title = (match["kind"] or "").lower(), match["title"].strip("[] ")
    if title.startswith("{"):  # Pandoc's fenced div: ::: {.warning #id}
        kind, title = next(iter(re.findall(r"\.([\w-]+)", title)), kind).lower(), ""
    if title and title[-1].isalnum():
        title += "."
    if kind in _ADMONITIONS:
        return f"{kind.capitalize()}: {title}" if title else f"{kind.capitalize()}:"
    return title


def _spoken_arguments(arguments: str) -> Iterator[str]:
    """A shortcode's arguments that are words: quoted ones (a path by its last part), titles and captions, versions."""
    for argument in _SHORTCODE_ARGUMENT.finditer(arguments):
        key, *values = argument.groups()
        named = next((value for value in values[:3] if value is not None), None)
        if key is not None and named is not None:
            if key.lower() in _SPOKEN_PARAMETERS:
                yield named
        elif (quoted := values[3] if values[3] is not None else values[4]) is not None:
            yield _spoken_name(quoted.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]) if "/" in quoted else quoted
        elif re.fullmatch(r"[\d.]+|[a-z]+", values[5] or ""):
            yield values[5]


def _spoken_name(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("_", " ").split())


def _shortcode_fence(match: re.Match[str]) -> str:
    name, arguments, body = match.groups()
    if name == "code-toggle":
        language = "toml"
    else:
        named = re.search(r"lang\s*=\s*\"?([\w+-]+)", arguments)
        words = arguments.split()
        language = named.group(1) if named else (words[0] if words and "=" not in words[0] else "")
    return f"```{language}{body}```"


# Blocks ---------------------------------------------------------------------------

_HEADING_ATTRIBUTES = re.compile(r"\s*\{[#.:][^{}]*\}\s*$")
_KRAMDOWN_MARKER = re.compile(r"\{:[^{}]*\}")
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.IGNORECASE)
_QUOTE_ATTRIBUTION = re.compile(r"^(?P<quote>.*[\"”])\s+(?:--|—|―)\s*(?P<by>\S.{0,150})$", re.DOTALL)
_ATTRIBUTION_LINE = re.compile(r"^(?:--|—|―)\s*(?P<by>\S.{0,150})$")
_HTML_COMMENT_ONLY = re.compile(r"\A\s*(?:<!--.*?-->\s*)+\Z", re.DOTALL)
_DETAILS_OPEN = re.compile(r"<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).use(deflist_plugin)
    # $x$ and $$x$$ as GitHub reads them: "$5 and $10" and "$HOME and $PATH" are not formulas
    return parser.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True)


@dataclass
class _BlockReader:
    """Walks markdown-it's syntax tree and yields the stream; collects footnotes on the way."""

    footnotes: list[ListItem] = field(default_factory=list)

    def read(self, nodes: Sequence[SyntaxTreeNode]) -> Iterator[Event]:
        index = 0
        while index < len(nodes):
            node = nodes[index]
            end = _details_end(nodes, index) if node.type == "html_block" else None
            if end is not None:
                yield from self._details(node.content, nodes[index + 1 : end])
                index = end + 1
                continue
            yield from self._node(node)
            index += 1

    def blocks(self, nodes: Sequence[SyntaxTreeNode]) -> list[Block]:
        """Only the blocks of some nodes: headings inside quotes or answers are read as paragraphs."""
        return [Paragraph(e.text) if isinstance(e, Heading) else e for e in self.read(nodes)]

    def _node(self, node: SyntaxTreeNode) -> Iterator[Event]:
        kind = node.type
        if kind == "heading":
            text = _HEADING_ATTRIBUTES.sub("", _Inline.of(node).text)
            if text:
                yield Heading(int(node.tag[1]), text)
        elif kind == "paragraph":
            yield from _Inline.of(node).blocks()
        elif kind in ("bullet_list", "ordered_list"):
            yield from self._list(node)
        elif kind == "math_block" or (kind == "fence" and node.info.strip().lower() == "math"):
            yield Paragraph(formula_span(node.content))
        elif kind in ("fence", "code_block"):
            yield Code(node.content.rstrip("\n"), (node.info or "").split(" ")[0].strip("{}"))
        elif kind == "blockquote":
            yield from _quote(self.blocks(node.children))
        elif kind == "table":
            yield _table(node)
        elif kind == "dl":
            yield from self._definitions(node)
        elif kind == "html_block":
            yield from _html_events(node.content)
        elif kind == "footnote_block":
            self.footnotes += [ListItem(_joined(self.blocks(note.children))) for note in node.children]

    def _list(self, node: SyntaxTreeNode) -> Iterator[Block]:
        """A list; blocks a list item holds besides text and lists (code, say) follow the list, which resumes after."""
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        items: list[ListItem] = []
        for item in node.children:
            text_parts: list[Paragraph] = []
            children: list[ListBlock] = []
            lifted: list[Block] = []
            for block in self.blocks(item.children):
                if isinstance(block, Paragraph):
                    text_parts.append(block)
                elif isinstance(block, ListBlock) and not lifted:
                    children.append(block)
                else:
                    lifted.append(block)
            links = tuple(link for part in text_parts for link in part.links)
            items.append(ListItem(_joined(text_parts), tuple(children), links))
            if lifted:
                yield ListBlock(tuple(items), ordered, start)
                yield from lifted
                start += len(items)
                items = []
        if items:
            yield ListBlock(tuple(items), ordered, start)

    def _definitions(self, node: SyntaxTreeNode) -> Iterator[Block]:
        """Terms that are questions become FAQs; other terms lead their definition: "term: definition"."""
        term = ""
        definitions: list[Block] = []
        for child in [*node.children, None]:
            if child is not None and child.type == "dd":
                definitions += self.blocks(child.children)
                continue
            if term:
                yield from _definition(term, definitions)
            if child is not None:
                term, definitions = _Inline.of(child).text, []

    def _details(self, opening: str, inside: Sequence[SyntaxTreeNode]) -> Iterator[Block]:
        """A ``<details>`` whose content is Markdown: a question summary makes an FAQ, else it is read in order."""
        summary_match = _SUMMARY.search(opening)
        summary = _plain_html(summary_match.group(1)) if summary_match else ""
        after_summary = opening[summary_match.end() :] if summary_match else ""
        opening_blocks = [e for e in _html_events(after_summary) if not isinstance(e, Heading)]
        answer = opening_blocks + self.blocks(inside)
        if summary and is_question(summary):
            yield Faq(question_text(summary), tuple(answer))
            return
        if summary:
            yield Paragraph(summary)
        yield from answer


def _details_end(nodes: Sequence[SyntaxTreeNode], start: int) -> int | None:
    """The index of the HTML block closing a ``<details>`` left open by the block at ``start``, if it is closed."""
    depth = 0
    for index in range(start, len(nodes)):
        if nodes[index].type == "html_block":
            content = nodes[index].content
            depth += len(_DETAILS_OPEN.findall(content)) - len(_DETAILS_CLOSE.findall(content))
            if depth <= 0:
                return index if index > start else None
    return None


def _definition(term: str, definitions: list[Block]) -> Iterator[Block]:
    if is_question(term):
        yield Faq(question_text(term), tuple(definitions))
        return
    first, rest = (definitions[0], definitions[1:]) if definitions else (None, [])
    if isinstance(first, Paragraph):
        yield Paragraph(f"{term}: {first.text}", first.links)
        yield from rest
    else:
        yield Paragraph(term)
        yield from definitions


def _quote(blocks: list[Block]) -> Iterator[Block]:
    """A block quote; GitHub alerts ("[!NOTE]") read as "Note:", a trailing "-- Name" becomes the attribution."""
    if not blocks:
        return
    first = blocks[0]
    if isinstance(first, Paragraph) and (alert := _ALERT.match(first.text)):
        blocks[0] = Paragraph(f"{alert.group(1).capitalize()}: {first.text[alert.end() :]}", first.links)
    attribution = ""
    last = blocks[-1]
    if isinstance(last, Paragraph):
        if by_line := _ATTRIBUTION_LINE.match(last.text):
            attribution, blocks = by_line.group("by"), blocks[:-1]
        elif trailing := _QUOTE_ATTRIBUTION.match(last.text):
            attribution = trailing.group("by")
            blocks[-1] = Paragraph(trailing.group("quote"), last.links)
    if blocks:
        yield Quote(tuple(blocks), attribution)


def _table(node: SyntaxTreeNode) -> Table:
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for part in node.children:
        for row in part.children:
            cells = tuple(_Inline.of(cell).text for cell in row.children)
            if part.type == "thead":
                header = cells
            else:
                rows.append(cells)
    return Table(header, tuple(rows))


def _html_events(fragment: str) -> list[Event]:
    """Raw HTML inside Markdown, read by the HTML reader; comments alone are skipped without parsing."""
    if not fragment.strip() or _HTML_COMMENT_ONLY.match(fragment):
        return []
    from narrator.read.html import html_events

    return html_events(fragment)


def _joined(paragraphs: Sequence[Block]) -> str:
    return " ".join(p.text for p in paragraphs if isinstance(p, Paragraph) and p.text)


def _footnotes_level(events: list[Event]) -> int:
    """The level of the article's top sections (a lone leading h1 is its title), so footnotes sit beside them."""
    levels = [e.level for e in events if isinstance(e, Heading)]
    if levels and levels[0] == 1 and levels.count(1) == 1:
        levels = levels[1:]
    return min(levels, default=2)


def _plain_html(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _inline_text(parser: MarkdownIt, markdown: str) -> str:
    """Inline Markdown (a front-matter title with `code`, say) as plain text."""
    tokens = parser.parseInline(markdown)
    return _Inline.of(SyntaxTreeNode(tokens).children[0]).text if tokens else ""


# Inline text ----------------------------------------------------------------------

_HTML_ATTRIBUTE = r"""\b{}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""
_HTML_LINK_OPEN = re.compile(r"<a\b", re.IGNORECASE)
_HTML_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_HTML_IMAGE = re.compile(r"<img\b", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\b", re.IGNORECASE)
_HTML_CODE = re.compile(r"</?code\b", re.IGNORECASE)


def _html_attribute(tag: str, name: str) -> str:
    match = re.search(_HTML_ATTRIBUTE.format(name), tag, re.IGNORECASE)
    return html.unescape(next((group for group in match.groups() if group is not None), "")) if match else ""


@dataclass
class _Inline:
    """The text of one inline run, with its links and the images it holds."""

    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    _open_links: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def of(cls, node: SyntaxTreeNode) -> _Inline:
        """The inline text under a paragraph, heading, cell or term."""
        inline = cls()
        for child in node.children:
            inline.add(child)
        return inline

    @property
    def text(self) -> str:
        return _KRAMDOWN_MARKER.sub("", " ".join("".join(self.parts).split())).strip()

    def blocks(self) -> Iterator[Block]:
        """A paragraph for the words, then its images (a paragraph of images alone is just images)."""
        text = self.text
        if text:
            yield Paragraph(text, tuple(link for link in self.links if link.text))
        yield from self.images

    def add(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if kind == "text":
            self.parts.append(node.content)
        elif kind == "code_inline":
            self.parts.append(code_span(node.content))
        elif kind in ("math_inline", "math_inline_double"):
            self.parts.append(formula_span(node.content))
        elif kind in ("softbreak", "hardbreak"):
            self.parts.append(" ")
        elif kind == "link":
            start = len("".join(self.parts))
            for child in node.children:
                self.add(child)
            self._add_link(start, str(node.attrs.get("href", "")))
        elif kind == "image":
            self.images.append(Image(_Inline.of(node).text or node.content, str(node.attrs.get("src", ""))))
        elif kind == "html_inline":
            self._html(node.content)
        elif kind != "footnote_ref":
            for child in node.children:
                self.add(child)

    def _add_link(self, start: int, href: str) -> None:
        words = " ".join("".join(self.parts)[start:].split())
        if words:
            self.links.append(Link(words, href))

    def _html(self, tag: str) -> None:
        if _HTML_BREAK.match(tag):
            self.parts.append(" ")
        elif _HTML_CODE.match(tag):
            self.parts.append("`")
        elif _HTML_IMAGE.match(tag):
            self.images.append(Image(_html_attribute(tag, "alt"), _html_attribute(tag, "src")))
        elif _HTML_LINK_OPEN.match(tag):
            self._open_links.append((len("".join(self.parts)), _html_attribute(tag, "href")))
        elif _HTML_LINK_CLOSE.match(tag) and self._open_links:
            self._add_link(*self._open_links.pop())

"""What ``narrate publish SOURCE...`` publishes: each SOURCE expanded into the addresses of its articles.

A SOURCE is an article (a file, or an ``http(s)://`` address), a folder (every
``.md``, ``.markdown``, ``.html`` and ``.htm`` file under it), a list file
(``@list.txt``: one SOURCE a line, ``#`` starts a comment), a sitemap or an
RSS or Atom feed (a file or an address). Sitemaps and feeds are told by their
name: a file or address path ending in ``.xml``, ``.rss`` or ``.atom``, or an
address whose last path part is ``feed``, ``rss``, ``atom`` or ``sitemap``;
every other address is an article. A SOURCE that cannot be expanded is one
problem line; the others are still published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from narrator.errors import InputError, NarratorError
from narrator.read.fetch import fetch_body, is_address

ARTICLE_SUFFIXES = (".md", ".markdown", ".html", ".htm")
"""The files of a folder that are articles."""
LISTING_SUFFIXES = (".xml", ".rss", ".atom")
LISTING_NAMES = ("feed", "rss", "atom", "sitemap")
"""The last path part of an address that is a feed or sitemap though it has no suffix (``/blog/feed``)."""
LISTING_TYPES = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/x-rss+xml",
)
MAX_NESTING = 3
"""Sitemap indexes and list files that name others: deeper than this is a loop or a mistake."""


@dataclass
class Expanded:
    """The articles the sources name, in order and each once, and the sources that could not be expanded."""

    articles: list[str] = field(default_factory=list)
    """Addresses or file paths, as :func:`narrator.read.read_source` takes them."""
    problems: list[str] = field(default_factory=list)
    """One line each, naming the source."""

    def add(self, article: str) -> None:
        if article not in self.articles:
            self.articles.append(article)


def expand_sources(sources: Sequence[str], exclude: Path | None = None) -> Expanded:
    """Every article the ``sources`` name; a source that cannot be read is a problem, the rest still expand.

    A folder's files under ``exclude`` (the publishing folder, with its pages) are not articles."""
    expanded = Expanded()
    for source in sources:
        _expand(source, expanded, 0, exclude.resolve() if exclude else None)
    return expanded


def _expand(source: str, expanded: Expanded, depth: int, exclude: Path | None = None) -> None:
    try:
        if depth > MAX_NESTING:
            raise InputError(f"{source}: lists and sitemaps nested more than {MAX_NESTING} deep")
        if source.startswith("@"):
            for line in _list_lines(Path(source[1:])):
                _expand(line, expanded, depth + 1, exclude)
        elif is_address(source):
            if _is_listing(urlsplit(source).path):
                for link in listing_links(*_fetched_listing(source)):
                    _expand(link, expanded, depth + 1, exclude)
            else:
                expanded.add(source)
        else:
            path = Path(source)
            if path.is_dir():
                articles = sorted(
                    str(file)
                    for file in path.rglob("*")
                    if file.suffix.lower() in ARTICLE_SUFFIXES
                    and file.is_file()
                    and not _hidden(file, path)
                    and not (exclude and file.resolve().is_relative_to(exclude))
                )
                if not articles:
                    raise InputError(f"{source}: no .md, .markdown, .html or .htm files in this folder")
                for article in articles:
                    expanded.add(article)
            elif path.suffix.lower() in LISTING_SUFFIXES:
                for link in listing_links(_read_file(path), str(path.resolve().parent) + "/", local=True):
                    _expand(link, expanded, depth + 1, exclude)
            elif path.is_file():
                expanded.add(source)
            else:
                raise InputError(f"{source}: no such file or folder")
    except NarratorError as error:
        expanded.problems.append(str(error))


def _hidden(file: Path, root: Path) -> bool:
    """A file inside a hidden folder (``.git``) or hidden itself, below the folder given."""
    return any(part.startswith(".") for part in file.relative_to(root).parts)


def _is_listing(path: str) -> bool:
    last = path.rstrip("/").rsplit("/", 1)[-1].lower()
    return last.endswith(LISTING_SUFFIXES) or last in LISTING_NAMES


def _read_file(path: Path) -> bytes:
    from narrator.read.fetch import MAX_FETCH_BYTES

    try:
        with path.open("rb") as file:
            data = file.read(MAX_FETCH_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if len(data) > MAX_FETCH_BYTES:
        raise InputError(f"{path}: more than {MAX_FETCH_BYTES // 2**20} MB, too large to be a sitemap or feed")
    return data


def _list_lines(path: Path) -> list[str]:
    """A list file's sources: one a line, blank lines and ``#`` comments skipped, paths relative to the list."""
    try:
        text = _read_file(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: a list of sources must be UTF-8 text") from None
    lines = [line.split(" #", 1)[0].strip() for line in text.splitlines()]
    return [
        line if is_address(line) or line.startswith("@") or Path(line).is_absolute() else str(path.parent / line)
        for line in lines
        if line and not line.startswith("#")
    ]


def _fetched_listing(url: str) -> tuple[bytes, str]:
    final_url, data, _ = fetch_body(url, LISTING_TYPES, "a sitemap or feed (XML)")
    return data, final_url


def listing_links(data: bytes, base: str, local: bool = False) -> list[str]:
    """The article addresses a sitemap (``<urlset>``; a ``<sitemapindex>`` gives further sitemaps), an RSS feed
    (each item's ``<link>``) or an Atom feed (each entry's alternate ``<link href>``) lists, resolved against
    ``base``. A local listing's relative links are paths beside it."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(f"{base}: not a sitemap or feed (XML error: {error})") from None
    kind = etree.QName(root).localname
    if kind == "urlset":
        links = _texts(root, "url", "loc")
    elif kind == "sitemapindex":
        links = _texts(root, "sitemap", "loc")
    elif kind == "rss":
        links = _texts(root.find("channel") if root.find("channel") is not None else root, "item", "link")
    elif kind == "feed":
        links = [_atom_link(entry) for entry in root if etree.QName(entry).localname == "entry"]
    else:
        raise InputError(f"{base}: XML of <{kind}>, not a sitemap, RSS or Atom feed")
    found = [link.strip() for link in links if link and link.strip()]
    if local:
        return [link if is_address(link) else str(Path(base) / link) for link in found]
    return [urljoin(base, link) for link in found]


def _texts(parent: Any, child: str, grandchild: str) -> list[str]:
    from lxml import etree

    texts: list[str] = []
    for element in parent:
        if etree.QName(element).localname == child:
            texts += [(node.text or "") for node in element if etree.QName(node).localname == grandchild]
    return texts


def _atom_link(entry: Any) -> str:
    from lxml import etree

    links = [node for node in entry if etree.QName(node).localname == "link"]
    alternate = [node for node in links if node.get("rel", "alternate") == "alternate"]
    chosen = (alternate or links)[:1]
    return str(chosen[0].get("href", "")) if chosen else ""

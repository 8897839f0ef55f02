"""The publishing folder's ``feed.xml`` (RSS 2.0 with ``itunes:`` and ``podcast:`` tags) and ``index.html``.

Only what the user gave (options or the ``[publish]`` table of the
configuration file) and what the articles say (titles, bylines, durations) goes
in: a setting not given is left out, never made up. Addresses in the feed are
``--base-url`` followed by the file's path inside the folder; without it they
are relative to the feed, which a podcast app cannot follow (the command says so).
"""

from __future__ import annotations

import html
import time
from collections.abc import Sequence
from email.utils import formatdate
from pathlib import Path
from xml.etree import ElementTree

from narrator.config import PublishSettings
from narrator.publish.manifest import Entry

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
INDEX_FILE = "index.html"


def duration_text(seconds: float) -> str:
    """``H:MM:SS``, as ``itunes:duration`` takes it."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def feed_xml(entries: Sequence[Entry], settings: PublishSettings, now: float | None = None) -> bytes:
    """The RSS 2.0 feed of ``entries``, in the order given."""
    ElementTree.register_namespace("itunes", ITUNES)
    ElementTree.register_namespace("podcast", PODCAST)
    ElementTree.register_namespace("atom", ATOM)
    rss = ElementTree.Element("rss", {"version": "2.0"})
    channel = ElementTree.SubElement(rss, "channel")

    def add(parent: ElementTree.Element, tag: str, content: str | None, **attributes: str) -> None:
        if content is not None or attributes:
            element = ElementTree.SubElement(parent, tag, attributes)
            element.text = content

    add(channel, "title", settings.title)
    add(channel, f"{{{ITUNES}}}title", settings.title)
    if settings.base_url:
        add(channel, "link", settings.base_url)
        href = settings.address(FEED_FILE)
        add(channel, f"{{{ATOM}}}link", None, href=href, rel="self", type="application/rss+xml")
    add(channel, "description", settings.description)
    add(channel, f"{{{ITUNES}}}summary", settings.description)
    add(channel, "language", settings.language)
    add(channel, f"{{{ITUNES}}}author", settings.author)
    if settings.image:
        image = settings.address(settings.image)
        add(channel, f"{{{ITUNES}}}image", None, href=image)
        picture = ElementTree.SubElement(channel, "image")
        for tag, text in (("url", image), ("title", settings.title), ("link", settings.base_url)):
            add(picture, tag, text)
    if settings.category:
        add(channel, f"{{{ITUNES}}}category", None, text=settings.category)
    if settings.explicit is not None:
        add(channel, f"{{{ITUNES}}}explicit", "true" if settings.explicit else "false")
    add(channel, "generator", "narrator")
    add(channel, "lastBuildDate", formatdate(now if now is not None else time.time(), usegmt=True))
    for entry in entries:
        item = ElementTree.SubElement(channel, "item")
        add(item, "title", entry.title or entry.slug)
        add(item, f"{{{ITUNES}}}title", entry.title or entry.slug)
        if entry.byline:
            add(item, f"{{{ITUNES}}}author", entry.byline)
        if entry.page and settings.base_url:
            add(item, "link", settings.address(entry.page))
        add(item, "guid", entry.guid, isPermaLink="false")
        add(item, "pubDate", formatdate(entry.first_published, usegmt=True))
        add(
            item, "enclosure", None, url=settings.address(entry.audio), length=str(entry.audio_bytes), type="audio/mpeg"
        )
        add(item, f"{{{ITUNES}}}duration", duration_text(entry.seconds))
        add(
            item,
            f"{{{PODCAST}}}chapters",
            None,
            url=settings.address(entry.chapters_file),
            type="application/json+chapters",
        )
        add(
            item,
            f"{{{PODCAST}}}transcript",
            None,
            url=settings.address(entry.transcript),
            type="text/vtt",
            **({"language": entry.language} if entry.language else {}),
        )
    ElementTree.indent(rss)
    return bytes(ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True)) + b"\n"


def index_html(entries: Sequence[Entry], settings: PublishSettings) -> bytes:
    """A plain page listing the articles: each title links to its read-along page (else its audio), with its
    length and links to the audio, transcript and chapters; the feed linked for podcast apps."""
    title = html.escape(settings.title or "Audio articles")
    rows = []
    for entry in entries:
        name = html.escape(entry.title or entry.slug)
        target = html.escape(entry.page or entry.audio, quote=True)
        extras = " · ".join(
            f'<a href="{html.escape(path, quote=True)}">{label}</a>'
            for label, path in (
                ("MP3", entry.audio),
                ("transcript", entry.transcript),
                ("chapters", entry.chapters_file),
            )
        )
        byline = f" — {html.escape(entry.byline)}" if entry.byline else ""
        rows.append(
            f'<li><a href="{target}">{name}</a>{byline}'
            f' <span class="length">({_spoken_duration(entry.seconds)})</span><br>{extras}</li>'
        )
    language = f' lang="{html.escape(settings.language, quote=True)}"' if settings.language else ""
    description = f"<p>{html.escape(settings.description)}</p>\n" if settings.description else ""
    page = f"""<!doctype html>
<html{language}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="alternate" type="application/rss+xml" title="{title}" href="{FEED_FILE}">
<style>
body {{ font: 1.1rem/1.6 system-ui, sans-serif; max-width: 42rem; margin: 0 auto; padding: 1rem; }}
body {{ color: #111; background: #fff; }}
a {{ color: #0645ad; }}
a:focus-visible {{ outline: 3px solid #111; outline-offset: 2px; }}
li {{ margin-bottom: 1rem; }}
.length {{ color: #333; }}
</style>
</head>
<body>
<header><h1>{title}</h1></header>
<main>
{description}<p><a href="{FEED_FILE}">Podcast feed (RSS)</a></p>
<h2>Articles</h2>
<ul>
{chr(10).join(rows)}
</ul>
</main>
</body>
</html>
"""
    return page.encode()


def _spoken_duration(seconds: float) -> str:
    whole = round(seconds)
    hours, minutes = whole // 3600, whole % 3600 // 60
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {whole % 60} s" if minutes else f"{whole} s"


def write_site(folder: Path, entries: Sequence[Entry], settings: PublishSettings) -> None:
    """Write ``feed.xml`` and ``index.html`` into the publishing ``folder``, each whole or not at all."""
    from narrator.publish.article import write_atomically

    write_atomically(folder / FEED_FILE, feed_xml(entries, settings))
    write_atomically(folder / INDEX_FILE, index_html(entries, settings))

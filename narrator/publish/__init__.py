"""``narrate publish``: an audio edition of many articles, with a podcast feed, spoken here or on a cluster.

The client (this module) expands the sources into articles
(:mod:`~narrator.publish.sources`), loads each article's text once, skips
those the manifest says are unchanged (:mod:`~narrator.publish.manifest`),
hands the rest to workers (:mod:`~narrator.publish.workers`), each of which
writes one article's folder (:mod:`~narrator.publish.article`), records each
finished article in the manifest as it comes back, and writes the feed and the
index last (:mod:`~narrator.publish.feed`). A bad article or source is one
line; the others are published.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from narrator.config import PublishSettings
from narrator.errors import Interrupted, NarratorError, OutputError
from narrator.options import ProgressMode
from narrator.publish.article import ArticleTask, Failed, Published, Voicing
from narrator.publish.manifest import MANIFEST_FILE, Entry, Manifest, article_key
from narrator.read import ArticleText

LOADING_THREADS = 8
"""Articles fetched or read at once before speaking: waiting on servers, not the processor."""
GENERIC_STEMS = frozenset({"index", "readme", "_index"})
"""File names that say nothing of the article; its folder's name is its slug instead."""


@dataclass(frozen=True)
class PublishOptions:
    """Where and how a publishing run writes."""

    folder: Path
    settings: PublishSettings
    voicing: Voicing
    jobs: int = 1
    """Articles spoken at once (local worker processes, or Dask workers of ``--cluster local``)."""
    cluster: str | None = None
    """A Dask scheduler's address, or ``local``; ``None`` speaks in local processes."""
    force: bool = False
    """Publish into a folder that holds files narrator did not publish there."""
    progress: ProgressMode = "auto"


@dataclass
class PublishReport:
    """What a run did."""

    spoken: list[str] = field(default_factory=list)
    """Slugs of the articles spoken in this run."""
    unchanged: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """One line per article or source that could not be published."""
    entries: list[Entry] = field(default_factory=list)
    """The feed's articles, in the sources' order."""
    audio_seconds: float = 0.0
    """Audio made in this run."""


def publish(sources: list[str], options: PublishOptions, stream: TextIO) -> PublishReport:
    """Publish every article ``sources`` name into ``options.folder``; problems are reported on ``stream`` as they
    happen, one line each, and listed in the report."""
    from narrator.publish.sources import expand_sources

    folder = _prepared_folder(options.folder, options.force)
    manifest = Manifest.load(folder) or Manifest(folder)
    report = PublishReport()

    def fail(line: str) -> None:
        report.failures.append(line)
        stream.write(f"Error: {_printable(line)}\n")
        stream.flush()

    expanded = expand_sources(sources, exclude=folder)
    for problem in expanded.problems:
        fail(problem)
    slugs, refused = _slugs(expanded.articles, manifest, folder, options.force)
    loaded = _load(expanded.articles, options.voicing)
    tasks: list[ArticleTask] = []
    keys: dict[str, str] = {}
    for address in expanded.articles:
        text = loaded[address]
        if isinstance(text, str):
            fail(text)
            continue
        if address in refused:
            fail(refused[address])
            continue
        keys[address] = article_key(text, options.voicing)
        if manifest.unchanged(address, keys[address]):
            report.unchanged.append(slugs[address])
        else:
            tasks.append(ArticleTask(address, slugs[address], folder, text, options.voicing))

    from narrator.publish.progress import PublishProgress
    from narrator.publish.workers import run_tasks

    mode = options.progress if options.progress != "auto" else "bar" if stream.isatty() else "plain"
    characters = {task.address: len(task.text.text) for task in tasks}
    progress = PublishProgress(len(tasks), sum(characters.values()), stream, bar=mode == "bar")

    def finished(task: ArticleTask, result: Published | Failed) -> None:
        if isinstance(result, Failed):
            fail(result.reason)
        else:
            previous = manifest.entries.get(task.address)
            first = previous.first_published if previous else time.time()
            manifest.entries[task.address] = Entry.of(result, keys[task.address], manifest.guid(task.address), first)
            manifest.save_now_and_then()
            report.spoken.append(task.slug)
            report.audio_seconds += result.seconds
        if mode != "none":
            seconds = result.seconds if isinstance(result, Published) else 0.0
            progress.finished(task.slug, characters[task.address], seconds, isinstance(result, Failed))

    from narrator.signals import sigterm_as_interrupt

    try:
        with sigterm_as_interrupt():
            try:
                run_tasks(tasks, options.jobs, options.cluster, finished)
            finally:
                manifest.save()
    except KeyboardInterrupt:
        raise Interrupted(
            f"Interrupted after speaking {len(report.spoken)} of {len(tasks)} articles; "
            "run the same command again to resume."
        ) from None
    report.entries = [
        manifest.entries[address]
        for address in expanded.articles
        if address in manifest.entries and manifest.entries[address].files_present(folder)
    ]
    if report.entries:
        from narrator.publish.feed import write_site

        write_site(folder, report.entries, options.settings)
    return report


def _prepared_folder(folder: Path, force: bool) -> Path:
    """The publishing folder, made if it is missing; one holding files but no manifest is refused without --force,
    so publishing never overwrites what it did not write."""
    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder to publish into.")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise OutputError(f"Output folder does not exist: {folder.parent}")
        try:
            folder.mkdir()
        except OSError as error:
            raise OutputError(f"Cannot create {folder}: {error.strerror}") from None
    elif not (folder / MANIFEST_FILE).exists() and any(folder.iterdir()) and not force:
        raise OutputError(f"{folder} holds files that narrator did not publish; choose an empty folder or add --force.")
    return folder


def slug_for(address: str) -> str:
    """A folder name for the article at ``address``: the file or page name (its folder's for ``index``), in lower
    case, letters, digits and hyphens."""
    from narrator.read.fetch import is_address
    from narrator.sinks.export import address_stem

    if is_address(address):
        stem = address_stem(address)
    else:
        path = Path(address)
        stem = path.resolve().parent.name if path.stem.lower() in GENERIC_STEMS else path.stem
    slug = re.sub(r"[^\w]+", "-", stem.lower()).strip("-_")
    return slug[:80] or "article"


def _slugs(
    addresses: list[str], manifest: Manifest, folder: Path, force: bool
) -> tuple[dict[str, str], dict[str, str]]:
    """Each article's slug: the one the manifest gave it, else a new one not taken (its folder's name before it,
    then a number); and, without --force, why an article whose new folder exists already (narrator did not
    publish it) is refused."""
    from narrator.read.fetch import is_address

    taken = {entry.slug for entry in manifest.entries.values()}
    slugs: dict[str, str] = {}
    refused: dict[str, str] = {}
    for address in addresses:
        if address in manifest.entries:
            slugs[address] = manifest.entries[address].slug
            continue
        base = slug_for(address)
        candidates = [base]
        if not is_address(address):
            parent = slug_for(str(Path(address).resolve().parent / "index"))
            candidates.append(f"{parent}-{base}")
        candidates += [f"{base}-{number}" for number in range(2, 10_000)]
        slug = next(candidate for candidate in candidates if candidate not in taken)
        taken.add(slug)
        slugs[address] = slug
        if (folder / slug).exists() and not force:
            refused[address] = (
                f"{address}: {folder / slug} exists and was not published here; add --force to replace it"
            )
    return slugs, refused


def _load(addresses: list[str], voicing: Voicing) -> dict[str, ArticleText | str]:
    """Each article's text (fetched once, several at a time), or the one line saying why it cannot be read."""
    from concurrent.futures import ThreadPoolExecutor

    from narrator.read import load_article

    def load(address: str) -> ArticleText | str:
        try:
            return load_article(address, voicing.read)
        except NarratorError as error:
            return str(error)

    with ThreadPoolExecutor(LOADING_THREADS) as pool:
        return dict(zip(addresses, pool.map(load, addresses), strict=True))


def _printable(line: str) -> str:
    from narrator.terminal import printable

    return printable(line)

"""Articles per minute of ``narrate publish`` with 1 and 2 local workers and on a 2-worker Dask cluster, in one run.

Each configuration publishes the same articles (``articles/`` and ``--corpus N`` pages of ../shared/corpus, the
smallest first) into a fresh folder with an empty speech cache, so every article is spoken. Each run's files are
checked as the tests check them: every article has its MP3, transcript and chapters.json; the feed parses with
feedparser; each enclosure's length is its file's size; chapters.json's starts are the MP3's chapters (mutagen).
``--corpus 20`` is the issue's check of twenty corpus pages in one run.

Usage: python benchmarks/publish.py [--corpus 4] [--only jobs1,jobs2,cluster2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
ARTICLES = PROJECT / "articles"
CORPUS = PROJECT.parent / "shared" / "corpus"
NARRATE = [sys.executable, "-m", "narrator"]
DASK = str(Path(sys.executable).with_name("dask"))
CONFIGURATIONS = ("jobs1", "jobs2", "cluster2")
BASE = "https://example.org/site"


@dataclass(frozen=True)
class Measured:
    name: str
    articles: int
    failed: int
    seconds: float
    cpu_seconds: float
    """Processor time of every process of the run (client, workers, scheduler): what the articles cost, whatever
    else the machine was doing."""
    audio_hours: float

    @property
    def per_minute(self) -> float:
        return self.articles / self.seconds * 60


def corpus_pages(count: int) -> list[str]:
    """The ``count`` smallest saved pages of the corpus."""
    if count and not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    pages = sorted((CORPUS / "html").glob("*/source.html"), key=lambda path: path.stat().st_size)
    return [str(path) for path in pages[:count]]


@contextmanager
def dask_cluster(env: dict[str, str], work: Path) -> Iterator[str]:
    """A scheduler on a free port of 127.0.0.1 and two single-threaded workers; yields its address."""
    scheduler_file = work / "scheduler.json"

    def quiet(*command: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    address_file = ("--scheduler-file", str(scheduler_file))
    processes = [quiet(DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", *address_file)]
    try:
        deadline = time.monotonic() + 120
        while not (scheduler_file.exists() and "address" in scheduler_file.read_text()):
            if time.monotonic() > deadline:
                sys.exit("the Dask scheduler did not start")
            time.sleep(0.05)
        address = str(json.loads(scheduler_file.read_text())["address"])
        for _ in range(2):
            processes.append(quiet(DASK, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"))
        from distributed import Client

        with Client(address) as client:  # timed from when both workers are there, as a running cluster would be
            client.wait_for_workers(2, timeout=300)
        yield address
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in reversed(processes):
            process.wait(60)


def publish(name: str, sources: list[str], work: Path) -> Measured:
    """One configuration into a fresh folder with an empty cache."""
    (work / name).mkdir()
    cpu_before = _children_cpu()
    env = {**os.environ, "XDG_CACHE_HOME": str(work / name / "cache")}
    output = work / name / "site"
    flags = ["--base-url", BASE, "--title", "Benchmark", "--progress", "none"]
    if name == "cluster2":
        with dask_cluster(env, work / name) as address:
            started = time.perf_counter()
            run = subprocess.run([*NARRATE, "publish", *sources, "-o", str(output), *flags, "--cluster", address],
                                 env=env, capture_output=True, text=True)  # fmt: skip
            seconds = time.perf_counter() - started
    else:
        jobs = name.removeprefix("jobs")
        started = time.perf_counter()
        run = subprocess.run([*NARRATE, "publish", *sources, "-o", str(output), *flags, "--jobs", jobs],
                             env=env, capture_output=True, text=True)  # fmt: skip
        seconds = time.perf_counter() - started
    failed = [line for line in run.stderr.splitlines() if line.startswith("Error: ")]
    for line in failed:
        print(f"  {name}: {line}", file=sys.stderr)
    cpu = _children_cpu() - cpu_before  # the cluster's processes have ended and been waited for
    published = check(output)
    hours = sum(entry["seconds"] for entry in published) / 3600
    return Measured(name, len(published), len(failed), seconds, cpu, hours)


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(folder: Path) -> list[dict[str, float]]:
    """Every published article's files, the feed and the chapters, as the tests check them."""
    import feedparser
    from mutagen.id3 import ID3

    entries = list(json.loads((folder / "publish-manifest.json").read_text())["articles"].values())
    feed = feedparser.parse((folder / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(entries), "the feed does not parse or lists other articles"
    for item in ElementTree.parse(folder / "feed.xml").iter("item"):
        enclosure = item.find("enclosure")
        assert enclosure is not None
        path = folder / enclosure.get("url", "").removeprefix(f"{BASE}/")
        assert int(enclosure.get("length", "-1")) == path.stat().st_size, path
    for entry in entries:
        slug = folder / entry["slug"]
        assert {f"{entry['slug']}.mp3", f"{entry['slug']}.vtt", "chapters.json"} <= {p.name for p in slug.iterdir()}
        starts = sorted(frame.start_time / 1000 for frame in ID3(folder / entry["audio"]).getall("CHAP"))
        listed = [chapter["startTime"] for chapter in json.loads((slug / "chapters.json").read_text())["chapters"]]
        assert listed == starts and listed[0] == 0, entry["slug"]
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=4, help="corpus pages besides articles/ (the smallest)")
    parser.add_argument("--only", default=",".join(CONFIGURATIONS), help="configurations, comma-separated")
    parser.add_argument("--keep", type=Path, help="keep the published folders here")
    args = parser.parse_args()
    sources = [str(ARTICLES), *corpus_pages(args.corpus)]
    work = Path(tempfile.mkdtemp(prefix="narrator-publish-bench-"))
    try:
        results = [publish(name, sources, work) for name in args.only.split(",")]
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    single = next((result for result in results if result.name == "jobs1"), None)
    columns = ("articles", "failed", "seconds", "CPU s", "audio h", "per min", "speed-up")
    print(f"{'configuration':14} " + " ".join(f"{column:>8}" for column in columns))
    for result in results:
        speedup = f"{single.seconds / result.seconds:.2f}x" if single else "-"
        print(
            f"{result.name:14} {result.articles:8d} {result.failed:8d} {result.seconds:8.1f} {result.cpu_seconds:8.1f} "
            f"{result.audio_hours:8.2f} {result.per_minute:8.2f} {speedup:>8}"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")


if __name__ == "__main__":
    main()

"""``narrate publish``: the sample articles and real corpus pages published in one run with the real engine, the
feed read by a feed library, the chapters by ffprobe; a second run speaks nothing; a changed article alone is
spoken again; bad addresses are one line each while the rest is published.

CI publishes three corpus pages beside articles/ (short ones, to keep the run modest); the issue's twenty are
published by ``benchmarks/publish.py --corpus 20``, which checks the same files.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import ARTICLES, CORPUS
from narrate import Run, narrate

pytestmark = pytest.mark.audio

CORPUS_PAGES = ("hostile-almost-no-text", "rd-hukumusume-fable", "hostile-deep-aljazeera")
"""Short real pages in three languages (German, Japanese, English)."""
BASE = "https://audio.example.org/site"
SETTINGS = (
    "--base-url",
    BASE,
    "--title",
    "Articles, read aloud",
    "--description",
    "Every article as audio.",
    "--author",
    "The Editors",
    "--image",
    "cover.png",
    "--language",
    "en",
    "--category",
    "Technology",
    "--not-explicit",
)
PODCAST = "{https://podcastindex.org/namespace/1.0}"


@dataclass(frozen=True)
class Site:
    folder: Path
    articles: Path
    sources: tuple[str, ...]
    env: dict[str, str]
    first: Run


def user_dirs(home: Path) -> dict[str, str]:
    """Private config, cache and state folders for runs made outside a test function (module fixtures)."""
    env = {}
    for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        (home / variable.lower()).mkdir(parents=True, exist_ok=True)
        env[variable] = str(home / variable.lower())
    return env


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    work = tmp_path_factory.mktemp("publish")
    articles = work / "articles"
    shutil.copytree(ARTICLES, articles)
    sources = (str(articles), *(str(CORPUS / "html" / name / "source.html") for name in CORPUS_PAGES))
    env = user_dirs(work / "home")
    first = narrate("publish", *sources, "-o", work / "site", *SETTINGS, "--progress", "plain", "--jobs", "2", env=env)
    assert first.status == 0, first.stderr
    return Site(work / "site", articles, sources, env, first)


def entries(folder: Path) -> dict[str, dict[str, object]]:
    manifest = json.loads((folder / "publish-manifest.json").read_text())
    return dict(manifest["articles"])


def test_every_article_has_its_mp3_transcript_and_chapters(site: Site) -> None:
    slugs = sorted(path.name for path in site.folder.iterdir() if path.is_dir())
    assert len(slugs) == len(list(ARTICLES.iterdir())) + len(CORPUS_PAGES)
    for slug in slugs:
        names = {path.name for path in (site.folder / slug).iterdir()}
        assert {f"{slug}.mp3", f"{slug}.vtt", "chapters.json", "index.html"} <= names, slug
        assert (site.folder / slug / f"{slug}.vtt").read_text().startswith("WEBVTT")
        page = (site.folder / slug / "index.html").read_text()  # the read-along page (tests/test_readalong.py)
        assert f'src="{slug}.mp3"' in page and f'src="{slug}.vtt"' in page, slug
    assert "hukumusume-fable" in " ".join(slugs)  # corpus pages, all named source.html, by their folder
    assert (site.folder / "index.html").is_file()
    plain = [line for line in site.first.stderr.splitlines() if line.startswith("Published ")]
    assert plain[0].startswith(f"Published 1 of {len(slugs)} articles, ")
    assert "h of audio" in plain[0] and "left" in plain[0]
    assert f"({len(slugs)} spoken, 0 unchanged" in plain[-1]


def test_the_feed_parses_with_every_required_rss_and_itunes_element(site: Site) -> None:
    import feedparser

    feed = feedparser.parse((site.folder / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    channel = feed.feed
    assert channel.title == "Articles, read aloud"
    assert channel.link == BASE
    assert channel.subtitle == "Every article as audio."  # RSS <description>
    assert channel.language == "en"
    assert channel.author == "The Editors"
    assert channel.image.href == f"{BASE}/cover.png"
    assert channel.tags[0].term == "Technology"
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    explicit = ElementTree.parse(site.folder / "feed.xml").findtext(f"channel/{itunes}explicit")
    assert explicit == "false"  # Apple's true/false (feedparser only knows the older yes/clean)
    manifest = entries(site.folder)
    assert len(feed.entries) == len(manifest)
    guids = set()
    for item in feed.entries:
        assert item.title
        enclosure = item.enclosures[0]
        assert enclosure.type == "audio/mpeg"
        assert enclosure.href.startswith(f"{BASE}/") and enclosure.href.endswith(".mp3")
        assert item.itunes_duration.count(":") == 2
        guids.add(item.id)
    assert len(guids) == len(feed.entries)
    tree = ElementTree.parse(site.folder / "feed.xml")
    for item in tree.iter("item"):
        chapters, transcript = item.find(f"{PODCAST}chapters"), item.find(f"{PODCAST}transcript")
        assert chapters is not None and chapters.get("type") == "application/json+chapters"
        assert transcript is not None and transcript.get("type") == "text/vtt"
        for url in (chapters.get("url", ""), transcript.get("url", "")):
            assert (site.folder / url.removeprefix(f"{BASE}/")).is_file(), url


def test_each_enclosure_length_is_its_file_size(site: Site) -> None:
    tree = ElementTree.parse(site.folder / "feed.xml")
    enclosures = [item.find("enclosure") for item in tree.iter("item")]
    assert enclosures
    for enclosure in enclosures:
        assert enclosure is not None
        path = site.folder / enclosure.get("url", "").removeprefix(f"{BASE}/")
        assert int(enclosure.get("length", "0")) == path.stat().st_size


def test_chapters_json_starts_are_the_mp3_chapters_read_by_ffprobe(site: Site) -> None:
    for entry in entries(site.folder).values():
        audio = site.folder / str(entry["audio"])
        chapters = json.loads((site.folder / str(entry["chapters_file"])).read_text())
        assert chapters["version"] == "1.2.0"
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(audio)], capture_output=True, check=True
        )
        probed = json.loads(probe.stdout)["chapters"]
        assert [round(float(c["start_time"]), 3) for c in probed] == [c["startTime"] for c in chapters["chapters"]]
        assert [c["tags"]["title"] for c in probed] == [c["title"] for c in chapters["chapters"]]
        assert chapters["chapters"][0]["startTime"] == 0


def test_a_second_run_speaks_nothing_and_a_changed_article_alone_is_spoken_again(site: Site) -> None:
    before = {path: path.stat().st_mtime_ns for path in site.folder.rglob("*.mp3")}
    again = narrate("publish", *site.sources, "-o", site.folder, *SETTINGS, "--progress", "plain", env=site.env)
    assert again.status == 0, again.stderr
    assert f"(0 spoken, {len(before)} unchanged" in again.stderr
    assert again.seconds < 0.1 * site.first.seconds, (again.seconds, site.first.seconds)
    assert {path: path.stat().st_mtime_ns for path in before} == before

    article = site.articles / "how-speech-synthesis-works.md"
    article.write_text(article.read_text() + "\n\nOne more sentence, added later.\n")
    changed = narrate("publish", *site.sources, "-o", site.folder, *SETTINGS, "--progress", "plain", env=site.env)
    assert changed.status == 0, changed.stderr
    assert f"(1 spoken, {len(before) - 1} unchanged" in changed.stderr
    spoken = {path for path, stamp in before.items() if path.stat().st_mtime_ns != stamp}
    assert [path.name for path in spoken] == ["how-speech-synthesis-works.mp3"]
    vtt = (site.folder / "how-speech-synthesis-works" / "how-speech-synthesis-works.vtt").read_text()
    assert "added later." in vtt


PAGE = b"""<!doctype html><html lang="en"><head><title>Tides</title></head><body>
<article><h1>Tides</h1><p>The sea rises and falls twice a day.</p>
<h2>Spring tides</h2><p>When the sun and moon line up, the tides run highest.</p></article></body></html>"""
HUGE = 50 * 1024 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    """A page, a sitemap and a feed listing it with broken neighbours, a 404, a redirect loop, an image, 50 MB."""

    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        sitemap = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>/tides.html</loc></url><url><loc>/missing</loc></url><url><loc>/loop</loc></url></urlset>"
        )
        atom = (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f'<entry><link rel="alternate" href="{base}/photo"/></entry>'
            '<entry><link href="/huge"/></entry><entry><link href="/tides.html"/></entry></feed>'
        )
        routes = {
            "/tides.html": ("text/html; charset=utf-8", PAGE),
            "/photo": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
            "/sitemap.xml": ("application/xml", sitemap.encode()),
            "/blog/feed": ("application/atom+xml", atom.encode()),
        }
        if self.path in routes:
            kind, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(self.path)}")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            block = b"<p>" + b"word " * 2000 + b"</p>\n"
            try:
                for _ in range(HUGE // len(block) + 1):
                    self.wfile.write(block)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_each_bad_address_is_one_line_and_the_rest_is_published(server: str, tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{closed.getsockname()[1]}/post"
    listing = tmp_path / "list.txt"
    listing.write_text(f"# the site\n{server}/sitemap.xml\n{server}/blog/feed\n{unreachable}\n")
    run = narrate("publish", f"@{listing}", "-o", tmp_path / "site", "--progress", "none", timeout=240)
    assert run.status == 1
    errors = sorted(line for line in run.stderr.splitlines() if line.startswith("Error: "))
    assert errors == sorted(
        [
            f"Error: {server}/missing: the server answered 404 Not Found",
            f"Error: {server}/loop: redirects more than 5 times",
            f"Error: {server}/photo: the server sent image/png, not an article (HTML, Markdown or text)",
            f"Error: {server}/huge: more than 20 MB, too large to be an article",
            f"Error: {unreachable}: cannot connect (connection refused)",
        ]
    )
    assert "Published 1 articles" in run.stderr and "5 failed" in run.stderr
    # the 50 MB body is refused as it arrives: its memory bound is tests/test_fetch.py's (a single fetch)
    assert (tmp_path / "site" / "tides" / "tides.mp3").is_file()  # listed twice, published once
    feed = ElementTree.parse(tmp_path / "site" / "feed.xml")
    assert [item.findtext("title") for item in feed.iter("item")] == ["Tides"]
    assert "feed's addresses are relative" in run.stderr  # no --base-url: said, not made up
    assert feed.find("channel/title") is None


def test_a_folder_with_files_not_published_there_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine")
    run = narrate("publish", ARTICLES / "ketamine-depression.md", "-o", tmp_path / "site")
    assert run.status == 1
    assert run.stderr.splitlines() == [
        f"Error: {tmp_path / 'site'} holds files that narrator did not publish; choose an empty folder or add --force."
    ]


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux ``/proc``)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def spawned_workers(pid: int) -> list[int]:
    """The worker processes of ``narrate`` ``pid``'s local pool (not its resource tracker)."""
    workers = []
    for child in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.append(child)
        except FileNotFoundError:
            pass
    return workers


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the worker processes in /proc")
def test_a_local_worker_that_dies_loses_only_its_article_which_is_spoken_again(tmp_path: Path) -> None:
    import os
    import signal

    from narrate import start, wait_until

    publishing = start("publish", ARTICLES, "-o", tmp_path / "site", "--jobs", "2", "--rate", "400", "--no-cache")
    wait_until(lambda: len(spawned_workers(publishing.pid)) == 2, 120, "two worker processes")
    os.kill(spawned_workers(publishing.pid)[0], signal.SIGKILL)
    _, stderr = publishing.communicate(timeout=300)
    assert publishing.returncode == 0, stderr
    assert "(4 spoken, 0 unchanged" in stderr
    assert len(list((tmp_path / "site").glob("*/*.mp3"))) == 4


def test_a_stopped_run_resumes_with_the_articles_it_had_not_finished(tmp_path: Path) -> None:
    from narrate import start

    folder = tmp_path / "site"
    publishing = start("publish", ARTICLES, "-o", folder, "--jobs", "1", "--rate", "400", "--progress", "plain")
    assert publishing.stderr is not None
    first = publishing.stderr.readline()
    assert first.startswith("Published 1 of 4 articles"), first
    publishing.terminate()
    _, stderr = publishing.communicate(timeout=120)
    assert publishing.returncode == 130
    assert stderr.splitlines()[-1].startswith("Error: Interrupted after speaking ")
    assert not list(folder.rglob(".*")), "temporary files left behind"
    done = len(json.loads((folder / "publish-manifest.json").read_text())["articles"])
    assert 1 <= done < 4
    resumed = narrate("publish", ARTICLES, "-o", folder, "--jobs", "1", "--rate", "400")
    assert resumed.status == 0, resumed.stderr
    assert f"({4 - done} spoken, {done} unchanged" in resumed.stderr


def test_feed_settings_come_from_the_configuration_file_and_flags_win(tmp_path: Path, private_user_dirs: Path) -> None:
    config = private_user_dirs / "xdg_config_home" / "narrator" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[publish]\ntitle = "From the file"\nauthor = "File Author"\nbase_url = "https://file.example"\n')
    article = ARTICLES / "how-speech-synthesis-works.md"
    run = narrate("publish", article, "-o", tmp_path / "site", "--title", "From the flag", "--progress", "bar")
    assert run.status == 0, run.stderr
    assert "\r\x1b[2K[####################] 1 of 1 articles" in run.stderr  # the bar, redrawn in place
    feed = ElementTree.parse(tmp_path / "site" / "feed.xml")
    assert feed.findtext("channel/title") == "From the flag"
    assert feed.findtext("channel/{http://www.itunes.com/dtds/podcast-1.0.dtd}author") == "File Author"
    assert feed.findtext("channel/link") == "https://file.example"
    assert feed.find("channel/description") is None  # given nowhere: left out

    config.write_text('[publish]\ntitel = "typo"\n')
    wrong = narrate("publish", article, "-o", tmp_path / "other")
    assert wrong.status == 2
    assert wrong.stderr.startswith(f"Error: In {config}, [publish] has no key 'titel'; the keys are base_url, ")


def test_a_bug_met_on_one_article_fails_that_article_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import narrator.pipeline
    from narrator.config import PublishSettings
    from narrator.engines.base import VoiceSettings
    from narrator.options import ReadOptions, ScriptOptions
    from narrator.publish import PublishOptions, publish
    from narrator.publish.article import Voicing

    export_script = narrator.pipeline.export_script

    def broken_for_one(source: str, *args: object, **kwargs: object) -> object:
        if "accessible" in source:
            raise RuntimeError("a bug")
        return export_script(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(narrator.pipeline, "export_script", broken_for_one)
    voicing = Voicing(ReadOptions(), ScriptOptions(), VoiceSettings(rate=400), "pyttsx3", 64)
    stream = io.StringIO()
    sources = [str(ARTICLES / "accessible-web-design.md"), str(ARTICLES / "how-speech-synthesis-works.md")]
    report = publish(sources, PublishOptions(tmp_path / "site", PublishSettings(), voicing, progress="none"), stream)
    assert report.failures == [f"{sources[0]}: internal error: RuntimeError: a bug (please report it)"]
    assert report.spoken == ["how-speech-synthesis-works"]
    assert stream.getvalue() == f"Error: {report.failures[0]}\n"

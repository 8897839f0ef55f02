"""The read-along page (``narrate export --readalong``) in a real browser: Chromium driven by Selenium.

The article is exported with the real engine and encoder; the page is opened
from ``file://`` as a reader opens a downloaded folder. Playing lights the
sentence of the current WebVTT cue, a heading seeks to its MP3 chapter (as
ffprobe reads it), the section keys move focus and position, and axe-core
finds no WCAG 2.2 AA or best-practice violation. Browser tests are skipped
when Chromium or its driver is not installed; the axe audit also needs
``npm install`` (which installs axe-core into ``node_modules``).
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTICLES, PROJECT
from narrate import narrate, start, wait_until

from narrator.publish.readalong import readalong_html
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection
from narrator.sinks.subtitles import TimedCue

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
ARTICLE = ARTICLES / "accessible-web-design.md"
"""Lists, a nested list, a table, an image, a quote and FAQs: every kind of block the page shows."""
SEEK_TOLERANCE_S = 0.05
CHROMIUM_ARGUMENTS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1024,900",
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Exported:
    """The files of one ``narrate export --readalong``, and what the tests compare the page with."""

    folder: Path
    page: Path
    cues: list[Cue]
    spoken: list[str]
    """The script's spoken items' texts, in order."""
    chapters: dict[str, float]
    """Chapter title -> start in seconds, as ffprobe reads the MP3."""


def vtt_cues(path: Path) -> list[Cue]:
    found = []
    for block in re.split(r"\n\n+", path.read_text(encoding="utf-8").strip())[1:]:
        _, timing, *lines = block.split("\n")
        start, end = (_seconds(stamp) for stamp in timing.split(" --> "))
        text = " ".join(lines).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        found.append(Cue(start, end, text))
    return found


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def ffprobe_chapters(path: Path) -> dict[str, float]:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {chapter["tags"]["title"]: float(chapter["start_time"]) for chapter in json.loads(probe.stdout)["chapters"]}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    folder = tmp_path_factory.mktemp("readalong")
    home = tmp_path_factory.mktemp("home")
    env = {name: str(home / name.lower()) for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")}
    run = narrate("export", ARTICLE, "-o", folder / "design.mp3", "--readalong", env=env)
    assert run.status == 0, run.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["design.html", "design.mp3", "design.vtt"]
    assert f"Wrote {folder / 'design.html'}" in run.stderr
    items = json.loads(narrate("script", ARTICLE, "--json", env=env).stdout)
    spoken = [item["text"] for item in items if item["kind"] in ("announcement", "text") and item["text"].strip()]
    return Exported(
        folder, folder / "design.html", vtt_cues(folder / "design.vtt"), spoken, ffprobe_chapters(folder / "design.mp3")
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in CHROMIUM_ARGUMENTS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser: Any, exported: Exported) -> Any:
    """The page freshly loaded, its audio's length known (so it can seek)."""
    browser.get(exported.page.as_uri())
    wait_until(
        lambda: browser.execute_script("return document.getElementById('audio').readyState") >= 1,
        what="the audio's metadata",
    )
    return browser


def lit(driver: Any) -> str | None:
    """The text of the element the page highlights as being heard."""
    text: str | None = driver.execute_script(
        "const lit = document.querySelectorAll('.now[aria-current]');"
        "return lit.length === 1 ? lit[0].textContent : lit.length ? 'several: ' + lit.length : null;"
    )
    return text


def audit(driver: Any) -> list[list[object]]:
    """axe-core's violations of WCAG 2.2 A and AA and its best practices on the page: rule, help, elements."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run npm install")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    violations: list[list[object]] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then((result) => done(result.violations.map((v) => [v.id, v.help, v.nodes.map((n) => n.target)])))"
        ".catch((error) => done([['axe failed', String(error), []]]));",
        AXE_TAGS,
    )
    return violations


def wait_lit(driver: Any, text: str, timeout: float = 10) -> None:
    """Wait until the page highlights ``text``, the one element lit."""
    wait_until(lambda: lit(driver) == text, timeout=timeout, what=f"{text!r} lit")


def wait_lit_holding(driver: Any, words: str) -> None:
    """Wait until the element lit holds ``words``, spaces aside (a Chinese cue breaks between characters)."""
    wanted = "".join(words.split())
    wait_until(lambda: wanted in "".join((lit(driver) or "").split()), timeout=10, what=f"{words!r} lit")


def click(driver: Any, element: Any) -> None:
    """Click ``element`` as a reader does: scrolled into the middle of the window first (at once, not smoothly)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def position(driver: Any) -> float:
    return float(driver.execute_script("return document.getElementById('audio').currentTime"))


def focused_text(driver: Any) -> str:
    return str(driver.execute_script("return document.activeElement.textContent"))


def test_playing_highlights_the_sentence_of_the_current_cue(page: Any, exported: Exported) -> None:
    owners = {cue: [text for text in exported.spoken if cue.text in text] for cue in exported.cues}
    unique = [cue for cue in exported.cues if len(owners[cue]) == 1]
    assert len(unique) > 0.8 * len(exported.cues)
    samples = [unique[0], unique[len(unique) // 3], unique[len(unique) // 2], unique[-1]]
    second_cues = [cue for before, cue in itertools.pairwise(unique) if owners[before] == owners[cue]]
    samples.append(second_cues[0])  # a cue in the middle of a long sentence lights the whole sentence
    for cue in samples:
        page.execute_script("document.getElementById('audio').currentTime = arguments[0]", (cue.start + cue.end) / 2)
        wait_lit(page, owners[cue][0])
        assert page.execute_script("return document.activeElement === document.body"), "playback moved the focus"

    # Played, not only sought: the light moves on to the next sentence as the audio reaches it.
    first = unique[0]
    following = exported.spoken[exported.spoken.index(owners[first][0]) + 1]
    page.execute_script(
        "const audio = document.getElementById('audio'); audio.currentTime = arguments[0]; audio.play();", first.start
    )
    wait_lit(page, following, timeout=60)
    page.execute_script("document.getElementById('audio').pause()")


def test_the_status_says_the_section_not_every_sentence(page: Any, exported: Exported) -> None:
    status = page.find_element("id", "now")
    assert status.get_attribute("role") == "status"
    chapter = exported.chapters["Colour and contrast"]
    page.execute_script("document.getElementById('audio').currentTime = arguments[0]", chapter + 1)
    wait_until(lambda: status.text == "Now reading: Section 3 of 6: Colour and contrast", what="the section's name")
    later = next(cue for cue in exported.cues if cue.start > chapter + 8)
    page.execute_script("document.getElementById('audio').currentTime = arguments[0]", later.start + 0.01)
    wait_until(lambda: lit(page) is not None and later.text in (lit(page) or ""), what="a later sentence lit")
    assert status.text == "Now reading: Section 3 of 6: Colour and contrast"


def test_clicking_a_heading_seeks_to_its_chapter_start(page: Any, exported: Exported) -> None:
    headings = page.find_elements("css selector", "main h2, main h3")
    assert [heading.text for heading in headings] == list(exported.chapters)[1:]
    for heading in reversed(headings):
        click(page, heading)
        assert abs(position(page) - exported.chapters[heading.text]) <= SEEK_TOLERANCE_S, heading.text
        wait_lit(page, heading.text)
    click(page, page.find_element("css selector", "main h1"))
    assert position(page) == 0


def test_enter_on_a_sentence_seeks_to_its_first_cue(page: Any, exported: Exported) -> None:
    from selenium.webdriver.common.keys import Keys

    click(page, page.find_element("css selector", "main h2"))
    for _ in range(2):
        page.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    sentence = focused_text(page)
    assert sentence == "They jump: from heading to heading, from landmark to landmark, from link to link."
    page.switch_to.active_element.send_keys(Keys.ENTER)
    first_cue = next(cue for cue in exported.cues if sentence.startswith(cue.text))
    assert abs(position(page) - first_cue.start) <= SEEK_TOLERANCE_S
    wait_lit(page, sentence)


def test_section_keys_move_focus_and_position(page: Any, exported: Exported) -> None:
    chapters = exported.chapters
    click(page, page.find_element("css selector", "main h1"))
    expected = ["Start with structure", "Describe your images", "Colour and contrast", "Describe your images"]
    for key, heading in zip("nnnp", expected, strict=True):
        page.switch_to.active_element.send_keys(key)
        assert focused_text(page) == heading
        assert abs(position(page) - chapters[heading]) <= SEEK_TOLERANCE_S
    page.switch_to.active_element.send_keys("p")
    page.switch_to.active_element.send_keys("p")
    assert focused_text(page) == page.find_element("css selector", "main h1").text
    assert position(page) == 0
    click(page, page.find_element("id", "next"))  # the buttons do the same, for a mouse or touch
    assert focused_text(page) == "Start with structure"
    assert abs(position(page) - chapters["Start with structure"]) <= SEEK_TOLERANCE_S


def test_the_skip_link_comes_first_and_lands_on_the_text(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    page.find_element("css selector", "body").send_keys(Keys.TAB)
    skip = page.switch_to.active_element
    assert skip.text == "Skip to the text"
    assert skip.is_displayed() and skip.rect["y"] >= 0
    skip.send_keys(Keys.ENTER)
    wait_until(lambda: page.execute_script("return document.activeElement.id") == "text", what="focus on the text")


def test_axe_finds_no_violations_and_motion_is_calm_on_request(page: Any, exported: Exported, tmp_path: Path) -> None:
    page.execute_script("document.getElementById('audio').currentTime = arguments[0]", exported.cues[12].start)
    wait_until(lambda: lit(page) is not None, what="a sentence lit")  # the highlight's contrast is audited too
    assert audit(page) == []
    screenshot = tmp_path / "readalong.png"
    page.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    page.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    try:
        assert audit(page) == []  # the dark colours keep their contrast too
        page.save_screenshot(str(tmp_path / "readalong-dark.png"))
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    def scrolling() -> str:
        return str(page.execute_script("return getComputedStyle(document.documentElement).scrollBehavior"))

    assert scrolling() == "smooth"
    page.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}
    )
    try:
        assert scrolling() == "auto"
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


CORPUS_PAGES = ("np-arabic-article", "rd-heise-1password", "gs-bbc-chinese")
"""Real pages in Arabic (right to left), German and Chinese (written without spaces)."""


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_PAGES)
def test_a_corpus_page_lights_its_cues_and_passes_the_audit(
    corpus: Path, browser: Any, tmp_path: Path, name: str
) -> None:
    audio = tmp_path / f"{name}.mp3"
    run = narrate("export", corpus / "html" / name / "source.html", "-o", audio, "--readalong", "-q")
    assert run.status == 0, run.stderr
    browser.get(audio.with_suffix(".html").as_uri())
    cues = vtt_cues(audio.with_suffix(".vtt"))
    for cue in (cues[len(cues) // 4], cues[len(cues) // 2], cues[-1]):
        browser.execute_script("document.getElementById('audio').currentTime = arguments[0]", (cue.start + cue.end) / 2)
        wait_lit_holding(browser, cue.text)
    assert audit(browser) == []


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_is_self_contained_escaped_and_its_headings_in_order() -> None:
    items = (
        ScriptItem(ItemKind.TEXT, None, "Fish & <chips>", role="title"),
        ScriptItem(ItemKind.PAUSE, None, role="pause", pause_ms=900),
        ScriptItem(ItemKind.ANNOUNCEMENT, 0, "Section 1 of 3: Deep", role="heading"),
        ScriptItem(ItemKind.TEXT, 0, "One </script><script>alert(1)</script>.", role="paragraph"),
        ScriptItem(ItemKind.ANNOUNCEMENT, 1, "Section 2 of 3, subsection: Deeper", role="heading"),
        ScriptItem(ItemKind.TEXT, 1, "Добро пожаловать.", role="paragraph", language="ru"),
        ScriptItem(ItemKind.ANNOUNCEMENT, 2, "Section 3 of 3: Back", role="heading"),
        ScriptItem(ItemKind.TEXT, 2, "Three.", role="paragraph"),
    )
    sections = (ScriptSection(0, 3, "Deep", 1), ScriptSection(1, 5, "Deeper", 2), ScriptSection(2, 2, "Back", 3))
    script = Script("Fish & <chips>", "en", items, sections)
    cues = [TimedCue(index, (item.text,), 1000 * index, 1000 * index + 900) for index, item in enumerate(items)]
    html = readalong_html(script, cues, {0: 0, 1: 4000, 2: 6000}, "fish & chips.mp3", "fish & chips.vtt")

    parser = _Tags()
    parser.feed(html)
    tags = parser.tags
    assert [tag for tag, _ in tags if re.fullmatch("h[1-6]", tag)] == ["h1", "h2", "h3", "h2"]
    assert sum(tag == "script" for tag, _ in tags) == 1
    assert "alert(1)</script>" not in html and "&lt;/script&gt;&lt;script&gt;alert(1)" in html
    assert "<title>Fish &amp; &lt;chips&gt;</title>" in html
    links = [value for _, attributes in tags for name, value in attributes.items() if name in ("src", "href")]
    assert links == ["#text", "fish%20%26%20chips.mp3", "fish%20%26%20chips.vtt", "fish%20%26%20chips.vtt"]
    assert not re.search(r"@import|url\(|https?:", html)
    starts = {attributes.get("id"): attributes for _, attributes in tags}
    assert starts["item-3"]["data-start"] == "3.000"
    assert starts["item-4"]["data-start"] == "4.000" and starts["item-4"]["data-seek"] == "4.000"
    assert starts["item-5"]["lang"] == "ru"


def test_a_right_to_left_article_runs_right_to_left_and_the_controls_left_to_right() -> None:
    items = (
        ScriptItem(ItemKind.TEXT, None, "معارضون يسيطرون", role="title"),
        ScriptItem(ItemKind.TEXT, 0, "وقال المرصد السوري.", role="paragraph"),
        ScriptItem(ItemKind.TEXT, 0, "(en) Damascus.", role="paragraph", language="en"),
    )
    script = Script("معارضون يسيطرون", "ar", items, (ScriptSection(0, 0, ""),))
    cues = [TimedCue(index, (item.text,), 1000 * index, 1000 * index + 900) for index, item in enumerate(items)]
    parser = _Tags()
    parser.feed(readalong_html(script, cues, {0: 0}, "a.mp3"))
    attributes = dict(reversed(parser.tags))  # each tag's first
    assert (attributes["html"]["lang"], attributes["html"]["dir"]) == ("ar", "rtl")
    assert (attributes["header"]["lang"], attributes["header"]["dir"]) == ("en", "ltr")
    sentences = [found for _, found in parser.tags if found.get("class") == "sentence"]
    assert [found.get("dir") for found in sentences] == [None, "ltr"]


def test_an_existing_page_is_kept_without_force(tmp_path: Path, fake_engine: str) -> None:
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nOne sentence.\n", encoding="utf-8")
    (tmp_path / "note.html").write_text("mine", encoding="utf-8")
    run = narrate("export", article, "--readalong", "--engine", fake_engine, "-q", engines=_fake_engines())
    assert run.status != 0
    assert run.stderr.strip().splitlines() == [
        f"Error: Output file already exists: {tmp_path / 'note.html'} (use --force to overwrite it)"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["note.html", "note.md"]
    run = narrate("export", article, "--readalong", "--engine", fake_engine, "--force", "-q", engines=_fake_engines())
    assert run.status == 0, run.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["note.html", "note.md", "note.mp3", "note.vtt"]
    assert "One sentence." in (tmp_path / "note.html").read_text(encoding="utf-8")


def test_an_interrupted_export_leaves_no_page(tmp_path: Path) -> None:
    article = tmp_path / "design.md"
    article.write_text(ARTICLE.read_text(encoding="utf-8") * 10, encoding="utf-8")
    (tmp_path / "design.html").write_text("an older page", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    process = start("export", article, "--readalong", "--force", "--no-cache", "--progress", "plain", "--jobs", "1")
    try:
        assert process.stderr is not None
        assert process.stderr.readline().startswith("Exporting ")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
        assert process.stderr.read().splitlines()[-1] == (
            "Error: Interrupted: the export was stopped and no file was written."
        )
    finally:
        process.kill()
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def _fake_engines() -> dict[str, str]:
    from fake_engine import FakeEngine

    return {"fake": f"{FakeEngine.__module__}:{FakeEngine.__name__}"}


def test_srt_subtitles_leave_the_page_without_a_track(tmp_path: Path, fake_engine: str) -> None:
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nOne sentence.\n", encoding="utf-8")
    run = narrate(
        "export", article, "--readalong", "--subtitles", "srt", "--engine", fake_engine, "-q", engines=_fake_engines()
    )
    assert run.status == 0, run.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["note.html", "note.md", "note.mp3", "note.srt"]
    page = (tmp_path / "note.html").read_text(encoding="utf-8")
    assert "<track" not in page and 'src="note.mp3"' in page

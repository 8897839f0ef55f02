"""The read-along page: the article as it is heard, with its audio, the sentence being spoken highlighted.

One static HTML file that works from a folder or ``file://`` with nothing
else loaded: styles and script are inline, and every sentence carries the
time its first caption cue starts (the cues of the export's WebVTT file, so
page and captions agree), because a ``<track>`` cannot be read from
``file://``. Headings carry their chapter's start, so a click seeks where the
MP3's chapter does. It is built for WCAG 2.2 AA: landmarks, a skip link, one
``h1`` and headings in order, visible focus, contrast of 7:1 for text, the
current section said politely by a status region (never each sentence, and
focus is never moved by playback), and no smooth scrolling when the reader
prefers reduced motion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import BinaryIO
from urllib.parse import quote

from narrator.audio import Sound
from narrator.script.model import ItemKind, Script, ScriptItem
from narrator.sinks.base import ChapterTimer, section_title
from narrator.sinks.subtitles import CueTimer, TimedCue

LINE_ROLES = frozenset({"item", "row", "toc", "question", "list", "table", "code", "faq"})
"""Roles whose every item is a line of its own (a list item, a table row), not a sentence of a paragraph."""

UI_LANGUAGE = "en"
"""The language of the page's own words (the skip link, buttons, key help), which may differ from the article's."""
RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"})
"""Languages written from right to left (their primary subtag)."""


def direction(language: str) -> str:
    """``rtl`` or ``ltr``: which way text in ``language`` (a BCP 47 tag) runs."""
    return "rtl" if language.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


def readalong_html(
    script: Script,
    cues: Sequence[TimedCue],
    section_starts_ms: Mapping[int, int],
    audio_name: str,
    captions_name: str | None = None,
) -> str:
    """The read-along page of ``script`` spoken into ``audio_name`` (a file name beside the page).

    ``audio_name`` and ``captions_name`` are paths relative to the page;
    ``cues`` time the items (an item starts where its first cue does);
    ``section_starts_ms`` are the chapters' starts, by section index; ``captions_name``,
    the WebVTT file beside the page, is linked and given to the player as its captions.
    """
    starts: dict[int, int] = {}
    for cue in cues:
        starts.setdefault(cue.item, cue.start_ms)
    body = _Body(script, starts, section_starts_ms).html()
    language = escape(script.language or UI_LANGUAGE)
    ui = f'lang="{UI_LANGUAGE}" dir="{direction(UI_LANGUAGE)}"'
    title = escape(script.title or audio_name)
    track = (
        f'<track kind="captions" src="{escape(quote(captions_name))}" srclang="{language}" label="Transcript">'
        if captions_name
        else ""
    )
    transcript = f' <a href="{escape(quote(captions_name))}">Transcript (WebVTT)</a>' if captions_name else ""
    return f"""<!DOCTYPE html>
<html lang="{language}" dir="{direction(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{_STYLE}</style>
</head>
<body>
<a class="skip" href="#text" {ui}>Skip to the text</a>
<header {ui}>
<div class="player" role="region" aria-label="Player">
<audio id="audio" controls preload="auto" src="{escape(quote(audio_name))}">{track}</audio>
<div class="controls">
<button type="button" id="previous">Previous section</button>
<button type="button" id="next">Next section</button>
<span class="help">In the text: Up and Down move by sentence, Enter or a click moves the audio there,
N and P go to the next and previous section, Space plays or pauses.{transcript}</span>
</div>
<p id="now" role="status"></p>
</div>
</header>
<main id="text" tabindex="-1" data-title="{title}">
{body}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


class ReadalongWriter:
    """Writes the read-along page to ``file`` once the whole narration has passed (a timing sink of an export).

    ``chapters`` is the export's own chapter timer, so headings seek exactly
    where the audio file's chapters start.
    """

    def __init__(
        self, file: BinaryIO, script: Script, chapters: ChapterTimer, audio_name: str, captions_name: str | None
    ) -> None:
        self._file = file
        self._script = script
        self._chapters = chapters
        self._audio_name = audio_name
        self._captions_name = captions_name
        self._timer = CueTimer(script.language)
        self._cues: list[TimedCue] = []

    def write(self, item: ScriptItem, audio: Sound) -> None:
        self._cues += self._timer.cues(item, audio)

    def close(self) -> None:
        page = readalong_html(
            self._script, self._cues, self._chapters.section_starts_ms(), self._audio_name, self._captions_name
        )
        self._file.write(page.encode())
        self._file.flush()


class _Body:
    """The article's markup: the title, then each section with its heading and its items in blocks."""

    def __init__(self, script: Script, starts: Mapping[int, int], section_starts_ms: Mapping[int, int]) -> None:
        self._script = script
        self._starts = starts
        self._section_starts = section_starts_ms
        self._levels = _heading_levels(script)
        self._out: list[str] = []
        self._section: int | None = None
        self._block: str | None = None
        """The role of the open ``<p>``, if one is open."""
        self._headed: set[int] = set()
        self._announced: dict[int, list[str]] = {}
        """Each section's spoken heading ("Section 2 of 6: ..."): what the status region says of it."""
        for item in script.items:
            if item.role == "heading" and item.spoken and item.section is not None:
                self._announced.setdefault(item.section, []).append(item.text)

    def html(self) -> str:
        script = self._script
        if not any(item.role == "title" and item.spoken and item.text.split() for item in script.items):
            self._out.append(f"<h1>{escape(script.title or 'Untitled')}</h1>")
        for index, item in enumerate(script.items):
            if item.kind is ItemKind.PAUSE:
                self._close_block()
            if not item.spoken or not item.text.split():
                continue
            if item.section != self._section and item.section is not None:
                self._open_section(item.section)
            if item.role == "title":
                self._timed("h1", index, item, 0)
            elif item.role == "heading" and item.section is not None:
                self._heading(index, item.section)
            else:
                self._sentence(index, item)
        self._close_block()
        if self._section is not None:
            self._out.append("</section>")
        return "\n".join(self._out)

    def _open_section(self, section: int) -> None:
        self._close_block()
        if self._section is not None:
            self._out.append("</section>")
        self._section = section
        title = " ".join(self._announced.get(section, [])) or section_title(self._script, section)
        self._out.append(f'<section id="section-{section}" data-title="{escape(title)}">')

    def _heading(self, index: int, section: int) -> None:
        """The section's heading as written, once, however many items announce it."""
        if section in self._headed:
            return
        self._close_block()
        self._headed.add(section)
        heading = self._script.sections[section].heading
        seek = self._section_starts.get(section, self._starts.get(index, 0))
        level = self._levels.get(section, 2)
        self._out.append(f'<h{level}{self._times(index, seek)} tabindex="0">{escape(heading)}</h{level}>')

    def _sentence(self, index: int, item: ScriptItem) -> None:
        if self._block != item.role or item.role in LINE_ROLES:
            self._close_block()
            kind = " said" if item.kind is ItemKind.ANNOUNCEMENT else ""
            self._out.append(f'<p class="{escape(item.role)}{kind}">')
            self._block = item.role
        language = f' lang="{escape(item.language)}" dir="{direction(item.language)}"' if item.language else ""
        self._out.append(
            f'<span class="sentence"{self._times(index)}{language} tabindex="-1">{escape(item.text)}</span>'
        )

    def _timed(self, tag: str, index: int, item: ScriptItem, seek_ms: int) -> None:
        self._close_block()
        self._out.append(f'<{tag}{self._times(index, seek_ms)} tabindex="0">{escape(item.text)}</{tag}>')

    def _times(self, index: int, seek_ms: int | None = None) -> str:
        """``data-start``: when the item is first heard; ``data-seek``: where a click on a heading goes."""
        start = self._starts.get(index)
        times = f' id="item-{index}"' + (f' data-start="{start / 1000:.3f}"' if start is not None else "")
        return times + (f' data-seek="{seek_ms / 1000:.3f}"' if seek_ms is not None else "")

    def _close_block(self) -> None:
        if self._block is not None:
            self._out.append("</p>")
            self._block = None


def _heading_levels(script: Script) -> dict[int, int]:
    """Each titled section's heading level on the page: ``h2`` for the outermost, one deeper per enclosing
    section, so no level is skipped whatever levels the article used (the title is the page's ``h1``)."""
    levels: dict[int, int] = {}
    enclosing: list[int] = []
    for section in script.sections:
        if section.number is None:
            continue
        while enclosing and enclosing[-1] >= section.level:
            enclosing.pop()
        levels[section.index] = min(2 + len(enclosing), 6)
        enclosing.append(section.level)
    return levels


_STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --paper: #fdfcf8; --panel: #fff; --hover: #e8effa;
  --accent: #0b4fb3; --muted: #4a4a4a; --now: #ffe27a; --now-ink: #1b1b1b; --rule: #767676; }
@media (prefers-color-scheme: dark) {
  :root { color-scheme: dark; --ink: #ececec; --paper: #121212; --panel: #1e1e1e; --hover: #2a3550;
    --accent: #9cc2ff; --muted: #c8c8c8; --rule: #8a8a8a; }
}
* { box-sizing: border-box; }
html { scroll-padding-top: var(--player-height, 10rem); }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
body { margin: 0; font: 1.125rem/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  background: var(--paper); }
.skip { position: absolute; left: 0.5rem; top: -20rem; z-index: 2; padding: 0.5rem 1rem; background: var(--panel);
  color: var(--accent); font-weight: bold; }
.skip:focus { top: 0.5rem; }
header { position: sticky; top: 0; z-index: 1; background: var(--panel); border-bottom: 1px solid var(--rule); }
.player { max-width: 48rem; margin: 0 auto; padding: 0.5rem 1rem; }
audio { display: block; width: 100%; }
.controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-top: 0.5rem; }
button { font: inherit; min-height: 2.25rem; padding: 0.25rem 0.75rem; color: var(--accent); background: var(--panel);
  border: 2px solid var(--accent); border-radius: 0.25rem; cursor: pointer; }
button:hover { background: var(--hover); }
.help { font-size: 0.9rem; color: var(--muted); }
a { color: var(--accent); }
#now { margin: 0.25rem 0 0; font-weight: bold; min-height: 1.6em; }
main { display: block; max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 4rem; }
h1 { font-size: 2rem; line-height: 1.25; }
h2 { font-size: 1.5rem; margin-top: 2rem; }
h3, h4, h5, h6 { font-size: 1.25rem; }
[data-start] { cursor: pointer; border-radius: 0.2rem; }
.said { font-style: italic; color: var(--muted); }
.item, .row, .toc { margin-block: 0.25rem; margin-inline-start: 1.5rem; }
.question { font-weight: bold; }
.now { background: var(--now); color: var(--now-ink); box-shadow: 0 0 0 0.15rem var(--now);
  text-decoration: underline; text-decoration-thickness: 0.1em; text-underline-offset: 0.2em; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
@media (prefers-reduced-motion: no-preference) { .now { transition: background-color 0.2s; } }
@media (forced-colors: active) { .now { forced-color-adjust: none; background: Highlight; color: HighlightText; } }
"""

_SCRIPT = """
(() => {
  "use strict";
  const audio = document.getElementById("audio");
  const status = document.getElementById("now");
  const header = document.querySelector("header");
  const text = document.getElementById("text");
  const timed = Array.from(text.querySelectorAll("[data-start]"));
  const starts = timed.map((element) => Number(element.dataset.start));
  const headings = Array.from(text.querySelectorAll("[data-seek]"));
  const still = window.matchMedia("(prefers-reduced-motion: reduce)");
  let current = null;
  let announced = null;

  // Focus scrolled into view stays clear of the sticky player (WCAG 2.4.11).
  const clearance = () =>
    document.documentElement.style.setProperty("--player-height", header.offsetHeight + 16 + "px");
  window.addEventListener("resize", clearance);
  clearance();

  // The element heard at `time`: the last whose first cue has started (it stays lit through the pause after it).
  function heardAt(time) {
    let low = 0, high = starts.length - 1, found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= time + 0.0005) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found < 0 ? null : timed[found];
  }

  function inView(element) {
    const box = element.getBoundingClientRect();
    return box.top >= header.offsetHeight && box.bottom <= window.innerHeight;
  }

  // Light the element being heard; say the section politely when it changes; never move focus.
  function follow() {
    const element = heardAt(audio.currentTime);
    if (element === current) return;
    if (current) { current.classList.remove("now"); current.removeAttribute("aria-current"); }
    current = element;
    if (!element) return;
    element.classList.add("now");
    element.setAttribute("aria-current", "true");
    const section = element.closest("[data-title]");
    if (section !== announced) {
      announced = section;
      const title = document.createElement("span");
      title.lang = document.documentElement.lang;
      title.dir = document.documentElement.dir;
      title.textContent = section.dataset.title;
      status.replaceChildren("Now reading: ", title);
    }
    if (!audio.paused && !inView(element)) {
      element.scrollIntoView({ block: "center", behavior: still.matches ? "auto" : "smooth" });
    }
  }
  for (const name of ["timeupdate", "seeked", "seeking"]) audio.addEventListener(name, follow);
  // timeupdate comes about four times a second: while playing, follow every frame.
  const frame = () => { follow(); if (!audio.paused) requestAnimationFrame(frame); };
  audio.addEventListener("play", () => requestAnimationFrame(frame));

  function seek(element) {
    audio.currentTime = Number(element.dataset.seek ?? element.dataset.start);
    follow();
  }

  // Next or previous section heading from the focused element (else the one heard): focus it, seek there.
  function section(step) {
    const focused = timed.includes(document.activeElement) ? document.activeElement : null;
    const from = focused || current;
    const after = (heading) => from && from.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING;
    const target = step > 0
      ? headings.find((heading) => !from || after(heading))
      : headings.filter((heading) => from && heading !== from && !after(heading)).pop();
    if (!target) return;
    target.focus();
    seek(target);
  }
  document.getElementById("next").addEventListener("click", () => section(1));
  document.getElementById("previous").addEventListener("click", () => section(-1));

  text.addEventListener("click", (event) => {
    const element = event.target.closest("[data-start]");
    if (element) seek(element);
  });
  // Single-letter keys work only while the text has focus (WCAG 2.1.4).
  text.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const element = event.target.closest("[data-start]");
    const index = timed.indexOf(element);
    if (event.key === "Enter" && element) {
      seek(element);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const next = timed[index < 0 ? 0 : index + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    } else if (event.key === "n" || event.key === "N") {
      section(1);
    } else if (event.key === "p" || event.key === "P") {
      section(-1);
    } else if (event.key === " ") {
      if (audio.paused) audio.play().catch(() => {}); else audio.pause();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
"""

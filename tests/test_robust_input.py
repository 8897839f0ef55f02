"""Bad input through the real CLI: one clear line and a non-zero exit, or sensible speech; never a traceback.

Cases already covered elsewhere are not repeated here:
empty and white-space-only files, PNG/ZIP/PDF named .html/.md, binary dumps,
empty stdin and a monkeypatched permission error (tests/test_source.py);
a byte-order mark over a declaration, UTF-16 with a BOM through the CLI,
UTF-16 without one, Shift-JIS, ISO-2022-JP, the gb2312 label, a declaration
that lies about UTF-8 bytes (tests/test_decode.py); 10,000 nested divs and
3,000 nested lists, script/style/template/svg/noscript and hidden elements
at the reader level (tests/test_read_html.py); controls, SSML and engine
escapes in Markdown (tests/test_script_cli.py).
"""

from __future__ import annotations

import base64
import json
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pulse import PulseServer
from robust import (
    AS_NOBODY,
    as_nobody_env,
    assert_one_line_error,
    can_run_as_nobody,
    invoke,
    narrate,
    open_folder,
    snapshot,
    spoken_texts,
)

from narrator.read import MAX_TEXT_CHARACTERS

PROSE = "The harbour wall was rebuilt after the winter storms, stone by stone, by the town's own masons."


def page(body: str, head: str = "<title>Harbour news</title>", lang: str = "en") -> str:
    return f"<!DOCTYPE html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def spoken(path: Path, *args: str) -> str:
    return " ".join(spoken_texts(path, *args))


def assert_in_order(text: str, *phrases: str) -> None:
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found >= 0, (phrase, text)
        position = found + len(phrase)


# The path itself -------------------------------------------------------------------


@pytest.mark.parametrize("command", [["outline"], ["script"], ["export", "--wav"]])
def test_every_command_names_a_missing_file_or_a_folder_and_writes_nothing(tmp_path: Path, command: list[str]) -> None:
    before = snapshot(tmp_path)
    assert_one_line_error(invoke(command[0], str(tmp_path / "gone.md"), *command[1:]), "gone.md", "no such file")
    assert_one_line_error(invoke(command[0], str(tmp_path), *command[1:]), str(tmp_path), "is a directory")
    assert snapshot(tmp_path) == before


def test_play_names_a_missing_file_or_a_folder(tmp_path: Path, pulse: PulseServer) -> None:
    """With a sound server, so the sound check (which play makes first) passes."""
    assert_one_line_error(narrate("play", str(tmp_path / "gone.md"), env=pulse.env), "gone.md", "no such file")
    assert_one_line_error(narrate("play", str(tmp_path), env=pulse.env), str(tmp_path), "is a directory")


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    with open_folder() as folder:
        yield folder


@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv")
def test_a_file_the_user_cannot_read_is_named(shared_folder: Path) -> None:
    """Run as ``nobody``: the file is root's, mode 600; a readable neighbour shows the run itself works."""
    readable = write(shared_folder, "open.md", f"# Open\n\n{PROSE}\n")
    readable.chmod(0o644)
    locked = write(shared_folder, "locked.md", f"# Locked\n\n{PROSE}\n")
    locked.chmod(0o600)
    env = as_nobody_env(shared_folder / "home")
    assert narrate("outline", str(readable), prefix=AS_NOBODY, env=env, clean_env=True).status == 0
    run = narrate("outline", str(locked), prefix=AS_NOBODY, env=env, clean_env=True)
    assert_one_line_error(run, str(locked), "permission denied")


# Bytes that are not clean text -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nul.md", b"# Tides\n\nThe sea\x00 rises over the\x00wall. %s\n"),
        ("nul.html", b"<html><body><h1>Tides</h1><p>The sea\x00 rises over the\x00wall. %s</p></body></html>"),
    ],
)
def test_a_few_nul_bytes_are_dropped_and_the_words_kept(tmp_path: Path, name: str, content: bytes) -> None:
    text = spoken(write(tmp_path, name, content % PROSE.encode()))
    assert_in_order(text, "Tides", "The sea", "rises over the", "wall.", PROSE)
    assert "\x00" not in text and "\ufffd" not in text


def test_a_file_mostly_of_nul_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    """A preallocated or broken download: some text, then zeros."""
    path = write(tmp_path, "download.html", b"<html><body><p>Start</p>" + bytes(4096))
    assert_one_line_error(invoke("script", str(path)), str(path), "binary data")


def test_control_characters_are_dropped_not_taken_for_binary(tmp_path: Path) -> None:
    """A short file with a bell and a backspace is still text (it used to be refused as binary)."""
    path = write(
        tmp_path, "controls.md", "# Title\x07\n\nText \x1b[31mred\x1b[0m and \x08back, \x7f del \u202ereversed\u202c.\n"
    )
    texts = spoken_texts(path)
    assert texts[0] == "Title"
    assert_in_order(" ".join(texts), "Text", "red", "and", "back", "del", "reversed")
    assert not any(ord(char) < 32 or 0x7F <= ord(char) <= 0x9F or char == "\u202e" for char in "".join(texts))


# Encodings -------------------------------------------------------------------------


def test_gb2312_declared_correctly_reads_as_chinese(tmp_path: Path) -> None:
    head = '<meta charset="gb2312"><title>中文标题</title>'
    html = page("<h1>中文标题</h1><p>这是一个简单的中文段落。</p>", head=head)
    path = write(tmp_path, "gb.html", html.encode("gb2312"))
    assert_in_order(spoken(path), "中文标题", "这是一个简单的中文段落")


def test_a_declared_utf8_that_lies_falls_back_to_windows_1252(tmp_path: Path) -> None:
    """The opposite lie to the corpus page's: the page says UTF-8, its bytes are Latin-1."""
    html = page("<h1>Café</h1><p>Un café crème à Noël.</p>", head='<meta charset="utf-8"><title>Café</title>')
    path = write(tmp_path, "lie.html", html.encode("latin-1"))
    text = spoken(path)
    assert_in_order(text, "Café", "Un café crème à Noël.")
    assert "\ufffd" not in text


def test_utf16_markdown_with_a_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "utf16.md", "# Über Köln\n\nGrüße aus Köln, am Rhein.\n".encode("utf-16"))
    assert_in_order(spoken(path), "Über Köln", "Grüße aus Köln, am Rhein.")


def test_latin1_markdown(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.md", "# Crème brûlée\n\nÇa coûte très peu, à Noël.\n".encode("latin-1"))
    assert_in_order(spoken(path), "Crème brûlée", "Ça coûte très peu, à Noël.")


def test_right_to_left_text_keeps_its_words_and_loses_its_direction_marks(tmp_path: Path) -> None:
    html = page(
        "<h1>שלום עולם</h1><p>\u200fזה מאמר קצר בעברית.\u200f</p>"
        "<h2>مرحبا</h2><p>\u202bهذه فقرة باللغة العربية.\u202c</p>",
        head="<title>שלום עולם</title>",
        lang="he",
    ).replace("<html", "<html dir='rtl'")
    texts = spoken_texts(write(tmp_path, "rtl.html", html))
    assert_in_order(" ".join(texts), "שלום עולם", "זה מאמר קצר בעברית.", "مرحبا", "هذه فقرة باللغة العربية.")
    assert not any(mark in "".join(texts) for mark in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


# Broken markup ---------------------------------------------------------------------


def test_unclosed_and_misnested_tags_lose_no_words(tmp_path: Path) -> None:
    broken = (
        "<html><body><h1>Broken page<p>One <b>bold <i>both</b> italic</i> words."
        "<div><p>The second paragraph is here.<li>A stray item sits here.<table><tr><td>A cell is here.</div></p>"
        "</span></table><p>These are the last words of the page."
    )
    assert_in_order(
        spoken(write(tmp_path, "broken.html", broken)),
        "Broken page",
        "One bold both italic words.",
        "The second paragraph is here.",
        "A stray item sits here.",
        "A cell is here.",
        "These are the last words of the page.",
    )


@pytest.mark.parametrize(
    "tail", ['<p class="note" data-x="', "<p>Unfinished senten", "<!-- a comment that never", "<script>var a = '"]
)
def test_a_page_cut_off_mid_tag_reads_up_to_the_cut(tmp_path: Path, tail: str) -> None:
    html = f"<html><head><title>Cut</title></head><body><h1>Cut</h1><p>{PROSE}</p>{tail}"
    text = spoken(write(tmp_path, "cut.html", html))
    assert_in_order(text, "Cut", "The harbour wall was rebuilt")
    for leftover in ("<", ">", "data-x", "var a", "comment"):
        assert leftover not in text


# Article shapes --------------------------------------------------------------------


def test_no_headings_is_one_untitled_section(tmp_path: Path) -> None:
    path = write(tmp_path, "flat.html", page(f"<p>{PROSE}</p><p>A second paragraph follows.</p>", head=""))
    assert spoken_texts(path) == [
        "The harbour wall was rebuilt after the winter storms, stone by stone, by the town's own masons.",
        "A second paragraph follows.",
    ]


@pytest.mark.audio
def test_a_title_alone_exports_an_mp3_without_chapters(tmp_path: Path) -> None:
    """Nothing but a title: no section, so no chapter (this used to fail on the missing chapters)."""
    path = write(tmp_path, "title.md", "# Only a title\n")
    run = narrate("export", str(path), "--mp3", "-q")
    assert run.status == 0 and run.stderr == "", run.stderr
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_entries", "format=duration", "-of", "json", "title.mp3"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(probe.stdout)
    assert found["chapters"] == [] and float(found["format"]["duration"]) > 0.5


@pytest.mark.parametrize("text", ["Tides matter a lot.", "A short article.", "Read about tides here!"])
def test_a_short_sentence_that_uses_the_title_is_kept(tmp_path: Path, text: str) -> None:
    """Only a line that merely repeats the title (scraped "Tides | Harbour News") is dropped, not prose."""
    title = "Short" if "short" in text else "Tides"
    path = write(tmp_path, "short.md", f"# {title}\n\n{title} | Harbour News\n\n{text}\n")
    assert spoken_texts(path) == [title, text]


def test_only_headings_announces_each_one(tmp_path: Path) -> None:
    texts = spoken_texts(write(tmp_path, "heads.md", "# One\n\n## Two\n\n## Three\n\n### Four\n"))
    assert texts[0] == "One"
    assert_in_order(" ".join(texts[1:]), "Two", "Three", "Four")


def test_only_images_reads_their_descriptions(tmp_path: Path) -> None:
    html = page(
        '<img src="a.png" alt="A cat on a mat"><img src="spacer.gif">'
        '<figure><img src="c.png" alt="A dog"><figcaption>The dog sleeps.</figcaption></figure>',
        head="",
    )
    assert_in_order(spoken(write(tmp_path, "images.html", html)), "A cat on a mat", "A dog", "The dog sleeps.")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pictures.html", page('<img src="a.png"><img src="b.png" alt="">', head="")),
        ("app.html", page("<div id='app'></div><script>render(document.body)</script>", head="")),
        ("hidden.html", page("<p hidden>Hidden.</p><div style='display:none'>Also hidden.</div>", head="")),
    ],
)
@pytest.mark.parametrize("command", [["outline"], ["script"], ["export", "--wav"]])
def test_a_page_with_nothing_to_say_is_refused(tmp_path: Path, name: str, content: str, command: list[str]) -> None:
    """Rather than an empty outline and a silent file: images without descriptions, a JavaScript shell."""
    path = write(tmp_path, name, content)
    before = snapshot(tmp_path)
    assert_one_line_error(invoke(command[0], str(path), *command[1:]), name, "no text to read")
    assert snapshot(tmp_path) == before


def test_script_style_template_and_hidden_text_are_never_spoken(tmp_path: Path) -> None:
    html = page(
        "<h1>Visible title</h1><p>Visible start.</p>"
        "<script>var scriptSecret = 1;</script><style>.styleSecret { color: red }</style>"
        "<template><p>templateSecret</p></template><noscript>noscriptSecret</noscript>"
        "<p hidden>hiddenSecret</p><div aria-hidden='true'>ariaSecret</div>"
        "<div style='display: none'>displaySecret</div><span style='visibility:hidden'>visibilitySecret</span>"
        '<script type=\'application/ld+json\'>{"headline": "jsonSecret"}</script>'
        "<svg><title>svgSecret</title><text>svgTextSecret</text></svg>"
        '<p onclick="handlerSecret()" style="font: attrSecret">Visible end.</p>',
        head="<title>Visible title</title><style>body { headStyleSecret: 1 }</style><script>headScript()</script>",
    )
    texts = spoken_texts(write(tmp_path, "hidden.html", html))
    assert texts == ["Visible title", "Visible start.", "Visible end."]


# Size --------------------------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def huge_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two 50 MB pages: all article text (8 million words), and a short article saved with its images inlined."""
    folder = tmp_path_factory.mktemp("huge")
    chooser = random.Random(6)
    words = ["the", "harbour", "wall", "was", "rebuilt", "after", "winter", "storms", "by", "masons", "sea", "tide"]

    def paragraph() -> str:
        return "<p>" + " ".join(chooser.choices(words, k=60)) + ".</p>"

    text_page = folder / "all-text.html"
    with text_page.open("w", encoding="utf-8") as file:
        file.write("<!DOCTYPE html><html><head><title>Long</title></head><body><h1>Long</h1>")
        section = 0
        while file.tell() < FIFTY_MB:
            section += 1
            file.write(f"<h2>Part {section}</h2>" + "".join(paragraph() for _ in range(20)))
        file.write("</body></html>")

    image = base64.b64encode(chooser.randbytes(1_000_000)).decode()
    article = "<h1>Saved whole</h1>" + "".join(f"<h2>Part {n}</h2>{paragraph() * 3}" for n in range(1, 11))
    images = "".join(f'<img src="data:image/png;base64,{image}" alt="Figure {n}">' for n in range(1, 38))
    script = "<script>" + "var state = 'xxxxxxxxxxxxxxxxxxxx';\n" * 40_000 + "</script>"
    single_file = write(folder, "single-file.html", page(f"<main><article>{article}{images}</article></main>", script))
    assert text_page.stat().st_size >= FIFTY_MB and single_file.stat().st_size >= 50_000_000
    return {"text": text_page, "single-file": single_file}


def test_fifty_megabytes_of_article_text_is_refused_at_once(huge_pages: dict[str, Path]) -> None:
    """8 million words (800 hours) would take 100 s and 1.2 GB to read; the reader limit refuses it cheaply."""
    run = narrate("outline", str(huge_pages["text"]))
    assert_one_line_error(run, "all-text.html", "million characters of text", "split it into parts")
    assert run.seconds < 5 and run.peak_mb < 400, (run.seconds, run.peak_mb)


def test_a_fifty_megabyte_page_saved_with_its_images_reads_quickly(huge_pages: dict[str, Path]) -> None:
    """Inline images and scripts do not count towards the limit: the article in them is read."""
    run = narrate("outline", str(huge_pages["single-file"]))
    assert run.status == 0, run.stderr
    assert "10 sections" in run.stdout
    assert run.seconds < 15 and run.peak_mb < 600, (run.seconds, run.peak_mb)


def test_the_text_limit_counts_text_not_markup(tmp_path: Path) -> None:
    over = write(tmp_path, "over.md", "# Long\n\n" + "word " * (MAX_TEXT_CHARACTERS // 5 + 1))
    assert_one_line_error(invoke("outline", str(over)), "over.md", "more than the 10 million")
    assert_one_line_error(invoke("outline", "-", stdin=over.read_bytes()), "standard input", "split it into parts")

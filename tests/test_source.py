"""Loading articles: every bad input is one line on stderr and a non-zero exit, through the real CLI."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from narrator.cli import cli
from narrator.errors import InputError
from narrator.read.source import guess_format, load_source, sniff_format

ARTICLE_HTML = (
    b"<!DOCTYPE html><html lang='en'><head><title>Tides</title></head>"
    b"<body><h1>Tides</h1><p>The sea rises.</p></body></html>"
)


def outline(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["outline", *args], input=stdin)


def assert_one_line_error(result: Result, *words: str) -> None:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0]


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.md"
    assert_one_line_error(outline(str(missing)), str(missing), "no such file")


def test_directory_is_refused(tmp_path: Path) -> None:
    assert_one_line_error(outline(str(tmp_path)), str(tmp_path), "is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked.md"
    locked.write_text("# Title\n\nText.\n")
    locked.chmod(0)
    assert_one_line_error(outline(str(locked)), "permission denied")


def test_permission_error_becomes_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal when running as root, where file modes cannot deny a read."""
    locked = tmp_path / "locked.md"
    locked.write_text("# Title\n")

    def deny(self: Path, *args: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    assert_one_line_error(outline(str(locked)), str(locked), "permission denied")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"   \n\t\r\n  ", "only white space"),
        ("\ufeff  \n".encode(), "only white space"),
        ("  \u00a0\u3000\n".encode(), "only white space"),
    ],
)
def test_empty_or_blank_file_is_refused(tmp_path: Path, content: bytes, problem: str) -> None:
    blank = tmp_path / "blank.md"
    blank.write_bytes(content)
    assert_one_line_error(outline(str(blank)), str(blank), problem)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG image"),
        ("notes.md", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "ZIP archive"),
        ("paper.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF document"),
        ("dump.md", b"# Heading\n" + bytes(range(0, 32)) * 40, "binary data"),
    ],
)
def test_binary_content_is_refused_whatever_the_extension(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(outline(str(path)), str(path), kind, "not an article")


def test_empty_stdin_is_refused() -> None:
    assert_one_line_error(outline("-", stdin=b""), "standard input", "empty")


def test_stdin_html_is_sniffed_and_read() -> None:
    result = outline("-", "--json", stdin=ARTICLE_HTML)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["title"] == "Tides"
    assert "The sea rises." in document["sections"][0]["text"]


def test_format_flag_overrides_the_extension(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(ARTICLE_HTML)
    as_text = json.loads(outline(str(page), "--json").stdout)
    as_html = json.loads(outline(str(page), "--json", "--format", "html").stdout)
    assert "<p>" in json.dumps(as_text)
    assert "<p>" not in json.dumps(as_html)
    assert as_html["title"] == "Tides"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.md", "markdown"), ("a.MARKDOWN", "markdown"), ("a.htm", "html"), ("a.HTML", "html"), ("a.txt", "text")],
)
def test_extension_decides_the_format(name: str, expected: str) -> None:
    assert guess_format(name, b"plain words") == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<!-- saved -->\n<!doctype html><html><body><p>x</p></body></html>", "html"),
        (b"<div><p>One</p><p>Two <a href='#'>link</a></p></div>", "html"),
        (b"# Title\n\nSome *text* with a [link](https://example.org).\n\n- one\n- two\n", "markdown"),
        (b"---\ntitle: Notes\n---\n\n## Part one\n\nText.\n", "markdown"),
        (b"Just a letter.\n\nIt has two paragraphs and no markup at all.\n", "text"),
        (b"# Short\n\nA heading, then one plain paragraph.\n", "markdown"),
        (b"\n## Notes\n\nA second-level heading first.\n", "markdown"),
        (b"#hashtag on its own line\n\nThen a plain sentence.\n", "text"),
    ],
)
def test_unknown_extension_is_sniffed(content: bytes, expected: str) -> None:
    assert sniff_format(content) == expected
    assert guess_format("article.saved", content) == expected


def test_utf16_text_is_not_mistaken_for_binary() -> None:
    data = "# Überschrift\n\nEin Absatz.\n\n- eins\n- zwei\n".encode("utf-16-le")  # no BOM: NULs in every other byte
    raw = load_source("-", stdin=io.BytesIO(data))
    assert raw.format == "markdown"


def test_load_source_raises_input_error_for_library_callers(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_source(str(tmp_path / "gone.html"))

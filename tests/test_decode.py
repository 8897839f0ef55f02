"""Decoding: byte-order marks, declared charsets checked against the bytes, and the fallback."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.cli import cli
from narrator.read.decode import declared_charset, decode

GERMAN = "Grüße aus Köln: Straße, Maß und Öl."
PAGE = "<html><head>{meta}<title>Über uns</title></head><body><h1>Über uns</h1><p>" + GERMAN + "</p></body></html>"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_mark_wins_over_a_declaration(bom: bytes, encoding: str) -> None:
    page = PAGE.format(meta='<meta charset="iso-8859-1">')
    assert decode(bom + page.encode(encoding), html=True) == page


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_is_recognised(encoding: str) -> None:
    text = "# Notes\n\n" + GERMAN + "\n"
    assert decode(text.encode(encoding)) == text


def test_declared_legacy_charset_is_used_when_the_bytes_fit_it() -> None:
    page = PAGE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    assert decode(page.encode("latin-1"), html=True) == page


def test_declared_shift_jis_page_reads_as_japanese() -> None:
    page = '<meta charset="Shift_JIS"><p>欲張りなイヌがお肉をくわえて橋を渡っていました。</p>'
    assert decode(page.encode("shift_jis"), html=True) == page


def test_xml_declaration_counts_as_a_declaration() -> None:
    page = '<?xml version="1.0" encoding="windows-1252"?><html><body><p>“Quoted” — dash</p></body></html>'
    assert decode(page.encode("cp1252"), html=True) == page


def test_lying_declaration_over_utf8_bytes_is_overruled() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>人工智能迈上新台阶 — Grüße</p>'
    assert decode(page.encode("utf-8"), html=True) == page


def test_gb2312_label_reads_as_its_superset() -> None:
    """Browsers read "gb2312" as GB18030; characters outside GB2312 must survive."""
    page = '<meta charset="gb2312"><p>镕基 䶮</p>'
    assert decode(page.encode("gb18030"), html=True) == page


def test_iso_2022_jp_is_not_mistaken_for_utf8() -> None:
    page = '<meta charset="iso-2022-jp"><p>日本語の文章です。</p>'
    assert decode(page.encode("iso2022_jp"), html=True) == page


def test_markdown_is_utf8_with_a_cp1252_fallback() -> None:
    text = "# Café menu\n\n“Crème brûlée” – €5\n"
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("cp1252")) == text


def test_markdown_ignores_charset_like_text() -> None:
    text = 'Write `<meta charset="koi8-r">` in the head.\n\n“Smart quotes” stay.\n'
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="UTF-8">', "utf-8"),
        (b"<meta http-equiv='content-type' content='text/html;charset=Shift_JIS'>", "cp932"),
        (b'<meta charset="utf-16">', "utf-8"),
        (b'<meta charset="x-no-such-thing">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(head) == expected


def test_utf16_page_reads_through_the_cli(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(codecs.BOM_UTF16_LE + PAGE.format(meta='<meta charset="utf-16">').encode("utf-16-le"))
    result = CliRunner().invoke(cli, ["outline", str(page), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["title"] == "Über uns"
    assert GERMAN in json.dumps(document, ensure_ascii=False)


@pytest.mark.corpus
def test_corpus_page_with_lying_charset_comes_out_readable(corpus: Path) -> None:
    """The page declares gb2312 but is UTF-8: its Chinese title and text must read as Chinese."""
    result = CliRunner().invoke(cli, ["outline", str(corpus / "html/hostile-charset-lie-qq/source.html"), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["title"] == "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶"
    text = "".join(section["text"] for section in document["sections"])
    assert "人工智能" in text
    assert "\ufffd" not in text
    assert not any(mojibake in text for mojibake in ("ä¸", "å", "ç"))

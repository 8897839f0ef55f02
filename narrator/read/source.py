"""Load an article's bytes from a path or standard input and decide its format.

Everything that can be wrong with the input itself (missing, a directory,
unreadable, empty, not text at all) is caught here and reported as one
:class:`~narrator.errors.InputError` line naming the file, before any reader
sees the bytes.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal
from urllib.parse import urlsplit

from narrator.errors import InputError
from narrator.options import SourceFormat
from narrator.read.decode import bom_encoding, decode, utf16_without_bom

Format = Literal["markdown", "html", "text"]

STDIN = "-"

_EXTENSIONS: dict[str, Format] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (audio or image)"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"fLaC", "a FLAC file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)

_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
_SNIFF_WINDOW = 8192
_READ_CHUNK = 1 << 20
_BINARY_SHARE = 20
"""More than one byte in this many a control byte means binary: random or compressed bytes have one in ten,
text saved from the web a stray few (a bell, a backspace) that the script drops."""

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""Larger inputs (files, pipes, devices, standard input) are refused before or while they are read: a page
saved whole with its images and scripts inlined is rarely over 50 MB; the text itself is limited by the reader."""

_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|\?xml)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(p|div|span|a|h[1-6]|ul|ol|li|table|section|article|br|img|meta|title)\b[^>]*>", re.IGNORECASE
)
_MARKDOWN_LINE = re.compile(
    r"^(#{1,6}\s+\S|\s*[-*+]\s+\S|\s*\d+[.)]\s+\S|>\s|```|~~~|---\s*$|\+\+\+\s*$|\s*\|.*\|\s*$)", re.MULTILINE
)
_MARKDOWN_TITLE = re.compile(r"\A\ufeff?\s*#{1,6}[ \t]+\S")
_MARKDOWN_INLINE = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|`[^`\n]+`")


@dataclass(frozen=True)
class RawSource:
    """An article's bytes as loaded, with the format they will be read as."""

    name: str
    """The path as the user gave it, or ``-`` for standard input; used in messages and as the document's source."""
    data: bytes
    format: Format


def load_source(source: str, requested: SourceFormat = "auto", stdin: BinaryIO | None = None) -> RawSource:
    """Read the bytes at ``source`` (``-``: ``stdin``, by default the process's; an ``http(s)://`` address: the
    page there) and settle their format."""
    from narrator.read.fetch import fetch, is_address

    if is_address(source):
        page = fetch(source)
        _reject_unreadable_content(source, page.data)
        declared = page.format if page.format != "text" else guess_format(urlsplit(page.url).path, page.data)
        return RawSource(source, page.data, requested if requested != "auto" else declared)
    data = _read_stdin(stdin) if source == STDIN else _read_path(source)
    _reject_unreadable_content(source, data)
    return RawSource(source, data, requested if requested != "auto" else guess_format(source, data))


def guess_format(source: str, data: bytes) -> Format:
    """The format named by the file's extension, else the one its first few kilobytes look like."""
    by_extension = _EXTENSIONS.get(Path(source).suffix.lower()) if source != STDIN else None
    return by_extension or sniff_format(data)


def sniff_format(data: bytes) -> Format:
    """HTML if it starts like a page or is full of tags; Markdown if it starts with a heading (``# Title``) or
    its lines look like Markdown; else text."""
    head = decode(data[:_SNIFF_WINDOW])
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 3:
        return "html"
    if _MARKDOWN_TITLE.match(head) or len(_MARKDOWN_LINE.findall(head)) + len(_MARKDOWN_INLINE.findall(head)) >= 2:
        return "markdown"
    return "text"


def _read_stdin(stdin: BinaryIO | None) -> bytes:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        return _read_capped(stream, STDIN)
    except OSError as error:
        raise InputError(f"standard input cannot be read: {error.strerror or error}") from None


def _read_path(source: str) -> bytes:
    """The file's bytes; a pipe, a device or ``<(command)`` is read under the same cap as a regular file."""
    path = Path(source)
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            if stat.S_ISREG(status.st_mode) and status.st_size > MAX_INPUT_BYTES:
                raise InputError(_too_large(source))
            return _read_capped(stream, source)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a directory, not an article") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied (the file cannot be read)") from None
    except OSError as error:
        raise InputError(f"{source}: cannot be read: {error.strerror or error}") from None


def _read_capped(stream: BinaryIO, source: str) -> bytes:
    """At most :data:`MAX_INPUT_BYTES` of ``stream``, refused as soon as its first bytes show it is binary
    (``/dev/zero``, ``/dev/urandom``) or as soon as there is more (``yes`` never ends)."""
    head = stream.read(_SNIFF_WINDOW)
    _reject_binary(source, head)
    chunks = [head]
    size = len(head)
    while chunk := stream.read(min(_READ_CHUNK, MAX_INPUT_BYTES + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_INPUT_BYTES:
            raise InputError(_too_large(source))
    return b"".join(chunks)


def _too_large(source: str) -> str:
    megabytes = MAX_INPUT_BYTES // 2**20
    return f"{_name(source)}: more than {megabytes} MB, too large to be an article; save the article alone"


def _reject_unreadable_content(source: str, data: bytes) -> None:
    _reject_binary(source, data)
    marked = bom_encoding(data) or utf16_without_bom(data)
    encoding, skip = marked or ("utf-8", 0)
    if not data[skip:].decode(encoding, errors="replace").strip():
        raise InputError(f"{_name(source)}: is empty" if not data else f"{_name(source)}: holds only white space")


def _reject_binary(source: str, data: bytes) -> None:
    """Refuse known binary formats by signature, and bytes with too many controls to be text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"{_name(source)}: is {kind}, not an article")
    marked = bom_encoding(data) or utf16_without_bom(data)
    if marked is None and _control_bytes(data[:_SNIFF_WINDOW]) > max(1, min(len(data), _SNIFF_WINDOW) // _BINARY_SHARE):
        raise InputError(f"{_name(source)}: looks like binary data, not an article")


def _name(source: str) -> str:
    return "standard input" if source == STDIN else source


def _control_bytes(sample: bytes) -> int:
    """Bytes that never occur in text (NUL and other C0 controls besides tab, newlines, form feed, escape)."""
    return sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)

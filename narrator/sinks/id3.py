"""ID3v2.3 tags with chapters (the ID3 chapter addendum), written in reading order.

Written here rather than with mutagen because mutagen orders frames by size
when it saves (quodlibet/mutagen#506), so CHAP frames would land in a shuffled
order, and ffmpeg and many podcast apps list chapters in file order. Version
2.3 is the one every player reads; its text is UTF-16 with a byte order mark.
mutagen and ffprobe read these tags back in the tests.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from narrator.sinks.base import Chapter
from narrator.sinks.cover import CoverImage

UNKNOWN_OFFSET = 0xFFFFFFFF
"""A CHAP frame's byte offsets when players should seek by time alone."""
MAX_CHILDREN = 255
"""A CTOC frame counts its entries in one byte; longer tables nest."""
_TOP_LEVEL_ORDERED = 0x03


@dataclass(frozen=True)
class Mp3Tags:
    """The ID3 text a player shows for a file."""

    title: str
    album: str
    artist: str = ""
    """Empty leaves the artist unset rather than inventing one."""
    track: tuple[int, int] | None = None
    """Track number and total, for one file of a split export."""
    cover: CoverImage | None = None
    """The front cover (an ID3 ``APIC`` frame, the M4B's attached picture, the Opus file's picture block)."""


def _frame(frame_id: str, body: bytes) -> bytes:
    return frame_id.encode("ascii") + struct.pack(">IH", len(body), 0) + body


def _text(frame_id: str, text: str) -> bytes:
    return _frame(frame_id, b"\x01" + text.encode("utf-16") + b"\x00\x00")


def _table(element_id: str, flags: int, children: Sequence[str], title: str) -> bytes:
    ids = b"".join(child.encode("ascii") + b"\x00" for child in children)
    body = element_id.encode("ascii") + b"\x00" + bytes([flags, len(children)]) + ids + _text("TIT2", title)
    return _frame("CTOC", body)


def _contents(chapter_ids: list[str], title: str) -> bytes:
    """The table of contents: one top-level ordered CTOC, nesting when there are over 255 chapters."""
    if len(chapter_ids) <= MAX_CHILDREN:
        return _table("toc", _TOP_LEVEL_ORDERED, chapter_ids, title)
    groups = [chapter_ids[start : start + MAX_CHILDREN] for start in range(0, len(chapter_ids), MAX_CHILDREN)]
    group_ids = [f"toc{number}" for number in range(1, len(groups) + 1)]
    nested = b"".join(_table(group_id, 0x01, group, title) for group_id, group in zip(group_ids, groups, strict=True))
    return _table("toc", _TOP_LEVEL_ORDERED, group_ids, title) + nested


def id3_tag(tags: Mp3Tags, chapters: Sequence[Chapter], size: int = 0) -> bytes:
    """A whole ID3v2.3 tag, zero-padded to ``size`` bytes when it is smaller."""
    frames = _text("TIT2", tags.title) + _text("TALB", tags.album)
    if tags.artist:
        frames += _text("TPE1", tags.artist)
    if tags.track:
        frames += _text("TRCK", "{}/{}".format(*tags.track))
    frames += _text("TSSE", "narrator (LAME)")
    if tags.cover:  # Latin-1 MIME type, picture type 3 (front cover), empty description, the image
        frames += _frame("APIC", b"\x00" + tags.cover.mime.encode("ascii") + b"\x00\x03\x00" + tags.cover.data)
    width = len(str(len(chapters)))
    chapter_ids = [f"chp{number:0{width}d}" for number in range(1, len(chapters) + 1)]
    if chapters:
        frames += _contents(chapter_ids, tags.title)
    for element_id, chapter in zip(chapter_ids, chapters, strict=True):
        times = struct.pack(">IIII", chapter.start_ms, chapter.end_ms, UNKNOWN_OFFSET, UNKNOWN_OFFSET)
        frames += _frame("CHAP", element_id.encode("ascii") + b"\x00" + times + _text("TIT2", chapter.title))
    body = frames.ljust(max(size - 10, len(frames)), b"\x00")
    syncsafe = sum(((len(body) >> (7 * shift)) & 0x7F) << (8 * shift) for shift in range(4))
    return b"ID3\x03\x00\x00" + struct.pack(">I", syncsafe) + body

"""The cover image players show: a JPEG or PNG file the user names, told apart by its first bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narrator.errors import InputError

MAX_COVER_BYTES = 16 * 1024 * 1024
"""ID3 frames and MP4 atoms hold far more, but a cover over 16 MB is a mistake, not artwork."""
_SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


@dataclass(frozen=True)
class CoverImage:
    """An image's bytes and its type."""

    data: bytes
    mime: str
    """``image/jpeg`` or ``image/png``."""

    @property
    def suffix(self) -> str:
        return ".png" if self.mime == "image/png" else ".jpg"


def read_cover(path: Path) -> CoverImage:
    """The image at ``path``; a one-line error when it is missing, too large, or not a JPEG or PNG."""
    try:
        size = path.stat().st_size
        if size > MAX_COVER_BYTES:
            raise InputError(f"Cover image is larger than {MAX_COVER_BYTES // 2**20} MB: {path}")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read the cover image {path}: {error.strerror or error}") from None
    for signature, mime in _SIGNATURES.items():
        if data.startswith(signature):
            return CoverImage(data, mime)
    raise InputError(f"Cover image is not a JPEG or PNG file: {path}")

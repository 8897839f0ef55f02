"""Articles at ``http(s)://`` addresses: fetched once, bounded in time, size and redirects, every failure one line.

Only ``http`` and ``https`` are followed, redirects included; at most
:data:`MAX_REDIRECTS` of them; a server that does not answer within
:data:`TIMEOUT_S` (to connect, or between two reads) is given up on; a body
over :data:`MAX_FETCH_BYTES` is refused as it streams in, so a huge or endless
response costs no more memory than the limit; and the declared content type
must be one narrator reads (HTML, Markdown or plain text).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from narrator.errors import InputError

TIMEOUT_S = 10.0
MAX_REDIRECTS = 5
MAX_FETCH_BYTES = 20 * 1024 * 1024
"""A web page with its inline scripts is rarely over a few megabytes; 20 MB is far past any article."""

WebFormat = Literal["markdown", "html", "text"]
CONTENT_TYPES: dict[str, WebFormat] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}
"""The media types narrator reads, and as what."""


@dataclass(frozen=True)
class Fetched:
    """A page as the server sent it."""

    url: str
    """The address it finally came from, after redirects."""
    data: bytes
    format: WebFormat
    """From the declared content type; plain text may still be sniffed as Markdown by the caller."""


def is_address(source: str) -> bool:
    """True for the sources :func:`fetch` reads."""
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str) -> Fetched:
    """GET ``url`` within the limits above; an :class:`InputError` naming the address for anything that goes wrong."""
    final_url, data, media_type = fetch_body(url, CONTENT_TYPES, "an article (HTML, Markdown or text)")
    return Fetched(final_url, data, CONTENT_TYPES[media_type])


def fetch_body(url: str, media_types: Collection[str], wanted: str) -> tuple[str, bytes, str]:
    """GET ``url`` within the limits above, refusing a declared content type not in ``media_types`` (``wanted`` says
    what was expected, for the error line); the final address, the body and its media type."""
    import httpx

    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(TIMEOUT_S),
                headers={"User-Agent": "narrator (article narrator)", "Accept": ", ".join(media_types)},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise InputError(f"{url}: the server answered {response.status_code} {response.reason_phrase}")
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type not in media_types:
                shown = media_type or "no content type"
                raise InputError(f"{url}: the server sent {shown}, not {wanted}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_FETCH_BYTES:
                raise InputError(_too_large(url))
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_FETCH_BYTES:
                    raise InputError(_too_large(url))
            return str(response.url), bytes(body), media_type
    except httpx.TooManyRedirects:
        raise InputError(f"{url}: redirects more than {MAX_REDIRECTS} times") from None
    except httpx.UnsupportedProtocol as error:
        raise InputError(f"{url}: leads to an address narrator does not read ({error})") from None
    except httpx.TimeoutException:
        raise InputError(f"{url}: no answer within {TIMEOUT_S:.0f} s") from None
    except httpx.ConnectError as error:
        raise InputError(f"{url}: cannot connect ({_reason(error)})") from None
    except httpx.HTTPError as error:
        raise InputError(f"{url}: cannot be fetched ({_reason(error)})") from None


def _too_large(url: str) -> str:
    return f"{url}: more than {MAX_FETCH_BYTES // 2**20} MB, too large to be an article"


def _reason(error: Exception) -> str:
    """The last line of the underlying cause, which names it (connection refused, name not known), lower case."""
    cause: BaseException = error
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    text = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    line = str(text).splitlines()[-1].strip().rstrip(".")
    return line[:1].lower() + line[1:]

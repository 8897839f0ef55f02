"""Articles at http(s) addresses, from a real HTTP server on 127.0.0.1: read like files, every failure one line."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from narrate import narrate

PAGE = b"""<!doctype html><html lang="en"><head><title>Tides | Coast Weekly</title></head><body>
<article><h1>Tides</h1><p>The sea rises and falls twice a day, pulled by the moon.</p>
<h2>Spring tides</h2><p>When the sun and moon line up, the tides run highest.</p></article></body></html>"""
MARKDOWN = b"# Rivers\n\nA river runs to the sea.\n\n## Deltas\n\nWhere it meets the sea, it spreads.\n"
HUGE = 50 * 1024 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    """A small site: a page, Markdown as plain text, a 404, a redirect loop, an image, a 50 MB page, a slow one."""

    def do_GET(self) -> None:
        routes = {
            "/tides.html": (200, "text/html; charset=utf-8", PAGE),
            "/rivers.md": (200, "text/plain; charset=utf-8", MARKDOWN),
            "/photo": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        }
        if self.path in routes:
            status, kind, body = routes[self.path]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(self.path)}")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/tides.html")
            self.end_headers()
        elif self.path == "/huge":  # no Content-Length: the limit must hold while it streams
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


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_outline_script_and_export_read_a_page_at_an_address(site: str, tmp_path: Path) -> None:
    outline = narrate("outline", f"{site}/tides.html", "--json")
    assert outline.status == 0, outline.stderr
    assert [section["heading"] for section in json.loads(outline.stdout)["sections"]] == ["", "Spring tides"]
    script = narrate("script", f"{site}/moved")  # one redirect is followed
    assert script.status == 0, script.stderr
    assert "The sea rises and falls twice a day, pulled by the moon." in script.stdout
    export = narrate("export", f"{site}/tides.html", "--wav", "-q", cwd=tmp_path)
    assert export.status == 0, export.stderr
    assert (tmp_path / "tides.wav").stat().st_size > 10_000  # named after the address's last part


def test_markdown_sent_as_plain_text_is_read_as_markdown(site: str) -> None:
    outline = json.loads(narrate("outline", f"{site}/rivers.md", "--json").stdout)
    assert outline["title"] == "Rivers"
    assert [section["heading"] for section in outline["sections"] if section["heading"]] == ["Deltas"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "{site}/missing: the server answered 404 Not Found"),
        ("/loop", "{site}/loop: redirects more than 5 times"),
        ("/photo", "{site}/photo: the server sent image/png, not an article (HTML, Markdown or text)"),
        ("/huge", "{site}/huge: more than 20 MB, too large to be an article"),
    ],
)
def test_each_failure_is_one_line_and_a_non_zero_exit(site: str, path: str, message: str) -> None:
    run = narrate("outline", f"{site}{path}", timeout=60)
    assert run.status == 1
    assert run.stderr.splitlines() == [f"Error: {message.format(site=site)}"]
    assert run.peak_mb < 250  # the 50 MB body was refused as it arrived, not held


def test_an_unreachable_address_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    run = narrate("export", f"http://127.0.0.1:{port}/post", "-o", tmp_path / "post.mp3")
    assert run.status == 1
    assert run.stderr.splitlines() == [f"Error: http://127.0.0.1:{port}/post: cannot connect (connection refused)"]
    assert list(tmp_path.iterdir()) == []


def test_other_schemes_are_not_fetched() -> None:
    run = narrate("outline", "ftp://127.0.0.1/article.html")
    assert run.status == 1
    assert run.stderr.splitlines() == ["Error: ftp://127.0.0.1/article.html: no such file"]

"""What ``narrate publish`` SOURCEs expand to: folders, list files, sitemaps and feeds (fast, no speech)."""

from __future__ import annotations

from pathlib import Path

from narrator.publish import slug_for
from narrator.publish.sources import expand_sources, listing_links

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<item><title>One</title><link>https://example.org/one</link></item>
<item><title>Two</title><link> /two </link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><link rel="edit" href="/edit/1"/><link rel="alternate" href="/posts/1"/></entry>
<entry><link href="https://other.example/2"/></entry></feed>"""
SITEMAP_INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.org/posts.xml</loc></sitemap></sitemapindex>"""


def test_rss_atom_and_sitemap_index_links_resolve_against_their_address() -> None:
    assert listing_links(RSS, "https://example.org/feed") == ["https://example.org/one", "https://example.org/two"]
    assert listing_links(ATOM, "https://example.org/atom") == [
        "https://example.org/posts/1",  # the alternate link, not the edit link
        "https://other.example/2",
    ]
    assert listing_links(SITEMAP_INDEX, "https://example.org/sitemap.xml") == ["https://example.org/posts.xml"]


def test_a_folder_gives_its_articles_in_order_without_hidden_folders_and_a_list_its_lines(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / ".git").mkdir()
    for name in ("a.md", "b/c.html", "b/d.htm", "e.markdown", "notes.txt", ".git/f.md"):
        (site / name).write_text("# t\n\nx\n")
    expanded = expand_sources([str(site)])
    assert [Path(path).relative_to(site).as_posix() for path in expanded.articles] == [
        "a.md",
        "b/c.html",
        "b/d.htm",
        "e.markdown",
    ]
    (site / "audio" / "a").mkdir(parents=True)
    (site / "audio" / "a" / "index.html").write_text("<p>a read-along page</p>")
    assert expand_sources([str(site)], exclude=site / "audio").articles == expanded.articles  # publishing into it
    listing = tmp_path / "list.txt"
    listing.write_text("# articles\nsite/a.md\n\nsite/a.md  # twice: once\nhttps://example.org/post\nmissing.md\n")
    expanded = expand_sources([f"@{listing}"])
    assert expanded.articles == [str(site / "a.md"), "https://example.org/post"]
    assert expanded.problems == [f"{tmp_path / 'missing.md'}: no such file or folder"]


def test_a_local_feed_names_files_beside_it_and_entities_are_not_expanded(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text("# Post\n\nText.\n")
    (tmp_path / "feed.xml").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><link>post.md</link></item><item><link>&secret;</link></item></channel></rss>"
    )
    expanded = expand_sources([str(tmp_path / "feed.xml")])
    assert expanded.articles == [str(tmp_path / "post.md")]
    assert expanded.problems == []


def test_lists_that_name_themselves_stop_with_one_line(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"@{listing}\n")
    expanded = expand_sources([f"@{listing}"])
    assert expanded.articles == []
    assert expanded.problems == [f"@{listing}: lists and sitemaps nested more than 3 deep"]


def test_slugs_are_the_page_names_in_lower_case() -> None:
    assert slug_for("https://example.org/blog/My_Post.html") == "my_post"
    assert slug_for("https://example.org/") == "example-org"
    assert slug_for("docs/Getting Started/index.md") == "getting-started"
    assert slug_for("notes/Über uns.md") == "über-uns"

"""The HTML reader: each block kind, each FAQ form, hidden content and page chrome, metadata, hostile nesting."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_sample_article import HEADINGS, TITLE

from narrator.cli import cli
from narrator.document import (
    Block,
    Code,
    Document,
    Faq,
    Image,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    block_text,
)
from narrator.read.assemble import Event, Heading
from narrator.read.html import html_events, read_html, read_page

ARTICLES = Path(__file__).resolve().parent.parent / "articles"
PROSE = " ".join(
    ["The harbour wall was rebuilt after the winter storms, stone by stone, by the town's own masons."] * 4
)


def page(body: str, head: str = "<title>Harbour news</title>") -> str:
    """A page whose main content is long enough for the extractor to recognise it as the article."""
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def article(inner: str) -> str:
    return page(f"<main><article><h1>Harbour news</h1><p>{PROSE}</p>{inner}<p>{PROSE}</p></article></main>")


def all_text(events: list[Event] | tuple[Event, ...]) -> str:
    return "\n".join(event.text if isinstance(event, Heading) else block_text(event) for event in events)


def only(events: list[Event], kind: type[Block]) -> Block:
    matches = [event for event in events if isinstance(event, kind)]
    assert len(matches) == 1, events
    return matches[0]


def outline_json(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["outline", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# Block kinds -----------------------------------------------------------------------


def test_headings_keep_their_levels_and_order() -> None:
    events = html_events(
        "<h1>One</h1><p>a</p><h3>Three <em>deep</em></h3><div role='heading' aria-level='4'>Four</div>"
    )
    assert [e for e in events if isinstance(e, Heading)] == [
        Heading(1, "One"),
        Heading(3, "Three deep"),
        Heading(4, "Four"),
    ]


def test_link_words_stay_in_the_text_and_the_address_is_data() -> None:
    events = html_events('<p>Read the <a href="https://example.org/report">full report</a> today.</p>')
    assert events == [Paragraph("Read the full report today.", (Link("full report", "https://example.org/report"),))]


def test_line_breaks_twice_split_paragraphs_and_once_do_not() -> None:
    events = html_events("<div>First line<br>same paragraph<br><br>Second paragraph</div>")
    assert events == [Paragraph("First line same paragraph"), Paragraph("Second paragraph")]


def test_nested_lists_keep_their_shape_and_numbering() -> None:
    events = html_events(
        "<ol start='3'><li>Mix <b>flour</b><ul><li>sift it</li><li>weigh it</li></ul></li><li>Bake</li></ol>"
    )
    block = only(events, ListBlock)
    assert isinstance(block, ListBlock)
    assert block.ordered and block.start == 3
    assert [item.text for item in block.items] == ["Mix flour", "Bake"]
    nested = block.items[0].children[0]
    assert not nested.ordered
    assert [item.text for item in nested.items] == ["sift it", "weigh it"]


def test_data_table_has_header_cells_and_rows() -> None:
    events = html_events(
        "<table><caption>Tides</caption><thead><tr><th>Day</th><th>High</th></tr></thead>"
        "<tbody><tr><td>Monday</td><td>06:12</td></tr><tr><td>Tuesday</td><td>06:58</td></tr></tbody></table>"
    )
    assert events == [Table(("Day", "High"), (("Monday", "06:12"), ("Tuesday", "06:58")), "Tides")]


def test_layout_table_is_read_as_its_paragraphs() -> None:
    events = html_events(
        "<table><tr><td><p>Left column story.</p></td><td><p>Right column story.</p></td></tr></table>"
    )
    assert events == [Paragraph("Left column story."), Paragraph("Right column story.")]


def test_images_keep_alt_text_and_captions() -> None:
    events = html_events(
        '<figure><img src="wall.jpg" alt="The rebuilt harbour wall"><figcaption>Photo: J. Smith</figcaption></figure>'
        '<p>Before <img src="spacer.gif" alt=""> after</p>'
    )
    assert Image("The rebuilt harbour wall", "wall.jpg", "Photo: J. Smith") in events
    assert Image("", "spacer.gif") in events
    assert Paragraph("Before") in events and Paragraph("after") in events


def test_blockquote_holds_blocks_and_attribution() -> None:
    events = html_events("<blockquote><p>Stone outlasts us all.</p><footer>— Harbour master</footer></blockquote>")
    assert events == [Quote((Paragraph("Stone outlasts us all."),), "Harbour master")]


def test_code_keeps_lines_and_language() -> None:
    code = "def tide(day):\n    return day * 2\n"
    events = html_events(f'<pre><code class="language-python">{code}</code></pre>')
    assert events == [Code(code.rstrip("\n"), "python")]
    assert html_events("<pre data-lang='sh'>ls -l\n</pre>") == [Code("ls -l", "sh")]


def test_preformatted_prose_is_read_as_paragraphs() -> None:
    prose = "This memo describes a protocol for storing data.\nIt is written as plain text.\n" * 4
    events = html_events(f"<pre>{prose}\n\n{prose}</pre>")
    assert all(isinstance(event, Paragraph) for event in events) and len(events) == 2


def test_markup_css_and_script_never_leak_into_text() -> None:
    events = html_events(
        "<style>p { color: red }</style><script>var secret = 1;</script><p>Visible <!-- note --> words</p>"
        "<template><p>Template</p></template><svg><text>Icon</text></svg><noscript>Enable JS</noscript>"
        "<p>&lt;b&gt; is how you write bold</p>"
    )
    assert all_text(events) == "Visible words\n<b> is how you write bold"


# Hidden content and chrome ----------------------------------------------------------


def test_hidden_content_is_never_read() -> None:
    events = html_events(
        "<p>Shown.</p><p hidden>Hidden attribute.</p><div aria-hidden='true'>Aria hidden.</div>"
        "<p style='color: red; display : none'>Display none.</p><span style='visibility:hidden'>Invisible.</span>"
    )
    assert all_text(events) == "Shown."


def test_page_chrome_is_dropped_and_the_article_kept() -> None:
    text = page(
        "<div class='cookie-banner'><p>We use cookies. Accept all?</p></div>"
        "<header><nav><a href='/'>Home</a><a href='/news'>News</a></nav></header>"
        "<div class='social-share'><a href='#'>Share on Facebook</a></div>"
        f"<main><article><h1>Harbour news</h1><p>{PROSE}</p><h2>Repairs</h2><p>{PROSE}</p></article>"
        "<aside><h2>Popular</h2><p>Something else entirely.</p></aside></main>"
        "<div class='related-articles'><h2>Related</h2><ul><li><a href='/x'>Other story</a></li></ul></div>"
        "<form action='/subscribe'><p>Subscribe to our newsletter</p><input name='email'></form>"
        "<footer><p>Copyright Harbour Press</p></footer>"
    )
    events = read_page(text).events
    words = all_text(events)
    assert [e for e in events if isinstance(e, Heading)] == [Heading(1, "Harbour news"), Heading(2, "Repairs")]
    assert "masons" in words
    for chrome in ("cookies", "Home", "Share", "Popular", "Other story", "Subscribe", "Copyright"):
        assert chrome not in words


def test_a_page_wrapped_in_one_form_keeps_its_article() -> None:
    """ASP.NET pages put everything inside one ``<form>``; the article must survive."""
    events = read_page(
        page(f"<form id='aspnetForm'><div><h1>Harbour news</h1><p>{PROSE}</p><p>{PROSE}</p></div></form>")
    )
    assert "masons" in all_text(events.events)


# FAQs in every HTML form -------------------------------------------------------------


def test_details_with_a_question_summary_is_an_faq() -> None:
    events = html_events(
        "<details><summary>Is the wall finished?</summary><p>Yes, since May.</p></details>"
        "<details><summary>Table of contents</summary><p>Intro</p></details>"
    )
    assert events[0] == Faq("Is the wall finished?", (Paragraph("Yes, since May."),))
    assert Paragraph("Table of contents") in events and Paragraph("Intro") in events


def test_definition_list_of_questions_is_a_list_of_faqs() -> None:
    events = html_events(
        "<dl><dt>Who paid for it?</dt><dd>The town council.</dd><dt>How long did it take?</dt>"
        "<dd><p>Two years.</p><p>Longer than planned.</p></dd></dl>"
    )
    assert events == [
        Faq("Who paid for it?", (Paragraph("The town council."),)),
        Faq("How long did it take?", (Paragraph("Two years."), Paragraph("Longer than planned."))),
    ]


def test_definition_list_of_terms_is_read_as_term_then_definition() -> None:
    events = html_events("<dl><dt>Mason</dt><dd>Someone who builds with stone.</dd></dl>")
    assert events == [Paragraph("Mason"), Paragraph("Someone who builds with stone.")]


def test_microdata_questions_are_faqs_in_the_stream_and_structured() -> None:
    faq_html = (
        '<div itemscope itemtype="https://schema.org/FAQPage">'
        '<div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">'
        '<h3 itemprop="name">When does the harbour open?</h3>'
        '<div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">'
        '<div itemprop="text"><p>At dawn every day.</p></div></div></div></div>'
    )
    expected = Faq("When does the harbour open?", (Paragraph("At dawn every day."),))
    assert html_events(faq_html) == [expected]
    result = read_page(article(faq_html))
    assert result.structured_faqs == (expected,)
    assert expected in result.events


def test_json_ld_faqs_are_parsed_with_html_answers() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "Harbour"},
            {
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": "Can I fish from the wall?",
                        "acceptedAnswer": {"@type": "Answer", "text": "<p>Only with a <b>permit</b>.</p>"},
                    }
                ],
            },
        ],
    }
    head = f'<title>Harbour news</title><script type="application/ld+json">{json.dumps(ld)}</script>'
    result = read_page(page(f"<article><h1>Harbour news</h1><p>{PROSE}</p></article>", head))
    assert result.structured_faqs == (Faq("Can I fish from the wall?", (Paragraph("Only with a permit."),)),)
    assert "permit" not in all_text(result.events)


def test_json_ld_faqs_nested_in_another_object_are_found() -> None:
    ld = {
        "@type": "Recipe",
        "name": "Soup",
        "mainEntity": {
            "@type": "FAQPage",
            "mainEntity": [{"@type": "Question", "name": "Can it be frozen?", "acceptedAnswer": {"text": "Yes."}}],
        },
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script><script type="application/ld+json">{{broken'
    result = read_page(page(f"<p>{PROSE}</p>", head + "</script>"))
    assert [faq.question for faq in result.structured_faqs] == ["Can it be frozen?"]


def test_structured_faqs_not_on_the_page_become_a_final_section() -> None:
    ld = {
        "@type": "FAQPage",
        "mainEntity": [{"@type": "Question", "name": "Is parking free?", "acceptedAnswer": {"text": "On Sundays."}}],
    }
    head = f'<title>Harbour news</title><script type="application/ld+json">{json.dumps(ld)}</script>'
    document = read_html(page(f"<article><h1>Harbour news</h1><p>{PROSE}</p></article>", head))
    last = document.sections[-1]
    assert last.faqs == (Faq("Is parking free?", (Paragraph("On Sundays."),)),)


def test_question_headings_under_an_faq_heading_become_faqs() -> None:
    document = read_html(
        article(
            "<h2>Frequently asked questions</h2><h3>Is the wall safe?</h3><p>Engineers checked it.</p>"
            "<h3>Who built it?</h3><p>Local masons.</p>"
        )
    )
    faq_section = next(section for section in document.sections if section.heading == "Frequently asked questions")
    assert [faq.question for faq in faq_section.faqs] == ["Is the wall safe?", "Who built it?"]


def test_visible_faqs_confirmed_by_json_ld_are_spoken_once() -> None:
    ld = {
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": "Is the wall finished?", "acceptedAnswer": {"text": "Yes, since May."}}
        ],
    }
    head = f'<title>Harbour news</title><script type="application/ld+json">{json.dumps(ld)}</script>'
    details = "<details><summary>Is the wall finished?</summary><p>Yes, since May.</p></details>"
    document = read_html(page(f"<article><h1>Harbour news</h1><p>{PROSE}</p>{details}</article>", head))
    questions = [faq.question for section in document.sections for faq in section.faqs]
    assert questions == ["Is the wall finished?"]


# Metadata ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "h1", "title"),
    [
        ('<meta property="og:title" content="Wall rebuilt | Harbour Press"><title>x</title>', "Other", "Wall rebuilt"),
        ("<title>Wall rebuilt after storms - Harbour Press</title>", "Elsewhere", "Wall rebuilt after storms"),
        (
            '<meta property="og:site_name" content="Harbour Press"><title>Harbour Press | Wall rebuilt</title>',
            "Elsewhere",
            "Wall rebuilt",
        ),
        (
            "<title>Harbour Press: news - Wall rebuilt after the storms of winter</title>",
            "Wall rebuilt after the storms of winter",
            "Wall rebuilt after the storms of winter",
        ),
        ("", "Wall rebuilt", "Wall rebuilt"),
    ],
)
def test_title_comes_from_the_page_without_the_site_name(head: str, h1: str, title: str) -> None:
    assert read_page(page(f"<article><h1>{h1}</h1><p>{PROSE}</p></article>", head)).title == title


def test_language_and_byline_come_from_metadata() -> None:
    ld = {"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"name": "Li Wei"}]}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    text = page(f"<p>{PROSE}</p>", head).replace("lang='en'", "lang='es-MX'")
    result = read_page(text)
    assert (result.language, result.byline) == ("es-MX", "Ana Ruiz, Li Wei")
    assert read_page(page(f"<p>{PROSE}</p>", '<meta name="author" content="Sam Lee">')).byline == "Sam Lee"
    assert read_page(page(f"<p>By <a rel='author' href='/sam'>Sam Lee</a></p><p>{PROSE}</p>")).byline == "Sam Lee"


# Hostile input ---------------------------------------------------------------------


def test_ten_thousand_nested_divs_read_without_recursion_error() -> None:
    depth = 10_000
    deep = "<div>" * depth + f"<p>{PROSE}</p><ul><li>bottom</li></ul>" + "</div>" * depth
    started = time.perf_counter()
    result = read_page(page(deep))
    assert "masons" in all_text(result.events)
    assert time.perf_counter() - started < 5


def test_deeply_nested_lists_are_flattened_not_fatal() -> None:
    depth = 3000
    nested = "<ul><li>level" * depth + "</li></ul>" * depth
    events = html_events(nested)
    assert all_text(events).count("level") == depth


# The sample article ------------------------------------------------------------------


def test_sample_html_article_reads_like_the_markdown_one() -> None:
    """Golden test: the page's chrome is gone; title once, six headings, three exact FAQs, no related titles."""
    html_doc = outline_json(ARTICLES / "ketamine-depression.html")
    md_doc = outline_json(ARTICLES / "ketamine-depression.md")
    assert html_doc["title"] == TITLE
    assert html_doc["byline"] == "Dana Whitfield" and html_doc["language"] == "en-US"
    sections = html_doc["sections"]
    assert isinstance(sections, list)
    assert [(s["level"], s["heading"]) for s in sections] == HEADINGS
    faqs = sections[4]["faqs"]
    assert [faq["question"] for faq in faqs] == [
        "Is Ketamine Safe for Depression Treatment?",
        "How Effective Is Ketamine in Treating Depression?",
        "Can Ketamine be Used as a Standalone Treatment for Depression?",
    ]
    assert faqs[0]["answer"].startswith("Some individuals may understandably have concerns")
    assert faqs[2]["answer"].endswith("under the supervision of a qualified healthcare professional.")
    assert sections == md_doc["sections"]
    spoken = json.dumps(sections)
    assert spoken.count(TITLE) == 0
    for chrome in (
        "cookies",
        "Share on",
        "Conditions",
        "Skip to content",
        "Related articles",
        "Unlocking the Diagnostic",
        "Bone Marrow",
        "Privacy policy",
        "tracking pixel",
        "Printed from",
        "newsletter",
        "gtag",
        "color",
    ):
        assert chrome not in spoken


def test_sample_html_article_keeps_link_addresses_as_data() -> None:
    document: Document = read_html((ARTICLES / "ketamine-depression.html").read_text(encoding="utf-8"))
    first = document.sections[0].blocks[1]
    assert isinstance(first, Paragraph)
    assert "a recent study has shed light" in first.text
    assert first.links == (Link("recent study", "https://example.org/ketamine-study"),)

"""Property-based tests over the readers and the script builder: no input makes them crash, and no words are lost.

Generated and mutated HTML and Markdown either read or fail with a
:class:`~narrator.errors.NarratorError` (a one-line message for the user),
never another exception. Generated articles (headings and paragraphs of
ordinary words, with inline markup and page chrome around them) are spoken
whole: every word of the main content appears in the script, in order.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from narrator.errors import NarratorError
from narrator.options import ReadOptions, ScriptOptions
from narrator.read import read_source
from narrator.script.build import build_script
from narrator.script.model import Script

ARTICLES = Path(__file__).resolve().parent.parent / "articles"
EXAMPLES = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

VOCABULARY = (
    "harbour", "wall", "stone", "winter", "storm", "mason", "river", "meadow", "lantern", "kettle", "garden",
    "window", "orchard", "valley", "candle", "bridge", "pebble", "willow", "copper", "basket", "ribbon", "saddle",
    "thunder", "marble", "velvet", "canyon", "quiet", "gentle", "narrow", "golden", "silver", "hollow", "distant",
    "ancient", "humble", "careful", "steady", "bright", "early", "walked", "carried", "painted", "gathered",
    "listened", "wandered", "folded", "lifted", "mended", "polished", "sheltered", "whispered",
)  # fmt: skip
"""Plain words the normaliser leaves alone (no numbers, abbreviations or symbols), so they are spoken as written."""

MARKUP = st.sampled_from(
    ["<", ">", "</", "/>", "<p>", "</p>", "<div>", "</div>", "<h2>", "</h2>", "<li>", "<table><tr><td>", "&amp;",
     "&#0;", "&#x110000;", "&nbsp;", "<!--", "-->", "<script>", "</script>", "<style>", "<![CDATA[", "]]>", "\x00",
     "# ", "## ", "\n\n", "```", "~~~", "---\n", "+++\n", "* ", "1. ", "> ", "| a | b |\n|---|---|\n", "[x](", ")",
     "![", "<details><summary>", "</summary>", "</details>", "{{<", ">}}", "{%", "%}", "[[", "]]", "\\", "\ufeff",
     "\u202e", "\ud7ff", "é", "中文", "שלום", " ", "\t", "\r\n"]
)  # fmt: skip
"""Pieces of markup and text that readers treat specially, to splice into documents."""


def read_bytes(data: bytes, source_format: str) -> Script | None:
    """Read and script ``data``; ``None`` when it is refused with a user-facing error (which is allowed)."""
    try:
        document = read_source("-", ReadOptions(format=source_format), stdin=io.BytesIO(data))  # type: ignore[arg-type]
        return build_script(document, ScriptOptions(toc=True, read_code=True, earcons=True))
    except NarratorError:
        return None


# Nothing makes the readers or the builder raise --------------------------------------


@EXAMPLES
@given(st.lists(st.one_of(MARKUP, st.text(max_size=12)), max_size=60), st.sampled_from(["html", "markdown", "text"]))
def test_generated_markup_never_raises(pieces: list[str], source_format: str) -> None:
    read_bytes("".join(pieces).encode("utf-8", "surrogatepass"), source_format)


@st.composite
def mutations(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few slices deleted, markup spliced in, or bytes flipped."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "flip", "truncate"]))
        if action == "delete":
            del data[position : position + draw(st.integers(1, 200))]
        elif action == "insert":
            data[position:position] = draw(MARKUP).encode("utf-8", "surrogatepass")
        elif action == "flip" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[position:]
    return bytes(data)


SAMPLE_HTML = (ARTICLES / "ketamine-depression.html").read_bytes()
SAMPLE_MARKDOWN = (ARTICLES / "accessible-web-design.md").read_bytes()


def test_the_unmutated_samples_read_so_the_mutation_tests_exercise_the_readers() -> None:
    for data, source_format in ((SAMPLE_HTML, "html"), (SAMPLE_MARKDOWN, "markdown")):
        script = read_bytes(data, source_format)
        assert script is not None and len(script.items) > 50


@EXAMPLES
@given(mutations(SAMPLE_HTML))
def test_mutated_html_never_raises(data: bytes) -> None:
    read_bytes(data, "html")


@EXAMPLES
@given(mutations(SAMPLE_MARKDOWN))
def test_mutated_markdown_never_raises(data: bytes) -> None:
    read_bytes(data, "markdown")


# No text is lost ------------------------------------------------------------------------

WORDS = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6)


@st.composite
def articles(draw: st.DrawFn, sentence_words: int = 3) -> tuple[list[str], list[tuple[list[str], list[list[str]]]]]:
    """A title and sections, each a heading and paragraphs of sentences; lists of words, before any markup.

    Headings and sentences are all different from each other and from the title: a heading that only repeats
    the title or a sentence, or a paragraph said twice, is said once by design (nothing is read twice). A
    sentence has three different words at least: one word said over and over is boilerplate to an extractor.
    """
    sentence = st.lists(st.sampled_from(VOCABULARY), min_size=sentence_words, max_size=14).filter(
        lambda words: len(set(words)) >= 3
    )
    title = draw(WORDS)
    headings = draw(st.lists(WORDS.filter(lambda words: words != title), min_size=1, max_size=6, unique_by=tuple))
    sentences = draw(
        st.lists(sentence, min_size=len(headings), max_size=4 * len(headings), unique_by=tuple).filter(
            lambda found: not {tuple(words) for words in found} & {tuple(words) for words in headings}
        )
    )
    return title, [(heading, sentences[index :: len(headings)]) for index, heading in enumerate(headings)]


def expected_words(title: list[str], sections: list[tuple[list[str], list[list[str]]]]) -> list[str]:
    words = list(title)
    for heading, paragraphs in sections:
        words += heading
        for sentence in paragraphs:
            words += sentence
    return words


def spoken_words(script: Script) -> list[str]:
    return re.findall(r"[a-z]+", " ".join(item.text for item in script.items if item.spoken).lower())


def assert_subsequence(wanted: list[str], spoken: list[str]) -> None:
    """Every wanted word, in order, among the spoken ones (which add announcements such as "Section 1 of 3")."""
    position = 0
    for index, word in enumerate(wanted):
        try:
            position = spoken.index(word, position) + 1
        except ValueError:
            raise AssertionError(
                f"word {index} {word!r} lost; context {wanted[max(0, index - 5) : index + 5]}"
            ) from None


def sentence_text(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


@EXAMPLES
@given(articles(), st.sampled_from(["full", "brief", "none"]))
def test_every_word_of_a_markdown_article_is_spoken_in_order(
    article: tuple[list[str], list[tuple[list[str], list[list[str]]]]], announce: str
) -> None:
    title, sections = article
    lines = [f"# {' '.join(title)}", ""]
    for heading, paragraphs in sections:
        lines += [f"## {' '.join(heading)}", ""]
        lines += [sentence_text(sentence) + "\n" for sentence in paragraphs]
    document = read_source("-", ReadOptions(format="markdown"), stdin=io.BytesIO("\n".join(lines).encode()))
    script = build_script(document, ScriptOptions(announce=announce))  # type: ignore[arg-type]
    assert_subsequence(expected_words(title, sections), spoken_words(script))


INLINE = st.sampled_from(["{}", "<b>{}</b>", "<em>{}</em>", "<a href='/x'>{}</a>", "<span class='x'>{}</span>"])


@EXAMPLES
@given(articles(sentence_words=6), st.lists(INLINE, min_size=1, max_size=5), st.booleans())
def test_every_word_of_an_html_article_is_spoken_in_order(
    article: tuple[list[str], list[tuple[list[str], list[list[str]]]]], wrappers: list[str], chrome: bool
) -> None:
    """Inline markup, and navigation, a header and a footer around the article, lose no word of it."""
    # A paragraph of many links is a row of links (related stories, tags), left out by design
    assume(sum("<a " in wrapper for wrapper in wrappers) * 3 <= len(wrappers))
    title, sections = article
    body = [f"<h1>{' '.join(title)}</h1>"]
    for number, (heading, paragraphs) in enumerate(sections):
        body.append(f"<h2>{' '.join(heading)}</h2>")
        for sentence in paragraphs:
            words = [wrappers[(number + i) % len(wrappers)].format(word) for i, word in enumerate(sentence)]
            body.append(f"<p>{sentence_text(words)}</p>")
    article_html = f"<article>{''.join(body)}</article>"
    if chrome:
        article_html = (
            "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
            f"<main>{article_html}</main><footer><p>Copyright notice.</p></footer>"
        )
    head = f"<title>{' '.join(title)}</title>"
    page = f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{article_html}</body></html>"
    document = read_source("-", ReadOptions(format="html"), stdin=io.BytesIO(page.encode()))
    assert_subsequence(expected_words(title, sections), spoken_words(build_script(document, ScriptOptions())))

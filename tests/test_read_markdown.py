"""The Markdown reader: every block kind, front matter, FAQ forms and what site generators leave in the source."""

from __future__ import annotations

import io
import time
from pathlib import Path
from textwrap import dedent

import pytest

from narrator.document import (
    Block,
    Code,
    Document,
    Faq,
    Image,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Table,
    blocks_text,
)
from narrator.options import ReadOptions
from narrator.read import read_source
from narrator.read.language import guess_text_language
from narrator.read.markdown import split_front_matter, strip_templates


def read(markdown: str) -> Document:
    return read_source("-", ReadOptions(format="markdown"), stdin=io.BytesIO(dedent(markdown).encode()))


def all_text(document: Document) -> str:
    parts = [document.title]
    for section in document.sections:
        parts += [section.heading, blocks_text(section.blocks)]
    return "\n".join(parts)


def only_blocks(markdown: str) -> tuple[Block, ...]:
    (section,) = read(markdown).sections
    return section.blocks


def test_links_keep_their_words_in_the_text_and_their_address_as_data() -> None:
    (paragraph,) = only_blocks("Read the [pricing guide](https://example.com/pricing) and `pip install`.")
    assert paragraph == Paragraph(
        "Read the pricing guide and `pip install`.", (Link("pricing guide", "https://example.com/pricing"),)
    )


def test_emphasis_and_line_breaks_fold_into_plain_text() -> None:
    assert only_blocks("Some *very*\n**strong** ~~old~~ words  \nhere.") == (
        Paragraph("Some very strong old words here."),
    )


def test_images_keep_alt_text_and_an_image_without_alt_is_kept_silent() -> None:
    blocks = only_blocks(
        "![A red bicycle](bike.png)\n\n![](divider.svg)\n\nText <img src='x.png' alt=\"An inline chart\"> here."
    )
    assert blocks == (
        Image("A red bicycle", "bike.png"),
        Image("", "divider.svg"),
        Paragraph("Text here."),
        Image("An inline chart", "x.png"),
    )


def test_ordered_and_nested_lists() -> None:
    (numbered, bullets) = only_blocks(
        """\
        3. Third
        4. Fourth

        - Fruit
          - apples
          - pears
        - Bread
        """
    )
    assert numbered == ListBlock((ListItem("Third"), ListItem("Fourth")), ordered=True, start=3)
    assert bullets == ListBlock(
        (ListItem("Fruit", (ListBlock((ListItem("apples"), ListItem("pears"))),)), ListItem("Bread"))
    )


def test_a_code_block_inside_a_list_item_follows_the_list_which_resumes_after_it() -> None:
    blocks = only_blocks(
        """\
        1. Update:

           ```sh
           brew update
           ```
        2. Upgrade.
        """
    )
    assert blocks == (
        ListBlock((ListItem("Update:"),), ordered=True, start=1),
        Code("brew update", "sh"),
        ListBlock((ListItem("Upgrade."),), ordered=True, start=2),
    )


def test_table_with_header_and_rows() -> None:
    (table,) = only_blocks("| Text | AA |\n|---|---|\n| Body | 4.5 to 1 |\n| `Large` | 3 to 1 |\n")
    assert table == Table(("Text", "AA"), (("Body", "4.5 to 1"), ("`Large`", "3 to 1")))


def test_fenced_and_indented_code_keep_their_text_and_language() -> None:
    blocks = only_blocks("```python {linenos=true}\nprint('hi')\n```\n\n    brew update\n")
    assert blocks == (Code("print('hi')", "python"), Code("brew update", ""))


def test_quotes_keep_their_blocks_and_attribution() -> None:
    blocks = only_blocks(
        """\
        > The power of the Web is in its universality.
        >
        > — Tim Berners-Lee

        > "If it compiles, it works." -- Senior engineer

        > [!NOTE]
        > Field names are reserved.
        """
    )
    assert blocks == (
        Quote((Paragraph("The power of the Web is in its universality."),), "Tim Berners-Lee"),
        Quote((Paragraph('"If it compiles, it works."'),), "Senior engineer"),
        Quote((Paragraph("Note: Field names are reserved."),)),
    )


def test_footnote_references_leave_no_mark_and_the_notes_are_read_once_at_the_end() -> None:
    document = read(
        """\
        # Title

        ## Body

        Rust is loved[^love] and fast[^2].

        [^love]: By *most* of its users.
        [^2]: Usually.
        """
    )
    assert [(s.level, s.heading) for s in document.sections] == [(2, "Body"), (2, "Footnotes")]
    assert document.sections[0].blocks == (Paragraph("Rust is loved and fast."),)
    assert document.sections[1].blocks == (
        ListBlock((ListItem("By most of its users."), ListItem("Usually.")), ordered=True),
    )
    assert "[^" not in all_text(document) and "love]" not in all_text(document)


def test_definition_list_with_question_terms_is_an_faq() -> None:
    blocks = only_blocks(
        """\
        Is it free?
        : Yes, always.

          Even for companies.

        Who maintains it?
        : Volunteers.
        """
    )
    assert blocks == (
        Faq("Is it free?", (Paragraph("Yes, always."), Paragraph("Even for companies."))),
        Faq("Who maintains it?", (Paragraph("Volunteers."),)),
    )


def test_definition_list_with_plain_terms_reads_term_then_definition() -> None:
    assert only_blocks("`draft`\n: Whether to skip rendering.\n") == (Paragraph("`draft`: Whether to skip rendering."),)


def test_details_with_a_question_summary_and_markdown_inside_is_an_faq() -> None:
    blocks = only_blocks(
        """\
        <details>
        <summary>Can it read <em>any</em> language?</summary>
        <p>In short:</p>

        Only those it has **rules** for.

        </details>

        <details>
        <summary>2 detailed updates available.</summary>

        First update.

        </details>
        """
    )
    assert blocks == (
        Faq("Can it read any language?", (Paragraph("In short:"), Paragraph("Only those it has rules for."))),
        Paragraph("2 detailed updates available."),
        Paragraph("First update."),
    )


def test_an_unclosed_details_does_not_swallow_the_rest_of_the_article() -> None:
    document = read("<details>\n<summary>More?</summary>\n\n## Next part\n\nText.\n")
    assert [s.heading for s in document.sections][-1] == "Next part"


def test_raw_html_blocks_go_through_the_html_reader_and_comments_vanish() -> None:
    blocks = only_blocks(
        """\
        <!-- a note for editors -->

        <table>
        <tr><th>Engine</th><th>Size</th></tr>
        <tr><td>eSpeak NG</td><td>small</td></tr>
        </table>

        After.
        """
    )
    assert len(blocks) == 2 and blocks[1] == Paragraph("After.")
    assert isinstance(blocks[0], Table)
    assert "eSpeak NG" in blocks_text(blocks[:1]) and "editors" not in blocks_text(blocks[:1])


def test_yaml_front_matter_gives_title_language_and_byline_and_is_never_read() -> None:
    document = read(
        """\
        ---
        title: "Designing for `Everyone`"
        lang: de_CH
        by:
          - Ada
          - Grace
        secret: do-not-say
        ---

        Body text.
        """
    )
    assert (document.title, document.language, document.byline) == ("Designing for `Everyone`", "de-CH", "Ada, Grace")
    assert "do-not-say" not in all_text(document) and "---" not in all_text(document)


def test_toml_front_matter() -> None:
    document = read(
        """\
        +++
        title = "Changes to `u128` layout"
        authors = ["Trevor Gross"]
        [extra]
        team = "Lang"
        +++

        Body text.
        """
    )
    assert (document.title, document.byline) == ("Changes to `u128` layout", "Trevor Gross")
    assert "team" not in all_text(document) and "+++" not in all_text(document)


def test_broken_front_matter_is_dropped_without_error() -> None:
    assert split_front_matter("+++\ntitle = = broken\n+++\nBody.\n") == ({}, "Body.\n")
    assert split_front_matter("---\ntitle: [unclosed\n---\nBody.\n") == ({}, "Body.\n")


def test_text_between_rules_that_is_not_metadata_stays_content() -> None:
    document = read("---\nA plain opening line.\n---\n\nBody.\n")
    assert document.sections[0].heading == "A plain opening line."


def test_site_generator_markup_is_never_spoken() -> None:
    document = read(
        """\
        # Guide

        * Table of Contents
        {:toc}

        ## Origins {#Origins}

        {{video "https://www.youtube.com/embed/x"}}
        Use {{< new-in 0.153.0 />}} the `{{ .Title }}` method.

        {{% include "/_common/dates.md" %}}

        {{< code-toggle file=hugo >}}
        title = 'Home'
        {{< /code-toggle >}}

        Java uses {{raw `<code>List&lt;? extends Number&gt;</code>`}} here.
        """
    )
    assert [(s.level, s.heading) for s in document.sections] == [(2, "Origins")]
    assert document.sections[0].blocks == (
        Paragraph("Use new in 0.153.0 the `{{ .Title }}` method."),
        Code("title = 'Home'", "toml"),
        Paragraph("Java uses `List<? extends Number>` here."),
    )
    assert "Table of Contents" not in all_text(document)


def test_templates_inside_fenced_code_are_kept() -> None:
    source = "```go-html-template\n{{ range . }}{{ end }}\n```\n{{ with .X }}\n"
    assert strip_templates(source) == "```go-html-template\n{{ range . }}{{ end }}\n```\n\n"


def test_go_raw_html_blocks_read_as_code() -> None:
    blocks = only_blocks("Consider:\n\n{{raw `\n<pre>\nfunc main() {\n    done &lt;- true\n}\n</pre>\n`}}\n")
    assert blocks[0] == Paragraph("Consider:")
    assert isinstance(blocks[1], Code) and "done <- true" in blocks[1].text


def test_markdown_without_a_declared_language_gets_one_from_its_words() -> None:
    assert read("Der Hund ist nicht mit den Kindern auf die Straße gegangen, und das war gut.").language == "de"
    assert guess_text_language("Let's Encrypt היא רשות אישורים גלובלית") == "he"


@pytest.mark.corpus
def test_every_corpus_markdown_file_reads_quickly_without_template_leftovers(corpus: Path) -> None:
    for path in sorted((corpus / "md").glob("*.md")):
        started = time.perf_counter()
        document = read_source(str(path))
        elapsed = time.perf_counter() - started
        assert elapsed < 2, f"{path.name} took {elapsed:.1f} s"
        assert document.title and document.sections, path.name
        prose = prose_text(document)
        for leftover in ("{{<", "{{%", "{{raw", "{#", "{:toc}", "[^"):
            assert leftover not in prose, f"{leftover!r} spoken in {path.name}"


def prose_text(document: Document) -> str:
    """Everything but code, which is kept verbatim and may hold template syntax."""

    def prose(blocks: tuple[Block, ...]) -> str:
        spoken = [b for b in blocks if not isinstance(b, Code)]
        return "\n".join(
            f"{b.question}\n{prose(b.answer)}" if isinstance(b, Faq) else blocks_text((b,)) for b in spoken
        )

    return "\n".join([document.title] + [f"{s.heading}\n{prose(s.blocks)}" for s in document.sections])


@pytest.mark.corpus
def test_go_faq_questions_are_faqs_in_their_groups(corpus: Path) -> None:
    document = read_source(str(corpus / "md" / "go-faq.md"))
    questions = [faq.question for section in document.sections for faq in section.faqs]
    source_questions = (corpus / "md" / "go-faq.md").read_text().count("\n### ")
    assert document.title == "Frequently Asked Questions (FAQ)"
    assert len(questions) == source_questions
    assert questions[0] == "What is the purpose of the project?"
    assert all(section.level == 2 for section in document.sections)
    assert document.sections[0].heading == "Origins"


@pytest.mark.corpus
def test_hebrew_faq_keeps_its_language_and_questions(corpus: Path) -> None:
    document = read_source(str(corpus / "md" / "letsencrypt-faq-he.md"))
    assert document.language == "he"
    questions = [faq.question for section in document.sections for faq in section.faqs]
    assert len(questions) == 18 and all(question.endswith("?") for question in questions)

"""The script builder on documents built here: announcements, structure cues, FAQs, pauses, safety."""

from __future__ import annotations

import re

import pytest

from narrator.document import Code, Document, Faq, Image, ListBlock, ListItem, Paragraph, Quote, Section, Table
from narrator.options import Announce, ScriptOptions
from narrator.script.build import ScriptBuilder, build_script
from narrator.script.lexicon import parse_lexicon
from narrator.script.model import ItemKind, Script

OPTIONS = ScriptOptions()


def article(*sections: Section, title: str = "A Title", byline: str = "", language: str = "en") -> Document:
    return Document(title=title, sections=sections, byline=byline, language=language)


def spoken(script: Script) -> list[str]:
    """The words of the script, in order."""
    return [item.text for item in script.items if item.spoken]


def said_in(script: Script, section: int | None) -> list[str]:
    """The words of one section (``None``: the opening), in order."""
    return [item.text for item in script.items if item.spoken and item.section == section]


def roles(script: Script) -> list[tuple[str, str]]:
    return [(item.role, item.text) for item in script.items if item.spoken]


NESTED = article(
    Section(0, "", (Paragraph("The lead. It has two sentences."),)),
    Section(2, "First", (Paragraph("One."),)),
    Section(3, "Inner", (Paragraph("Two."),)),
    Section(2, "Last", (Paragraph("Three."),)),
    byline="Jane Doe",
)


def test_full_announcements_count_titled_sections_and_mark_subsections() -> None:
    script = build_script(NESTED, OPTIONS)
    assert spoken(script) == [
        "A Title",
        "By Jane Doe",
        "The lead.",
        "It has two sentences.",
        "Section 1 of 3: First",
        "One.",
        "Section 2 of 3, subsection: Inner",
        "Two.",
        "Section 3 of 3: Last",
        "Three.",
    ]
    assert [(section.heading, section.number) for section in script.sections] == [
        ("", None),
        ("First", 1),
        ("Inner", 2),
        ("Last", 3),
    ]


def test_every_item_is_tagged_with_its_section() -> None:
    script = build_script(NESTED, OPTIONS)
    assert said_in(script, None) == ["A Title", "By Jane Doe"]
    assert said_in(script, 0) == ["The lead.", "It has two sentences."]
    assert said_in(script, 2) == ["Section 2 of 3, subsection: Inner", "Two."]
    assert script.section_items(2)[0].role == "heading"


def test_brief_announcements_give_a_cue_then_the_heading() -> None:
    script = build_script(NESTED, ScriptOptions(announce="brief"))
    assert [text for role, text in roles(script) if role == "heading"] == [
        "Heading: First",
        "Subheading: Inner",
        "Heading: Last",
    ]


def test_brief_announcements_with_earcons_use_the_tone_as_the_cue() -> None:
    script = build_script(NESTED, ScriptOptions(announce="brief", earcons=True))
    first = script.section_items(1)
    assert (first[0].kind, first[0].earcon) == (ItemKind.EARCON, "section")
    assert (first[1].kind, first[1].text) == (ItemKind.ANNOUNCEMENT, "First")


def test_no_announcements_read_the_heading_as_text() -> None:
    script = build_script(NESTED, ScriptOptions(announce="none"))
    headings = [item for item in script.items if item.role == "heading"]
    assert [(item.kind, item.text) for item in headings] == [
        (ItemKind.TEXT, "First"),
        (ItemKind.TEXT, "Inner"),
        (ItemKind.TEXT, "Last"),
    ]


def test_table_of_contents_follows_the_title() -> None:
    script = build_script(NESTED, ScriptOptions(toc=True))
    assert said_in(script, None) == [
        "A Title",
        "By Jane Doe",
        "This article has 3 sections:",
        "Section 1: First.",
        "Section 2, subsection: Inner.",
        "Section 3: Last.",
    ]


def test_pauses_come_from_the_options_and_never_start_or_end_the_script() -> None:
    options = ScriptOptions(pause_after_heading_ms=111, pause_between_paragraphs_ms=222, pause_between_sections_ms=333)
    document = article(Section(2, "Only", (Paragraph("One."), Paragraph("Two."))), Section(2, "Next", ()))
    script = build_script(document, options)
    steps = [item.text or item.pause_ms for item in script.items]
    assert steps == ["A Title", 333, "Section 1 of 2: Only", 111, "One.", 222, "Two.", 333, "Section 2 of 2: Next"]


def test_paragraphs_become_sentence_items() -> None:
    document = article(Section(2, "S", (Paragraph("Dr. Smith came. He saw 3 cats! Did he?"),)))
    assert said_in(build_script(document, OPTIONS), 0)[1:] == ["Doctor Smith came.", "He saw three cats!", "Did he?"]


def test_faqs_are_introduced_counted_and_answered() -> None:
    faqs = (
        Faq("Is it safe?", (Paragraph("Yes. Mostly."),)),
        Faq("Does it work?", (ListBlock((ListItem("Often"), ListItem("Quickly"))),)),
    )
    script = build_script(article(Section(2, "FAQ", (Paragraph("Intro."), *faqs))), OPTIONS)
    assert roles(script)[2:] == [
        ("paragraph", "Intro."),
        ("faq", "Frequently asked questions, 2 questions."),
        ("question", "Question 1: Is it safe?"),
        ("answer", "Answer: Yes."),
        ("answer", "Mostly."),
        ("question", "Question 2: Does it work?"),
        ("answer", "Answer:"),
        ("list", "List of 2 items."),
        ("item", "Often"),
        ("item", "Quickly"),
        ("list", "End of list."),
    ]
    question = next(index for index, item in enumerate(script.items) if item.role == "question")
    assert script.items[question + 1].kind is ItemKind.PAUSE


def test_earcons_mark_each_question() -> None:
    faqs = (Faq("A?", (Paragraph("a"),)), Faq("B?", (Paragraph("b"),)))
    script = build_script(article(Section(2, "FAQ", faqs)), ScriptOptions(earcons=True))
    tones = [item.earcon for item in script.items if item.kind is ItemKind.EARCON]
    assert tones == ["section", "faq", "faq"]


def test_lists_are_counted_numbered_when_ordered_and_nesting_is_announced() -> None:
    nested = ListBlock((ListItem("Inner one"), ListItem("Inner two")))
    steps = ListBlock((ListItem("Mix.", (nested,)), ListItem("Bake.")), ordered=True, start=3)
    script = build_script(article(Section(2, "Steps", (steps,))), OPTIONS)
    assert said_in(script, 0)[1:] == [
        "List of 2 items.",
        "three. Mix.",
        "Nested list of 2 items.",
        "Inner one",
        "Inner two",
        "End of nested list.",
        "four. Bake.",
        "End of list.",
    ]


def test_tables_give_their_shape_then_rows_as_header_cell_pairs() -> None:
    table = Table(("Drug", "Dose"), (("Ketamine", "0.5 mg"), ("Placebo", "")), caption="Doses")
    script = build_script(article(Section(2, "T", (table,))), OPTIONS)
    assert roles(script)[2:] == [
        ("table", "Table with 2 rows and 2 columns: Doses."),
        ("row", "Drug: Ketamine, Dose: zero point five milligrams."),
        ("row", "Drug: Placebo."),
    ]


def test_table_without_header_reads_cells() -> None:
    table = Table((), (("a", "b", "c"),))
    assert said_in(build_script(article(Section(2, "T", (table,))), OPTIONS), 0)[1:] == [
        "Table with 1 row and 3 columns.",
        "a, b, c.",
    ]


def test_images_read_alt_text_and_decorative_images_are_skipped() -> None:
    blocks = (Image("", src="spacer.gif"), Image("A brain scan", caption="Figure 2 shows the scan."))
    script = build_script(article(Section(2, "I", blocks)), OPTIONS)
    assert roles(script)[2:] == [("image", "Image: A brain scan"), ("image", "Figure two shows the scan.")]


def test_quotes_are_opened_attributed_and_closed() -> None:
    quote = Quote((Paragraph("To be. Or not."),), attribution="— Shakespeare")
    script = build_script(article(Section(2, "Q", (quote,))), OPTIONS)
    assert roles(script)[2:] == [
        ("quote", "Quote from Shakespeare."),
        ("quote", "To be."),
        ("quote", "Or not."),
        ("quote", "End of quote."),
    ]


CODE = Code('for i in range(3):\n    print("<b>{i}</b>")\n\n    # done\n', language="python")


def test_code_is_announced_and_skipped_by_default() -> None:
    script = build_script(article(Section(2, "C", (CODE,))), OPTIONS)
    assert roles(script)[2:] == [("code", "Code, Python, 4 lines.")]


def test_read_code_reads_each_line_with_brackets_named() -> None:
    script = build_script(article(Section(2, "C", (CODE,))), ScriptOptions(read_code=True))
    assert roles(script)[2:] == [
        ("code", "Code, Python, 4 lines."),
        ("code", "for i in range(3):"),
        ("code", 'print(" less than b greater than open brace i close brace less than /b greater than ")'),
        ("code", "# done"),
        ("code", "End of code."),
    ]


def test_untitled_lead_is_neither_announced_nor_counted() -> None:
    document = article(Section(0, "", (Paragraph("Lead."),)), Section(1, "Only", (Paragraph("Body."),)))
    script = build_script(document, OPTIONS)
    assert spoken(script) == ["A Title", "Lead.", "Section 1 of 1: Only", "Body."]


def test_lexicon_rewrites_before_normalisation() -> None:
    lexicon = parse_lexicon("NMDA = N-methyl-D-aspartate\n/\\bv(\\d+)\\b/ = version \\1\n")
    document = article(Section(2, "NMDA v2", (Paragraph("The nmda receptor, not BDNF."),)))
    script = build_script(document, OPTIONS, lexicon=lexicon)
    assert said_in(script, 0) == [
        "Section 1 of 1: N-methyl-D-aspartate version two",
        "The N-methyl-D-aspartate receptor, not B.D.N.F.",
    ]


HOSTILE = '<speak>Hi</speak> <break time="9999s"/> [[h@l\'oU]] <audio src="x.mp3"> \\Pau=9000\\ \x1b[2J\x07 ok.'
LEAKS = re.compile(r"[<>{}\x00-\x1f\x7f]|\[\[|\]\]|&\w+;|\\Pau")


@pytest.mark.parametrize("announce", ["full", "brief", "none"])
def test_no_item_can_command_the_engine(announce: Announce) -> None:
    document = Document(
        title=HOSTILE,
        byline=HOSTILE,
        sections=(
            Section(
                2,
                HOSTILE,
                (
                    Paragraph(HOSTILE),
                    ListBlock((ListItem(HOSTILE, (ListBlock((ListItem(HOSTILE),)),)),)),
                    Table((HOSTILE,), ((HOSTILE,),), caption=HOSTILE),
                    Image(HOSTILE, caption=HOSTILE),
                    Quote((Paragraph(HOSTILE),), attribution=HOSTILE),
                    Code(HOSTILE),
                    Faq(HOSTILE, (Paragraph(HOSTILE),)),
                ),
            ),
        ),
    )
    for read_code in (False, True):
        script = build_script(document, ScriptOptions(announce=announce, toc=True, read_code=read_code))
        texts = spoken(script)
        assert len(texts) > 10
        for item in script.items:
            assert not LEAKS.search(item.text), item.text
            if item.role != "code":  # code read aloud says its markup as words ("less than speak greater than")
                assert "9999" not in item.text and "9000" not in item.text
        assert "Hi ok." in texts


def test_sections_built_one_at_a_time_in_threads_make_the_whole_script() -> None:
    from concurrent.futures import ThreadPoolExecutor

    builder = ScriptBuilder(NESTED, ScriptOptions(toc=True))
    with ThreadPoolExecutor(4) as pool:
        parts = list(pool.map(builder.section, reversed(range(len(NESTED.sections)))))
    items = [*builder.opening(), *(item for part in reversed(parts) for item in part)]
    whole = build_script(NESTED, ScriptOptions(toc=True))
    assert items[-1].kind is ItemKind.PAUSE
    assert tuple(items[:-1]) == whole.items
    assert builder.sections == whole.sections

"""Article logic shared by both readers: sections, title, FAQs, structured FAQs and scraped-text artifacts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrator.document import Block, Document, Faq, Paragraph, Section
from narrator.read.assemble import Heading, assemble, is_question, names_faqs, question_text


def p(text: str) -> Paragraph:
    return Paragraph(text)


def outline(document: Document) -> list[tuple[int, str]]:
    return [(section.level, section.heading) for section in document.sections]


def test_sections_follow_headings_in_reading_order_with_their_blocks() -> None:
    document = assemble([Heading(2, "One"), p("a."), Heading(3, "Two"), p("b."), p("c."), Heading(2, "Three")])
    assert document.sections == (
        Section(2, "One", (p("a."),)),
        Section(3, "Two", (p("b."), p("c."))),
        Section(2, "Three", ()),
    )


def test_content_before_the_first_heading_is_an_untitled_lead_only_when_there_is_some() -> None:
    with_lead = assemble([p("Intro."), Heading(2, "Body"), p("Text.")])
    without_lead = assemble([Heading(2, "Body"), p("Text.")])
    assert with_lead.sections[0] == Section(0, "", (p("Intro."),))
    assert outline(without_lead) == [(2, "Body")]


def test_first_h1_is_the_title_and_not_a_section() -> None:
    document = assemble([Heading(1, "The Title"), p("Lead."), Heading(2, "Part")])
    assert document.title == "The Title"
    assert outline(document) == [(0, ""), (2, "Part")]


def test_metadata_title_wins_and_an_h1_repeating_it_is_dropped_while_another_h1_stays() -> None:
    repeated = assemble([Heading(1, "the  title!"), Heading(2, "Part")], title="The Title")
    different = assemble([Heading(1, "General questions"), Heading(2, "Part")], title="The Title")
    assert repeated.title == "The Title" and outline(repeated) == [(2, "Part")]
    assert outline(different) == [(1, "General questions"), (2, "Part")]


def test_repeated_title_lines_before_the_first_heading_fold_into_the_title() -> None:
    title = "Exploring Ketamine Injections for Depression"
    document = assemble(
        [p(title), p(f"Ketamine {title} {title}"), Heading(1, title), p("Real lead."), Heading(2, "Part")]
    )
    assert document.title == title
    assert document.sections[0].blocks == (p("Real lead."),)


def test_a_lead_paragraph_mentioning_the_title_in_a_sentence_is_kept() -> None:
    sentence = p("This guide explains exploring ketamine injections for depression in plain words for patients.")
    document = assemble([sentence, Heading(2, "Part")], title="Exploring Ketamine Injections for Depression")
    assert document.sections[0].blocks == (sentence,)


@pytest.mark.parametrize(
    "faq_heading",
    [
        "Addressing Frequently Asked Questions (FAQs)",
        "FAQ",
        "Häufig gestellte Fragen",
        "Foire aux questions",
        "Questions fréquentes",
        "Preguntas frecuentes",
        "Domande frequenti",
        "Veelgestelde vragen",
        "Perguntas frequentes",
        "שאלות נפוצות",
    ],
)
def test_question_headings_under_an_faq_heading_become_faqs_of_that_section(faq_heading: str) -> None:
    document = assemble(
        [
            Heading(2, faq_heading),
            p("Some answers."),
            Heading(3, "FAQ 1: Is it safe?"),
            p("Yes."),
            p("Mostly."),
            Heading(3, "Q: Does it hurt?"),
            p("No."),
            Heading(2, "Conclusion"),
            p("Done."),
        ]
    )
    assert outline(document) == [(2, faq_heading), (2, "Conclusion")]
    assert document.sections[0].blocks == (
        p("Some answers."),
        Faq("Is it safe?", (p("Yes."), p("Mostly."))),
        Faq("Does it hurt?", (p("No."),)),
    )


def test_question_headings_outside_an_faq_section_stay_sections() -> None:
    document = assemble([Heading(2, "Background"), Heading(3, "Why does it matter?"), p("Because.")])
    assert outline(document) == [(2, "Background"), (3, "Why does it matter?")]
    assert not any(section.faqs for section in document.sections)


def test_a_title_that_names_faqs_makes_the_questions_of_the_whole_page_faqs_grouped_by_their_sections() -> None:
    document = assemble(
        [
            Heading(2, "Origins"),
            Heading(3, "What is the purpose of the project?"),
            p("To be useful."),
            Heading(2, "Design"),
            Heading(3, "Why no exceptions?"),
            p("Errors are values."),
        ],
        title="Frequently Asked Questions (FAQ)",
    )
    assert outline(document) == [(2, "Origins"), (2, "Design")]
    assert [faq.question for section in document.sections for faq in section.faqs] == [
        "What is the purpose of the project?",
        "Why no exceptions?",
    ]


def test_statement_entries_among_mostly_question_entries_are_faqs_too() -> None:
    document = assemble(
        [
            Heading(1, "Electron FAQ"),
            Heading(2, "Why am I having trouble installing?"),
            p("Network problems."),
            Heading(2, "How do I share data?"),
            p("Use storage."),
            Heading(2, "My app's tray disappeared after a few minutes."),
            p("It was garbage collected."),
        ]
    )
    assert document.title == "Electron FAQ"
    assert outline(document) == [(0, "")]
    assert [faq.question for faq in document.sections[0].faqs] == [
        "Why am I having trouble installing?",
        "How do I share data?",
        "My app's tray disappeared after a few minutes.",
    ]


def test_faq_headings_that_start_like_questions_make_every_heading_of_the_section_an_entry() -> None:
    document = assemble(
        [
            Heading(2, "FAQ"),
            Heading(3, "Is it safe?"),
            p("Yes."),
            Heading(3, "How long does it take"),
            p("A week."),
            Heading(3, "Pricing"),
            p("Free."),
            Heading(3, "Shipping"),
            p("Worldwide."),
        ]
    )
    assert outline(document) == [(2, "FAQ")]
    assert [faq.question for faq in document.sections[0].faqs] == [
        "Is it safe?",
        "How long does it take",
        "Pricing",
        "Shipping",
    ]


@pytest.mark.parametrize(
    ("faq_heading", "headings"),
    [
        ("Domande frequenti", ["Quanto costa?", "Quando apre il museo", "Dove si compra", "Orari", "Mostre", "Bar"]),
        ("Veelgestelde vragen", ["Wat kost het?", "Wanneer gaat het open", "Waar koop ik", "Tijden", "Zalen", "Bar"]),
        ("Perguntas frequentes", ["Quanto custa?", "Quando abre o museu", "Onde compro", "Horário", "Salas", "Bar"]),
    ],
)
def test_italian_dutch_and_portuguese_faq_headings_that_start_like_questions_count_as_questions(
    faq_heading: str, headings: list[str]
) -> None:
    """One heading ends in "?"; two more start with a question word, a third of them all: every one is an entry."""
    document = assemble([Heading(2, faq_heading), *(part for h in headings for part in (Heading(3, h), p("Sì.")))])
    assert outline(document) == [(2, faq_heading)]
    assert [faq.question for faq in document.sections[0].faqs] == headings


def test_headings_below_a_question_are_part_of_its_answer() -> None:
    document = assemble(
        [Heading(2, "FAQ"), Heading(3, "How do I start?"), p("Install."), Heading(4, "On Linux"), p("Use apt.")]
    )
    assert document.sections[0].blocks == (Faq("How do I start?", (p("Install."), p("On Linux"), p("Use apt."))),)


def test_definition_list_faqs_from_the_reader_stay_in_their_section() -> None:
    faq = Faq("Is it free?", (p("Yes."),))
    document = assemble([Heading(2, "Pricing"), faq])
    assert document.sections[0].faqs == (faq,)


def test_structured_faqs_confirm_visible_ones_and_the_rest_become_a_final_section() -> None:
    visible: list[Heading | Block] = [Heading(2, "FAQ"), Heading(3, "FAQ 1: Is Ketamine Safe?"), p("Mostly.")]
    structured = [
        Faq("Is ketamine safe", (p("Mostly."),)),
        Faq("How long does it last?", (p("A month."),)),
        Faq("How long does it last?", (p("Duplicate."),)),
    ]
    document = assemble(visible, structured_faqs=structured)
    assert outline(document) == [(2, "FAQ"), (2, "Frequently asked questions")]
    assert document.sections[-1].blocks == (Faq("How long does it last?", (p("A month."),)),)
    every_question = [faq.question for section in document.sections for faq in section.faqs]
    assert every_question == ["Is Ketamine Safe?", "How long does it last?"]


@pytest.mark.parametrize(
    ("language", "heading"),
    [("es-ES", "Preguntas frecuentes"), ("it", "Domande frequenti"), ("nl-BE", "Veelgestelde vragen")],
)
def test_unseen_structured_faqs_are_announced_in_the_page_language(language: str, heading: str) -> None:
    document = assemble([Heading(2, "Receta"), p("Arroz.")], language=language, structured_faqs=[Faq("¿Cuánto?", ())])
    assert outline(document)[-1] == (2, heading)


def _ending(*trailing: Block) -> list[Heading | Block]:
    return [Heading(2, "Conclusion"), p("A real closing sentence."), *trailing]


def test_trailing_title_like_lines_after_the_last_section_are_dropped() -> None:
    document = assemble(
        _ending(p("Unlocking the Potential of NMR Spectroscopy"), p("Unveiling the Mystery of Bone Marrow"))
    )
    assert document.sections[-1].blocks == (p("A real closing sentence."),)


def test_keep_trailing_keeps_them() -> None:
    titles = (p("Unlocking the Potential of NMR Spectroscopy"),)
    document = assemble(_ending(*titles), keep_trailing=True)
    assert document.sections[-1].blocks == (p("A real closing sentence."), *titles)


def test_a_related_articles_section_at_the_end_is_dropped() -> None:
    events = [*_ending(), Heading(2, "Related articles"), p("Ten tips for sleeping well")]
    assert outline(assemble(events)) == [(2, "Conclusion")]
    assert outline(assemble(events, keep_trailing=True)) == [(2, "Conclusion"), (2, "Related articles")]


def test_a_related_heading_is_dropped_with_its_subsections() -> None:
    events = [*_ending(), Heading(2, "Similar recipes"), Heading(3, "Greek Salad"), p("Fresh and quick.")]
    assert outline(assemble(events)) == [(2, "Conclusion")]


def test_a_related_heading_in_the_middle_of_the_article_is_kept() -> None:
    events: list[Heading | Block] = [
        Heading(2, "Related posts"),
        p("Others tried this."),
        Heading(2, "Method"),
        p("We measured."),
    ]
    assert outline(assemble(events)) == [(2, "Related posts"), (2, "Method")]


@given(st.lists(st.one_of(st.integers(2, 4), st.none()), max_size=30))
def test_every_heading_and_block_comes_out_once_in_reading_order(shape: list[int | None]) -> None:
    events: list[Heading | Block] = [
        Heading(level, f"Part {i}") if level else p(f"Sentence number {i} ends here.") for i, level in enumerate(shape)
    ]
    document = assemble(events, title="Title")
    headings = [e.heading for e in document.sections if e.level]
    blocks = [b for section in document.sections for b in section.blocks]
    assert headings == [e.text for e in events if isinstance(e, Heading)]
    assert blocks == [e for e in events if not isinstance(e, Heading)]


def test_a_section_made_only_of_a_short_line_keeps_it() -> None:
    document = assemble([Heading(2, "Contact"), p("Jane Doe")])
    assert document.sections[0].blocks == (p("Jane Doe"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Is it safe?", True),
        ("FAQ 3: Can it be used alone", True),
        ("Q. How long", True),
        ("¿Cuánto cuesta", True),
        ("Won't this split the ecosystem? Will everyone use nightly?", True),
        ("How Ketamine Works in the Brain", False),
        ("Question-answering systems", False),
    ],
)
def test_is_question(text: str, expected: bool) -> None:
    assert is_question(text) is expected


def test_question_text_drops_the_label_only() -> None:
    assert question_text("FAQ 1: Is Ketamine Safe?") == "Is Ketamine Safe?"
    assert question_text("Question 2 - Why?") == "Why?"
    assert question_text("Is Q: a label?") == "Is Q: a label?"


@pytest.mark.parametrize(
    "heading", ["FAQs", "Electron FAQ", "Frequently asked questions", "Foire aux questions", "שו״ת"]
)
def test_names_faqs(heading: str) -> None:
    assert names_faqs(heading)


def test_names_faqs_ignores_words_containing_faq_letters() -> None:
    assert not names_faqs("Faqir's journey") and not names_faqs("Questions of taste")

"""Golden tests for the sample articles in ``articles/``, read through the real ``narrate outline`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from narrate import Run, narrate

from narrator.document import Code, Faq, Image, ListBlock, Quote, Table
from narrator.read import read_source

ARTICLES = Path(__file__).resolve().parent.parent / "articles"
KETAMINE = ARTICLES / "ketamine-depression.md"
TITLE = "Exploring Ketamine Injections for Depression: A Promising Study Amidst Numerous Treatment Alternatives"
HEADINGS = [
    (2, "Ketamine: An Emerging Breakthrough in Depression Treatment"),
    (2, "The Science Behind Ketamine’s Anti-Depressive Effects"),
    (3, "How Ketamine Works in the Brain"),
    (3, "Rapid Onset and Lasting Effects"),
    (2, "Addressing Frequently Asked Questions (FAQs)"),
    (2, "Conclusion: A Beacon of Hope for Depression Treatment"),
]
"""The sample article's headings with their levels, in reading order."""


def narrate_outline(*arguments: str) -> Run:
    run = narrate("outline", *arguments)
    assert run.status == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def ketamine() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(narrate_outline(str(KETAMINE), "--json").stdout)
    return data


def spoken_parts(data: dict[str, Any]) -> list[str]:
    """Every string the outline says would be read after the title, FAQ questions and answers included."""
    parts = []
    for section in data["sections"]:
        parts += [section["heading"], section["text"]]
        parts += [f"{faq['question']}\n{faq['answer']}" for faq in section["faqs"]]
    return parts


def test_ketamine_title_is_read_once(ketamine: dict[str, Any]) -> None:
    assert ketamine["title"] == TITLE
    assert not any("Exploring Ketamine Injections" in part for part in spoken_parts(ketamine))


def test_ketamine_has_its_six_headings_with_levels_in_order(ketamine: dict[str, Any]) -> None:
    assert [(s["level"], s["heading"]) for s in ketamine["sections"]] == HEADINGS


def test_ketamine_faqs_are_its_three_questions_and_answers(ketamine: dict[str, Any]) -> None:
    faq_section = ketamine["sections"][4]
    assert faq_section["text"] == ""
    assert faq_section["faqs"] == [
        {
            "question": "Is Ketamine Safe for Depression Treatment?",
            "answer": "Some individuals may understandably have concerns about the safety of using ketamine for "
            "depression treatment. However, when administered in controlled settings by trained professionals, "
            "ketamine has been found to have a relatively high safety profile. The low-dose approach used in "
            "depression treatment typically mitigates the risk of severe adverse effects, such as hallucinations "
            "or dissociation, which are more common at higher doses used for anesthesia.",
        },
        {
            "question": "How Effective Is Ketamine in Treating Depression?",
            "answer": "While research into ketamine’s effectiveness is still ongoing, numerous studies have "
            "demonstrated its potential to provide rapid relief for treatment-resistant depression. In fact, the "
            "American Psychiatric Association (APA) has recognized ketamine as a viable option for individuals "
            "who have not responded to other available treatments.",
        },
        {
            "question": "Can Ketamine be Used as a Standalone Treatment for Depression?",
            "answer": "While ketamine shows great promise in treating depression, it is important to note that it "
            "is not intended to replace traditional therapies or medication. Instead, it is often used as an "
            "adjunct to existing treatments, offering hope to those who have not found success with other "
            "approaches. Ketamine therapy should always be administered under the supervision of a qualified "
            "healthcare professional.",
        },
    ]
    assert all(not section["faqs"] for i, section in enumerate(ketamine["sections"]) if i != 4)


def test_ketamine_trailing_related_titles_are_dropped_unless_kept(ketamine: dict[str, Any]) -> None:
    related = ("Unlocking the Diagnostic Potential", "Unveiling the Mystery of Bone Marrow")
    conclusion = ketamine["sections"][-1]["text"]
    assert conclusion.endswith("a much-needed ray of hope for those battling depression.")
    assert not any(title in part for title in related for part in spoken_parts(ketamine))
    kept = json.loads(narrate_outline(str(KETAMINE), "--json", "--keep-trailing").stdout)
    assert kept["sections"][-1]["text"].splitlines()[-2:] == [
        "Unlocking the Diagnostic Potential of NMR Spectroscopy for Inflammatory Disease",
        "Unveiling the Mystery of Bone Marrow Failure: How Novel Machine Learning Algorithm Provides Etiology Insights",
    ]


def test_ketamine_outline_for_people_from_stdin() -> None:
    result = narrate("outline", "-", stdin=KETAMINE.read_bytes())
    assert result.status == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == TITLE
    assert result.stdout.count("Exploring Ketamine") == 1
    assert "  Q: Can Ketamine be Used as a Standalone Treatment for Depression?" in lines
    assert "  How Ketamine Works in the Brain  (53 words)" in lines


def test_accessible_design_article_holds_every_block_kind() -> None:
    document = read_source(str(ARTICLES / "accessible-web-design.md"))
    assert (document.title, document.byline, document.language) == (
        "Designing for Everyone: A Practical Guide to Accessible Web Pages",
        "Maren Okafor",
        "en",
    )
    blocks = [block for section in document.sections for block in section.blocks]
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert any(item.children for lst in lists for item in lst.items), "a nested list"
    assert any(isinstance(b, Table) and b.header == ("Kind of text", "Level AA", "Level AAA") for b in blocks)
    images = [b for b in blocks if isinstance(b, Image)]
    assert [bool(image.alt) for image in images] == [True, False]
    assert [b.attribution for b in blocks if isinstance(b, Quote)] == ["Tim Berners-Lee"]
    assert [b.language for b in blocks if isinstance(b, Code)] == ["html"]
    assert [f.question for f in document.sections[-2].faqs] == [
        "Does accessibility make a site look plain?",
        "Who is responsible for accessibility in a team?",
        "How can I test my own pages?",
    ]
    assert document.sections[-1].heading == "Footnotes"
    assert "World Health Organization" in str(document.sections[-1].blocks)


def test_speech_synthesis_article_has_toml_metadata_and_a_details_faq() -> None:
    document = read_source(str(ARTICLES / "how-speech-synthesis-works.md"))
    assert (document.title, document.byline) == ("How a Computer Learns to Speak", "Tomás Lindqvist")
    assert [s.heading for s in document.sections] == [
        "",
        "From text to words",
        "From words to sounds",
        "From sounds to a voice",
        "Questions listeners ask",
    ]
    faqs = [b for b in document.sections[-1].blocks if isinstance(b, Faq)]
    assert [f.question for f in faqs] == [
        "Why do some screen reader users choose robotic voices?",
        "Can a synthesiser read any language?",
    ]
    assert all(f.answer for f in faqs)

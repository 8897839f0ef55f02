"""A listener hears the article and nothing of the page around it, and nothing twice.

Each page in tests/pages/article-only/ is small but shaped like the real
ones the issue names (a news photo gallery, a video rail, an FAQ accordion
with its JSON-LD copy, a German loan page whose FAQ repeats its sections, a
Wikipedia article, a recipe card, a pull quote, entities escaped twice). The
real ``narrate`` command reads them; the tests assert what is said.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from narrate import narrate

from narrator.read.boilerplate import clean_byline

PAGES = Path(__file__).resolve().parent / "pages" / "article-only"


def script(page: str, *flags: str) -> str:
    """What ``narrate script`` says for a page, one line per item, pauses left out."""
    run = narrate("script", PAGES / page, *flags)
    assert run.status == 0, run.stderr
    return "\n".join(line for line in run.stdout.splitlines() if "(pause" not in line)


def outline(page: str, *flags: str) -> dict[str, Any]:
    run = narrate("outline", PAGES / page, "--json", *flags)
    assert run.status == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def in_order(text: str, *phrases: str) -> bool:
    position = 0
    for phrase in phrases:
        position = text.find(phrase, position)
        if position < 0:
            return False
        position += len(phrase)
    return True


def test_a_photo_gallery_and_its_credits_are_not_read() -> None:
    said = script("gallery.html")
    assert in_order(said, "Heavy rain flooded", "forty thousand homes", "Farmers in the lowest", "Forecasters expect")
    for junk in ("print header logo", "Image 1 of 8", "Caption", "Close", "Hau Dinh", "Volunteers stack", "Updated"):
        assert junk not in said
    assert said.count("Mai Tran") == 1  # the byline once, without the site's name
    assert "Valley Herald" not in said


def test_captions_come_back_with_include_but_never_their_credit_line() -> None:
    run = narrate("outline", PAGES / "gallery.html")
    assert "left out: 1 caption (--include captions reads them)" in run.stdout
    said = script("gallery.html", "--include", "captions")
    assert "Residents wade through a flooded street in Can Tho on Tuesday." in said
    assert "Hau Dinh" not in said and "Photo:" not in said
    assert outline("gallery.html", "--include", "captions")["left_out"] == {}


def test_an_unknown_part_to_include_is_one_clear_error() -> None:
    run = narrate("outline", PAGES / "gallery.html", "--include", "captions,adverts")
    assert run.status == 2
    assert "unknown part adverts; choose from captions, references, links" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_video_rail_and_story_teasers_are_not_read() -> None:
    said = script("video-rail.html")
    assert in_order(said, "The city council voted", "The bridge will carry", "Opponents had argued", "The mayor said")
    for junk in ("More Videos", "16 Videos", "MUST WATCH", "Up next", "Surfer", "Our Latest Stories", "Library opens"):
        assert junk not in said
    assert "Skip to content" not in said
    assert "DON'T MISS" not in said and "Ferry fares" not in said and "INSIGHT" not in said
    assert outline("video-rail.html")["left_out"] == {"links": 1}  # the row of links, on request


@pytest.mark.parametrize(
    ("written", "heard"),
    [
        ("By View all posts by Daniel Lemire", "Daniel Lemire"),
        ("by by Jake Goulding", "Jake Goulding"),
        ("Von SPIEGEL ONLINE, Hamburg, Germany", "SPIEGEL ONLINE"),
        ("By Justine Coleman - 11/18/19 11:04 PM EST", "Justine Coleman"),
        ("Par Marie Dupont", "Marie Dupont"),
        ("Bryan DeArdo @BryanDeArdo", "Bryan DeArdo"),
        ("Jane Doe, John Smith", "Jane Doe, John Smith"),
        ("admin", ""),
    ],
)
def test_bylines_are_names_only(written: str, heard: str) -> None:
    assert clean_byline(written) == heard


def test_an_accordion_faq_is_read_once_with_its_button_questions_and_visible_answers() -> None:
    data = outline("faq-accordion.html")
    faqs = [faq for section in data["sections"] for faq in section["faqs"]]
    assert [faq["question"] for faq in faqs] == ["How long does approval take?", "Can I repay the loan early?"]
    assert "online banks often answer the same day" in faqs[0]["answer"]  # the visible answer, not the JSON-LD one
    said = script("faq-accordion.html")
    assert "Mehr Informationen" not in said  # the truncated JSON-LD copy never replaces it
    assert said.count("How long does approval take?") == 1
    assert said.count("the fee is capped at one percent") == 1
    assert in_order(said, "Frequently asked questions, 2 questions.", "Question 1: How long", "Question 2: Can I")


def test_div_questions_that_the_json_ld_asks_are_its_faqs_read_once_with_the_visible_answers() -> None:
    said = script("faq-divs.html")
    assert in_order(said, "Questions", "Question 1: What causes tides?", "Answer: The pull of the moon and", "bulge")
    assert in_order(said, "Question 2: How often do tides change?", "Answer: Most coasts see two high")
    assert said.count("What causes tides?") == 1
    assert "Twice a day." not in said and said.count("Question 1:") == 1  # no second, JSON-LD copy


def test_faq_answers_already_read_under_their_own_headings_are_not_read_again() -> None:
    said = script("faq-headed-sections.html")
    assert said.count("Ein Autokredit ist ein Ratenkredit") == 1
    assert said.count("Die Zinsen liegen derzeit") == 1
    # "Fragen und Antworten" over question-shaped headings is an FAQ: the new question is asked as one.
    assert in_order(said, "Fragen und Antworten", "Frage 1: Kann ich den Kredit vorzeitig zurückzahlen?", "Antwort:")
    assert "Frage 2" not in said


def test_a_wikipedia_navbox_categories_and_page_tools_are_not_read_and_references_are_counted() -> None:
    said = script("wikipedia-navbox.html")
    assert in_order(said, "The harbour seal is a true seal", "Description", "Harbour seals are brown", "Behaviour")
    for junk in ("v t e", "Extant Carnivora", "Grey seal", "Categories", "Hidden categories", "Retrieved from",
                 "Jump to navigation", "Jump to search", "edit", "From Wikipedia", "References", "Lowry"):
        assert junk not in said
    assert outline("wikipedia-navbox.html")["left_out"] == {"references": 2}
    with_references = script("wikipedia-navbox.html", "--include", "references")
    assert in_order(with_references, "Behaviour", "References", "Lowry", "Burns")


def test_a_recipe_cards_buttons_are_not_read_and_its_recipe_is() -> None:
    said = script("recipe-card.html")
    for junk in ("Jump to Recipe", "Print Recipe", "Pin Recipe", "star rating", "Save to favorites"):
        assert junk not in said
    assert in_order(said, "Ingredients", "arborio rice", "Instructions", "Soften the onion", "parmesan")


def test_a_pull_quote_is_read_as_a_quote_in_place_never_as_a_heading() -> None:
    said = script("pull-quote.html")
    assert in_order(said, "keeps the logbook", "Quote.", "The sea does not care", "End of quote.", "A life on")
    assert "Section 1 of 1: A life on the point" in said  # the only section: the quote is not one
    headings = [section["heading"] for section in outline("pull-quote.html")["sections"]]
    assert not any("sea does not care" in heading for heading in headings)


def test_entities_a_page_escaped_twice_are_decoded_once() -> None:
    said = script("entities.html")
    assert said.splitlines()[0] == "Trump's trade plan divides farmers"
    assert "split over Trump's new trade plan" in said
    assert "\"We can't plan a season like this,\" said one grower" in said
    assert "&#39;" not in said and "&quot;" not in said and "&amp;" not in said


@pytest.mark.parametrize("page", sorted(p.name for p in PAGES.glob("*.html")))
def test_every_page_reads_the_article_and_no_furniture_words(page: str) -> None:
    said = script(page)
    for furniture in ("Skip to", "Subscribe", "Share", "Copyright", "All rights reserved"):
        assert furniture not in said

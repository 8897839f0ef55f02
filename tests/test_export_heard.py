"""Heard, not just written: an independent recogniser finds every section announcement in the export, in order.

pocketsphinx (its wheel ships an English model) decodes each stretch of
speech between the script's pauses with a grammar of the expected
announcements. An announcement is a stretch of its own (the script pauses
before and after it), so every one must be recognised, in reading order, and
no other stretch may be taken for one. An en-us eSpeak NG voice at 150 words
per minute keeps this reliable; the article's words are all in the model's
dictionary. The export runs in one process: eSpeak NG says a sentence a
little differently after another one, so with workers the audio (and what
the recogniser makes of a borderline stretch) would change from run to run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from narrate import narrate
from recognise import WINDOW, samples_of, stretches, words

pytestmark = pytest.mark.audio
pocketsphinx = pytest.importorskip("pocketsphinx")

ARTICLE = """# Morning walks

A short guide to walking before work.

## Why walking helps

Walking lifts the mood and wakes the body. Many people find that a short walk clears the head.

## Where to start

Start at your own front door. Pick a quiet street or a park nearby.

## How far to go

Ten minutes is enough at first. Add a few minutes each week.

## What to bring

Bring water and a warm coat. Good shoes matter most.
"""
PAUSE_WINDOWS = 45
"""A stretch ends at 450 ms of silence: the script's pauses (500 ms and more), not eSpeak's pause at a colon."""


def test_the_recogniser_hears_every_section_announcement_in_order(tmp_path: Path) -> None:
    article = tmp_path / "walks.md"
    article.write_text(ARTICLE)
    voice = ("--voice", "gmw/en-US", "--rate", "150")
    export = narrate("export", article, "--wav", *voice, "--jobs", "1", "--no-cache", "-q")
    assert export.status == 0, export.stderr
    script = json.loads(narrate("script", article, "--json").stdout)
    expected = [" ".join(words(item["text"])) for item in script if item["role"] == "heading"]
    assert len(expected) == 4
    grammar = tmp_path / "announcements.gram"
    alternatives = " | ".join(f"( {phrase} )" for phrase in expected)
    grammar.write_text(f"#JSGF V1.0;\ngrammar announcements;\npublic <announcement> = {alternatives};\n")
    samples = samples_of(tmp_path / "walks.wav")
    decoder = pocketsphinx.Decoder(pocketsphinx.Config(lm=None, jsgf=str(grammar), loglevel="FATAL"))

    heard = []
    for start, end in stretches(samples, PAUSE_WINDOWS):
        margin = 15 * WINDOW
        decoder.start_utt()
        decoder.process_raw(samples[max(0, start - margin) : end + margin].tobytes(), False, True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        said = hypothesis.hypstr.split() if hypothesis is not None else []
        if said[:1] == ["section"]:
            heard.append(" ".join(said[:4]))

    assert heard == [" ".join(phrase.split()[:4]) for phrase in expected]

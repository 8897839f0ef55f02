"""Generate long Markdown articles for benchmarks, so none are checked in.

The text is varied English prose with numbers, lists and an FAQ section, so
that it exercises the reader, the script builder and the engine the way a
real article does. The same seed always gives the same article.

Usage: python benchmarks/make_article.py WORDS [--sections N] [-o FILE]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

SUBJECTS = [
    "the committee",
    "a small team of researchers",
    "the city council",
    "local farmers",
    "the new library",
    "most listeners",
    "the river authority",
    "an independent review",
    "the school board",
    "volunteers",
]
VERBS = [
    "examined",
    "described",
    "questioned",
    "improved",
    "measured",
    "published",
    "reconsidered",
    "supported",
    "tested",
    "explained",
]
OBJECTS = [
    "the long-term effects of the plan",
    "how people travel to work",
    "the cost of clean water",
    "the way sound carries across the valley",
    "a cheaper method of storing energy",
    "the records of the harbour",
    "the history of the old railway",
    "what readers expect from a good article",
    "the causes of the delay",
    "the quality of the morning air",
]
TAILS = [
    "over the past 12 years",
    "in about 40 towns",
    "with surprising care",
    "before the winter of 2019",
    "after a long and public debate",
    "for roughly 3,500 households",
    "despite several setbacks",
    "using records from 1987",
    "at a cost of $2.5 million",
    "in cooperation with 7 partners",
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def make_article(words: int, sections: int = 20, seed: int = 1) -> str:
    """A Markdown article of about ``words`` words in ``sections`` sections (the last one an FAQ)."""
    rng = random.Random(seed)
    per_section = max(words // sections, 12)
    lines = [f"# A generated article of {words} words", ""]
    for number in range(1, sections + 1):
        if number == sections:
            lines += ["## Frequently asked questions", ""]
        else:
            lines += [f"## Part {number}: {rng.choice(OBJECTS).capitalize()}", ""]
        written = 0
        while written < per_section:
            if number == sections:
                question = f"### Why was {rng.choice(OBJECTS)} studied?"
                answer = " ".join(sentence(rng) for _ in range(3))
                lines += [question, "", answer, ""]
                written += len(question.split()) + len(answer.split())
            elif rng.random() < 0.1:
                items = [f"- {sentence(rng)}" for _ in range(3)]
                lines += [*items, ""]
                written += sum(len(item.split()) for item in items)
            else:
                paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
                lines += [paragraph, ""]
                written += len(paragraph.split())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", type=int)
    parser.add_argument("--sections", type=int, default=20)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    article = make_article(args.words, args.sections)
    if args.output:
        args.output.write_text(article, encoding="utf-8")
    else:
        sys.stdout.write(article)
    return 0


if __name__ == "__main__":
    sys.exit(main())

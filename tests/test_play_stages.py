"""A player's scripts read in a forked child (the opening first, from a long article's head, each stage beginning
with the one before, the last the whole script); errors, bugs and stops handled."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from narrate import wait_until
from processes import alive

from narrator.errors import InputError
from narrator.forked_reading import ForkedReading
from narrator.options import ReadOptions, ScriptOptions
from narrator.pipeline import script_for
from narrator.play.stages import ScriptStages
from narrator.read import HEAD_CHARACTERS, load_article, read_article, read_head
from narrator.script.model import Script
from narrator.script.staged import staged_scripts

FORKS = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child is forked on Linux only")
SAMPLE = Path(__file__).parent.parent / "articles" / "ketamine-depression.md"


def long_article(folder: Path, front_matter: str = "") -> Path:
    """A Markdown article far longer than the head a player reads first, with numbers in its title."""
    sections = []
    for number in range(1, 13):
        paragraphs = "\n\n".join(
            f"Paragraph {paragraph} of part {number} tells how the town council measured the river "
            "and what the old records of the harbour say about the floods of the past years."
            for paragraph in range(1, 45)
        )
        sections.append(f"## Part {number}: the river in year {1990 + number}\n\n{paragraphs}")
    path = folder / "long.md"
    path.write_text(f"{front_matter}# The 12 parts of a river study\n\n" + "\n\n".join(sections), encoding="utf-8")
    assert path.stat().st_size > 2 * HEAD_CHARACTERS
    return path


def stages_of(source: Path, section: int | None = 0) -> list[tuple[Script, bool]]:
    return list(ForkedReading(lambda: staged_scripts(str(source), ReadOptions(), ScriptOptions(), section)))


def assert_staged(stages: list[tuple[Script, bool]], whole: Script) -> None:
    """Every stage starts with the items of the one before, only the last is complete, and it is the whole script."""
    assert [complete for _, complete in stages] == [False] * (len(stages) - 1) + [True]
    for (before, _), (after, _) in itertools.pairwise(stages):
        assert after.items[: len(before.items)] == before.items
    assert stages[-1][0] == whole


def test_a_long_article_opens_with_its_head_and_grows_to_the_whole_script(tmp_path: Path) -> None:
    article = long_article(tmp_path)
    stages = stages_of(article)

    opening = stages[0][0]
    assert [item.role for item in opening.items if item.spoken] == ["title"]
    assert opening.items[0].text == "The twelve parts of a river study"
    assert len(stages) == 3
    assert {item.section for item in stages[1][0].items} == {None, 0}  # the opening and the first section
    assert_staged(stages, script_for(str(article), ReadOptions(), ScriptOptions()))


def test_the_head_settles_title_byline_and_language_as_the_whole_does(tmp_path: Path) -> None:
    article = load_article(str(long_article(tmp_path, front_matter="---\nauthor: Ana Ruiz\n---\n")))
    head, whole = read_head(article), read_article(article)

    assert head is not None
    assert (head.title, head.byline, head.language) == (whole.title, whole.byline, whole.language)
    assert (whole.byline, whole.language) == ("Ana Ruiz", "en")
    assert len(head.sections) < len(whole.sections)


def test_a_short_article_or_a_page_is_read_whole() -> None:
    assert read_head(load_article(str(SAMPLE))) is None
    html = SAMPLE.with_suffix(".html")
    assert read_head(load_article(str(html))) is None


@pytest.mark.corpus
def test_long_corpus_articles_open_as_their_whole_script_does(corpus: Path) -> None:
    """Real Markdown: wherever the head is read, the player's stages join into the script ``narrate script`` gives."""
    headed = 0
    for path in sorted((corpus / "md").glob("*.md")):
        article = load_article(str(path))
        head = read_head(article)
        if head is not None:
            whole = read_article(article)
            assert (head.title, head.byline, head.language) == (whole.title, whole.byline, whole.language), path.name
            headed += 1
        assert_staged(stages_of(path), script_for(str(path), ReadOptions(), ScriptOptions()))
    assert headed >= 1  # go-faq.md, 95 kB


def test_start_at_or_resume_get_the_whole_script_at_once(tmp_path: Path) -> None:
    article = long_article(tmp_path)
    stages = stages_of(article, section=None)
    assert len(stages) == 1
    assert_staged(stages, script_for(str(article), ReadOptions(), ScriptOptions()))


@FORKS
def test_the_script_read_in_the_child_is_the_script_read_here() -> None:
    def script() -> Iterator[Script]:
        yield script_for(str(SAMPLE), ReadOptions(), ScriptOptions())

    reading = ForkedReading(script)
    assert reading.pid is not None and reading.pid != os.getpid()  # read in a child process indeed
    assert list(reading) == [script_for(str(SAMPLE), ReadOptions(), ScriptOptions())]


def test_an_article_error_in_the_child_is_raised_here_as_it_would_be(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    with pytest.raises(InputError) as here:
        script_for(str(missing), ReadOptions(), ScriptOptions())
    with pytest.raises(InputError) as apart:
        ScriptStages.following(ForkedReading(lambda: staged_scripts(str(missing), ReadOptions(), ScriptOptions())))
    assert str(apart.value) == str(here.value)


def test_a_bug_in_the_child_is_redone_here_so_it_shows_with_its_traceback() -> None:
    def answers() -> Iterator[str]:
        yield "first"
        if os.getpid() != parent:
            raise RuntimeError("a bug in the child")
        yield "second, worked out here"

    parent = os.getpid()
    assert list(ForkedReading(answers)) == ["first", "second, worked out here"]


@FORKS
def test_later_answers_are_worked_out_only_when_asked_for_and_close_stops_the_child(tmp_path: Path) -> None:
    log = tmp_path / "log"

    def answers() -> Iterator[int]:
        for number in range(3):
            with log.open("a") as out:
                out.write(f"{number}\n")
            yield number

    reading = ForkedReading(answers)
    pid = reading.pid
    assert pid is not None
    received = iter(reading)
    assert next(received) == 0
    wait_until(lambda: waits_for_a_request(pid), what="the child to wait for the next request")
    assert log.read_text().split() == ["0"]  # the second is worked out only when asked for
    assert next(received) == 1
    reading.close()
    assert not alive(pid)
    assert list(received) == []


def waits_for_a_request(pid: int) -> bool:
    """Whether the child sleeps reading the pipe its requests come through."""
    try:
        return "pipe_read" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False

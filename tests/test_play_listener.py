"""What a listener trips over in ``narrate play`` (issue 16), tried as a person would.

The real CLI runs in a subprocess with the real engine against the private
PulseAudio server: keys are typed into a pseudo-terminal, lines are piped in,
and what reaches the null sink is recorded where the point is about sound.
"""

from __future__ import annotations

import array
import json
import os
import subprocess
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from narrate import command
from pulse import PulseServer, Recording, recording
from test_play_sound import Playing

from narrator.play.commands import KEY_ONLY, Action

pytestmark = [pytest.mark.sound, pytest.mark.audio]

FAST = ("--rate", "260")

TWELVE_SECTIONS = "# Bread at home\n\n" + "\n".join(
    f"## Step {number}\n\nStep {number} takes a few minutes of patience.\n" for number in range(1, 13)
)

RECIPE = """# Pizza dough

A good dough needs time. It rewards patience.

## Dough Ingredients:

Flour, water, salt and yeast are all you need. Use strong flour if you can find it.

Warm water wakes the yeast up. Cold water slows it down.

## Method

Mix everything and knead for ten minutes.
"""

LONG = "# A long walk\n\n" + "\n".join(
    f"## Part {part}\n\n"
    + " ".join(f"In part {part} the walker passes stone number {stone} beside the old road." for stone in range(1, 9))
    + "\n"
    for part in range(1, 4)
)
"""About 35 seconds at 450 words per minute: room to skip 30 seconds."""


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


class Terminal:
    """``narrate play`` on a pseudo-terminal: keys typed one by one, the screen read line by line."""

    def __init__(self, pulse: PulseServer, arguments: list[str]) -> None:
        self.controller, terminal = os.openpty()
        self.process = subprocess.Popen(
            command("play", *arguments), env=pulse.env, stdin=terminal, stdout=terminal, stderr=terminal
        )
        os.close(terminal)
        self.screen = Playing(self.process, os.fdopen(self.controller, "r", encoding="utf-8", errors="replace"))

    def press(self, keys: str) -> float:
        os.write(self.controller, keys.encode())
        return time.monotonic()

    def wait_for(self, text: str, timeout: float = 20) -> float:
        return self.screen.wait_for(text, timeout)

    def quit(self) -> int:
        self.press("q")
        return self.process.wait(10)


@pytest.fixture
def terminal(pulse: PulseServer) -> Iterator[Callable[..., Terminal]]:
    started: list[Terminal] = []

    def start(*arguments: str) -> Terminal:
        started.append(Terminal(pulse, list(arguments)))
        return started[-1]

    yield start
    for session in started:
        if session.process.poll() is None:
            session.process.kill()
            session.process.wait()


def piped(pulse: PulseServer, *arguments: str) -> Playing:
    process = subprocess.Popen(
        command("play", *arguments),
        env=pulse.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    return Playing(process, process.stdout)


def test_a_number_and_enter_or_g_and_a_number_reach_any_section(
    terminal: Callable[..., Terminal], write_article: Callable[[str, str], Path]
) -> None:
    article = write_article("bread.md", TWELVE_SECTIONS)
    keys = terminal(str(article), *FAST)
    keys.wait_for("Section 1 of 12: Step 1")
    pressed = keys.press("11\r")
    assert keys.wait_for("Section 11 of 12: Step 11") - pressed < 1.0
    pressed = keys.press("g12")  # no section 120: no need to wait for Enter
    assert keys.wait_for("Section 12 of 12: Step 12") - pressed < 1.0
    keys.press("3")  # 30 is beyond 12: at once
    keys.wait_for("Section 3 of 12: Step 3")
    keys.press("1")  # 10-12 could follow: goes after a moment without Enter
    keys.wait_for("Section 1 of 12: Step 1")
    assert keys.quit() == 0


def test_speed_steps_land_back_on_the_rates_they_came_from_and_0_resets(
    terminal: Callable[..., Terminal], write_article: Callable[[str, str], Path]
) -> None:
    article = write_article("bread.md", TWELVE_SECTIONS)
    keys = terminal(str(article))
    keys.wait_for("Section 1 of 12")
    shown = []
    for key in "-----++++-+0":
        keys.press(key)
        keys.wait_for("Rate ")
        shown.append(int(keys.screen.seen[-1].split()[1]))
    assert shown == [150, 125, 100, 80, 80, 100, 125, 150, 175, 150, 175, 175]
    keys.press("---")
    for _ in range(3):
        keys.wait_for("Rate ")
    keys.press("0")
    keys.wait_for("Rate 175 words per minute.")
    assert keys.quit() == 0


def test_an_unknown_key_is_answered_aloud_and_on_screen(
    terminal: Callable[..., Terminal], write_article: Callable[[str, str], Path], pulse: PulseServer, tmp_path: Path
) -> None:
    article = write_article("bread.md", TWELVE_SECTIONS)
    keys = terminal(str(article), *FAST)
    keys.wait_for("Section 1 of 12")
    keys.press(" ")
    keys.wait_for("Paused.")
    with recording(pulse, tmp_path) as recorded:
        pressed = keys.press("z")
        assert keys.wait_for("Unknown key, ? for help.") - pressed < 1.0
        time.sleep(2.5)  # the answer is heard while paused
    keys.press("\x1b[1;5P")  # Ctrl+F1: no key of ours either
    keys.wait_for("Unknown key, ? for help.")
    assert keys.quit() == 0
    assert 0.8 < recorded[0].voiced_span() < 2.5  # the answer, and nothing of the article


def test_the_lead_is_named_introduction_wherever_sections_are_listed(
    pulse: PulseServer, write_article: Callable[[str, str], Path]
) -> None:
    article = write_article("pizza.md", RECIPE)
    result = subprocess.run(
        command("play", str(article), "--start-at", "horses"), env=pulse.env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: No section matches --start-at 'horses'. The sections are: "
        "Introduction; Section 1 of 2: Dough Ingredients; Section 2 of 2: Method."
    ]
    outline = subprocess.run(command("outline", str(article)), capture_output=True, text=True, check=True)
    assert "Introduction  (8 words)" in outline.stdout.splitlines()
    german = write_article("teig.md", "# Pizzateig\n\nGuter Teig braucht Zeit.\n\n## Zutaten\n\nMehl und Wasser.\n")
    outline = subprocess.run(command("outline", str(german)), capture_output=True, text=True, check=True)
    assert "Einleitung  (4 words)" in outline.stdout.splitlines()

    playing = piped(pulse, str(article), *FAST, "--start-at", "introduction", "--transcript")
    playing.wait_for("A good dough needs time.")
    playing.send("where")
    playing.wait_for("Introduction")
    playing.send("quit")
    assert playing.finish() == 0


@pytest.mark.parametrize(
    ("page", "introduction", "sections"),
    [("rs-pickuplimes-shallot-faq", "Introduction", 12), ("rs-hogarmania-risotto-faq", "Introducción", 5)],
)
def test_real_pages_list_their_lead_by_name_and_no_empty_section(
    pulse: PulseServer, corpus: Path, page: str, introduction: str, sections: int
) -> None:
    source = corpus / "html" / page / "source.html"
    result = subprocess.run(
        command("play", str(source), "--start-at", "no such heading"), env=pulse.env, capture_output=True, text=True
    )
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    listed = line.split("The sections are: ", 1)[1].rstrip(".").split("; ")
    assert listed[0] == introduction
    assert len(listed) == sections + 1
    assert all(entry.strip() for entry in listed)


def test_where_am_i_never_doubles_punctuation(pulse: PulseServer, write_article: Callable[[str, str], Path]) -> None:
    article = write_article("pizza.md", RECIPE)
    playing = piped(pulse, str(article), *FAST, "--start-at", "ingredients", "--transcript")
    playing.wait_for("Flour, water, salt")
    playing.send("where")
    playing.wait_for("Section 1 of 2: Dough Ingredients. Sentence ")
    playing.send("quit")
    assert playing.finish() == 0
    assert not any(":." in line for line in playing.seen)


def test_help_lists_every_line_command() -> None:
    shown = subprocess.run(command("play", "--help"), capture_output=True, text=True, check=True).stdout
    words = shown.replace(",", " ").replace(".", " ").replace(":", " ").split()
    missing = [action.value for action in Action if action not in KEY_ONLY and action.value not in words]
    assert missing == []


def test_skip_forward_and_back_by_seconds(
    pulse: PulseServer, tmp_path: Path, write_article: Callable[[str, str], Path]
) -> None:
    article = write_article("walk.md", LONG)
    wav = tmp_path / "walk.wav"
    subprocess.run(command("export", str(article), "--wav", "-o", str(wav), "-q", "--rate", "450"), check=True)
    with wave.open(str(wav)) as file:
        samples = array.array("h")
        samples.frombytes(file.readframes(file.getnframes()))
        exported = Recording(samples, file.getframerate())
    with recording(pulse, tmp_path) as recorded:
        playing = piped(pulse, str(article), "--rate", "450")
        playing.wait_for("Section 1 of 3: Part 1")
        playing.send("forward")
        playing.wait_for("Forward 30 seconds.")
        playing.send("back 10")
        playing.wait_for("Back 10 seconds.")
        assert playing.finish(60) == 0
    assert exported.voiced_span() > 32
    # 30 s left out, 10 s heard again; the margin is for a loaded machine's underruns (without a skip: 0, -30, +10).
    assert recorded[0].voiced_span() - exported.voiced_span() == pytest.approx(-20, abs=2.0)


def test_arrow_keys_and_b_skip_by_seconds(
    terminal: Callable[..., Terminal], write_article: Callable[[str, str], Path]
) -> None:
    article = write_article("walk.md", LONG)
    keys = terminal(str(article), "--rate", "450")
    keys.wait_for("Section 1 of 3")
    pressed = keys.press("\x1b[C")
    assert keys.wait_for("Forward 30 seconds.") - pressed < 1.0
    keys.wait_for("Section 2 of 3")  # 30 s of speech at 450 words per minute is more than a part
    keys.press("\x1b[D")
    keys.wait_for("Back 15 seconds.")
    keys.press("b")
    keys.wait_for("Back 15 seconds.")
    assert keys.quit() == 0


def test_next_and_previous_sentence_and_paragraph(
    pulse: PulseServer, write_article: Callable[[str, str], Path]
) -> None:
    article = write_article("pizza.md", RECIPE)
    playing = piped(pulse, str(article), *FAST, "--start-at", "ingredients", "--transcript")
    playing.wait_for("Flour, water, salt and yeast are all you need.")
    playing.send("next-paragraph")
    playing.wait_for("Warm water wakes the yeast up.")
    playing.send("previous-sentence")
    playing.wait_for("Use strong flour if you can find it.")
    playing.send("previous-paragraph")  # the paragraph before this one: the heading
    playing.wait_for("Flour, water, salt and yeast are all you need.")
    playing.send("next-sentence")
    playing.wait_for("Use strong flour if you can find it.")
    playing.send("quit")
    assert playing.finish() == 0
    heard = playing.seen[playing.seen.index("Section 1 of 2: Dough Ingredients") + 1 :]
    assert heard == [
        "Flour, water, salt and yeast are all you need.",
        "Warm water wakes the yeast up.",
        "Use strong flour if you can find it.",
        "Section 1 of 2: Dough Ingredients",
        "Flour, water, salt and yeast are all you need.",
        "Use strong flour if you can find it.",
    ]


def test_sleep_timer_stops_at_the_end_of_a_sentence_and_resume_goes_on_from_there(
    pulse: PulseServer, write_article: Callable[[str, str], Path]
) -> None:
    article = write_article("walk.md", LONG)
    playing = piped(pulse, str(article), "--rate", "450", "--sleep", "5s", "--transcript")
    assert playing.finish(60) == 0
    assert playing.seen[-1].startswith("Sleep timer: stopped.")
    last = playing.seen[-2]
    assert last.endswith("beside the old road.")
    assert "Section 2 of 3" not in playing.seen  # about 5 s of the article, not all of it

    resumed = piped(pulse, str(article), "--rate", "450", "--resume", "--transcript")
    resumed.wait_for("Resuming at Section 1 of 3: Part 1.")
    resumed.wait_for("beside the old road.")
    resumed.send("quit")
    assert resumed.finish() == 0
    following = next(line for line in resumed.seen if line.endswith("old road."))
    numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight"]  # as the transcript says them
    stone = numbers.index(last.split("stone number ")[1].split()[0])
    assert following.endswith(f"stone number {numbers[stone + 1]} beside the old road.")


def test_sleep_takes_a_length_of_time(tmp_path: Path) -> None:
    result = subprocess.run(command("play", str(tmp_path / "a.md"), "--sleep", "soon"), capture_output=True, text=True)
    assert result.returncode == 2
    assert "Invalid value for '--sleep': 'soon' is not a length of time" in result.stderr


def test_bookmarks_are_marked_with_m_listed_and_reached_with_apostrophe_and_kept(
    terminal: Callable[..., Terminal], write_article: Callable[[str, str], Path], private_user_dirs: Path
) -> None:
    article = write_article("bread.md", TWELVE_SECTIONS)
    keys = terminal(str(article), *FAST)
    keys.wait_for("Section 1 of 12")
    keys.press("7\r")  # 7 of 12 goes at once; the Enter after it is taken as part of it
    keys.wait_for("Section 7 of 12: Step 7")
    keys.press("ma")
    keys.wait_for("Bookmark a: Section 7 of 12: Step 7.")
    assert keys.quit() == 0

    again = terminal(str(article), *FAST)
    again.wait_for("Section 1 of 12")
    again.press("'")
    again.wait_for("Bookmarks: a: Section 7 of 12: Step 7.")
    pressed = again.press("a")
    assert again.wait_for("Section 7 of 12: Step 7") - pressed < 1.0
    again.press("'b")
    again.wait_for("No bookmark b.")
    assert again.quit() == 0
    (saved,) = (private_user_dirs / "xdg_state_home" / "narrator" / "positions").glob("*.json")
    record = json.loads(saved.read_text())
    assert set(record["bookmarks"]) == {"a"} and record["resume"] is not None


def test_each_article_keeps_its_own_place_for_30_days(
    pulse: PulseServer, write_article: Callable[[str, str], Path], private_user_dirs: Path
) -> None:
    bread = write_article("bread.md", TWELVE_SECTIONS)
    pizza = write_article("pizza.md", RECIPE)
    for article, place, heading in ((bread, "5", "Section 5 of 12"), (pizza, "2", "Section 2 of 2")):
        playing = piped(pulse, str(article), *FAST, "--start-at", place)
        playing.wait_for(heading)
        playing.send("quit")
        assert playing.finish() == 0
    folder = private_user_dirs / "xdg_state_home" / "narrator" / "positions"
    assert len(list(folder.glob("*.json"))) == 2
    stale = folder / "0123456789abcdef0123456789abcdef.json"
    stale.write_text(json.dumps({"title": "Old", "resume": {"section": 1, "sentence": 0}, "bookmarks": {}}))
    month_ago = time.time() - 31 * 86400
    os.utime(stale, (month_ago, month_ago))

    resuming = {bread: "Resuming at Section 5 of 12: Step 5.", pizza: "Resuming at Section 2 of 2: Method."}
    for article, announced in resuming.items():
        playing = piped(pulse, str(article), *FAST, "--resume")
        playing.wait_for(announced)
        playing.send("quit")
        assert playing.finish() == 0
    assert not stale.exists()  # pruned at the next save
    assert len(list(folder.glob("*.json"))) == 2

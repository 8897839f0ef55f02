"""The player's loop with a stand-in narration and output: what is heard, in which order, after each command.

Each item's stand-in audio is a constant sample value unique to the item, so
the written stream tells exactly which items were heard and for how long.
Commands are put on the queue when the output has received a given amount of
audio, the way a listener presses a key partway through.
"""

from __future__ import annotations

import array
import io
import queue
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace

import pytest

from narrator.audio import AudioChunk
from narrator.engines.base import VoiceSettings
from narrator.options import PlayOptions
from narrator.play import play_script, start_position
from narrator.play import position as saved_positions
from narrator.play.commands import Action, Command, parse_line
from narrator.play.controller import Outcome, Player, rate_steps
from narrator.play.keys import KeyReader, split_keys
from narrator.play.navigation import Navigator
from narrator.play.stages import ScriptStages
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection

RATE = 8000
SAY_VALUE = 7


def build_script() -> Script:
    """Title, then three sections of an announcement and two sentences each; the third has a FAQ question."""
    items = [ScriptItem(ItemKind.TEXT, None, "A short article.", role="title")]
    sections = []
    for index, heading in enumerate(["Cats", "Dogs", "Questions"]):
        sections.append(ScriptSection(index, 2, heading, number=index + 1))
        items.append(ScriptItem(ItemKind.ANNOUNCEMENT, index, f"Section {index + 1} of 3: {heading}", role="heading"))
        items.append(ScriptItem(ItemKind.PAUSE, index, pause_ms=100))
        role = "question" if heading == "Questions" else "paragraph"
        items.append(ScriptItem(ItemKind.TEXT, index, f"First sentence about {heading}.", role=role))
        items.append(ScriptItem(ItemKind.TEXT, index, f"Second sentence about {heading}.", role="answer"))
    return Script("A short article", "en", tuple(items), tuple(sections))


def value_of(index: int) -> int:
    return 100 * (index + 1)


@dataclass
class FakeNarration:
    """Each item lasts 0.1 s per word, filled with its own sample value; records every start and rate."""

    script: Script
    starts: list[tuple[int, int | None]] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    def chunk(self, index: int, settings: VoiceSettings) -> AudioChunk:
        item = self.script.items[index]
        if item.kind is ItemKind.PAUSE:
            return AudioChunk.silence(item.pause_ms, RATE)
        rate = settings.rate or 175
        frames = RATE * len(item.text.split()) * 175 // rate // 10
        return AudioChunk(array.array("h", [value_of(index)] * frames).tobytes(), RATE)

    def stream(self, start: int, settings: VoiceSettings) -> Generator[AudioChunk, None, None]:
        self.starts.append((start, settings.rate))
        for index in range(start, len(self.script.items)):
            yield self.chunk(index, settings)

    def say(self, text: str, settings: VoiceSettings, language: str = "") -> AudioChunk:
        self.said.append(text)
        return AudioChunk(array.array("h", [SAY_VALUE] * (RATE // 10)).tobytes(), RATE)

    def adopt(self, script: Script) -> None:
        self.script = script


class FakeOutput:
    """Collects what is written; calls ``trigger`` with the number of frames heard so far after each write."""

    def __init__(self, sample_rate: int, trigger: Callable[[int], None]) -> None:
        self.sample_rate = sample_rate
        self.samples = array.array("h")
        self.finished = 0
        self.closed = False
        self._trigger = trigger

    def write(self, pcm: bytes) -> None:
        self.samples.frombytes(pcm)
        self._trigger(len(self.samples))

    def finish(self) -> None:
        self.finished += 1

    def close(self) -> None:
        self.closed = True


def heard(samples: array.array[int], script: Script) -> list[tuple[int, float]]:
    """(item index, seconds) for each run of an item's own sample value, in order; ``-1`` for added words.

    Runs shorter than a millisecond are fades, whose scaled samples can match another item's value.
    """
    values = {value_of(index): index for index in range(len(script.items))} | {SAY_VALUE: -1}
    runs: list[tuple[int, int]] = []
    for sample in samples:
        index = values.get(sample, -2)
        if runs and runs[-1][0] == index:
            runs[-1] = (index, runs[-1][1] + 1)
        else:
            runs.append((index, 1))
    merged: list[tuple[int, int]] = []
    for index, frames in runs:
        if index == -2 or frames < RATE // 1000:
            continue
        if merged and merged[-1][0] == index:
            merged[-1] = (index, merged[-1][1] + frames)
        else:
            merged.append((index, frames))
    return [(index, round(frames / RATE, 2)) for index, frames in merged]


@dataclass
class Session:
    script: Script
    narration: FakeNarration
    outputs: list[FakeOutput]
    screen: io.StringIO
    commands: queue.Queue[Command]
    outcome: Outcome

    @property
    def items_heard(self) -> list[int]:
        return [index for index, _ in heard(self.outputs[0].samples, self.script)]


def play(
    presses: dict[float, Command | list[Command]] | None = None,
    *,
    start: int = 0,
    rate: int | None = None,
    transcript: bool = False,
    built_after: float | None = None,
    sleep_seconds: float | None = None,
) -> Session:
    """Play the test script, pressing each command once this many seconds of audio were written.

    With ``built_after``, the player starts with the title alone and the rest
    of the script is built only once that many seconds of audio were written
    (and the presses due by then were made): the first section, then the whole.
    """
    script = build_script()
    commands: queue.Queue[Command] = queue.Queue()
    pending = sorted((presses or {}).items())
    outputs: list[FakeOutput] = []
    heard_enough = threading.Event()

    def trigger(frames: int) -> None:
        while pending and frames >= pending[0][0] * RATE:
            pressed = pending.pop(0)[1]
            for command in pressed if isinstance(pressed, list) else [pressed]:
                commands.put(command)
        if built_after is not None and frames >= built_after * RATE:
            heard_enough.set()

    def build_rest(stages: ScriptStages) -> None:
        assert heard_enough.wait(5), "the player waited for the whole script before playing"
        stages.publish(replace(script, items=script.items[:5]))
        stages.publish(script, complete=True)

    def open_output(sample_rate: int) -> FakeOutput:
        outputs.append(FakeOutput(sample_rate, trigger))
        return outputs[-1]

    first = script if built_after is None else replace(script, items=script.items[:1])
    stages = None if built_after is None else ScriptStages(first, build_rest)
    narration = FakeNarration(first)
    screen = io.StringIO()
    player = Player(
        first,
        narration,
        open_output,
        commands,
        screen,
        VoiceSettings(rate=rate),
        transcript=transcript,
        stages=stages,
        sleep_seconds=sleep_seconds,
    )
    outcome = player.run(start)
    return Session(script, narration, outputs, screen, commands, outcome)


def test_straight_through_hears_every_item_once_in_order_for_its_whole_length() -> None:
    session = play()
    spoken = [index for index, item in enumerate(session.script.items) if item.kind is not ItemKind.PAUSE]
    assert session.items_heard == spoken
    expected = sum(len(session.narration.chunk(i, VoiceSettings()).pcm) for i in range(len(session.script.items)))
    assert len(session.outputs[0].samples) * 2 == expected
    assert session.outputs[0].finished == 1  # the end is heard before the output closes


def test_headings_are_shown_as_plain_lines_when_their_section_starts() -> None:
    session = play()
    assert session.screen.getvalue().splitlines() == [
        "A short article",
        "Section 1 of 3: Cats",
        "Section 2 of 3: Dogs",
        "Section 3 of 3: Questions",
    ]


def test_transcript_shows_each_sentence_as_it_is_spoken() -> None:
    lines = play(transcript=True).screen.getvalue().splitlines()
    assert lines[:4] == [
        "A short article",
        "Section 1 of 3: Cats",
        "First sentence about Cats.",
        "Second sentence about Cats.",
    ]


def test_next_skips_the_rest_of_the_section() -> None:
    # Item 1 (section 1's announcement) starts at 0.3 s; press next 0.1 s into it.
    session = play({0.4: Command(Action.NEXT_SECTION)})
    assert session.items_heard == [0, 1, 5, 7, 8, 9, 11, 12]


def test_back_goes_to_the_start_of_the_section_and_twice_to_the_previous_one() -> None:
    once = play({1.0: Command(Action.SECTION_START)})  # in section 2's announcement after its first item
    assert once.items_heard[:6] == [0, 1, 3, 1, 3, 4]
    again = [Command(Action.SECTION_START), Command(Action.SECTION_START)]
    twice = play({1.8: again})  # in section 2: back to section 1
    assert twice.items_heard[:6] == [0, 1, 3, 4, 5, 1]


def test_headings_questions_and_numbers_jump_where_a_screen_reader_would() -> None:
    assert play({0.1: Command(Action.NEXT_QUESTION)}).items_heard == [0, 11, 12]
    assert play({0.1: Command(Action.SECTION, 3)}).items_heard == [0, 9, 11, 12]
    assert play({0.1: Command(Action.NEXT_HEADING)}).items_heard[:2] == [0, 1]
    assert play({1.9: Command(Action.PREVIOUS_HEADING)}).items_heard[:7] == [0, 1, 3, 4, 5, 1, 3]


def test_repeat_plays_the_current_sentence_again() -> None:
    session = play({1.2: Command(Action.REPEAT)})  # 0.3 s into item 3 (0.4 s), the first sentence about cats
    runs = heard(session.outputs[0].samples, session.script)
    assert [index for index, _ in runs[:4]] == [0, 1, 3, 4]
    assert runs[2][1] == pytest.approx(0.3 + 0.4, abs=0.015)


def test_faster_synthesizes_from_the_next_item_at_the_new_rate() -> None:
    session = play({0.4: Command(Action.FASTER)}, rate=175)
    assert session.narration.starts == [(0, 175), (2, 200)]
    durations = dict(heard(session.outputs[0].samples, session.script))
    assert durations[3] == pytest.approx(0.4 * 175 / 200, abs=0.01)
    assert "Rate 200 words per minute." in session.screen.getvalue()


def test_where_speaks_the_section_and_position_then_goes_on() -> None:
    session = play({1.2: Command(Action.WHERE)})
    assert session.narration.said == ["Section 1 of 3: Cats. Sentence 1 of 2."]
    assert session.items_heard[:5] == [0, 1, 3, -1, 3]
    assert "Section 1 of 3: Cats. Sentence 1 of 2." in session.screen.getvalue()


def test_pause_writes_silence_until_resume_and_loses_nothing() -> None:
    # Pause 0.1 s into item 1 (section 1's announcement, 0.5 s); resume after 1 s of silence.
    session = play({0.4: Command(Action.PAUSE), 1.4: Command(Action.RESUME)})
    runs = heard(session.outputs[0].samples, session.script)
    assert [index for index, _ in runs[:3]] == [0, 1, 3]
    assert runs[1][1] == pytest.approx(0.5, abs=0.015)
    silence = longest_zero_run(session.outputs[0].samples)
    assert silence == pytest.approx(1.0, abs=0.03)
    assert session.screen.getvalue().splitlines()[2:4] == ["Paused.", "Playing."]


def longest_zero_run(samples: array.array[int]) -> float:
    longest = run = 0
    for sample in samples:
        run = run + 1 if sample == 0 else 0
        longest = max(longest, run)
    return longest / RATE


def test_quit_saves_the_position_and_resume_announces_it() -> None:
    session = play({1.75: Command(Action.QUIT)})
    assert session.items_heard == [0, 1, 3, 4, 5]
    script = build_script()
    target, announcement = start_position(script, PlayOptions(resume=True))
    assert announcement == "Resuming at Section 2 of 3: Dogs."
    assert script.items[target].section == 1


def test_start_at_takes_a_number_or_heading_words() -> None:
    script = build_script()
    assert start_position(script, PlayOptions(start_at="2"))[0] == 5
    assert start_position(script, PlayOptions(start_at="questions"))[0] == 9
    from narrator.errors import NarratorError

    with pytest.raises(NarratorError, match="No section matches --start-at 'horses'"):
        start_position(script, PlayOptions(start_at="horses"))


def test_lines_from_a_pipe_drive_the_player_and_end_of_input_plays_on() -> None:
    script = build_script()
    narration = FakeNarration(script)
    outputs: list[FakeOutput] = []

    def open_output(sample_rate: int) -> FakeOutput:
        outputs.append(FakeOutput(sample_rate, lambda frames: None))
        return outputs[-1]

    errors = io.StringIO()
    outcome = play_script(
        ScriptStages(script),
        narration,
        open_output,
        VoiceSettings(),
        PlayOptions(),
        stdin=io.StringIO("section 3\nbogus\n"),
        screen=io.StringIO(),
        errors=errors,
    )
    assert outcome.finished
    assert "Unknown command: bogus." in errors.getvalue()


def test_navigation_at_the_edges_says_so_instead_of_moving() -> None:
    session = play({0.1: Command(Action.SECTION, 9)})
    assert session.narration.said == ["There is no section 9."]
    assert Navigator(build_script()).next_section(11) is None


def test_keys_and_lines_name_the_same_commands() -> None:
    assert split_keys("n\x1b[Cp\x1b[D ") == ["n", "\x1b[C", "p", "\x1b[D", " "]
    assert parse_line("next") == Command(Action.NEXT_SECTION)
    assert parse_line("  Section 4 ") == Command(Action.SECTION, 4)
    assert parse_line("7") == Command(Action.SECTION, 7)
    assert parse_line("dance") is None
    assert parse_line("section") is None


def test_a_saved_position_survives_other_announcement_options() -> None:
    full = build_script()
    # The same article with headings spoken as plain text and no pauses, as --announce none would say it.
    plain_items = tuple(
        ScriptItem(ItemKind.TEXT, item.section, item.text.split(": ")[-1], role="heading")
        if item.kind is ItemKind.ANNOUNCEMENT
        else item
        for item in full.items
        if item.kind is not ItemKind.PAUSE
    )
    plain = Script(full.title, full.language, plain_items, full.sections)
    assert saved_positions.article_key(plain) == saved_positions.article_key(full)
    saved_positions.save(full, 8)  # "Second sentence about Dogs."
    landed = saved_positions.from_saved(plain, saved_positions.load(plain) or saved_positions.SavedPosition(None, 0))
    assert plain.items[landed].text == "Second sentence about Dogs."


def test_an_edited_article_has_no_saved_position() -> None:
    saved_positions.save(build_script(), 8)
    edited = build_script()
    edited = Script(edited.title, edited.language, (*edited.items, ScriptItem(ItemKind.TEXT, 2, "A new sentence.")))
    assert saved_positions.load(edited) is None


def test_next_question_starts_at_the_tone_that_introduces_it() -> None:
    plain = build_script()
    question = next(index for index, item in enumerate(plain.items) if item.role == "question")
    items = list(plain.items)
    items.insert(question, ScriptItem(ItemKind.EARCON, items[question].section, role="faq", earcon="faq"))
    navigator = Navigator(Script(plain.title, plain.language, tuple(items), plain.sections))
    assert navigator.next_question(0) == question  # the tone, now where the question was
    assert navigator.next_question(question) is None  # hearing the tone: there is no later question


def test_moving_while_paused_plays_the_new_place() -> None:
    session = play({0.4: Command(Action.PAUSE), 0.6: Command(Action.SECTION, 3)})
    assert session.items_heard == [0, 1, 9, 11, 12]
    assert session.screen.getvalue().splitlines()[2:5] == ["Paused.", "Playing.", "Section 3 of 3: Questions"]


def test_playing_starts_before_the_rest_is_scripted_and_hears_it_all_in_order() -> None:
    session = play(built_after=0.1)
    assert session.narration.script == session.script  # narrating the whole script by the end
    spoken = [index for index, item in enumerate(session.script.items) if item.kind is not ItemKind.PAUSE]
    assert session.items_heard == spoken
    expected = sum(len(session.narration.chunk(i, VoiceSettings()).pcm) for i in range(len(session.script.items)))
    assert len(session.outputs[0].samples) * 2 == expected  # nothing lost or heard twice at the seams
    assert session.screen.getvalue().splitlines() == [
        "A short article",
        "Section 1 of 3: Cats",
        "Section 2 of 3: Dogs",
        "Section 3 of 3: Questions",
    ]


def test_a_command_before_the_rest_is_scripted_acts_on_the_whole_article() -> None:
    session = play({0.05: Command(Action.SECTION, 3)}, built_after=0.05)
    assert session.items_heard == [0, 9, 11, 12]


# Issue 16: what a listener trips over -----------------------------------------


def runs_of(session: Session) -> list[tuple[int, float]]:
    return heard(session.outputs[0].samples, session.script)


def test_speed_steps_come_back_to_the_rates_they_left_and_0_resets() -> None:
    assert rate_steps(175)[:5] == [80, 100, 125, 150, 175]
    assert rate_steps(175)[-2:] == [425, 450]
    steps = [Action.SLOWER] * 5 + [Action.FASTER] * 4 + [Action.FASTER, Action.RESET_SPEED]
    session = play({0.1: [Command(action) for action in steps]}, rate=175)
    rates = [int(line.split()[1]) for line in session.screen.getvalue().splitlines() if line.startswith("Rate ")]
    assert rates == [150, 125, 100, 80, 80, 100, 125, 150, 175, 200, 175]


def test_a_digit_key_goes_to_its_section_and_0_alone_resets_the_speed() -> None:
    assert play({0.1: Command(Action.DIGIT, 3)}).items_heard == [0, 9, 11, 12]  # 30 is past 3 sections: at once
    typed = play({0.1: [Command(Action.GO_TO), Command(Action.DIGIT, 2), Command(Action.ENTER)]})
    assert typed.items_heard[:2] == [0, 5]
    reset = play({0.1: [Command(Action.FASTER), Command(Action.DIGIT, 0)]}, rate=200)
    assert [line for line in reset.screen.getvalue().splitlines() if line.startswith("Rate")] == [
        "Rate 225 words per minute.",
        "Rate 200 words per minute.",
    ]


def test_an_unknown_key_is_answered_and_playing_goes_on() -> None:
    session = play({0.1: Command(Action.UNKNOWN_KEY)})
    assert session.narration.said == ["Unknown key, ? for help."]
    assert "Unknown key, ? for help." in session.screen.getvalue().splitlines()
    assert session.items_heard[:3] == [0, -1, 0]


def test_skip_back_goes_back_through_the_items_heard_by_their_length() -> None:
    # 1.5 s in is 0.2 s into item 4; one second back is 0.2 s into item 1 (title 0.3 s, item 1 0.5 s, pause 0.1 s).
    runs = runs_of(play({1.5: Command(Action.SKIP_BACK, 1)}))
    assert [index for index, _ in runs[:7]] == [0, 1, 3, 4, 1, 3, 4]
    assert runs[3][1] == pytest.approx(0.2, abs=0.015)
    assert runs[4][1] == pytest.approx(0.3, abs=0.015)


def test_skip_forward_leaves_out_that_much_of_what_comes() -> None:
    # 0.4 s in is 0.1 s into item 1; one second on is 0.1 s into item 4.
    session = play({0.4: Command(Action.SKIP_FORWARD, 1)})
    runs = runs_of(session)
    assert [index for index, _ in runs[:4]] == [0, 1, 4, 5]
    assert runs[2][1] == pytest.approx(0.3, abs=0.015)
    assert "Forward 1 seconds." in session.screen.getvalue()


def test_sentences_and_paragraphs_are_steps_of_the_script() -> None:
    navigator = Navigator(build_script())
    assert navigator.next_sentence(3) == 4
    assert navigator.previous_sentence(4) == 3
    assert navigator.next_sentence(12) is None
    assert navigator.next_paragraph(3) == 5  # the heading after the two sentences of section 1
    assert navigator.previous_paragraph(4) == 1  # the paragraph before the one being read
    assert play({1.0: Command(Action.NEXT_SENTENCE)}).items_heard[:4] == [0, 1, 3, 4]
    assert play({1.0: Command(Action.NEXT_PARAGRAPH)}).items_heard[:4] == [0, 1, 3, 5]


def test_bookmarks_are_kept_for_the_article_and_reached_by_name() -> None:
    marked = play({1.0: Command(Action.MARK, name="a")})  # in item 3, the first sentence about cats
    assert marked.narration.said == ["Bookmark a: Section 1 of 3: Cats. Sentence 1 of 2."]
    listed = play({0.1: [Command(Action.BOOKMARKS), Command(Action.BOOKMARK, name="a")]})
    assert listed.narration.said == ["Bookmarks: a: Section 1 of 3: Cats."]  # the first sentence: from the heading
    assert listed.items_heard[:4] == [0, 1, 3, 4]
    missing = play({0.1: Command(Action.BOOKMARK, name="z")})
    assert missing.narration.said == ["No bookmark z."]


def test_the_sleep_timer_stops_after_the_sentence_that_ends_past_it_and_saves_the_next() -> None:
    session = play(sleep_seconds=1.0)  # item 3 ends at 1.3 s
    assert session.items_heard == [0, 1, 3]
    assert session.outcome == Outcome(finished=False, position=4)
    assert session.screen.getvalue().splitlines()[-1].startswith("Sleep timer: stopped.")
    script = build_script()
    assert start_position(script, PlayOptions(resume=True))[0] == 4


def test_keys_that_name_a_bookmark_and_keys_we_do_not_know() -> None:
    reader = KeyReader()
    assert [reader.command(key) for key in ["m", "a", "'", "b", "z", "\x1b[1;5P"]] == [
        Command(Action.MARK),
        Command(Action.MARK, name="a"),
        Command(Action.BOOKMARKS),
        Command(Action.BOOKMARK, name="b"),
        Command(Action.UNKNOWN_KEY),
        Command(Action.UNKNOWN_KEY),
    ]
    assert split_keys("\x1b[1;5P\x1b[Ab") == ["\x1b[1;5P", "\x1b[A", "b"]
    assert parse_line("back") == Command(Action.SKIP_BACK, 15)
    assert parse_line("forward 45") == Command(Action.SKIP_FORWARD, 45)
    assert parse_line("mark before the recipe") == Command(Action.MARK, name="before the recipe")
    assert parse_line("bookmark") is None
    assert parse_line("digit") is None


def test_skip_back_into_an_earlier_section_names_it() -> None:
    # 2.5 s in is 0.2 s into item 7 (section 2); one second back is 0.2 s into item 4, in section 1.
    session = play({2.5: Command(Action.SKIP_BACK, 1)})
    assert [index for index, _ in runs_of(session)[:9]] == [0, 1, 3, 4, 5, 7, 4, 5, 7]
    lines = session.screen.getvalue().splitlines()
    assert lines[lines.index("Back 1 seconds.") + 1] == "Section 1 of 3: Cats"

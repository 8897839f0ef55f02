"""The live player: plays the script block by block and acts on commands between blocks.

Everything happens on one thread in a simple loop: take pending commands,
then write the next :data:`~narrator.play.output.BLOCK_MS` of audio. Audio
arrives from a :class:`~narrator.play.feed.Feed` that synthesizes ahead on
its own thread, and commands from a reader thread (keys or lines), so the
loop never blocks for longer than one block and a key acts within tens of
milliseconds, also while speech plays.
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass, replace
from typing import Protocol, TextIO

from narrator.audio import AudioChunk
from narrator.engines.base import DEFAULT_RATE, VoiceSettings
from narrator.play import position as saved_positions
from narrator.play.commands import HELP_LANGUAGE, Action, Command
from narrator.play.feed import End, Feed, ItemCache, Narration
from narrator.play.navigation import Navigator
from narrator.play.output import FADE_MS, block_bytes, fade, span_bytes
from narrator.play.stages import ScriptStages
from narrator.script.model import Script
from narrator.script.phrases import phrases_for
from narrator.terminal import printable

RATE_STEP = 25
"""Words per minute added or taken by one ``+`` or ``-``."""
MIN_RATE, MAX_RATE = 80, 450
"""The range ``+`` and ``-`` stay within: what ``--rate`` accepts."""
NUMBER_WAIT_SECONDS = 1.5
"""A typed section number that another digit could still make longer goes there after this long without Enter."""
BACK_AGAIN_SECONDS = 2.0
"""A second ``p`` within this long goes to the previous section instead of the start of this one."""
POLL_SECONDS = 0.02


def rate_steps(start: int) -> list[int]:
    """The rates ``+`` and ``-`` step through: ``start`` plus or minus whole steps, and the two limits.

    Stepping from the limits lands back on the values stepped from (80 -> 100 -> 125 ... 175), so the rate
    playing started with is always reachable again.
    """
    lowest = start - (start - MIN_RATE) // RATE_STEP * RATE_STEP
    return sorted({MIN_RATE, MAX_RATE, *range(lowest, MAX_RATE + 1, RATE_STEP)})


class Output(Protocol):
    """What the player needs of an audio output (see :func:`narrator.play.output.open_output`)."""

    sample_rate: int

    def write(self, pcm: bytes) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...


class OutputFactory(Protocol):
    def __call__(self, sample_rate: int) -> Output: ...


@dataclass(frozen=True)
class Outcome:
    """How playback ended."""

    finished: bool
    """True when the script was heard to the end; False when the listener quit."""
    position: int
    """The item being heard when it ended."""


class Player:
    """Plays one script from a start item, following the listener's commands."""

    def __init__(
        self,
        script: Script,
        narration: Narration,
        open_output: OutputFactory,
        commands: queue.Queue[Command],
        screen: TextIO,
        settings: VoiceSettings,
        *,
        transcript: bool = False,
        help_text: str = "",
        stages: ScriptStages | None = None,
        sleep_seconds: float | None = None,
    ) -> None:
        """``stages``, when given, builds the rest of the article after ``script``, its beginning.

        With ``sleep_seconds``, playing stops at the end of the sentence being heard once that much audio
        was heard (the sleep timer), and the place is saved as on quit.
        """
        self.script = script
        self.navigator = Navigator(script)
        self._narration = narration
        self._open_output = open_output
        self._commands = commands
        self._screen = screen
        self._settings = settings
        self._transcript = transcript
        self._help_text = help_text
        self._cache = ItemCache()
        self._output: Output | None = None
        self._section_starts = {start for start, _ in self.navigator.headings}
        self.position = 0
        """The item being heard (or about to be)."""
        self._next = 0
        """The item the feed delivers next."""
        self._feed: Feed | None = None
        self._current = memoryview(b"")
        """What is left of the item being heard."""
        self._aside = memoryview(b"")
        """Words the player adds ("where am I"), heard before the rest of the item."""
        self._fade_in = False
        self._paused = False
        self._quit = False
        self._last_back = float("-inf")
        self._stages = stages
        self._phrases = phrases_for(script.language)
        self._rates = rate_steps(settings.rate or DEFAULT_RATE)
        self._start_rate = settings.rate or DEFAULT_RATE
        self._typed: str | None = None
        """Digits of a section number being typed; ``""`` after ``g``; ``None`` when no number is typed."""
        self._typed_at = float("-inf")
        self._item = memoryview(b"")
        """The whole audio of the item being heard, for skipping back within it."""
        self._start_offset = 0
        """Bytes of the next item begun to leave out: where a skip back lands inside it."""
        self._skip_ahead = 0
        """Bytes of the coming audio to leave out: what is left of a skip forward."""
        self._sleep_seconds = sleep_seconds
        self._heard_seconds = 0.0

    def run(self, start: int, announcement: str = "") -> Outcome:
        """Play from item ``start`` until the end or ``quit``; the position is saved on quit and on Ctrl-C."""
        finished = False
        self._jump(start)
        if announcement:
            self._interject(announcement)
        try:
            finished = self._loop()
        finally:
            if self._feed is not None:
                self._feed.cancel()
            try:
                self._grow(wait=True)  # positions are saved against the whole article
                self._keep_position(finished)
            finally:
                if self._output is not None:
                    if finished:
                        self._output.finish()
                    self._output.close()
        return Outcome(finished, self.position)

    def _keep_position(self, finished: bool) -> None:
        try:
            if finished:
                saved_positions.forget(self.script)
            else:
                saved_positions.save(self.script, self.position)
        except OSError as error:  # an unwritable state folder costs --resume, not the listening
            self._show(f"The position could not be saved: {error}")

    # The loop ----------------------------------------------------------------

    def _loop(self) -> bool:
        while True:
            self._grow(wait=False)
            self._take_commands()
            if self._quit:
                return False
            if self._paused:
                self._rest()
                continue
            if not self._aside and not self._current:
                entry = self._feed.next(POLL_SECONDS) if self._feed else None
                if entry is None:
                    continue
                if isinstance(entry, End):
                    if self._stages is None:
                        return True
                    self._grow(wait=True)  # heard all that was built: the rest is moments away
                    continue
                if self._sleep_seconds is not None and self._heard_seconds >= self._sleep_seconds:
                    self.position = entry[0]  # the sentence heard last ended: the place to go on from
                    self._show(self._phrases.sleep_ended)
                    return False
                self._begin(*entry)
                if not self._current:  # skipped over
                    continue
            self._play_block()

    def _grow(self, *, wait: bool) -> None:
        """Go on with a longer script once one is built; ``wait`` for the whole one."""
        if self._stages is None:
            return
        script, complete = (self._stages.whole(), True) if wait else self._stages.latest()
        if complete:
            self._stages = None
        if script is self.script:
            return
        self.script = script  # the same items first, so every position stays where it was
        self.navigator = Navigator(script)
        self._section_starts = {start for start, _ in self.navigator.headings}
        self._narration.adopt(script)
        self._restart_feed()

    def _rest(self) -> None:
        """While paused, words asked for ("where am I") are heard; otherwise the output gets silence."""
        if self._aside:
            self._play_block()
        elif self._output is not None:
            self._output.write(bytes(block_bytes(self._output.sample_rate)))
        else:
            time.sleep(POLL_SECONDS)

    def _take_commands(self) -> None:
        """Act on every command that is waiting, on the whole script (moving needs to know every section)."""
        while not self._quit:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                break
            self._grow(wait=True)
            self._act(command)
        if self._typed and time.monotonic() - self._typed_at > NUMBER_WAIT_SECONDS:
            self._go_to_typed()

    def _begin(self, index: int, chunk: AudioChunk) -> None:
        """Start hearing item ``index``: show its heading or words, queue its audio."""
        item = self.script.items[index]
        self.position = index
        self._next = index + 1
        self._item = memoryview(chunk.pcm)
        skipped = min(len(self._item), self._skip_ahead + self._start_offset)
        self._skip_ahead -= min(self._skip_ahead, len(self._item))
        self._start_offset = 0
        self._current = self._item[skipped:]
        if index in self._section_starts and item.section is not None:
            self._show(self.navigator.describe(self.script.sections[item.section]))
        elif index == 0 and self.script.title:
            self._show(self.script.title)
        if self._transcript and self._current and item.spoken and item.role not in ("heading", "title"):
            self._show(item.text)
        self._ensure_output(chunk.sample_rate)

    def _play_block(self) -> None:
        output = self._output
        assert output is not None  # opened by _begin or _interject before any audio
        source = self._aside if self._aside else self._current
        size = block_bytes(output.sample_rate)
        block = bytes(source[:size])
        if self._fade_in:
            block = fade(block[: self._fade_bytes()], fade_in=True) + block[self._fade_bytes() :]
            self._fade_in = False
        if self._aside:
            self._aside = self._aside[size:]
        else:
            self._current = self._current[size:]
        output.write(block)
        self._heard_seconds += len(block) / span_bytes(output.sample_rate, 1000)
        if self._stages is not None:
            self._stages.start()  # only now, so scripting the rest never delays the first audio

    def _fade_bytes(self) -> int:
        assert self._output is not None
        return span_bytes(self._output.sample_rate, FADE_MS)

    def _fade_out(self) -> None:
        """End what is playing with a short fade instead of a click (while paused, it already ended)."""
        if self._output is None or self._paused:
            return
        source = self._aside if self._aside else self._current
        tail = bytes(source[: self._fade_bytes()])
        if tail:
            self._output.write(fade(tail, fade_in=False))
            if self._aside:
                self._aside = self._aside[len(tail) :]
            else:
                self._current = self._current[len(tail) :]
            self._fade_in = True

    def _ensure_output(self, sample_rate: int) -> None:
        if self._output is not None and self._output.sample_rate != sample_rate:
            self._output.finish()
            self._output.close()
            self._output = None
        if self._output is None:
            self._output = self._open_output(sample_rate)

    # Commands ----------------------------------------------------------------

    def _act(self, command: Command) -> None:
        action = command.action
        navigator = self.navigator
        if action is Action.DIGIT:
            self._type_digit(command.number)
            return
        typed, self._typed = self._typed, None  # any other key ends a number being typed
        if action is Action.ENTER and typed:
            self._go_to_number(int(typed))
        elif action is Action.ENTER and time.monotonic() - self._typed_at < NUMBER_WAIT_SECONDS:
            pass  # Enter after a number that went at once: what the listener was told to type
        elif action in (Action.ENTER, Action.UNKNOWN_KEY):
            self._interject(self._phrases.unknown_key)
        elif action is Action.GO_TO:
            self._typed = ""
        elif action is Action.QUIT:
            self._fade_out()
            self._quit = True
        elif action is Action.TOGGLE_PAUSE:
            self._set_paused(not self._paused)
        elif action in (Action.PAUSE, Action.RESUME):
            self._set_paused(action is Action.PAUSE)
        elif action is Action.NEXT_SECTION:
            self._go(navigator.next_section(self.position), self._phrases.last_section)
        elif action is Action.PREVIOUS_SECTION:
            self._go(navigator.previous_section(self.position))
        elif action is Action.SECTION_START:
            now = time.monotonic()
            again = now - self._last_back < BACK_AGAIN_SECONDS
            self._last_back = now
            self._go(navigator.previous_section(self.position) if again else navigator.section_start(self.position))
        elif action is Action.NEXT_HEADING:
            self._go(navigator.next_heading(self.position), self._phrases.no_more_headings)
        elif action is Action.PREVIOUS_HEADING:
            self._go(navigator.previous_heading(self.position))
        elif action is Action.NEXT_QUESTION:
            self._go(navigator.next_question(self.position), self._phrases.no_more_questions)
        elif action is Action.NEXT_SENTENCE:
            self._go(navigator.next_sentence(self.position), self._phrases.last_sentence)
        elif action is Action.PREVIOUS_SENTENCE:
            self._go(navigator.previous_sentence(self.position))
        elif action is Action.NEXT_PARAGRAPH:
            self._go(navigator.next_paragraph(self.position), self._phrases.last_paragraph)
        elif action is Action.PREVIOUS_PARAGRAPH:
            self._go(navigator.previous_paragraph(self.position))
        elif action is Action.SKIP_BACK:
            self._skip_back(command.number)
        elif action is Action.SKIP_FORWARD:
            self._skip_forward(command.number)
        elif action is Action.SECTION:
            self._go_to_number(command.number)
        elif action in (Action.FASTER, Action.SLOWER, Action.RESET_SPEED):
            self._change_rate(action)
        elif action is Action.REPEAT:
            self._go(navigator.sentence_at(self.position))
        elif action is Action.WHERE:
            self._interject(navigator.where(self.position))
        elif action is Action.MARK:
            self._mark(command.name)
        elif action is Action.BOOKMARKS:
            self._list_bookmarks()
        elif action is Action.BOOKMARK:
            self._go_to_bookmark(command.name)
        elif action is Action.HELP:
            self._interject(self._help_text, HELP_LANGUAGE)

    def _type_digit(self, digit: int) -> None:
        """Add a digit to the section number being typed; ``0`` on its own resets the speed instead.

        The number goes at once when no further digit could name a section (``3`` of 12; ``27`` of 27).
        """
        if self._typed is None and digit == 0:
            self._change_rate(Action.RESET_SPEED)
            return
        self._typed = (self._typed or "") + str(digit)
        self._typed_at = time.monotonic()
        if int(self._typed) * 10 > self.navigator.last_number:
            self._go_to_typed()

    def _go_to_typed(self) -> None:
        typed, self._typed = self._typed, None
        if typed:
            self._go_to_number(int(typed))

    def _go_to_number(self, number: int) -> None:
        self._go(self.navigator.numbered(number), self._phrases.no_section.format(number=number))

    def _set_paused(self, paused: bool) -> None:
        if paused == self._paused:
            return
        if paused:
            self._fade_out()
            self._aside = memoryview(b"")  # pausing also silences "where am I"
            self._show(self._phrases.paused)
        else:
            self._fade_in = True
            self._show(self._phrases.playing)
        self._paused = paused

    def _go(self, target: int | None, otherwise: str = "", *, offset: int = 0) -> None:
        """Jump to item ``target`` (``offset`` bytes into it), or say ``otherwise`` when there is nowhere to go."""
        if target is None:
            self._interject(otherwise)
            return
        self._fade_out()
        self._jump(target)
        self._start_offset = offset
        self._play_on()

    def _play_on(self) -> None:
        """Moving is asking to hear the place moved to: a pause ends."""
        if self._paused:
            self._paused = False
            self._fade_in = True
            self._show(self._phrases.playing)

    def _jump(self, target: int) -> None:
        if self._feed is not None:
            self._feed.cancel()
        self.position = self._next = target
        self._current = self._item = memoryview(b"")
        self._aside = memoryview(b"")
        self._skip_ahead = 0
        self._feed = Feed(self._narration, target, self._settings, self._cache)

    def _skip_back(self, seconds: int) -> None:
        """Back ``seconds`` of speech, through the audio of the items heard before (kept in the item cache).

        An item whose audio is no longer at hand (another rate, or evicted) is gone back to from its start.
        """
        self._show(self._phrases.skipped_back.format(seconds=seconds))
        if self._output is None:
            return
        back = seconds * span_bytes(self._output.sample_rate, 1000)
        if back <= self._skip_ahead:  # a skip forward still under way: it goes less far
            self._skip_ahead -= back
            return
        back, self._skip_ahead = back - self._skip_ahead, 0
        index = self.position
        offset = len(self._item) - len(self._current) - back
        while offset < 0 and index > 0:
            index -= 1
            heard = self._cache.get(index, self._settings.rate)
            if heard is None:
                offset = 0
                break
            offset += len(heard.pcm)
        offset = max(offset, 0)
        if index == self.position and self._item:
            self._fade_out()
            self._aside = memoryview(b"")
            self._current = self._item[offset:]
            self._play_on()
        else:
            landed = self.navigator.section_at(index)
            if landed not in (None, self.navigator.section_at(self.position)) and index not in self._section_starts:
                self._show(self.navigator.describe(landed))  # back into an earlier section: say which
            self._go(index, offset=offset)

    def _skip_forward(self, seconds: int) -> None:
        """Forward ``seconds`` of speech: that much of the coming audio is left out as it arrives."""
        self._show(self._phrases.skipped_forward.format(seconds=seconds))
        if self._output is None:
            return
        self._fade_out()
        self._aside = memoryview(b"")
        wanted = seconds * span_bytes(self._output.sample_rate, 1000)
        if wanted < len(self._current):
            self._current = self._current[wanted:]
        else:
            self._skip_ahead = wanted - len(self._current)
            self._current = memoryview(b"")
        self._play_on()

    def _mark(self, name: str) -> None:
        """Bookmark the sentence being heard as ``name``, kept with the saved positions."""
        if not name:  # the m key: the name is the next key
            return
        sentence = self.navigator.sentence_at(self.position)
        try:
            saved_positions.save_bookmark(self.script, name, sentence)
        except OSError as error:
            self._show(f"The bookmark could not be saved: {error}")
            return
        self._interject(self._phrases.bookmarked.format(name=name, place=self.navigator.where(sentence)))

    def _list_bookmarks(self) -> None:
        marks = saved_positions.bookmarks(self.script)
        if not marks:
            self._interject(self._phrases.no_bookmarks)
            return
        places = (f"{name}: {self.navigator.where(position)}" for name, position in marks.items())
        self._interject(self._phrases.bookmark_list.format(entries=" ".join(places)))

    def _go_to_bookmark(self, name: str) -> None:
        self._go(saved_positions.bookmarks(self.script).get(name), self._phrases.no_bookmark.format(name=name))

    def _change_rate(self, change: Action) -> None:
        """Speak faster, slower or at the starting rate from the next item on: the rest is synthesized again."""
        current = self._settings.rate or DEFAULT_RATE
        if change is Action.FASTER:
            rate = next((rate for rate in self._rates if rate > current), MAX_RATE)
        elif change is Action.SLOWER:
            rate = next((rate for rate in reversed(self._rates) if rate < current), MIN_RATE)
        else:
            rate = self._start_rate
        self._settings = replace(self._settings, rate=rate)
        self._show(self._phrases.rate.format(rate=rate))
        self._restart_feed()

    def _restart_feed(self) -> None:
        """Fetch from the next item on again (new settings or a longer script); what was fetched is cached."""
        if self._feed is not None:
            self._feed.cancel()
        self._feed = Feed(self._narration, self._next, self._settings, self._cache)

    def _interject(self, text: str, language: str = "") -> None:
        """Show and speak ``text`` (in ``language``, else the article's) now, then go on where the listener was."""
        self._show(text)
        chunk = self._narration.say(text, self._settings, language)
        self._fade_out()
        self._ensure_output(chunk.sample_rate)
        self._aside = memoryview(chunk.pcm)

    def _show(self, line: str) -> None:
        print(printable(line), file=self._screen, flush=True)

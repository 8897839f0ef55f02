"""What every export sink shares: the sink protocol, a frame clock, and chapters timed as audio passes.

Audio flows once, in script order, from synthesis to every active sink. Sinks
keep their own timing by counting frames, which is exact and needs no memory
that grows with the article: no sink ever holds more than one item's audio.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

from narrator.audio import EncodedRun, Sound
from narrator.script.model import Script, ScriptItem

DEFAULT_SAMPLE_RATE = 22050
"""The rate of a file that received no audio at all (eSpeak NG's own rate)."""

Audio = TypeVar("Audio", contravariant=True, bound=Sound)


class Sink(Protocol[Audio]):
    """Something that consumes the narration's audio, one script item at a time.

    A ``Sink[Sound]`` only times the audio (chapters, cues, progress); a
    ``Sink[PcmSource]`` writes its samples (WAV).
    """

    def write(self, item: ScriptItem, audio: Audio) -> None:
        """Take the audio of the next item (silence for pauses; possibly empty)."""
        ...

    def close(self) -> None:
        """Finish the output; renaming it into place is :mod:`narrator.sinks.atomic`'s job."""
        ...


class RunSink(Protocol):
    """An MP3 output that joins runs encoded elsewhere (:mod:`narrator.export_runs`), each from one section."""

    def append(self, group: int, run: EncodedRun) -> None:
        """Join the next run, from section ``group`` (the opening counts as the first section's)."""
        ...

    def close(self) -> None: ...


class AudioFile(Protocol):
    """One audio file being written, which knows how long it is."""

    @property
    def clock(self) -> Clock: ...

    def close(self) -> None: ...


class Clock:
    """Counts the frames of a stream of chunks, which must all share one sample rate."""

    def __init__(self) -> None:
        self.frames = 0
        self._sample_rate: int | None = None

    @property
    def sample_rate(self) -> int:
        return self._sample_rate or DEFAULT_SAMPLE_RATE

    def advance(self, chunk: Sound) -> int:
        """Account for ``chunk`` and return the frame at which it starts."""
        if self._sample_rate is None:
            self._sample_rate = chunk.sample_rate
        elif chunk.sample_rate != self._sample_rate:
            raise ValueError(f"sample rate changed from {self._sample_rate} to {chunk.sample_rate} Hz mid-stream")
        start = self.frames
        self.frames += chunk.frames
        return start

    def milliseconds(self, frames: int) -> int:
        """A frame position in whole milliseconds, rounded to the nearest."""
        return (frames * 1000 + self.sample_rate // 2) // self.sample_rate

    def seconds(self, frames: int) -> float:
        return frames / self.sample_rate


@dataclass(frozen=True)
class Chapter:
    """A section's place in the rendered audio, in milliseconds."""

    title: str
    start_ms: int
    end_ms: int


def section_title(script: Script, index: int) -> str:
    """A section's chapter title: its heading, or the article's title for an untitled lead."""
    return script.sections[index].heading or script.title or "Introduction"


class ChapterTimer:
    """Times one chapter per section: from the frame its first item (the announcement) starts.

    The first chapter starts at 0: the opening (title, byline, contents)
    belongs to it, as it belongs to the first file of a split, so a player
    shows a chapter from the first second. Every later chapter starts exactly
    where its section is announced; the last ends at the end of the audio.
    """

    def __init__(self, script: Script) -> None:
        self._script = script
        self._clock = Clock()
        self._starts: dict[int, int] = {}

    def write(self, item: ScriptItem, audio: Sound) -> None:
        start = self._clock.advance(audio)
        if item.section is not None:
            self._starts.setdefault(item.section, start if self._starts else 0)

    def close(self) -> None:
        """Nothing to finish: chapters are read with :meth:`chapters`."""

    def planned(self) -> list[Chapter]:
        """A chapter for every section, untimed: what :meth:`chapters` gives when every section is heard."""
        return [Chapter(section_title(self._script, index), 0, 0) for index in range(len(self._script.sections))]

    def section_starts_ms(self) -> dict[int, int]:
        """Where each section heard so far starts (its chapter), in milliseconds, by section index."""
        return {index: self._clock.milliseconds(start) for index, start in self._starts.items()}

    def chapters(self) -> list[Chapter]:
        """The chapters of the sections heard so far, in order."""
        starts = list(self._starts.items())
        if not starts:  # an article without sections: no chapters
            return []
        ends = [start for _, start in starts[1:]] + [self._clock.frames]
        return [
            Chapter(section_title(self._script, index), self._clock.milliseconds(start), self._clock.milliseconds(end))
            for (index, start), end in zip(starts, ends, strict=True)
        ]

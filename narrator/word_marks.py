"""Where words start in speech whose engine does not say: found from the pauses heard in the audio.

eSpeak NG reports each word's sample as it speaks; other engines (Piper, and
pyttsx3's SAPI5 and NSSpeech drivers, which write files) do not. Subtitles
still need their cues to start with their words, so the marks are estimated
from the sound: the speech starts after the leading silence, and a pause in
the audio after a word that ends in punctuation is where the next word
starts. Pauses are matched to those words in order, each to the nearest that
its place in the text predicts; between these anchors, words are placed by
their share of the characters (with the space after them), which matched
eSpeak NG's own marks better than letters or vowel groups did. Against those
marks on the sample article, cues start a median 10 ms and at the 90th
percentile 160 ms from their words (characters alone: 270 ms); the tests
check it.
"""

from __future__ import annotations

import itertools
import re
from array import array

from narrator.audio import AudioChunk, WordMark

WINDOW_MS = 10
MIN_PAUSE_MS = 60
"""Silence this long inside speech is a pause (a comma's is 100 ms or more; stops inside words are shorter)."""
STRIDE = 4
"""Samples skipped when looking for silence: a quarter of the work, and 10 ms still holds 55 of them at 22 kHz."""
QUIET_SHARE = 0.04
"""A window whose peak is below this share of the item's peak is silent."""
MAX_SHIFT_SHARE = 0.25
"""A pause is taken for a word's only if it lies within this share of the speech from where the text puts it."""
_BREATH_AFTER = re.compile(r"[.,;:!?…。，、！？；：)\]»”\"'—–-]$")
"""A word after which a speaker pauses."""


def estimated_words(text: str, audio: AudioChunk) -> tuple[WordMark, ...]:
    """A mark for every space-separated word of ``text``, placed in ``audio`` by its pauses and letters."""
    words = list(re.finditer(r"\S+", text))
    if not words or not audio.frames:
        return tuple(WordMark(word.start(), 0) for word in words)
    window = max(1, audio.sample_rate * WINDOW_MS // 1000)
    silent = _silent_windows(audio, window)
    speech = [index for index, quiet in enumerate(silent) if not quiet]
    if not speech:
        return tuple(WordMark(word.start(), 0) for word in words)
    start, end = speech[0] * window, (speech[-1] + 1) * window
    pauses = _pauses(silent, speech[0], speech[-1], max(1, MIN_PAUSE_MS // WINDOW_MS))
    weights = [len(word.group()) + 1 for word in words]  # punctuation counts: it is said as a pause
    before = [0, *itertools.accumulate(weights)]
    """Characters before each word, and in all of them."""
    anchors: dict[int, int] = {0: start}
    used = 0
    for index in range(1, len(words)):
        if not _BREATH_AFTER.search(words[index - 1].group()):
            continue
        predicted = start + (end - start) * before[index] / before[-1]
        candidates = [
            (abs(pause * window - predicted), number) for number, pause in enumerate(pauses) if number >= used
        ]
        if candidates and min(candidates)[0] <= MAX_SHIFT_SHARE * (end - start):
            _, chosen = min(candidates)
            anchors[index] = pauses[chosen] * window
            used = chosen + 1
    known = [*sorted(anchors.items()), (len(words), end)]
    marks = []
    for (first, first_sample), (last, last_sample) in itertools.pairwise(known):
        for index in range(first, last):
            share = (before[index] - before[first]) / (before[last] - before[first])
            marks.append(WordMark(words[index].start(), round(first_sample + share * (last_sample - first_sample))))
    return tuple(marks)


def _silent_windows(audio: AudioChunk, window: int) -> list[bool]:
    """Whether each window is silent, judged on every :data:`STRIDE`-th sample (speech is well above them)."""
    samples = array("h", audio.pcm[: 2 * audio.frames])[::STRIDE]
    size = max(1, window // STRIDE)
    pieces = (samples[at : at + size] for at in range(0, len(samples), size))
    peaks = [max(max(piece), -min(piece)) for piece in pieces]
    threshold = max(1, QUIET_SHARE * max(peaks))
    return [peak < threshold for peak in peaks]


def _pauses(silent: list[bool], first: int, last: int, shortest: int) -> list[int]:
    """The window at which speech resumes after each run of at least ``shortest`` silent windows inside speech."""
    found, run = [], 0
    for index in range(first, last + 1):
        if silent[index]:
            run += 1
            continue
        if run >= shortest:
            found.append(index)
        run = 0
    return found

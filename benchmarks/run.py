"""Measure narrator against the targets of issue 7, each beside its baseline in the same run.

Every figure is the median of ``--runs`` runs (memory: the peak over them).
Baselines are the engine's own command line on the same plain text, so the
comparison holds on any machine. Prints one table row per figure and exits 1
when a target is missed.

Usage: python benchmarks/run.py [--runs 3] [--only help,read-cnn,...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import array
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
SAMPLE = PROJECT / "articles" / "ketamine-depression.md"
NARRATE = [sys.executable, "-m", "narrator"]

sys.path.insert(0, str(HERE))
import live  # noqa: E402
from make_article import make_article  # noqa: E402


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its baseline and target."""

    name: str
    value: float
    unit: str
    baseline: float | None
    target: str
    met: bool


def wall_time(
    command: Sequence[str], env: dict[str, str] | None = None, before: Callable[[], None] | None = None
) -> float:
    """Seconds one run of ``command`` takes; fails loudly when the command fails."""
    if before:
        before()
    start = time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{completed.stderr.decode(errors='replace')}")
    return elapsed


def median_time(runs: int, command: Sequence[str], **kwargs: object) -> float:
    return statistics.median(wall_time(command, **kwargs) for _ in range(runs))  # type: ignore[arg-type]


def tree_memory_bytes(pid: int) -> int:
    """Memory of a process and all its descendants together, from /proc.

    Each process's proportional set size (PSS): pages shared between processes
    (the interpreter, eSpeak NG's data, what forked workers share with their
    parent) count once in the total, split among the processes that share
    them, where a sum of resident sizes would count them once per process.
    """
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        proc = Path("/proc") / str(current)
        try:
            for line in (proc / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
            for task in (proc / "task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def peak_tree_memory(command: Sequence[str], env: dict[str, str] | None = None) -> int:
    """Peak memory (PSS) of ``command`` with all its processes together, sampled every 10 ms."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_memory_bytes(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{stderr.decode(errors='replace')}")
    return peak


def plain_text(article: Path) -> str:
    """The article's words as narrator reads them, without announcements: the baseline's input."""
    outline = json.loads(
        subprocess.run([*NARRATE, "outline", "--json", str(article)], capture_output=True, check=True).stdout
    )
    parts = [outline["title"]]
    for section in outline["sections"]:
        parts += [section["heading"], section["text"]]
        for faq in section["faqs"]:
            parts += [faq["question"], faq["answer"]]
    return "\n\n".join(part for part in parts if part)


class Bench:
    """The benchmarks, sharing one scratch folder and generated articles."""

    def __init__(self, scratch: Path, runs: int) -> None:
        self.scratch = scratch
        self.runs = runs
        self.env = {**os.environ, "XDG_CACHE_HOME": str(scratch / "cache")}
        self.articles: dict[int, Path] = {}

    def article(self, words: int) -> Path:
        if words not in self.articles:
            path = self.scratch / f"article-{words}.md"
            path.write_text(make_article(words), encoding="utf-8")
            self.articles[words] = path
        return self.articles[words]

    def export(self, article: Path, fmt: str, *extra: str) -> list[str]:
        output = self.scratch / f"{article.stem}.{fmt}"
        return [*NARRATE, "export", str(article), f"--{fmt}", "-o", str(output), "--force", "--quiet", *extra]

    def espeak_wav(self, article: Path) -> list[str]:
        text = self.scratch / f"{article.stem}.txt"
        if not text.exists():
            text.write_text(plain_text(article), encoding="utf-8")
        return ["espeak-ng", "-w", str(self.scratch / f"{article.stem}-baseline.wav"), "-f", str(text)]

    def help(self) -> list[Figure]:
        narrate = median_time(self.runs * 3, [*NARRATE, "--help"]) * 1000
        python = median_time(self.runs * 3, [sys.executable, "-c", "pass"]) * 1000
        return [
            Figure(
                "narrate --help vs python -c pass",
                narrate,
                "ms",
                python,
                "<= baseline + 150 ms",
                narrate - python <= 150,
            )
        ]

    def read_cnn(self) -> list[Figure]:
        page = CORPUS / "html" / "hostile-large-cnn" / "source.html"
        if not page.exists():
            return []
        from narrator.read import read_source

        timings = []
        for _ in range(self.runs):
            start = time.perf_counter()
            read_source(str(page))
            timings.append(time.perf_counter() - start)
        seconds = statistics.median(timings)
        return [Figure("read hostile-large-cnn (2.5 MB)", seconds, "s", None, "<= 1 s", seconds <= 1.0)]

    def compare(
        self, name: str, command: list[str], baseline: list[str] | Callable[[], float], target: float
    ) -> Figure:
        ours = median_time(
            self.runs,
            command,
            env={**self.env, "XDG_CACHE_HOME": str(self.scratch / "cold")},
            before=lambda: shutil.rmtree(self.scratch / "cold", ignore_errors=True),
        )
        theirs = baseline() if callable(baseline) else median_time(self.runs, baseline)
        ratio = ours / theirs
        return Figure(name, ours, "s", theirs, f"ratio <= {target}", ratio <= target)

    def export_wav(self) -> list[Figure]:
        large = self.article(10_000)
        return [
            self.compare(
                "export --wav 10k words vs espeak-ng -w", self.export(large, "wav"), self.espeak_wav(large), 0.75
            ),
            self.compare(
                "export --wav sample vs espeak-ng -w", self.export(SAMPLE, "wav"), self.espeak_wav(SAMPLE), 1.2
            ),
        ]

    def export_mp3(self) -> list[Figure]:
        large = self.article(10_000)
        espeak = self.espeak_wav(large)
        lame = ["lame", "--quiet", "-m", "m", "-b", "64", espeak[2], str(self.scratch / "baseline.mp3")]

        def baseline() -> float:
            return statistics.median(wall_time(espeak) + wall_time(lame) for _ in range(self.runs))

        return [self.compare("export --mp3 10k words vs espeak-ng + lame", self.export(large, "mp3"), baseline, 0.6)]

    def memory(self) -> list[Figure]:
        peaks = {}
        for words in (10_000, 100_000):
            command = self.export(self.article(words), "mp3", "--no-cache")
            peaks[words] = peak_tree_memory(command, self.env) / 2**20
        return [
            Figure(f"peak memory (PSS) export --mp3 {words // 1000}k words", peak, "MB", None, "<= 150 MB", peak <= 150)
            for words, peak in peaks.items()
        ]

    def play_command(self, article: Path) -> list[str]:
        return [*NARRATE, "play", str(article)]

    def play_env(self) -> dict[str, str]:
        """A fresh cache and state folder: the first listen to an article."""
        fresh = self.scratch / "play-home"
        shutil.rmtree(fresh, ignore_errors=True)
        return {**self.env, "XDG_CACHE_HOME": str(fresh / "cache"), "XDG_STATE_HOME": str(fresh / "state")}

    def play_first_audio(self) -> list[Figure]:
        if not live.pulseaudio_available():
            return []
        delays = {}
        with live.sound_server(self.scratch) as server:
            for words in (1_000, 10_000, 100_000):
                command = self.play_command(self.article(words))
                delays[words] = statistics.median(
                    live.first_audio_ms(server, command, self.play_env()) for _ in range(self.runs)
                )
        figures = [
            Figure(
                f"play: first audio, {words // 1000}k words",
                delays[words],
                "ms",
                None,
                "<= 150 ms",
                delays[words] <= 150,
            )
            for words in (1_000, 10_000)
        ]
        slowest = delays[100_000]
        figures.append(
            Figure(
                "play: first audio, 100k words (baseline: 1k)",
                slowest,
                "ms",
                delays[1_000],
                "<= 150 ms, <= 1.2x 1k",
                slowest <= 150 and slowest <= 1.2 * delays[1_000],
            )
        )
        return figures

    def play_next(self) -> list[Figure]:
        if not live.pulseaudio_available():
            return []
        from narrator.engines.base import VoiceSettings
        from narrator.options import ReadOptions, ScriptOptions
        from narrator.pipeline import script_for
        from narrator.synthesize import Synthesizer, stream

        article = self.article(10_000)
        script = script_for(str(article), ReadOptions(), ScriptOptions())
        with Synthesizer(settings=VoiceSettings(), jobs=1) as synthesizer:
            rate = synthesizer.sample_rate

            def section_audio(number: int) -> array.array[int]:
                """The first second of section ``number`` as the player says it."""
                section = next(section for section in script.sections if section.number == number)
                first = next(i for i, item in enumerate(script.items) if item.section == section.index)
                samples = array.array("h")
                for audio in stream(synthesizer, script, start=first):
                    samples.frombytes(audio.pcm)
                    if len(samples) >= rate:
                        break
                return samples

            delays: list[float] = []
            with live.sound_server(self.scratch) as server:
                for _ in range(self.runs):
                    delays += live.next_section_ms(
                        server, self.play_command(article), self.play_env(), section_audio, 3, rate
                    )
        delay = statistics.median(delays)
        return [Figure("play: 'next' to the next section's first audio", delay, "ms", None, "<= 150 ms", delay <= 150)]

    def re_export(self) -> list[Figure]:
        return [self.re_export_as("wav"), self.re_export_as("mp3")]

    def re_export_as(self, fmt: str) -> Figure:
        """A cold export, then one after a sentence is added to section 7, with the cache the first one filled."""
        article = self.scratch / "edited.md"
        original = make_article(10_000)
        cold, warm = [], []
        for run in range(self.runs):
            shutil.rmtree(self.scratch / "cache", ignore_errors=True)
            article.write_text(original, encoding="utf-8")
            cold.append(wall_time(self.export(article, fmt), env=self.env))
            paragraph = original.index("\n\n", original.index("## Part 7:")) + 2
            edited = f"{original[:paragraph]}This sentence was added in edit {run}. {original[paragraph:]}"
            article.write_text(edited, encoding="utf-8")
            warm.append(wall_time(self.export(article, fmt), env=self.env))
        ratio = statistics.median(warm) / statistics.median(cold)
        return Figure(
            f"re-export --{fmt} after editing one section vs cold",
            statistics.median(warm),
            "s",
            statistics.median(cold),
            "ratio <= 0.15",
            ratio <= 0.15,
        )


def compile_bytecode() -> None:
    """Compile narrator's modules, as installing it does: with ``PYTHONDONTWRITEBYTECODE`` set (or sources
    edited since the last run) every run would compile them again, tens of milliseconds no user pays."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("narrator")
    assert spec is not None and spec.submodule_search_locations, "narrator is not installed"
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


HEADER = f"{'figure':55} {'narrator':>12} {'baseline':>10} {'ratio':>7}  target"


def row(figure: Figure) -> str:
    """One figure as a line of the table under :data:`HEADER`."""
    ratio = f"{figure.value / figure.baseline:.2f}" if figure.baseline else "-"
    baseline = f"{figure.baseline:.3f}" if figure.baseline is not None else "-"
    verdict = "met" if figure.met else "MISSED"
    value = f"{figure.value:.3f} {figure.unit}"
    return f"{figure.name:55} {value:>12} {baseline:>10} {ratio:>7}  {figure.target} {verdict}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated: help,read-cnn,export-wav,export-mp3,memory,re-export,play-first-audio,play-next",
    )
    parser.add_argument("--keep", type=Path, help="keep generated files in this folder")
    args = parser.parse_args(argv)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="narrator-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    bench = Bench(scratch, args.runs)
    suites: dict[str, Callable[[], list[Figure]]] = {
        "help": bench.help,
        "read-cnn": bench.read_cnn,
        "export-wav": bench.export_wav,
        "export-mp3": bench.export_mp3,
        "memory": bench.memory,
        "re-export": bench.re_export,
        "play-first-audio": bench.play_first_audio,
        "play-next": bench.play_next,
    }
    chosen = [name for name in args.only.split(",") if name] or list(suites)
    print(HEADER)
    missed = 0
    try:
        for name in chosen:
            for figure in suites[name]():
                print(row(figure), flush=True)
                missed += not figure.met
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

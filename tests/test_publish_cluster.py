"""``narrate publish`` on Dask: ``--cluster local`` and a scheduler with two workers started here on 127.0.0.1
write the same files as ``--jobs 1`` (the speech cached by that run, so the audio is byte for byte the same), and
killing a worker mid-run still publishes every article."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ARTICLES
from narrate import environment, narrate, start, wait_until

pytest.importorskip("distributed")
pytestmark = pytest.mark.audio

DASK = Path(sys.executable).with_name("dask")
QUIET = ("--no-dashboard",)
SPEED = ("--rate", "400")
"""Fast speech: less audio to make, the same files to compare."""


@dataclass(frozen=True)
class Cluster:
    address: str
    workers: list[subprocess.Popen[bytes]]


def article_files(folder: Path) -> dict[str, bytes]:
    """Every file of every article folder, by its path inside the publishing folder."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.glob("*/*"))
        if path.is_file() and not path.name.startswith(".")
    }


def durations(folder: Path) -> dict[str, float]:
    manifest = json.loads((folder / "publish-manifest.json").read_text())
    return {entry["slug"]: entry["seconds"] for entry in manifest["articles"].values()}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """``--jobs 1`` into a fresh folder, with a cache the cluster runs share."""
    work = tmp_path_factory.mktemp("cluster")
    env = {"XDG_CACHE_HOME": str(work / "cache"), "XDG_CONFIG_HOME": str(work / "config")}
    run = narrate("publish", ARTICLES, "-o", work / "one", "--jobs", "1", *SPEED, "-q", env=env)
    assert run.status == 0, run.stderr
    return work / "one", env


@pytest.fixture
def cluster(baseline: tuple[Path, dict[str, str]], tmp_path: Path) -> Iterator[Cluster]:
    """``dask scheduler`` on a free port of 127.0.0.1 and two ``dask worker`` processes (no nanny: killing one
    kills its work), with the baseline's cache."""
    env = environment({**baseline[1], "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"})
    scheduler_file = str(tmp_path / "scheduler.json")
    processes = [
        subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", *QUIET, "--scheduler-file", scheduler_file],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        written = Path(scheduler_file)
        wait_until(lambda: written.exists() and "address" in written.read_text(), 120, "the scheduler's address")
        address = json.loads(written.read_text())["address"]
        workers = [
            subprocess.Popen(
                [str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1", *QUIET],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        processes += workers
        yield Cluster(address, workers)
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def assert_same_as_baseline(folder: Path, baseline: Path) -> None:
    assert durations(folder) == durations(baseline)
    ours, theirs = article_files(folder), article_files(baseline)
    assert sorted(ours) == sorted(theirs)
    for name, data in theirs.items():
        assert ours[name] == data, name  # chapters.json, the transcript and the MP3 alike


def test_a_local_cluster_writes_the_files_of_one_job(baseline: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    run = narrate("publish", ARTICLES, "-o", tmp_path / "local", "--cluster", "local", *SPEED, "-q", env=baseline[1])
    assert run.status == 0, run.stderr
    assert run.stderr == ""
    assert_same_as_baseline(tmp_path / "local", baseline[0])


def test_a_cluster_of_two_workers_writes_the_files_of_one_job(
    baseline: tuple[Path, dict[str, str]], cluster: Cluster, tmp_path: Path
) -> None:
    run = narrate("publish", ARTICLES, "-o", tmp_path / "two", "--cluster", cluster.address, *SPEED, env=baseline[1])
    assert run.status == 0, run.stderr
    assert "(4 spoken, 0 unchanged" in run.stderr
    assert_same_as_baseline(tmp_path / "two", baseline[0])


def test_killing_a_worker_mid_run_still_publishes_every_article(
    baseline: tuple[Path, dict[str, str]], cluster: Cluster, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"  # twice the articles, so work is left when the first is done
    articles.mkdir()
    for path in ARTICLES.iterdir():
        shutil.copy(path, articles / path.name)
        shutil.copy(path, articles / f"again-{path.name}")
    output = tmp_path / "killed"
    publishing = start(
        "publish", articles, "-o", output, "--cluster", cluster.address, *SPEED, "--no-cache", "--progress", "plain",
        env=baseline[1], text=False,
    )  # fmt: skip
    assert publishing.stderr is not None
    first = publishing.stderr.readline()
    assert first.startswith(b"Published 1 of 8 articles"), first
    cluster.workers[0].kill()
    cluster.workers[0].wait()
    rest = publishing.stderr.read().decode()
    assert publishing.wait(300) == 0, rest
    assert "(8 spoken, 0 unchanged" in rest
    manifest = json.loads((output / "publish-manifest.json").read_text())
    assert len(manifest["articles"]) == 8
    for entry in manifest["articles"].values():
        assert (output / entry["audio"]).stat().st_size == entry["audio_bytes"]

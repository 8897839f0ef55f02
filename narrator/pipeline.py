"""The one place that joins the stages: read -> script -> synthesize -> sinks.

Each function here is what one CLI command calls; library users can call them too.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, TextIO

from narrator.errors import Interrupted, NoAudioOutputError
from narrator.options import ExportOptions, PlayOptions, ReadOptions, ScriptOptions

if TYPE_CHECKING:
    from narrator.cache import Cache
    from narrator.document import Document
    from narrator.engines.base import Engine, VoiceSettings
    from narrator.play import Outcome
    from narrator.play.controller import Output
    from narrator.script.audit import Audit
    from narrator.script.build import SectionStore
    from narrator.script.model import Script
    from narrator.sinks.export import ExportPlan
    from narrator.synthesize import Synthesizer


def export(
    source: str,
    read_options: ReadOptions,
    script_options: ScriptOptions,
    voice: VoiceSettings,
    options: ExportOptions,
    engine: str | None = None,
    progress_stream: TextIO | None = None,
) -> ExportPlan:
    """Write the narration of ``source`` to the files ``options`` ask for; returns what was written.

    Every output is refused before synthesis starts if it must not be
    written, and appears only once the whole export has succeeded: Ctrl-C or
    SIGTERM (:class:`Interrupted`) leaves the output folders as they were.
    """
    from narrator.cache import Cache
    from narrator.script.kept import KeptSections
    from narrator.signals import sigterm_as_interrupt
    from narrator.sinks.export import plan_export

    cache = Cache() if options.cache else None
    try:
        with sigterm_as_interrupt():
            plan_export(source, None, options)  # all but a split's parts, which are named after sections
            script = script_for(source, read_options, script_options, KeptSections(cache) if cache else None)
            return export_script(source, script, voice, options, engine, progress_stream, cache)
    except KeyboardInterrupt:
        raise Interrupted("Interrupted: the export was stopped and no file was written.") from None


def export_script(
    source: str,
    script: Script,
    voice: VoiceSettings,
    options: ExportOptions,
    engine: str | None = None,
    progress_stream: TextIO | None = None,
    cache: Cache | None = None,
) -> ExportPlan:
    """Write the narration of an article already scripted (``source`` names it) to the files ``options`` ask for.

    The second half of :func:`export`, and what ``publish`` calls for each article: one rendering path, so a
    published article's chapters, cues and cached speech are an export's. ``cache`` is the segment cache, if used.
    """
    from narrator.engines.base import DEFAULT_ENGINE
    from narrator.export_runs import rendered_runs
    from narrator.sinks.export import plan_export, write_outputs
    from narrator.sinks.progress import resolve_mode
    from narrator.synthesize import Synthesizer

    plan = plan_export(source, script, options)
    with Synthesizer(engine or DEFAULT_ENGINE, voice, options.jobs) as synthesizer:
        refuse_unreadable(synthesizer.engine, script, voice)
        stream = progress_stream or sys.stderr
        if options.progress != "none":
            say_voice(synthesizer, script.language, stream)
        progress = resolve_mode(options.progress, stream, quiet=False)
        bitrate = options.bitrate if plan.mp3 else None
        runs = rendered_runs(synthesizer, script, bitrate, plan.samples_wanted, cache)
        with contextlib.closing(runs):
            write_outputs(script, runs, plan, options, progress, stream)
    return plan


def listening_seconds(
    document: Document, script_options: ScriptOptions, voice: VoiceSettings, engine: str | None = None
) -> float:
    """How long the narration of ``document`` lasts, from its script and the voice's measured pace (the outline's
    estimate; see :mod:`narrator.estimate`)."""
    from narrator.engines.base import DEFAULT_ENGINE, get_engine
    from narrator.estimate import listening_seconds as measured
    from narrator.script.build import ScriptBuilder

    speech = get_engine(engine or DEFAULT_ENGINE)
    try:
        return measured(ScriptBuilder(document, script_options).script(), speech, voice)
    finally:
        speech.close()


def refuse_unreadable(engine: Engine, script: Script, voice: VoiceSettings) -> None:
    """Stop, in one line, before speaking an article whose script no installed voice reads, unless --voice
    chose one: a voice of another language would only name each letter."""
    if voice.voice:
        return
    from narrator.engines.voices import unreadable_language
    from narrator.errors import UnknownVoiceError

    text = " ".join(item.text for item in script.items[:SAMPLE_ITEMS] if item.spoken and not item.language)
    reason = unreadable_language(script.language, text, engine.voices_for_language)
    if reason:
        raise UnknownVoiceError(reason)


def say_voice(synthesizer: Synthesizer, language: str, stream: TextIO) -> None:
    """Name the voice once when narrator chose among engines (``piper``, ``auto``): the system voice is the
    default and goes unsaid."""
    from narrator.engines.base import DEFAULT_ENGINE

    if synthesizer.engine_name != DEFAULT_ENGINE:
        print(synthesizer.voice_line(language), file=stream, flush=True)


SAMPLE_ITEMS = 100
"""The article's script is told from its first items (the title, the first sections)."""


def script_for(
    source: str, read_options: ReadOptions, script_options: ScriptOptions, store: SectionStore | None = None
) -> Script:
    """Read the article at ``source`` and build its speech script: what ``script``, ``export`` and ``play`` speak.

    ``store`` keeps each section's items, so scripting an edited article again builds only the sections that changed.
    """
    from narrator.read import read_source
    from narrator.script.build import ScriptBuilder

    return ScriptBuilder(read_source(source, read_options), script_options, store=store).script()


def audit_for(source: str, read_options: ReadOptions, script_options: ScriptOptions) -> Audit:
    """The pronunciation audit of the article at ``source``: what its script leaves uncertain (see ``script.audit``)."""
    from narrator.engines.espeak_words import unsayable_words
    from narrator.script.audit import audit_script

    return audit_script(script_for(source, read_options, script_options), unsayable_words)


def play(
    source: str,
    read_options: ReadOptions,
    script_options: ScriptOptions,
    voice: VoiceSettings,
    options: PlayOptions,
    engine: str | None = None,
    *,
    stdin: TextIO | None = None,
    screen: TextIO | None = None,
) -> Outcome:
    """Speak ``source`` live, with keys (on a terminal) or line commands (from a pipe) to move around.

    A forked child (:mod:`narrator.forked_reading`) reads the article and
    scripts its opening while this process starts the engine and opens the
    sound output; the rest of the script is built there while the opening
    plays. The position is saved on quit, Ctrl-C and SIGTERM alike.
    """
    from narrator.forked_reading import ForkedReading
    from narrator.script.staged import staged_scripts

    first_section = None if options.start_at is not None or options.resume else 0  # those need the whole script
    scripts = ForkedReading(lambda: staged_scripts(source, read_options, script_options, first_section))

    from narrator.cache import Cache
    from narrator.engines.base import DEFAULT_ENGINE
    from narrator.play import ScriptStages, play_script
    from narrator.play.narration import SynthesizerNarration
    from narrator.play.output import open_output
    from narrator.signals import sigterm_as_interrupt
    from narrator.synthesize import Synthesizer

    cache = Cache() if options.cache else None
    with (
        sigterm_as_interrupt(),
        contextlib.closing(scripts),  # the child is stopped however playing ends
        Synthesizer(engine or DEFAULT_ENGINE, voice, options.jobs) as synthesizer,
    ):
        try:
            opened = [open_output(synthesizer.sample_rate)]
        except NoAudioOutputError:
            ScriptStages.following(scripts)  # a missing or unreadable article is the error to report
            raise

        def output_for(sample_rate: int) -> Output:
            """The output opened at the start, then new ones (another sample rate)."""
            return opened.pop() if opened and opened[0].sample_rate == sample_rate else open_output(sample_rate)

        try:
            stages = ScriptStages.following(scripts)
            refuse_unreadable(synthesizer.engine, stages.latest()[0], voice)
            say_voice(synthesizer, stages.latest()[0].language, sys.stderr)
            narration = SynthesizerNarration(synthesizer, stages.latest()[0], cache)
            try:
                return play_script(
                    stages,
                    narration,
                    output_for,
                    voice,
                    options,
                    stdin=stdin or sys.stdin,
                    screen=screen or sys.stdout,
                    errors=sys.stderr,
                )
            finally:
                narration.close()
        finally:
            for output in opened:  # not taken by the player, which closes those it takes
                output.close()

"""The one place that joins the stages: read -> script -> synthesize -> sinks.

Each function here is what one CLI command calls; library users can call them too.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, TextIO

from narrator.errors import Interrupted
from narrator.options import ExportOptions, PlayOptions, ReadOptions, ScriptOptions

if TYPE_CHECKING:
    from narrator.engines.base import VoiceSettings
    from narrator.play import Outcome
    from narrator.script.model import Script
    from narrator.sinks.export import ExportPlan


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
    from narrator.cache import SegmentCache
    from narrator.engines.base import DEFAULT_ENGINE
    from narrator.sinks.atomic import sigterm_as_interrupt
    from narrator.sinks.export import plan_export, write_outputs
    from narrator.sinks.progress import resolve_mode
    from narrator.synthesize import synthesize

    script = script_for(source, read_options, script_options)
    plan = plan_export(source, script, options)
    stream = progress_stream or sys.stderr
    progress = resolve_mode(options.progress, stream, quiet=False)
    cache = SegmentCache() if options.cache else None
    with sigterm_as_interrupt():
        try:
            with contextlib.closing(synthesize(script, engine or DEFAULT_ENGINE, voice, options.jobs, cache)) as spoken:
                audio = ((each.item, each.audio) for each in spoken)
                write_outputs(script, audio, plan, options, progress, stream)
        except KeyboardInterrupt:
            raise Interrupted("Interrupted: the export was stopped and no file was written.") from None
    return plan


def script_for(source: str, read_options: ReadOptions, script_options: ScriptOptions) -> Script:
    """Read the article at ``source`` and build its speech script: what ``script``, ``export`` and ``play`` speak."""
    from narrator.read import read_source
    from narrator.script import build_script

    return build_script(read_source(source, read_options), script_options)


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

    The article is read on a background thread while the sound output is
    probed, so a machine with nothing to play on fails at once, however long
    the article. The position is saved on quit, Ctrl-C and SIGTERM alike.
    """
    import threading
    from concurrent.futures import Future

    from narrator.cache import SegmentCache
    from narrator.engines.base import DEFAULT_ENGINE
    from narrator.play import play_script
    from narrator.play.narration import SynthesizerNarration
    from narrator.sinks.atomic import sigterm_as_interrupt
    from narrator.sinks.player import AudioOutput, prepare_output
    from narrator.synthesize import Synthesizer

    built: Future[Script] = Future()

    def build() -> None:
        try:
            built.set_result(script_for(source, read_options, script_options))
        except BaseException as error:  # raised below, in the caller's thread
            built.set_exception(error)

    threading.Thread(target=build, name="script", daemon=True).start()  # abandoned if there is no sound output
    prepare_output()
    script = built.result()
    cache = SegmentCache() if options.cache else None
    with sigterm_as_interrupt(), Synthesizer(engine or DEFAULT_ENGINE, voice, options.jobs, cache) as synthesizer:
        narration = SynthesizerNarration(synthesizer, script)
        try:
            return play_script(
                script,
                narration,
                AudioOutput,
                voice,
                options,
                stdin=stdin or sys.stdin,
                screen=screen or sys.stdout,
                errors=sys.stderr,
            )
        finally:
            narration.close()

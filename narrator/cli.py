"""The ``narrate`` command: flags in, one library call, output or a one-line error.

Only click and the option dataclasses are imported at start-up; each command
imports the stage it needs, so ``narrate --help`` stays fast and never loads
speech or audio code.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from narrator.errors import ExitStatus, NarratorError
from narrator.options import INCLUDABLE, ExportOptions, PlayOptions, ReadOptions, ScriptOptions

if TYPE_CHECKING:
    from narrator.engines.base import VoiceSettings

F = TypeVar("F", bound=Callable[..., Any])


class NarrateGroup(click.Group):
    """Turns library errors and interrupts into one line and an exit status; ``--debug`` shows tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        warnings.showwarning = show_warning
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (Exception, KeyboardInterrupt) as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            from narrator.terminal import printable

            message, status = describe_failure(error)
            click.echo(f"Error: {printable(message)}", err=True)
            ctx.exit(status)


def show_warning(message: Warning | str, *_: object, **__: object) -> None:
    """A warning from the library (a lexicon rule dropped) as one ``Warning:`` line on stderr."""
    from narrator.terminal import printable

    click.echo(f"Warning: {printable(str(message))}", err=True)


def describe_failure(error: BaseException) -> tuple[str, int]:
    """The one line and exit status a user sees for ``error``."""
    if isinstance(error, NarratorError):
        return str(error), error.exit_status
    if isinstance(error, KeyboardInterrupt):
        return "Interrupted.", ExitStatus.INTERRUPTED
    # Anything else is a bug: one line for the user, the traceback with --debug.
    return f"Internal error: {type(error).__name__}: {error} (run with --debug for details)", ExitStatus.ERROR


@click.group(cls=NarrateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.version_option(package_name="narrator", prog_name="narrate")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Listen to articles: read HTML or Markdown aloud with section announcements.

    Example:

        narrate play article.md

        narrate export article.md --mp3
    """
    ctx.obj = {"debug": debug}


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="narrate")


# Shared option groups -------------------------------------------------------

SOURCE = click.argument("source", metavar="FILE", type=str)


def read_options(command: F) -> F:
    """Flags that decide how the article is read."""
    command = click.option(
        "--format",
        "source_format",
        type=click.Choice(["auto", "markdown", "html", "text"]),
        default="auto",
        show_default=True,
        help="Force the input format instead of guessing it from the extension and content.",
    )(command)
    command = click.option(
        "--keep-trailing",
        is_flag=True,
        help="Keep title-like lines after the last section (usually 'related articles').",
    )(command)
    command = click.option(
        "--include",
        metavar="PARTS",
        callback=_included_parts,
        default="",
        help="Also read parts of a web page left out by default, comma-separated: "
        "captions (image descriptions and captions), references, links (link lists).",
    )(command)
    return command


def _included_parts(ctx: click.Context, param: click.Parameter, value: str) -> frozenset[str]:
    parts = frozenset(part.strip() for part in value.split(",") if part.strip())
    unknown = sorted(parts - frozenset(INCLUDABLE))
    if unknown:
        raise click.BadParameter(f"unknown part {', '.join(unknown)}; choose from {', '.join(INCLUDABLE)}")
    return parts


def to_read_options(source_format: str, keep_trailing: bool, include: frozenset[str]) -> ReadOptions:
    return ReadOptions(format=source_format, keep_trailing=keep_trailing, include=include)  # type: ignore[arg-type]


def pause_option(flag: str, default: int, where: str) -> Callable[[F], F]:
    """A ``--pause-*`` flag: milliseconds of silence ``where``."""
    return click.option(
        flag,
        metavar="MS",
        type=click.IntRange(0, 10_000),
        default=default,
        show_default=True,
        help=f"Silence {where}, in milliseconds.",
    )


def script_options(command: F) -> F:
    """Flags that decide what is said besides the article's words."""
    for decorator in reversed(
        [
            click.option(
                "--announce",
                type=click.Choice(["full", "brief", "none"]),
                default="full",
                show_default=True,
                help="How headings are said: 'Section 2 of 6: heading', a short cue then the heading, or plain text.",
            ),
            click.option("--toc", is_flag=True, help="Speak a table of contents after the title."),
            click.option("--read-code", is_flag=True, help="Read code blocks instead of skipping them."),
            click.option(
                "--lexicon",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Pronunciation lexicon file (default: lexicon.txt in the user config directory).",
            ),
            click.option("--earcons", is_flag=True, help="Play short tones at section and FAQ starts."),
            pause_option("--pause-heading", ScriptOptions.pause_after_heading_ms, "after a heading"),
            pause_option("--pause-paragraph", ScriptOptions.pause_between_paragraphs_ms, "between paragraphs"),
            pause_option("--pause-section", ScriptOptions.pause_between_sections_ms, "between sections"),
        ]
    ):
        command = decorator(command)
    return command


def to_script_options(
    announce: str,
    toc: bool,
    read_code: bool,
    lexicon: Path | None,
    earcons: bool,
    pause_heading: int = ScriptOptions.pause_after_heading_ms,
    pause_paragraph: int = ScriptOptions.pause_between_paragraphs_ms,
    pause_section: int = ScriptOptions.pause_between_sections_ms,
) -> ScriptOptions:
    return ScriptOptions(
        announce=announce,  # type: ignore[arg-type]
        toc=toc,
        read_code=read_code,
        lexicon=lexicon,
        earcons=earcons,
        pause_after_heading_ms=pause_heading,
        pause_between_paragraphs_ms=pause_paragraph,
        pause_between_sections_ms=pause_section,
    )


ENGINE_OPTION = click.option(
    "--engine",
    default="pyttsx3",
    show_default=True,
    help="Speech engine: pyttsx3 uses the system's voices (eSpeak NG on Linux).",
)


def voice_flags(command: F) -> F:
    """Flags that decide who speaks and how: voice, speed, loudness, pitch, engine."""
    for decorator in reversed(
        [
            click.option("--voice", help="Voice id or name (see 'narrate voices'); default: one for the language."),
            click.option("--rate", type=click.IntRange(80, 450), help="Speed in words per minute (default: 175)."),
            click.option("--volume", type=click.FloatRange(0.0, 1.0), help="Loudness from 0 to 1 (default: 1)."),
            click.option("--pitch", type=click.IntRange(0, 100), help="Base pitch from 0 to 100 (default: 50)."),
            ENGINE_OPTION,
        ]
    ):
        command = decorator(command)
    return command


def voice_options(command: F) -> F:
    """The voice flags and the synthesis processes of one article (``--jobs``)."""
    command = click.option("--jobs", type=click.IntRange(min=1), help="Synthesis processes (default: one per core).")(
        command
    )
    return voice_flags(command)


def to_voice_settings(voice: str | None, rate: int | None, volume: float | None, pitch: int | None) -> VoiceSettings:
    from narrator.engines.base import VoiceSettings

    return VoiceSettings(voice=voice, rate=rate, volume=volume, pitch=pitch)


# Commands -------------------------------------------------------------------


@cli.command()
@SOURCE
@read_options
@script_options
@click.option("--json", "as_json", is_flag=True, help="Print the structure as JSON (without the listening time).")
@click.option(
    "--rate",
    type=click.IntRange(80, 450),
    help="The voice's speed in words per minute, for the listening time (default: 175).",
)
@click.option("--voice", help="The voice the listening time is measured with (default: one for the language).")
@ENGINE_OPTION
def outline(
    source: str,
    source_format: str,
    keep_trailing: bool,
    include: frozenset[str],
    as_json: bool,
    rate: int | None,
    voice: str | None,
    engine: str,
    **script_flags: Any,
) -> None:
    """Show an article's structure: headings, FAQ questions, word counts, listening time.

    The listening time is what an export would last: the script's announcements,
    pauses and words, at the voice's pace measured on a sample of them.
    FILE may be - for standard input.

    Example:

        narrate outline articles/ketamine-depression.md --rate 200

        narrate outline articles/ketamine-depression.md --json
    """
    from narrator.outline import outline_json, outline_text
    from narrator.read import read_source
    from narrator.terminal import printable, printable_json

    document = read_source(source, to_read_options(source_format, keep_trailing, include))
    if as_json:
        click.echo(printable_json(outline_json(document)))
        return
    from narrator.engines.base import DEFAULT_RATE
    from narrator.pipeline import listening_seconds

    voice_settings = to_voice_settings(voice, rate, None, None)
    seconds = listening_seconds(document, to_script_options(**script_flags), voice_settings, engine)
    click.echo(printable(outline_text(document, seconds, rate or DEFAULT_RATE), multiline=True))


@cli.command()
@SOURCE
@read_options
@script_options
@click.option("--json", "as_json", is_flag=True, help="Print the items as JSON: kind, section, role, text, pause_ms.")
@click.option(
    "--audit",
    is_flag=True,
    help="Instead, list what may be said wrong: acronyms spelled, words the engine would spell, numbers and symbols "
    "left to the engine, passages in another language; with counts and the script line each first occurs on.",
)
def script(
    source: str,
    source_format: str,
    keep_trailing: bool,
    include: frozenset[str],
    as_json: bool,
    audit: bool,
    **script_flags: Any,
) -> None:
    """Print what will be said, one item per line, with section marks.

    Plain lines without colour, for braille displays and for checking a
    narration before listening. FILE may be - for standard input.

    Example:

        narrate script articles/ketamine-depression.md --announce brief --toc

        narrate script articles/ketamine-depression.md --audit
    """
    read = to_read_options(source_format, keep_trailing, include)
    if audit:
        from narrator.pipeline import audit_for
        from narrator.script.audit import audit_json, audit_text

        report = audit_for(source, read, to_script_options(**script_flags))
        click.echo(audit_json(report) if as_json else audit_text(report, source))
        return
    from narrator.pipeline import script_for
    from narrator.script.render import script_json, script_text
    from narrator.terminal import printable, printable_json

    speech = script_for(source, read, to_script_options(**script_flags))
    click.echo(printable_json(script_json(speech)) if as_json else printable(script_text(speech), multiline=True))


@cli.group(invoke_without_command=True)
@click.option("--engine", help="Only this engine's voices (pyttsx3 or espeak, piper); default: every installed engine.")
@click.option("--language", help="Only voices for this language, best first (a tag such as de or en-US).")
@click.option("--json", "as_json", is_flag=True, help="Print the voices as JSON.")
@click.pass_context
def voices(ctx: click.Context, engine: str | None, language: str | None, as_json: bool) -> None:
    """List the voices: engine, id, name, languages, quality and sample rate.

    --voice takes the id or the name. Neural (Piper) voices are listed when
    narrator[piper] is installed and a voice is in narrator's voice folder, a
    folder in NARRATOR_VOICES, or one the configuration file names.

    Example:

        narrate voices --language de

        narrate voices install en_US-joe-medium
    """
    if ctx.invoked_subcommand is not None:
        return
    from narrator.engines.catalogue import list_voices
    from narrator.engines.voices import voices_json, voices_text

    found = list_voices(engine, language)
    click.echo(voices_json(found) if as_json else voices_text(found))


@voices.command("install")
@click.argument("source")
@click.option("--from", "base_url", metavar="URL", help="Base address of a Piper voice repository (for a NAME).")
@click.option("--force", is_flag=True, help="Replace a voice of the same name.")
def voices_install(source: str, base_url: str | None, force: bool) -> None:
    """Install a Piper voice from a .onnx file, an http(s) address of one, or a voice NAME.

    A NAME (such as en_US-joe-medium) is fetched from the Piper voice
    repository (or --from URL, NARRATOR_VOICES_URL, or voices_url in the
    configuration file), its size and checksum checked against the
    repository's list. The model's settings file (.onnx.json) must sit beside
    it. Nothing is installed unless every file arrived whole.

    Example:

        narrate voices install en_US-joe-medium

        narrate voices install ~/Downloads/de_DE-thorsten-high.onnx
    """
    from narrator.engines.piper_voices import install_voice

    installed = install_voice(source, base_url, force)
    voice = installed.voice
    licenses = "; ".join(installed.licenses) or "not stated (no model card)"
    click.echo(
        f"Installed {voice.name} (piper, {voice.language}, {voice.quality}, {voice.sample_rate} Hz) "
        f"in {voice.model.parent}. License of its training data: {licenses}."
    )


@cli.command()
@SOURCE
@click.option("--mp3", is_flag=True, help="Write an MP3 with a chapter per section (the default).")
@click.option("--wav", is_flag=True, help="Write a WAV file (with --mp3: both).")
@click.option("--m4b", is_flag=True, help="Write an M4B audiobook (AAC, chapters, cover) through ffmpeg.")
@click.option("--opus", is_flag=True, help="Write an Ogg Opus file with chapters and cover through ffmpeg.")
@click.option(
    "--cover",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A JPEG or PNG image for the cover (MP3, M4B and Opus).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The audio file (default: FILE's name with .mp3 or .wav, next to FILE; required for stdin).",
)
@click.option("--force", is_flag=True, help="Overwrite existing outputs.")
@click.option(
    "--split",
    "split_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one numbered file per section, and an M3U playlist of them, into DIR.",
)
@click.option("--subtitles", type=click.Choice(["vtt", "srt"]), help="Also write a timed transcript next to the audio.")
@click.option(
    "--readalong",
    is_flag=True,
    help="Also write a read-along page next to the audio (FILE.html; with the .vtt unless --subtitles srt).",
)
@click.option(
    "--bitrate",
    type=click.IntRange(8, 320),
    default=ExportOptions.bitrate,
    show_default=True,
    help="MP3 bitrate in kbit/s (mono speech is clear at 64).",
)
@click.option(
    "--progress",
    type=click.Choice(["auto", "bar", "plain", "none"]),
    default="auto",
    show_default=True,
    help="auto: a redrawn line when stderr is a terminal; plain: one line per section, for screen readers.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--no-cache", is_flag=True, help="Synthesize everything again instead of reusing cached speech.")
@read_options
@script_options
@voice_options
def export(
    source: str,
    mp3: bool,
    wav: bool,
    m4b: bool,
    opus: bool,
    cover: Path | None,
    output: Path | None,
    force: bool,
    split_dir: Path | None,
    subtitles: str | None,
    readalong: bool,
    bitrate: int,
    progress: str,
    quiet: bool,
    no_cache: bool,
    source_format: str,
    keep_trailing: bool,
    include: frozenset[str],
    voice: str | None,
    rate: int | None,
    volume: float | None,
    pitch: int | None,
    engine: str,
    jobs: int | None,
    **script_flags: Any,
) -> None:
    """Write the narration to an MP3 (with chapters) or WAV file, optionally split per section, with subtitles.

    Existing files are never overwritten without --force, and nothing is left
    behind when the export fails or is interrupted. FILE may be - for
    standard input (then -o is required).

    Example:

        narrate export articles/ketamine-depression.md --mp3

        narrate export article.md --wav -o story.wav --subtitles vtt --split parts/

        narrate export article.md --m4b --cover cover.jpg

        narrate export article.md --readalong
    """
    from narrator.pipeline import export as export_files

    options = ExportOptions(
        mp3=mp3,
        wav=wav,
        m4b=m4b,
        opus=opus,
        cover=cover,
        output=output,
        force=force,
        split_dir=split_dir,
        subtitles=subtitles or ("vtt" if readalong else None),  # type: ignore[arg-type]
        readalong=readalong,
        bitrate=bitrate,
        progress="none" if quiet else progress,  # type: ignore[arg-type]
        jobs=jobs,
        cache=not no_cache,
    )
    plan = export_files(
        source,
        to_read_options(source_format, keep_trailing, include),
        to_script_options(**script_flags),
        to_voice_settings(voice, rate, volume, pitch),
        options,
        engine,
    )
    if not quiet:
        for path in [path for _, path in plan.audio] + [path for path in (plan.subtitles, plan.readalong) if path]:
            click.echo(f"Wrote {path}", err=True)
        if plan.split_dir and plan.playlist:
            click.echo(f"Wrote {len(plan.parts)} files and {plan.playlist.name} in {plan.split_dir}", err=True)


@cli.command()
@click.argument("sources", metavar="SOURCE...", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "folder",
    metavar="DIR",
    required=True,
    type=click.Path(path_type=Path),
    help="The publishing folder: a folder per article, feed.xml and index.html (made if missing).",
)
@click.option(
    "--base-url", metavar="URL", help="The address DIR will be served at; the feed's file addresses start with it."
)
@click.option("--title", help="The feed's title.")
@click.option("--description", help="The feed's description.")
@click.option("--author", help="The feed's author (itunes:author).")
@click.option("--image", metavar="URL|PATH", help="The feed's cover art: an address, or a path inside DIR.")
@click.option("--language", help="The feed's language (a tag such as en or de-CH).")
@click.option("--category", help="The feed's Apple Podcasts category (such as Technology).")
@click.option("--explicit/--not-explicit", default=None, help="Say in the feed whether it is explicit.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Articles spoken at once: local worker processes, or workers of --cluster local (default: one per core).",
)
@click.option(
    "--cluster",
    metavar="tcp://HOST:PORT|local",
    help="Speak on a Dask cluster (its scheduler's address), or on one started for the run (needs narrator[cluster]).",
)
@click.option("--force", is_flag=True, help="Publish into a folder holding files narrator did not publish there.")
@click.option(
    "--bitrate",
    type=click.IntRange(8, 320),
    default=ExportOptions.bitrate,
    show_default=True,
    help="MP3 bitrate in kbit/s.",
)
@click.option(
    "--progress",
    type=click.Choice(["auto", "bar", "plain", "none"]),
    default="auto",
    show_default=True,
    help="auto: a bar when stderr is a terminal, else a line per article; plain: a line per article.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--no-cache", is_flag=True, help="Synthesize everything again instead of reusing cached speech.")
@read_options
@script_options
@voice_flags
@click.pass_context
def publish(
    ctx: click.Context,
    /,
    sources: tuple[str, ...],
    folder: Path,
    base_url: str | None,
    title: str | None,
    description: str | None,
    author: str | None,
    image: str | None,
    language: str | None,
    category: str | None,
    explicit: bool | None,
    jobs: int | None,
    cluster: str | None,
    force: bool,
    bitrate: int,
    progress: str,
    quiet: bool,
    no_cache: bool,
    source_format: str,
    keep_trailing: bool,
    include: frozenset[str],
    voice: str | None,
    rate: int | None,
    volume: float | None,
    pitch: int | None,
    engine: str,
    **script_flags: Any,
) -> None:
    """Publish articles as audio: per article an MP3 with chapters, a WebVTT transcript and chapters.json, and a
    podcast feed (feed.xml) and index.html for them all.

    SOURCE is a file, a folder (its .md, .markdown, .html and .htm files), @LIST (a file of sources, one a line),
    a sitemap or RSS/Atom feed (.xml, or an address ending in feed, rss, atom or sitemap), or an http(s) address.
    Articles unchanged since the last run into DIR are not spoken again, and a stopped run resumes. An article
    that fails is reported and the rest published; the exit status is 1 if any failed. Feed settings not given
    here come from the [publish] table of the configuration file; what is given nowhere is left out.

    Example:

        narrate publish articles/ -o site --base-url https://example.org/audio --title "Articles, read aloud"

        narrate publish https://example.org/sitemap.xml -o site --cluster tcp://10.0.0.5:8786
    """
    import os
    import sys

    from narrator.config import PublishSettings, load_config
    from narrator.publish import PublishOptions
    from narrator.publish import publish as publish_articles
    from narrator.publish.article import Voicing

    flags = PublishSettings(base_url, title, description, author, image, language, category, explicit)
    settings = load_config().publish.overridden(flags)
    voicing = Voicing(
        read=to_read_options(source_format, keep_trailing, include),
        script=to_script_options(**script_flags),
        voice=to_voice_settings(voice, rate, volume, pitch),
        engine=engine,
        bitrate=bitrate,
        cache=not no_cache,
    )
    default_jobs = 2 if cluster == "local" else os.cpu_count() or 1
    options = PublishOptions(
        folder=folder,
        settings=settings,
        voicing=voicing,
        jobs=jobs or default_jobs,
        cluster=cluster,
        force=force,
        progress="none" if quiet else progress,  # type: ignore[arg-type]
    )
    report = publish_articles(list(sources), options, sys.stderr)
    if not quiet:
        published = len(report.spoken) + len(report.unchanged)
        click.echo(
            f"Published {published} articles into {folder} ({len(report.spoken)} spoken, "
            f"{len(report.unchanged)} unchanged, {report.audio_seconds / 3600:.2f} h of audio made); "
            f"{len(report.failures)} failed.",
            err=True,
        )
        if report.entries and not settings.base_url:
            click.echo("Note: without --base-url the feed's addresses are relative; podcast apps need it.", err=True)
    if report.failures:
        ctx.exit(ExitStatus.ERROR)


class Duration(click.ParamType[float]):
    """A length of time as people write it: ``20m``, ``90s``, ``1h30m``; a bare number is minutes."""

    name = "duration"
    _PATTERN = re.compile(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?:in)?)?(?:(\d+(?:\.\d+)?)s)?")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        text = str(value).strip().lower()
        if text.replace(".", "", 1).isdigit():
            text += "m"
        match = self._PATTERN.fullmatch(text)
        if match and any(match.groups()):
            hours, minutes, seconds = (float(part or 0) for part in match.groups())
            if total := hours * 3600 + minutes * 60 + seconds:
                return total
        self.fail(f"{value!r} is not a length of time: give minutes (20), or 20m, 90s, 1h30m.", param, ctx)


@cli.command()
@SOURCE
@click.option("--start-at", metavar="N|WORDS", help="Start at section N, or at the first heading with these words.")
@click.option("--resume", is_flag=True, help="Continue where you last stopped in this article.")
@click.option(
    "--sleep",
    "sleep_seconds",
    type=Duration(),
    metavar="TIME",
    help="Sleep timer: stop at the end of the sentence once TIME was heard (20m, 1h, 90s), saving the place.",
)
@click.option("--transcript", is_flag=True, help="Print each sentence as it is spoken.")
@click.option("--no-cache", is_flag=True, help="Synthesize everything again instead of reusing cached speech.")
@read_options
@script_options
@voice_options
def play(
    source: str,
    start_at: str | None,
    resume: bool,
    sleep_seconds: float | None,
    transcript: bool,
    no_cache: bool,
    source_format: str,
    keep_trailing: bool,
    include: frozenset[str],
    voice: str | None,
    rate: int | None,
    volume: float | None,
    pitch: int | None,
    engine: str,
    jobs: int | None,
    **script_flags: Any,
) -> None:
    """Listen now, moving through the article the way a screen reader does.

    Each section's heading is printed as it starts. On a terminal single
    keys act at once: space pause or resume; n next section; p start of the
    section (twice: previous section); a number and Enter, or g and a
    number: that section; h / H next / previous heading; f next FAQ
    question; Down or ) / Up or ( next / previous sentence; } / { next /
    previous paragraph; Left or b back 15 s; Right forward 30 s; + / -
    faster / slower; 0 the starting speed; r repeat the sentence; w where am
    I; m and a letter: bookmark here; ' lists the bookmarks, and a letter
    goes there; ? the keys; q quit (the position is saved for --resume, also
    on Ctrl-C and when the --sleep timer stops).

    \b
    From a pipe, give one command per line (with nothing on stdin it plays through):
      next, previous, section-start, next-heading, previous-heading, question,
      next-sentence, previous-sentence, next-paragraph, previous-paragraph,
      back [SECONDS], forward [SECONDS], section N (or N), pause, resume, toggle,
      faster, slower, reset-speed, repeat, where, mark NAME, bookmarks,
      bookmark NAME, help, quit.

    Example:

        narrate play articles/ketamine-depression.md --start-at 3 --transcript

        narrate play article.md --resume

        narrate play article.md --sleep 20m
    """
    from narrator.pipeline import play as play_live

    if start_at is not None and resume:
        raise click.UsageError("Use either --start-at or --resume, not both.")
    options = PlayOptions(
        start_at=start_at,
        resume=resume,
        transcript=transcript,
        sleep_seconds=sleep_seconds,
        jobs=jobs,
        cache=not no_cache,
    )
    play_live(
        source,
        to_read_options(source_format, keep_trailing, include),
        to_script_options(**script_flags),
        to_voice_settings(voice, rate, volume, pitch),
        options,
        engine,
    )


@cli.group()
def cache() -> None:
    """Speech kept from earlier runs, so unchanged sentences are not synthesized again.

    The cache is bounded (NARRATOR_CACHE_MB, default 512): the least recently
    used speech is dropped first. export and play take --no-cache to bypass it.

    Example:

        narrate cache info

        narrate cache clear
    """


@cache.command("info")
def cache_info() -> None:
    """Show where the cache is, how much it holds and its bound.

    Example:

        narrate cache info
    """
    from narrator.cache import Cache, total

    cache = Cache()
    usage = cache.usage()
    click.echo(f"{cache.folder}: {total(usage).describe()} of at most {cache.limit_bytes / 2**20:g} MB")
    for kind, held in usage.items():
        click.echo(f"  {kind}: {held.describe()}")


@cache.command("clear")
def cache_clear() -> None:
    """Delete all cached speech.

    Example:

        narrate cache clear
    """
    from narrator.cache import Cache

    cache = Cache()
    click.echo(f"Removed {cache.clear().describe()} from {cache.folder}")

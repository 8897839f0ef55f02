"""The ``narrate`` command: flags in, one library call, output or a one-line error.

Only click and the option dataclasses are imported at start-up; each command
imports the stage it needs, so ``narrate --help`` stays fast and never loads
speech or audio code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from narrator.errors import ExitStatus, NarratorError
from narrator.options import ExportOptions, PlayOptions, ReadOptions, ScriptOptions

F = TypeVar("F", bound=Callable[..., Any])


class UserFacingError(click.ClickException):
    """A :class:`NarratorError` on its way to the terminal: ``Error: <message>`` and its exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class NarrateGroup(click.Group):
    """Turns library errors and interrupts into one line and an exit status; ``--debug`` shows tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except NarratorError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise UserFacingError(str(error), error.exit_status) from None
        except KeyboardInterrupt:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise UserFacingError("Interrupted.", ExitStatus.INTERRUPTED) from None
        except Exception as error:  # a bug: one line for the user, the trace with --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            message = f"Internal error: {type(error).__name__}: {error} (run with --debug for details)"
            raise UserFacingError(message, ExitStatus.ERROR) from None


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
    return command


def to_read_options(source_format: str, keep_trailing: bool) -> ReadOptions:
    return ReadOptions(format=source_format, keep_trailing=keep_trailing)  # type: ignore[arg-type]


def script_options(command: F) -> F:
    """Flags that decide what is said besides the article's words."""
    for decorator in reversed(
        [
            click.option(
                "--announce",
                type=click.Choice(["full", "brief", "none"]),
                default="full",
                show_default=True,
                help="How sections are announced: position and heading, heading only, or not at all.",
            ),
            click.option("--toc", is_flag=True, help="Speak a table of contents after the title."),
            click.option("--read-code", is_flag=True, help="Read code blocks instead of skipping them."),
            click.option(
                "--lexicon",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Pronunciation lexicon file (default: lexicon.txt in the user config directory).",
            ),
            click.option("--earcons", is_flag=True, help="Play short tones at section and FAQ starts."),
            click.option(
                "--pause-heading",
                metavar="MS",
                type=click.IntRange(0, 10_000),
                default=ScriptOptions.pause_after_heading_ms,
                show_default=True,
                help="Silence after a heading, in milliseconds.",
            ),
            click.option(
                "--pause-paragraph",
                metavar="MS",
                type=click.IntRange(0, 10_000),
                default=ScriptOptions.pause_between_paragraphs_ms,
                show_default=True,
                help="Silence between paragraphs and other blocks, in milliseconds.",
            ),
            click.option(
                "--pause-section",
                metavar="MS",
                type=click.IntRange(0, 10_000),
                default=ScriptOptions.pause_between_sections_ms,
                show_default=True,
                help="Silence between sections, in milliseconds.",
            ),
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


# Commands -------------------------------------------------------------------


@cli.command()
@SOURCE
@read_options
@click.option("--json", "as_json", is_flag=True, help="Print the structure as JSON.")
@click.option("--rate", type=click.IntRange(40, 600), default=175, show_default=True, help="Words per minute for the listening time.")
def outline(source: str, source_format: str, keep_trailing: bool, as_json: bool, rate: int) -> None:
    """Show an article's structure: headings, FAQ questions, word counts, listening time.

    FILE may be - for standard input.

    Example:

        narrate outline articles/ketamine-depression.md --json
    """
    from narrator.outline import outline_json, outline_text
    from narrator.read import read_source

    document = read_source(source, to_read_options(source_format, keep_trailing))
    click.echo(outline_json(document) if as_json else outline_text(document, rate))


@cli.command()
@SOURCE
@read_options
@script_options
@click.option("--json", "as_json", is_flag=True, help="Print the items as JSON: kind, section, role, text, pause_ms.")
def script(source: str, source_format: str, keep_trailing: bool, as_json: bool, **script_flags: Any) -> None:
    """Print what will be said, one item per line, with section marks.

    Plain lines without colour, for braille displays and for checking a
    narration before listening. FILE may be - for standard input.

    Example:

        narrate script articles/ketamine-depression.md --announce brief --toc
    """
    from narrator.pipeline import script_for
    from narrator.script.render import script_json, script_text

    speech = script_for(source, to_read_options(source_format, keep_trailing), to_script_options(**script_flags))
    click.echo(script_json(speech) if as_json else script_text(speech))

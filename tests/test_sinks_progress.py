"""Progress: one plain line per section for screen readers, a redrawn line on terminals, nothing when piped."""

from __future__ import annotations

import io

from narrator.audio import AudioChunk
from narrator.script.model import ItemKind, Script, ScriptItem, ScriptSection
from narrator.sinks.progress import Progress, resolve_mode

SCRIPT = Script(
    title="Article",
    language="en",
    items=(
        ScriptItem(ItemKind.TEXT, None, "Article"),
        ScriptItem(ItemKind.ANNOUNCEMENT, 0, "Section 1 of 2: One"),
        ScriptItem(ItemKind.TEXT, 0, "x" * 100),
        ScriptItem(ItemKind.ANNOUNCEMENT, 1, "Section 2 of 2: Two"),
        ScriptItem(ItemKind.TEXT, 1, "y" * 100),
    ),
    sections=(ScriptSection(0, 2, "One", 1), ScriptSection(1, 2, "Two", 2)),
)
SILENCE = AudioChunk(b"", 22050)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(plain: bool) -> str:
    stream = io.StringIO()
    ticks = iter(range(100))
    progress = Progress(SCRIPT, stream, plain=plain, clock=lambda: float(next(ticks)))
    for item in SCRIPT.items:
        progress.write(item, SILENCE)
    progress.close()
    return stream.getvalue()


def test_plain_mode_prints_one_line_per_section_with_time_left() -> None:
    lines = run(plain=True).splitlines()
    assert lines[0] == "Exporting Article: 2 sections."
    assert lines[1].startswith("Section 1 of 2 done: One. About ")
    assert lines[2] == "Section 2 of 2 done: Two. About 0 s left."
    assert lines[3] == "Done in 5 s."
    assert len(lines) == 4 and "\r" not in run(plain=True)


def test_bar_mode_redraws_one_line_and_clears_it() -> None:
    output = run(plain=False)
    assert output.count("\n") == 1 and output.endswith("Done in 5 s.\n")
    assert "\r1 of 2 sections" in output and "2 of 2 sections, 100%" in output


def test_mode_follows_the_terminal_and_quiet() -> None:
    assert resolve_mode("auto", Terminal(), quiet=False) == "bar"
    assert resolve_mode("auto", io.StringIO(), quiet=False) == "none"
    assert resolve_mode("plain", io.StringIO(), quiet=False) == "plain"
    assert resolve_mode("plain", Terminal(), quiet=True) == "none"

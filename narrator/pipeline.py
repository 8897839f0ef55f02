"""The one place that joins the stages: read -> script -> synthesize -> sinks.

Each function here is what one CLI command calls; library users can call them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from narrator.options import ReadOptions, ScriptOptions

if TYPE_CHECKING:
    from narrator.script.model import Script


def script_for(source: str, read_options: ReadOptions, script_options: ScriptOptions) -> Script:
    """Read the article at ``source`` and build its speech script: what ``script``, ``export`` and ``play`` speak."""
    from narrator.read import read_source
    from narrator.script import build_script

    return build_script(read_source(source, read_options), script_options)

"""A player's scripts of one article, each longer than the last, so the first words need not wait for the rest.

Cheap to import: a player forks the process that runs :func:`staged_scripts`
before the reading and scripting code is loaded, so the two load in parallel.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from narrator.options import ReadOptions, ScriptOptions
    from narrator.script.model import Script, ScriptItem


def staged_scripts(
    source: str, read_options: ReadOptions, script_options: ScriptOptions, section: int | None = 0
) -> Iterator[tuple[Script, bool]]:
    """The scripts of the article at ``source`` a player takes up in turn, each with whether it is the whole one.

    The opening first (title and byline; from the head of a long Markdown
    article, read in milliseconds, when the head settles it), then the
    opening and section ``section`` (the index of the first section to
    follow the opening), then the whole script. ``None`` for ``section``
    gives the whole script at once. Every script starts with the items of
    the one before.
    """
    from narrator.read import load_article, read_article, read_head
    from narrator.script.build import ScriptBuilder
    from narrator.script.lexicon import load_lexicon

    article = load_article(source, read_options)
    lexicon = load_lexicon(script_options.lexicon)
    head = read_head(article, read_options) if section is not None else None
    opening: Sequence[ScriptItem] = ()
    if head is not None:
        head_builder = ScriptBuilder(head, script_options, lexicon)
        opening = head_builder.opening()
        yield head_builder.assembled(opening, complete=False), False
    document = read_article(article, read_options)
    builder = ScriptBuilder(document, script_options, lexicon)
    if head is None:
        if section is None or not builder.sections:
            yield builder.script(), True
            return
        opening = builder.opening()
        yield builder.assembled(opening, complete=False), False
    elif head.language != document.language:  # what was heard stays, said as it was
        opening = [replace(item, language=item.language or head.language) for item in opening]
    items = list(opening)
    for index in range(len(builder.sections)):
        items.extend(builder.section(index))
        if index == section and index + 1 < len(builder.sections):
            yield builder.assembled(items, complete=False), False
    yield builder.assembled(items, complete=True), True

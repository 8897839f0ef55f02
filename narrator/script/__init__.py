"""Script stage: a :class:`~narrator.document.Document` into the exact words, pauses and cues to be spoken.

:mod:`narrator.script.model` holds the script's types, :mod:`narrator.script.build` the builder.
"""

"""The problems a user can meet, each with a message meant for them.

Library code raises these; ``narrator.cli`` prints the message as one line on
stderr and exits with the error's status. Anything else is a bug and shows a
traceback only with ``--debug``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130
    """Ctrl-C or SIGTERM, as shells report a SIGINT death."""


class NarratorError(Exception):
    """A problem the user can fix; ``str(error)`` is the whole message."""

    exit_status = ExitStatus.ERROR


class InputError(NarratorError):
    """The article cannot be read: missing, a directory, unreadable, empty or not text."""


class OutputError(NarratorError):
    """An output cannot be written: exists already, directory missing, disk full."""


class LexiconError(NarratorError):
    """A pronunciation lexicon is malformed; the message names the file and line."""


class EngineError(NarratorError):
    """The speech engine is missing or failed."""


class EngineNotInstalledError(EngineError):
    """An optional engine was chosen whose package is not installed; the message says how to install it."""


class UnknownVoiceError(EngineError):
    """No voice matches what the user asked for; the message lists the closest ones."""


class SettingError(NarratorError):
    """An environment variable that configures narrator has a value it cannot use."""

    exit_status = ExitStatus.USAGE


class NoAudioOutputError(NarratorError):
    """Live playback has nowhere to play: no sound server and no device."""


class Interrupted(NarratorError):
    """The user stopped the run (Ctrl-C or SIGTERM); outputs were left as they were."""

    exit_status = ExitStatus.INTERRUPTED

"""Find libespeak-ng for pyttsx3's ctypes binding: the system's, or the one the espeakng-loader wheel ships.

pyttsx3's ``_espeak`` module opens ``libespeak-ng.so.1`` by name when it is
imported and fails when the system has no eSpeak NG. Setting
``LD_LIBRARY_PATH`` from inside a running process does not change where the
dynamic loader looks, so instead the wheel's library is opened first by its
absolute path: the loader then answers pyttsx3's request for
``libespeak-ng.so.1`` with the library already in memory (it matches by
soname), and eSpeak NG is pointed at the wheel's data folder when initialised.

``NARRATOR_ESPEAK`` overrides the choice: ``system``, ``bundled`` or ``auto``
(the default: the system's library when it has one).
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from types import ModuleType

from narrator.errors import EngineError

SONAME = "libespeak-ng.so.1"
CHOICE_VARIABLE = "NARRATOR_ESPEAK"
CHOICES = ("auto", "system", "bundled")

MISSING_HINT = "install eSpeak NG (apt install espeak-ng) or the espeakng-loader wheel (pip install espeakng-loader)"


@dataclass(frozen=True)
class EspeakLibrary:
    """pyttsx3's binding, bound to the library that was chosen."""

    binding: ModuleType
    """``pyttsx3.drivers._espeak``."""
    data_path: str | None
    """The ``espeak-ng-data`` folder to initialise with; ``None`` for the library's built-in one."""


def _choice() -> str:
    choice = os.environ.get(CHOICE_VARIABLE, "auto").strip().lower() or "auto"
    if choice not in CHOICES:
        raise EngineError(f"{CHOICE_VARIABLE}={choice} is not one of: {', '.join(CHOICES)}.")
    return choice


def _system_library_loads() -> bool:
    try:
        ctypes.CDLL(SONAME)
    except OSError:
        return False
    return True


def _preload_bundled() -> str:
    """Open the wheel's library by path so pyttsx3's request by soname finds it; return its data folder."""
    try:
        import espeakng_loader
    except ImportError:
        raise EngineError(f"eSpeak NG was not found: {MISSING_HINT}.") from None
    try:
        ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
        data_path: str = espeakng_loader.get_data_path()
    except (OSError, RuntimeError) as error:
        raise EngineError(f"The espeakng-loader wheel's eSpeak NG cannot be used: {error}") from None
    return data_path


def load_espeak() -> EspeakLibrary:
    """Load eSpeak NG and pyttsx3's binding to it; import this before anything imports pyttsx3's espeak driver."""
    choice = _choice()
    data_path = None
    if choice == "bundled" or (choice == "auto" and not _system_library_loads()):
        data_path = _preload_bundled()
    try:
        from pyttsx3.drivers import _espeak
    except (ImportError, OSError, RuntimeError):
        raise EngineError(f"eSpeak NG was not found: {MISSING_HINT}.") from None
    return EspeakLibrary(_espeak, data_path)

"""The user's configuration file: a few settings that would be tedious to repeat as flags.

``config.toml`` in the user's configuration folder (``~/.config/narrator`` on
Linux), or the file ``NARRATOR_CONFIG`` names. Every key is optional; a missing
file is an empty configuration. A key of the wrong type is a one-line
:class:`~narrator.errors.SettingError`, never a traceback.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from narrator.errors import SettingError

CONFIG_VARIABLE = "NARRATOR_CONFIG"
MAX_CONFIG_BYTES = 1024 * 1024
"""A configuration file is a few lines; anything bigger is not one."""


@dataclass(frozen=True)
class PublishSettings:
    """What ``narrate publish`` puts in the feed about the whole publication: the ``[publish]`` table, or the
    flags of the same names. ``None`` (not given) is left out of the feed, never made up."""

    base_url: str | None = None
    """The address the publishing folder is served at; the feed's file addresses start with it."""
    title: str | None = None
    description: str | None = None
    author: str | None = None
    image: str | None = None
    """The show's cover art: an address, or a path inside the publishing folder."""
    language: str | None = None
    category: str | None = None
    """An Apple Podcasts category (``Technology``)."""
    explicit: bool | None = None

    def address(self, path: str) -> str:
        """A file's address: the base address and the file's path inside the folder (each part quoted); an
        address given whole is kept."""
        from urllib.parse import quote

        if "://" in path:
            return path
        return f"{self.base_url.rstrip('/')}/{quote(path)}" if self.base_url else quote(path)

    def overridden(self, flags: PublishSettings) -> PublishSettings:
        """These settings with each one ``flags`` gives (not ``None``) in place of this one."""
        from dataclasses import fields

        chosen = {field.name: getattr(flags, field.name) for field in fields(flags)}
        kept = {field.name: getattr(self, field.name) for field in fields(self)}
        return PublishSettings(**{name: kept[name] if value is None else value for name, value in chosen.items()})


@dataclass(frozen=True)
class Config:
    """What the configuration file says."""

    voice_folders: tuple[Path, ...] = ()
    """Extra folders searched for neural voices (key ``voices``: a list of paths)."""
    voices_url: str | None = None
    """Base address of a Piper voice repository for ``narrate voices install NAME`` (key ``voices_url``)."""
    publish: PublishSettings = PublishSettings()
    """The ``[publish]`` table: the feed's settings."""


def config_path() -> Path:
    """Where the configuration file is read from."""
    named = os.environ.get(CONFIG_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser()
    from platformdirs import user_config_path

    return user_config_path("narrator") / "config.toml"


def load_config() -> Config:
    """The configuration file's settings; an absent file gives the defaults."""
    path = config_path()
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise SettingError(f"Cannot read the configuration file {path}: {error.strerror}.") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise SettingError(f"The configuration file {path} is larger than 1 MB.")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        values: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingError(f"The configuration file {path} is not valid TOML: {error}.") from None
    folders = values.get("voices", [])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list) or not all(isinstance(folder, str) for folder in folders):
        raise SettingError(f"In {path}, 'voices' must be a folder or a list of folders.")
    url = values.get("voices_url")
    if url is not None and not isinstance(url, str):
        raise SettingError(f"In {path}, 'voices_url' must be an address in quotes.")
    return Config(
        voice_folders=tuple(Path(folder).expanduser() for folder in folders),
        voices_url=url,
        publish=_publish_settings(values.get("publish", {}), path),
    )


def _publish_settings(table: object, path: Path) -> PublishSettings:
    """The ``[publish]`` table's settings; an unknown key or one of the wrong type is refused."""
    from dataclasses import fields

    if not isinstance(table, dict):
        raise SettingError(f"In {path}, 'publish' must be a table ([publish]).")
    known = {field.name: field for field in fields(PublishSettings)}
    for key, value in table.items():
        if key not in known:
            raise SettingError(f"In {path}, [publish] has no key '{key}'; the keys are {', '.join(known)}.")
        wanted = bool if key == "explicit" else str
        if not isinstance(value, wanted):
            kind = "true or false" if wanted is bool else "text in quotes"
            raise SettingError(f"In {path}, [publish] '{key}' must be {kind}.")
    return PublishSettings(**table)

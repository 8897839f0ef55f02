"""Every command is documented: help with an example, and a line in the README."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from conftest import PROJECT

from narrator.cli import cli


def all_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found += all_commands(command, path)
        else:
            found.append(path)
    return found


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, f"narrate {' '.join(path)} --help has no Example: block"


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert f"narrate {' '.join(path)}" in readme

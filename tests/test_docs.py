"""Every command is documented (help with an example, a line in the README), and docs/ pages are found and true."""

from __future__ import annotations

import re

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


DOCS = PROJECT / "docs"


def test_every_docs_page_is_linked_from_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    pages = sorted(page.name for page in DOCS.glob("*.md"))
    assert pages, "docs/ holds no pages"
    unlinked = [page for page in pages if f"(docs/{page})" not in readme]
    assert not unlinked, f"docs pages not linked from the README: {unlinked}"


@pytest.mark.parametrize("page", sorted(path.name for path in [PROJECT / "README.md", *DOCS.glob("*.md")]))
def test_every_relative_link_leads_to_a_file(page: str) -> None:
    path = PROJECT / page if page == "README.md" else DOCS / page
    text = path.read_text(encoding="utf-8")
    targets = re.findall(r"\]\((?!https?:|#)([^)#\s]+)", text)
    missing = [target for target in targets if not (path.parent / target).exists()]
    assert not missing, f"{page} links to missing files: {missing}"


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_every_docs_page_starts_with_a_title(page: str) -> None:
    assert (DOCS / page).read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("page", sorted(path.name for path in [PROJECT / "README.md", *DOCS.glob("*.md")]))
def test_every_source_file_named_in_the_docs_exists(page: str) -> None:
    path = PROJECT / page if page == "README.md" else DOCS / page
    named = set(re.findall(r"`((?:narrator|benchmarks|tests)/[\w/.-]+)`", path.read_text(encoding="utf-8")))
    missing = sorted(name for name in named if not (PROJECT / name).exists())
    assert not missing, f"{page} names files that do not exist: {missing}"

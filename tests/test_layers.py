"""Imports run one way, down the layers cli -> pipeline -> play/export -> synthesis -> engines/cache ->
audio/document, and no module imports itself back through others (a cycle).

Every import counts, at the top of a module or inside a function: a lazy
import still ties the two modules together. A module may import its own
layer or any layer below; ``from package import module`` is an import of the
module (Python runs the package's ``__init__`` first, which is no import of
the package's own making).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import PROJECT

PACKAGE = PROJECT / "narrator"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("cli", ("narrator.cli", "narrator.__main__")),
    ("publish", ("narrator.publish",)),
    ("pipeline", ("narrator.pipeline",)),
    (
        "play/export",
        (
            "narrator.play",
            "narrator.forked_reading",
            "narrator.sinks",
            "narrator.export_runs",
            "narrator.estimate",
            "narrator.publish.readalong",
        ),
    ),
    ("synthesis", ("narrator.synthesize", "narrator.schedule")),
    ("engines/cache", ("narrator.engines", "narrator.cache")),
    (
        "audio/document",
        (
            "narrator.audio",
            "narrator.word_marks",
            "narrator.signals",
            "narrator.errors",
            "narrator.options",
            "narrator.document",
            "narrator.languages",
            "narrator.read",
            "narrator.script",
            "narrator.outline",
            "narrator",
        ),
    ),
]
"""Top to bottom; a module belongs to the layer of the longest prefix that names it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """The layer's depth: 0 at the top (cli)."""
    best = max(
        ((depth, prefix) for depth, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes),
        key=lambda found: len(found[1]) if module == found[1] or module.startswith(found[1] + ".") else -1,
    )
    depth, prefix = best
    assert module == prefix or module.startswith(prefix + "."), f"{module} is in no layer: add it to LAYERS"
    return depth


def imports(module: str) -> set[str]:
    """The narrator modules ``module`` imports anywhere in its file, its own ancestor packages left out."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    ancestors = {".".join(module.split(".")[:end]) for end in range(1, module.count(".") + 1)}
    return {name for name in found if name in MODULES and name != module and name not in ancestors}


GRAPH = {module: imports(module) for module in MODULES}


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(module: str) -> None:
    upward = sorted(name for name in GRAPH[module] if layer(name) < layer(module))
    names = {name: LAYERS[layer(name)][0] for name in upward}
    assert not upward, f"{module} ({LAYERS[layer(module)][0]}) imports from a layer above: {names}"


def test_there_is_no_import_cycle() -> None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        if module in visiting:
            cycle = [*visiting[visiting.index(module) :], module]
            raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
        visiting.append(module)
        for name in sorted(GRAPH[module]):
            visit(name)
        visiting.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)


def test_the_check_sees_an_upward_import_and_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests above can fail: a cache that imported the synthesizer would be caught both ways."""
    monkeypatch.setitem(GRAPH, "narrator.cache", {*GRAPH["narrator.cache"], "narrator.synthesize"})
    with pytest.raises(AssertionError, match="from a layer above"):
        test_no_module_imports_a_layer_above_its_own("narrator.cache")
    with pytest.raises(AssertionError, match="import cycle"):
        test_there_is_no_import_cycle()

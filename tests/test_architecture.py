"""The layout of the package: which room each module is in, and which way imports go.

The core (time, places, the timeline, queries, and the errors every room shares) never
imports the periphery (file formats, diffs, pictures and HTML, the command line, the rooms
for extraction, engines and published pages); the rooms import one another without cycles.
The imports are read from the source with :mod:`ast`, so an import inside a function or under
``if TYPE_CHECKING:`` counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import subprocess
import sys

import attrs
import pytest

import geotimeline
from geotimeline import conveniences

PACKAGE = pathlib.Path(geotimeline.__file__).parent

CORE = frozenset({"errors", "conveniences", "time", "places", "events", "timeline", "query"})
PERIPHERY = frozenset(
    {"io", "diffing", "display", "cli", "examples", "data", "extract", "engines", "publish"}
)
#: The package's own ``__init__`` and ``__main__``, which gather the rooms for users.
FRONT = frozenset({"__init__", "__main__"})
#: Modules kept at their old paths so that old imports work; each only re-exports.
OLD_PATHS = {
    "when": "geotimeline.time.when",
    "relations": "geotimeline.time.relations",
    "place": "geotimeline.places.place",
    "event": "geotimeline.events.event",
    "merging": "geotimeline.diffing.merging",
    "plot": "geotimeline.display",
}


@attrs.frozen
class Import:
    """One import of a geotimeline module by another, as written in the source."""

    importer: str
    imported: str
    line: int
    typing_only: bool


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room_of(module: str) -> str:
    """The room of ``geotimeline.a.b``: ``a``; the package itself is in the front room."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports_in(source: str, importer: str) -> list[Import]:
    """Every import of a geotimeline module in ``source``, wherever it stands."""
    found: list[Import] = []
    package = importer if source_is_package(importer) else importer.rpartition(".")[0]

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, typing_only)
            return
        for name in _imported_names(node, package):
            if name == "geotimeline" or name.startswith("geotimeline."):
                found.append(Import(importer, name, getattr(node, "lineno", 0), typing_only))
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(ast.parse(source), False)
    return found


def source_is_package(module: str) -> bool:
    return (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(node: ast.AST, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    # ``from geotimeline.io import native`` imports the module geotimeline.io.native.
    return [
        f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
        for alias in node.names
    ]


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def all_imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += imports_in(path.read_text(encoding="utf-8"), module_name(path))
    return found


def test_every_module_is_in_a_known_room() -> None:
    rooms = {room_of(module_name(path)) for path in PACKAGE.rglob("*.py")}
    unknown = rooms - CORE - PERIPHERY - FRONT - set(OLD_PATHS)
    assert not unknown, f"modules outside any room: {sorted(unknown)}; add them to a room"


def test_the_core_imports_nothing_from_the_periphery() -> None:
    wrong = [
        f"{found.importer} imports {found.imported} (line {found.line})"
        for found in all_imports()
        if room_of(found.importer) in CORE and room_of(found.imported) not in CORE
    ]
    assert not wrong, "\n".join(wrong)


#: The core's layers, lowest first, as docs/architecture.md draws them: a core room imports
#: rooms of lower layers only (and a higher one for types alone).
CORE_LAYERS = (
    frozenset({"errors"}),
    frozenset({"conveniences"}),
    frozenset({"time", "places"}),
    frozenset({"events"}),
    frozenset({"query"}),
    frozenset({"timeline"}),
)


def layer_of(room: str) -> int:
    return next(number for number, layer in enumerate(CORE_LAYERS) if room in layer)


def test_the_core_layers_are_one_whole() -> None:
    assert frozenset().union(*CORE_LAYERS) == CORE


def test_each_core_room_imports_only_the_layers_below_it() -> None:
    wrong = [
        f"{found.importer} imports {found.imported} (line {found.line})"
        for found in all_imports()
        if not found.typing_only
        and room_of(found.importer) in CORE
        and room_of(found.importer) != room_of(found.imported)
        and layer_of(room_of(found.imported)) >= layer_of(room_of(found.importer))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_rooms_import_one_another_without_a_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for found in all_imports():
        importer, imported = room_of(found.importer), room_of(found.imported)
        gathering = FRONT | OLD_PATHS.keys()
        if found.typing_only or importer == imported or {importer, imported} & gathering:
            continue
        graph.setdefault(importer, set()).add(imported)
    cycle = _find_cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}

    def walk(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "open":  # open nodes are the ones on the path
                return [*path[path.index(successor) :], successor]
            if successor not in state:
                found = walk(successor, [*path, successor])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = walk(node, [node])
            if found:
                return found
    return None


def test_old_paths_only_re_export() -> None:
    for old in OLD_PATHS:
        source = (PACKAGE / f"{old}.py").read_text(encoding="utf-8")
        tree = ast.parse(source)
        kinds = {type(node).__name__ for node in tree.body}
        assert kinds <= {"Expr", "ImportFrom", "Assign"}, f"geotimeline.{old} does more: {kinds}"


@pytest.mark.parametrize(("old", "new"), sorted(OLD_PATHS.items()))
def test_old_paths_give_the_same_objects(old: str, new: str) -> None:
    old_module = importlib.import_module(f"geotimeline.{old}")
    new_module = importlib.import_module(new)
    assert old_module.__all__, f"geotimeline.{old} exports nothing"
    for name in old_module.__all__:
        assert getattr(old_module, name) is getattr(new_module, name), name


def test_importing_an_old_path_keeps_the_relations_function() -> None:
    # geotimeline.relations is both a function (the top-level name) and a module path.
    importlib.import_module("geotimeline.relations")
    assert callable(geotimeline.relations)
    assert geotimeline.relations("2014", "2017") == frozenset({"before"})


@pytest.mark.parametrize("name", sorted(conveniences.CONVENIENCES))
def test_each_convenience_names_a_function_outside_the_core(name: str) -> None:
    target = conveniences.CONVENIENCES[name]
    assert room_of(target.partition(":")[0]) in PERIPHERY, target
    assert callable(conveniences.provided(name)), target


def test_the_checker_sees_imports_wherever_they_stand() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from geotimeline.time import calendar as cal\n"
        "if TYPE_CHECKING:\n"
        "    from geotimeline.display.chart import Lanes\n"
        "def save(timeline):\n"
        "    from geotimeline.io import native\n"
        "    import geotimeline.cli\n"
        "    from . import layout\n"
    )
    found = {
        (item.imported, item.typing_only)
        for item in imports_in(source, "geotimeline.timeline.timeline")
    }
    assert found == {
        ("geotimeline.time.calendar", False),
        ("geotimeline.display.chart", True),
        ("geotimeline.io.native", False),
        ("geotimeline.cli", False),
        ("geotimeline.timeline.layout", False),
    }


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_importing_geotimeline_loads_no_optional_dependency() -> None:
    code = (
        "import sys, geotimeline, geotimeline.query, geotimeline.diffing, geotimeline.display\n"
        "print(sorted({'matplotlib', 'pandas', 'yaml'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

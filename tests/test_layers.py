"""The package's shape: imports follow the layer order written in README.md's Layout section,
no import cycles, no module over 600 lines, no private name imported from another module.

Imports are read with :mod:`ast` from every module under ``bargaining/``, including imports
inside functions (a local import is still a dependency). Imports under ``if TYPE_CHECKING:``
never run: they are exempt from the layer rule and are not edges of the cycle check.
``bargaining/__init__.py`` re-exports the API lazily and is outside the layers; a module may
take only ``__version__`` from it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bargaining"
MAX_LINES = 600

# Violations tolerated for now, as (kind, module, ...) tuples: none. An entry that no longer
# occurs fails the test too, so the set cannot go stale.
KNOWN_EXCEPTIONS: frozenset[tuple[str, ...]] = frozenset()


@dataclass(frozen=True)
class Import:
    """One import statement's target, as seen from ``importer``."""

    importer: str
    module: str  # the module imported (a submodule where ``from package import submodule``)
    names: tuple[str, ...]  # names taken from it (empty for ``import module``)
    type_checking: bool
    line: int


# -- reading the package ------------------------------------------------------------------------


def layer_order(readme: str) -> list[str]:
    """The layers in the order README.md's Layout section lists them: the backquoted names of
    its first sentence after "before it", parenthesised remarks left out."""
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    sentence = section.split("before it", 1)[1]
    sentence = re.sub(r"\([^)]*\)", "", sentence).split(".", 1)[0]
    return re.findall(r"`([a-z_]+)`", sentence)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str, root: Path = ROOT) -> bool:
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(source: str, importer: str, *, package: bool, root: Path = ROOT) -> list[Import]:
    """Every import of a ``bargaining`` module in ``source``, wherever it stands."""
    tree = ast.parse(source)
    guarded: set[int] = set()
    for node in ast.walk(tree):
        test = getattr(node, "test", None)
        if isinstance(node, ast.If) and _is_type_checking(test):
            guarded |= {id(inner) for statement in node.body for inner in ast.walk(statement)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "bargaining":
                    found.append(Import(importer, alias.name, (), id(node) in guarded, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, importer, package=package)
            if base.split(".")[0] != "bargaining":
                continue
            # ``from package import name`` runs the package's __init__ and asks it for the
            # name (an edge to the package, unless the package imports its own submodule),
            # and imports the submodule of that name if there is one.
            names, guard = [], id(node) in guarded
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if is_module(submodule, root):
                    found.append(Import(importer, submodule, (), guard, node.lineno))
                else:
                    names.append(alias.name)
            if names or base != importer:
                found.append(Import(importer, base, tuple(names), guard, node.lineno))
    return found


def _absolute(node: ast.ImportFrom, importer: str, *, package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = importer.split(".")
    base = parts if package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_type_checking(test: ast.expr | None) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def package_imports() -> list[Import]:
    found = []
    for name, path in package_modules().items():
        source = path.read_text(encoding="utf-8")
        found += imports_of(source, name, package=path.name == "__init__.py")
    return found


# -- the rules ------------------------------------------------------------------------------------


def layer_of(module: str, order: list[str]) -> int | None:
    """The layer's position in ``order``; ``python -m bargaining`` is the command line."""
    if module == "bargaining.__main__":
        return order.index("cli")
    parts = module.split(".")
    return order.index(parts[1]) if len(parts) > 1 and parts[1] in order else None


def layer_violations(imports: list[Import], order: list[str]) -> set[tuple[str, ...]]:
    found = set()
    for item in imports:
        if item.type_checking:
            continue
        if item.module == "bargaining":
            if set(item.names) - {"__version__"}:
                found.add(("layer", item.importer, item.module))
            continue
        mine, theirs = layer_of(item.importer, order), layer_of(item.module, order)
        if item.importer != "bargaining" and (mine is None or theirs is None or theirs > mine):
            found.add(("layer", item.importer, item.module))
    return found


def cycles(imports: list[Import]) -> set[tuple[str, ...]]:
    """Strongly connected components of more than one module (or a module importing itself)
    in the graph of run-time imports, as ``("cycle", *sorted modules)``."""
    edges: dict[str, set[str]] = {}
    for item in imports:
        if not item.type_checking:
            edges.setdefault(item.importer, set()).add(item.module)
    found = set()
    for component in _components(edges):
        loop = len(component) == 1 and component[0] in edges.get(component[0], ())
        if len(component) > 1 or loop:
            found.add(("cycle", *sorted(component)))
    return found


def _components(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
    return result


def private_imports(imports: list[Import]) -> set[tuple[str, ...]]:
    """Private names (``_name``, not dunders) taken from another module."""
    found = set()
    for item in imports:
        for name in item.names:
            if name.startswith("_") and not name.startswith("__") and item.module != item.importer:
                found.add(("private", item.importer, f"{item.module}.{name}"))
    return found


def large_modules(modules: dict[str, Path]) -> set[tuple[str, ...]]:
    found = set()
    for name, path in modules.items():
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES:
            found.add(("size", name))
    return found


def check(found: set[tuple[str, ...]], kind: str, exceptions: frozenset = KNOWN_EXCEPTIONS) -> None:
    known = {entry for entry in exceptions if entry[0] == kind}
    unexpected = sorted(found - known)
    stale = sorted(known - found)
    assert not unexpected, f"{kind} violations: {unexpected}"
    assert not stale, f"known {kind} exceptions that no longer occur (remove them): {stale}"


# -- the package ----------------------------------------------------------------------------------

ORDER = layer_order((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_names_the_layers_in_order():
    expected_tail = ["params", "games", "solvers", "theory", "analysis", "model", "io"]
    assert ORDER[ORDER.index("params") :][: len(expected_tail)] == expected_tail
    assert ORDER[-4:] == ["testing", "figures", "report", "cli"]
    assert len(set(ORDER)) == len(ORDER)


def test_every_module_belongs_to_a_layer():
    outside = [
        name for name in package_modules() if name != "bargaining" and layer_of(name, ORDER) is None
    ]
    assert not outside, f"add these to README.md's Layout section: {outside}"


def test_imports_follow_the_layer_order():
    check(layer_violations(package_imports(), ORDER), "layer")


def test_no_import_cycles():
    check(cycles(package_imports()), "cycle")


def test_no_module_over_600_lines():
    check(large_modules(package_modules()), "size")


def test_no_private_names_imported_across_modules():
    check(private_imports(package_imports()), "private")


# -- the checks themselves fail on what they look for -------------------------------------------

SMALL_ORDER = ["errors", "games", "cli"]


@pytest.mark.parametrize(
    ("importer", "source", "expected"),
    [
        ("bargaining.games.x", "from bargaining.cli.app import main", {"bargaining.cli.app"}),
        ("bargaining.games.x", "def f():\n    import bargaining.cli.app", {"bargaining.cli.app"}),
        ("bargaining.games.x", "if TYPE_CHECKING:\n    from bargaining.cli import app", set()),
        ("bargaining.cli.x", "from bargaining.games import NormalFormGame", set()),
        ("bargaining.games.x", "from bargaining import ExtensiveGame", {"bargaining"}),
        ("bargaining.cli.x", "from bargaining import __version__", set()),
        ("bargaining.games.x", "from bargaining.nowhere import y", {"bargaining.nowhere"}),
    ],
)
def test_layer_check(importer, source, expected):
    found = layer_violations(imports_of(source, importer, package=False), SMALL_ORDER)
    assert {entry[2] for entry in found} == expected


def test_cycle_check_finds_a_cycle_through_a_local_import():
    a = imports_of("import bargaining.games.b", "bargaining.games.a", package=False)
    b = imports_of("def f():\n    import bargaining.games.a", "bargaining.games.b", package=False)
    c = imports_of("import bargaining.games.a", "bargaining.games.c", package=False)
    assert cycles(a + b + c) == {("cycle", "bargaining.games.a", "bargaining.games.b")}
    guarded = imports_of(
        "if TYPE_CHECKING:\n    import bargaining.games.a", "bargaining.games.b", package=False
    )
    assert cycles(a + guarded) == set()


def test_private_import_check():
    source = "from bargaining.games.extensive_nodes import _step, flatten, __all__"
    found = private_imports(imports_of(source, "bargaining.io.efg", package=False))
    assert found == {("private", "bargaining.io.efg", "bargaining.games.extensive_nodes._step")}


def test_size_check(tmp_path):
    short, long = tmp_path / "short.py", tmp_path / "long.py"
    short.write_text("x = 1\n" * MAX_LINES)
    long.write_text("x = 1\n" * (MAX_LINES + 1))
    assert large_modules({"short": short, "long": long}) == {("size", "long")}


def test_stale_known_exceptions_fail():
    with pytest.raises(AssertionError, match="no longer occur"):
        check(set(), "size", frozenset({("size", "bargaining.gone")}))
    with pytest.raises(AssertionError, match="size violations"):
        check({("size", "bargaining.big")}, "size", frozenset())


def test_layer_order_is_read_from_the_text():
    text = "## Layout\n\nEach imports only those before it (or itself): `a` (see `x`), `b`.\n`c`."
    assert layer_order(text) == ["a", "b"]


def test_cycle_check_counts_from_package_import_as_using_the_package():
    # The cycle issue 14 found: the package's __init__ imports app, app imports from the package.
    package = imports_of("from bargaining.cli.app import main", "bargaining.cli", package=True)
    app = imports_of("from bargaining.cli import check", "bargaining.cli.app", package=False)
    assert cycles(package + app) == {("cycle", "bargaining.cli", "bargaining.cli.app")}
    # A package importing its own submodule is no cycle.
    own = imports_of("from bargaining.cli import check", "bargaining.cli", package=True)
    assert cycles(own) == set()

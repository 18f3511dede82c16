"""Lazy re-exports for package ``__init__`` files (PEP 562), so that ``import bargaining`` and
``bargaining --help`` load only what is used.

A package lists its public names as imports under ``if TYPE_CHECKING:`` (which type checkers
and the API docs read, and which never run), and hands that list to :func:`lazy_exports`:

.. code-block:: python

    from typing import TYPE_CHECKING

    from bargaining.lazy import lazy_exports

    if TYPE_CHECKING:
        from bargaining.games.normal_form import NormalFormGame

    __all__ = ["NormalFormGame"]
    __getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)

The first ``package.NormalFormGame`` (or ``from package import NormalFormGame``) imports
``bargaining.games.normal_form`` and keeps the class in the package's namespace; the block under
``TYPE_CHECKING`` is the one list of what comes from where.
"""

from __future__ import annotations

import ast
import importlib
import sys
import types
from collections.abc import Callable, Mapping, Sequence

__all__ = ["lazy_exports", "lazy_imports"]


def lazy_imports(source: str) -> dict[str, tuple[str, str]]:
    """The imports under the top-level ``if TYPE_CHECKING:`` blocks of a module's source:
    exported name -> (module, name in that module).

    >>> lazy_imports("if TYPE_CHECKING:\\n    from a.b import c, d as e\\n")
    {'c': ('a.b', 'c'), 'e': ('a.b', 'd')}
    """
    found: dict[str, tuple[str, str]] = {}
    for statement in ast.parse(source).body:
        test = getattr(statement, "test", None)
        if not (isinstance(statement, ast.If) and _is_type_checking(test)):
            continue
        for node in statement.body:
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    found[alias.asname or alias.name] = (node.module, alias.name)
    return found


def lazy_exports(
    package: str, init_file: str, exported: Sequence[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose public names are imported under
    ``if TYPE_CHECKING:`` in its ``__init__`` file.

    Parameters
    ----------
    package:
        The package's ``__name__``.
    init_file:
        Its ``__file__``; the ``TYPE_CHECKING`` block is read from it with :mod:`ast` (never
        run).
    exported:
        Its ``__all__``: every name must come from the block or be defined in the package.

    Returns
    -------
    (__getattr__, __dir__)
        ``__getattr__`` imports a name's module on first use and stores the name in the
        package, so later lookups cost nothing; unknown names raise :class:`AttributeError` as
        usual. ``__dir__`` lists ``__all__``.

    Notes
    -----
    Where a package exports a function named like the submodule that defines it
    (``bargaining.analysis.sweep``), the function wins, as it did with an eager
    ``from .sweep import sweep``: the import system sets a submodule as an attribute of its
    package once loaded, and the package's module type swaps it for the function.

    Examples
    --------
    >>> import bargaining.games
    >>> "NormalFormGame" in dir(bargaining.games)
    True
    >>> bargaining.games.NoSuchGame
    Traceback (most recent call last):
    ...
    AttributeError: module 'bargaining.games' has no attribute 'NoSuchGame'
    """
    with open(init_file, encoding="utf-8") as file:
        table = lazy_imports(file.read())
    names = sorted(set(exported))
    module = sys.modules[package]
    module.__dict__["__lazy_exports__"] = table
    module.__class__ = _LazyPackage

    def __getattr__(name: str) -> object:
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, attribute = table[name]
        if module_name == package:  # ``from package import submodule``
            value: object = importlib.import_module(f"{package}.{attribute}")
        else:
            value = getattr(importlib.import_module(module_name), attribute)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return names

    return __getattr__, __dir__


class _LazyPackage(types.ModuleType):
    """A package whose submodule attributes never hide a function it exports by that name."""

    def __setattr__(self, name: str, value: object) -> None:
        table: Mapping[str, tuple[str, str]] = self.__dict__.get("__lazy_exports__", {})
        submodule = f"{self.__name__}.{name}"
        if isinstance(value, types.ModuleType) and table.get(name) == (submodule, name):
            value = getattr(value, name)
        super().__setattr__(name, value)


def _is_type_checking(test: ast.expr | None) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"

"""Compile sympy expressions to fast numeric functions, safe from the parameters' names.

:func:`sympy.lambdify` writes Python source in which each argument is a variable named after
its symbol, next to the functions it calls (``exp``, ``sqrt``, ``select``, ``greater``, ...).
A parameter called ``exp`` (model files may name parameters anything) then shadows the
function and the generated code fails, or worse, computes something else. Every numeric
compilation in the toolkit goes through :func:`numeric_function`, which first renames the
symbols to fresh names of its own (``_p0``, ``_p1``, ...) that no function uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

__all__ = ["numeric_function"]


def numeric_function(
    symbols: sympy.Symbol | Sequence[sympy.Symbol],
    expression: object,
    modules: str = "numpy",
    *,
    cse: bool = False,
) -> Callable:
    """``sympy.lambdify(symbols, expression, modules)`` with the symbols renamed first.

    ``expression`` may be one expression or a (nested) list of them, as for lambdify; the
    function takes the values of ``symbols`` positionally, in order. With ``cse``, common
    subexpressions of the list are computed once (:func:`sympy.cse`), which pays off when many
    formulas share products of the parameters.

    Examples
    --------
    A parameter named like a function that the generated code calls:

    >>> exp = sympy.Symbol("exp", positive=True)
    >>> f = numeric_function([exp], sympy.exp(exp) - exp, "math")
    >>> round(f(1.0), 6)
    1.718282
    >>> x, y = sympy.symbols("x y")
    >>> numeric_function([x, y], [(x + y) ** 2, 2 * (x + y) ** 2], "math", cse=True)(1.0, 2.0)
    [9.0, 18.0]
    """
    single = isinstance(symbols, sympy.Symbol)
    listed = [symbols] if single else list(symbols)
    taken = {symbol.name for symbol in listed} | _names(expression)
    prefix = "_p"
    while any(name.startswith(prefix) for name in taken):  # a fresh name must be fresh
        prefix += "_"
    fresh = [sympy.Symbol(f"{prefix}{index}", **s.assumptions0) for index, s in enumerate(listed)]
    renaming = dict(zip(listed, fresh, strict=True))
    renamed = _renamed(expression, renaming)
    if modules == "numpy":
        import numpy

        # lambdify runs `from numpy import *` for "numpy", which loads numpy's lazy submodules
        # (testing, f2py, ...: 0.09 CPU-s of a process's first sweep); the module itself gives
        # the same printer, the same code and the same functions.
        modules = [numpy]
    return sympy.lambdify(fresh[0] if single else fresh, renamed, modules, cse=cse)


def _names(expression: object) -> set[str]:
    if isinstance(expression, list | tuple):
        return set().union(*(_names(part) for part in expression))
    if isinstance(expression, sympy.Basic):
        return {symbol.name for symbol in expression.free_symbols}
    return set()


def _renamed(expression: object, renaming: dict) -> object:
    if isinstance(expression, list | tuple):
        return type(expression)(_renamed(part, renaming) for part in expression)
    if isinstance(expression, sympy.Basic):
        # sympy's complex infinity (zoo, an undefined value) has no numpy spelling: use NaN.
        return expression.xreplace({**renaming, sympy.zoo: sympy.nan})
    return expression

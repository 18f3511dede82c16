"""Formulas and conditions in model files: TOML value -> sympy, and sympy -> text that reads back.

Reading goes through :func:`bargaining.expr.parse_expr` only: the text is never evaluated. A
formula (a payoff) is a number or a string such as ``"1 - L*(1 - W/2)"``; a condition (a
claim's ``given``/``expect``) is a string such as ``"L >= 0.8 and prob('war') == 0"``.

Writing uses :func:`bargaining.expr.expression_text`, the inverse of
:func:`~bargaining.expr.parse_expr` (re-exported here for the modules that print formulas).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy
from sympy.logic.boolalg import Boolean

from bargaining.errors import ExpressionError
from bargaining.expr import expression_text, parse_expr
from bargaining.model.fields import describe, exact_number
from bargaining.model.keys import Key
from bargaining.model.problems import ProblemLog
from bargaining.numbers import Number

__all__ = ["expression_text", "formula_value", "read_condition", "read_formula"]


def read_formula(
    log: ProblemLog, value: object, key: Key, names: Mapping[str, sympy.Symbol]
) -> sympy.Expr | None:
    """A payoff formula: a TOML number (exact) or an expression string in the parameters.

    >>> L = sympy.Symbol("L", real=True)
    >>> read_formula(ProblemLog("m.toml"), "1 - L/2", ("outcomes", "war"), {"L": L})
    1 - L/2
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = exact_number(log, value, key, "a number or a formula")
        return None if number is None else sympy.Rational(number)
    if not isinstance(value, str):
        log.add(
            key, f'expected a formula in quotes (e.g. "1 - L") or a number, got {describe(value)}'
        )
        return None
    parsed = _parse(log, value, key, names, None)
    if parsed is not None and not isinstance(parsed, sympy.Expr):
        log.add(key, f"expected a formula giving a number, got the condition {value!r}")
        return None
    return parsed


def read_condition(
    log: ProblemLog,
    value: object,
    key: Key,
    names: Mapping[str, sympy.Symbol],
    functions: Mapping[str, Callable[..., sympy.Basic]] | None = None,
) -> Boolean | None:
    """A condition: an expression string that is true or false, such as ``"L >= 0.8"``.

    >>> L = sympy.Symbol("L", real=True)
    >>> read_condition(ProblemLog("m.toml"), "L >= 0.8", ("claims", 0, "given"), {"L": L})
    L >= 4/5
    """
    if not isinstance(value, str):
        log.add(key, f'expected a condition in quotes (e.g. "L >= 0.8"), got {describe(value)}')
        return None
    parsed = _parse(log, value, key, names, functions)
    if parsed is not None and not isinstance(parsed, Boolean):
        log.add(
            key,
            f"expected a condition (a comparison such as {value.strip()} >= 0, or several joined "
            f"with and/or), got the formula {value!r}",
        )
        return None
    return parsed


def _parse(
    log: ProblemLog,
    text: str,
    key: Key,
    names: Mapping[str, sympy.Symbol],
    functions: Mapping[str, Callable[..., sympy.Basic]] | None,
) -> sympy.Basic | None:
    try:
        return parse_expr(text, names, functions=functions)
    except ExpressionError as error:
        log.add(key, str(error))
        return None


def formula_value(value: Number) -> int | str:
    """What a model file holds for a payoff: integers as TOML integers, anything else as text.

    >>> from fractions import Fraction
    >>> formula_value(3), formula_value(Fraction(1, 2))
    (3, '1/2')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return expression_text(value)

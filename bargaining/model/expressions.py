"""Formulas and conditions in model files: TOML value -> sympy, and sympy -> text that reads back.

Reading goes through :func:`bargaining.expr.parse_expr` only: the text is never evaluated. A
formula (a payoff) is a number or a string such as ``"1 - L*(1 - W/2)"``; a condition (a
claim's ``given``/``expect``) is a string such as ``"L >= 0.8 and prob('war') == 0"``.

Writing prints sympy objects in the syntax :func:`~bargaining.expr.parse_expr` reads (``and``
rather than ``&``, ``a == b`` rather than ``Eq(a, b)``, ``x if c else y`` for a
``Piecewise``, quoted arguments for claim functions such as ``prob('war')``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

import sympy
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import Boolean
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from bargaining.errors import ExpressionError
from bargaining.expr import parse_expr
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


class _FormulaPrinter(StrPrinter):
    """Print sympy objects in the Python syntax :func:`~bargaining.expr.parse_expr` reads."""

    def _print_Relational(self, expr: sympy.Basic) -> str:
        # sympy's precedence() ranks Eq and Ne like products; all comparisons rank the same.
        level = PRECEDENCE["Relational"]
        return (
            f"{self.parenthesize(expr.lhs, level)} {expr.rel_op} "
            f"{self.parenthesize(expr.rhs, level)}"
        )

    def _joined(self, expr: sympy.Basic, word: str) -> str:
        parts = []
        for argument in expr.args:
            text = self._print(argument)
            # Comparisons bind tighter than and/or/not; anything else gets parentheses.
            simple = isinstance(argument, sympy.core.relational.Relational | AppliedUndef)
            parts.append(text if simple or argument.is_Atom else f"({text})")
        return f" {word} ".join(parts)

    def _print_And(self, expr: sympy.Basic) -> str:
        return self._joined(expr, "and")

    def _print_Or(self, expr: sympy.Basic) -> str:
        return self._joined(expr, "or")

    def _print_Not(self, expr: sympy.Basic) -> str:
        return f"not ({self._print(expr.args[0])})"

    def _print_BooleanTrue(self, expr: sympy.Basic) -> str:
        return "True"

    def _print_BooleanFalse(self, expr: sympy.Basic) -> str:
        return "False"

    def _print_Exp1(self, expr: sympy.Basic) -> str:
        return "exp(1)"

    def _print_Piecewise(self, expr: sympy.Basic) -> str:
        *pieces, (last, otherwise) = expr.args
        if otherwise != sympy.true:
            raise ValueError(
                f"a Piecewise without a final 'otherwise' piece cannot be written: {expr}"
            )
        text = self._print(last)
        for value, condition in reversed(pieces):
            text = f"({self._print(value)} if {self._print(condition)} else {text})"
        return text

    def _print_Function(self, expr: sympy.Basic) -> str:
        # Claim functions such as prob('war') stand for their arguments by symbols named after
        # the outcome, player or strategy; the file spells those as strings.
        if isinstance(expr, AppliedUndef):
            arguments = ", ".join(repr(argument.name) for argument in expr.args)
            return f"{expr.func.__name__}({arguments})"
        return super()._print_Function(expr)


_PRINTER = _FormulaPrinter({"order": None})


def expression_text(value: Number | sympy.Basic) -> str:
    """Text for a number, formula or condition, in the syntax that model files use.

    >>> L = sympy.Symbol("L")
    >>> expression_text(sympy.And(L >= sympy.Rational(4, 5), sympy.Eq(L, 1)))
    'L == 1 and L >= 4/5'
    >>> expression_text(sympy.Piecewise((1 - L, L < 1), (0, True)))
    '(1 - L if L < 1 else 0)'
    >>> expression_text(Fraction(7, 10))
    '7/10'
    """
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, int | float):
        return repr(value)
    return _PRINTER.doprint(value)


def formula_value(value: Number) -> int | str:
    """What a model file holds for a payoff: integers as TOML integers, anything else as text.

    >>> formula_value(3), formula_value(Fraction(1, 2))
    (3, '1/2')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return expression_text(value)

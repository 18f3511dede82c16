"""Formulas back to text: the inverse of :func:`~bargaining.expr.parse_expr`.

:func:`expression_text` prints sympy objects in the syntax the parser reads (``and`` rather than
``&``, ``a == b`` rather than ``Eq(a, b)``, ``x if c else y`` for a ``Piecewise``, quoted
arguments for claim functions such as ``prob('war')``), so that model files written by the
toolkit read back to the same objects:

>>> from bargaining.expr import parse_expr
>>> condition = parse_expr("L >= 0.8 and (1 - L if L < 1 else 0) == 0", ["L"])
>>> parse_expr(expression_text(condition), ["L"]) == condition
True
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from bargaining.numbers import Number

__all__ = ["expression_text"]


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
            arguments = ", ".join(
                repr(argument.name) if isinstance(argument, sympy.Symbol) else self._print(argument)
                for argument in expr.args
            )  # names quoted, numbers (qre_prob's precision) as numbers
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
    >>> expression_text(Fraction(4))
    '4'
    """
    if isinstance(value, Fraction):
        # Fraction's str drops a denominator of 1, as model files and sympy spell integers.
        return str(value)
    if isinstance(value, int | float):
        return repr(value)
    return _PRINTER.doprint(value)

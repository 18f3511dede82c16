"""The three kinds of number a payoff can be, and conversions between them.

A payoff is *exact* (``int`` or :class:`fractions.Fraction`), *inexact* (``float``) or
*symbolic* (a sympy expression with free symbols). Solvers keep exact inputs exact: they work
on Python integers and fractions, which are an order of magnitude faster than sympy numbers and
convert to them losslessly (``sympy.Rational(fraction)``). Sympy numbers are normalised to
these on entry so that the rest of the toolkit sees one representation per kind.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from numbers import Rational as _RationalABC
from typing import TypeAlias

import numpy as np
import sympy

from bargaining.algebraic import RealAlgebraic
from bargaining.errors import BargainingError

__all__ = [
    "ExactNumber",
    "Number",
    "NumberError",
    "common_denominator",
    "is_exact",
    "is_symbolic",
    "normalize_number",
    "to_sympy",
]

ExactNumber: TypeAlias = int | Fraction
Number: TypeAlias = int | Fraction | float | sympy.Expr | RealAlgebraic


class NumberError(BargainingError):
    """A value is not a finite number or a sympy expression."""


def normalize_number(value: object) -> Number:
    """Return ``value`` as ``int``, ``Fraction``, ``float`` or a symbolic sympy expression.

    Integers and fractions stay exact (a fraction with denominator 1 becomes an ``int``); sympy
    rationals become fractions; sympy floats and numpy floats become ``float``; expressions with
    free symbols stay sympy. Constant irrational expressions (``sqrt(2)``) stay sympy too, so
    nothing is rounded behind the caller's back.

    Raises
    ------
    NumberError
        For booleans, strings, ``None``, NaN, infinities and other non-numbers.

    Examples
    --------
    >>> normalize_number(sympy.Rational(3, 4))
    Fraction(3, 4)
    >>> normalize_number(Fraction(4, 2))
    2
    >>> normalize_number(np.float64(0.5))
    0.5
    """
    if isinstance(value, bool | np.bool_):
        raise NumberError(f"expected a number, got the boolean {value!r}")
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, RealAlgebraic):  # exact irrational probabilities of n-player games
        return value
    if isinstance(value, _RationalABC):
        return normalize_number(Fraction(int(value.numerator), int(value.denominator)))
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise NumberError(f"expected a finite number, got {value!r}")
        return float(value)
    if isinstance(value, sympy.Basic):
        return _normalize_sympy(value)
    raise NumberError(
        f"expected a number or a sympy expression, got {type(value).__name__} {value!r}"
    )


def _normalize_sympy(value: sympy.Basic) -> Number:
    if not isinstance(value, sympy.Expr):
        raise NumberError(f"expected a numeric expression, got {value!r}")
    if value.is_Rational:
        return normalize_number(Fraction(int(value.p), int(value.q)))
    if value.is_Float:
        return normalize_number(float(value))
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise NumberError(f"expected a finite number, got {value!r}")
    if value.is_real is False:
        raise NumberError(f"expected a real number, got {value!r}")
    return value


def is_exact(value: Number) -> bool:
    """True for ``int``, ``Fraction`` and exact algebraic numbers (after
    :func:`normalize_number`)."""
    return isinstance(value, int | Fraction | RealAlgebraic)


def is_symbolic(value: Number) -> bool:
    """True for sympy expressions (after :func:`normalize_number`)."""
    return isinstance(value, sympy.Basic)


def to_sympy(value: Number) -> sympy.Expr:
    """Convert a normalised number to a sympy expression without rounding."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, int):
        return sympy.Integer(value)
    return sympy.Float(value)


def common_denominator(values: Iterable[ExactNumber]) -> int:
    """Least common multiple of the denominators of exact numbers.

    >>> common_denominator([Fraction(1, 2), 3, Fraction(5, 6)])
    6
    """
    denominators = {value.denominator for value in values if isinstance(value, Fraction)}
    return math.lcm(*denominators) if denominators else 1

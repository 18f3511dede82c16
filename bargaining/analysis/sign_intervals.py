"""Where a rational function of one parameter is nonnegative on an interval, exactly.

sympy's ``solve_univariate_inequality`` returns the whole real line for some products with a
cubic factor (``(1 - 4*t)*(7*t**3 + 17*t**2 - 24*t + 6) >= 0`` on sympy 1.13), which made
pieces of n-player games hold where they do not. Here the set is built from the real roots of
the numerator and the denominator, isolated exactly (``CRootOf``), and the sign of the function
at one rational point between each pair of consecutive roots.
"""

from __future__ import annotations

import sympy

from bargaining.analysis.radical_conditions import (
    has_radical,
    nonnegative_between,
    radical_nonnegative_set,
)

__all__ = ["nonnegative_set"]


def nonnegative_set(
    condition: sympy.Expr, symbol: sympy.Symbol, low: sympy.Expr, high: sympy.Expr
) -> sympy.Set:
    """The closed set of ``symbol`` in ``[low, high]`` where ``condition >= 0``, up to the
    isolated points where it touches zero from below (those are boundaries, never regions).

    Parameters
    ----------
    condition:
        A rational function of ``symbol`` alone.
    symbol:
        The parameter.
    low, high:
        The ends of its range (exact numbers).

    Raises
    ------
    sympy.PolynomialError
        When ``condition`` is not a rational function of ``symbol``.

    Examples
    --------
    >>> t = sympy.Symbol("t")
    >>> nonnegative_set((1 - 4 * t) * (7 * t**3 + 17 * t**2 - 24 * t + 6), t, 0, 1)
    Union(Interval(0, 1/4), Interval(CRootOf(7*x**3 + 17*x**2 - 24*x + 6, 1), \
CRootOf(7*x**3 + 17*x**2 - 24*x + 6, 2)))
    >>> nonnegative_set((t - sympy.Rational(1, 2)) / (t + 1), t, 0, 1)
    Interval(1/2, 1)
    """
    if has_radical(condition):  # a square-root piece of an n-player game
        return radical_nonnegative_set(condition, symbol, low, high)
    low, high = sympy.sympify(low), sympy.sympify(high)
    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(condition)))
    cuts = {low, high}
    for part in (numerator, denominator):
        polynomial = sympy.Poly(part, symbol)
        if polynomial.degree() > 0:
            cuts.update(root for root in polynomial.real_roots() if low < root < high)
    return nonnegative_between(condition, symbol, cuts)

"""Conditions and values with a square root of the parameters, made safe to evaluate.

A branch ``(-b ± sqrt(R)) / 2a`` of an n-player game's support system
(:mod:`bargaining.analysis.radical_pieces`) has conditions ``A + B sqrt(R) >= 0`` after its
first one, ``R >= 0``. Where ``R < 0`` the others are not real: evaluated in order they are never
reached (``ParametricSolution.active`` and sensitivities stop at the first failing condition),
numpy gives NaN, which fails every comparison, and here

* :func:`radical_nonnegative_set` finds where one such condition holds along one parameter
  exactly: its boundary points are among the real roots of ``R`` and of the polynomial
  ``A^2 - B^2 R`` that eliminating the root gives (:func:`~bargaining.real_roots.
  isolate_real_roots` keeps those where the condition changes sign), and the sign between two
  of them is decided at one rational point, where the condition is real;
* :func:`guarded_tie` writes a branch's tie surface with ``sqrt(max(R, 0))``, real everywhere,
  since a tie surface is tested as a whole and an undefined value there counts as a tie;
* :func:`algebraic_value` turns an exact value ``a + b sqrt(m)`` at a point into the
  :class:`~bargaining.algebraic.RealAlgebraic` the point solver gives.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import sympy

from bargaining.algebraic import algebraic_roots
from bargaining.real_roots import isolate_real_roots
from bargaining.solvers.parametric import TieSurface

__all__ = ["algebraic_value", "guarded_tie", "has_radical", "radical_nonnegative_set"]


def _radicals(expression: sympy.Expr) -> set[sympy.Pow]:
    return {
        atom
        for atom in expression.atoms(sympy.Pow)
        if atom.exp == sympy.S.Half and atom.base.free_symbols
    }


def has_radical(expression: sympy.Expr) -> bool:
    """Whether an expression takes a square root of something that depends on a parameter.

    >>> t = sympy.Symbol("t")
    >>> has_radical(1 + sympy.sqrt(t + 1)), has_radical(sympy.sqrt(2) * t)
    (True, False)
    """
    return bool(_radicals(sympy.sympify(expression)))


def guarded_tie(expressions: Sequence[sympy.Expr]) -> TieSurface:
    """A tie surface whose square roots ``sqrt(R)`` read ``sqrt((R + |R|) / 2)``: the same
    where ``R >= 0``, real (zero) elsewhere.

    >>> t = sympy.Symbol("t", real=True)
    >>> tie = guarded_tie((t, 1 - sympy.sqrt(t)))
    >>> tie.expressions[1]
    1 - sqrt(t/2 + Abs(t)/2)
    >>> tie.holds_at({t: -1}), tie.holds_at({t: 1})
    (False, True)
    """
    guards = {
        root: sympy.sqrt((root.base + sympy.Abs(root.base)) / 2)
        for e in expressions
        for root in _radicals(e)
    }
    return TieSurface(tuple(e.xreplace(guards) for e in expressions))


def radical_nonnegative_set(
    condition: sympy.Expr, symbol: sympy.Symbol, low: sympy.Expr, high: sympy.Expr
) -> sympy.Set:
    """The closed set of ``symbol`` in ``[low, high]`` where ``condition`` is real and
    ``>= 0``, up to isolated points; ``condition`` is rational in ``symbol`` and square roots
    of polynomials in it.

    Examples
    --------
    >>> t = sympy.Symbol("t")
    >>> radical_nonnegative_set(sympy.sqrt(t - sympy.Rational(1, 4)) - t / 2, t, 0, 1)
    Interval(2 - sqrt(3), 1)
    """
    low, high = sympy.sympify(low), sympy.sympify(high)
    numerator, denominator = sympy.fraction(sympy.together(condition))
    cuts = {low, high}
    for root in _radicals(condition):
        cuts.update(r for r in sympy.Poly(root.base, symbol).real_roots() if low < r < high)
    for part in (numerator, denominator):
        cuts.update(r.value for r in isolate_real_roots(part, symbol, low, high))
    ordered = sorted(cuts, key=lambda value: sympy.N(value, 50))
    pieces = []
    for left, right in itertools.pairwise(ordered):
        middle = sympy.Rational(str(sympy.N((left + right) / 2, 50)))
        value = sympy.sympify(condition.xreplace({symbol: middle}))
        if value.is_extended_real and value >= 0:
            pieces.append(sympy.Interval(left, right))
    return sympy.Union(*pieces) if pieces else sympy.EmptySet


def algebraic_value(value: sympy.Expr) -> object:
    """An exact number ``a + b sqrt(m)`` (rational ``a``, ``b``; an integer ``m``) as a
    :class:`~bargaining.algebraic.RealAlgebraic` in ``Q(sqrt(m))`` (the type of the point
    solver's irrational probabilities), a rational one as a ``Fraction``; other values as
    they are.

    >>> algebraic_value(sympy.Rational(1, 2) - sympy.sqrt(5) / 10)
    RealAlgebraic(1/2 - sqrt(5)/10 ~ 0.276393)
    >>> algebraic_value(sympy.Rational(3, 4)), algebraic_value(sympy.pi)
    (Fraction(3, 4), pi)
    """
    value = sympy.sympify(value)
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    roots = {a for a in value.atoms(sympy.Pow) if a.exp == sympy.S.Half and a.base.is_Integer}
    if len(roots) != 1 or value.free_symbols:
        return value
    (root,) = roots
    expanded = sympy.expand(value)
    b = expanded.coeff(root)
    a = sympy.expand(expanded - b * root)
    if not (a.is_Rational and b.is_Rational and root.base > 0):
        return value
    alpha = algebraic_roots([-int(root.base), 0, 1])[-1]  # the positive square root
    return Fraction(int(a.p), int(a.q)) + Fraction(int(b.p), int(b.q)) * alpha

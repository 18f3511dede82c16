"""Conditions and values with a square root of the parameters, made safe to evaluate.

A branch ``(-b ± sqrt(R)) / 2a`` of an n-player game's support system
(:mod:`bargaining.analysis.radical_pieces`) has conditions ``A + B sqrt(R) >= 0`` besides
``R >= 0``. Where ``R < 0`` those are not real:

* :func:`radicand_sign` reads the sign of ``R`` itself, found in the piece's square roots
  (not by the position of ``R >= 0`` among its conditions, which simplification may drop or
  move), so that ``ParametricSolution.active`` compares no other condition there, and treats
  ``R = 0``, where the two branches meet, as a boundary;
* numpy gives NaN, which fails every comparison (the point is a boundary all the same, through
  ``R``'s own condition within the tolerance of zero, or the branch's tie surface);

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
from collections.abc import Mapping, Sequence
from fractions import Fraction

import sympy

from bargaining.algebraic import algebraic_roots
from bargaining.analysis.conditions import Box, sign_on_box
from bargaining.real_roots import isolate_real_roots
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface

__all__ = [
    "algebraic_value",
    "guarded_tie",
    "has_radical",
    "nonnegative_between",
    "radical_nonnegative_set",
    "radicand_sign",
    "simplify_radical_condition",
]


def _radicals(expression: sympy.Expr) -> set[sympy.Pow]:
    """Its powers ``R^(k/2)`` (odd ``k``) of expressions ``R`` in the parameters."""
    return {
        atom
        for atom in expression.atoms(sympy.Pow)
        if atom.exp.is_Rational and atom.exp.q == 2 and atom.base.free_symbols
    }


_PROVED_DEGREE = 2
"""Factors up to this total degree are tested for a sign on the box before being dropped."""


def has_radical(expression: sympy.Expr) -> bool:
    """Whether an expression takes a square root of something that depends on a parameter.

    >>> t = sympy.Symbol("t")
    >>> has_radical(1 + sympy.sqrt(t + 1)), has_radical(sympy.sqrt(2) * t)
    (True, False)
    """
    return bool(_radicals(sympy.sympify(expression)))


def radicand_sign(piece: ParametricEquilibrium, point: Mapping[sympy.Symbol, sympy.Expr]) -> int:
    """The sign at an exact point of the expressions under a piece's square roots (of its
    strategies and conditions), taken together: -1 where one is negative (the piece's values
    and other conditions are not real there, and it does not hold), 0 where one is zero and
    none negative (a square-root piece's two branches meet there: a boundary), else 1 (also
    for a piece without square roots).

    >>> t = sympy.Symbol("t")
    >>> x = (1 + sympy.sqrt(1 - 2 * t)) / 2
    >>> piece = ParametricEquilibrium(
    ...     strategies=((x, 1 - x),), payoffs=(x,), conditions=(2 - x, 1 - 2 * t), singular=(),
    ...     supports=((0, 1),))
    >>> [radicand_sign(piece, {t: value}) for value in (0, sympy.Rational(1, 2), 1)]
    [1, 0, -1]
    """
    expressions = (*piece.conditions, *(p for vector in piece.strategies for p in vector))
    bases = {root.base for e in expressions for root in _radicals(sympy.sympify(e))}
    values = [base.xreplace(point) for base in bases]
    return -1 if any(v < 0 for v in values) else 0 if any(v == 0 for v in values) else 1


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
        root: ((root.base + sympy.Abs(root.base)) / 2) ** root.exp
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
    if condition.has(sympy.I):
        return sympy.EmptySet  # sympy writes sqrt(-R) of a positive R as I sqrt(R): not real
    cuts = {low, high}
    parts = _parts(condition)
    if parts is None:  # several square roots: roots of the expression itself, by resultants
        numerator, denominator = sympy.fraction(sympy.together(condition))
        for root in _radicals(condition):
            cuts.update(r for r in sympy.Poly(root.base, symbol).real_roots() if low < r < high)
        for part in (numerator, denominator):
            cuts.update(r.value for r in isolate_real_roots(part, symbol, low, high))
    else:
        # Squaring adds roots where the condition does not vanish: they only cut an interval
        # whose two sides then get the same sign.
        first, second, radicand, denominator = parts
        for boundary in (radicand, first**2 - second**2 * radicand, denominator):
            polynomial = sympy.Poly(boundary, symbol)
            if polynomial.degree() > 0:
                cuts.update(r for r in polynomial.real_roots() if low < r < high)
    return nonnegative_between(condition, symbol, cuts)


def nonnegative_between(
    condition: sympy.Expr, symbol: sympy.Symbol, cuts: set[sympy.Expr]
) -> sympy.Set:
    """The union of the closed intervals between consecutive ``cuts`` (exact real numbers that
    include every point where ``condition`` may change sign, and the two ends) on which
    ``condition`` is real and ``>= 0``, read at each interval's rational midpoint.

    Examples
    --------
    >>> t = sympy.Symbol("t")
    >>> nonnegative_between(t - sympy.Rational(1, 2), t, {0, sympy.Rational(1, 2), 1})
    Interval(1/2, 1)
    """
    ordered = sorted(cuts, key=lambda value: sympy.N(value, 50))
    pieces = []
    for left, right in itertools.pairwise(ordered):
        middle = sympy.Rational(str(sympy.N((left + right) / 2, 50)))
        value = sympy.sympify(condition).xreplace({symbol: middle})
        if value.is_extended_real and value >= 0:
            pieces.append(sympy.Interval(left, right))
    return sympy.Union(*pieces) if pieces else sympy.EmptySet


def _parts(condition: sympy.Expr) -> tuple[sympy.Expr, ...] | None:
    """``(P, Q, R, L)`` with ``condition = (P + Q sqrt(R)) / L`` (polynomials), or None when
    the condition does not have one square root and a denominator free of it."""
    bases = {root.base for root in _radicals(condition)}
    if len(bases) != 1:
        return None
    (base,) = bases
    y = sympy.Dummy("y")
    over_y = condition.replace(
        lambda e: e.is_Pow and e.base == base and e.exp.is_Rational and e.exp.q == 2,
        lambda e: y ** int(2 * e.exp),
    )
    symbols = sorted(condition.free_symbols, key=lambda symbol: symbol.name)
    # sympy's field of fractions brings the condition over one denominator far faster than
    # together() does with the root in it
    try:
        fraction = sympy.QQ.frac_field(y, *symbols).from_sympy(over_y)
    except (sympy.CoercionFailed, sympy.PolynomialError, ValueError):
        return None
    numerator, denominator = fraction.numer.as_expr(), fraction.denom.as_expr()
    if denominator.has(y):
        return None
    # P + Q y: the numerator reduced modulo y^2 = R
    reduced = sympy.Poly(numerator, y).rem(sympy.Poly(y**2 - base, y))
    return reduced.coeff_monomial(1), reduced.coeff_monomial(y), base, denominator


def simplify_radical_condition(condition: sympy.Expr, box: Box) -> sympy.Expr | bool:
    """``(P + Q sqrt(R)) / L >= 0`` with the factors of ``L`` and of the common factor of
    ``P`` and ``Q`` whose sign on the box is known dropped (as
    :func:`~bargaining.analysis.conditions.simplify_condition` drops them from rational
    conditions); the rest is kept as it is.

    >>> t = sympy.Symbol("t")
    >>> simplify_radical_condition((t + t * sympy.sqrt(1 - t)) / (t + 2), {t: (0, 1)})
    sqrt(1 - t) + 1
    """
    if has_radical(condition):
        parts = _parts(condition)
        if parts is None:
            return condition
    else:  # a radicand: P / L with Q = 0
        numerator, denominator = sympy.fraction(sympy.cancel(condition))
        parts = numerator, sympy.Integer(0), sympy.Integer(1), denominator
    first, second, radicand, denominator = parts
    common = sympy.gcd(first, second)
    sign, kept = 1, []
    for part in (common, denominator):
        coefficient, factors = sympy.factor_list(part)
        sign *= 1 if coefficient > 0 else -1
        for factor, exponent in factors:
            if exponent % 2 == 0:
                continue  # an even power is >= 0: it only touches zero on a boundary
            # Keeping a factor is always right; proving the sign of one of high degree costs
            # seconds, and the denominators of a Gröbner basis are often such.
            try:
                small = sympy.Poly(factor, *sorted(box, key=str)).total_degree() <= _PROVED_DEGREE
            except sympy.PolynomialError:  # exp(k) in a payoff: not a polynomial in k
                small = False
            factor_sign = sign_on_box(factor, box) if small else 0
            if factor_sign == 0:
                kept.append(factor)
            else:
                sign *= factor_sign
    core = sympy.cancel(first / common) + sympy.cancel(second / common) * sympy.sqrt(radicand)
    reduced = sign * sympy.Mul(*kept) * core
    return bool(reduced >= 0) if reduced.is_number else reduced


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

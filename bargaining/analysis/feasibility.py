"""Which conditions on the parameters can hold together inside their box.

:class:`Feasibility` serves the symbolic backward induction of
:mod:`bargaining.analysis.parametric_tree`: it simplifies each best-reply condition over the
box (dropping factors of known sign, remembering where one can still be zero), and proves
combinations of conditions empty: a condition false on the whole box, two opposite conditions,
one parameter's conditions leaving no interval, or affine conditions with no common point (a
linear program's Farkas certificate, checked in rational arithmetic).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from fractions import Fraction

import numpy as np
import sympy

from bargaining.analysis.conditions import Box, sign_on_box
from bargaining.solvers.parametric import TieSurface

__all__ = ["Feasibility"]


class Feasibility:
    """Conditions over the box, with caches: most comparisons recur in many combinations."""

    def __init__(self, box: Box) -> None:
        self.box = box
        self._analysed: dict[sympy.Expr, tuple[sympy.Expr | bool, tuple]] = {}
        self._signs: dict[sympy.Expr, int] = {}
        self._keys: dict[sympy.Expr, tuple[sympy.Expr, int]] = {}
        self._intervals: dict[sympy.Expr, sympy.Set | None] = {}
        self._linear: dict[sympy.Expr, tuple[dict, Fraction] | None] = {}
        self._empty: dict[frozenset, bool] = {}
        #: Conjunctions dropped as holding only on a lower-dimensional set.
        self.surfaces: dict[TieSurface, None] = {}
        self._witnesses: list[list[float]] = []  # interior points found, in _order
        self._order = sorted(box, key=lambda symbol: symbol.name)
        self._float_forms: dict[sympy.Expr, list[float]] = {}  # constant, then coefficients

    def simplify(self, condition: sympy.Expr) -> tuple[sympy.Expr | bool, tuple]:
        """``condition >= 0`` reduced over the box (True, False or the part that can change
        sign, as :func:`~bargaining.analysis.conditions.simplify_condition` reduces it), and
        the factors dropped from it that may still be zero on the box, each signed to be
        ``>= 0`` there (where one is zero the mover is indifferent).

        ``g`` and ``-g`` share one factorisation (a mover compares each pair of actions both
        ways)."""
        if condition == 0:
            return True, ()
        primitive, sign = self.key(condition)
        found = self._analysed.get(primitive)
        if found is None:
            found = self._analyse(primitive)
            self._analysed[primitive] = found
        reduced, dropped = found
        if sign < 0:
            reduced = (not reduced) if isinstance(reduced, bool) else -reduced
        return reduced, (() if reduced is False else dropped)

    def _analyse(self, condition: sympy.Expr) -> tuple[sympy.Expr | bool, tuple]:
        expression = condition
        if not condition.is_polynomial(*condition.free_symbols):
            expression = sympy.cancel(sympy.together(condition))
        numerator, denominator = sympy.fraction(expression)
        sign, kept, dropped = 1, [], []
        for part in (numerator, denominator):
            coefficient, factors = _factor_list(part)
            sign *= 1 if coefficient > 0 else -1
            for factor, exponent in factors:
                factor_sign = self.sign(factor)
                if exponent % 2 == 0:
                    # An even power is >= 0: it only touches zero, where the mover ties.
                    if part is numerator and factor_sign != 2:
                        dropped.append(factor**2)
                    continue
                if factor_sign == 0:
                    kept.append(factor)
                    continue
                sign *= 1 if factor_sign > 0 else -1
                if part is numerator and factor_sign != 2:
                    dropped.append(factor if factor_sign > 0 else -factor)  # >= 0, may be 0
        if not kept:
            reduced: sympy.Expr | bool = sign > 0
        elif sign > 0 and len(kept) == 1:
            reduced = sympy.expand(kept[0])
        else:
            reduced = sign * sympy.Mul(*kept)
        return reduced, tuple(dropped)

    def sign(self, factor: sympy.Expr) -> int:
        """A factor's sign on the box: 1 or -1 when known, 2 when provably positive
        everywhere on it (never zero), 0 when it changes sign or the test cannot tell."""
        found = self._signs.get(factor)
        if found is None:
            found = sign_on_box(factor, self.box)
            if found > 0 and self._positive(factor):
                found = 2
            self._signs[factor] = found
        return found

    def _positive(self, factor: sympy.Expr) -> bool:
        """Whether a factor is positive on the whole box, never zero: for a multilinear
        polynomial, whether it is positive at every corner (it takes its extremes there)."""
        if factor.is_number:
            return bool(factor > 0)
        symbols = sorted(factor.free_symbols, key=lambda symbol: symbol.name)
        if not set(symbols) <= set(self.box):
            return False
        try:
            polynomial = sympy.Poly(factor, *symbols)
        except sympy.PolynomialError:
            return False
        if any(degree > 1 for monomial in polynomial.monoms() for degree in monomial):
            return False
        corners = itertools.product(*(self.box[symbol] for symbol in symbols))
        return all(polynomial.eval(dict(zip(symbols, c, strict=True))) > 0 for c in corners)

    def key(self, condition: sympy.Expr) -> tuple[sympy.Expr, int]:
        """``(primitive part with a canonical sign, sign)``: equal keys with opposite signs are
        opposite conditions, equal keys with equal signs the same condition."""
        found = self._keys.get(condition)
        if found is None:
            _, primitive = sympy.expand(condition).as_content_primitive()
            if primitive.could_extract_minus_sign():
                found = (sympy.expand(-primitive), -1)
            else:
                found = (primitive, 1)
            self._keys[condition] = found
        return found

    def interval(self, condition: sympy.Expr) -> sympy.Set | None:
        """Where a condition in one parameter holds inside its range (None: not solvable)."""
        if condition in self._intervals:
            return self._intervals[condition]
        (symbol,) = condition.free_symbols
        low, high = self.box[symbol]
        try:
            region = sympy.solve_univariate_inequality(
                condition >= 0, symbol, relational=False, domain=sympy.Interval(low, high)
            )
        except (NotImplementedError, ValueError, TypeError):
            region = None
        self._intervals[condition] = region
        return region

    def combine(self, conditions: Iterable[sympy.Expr]) -> tuple[sympy.Expr, ...] | None:
        """The conjunction without repeats, or None when it holds nowhere inside the box
        (up to its boundary)."""
        kept: dict[tuple[sympy.Expr, int], sympy.Expr] = {}
        for condition in conditions:
            key = self.key(condition)
            if (key[0], -key[1]) in kept:
                return None  # g >= 0 and -g >= 0: only on the surface g = 0
            kept.setdefault(key, condition)
        result = tuple(kept.values())
        by_symbol: dict[sympy.Symbol, list[sympy.Expr]] = {}
        for condition in result:
            symbols = condition.free_symbols
            if len(symbols) == 1 and next(iter(symbols)) in self.box:
                by_symbol.setdefault(next(iter(symbols)), []).append(condition)
        for symbol, group in by_symbol.items():
            if len(group) < 2:
                continue
            low, high = self.box[symbol]
            region = sympy.Interval(low, high)
            for condition in group:
                solved = self.interval(condition)
                if solved is None:
                    break
                region &= solved
            else:
                if region.is_empty or region.measure == 0:
                    return None
        if self.linear_empty(result):
            return None
        return result

    def linear(self, condition: sympy.Expr) -> tuple[dict, Fraction] | None:
        """``condition`` as ``(coefficients, constant)`` with exact rational values when it is
        affine in the parameters (None otherwise)."""
        if condition in self._linear:
            return self._linear[condition]
        found = None
        symbols = condition.free_symbols
        if symbols and symbols <= set(self.box):
            try:
                polynomial = sympy.Poly(condition, *sorted(symbols, key=lambda s: s.name))
            except sympy.PolynomialError:
                polynomial = None
            if (
                polynomial is not None
                and polynomial.total_degree() <= 1
                and (polynomial.domain.is_ZZ or polynomial.domain.is_QQ)
            ):
                coefficients, constant = {}, Fraction(0)
                for monomial, coefficient in polynomial.terms():
                    value = Fraction(int(coefficient.p), int(coefficient.q))
                    if any(monomial):
                        coefficients[polynomial.gens[monomial.index(1)]] = value
                    else:
                        constant = value
                found = (coefficients, constant)
                scale = max(abs(float(v)) for v in (*coefficients.values(), constant)) or 1.0
                self._float_forms[condition] = [float(constant) / scale] + [
                    float(coefficients.get(s, 0)) / scale for s in self._order
                ]
        self._linear[condition] = found
        return found

    def linear_empty(self, conditions: tuple[sympy.Expr, ...]) -> bool:
        """Whether the affine conditions among ``conditions`` hold together nowhere in the
        interior of the box, proved exactly (see :func:`_farkas`). Where they still hold on a
        lower-dimensional set, the conjunction is recorded as a tie surface: an equilibrium
        may exist just there, and points on it are solved directly. Without a proof (nonlinear
        conditions, or an inexact certificate), the conjunction is kept."""
        affine = [(c, self.linear(c)) for c in conditions]
        affine = [(c, form) for c, form in affine if form is not None]
        if len(affine) < 2 or len({s for _, (coefficients, _) in affine for s in coefficients}) < 2:
            return False  # one-parameter and single conditions are decided exactly elsewhere
        key = frozenset(c for c, _ in affine)
        if key not in self._empty:
            forms = [form for _, form in affine]
            if self._witnessed([c for c, _ in affine]):
                self._empty[key] = False
                return False
            verdict, witness = _farkas(forms, self.box)
            if witness is not None:
                self._witnesses.append([witness.get(s, 0.0) for s in self._order])
                del self._witnesses[:-_WITNESSES]
            if verdict == "thin":
                self.surfaces.setdefault(TieSurface(tuple(conditions)), None)
            self._empty[key] = verdict is not None
        return self._empty[key]

    def _witnessed(self, conditions: list[sympy.Expr]) -> bool:
        """Whether a point found for an earlier conjunction satisfies these conditions with
        room to spare: then they hold on an open set, and no linear program is needed."""
        if not self._witnesses:
            return False
        matrix = np.array([self._float_forms[c] for c in conditions])  # (conditions, 1 + n)
        values = np.array(self._witnesses) @ matrix[:, 1:].T + matrix[:, 0]
        return bool(np.any(np.all(values > 1e-9, axis=1)))


_WITNESSES = 64  # interior points kept for the quick test before a linear program


def _farkas(
    forms: list[tuple[dict, Fraction]], box: Box
) -> tuple[str | None, dict[sympy.Symbol, float] | None]:
    """Whether ``g_i(x) >= 0`` for all i has no solution in the box (``"empty"``) or none in
    its interior (``"thin"``: only on a lower-dimensional set), with an exactly checked
    certificate; None without one. ``forms`` are the affine ``g_i`` as (coefficients, constant).
    Second: a point where every ``g_i`` is positive, when the program finds one.

    The linear program: maximise ``t`` subject to ``g_i(x) / |g_i| >= t``, ``x`` in the box.
    Its dual values ``y >= 0`` give ``h = sum y_i g_i / |g_i|``. If the maximum of ``h`` over the
    box, computed exactly from the rounded ``y``, is negative, no point satisfies every
    condition; if it is zero, every point that does makes the ``g_i`` with ``y_i > 0`` zero.
    """
    symbols = sorted({s for coefficients, _ in forms for s in coefficients}, key=lambda s: s.name)
    scales = [
        max(abs(float(v)) for v in (*coefficients.values(), constant)) or 1.0
        for coefficients, constant in forms
    ]
    # Variables: x (one per symbol), then t. Minimise -t.
    objective = np.zeros(len(symbols) + 1)
    objective[-1] = -1.0
    rows = []
    right = []
    for (coefficients, constant), scale in zip(forms, scales, strict=True):
        # t - g_i(x)/scale <= 0  <=>  -c.x/scale + t <= constant/scale
        rows.append([-float(coefficients.get(s, 0)) / scale for s in symbols] + [1.0])
        right.append(float(constant) / scale)
    bounds = [(float(box[s][0]), float(box[s][1])) for s in symbols] + [(None, 1.0)]
    from scipy.optimize import linprog  # on use: 0.3 s to import, and sweeps never get here

    try:
        solved = linprog(
            objective, A_ub=np.array(rows), b_ub=np.array(right), bounds=bounds, method="highs"
        )
    except ValueError:
        return None, None
    if solved.status != 0:
        return None, None
    if -solved.fun > 1e-9:  # an interior point: keep
        return None, dict(zip(symbols, map(float, solved.x[:-1]), strict=True))
    multipliers = [
        Fraction(max(0.0, -m)).limit_denominator(10**9) for m in solved.ineqlin.marginals
    ]
    if not any(multipliers):
        return None, None
    total = {s: Fraction(0) for s in symbols}
    constant_total = Fraction(0)
    for y, (coefficients, constant), scale in zip(multipliers, forms, scales, strict=True):
        weight = y / Fraction(scale)
        for s, c in coefficients.items():
            total[s] += weight * c
        constant_total += weight * constant
    highest = constant_total + sum(
        max(c * Fraction(box[s][0]), c * Fraction(box[s][1])) for s, c in total.items()
    )
    if highest < 0:
        return "empty", None
    if highest == 0:
        return "thin", None
    return None, None


def _factor_list(expression: sympy.Expr) -> tuple[sympy.Expr, list[tuple[sympy.Expr, int]]]:
    """``sympy.factor_list``, without its costly irreducibility proof where a cheap one exists.

    A primitive polynomial of degree 1 in some parameter ``x``, whose coefficient of ``x`` is a
    nonzero constant, has no proper factor: in a product, the factor free of ``x`` would
    divide that constant. Monomial factors (``L*W*(...)``) are split off first.
    """
    symbols = sorted(expression.free_symbols, key=lambda symbol: symbol.name)
    try:
        polynomial = sympy.Poly(expression, *symbols)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return sympy.factor_list(expression)
    exponents, rest = polynomial.terms_gcd()
    coefficient, rest = rest.primitive()
    terms = rest.terms()
    for position in range(len(symbols)):
        linear = [monomial for monomial, _ in terms if monomial[position] == 1]
        degree_one = all(monomial[position] <= 1 for monomial, _ in terms)
        if degree_one and len(linear) == 1 and sum(linear[0]) == 1:
            if rest.LC() < 0:
                coefficient, rest = -coefficient, -rest
            monomials = [(s, power) for s, power in zip(symbols, exponents, strict=True) if power]
            return coefficient, [*monomials, (rest.as_expr(), 1)]
    return sympy.factor_list(expression)

"""Conditions ``g(theta) >= 0`` over a box of parameter values: simplification and display.

A condition from the parametric solver is a rational function ``g = n / d`` of the parameters,
meaning ``g >= 0``. Over the box ``low <= theta <= high`` many of the factors of ``n`` and ``d``
have a known sign (a cost is positive, ``1 + r`` is positive), and dropping them leaves the part
that can actually change sign: the *boundary* of the region. The sign test is exact and
conservative: substituting ``theta = (low + high s) / (1 + s)`` maps ``s >= 0`` onto
``[low, high)``; a polynomial whose image (times a positive power of ``1 + s``) has only
nonnegative coefficients is nonnegative on the box. What the test cannot decide is kept.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import sympy

from bargaining.budget import Budget
from bargaining.numeric_code import numeric_function
from bargaining.rational_functions import RationalFunction, RationalFunctions

__all__ = [
    "Box",
    "condition_relation",
    "condition_text",
    "sign_on_box",
    "simplify_condition",
    "touches_zero_at_corner",
]

Box = Mapping[sympy.Symbol, tuple[sympy.Rational, sympy.Rational]]
"""Symbol -> (low, high), exact."""


def _box_substitution(symbols, box: Box) -> tuple[dict, list[sympy.Symbol]]:
    substitution, fresh = {}, []
    for symbol in symbols:
        if symbol not in box:
            continue
        low, high = box[symbol]
        s = sympy.Dummy(f"s_{symbol.name}", nonnegative=True)
        substitution[symbol] = (low + high * s) / (1 + s)
        fresh.append(s)
    return substitution, fresh


def sign_on_box(factor: sympy.Expr, box: Box) -> int:
    """``1`` if ``factor >= 0`` on the box, ``-1`` if ``factor <= 0``, ``0`` if not decided.

    Cheap tests first: the symbols' assumptions; then the sign at the box's corners (mixed
    signs settle it at once); then exact bounds on the polynomial in box coordinates.

    >>> L = sympy.Symbol("L")
    >>> box = {L: (sympy.Integer(0), sympy.Integer(1))}
    >>> sign_on_box(2 - L, box), sign_on_box(L - 2, box), sign_on_box(L - sympy.Rational(1, 2), box)
    (1, -1, 0)
    """
    if factor.is_number:
        value = sympy.sign(factor)
        return int(value) if value.is_number else 0
    field = RationalFunctions.over(factor.free_symbols)
    element = field.of(factor) if field is not None else None
    # A factor seen to take both signs is neither >= 0 nor <= 0 under any assumption: asking
    # sympy's (slow) assumptions would only say so again.
    if element is None or not element.takes_both_signs():
        if factor.is_nonnegative:
            return 1
        if factor.is_nonpositive:
            return -1
    symbols = sorted(factor.free_symbols, key=lambda symbol: symbol.name)
    if not set(symbols) <= set(box):
        return 0
    corner_signs = _corner_signs(factor, symbols, box, element)
    if corner_signs == {1, -1} or len(corner_signs) != 1:
        return 0
    candidate = corner_signs.pop()
    oriented = factor if candidate > 0 else -factor
    oriented_element = None if element is None else element if candidate > 0 else -element
    if _nonnegative_by_unit_bound(oriented, symbols, box, oriented_element):
        return candidate
    if len(symbols) <= 3 and _nonnegative_by_projection(oriented, symbols, box):
        return candidate
    return 0


def _corner_signs(
    factor: sympy.Expr, symbols: list, box: Box, element: RationalFunction | None, limit: int = 256
) -> set[int]:
    """Signs (+1/-1) of the factor at the box's corners (or the first ``limit`` of them):
    exact where it is a rational function over Q (``element``), in floating point otherwise."""
    if element is not None:
        return element.corner_signs(box, symbols, limit) or set()
    corners = itertools.islice(itertools.product(*(box[s] for s in symbols)), limit)
    function = numeric_function(symbols, factor, "math")
    signs = set()
    for corner in corners:
        try:
            value = function(*(float(v) for v in corner))
        except (ZeroDivisionError, OverflowError, ValueError):
            return set()
        if value > 0:
            signs.add(1)
        elif value < 0:
            signs.add(-1)
    return signs


def touches_zero_at_corner(factor: sympy.Expr, box: Box, *, budget: Budget | None = None) -> bool:
    """Whether ``factor`` is exactly zero at some corner of the box (in its symbols in the box).

    A factor linear in the box's symbols takes its least and greatest values at corners and
    they are found one symbol at a time, so its answer is exact without visiting the ``2^k``
    corners when its sign on the box is known (zero is then the least or the greatest value).
    Otherwise the corners are visited one at a time, for at most ``budget.max_symbols``
    symbols (:class:`~bargaining.budget.BudgetExceeded` beyond).

    >>> L, W = sympy.symbols("L W")
    >>> box = {L: (sympy.Integer(0), sympy.Integer(1)), W: (sympy.Integer(1), sympy.Integer(2))}
    >>> touches_zero_at_corner(L + W - 1, box), touches_zero_at_corner(L + W, box)
    (True, False)
    >>> touches_zero_at_corner((L - 1) * W, box)
    True
    """
    symbols = sorted(factor.free_symbols & set(box), key=lambda symbol: symbol.name)
    linear = _linear_extremes(factor, symbols, box)
    if linear is not None:
        least, greatest = linear
        if least == 0 or greatest == 0:
            return True
        if least > 0 or greatest < 0:
            return False
    budget = budget if budget is not None else Budget.from_environment()
    budget.check_size(
        "max_symbols", len(symbols), f"checking the corners of {factor} ({len(symbols)} parameters)"
    )
    for corner in itertools.product(*(box[symbol] for symbol in symbols)):
        if factor.xreplace(dict(zip(symbols, corner, strict=True))) == 0:
            return True
    return False


def _linear_extremes(factor: sympy.Expr, symbols: list, box: Box) -> tuple | None:
    """The least and greatest values of a factor linear in ``symbols`` (numeric coefficients,
    no other symbols) over the box; None for any other factor."""
    if factor.free_symbols - set(symbols):
        return None
    try:
        polynomial = sympy.Poly(factor, *symbols) if symbols else None
    except sympy.PolynomialError:
        return None
    if polynomial is None or polynomial.total_degree() > 1:
        return None
    least = greatest = polynomial.coeff_monomial(1)
    for symbol in symbols:
        ends = [polynomial.coeff_monomial(symbol) * end for end in box[symbol]]
        least, greatest = least + min(ends), greatest + max(ends)
    return least, greatest


def _nonnegative_by_unit_bound(
    factor: sympy.Expr, symbols: list, box: Box, element: RationalFunction | None
) -> bool:
    """With ``theta = low + (high - low) t`` and ``t`` in [0, 1]^k, every monomial in ``t``
    lies in [0, 1]: the constant term plus the negative coefficients bound the polynomial
    from below. FLINT computes it where the factor is a polynomial over Q (``element``)."""
    bound = None if element is None else element.unit_box_bound(box)
    if bound is not None:
        return bound >= 0
    substitution = {s: box[s][0] + (box[s][1] - box[s][0]) * sympy.Dummy() for s in symbols}
    fresh = [term.free_symbols.pop() for term in (v - box[s][0] for s, v in substitution.items())]
    try:
        polynomial = sympy.Poly(sympy.expand(factor.xreplace(substitution)), *fresh)
    except sympy.PolynomialError:
        return False
    terms = polynomial.terms()
    constant = sum(c for monomial, c in terms if not any(monomial))
    negative = sum(c for monomial, c in terms if any(monomial) and c < 0)
    return constant + negative >= 0


def _nonnegative_by_projection(factor: sympy.Expr, symbols: list, box: Box) -> bool:
    """``theta = (low + high s) / (1 + s)`` maps ``s >= 0`` onto ``[low, high)``: a numerator
    with only nonnegative coefficients in ``s`` is nonnegative on the box."""
    substitution, fresh = _box_substitution(symbols, box)
    numerator, denominator = sympy.fraction(
        sympy.cancel(sympy.together(factor.xreplace(substitution)))
    )
    try:
        coefficients = sympy.Poly(numerator * denominator, *fresh).coeffs()
    except sympy.PolynomialError:
        return False
    return all(c >= 0 for c in coefficients)


def simplify_condition(condition: sympy.Expr, box: Box) -> sympy.Expr | bool:
    """Reduce ``condition >= 0`` to ``h >= 0`` with only the factors that can change sign.

    Returns ``True`` when it holds on the whole box, ``False`` when it holds nowhere in its
    interior, otherwise the reduced expression ``h``.

    >>> L, c = sympy.symbols("L c")
    >>> box = {L: (sympy.Integer(0), sympy.Integer(1)), c: (sympy.Integer(1), sympy.Integer(2))}
    >>> simplify_condition((c - L) * (c + 1), box)
    True
    >>> simplify_condition((1 - 2 * L) / (c + L), box)
    1 - 2*L
    """
    coefficient, factors = _factored(condition)
    sign = 1 if coefficient > 0 else -1 if coefficient < 0 else 0
    kept = []
    for factor, exponent in factors:
        if exponent % 2 == 0:
            continue  # an even power is >= 0: it only touches zero on a boundary
        factor_sign = sign_on_box(factor, box)
        if factor_sign == 0:
            kept.append(factor)
        else:
            sign *= factor_sign
    if sign == 0:
        return True  # the numerator is identically zero: 0 >= 0
    if not kept:
        return sign > 0
    product = sympy.Mul(*kept)
    return sympy.expand(product) if sign > 0 and len(kept) == 1 else sign * product


def _factored(condition: sympy.Expr) -> tuple[sympy.Expr, list[tuple[sympy.Expr, int]]]:
    """``(c, [(f, e), ...])``: the condition is ``c`` times the product of the ``f**e``, the
    numerator's factors with positive exponents and the denominator's with negative ones;
    FLINT factors a rational function over Q (:mod:`bargaining.rational_functions`), sympy
    anything else."""
    field = RationalFunctions.over(condition.free_symbols)
    element = field.of(condition) if field is not None else None
    if element is not None:
        return element.factors()
    coefficient, found = sympy.Integer(1), []
    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(condition)))
    for part, power in ((numerator, 1), (denominator, -1)):
        try:
            part_coefficient, factors = sympy.factor_list(part)
        except sympy.PolynomialError:  # not a polynomial in anything (sqrt(L) over a number)
            part_coefficient, factors = (part, []) if part.is_number else (1, [(part, 1)])
        coefficient *= part_coefficient**power
        found += [(factor, power * exponent) for factor, exponent in factors]
    return coefficient, found


def condition_text(condition: sympy.Expr, box: Box | None = None, *, latex: bool = False) -> str:
    """``condition >= 0`` as a readable inequality, solved for a parameter where it is linear
    in one whose coefficient has a known sign on the box.

    >>> L, c = sympy.symbols("L c")
    >>> box = {L: (sympy.Integer(0), sympy.Integer(1)), c: (sympy.Integer(1), sympy.Integer(2))}
    >>> condition_text(c - 2 * L, box)
    'L <= c/2'
    """
    box = box or {}
    relation = condition_relation(condition, box)
    if latex:
        return sympy.latex(relation)
    return str(relation)


def condition_relation(condition: sympy.Expr, box: Box) -> sympy.Rel:
    """``condition >= 0`` as a sympy relation, solved for the first parameter (by name) in
    which it is linear with a coefficient of known sign on the box; ``condition >= 0`` as it
    is otherwise. :func:`condition_text` prints it.

    >>> L, c = sympy.symbols("L c")
    >>> box = {L: (sympy.Integer(0), sympy.Integer(1)), c: (sympy.Integer(1), sympy.Integer(2))}
    >>> condition_relation(c - 2 * L, box)
    L <= c/2
    >>> condition_relation(L**2 - c**2, box)
    L**2 - c**2 >= 0
    """
    for symbol in sorted(condition.free_symbols, key=lambda s: s.name):
        polynomial = sympy.Poly(condition, symbol) if condition.is_polynomial(symbol) else None
        if polynomial is None or polynomial.degree() != 1:
            continue
        slope, intercept = polynomial.all_coeffs()
        slope_sign = sign_on_box(slope, box)
        if slope_sign == 0 or slope == 0:
            continue
        bound = sympy.factor(sympy.cancel(-intercept / slope))
        return sympy.Ge(symbol, bound) if slope_sign > 0 else sympy.Le(symbol, bound)
    return sympy.Ge(condition, 0)

"""Real roots of one-variable conditions inside an interval, exact where possible and certified
where not (part of the numbers layer: it needs nothing but sympy, and games, solvers and
analysis all use it).

A condition of a parametric solution, with every parameter but one fixed, is a function of one
symbol. Its zeros are where the set of equilibria can change. Three cases:

* a rational function with rational coefficients: the roots of the numerator's irreducible
  factors, as radicals where those are short and real (degree <= 4) and as ``CRootOf``
  otherwise (both exact, both ordered by their isolating intervals);
* algebraic coefficients (``L - (sqrt(5) - 1)/2``, which sympy cannot isolate directly): the
  numerator's *norm* (the product of its conjugates over the number field of its
  coefficients, a polynomial with rational coefficients) has every root of the
  numerator among its roots; each real root of the norm is kept when the numerator changes sign
  across an isolating interval of the norm, which proves it is a root of the numerator (the
  interval holds no other root of the norm, hence none other of the numerator);
* radicals of the variable (``sqrt(1 - u**2/4)``, ``u**(3/2)``): each radical is named ``y``
  with ``y**q = base`` and eliminated by resultants, which gives a polynomial with rational
  coefficients whose roots include the expression's; its real roots are kept where the
  expression changes sign across an isolating interval, as for algebraic coefficients;
* anything else (``exp(L)``): sign changes on a grid, refined by Brent's method,
  then certified with interval arithmetic (``mpmath.iv``): a sign change at the ends of a small
  interval on which the derivative's enclosure excludes zero holds exactly one root. Such roots
  are floats and say so (``exact`` is ``False``; ``certified`` says whether the proof went
  through).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.numeric_code import numeric_function

__all__ = ["IsolatedRoot", "isolate_real_roots"]

#: Radicals longer than this (sympy operation count) are shown as ``CRootOf`` instead.
_SHORT_RADICAL = 40
#: Digits used to decide signs of algebraic numbers at rational points.
_DIGITS = 50


@dataclass(frozen=True)
class IsolatedRoot:
    """A real root of a one-parameter condition.

    Attributes
    ----------
    value:
        The root: a sympy rational, radical or ``CRootOf`` when exact, a ``Float`` otherwise.
    enclosure:
        Rationals ``(a, b)`` with the root in ``[a, b]`` and no other root of the condition there.
    exact:
        Whether ``value`` is the exact root.
    certified:
        Whether the enclosure is proven to hold exactly one root (always so when exact).
    key:
        Identifies the root across conditions: ``(irreducible factor, index)`` when exact.
    """

    value: sympy.Expr
    enclosure: tuple[Fraction, Fraction]
    exact: bool
    certified: bool
    key: object

    def __float__(self) -> float:
        return float(self.value)


def isolate_real_roots(
    expression: sympy.Expr, symbol: sympy.Symbol, low: object, high: object
) -> list[IsolatedRoot]:
    """Real roots of ``expression`` (in ``symbol`` only) strictly inside ``(low, high)``, sorted.

    Parameters
    ----------
    expression:
        A sympy expression whose only free symbol is ``symbol`` (others: no roots returned).
    symbol:
        The variable.
    low, high:
        The interval's ends (exact or float).

    Examples
    --------
    >>> L = sympy.Symbol("L")
    >>> [r.value for r in isolate_real_roots(L - (sympy.sqrt(5) - 1) / 2, L, 0, 1)]
    [-1/2 + sqrt(5)/2]
    >>> [r.value for r in isolate_real_roots(L**5 - L - sympy.Rational(1, 10), L, 0, 2)]
    [CRootOf(10*x**5 - 10*x - 1, 2)]
    >>> root, = isolate_real_roots(sympy.sqrt(L) - sympy.Rational(1, 3) - L / 2, L, 0, 1)
    >>> root.value, round(float(root), 6)
    (4/3 - 2*sqrt(3)/3, 0.178633)
    >>> root, = isolate_real_roots(sympy.exp(L) - 2, L, 0, 1)
    >>> root.exact, root.certified, round(float(root), 6)
    (False, True, 0.693147)
    """
    low_q, high_q = _rational(low), _rational(high)
    numerator, _ = sympy.fraction(sympy.cancel(sympy.together(expression)))
    if numerator.free_symbols != {symbol}:
        return []
    try:
        polynomial = sympy.Poly(numerator, symbol)
    except sympy.PolynomialError:
        eliminated = _eliminate_radicals(numerator, symbol)
        if eliminated is None:
            return _certified_numeric(numerator, symbol, low_q, high_q)
        return _roots_among(numerator, eliminated, symbol, low_q, high_q)
    domain = polynomial.get_domain()
    if domain.is_RR:
        coefficients = [_rational(c) for c in polynomial.all_coeffs()]
        polynomial = sympy.Poly([sympy.Rational(c) for c in coefficients], symbol)
    elif not (domain.is_ZZ or domain.is_QQ):
        return _algebraic_roots(polynomial, symbol, low_q, high_q)
    roots = []
    for factor, _ in polynomial.factor_list()[1]:
        roots += _factor_roots(factor, low_q, high_q)
    return sorted(roots, key=lambda r: r.enclosure)


def _rational(value: object) -> Fraction:
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, float | sympy.Float):
        return Fraction(repr(float(value)))
    return Fraction(value) if isinstance(value, int | Fraction) else Fraction(float(value))


def _factor_roots(factor: sympy.Poly, low: Fraction, high: Fraction) -> list[IsolatedRoot]:
    """The real roots of an irreducible rational polynomial inside (low, high)."""
    factor = factor.monic()
    intervals = factor.intervals()
    exact = sympy.polys.rootoftools.CRootOf.real_roots(factor, radicals=False)
    radicals = _short_radicals(factor, len(exact))
    roots = []
    for index, (((a, b), _), root) in enumerate(zip(intervals, exact, strict=True)):
        a, b = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
        # exact comparison: sympy refines the root's interval as far as needed
        if not (_sympy_rational(low) < root < _sympy_rational(high)):
            continue
        value = radicals[index] if radicals else root
        roots.append(IsolatedRoot(value, (a, b), True, True, (factor.as_expr(), index)))
    return roots


def _sympy_rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _short_radicals(factor: sympy.Poly, count: int) -> list[sympy.Expr] | None:
    """The real roots in radicals, sorted, when all are real radicals and short."""
    if factor.degree() > 4 or count == 0:
        return None
    if factor.degree() <= 2:
        return list(sympy.polys.rootoftools.CRootOf.real_roots(factor, radicals=True))
    try:
        found = sympy.roots(factor, cubics=True, quartics=True, multiple=True)
    except (NotImplementedError, sympy.PolynomialError):
        return None
    real = [r for r in found if not r.has(sympy.I) and r.is_real is not False]
    if len(real) != count or any(sympy.count_ops(r) > _SHORT_RADICAL for r in real):
        return None
    return sorted(real, key=lambda r: sympy.N(r, _DIGITS))


def _norm(polynomial: sympy.Poly, symbol: sympy.Symbol) -> sympy.Poly | None:
    """The product of the polynomial's conjugates over the field its coefficients generate: a
    polynomial with rational coefficients whose roots include the polynomial's roots."""
    try:
        norm = sympy.Poly(polynomial.as_expr(), symbol, extension=True).norm()
    except (NotImplementedError, sympy.PolynomialError, sympy.polys.polyerrors.DomainError):
        return None
    if not (norm.get_domain().is_ZZ or norm.get_domain().is_QQ) or norm.degree() < 1:
        return None
    return norm


def _algebraic_roots(
    polynomial: sympy.Poly, symbol: sympy.Symbol, low: Fraction, high: Fraction
) -> list[IsolatedRoot]:
    norm = _norm(polynomial, symbol)
    if norm is None:
        return _certified_numeric(polynomial.as_expr(), symbol, low, high)
    return _roots_among(polynomial.as_expr(), norm, symbol, low, high)


def _eliminate_radicals(expression: sympy.Expr, symbol: sympy.Symbol) -> sympy.Poly | None:
    """A polynomial with rational coefficients whose roots include those of ``expression``,
    whose only non-polynomial parts are rational powers (of polynomials in ``symbol`` or of
    numbers)."""
    radicals: dict[sympy.Expr, int] = {}
    # constant radicals (sqrt(6)) are eliminated too: resultants over the rationals are fast,
    # over sympy's domain of algebraic expressions they are not
    for atom in expression.atoms(sympy.Pow):
        if atom.exp.is_Rational and not atom.exp.is_Integer:
            radicals[atom.base] = sympy.ilcm(radicals.get(atom.base, 1), atom.exp.q)
    if not radicals:
        return None
    relations = []
    for base, q in radicals.items():
        y = sympy.Dummy("y")
        expression = expression.replace(
            lambda e, base=base: e.is_Pow and e.base == base and e.exp.is_Rational,
            lambda e, base=base, q=q, y=y: y ** int(e.exp * q),
        )
        relations.append((y, y**q - base))
    numerator = sympy.fraction(sympy.together(expression))[0]
    for y, relation in relations:
        numerator = sympy.resultant(sympy.expand(numerator), relation, y)
    try:
        polynomial = sympy.Poly(sympy.expand(numerator), symbol)
    except sympy.PolynomialError:
        return None
    domain = polynomial.get_domain()
    if not (domain.is_ZZ or domain.is_QQ) or polynomial.degree() < 1:
        return None
    return polynomial


def _roots_among(
    expression: sympy.Expr,
    polynomial: sympy.Poly,
    symbol: sympy.Symbol,
    low: Fraction,
    high: Fraction,
) -> list[IsolatedRoot]:
    """The roots of ``expression`` among the real roots of a rational ``polynomial`` that has
    all of them: intervals of the whole square-free polynomial isolate each of its roots from
    all the others, so a sign change of ``expression`` across one proves the root there is its
    root; no sign change: not a root (or one of even multiplicity, which changes no sign)."""
    candidates = [
        root
        for factor, _ in polynomial.factor_list()[1]
        for root in _factor_roots(factor, low, high)
    ]
    roots = []
    # tight intervals, so that their ends stay where a radical of the variable is real
    for (a, b), _ in polynomial.sqf_part().intervals(eps=Fraction(1, 10**12)):
        a, b = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
        if not (low < b and a < high):
            continue
        if a == b:
            signs_differ = sympy.simplify(expression.subs(symbol, _sympy_rational(a))) == 0
        else:
            signs_differ = _sign_at(expression, symbol, a) * _sign_at(expression, symbol, b) < 0
        if not signs_differ:
            continue
        for root in candidates:
            if _sympy_rational(a) <= root.value <= _sympy_rational(b):
                roots.append(IsolatedRoot(root.value, (a, b), True, True, root.key))
                break
    return sorted(roots, key=lambda r: r.enclosure)


def _sign_at(expression: sympy.Expr, symbol: sympy.Symbol, point: Fraction) -> int:
    """The sign of ``expression`` at a rational point; 0 where it is not real there."""
    value = sympy.N(expression.subs(symbol, _sympy_rational(point)), _DIGITS)
    if value.is_real is not True:
        return 0
    return int(bool(value > 0)) - int(bool(value < 0))


def _certified_numeric(
    expression: sympy.Expr, symbol: sympy.Symbol, low: Fraction, high: Fraction
) -> list[IsolatedRoot]:
    import numpy as np
    from scipy.optimize import brentq

    compiled = numeric_function(symbol, expression, "numpy")

    def function(x):
        # numpy floats, not Python ones: 0.0**-1 is inf there, a ZeroDivisionError here.
        with np.errstate(all="ignore"):
            return np.asarray(compiled(np.asarray(x, dtype=float)), dtype=float) * np.ones_like(x)

    grid = np.linspace(float(low), float(high), 2001)
    values = function(grid)
    enclosure = _interval_function(expression, symbol)
    derivative = _interval_function(sympy.diff(expression, symbol), symbol)
    roots = []
    finite = np.isfinite(values[:-1]) & np.isfinite(values[1:])
    for i in np.flatnonzero(finite & (np.sign(values[:-1]) * np.sign(values[1:]) < 0)):
        value = brentq(lambda x: float(function(x)), grid[i], grid[i + 1], xtol=1e-15)
        a, b = Fraction(grid[i]), Fraction(grid[i + 1])
        certified = _one_root_proven(enclosure, derivative, a, b)
        roots.append(
            IsolatedRoot(sympy.Float(value, 15), (a, b), False, certified, round(value, 12))
        )
    return roots


def _one_root_proven(enclosure, derivative, a: Fraction, b: Fraction) -> bool:
    """Interval arithmetic: the function has opposite signs at ``a`` and ``b`` and its
    derivative keeps one sign on ``[a, b]``, so exactly one root lies there."""
    import mpmath

    if enclosure is None or derivative is None:
        return False
    try:
        # a constant comes back as a plain number
        left, right = (mpmath.iv.mpf(enclosure(mpmath.iv.mpf(float(x)))) for x in (a, b))
        slope = mpmath.iv.mpf(derivative(mpmath.iv.mpf([float(a), float(b)])))
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError, AttributeError):
        return False
    opposite = (left.b < 0 < right.a) or (right.b < 0 < left.a)
    return opposite and not (slope.a <= 0 <= slope.b)


def _interval_function(expression: sympy.Expr, symbol: sympy.Symbol):
    import mpmath

    try:
        return numeric_function(symbol, expression, [mpmath.iv, "mpmath"])
    except (TypeError, NameError, SyntaxError):
        return None

"""Exact real algebraic numbers: the probabilities of mixed equilibria of n-player games.

An equilibrium of a game with three or more players solves polynomial equations, so its
probabilities are algebraic numbers that are often irrational (McKelvey & McLennan 1997,
*The maximal number of regular totally mixed Nash equilibria*, JET 72). A
:class:`RealAlgebraic` is ``h(alpha)``: a rational polynomial ``h`` evaluated at ``alpha``, the
``index``-th real root (ascending) of an irreducible rational polynomial. All coordinates of one
solution of a support system live in one such field ``Q(alpha)`` (the shape lemma of a
Gröbner basis in lex order), so sums, products and quotients stay exact polynomial arithmetic
modulo the minimal polynomial. Signs are decided exactly: ``h(alpha)`` is zero only when ``h``
is zero modulo the irreducible polynomial, and otherwise rational interval arithmetic on an
isolating interval of ``alpha``, bisected until the enclosure of ``h`` excludes zero, proves the
sign (the interval method of Collins & Loos 1982, *Real zeros of polynomials*).

python-flint is imported only when a number is made, so ``import bargaining`` stays light.
"""

from __future__ import annotations

import itertools
import numbers
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargaining.errors import BargainingError

__all__ = ["RealAlgebraic", "algebraic_roots", "polynomial_value"]

_Rational = int | Fraction


def _flint() -> Any:
    import flint

    return flint


def _fraction(value: Any) -> Fraction:
    """A flint ``fmpq``/``fmpz`` (or Python number) as a Fraction."""
    if isinstance(value, int | Fraction):
        return Fraction(value)
    return Fraction(int(value.p), int(value.q)) if hasattr(value, "q") else Fraction(int(value))


def _evaluate(coefficients: list[Fraction], low: Fraction, high: Fraction) -> tuple:
    """An enclosure ``(lo, hi)`` of a polynomial (ascending coefficients) on ``[low, high]``.

    Horner's rule in exact rational interval arithmetic: each step multiplies an interval by
    ``[low, high]`` (the four endpoint products bound it) and adds a coefficient.
    """
    lo = hi = coefficients[-1] if coefficients else Fraction(0)
    for c in reversed(coefficients[:-1]):
        products = (lo * low, lo * high, hi * low, hi * high)
        lo, hi = min(products) + c, max(products) + c
    return lo, hi


@dataclass(frozen=True, eq=False)
class _Root:
    """The ``index``-th real root of an irreducible polynomial, with an isolating interval
    that :meth:`refined` narrows (the interval is a mutable cache: refining never changes the
    root it names)."""

    minpoly: Any  # flint fmpq_poly, irreducible, degree >= 2
    index: int
    interval: list = field(default_factory=list, compare=False)

    def refined(self) -> tuple[Fraction, Fraction]:
        """Halve the isolating interval once (exact bisection); return the new interval."""
        low, high = self.interval
        middle = (low + high) / 2
        value = _fraction(self.minpoly(_flint().fmpq(middle.numerator, middle.denominator)))
        if value == 0:  # pragma: no cover - an irreducible polynomial of degree >= 2
            raise BargainingError("a rational root of an irreducible polynomial")
        low_value = _fraction(self.minpoly(_flint().fmpq(low.numerator, low.denominator)))
        if (low_value < 0) == (value < 0):
            self.interval[0] = middle
        else:
            self.interval[1] = middle
        return self.interval[0], self.interval[1]


@dataclass(frozen=True, eq=False)
class RealAlgebraic:
    """An exact real algebraic number ``h(alpha)``, made by :func:`algebraic_roots`.

    Supports ``+ - * /`` with ints, fractions and numbers of the same field, exact comparisons
    (with any int, fraction or real algebraic number), ``float()``, and ``to_sympy()``
    (radicals for quadratics, ``CRootOf`` otherwise). Numbers are never rational: a rational
    result of arithmetic comes back as ``int`` or ``Fraction``.

    Examples
    --------
    >>> (root,) = [r for r in algebraic_roots([-2, 0, 1]) if r > 0]   # sqrt(2)
    >>> root
    RealAlgebraic(sqrt(2) ~ 1.41421)
    >>> root * root
    2
    >>> (root - 1) * (root + 1), 1 / root == root / 2, float(root / 2)
    (1, True, 0.7071067811865476)
    """

    root: _Root
    value: Any  # flint fmpq_poly of degree < deg(minpoly), not constant

    # -- construction -------------------------------------------------------------------------

    def _make(self, polynomial: Any) -> RealAlgebraic | int | Fraction:
        polynomial = polynomial % self.root.minpoly
        if polynomial.degree() <= 0:
            number = _fraction(polynomial[0]) if polynomial.degree() == 0 else Fraction(0)
            return number.numerator if number.denominator == 1 else number
        return RealAlgebraic(self.root, polynomial)

    def _lift(self, other: object) -> Any:
        """``other`` as a polynomial in this number's field, or None when it is not one."""
        flint = _flint()
        if isinstance(other, bool | np.bool_):
            return None
        if isinstance(other, numbers.Rational):  # ints, fractions and numpy integers
            other = Fraction(int(other.numerator), int(other.denominator))
            return flint.fmpq_poly([flint.fmpq(other.numerator, other.denominator)])
        if isinstance(other, RealAlgebraic):
            if _same_field(self, other):
                return other.value
            raise BargainingError(
                "arithmetic between algebraic numbers of different fields is not supported"
            )
        return None

    # -- arithmetic ---------------------------------------------------------------------------

    def __add__(self, other: object) -> Any:
        lifted = self._lift(other)
        return NotImplemented if lifted is None else self._make(self.value + lifted)

    __radd__ = __add__

    def __sub__(self, other: object) -> Any:
        lifted = self._lift(other)
        return NotImplemented if lifted is None else self._make(self.value - lifted)

    def __rsub__(self, other: object) -> Any:
        lifted = self._lift(other)
        return NotImplemented if lifted is None else self._make(lifted - self.value)

    def __mul__(self, other: object) -> Any:
        lifted = self._lift(other)
        return NotImplemented if lifted is None else self._make(self.value * lifted)

    __rmul__ = __mul__

    def __neg__(self) -> Any:
        return self._make(-self.value)

    def __pos__(self) -> RealAlgebraic:
        return self

    def __abs__(self) -> Any:
        return -self if self.sign() < 0 else self

    def _inverse(self) -> Any:
        # h is nonzero modulo the irreducible minpoly, so gcd(h, minpoly) = 1 = s h + t minpoly.
        _gcd, s, _t = self.value.xgcd(self.root.minpoly)
        return s

    def __truediv__(self, other: object) -> Any:
        lifted = self._lift(other)
        if lifted is None:
            return NotImplemented
        if lifted.is_zero():
            raise ZeroDivisionError("division of an algebraic number by zero")
        if lifted.degree() == 0:
            return self._make(self.value / lifted[0])
        inverse = RealAlgebraic(self.root, lifted % self.root.minpoly)._inverse()
        return self._make(self.value * inverse)

    def __rtruediv__(self, other: object) -> Any:
        lifted = self._lift(other)
        return NotImplemented if lifted is None else self._make(lifted * self._inverse())

    def __pow__(self, exponent: int) -> Any:
        if not isinstance(exponent, int):
            return NotImplemented
        if exponent < 0:
            return (1 / self) ** (-exponent)
        result: Any = 1
        for _ in range(exponent):
            result = result * self
        return result

    # -- signs and comparisons ----------------------------------------------------------------

    def enclosure(self) -> tuple[Fraction, Fraction]:
        """Rational bounds ``(low, high)`` on the number from the current isolating interval."""
        low, high = self.root.interval
        coefficients = [_fraction(c) for c in self.value.coeffs()]
        return _evaluate(coefficients, low, high)

    def sign(self) -> int:
        """-1 or 1, proven: bisect the root's interval until the enclosure excludes zero.

        An arb ball enclosure (flint's rigorous ball arithmetic) is tried before the exact
        rational one: it decides almost every sign at once, at a tenth of the cost.
        """
        while True:
            if ball := self._ball_sign():
                return ball
            low, high = self.enclosure()
            if low > 0:
                return 1
            if high < 0:
                return -1
            self.root.refined()

    def _ball_sign(self) -> int:
        """The sign of an arb ball holding the number (from the root's interval), or 0 when
        the ball holds zero too."""
        flint = _flint()
        low, high = (flint.arb(flint.fmpq(x.numerator, x.denominator)) for x in self.root.interval)
        value = flint.arb_poly(self.value)(low.union(high))
        return 1 if value > 0 else -1 if value < 0 else 0

    def _compare(self, other: object) -> int | None:
        """The sign of ``self - other``, or None when ``other`` is not a real number here."""
        if isinstance(other, RealAlgebraic) and not _same_field(self, other):
            return _compare_fields(self, other)
        if isinstance(other, float):
            return (float(self) > other) - (float(self) < other)
        difference = self - other if self._lift(other) is not None else NotImplemented
        if difference is NotImplemented:
            return None
        return difference.sign() if isinstance(difference, RealAlgebraic) else _sign(difference)

    def __eq__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result == 0

    def __lt__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result < 0

    def __le__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result <= 0

    def __gt__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result > 0

    def __ge__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result >= 0

    def __hash__(self) -> int:
        # Equal numbers may have different representations (fields), so hash by value rounded
        # well above the float error of __float__.
        return hash(round(float(self), 9))

    def __bool__(self) -> bool:
        return True  # never zero: a zero result of arithmetic comes back as the int 0

    # -- conversions --------------------------------------------------------------------------

    def __float__(self) -> float:
        while True:
            low, high = self.enclosure()
            if high - low <= abs(low + high) * Fraction(1, 2**60) or high - low < Fraction(
                1, 2**1000
            ):
                return float((low + high) / 2)
            self.root.refined()

    def to_sympy(self) -> Any:
        """The number as a sympy expression: radicals for quadratic fields, ``CRootOf`` else."""
        import sympy

        t = sympy.Symbol("t")
        minpoly = sympy.Poly([_to_sympy(c) for c in reversed(self.root.minpoly.coeffs())], t)
        alpha = sympy.rootof(minpoly, self.root.index, radicals=minpoly.degree() == 2)
        value = sum(_to_sympy(c) * alpha**k for k, c in enumerate(self.value.coeffs()) if c != 0)
        return sympy.radsimp(sympy.expand(value)) if minpoly.degree() == 2 else value

    def __str__(self) -> str:
        return str(self.to_sympy())

    def __repr__(self) -> str:
        return f"RealAlgebraic({self} ~ {float(self):.6g})"

    def to_json(self) -> dict[str, object]:
        """A JSON-ready description: ``minpoly`` and ``polynomial`` as ascending rational
        coefficients (strings), the real ``root_index``, the text and a float."""
        return {
            "minpoly": [str(_fraction(c)) for c in self.root.minpoly.coeffs()],
            "root_index": self.root.index,
            "polynomial": [str(_fraction(c)) for c in self.value.coeffs()],
            "text": str(self),
            "float": float(self),
        }

    @staticmethod
    def from_json(data: dict) -> RealAlgebraic | int | Fraction:
        """The inverse of :meth:`to_json` (the number is re-isolated from its polynomials)."""
        minpoly = [Fraction(str(c)) for c in data["minpoly"]]
        roots = algebraic_roots(minpoly)
        alpha = roots[int(data["root_index"])]
        result: Any = 0
        for k, c in enumerate(data["polynomial"]):
            result = result + Fraction(str(c)) * alpha**k
        return result


def _same_field(a: RealAlgebraic, b: RealAlgebraic) -> bool:
    return a.root is b.root or (a.root.index == b.root.index and a.root.minpoly == b.root.minpoly)


def _sign(value: _Rational) -> int:
    return (value > 0) - (value < 0)


def _to_sympy(value: Any) -> Any:
    import sympy

    number = _fraction(value)
    return sympy.Rational(number.numerator, number.denominator)


def _compare_fields(a: RealAlgebraic, b: RealAlgebraic) -> int:
    """Sign of ``a - b`` for numbers of different fields: separate their enclosures, after an
    exact equality test on sympy's minimal polynomial of the difference."""
    import sympy

    for _ in range(60):
        a_low, a_high = a.enclosure()
        b_low, b_high = b.enclosure()
        if a_high < b_low:
            return -1
        if b_high < a_low:
            return 1
        a.root.refined()
        b.root.refined()
    x = sympy.Symbol("x")
    if sympy.minimal_polynomial(a.to_sympy() - b.to_sympy(), x) == x:
        return 0
    while True:  # different, so some refinement separates them
        a.root.refined()
        b.root.refined()
        a_low, a_high = a.enclosure()
        b_low, b_high = b.enclosure()
        if a_high < b_low or b_high < a_low:
            return -1 if a_high < b_low else 1


def algebraic_roots(coefficients: list) -> list[RealAlgebraic | int | Fraction]:
    """The real roots of a rational polynomial, exactly, in ascending order.

    Rational roots come back as ``int``/``Fraction``, the others as :class:`RealAlgebraic`
    over their irreducible factor. Each root is listed once (multiplicities dropped).

    Parameters
    ----------
    coefficients:
        Ascending coefficients (ints or fractions), not all zero.

    Examples
    --------
    >>> algebraic_roots([2, -3, 1])            # (t - 1)(t - 2)
    [1, 2]
    >>> [float(r) for r in algebraic_roots([-1, -1, 1])]   # t**2 - t - 1
    [-0.6180339887498949, 1.618033988749895]
    """
    flint = _flint()
    fractions = [Fraction(c) for c in coefficients]
    polynomial = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in fractions])
    if polynomial.is_zero():
        raise BargainingError("the zero polynomial has every number as a root")
    roots: list[RealAlgebraic | int | Fraction] = []
    _content, factors = polynomial.factor()
    for factor, _multiplicity in factors:
        factor = flint.fmpq_poly(factor)
        if factor.degree() == 1:
            a, b = (_fraction(c) for c in factor.coeffs())
            root = -a / b
            roots.append(root.numerator if root.denominator == 1 else root)
            continue
        roots.extend(_irrational_roots(factor))
    return sorted(roots, key=_sort_key)


def polynomial_value(
    coefficients: list, alpha: RealAlgebraic | int | Fraction
) -> RealAlgebraic | int | Fraction:
    """``h(alpha)`` exactly, for ascending rational coefficients ``h``: one polynomial
    reduction modulo ``alpha``'s minimal polynomial rather than a Horner loop of field
    operations.

    >>> (root,) = [r for r in algebraic_roots([-2, 0, 1]) if r > 0]   # sqrt(2)
    >>> polynomial_value([1, 0, 3], root), polynomial_value([1, Fraction(1, 2)], 4)
    (7, 3)
    """
    fractions = [Fraction(c) for c in coefficients]
    if not isinstance(alpha, RealAlgebraic):
        value = Fraction(0)
        for c in reversed(fractions):
            value = value * alpha + c
        return value.numerator if value.denominator == 1 else value
    flint = _flint()
    h = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in fractions])
    return alpha._make(h(alpha.value))  # composition, then reduction in _make


def _sort_key(value: object) -> Fraction:
    if isinstance(value, RealAlgebraic):
        low, high = value.enclosure()
        while high - low > Fraction(1, 2**70):
            value.root.refined()
            low, high = value.enclosure()
        return low
    return Fraction(value)  # type: ignore[arg-type]


def _irrational_roots(factor: Any) -> list[RealAlgebraic]:
    """The real roots of an irreducible polynomial of degree >= 2, with isolating intervals.

    flint's certified complex root isolation (arb balls, real roots identified exactly) gives
    approximations; each is widened to a rational interval whose endpoints have opposite signs
    of the polynomial, and the intervals are disjoint and as many as the real roots, so each
    holds exactly one.
    """
    flint = _flint()
    integral = flint.fmpz_poly([int(c) for c in (factor * factor.denom()).coeffs()])
    monic = factor / factor.coeffs()[-1]
    balls = [ball.real for ball, _m in integral.complex_roots() if ball.imag == 0]
    roots = []
    for index, ball in enumerate(sorted(balls, key=lambda b: float(b.mid()))):
        middle = _arf(ball.mid())
        radius = _arf(ball.rad()) * 2 + Fraction(1, 2**200)
        low, high = middle - radius, middle + radius
        values = [_fraction(monic(flint.fmpq(x.numerator, x.denominator))) for x in (low, high)]
        if not values[0] * values[1] < 0:  # pragma: no cover - arb's balls are certified
            raise BargainingError("root isolation failed to certify an interval")
        roots.append(RealAlgebraic(_Root(monic, index, [low, high]), flint.fmpq_poly([0, 1])))
    for before, after in itertools.pairwise(roots):
        if not before.root.interval[1] < after.root.interval[0]:  # pragma: no cover
            raise BargainingError("root isolation gave overlapping intervals")
    return roots


def _arf(value: Any) -> Fraction:
    """An exact arb midpoint or radius as a Fraction."""
    flint = _flint()
    mantissa, exponent = flint.arb(value).mid().man_exp()
    mantissa, exponent = int(mantissa), int(exponent)
    return Fraction(mantissa * 2**exponent) if exponent >= 0 else Fraction(mantissa, 2**-exponent)

"""Support systems of n-player games that reduce to a quadratic: equilibria with one square root.

The indifference system of a support profile (McKelvey & McLennan 1996, Handbook of
Computational Economics 1, §6, eq. (6.1)) is solved over the field ``K`` of rational functions
of the parameters. When its reduced Gröbner basis in lex order is in *shape* form (the shape
lemma: Gianni & Mora 1989; Cox, Little & O'Shea 2015, *Ideals, Varieties, and Algorithms*,
ch. 3 §1 and ch. 2 §7)

    x_k - h_k(z)   (each other unknown),        f(z) = a z^2 + b z + c,

with ``a, b, c`` and the coefficients of ``h_k`` in ``K``, every solution is
``z = (-b ± sqrt(D)) / (2a)`` with ``D = b^2 - 4ac`` and ``x_k = h_k(z)``. ``D`` is written
``S^2 R`` with ``R`` a polynomial free of square factors, so each branch lives in the
quadratic extension ``K(sqrt(R))``, whose elements ``A + B sqrt(R)`` (:class:`Quadratic`) keep
every later step exact: expected payoffs, the gains of the strategies outside the support,
outcome probabilities. Where ``R`` is a square in ``K`` (``f`` splits) both roots are rational
functions and come back as two ordinary solutions.

The branches are taken where ``R > 0``: at ``R = 0`` they meet in a double root (the system is
not regular there, the game not generic), so ``R >= 0`` is one of each branch's conditions and
its zeros are boundaries, where :meth:`~bargaining.analysis.ParametricSolution.at` solves the
game directly. Where ``R < 0`` no other condition is compared: ``R`` is read from the branch's
square roots themselves, wherever (or whether) ``R >= 0`` stands among its conditions
(:func:`~bargaining.analysis.radical_conditions.radicand_sign`). The zeros of ``a``
and of the denominators of the basis are the branches' ``singular`` set: there a root runs off
to infinity or the basis does not specialise, and points are solved directly too. Elsewhere the
basis is taken to specialise, as for the rational Gröbner pieces (sympy's basis carries no
cofactors to prove it); the tests compare the pieces with the point solver at random points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

__all__ = ["Quadratic", "shape_solutions"]


@dataclass(frozen=True)
class Quadratic:
    """``a + b sqrt(radicand)``: an element of a quadratic extension of a field of rational
    functions, with ``radicand`` not a square in it.

    Supports ``+ - *`` with elements of the base field, integers and other elements of the
    same extension, and a nonzero test (``a`` and ``b`` both zero, as ``sqrt(radicand)`` is
    not in the base field).

    Examples
    --------
    >>> t = sympy.Symbol("t")
    >>> field = sympy.QQ.frac_field(t)
    >>> root = Quadratic(field.zero, field.one, field.from_sympy(t), field)  # sqrt(t)
    >>> (root * root + 1 - root).to_sympy()
    -sqrt(t) + t + 1
    >>> bool(root - root)
    False
    """

    a: object
    b: object
    radicand: object
    field: object

    def _lift(self, other: object) -> Quadratic:
        if isinstance(other, Quadratic):
            return other
        return Quadratic(self.field.one * other, self.field.zero, self.radicand, self.field)

    def __add__(self, other: object) -> Quadratic:
        other = self._lift(other)
        return Quadratic(self.a + other.a, self.b + other.b, self.radicand, self.field)

    __radd__ = __add__

    def __neg__(self) -> Quadratic:
        return Quadratic(-self.a, -self.b, self.radicand, self.field)

    def __sub__(self, other: object) -> Quadratic:
        return self + -self._lift(other)

    def __rsub__(self, other: object) -> Quadratic:
        return self._lift(other) - self

    def __mul__(self, other: object) -> Quadratic:
        other = self._lift(other)
        return Quadratic(
            self.a * other.a + self.b * other.b * self.radicand,
            self.a * other.b + self.b * other.a,
            self.radicand,
            self.field,
        )

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return bool(self.a) or bool(self.b)

    def to_sympy(self) -> sympy.Expr:
        """``A + B*sqrt(R)`` (not factored: that takes seconds on a game's branches)."""
        root = sympy.sqrt(self.field.to_sympy(self.radicand))
        return self.field.to_sympy(self.a) + self.field.to_sympy(self.b) * root


Solution = tuple[list, tuple[sympy.Expr, ...]]


def shape_solutions(
    equations: Sequence[sympy.Expr], unknowns: Sequence[sympy.Symbol], field: object
) -> list[Solution] | str | None:
    """The solutions of a square polynomial system over ``field`` whose lex Gröbner basis is in
    shape form with a univariate polynomial of degree at most 2.

    Each unknown is tried as the last one in turn (a basis that is not in shape form for one
    order may be for another).

    Parameters
    ----------
    equations:
        The polynomials ``= 0``, as sympy expressions in ``unknowns`` over ``field``.
    unknowns:
        The unknowns.
    field:
        sympy's field of rational functions of the parameters (``QQ.frac_field(...)``).

    Returns
    -------
    list, str or None
        Per solution, the unknowns' values (elements of ``field``, or :class:`Quadratic`
        numbers for the two branches of an irreducible quadratic) and the factors where it is
        singular (the quadratic's leading coefficient, the basis' denominators); None when the
        system has no solution for generic parameters; ``"unresolved"`` when no order gives a
        shape basis of degree at most 2 (a continuum, or a polynomial of higher degree).

    Examples
    --------
    ``x y = t`` and ``x = y + 1``: ``y = (-1 ± sqrt(1 + 4t)) / 2``.

    >>> t, x, y = sympy.symbols("t x y")
    >>> field = sympy.QQ.frac_field(t)
    >>> branches = shape_solutions([x * y - t, x - y - 1], [x, y], field)
    >>> for values, _ in branches:
    ...     print([v.to_sympy() for v in values])
    [1/2 - sqrt(4*t + 1)/2, -sqrt(4*t + 1)/2 - 1/2]
    [sqrt(4*t + 1)/2 + 1/2, sqrt(4*t + 1)/2 - 1/2]
    """
    for last in reversed(range(len(unknowns))):
        order = [u for k, u in enumerate(unknowns) if k != last] + [unknowns[last]]
        basis = sympy.groebner(list(equations), *order, order="lex", domain=field)
        if basis.exprs == [1]:
            return None
        found = _from_shape(basis.exprs, order, field)
        if found is not None:
            position = {u: k for k, u in enumerate(order)}
            return [
                ([values[position[u]] for u in unknowns], singular) for values, singular in found
            ]
        if len(basis.exprs) < len(unknowns):
            return "unresolved"  # fewer equations than unknowns: a continuum for any order
    return "unresolved"


def _from_shape(basis: list[sympy.Expr], order: list[sympy.Symbol], field) -> list | None:
    """The solutions of a lex basis in shape form, or None when it is not in that form."""
    polynomials, *generators = sympy.polys.rings.ring(order, field)
    elements = [polynomials.from_expr(g) for g in basis]
    size = len(order)
    univariate = [g for g in elements if all(not any(m[:-1]) for m in g.monoms())]
    if len(elements) != size or len(univariate) != 1 or univariate[0].degree(size - 1) != 2:
        return None
    tails = {}
    for g in elements:
        if g is univariate[0]:
            continue
        leading = [k for k in range(size - 1) if g.degree(k) > 0]
        if len(leading) != 1 or g.coeff(generators[leading[0]]) != field.one:
            return None
        tail = g - generators[leading[0]]
        if any(any(m[:-1]) for m in tail.monoms()) or leading[0] in tails:
            return None
        tails[leading[0]] = [
            tail.coeff(generators[-1] ** e) for e in range(tail.degree(size - 1) + 1)
        ]
    quadratic = univariate[0]
    a, b, c = (quadratic.coeff(generators[-1] ** e) for e in (2, 1, 0))
    denominators = [field.to_sympy(v) for g in elements for v in g.coeffs()]
    singular = _singular_factors([field.to_sympy(a), *denominators])
    solutions = []
    for root in _roots(a, b, c, field):
        values = [-_horner(tails[k], root, field) for k in range(size - 1)]
        solutions.append(([*values, root], singular))
    return solutions


def _roots(a, b, c, field) -> list:
    """The two roots of ``a z^2 + b z + c`` over ``field``: rational functions when the
    discriminant is a square, :class:`Quadratic` branches otherwise; none when it is a
    negative constant times a square."""
    discriminant = sympy.factor(field.to_sympy(b * b - 4 * a * c))
    numerator, denominator = sympy.fraction(discriminant)
    # sqrt(N / M) = sqrt(N M) / M up to sign, and both signs are taken
    coefficient, factors = sympy.factor_list(sympy.expand(numerator * denominator))
    square = sympy.Mul(*(base ** (e // 2) for base, e in factors)) / denominator
    radicand = sympy.Mul(*(base ** (e % 2) for base, e in factors))
    constant = sympy.sqrt(abs(coefficient))  # k sqrt(m): k rational, m a square-free integer
    k, rest = constant.as_coeff_Mul()
    radicand *= sympy.sign(coefficient) * rest**2
    square *= k
    over = field.one / (2 * a)
    centre, half = -b * over, field.from_sympy(square) * over
    if radicand == 1:
        return [centre - half, centre + half]
    if radicand.is_number and radicand < 0:
        return []
    root = Quadratic(field.zero, half, field.from_sympy(radicand), field)
    return [centre - root, centre + root]


def _horner(coefficients: list, value: object, field) -> object:
    result = field.zero
    for coefficient in reversed(coefficients):
        result = result * value + coefficient
    return result


def _singular_factors(expressions: list[sympy.Expr]) -> tuple[sympy.Expr, ...]:
    """The distinct non-constant factors of the numerators and denominators given (the
    numerator of the first: the quadratic's leading coefficient; the denominators of all)."""
    found = []
    for index, expression in enumerate(expressions):
        numerator, denominator = sympy.fraction(sympy.factor(expression))
        for part in (numerator, denominator) if index == 0 else (denominator,):
            found += [f for f, _ in sympy.factor_list(part)[1] if not f.is_number]
    return tuple(dict.fromkeys(found))

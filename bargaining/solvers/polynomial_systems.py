"""Exact real solutions of square polynomial systems with integer coefficients.

The support systems of n-player games are small multilinear systems. They are solved by
Gröbner bases (Buchberger 1965; Cox, Little & O'Shea, *Ideals, Varieties, and Algorithms*,
4th ed. 2015, ch. 2-3):

1. a reduced basis in degree-reverse-lex order is computed with python-flint (C; measured 40x
   faster than sympy's ``groebner`` on the full-support system of a 3x3x3 game);
2. an ideal whose basis has a pure power of every variable as a leading monomial is
   zero-dimensional (finitely many complex solutions); otherwise the solution set is
   positive-dimensional and reported as such;
3. for a linear form ``t = c . x`` the normal forms of ``1, t, t^2, ...`` give, by exact
   linear algebra, the *shape* ``f(t) = 0``, ``x_k = h_k(t)`` of the ideal when ``t`` separates
   the solutions (the shape lemma, Gianni & Mora 1989; this is the FGLM change of order of
   Faugère, Gianni, Lazard & Mora 1993, J. Symbolic Computation 16, specialised to it); if a
   choice of ``c`` does not separate the solutions, other choices are tried;
4. every real root ``alpha`` of ``f`` is exact (:func:`~bargaining.algebraic.algebraic_roots`)
   and the solution is ``x_k = h_k(alpha)`` in the field ``Q(alpha)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from bargaining.algebraic import algebraic_roots, polynomial_value

__all__ = [
    "ISOLATED_FROM_BEZOUT",
    "IntegerPolynomial",
    "SystemSolutions",
    "affine_solutions",
    "real_solutions",
]

ISOLATED_FROM_BEZOUT = 32
"""Systems whose Bézout bound is at least this are solved where a time budget can stop them (a
forked worker, :class:`~bargaining.solvers.stoppable.StoppableCalls`): with all that follows
their solve they took 5-150 ms on random 3x3x3 games and up to 129 s on 4x4x3 ones. Smaller
systems took at most 5 ms each on random 2x2x2, 3x3x2, 3x3x3 and 2x2x2x2 games, about ten pipe
round trips to a worker, and are solved in the calling process."""

IntegerPolynomial = dict[tuple[int, ...], int]
"""A polynomial as ``{exponent tuple: integer coefficient}``."""

_SEPARATORS = ((1, 2, 3, 5, 7, 11, 13, 17), (3, -1, 4, 1, -5, 9, 2, -6), (7, 3, -2, 8, -4, 5, 1, 9))


@dataclass(frozen=True)
class SystemSolutions:
    """What :func:`real_solutions` found.

    Attributes
    ----------
    points:
        Every real solution, exactly (ints, fractions, :class:`~bargaining.algebraic.
        RealAlgebraic`), when the system has finitely many complex solutions.
    positive_dimensional:
        The system has infinitely many complex solutions; ``points`` is then empty.
    unresolved:
        The shape lemma failed for every separating form tried (a non-radical ideal): the
        solutions were not computed.
    """

    points: tuple[tuple[Any, ...], ...] = ()
    positive_dimensional: bool = False
    unresolved: bool = False


def real_solutions(polynomials: Sequence[IntegerPolynomial], nvars: int) -> SystemSolutions:
    """All real solutions of a polynomial system over the rationals, exactly.

    Parameters
    ----------
    polynomials:
        The equations ``p = 0``, each ``{exponents: coefficient}`` with ``nvars`` exponents.
    nvars:
        The number of unknowns.

    Returns
    -------
    SystemSolutions

    Examples
    --------
    >>> # x*y = 1/2 (as 2xy - 1) and x = y: two real solutions (+-1/sqrt(2) each)
    >>> found = real_solutions([{(1, 1): 2, (0, 0): -1}, {(1, 0): 1, (0, 1): -1}], 2)
    >>> [tuple(round(float(v), 6) for v in point) for point in found.points]
    [(-0.707107, -0.707107), (0.707107, 0.707107)]
    >>> real_solutions([{(1, 1): 1}], 2).positive_dimensional       # x*y = 0
    True
    """
    polynomials = [p for p in (_clean(q) for q in polynomials) if p]
    if any(set(p) == {(0,) * nvars} for p in polynomials):
        return SystemSolutions()  # a nonzero constant equation
    if nvars == 0:
        return SystemSolutions(points=((),))
    if all(sum(m) <= 1 for p in polynomials for m in p):
        return _linear_solutions(polynomials, nvars)
    found = _degrevlex_basis(polynomials, nvars)
    if found is None:
        return SystemSolutions()
    basis, ring = found
    standard = _standard_monomials(basis, nvars)
    if standard is None:
        return SystemSolutions(positive_dimensional=True)
    for separator in _SEPARATORS:
        shape = _shape(
            basis,
            ring,
            standard,
            [separator[k % len(separator)] + k // len(separator) for k in range(nvars)],
        )
        if shape is not None:
            return SystemSolutions(points=_points(*shape))
    return SystemSolutions(unresolved=True)


def affine_solutions(system: list[IntegerPolynomial], nvars: int) -> tuple[list, list[int]] | None:
    """The solution space of a linear system, by Gauss-Jordan elimination in fractions.

    Returns ``(rows, free)``: ``free`` lists the free unknowns and ``x_k = rows[k][0] +
    sum(c * x_j for j, c in rows[k][1].items())`` (exact), or None when the system is
    inconsistent.

    >>> rows, free = affine_solutions([{(1, 0): 1, (0, 1): 1, (0, 0): -1}], 2)  # x + y = 1
    >>> free, rows[0]
    ([1], (Fraction(1, 1), {1: Fraction(-1, 1)}))
    """
    matrix = []
    for p in system:
        row = [Fraction(p.get(tuple(int(j == k) for j in range(nvars)), 0)) for k in range(nvars)]
        matrix.append([*row, Fraction(-p.get((0,) * nvars, 0))])
    pivots: list[int] = []
    rank = 0
    for column in range(nvars):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        matrix[rank] = [v / matrix[rank][column] for v in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(column)
        rank += 1
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in matrix):
        return None
    free = [k for k in range(nvars) if k not in pivots]
    rows: list = [None] * nvars
    for k in free:
        rows[k] = (Fraction(0), {k: Fraction(1)})
    for r, column in enumerate(pivots):
        rows[column] = (matrix[r][-1], {k: -matrix[r][k] for k in free if matrix[r][k] != 0})
    return rows, free


def _linear_solutions(polynomials: list[IntegerPolynomial], nvars: int) -> SystemSolutions:
    """A linear system without a Gröbner basis."""
    affine = affine_solutions(polynomials, nvars)
    if affine is None:
        return SystemSolutions()
    rows, free = affine
    if free:
        return SystemSolutions(positive_dimensional=True)
    return SystemSolutions(points=(tuple(_integral(constant) for constant, _ in rows),))


def _integral(value: Fraction) -> int | Fraction:
    return value.numerator if value.denominator == 1 else value


def _clean(polynomial: IntegerPolynomial) -> IntegerPolynomial:
    return {monomial: c for monomial, c in polynomial.items() if c != 0}


def _degrevlex_basis(polynomials: list[IntegerPolynomial], nvars: int) -> tuple[Any, Any] | None:
    """``(basis, ring)``: the reduced degrevlex basis, or None when the ideal is the whole
    ring (no solutions).

    The ring's variables are ``x_0, ..., x_{n-1}, z``; ``z`` is in no equation, so it changes
    nothing in the basis, and :func:`_normal_form` uses it to keep exact scales.
    """
    import flint

    names = (*tuple(f"x{k}" for k in range(nvars)), "z")
    ring = flint.fmpz_mpoly_ctx.get(names, "degrevlex")
    lifted = [ring.from_dict({(*m, 0): c for m, c in p.items()}) for p in polynomials]
    reduced = flint.fmpz_mpoly_vec(lifted, ring).buchberger_naive().autoreduction()
    basis = [g for g in reduced if not g.is_zero()]
    if any(g.is_constant() for g in basis):
        return None
    return flint.fmpz_mpoly_vec(basis, ring), ring


def _unit(size: int, k: int) -> tuple[int, ...]:
    return tuple(1 if j == k else 0 for j in range(size))


def _standard_monomials(basis: Any, size: int) -> list[tuple[int, ...]] | None:
    """The monomials (in the first ``size`` variables) that no leading monomial divides, a
    basis of the quotient ring; None when they are infinitely many, that is when some variable
    has no pure power among the leading monomials (Cox-Little-O'Shea, ch. 5 §3, Theorem 6)."""
    leading = [g.monoms()[0][:size] for g in basis]
    if not all(any(m[v] > 0 and sum(m) == m[v] for m in leading) for v in range(size)):
        return None
    found = {(0,) * size}
    frontier = [(0,) * size]
    while frontier:
        monomial = frontier.pop()
        for v in range(size):
            larger = tuple(e + (k == v) for k, e in enumerate(monomial))
            if larger not in found and not any(
                all(a >= b for a, b in zip(larger, lead, strict=True)) for lead in leading
            ):
                found.add(larger)
                frontier.append(larger)
    return sorted(found)


def _normal_form(polynomial: Any, basis: Any, ring: Any) -> tuple[Any, int]:
    """``(p, scale)`` such that ``p / scale`` is the remainder of ``polynomial`` modulo
    ``basis``.

    flint returns only the primitive part of a remainder, an unknown multiple of it; the
    remainder of ``polynomial + z`` keeps ``z`` (which no leading monomial divides) with that
    multiple as its coefficient.
    """
    z = ring.gens()[-1]
    remainder = (polynomial + z).reduction_primitive_part(basis)
    scale = int(remainder.to_dict()[_unit(ring.nvars(), ring.nvars() - 1)])
    return remainder - scale * z, scale


def _shape(
    basis: Any, ring: Any, standard: list[tuple[int, ...]], separator: Sequence[int]
) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """``(f, [h_0, ..., h_{n-1}])`` (ascending coefficients) such that the ideal is
    ``(f(t), x_k - h_k(t))`` with ``t = separator . x``, or None when ``t`` does not generate
    the quotient ring.

    This is FGLM (Faugère, Gianni, Lazard & Mora 1993, J. Symbolic Computation 16)
    specialised to shape position (Gianni & Mora 1989): the normal forms of ``1, t, ...,
    t^(D-1)`` (``D`` standard monomials) are independent exactly when the quotient ring is
    ``Q[t]/(f)``; then ``f`` and each ``h_k`` are the coordinates of the normal forms of
    ``t^D`` and ``x_k`` in that basis, one exact linear solve. The basis is computed once,
    without ``t``: adding ``t`` as a variable made its coefficients three times longer and
    Buchberger's algorithm ten times slower on a 3x3x3 game.
    """
    import flint

    nvars = len(separator)
    size = len(standard)
    position = {m: r for r, m in enumerate(standard)}
    gens = ring.gens()
    form = sum((c * gens[k] for k, c in enumerate(separator)), ring.from_dict({}))
    columns = []
    power, scale = ring.from_dict({(0,) * (nvars + 1): 1}), 1
    for _ in range(size + 1):
        columns.append(_coordinates(power, scale, position, nvars))
        power, factor = _normal_form(form * power, basis, ring)
        scale *= factor
    for k in range(nvars):
        columns.append(_coordinates(*_normal_form(gens[k], basis, ring), position, nvars))
    matrix = flint.fmpq_mat(size, size, [columns[c][r] for r in range(size) for c in range(size)])
    rest = flint.fmpq_mat(
        size, nvars + 1, [columns[c][r] for r in range(size) for c in range(size, size + 1 + nvars)]
    )
    try:
        solved = matrix.solve(rest)
    except ZeroDivisionError:
        return None
    entries = [[_fraction(solved[r, c]) for r in range(size)] for c in range(nvars + 1)]
    univariate = [-a for a in entries[0]] + [Fraction(1)]
    return univariate, entries[1:]


def _coordinates(
    polynomial: Any, scale: int, position: dict[tuple[int, ...], int], nvars: int
) -> list[Any]:
    """The coordinates of ``polynomial / scale`` (a normal form) on the standard monomials."""
    import flint

    vector = [flint.fmpq(0)] * len(position)
    for monomial, c in polynomial.to_dict().items():
        vector[position[monomial[:nvars]]] = flint.fmpq(int(c), scale)
    return vector


def _fraction(value: Any) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _points(univariate: list[Fraction], coordinates: list[list[Fraction]]) -> tuple:
    return tuple(
        tuple(polynomial_value(h, alpha) for h in coordinates)
        for alpha in algebraic_roots(univariate)
    )

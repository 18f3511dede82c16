"""A point of a continuum of equilibria, for support systems with infinitely many solutions.

In a degenerate game the indifference system of a support profile can have a
positive-dimensional solution set; the equilibria with exactly these supports are the part of
it where the probabilities are positive and no outside strategy pays more (a semi-algebraic
set). A point of it is searched for in two ways:

* where the system and the outside-strategy payoffs are linear in the unknowns (at most two
  players mix in a three-player game, or one in any game), the set is a polytope: a linear
  program finds a point with the largest margin and the point is then made exact on the
  solution space and verified exactly;
* otherwise boundary points (an outside strategy ties with the support) and slices (an
  unknown fixed to a rational value) are solved until one gives an equilibrium.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers.polynomial_systems import (
    IntegerPolynomial,
    affine_solutions,
    real_solutions,
)
from bargaining.solvers.support_systems import equilibria_among, indifference_system

__all__ = ["continuum_point", "point_near"]

_SLICE_VALUES = (Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 5), Fraction(4, 5))
_MAX_SLICE_SOLVES = 60
_MARGIN = 1e-9
"""A linear program's margin at or below this counts as no interior point (payoffs are
integers, so genuine margins are far larger)."""


def continuum_point(
    game: NormalFormGame,
    payoffs: np.ndarray,
    supports: Sequence[Sequence[int]],
    system: list[IntegerPolynomial],
    variables: Sequence[tuple[int, int]],
) -> tuple[tuple | None, bool]:
    """``(profile, settled)``: an equilibrium on a positive-dimensional solution set (or
    None), and whether the search settled the question (linear case: a point was found or
    the linear program proved there is no point with positive margins; otherwise: a point was
    found). The profile is verified exactly.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> from bargaining.solvers._inputs import integer_payoffs
    >>> game = NormalFormGame.from_arrays([[[[0, 0], [0, 0]]], [[[0, 0], [0, 0]]],
    ...                                    [[[1, 1], [1, 1]]]])   # nobody cares: all equilibria
    >>> supports = ((0,), (0, 1), (0, 1))
    >>> system, variables = indifference_system(integer_payoffs(game), supports)
    >>> profile, settled = continuum_point(game, integer_payoffs(game), supports, system,
    ...                                    variables)
    >>> profile, settled
    (((1,), (Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2))), True)

    The set of equilibria with these supports is cut out of the solution set by strict
    positivity and the no-deviation inequalities; where it is bounded by an inequality, an
    outside strategy ties with the support there. So first each such tie is added as an
    equation (a boundary point), then unknowns are fixed to rational values one at a time
    (slices through the interior), until the system has finitely many solutions; the first
    equilibrium among them is kept.
    """
    nvars = len(variables)
    solves = 0
    extra, _unknowns = indifference_system(payoffs, supports, outside=True)
    if all(sum(m) <= 1 for p in [*system, *extra] for m in p):
        point = _linear_point(game, supports, system, extra, variables)
        # No point with positive margins: the set, if any, lies where outside strategies tie.
        # Each tie narrows the polytope whose probabilities have a positive margin while no
        # outside strategy pays more, so where that polytope has none, no tie can give one:
        # one linear program then stands for one per tie.
        if (
            point is None
            and extra
            and _largest_margin(supports, system, extra, variables, strict_ties=False) is not None
        ):
            for tie in extra:
                point = _linear_point(game, supports, [*system, tie], extra, variables)
                if point is not None:
                    break
        if point is not None:
            return point, True
        return None, len(extra) <= 1 or nvars <= 1

    def settle(equations: list[IntegerPolynomial]) -> tuple | bool | None:
        """An equilibrium, None when none is among finitely many solutions, True when the
        system is still positive-dimensional."""
        nonlocal solves
        solves += 1
        solutions = real_solutions(equations, nvars)
        if solutions.positive_dimensional:
            return True
        found = equilibria_among(game, supports, variables, solutions.points)
        return found[0] if found else None

    def search(equations: list[IntegerPolynomial], fixed: frozenset[int]) -> tuple | None:
        for tie in extra:
            if solves >= _MAX_SLICE_SOLVES:
                return None
            outcome = settle([*equations, tie])
            if isinstance(outcome, tuple):
                return outcome
        for k in range(nvars):
            if k in fixed:
                continue
            for value in _SLICE_VALUES:
                if solves >= _MAX_SLICE_SOLVES:
                    return None
                unit = tuple(1 if j == k else 0 for j in range(nvars))
                sliced = [*equations, {unit: value.denominator, (0,) * nvars: -value.numerator}]
                outcome = settle(sliced)
                if outcome is True:
                    outcome = search(sliced, fixed | {k})
                if isinstance(outcome, tuple):
                    return outcome
        return None

    point = search(list(system), frozenset())
    return point, point is not None


def point_near(
    game: NormalFormGame,
    supports: Sequence[Sequence[int]],
    system: list[IntegerPolynomial],
    variables: Sequence[tuple[int, int]],
    hints: Sequence[Sequence[Fraction]],
) -> tuple | None:
    """An equilibrium on the solution set of ``system`` near one of ``hints`` (points in the
    unknowns, such as the centres of :func:`~bargaining.solvers.box_exclusion.
    candidate_boxes`), or None: for each hint the unknowns are fixed to its coordinates one
    by one until finitely many solutions are left, and those are verified exactly.

    Where :func:`continuum_point`'s fixed slices miss a small region of equilibria, the boxes
    that survive exclusion say where it is.

    >>> from bargaining import NormalFormGame
    >>> zeros = np.zeros((2, 2, 2), dtype=int)       # every profile is an equilibrium
    >>> game = NormalFormGame.from_arrays([zeros, zeros, zeros])
    >>> system, variables = indifference_system(zeros[..., None].repeat(3, axis=3), [[0, 1]] * 3)
    >>> hint = (Fraction(1, 8), Fraction(1, 4), Fraction(1, 2))
    >>> point_near(game, [[0, 1]] * 3, system, variables, [hint])[0]
    (Fraction(7, 8), Fraction(1, 8))
    """
    nvars = len(variables)
    for hint in hints:
        equations = list(system)
        for k, value in enumerate(hint):
            unit = tuple(1 if j == k else 0 for j in range(nvars))
            equations.append({unit: value.denominator, (0,) * nvars: -value.numerator})
            solutions = real_solutions(equations, nvars)
            if not solutions.positive_dimensional:
                found = equilibria_among(game, supports, variables, solutions.points)
                if found:
                    return found[0]
                break
    return None


def _linear_point(
    game: NormalFormGame,
    supports: Sequence[Sequence[int]],
    system: list[IntegerPolynomial],
    ties: list[IntegerPolynomial],
    variables: Sequence[tuple[int, int]],
) -> tuple | None:
    """A point of the polytope of equilibria with these supports, or None when it has no
    point where every support probability and every outside strategy's shortfall is positive.

    A linear program (HiGHS, in floats, :func:`_largest_margin`) maximises the smallest
    margin; its optimum is rounded to rationals on the free unknowns, the others follow
    exactly from the equations, and the profile is verified exactly. Equilibria where some
    margin is zero lie on the boundary: with a zero probability they belong to a smaller
    support, which the enumeration solves too; with an outside strategy tying they are solved
    for by the tie equations in :func:`continuum_point` (not needed in the linear case for a
    point).
    """
    optimum = _largest_margin(supports, system, ties, variables, strict_ties=True)
    if optimum is None:
        return None
    rows, values = optimum
    chosen = {k: Fraction(value).limit_denominator(10**9) for k, value in values.items()}
    point = tuple(c + sum(a * chosen[k] for k, a in linear.items()) for c, linear in rows)
    found = equilibria_among(game, supports, variables, [point])
    return found[0] if found else None


def _largest_margin(
    supports: Sequence[Sequence[int]],
    system: list[IntegerPolynomial],
    ties: list[IntegerPolynomial],
    variables: Sequence[tuple[int, int]],
    *,
    strict_ties: bool,
) -> tuple[list, dict[int, float]] | None:
    """``(rows, values)``: the solution space of the linear ``system`` (as
    :func:`~bargaining.solvers.polynomial_systems.affine_solutions` gives it) and the free
    unknowns' values at a point where the smallest support probability is largest, or None
    when that margin is not positive. With ``strict_ties`` every outside strategy must also
    fall short of the support by the margin; without, it need only not pay more.
    """
    from scipy.optimize import linprog

    nvars = len(variables)
    affine = affine_solutions(system, nvars)
    if affine is None:
        return None
    rows, free = affine
    index = {k: j for j, k in enumerate(free)}
    # (constant, coefficients over free, whether the margin counts): expression >= margin
    constraints = []
    for k in range(nvars):
        constraints.append((*rows[k], True))
    position = {v: k for k, v in enumerate(variables)}
    for i, support in enumerate(supports):
        if len(support) > 1:
            constant = Fraction(1)
            coefficients: dict[int, Fraction] = {}
            for s in support[1:]:
                c, linear = rows[position[(i, s)]]
                constant -= c
                for k, a in linear.items():
                    coefficients[k] = coefficients.get(k, Fraction(0)) - a
            constraints.append((constant, coefficients, True))
    for tie in ties:  # u(outside) - u(support) <= -margin, i.e. -(tie) >= margin
        constant = -Fraction(tie.get((0,) * nvars, 0))
        coefficients = {}
        for monomial, value in tie.items():
            if sum(monomial) == 1:
                c, linear = rows[monomial.index(1)]
                constant -= value * c
                for k, a in linear.items():
                    coefficients[k] = coefficients.get(k, Fraction(0)) - value * a
        if any(coefficients.values()) or constant < 0:  # an identical tie constrains nothing
            constraints.append((constant, coefficients, strict_ties))
    width = len(free) + 1
    a_ub = np.zeros((len(constraints), width))
    b_ub = np.zeros(len(constraints))
    for r, (constant, coefficients, margin) in enumerate(constraints):
        for k, a in coefficients.items():
            a_ub[r, index[k]] = -float(a)
        a_ub[r, -1] = 1.0 if margin else 0.0
        b_ub[r] = float(constant)
    objective = np.zeros(width)
    objective[-1] = -1.0
    bounds = [(None, None)] * len(free) + [(None, 1.0)]
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if result.status != 0 or -result.fun <= _MARGIN:
        return None
    return rows, {k: float(result.x[index[k]]) for k in free}

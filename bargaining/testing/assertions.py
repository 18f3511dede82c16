"""Assertions for test suites: readable failures about equilibria, and about the axioms a
bargaining solution satisfies (Pareto optimality, symmetry, scale invariance, independence of
irrelevant alternatives, individual monotonicity), each naming the violating case.

>>> from bargaining import NormalFormGame
>>> dilemma = NormalFormGame.from_arrays(
...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
...     strategies=(("cooperate", "defect"), ("cooperate", "defect")))
>>> assert_equilibrium(dilemma, [[1, 0], [1, 0]])
Traceback (most recent call last):
...
AssertionError: not an equilibrium: Player 1 gains 2 by switching to 'defect'
  profile: Player 1={cooperate: 1}; Player 2={cooperate: 1}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import sympy

from bargaining.algebraic import RealAlgebraic
from bargaining.games.bargaining_problem import BargainingProblem
from bargaining.games.normal_form import NormalFormGame
from bargaining.model.expressions import expression_text
from bargaining.numbers import normalize_number, to_sympy
from bargaining.solvers.axiomatic import BargainingSolution
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.verification import best_deviation

__all__ = [
    "assert_all_equilibria",
    "assert_equilibrium",
    "assert_independent_of_irrelevant_alternatives",
    "assert_individually_monotone",
    "assert_pareto_optimal",
    "assert_scale_invariant",
    "assert_symmetric",
    "problem_text",
    "profile_text",
]


def profile_text(game: NormalFormGame, profile: Equilibrium | Sequence[Sequence[object]]) -> str:
    """A profile as ``Player={strategy: probability, ...}; ...`` (only strategies played).

    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> profile_text(game, [[1, 0], [0.5, 0.5]])
    'Player 1={1: 1}; Player 2={1: 0.5, 2: 0.5}'
    """
    vectors = profile.strategies if isinstance(profile, Equilibrium) else profile
    parts = []
    for player, labels, vector in zip(game.players, game.strategies, vectors, strict=True):
        played = ", ".join(
            f"{label}: {_number_text(p)}" for label, p in zip(labels, vector, strict=True) if p != 0
        )
        parts.append(f"{player}={{{played}}}")
    return "; ".join(parts)


def _number_text(value: object) -> str:
    """Floats to 6 digits; exact algebraic numbers as radicals or ``CRootOf`` with a float."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, RealAlgebraic):
        return f"{value} (~{float(value):.6g})"
    return expression_text(value)


def assert_equilibrium(
    game: NormalFormGame,
    eq: Equilibrium | Sequence[Sequence[object]],
    *,
    at: Mapping[str, object] | None = None,
    tol: float | None = None,
) -> None:
    """Fail, naming the most profitable deviation, unless ``eq`` is a Nash equilibrium.

    The check is exact for exact inputs (see
    :func:`~bargaining.solvers.verification.best_deviation`); ``at`` substitutes parameter
    values first.

    >>> from bargaining import NormalFormGame
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> from fractions import Fraction
    >>> half = Fraction(1, 2)
    >>> assert_equilibrium(pennies, [[half, half], [half, half]])
    """
    deviation = best_deviation(game, eq, at=at, tol=tol)
    if deviation is None:
        return
    target = game.at(at) if at else game
    gain = deviation.gain
    shown = _number_text(gain)
    raise AssertionError(
        f"not an equilibrium: {deviation.player} gains {shown} by switching to "
        f"{deviation.strategy!r}\n  profile: {profile_text(target, eq)}"
    )


def _key(eq: Equilibrium | Sequence[Sequence[object]]) -> tuple:
    vectors = eq.strategies if isinstance(eq, Equilibrium) else eq
    return tuple(tuple(vector) for vector in vectors)


def _close(first: tuple, second: tuple, tol: float) -> bool:
    return all(
        len(a) == len(b) and all(abs(float(x) - float(y)) <= tol for x, y in zip(a, b, strict=True))
        for a, b in zip(first, second, strict=True)
    )


def assert_all_equilibria(
    game: NormalFormGame,
    eqs: Sequence[Equilibrium | Sequence[Sequence[object]]],
    reference: Sequence[Equilibrium | Sequence[Sequence[object]]] | None = None,
    *,
    at: Mapping[str, object] | None = None,
    tol: float = 1e-9,
) -> None:
    """Fail unless ``eqs`` is the same set of equilibria as ``reference`` (default: what
    :func:`~bargaining.solvers.nash.nash_equilibria` finds), listing what is missing and what
    is extra.

    Profiles are compared exactly when both are exact, else within ``tol`` per probability;
    order does not matter.

    >>> from bargaining import NormalFormGame
    >>> battle = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> assert_all_equilibria(battle, [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
    Traceback (most recent call last):
    ...
    AssertionError: the equilibria differ from the reference (3 expected, 2 given)
      missing: Player 1={1: 2/3, 2: 1/3}; Player 2={1: 1/3, 2: 2/3}
    """
    target = game.at(at) if at else game
    expected = list(reference) if reference is not None else nash_equilibria(target)
    given = [_key(eq) for eq in eqs]
    wanted = [_key(eq) for eq in expected]

    def unmatched(these: list[tuple], those: list[tuple]) -> list[tuple]:
        return [
            key
            for key in these
            if not any(key == other or _close(key, other, tol) for other in those)
        ]

    missing = unmatched(wanted, given)
    extra = unmatched(given, wanted)
    if not missing and not extra:
        return
    lines = [
        f"the equilibria differ from the reference ({len(wanted)} expected, {len(given)} given)"
    ]
    lines += [f"  missing: {profile_text(target, key)}" for key in missing]
    lines += [f"  extra:   {profile_text(target, key)}" for key in extra]
    raise AssertionError("\n".join(lines))


# -- axioms of bargaining solutions (theory-notes §1.4) ------------------------------------------

#: A bargaining solution: problem -> BargainingSolution (or its point).
Solution = Callable[[BargainingProblem], BargainingSolution | Sequence[object]]
_FRONTIER_GRID = 100  # frontiers are compared at this many steps of their domain


def _point_of(solution: Solution, problem: BargainingProblem) -> tuple:
    result = solution(problem)
    return tuple(result.point if isinstance(result, BargainingSolution) else result)


def _text(value: object) -> str:
    if isinstance(value, tuple | list):
        return "(" + ", ".join(_text(item) for item in value) + ")"
    return f"{value:.6g}" if isinstance(value, float) else expression_text(value)


def problem_text(problem: BargainingProblem) -> str:
    """A bargaining problem in one line: its feasible set and disagreement point.

    >>> problem_text(BargainingProblem.from_vertices([(0, 0), (2, 0), (0, 1)]))
    'S = hull{(0, 0), (2, 0), (0, 1)}, d = (0, 0)'
    """
    if problem.kind == "polygon":
        hull = ", ".join(_text(vertex) for vertex in problem.vertices)
        return f"S = hull{{{hull}}}, d = {_text(problem.disagreement)}"
    low, high = problem.domain
    return (
        f"S = {{u >= d, u2 <= {_text(problem.frontier)}}} with {problem.variable} in "
        f"[{_text(low)}, {_text(high)}], d = {_text(problem.disagreement)}"
    )


def _equal(first: Sequence[object], second: Sequence[object]) -> bool:
    """Exact equality of points; sympy coordinates compare after simplification."""
    return all(
        sympy.simplify(to_sympy(normalize_number(a)) - to_sympy(normalize_number(b))) == 0
        if isinstance(a, sympy.Basic) or isinstance(b, sympy.Basic)
        else a == b
        for a, b in zip(first, second, strict=True)
    )


def _frontier_points(problem: BargainingProblem) -> list[tuple]:
    """Points of the frontier at equal steps of its domain, ends included."""
    low, high = (to_sympy(c) for c in problem.domain)
    steps = [
        low + (high - low) * sympy.Rational(k, _FRONTIER_GRID) for k in range(_FRONTIER_GRID + 1)
    ]
    return [(u, problem.frontier.subs(problem.variable, u)) for u in steps]


def _outer_points(problem: BargainingProblem) -> list[tuple]:
    """Points whose convex hull (with ``d``) covers ``S_d``: exactly for polygons, on a grid
    of :data:`_FRONTIER_GRID` steps for frontiers."""
    if problem.kind == "polygon":
        return list(problem.individually_rational_vertices())
    return [tuple(problem.disagreement), *_frontier_points(problem)]


def _inside(inner: BargainingProblem, outer: BargainingProblem) -> bool:
    return all(outer.contains(point) for point in _outer_points(inner))


def _transformed(problem: BargainingProblem, scales: Sequence[object], shifts: Sequence[object]):
    def move(point: Sequence[object]) -> tuple:
        return tuple(
            normalize_number(s * c + m) for s, c, m in zip(scales, point, shifts, strict=True)
        )

    if problem.kind == "polygon":
        return BargainingProblem.from_vertices(
            [move(v) for v in problem.vertices], move(problem.disagreement)
        ), move
    u = problem.variable
    s1, s2 = (to_sympy(normalize_number(s)) for s in scales)
    m1, m2 = (to_sympy(normalize_number(m)) for m in shifts)
    frontier = s2 * problem.frontier.subs(u, (u - m1) / s1) + m2
    upper = s1 * to_sympy(problem.domain[1]) + m1
    return BargainingProblem.from_frontier(
        frontier, u, move(problem.disagreement), upper=upper
    ), move


def assert_pareto_optimal(
    problem: BargainingProblem, point: Sequence[object], *, weak: bool = False
) -> None:
    """Fail, naming a better feasible point, unless ``point`` is (weakly) Pareto optimal in S.

    Strong Pareto optimality: no feasible point is at least as good for both and better for
    one. Weak (``weak=True``): none is strictly better for both (Nash 1950; theory-notes §1.4,
    PO and WPO). Exact on polygons; on a frontier the point must lie on it and, for strong
    optimality, the frontier must fall to its right.

    >>> from fractions import Fraction
    >>> triangle = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, 1)])
    >>> assert_pareto_optimal(triangle, (1, 1))
    >>> assert_pareto_optimal(triangle, (Fraction(1, 2), 1), weak=True)
    >>> assert_pareto_optimal(triangle, (Fraction(1, 2), 1))
    Traceback (most recent call last):
    ...
    AssertionError: (1/2, 1) is not Pareto optimal: (1, 1) is as good for both and better for one
      S = hull{(0, 0), (2, 0), (1, 1), (0, 1)}, d = (0, 0)
    """
    point = tuple(normalize_number(c) for c in point)
    where = problem_text(problem)
    if not problem.contains(point):
        raise AssertionError(f"{_text(point)} is not feasible\n  {where}")
    kind = "weakly Pareto optimal" if weak else "Pareto optimal"
    better = _pareto_improvement(problem, point, weak)
    if better is not None:
        how = "better for both" if weak else "as good for both and better for one"
        raise AssertionError(f"{_text(point)} is not {kind}: {_text(better)} is {how}\n  {where}")


def _pareto_improvement(problem: BargainingProblem, point: tuple, weak: bool) -> tuple | None:
    if problem.kind == "polygon":
        # The part of S that is at least as good as the point for both, as a polygon.
        above = BargainingProblem("polygon", problem.vertices, point)
        region = above.individually_rational_vertices()
        if not weak:
            return next((v for v in region if tuple(v) != point), None)
        first = max(region, key=lambda v: v[0])
        second = max(region, key=lambda v: v[1])
        if first[0] > point[0] and second[1] > point[1]:
            return tuple(normalize_number((a + b) / 2) for a, b in zip(first, second, strict=True))
        return None
    u1, u2 = (to_sympy(c) for c in point)
    top = problem.frontier.subs(problem.variable, u1)
    if sympy.simplify(top - u2).is_positive:
        return (point[0], normalize_number(sympy.simplify(top)))
    high = to_sympy(problem.domain[1])
    end = problem.frontier.subs(problem.variable, high)
    if not weak and sympy.simplify(high - u1).is_positive and sympy.simplify(end - u2) == 0:
        return (normalize_number(high), point[1])
    return None


def assert_symmetric(solution: Solution, problem: BargainingProblem) -> None:
    """Fail unless the solution gives both players the same payoff on a symmetric problem
    (SYM; Nash 1950).

    Raises
    ------
    ValueError
        When the problem is not symmetric: swapping the players changes S or d.

    >>> from bargaining.solvers.axiomatic import nash_bargaining
    >>> pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)])
    >>> assert_symmetric(nash_bargaining, pie)
    >>> assert_symmetric(lambda problem: nash_bargaining(problem, (2, 1)), pie)
    Traceback (most recent call last):
    ...
    AssertionError: not symmetric: the solution is (2/3, 1/3) on a symmetric problem
      S = hull{(0, 0), (1, 0), (0, 1)}, d = (0, 0)
    """
    d1, d2 = problem.disagreement
    if problem.kind == "polygon":
        swapped = {(b, a) for a, b in problem.vertices}
        symmetric = swapped == set(problem.vertices) and d1 == d2
    else:
        u = problem.variable
        inverse = problem.frontier.subs(u, problem.frontier)
        symmetric = d1 == d2 and sympy.simplify(inverse - u) == 0
    if not symmetric:
        raise ValueError(f"the problem is not symmetric: {problem_text(problem)}")
    point = _point_of(solution, problem)
    if not _equal((point[0],), (point[1],)):
        raise AssertionError(
            f"not symmetric: the solution is {_text(point)} on a symmetric problem\n"
            f"  {problem_text(problem)}"
        )


def assert_scale_invariant(
    solution: Solution,
    problem: BargainingProblem,
    scales: Sequence[object],
    shifts: Sequence[object] = (0, 0),
) -> None:
    """Fail unless the solution moves with a positive affine map of each player's utility:
    ``F(a*S + b) = a*F(S) + b`` for scales ``a > 0`` and shifts ``b`` (INV; Nash 1950).

    With ``scales = (1, 1)`` this is translation covariance, which the egalitarian and
    utilitarian solutions keep; only Nash and Kalai-Smorodinsky keep unequal scalings
    (theory-notes §1.3).

    >>> from bargaining.solvers.axiomatic import egalitarian, nash_bargaining
    >>> pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)])
    >>> assert_scale_invariant(nash_bargaining, pie, (2, 1), (1, 0))
    >>> assert_scale_invariant(egalitarian, pie, (2, 1))
    Traceback (most recent call last):
    ...
    AssertionError: not scale invariant: on the problem scaled by (2, 1) and shifted by (0, 0) \
the solution is (2/3, 2/3), but the image of the solution (1/2, 1/2) is (1, 1/2)
      S = hull{(0, 0), (1, 0), (0, 1)}, d = (0, 0)
    """
    if any(normalize_number(s) <= 0 for s in scales):
        raise ValueError(f"scales must be positive, got {tuple(scales)}")
    moved, move = _transformed(problem, scales, shifts)
    original = _point_of(solution, problem)
    image = move(original)
    found = _point_of(solution, moved)
    if not _equal(found, image):
        raise AssertionError(
            f"not scale invariant: on the problem scaled by {_text(tuple(scales))} and shifted "
            f"by {_text(tuple(shifts))} the solution is {_text(found)}, but the image of the "
            f"solution {_text(original)} is {_text(image)}\n  {problem_text(problem)}"
        )


def assert_independent_of_irrelevant_alternatives(
    solution: Solution, problem: BargainingProblem, smaller: BargainingProblem
) -> None:
    """Fail unless removing alternatives other than the solution leaves it unchanged: if
    ``T ⊆ S`` (same d) and ``F(S) ∈ T`` then ``F(T) = F(S)`` (IIA; Nash 1950).

    Raises
    ------
    ValueError
        When ``smaller`` is not a sub-problem that keeps ``F(S)``: the axiom says nothing then.
        Frontiers are compared at 100 steps of their domain.

    >>> from fractions import Fraction
    >>> from bargaining.solvers.axiomatic import kalai_smorodinsky, nash_bargaining
    >>> square = BargainingProblem.from_vertices([(0, 0), (1, 0), (1, 1), (0, 1)])
    >>> cut = BargainingProblem.from_vertices([(0, 0), (1, 0), (1, 1), (0, Fraction(1, 2))])
    >>> assert_independent_of_irrelevant_alternatives(nash_bargaining, square, cut)
    >>> house = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, 1)])
    >>> assert_independent_of_irrelevant_alternatives(kalai_smorodinsky, house, cut)
    Traceback (most recent call last):
    ...
    ValueError: the smaller problem does not contain the solution (4/3, 2/3): T = hull{(0, 0), \
(1, 0), (1, 1), (0, 1/2)}, d = (0, 0)
    >>> third = Fraction(1, 3)
    >>> roof = BargainingProblem.from_vertices(
    ...     [(0, 0), (2, 0), (4 * third, 2 * third), (0, 2 * third)])
    >>> assert_independent_of_irrelevant_alternatives(kalai_smorodinsky, house, roof)
    Traceback (most recent call last):
    ...
    AssertionError: not independent of irrelevant alternatives: the solution (4/3, 2/3) is \
still feasible in the smaller problem, whose solution is (3/2, 1/2)
      S = hull{(0, 0), (2, 0), (1, 1), (0, 1)}, d = (0, 0)
      T = hull{(0, 0), (2, 0), (4/3, 2/3), (0, 2/3)}, d = (0, 0)
    """
    if tuple(smaller.disagreement) != tuple(problem.disagreement):
        raise ValueError("the problems have different disagreement points")
    if not _inside(smaller, problem):
        raise ValueError(f"the smaller problem is not inside the problem: {problem_text(problem)}")
    original = _point_of(solution, problem)
    if not smaller.contains(original):
        raise ValueError(
            f"the smaller problem does not contain the solution {_text(original)}: "
            f"T{problem_text(smaller)[1:]}"
        )
    found = _point_of(solution, smaller)
    if not _equal(found, original):
        raise AssertionError(
            f"not independent of irrelevant alternatives: the solution {_text(original)} is "
            f"still feasible in the smaller problem, whose solution is {_text(found)}\n"
            f"  {problem_text(problem)}\n  T{problem_text(smaller)[1:]}"
        )


def assert_individually_monotone(
    solution: Solution, problem: BargainingProblem, larger: BargainingProblem, player: int
) -> None:
    """Fail unless enlarging the feasible set for ``player`` (0 or 1), the other player's ideal
    payoff unchanged, weakly raises that player's payoff (IM; Kalai & Smorodinsky 1975).

    The premise is checked as ``S ⊆ T`` with the same disagreement point and the same ideal
    payoff ``a_j`` of the other player: for two players and comprehensive sets that makes the
    player's attainable payoff weakly higher for every payoff of the other.

    Raises
    ------
    ValueError
        When the premise fails (frontiers are compared at 100 steps of their domain).

    >>> from fractions import Fraction
    >>> from bargaining.solvers.axiomatic import kalai_smorodinsky, nash_bargaining
    >>> s = BargainingProblem.from_vertices(
    ...     [(0, 0), (1, 0), (Fraction(3, 4), Fraction(3, 4)), (0, 1)])
    >>> t = BargainingProblem.from_vertices([(0, 0), (1, 0), (1, Fraction(7, 10)), (0, 1)])
    >>> assert_individually_monotone(kalai_smorodinsky, s, t, player=1)
    >>> assert_individually_monotone(nash_bargaining, s, t, player=1)
    Traceback (most recent call last):
    ...
    AssertionError: not individually monotone: player 2's payoff falls from 3/4 to 7/10 when \
the feasible set grows for player 2 (the other's ideal payoff stays 1)
      S = hull{(0, 0), (1, 0), (3/4, 3/4), (0, 1)}, d = (0, 0)
      T = hull{(0, 0), (1, 0), (1, 7/10), (0, 1)}, d = (0, 0)
    """
    if player not in (0, 1):
        raise ValueError(f"player must be 0 or 1, got {player}")
    other = 1 - player
    if tuple(larger.disagreement) != tuple(problem.disagreement):
        raise ValueError("the problems have different disagreement points")
    if not _inside(problem, larger):
        raise ValueError(f"the problem is not inside the larger one: {problem_text(larger)}")
    ideal = problem.ideal_point()[other]
    if not _equal((larger.ideal_point()[other],), (ideal,)):
        raise ValueError(
            f"player {other + 1}'s ideal payoff changes from {_text(ideal)} to "
            f"{_text(larger.ideal_point()[other])}; the axiom compares sets where it does not"
        )
    before = _point_of(solution, problem)[player]
    after = _point_of(solution, larger)[player]
    if bool(to_sympy(normalize_number(after)) < to_sympy(normalize_number(before))):
        raise AssertionError(
            f"not individually monotone: player {player + 1}'s payoff falls from {_text(before)} "
            f"to {_text(after)} when the feasible set grows for player {player + 1} (the "
            f"other's ideal payoff stays {_text(ideal)})\n  {problem_text(problem)}\n"
            f"  T{problem_text(larger)[1:]}"
        )

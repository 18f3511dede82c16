"""Axiomatic bargaining solutions: textbook values, the axioms of theory-notes §1.4 as hypothesis
properties, and agreement with independent numeric optimisation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, find, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from bargaining.errors import GameError
from bargaining.games.bargaining_problem import (
    BargainingProblem,
    BargainingProblemError,
    NoGainsFromTradeError,
    convex_hull,
)
from bargaining.solvers.axiomatic import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from bargaining.testing import (
    assert_independent_of_irrelevant_alternatives,
    assert_individually_monotone,
    assert_pareto_optimal,
    assert_scale_invariant,
    assert_symmetric,
)
from bargaining.testing.strategies import bargaining_problems

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
F = Fraction
SOLUTIONS = {
    "nash": nash_bargaining,
    "ks": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}


def cut(polygon, normal, bound):
    """Exact clip of a convex polygon to ``normal . u <= bound``."""
    out = []
    n = len(polygon)
    for i in range(n):
        p, q = polygon[i], polygon[(i + 1) % n]
        fp = normal[0] * p[0] + normal[1] * p[1] - bound
        fq = normal[0] * q[0] + normal[1] * q[1] - bound
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = F(fp) / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return convex_hull(out)


coordinate = st.integers(0, 12).map(F) | st.builds(F, st.integers(0, 36), st.integers(1, 3))


def problems(symmetric=False):
    return bargaining_problems(symmetric=symmetric)


def on_segment_samples(problem, k=400):
    hull = [tuple(map(float, v)) for v in problem.individually_rational_vertices()]
    t = np.linspace(0, 1, k)
    pts = []
    for i in range(len(hull)):
        p, q = np.array(hull[i]), np.array(hull[(i + 1) % len(hull)])
        pts.append(p + t[:, None] * (q - p))
    return np.vstack(pts)


# -- textbook values -----------------------------------------------------------------------------


def test_linear_pie_generalised_nash_closed_form():
    d = (F(1, 5), F(1, 10))
    pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], d)
    for alpha in (F(1, 2), F(1, 3), F(3, 4)):
        point = nash_bargaining(pie, (alpha, 1 - alpha)).point
        rest = 1 - d[0] - d[1]
        assert point == (d[0] + alpha * rest, d[1] + (1 - alpha) * rest)
        assert all(isinstance(c, int | Fraction) for c in point)


def test_symbolic_linear_pie_disagreement_monotonicity():
    u, d1, d2, a = sympy.symbols("u1 d1 d2 alpha", positive=True)
    problem = BargainingProblem.from_frontier(1 - u, u, (d1, d2), upper=1 - d2)
    n1 = nash_bargaining(problem, (a, 1 - a)).u1
    assert sympy.simplify(sympy.diff(n1, d1) - (1 - a)) == 0
    assert sympy.simplify(sympy.diff(n1, d2) + a) == 0


def test_quadratic_frontier_closed_forms():
    u = sympy.Symbol("u1", positive=True)
    problem = BargainingProblem.from_frontier(1 - u**2, u)
    assert nash_bargaining(problem).point == (sympy.sqrt(3) / 3, F(2, 3))
    for alpha in (F(1, 5), F(1, 2), F(9, 10)):
        n1 = nash_bargaining(problem, (alpha, 1 - alpha)).u1
        expected = sympy.sqrt(alpha / (alpha + 2 * (1 - alpha)))
        assert sympy.simplify(n1 - expected) == 0
        numeric = minimize_scalar(
            lambda x, al=float(alpha): -(al * np.log(x) + (1 - al) * np.log(1 - x * x)),
            bounds=(1e-9, 1 - 1e-9),
            method="bounded",
            options={"xatol": 1e-12},
        )
        assert abs(float(n1) - numeric.x) < 1e-6


def test_kalai_smorodinsky_and_egalitarian_textbook():
    s = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, 1)])
    assert kalai_smorodinsky(s).point == (F(4, 3), F(2, 3))
    assert egalitarian(s).point == (1, 1)
    assert nash_bargaining(s).point == (1, 1)
    assert utilitarian(s).point == (1, 1)  # tie on the face [(2, 0), (1, 1)]
    assert set(utilitarian(s).face) == {(2, 0), (1, 1)}


def test_utilitarian_tie_break_on_linear_pie_is_the_egalitarian_point_of_the_face():
    pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], (F(1, 5), 0))
    solution = utilitarian(pie)
    assert solution.point == (F(3, 5), F(2, 5))
    assert set(solution.face) == {(1, 0), (F(1, 5), F(4, 5))}


def test_symbolic_weight_generalised_nash_on_linear_pie():
    u, a = sympy.symbols("u1 alpha", positive=True)
    problem = BargainingProblem.from_frontier(1 - u, u)
    assert sympy.simplify(nash_bargaining(problem, (a, 1 - a)).u1 - a) == 0


def test_float_polygon_gives_floats():
    pie = BargainingProblem.from_vertices([(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)])
    assert nash_bargaining(pie).point == pytest.approx((0.5, 0.5))


# -- errors --------------------------------------------------------------------------------------


def test_errors():
    with pytest.raises(BargainingProblemError, match="not in the feasible set"):
        BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], (1, 1))
    with pytest.raises(NoGainsFromTradeError):
        BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], (1, 0))
    u = sympy.Symbol("u1", positive=True)
    with pytest.raises(BargainingProblemError, match="convex"):
        BargainingProblem.from_frontier((1 - u) ** 2, u)
    with pytest.raises(GameError):
        BargainingProblem.from_vertices([], (0, 0))
    assert issubclass(NoGainsFromTradeError, BargainingProblemError)


# -- axioms (theory-notes §1.4, §1.6) -------------------------------------------------------------


@PROPERTY
@given(problems())
def test_solutions_are_individually_rational_and_pareto(problem):
    d = problem.disagreement
    for name, solve in SOLUTIONS.items():
        point = solve(problem).point
        assert point[0] >= d[0] and point[1] >= d[1], name
        assert_pareto_optimal(problem, point, weak=True)  # WPO for all
        if name != "egalitarian":
            assert_pareto_optimal(problem, point)  # PO


@PROPERTY
@given(problems(symmetric=True))
def test_symmetry(problem):
    for solve in SOLUTIONS.values():
        assert_symmetric(solve, problem)


@PROPERTY
@given(
    problems(),
    st.builds(F, st.integers(1, 6), st.integers(1, 4)),
    st.builds(F, st.integers(1, 6), st.integers(1, 4)),
    st.integers(-5, 5),
    st.integers(-5, 5),
    st.sampled_from([F(1, 2), F(1, 3), F(4, 5)]),
)
def test_invariance_of_nash_and_ks(problem, s1, s2, m1, m2, alpha):
    def weighted_nash(p):
        return nash_bargaining(p, (alpha, 1 - alpha))

    for solve in (weighted_nash, kalai_smorodinsky):
        assert_scale_invariant(solve, problem, (s1, s2), (m1, m2))
    # translations only, for E and U (theory-notes §1.3)
    for solve in (egalitarian, utilitarian):
        assert_scale_invariant(solve, problem, (1, 1), (m1, m2))


def test_egalitarian_and_utilitarian_are_not_scale_invariant():
    house = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, 1)])
    for solve in (egalitarian, utilitarian):
        with pytest.raises(AssertionError, match="not scale invariant"):
            assert_scale_invariant(solve, house, (3, 1))


IIA_SOLUTIONS = {
    "nash": nash_bargaining,
    "nash-1/3": lambda problem: nash_bargaining(problem, (1, 2)),
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}


@PROPERTY
@given(problems(), st.integers(0, 5), st.integers(0, 5), st.sampled_from([0, F(1, 2), 1, 3]))
def test_independence_of_irrelevant_alternatives(problem, a1, a2, slack):
    assume(a1 + a2 > 0)
    for solve in IIA_SOLUTIONS.values():
        smaller = _cut_through(problem, solve(problem).point, (a1, a2), slack)
        if smaller is not None:
            assert_independent_of_irrelevant_alternatives(solve, problem, smaller)


def _cut_through(problem, point, normal, slack=0):
    """S cut by ``normal . u <= normal . point + slack``: it keeps the point. ``None`` when the
    cut leaves no gains from trade (T is then not a bargaining problem)."""
    bound = normal[0] * point[0] + normal[1] * point[1] + slack
    try:
        return BargainingProblem.from_vertices(
            cut(problem.vertices, normal, bound), problem.disagreement
        )
    except NoGainsFromTradeError:
        return None


def _violates(assertion, *arguments) -> bool:
    try:
        assertion(*arguments)
    except AssertionError:
        return True
    except ValueError:  # outside the axiom's premise: not a counterexample
        return False
    return False


SEARCH = settings(max_examples=2000, database=None, derandomize=True)


def test_kalai_smorodinsky_violates_iia_found_by_hypothesis():
    """The search shrinks to the unit pie cut at u2 <= 1/2: KS moves from (1/2, 1/2), still
    feasible, to (2/3, 1/3) because player 2's ideal payoff fell."""

    def violates(case):
        problem, a1, a2 = case
        smaller = _cut_through(problem, kalai_smorodinsky(problem).point, (a1, a2))
        return smaller is not None and _violates(
            assert_independent_of_irrelevant_alternatives, kalai_smorodinsky, problem, smaller
        )

    problem, a1, a2 = find(
        st.tuples(problems(), st.integers(0, 3), st.integers(1, 3)), violates, settings=SEARCH
    )
    smaller = _cut_through(problem, kalai_smorodinsky(problem).point, (a1, a2))
    with pytest.raises(AssertionError, match="not independent of irrelevant alternatives"):
        assert_independent_of_irrelevant_alternatives(kalai_smorodinsky, problem, smaller)


def enlarged_for_player_2(problem, extra):
    """T = hull(S, extra points and their projections), extra points capped at player 1's
    ideal payoff so that a_1 stays (KS 1975's premise for player 2)."""
    cap = problem.ideal_point()[0]
    points = [(min(a, cap), b) for a, b in extra]
    return BargainingProblem.from_vertices(
        [*problem.vertices, *points, *((a, 0) for a, _ in points), *((0, b) for _, b in points)],
        problem.disagreement,
    )


enlargements = st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=2)


@PROPERTY
@given(problems(), enlargements)
def test_kalai_smorodinsky_and_egalitarian_individual_monotonicity_on_polygons(problem, extra):
    larger = enlarged_for_player_2(problem, extra)
    assume(larger.ideal_point()[0] == problem.ideal_point()[0])
    for solve in (kalai_smorodinsky, egalitarian):
        assert_individually_monotone(solve, problem, larger, player=1)


def test_nash_violates_individual_monotonicity_found_by_hypothesis():
    """The search shrinks to S = hull{(0,0), (2,0), (1,2), (0,2)} with (2, 1) added: player 1's
    ideal stays 2, player 2 can reach more, yet Nash moves from (1, 2) to (3/2, 3/2)."""

    def violates(case):
        problem, extra = case
        larger = enlarged_for_player_2(problem, extra)
        return _violates(assert_individually_monotone, nash_bargaining, problem, larger, 1)

    problem, extra = find(st.tuples(problems(), enlargements), violates, settings=SEARCH)
    with pytest.raises(AssertionError, match="not individually monotone: player 2's payoff"):
        assert_individually_monotone(
            nash_bargaining, problem, enlarged_for_player_2(problem, extra), player=1
        )


@settings(max_examples=10, deadline=None)
@given(st.integers(1, 10).map(lambda k: F(k, 10)))
def test_kalai_smorodinsky_individual_monotonicity(eps):
    """IM on frontiers: raising 2's frontier by eps*u1*(a1-u1) keeps a1 and raises KS_2.

    The base frontier must have f'(d1) < 0: on 1 - u1**2 (theory-notes' example of §1.2) any
    eps > 0 makes the raised frontier increasing near 0, and 2's ideal point moves inside.
    """
    u = sympy.Symbol("u1", nonnegative=True)
    low = BargainingProblem.from_frontier(1 - u, u)
    high = BargainingProblem.from_frontier(1 - u + eps * u * (1 - u), u, upper=1)
    assert high.ideal_point() == low.ideal_point()
    assert_individually_monotone(kalai_smorodinsky, low, high, player=1)
    assert_individually_monotone(egalitarian, low, high, player=1)  # IM for E (comprehensive S)


@PROPERTY
@given(problems(), st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=3))
def test_egalitarian_strong_monotonicity(problem, extra):
    bigger = BargainingProblem.from_vertices(
        [*problem.vertices, *extra, *((a, 0) for a, _ in extra), *((0, b) for _, b in extra)],
        problem.disagreement,
    )
    small, large = egalitarian(problem).point, egalitarian(bigger).point
    assert large[0] >= small[0] and large[1] >= small[1]


def test_generalised_nash_limits_and_monotonicity():
    pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], (F(1, 10), F(1, 5)))
    shares = [nash_bargaining(pie, (a, 1 - a)).u1 for a in (F(k, 20) for k in range(1, 20))]
    assert shares == sorted(shares)
    s = BargainingProblem.from_vertices([(0, 0), (3, 0), (2, 2), (0, 3)])
    assert nash_bargaining(s, (999, 1)).u1 == pytest.approx(3, abs=1e-2)


# -- independent numeric methods -----------------------------------------------------------------


@PROPERTY
@given(problems(), st.sampled_from([(1, 1), (1, 2), (3, 1)]))
def test_nash_agrees_with_dense_boundary_search(problem, weights):
    alpha = weights[0] / sum(weights)
    d = np.array([float(c) for c in problem.disagreement])
    samples = on_segment_samples(problem) - d
    samples = samples[(samples > 0).all(axis=1)]
    values = alpha * np.log(samples[:, 0]) + (1 - alpha) * np.log(samples[:, 1])
    point = np.array([float(c) for c in nash_bargaining(problem, weights).point]) - d
    ours = alpha * np.log(point[0]) + (1 - alpha) * np.log(point[1])
    assert ours >= values.max() - 1e-12


@PROPERTY
@given(problems())
def test_ray_solutions_agree_with_bisection(problem):
    d = np.array([float(c) for c in problem.disagreement])
    a = np.array([float(c) for c in problem.ideal_point()])
    hull = [tuple(map(float, v)) for v in problem.vertices]

    def inside(x):
        return all(
            (q[0] - p[0]) * (x[1] - p[1]) - (q[1] - p[1]) * (x[0] - p[0]) >= -1e-12
            for p, q in zip(hull, hull[1:] + hull[:1], strict=True)
        )

    for direction, solve in ((a - d, kalai_smorodinsky), (np.array([1.0, 1.0]), egalitarian)):
        lo, hi = 0.0, 100.0
        for _ in range(80):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if inside(d + mid * direction) else (lo, mid)
        expected = d + lo * direction
        assert np.allclose([float(c) for c in solve(problem).point], expected, atol=1e-9)


@PROPERTY
@given(problems())
def test_utilitarian_value_agrees_with_vertex_maximum_in_floats(problem):
    samples = on_segment_samples(problem, 50)
    point = utilitarian(problem).point
    assert float(point[0] + point[1]) >= samples.sum(axis=1).max() - 1e-9


# -- frontier problems: k-norm balls (theory-notes §1.6) ---------------------------------------


@settings(max_examples=6, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.sampled_from([2, 3]),
    st.sampled_from([F(1, 2), F(1, 4), F(2, 3)]),
)
def test_k_norm_frontier_against_numeric_optimisation(a1, a2, k, alpha):
    u = sympy.Symbol("u1", nonnegative=True)
    f = a2 * (1 - (u / a1) ** k) ** sympy.Rational(1, k)
    problem = BargainingProblem.from_frontier(f, u, upper=a1)
    g = sympy.lambdify(u, f)
    al = float(alpha)
    numeric = minimize_scalar(
        lambda x: -(al * np.log(x) + (1 - al) * np.log(g(x))),
        bounds=(1e-9, a1 - 1e-9),
        method="bounded",
        options={"xatol": 1e-12},
    )
    n1 = float(nash_bargaining(problem, (alpha, 1 - alpha)).u1)
    assert n1 == pytest.approx(numeric.x, abs=1e-6)
    ks = kalai_smorodinsky(problem).point
    assert float(ks[0]) / a1 == pytest.approx(float(ks[1]) / a2, abs=1e-12)
    assert float(ks[1]) == pytest.approx(g(float(ks[0])), abs=1e-12)
    e = egalitarian(problem).point
    assert float(e[0]) == pytest.approx(float(e[1]), abs=1e-12)
    # the frontier solutions agree with a fine polygon approximation of the same set
    xs = [F(a1 * j, 400) for j in range(401)]
    polygon = BargainingProblem.from_vertices(
        [(0, 0), *((x, F(float(g(float(x)))).limit_denominator(10**9)) for x in xs)]
    )
    polygon_n1 = float(nash_bargaining(polygon, (alpha, 1 - alpha)).u1)
    assert polygon_n1 == pytest.approx(n1, abs=a1 / 100)


def test_frontier_validation():
    u = sympy.Symbol("u1", nonnegative=True)
    with pytest.raises(BargainingProblemError, match="increasing"):
        BargainingProblem.from_frontier(1 + u, u, upper=1)
    with pytest.raises(NoGainsFromTradeError):
        BargainingProblem.from_frontier(1 - u, u, (0, 1), upper=1)


@PROPERTY
@given(problems(), st.integers(1, 9), st.integers(1, 9))
def test_polygon_solutions_are_exact_for_any_rational_weights(problem, w1, w2):
    """The Nash FOC on an edge is linear in the edge parameter, so unequal rational weights
    give rational points too (not only equal weights)."""
    for solution in (
        nash_bargaining(problem, (w1, w2)),
        kalai_smorodinsky(problem),
        egalitarian(problem, (w1, w2)),
        utilitarian(problem, (w1, w2)),
    ):
        assert all(isinstance(c, int | Fraction) for c in solution.point)


def test_the_shrunk_counterexamples_by_hand():
    """Independent arithmetic for the two cases the searches above shrink to."""
    s = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 2), (0, 2)])
    t = BargainingProblem.from_vertices([(0, 0), (2, 0), (2, 1), (1, 2), (0, 2)])
    # Nash products: 1 * 2 = 2 at (1, 2) in S; on T's edge u1 + u2 = 3 the product peaks at 9/4
    assert nash_bargaining(s).point == (1, 2)
    assert nash_bargaining(t).point == (F(3, 2), F(3, 2))
    assert kalai_smorodinsky(t).u2 >= kalai_smorodinsky(s).u2
    pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)])
    half = BargainingProblem.from_vertices([(0, 0), (1, 0), (F(1, 2), F(1, 2)), (0, F(1, 2))])
    # ideal (1, 1/2): the ray t * (1, 1/2) leaves T on u1 + u2 = 1 at t = 2/3
    assert kalai_smorodinsky(half).point == (F(2, 3), F(1, 3))
    assert nash_bargaining(half).point == nash_bargaining(pie).point == (F(1, 2), F(1, 2))

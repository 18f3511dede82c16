"""Bargaining solutions on curved frontiers (issue 15, item 2): ellipses, circles and power
frontiers with disagreement points off the origin, each checked against a direct numeric
maximisation of the solution's defining objective (scipy)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize_scalar

from bargaining.games.bargaining_problem import BargainingProblem, BargainingProblemError
from bargaining.solvers.axiomatic import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)

F = Fraction
u = sympy.Symbol("u1", nonnegative=True)

FRONTIERS = {
    "ellipse": sympy.sqrt(1 - u**2 / 4),
    "circle": sympy.sqrt(1 - u**2),
    "power 3/2": 1 - u ** sympy.Rational(3, 2),
    "power 2": 1 - u**2,
    "power 3": 1 - u**3,
}
POINTS = [(F(1, 2), F(1, 5)), (F(1, 10), F(3, 10)), (F(1, 4), F(1, 4))]
CASES = [(name, d) for name in FRONTIERS for d in POINTS]


def _problem(name: str, d) -> tuple[BargainingProblem, object, float, float]:
    problem = BargainingProblem.from_frontier(FRONTIERS[name], u, d)
    f = sympy.lambdify(u, FRONTIERS[name], "math")
    return problem, f, float(problem.domain[0]), float(problem.domain[1])


def _close(point, expected) -> None:
    assert [float(c) for c in point] == pytest.approx(list(expected), abs=1e-7)


@pytest.mark.parametrize(("name", "d"), CASES)
@pytest.mark.parametrize("alpha", [F(1, 2), F(1, 4)])
def test_nash_maximises_the_nash_product(name, d, alpha) -> None:
    problem, f, low, high = _problem(name, d)
    solution = nash_bargaining(problem, (alpha, 1 - alpha))
    a, d1, d2 = float(alpha), float(d[0]), float(d[1])

    def minus_log_product(x: float) -> float:
        gain = f(x) - d2
        return (
            math.inf if gain <= 0 or x <= d1 else -(a * math.log(x - d1) + (1 - a) * math.log(gain))
        )

    best = minimize_scalar(
        minus_log_product, bounds=(low, high), method="bounded", options={"xatol": 1e-12}
    )
    _close(solution.point, (best.x, f(best.x)))


@pytest.mark.parametrize(("name", "d"), CASES)
def test_kalai_smorodinsky_is_the_last_feasible_point_towards_the_ideal(name, d) -> None:
    problem, f, low, high = _problem(name, d)
    d1, d2 = float(d[0]), float(d[1])
    a1, a2 = high, f(low)
    # the largest t with d + t (a - d) under the frontier
    t = brentq(lambda t: f(d1 + t * (a1 - d1)) - (d2 + t * (a2 - d2)), 0, 1, xtol=1e-14)
    _close(kalai_smorodinsky(problem).point, (d1 + t * (a1 - d1), d2 + t * (a2 - d2)))


@pytest.mark.parametrize(("name", "d"), CASES)
def test_egalitarian_gives_equal_gains_as_far_as_feasible(name, d) -> None:
    problem, f, _low, high = _problem(name, d)
    d1, d2 = float(d[0]), float(d[1])
    t = brentq(lambda t: f(d1 + t) - (d2 + t), 0, high - d1, xtol=1e-14)
    _close(egalitarian(problem).point, (d1 + t, d2 + t))


@pytest.mark.parametrize(("name", "d"), CASES)
def test_utilitarian_maximises_the_sum(name, d) -> None:
    problem, f, low, high = _problem(name, d)
    best = minimize_scalar(
        lambda x: -(x + f(x)), bounds=(low, high), method="bounded", options={"xatol": 1e-12}
    )
    _close(utilitarian(problem).point, (best.x, f(best.x)))


def test_the_issue_ellipse_is_exact_and_fast_enough_to_use() -> None:
    problem = BargainingProblem.from_frontier(sympy.sqrt(1 - u**2 / 4), u, (0.5, 0.2))
    for weights in ((1, 1), (1, 3)):
        u1, u2 = nash_bargaining(problem, weights).point
        assert isinstance(u1, sympy.CRootOf) or u1.is_algebraic  # exact, not a float
        assert float(u1) ** 2 / 4 + float(u2) ** 2 == pytest.approx(1, abs=1e-12)


# -- the same regions given as constraints g(u1, u2) <= c ------------------------------------------

u2 = sympy.Symbol("u2")
CONSTRAINTS = {
    "ellipse": u**2 / 4 + u2**2 <= 1,
    "circle": u**2 + u2**2 <= 1,
    "power 3/2": u2 + u ** sympy.Rational(3, 2) <= 1,
    "power 2": sympy.GreaterThan(1, u2 + u**2),
    "power 3": u2 + u**3 < 1,
}


@pytest.mark.parametrize(("name", "d"), CASES)
def test_a_constraint_has_the_frontier_of_its_upper_boundary(name, d) -> None:
    region = BargainingProblem.from_constraint(CONSTRAINTS[name], (u, u2), d)
    given = BargainingProblem.from_frontier(FRONTIERS[name], u, d)
    assert sympy.simplify(region.frontier - given.frontier) == 0
    assert region.domain == given.domain


@pytest.mark.parametrize("solve", [nash_bargaining, kalai_smorodinsky, egalitarian, utilitarian])
def test_the_issue_ellipse_as_a_constraint_solves_as_its_frontier(solve) -> None:
    d = (F(1, 2), F(1, 5))
    region = BargainingProblem.from_constraint(CONSTRAINTS["ellipse"], (u, u2), d)
    given = BargainingProblem.from_frontier(FRONTIERS["ellipse"], u, d)
    _close(solve(region).point, [float(c) for c in solve(given).point])


@settings(max_examples=8, deadline=None)
@given(
    d1=st.fractions(0, F(3, 2), max_denominator=20),
    d2=st.fractions(0, F(1, 2), max_denominator=20),
    alpha=st.sampled_from([F(1, 2), F(1, 3), F(3, 4)]),
)
def test_nash_on_an_ellipse_constraint_maximises_the_product(d1, d2, alpha) -> None:
    # inside the ellipse with room to gain for both
    assume(d1**2 / 4 + d2**2 < F(9, 10))
    problem = BargainingProblem.from_constraint(u**2 / 4 + u2**2 <= 1, (u, u2), (d1, d2))
    u1_, u2_ = nash_bargaining(problem, (alpha, 1 - alpha)).point
    a, x0, y0 = float(alpha), float(d1), float(d2)
    f = lambda x: math.sqrt(max(0.0, 1 - x * x / 4))  # noqa: E731 - the ellipse's upper half
    best = minimize_scalar(
        lambda x: (
            math.inf
            if x <= x0 or f(x) <= y0
            else -(a * math.log(x - x0) + (1 - a) * math.log(f(x) - y0))
        ),
        bounds=(x0, 2),
        method="bounded",
        options={"xatol": 1e-12},
    )
    assert float(u1_) == pytest.approx(best.x, abs=1e-6)
    assert float(u1_) ** 2 / 4 + float(u2_) ** 2 == pytest.approx(1, abs=1e-12)


@pytest.mark.parametrize(
    ("constraint", "d", "message"),
    [
        (sympy.Eq(u**2 + u2**2, 1), (0, 0), "must be an inequality"),
        (u**2 <= 1, (0, 0), "does not involve u2"),
        (u2**5 + u <= 1, (0, 0), "cannot solve the boundary"),
        (u2 >= u**2, (0, 0), "does not bound u2 from above"),
        (u**2 + u2**2 <= 1, (F(9, 10), F(9, 10)), "does not satisfy the constraint"),
    ],
)
def test_a_bad_constraint_says_what_is_wrong(constraint, d, message) -> None:
    with pytest.raises(BargainingProblemError, match=message):
        BargainingProblem.from_constraint(constraint, (u, u2), d)


def test_a_parametric_constraint_solves_in_the_parameter() -> None:
    a = sympy.Symbol("a", positive=True)
    problem = BargainingProblem.from_constraint(u**2 / a + u2**2 <= 1, (u, u2))
    point = nash_bargaining(problem).point
    # the Nash point of the ellipse u1**2/a + u2**2 <= 1 from the origin: (sqrt(a/2), sqrt(1/2))
    assert sympy.simplify(point[0] - sympy.sqrt(a / 2)) == 0
    assert sympy.simplify(point[1] - sympy.sqrt(sympy.Rational(1, 2))) == 0

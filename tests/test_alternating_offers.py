"""Rubinstein bargaining: closed forms against backward induction of long finite horizons."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from bargaining.errors import GameError
from bargaining.games.bargaining_problem import BargainingProblem
from bargaining.theory.alternating_offers import (
    rubinstein,
    rubinstein_breakdown,
    rubinstein_limit,
)

F = Fraction
PROPERTY = settings(max_examples=300, deadline=None)
unit = st.integers(1, 95).map(lambda k: F(k, 100))


def backward_induction(d1, d2, w1=0, w2=0, periods=2000, breakdown=0, b=(0, 0)):
    """Finite-horizon SPE (Ståhl 1972) with responder outside options and breakdown.

    Returns (player 1's share when 1 proposes at t = 0, player 2's share when 2 proposes at 0).
    At the horizon the pie is lost. The responder j at t rejects and then opts out (w_j), or
    continues: with probability ``breakdown`` talks end with b_j, else j proposes at t+1,
    discounted by delta_j. The proposer offers exactly j's reservation value.
    """
    deltas, options = (d1, d2), (w1, w2)
    value = [0, 0]  # value[i]: player i's payoff as proposer at t+1
    for t in reversed(range(periods)):
        new = [0, 0]
        for i in (0, 1):
            j = 1 - i
            cont = breakdown * b[j] + (1 - breakdown) * deltas[j] * value[j]
            reservation = max(options[j], cont)
            new[i] = 1 - reservation
        value = new
        del t
    return value[0], value[1]


def test_textbook_values():
    s = rubinstein(F(1, 2), F(1, 2))
    assert s.proposer_1 == (F(2, 3), F(1, 3)) and s.proposer_2 == (F(1, 3), F(2, 3))
    assert s.first_mover_advantage == F(1, 3)
    assert rubinstein(F(9, 10), F(4, 5)).proposer_1 == (F(5, 7), F(2, 7))
    d1, d2 = sympy.symbols("delta_1 delta_2", positive=True)
    x1 = rubinstein(d1, d2).proposer_1[0]
    assert sympy.simplify(x1 - (1 - d2) / (1 - d1 * d2)) == 0
    d = sympy.Symbol("delta", positive=True)
    assert sympy.limit(rubinstein(d, d).proposer_1[0], d, 1) == F(1, 2)


def test_responders_are_indifferent():
    s = rubinstein(F(2, 3), F(3, 4))
    (x1, x2), (y1, y2) = s.proposer_1, s.proposer_2
    assert x2 == F(3, 4) * y2 and y1 == F(2, 3) * x1


@PROPERTY
@given(unit, unit, unit, unit)
def test_comparative_statics(a, b, c, e):
    lo, hi = sorted((a, c))
    if lo < hi:
        assert rubinstein(lo, b).proposer_1[0] < rubinstein(hi, b).proposer_1[0]
        assert rubinstein(b, lo).proposer_1[0] > rubinstein(b, hi).proposer_1[0]
    assert rubinstein(e, e).proposer_1[0] == 1 / (1 + e) > F(1, 2)


def test_stahl_finite_horizon_converges():
    d1, d2 = F(3, 4), F(2, 3)
    target = rubinstein(d1, d2).proposer_1[0]
    errors = [abs(backward_induction(d1, d2, periods=n)[0] - target) for n in (2, 4, 8, 16, 32)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < F(1, 10**3)


@PROPERTY
@given(unit, unit, st.integers(0, 99), st.integers(0, 99))
def test_outside_option_regimes_match_backward_induction(d1, d2, k1, k2):
    w1, w2 = F(k1, 100), F(k2, 100)
    if w1 + w2 >= 1:
        with pytest.raises(GameError):
            rubinstein(d1, d2, outside_options=(w1, w2))
        return
    s = rubinstein(d1, d2, outside_options=(w1, w2))
    x, y = backward_induction(float(d1), float(d2), float(w1), float(w2), periods=800)
    assert float(s.proposer_1[0]) == pytest.approx(x, abs=1e-9)
    assert float(s.proposer_2[1]) == pytest.approx(y, abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(unit, unit, st.integers(0, 49), st.integers(0, 49))
def test_symbolic_piecewise_agrees_with_numbers(d1, d2, k1, k2):
    w1, w2 = F(k1, 100), F(k2, 100)
    a, b, v1, v2 = sympy.symbols("a b v1 v2", positive=True)
    s = rubinstein(a, b, outside_options=(v1, v2))
    values = {a: d1, b: d2, v1: w1, v2: w2}
    numeric = rubinstein(d1, d2, outside_options=(w1, w2))
    assert s.proposer_1[0].subs(values) == numeric.proposer_1[0]
    assert s.proposer_2[1].subs(values) == numeric.proposer_2[1]


def test_outside_option_is_a_constraint_not_a_disagreement_point():
    """Delta -> 0 with r1 = r2: player 2 gets max(1/2, w2), not w2 + (1 - w2)/2."""
    delta = F(9999, 10000)
    for w2 in (F(1, 5), F(1, 2), F(7, 10)):
        share = rubinstein(delta, delta, outside_options=(0, w2)).proposer_1[1]
        assert float(share) == pytest.approx(max(0.5, float(w2)), abs=1e-3)
        if w2 > F(1, 2):
            assert share == w2 != w2 + (1 - w2) / 2


@PROPERTY
@given(unit, st.integers(0, 40), st.integers(0, 40))
def test_breakdown_matches_backward_induction(q, k1, k2):
    b = (F(k1, 100), F(k2, 100))
    s = rubinstein_breakdown(q, breakdown_payoffs=b)
    x, y = backward_induction(1, 1, periods=3000, breakdown=float(q), b=tuple(map(float, b)))
    assert float(s.proposer_1[0]) == pytest.approx(x, abs=1e-9)
    assert float(s.proposer_2[1]) == pytest.approx(y, abs=1e-9)
    assert sum(s.proposer_1) == 1


def test_breakdown_limit_is_symmetric_nash():
    q = sympy.Symbol("q", positive=True)
    s = rubinstein_breakdown(q, breakdown_payoffs=(F(1, 10), F(1, 5)))
    assert sympy.limit(s.proposer_1[0], q, 0) == F(1, 10) + F(7, 20)


@pytest.mark.parametrize(("r1", "r2", "lam", "b"), [(1, 3, 0, (0, 0)), (2, 1, 1, (0.2, 0.3))])
def test_vanishing_period_limit_against_small_delta(r1, r2, lam, b):
    limit = rubinstein_limit(r1, r2, breakdown_rate=lam, breakdown_payoffs=b)
    step = 1e-5
    x, _ = backward_induction(
        math.exp(-r1 * step),
        math.exp(-r2 * step),
        periods=400000,
        breakdown=1 - math.exp(-lam * step),
        b=b,
    )
    assert x == pytest.approx(float(limit.u1), abs=1e-3)


def test_nonlinear_frontier_limit_is_asymmetric_nash():
    u = sympy.Symbol("u1", positive=True)
    problem = BargainingProblem.from_frontier(1 - u**2, u)
    limit = rubinstein_limit(1, 2, problem=problem)
    step = 1e-6
    d1, d2 = math.exp(-step), math.exp(-2 * step)

    def f(v):
        return 1 - v * v

    x1 = brentq(lambda x: f(x) - d2 * f(d1 * x), 1e-9, 1 - 1e-12, xtol=1e-14)
    assert x1 == pytest.approx(float(limit.u1), abs=1e-4)
    alpha = F(2, 3)
    assert sympy.simplify(limit.u1 - sympy.sqrt(alpha / (alpha + 2 * (1 - alpha)))) == 0


def test_symbolic_limit_and_errors():
    r1, r2 = sympy.symbols("r1 r2", positive=True)
    assert sympy.simplify(rubinstein_limit(r1, r2).u1 - r2 / (r1 + r2)) == 0
    with pytest.raises(GameError):
        rubinstein(F(3, 2), F(1, 2))
    with pytest.raises(GameError):
        rubinstein(F(1, 2), F(1, 2), outside_options=(-1, 0))


def test_worse_outside_option_buys_the_proposer_nothing_beyond_a_point():
    """Scenario 'surrender or die': once w2 <= delta2 * Y, lowering it further changes nothing."""
    d1, d2 = F(9, 10), F(9, 10)
    bound = d2 * rubinstein(d1, d2).proposer_2[1]
    shares = [rubinstein(d1, d2, outside_options=(0, bound * k / 4)).proposer_1 for k in range(5)]
    assert len(set(shares)) == 1
    higher = rubinstein(d1, d2, outside_options=(0, bound + F(1, 100))).proposer_1
    assert higher[1] == bound + F(1, 100) > shares[0][1]


# -- alternating offers on a concave frontier at a finite period length (issue 15) ---------


def _frontier_backward_induction(f, top, d1, d2, q, b1, b2, periods):
    """Finite-horizon alternating offers on u2 = f(u1) (Ståhl 1972), in floats: in the last
    period the proposer takes all; before it, the proposer leaves the responder exactly the
    value of rejecting (breakdown with probability q, else the next period discounted)."""
    from scipy.optimize import brentq

    def inverse(v):  # u1 with f(u1) = v on [0, top]
        return brentq(lambda x: f(x) - v, 0, top, xtol=1e-15) if v < f(0) else 0.0

    # values (u1, u2) of the game starting at the last period, by who proposes there
    proposer_is_1 = periods % 2 == 1
    value = (top, f(top)) if proposer_is_1 else (0.0, f(0))
    for _ in range(periods - 1):
        proposer_is_1 = not proposer_is_1
        if proposer_is_1:
            keep = q * b2 + (1 - q) * d2 * value[1]
            x = inverse(keep)
            value = (x, f(x))
        else:
            give = q * b1 + (1 - q) * d1 * value[0]
            value = (give, f(give))
    return value


U = sympy.Symbol("u1", nonnegative=True)
FRONTIERS = {"1 - u**2": 1 - U**2, "sqrt(1 - u**2)": sympy.sqrt(1 - U**2), "1 - u": 1 - U}


@pytest.mark.parametrize("name", FRONTIERS)
@pytest.mark.parametrize(
    ("d1", "d2", "q", "b"),
    [
        (F(9, 10), F(4, 5), 0, (0, 0)),
        (F(1, 2), F(3, 4), 0, (0, 0)),
        (F(19, 20), F(9, 10), F(1, 10), (F(1, 10), F(1, 5))),
        (1, 1, F(1, 5), (F(1, 5), F(1, 10))),
    ],
)
def test_frontier_offers_match_finite_horizon_backward_induction(name, d1, d2, q, b) -> None:
    from bargaining.games.bargaining_problem import BargainingProblem
    from bargaining.theory import frontier_offers

    problem = BargainingProblem.from_frontier(FRONTIERS[name], U)
    offers = frontier_offers(problem, delta_1=d1, delta_2=d2, breakdown=q, breakdown_payoffs=b)
    f = sympy.lambdify(U, FRONTIERS[name], "math")
    top = float(problem.domain[1])
    args = (f, top, float(d1), float(d2), float(q), float(b[0]), float(b[1]))
    # an odd horizon long enough for the stationary SPE to be the limit (Ståhl 1972)
    x1, x2 = _frontier_backward_induction(*args, periods=2001)
    assert [float(v) for v in offers.proposer_1] == pytest.approx([x1, x2], abs=1e-9)


def test_frontier_offers_on_the_pie_are_rubinstein_and_breakdown() -> None:
    from bargaining.games.bargaining_problem import BargainingProblem
    from bargaining.theory import frontier_offers

    pie = BargainingProblem.from_frontier(1 - U, U)
    offers = frontier_offers(pie, delta_1=F(2, 3), delta_2=F(3, 4))
    assert offers.proposer_1 == rubinstein(F(2, 3), F(3, 4)).proposer_1
    assert offers.proposer_2 == rubinstein(F(2, 3), F(3, 4)).proposer_2
    b = (F(1, 10), F(1, 5))
    broken = frontier_offers(pie, delta_1=1, delta_2=1, breakdown=F(1, 2), breakdown_payoffs=b)
    assert broken.proposer_1 == rubinstein_breakdown(F(1, 2), breakdown_payoffs=b).proposer_1


def test_frontier_offers_tend_to_the_asymmetric_nash_solution() -> None:
    from bargaining.games.bargaining_problem import BargainingProblem
    from bargaining.theory import frontier_offers

    problem = BargainingProblem.from_frontier(1 - U**2, U)
    limit = rubinstein_limit(1, 3, problem=problem)
    gaps = []
    for delta in (F(1, 10), F(1, 100), F(1, 1000)):  # period length
        d1, d2 = sympy.exp(-delta), sympy.exp(-3 * delta)
        d1, d2 = (F(str(sympy.N(v, 30))) for v in (d1, d2))
        x1 = frontier_offers(problem, delta_1=d1, delta_2=d2).proposer_1[0]
        gaps.append(abs(float(x1) - float(limit.u1)))
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3

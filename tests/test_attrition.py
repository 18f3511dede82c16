"""War of attrition: closed forms against numeric indifference, quadrature and best responses."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from bargaining.errors import GameError
from bargaining.theory.attrition import private_value_attrition, war_of_attrition

F = Fraction
PROPERTY = settings(max_examples=100, deadline=None)
positive = st.integers(1, 20).map(lambda k: F(k, 4))


def quit_payoff(t, value, cost, opponent_hazard):
    """Expected payoff of quitting at t against an exponential opponent, by quadrature."""
    lam = opponent_hazard
    won, _ = quad(lambda s: (value - cost * s) * lam * math.exp(-lam * s), 0, t)
    return won - cost * t * math.exp(-lam * t)


@PROPERTY
@given(positive, positive, positive, positive)
def test_stationary_equilibrium_makes_each_side_indifferent(c1, v1, c2, v2):
    e = war_of_attrition(cost_1=c1, value_1=v1, cost_2=c2, value_2=v2)
    lam1, lam2 = (float(h) for h in e.hazards)
    for t in (0.1, 1.0, 5.0):
        assert quit_payoff(t, float(v1), float(c1), lam2) == pytest.approx(0, abs=1e-9)
        assert quit_payoff(t, float(v2), float(c2), lam1) == pytest.approx(0, abs=1e-9)
    duration, _ = quad(lambda s: math.exp(-(lam1 + lam2) * s), 0, math.inf)
    assert float(e.expected_duration) == pytest.approx(duration, rel=1e-9)
    win, _ = quad(lambda s: lam2 * math.exp(-(lam1 + lam2) * s), 0, math.inf)
    assert float(e.win_probability[0]) == pytest.approx(win, rel=1e-9)
    assert sum(e.win_probability) == 1 and e.expected_payoffs == (0, 0)


def test_symmetric_textbook_and_counter_intuitive_asymmetry():
    e = war_of_attrition(cost_1=1, value_1=4)
    assert e.hazards == (F(1, 4), F(1, 4)) and e.expected_duration == 2
    # player 1 has the lower cost/value ratio, yet concedes faster
    e = war_of_attrition(cost_1=1, value_1=4, cost_2=1, value_2=2)
    assert e.hazards[0] > e.hazards[1] and e.win_probability[0] < F(1, 2)
    c, v = sympy.symbols("c V", positive=True)
    assert war_of_attrition(cost_1=c, value_1=v).hazards == (c / v, c / v)


def test_other_equilibria_on_request():
    e = war_of_attrition(cost_1=1, value_1=4, cost_2=1, value_2=2, equilibrium="player 1 concedes")
    assert e.win_probability == (0, 1) and e.expected_duration == 0 and e.expected_payoffs == (0, 2)
    e = war_of_attrition(cost_1=1, value_1=4, cost_2=1, value_2=2, equilibrium="player 2 concedes")
    assert e.expected_payoffs == (4, 0)
    with pytest.raises(GameError):
        war_of_attrition(cost_1=1, value_1=4, equilibrium="war")
    with pytest.raises(GameError):
        war_of_attrition(cost_1=0, value_1=4)


def test_private_values_uniform_closed_forms():
    c = sympy.Symbol("c", positive=True)
    r = private_value_attrition(c)
    v = r.variable
    assert sympy.simplify(r.quit_time - (-sympy.log(1 - v) - v) / c) == 0
    assert r.expected_payoff == v**2 / 2
    assert sympy.simplify(r.expected_duration - 1 / (6 * c)) == 0


@pytest.mark.parametrize("cost", [F(1, 2), 1, 3])
def test_private_values_best_response_and_duration_numerically(cost):
    r = private_value_attrition(cost)
    quit_time = sympy.lambdify(r.variable, r.quit_time, "numpy")
    c = float(cost)
    xs = np.linspace(0, 0.999, 4001)
    times = quit_time(xs)
    weights = np.full_like(xs, xs[1] - xs[0])
    for value in (0.2, 0.5, 0.8):
        # payoff of quitting at b against an opponent playing T: win when T(x) < b
        bids = np.linspace(0, 3 * float(quit_time(0.95)), 3001)
        payoffs = [
            np.sum(((value - c * times) * weights)[times < b])
            - c * b * (1 - xs[times < b].size * (xs[1] - xs[0]))
            for b in bids
        ]
        best = bids[int(np.argmax(payoffs))]
        assert best == pytest.approx(float(quit_time(value)), abs=0.02 / c + 0.01)
        assert max(payoffs) == pytest.approx(value**2 / 2, abs=5e-3)
    duration, _ = quad(lambda m: float(quit_time(m)) * 2 * (1 - m), 0, 1)
    assert float(r.expected_duration) == pytest.approx(duration, rel=1e-6)


def test_private_values_other_distribution():
    """F(v) = v^2 on [0, 1]: T(v) = (1/c) ∫ 2x^2/(1-x^2); check against quadrature."""
    v = sympy.Symbol("v", nonnegative=True)
    r = private_value_attrition(1, cdf=v**2, variable=v)
    numeric, _ = quad(lambda x: 2 * x * x / (1 - x * x), 0, 0.6)
    assert float(r.quit_time.subs(v, F(3, 5))) == pytest.approx(numeric, rel=1e-9)
    assert r.expected_payoff == v**3 / 3

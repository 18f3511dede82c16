"""Fearon (1995): bargaining range, indivisibility, risk-return trade-off against grid search."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.errors import GameError
from bargaining.theory.war import fearon_range, indivisible_issue, risk_return_offer

F = Fraction
PROPERTY = settings(max_examples=200, deadline=None)
prob = st.integers(1, 99).map(lambda k: F(k, 100))
cost = st.integers(0, 60).map(lambda k: F(k, 100))


@PROPERTY
@given(prob, cost, cost)
def test_range_is_where_both_prefer_peace(p, ca, cb):
    r = fearon_range(p, c_a=ca, c_b=cb)
    assert r.exists and r.width == r.high - r.low >= 0
    grid = [F(k, 200) for k in range(201)]
    inside = [x for x in grid if x >= p - ca and 1 - x >= 1 - p - cb]
    assert all(r.low <= x <= r.high for x in inside)
    assert all(x in inside for x in grid if r.low <= x <= r.high)
    if ca <= p <= 1 - cb:
        assert r.width == ca + cb


def test_symbolic_range():
    p, ca, cb = sympy.symbols("p c_A c_B", positive=True)
    r = fearon_range(p, c_a=ca, c_b=cb)
    values = {p: F(1, 2), ca: F(1, 10), cb: F(1, 5)}
    assert (r.low.subs(values), r.high.subs(values)) == (F(2, 5), F(7, 10))
    assert bool(r.exists.subs(values))


@PROPERTY
@given(prob, cost, cost)
def test_indivisibility_war_condition(p, ca, cb):
    r = indivisible_issue(p, c_a=ca, c_b=cb)
    assert r.war == (ca < p < 1 - cb)
    assert r.lottery_range == fearon_range(p, c_a=ca, c_b=cb)


def test_indivisibility_symbolic_matches_numbers():
    p = sympy.Symbol("p", positive=True)
    condition = indivisible_issue(p, c_a=F(1, 10), c_b=F(1, 5)).war
    for k in range(1, 100):
        value = F(k, 100)
        assert (
            bool(condition.subs(p, value))
            == indivisible_issue(value, c_a=F(1, 10), c_b=F(1, 5)).war
        )


def grid_offer(p, ca, lo, hi, n=20001):
    x = np.linspace(0, 1, n)
    war = np.clip((x - p - lo) / (hi - lo), 0, 1)
    eu = (1 - war) * x + war * (p - ca)
    k = int(np.argmax(eu))
    return x[k], war[k], eu[k]


@PROPERTY
@given(prob, cost, cost, st.integers(1, 60).map(lambda k: F(k, 100)))
def test_risk_return_offer_against_grid_search(p, ca, lo, spread):
    hi = lo + spread
    r = risk_return_offer(p, c_a=ca, c_low=lo, c_high=hi)
    _, _, eu = grid_offer(float(p), float(ca), float(lo), float(hi))
    assert float(r.expected_utility) == pytest.approx(eu, abs=1e-4)
    assert float(r.expected_utility) >= eu - 1e-12
    assert 0 <= r.war_probability <= 1
    assert r.offer == p + r.premium <= 1
    assert all(isinstance(v, int | Fraction) for v in (r.offer, r.war_probability))


def test_uniform_textbook_values_and_comparative_statics():
    # c_lo = 0, c_A < c_hi: Pr(war) = 1/2 - c_A/(2 c_hi)
    r = risk_return_offer(F(1, 2), c_a=F(1, 10), c_low=0, c_high=F(3, 10))
    assert r.war_probability == F(1, 2) - F(1, 10) / (2 * F(3, 10))
    # c_A >= c_hi: offer p, no war
    r = risk_return_offer(F(1, 2), c_a=F(2, 5), c_low=0, c_high=F(3, 10))
    assert (r.offer, r.war_probability) == (F(1, 2), 0)
    # symbolic: dx/dp = 1, dPr/dp = 0 in the interior
    p, ca, ch = sympy.symbols("p c_A c_hi", positive=True)
    values = {ca: F(1, 10), ch: F(1, 2)}
    r = risk_return_offer(p, c_a=ca, c_low=0, c_high=ch)
    for pv in (F(1, 5), F(1, 2), F(3, 5)):
        point = {**values, p: pv}
        assert sympy.diff(r.offer, p).subs(point) == 1
        assert sympy.diff(r.war_probability, p).subs(point) == 0
    # cap binds: Pr(war) = (1 - p - c_lo)/(c_hi - c_lo), falling in p
    capped = [
        risk_return_offer(F(k, 10), c_a=0, c_low=0, c_high=1).war_probability for k in (6, 7, 8)
    ]
    assert capped == [F(2, 5), F(3, 10), F(1, 5)]


def test_corner_where_every_type_accepts_the_whole_issue():
    """1 - p < c_lo: the notes' formula would give a negative probability; we return 0."""
    r = risk_return_offer(F(9, 10), c_a=0, c_low=F(1, 5), c_high=F(1, 2))
    assert (r.offer, r.war_probability) == (1, 0)


def test_errors():
    with pytest.raises(GameError):
        fearon_range(F(3, 2), c_a=0, c_b=0)
    with pytest.raises(GameError):
        fearon_range(F(1, 2), c_a=-1, c_b=0)
    with pytest.raises(GameError):
        risk_return_offer(F(1, 2), c_a=0, c_low=F(1, 2), c_high=F(1, 2))

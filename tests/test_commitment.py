"""Shifting power (Powell): closed forms against backward induction of two protocols."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.errors import GameError
from bargaining.theory.commitment import (
    ceasefire_rearmament,
    commitment_problem,
    gradual_power_shift,
    largest_absorbable_shift,
)

F = Fraction
PROPERTY = settings(max_examples=300, deadline=None)
prob = st.integers(1, 99).map(lambda k: F(k, 100))
cost = st.integers(0, 30).map(lambda k: F(k, 100))
discount = st.integers(1, 99).map(lambda k: F(k, 100))


def bi_declining_proposes(path, c_d, c_r, delta):
    """D offers every period; R accepts or attacks; either may attack. War flags per period."""
    last = len(path) - 1
    d_val = min(1, path[last] + c_r)  # stationary tail: D keeps all but R's war value
    r_val = 1 - d_val
    wars = [False] * len(path)
    for t in range(last - 1, -1, -1):
        m = path[t]
        # largest x with (1-delta)(1-x) + delta r_val >= 1 - m - c_r
        x = 1 - (1 - m - c_r - delta * r_val) / (1 - delta)
        x = min(x, 1)
        peace = x >= 0 and (1 - delta) * x + delta * d_val >= m - c_d
        if peace:
            d_val, r_val = (1 - delta) * x + delta * d_val, (1 - delta) * (1 - x) + delta * r_val
        else:
            wars[t] = True
            d_val, r_val = m - c_d, 1 - m - c_r
    return wars


def bi_rising_proposes(path, c_d, c_r, delta):
    """R offers every period; D accepts or attacks; R may attack too."""
    last = len(path) - 1
    d_val = max(path[last] - c_d, 0)
    r_val = 1 - d_val
    wars = [False] * len(path)
    for t in range(last - 1, -1, -1):
        m = path[t]
        x = max(0, (m - c_d - delta * d_val) / (1 - delta))
        peace = x <= 1 and (1 - delta) * (1 - x) + delta * r_val >= 1 - m - c_r
        if peace:
            d_val, r_val = (1 - delta) * x + delta * d_val, (1 - delta) * (1 - x) + delta * r_val
        else:
            wars[t] = True
            d_val, r_val = m - c_d, 1 - m - c_r
    return wars


@PROPERTY
@given(prob, prob, cost, cost, discount)
def test_one_time_shift_against_backward_induction(m0, m1, c_d, c_r, delta):
    m0, m1 = max(m0, m1), min(m0, m1)  # power shifts towards R (theory-notes §4.2)
    path = [m0, m1]
    any_war = commitment_problem(m0=m0, m1=m1, c_d=c_d, c_r=c_r, delta=delta).war
    assert any_war == bi_declining_proposes(path, c_d, c_r, delta)[0]
    rising = commitment_problem(
        m0=m0, m1=m1, c_d=c_d, c_r=c_r, delta=delta, protocol="rising-proposes"
    )
    assert rising.war == bi_rising_proposes(path, c_d, c_r, delta)[0]
    if any_war:
        assert rising.war  # the rising-proposes protocol is more war-prone
    if not rising.war:
        x0 = rising.offer
        after = max(m1 - c_d, 0)
        assert (1 - delta) * x0 + delta * after >= m0 - c_d or x0 == 1


@PROPERTY
@given(st.lists(prob, min_size=2, max_size=6), cost, cost, discount)
def test_gradual_paths_against_backward_induction(path, c_d, c_r, delta):
    path = sorted(path, reverse=True)  # D declines along the path
    shift = gradual_power_shift(path, c_d=c_d, c_r=c_r, delta=delta)
    every = shift.war_unavoidable
    declining = bi_declining_proposes(path, c_d, c_r, delta)
    # the every-protocol test at t says that war starts at t *or later* (not necessarily at t)
    assert list(every) == [any(declining[t:]) for t in range(len(path))]
    # the last period with a positive margin is the last period at which BI starts a war
    positive = [t for t, g in enumerate(shift.margins) if g > 0]
    fights = [t for t, war in enumerate(declining) if war]
    assert positive[-1:] == fights[-1:]
    assert shift.first_positive_margin == (positive[0] if positive else None)
    rising = gradual_power_shift(path, c_d=c_d, c_r=c_r, delta=delta, protocol="rising-proposes")
    assert list(rising.war_unavoidable) == bi_rising_proposes(path, c_d, c_r, delta)
    wars = [t for t, war in enumerate(rising.war_unavoidable) if war]
    assert rising.first_positive_margin == (wars[0] if wars else None)


@PROPERTY
@given(prob, cost, cost, discount)
def test_critical_m1_is_the_boundary(m0, c_d, c_r, delta):
    for protocol in ("any", "rising-proposes"):
        r = commitment_problem(m0=m0, m1=m0 / 2, c_d=c_d, c_r=c_r, delta=delta, protocol=protocol)
        critical = r.critical_m1
        assert r.largest_shift == m0 - critical
        if protocol == "rising-proposes" and critical - F(1, 10**6) < c_d:
            continue  # the closed form for m1* assumes m1 >= c_D
        above = commitment_problem(
            m0=m0, m1=critical, c_d=c_d, c_r=c_r, delta=delta, protocol=protocol
        ).war
        below = commitment_problem(
            m0=m0, m1=critical - F(1, 10**6), c_d=c_d, c_r=c_r, delta=delta, protocol=protocol
        ).war
        assert not above and below


def test_patient_limit_shift_exceeds_costs():
    c_d, c_r, d, m0, m1 = sympy.symbols("c_D c_R delta m_0 m_1", positive=True)
    assert (
        sympy.limit(largest_absorbable_shift(m0=m0, c_d=c_d, c_r=c_r, delta=d), d, 1) == c_d + c_r
    )
    assert (
        sympy.limit(
            largest_absorbable_shift(m0=m0, c_d=c_d, c_r=c_r, delta=d, protocol="rising-proposes"),
            d,
            1,
        )
        == 0
    )
    condition = commitment_problem(m0=m0, m1=m1, c_d=c_d, c_r=c_r, delta=d).war
    values = {m0: F(7, 10), m1: F(4, 10), c_d: F(1, 10), c_r: F(1, 10), d: F(9, 10)}
    assert bool(condition.subs(values)) is True


def test_small_steps_add_up_to_war():
    path = [F(8, 10), F(7, 10), F(6, 10), F(5, 10)]
    tenth, d = F(1, 10), F(19, 20)
    assert gradual_power_shift(path, c_d=tenth, c_r=tenth, delta=d).war_unavoidable[0]
    assert not any(
        commitment_problem(m0=a, m1=b, c_d=tenth, c_r=tenth, delta=d).war
        for a, b in itertools.pairwise(path)
    )


@PROPERTY
@given(prob, st.integers(1, 100).map(lambda k: F(k, 100)), cost, cost, prob, discount)
def test_rearmament_threshold(m0, rho, c_r, c_u, s, delta):
    r = ceasefire_rearmament(m0=m0, rho=rho, c_r=c_r, c_u=c_u, status_quo=s, delta=delta)
    assert r.rejects == (m0 > r.leverage_threshold)
    assert r.m1 == m0 - rho * (m0 - F(1, 2))
    # Russia's best post-ceasefire continuation (it proposes, Ukraine gets its war value):
    post = bi_declining_proposes([r.m1, r.m1], c_r, c_u, delta)
    assert not any(post)
    best = min(1, r.m1 + c_u)
    assert r.rejects == (m0 - c_r > (1 - delta) * s + delta * best) or best == 1
    # a verifiable arms limit (smaller rho) raises the threshold when Russia has the edge
    # (m0* > 1/2); below 1/2 "rearming" moves m towards 1/2 in Russia's favour
    if rho > F(1, 100):
        lower = ceasefire_rearmament(
            m0=m0, rho=rho - F(1, 100), c_r=c_r, c_u=c_u, status_quo=s, delta=delta
        )
        if r.leverage_threshold > F(1, 2):
            assert lower.leverage_threshold > r.leverage_threshold
        elif r.leverage_threshold < F(1, 2):
            assert lower.leverage_threshold < r.leverage_threshold


def test_ceasefire_patient_limit():
    c_r, c_u, rho, s, d = sympy.symbols("c_R c_U rho s delta", positive=True)
    threshold = ceasefire_rearmament(
        m0=F(7, 10), rho=rho, c_r=c_r, c_u=c_u, status_quo=s, delta=d
    ).leverage_threshold
    assert sympy.simplify(sympy.limit(threshold, d, 1) - (F(1, 2) + (c_r + c_u) / rho)) == 0


def test_errors():
    with pytest.raises(GameError):
        commitment_problem(m0=F(1, 2), m1=F(1, 4), c_d=0, c_r=0, delta=1)
    with pytest.raises(GameError):
        commitment_problem(m0=F(1, 2), m1=F(1, 4), c_d=0, c_r=0, delta=F(1, 2), protocol="nobody")
    with pytest.raises(GameError):
        gradual_power_shift([sympy.Symbol("m"), F(1, 2)], c_d=0, c_r=0, delta=F(1, 2))

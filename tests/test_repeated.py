"""Ceasefire threshold: closed form against direct evaluation of deviation payoffs."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bargaining.errors import GameError
from bargaining.theory.repeated import StageGame, grim_trigger_threshold

F = Fraction
PROPERTY = settings(max_examples=300, deadline=None)
small = st.integers(-10, 10)
share = st.integers(0, 20).map(lambda k: F(k, 20))


def deviation_gain(stage, delta, q, fee, pun, *, always=False):
    """Value of violating minus value of holding, computed from the game's rules (not the
    formula): truncated sums of discounted payoffs under grim trigger."""
    t, r = stage.temptation, stage.reward
    hold = r / (1 - delta)
    punished = pun / (1 - delta)
    if not always:  # one violation, then comply
        value = t - q * fee + delta * (q * punished + (1 - q) * hold)
    else:  # violate every period until detected: V = T - qF + delta (q P/(1-d) + (1-q) V)
        value = (t - q * fee + delta * q * punished) / (1 - delta * (1 - q))
    return value - hold


@st.composite
def stage_games(draw):
    s, p, r, t = sorted(draw(st.lists(small, min_size=4, max_size=4, unique=True)))
    return StageGame(temptation=t, reward=r, punishment=p, sucker=s)


@PROPERTY
@given(stage_games(), share, st.integers(0, 6), st.integers(0, 5))
def test_threshold_against_deviation_payoffs(stage, q, fee, harsher):
    pun = stage.punishment - harsher
    result = grim_trigger_threshold(stage, detection=q, fine=fee, punishment_payoff=pun)
    critical = result.critical_delta
    assert 0 <= critical <= 1
    for delta in (F(k, 50) for k in range(1, 50)):
        holds = deviation_gain(stage, delta, q, fee, pun) <= 0
        assert holds == (delta >= critical)
        if holds:  # repeated undetected violation does not pay either
            assert deviation_gain(stage, delta, q, fee, pun, always=True) <= 0


@PROPERTY
@given(stage_games(), share)
def test_monitoring_alone_never_beats_perfect_monitoring(stage, q):
    result = grim_trigger_threshold(stage, detection=q)
    assert result.critical_delta >= result.perfect_monitoring
    assert grim_trigger_threshold(stage).critical_delta == result.perfect_monitoring


@PROPERTY
@given(stage_games(), share, st.integers(0, 5), st.integers(1, 5))
def test_fines_and_harsher_punishment_lower_the_threshold(stage, q, fee, extra):
    assume(q > 0)
    base = grim_trigger_threshold(stage, detection=q, fine=fee).critical_delta
    assert grim_trigger_threshold(stage, detection=q, fine=fee + extra).critical_delta <= base
    harsher = grim_trigger_threshold(
        stage, detection=q, fine=fee, punishment_payoff=stage.punishment - extra
    ).critical_delta
    assert harsher <= base
    weaker = grim_trigger_threshold(stage, detection=q / 2, fine=fee).critical_delta
    assert weaker >= base or base == 0


def test_textbook_and_self_enforcing():
    pd = StageGame(temptation=5, reward=3, punishment=1, sucker=0)
    assert grim_trigger_threshold(pd).critical_delta == F(1, 2)
    assert grim_trigger_threshold(
        StageGame(temptation=5, reward=3, punishment=1, sucker=-100)
    ).critical_delta == F(1, 2)  # S irrelevant
    r = grim_trigger_threshold(pd, detection=F(1, 2), fine=4)
    assert r.critical_delta == 0 and r.self_enforcing
    assert grim_trigger_threshold(pd, detection=0).critical_delta == 1


def test_symbolic_matches_numbers():
    q, fee, t = sympy.symbols("q F T", positive=True)
    result = grim_trigger_threshold(
        StageGame(temptation=t, reward=3, punishment=1, sucker=0), detection=q, fine=fee
    )
    for values in ({t: 5, q: F(1, 2), fee: 1}, {t: 6, q: 1, fee: 0}, {t: 5, q: F(1, 2), fee: 5}):
        numeric = grim_trigger_threshold(
            StageGame(temptation=values[t], reward=3, punishment=1, sucker=0),
            detection=values[q],
            fine=values[fee],
        )
        assert result.critical_delta.subs(values) == numeric.critical_delta


def test_errors():
    with pytest.raises(GameError):
        StageGame(temptation=3, reward=5, punishment=1, sucker=0)
    with pytest.raises(GameError):
        grim_trigger_threshold(
            StageGame(temptation=5, reward=3, punishment=1, sucker=0), detection=2
        )
    with pytest.raises(GameError):
        grim_trigger_threshold(
            StageGame(temptation=5, reward=3, punishment=1, sucker=0), punishment_payoff=2
        )

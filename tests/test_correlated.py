"""correlated_equilibria and mediator_reach: exact optima, checked by an independent method."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings

from bargaining import GameError, NormalFormGame, load_model, nash_equilibria
from bargaining.solvers.correlated import correlated_equilibria
from bargaining.solvers.mediator import mediator_curve, mediator_reach
from bargaining.testing.strategies import normal_form_games

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHICKEN = NormalFormGame.from_arrays(
    [[[6, 2], [7, 0]], [[6, 7], [2, 0]]],
    players=("Row", "Column"),
    strategies=(("chicken", "dare"), ("chicken", "dare")),
    outcomes=[["peace", "row wins"], ["column wins", "crash"]],
)


def _joint(game: NormalFormGame, distribution) -> dict[tuple[int, ...], Fraction]:
    """Profile indices -> probability, from labelled profiles."""
    return {
        tuple(game.strategy_index(i, label) for i, label in enumerate(profile)): p
        for profile, p in distribution
    }


def _obeys(game: NormalFormGame, joint: dict[tuple[int, ...], object]) -> bool:
    """Obedience written out from the definition (Aumann 1987), one deviation at a time."""
    for i, size in enumerate(game.shape):
        for a, d in itertools.permutations(range(size), 2):
            gain = 0
            for profile, p in joint.items():
                if profile[i] != a:
                    continue
                deviated = (*profile[:i], d, *profile[i + 1 :])
                gain += p * (game.payoffs[deviated][i] - game.payoffs[profile][i])
            if gain > 0:
                return False
    return True


def _product(eq) -> dict[tuple[int, ...], object]:
    joint = {}
    for profile in itertools.product(*(range(len(v)) for v in eq.strategies)):
        p = 1
        for i, j in enumerate(profile):
            p *= eq.strategies[i][j]
        if p:
            joint[profile] = p
    return joint


def test_chicken_welfare_optimum_is_aumanns():
    ce = correlated_equilibria(CHICKEN)
    assert ce.certified_optimal
    assert ce.value == Fraction(21, 2)
    assert dict(ce.distribution) == {
        ("chicken", "chicken"): Fraction(1, 2),
        ("chicken", "dare"): Fraction(1, 4),
        ("dare", "chicken"): Fraction(1, 4),
    }
    assert ce.payoffs == (Fraction(21, 4), Fraction(21, 4))
    assert ce.probability("crash") == 0
    assert ce.recommendations("Column")["dare"] == {("chicken",): 1}


def test_player_objective_and_minimum():
    best_for_row = correlated_equilibria(CHICKEN, objective="Row")
    assert best_for_row.value == 7  # the pure equilibrium (dare, chicken)
    worst_welfare = correlated_equilibria(CHICKEN, maximize=False)
    nash_welfare = [sum(eq.payoffs) for eq in nash_equilibria(CHICKEN)]
    assert worst_welfare.value <= min(nash_welfare)
    assert worst_welfare.objective == "min welfare"


def test_unknown_objective_names_the_choices():
    with pytest.raises(GameError, match=r"unknown objective 'truce'.*'welfare'.*'peace'"):
        correlated_equilibria(CHICKEN, objective="truce")


def test_symbolic_game_needs_values():
    t = sympy.Symbol("t")
    game = NormalFormGame.from_arrays([[[t, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(GameError, match="pass values with at"):
        correlated_equilibria(game)
    assert correlated_equilibria(game, at={"t": 2}).value == 3


@PROPERTY
@given(normal_form_games(strategies=(1, 4), bound=6))
def test_optimum_is_exact_obeys_and_beats_every_nash_equilibrium(game):
    ce = correlated_equilibria(game)
    joint = _joint(game, ce.distribution)
    assert all(isinstance(p, int | Fraction) for p in joint.values())
    assert sum(joint.values()) == 1
    assert _obeys(game, joint)
    assert ce.value == sum(ce.payoffs)
    assert ce.certified_optimal
    for eq in nash_equilibria(game):
        assert _obeys(game, _product(eq))  # the Nash polytope lies inside the correlated one
        assert sum(eq.payoffs) <= ce.value


@PROPERTY
@given(normal_form_games(players=3, strategies=(1, 3), bound=5))
def test_three_players(game):
    low = correlated_equilibria(game, objective="Player 2", maximize=False)
    high = correlated_equilibria(game, objective="Player 2")
    for ce in (low, high):
        assert _obeys(game, _joint(game, ce.distribution))
        assert ce.certified_optimal
    assert low.value <= high.value


@settings(max_examples=25, deadline=None)
@given(normal_form_games(strategies=(2, 3), payoffs="floats"))
def test_float_games_give_floats_within_tolerance(game):
    ce = correlated_equilibria(game)
    joint = _joint(game, ce.distribution)
    assert all(isinstance(p, float) for p in joint.values())
    assert abs(sum(joint.values()) - 1) < 1e-9
    span = float(np.ptp(game.float_payoffs())) or 1.0
    for i, size in enumerate(game.shape):
        for a, d in itertools.permutations(range(size), 2):
            gain = sum(
                p * (game.payoffs[(*s[:i], d, *s[i + 1 :])][i] - game.payoffs[s][i])
                for s, p in joint.items()
                if s[i] == a
            )
            assert gain <= 1e-7 * span


def test_mediator_reach_contains_the_nash_range():
    reach = mediator_reach(CHICKEN, "peace")
    assert (reach.low, reach.high) == (0, Fraction(1, 2))
    assert (reach.nash_low, reach.nash_high) == (0, Fraction(4, 9))
    assert reach.gain == Fraction(1, 18)
    both = mediator_reach(CHICKEN, ["row wins", "column wins"])
    assert both.outcome == "row wins or column wins"
    assert both.high == 1


def test_mediator_curve_matches_the_exact_programs():
    t = sympy.Symbol("t")
    game = NormalFormGame.from_arrays(
        [[[6, 2], [t, 0]], [[6, t], [2, 0]]], outcomes=[["peace", "war"], ["war", "crash"]]
    )
    values = [Fraction(13, 2), 7, 9, 12]
    curve = mediator_curve(game, "peace", {"t": [float(v) for v in values]})
    exact = [float(mediator_reach(game, "peace", at={"t": v}).high) for v in values]
    np.testing.assert_allclose(curve, exact, atol=1e-7)
    low = mediator_curve(game, "peace", {"t": [9.0]}, maximize=False)
    assert low[0] == pytest.approx(float(mediator_reach(game, "peace", at={"t": 9}).low))
    with pytest.raises(GameError, match="no values for the parameters t"):
        mediator_curve(game, "peace", {})


def test_ceasefire_baseline_mediator_cannot_reach_a_truce():
    model = load_model("models/ceasefire.toml")
    reach = mediator_reach(model.games["talks"], "ceasefire", at=model.parameters.baseline)
    assert reach.high == 0 and reach.nash_high == 0
    # With credible guarantees the truce is reachable.
    strong = {**model.parameters.baseline, "G": Fraction(9, 10), "P": Fraction(1, 2)}
    reach = mediator_reach(model.games["talks"], "ceasefire", at=strong)
    assert reach.nash_high <= reach.high

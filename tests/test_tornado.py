"""Tornado swings against direct point solves."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import (
    GameError,
    Parameter,
    ParameterError,
    ParameterSpace,
    load_model,
    nash_equilibria,
    parametric_equilibria,
)
from bargaining.analysis.target import resolve_target
from bargaining.analysis.tornado import tornado
from bargaining.testing.strategies import symbolic_games


@pytest.fixture(scope="module")
def model():
    return load_model("models/ceasefire.toml")


@pytest.fixture(scope="module")
def target(model):
    return resolve_target(model)


def _direct(model, values, quantity, statistic):
    """An outcome's probability or a payoff, by solving the game exactly at one point."""
    # Floats as the decimals they print as: 0.05 is 1/20, the end of cR's range.
    point = model.parameters.validate({k: Fraction(repr(v)) for k, v in values.items()})
    equilibria = nash_equilibria(model.game(), at=point)
    if quantity.startswith("payoff "):
        found = [eq.payoff(quantity.removeprefix("payoff ")) for eq in equilibria]
    else:
        found = [eq.probability(quantity) for eq in equilibria]
    return float(max(found) if statistic == "max" else min(found))


@pytest.mark.parametrize("statistic", ["max", "min"])
@pytest.mark.parametrize("share", [1.0, 0.25])
def test_every_bar_matches_solving_the_game_at_its_ends(model, target, statistic, share):
    result = tornado(target, "ceasefire", statistic=statistic, share=share)
    assert result.baseline == _direct(model, {}, "ceasefire", statistic)
    assert {bar.parameter for bar in result.bars} == set(model.parameters.names)
    for bar in result.bars:
        parameter = model.parameters[bar.parameter]
        x = float(parameter.baseline)
        assert bar.low == pytest.approx(x - share * (x - float(parameter.low)))
        assert bar.high == pytest.approx(x + share * (float(parameter.high) - x))
        assert bar.at_low == _direct(model, {bar.parameter: bar.low}, "ceasefire", statistic)
        assert bar.at_high == _direct(model, {bar.parameter: bar.high}, "ceasefire", statistic)
        values = [bar.at_low, result.baseline, bar.at_high]
        assert bar.swing == max(values) - min(values)


def test_bars_are_sorted_by_swing_and_the_quarter_range_separates_the_levers(target):
    result = tornado(target, "ceasefire", share=0.25)
    swings = [bar.swing for bar in result.bars]
    assert swings == sorted(swings, reverse=True)
    # A quarter of the way to each end, guarantees and the rearm gain tip the outcome, the
    # cost of the root-cause terms does not.
    by_name = {bar.parameter: bar for bar in result.bars}
    assert by_name["G"].at_high == 1 and by_name["g"].at_low == 1
    assert by_name["k"].swing == 0


def test_payoff_swings_match_solving_the_game(target, model):
    result = tornado(target, "payoff Russia", statistic="min", at={"G": 0.1}, share=0.5)
    assert result.point["G"] == 0.1
    for bar in result.bars:
        for end, value in ((bar.low, bar.at_low), (bar.high, bar.at_high)):
            direct = _direct(model, {"G": 0.1, bar.parameter: end}, "payoff Russia", "min")
            assert value == pytest.approx(direct, abs=1e-12)


def test_bad_input(target):
    with pytest.raises(GameError, match="unknown outcome 'peace'"):
        tornado(target, "peace")
    with pytest.raises(ParameterError, match="share"):
        tornado(target, "ceasefire", share=0)
    with pytest.raises(ParameterError, match="share"):
        tornado(target, "ceasefire", share=float("inf"))
    with pytest.raises(ParameterError, match="statistic"):
        tornado(target, "ceasefire", statistic="mean")
    with pytest.raises(ParameterError, match="unknown parameter"):
        tornado(target, "ceasefire", at={"Z": 0})


# Baselines and share 1/2 put every swing end on a binary fraction strictly inside the box.
SPACE = ParameterSpace(
    [Parameter("a", -1, 1, Fraction(1, 4)), Parameter("b", 0, 2, Fraction(1, 2))]
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(SPACE, strategies=(2, 3)), st.sampled_from(["min", "max"]))
def test_random_games_swing_as_solving_them_at_the_ends(game, statistic):
    solution = parametric_equilibria(game, SPACE)
    result = tornado(solution, "payoff Player 1", statistic=statistic, share=0.5)
    pick = max if statistic == "max" else min
    for bar in result.bars:
        for end, value in ((bar.low, bar.at_low), (bar.high, bar.at_high)):
            point = {**SPACE.baseline, bar.parameter: Fraction(end)}
            # On a region boundary a degenerate game can have equilibria that no piece
            # describes, which float evaluation cannot see: compare inside regions.
            if solution.active(point) is None:
                continue
            equilibria = nash_equilibria(game, at=point)
            assert value == pytest.approx(float(pick(eq.payoffs[0] for eq in equilibria)))

"""The public hypothesis strategies: valid objects, and shrinking to simple ones."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import HealthCheck, Phase, find, given, settings

from bargaining import NormalFormGame, Parameter, ParameterSpace, nash_equilibria
from bargaining.model import Model
from bargaining.testing.strategies import (
    models,
    normal_form_games,
    parameter_values,
    symbolic_games,
)

SPACE = ParameterSpace(
    [
        Parameter("L", 0, 1, Fraction(7, 10), tags={"leverage"}),
        Parameter("c", Fraction(1, 10), Fraction(1, 2), Fraction(1, 5)),
        Parameter("x", 0.5, 2.5, 1.0),
    ]
)


@given(normal_form_games(payoffs="symbolic"))
def test_symbolic_games_use_one_to_three_parameters(game):
    assert isinstance(game, NormalFormGame)
    assert 1 <= game.shape[0] <= 6 and 1 <= game.shape[1] <= 6
    names = {symbol.name for symbol in game.parameters}
    assert names <= {"a", "b", "c"}
    for value in game.payoffs.flat:
        assert sympy.sympify(value).is_polynomial()


@given(symbolic_games(SPACE))
def test_symbolic_games_over_a_space_solve_at_its_baseline(game):
    assert {symbol.name for symbol in game.parameters} <= set(SPACE.names)
    assert nash_equilibria(game, at=SPACE.baseline)


@given(parameter_values(SPACE))
def test_parameter_values_lie_in_the_ranges_exactly_where_exact(point):
    assert SPACE.validate(point) == point
    assert isinstance(point["L"], int | Fraction)
    assert isinstance(point["c"], int | Fraction)


def test_games_shrink_to_small_games():
    game = find(normal_form_games(), lambda g: g.shape[0] >= 2)
    assert game.shape == (2, 1)
    assert all(value == 0 for value in game.payoffs.flat)


def test_parameter_values_shrink_to_baseline_ends_and_short_fractions():
    assert find(parameter_values(SPACE), lambda p: True) == SPACE.baseline
    assert find(parameter_values(SPACE), lambda p: p["L"] < Fraction(1, 2))["L"] == 0
    point = find(parameter_values(SPACE), lambda p: Fraction(3, 10) < p["L"] < Fraction(2, 5))
    assert point["L"].denominator <= 20  # the checker simplifies further, to 1/3
    assert {k: v for k, v in point.items() if k != "L"} == {"c": Fraction(1, 5), "x": 1.0}


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_models_are_valid_and_solve_at_their_baseline(model):
    assert isinstance(model, Model)
    game = model.game("play")
    assert game.num_players == 2
    assert nash_equilibria(game, at=model.parameters.baseline)
    assert [claim.name for claim in model.claims] == ["an equilibrium exists"]


def test_the_claim_of_a_generated_model_holds():
    from bargaining.testing import check_model

    # the first such model drawn, not the shrunk minimal one: shrinking it took 20-90 s
    quick = settings(phases=[Phase.generate], database=None, derandomize=True, max_examples=2000)
    model = find(
        models(), lambda m: len(m.parameters) == 2 and m.game().shape == (2, 2), settings=quick
    )
    (result,) = check_model(model, examples=20)
    assert result.passed


def test_models_shrink():
    model = find(models(), lambda m: len(m.parameters) >= 1)
    assert model.parameters.names == ("p0",)
    assert model.game().shape == (1, 1)

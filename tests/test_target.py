"""Targets: resolving games and models, and the two evaluation paths agreeing with point solves."""

from __future__ import annotations

import pickle
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import (
    GameError,
    NormalFormGame,
    Parameter,
    ParameterError,
    ParameterSpace,
    load_model,
    nash_equilibria,
    subgame_perfect,
    sweep,
)
from bargaining.analysis.target import PointValues, Target, resolve_target
from bargaining.testing.strategies import symbolic_games

MODELS = Path(__file__).resolve().parent.parent / "models"


@pytest.fixture(scope="module")
def ceasefire():
    return load_model(MODELS / "ceasefire.toml")


@pytest.fixture(scope="module")
def parametric(ceasefire):
    return resolve_target((ceasefire, "talks"))


@pytest.fixture(scope="module")
def sample(ceasefire):
    return ceasefire.parameters.sample(60, seed=11)


def assert_same_values(first: PointValues, second: PointValues, where: np.ndarray) -> None:
    """Equal counts, outcome and payoff ranges and regions at the points ``where``."""
    np.testing.assert_array_equal(first.count[where], second.count[where])
    for name in ("outcome_min", "outcome_max", "payoff_min", "payoff_max"):
        ours, theirs = getattr(first, name), getattr(second, name)
        assert list(ours) == list(theirs), name
        for key in ours:
            np.testing.assert_allclose(ours[key][where], theirs[key][where], atol=1e-7)
    first_regions = [first.regions[i] for i in first.region[where]]
    second_regions = [second.regions[i] for i in second.region[where]]
    assert first_regions == second_regions


def exact_summary(equilibria, outcomes):
    """(count, {outcome: (min, max)}) from exact point solves."""
    ranges = {
        name: (
            min(Fraction(eq.probability(name)) for eq in equilibria),
            max(Fraction(eq.probability(name)) for eq in equilibria),
        )
        for name in outcomes
    }
    return len(equilibria), ranges


# -- resolving --------------------------------------------------------------------------------


def test_model_pair_and_single_game_model_resolve_to_the_same_target(ceasefire, parametric):
    assert parametric.name == "talks"
    assert parametric.method == "parametric"
    assert parametric.space == ceasefire.parameters
    single = resolve_target(ceasefire, method="points")  # the ceasefire model has one game
    assert single.game == parametric.game and single.name == "talks"


def test_a_parametric_solution_is_used_as_it_is(ceasefire, parametric):
    solution = parametric.solution
    target = resolve_target(solution)
    assert target.solution is solution and target.space == ceasefire.parameters


def test_method_points_drops_the_solution_and_parametric_restores_it(parametric):
    points = resolve_target(parametric, method="points")
    assert points.method == "points" and points.solution is None
    chicken = resolve_target(load_model(MODELS / "chicken.toml"), method="points")
    restored = resolve_target(chicken, method="parametric")
    assert restored.method == "parametric" and restored.game == chicken.game


def test_bare_game_gets_the_default_unit_box():
    L = sympy.Symbol("L")
    game = NormalFormGame.from_arrays([[[L, 0], [0, 1]], [[1, 0], [0, L]]])
    target = resolve_target(game)
    assert target.space.names == ("L",)
    assert (target.space["L"].low, target.space["L"].high) == (0, 1)


def test_bad_targets_say_what_was_expected(ceasefire):
    with pytest.raises(GameError, match="sweep target is a NormalFormGame"):
        resolve_target("talks")
    with pytest.raises(GameError, match="unknown game 'chat'; the model's games are: talks"):
        resolve_target(ceasefire, "chat")
    with pytest.raises(GameError, match="not a model"):
        resolve_target(ceasefire.game(), "talks")
    with pytest.raises(GameError, match="unknown method"):
        resolve_target(ceasefire, method="fast")
    with pytest.raises(GameError, match="give the game name once"):
        resolve_target((ceasefire, "talks"), "talks")


def test_space_missing_a_parameter_is_refused():
    L, W = sympy.symbols("L W")
    game = NormalFormGame.from_arrays([[[L, 0], [0, W]], [[1, 0], [0, 1]]])
    space = ParameterSpace([Parameter("L", 0, 1, Fraction(1, 2))])
    with pytest.raises(ParameterError, match="not in the space: W"):
        resolve_target(game, space=space)


# -- bad points -------------------------------------------------------------------------------


def test_points_outside_a_range_name_parameter_value_and_range(parametric):
    with pytest.raises(ParameterError, match=r"'L'.*1\.5.*\[0\.0, 1\.0\].*clip=True"):
        parametric.evaluate({"L": [0.5, 1.5]})


def test_clip_moves_values_to_the_range_ends(parametric):
    clipped = parametric.evaluate({"L": [-0.5, 1.5]}, clip=True)
    ends = parametric.evaluate({"L": [0.0, 1.0]})
    assert_same_values(clipped, ends, np.ones(2, dtype=bool))


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ({"Q": [0.5]}, "unknown parameter 'Q'"),
        ({"L": [0.5, np.nan]}, "non-finite"),
        ({"L": [0.5, np.inf]}, "non-finite"),
        ({"L": []}, "no points"),
        ({"L": [0.5], "W": [0.5, 0.6]}, "equal lengths"),
        ({"L": [[0.5]]}, "1-D"),
    ],
)
def test_bad_points_are_refused(parametric, points, message):
    with pytest.raises(ParameterError, match=message):
        parametric.evaluate(points)
    with pytest.raises(ParameterError, match=message):
        parametric.evaluate(points, clip=True)


# -- the two paths agree, and agree with exact point solves -------------------------------------


def test_parametric_and_point_paths_agree_inside_regions(parametric, sample):
    fast = parametric.evaluate(sample)
    slow = resolve_target(parametric, method="points").evaluate(sample)
    inside = ~fast.boundary
    assert inside.sum() > 50
    assert_same_values(fast, slow, inside)


def test_parametric_path_matches_exact_point_solves(ceasefire, parametric, sample):
    values = parametric.evaluate(sample)
    game = ceasefire.game()
    for index in range(0, 60, 6):
        point = {name: Fraction(float(array[index])) for name, array in sample.items()}
        count, ranges = exact_summary(nash_equilibria(game, at=point), parametric.outcomes)
        assert values.count[index] == count
        for name, (low, high) in ranges.items():
            assert values.outcome_min[name][index] == pytest.approx(float(low), abs=1e-9)
            assert values.outcome_max[name][index] == pytest.approx(float(high), abs=1e-9)


def test_regions_are_listed_first_seen_first_and_name_equilibrium_supports(parametric, sample):
    values = parametric.evaluate(sample)
    seen = list(dict.fromkeys(values.region.tolist()))
    assert seen == list(range(len(values.regions)))
    labels = parametric.strategy_labels()
    for key in values.regions:
        for supports in key:
            assert len(supports) == len(labels)
            assert all(0 <= j < len(labels[i]) for i, s in enumerate(supports) for j in s)


def test_point_values_at_one_point_match_target_at(parametric):
    values = parametric.evaluate({})
    equilibria = parametric.at()
    assert values.count.tolist() == [len(equilibria)]
    for name in parametric.outcomes:
        probabilities = [float(eq.probability(name)) for eq in equilibria]
        assert values.outcome_min[name][0] == pytest.approx(min(probabilities))
        assert values.outcome_max[name][0] == pytest.approx(max(probabilities))


def test_target_pickles_without_compiled_functions_and_evaluates_the_same(parametric, sample):
    before = parametric.evaluate(sample)  # compiles the solution in this process
    copy = pickle.loads(pickle.dumps(parametric))
    assert_same_values(copy.evaluate(sample), before, np.ones(60, dtype=bool))
    points = resolve_target(parametric, method="points")
    points.evaluate({})
    assert pickle.loads(pickle.dumps(points)).evaluate({}).count.tolist() == [len(parametric.at())]


@pytest.mark.parametrize("method", ["auto", "points"])
def test_tree_targets_agree_with_subgame_perfect_point_solves(method):
    model = load_model(MODELS / "ceasefire_sequence.toml")
    target = resolve_target(model, method=method)
    assert target.outcomes
    points = model.parameters.sample(8, seed=3)
    values = target.evaluate(points)
    for index in range(8):
        if values.boundary[index]:
            continue
        at = {name: float(array[index]) for name, array in points.items()}
        equilibria = subgame_perfect(target.game, at=at)
        assert values.count[index] == len(equilibria)
        for name in target.outcomes:
            probabilities = [float(eq.probability(name)) for eq in equilibria]
            assert values.outcome_min[name][index] == pytest.approx(min(probabilities))
            assert values.outcome_max[name][index] == pytest.approx(max(probabilities))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=symbolic_games(["L", "W"], strategies=(1, 3)), seed=st.integers(0, 2**16))
def test_paths_agree_on_random_symbolic_games(game, seed):
    target = resolve_target(game)
    points = target.space.sample(20, seed=seed)
    fast = target.evaluate(points)
    slow = resolve_target(target, method="points").evaluate(points)
    assert_same_values(fast, slow, ~fast.boundary)


def test_target_class_is_exported_for_sensitivity():
    assert Target.__module__ == "bargaining.analysis.target"


def test_a_resolved_target_keeps_its_method_when_passed_on(monkeypatch):
    chicken = resolve_target(load_model(MODELS / "chicken.toml"), method="points")
    from bargaining.analysis import target as target_module

    def solve(*args, **kwargs):
        raise AssertionError("a points target was solved in symbols again")

    monkeypatch.setattr(target_module, "parametric_equilibria", solve)
    assert resolve_target(chicken) is chicken
    assert sweep(chicken, {"c": [2.0, 10.0]}).method == "points"
    assert resolve_target(chicken, method="points") is chicken

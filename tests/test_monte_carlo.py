"""Monte Carlo: reproducible draws, known probabilities, agreement with point solves."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bargaining import (
    Distribution,
    GameError,
    NormalFormGame,
    Parameter,
    ParameterError,
    ParameterSpace,
    load_model,
    nash_equilibria,
)
from bargaining.analysis.monte_carlo import monte_carlo
from bargaining.analysis.target import resolve_target


def _truce_game(distribution=None):
    """Row plays truce exactly when a > 0 (a truce pays a, war pays 0)."""
    space = ParameterSpace([Parameter("a", -1, 3, 0, distribution=distribution)])
    a = space.symbols["a"]
    game = NormalFormGame.from_arrays([[[a], [0]], [[0], [0]]], outcomes=[["truce"], ["war"]])
    return resolve_target(game, space=space)


@pytest.fixture(scope="module")
def ceasefire():
    return resolve_target(load_model("models/ceasefire.toml"))


def test_same_seed_same_result_other_seed_other_draws(ceasefire):
    first, again = monte_carlo(ceasefire, 2000, seed=7), monte_carlo(ceasefire, 2000, seed=7)
    for name in first.samples:
        assert np.array_equal(first.samples[name], again.samples[name])
    for outcome in first.outcomes:
        assert np.array_equal(first.outcome_max[outcome], again.outcome_max[outcome])
    assert first.summaries() == again.summaries()
    other = monte_carlo(ceasefire, 2000, seed=8)
    assert not np.array_equal(first.samples["L"], other.samples["L"])


@pytest.mark.parametrize(
    ("distribution", "expected"),
    [
        (None, 3 / 4),
        # Triangular on [-1, 3] with mode 0: P(a > 0) = 1 - (0 + 1)^2 / ((3 + 1)(0 + 1)) = 3/4.
        (Distribution("triangular", {"mode": 0}), 3 / 4),
        # Triangular with mode 3: P(a <= 0) = (0 + 1)^2 / ((3 + 1)(3 + 1)) = 1/16.
        (Distribution("triangular", {"mode": 3}), 15 / 16),
    ],
)
def test_the_probability_of_a_truce_matches_its_distribution(distribution, expected):
    result = monte_carlo(_truce_game(distribution), 20_000, seed=1)
    truce = result.summary("truce")
    p = truce.possible
    assert truce.possible_se == pytest.approx(math.sqrt(p * (1 - p) / 20_000))
    assert abs(truce.possible - expected) < 4 * truce.possible_se
    # One equilibrium at every draw but a = 0 (probability 0): assured equals possible.
    assert truce.assured == truce.possible
    war = result.summary("war")
    assert war.possible == pytest.approx(1 - truce.possible)


def test_the_ceasefire_draws_agree_with_solving_the_game_at_each(ceasefire):
    result = monte_carlo(ceasefire, 40, seed=3)
    game = ceasefire.game
    for index in range(result.n):
        point = {name: float(values[index]) for name, values in result.samples.items()}
        equilibria = nash_equilibria(game, at=point)
        ceasefire_probabilities = [float(eq.probability("ceasefire")) for eq in equilibria]
        assert result.count[index] == len(equilibria)
        assert result.outcome_max["ceasefire"][index] == pytest.approx(max(ceasefire_probabilities))
        assert result.outcome_min["ceasefire"][index] == pytest.approx(min(ceasefire_probabilities))


def test_summary_means_and_standard_errors(ceasefire):
    result = monte_carlo(ceasefire, 5000, seed=2)
    summary = result.summary("ceasefire")
    high = result.outcome_max["ceasefire"]
    assert summary.mean_max == pytest.approx(float(np.mean(high)))
    assert summary.mean_max_se == pytest.approx(float(np.std(high, ddof=1) / np.sqrt(5000)))
    assert summary.possible == float(np.mean(high > 1e-9))
    assert 0 <= summary.assured <= summary.possible <= 1
    assert result.no_equilibrium == 0


def test_bad_input(ceasefire):
    for n in (0, -5, 2.5, True):
        with pytest.raises(ParameterError, match="positive integer"):
            monte_carlo(ceasefire, n, seed=1)
    result = monte_carlo(ceasefire, 10, seed=1)
    with pytest.raises(GameError, match="unknown outcome 'truce'"):
        result.summary("truce")

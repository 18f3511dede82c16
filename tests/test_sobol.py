"""Sobol indices against analytic values, reproducibility, and the quantile mapping."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from scipy import stats

from bargaining import (
    Distribution,
    GameError,
    NormalFormGame,
    Parameter,
    ParameterError,
    ParameterSpace,
    parametric_equilibria,
)
from bargaining.analysis.sobol import quantile, sobol, sobol_design
from bargaining.testing.strategies import symbolic_games

# a and b set the two players' mixing; c appears nowhere in the game.
SPACE = ParameterSpace(
    [
        Parameter("a", 1, 3, 2),
        Parameter("b", Fraction(1, 2), 3, 1),
        Parameter("c", 0, 1, Fraction(1, 2)),
    ]
)
A, B = SPACE.symbols["a"], SPACE.symbols["b"]
# One mixed equilibrium everywhere: Column plays left with q = 1/(1 + a), Row plays top with
# p = 1/(1 + b), so P(both) = U(a) V(b) with U(x) = V(x) = 1/(1 + x).
PENNIES = NormalFormGame.from_arrays(
    [[[A, 0], [0, 1]], [[0, B], [1, 0]]],
    outcomes=[["both", "other"], ["other", "other"]],
)


def _moments(low: float, high: float) -> tuple[float, float]:
    """E[1/(1+X)] and E[1/(1+X)^2] for X uniform on [low, high]."""
    width = high - low
    return (
        math.log((1 + high) / (1 + low)) / width,
        (1 / (1 + low) - 1 / (1 + high)) / width,
    )


def _analytic_indices() -> dict[str, tuple[float, float]]:
    """First-order and total indices of Y = U(a) V(b), a and b independent (Sobol 2001):
    S_a = Var(U) E[V]^2 / Var(Y), S_Ta = Var(U) E[V^2] / Var(Y)."""
    mean_u, square_u = _moments(1, 3)
    mean_v, square_v = _moments(0.5, 3)
    variance = square_u * square_v - (mean_u * mean_v) ** 2
    var_u, var_v = square_u - mean_u**2, square_v - mean_v**2
    return {
        "a": (var_u * mean_v**2 / variance, var_u * square_v / variance),
        "b": (var_v * mean_u**2 / variance, var_v * square_u / variance),
        "c": (0.0, 0.0),
    }


@pytest.fixture(scope="module")
def solution():
    return parametric_equilibria(PENNIES, SPACE)


def test_indices_match_the_analytic_values_of_a_product(solution):
    indices = sobol(solution, "both", n=8192, seed=3)
    expected = _analytic_indices()
    assert indices.evaluations == 8192 * (3 + 2)
    for i, name in enumerate(indices.parameters):
        first, total = expected[name]
        tolerance_first = max(3 * indices.first_half_width[i], 0.01)
        tolerance_total = max(3 * indices.total_half_width[i], 0.01)
        assert abs(indices.first[i] - first) < tolerance_first, name
        assert abs(indices.total[i] - total) < tolerance_total, name
    # c never changes the outcome: the Jansen estimator of its total index is exactly 0.
    assert indices.total[2] == 0


def test_an_outcome_driven_by_one_parameter_has_total_index_one():
    space = ParameterSpace([Parameter("a", -1, 1, 0), Parameter("b", 0, 1, 0)])
    a, b = space.symbols["a"], space.symbols["b"]
    game = NormalFormGame.from_arrays([[[a], [0]], [[b], [b]]], outcomes=[["truce"], ["war"]])
    indices = sobol(parametric_equilibria(game, space), "truce", n=2048, seed=5)
    assert indices.total[0] == pytest.approx(1, abs=0.05)
    assert indices.first[0] == pytest.approx(1, abs=0.05)
    assert indices.total[1] == 0
    assert indices.mean == pytest.approx(0.5, abs=0.02)


def test_same_seed_same_indices(solution):
    first = sobol(solution, "both", n=1024, seed=11)
    again = sobol(solution, "both", n=1024, seed=11)
    other = sobol(solution, "both", n=1024, seed=12)
    assert np.array_equal(first.first, again.first)
    assert np.array_equal(first.total_half_width, again.total_half_width)
    assert not np.array_equal(first.first, other.first)


@pytest.mark.parametrize("seed", [0, 5])
def test_asymptotic_intervals_agree_with_salibs_bootstrap(solution, seed):
    asymptotic = sobol(solution, "both", n=4096, seed=seed)
    bootstrap = sobol(solution, "both", n=4096, seed=seed, intervals="bootstrap")
    again = sobol(solution, "both", n=4096, seed=seed, intervals="bootstrap")
    assert np.array_equal(bootstrap.first_half_width, again.first_half_width)
    assert np.array_equal(asymptotic.first, bootstrap.first)
    assert np.array_equal(asymptotic.total, bootstrap.total)
    for mine, theirs in (
        (asymptotic.first_half_width[:2], bootstrap.first_half_width[:2]),
        (asymptotic.total_half_width[:2], bootstrap.total_half_width[:2]),
    ):
        # Two estimates of one standard error; 100 bootstrap resamples are good to ~10%.
        assert np.all((mine / theirs > 0.7) & (mine / theirs < 1.4))


def test_intervals_cover_the_spread_over_independent_designs(solution):
    """The scrambled Sobol' design varies less than independent rows: the intervals (which
    assume independent rows) are at least as wide as the actual spread across seeds."""
    runs = [sobol(solution, "both", n=512, seed=seed) for seed in range(20)]
    spread = 1.96 * np.std([run.first for run in runs], axis=0, ddof=1)
    widths = np.mean([run.first_half_width for run in runs], axis=0)
    assert np.all(spread[:2] <= widths[:2])


def test_table_lists_the_largest_total_index_first(solution):
    rows = sobol(solution, "both", n=1024, seed=1).table()
    totals = [row["total"] for row in rows]
    assert totals == sorted(totals, reverse=True)
    assert all(row["first_low"] <= row["first"] <= row["first_high"] for row in rows)


def test_a_constant_outcome_has_no_indices(solution):
    space = ParameterSpace([Parameter("a", 0, 1, 0)])
    game = NormalFormGame.from_arrays([[[1], [0]], [[0], [0]]], outcomes=[["truce"], ["war"]])
    indices = sobol(parametric_equilibria(game, space), "truce", n=64, seed=1)
    assert indices.variance == 0 and np.all(np.isnan(indices.total))
    assert np.all(np.isnan(indices.first)) and indices.mean == 1
    # Named like any other result's (it was left empty when the outcome did not vary).
    assert indices.concept == "Nash equilibria"


@pytest.mark.parametrize(
    "distribution",
    [
        None,
        Distribution("triangular", {"mode": 0.8}),
        Distribution("beta", {"alpha": 2, "beta": 5}),
        Distribution("truncated_normal", {"mean": 0.3, "sd": 0.2}),
    ],
)
def test_the_quantile_mapping_draws_from_the_parameters_distribution(distribution):
    parameter = Parameter("x", 0, 1, 0.5, distribution=distribution)
    mapped = quantile(parameter, np.random.default_rng(1).uniform(size=4000))
    drawn = ParameterSpace([parameter]).sample(4000, seed=2)["x"]
    # Two independent samples of one distribution: the KS test should not reject.
    assert stats.ks_2samp(mapped, drawn).pvalue > 1e-3
    assert mapped.min() >= 0 and mapped.max() <= 1


def test_the_design_has_the_saltelli_layout():
    points = sobol_design(SPACE, 16, seed=0)
    a, b = points["a"].reshape(16, 5), points["b"].reshape(16, 5)
    # Rows per base point: A, A with a from B, A with b from B, A with c from B, B.
    assert np.array_equal(a[:, 1], a[:, 4]) and np.array_equal(a[:, 2], a[:, 0])
    assert np.array_equal(b[:, 2], b[:, 4]) and np.array_equal(b[:, 1], b[:, 0])


def test_bad_input(solution):
    for n in (0, 1, 1000, 2.0, True):
        with pytest.raises(ParameterError, match="power of two"):
            sobol(solution, "both", n=n)
    with pytest.raises(ParameterError, match="confidence"):
        sobol(solution, "both", n=64, confidence=1.5)
    with pytest.raises(ParameterError, match="resamples"):
        sobol(solution, "both", n=64, resamples=0)
    with pytest.raises(ParameterError, match="intervals"):
        sobol(solution, "both", n=64, intervals="jackknife")
    with pytest.raises(GameError, match="unknown outcome"):
        sobol(solution, "peace", n=64)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(ParameterSpace(list(SPACE)[:2]), strategies=(2, 3)))
def test_a_parameter_the_game_does_not_use_has_indices_of_exactly_zero(game):
    indices = sobol(parametric_equilibria(game, SPACE), "payoff Player 1", n=64, seed=0)
    assume(indices.variance > 0)
    assert indices.parameters[2] == "c"
    assert indices.first[2] == 0 and indices.total[2] == 0

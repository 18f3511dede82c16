"""logit_qre, qre_path and fit_qre: the fixed points of theory notes section 7, and pygambit."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import GameError, NormalFormGame, is_equilibrium
from bargaining.solvers.qre import fit_qre, logit_qre, qre_path
from bargaining.testing.strategies import normal_form_games

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STAG_HUNT = NormalFormGame.from_arrays(
    [[[4, 0], [3, 3]], [[4, 3], [0, 3]]], strategies=(("stag", "hare"), ("stag", "hare"))
)
COORDINATION = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
# Asymmetric matching pennies: the row player's large own payoff pulls it up at moderate λ,
# although in the Nash equilibrium it plays up with probability 1/2 (the own-payoff effect).
ASYMMETRIC_PENNIES = NormalFormGame.from_arrays([[[9, 0], [0, 1]], [[0, 1], [1, 0]]])


def logistic(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _logit_residual(game: NormalFormGame, lam: float, strategies) -> float:
    """max |σ - logit response(σ)|, from the definition by summing over every profile."""
    payoffs = game.float_payoffs()
    worst = 0.0
    for i, size in enumerate(game.shape):
        values = np.zeros(size)
        for profile in itertools.product(*(range(m) for m in game.shape)):
            weight = np.prod([strategies[k][s] for k, s in enumerate(profile) if k != i])
            values[profile[i]] += weight * payoffs[profile][i]
        response = np.exp(lam * (values - values.max()))
        response /= response.sum()
        worst = max(worst, float(np.abs(response - np.array(strategies[i])).max()))
    return worst


@PROPERTY
@given(
    normal_form_games(strategies=(2, 2), bound=5),
    st.floats(min_value=0, max_value=20, allow_nan=False),
)
def test_2x2_points_solve_the_written_out_fixed_point(game, lam):
    a, b = game.float_payoffs()[..., 0], game.float_payoffs()[..., 1]
    points = logit_qre(game, lam)
    assert sum(point.principal for point in points) == 1
    for point in points:
        p, q = point.strategies[0][0], point.strategies[1][0]
        assert p == pytest.approx(
            logistic(lam * (q * (a[0, 0] - a[1, 0]) + (1 - q) * (a[0, 1] - a[1, 1]))), abs=1e-9
        )
        assert q == pytest.approx(
            logistic(lam * (p * (b[0, 0] - b[0, 1]) + (1 - p) * (b[1, 0] - b[1, 1]))), abs=1e-9
        )


@pytest.mark.parametrize("lam", [0.5, 2.0, 10.0, 50.0])
def test_unique_mixed_equilibrium_means_a_unique_qre(lam):
    assert len(logit_qre(ASYMMETRIC_PENNIES, lam)) == 1


def test_several_qre_at_large_lambda_and_one_at_small():
    assert len(logit_qre(COORDINATION, 1.0)) == 1
    points = logit_qre(COORDINATION, 8.0)
    assert len(points) == 3
    assert [point.principal for point in points] == [False, True, False]


def test_probabilities_need_not_move_monotonically():
    path = qre_path(ASYMMETRIC_PENNIES)
    up = path.profiles[0][:, 0]
    assert up.max() > 0.6  # rises with λ ...
    assert up[-1] == pytest.approx(0.5, abs=1e-6)  # ... and falls back to the equilibrium
    half, tenth = Fraction(1, 2), Fraction(1, 10)
    assert path.limit.strategies == ((half, half), (tenth, 1 - tenth))  # identified exactly


def test_stag_hunt_selects_the_risk_dominant_equilibrium():
    path = qre_path(STAG_HUNT)
    assert path.limit.support(0) == ("hare",) and path.limit.support(1) == ("hare",)
    assert path.lambdas[0] == 0 and path.point(0).strategies == ((0.5, 0.5), (0.5, 0.5))


@PROPERTY
@given(normal_form_games(strategies=(2, 4), bound=6))
def test_two_player_path_points_and_limit(game):
    path = qre_path(game)
    # Checked where the fixed point is well conditioned: at λ in the millions an error of 1e-15
    # in one player's log-probabilities moves the other's response by λ times as much.
    moderate = [index for index in range(len(path)) if path.lambdas[index] <= 100]
    for index in moderate[:: max(1, len(moderate) // 5)]:
        point = path.point(index)
        assert _logit_residual(game, point.lam, point.strategies) < 1e-8
    assert is_equilibrium(game, path.limit.strategies, tol=1e-6)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(normal_form_games(players=3, strategies=(2, 2), bound=5))
def test_three_player_path(game):
    path = qre_path(game)
    point = path.point(len(path) // 2)
    assert _logit_residual(game, point.lam, point.strategies) < 1e-8
    assert is_equilibrium(game, path.limit.strategies, tol=1e-6)


def test_relabelling_strategies_permutes_the_qre():
    game = NormalFormGame.from_arrays([[[3, 0, 1], [1, 2, 0]], [[0, 2, 1], [3, 0, 2]]])
    swapped = NormalFormGame.from_arrays([[[0, 3, 1], [2, 1, 0]], [[2, 0, 1], [0, 3, 2]]])
    (point,) = logit_qre(game, 1.7)
    (other,) = logit_qre(swapped, 1.7)
    assert other.strategies[0] == pytest.approx(point.strategies[0], abs=1e-10)
    expected = (point.strategies[1][1], point.strategies[1][0], point.strategies[1][2])
    assert other.strategies[1] == pytest.approx(expected, abs=1e-10)


def test_fit_recovers_the_precision_that_generated_the_data():
    game = NormalFormGame.from_arrays([[[3, 0, 1], [1, 2, 0]], [[0, 2, 1], [3, 0, 2]]])
    (truth,) = logit_qre(game, 1.3)
    counts = [[10**6 * p for p in vector] for vector in truth.strategies]
    fit = fit_qre(game, counts)
    assert fit.lam == pytest.approx(1.3, abs=1e-5)
    assert fit.point.strategies[0] == pytest.approx(truth.strategies[0], abs=1e-7)


def test_bad_input_is_refused_clearly():
    with pytest.raises(GameError, match="lam must be a finite number >= 0"):
        logit_qre(COORDINATION, -1)
    with pytest.raises(GameError, match="counts of 'Player 2' need 2 numbers"):
        fit_qre(COORDINATION, [[1, 2], [1, 2, 3]])
    with pytest.raises(GameError, match="must be finite and >= 0"):
        fit_qre(COORDINATION, [[1, 2], [-1, 2]])


# -- pygambit as an independent implementation ------------------------------------------------


def _gambit_game(game: NormalFormGame):
    gbt = pytest.importorskip("pygambit")
    payoffs = game.float_payoffs()
    return gbt, gbt.Game.from_arrays(*(payoffs[..., i] for i in range(game.num_players)))


GAMBIT_GAMES = {
    "stag hunt": STAG_HUNT,
    "asymmetric pennies": ASYMMETRIC_PENNIES,
    "3x3": NormalFormGame.from_arrays(
        [[[3, 0, 1], [1, 2, 0], [0, 1, 4]], [[0, 2, 1], [3, 0, 2], [1, 1, 0]]]
    ),
}


@pytest.mark.parametrize("name", sorted(GAMBIT_GAMES))
def test_path_points_and_limit_agree_with_gambit(name):
    game = GAMBIT_GAMES[name]
    gbt, gambit_game = _gambit_game(game)
    lambdas = [0.25, 1.0, 3.0]
    theirs = gbt.qre.logit_solve_lambda(gambit_game, lam=lambdas)
    for lam, profile in zip(lambdas, theirs, strict=True):
        (ours,) = [point for point in logit_qre(game, lam) if point.principal]
        for i, player in enumerate(gambit_game.players):
            expected = [float(profile.profile[strategy]) for strategy in player.strategies]
            assert ours.strategies[i] == pytest.approx(expected, abs=1e-6)
    result = gbt.nash.logit_solve(gambit_game)
    (limit,) = result.equilibria
    for i, player in enumerate(gambit_game.players):
        expected = [float(limit[strategy]) for strategy in player.strategies]
        assert [float(p) for p in qre_path(game).limit.strategies[i]] == pytest.approx(
            expected, abs=1e-6
        )


def test_fit_agrees_with_gambit_logit_estimate():
    game = NormalFormGame.from_arrays([[[3, 0, 1], [1, 2, 0]], [[0, 2, 1], [3, 0, 2]]])
    gbt, gambit_game = _gambit_game(game)
    counts = [[30, 20], [10, 25, 15]]
    data = gambit_game.mixed_strategy_profile(rational=False)
    for i, player in enumerate(gambit_game.players):
        for j, strategy in enumerate(player.strategies):
            data[strategy] = counts[i][j]
    theirs = gbt.qre.logit_estimate(data)
    ours = fit_qre(game, counts)
    assert ours.lam == pytest.approx(theirs.lam, abs=1e-6)
    assert ours.log_likelihood == pytest.approx(theirs.log_like, abs=1e-8)


def _regret(game: NormalFormGame, strategies) -> float:
    """The largest gain from a pure deviation, from the payoff tables (two players)."""
    payoffs = game.float_payoffs()
    x, y = (np.asarray(vector, dtype=float) for vector in strategies)
    rows, columns = payoffs[..., 0] @ y, x @ payoffs[..., 1]
    return max(rows.max() - x @ rows, columns.max() - columns @ y)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_limit_of_random_5x5_games_has_tiny_regret_and_is_gambits(seed):
    # Payoffs drawn from a wide range make ties (degenerate games, whose limit can be a
    # continuum approached slowly) vanishingly unlikely.
    rng = np.random.default_rng(seed)
    game = NormalFormGame.from_arrays([rng.integers(0, 10**6, (5, 5)).tolist() for _ in range(2)])
    path = qre_path(game)
    payoffs = game.float_payoffs()
    bound = 1e-8 * (payoffs.max() - payoffs.min())
    last = [profile[-1] for profile in path.profiles]
    assert _regret(game, last) <= bound
    assert _regret(game, path.limit.strategies) <= bound
    gbt, gambit_game = _gambit_game(game)
    (theirs,) = gbt.nash.logit_solve(gambit_game).equilibria
    # Gambit's end is a float point of the same stopping rule: a deviation that gains little
    # can keep a probability of a few 1e-6 there, so the same limit means within 1e-5.
    for i, player in enumerate(gambit_game.players):
        expected = [float(theirs[strategy]) for strategy in player.strategies]
        assert [float(p) for p in path.limit.strategies[i]] == pytest.approx(expected, abs=1e-5)

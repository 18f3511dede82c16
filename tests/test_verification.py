"""is_equilibrium, regrets and best_deviation: classic games, exact vs float, bad profiles."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import GameError, NormalFormGame, nash_equilibria
from bargaining.solvers.pure import pure_equilibria
from bargaining.solvers.verification import (
    DEFAULT_TOLERANCE,
    Deviation,
    best_deviation,
    is_equilibrium,
    regrets,
)
from bargaining.testing.strategies import normal_form_games

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HALF = Fraction(1, 2)

DILEMMA = NormalFormGame.from_arrays(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    players=("Row", "Column"),
    strategies=(("cooperate", "defect"), ("cooperate", "defect")),
)
PENNIES = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
BATTLE = NormalFormGame.from_arrays(
    [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    strategies=(("opera", "football"), ("opera", "football")),
)


# -- classic games -----------------------------------------------------------------------------


def test_prisoners_dilemma():
    assert is_equilibrium(DILEMMA, [[0, 1], [0, 1]])
    assert not is_equilibrium(DILEMMA, [[1, 0], [1, 0]])
    assert regrets(DILEMMA, [[1, 0], [1, 0]]) == (2, 2)
    assert best_deviation(DILEMMA, [[1, 0], [0, 1]]) == Deviation("Row", "defect", 1)


def test_matching_pennies_has_only_the_uniform_equilibrium():
    assert is_equilibrium(PENNIES, [[HALF, HALF], [HALF, HALF]])
    for x, y in itertools.product([[1, 0], [0, 1], [Fraction(1, 3), Fraction(2, 3)]], repeat=2):
        assert not is_equilibrium(PENNIES, [x, y])


def test_battle_of_the_sexes_equilibria():
    third = Fraction(1, 3)
    assert is_equilibrium(BATTLE, [[1, 0], [1, 0]])
    assert is_equilibrium(BATTLE, [[0, 1], [0, 1]])
    assert is_equilibrium(BATTLE, [[2 * third, third], [third, 2 * third]])
    assert not is_equilibrium(BATTLE, [[third, 2 * third], [2 * third, third]])
    deviation = best_deviation(BATTLE, [[1, 0], [0, 1]])
    assert deviation.player == "Player 1" and deviation.strategy == "football"


def test_every_equilibrium_from_the_solver_passes():
    for game in (DILEMMA, PENNIES, BATTLE):
        for equilibrium in nash_equilibria(game):
            assert is_equilibrium(game, equilibrium)
            assert all(r == 0 for r in regrets(game, equilibrium))
            assert best_deviation(game, equilibrium) is None


def test_three_player_game():
    payoffs = np.zeros((2, 2, 2, 3), dtype=int)
    payoffs[0, 0, 0] = 1
    payoffs[1, 1, 1] = 2
    game = NormalFormGame(payoffs.tolist())
    assert is_equilibrium(game, [[1, 0], [1, 0], [1, 0]])
    assert is_equilibrium(game, [[0, 1], [0, 1], [0, 1]])
    assert not is_equilibrium(game, [[1, 0], [0, 1], [1, 0]])
    assert regrets(game, [[0, 1], [0, 1], [1, 0]]) == (0, 0, 2)
    assert best_deviation(game, [[0, 1], [0, 1], [1, 0]]) == Deviation("Player 3", "2", 2)


# -- exact vs float ----------------------------------------------------------------------------


def test_exact_check_has_no_tolerance():
    near = Fraction(1, 2) + Fraction(1, 10**15)
    profile = [[near, 1 - near], [HALF, HALF]]
    assert not is_equilibrium(PENNIES, profile)
    assert regrets(PENNIES, profile) == (0, Fraction(2, 10**15))
    # The float check accepts it within the tolerance.
    assert is_equilibrium(PENNIES, profile, tol=DEFAULT_TOLERANCE)
    assert is_equilibrium(PENNIES, [[float(near), float(1 - near)], [0.5, 0.5]])


def test_exact_inputs_give_exact_regrets_and_floats_give_floats():
    exact = regrets(BATTLE, [[HALF, HALF], [HALF, HALF]])
    assert exact == (Fraction(1, 4), Fraction(1, 4))
    assert all(isinstance(r, Fraction) for r in exact)
    inexact = regrets(BATTLE, [[0.5, 0.5], [0.5, 0.5]])
    assert all(isinstance(r, float) for r in inexact)
    assert inexact == pytest.approx((0.25, 0.25))


def test_float_tolerance_is_relative_to_the_payoff_range():
    scaled = BATTLE.map_payoffs(lambda _player, value: value * 10**6)
    third = 1 / 3
    off = [[2 * third + 1e-12, third - 1e-12], [third, 2 * third]]
    assert is_equilibrium(scaled, off)
    assert is_equilibrium(BATTLE, off)
    clearly_off = [[0.7, 0.3], [third, 2 * third]]
    assert not is_equilibrium(scaled, clearly_off)
    assert is_equilibrium(BATTLE, clearly_off, tol=0.1)


def test_float_payoffs_and_numpy_profiles():
    game = BATTLE.map_payoffs(lambda _player, value: float(value))
    assert is_equilibrium(game, (np.array([2 / 3, 1 / 3]), np.array([1 / 3, 2 / 3])))
    assert is_equilibrium(game, np.array([[1.0, 0.0], [1.0, 0.0]]))
    assert best_deviation(game, [[1.0, 0.0], [0.0, 1.0]]) == (
        "Player 1",
        "football",
        pytest.approx(1.0),
    )


def test_symbolic_games_need_values():
    value = sympy.Symbol("v")
    game = NormalFormGame.from_arrays([[[value, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(GameError, match="parameters"):
        is_equilibrium(game, [[1, 0], [1, 0]])
    assert is_equilibrium(game, [[1, 0], [1, 0]], at={"v": 2})
    assert not is_equilibrium(game, [[1, 0], [1, 0]], at={"v": -1})


# -- bad profiles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ([[1, 0]], "2 players"),
        ([[1, 0], [1, 0], [1, 0]], "2 players"),
        ([[1, 0, 0], [1, 0]], "3 probabilities, expected 2"),
        ([[1], [1, 0]], "1 probabilities, expected 2"),
        ([[2, -1], [1, 0]], "negative probability -1"),
        ([[HALF, HALF], [HALF, HALF + Fraction(1, 10**12)]], "sum to"),
        ([[0.5, 0.6], [1, 0]], "sum to"),
        ([[-0.1, 1.1], [1, 0]], "negative"),
        ([[1, "0"], [1, 0]], "expected a number"),
        (["defect", "defect"], "probability vector"),
        ([0, 1], "probability vector"),
        ("xy", "probability vector"),
        ([[float("nan"), 1], [1, 0]], "finite"),
    ],
)
def test_bad_profiles_are_refused(profile, message):
    for function in (is_equilibrium, regrets, best_deviation):
        with pytest.raises(GameError, match=message):
            function(DILEMMA, profile)


def test_equilibrium_of_another_game_is_refused():
    (equilibrium,) = nash_equilibria(PENNIES)
    with pytest.raises(GameError, match="the equilibrium is for"):
        is_equilibrium(DILEMMA, equilibrium)


def test_float_sums_are_checked_within_the_tolerance():
    assert is_equilibrium(DILEMMA, [[0.0, 1.0 + 1e-12], [0.0, 1.0]])
    with pytest.raises(GameError, match="sum to"):
        is_equilibrium(DILEMMA, [[0.0, 1.0 + 1e-6], [0.0, 1.0]])
    assert is_equilibrium(DILEMMA, [[0.0, 1.0 + 1e-6], [0.0, 1.0]], tol=1e-5)


def test_bad_tolerance_is_refused():
    with pytest.raises(GameError, match="tol"):
        is_equilibrium(DILEMMA, [[0, 1], [0, 1]], tol=-1)


# -- properties --------------------------------------------------------------------------------


@PROPERTY
@given(normal_form_games(players=3, strategies=(1, 3), payoffs="fractions", bound=3))
def test_pure_equilibria_are_equilibria_with_zero_regret(game):
    for equilibrium in pure_equilibria(game):
        assert is_equilibrium(game, equilibrium)
        assert regrets(game, equilibrium) == (0, 0, 0)
        assert best_deviation(game, equilibrium) is None


@PROPERTY
@given(normal_form_games(players=2, strategies=(1, 4), payoffs="integers", bound=5))
def test_float_and_exact_checks_agree_on_solver_output(game):
    for equilibrium in nash_equilibria(game):
        assert is_equilibrium(game, equilibrium)
        floats = [[float(p) for p in vector] for vector in equilibrium.strategies]
        assert is_equilibrium(game, floats)


@st.composite
def games_with_profiles(draw):
    game = draw(normal_form_games(players=draw(st.integers(2, 3)), strategies=(2, 3), bound=5))
    profile = []
    for size in game.shape:
        weights = draw(st.lists(st.integers(0, 4), min_size=size, max_size=size))
        if sum(weights) == 0:
            weights[0] = 1
        profile.append([Fraction(w, sum(weights)) for w in weights])
    return game, profile


def _deviation_payoff(game, profile, player, strategy):
    """Player's expected payoff from a pure strategy against the profile, by brute force."""
    total = Fraction(0)
    for cell in itertools.product(*(range(size) for size in game.shape)):
        if cell[player] != strategy:
            continue
        weight = Fraction(1)
        for k, j in enumerate(cell):
            if k != player:
                weight *= profile[k][j]
        total += weight * game.payoffs[cell][player]
    return total


@PROPERTY
@given(games_with_profiles())
def test_regrets_match_brute_force_and_best_deviation(case):
    game, profile = case
    gains = regrets(game, profile)
    for i in range(game.num_players):
        values = [_deviation_payoff(game, profile, i, s) for s in range(game.shape[i])]
        current = sum(p * v for p, v in zip(profile[i], values, strict=True))
        assert gains[i] == max(values) - current
    deviation = best_deviation(game, profile)
    if is_equilibrium(game, profile):
        assert deviation is None and all(g == 0 for g in gains)
        return
    # Not an equilibrium: the reported deviation is real and the largest gain.
    assert deviation is not None
    assert deviation.gain == max(gains) > 0
    player = game.player_index(deviation.player)
    strategy = game.strategy_index(player, deviation.strategy)
    values = [_deviation_payoff(game, profile, player, s) for s in range(game.shape[player])]
    current = sum(p * v for p, v in zip(profile[player], values, strict=True))
    assert values[strategy] - current == deviation.gain
    # The float path agrees with the exact one when the gain is not tiny.
    floats = [[float(p) for p in vector] for vector in profile]
    assert not is_equilibrium(game, floats)
    assert regrets(game, floats) == pytest.approx([float(g) for g in gains], abs=1e-9)

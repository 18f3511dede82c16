"""Lemke-Howson, fictitious play and replicator dynamics bridged from nashpy."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from bargaining import GameError, NormalFormGame, nash_equilibria
from bargaining.solvers.learning import (
    LearningPath,
    fictitious_play,
    lemke_howson,
    lemke_howson_all,
    replicator_dynamics,
)
from bargaining.solvers.verification import is_equilibrium

PENNIES = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
BATTLE = NormalFormGame.from_arrays(
    [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    players=("Her", "Him"),
    strategies=(("opera", "football"), ("opera", "football")),
)
HAWK_DOVE = NormalFormGame.from_arrays([[[0, 3], [1, 2]], [[0, 1], [3, 2]]])

# A degenerate 5x4 game on which nashpy 0.0.43's Lemke-Howson (lexicographic pivoting) returns
# a profile that is not an equilibrium from initial label 0: found by random search.
NASHPY_FAILS = NormalFormGame.from_arrays(
    [
        [[-2, 2, -1, 2], [-1, -2, 2, 0], [-1, 2, 2, -2], [1, 2, 1, 1], [0, 0, -1, -2]],
        [[-1, 1, 2, 2], [-1, -2, 2, 1], [1, 2, -1, 2], [1, 1, -1, -1], [-1, 1, 0, -2]],
    ]
)


def close_to(strategies, expected, tolerance=1e-9):
    return all(
        np.allclose(np.array(v, dtype=float), np.array(e, dtype=float), atol=tolerance)
        for v, e in zip(strategies, expected, strict=True)
    )


# -- Lemke-Howson ------------------------------------------------------------------------------


def test_lemke_howson_on_battle_of_the_sexes_finds_one_of_its_equilibria():
    exact = [eq.strategies for eq in nash_equilibria(BATTLE)]
    for label in range(4):
        equilibrium = lemke_howson(BATTLE, initial_dropped_label=label)
        assert any(close_to(equilibrium.strategies, e) for e in exact)
        assert equilibrium.players == ("Her", "Him")
        assert equilibrium.strategy_labels == BATTLE.strategies
        assert is_equilibrium(BATTLE, equilibrium)
        assert "Lemke-Howson" in equilibrium.method


def test_lemke_howson_on_matching_pennies():
    equilibrium = lemke_howson(PENNIES)
    assert close_to(equilibrium.strategies, [[0.5, 0.5], [0.5, 0.5]])
    assert equilibrium.payoffs == pytest.approx((0, 0))


def test_lemke_howson_all_returns_distinct_equilibria():
    found = lemke_howson_all(BATTLE)
    assert [eq.strategies for eq in found] == [((0.0, 1.0), (0.0, 1.0)), ((1.0, 0.0), (1.0, 0.0))]
    assert len(lemke_howson_all(PENNIES)) == 1


def test_lemke_howson_with_a_single_strategy_player():
    # nashpy's tableaux loop forever on such games; they are solved directly.
    game = NormalFormGame.from_arrays([[[1, 5, 2]], [[0, 3, 7]]])
    equilibrium = lemke_howson(game)
    assert equilibrium.strategies == ((1.0,), (0.0, 0.0, 1.0))
    column = NormalFormGame.from_arrays([[[1], [4], [2]], [[0], [0], [0]]])
    assert lemke_howson_all(column)[0].strategies == ((0.0, 1.0, 0.0), (1.0,))


def test_lemke_howson_failure_on_a_degenerate_game_is_a_game_error():
    with pytest.raises(GameError, match=r"degenerate.*nash_equilibria"):
        lemke_howson(NASHPY_FAILS, initial_dropped_label=0)
    # Other labels may still work, and what they find is checked.
    for equilibrium in lemke_howson_all(NASHPY_FAILS):
        assert is_equilibrium(NASHPY_FAILS, equilibrium)


def test_lemke_howson_input_errors():
    with pytest.raises(GameError, match=r"range\(4\)"):
        lemke_howson(PENNIES, initial_dropped_label=4)
    with pytest.raises(GameError, match="int"):
        lemke_howson(PENNIES, initial_dropped_label=1.0)
    three = NormalFormGame(np.zeros((2, 2, 2, 3), dtype=int).tolist())
    for function in (lemke_howson, lemke_howson_all, fictitious_play, replicator_dynamics):
        with pytest.raises(GameError, match="two-player"):
            function(three)


def test_symbolic_payoffs_with_values():
    value = sympy.Symbol("v")
    game = NormalFormGame.from_arrays([[[value, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    with pytest.raises(GameError, match="parameters"):
        lemke_howson(game)
    equilibrium = lemke_howson(game, at={"v": 1})
    assert close_to(equilibrium.strategies, [[0.5, 0.5], [0.5, 0.5]])
    # Exact payoffs: the float equilibrium matches the exact one.
    (exact,) = nash_equilibria(game, at={"v": Fraction(3)})
    assert close_to(lemke_howson(game, at={"v": 3}).strategies, exact.strategies)


# -- fictitious play ---------------------------------------------------------------------------


def test_fictitious_play_on_matching_pennies_approaches_one_half():
    path = fictitious_play(PENNIES, iterations=2000, seed=0)
    assert isinstance(path, LearningPath)
    assert [array.shape for array in path.strategies] == [(2000, 2), (2000, 2)]
    assert path.times.tolist() == list(range(1, 2001))
    for vector in path.final:
        assert vector == pytest.approx((0.5, 0.5), abs=0.1)
    for array in path.strategies:
        assert np.allclose(array.sum(axis=1), 1)
        assert not array.flags.writeable


def test_fictitious_play_seed_is_reproducible_and_restores_global_state():
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    first = fictitious_play(PENNIES, iterations=50, seed=7)
    assert np.random.random() == expected
    second = fictitious_play(PENNIES, iterations=50, seed=7)
    assert all(
        np.array_equal(a, b) for a, b in zip(first.strategies, second.strategies, strict=True)
    )


def test_fictitious_play_in_the_prisoners_dilemma_plays_defect():
    dilemma = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    path = fictitious_play(dilemma, iterations=10, seed=1)
    # The first round breaks a tie at random; from then on both defect.
    for array in path.strategies:
        assert np.all(np.diff(array[:, 1]) >= 0)
        assert array[-1, 1] >= 0.9


def test_fictitious_play_input_errors():
    with pytest.raises(GameError, match="at least 1"):
        fictitious_play(PENNIES, iterations=0)
    with pytest.raises(GameError, match="int"):
        fictitious_play(PENNIES, iterations=10.5)


# -- replicator dynamics -----------------------------------------------------------------------


def test_replicator_dynamics_shapes_for_an_asymmetric_game():
    path = replicator_dynamics(BATTLE)
    assert path.method == "replicator dynamics (two populations)"
    assert [array.shape for array in path.strategies] == [(1000, 2), (1000, 2)]
    assert path.times.shape == (1000,)
    assert len(path.final) == 2 and all(len(v) == 2 for v in path.final)
    times = np.linspace(0, 5, 11)
    short = replicator_dynamics(
        NormalFormGame.from_arrays([[[1, 0, 2], [0, 1, 0]], [[0, 1, 0], [1, 0, 3]]]),
        y0=([0.5, 0.5], [0.2, 0.3, 0.5]),
        timepoints=times,
    )
    assert [array.shape for array in short.strategies] == [(11, 2), (11, 3)]
    assert short.strategies[1][0].tolist() == [0.2, 0.3, 0.5]
    assert np.array_equal(short.times, times)


def test_replicator_dynamics_single_population_for_symmetric_games():
    path = replicator_dynamics(HAWK_DOVE, y0=[Fraction(1, 10), Fraction(9, 10)])
    assert path.method == "replicator dynamics (one population)"
    assert path.strategies[0].shape == (1000, 2)
    assert path.final[0] == path.final[1]
    assert path.final[0] == pytest.approx((0.5, 0.5), abs=0.01)


def test_replicator_dynamics_from_a_pure_state_stays_there():
    path = replicator_dynamics(BATTLE, y0=([1, 0], [0, 1]))
    assert path.final == ((1.0, 0.0), (0.0, 1.0))


def test_replicator_dynamics_input_errors():
    with pytest.raises(GameError, match="symmetric"):
        replicator_dynamics(BATTLE, y0=[0.5, 0.5])
    with pytest.raises(GameError, match="sum to"):
        replicator_dynamics(HAWK_DOVE, y0=[0.5, 0.6])
    with pytest.raises(GameError, match="expected 2"):
        replicator_dynamics(BATTLE, y0=([1, 0], [0, 0, 1]))
    with pytest.raises(GameError, match="increasing"):
        replicator_dynamics(BATTLE, timepoints=[0, 2, 1])

"""iterated_dominance: pure and mixed dominators, strict and weak, and equilibrium preservation."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings

from bargaining import GameError, NormalFormGame, nash_equilibria
from bargaining.solvers.dominance import Elimination, iterated_dominance
from bargaining.solvers.verification import is_equilibrium
from bargaining.testing.strategies import normal_form_games

PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HALF = Fraction(1, 2)

DILEMMA = NormalFormGame.from_arrays(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    players=("Row", "Column"),
    strategies=(("cooperate", "defect"), ("cooperate", "defect")),
    outcomes=[["deal", "exploited"], ["exploits", "war"]],
)

# The row player's third strategy is dominated by the 50/50 mix of the first two, by no pure one.
MIX_ONLY = NormalFormGame.from_arrays(
    [[[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]]],
    players=("Row", "Column"),
    strategies=(("top", "bottom", "middle"), ("left", "right")),
)


def test_prisoners_dilemma_reduces_to_mutual_defection():
    result = iterated_dominance(DILEMMA)
    assert result.surviving == (("defect",), ("defect",))
    assert result.eliminated == (
        Elimination("Row", "cooperate", "defect", 1),
        Elimination("Column", "cooperate", "defect", 1),
    )
    assert result.game.payoff(("defect", "defect")) == (1, 1)
    assert result.game.outcomes.tolist() == [["war"]]
    assert result.original == DILEMMA


def test_strategy_dominated_only_by_a_mixture():
    mixed = iterated_dominance(MIX_ONLY)
    assert mixed.surviving == (("top", "bottom"), ("left", "right"))
    (elimination,) = mixed.eliminated
    assert elimination.player == "Row" and elimination.strategy == "middle"
    assert elimination.is_mixed
    assert elimination.dominated_by == {"top": HALF, "bottom": HALF}
    assert elimination.round == 1

    pure_only = iterated_dominance(MIX_ONLY, mixed=False)
    assert pure_only.surviving == MIX_ONLY.strategies
    assert pure_only.eliminated == ()
    assert pure_only.game == MIX_ONLY


def test_mixed_domination_in_float_games():
    game = MIX_ONLY.map_payoffs(lambda _player, value: float(value))
    (elimination,) = iterated_dominance(game).eliminated
    assert elimination.strategy == "middle"
    weights = elimination.dominated_by
    assert set(weights) == {"top", "bottom"}
    assert all(isinstance(p, float) for p in weights.values())
    assert sum(weights.values()) == pytest.approx(1)
    # Any mixture that wins by a margin is fine; check that it does.
    for column in range(2):
        value = sum(
            p * game.payoffs[MIX_ONLY.strategy_index(0, s), column][0] for s, p in weights.items()
        )
        assert value > 1


def test_a_tie_with_the_mixture_is_not_domination():
    # (1.5, 1.5) equals the 50/50 mix: neither strictly nor weakly dominated.
    game = NormalFormGame.from_arrays(
        [[[3, 0], [0, 3], [HALF * 3, HALF * 3]], [[1, 0], [0, 1], [0, 0]]]
    )
    assert iterated_dominance(game).eliminated == ()
    assert iterated_dominance(game, strict=False).eliminated == ()


def test_reduced_game_keeps_labels_and_order_of_elimination():
    # Round 1: column's "right" is strictly dominated by "left"; round 2: then row's "bottom".
    game = NormalFormGame.from_arrays(
        [[[1, 0], [0, 2]], [[3, 1], [3, 1]]],
        players=("Row", "Column"),
        strategies=(("top", "bottom"), ("left", "right")),
    )
    result = iterated_dominance(game)
    assert [(e.player, e.strategy, e.dominated_by, e.round) for e in result.eliminated] == [
        ("Column", "right", "left", 1),
        ("Row", "bottom", "top", 2),
    ]
    assert result.surviving == (("top",), ("left",))
    assert result.game.strategies == (("top",), ("left",))
    assert result.game.players == ("Row", "Column")


def test_three_rounds_with_a_mixed_step():
    # Column's "c" is dominated by "a" (round 1); then row's "middle" by the 50/50 mix of
    # "top" and "bottom" (round 2, once "c" is gone); then column's "b" by "a" (round 3, once
    # "middle" is gone); then row's "bottom" by "top" (round 4).
    game = NormalFormGame.from_arrays(
        [[[3, 0, 9], [0, 3, 9], [1, 1, 20]], [[2, 1, 0], [2, 1, 0], [0, 5, -1]]],
        strategies=(("top", "bottom", "middle"), ("a", "b", "c")),
    )
    result = iterated_dominance(game)
    assert [(e.strategy, e.dominated_by, e.round) for e in result.eliminated] == [
        ("c", "a", 1),
        ("middle", {"top": HALF, "bottom": HALF}, 2),
        ("b", "a", 3),
        ("bottom", "top", 4),
    ]
    assert result.surviving == (("top",), ("a",))


def test_weak_dominance():
    # "2" is weakly but not strictly dominated for both players.
    game = NormalFormGame.from_arrays([[[1, 1], [1, 0]], [[1, 1], [1, 0]]])
    assert iterated_dominance(game).eliminated == ()
    weak = iterated_dominance(game, strict=False)
    assert weak.surviving == (("1",), ("1",))
    assert [(e.player, e.strategy, e.dominated_by) for e in weak.eliminated] == [
        ("Player 1", "2", "1"),
        ("Player 2", "2", "1"),
    ]


def test_weak_dominance_by_a_mixture():
    # Row "3" ties the 50/50 mix in column 3 and loses elsewhere: weakly dominated by a mix.
    game = NormalFormGame.from_arrays(
        [[[3, 0, 0], [0, 3, 0], [1, 1, 0]], [[1, 0, 0], [0, 1, 0], [0, 0, 0]]]
    )
    assert iterated_dominance(game).eliminated == ()
    assert [e.strategy for e in iterated_dominance(game, strict=False, mixed=False).eliminated] == [
        "3"
    ]  # only the column player's "3", weakly dominated by "1"
    weak = iterated_dominance(game, strict=False)
    row = [e for e in weak.eliminated if e.player == "Player 1"]
    assert [e.strategy for e in row] == ["3"] and row[0].is_mixed
    assert weak.surviving == (("1", "2"), ("1", "2"))


def test_weak_dominance_can_remove_equilibria():
    # (bottom, right) is an equilibrium that weak dominance removes.
    game = NormalFormGame.from_arrays([[[1, 0], [0, 0]], [[1, 0], [0, 0]]])
    assert is_equilibrium(game, [[0, 1], [0, 1]])
    assert iterated_dominance(game, strict=False).surviving == (("1",), ("1",))


def test_identical_strategies_are_kept():
    game = NormalFormGame.from_arrays([[[1, 2], [1, 2]], [[0, 0], [0, 0]]])
    for strict in (True, False):
        assert iterated_dominance(game, strict=strict).surviving == game.strategies


def test_a_players_last_strategy_is_never_removed():
    game = NormalFormGame.from_arrays([[[5], [1]], [[0], [0]]])
    result = iterated_dominance(game, strict=False)
    assert result.surviving == (("1",), ("1",))


def test_three_player_game():
    payoffs = np.zeros((2, 2, 2, 3), dtype=int)
    payoffs[..., 2] = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]]  # player 3 prefers "1" always
    payoffs[:, :, 0, 0] = [[2, 2], [0, 0]]  # then player 1 prefers "1"
    game = NormalFormGame(payoffs.tolist())
    result = iterated_dominance(game)
    assert [(e.player, e.strategy, e.round) for e in result.eliminated] == [
        ("Player 3", "2", 1),
        ("Player 1", "2", 2),
    ]
    assert result.game.shape == (1, 2, 1)


def test_symbolic_games_need_values():
    cost = sympy.Symbol("c")
    game = NormalFormGame.from_arrays([[[3, 0], [5 - cost, 1]], [[3, 5 - cost], [0, 1]]])
    with pytest.raises(GameError, match="parameters"):
        iterated_dominance(game)
    assert iterated_dominance(game, at={"c": 0}).game.shape == (1, 1)
    assert iterated_dominance(game, at={"c": 3}).game.shape == (2, 2)


def test_lift_pads_with_zeros():
    result = iterated_dominance(MIX_ONLY)
    (equilibrium,) = [eq for eq in nash_equilibria(result.game) if not eq.is_pure]
    lifted = result.lift(equilibrium)
    assert lifted == (
        (Fraction(1, 2), Fraction(1, 2), 0),
        (Fraction(1, 2), Fraction(1, 2)),
    )
    assert is_equilibrium(MIX_ONLY, lifted)
    with pytest.raises(GameError, match="reduced game gives"):
        result.lift([[1, 0, 0], [1, 0]])


# -- properties --------------------------------------------------------------------------------


def _profiles(equilibria):
    return {tuple(tuple(Fraction(p) for p in v) for v in eq.strategies) for eq in equilibria}


def _brute_force_strictly_dominated(game, player):
    """Strategies strictly dominated by a pure strategy, checked cell by cell."""
    others = [range(size) for k, size in enumerate(game.shape) if k != player]
    dominated = set()
    for j, k in itertools.permutations(range(game.shape[player]), 2):
        if all(
            game.payoffs[(*rest[:player], k, *rest[player:])][player]
            > game.payoffs[(*rest[:player], j, *rest[player:])][player]
            for rest in itertools.product(*others)
        ):
            dominated.add(j)
    return dominated


@PROPERTY
@given(normal_form_games(players=2, strategies=(1, 4), payoffs="integers", bound=4))
def test_strict_dominance_preserves_the_equilibria(game):
    result = iterated_dominance(game)
    reduced = nash_equilibria(result.game)
    original = nash_equilibria(game)
    lifted = [result.lift(eq) for eq in reduced]
    for profile in lifted:
        assert is_equilibrium(game, profile)
    # Every equilibrium of the original game avoids the eliminated strategies.
    eliminated = {(e.player, e.strategy) for e in result.eliminated}
    for eq in original:
        for i, player in enumerate(game.players):
            for label, p in zip(game.strategies[i], eq.strategies[i], strict=True):
                if (player, label) in eliminated:
                    assert p == 0
    # Same equilibrium set: vertex enumeration finds the same extreme equilibria.
    assert {tuple(map(tuple, profile)) for profile in lifted} == _profiles(original)


@PROPERTY
@given(normal_form_games(players=2, strategies=(1, 4), payoffs="integers", bound=3))
def test_weak_dominance_keeps_only_equilibria(game):
    for mixed in (True, False):
        result = iterated_dominance(game, strict=False, mixed=mixed)
        for eq in nash_equilibria(result.game):
            assert is_equilibrium(game, result.lift(eq))


@PROPERTY
@given(normal_form_games(players=3, strategies=(1, 3), payoffs="fractions", bound=3))
def test_first_round_matches_brute_force_pure_dominance(game):
    result = iterated_dominance(game, mixed=False)
    first = {(e.player, e.strategy) for e in result.eliminated if e.round == 1}
    expected = {
        (game.players[i], game.strategies[i][j])
        for i in range(3)
        for j in _brute_force_strictly_dominated(game, i)
    }
    assert first == expected


@PROPERTY
@given(normal_form_games(players=2, strategies=(2, 4), payoffs="integers", bound=4))
def test_mixed_dominators_really_dominate(game):
    result = iterated_dominance(game)
    for elimination in result.eliminated:
        if not elimination.is_mixed:
            continue
        weights = elimination.dominated_by
        assert sum(weights.values()) == 1 and all(p > 0 for p in weights.values())
        # Domination holds at least against the opponents' surviving strategies at that round,
        # which include the final survivors.
        i = game.player_index(elimination.player)
        j = game.strategy_index(i, elimination.strategy)
        for other in result.surviving[1 - i]:
            o = game.strategy_index(1 - i, other)

            def payoff(s, o=o, i=i):
                return game.payoffs[(s, o) if i == 0 else (o, s)][i]

            mixture = sum(p * payoff(game.strategy_index(i, s)) for s, p in weights.items())
            assert mixture > payoff(j)


@PROPERTY
@given(normal_form_games(players=2, strategies=(2, 4), payoffs="integers", bound=4))
def test_float_games_eliminate_like_exact_ones(game):
    floats = game.map_payoffs(lambda _player, value: float(value))
    for strict in (True, False):
        exact = iterated_dominance(game, strict=strict)
        inexact = iterated_dominance(floats, strict=strict)
        assert inexact.surviving == exact.surviving
        assert [(e.player, e.strategy, e.round) for e in inexact.eliminated] == [
            (e.player, e.strategy, e.round) for e in exact.eliminated
        ]

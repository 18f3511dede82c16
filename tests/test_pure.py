"""pure_equilibria: n players, exact comparisons, against a brute-force reference."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import given, settings

from bargaining import NormalFormGame, pure_equilibria
from bargaining.testing.strategies import normal_form_games


def brute_force(game):
    """Profiles where no player gains by a unilateral deviation, checked one by one."""
    found = []
    for profile in itertools.product(*(range(size) for size in game.shape)):
        stable = True
        for player in range(game.num_players):
            current = game.payoffs[profile][player]
            for alternative in range(game.shape[player]):
                deviation = list(profile)
                deviation[player] = alternative
                if game.payoffs[tuple(deviation)][player] > current:
                    stable = False
        if stable:
            found.append(profile)
    return found


def as_profiles(equilibria):
    return [tuple(vector.index(1) for vector in eq.strategies) for eq in equilibria]


@settings(max_examples=100, deadline=None)
@given(normal_form_games(players=3, strategies=(1, 4), payoffs="fractions", bound=3))
def test_three_player_games_match_brute_force(game):
    assert as_profiles(pure_equilibria(game)) == brute_force(game)


@settings(max_examples=50, deadline=None)
@given(normal_form_games(players=4, strategies=(1, 3), payoffs="floats", bound=2))
def test_four_player_float_games_match_brute_force(game):
    assert as_profiles(pure_equilibria(game)) == brute_force(game)


def test_huge_exact_payoffs_do_not_overflow():
    big = 10**30
    game = NormalFormGame.from_arrays([[[big + 1, big]], [[Fraction(1, 3), Fraction(1, 2)]]])
    (eq,) = pure_equilibria(game)
    assert eq.strategies == ((1,), (0, 1))
    assert eq.payoffs == (big, Fraction(1, 2))


def test_three_player_coordination_game():
    payoffs = np.zeros((2, 2, 2, 3), dtype=int)
    payoffs[0, 0, 0] = 1
    payoffs[1, 1, 1] = 2
    equilibria = pure_equilibria(NormalFormGame(payoffs.tolist()))
    assert as_profiles(equilibria) == [(0, 0, 0), (1, 1, 1)]
    assert [eq.payoffs for eq in equilibria] == [(1, 1, 1), (2, 2, 2)]

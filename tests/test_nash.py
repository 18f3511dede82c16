"""nash_equilibria: classic games, known counts, exactness, invariances, independent checks."""

from __future__ import annotations

import itertools
from fractions import Fraction

import nashpy
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import GameError, NormalFormGame, nash_equilibria, pure_equilibria
from bargaining.testing.strategies import degenerate_games, normal_form_games
from tests.reference_solvers import support_enumeration

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def profiles(equilibria):
    return {
        tuple(tuple(Fraction(p) for p in vector) for vector in eq.strategies) for eq in equilibria
    }


def rounded(equilibria, digits=7):
    return {
        tuple(tuple(round(float(p), digits) for p in v) for v in eq.strategies) for eq in equilibria
    }


def rounded_pairs(pairs, digits=7):
    return {tuple(tuple(round(float(p), digits) for p in v) for v in pair) for pair in pairs}


def assert_same_within(floats, exact, tolerance=1e-7):
    """Each float equilibrium is within ``tolerance`` of a distinct exact one, covering them all
    (rounding both to digits would split a tie such as 0.2265625 against 0.22656250000000003)."""
    vectors = [[float(p) for v in eq.strategies for p in v] for eq in exact]
    assert len(floats) == len(exact), (floats, exact)
    for eq in floats:
        values = [p for v in eq.strategies for p in v]
        assert any(
            max(abs(a - b) for a, b in zip(values, vector, strict=True)) <= tolerance
            for vector in vectors
        ), (eq, exact)


def regret(game, strategies):
    """Largest gain from a unilateral pure deviation, in exact arithmetic (two players)."""
    a, b = game.payoff_array(0), game.payoff_array(1)
    x, y = strategies
    m, n = game.shape
    row = [sum(a[i, j] * y[j] for j in range(n)) for i in range(m)]
    column = [sum(x[i] * b[i, j] for i in range(m)) for j in range(n)]
    return max(
        max(row) - sum(x[i] * row[i] for i in range(m)),
        max(column) - sum(y[j] * column[j] for j in range(n)),
    )


# -- classic games ---------------------------------------------------------------------------


def test_prisoners_dilemma_has_only_mutual_defection():
    game = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    assert profiles(nash_equilibria(game)) == {((0, 1), (0, 1))}


def test_chicken_has_two_pure_and_one_mixed():
    game = NormalFormGame.from_arrays([[[0, -1], [1, -10]], [[0, 1], [-1, -10]]])
    third = (Fraction(9, 10), Fraction(1, 10))
    assert profiles(nash_equilibria(game)) == {((1, 0), (0, 1)), ((0, 1), (1, 0)), (third, third)}


def test_battle_of_the_sexes_mixed_equilibrium_and_payoffs():
    game = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    mixed = [eq for eq in nash_equilibria(game) if not eq.is_pure]
    assert len(mixed) == 1
    assert mixed[0].strategies == (
        (Fraction(2, 3), Fraction(1, 3)),
        (Fraction(1, 3), Fraction(2, 3)),
    )
    assert mixed[0].payoffs == (Fraction(2, 3), Fraction(2, 3))


def test_matching_pennies_unique_mixed():
    game = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    half = (Fraction(1, 2), Fraction(1, 2))
    (eq,) = nash_equilibria(game)
    assert eq.strategies == (half, half)
    assert eq.payoffs == (0, 0)


def test_rock_paper_scissors_unique_uniform():
    a = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    game = NormalFormGame.from_arrays([a, (-np.array(a)).tolist()])
    (eq,) = nash_equilibria(game)
    third = (Fraction(1, 3),) * 3
    assert eq.strategies == (third, third)


@pytest.mark.parametrize("n", range(1, 8))
def test_identity_coordination_game_has_2_to_the_n_minus_1_equilibria(n):
    identity = np.eye(n, dtype=int).tolist()
    equilibria = nash_equilibria(NormalFormGame.from_arrays([identity, identity]))
    assert len(equilibria) == 2**n - 1
    # One equilibrium per nonempty support: uniform on it for both players.
    supports = {eq.support(0) for eq in equilibria}
    assert len(supports) == 2**n - 1


def test_degenerate_game_returns_every_extreme_equilibrium():
    # Column player is indifferent between both columns against the bottom row: the
    # equilibrium set contains a segment whose two endpoints must both be returned.
    game = NormalFormGame.from_arrays([[[1, 1], [0, 2]], [[1, 1], [0, 0]]])
    found = profiles(nash_equilibria(game))
    assert ((1, 0), (1, 0)) in found
    assert ((1, 0), (0, 1)) in found or ((1, 0), (Fraction(1, 2), Fraction(1, 2))) in found
    for strategies in found:
        assert regret(game, strategies) == 0


# -- exactness and kinds of numbers ------------------------------------------------------------


def test_exact_inputs_give_exact_outputs():
    game = NormalFormGame.from_arrays(
        [[[Fraction(1, 3), 0], [0, Fraction(2, 7)]], [[Fraction(1, 5), 0], [0, 1]]]
    )
    for eq in nash_equilibria(game):
        for value in (*itertools.chain.from_iterable(eq.strategies), *eq.payoffs):
            assert isinstance(value, int | Fraction)


def test_float_inputs_give_floats():
    game = NormalFormGame.from_arrays([[[1.5, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.5]]])
    equilibria = nash_equilibria(game)
    assert len(equilibria) == 3
    assert all(isinstance(p, float) for eq in equilibria for v in eq.strategies for p in v)


def test_symbolic_game_needs_values():
    import sympy

    leverage = sympy.Symbol("L")
    game = NormalFormGame.from_arrays([[[leverage, 0], [0, 1]], [[1, 0], [0, leverage]]])
    with pytest.raises(GameError, match="parameters"):
        nash_equilibria(game)
    assert len(nash_equilibria(game, at={"L": Fraction(1, 2)})) == 3


def test_unknown_method_and_wrong_player_count():
    game = NormalFormGame.from_arrays([[[1]], [[1]]])
    with pytest.raises(GameError, match="unknown method"):
        nash_equilibria(game, method="magic")
    three = NormalFormGame(np.ones((2, 2, 2, 3), dtype=int).tolist())
    with pytest.raises(GameError, match="two-player"):
        nash_equilibria(three, method="vertex-enumeration")
    assert len(nash_equilibria(three, method="pure")) == 8
    # "auto" on a game where every profile is an equilibrium: the 8 pure ones and a point of
    # the continuum of each of the 19 mixed support profiles, flagged
    found = nash_equilibria(three)
    assert found.complete and len(found) == 27
    assert all(eq.continuum != eq.is_pure for eq in found)


# -- properties ----------------------------------------------------------------------------


@PROPERTY
@given(normal_form_games(strategies=(1, 4)))
def test_every_returned_profile_is_an_equilibrium(game):
    for eq in nash_equilibria(game):
        assert all(p >= 0 for v in eq.strategies for p in v)
        assert all(sum(v) == 1 for v in eq.strategies)
        assert regret(game, eq.strategies) == 0


@PROPERTY
@given(degenerate_games(strategies=(1, 4)))
def test_degenerate_games_every_profile_is_an_equilibrium_and_pure_ones_included(game):
    equilibria = nash_equilibria(game)
    assert len(profiles(equilibria)) == len(equilibria)  # no duplicates
    for eq in equilibria:
        assert regret(game, eq.strategies) == 0
    # Pure equilibria are extreme equilibria, so they must all be there.
    assert profiles(pure_equilibria(game)) <= profiles(equilibria)


def generic_game(m, n, seed):
    """A random game with payoffs from a wide range: ties, and so degeneracy, are vanishingly
    unlikely (hypothesis shrinks the seed, not the payoffs, so it cannot shrink into ties)."""
    a, b = np.random.default_rng(seed).integers(-(10**6), 10**6, (2, m, n))
    return a.tolist(), b.tolist()


@PROPERTY
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_agrees_with_exact_support_enumeration_on_nondegenerate_games(m, n, seed):
    a, b = generic_game(m, n, seed)
    game = NormalFormGame.from_arrays([a, b])
    assert profiles(nash_equilibria(game)) == set(support_enumeration(a, b))
    assert rounded(nash_equilibria(game, exact=False)) == rounded_pairs(support_enumeration(a, b))


@PROPERTY
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_nothing_nashpy_support_enumeration_finds_is_missed(m, n, seed):
    # nashpy is a reference only one way: on some of these games it misses equilibria
    # (float tolerance on supports), but whatever it finds must be among ours.
    a, b = generic_game(m, n, seed)
    found = nashpy.Game(np.array(a), np.array(b)).support_enumeration()
    ours = rounded(nash_equilibria(NormalFormGame.from_arrays([a, b])))
    assert rounded_pairs(found) <= ours


@PROPERTY
@given(normal_form_games(strategies=(1, 4), bound=4), st.randoms(use_true_random=False))
def test_invariant_under_relabelling_strategies_and_players(game, random):
    orders = [random.sample(range(size), size) for size in game.shape]
    relabelled = game.permuted(strategies=orders)
    expected = {
        tuple(tuple(v[j] for j in order) for v, order in zip(s, orders, strict=True))
        for s in profiles(nash_equilibria(game))
    }
    assert profiles(nash_equilibria(relabelled)) == expected
    swapped = game.permuted(players=[1, 0])
    assert profiles(nash_equilibria(swapped)) == {
        (y, x) for x, y in profiles(nash_equilibria(game))
    }


@PROPERTY
@given(
    normal_form_games(strategies=(1, 4), bound=4),
    st.fractions(min_value=Fraction(1, 10), max_value=10),
    st.fractions(min_value=-10, max_value=10),
)
def test_invariant_under_positive_affine_payoff_transforms(game, scale, shift):
    transformed = game.map_payoffs(lambda player, u: scale * u + shift if player == 0 else u)
    assert profiles(nash_equilibria(transformed)) == profiles(nash_equilibria(game))


@PROPERTY
@given(degenerate_games(strategies=(1, 4)))
def test_float_mode_matches_exact_mode_on_degenerate_games(game):
    assert_same_within(nash_equilibria(game, exact=False), nash_equilibria(game))


@PROPERTY
@given(normal_form_games(strategies=(2, 7)))
def test_float_mode_matches_exact_mode_on_random_games_up_to_7x7(game):
    assert_same_within(nash_equilibria(game, exact=False), nash_equilibria(game))


@PROPERTY
@given(degenerate_games(strategies=(1, 4)), st.sampled_from([0.1, 0.3, 1.7]))
def test_float_games_return_each_equilibrium_once_with_no_negative_zeros(game, scale):
    # Decimal payoffs such as 0.1 * k make float round-off produce -0.0 and -1e-17.
    floats = game.map_payoffs(lambda _player, u: float(u) * scale)
    equilibria = nash_equilibria(floats)
    assert len(rounded(equilibria)) == len(equilibria)
    for eq in equilibria:
        assert all(p >= 0 and str(p) != "-0.0" for v in eq.strategies for p in v)

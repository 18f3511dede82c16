"""equilibrium_components: maximal Nash subsets checked pair by pair, on degenerate games."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from bargaining import GameError, NormalFormGame, is_equilibrium, nash_equilibria, read_game
from bargaining.solvers.components import equilibrium_components
from bargaining.testing.strategies import normal_form_games

CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "games"
DEGENERATE = [
    "contrib/games/csg1.nfg",
    "contrib/games/csg3.nfg",
    "contrib/games/deg1.nfg",
    "contrib/games/deg2.nfg",
    "contrib/games/mixdom.nfg",
    "contrib/games/perfect1.nfg",
    "contrib/games/perfect2.nfg",
    "contrib/games/wink3.nfg",
    "contrib/games/winkels.nfg",
    "contrib/games/yamamoto.nfg",
    "tests/test_games/2x2_bimatrix_all_zero_payoffs.nfg",
    "tests/test_games/mixed_strategy.nfg",
    "tests/test_games/non_const_sum_game.nfg",
]
SEVENTY_FIVE = "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"


def _conformance_game(name: str) -> NormalFormGame:
    path = CONFORMANCE / name
    if not path.exists():
        pytest.skip(f"conformance game {name} not available")
    return read_game(path)


def _mix(vectors, weights):
    return tuple(
        sum(w * v[k] for w, v in zip(weights, vectors, strict=True)) for k in range(len(vectors[0]))
    )


def _check(game: NormalFormGame) -> list:
    components = equilibrium_components(game)
    extreme = nash_equilibria(game)
    listed = [eq for component in components for eq in component.extreme_equilibria]
    assert sorted(map(repr, listed)) == sorted(map(repr, extreme))  # each exactly once
    strategies = {eq.strategies for eq in extreme}
    for component in components:
        assert component.subsets
        for subset in component.subsets:
            pairs = set(itertools.product(subset.row_strategies, subset.column_strategies))
            assert pairs <= strategies  # every pair of extreme strategies is an equilibrium
            # ... so the centre of the subset is one too (exact arithmetic).
            rows, columns = subset.row_strategies, subset.column_strategies
            centre = (
                _mix(rows, [Fraction(1, len(rows))] * len(rows)),
                _mix(columns, [Fraction(1, len(columns))] * len(columns)),
            )
            assert is_equilibrium(game, centre)
            # Maximal: no other extreme strategy pairs with all of the other side.
            for x in {s[0] for s in strategies} - set(rows):
                assert not all((x, y) in strategies for y in columns)
            for y in {s[1] for s in strategies} - set(columns):
                assert not all((x, y) in strategies for x in rows)
    return components


def test_a_segment_of_equilibria_is_one_component():
    game = NormalFormGame.from_arrays(
        [[[1, 1], [0, 0]], [[1, 1], [0, 1]]], strategies=(("top", "bottom"), ("left", "right"))
    )
    (component,) = _check(game)
    (subset,) = component.subsets
    assert subset.dimension == 1 and not component.is_isolated


def test_all_zero_game_is_one_square():
    game = NormalFormGame.from_arrays([[[0, 0], [0, 0]], [[0, 0], [0, 0]]])
    (component,) = _check(game)
    assert len(component.subsets) == 1 and component.subsets[0].dimension == 2


def test_segments_meeting_in_vertices_are_one_component():
    # The middle column is always a best response and a tie for the row player; three segments
    # of equilibria form a path through (bottom, middle) and (top, middle).
    payoffs = [[1, 1, 0], [0, 1, 1]]
    (component,) = _check(NormalFormGame.from_arrays([payoffs, payoffs]))
    assert len(component.subsets) == 3
    assert all(subset.dimension == 1 for subset in component.subsets)
    assert len(component.extreme_equilibria) == 4


def test_isolated_and_segment_components_are_separate():
    game = NormalFormGame.from_arrays([[[1, 1, 1], [1, 0, 0]], [[0, 0, 1], [1, 0, 0]]])
    components = _check(game)
    assert sorted(len(c.extreme_equilibria) for c in components) == [1, 2]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(normal_form_games(strategies=(1, 4), bound=2))
def test_random_small_payoffs(game):
    # Payoffs in [-2, 2] make ties, so most of these games are degenerate.
    _check(game)


@pytest.mark.parametrize("name", DEGENERATE)
def test_degenerate_conformance_games(name):
    _check(_conformance_game(name))


def test_seventy_five_isolated_equilibria():
    components = _check(_conformance_game(SEVENTY_FIVE))
    assert len(components) == 75
    assert all(c.is_isolated and c.subsets[0].dimension == 0 for c in components)


def test_needs_two_players():
    game = NormalFormGame.from_arrays([[[[1]]], [[[1]]], [[[1]]]])
    with pytest.raises(GameError, match="needs a two-player game; this one has 3"):
        equilibrium_components(game)

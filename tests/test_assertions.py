"""assert_equilibrium and assert_all_equilibria: pass on equilibria, readable failures."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given

from bargaining import NormalFormGame, nash_equilibria
from bargaining.testing import assert_all_equilibria, assert_equilibrium
from bargaining.testing.strategies import normal_form_games

DILEMMA = NormalFormGame.from_arrays(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    players=("Row", "Column"),
    strategies=(("cooperate", "defect"), ("cooperate", "defect")),
)
BATTLE = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])


@given(normal_form_games(strategies=(1, 3), payoffs="fractions"))
def test_every_equilibrium_passes_and_the_set_matches_itself(game):
    equilibria = nash_equilibria(game)
    for eq in equilibria:
        assert_equilibrium(game, eq)
    assert_all_equilibria(game, list(reversed(equilibria)))


def test_the_message_names_the_deviation():
    with pytest.raises(AssertionError) as failure:
        assert_equilibrium(DILEMMA, [[1, 0], [1, 0]])
    message = str(failure.value)
    assert "Row gains 2 by switching to 'defect'" in message
    assert "Row={cooperate: 1}; Column={cooperate: 1}" in message


def test_parameters_are_substituted():
    import sympy

    t = sympy.Symbol("t", real=True)
    game = NormalFormGame.from_arrays([[[t], [1]], [[0], [0]]])
    assert_equilibrium(game, [[1, 0], [1]], at={"t": 2})
    with pytest.raises(AssertionError, match="gains 1/2"):
        assert_equilibrium(game, [[1, 0], [1]], at={"t": Fraction(1, 2)})


def test_missing_and_extra_equilibria_are_listed():
    with pytest.raises(AssertionError) as failure:
        assert_all_equilibria(BATTLE, [[[1, 0], [1, 0]], [[1, 0], [0, 1]]])
    message = str(failure.value)
    assert "(3 expected, 2 given)" in message
    assert "missing: Player 1={2: 1}; Player 2={2: 1}" in message
    assert "missing: Player 1={1: 2/3, 2: 1/3}" in message
    assert "extra:   Player 1={1: 1}; Player 2={2: 1}" in message


def test_a_given_reference_and_float_tolerance():
    reference = [[[1, 0], [1, 0]]]
    assert_all_equilibria(BATTLE, [[[1.0, 1e-12], [1, 0]]], reference=reference)
    with pytest.raises(AssertionError, match="extra"):
        assert_all_equilibria(BATTLE, [[[1, 0], [1, 0]], [[0, 1], [0, 1]]], reference=reference)

"""The symbolic solvers give the very answers they gave before they were made faster (issue 19
item 5): every bundled model's solutions, solved afresh (never from the cache), print exactly as
recorded at commit 5f92377 in ``tests/data/solution_reference.json`` (pieces, conditions,
singular factors, outcome probabilities, tie surfaces, the conditions as reports print them,
and every parameter's thresholds at the baseline). ``tests/data/solution_reference.py`` wrote
the file and rewrites it.

The default run compares the solutions of every model but the three-player one (seconds of
solving); the slow run adds it and every threshold (half a minute).
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy

from bargaining import NormalFormGame, Parameter, ParameterSpace, nash_equilibria
from bargaining.analysis.parametric_nash import parametric_nash
from tests.data.solution_reference import OUTPUT, solution_record, solved_games
from tests.test_parametric import profiles

RECORDED = json.loads(OUTPUT.read_text())
SOLVES = {f"{m}/{g}/{c}": (model, game, c) for m, g, c, model, game in solved_games()}
SLOW_SOLVES = frozenset({"ceasefire_us/talks/nash"})  # three players: mixed pieces, 4 CPU-s


def test_every_bundled_solve_is_recorded():
    assert sorted(SOLVES) == sorted(RECORDED)


@pytest.mark.parametrize("key", sorted(set(RECORDED) - SLOW_SOLVES))
def test_solution_is_unchanged(key):
    model, game, concept = SOLVES[key]
    expected = {name: value for name, value in RECORDED[key].items() if name != "thresholds"}
    assert solution_record(model, game, concept, thresholds=False) == expected


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(RECORDED))
def test_solution_and_thresholds_are_unchanged(key):
    model, game, concept = SOLVES[key]
    assert solution_record(model, game, concept) == RECORDED[key]


def test_payoffs_with_parameters_in_a_denominator_solve():
    """A payoff such as ``L/(1 + W)`` makes a basis determinant a fraction; its singular
    factors are its numerator's (sympy's factor_list refused the fraction before)."""
    half, third = sympy.Rational(1, 2), sympy.Rational(1, 3)
    space = ParameterSpace([Parameter("L", 0, 1, half), Parameter("W", 0, 1, third)])
    L, W = space.symbols["L"], space.symbols["W"]
    game = NormalFormGame.from_arrays(
        [[[L * W, 1 - L], [W**2, L / (1 + W)]], [[1 - W, L], [L * L, W / 2]]]
    )
    solution = parametric_nash(game, space)
    assert any(piece.singular for piece in solution.pieces)
    for values in ({"L": Fraction(1, 2), "W": Fraction(1, 3)}, {"L": Fraction(1, 5), "W": 1}):
        assert profiles(solution.at(values)) == profiles(nash_equilibria(game.at(values)))

"""Exact tipping points of the mediator's best probability along one lever (issue 18, item 1):
checked against a hand derivation, exact LPs on both sides of each tipping point, and dense
float sampling."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame
from bargaining.errors import GameError
from bargaining.model import load_model
from bargaining.solvers.correlated import correlated_equilibria
from bargaining.solvers.mediator import mediator_curve
from bargaining.solvers.mediator_pieces import mediator_pieces

t = sympy.Symbol("t", real=True)
MODEL = load_model("models/ceasefire.toml")
TALKS = MODEL.game("talks")
BASELINE = MODEL.parameters.baseline


def _exact_best(game, outcome, values, maximize=True):
    return correlated_equilibria(game, objective=outcome, maximize=maximize, at=values).value


def test_chicken_by_hand():
    # Swerving alone costs t, a crash 10. For t < 10 the swerve recommendation is obeyed while
    # P(both swerve) <= (10 - t) P(one swerves alone): the best is (10 - t)/(12 - t). Past
    # t = 10 going straight is dominant and mutual swerving is out of reach.
    chicken = NormalFormGame.from_arrays(
        [[[0, -t], [1, -10]], [[0, 1], [-t, -10]]],
        outcomes=[["peace", "B wins"], ["A wins", "crash"]],
    )
    found = mediator_pieces(chicken, "peace", "t", low=0, high=15)
    assert found.tipping_points == (10,)
    assert [(p.low, p.high) for p in found.pieces] == [(0, 10), (10, 15)]
    assert sympy.simplify(found.pieces[0].value - (10 - t) / (12 - t)) == 0
    assert found.pieces[1].value == 0
    assert found.value(Fraction(1, 2)) == sympy.Rational(19, 23)


@pytest.mark.parametrize("lever", ["G", "L"])
def test_ceasefire_tipping_points_against_exact_lps_and_sampling(lever):
    parameter = MODEL.parameters[lever]
    found = mediator_pieces(
        TALKS, "ceasefire", lever, low=parameter.low, high=parameter.high, at=BASELINE
    )
    assert found.tipping_points  # the truce comes within a mediator's reach along each lever
    for point in found.tipping_points:
        exact = Fraction(str(point))  # rational here: the conditions are linear in the lever
        for side in (exact - Fraction(1, 10**6), exact + Fraction(1, 10**6)):
            values = {**BASELINE, lever: side}
            assert found.value(side) == _exact_best(TALKS, "ceasefire", values)
    grid = np.linspace(float(parameter.low), float(parameter.high), 201)
    points = {name: np.full(len(grid), float(value)) for name, value in BASELINE.items()}
    points[lever] = grid
    sampled = mediator_curve(TALKS, "ceasefire", points)
    for value, best in zip(grid[1:-1], sampled[1:-1], strict=True):
        if min(abs(value - float(p)) for p in found.tipping_points) > 1e-6:
            assert float(found.value(Fraction(value))) == pytest.approx(best, abs=1e-6)


def test_the_lowest_probability_has_pieces_too():
    parameter = MODEL.parameters["P"]
    found = mediator_pieces(
        TALKS, "war", "P", low=parameter.low, high=parameter.high, at=BASELINE, maximize=False
    )
    for piece in found.pieces:
        middle = (Fraction(str(piece.low)) + Fraction(str(piece.high))) / 2
        values = {**BASELINE, "P": middle}
        assert found.value(middle) == _exact_best(TALKS, "war", values, maximize=False)


def test_missing_values_and_unknown_levers_are_refused():
    with pytest.raises(GameError, match="no parameter 'Q'"):
        mediator_pieces(TALKS, "ceasefire", "Q", low=0, high=1, at=BASELINE)
    with pytest.raises(GameError, match="give values for the other parameters"):
        mediator_pieces(TALKS, "ceasefire", "G", low=0, high=1, at={"L": Fraction(1, 2)})


coefficients = st.integers(-3, 3)


@pytest.mark.slow  # about 15 s an example on a loaded machine: degenerate games have many pieces
@settings(max_examples=8, deadline=None)
@given(st.lists(st.tuples(coefficients, coefficients), min_size=8, max_size=8))
def test_random_2x2_games_match_exact_lps_inside_every_piece(entries):
    # Payoffs linear in t on [0, 2]: each piece's formula equals the exact LP at its middle.
    assume(any(slope for _, slope in entries))
    payoffs = [a + b * t for a, b in entries]
    game = NormalFormGame.from_arrays(
        [[payoffs[0:2], payoffs[2:4]], [payoffs[4:6], payoffs[6:8]]],
        outcomes=[["deal", "war"], ["war", "deal"]],
    )
    found = mediator_pieces(game, "deal", "t", low=0, high=2)
    assert found.pieces[0].low == 0 and found.pieces[-1].high == 2
    for before, after in zip(found.pieces, found.pieces[1:], strict=False):
        assert before.high == after.low
    for piece in found.pieces:
        middle = Fraction((float(piece.low) + float(piece.high)) / 2).limit_denominator(10**6)
        expected = _exact_best(game, "deal", {"t": middle})
        assert found.value(middle) == sympy.nsimplify(expected)


def test_an_irrational_tipping_point_is_exact():
    # Swerving alone costs 1, a crash 2 t^2: below t = 1/sqrt(2) the crash is the lesser evil,
    # going straight dominates and peace is out of reach; above, the chicken formula
    # (c - 1)/(c + 1) with c = 2 t^2.
    crash = 2 * t**2
    chicken = NormalFormGame.from_arrays(
        [[[0, -1], [1, -crash]], [[0, 1], [-1, -crash]]],
        outcomes=[["peace", "B wins"], ["A wins", "crash"]],
    )
    found = mediator_pieces(chicken, "peace", "t", low=0, high=1)
    assert found.tipping_points == (sympy.sqrt(2) / 2,)
    assert found.pieces[0].value == 0
    assert sympy.simplify(found.pieces[1].value - (crash - 1) / (crash + 1)) == 0
    assert found.value(Fraction(9, 10)) == sympy.Rational(31, 131)

"""The pure perfect Bayesian equilibria of a tree as functions of its parameters: the tipping
points of beer-quiche and of Spence's job market, and agreement with solving each point."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.analysis import parametric_equilibria
from bargaining.model import load_model
from bargaining.params import Parameter, ParameterSpace
from bargaining.solvers import perfect_bayesian_equilibria
from tests.test_perfect_bayesian import job_market, signalling


def test_beer_quiche_pools_above_one_half():
    model = load_model("models/beer_quiche.toml")
    solution = parametric_equilibria(model.game(), model.parameters, concept="pbe")
    assert solution.concept == "pbe" and not solution.complete
    assert [str(t.value) for t in solution.thresholds("s")] == ["1/2"]
    for piece in solution.pieces:
        assert solution.describe_conditions(piece) == ["s >= 1/2"]
    # Below 1/2, the point is solved directly: the semi-separating equilibrium.
    (below,) = solution.at({"s": F(1, 3)})
    assert below.label == "semi-separating"


def test_job_market_separates_from_the_low_type_cost_of_one():
    c_high, c_low = sympy.symbols("cH cL", nonnegative=True)
    space = ParameterSpace(
        [Parameter("cH", 0, 2, F(1, 2)), Parameter("cL", 0, 3, 2)],
    )
    game = job_market(cost_high=c_high, cost_low=c_low)
    solution = parametric_equilibria(game, space, concept="pbe")
    assert F(1) in {t.value for t in solution.thresholds("cL")}
    assert F(1) in {t.value for t in solution.thresholds("cH", at={"cL": 2})}
    separating = [
        piece
        for piece in solution.pieces
        if solution.strategy_text(piece, 0) == "educate/none: 1"  # high educates, low does not
    ]
    assert separating
    for piece in separating:
        text = solution.describe_conditions(piece)
        assert "cH <= 1" in text and "cL >= 1" in text


payoff = st.integers(-2, 2)
points = st.fractions(min_value=F(1, 20), max_value=F(19, 20), max_denominator=20)


games = st.lists(st.tuples(payoff, payoff), min_size=8, max_size=8)


@settings(max_examples=5, deadline=None)
@given(games, points)
def test_the_pieces_active_at_a_point_are_the_pure_pbe_there(flat, value):
    _check_pieces_against_the_point(flat, value)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(games, points)
def test_the_pieces_active_at_a_point_are_the_pure_pbe_there_many(flat, value):
    _check_pieces_against_the_point(flat, value)


def _check_pieces_against_the_point(flat, value):
    # The prior of the first type is the parameter (each piece takes about a second to build).
    p = sympy.Symbol("p", nonnegative=True)
    table = [[flat[4 * t + 2 * m : 4 * t + 2 * m + 2] for m in range(2)] for t in range(2)]
    game = signalling(p, table)
    space = ParameterSpace([Parameter("p", 0, 1, F(1, 2))])
    solution = parametric_equilibria(game, space, concept="pbe")
    active = solution.active({"p": value})
    if active is None:  # on a boundary: no claim about the pieces there
        return
    from_pieces = {
        tuple(tuple(sympy.sympify(x) for x in v) for v in solution.pieces[k].strategies)
        for k in active
    }
    at_point = {
        tuple(tuple(sympy.sympify(x) for x in v) for v in eq.strategies)
        for eq in perfect_bayesian_equilibria(game, at={"p": value})
        if eq.is_pure
    }
    assert from_pieces == at_point

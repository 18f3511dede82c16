"""JSON results: equilibria round-trip exactly, number kinds included; bad documents are refused."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings

from bargaining import NormalFormGame, nash_equilibria, pure_equilibria
from bargaining.io.results_json import (
    FORMAT,
    VERSION,
    ResultsFormatError,
    equilibria_from_json,
    equilibria_to_json,
)
from bargaining.solvers import Equilibrium
from bargaining.testing.strategies import normal_form_games


def chicken(crash=10):
    return NormalFormGame.from_outcomes(
        [["both_swerve", "row_backs_down"], ["column_backs_down", "crash"]],
        {
            "both_swerve": {"Row": 0, "Column": 0},
            "row_backs_down": {"Row": -1, "Column": 1},
            "column_backs_down": {"Row": 1, "Column": -1},
            "crash": {"Row": -crash, "Column": -crash},
        },
        players=("Row", "Column"),
        strategies=(("swerve", "straight"), ("swerve", "straight")),
    )


def kinds(equilibrium: Equilibrium) -> list[type]:
    values = [p for vector in equilibrium.strategies for p in vector]
    values += list(equilibrium.payoffs) + [p for _, p in equilibrium.outcome_probabilities]
    return [type(value) for value in values]


def test_exact_equilibria_round_trip_with_their_types():
    equilibria = nash_equilibria(chicken())
    again = equilibria_from_json(equilibria_to_json(equilibria))
    assert again == equilibria
    assert [kinds(e) for e in again] == [kinds(e) for e in equilibria]
    mixed = again[1]
    assert mixed.strategy("Row") == {"swerve": Fraction(9, 10), "straight": Fraction(1, 10)}
    assert isinstance(mixed.probability("crash"), Fraction)
    assert isinstance(again[0].strategies[0][0], int)


def test_float_equilibria_stay_floats():
    equilibria = nash_equilibria(chicken(crash=10.3))
    again = equilibria_from_json(equilibria_to_json(equilibria))
    assert again == equilibria
    assert [kinds(e) for e in again] == [kinds(e) for e in equilibria]
    assert float in kinds(again[1])


def test_document_layout():
    equilibria = nash_equilibria(chicken())
    document = json.loads(
        equilibria_to_json(equilibria, game="crisis", parameters={"c": 10, "p": Fraction(1, 2)})
    )
    assert document["format"] == FORMAT
    assert document["version"] == VERSION
    assert document["game"] == "crisis"
    assert document["parameters"] == {"c": 10, "p": "1/2"}
    mixed = document["equilibria"][1]
    assert mixed["strategies"] == {
        "Row": {"swerve": "9/10", "straight": "1/10"},
        "Column": {"swerve": "9/10", "straight": "1/10"},
    }
    assert mixed["payoffs"] == {"Row": "-1/10", "Column": "-1/10"}
    assert list(mixed["outcome_probabilities"]) == [
        "both_swerve",
        "row_backs_down",
        "column_backs_down",
        "crash",
    ]
    assert mixed["method"] == "vertex enumeration"


def test_games_without_outcomes_and_with_more_players():
    game = NormalFormGame.from_arrays(
        [[[[1, 0], [0, 1]], [[0, 1], [1, 0]]]] * 3, players=("A", "B", "C")
    )
    equilibria = pure_equilibria(game)
    assert equilibria_from_json(equilibria_to_json(equilibria, indent=None)) == equilibria


@settings(max_examples=50, deadline=None)
@given(normal_form_games(strategies=(1, 3), payoffs="fractions"))
def test_random_exact_games_round_trip(game):
    equilibria = nash_equilibria(game)
    again = equilibria_from_json(equilibria_to_json(equilibria))
    assert again == equilibria
    assert [kinds(e) for e in again] == [kinds(e) for e in equilibria]


@settings(max_examples=50, deadline=None)
@given(normal_form_games(strategies=(1, 3), payoffs="floats"))
def test_random_float_games_round_trip(game):
    equilibria = nash_equilibria(game)
    again = equilibria_from_json(equilibria_to_json(equilibria))
    assert again == equilibria
    assert [kinds(e) for e in again] == [kinds(e) for e in equilibria]


def test_symbolic_values_cannot_be_written():
    import sympy

    equilibrium = Equilibrium(((1,),), (sympy.sqrt(2),), ("A",), (("x",),))
    with pytest.raises(ResultsFormatError, match=r"equilibria\[0\].payoffs.A: cannot write"):
        equilibria_to_json([equilibrium])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ("[]", "not a results document"),
        ('{"format": "other"}', "not a results document"),
        ('{"format": "bargaining.equilibria", "version": 99}', "knows version 1, got 99"),
        ('{"format": "bargaining.equilibria", "version": 1}', "equilibria: expected an array"),
    ],
)
def test_documents_that_are_not_results(text, message):
    with pytest.raises(ResultsFormatError, match=message):
        equilibria_from_json(text)


def document_with(value) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "equilibria": [{"strategies": {"A": {"x": value}}, "payoffs": {"A": 1}}],
        }
    )


@pytest.mark.parametrize("value", ["0.5", "1/0", "one", True, None, "1/2/3", float("nan")])
def test_bad_numbers_are_refused_with_their_place(value):
    with pytest.raises(ResultsFormatError, match=r"equilibria\[0\].strategies.A.x: expected"):
        equilibria_from_json(document_with(value))


def test_payoffs_must_match_the_players():
    text = document_with(1).replace('"payoffs": {"A": 1}', '"payoffs": {"B": 1}')
    with pytest.raises(ResultsFormatError, match="one payoff per player"):
        equilibria_from_json(text)

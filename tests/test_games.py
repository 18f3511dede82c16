"""NormalFormGame: construction, validation errors, value semantics, substitution, display."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from bargaining import GameError, NormalFormGame, Outcome

L = sympy.Symbol("L", real=True)


def pd():
    return NormalFormGame.from_arrays(
        [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
        players=("Row", "Column"),
        strategies=(("C", "D"), ("C", "D")),
    )


def test_payoff_lookup_by_label_and_index():
    game = pd()
    assert game.payoff(("D", "C")) == (5, 0)
    assert game.payoff((1, 0)) == (5, 0)
    assert game.shape == (2, 2)
    assert game.num_players == 2


def test_numbers_are_normalised_to_ints_fractions_floats_or_sympy():
    game = NormalFormGame.from_arrays(
        [[[sympy.Rational(1, 2), np.int64(2)], [np.float64(0.5), L]], [[0, 0], [0, 0]]]
    )
    values = [
        game.payoffs[0, 0, 0],
        game.payoffs[0, 1, 0],
        game.payoffs[1, 0, 0],
        game.payoffs[1, 1, 0],
    ]
    assert values == [Fraction(1, 2), 2, 0.5, L]
    assert type(values[1]) is int and type(values[2]) is float
    assert game.parameters == (L,)
    assert game.is_symbolic and not game.is_exact


@pytest.mark.parametrize(
    ("payoffs", "message"),
    [
        ([[[1, 2], [3]], [[1, 2], [3, 4]]], "ragged"),
        ([[[1, float("nan")]], [[1, 2]]], "finite"),
        ([[[1, float("inf")]], [[1, 2]]], "finite"),
        ([[["a", 1]], [[1, 2]]], "number"),
        ([[[None, 1]], [[1, 2]]], "number"),
        ([[[True, 1]], [[1, 2]]], "boolean"),
        ([[[1, 2]], [[1, 2]], [[1, 2]]], "axes"),
    ],
)
def test_from_arrays_rejects_bad_payoffs(payoffs, message):
    with pytest.raises(GameError, match=message):
        NormalFormGame.from_arrays(payoffs)


def test_wrong_shapes_and_player_counts():
    with pytest.raises(GameError, match="last axis"):
        NormalFormGame(np.zeros((2, 2, 3)).tolist())
    with pytest.raises(GameError, match="at least one strategy"):
        NormalFormGame(np.zeros((0, 2, 2)).tolist())
    with pytest.raises(GameError, match="shape"):
        NormalFormGame([1, 2])
    with pytest.raises(GameError, match="same shape"):
        NormalFormGame.from_arrays([[[1, 2]], [[1], [2]]])
    with pytest.raises(GameError, match="non-empty"):
        NormalFormGame.from_arrays([])


def test_label_validation():
    with pytest.raises(GameError, match="3 player names"):
        NormalFormGame.from_arrays([[[1]], [[1]]], players=("a", "b", "c"))
    with pytest.raises(GameError, match="unique"):
        NormalFormGame.from_arrays([[[1]], [[1]]], players=("a", "a"))
    with pytest.raises(GameError, match="strategy labels"):
        NormalFormGame.from_arrays([[[1, 2]], [[1, 2]]], strategies=(("x",), ("y",)))
    with pytest.raises(GameError, match="unique"):
        NormalFormGame.from_arrays([[[1, 2]], [[1, 2]]], strategies=(("x",), ("y", "y")))
    with pytest.raises(GameError, match="outcome names have shape"):
        NormalFormGame.from_arrays([[[1, 2]], [[1, 2]]], outcomes=[["a"]])
    with pytest.raises(GameError, match="outcome name"):
        NormalFormGame.from_arrays([[[1, 2]], [[1, 2]]], outcomes=[["a", 3]])


def test_unknown_labels_name_the_alternatives():
    with pytest.raises(GameError, match="strategies are C, D"):
        pd().payoff(("X", "C"))
    with pytest.raises(GameError, match="players are Row, Column"):
        pd().player_index("Nobody")


def test_value_semantics_and_immutability():
    assert pd() == pd()
    assert hash(pd()) == hash(pd())
    assert pd() != pd().permuted(strategies=[[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="read-only"):
        pd().payoffs[0, 0, 0] = 7
    with pytest.raises(AttributeError):
        pd().title = "changed"


def test_at_substitutes_exactly_and_reports_missing_values():
    game = NormalFormGame.from_arrays([[[L, 1 - L]], [[2 * L, 0]]])
    assert game.at({"L": Fraction(1, 3)}).payoff((0, 0)) == (Fraction(1, 3), Fraction(2, 3))
    assert game.at(L=0.5).payoff((0, 0)) == (0.5, 1.0)
    assert game.at({L: 1}).is_exact
    with pytest.raises(GameError, match="no value given for parameter"):
        game.at({})
    with pytest.raises(GameError, match="parameter 'L'"):
        game.at({"L": "0.5"})


def test_from_outcomes_builds_payoffs_from_named_outcomes():
    deal = Outcome("deal", {"A": 2 - L, "B": L})
    war = Outcome("war", {"A": 0, "B": 0})
    game = NormalFormGame.from_outcomes(
        [["deal", "war"], ["war", "war"]],
        {"deal": deal, "war": war},
        players=("A", "B"),
        strategies=(("talk", "fight"), ("talk", "fight")),
    )
    assert game.payoff(("talk", "talk")) == (2 - L, L)
    assert game.outcomes[0, 1] == "war"
    with pytest.raises(GameError, match="unknown outcome 'peace'"):
        NormalFormGame.from_outcomes(
            [["peace"]], {"deal": deal}, players=("A", "B"), strategies=(("x",), ("y",))
        )


def test_permuted_players_moves_payoffs_and_labels():
    game = NormalFormGame.from_arrays(
        [[[1, 2, 3]], [[4, 5, 6]]], players=("P", "Q"), strategies=(("p",), ("q1", "q2", "q3"))
    )
    swapped = game.permuted(players=[1, 0])
    assert swapped.players == ("Q", "P")
    assert swapped.shape == (3, 1)
    assert swapped.payoff(("q2", "p")) == (5, 2)
    with pytest.raises(GameError, match="permutation"):
        game.permuted(players=[0, 0])


def test_displays():
    game = pd()
    assert "(D, C) -> 5, 0" in repr(game)
    assert "<table>" in game._repr_html_() and "Row" in game._repr_html_()
    assert game._repr_latex_().startswith("$\\begin{array}")
    three = NormalFormGame(np.ones((1, 1, 1, 3), dtype=int).tolist())
    assert "<pre>" in three._repr_html_()


def test_html_escapes_labels():
    game = NormalFormGame.from_arrays(
        [[[1]], [[1]]], players=("<b>", "&"), strategies=(("<i>",), ("x",))
    )
    assert "&lt;b&gt;" in game._repr_html_()
    assert "&lt;i&gt;" in game._repr_html_()


def test_too_many_profiles_refused_before_any_work():
    huge = np.broadcast_to(np.zeros(1, dtype=object), (4000, 4000, 2))
    with pytest.raises(GameError, match="too large"):
        NormalFormGame(huge)

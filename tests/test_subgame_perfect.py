"""Backward induction: all pure subgame-perfect equilibria, ties, chance, large trees."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings

from bargaining import (
    ExtensiveGame,
    GameError,
    SubgamePerfectEquilibrium,
    is_equilibrium,
    pure_equilibria,
    subgame_perfect,
    subgame_perfect_equilibria,
)
from bargaining.games.extensive import chance, decision, terminal
from bargaining.solvers.equilibrium import make_equilibrium
from bargaining.testing.strategies import extensive_games


def entry_game() -> ExtensiveGame:
    return ExtensiveGame(
        decision(
            "Entrant",
            {
                "out": terminal((0, 2), "no entry"),
                "in": decision(
                    "Incumbent",
                    {"fight": terminal((-1, -1), "war"), "accommodate": terminal((1, 1), "peace")},
                ),
            },
        ),
        players=("Entrant", "Incumbent"),
    )


def test_entry_deterrence_has_one_spe():
    (spe,) = subgame_perfect(entry_game())
    assert isinstance(spe, SubgamePerfectEquilibrium)
    assert spe.choices == {"root": "in", "root/in": "accommodate"}
    assert spe.payoffs == (1, 1)
    assert spe.strategies == ((0, 1), (0, 1))
    assert spe.probability("peace") == 1 and spe.probability("war") == 0
    equilibrium = spe.to_equilibrium()
    assert equilibrium.payoffs == (1, 1)
    assert is_equilibrium(entry_game().to_normal_form(), equilibrium.strategies)


def test_ties_give_every_spe():
    # B is indifferent after "in"; A's best reply depends on B's choice.
    game = ExtensiveGame(
        decision(
            "A",
            {
                "out": terminal((1, 0)),
                "in": decision("B", {"x": terminal((2, 1)), "y": terminal((0, 1))}),
            },
        ),
        players=("A", "B"),
    )
    found = {(tuple(spe.choices.values()), spe.payoffs) for spe in subgame_perfect(game)}
    assert found == {(("in", "x"), (2, 1)), (("out", "y"), (1, 0))}


def test_tie_at_the_root_and_off_path_ties():
    game = ExtensiveGame(
        decision(
            "A",
            {
                "l": terminal((1, 0)),
                "r": decision("B", {"x": terminal((1, 5)), "y": terminal((1, 5))}),
            },
        ),
        players=("A", "B"),
    )
    equilibria = subgame_perfect(game)
    assert len(equilibria) == 4  # A: l or r; B: x or y
    assert {spe.payoffs for spe in equilibria} == {(1, 0), (1, 5)}


def test_chance_expectations_are_exact():
    game = ExtensiveGame(
        chance(
            {
                "h": (
                    Fraction(1, 3),
                    decision("A", {"a": terminal((3, 0)), "b": terminal((1, 1))}),
                ),
                "t": (Fraction(2, 3), terminal((0, 3))),
            }
        ),
        players=("A", "B"),
    )
    (spe,) = subgame_perfect(game)
    assert spe.payoffs == (1, 2)
    assert all(type(v) is int for v in spe.payoffs)


def test_float_payoffs_stay_floats():
    game = ExtensiveGame(decision("A", {"a": terminal((0.5,)), "b": terminal((0.25,))}))
    (spe,) = subgame_perfect(game)
    assert spe.payoffs == (0.5,) and isinstance(spe.payoffs[0], float)


def test_symbolic_needs_values_and_at_substitutes():
    cost = sympy.Symbol("c")
    game = ExtensiveGame(
        decision("A", {"war": terminal((1 - cost,)), "peace": terminal((Fraction(1, 2),))})
    )
    with pytest.raises(GameError, match=r"root, whether 'A' prefers 'war' to 'peace'.*at="):
        subgame_perfect(game)
    assert subgame_perfect(game, at={"c": Fraction(1, 4)})[0].choices == {"root": "war"}
    assert subgame_perfect(game, at={"c": 1})[0].choices == {"root": "peace"}


def test_imperfect_information_is_refused_with_advice():
    game = ExtensiveGame(
        decision(
            "A",
            {
                "l": decision("B", {"x": terminal((1, 0)), "y": terminal((0, 1))}, "h"),
                "r": decision("B", {"x": terminal((0, 1)), "y": terminal((1, 0))}, "h"),
            },
        ),
        players=("A", "B"),
    )
    with pytest.raises(GameError, match=r"nash_equilibria\(tree.to_normal_form\(\)\)"):
        subgame_perfect(game)


def test_too_many_equilibria_are_refused():
    node = decision("A", {"a": terminal((0,)), "b": terminal((0,))})
    for _ in range(12):
        node = chance(
            {
                "x": (Fraction(1, 2), node),
                "y": (Fraction(1, 2), decision("A", {"a": terminal((0,)), "b": terminal((0,))})),
            }
        )
    with pytest.raises(GameError, match="max_equilibria"):
        subgame_perfect(ExtensiveGame(node), max_equilibria=1000)


def test_deep_tree_needs_no_recursion():
    node = terminal((0, 1))
    for k in range(20_000):
        node = decision("A" if k % 2 else "B", {"stop": terminal((-1, -1)), "go": node})
    game = ExtensiveGame(node, players=("A", "B"))
    (spe,) = subgame_perfect(game)
    assert spe.payoffs == (0, 1)
    assert "more" in repr(spe)


# -- property: every SPE is a Nash equilibrium of the reduced strategic form ------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extensive_games())
def test_every_spe_is_a_pure_nash_equilibrium_of_the_normal_form(game):
    form = game.to_normal_form()
    nash_profiles = {
        tuple(vector.index(1) for vector in eq.strategies) for eq in pure_equilibria(form)
    }
    nash_payoffs = {eq.payoffs for eq in pure_equilibria(form)}
    equilibria = subgame_perfect(game)
    assert equilibria  # backward induction always finds one
    for spe in equilibria:
        assert spe.payoffs in nash_payoffs
        assert spe.reduced_profile in nash_profiles
        assert spe.to_equilibrium().payoffs == spe.payoffs


def test_symbolic_comparisons_decided_by_assumptions():
    cost, gain = sympy.symbols("c g", positive=True)
    game = ExtensiveGame(
        decision(
            "A",
            {
                "war": terminal((gain - cost, -cost)),
                "talk": decision(
                    "B", {"accept": terminal((gain, 0)), "reject": terminal((gain, -cost))}
                ),
            },
        ),
        players=("A", "B"),
    )
    (spe,) = subgame_perfect(game)
    assert spe.choices == {"root": "talk", "root/talk": "accept"}
    assert spe.payoffs == (gain, 0)


# -- the reduced strategic form's view ---------------------------------------------------------


def test_to_equilibrium_names_every_outcome_even_where_chance_mixes_them():
    game = ExtensiveGame(
        decision(
            "A",
            {
                "gamble": chance(
                    {
                        "win": (Fraction(1, 4), terminal((4, 0), "win")),
                        "lose": (Fraction(3, 4), terminal((0, 1), "loss")),
                    }
                ),
                "safe": terminal((2, 0), "safe"),
            },
        ),
        players=("A", "B"),
    )
    assert game.to_normal_form().outcomes is None  # chance mixes outcomes in one profile
    (spe,) = subgame_perfect(game)
    equilibrium = spe.to_equilibrium()
    assert equilibrium.outcome_probabilities == (("win", 0), ("loss", 0), ("safe", 1))
    assert equilibrium.strategy_labels == (("gamble", "safe"), ("-",))
    assert equilibrium.strategies == ((0, 1), (1,))


def test_subgame_perfect_equilibria_lists_each_reduced_profile_once():
    game = ExtensiveGame(
        decision(
            "A",
            {
                "stop": terminal((1,), "deal"),
                "go": decision("A", {"x": terminal((0,), "war"), "y": terminal((0,), "war")}),
            },
        ),
        players=("A",),
    )
    assert len(subgame_perfect(game)) == 2  # x or y at the node A's own stop rules out
    (equilibrium,) = subgame_perfect_equilibria(game)
    assert equilibrium.strategy("A") == {"stop/*": 1, "go/x": 0, "go/y": 0}
    assert equilibrium.probability("deal") == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extensive_games(players=3))
def test_to_equilibrium_agrees_with_the_strategic_form(game):
    form = game.to_normal_form()
    for spe in subgame_perfect(game):
        direct = spe.to_equilibrium()
        through_form = make_equilibrium(form, spe.strategies, spe.method)
        assert direct.strategies == through_form.strategies
        assert direct.payoffs == through_form.payoffs
        assert direct.strategy_labels == through_form.strategy_labels


def test_a_large_tree_with_float_payoffs():
    # A complete binary tree of depth 14 (32,767 nodes): one equilibrium, no ties.
    import random

    rng = random.Random(7)

    def build(depth):
        if depth == 14:
            return terminal((rng.random(), rng.random()))
        mover = "A" if depth % 2 else "B"
        return decision(mover, {"l": build(depth + 1), "r": build(depth + 1)})

    game = ExtensiveGame(build(0), players=("A", "B"))
    (spe,) = subgame_perfect(game)
    # Check the root's choice by hand: B compares the values A leaves her below.
    values = {}
    for index in reversed(range(len(game.nodes))):
        node = game.nodes[index]
        if not game.children[index]:
            values[index] = node.payoffs
            continue
        mover = game.players.index(node.player)
        values[index] = max((values[c] for c in game.children[index]), key=lambda v: v[mover])
    assert spe.payoffs == values[0]

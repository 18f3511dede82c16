"""ExtensiveGame: validation with node paths, value semantics, reduced strategic form."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from bargaining import ExtensiveGame, GameError, NormalFormGame, pure_equilibria
from bargaining.games.extensive import chance, decision, terminal


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
        title="Entry deterrence",
    )


def raises(fragments, build):
    with pytest.raises(GameError) as caught:
        build()
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)


# -- validation --------------------------------------------------------------------------------


def test_shared_node_object_is_refused_with_both_paths():
    leaf = terminal((0, 0))
    raises(
        ["root/b", "root/a", "same node object"],
        lambda: ExtensiveGame(decision("A", {"a": leaf, "b": leaf}), players=("A", "B")),
    )


def test_chance_probabilities_must_sum_to_one_exactly():
    raises(
        ["chance node root/accept", "sum to 9/10"],
        lambda: ExtensiveGame(
            decision(
                "A",
                {
                    "accept": chance(
                        {
                            "1": (Fraction(1, 2), terminal((1,))),
                            "2": (Fraction(2, 5), terminal((0,))),
                        }
                    ),
                    "reject": terminal((0,)),
                },
            )
        ),
    )


def test_negative_probability_names_node_and_action():
    raises(
        ["chance node root/accept/1", "'x'", "non-negative"],
        lambda: ExtensiveGame(
            decision(
                "A",
                {
                    "accept": decision(
                        "A",
                        {
                            "1": chance({"x": (-1, terminal((1,))), "y": (2, terminal((0,)))}),
                            "2": terminal((0,)),
                        },
                    ),
                    "reject": terminal((0,)),
                },
            )
        ),
    )


def test_symbolic_probabilities_must_sum_to_one_identically():
    p = sympy.Symbol("p", positive=True)
    ok = ExtensiveGame(
        chance({"a": (p / (1 + p), terminal((1,))), "b": (1 / (1 + p), terminal((0,)))})
    )
    assert ok.parameters == (p,)
    raises(
        ["chance node root", "sum to"],
        lambda: ExtensiveGame(chance({"a": (p, terminal((1,))), "b": (p, terminal((0,)))})),
    )


def test_float_probabilities_sum_within_tolerance():
    game = ExtensiveGame(chance({"a": (0.49, terminal((1,))), "b": (0.51, terminal((0,)))}))
    assert not game.is_exact
    raises(
        ["sum to"],
        lambda: ExtensiveGame(chance({"a": (0.5, terminal((1,))), "b": (0.4, terminal((0,)))})),
    )


def test_infoset_with_two_players_is_refused():
    raises(
        ["root/r", "information set 'h'", "one player"],
        lambda: ExtensiveGame(
            chance(
                {
                    "l": (
                        Fraction(1, 2),
                        decision("A", {"x": terminal((1, 0)), "y": terminal((0, 0))}, "h"),
                    ),
                    "r": (
                        Fraction(1, 2),
                        decision("B", {"x": terminal((1, 0)), "y": terminal((0, 0))}, "h"),
                    ),
                }
            ),
            players=("A", "B"),
        ),
    )


def test_infoset_with_different_actions_is_refused():
    raises(
        ["root/r", "same actions", "['x', 'z']"],
        lambda: ExtensiveGame(
            chance(
                {
                    "l": (
                        Fraction(1, 2),
                        decision("A", {"x": terminal((1,)), "y": terminal((0,))}, "h"),
                    ),
                    "r": (
                        Fraction(1, 2),
                        decision("A", {"x": terminal((1,)), "z": terminal((0,))}, "h"),
                    ),
                }
            )
        ),
    )
    raises(
        ["same actions"],
        lambda: ExtensiveGame(
            chance(
                {
                    "l": (
                        Fraction(1, 2),
                        decision("A", {"x": terminal((1,)), "y": terminal((0,))}, "h"),
                    ),
                    "r": (Fraction(1, 2), decision("A", {"x": terminal((1,))}, "h")),
                }
            )
        ),
    )


def test_payoff_vector_length_unknown_player_and_outcome_without_payoffs():
    raises(
        ["node root/a", "1 payoffs given, expected 2"],
        lambda: ExtensiveGame(
            decision("A", {"a": terminal((1,)), "b": terminal((1, 2))}), players=("A", "B")
        ),
    )
    raises(
        ["decision node root/b", "unknown player 'C'"],
        lambda: ExtensiveGame(
            decision("A", {"a": terminal((1, 0)), "b": decision("C", {"x": terminal((0, 0))})}),
            players=("A", "B"),
        ),
    )
    raises(
        ["node root/a", "'deal'", "no payoffs"],
        lambda: ExtensiveGame(decision("A", {"a": terminal(outcome="deal")}), players=("A",)),
    )


def test_outcome_table_supplies_payoffs_by_name():
    game = ExtensiveGame(
        decision("A", {"talk": terminal(outcome="deal"), "fight": terminal(outcome="war")}),
        players=("A", "B"),
        outcomes={"deal": {"A": 2, "B": 1}, "war": (0, 0)},
    )
    assert game.to_normal_form().payoff(("talk", 0)) == (2, 1)
    raises(
        ["root/x", "unknown outcome 'peace'"],
        lambda: ExtensiveGame(
            decision("A", {"x": terminal(outcome="peace")}), players=("A",), outcomes={"war": (0,)}
        ),
    )


def test_perfect_recall_checked_on_demand():
    forgetful = ExtensiveGame(
        decision(
            "A",
            {
                "l": decision("A", {"x": terminal((1,)), "y": terminal((0,))}, "h"),
                "r": decision("A", {"x": terminal((0,)), "y": terminal((1,))}, "h"),
            },
        )
    )
    assert not forgetful.is_perfect_recall
    raises(["root/l", "root/r", "perfect recall"], forgetful.check_perfect_recall)
    # The strategic form does not need it.
    assert forgetful.to_normal_form().shape == (4,)
    assert entry_game().is_perfect_recall


# -- value semantics and parameters -------------------------------------------------------------


def test_value_semantics():
    assert entry_game() == entry_game()
    assert hash(entry_game()) == hash(entry_game())
    assert {entry_game(), entry_game()} == {entry_game()}
    other = ExtensiveGame(entry_game().root, players=("Entrant", "Incumbent"))  # no title
    assert other != entry_game()
    floats = ExtensiveGame(decision("A", {"a": terminal((1.0,))}))
    assert floats != ExtensiveGame(decision("A", {"a": terminal((1,))}))


def test_players_by_index_and_default_names():
    game = ExtensiveGame(decision(1, {"a": terminal((0, 1))}), players=("X", "Y"))
    assert game.nodes[0].player == "Y"
    assert ExtensiveGame(decision("B", {"a": terminal({"B": 1})})).players == ("B",)


def test_parameters_and_at():
    leverage, p = sympy.symbols("L p")
    game = ExtensiveGame(
        chance(
            {
                "strong": (
                    p,
                    decision(
                        "R", {"fight": terminal((leverage, -leverage)), "talk": terminal((0, 0))}
                    ),
                ),
                "weak": (1 - p, terminal((0, 0))),
            }
        ),
        players=("R", "U"),
    )
    assert game.parameters == (leverage, p)
    numeric = game.at({"L": 2, "p": Fraction(1, 3)})
    assert numeric.is_exact and not numeric.parameters
    assert numeric.to_normal_form().payoff(("fight", 0)) == (Fraction(2, 3), Fraction(-2, 3))
    raises(["no value given", "p"], lambda: game.at(L=1))
    symbolic = game.to_normal_form()
    assert sympy.simplify(symbolic.payoff(("fight", 0))[0] - leverage * p) == 0


def test_perfect_information():
    assert entry_game().is_perfect_information
    game = ExtensiveGame(
        chance(
            {
                "l": (
                    Fraction(1, 2),
                    decision("A", {"x": terminal((1,)), "y": terminal((0,))}, "h"),
                ),
                "r": (
                    Fraction(1, 2),
                    decision("A", {"x": terminal((1,)), "y": terminal((0,))}, "h"),
                ),
            }
        )
    )
    assert not game.is_perfect_information


# -- the reduced strategic form ------------------------------------------------------------------


def test_entry_deterrence_normal_form():
    form = entry_game().to_normal_form()
    assert isinstance(form, NormalFormGame)
    assert form.strategies == (("out", "in"), ("fight", "accommodate"))
    assert form.payoff(("out", "fight")) == (0, 2)
    assert form.payoff(("in", "fight")) == (-1, -1)
    assert form.outcomes.tolist() == [["no entry", "no entry"], ["war", "peace"]]
    payoffs = {eq.payoffs for eq in pure_equilibria(form)}
    assert payoffs == {(0, 2), (1, 1)}  # the non-credible threat is a Nash equilibrium


def test_reduction_merges_strategies_after_own_exit():
    # A moves twice; after "stop" the second move is excluded: 3 reduced strategies, not 4.
    game = ExtensiveGame(
        decision(
            "A",
            {
                "stop": terminal((1, 0)),
                "go": decision(
                    "B",
                    {
                        "stop": terminal((0, 2)),
                        "go": decision("A", {"stop": terminal((3, 1)), "go": terminal((2, 3))}),
                    },
                ),
            },
        ),
        players=("A", "B"),
    )
    form = game.to_normal_form()
    assert form.strategies == (("stop/*", "go/stop", "go/go"), ("stop", "go"))
    assert form.payoff(("stop/*", "go")) == (1, 0)
    assert form.payoff(("go/go", "go")) == (2, 3)
    assert form.outcomes is None  # terminals are unnamed


def test_two_stage_game_with_information_sets():
    # Stage 1: simultaneous (A moves, B does not see); stage 2: A moves again knowing B's move.
    def stage2(a, b):
        return decision(
            "A",
            {"x": terminal((a, b)), "y": terminal((b, a))},
            None,
        )

    game = ExtensiveGame(
        decision(
            "A",
            {
                "U": decision("B", {"L": stage2(1, 0), "R": terminal((0, 0))}, "b"),
                "D": decision("B", {"L": terminal((2, 2)), "R": stage2(3, 1)}, "b"),
            },
        ),
        players=("A", "B"),
    )
    form = game.to_normal_form()
    # A's sets: root, after U/L, after D/R; U excludes the D/R set and vice versa.
    assert form.strategies[0] == ("U/x/*", "U/y/*", "D/*/x", "D/*/y")
    assert form.strategies[1] == ("L", "R")
    assert form.payoff(("D/*/y", "R")) == (1, 3)


def test_expected_payoffs_over_chance_are_exact_and_outcomes_mixed():
    game = ExtensiveGame(
        chance(
            {
                "good": (Fraction(1, 3), terminal((3,), "boom")),
                "bad": (
                    Fraction(2, 3),
                    decision("A", {"hold": terminal((0,), "bust"), "sell": terminal((1,), "boom")}),
                ),
            }
        )
    )
    form = game.to_normal_form()
    assert form.payoff(("hold",)) == (1,)
    assert form.payoff(("sell",)) == (Fraction(5, 3),)
    assert form.outcomes is None  # chance mixes outcomes under "hold"


def test_non_terminal_outcomes_add_along_the_path():
    game = ExtensiveGame(
        decision("A", {"a": terminal((1, 1)), "b": terminal((0, 5))}, payoffs=(10, 0)),
        players=("A", "B"),
    )
    form = game.to_normal_form()
    assert form.payoff(("a", 0)) == (11, 1)
    assert form.payoff(("b", 0)) == (10, 5)


def test_player_without_moves_has_one_strategy():
    form = ExtensiveGame(
        decision("A", {"a": terminal((1, 1))}), players=("A", "B")
    ).to_normal_form()
    assert form.strategies == (("a",), ("-",))


def test_render_draws_the_tree():
    game = ExtensiveGame(
        chance(
            {
                "h": (Fraction(1, 2), decision("A", {"x": terminal((1,)), "y": terminal()}, "s")),
                "t": (
                    Fraction(1, 2),
                    decision("A", {"x": terminal((0,)), "y": terminal((2,))}, "s"),
                ),
            }
        )
    )
    text = game.render()
    assert text.splitlines()[:4] == [
        "chance",
        "├─ h [1/2]: A [s]",
        "│  ├─ x: (1)",
        "│  └─ y: (no payoffs)",
    ]
    assert game.render(max_nodes=2).endswith("... 5 more nodes")

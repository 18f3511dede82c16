"""Subgame-perfect equilibria of symbolic trees as functions of the parameters: pieces with
conditions, ties, boundaries, thresholds, regions and evaluate, checked against point solves
of subgame_perfect (an independent method) at many random points."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import (
    ExtensiveGame,
    GameError,
    Parameter,
    ParameterError,
    ParameterSpace,
    ParametricSolution,
    parametric_equilibria,
    parametric_subgame_perfect,
    subgame_perfect,
    subgame_perfect_equilibria,
)
from bargaining.analysis import SubgamePerfectPiece
from bargaining.analysis.kernel import same_strategy_groups
from bargaining.games.extensive import ChanceNode, DecisionNode, chance, decision, terminal
from bargaining.model import load_model
from bargaining.testing.strategies import extensive_games

ROOT = Path(__file__).resolve().parent.parent
SPACE = ParameterSpace([Parameter("a", 0, 1, Fraction(1, 2)), Parameter("b", 0, 1, Fraction(1, 2))])
A, B = SPACE.symbols["a"], SPACE.symbols["b"]


def summary(equilibria) -> set:
    """What an equilibrium says, without the name of the method that found it."""
    return {(eq.strategies, eq.payoffs, eq.outcome_probabilities) for eq in equilibria}


def sequence():
    model = load_model(ROOT / "models" / "ceasefire_sequence.toml")
    return model, model.game("sequence")


# -- the ceasefire talks, move by move ------------------------------------------------------------


def test_the_ceasefire_tree_in_symbols():
    model, tree = sequence()
    solution = parametric_subgame_perfect(tree, model.parameters)
    assert isinstance(solution, ParametricSolution)
    assert all(isinstance(piece, SubgamePerfectPiece) for piece in solution.pieces)
    plays = [dict(piece.choices) for piece in solution.pieces]
    assert {"root": "condition", "root/condition": "accept"} in plays
    # Ukraine never walks out in a subgame-perfect equilibrium: resist is never strictly best.
    assert all(choice["root/condition"] != "resist" for choice in plays)
    (baseline,) = solution.at()
    assert baseline.strategy("Russia")["condition"] == 1
    assert baseline.payoffs == (Fraction(81, 200), Fraction(59, 200))
    assert baseline.probability("talk_and_fight") == 1
    assert summary(solution.at()) == summary(
        subgame_perfect_equilibria(tree, at=model.parameters.baseline)
    )


def test_the_ceasefire_tree_tipping_points():
    model, tree = sequence()
    solution = parametric_equilibria(tree, model.parameters)  # delegates for trees
    assert [t.value for t in solution.thresholds("L")] == [
        sympy.Rational(4, 9),
        sympy.Rational(4, 5),
    ]
    (guarantees,) = solution.thresholds("G")
    assert guarantees.value == sympy.Rational(55, 183)
    assert "'settlement' becomes an equilibrium outcome" in guarantees.change
    regions = solution.regions(("L",))
    assert [region.equilibria for region in regions] == [
        ("Russia: accept; Ukraine: accept",),
        ("Russia: condition; Ukraine: accept",),
        ("Russia: reject; Ukraine: accept",),
    ]
    assert regions[0].outcomes == {"settlement", "war_after_truce"}


def test_the_ceasefire_tree_evaluates_like_point_solves():
    model, tree = sequence()
    solution = parametric_subgame_perfect(tree, model.parameters)
    points = model.parameters.sample(300, seed=3)
    evaluation = solution.evaluate(points)
    for index in range(0, 300, 7):
        if evaluation.boundary[index]:
            continue
        at = {name: float(values[index]) for name, values in points.items()}
        equilibria = subgame_perfect_equilibria(tree, at=at)
        assert evaluation.count[index] == len(equilibria)
        for name in ("settlement", "talk_and_fight", "war"):
            expected = [float(eq.probability(name)) for eq in equilibria]
            assert evaluation.outcome_min[name][index] == pytest.approx(min(expected))
            assert evaluation.outcome_max[name][index] == pytest.approx(max(expected))
        payoffs = [float(eq.payoffs[0]) for eq in equilibria]
        assert evaluation.payoff_max["Russia"][index] == pytest.approx(max(payoffs))


def test_two_dimensional_regions_and_latex():
    model, tree = sequence()
    solution = parametric_subgame_perfect(tree, model.parameters)
    regions = solution.regions(("L", "G"), resolution=41)
    assert sum(region.share for region in regions) == pytest.approx(1, abs=0.06)
    assert any("Russia: accept" in text for region in regions for text in region.equilibria)
    latex = solution.conditions_latex()
    assert len(latex) == len(solution.pieces) and all(isinstance(c, list) for c in latex)
    expressions = solution.expressions_latex(solution.pieces[0])
    assert set(expressions["outcomes"]) >= {"settlement", "war_after_truce", "talk_and_fight"}


# -- small trees ----------------------------------------------------------------------------------


def entry(cost=None) -> ExtensiveGame:
    c = A if cost is None else cost
    return ExtensiveGame(
        decision(
            "Entrant",
            {
                "out": terminal((0, 2), "no entry"),
                "in": decision(
                    "Incumbent",
                    {
                        "fight": terminal((-1, 1 - 2 * c), "war"),
                        "accommodate": terminal((1, c), "peace"),
                    },
                ),
            },
        ),
        players=("Entrant", "Incumbent"),
    )


def test_pieces_carry_their_conditions():
    solution = parametric_subgame_perfect(entry(), SPACE)
    texts = [solution.describe_conditions(piece) for piece in solution.pieces]
    assert texts == [["a <= 1/3"], ["a >= 1/3"]]
    assert solution.pieces[1].outcome_probabilities == (
        ("no entry", 0),
        ("war", 0),
        ("peace", 1),
    )
    assert solution.pieces[0].supports == ((0,), (0,))


def test_a_tie_gives_every_equilibrium_and_is_a_boundary():
    solution = parametric_subgame_perfect(entry(), SPACE)
    third = {"a": Fraction(1, 3), "b": 0}
    assert solution.active(third) is None
    assert summary(solution.at(third)) == summary(subgame_perfect_equilibria(entry(), at=third))
    assert len(solution.at(third)) == 2
    evaluation = solution.evaluate({"a": np.array([0.2, 1 / 3, 0.9])})
    assert evaluation.boundary.tolist() == [False, True, False]
    assert evaluation.count.tolist() == [1, 2, 1]


def test_identical_payoffs_tie_everywhere():
    tree = ExtensiveGame(
        decision("A", {"x": terminal((A, 0), "deal"), "y": terminal((A, 1), "war")}),
        players=("A", "B"),
    )
    solution = parametric_subgame_perfect(tree, SPACE)
    assert len(solution.pieces) == 2 and all(not p.conditions for p in solution.pieces)
    assert len(solution.at({"a": Fraction(1, 5)})) == 2
    assert solution.evaluate({"a": np.array([0.1, 0.7])}).count.tolist() == [2, 2]
    assert solution.thresholds("a") == []


def test_a_tie_on_the_edge_of_the_box_is_found():
    # a >= 0 holds on the whole box, so it is no condition; at a = 0 the mover is indifferent.
    tree = ExtensiveGame(
        decision("A", {"x": terminal((A,), "deal"), "y": terminal((0,), "war")}), players=("A",)
    )
    solution = parametric_subgame_perfect(tree, SPACE)
    assert len(solution.pieces) == 1 and solution.pieces[0].conditions == ()
    assert [tie.expressions for tie in solution.ties] == [(A,)]
    assert len(solution.at({"a": 0})) == 2
    assert len(solution.at({"a": Fraction(1, 2)})) == 1
    assert solution.evaluate({"a": np.array([0.0, 0.5])}).boundary.tolist() == [True, False]


def test_choices_off_the_own_path_count_once():
    # A's second move is ruled out by A's own first move; its tie gives two subgame-perfect
    # equilibria with the same reduced strategies: one equilibrium of the reduced form.
    tree = ExtensiveGame(
        decision(
            "A",
            {
                "stop": terminal((1 + A,), "deal"),
                "go": decision("A", {"x": terminal((0,), "war"), "y": terminal((0,), "war")}),
            },
        ),
        players=("A",),
    )
    assert len(subgame_perfect(tree, at={"a": Fraction(1, 2)})) == 2
    solution = parametric_subgame_perfect(tree, SPACE)
    assert len(solution.pieces) == 2
    assert len(solution.at({"a": Fraction(1, 2)})) == 1
    assert solution.evaluate({"a": np.array([0.25, 0.5])}).count.tolist() == [1, 1]


def rounds(model, count: int, round_: int = 0):
    """The ceasefire tree repeated: talking while fighting leads to the next round, each round
    one month of fighting later."""
    symbols = model.parameters.symbols

    def leaf(name):
        payoffs = model.outcomes[name].payoffs
        months = {"Russia": symbols["cR"], "Ukraine": symbols["cU"]}
        return terminal(tuple(payoffs[p] - round_ * months[p] for p in ("Russia", "Ukraine")), name)

    then = leaf("talk_and_fight") if round_ == count - 1 else rounds(model, count, round_ + 1)
    G = symbols["G"]
    return decision(
        "Russia",
        {
            "accept": chance(
                {"holds": (G, leaf("settlement")), "breaks": (1 - G, leaf("war_after_truce"))}
            ),
            "condition": decision(
                "Ukraine",
                {"accept": then, "concede": leaf("root_cause_settlement"), "resist": leaf("war")},
            ),
            "reject": leaf("war"),
        },
    )


def test_the_ceasefire_over_three_rounds():
    # Where Ukraine would walk out in every round, Russia's conditioning and rejecting tie in
    # each: many subgame-perfect equilibria share reduced strategies and count once.
    model, _ = sequence()
    tree = ExtensiveGame(rounds(model, 3), players=("Russia", "Ukraine"))
    solution = parametric_subgame_perfect(tree, model.parameters)
    assert len(same_strategy_groups(solution.pieces)) > 0
    points = model.parameters.sample(150, seed=5)
    evaluation = solution.evaluate(points)
    for index in range(150):
        at = {name: float(values[index]) for name, values in points.items()}
        equilibria = subgame_perfect_equilibria(tree, at=at)
        assert evaluation.count[index] == len(equilibria)
        best = max(float(eq.payoffs[0]) for eq in equilibria)
        assert evaluation.payoff_max["Russia"][index] == pytest.approx(best)


def test_symbolic_chance_and_denominators():
    tree = ExtensiveGame(
        decision(
            "A",
            {
                "gamble": chance(
                    {
                        "win": (A, terminal((1 / (1 + B), 0), "win")),
                        "lose": (1 - A, terminal((0, 1), "loss")),
                    }
                ),
                "safe": terminal((Fraction(1, 4), 0), "safe"),
            },
        ),
        players=("A", "B"),
    )
    solution = parametric_subgame_perfect(tree, SPACE)
    gamble = next(p for p in solution.pieces if dict(p.choices)["root"] == "gamble")
    assert dict(gamble.outcome_probabilities) == {"win": A, "loss": 1 - A, "safe": 0}
    (threshold,) = solution.thresholds("a", at={"b": 1})
    assert threshold.value == sympy.Rational(1, 2)
    assert threshold.expression == (B + 1) / 4


def test_several_players_and_decided_by_the_box_alone():
    cost = SPACE.symbols["b"]
    tree = ExtensiveGame(
        decision("A", {"war": terminal((-cost, 0, 0)), "talk": terminal((1, 1, 1))}),
        players=("A", "B", "C"),
    )
    solution = parametric_subgame_perfect(tree, SPACE)
    (piece,) = solution.pieces
    assert dict(piece.choices) == {"root": "talk"} and piece.conditions == ()


def test_refusals():
    imperfect = ExtensiveGame(
        decision(
            "A",
            {
                "l": decision("B", {"x": terminal((1, 0)), "y": terminal((0, 1))}, "h"),
                "r": decision("B", {"x": terminal((0, 1)), "y": terminal((1, 0))}, "h"),
            },
        ),
        players=("A", "B"),
    )
    with pytest.raises(GameError, match=r"parametric_equilibria\(tree.to_normal_form\(\), space\)"):
        parametric_subgame_perfect(imperfect)
    with pytest.raises(GameError, match="needs an ExtensiveGame"):
        parametric_subgame_perfect("tree")  # type: ignore[arg-type]
    other = ParameterSpace([Parameter("z", 0, 1, Fraction(1, 2))])
    with pytest.raises(ParameterError, match="not in the space: a"):
        parametric_subgame_perfect(entry(), other)
    node = decision("A", {"x": terminal((A,)), "y": terminal((B,))})
    for _ in range(6):
        node = decision(
            "A", {"l": node, "r": decision("A", {"x": terminal((A,)), "y": terminal((B,))})}
        )
    with pytest.raises(GameError, match="max_pieces"):
        parametric_subgame_perfect(ExtensiveGame(node), SPACE, max_pieces=20)


def test_without_a_space_each_parameter_ranges_over_zero_to_one():
    solution = parametric_subgame_perfect(entry(sympy.Symbol("c")))
    assert solution.space.names == ("c",)
    assert [str(t.value) for t in solution.thresholds("c")] == ["1/3"]


def test_the_undecided_comparison_points_to_the_parametric_solver():
    with pytest.raises(GameError, match="parametric_subgame_perfect"):
        subgame_perfect(entry(sympy.Symbol("c")))


# -- property: agreement with point solves ---------------------------------------------------------


@st.composite
def symbolic_trees(draw) -> ExtensiveGame:
    """Random perfect-information trees whose payoffs are integers plus small multiples of
    the parameters a and b, some two-way chance nodes with probabilities a and 1 - a, and
    outcome names at the leaves."""
    players = draw(st.integers(1, 3))
    game = draw(extensive_games(players=players, max_nodes=8))
    # Few distinct payoffs make identical ties (everywhere) common; many make ties on lines.
    few = draw(st.booleans())

    def payoff(x):
        if few:
            return draw(st.integers(0, 1)) + draw(st.integers(0, 1)) * A
        return x + draw(st.integers(-2, 2)) * A + draw(st.integers(-1, 1)) * B

    def rebuild(node):
        if isinstance(node, DecisionNode):
            return decision(
                node.player,
                {a: rebuild(c) for a, c in zip(node.actions, node.children, strict=True)},
            )
        if isinstance(node, ChanceNode):
            probabilities = node.probabilities
            if len(probabilities) == 2 and draw(st.booleans()):
                probabilities = (A, 1 - A)
            return chance(
                {
                    a: (p, rebuild(c))
                    for a, p, c in zip(node.actions, probabilities, node.children, strict=True)
                }
            )
        return terminal(tuple(payoff(x) for x in node.payoffs), draw(st.sampled_from("xyz")))

    return ExtensiveGame(rebuild(game.root), players=game.players)


EXACT = st.sampled_from([Fraction(k, 6) for k in range(7)])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_trees(), st.lists(st.tuples(EXACT, EXACT), min_size=1, max_size=6))
def test_at_agrees_with_point_solves_at_exact_points(tree, points):
    solution = parametric_subgame_perfect(tree, SPACE)
    for a, b in points:
        point = {"a": a, "b": b}
        assert summary(solution.at(point)) == summary(subgame_perfect_equilibria(tree, at=point))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_trees(), st.integers(0, 2**32 - 1))
def test_evaluate_agrees_with_point_solves_at_random_points(tree, seed):
    solution = parametric_subgame_perfect(tree, SPACE)
    rng = np.random.default_rng(seed)
    points = {"a": rng.random(25), "b": rng.random(25)}
    evaluation = solution.evaluate(points)
    outcomes = (
        {name for name, _ in solution.pieces[0].outcome_probabilities} if solution.pieces else set()
    )
    for index in range(25):
        if evaluation.boundary[index]:
            continue
        at = {"a": float(points["a"][index]), "b": float(points["b"][index])}
        equilibria = subgame_perfect_equilibria(tree, at=at)
        assert evaluation.count[index] == len(equilibria)
        for name in outcomes:
            expected = [float(eq.probability(name)) for eq in equilibria]
            assert evaluation.outcome_min[name][index] == pytest.approx(min(expected), abs=1e-9)
            assert evaluation.outcome_max[name][index] == pytest.approx(max(expected), abs=1e-9)
        for i, player in enumerate(tree.players):
            expected = [float(eq.payoffs[i]) for eq in equilibria]
            assert evaluation.payoff_min[player][index] == pytest.approx(min(expected), abs=1e-9)
            assert evaluation.payoff_max[player][index] == pytest.approx(max(expected), abs=1e-9)


def test_symbolic_induction_stops_at_its_time_budget():
    from bargaining.budget import Budget, BudgetExceeded

    model, tree = sequence()
    with pytest.raises(BudgetExceeded, match="symbolic backward induction stopped after 0 s"):
        parametric_subgame_perfect(tree, model.parameters, budget=Budget(seconds=0))
    generous = parametric_subgame_perfect(tree, model.parameters, budget=Budget(seconds=600))
    assert summary(generous.at()) == summary(
        parametric_subgame_perfect(tree, model.parameters).at()
    )

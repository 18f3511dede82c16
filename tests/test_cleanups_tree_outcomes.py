"""Outcome probabilities of tree equilibria when chance moves mix outcomes (the reduced strategic
form then names no outcomes): read off the tree, exact, so outcome claims work there."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.games.extensive import TerminalNode
from bargaining.model import load_model
from bargaining.solvers.concepts import equilibria
from bargaining.solvers.equilibrium import expected_payoffs
from bargaining.solvers.reached_outcomes import reached_outcomes
from bargaining.solvers.subgame_perfect import subgame_perfect

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "tests" / "fixtures" / "models" / "chance_tree_claims.toml"


def test_outcome_claims_on_a_tree_with_a_chance_move_are_checked() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    result = subprocess.run(
        [sys.executable, "-m", "bargaining.cli", "check", str(MODEL), "--examples", "10"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 of 2 claims hold" in result.stdout
    assert "Nash equilibrium of the reduced strategic form" in result.stdout


def test_the_default_concept_gives_exact_outcome_probabilities_with_chance() -> None:
    game = load_model(MODEL).game()
    assert not game.is_perfect_information and game.to_normal_form().outcomes is None
    (eq,) = equilibria(game, at={"g": Fraction(1, 3)})  # the guarantee is probably empty
    assert eq.outcome_probabilities == (
        ("war", 0),
        ("ceasefire", 0),
        ("war_lost", Fraction(1, 3)),
        ("war_won", Fraction(2, 3)),
    )


def _outcome_payoffs(tree) -> dict[str, tuple]:
    return {node.outcome: node.payoffs for node in tree.nodes if isinstance(node, TerminalNode)}


@settings(max_examples=25, deadline=None)
@given(
    s=st.fractions(0, 1, max_denominator=20),
    weights=st.lists(st.integers(0, 4), min_size=8, max_size=8).filter(
        lambda w: sum(w[:4]) > 0 and sum(w[4:]) > 0
    ),
)
def test_outcome_probabilities_agree_with_the_expected_payoffs(s, weights) -> None:
    # Beer-quiche: every terminal names an outcome, so the expected payoffs of any mixed
    # profile of the reduced form (a separate walk of the tree) are the outcome probabilities
    # times the outcomes' payoffs.
    tree = load_model("models/beer_quiche.toml").game().at({"s": s})
    form = tree.to_normal_form()
    assert form.shape == (4, 4)
    strategies = [
        tuple(Fraction(w, sum(weights[:4])) for w in weights[:4]),
        tuple(Fraction(w, sum(weights[4:])) for w in weights[4:]),
    ]
    reached = dict(reached_outcomes(tree, strategies))
    assert all(isinstance(p, int | Fraction) for p in reached.values())
    assert sum(reached.values()) == 1
    payoffs = _outcome_payoffs(tree)
    by_outcomes = tuple(sum(p * payoffs[name][i] for name, p in reached.items()) for i in range(2))
    assert by_outcomes == expected_payoffs(form, strategies)


def test_a_subgame_perfect_equilibrium_reaches_the_same_outcomes_both_ways() -> None:
    # A perfect-information tree with a chance move: backward induction walks the tree by
    # actions, reached_outcomes by reduced strategies.
    model = load_model("models/ceasefire_sequence.toml")
    tree = model.game().at(model.parameters.baseline)
    for spe in subgame_perfect(tree):
        eq = spe.to_equilibrium()
        assert reached_outcomes(tree, eq.strategies) == eq.outcome_probabilities


def test_the_parametric_solution_gives_the_same_outcome_probabilities() -> None:
    import sympy

    from bargaining.analysis import parametric_equilibria
    from bargaining.analysis.target import resolve_target

    model = load_model(MODEL)
    game = model.game()
    solution = parametric_equilibria(game, model.parameters)
    g = model.parameters.symbols["g"]
    empty = next(piece for piece in solution.pieces if piece.supports[0] == (1,))
    assert dict(empty.outcome_probabilities) == {
        "war": 0,
        "ceasefire": 0,
        "war_lost": g,
        "war_won": 1 - g,
    }
    assert all(isinstance(p, sympy.Expr) for _, p in empty.outcome_probabilities)

    def seen(found) -> list:
        return [(eq.strategies, eq.payoffs, eq.outcome_probabilities) for eq in found]

    for value in (Fraction(1, 3), Fraction(1, 2), Fraction(9, 10)):
        assert seen(solution.at({"g": value})) == seen(equilibria(game, at={"g": value}))
    # A sweep reads the same probabilities from the pieces.
    swept = resolve_target(solution).evaluate({"g": [0.25, 0.75]})
    assert swept.outcome_max["war_won"].tolist() == [0.75, 0.0]
    assert swept.outcome_min["ceasefire"].tolist() == [0.0, 1.0]

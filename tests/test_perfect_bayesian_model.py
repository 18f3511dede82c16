"""Signalling trees in model files: information sets across chance branches, errors at the
node's own key, the bundled beer-quiche model's claims under both concepts, and the command
line with ``--concept pbe``."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from bargaining.model import ModelError, loads_model
from bargaining.solvers import perfect_bayesian_equilibria
from bargaining.testing import check_model
from tests.test_cli import ROOT, run

BEER_QUICHE = ROOT / "models" / "beer_quiche.toml"

SIGNALLING = """
[model]
name = "signal"

[players.S]

[players.R]

[parameters.p]
range = [0, 1]
baseline = 0.5

[outcomes.hit]
payoffs = { S = 0, R = 1 }

[outcomes.miss]
payoffs = { S = 1, R = 0 }

[games.g]
type = "tree"

[games.g.root.chance.t1]
p = "p"

[games.g.root.chance.t1.then]
player = "S"

[games.g.root.chance.t1.then.actions.m1]
player = "R"
infoset = "after_m1"
actions = { a = { outcome = "hit" }, b = { outcome = "miss" } }

[games.g.root.chance.t1.then.actions.m2]
player = "R"
infoset = "after_m2"
actions = { a = { outcome = "miss" }, b = { outcome = "hit" } }

[games.g.root.chance.t2]
p = "1 - p"

[games.g.root.chance.t2.then]
player = "S"

[games.g.root.chance.t2.then.actions.m1]
player = "SECOND"
infoset = "after_m1"
actions = { LABELS }

[games.g.root.chance.t2.then.actions.m2]
player = "R"
infoset = "after_m2"
actions = { a = { outcome = "hit" }, b = { outcome = "miss" } }
"""
GOOD = 'a = { outcome = "miss" }, b = { outcome = "hit" }'


def _model(second: str, labels: str) -> str:
    """The signalling model with the receiver's node after type t2 and m1 changed."""
    return SIGNALLING.replace("SECOND", second).replace("LABELS", labels)


def test_information_sets_join_nodes_across_chance_branches():
    model = loads_model(_model("R", GOOD))
    game = model.game()
    assert sorted(len(members) for members in game.infosets) == [1, 1, 2, 2]
    found = perfect_bayesian_equilibria(game, at=model.parameters.baseline)
    assert found and all(eq.label for eq in found)  # recognised as a signalling game


@pytest.mark.parametrize(
    ("second", "labels", "words"),
    [
        ("S", GOOD, "information set 'after_m1' belongs to 'R' (at games.g.root.chance.t1"),
        ("R", 'a = { outcome = "miss" }, c = { outcome = "hit" }', "has actions ['a', 'b']"),
    ],
)
def test_a_node_that_does_not_fit_its_information_set_is_named_by_its_key(second, labels, words):
    with pytest.raises(ModelError) as caught:
        loads_model(_model(second, labels))
    problems = [(p.key, p.message) for p in caught.value.problems]
    assert [key for key, _ in problems] == ["games.g.root.chance.t2.then.actions.m1.infoset"]
    assert words in problems[0][1]


@pytest.mark.parametrize("concept", ["default", "pbe"])
def test_the_beer_quiche_claims_hold_under_nash_and_pbe(concept):
    results = check_model(BEER_QUICHE, examples=20, concept=concept)
    assert len(results) == 4
    for result in results:
        assert result.passed, result.explain()


def test_check_names_the_concept():
    result = run("check", str(BEER_QUICHE), "--concept", "pbe", "--examples", "10")
    assert result.returncode == 0, result.stderr
    assert "solution concept: perfect Bayesian equilibrium" in result.stdout


def _find(document: object, key: str) -> list:
    """Every value stored under ``key`` anywhere in a JSON document."""
    if isinstance(document, dict):
        found = [document[key]] if key in document else []
        return found + [v for value in document.values() for v in _find(value, key)]
    if isinstance(document, list):
        return [v for value in document for v in _find(value, key)]
    return []


def test_solve_prints_beliefs_kinds_and_the_intuitive_criterion():
    result = run("solve", str(BEER_QUICHE), "--concept", "pbe", COLUMNS="300")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "perfect Bayesian equilibri" in text
    for words in ("pooling", "survives", "fails", "mu(weak | quiche) >= 1/2"):
        assert words in text
    as_json = run("solve", str(BEER_QUICHE), "--concept", "pbe", "--set", "s=1/3", "--json")
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert _find(document, "kind") == ["semi-separating"]
    (payoffs,) = _find(document, "payoffs")
    assert Fraction(payoffs["Sender"]["exact"]) == Fraction(4, 3)


def test_the_report_with_pbe_lists_beliefs_and_the_intuitive_criterion(tmp_path):
    from bargaining.report import build

    build(BEER_QUICHE, tmp_path, formats=("md",), claim_examples=5, draws=50, concept="pbe")
    text = (tmp_path / "report.md").read_text()
    assert "Solution concept: perfect Bayesian equilibrium." in text
    section = text.split("### Beliefs and refinements at the baseline", 1)[1]
    table = section.split("###", 1)[0]
    assert table.count("| pooling |") == 2
    assert "| fails |" in table and "| survives |" in table
    assert "mu(weak \\| quiche) &gt;= 1/2" in table

"""One dispatch for the solution concept: the registry, and a new game kind wired by one
registration that solve, check, sweep and report all pick up."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from bargaining.analysis import parametric_equilibria, resolve_target, sweep
from bargaining.analysis.parametric_nash import parametric_nash
from bargaining.cli import main
from bargaining.errors import GameError
from bargaining.games.extensive import ExtensiveGame, decision, terminal
from bargaining.games.normal_form import NormalFormGame
from bargaining.model import load_model
from bargaining.model.game_types import GAME_TYPES, GameType
from bargaining.report.analysis import analyse_model
from bargaining.solvers import nash_equilibria, pure_equilibria
from bargaining.solvers.concepts import (
    SolutionConcept,
    concept_names,
    equilibria,
    has_concept,
    register_concept,
    solution_concept,
)
from bargaining.solvers.subgame_perfect import subgame_perfect_equilibria
from tests.test_subgame_perfect import entry_game as entry

ROOT = Path(__file__).resolve().parent.parent


def summary(found) -> set:
    """What an equilibrium says, without the method that found it."""
    return {(eq.strategies, eq.payoffs, eq.outcome_probabilities) for eq in found}


# -- the registry -----------------------------------------------------------------------------


def test_each_kind_has_its_default_and_other_concepts_on_request():
    tree = entry()
    assert solution_concept(tree).name == "subgame-perfect"
    assert equilibria(tree) == subgame_perfect_equilibria(tree)
    assert equilibria(tree, concept="nash") == nash_equilibria(tree.to_normal_form())
    chicken = load_model(ROOT / "models" / "chicken.toml").game()
    assert solution_concept(chicken).title == "Nash equilibrium"
    assert equilibria(chicken, at={"c": 10}) == nash_equilibria(chicken, at={"c": 10})


def test_a_tree_with_imperfect_information_defaults_to_nash():
    tree = ExtensiveGame(
        decision(
            "A",
            {
                "l": decision("B", {"x": terminal((1, 0)), "y": terminal((0, 1))}, infoset="b"),
                "r": decision("B", {"x": terminal((0, 1)), "y": terminal((1, 0))}, infoset="b"),
            },
        ),
        players=("A", "B"),
    )
    assert solution_concept(tree).name == "nash"
    assert equilibria(tree) == nash_equilibria(tree.to_normal_form())


def test_unknown_concepts_and_kinds_name_what_is_registered():
    with pytest.raises(GameError, match=r"unknown concept 'qre' .*known: subgame-perfect, nash"):
        equilibria(entry(), concept="qre")
    with pytest.raises(GameError, match="no solution concept is registered for a str"):
        equilibria("a game")
    with pytest.raises(ValueError, match="already has a concept named 'nash'"):
        one_cell = NormalFormGame.from_arrays([[[1]], [[1]]])
        register_concept(NormalFormGame, solution_concept(one_cell))


def test_the_parametric_solution_follows_the_concept():
    model = load_model(ROOT / "models" / "ceasefire_sequence.toml")
    tree = model.game()
    spe = parametric_equilibria(tree, model.parameters)
    nash = parametric_equilibria(tree, model.parameters, concept="nash")
    assert (spe.concept, nash.concept) == ("subgame-perfect", "nash")
    baseline = model.parameters.baseline
    assert summary(spe.at()) == summary(equilibria(tree, at=baseline))
    assert summary(nash.at()) == summary(equilibria(tree, at=baseline, concept="nash"))
    assert len(spe.at()) == 1 and len(nash.at()) == 2


def test_every_model_game_type_that_gives_equilibria_has_a_concept():
    """Types whose games are solved by formula (``summarize``) report quantities, not
    equilibria; every other registered type must have a solution concept."""
    assert {"normal", "tree"} <= set(GAME_TYPES)
    for game_type in GAME_TYPES.values():
        if game_type.summarize is None:
            assert concept_names(game_type.game_class), game_type.name


# -- a new game kind, wired by one registration -----------------------------------------------


class Committed(NormalFormGame):
    """A toy kind: a normal-form game whose players commit to pure strategies."""

    def at(self, values=None, **named):
        return _committed(super().at(values, **named))


def _committed(game: NormalFormGame) -> Committed:
    return Committed(game.payoffs, game.players, game.strategies, game.outcomes, game.title)


def _pure_pieces(game: Committed, space=None):
    # The pure equilibria are the pieces of the Nash solution in which everyone plays one
    # strategy; they hold under the same conditions.
    solution = parametric_nash(game, space)
    pieces = tuple(p for p in solution.pieces if all(len(s) == 1 for s in p.supports))
    return replace(solution, game=_committed(solution.game), pieces=pieces, concept="pure")


register_concept(
    Committed,
    SolutionConcept(
        "pure",
        "pure equilibrium",
        "pure equilibria",
        pure_equilibria,
        _pure_pieces,
        description="every equilibrium in pure strategies",
    ),
    default=True,
)


@pytest.fixture
def toy_model(tmp_path, monkeypatch):
    """Chicken as a game of the toy kind, read from a model file by a registered type."""
    normal = GAME_TYPES["normal"]

    def read(context, table, key):
        game = normal.read(context, table, key)
        return None if game is None else _committed(game)

    toy = GameType("committed", Committed, normal.keys, read, normal.write, normal.labels)
    monkeypatch.setitem(GAME_TYPES, "committed", toy)
    text = (ROOT / "models" / "chicken.toml").read_text()
    text = text.replace('type = "normal"', 'type = "committed"')
    start = text.index("[[claims]]")
    text = text[:start] + '[[claims]]\nname = "two pure equilibria"\nexpect = "count() == 2"\n'
    path = tmp_path / "committed.toml"
    path.write_text(text)
    return path


def test_the_toy_kind_is_solved_by_its_own_concept(toy_model):
    game = load_model(toy_model).game()
    assert has_concept(game) and solution_concept(game).name == "pure"
    assert len(equilibria(game, at={"c": 10})) == 2
    assert len(nash_equilibria(game, at={"c": 10})) == 3  # what a normal-form game would give


def test_solve_check_sweep_and_report_pick_up_the_toy_kind(toy_model, capsys, tmp_path):
    assert main(["solve", str(toy_model)]) == 0
    out = capsys.readouterr().out
    assert "2 pure equilibria" in out and "solution concept: pure equilibrium" in out
    assert main(["check", str(toy_model), "--examples", "5"]) == 0
    out = capsys.readouterr().out
    assert "1 of 1 claims hold" in out and "solution concept: pure equilibrium" in out
    model = load_model(toy_model)
    target = resolve_target(model)
    assert (target.concept, target.method) == ("pure", "parametric")
    result = sweep(target, {"c": [2.5, 10, 50]}, progress=False)
    assert result.count.tolist() == [2, 2, 2]
    points = resolve_target(model, method="points")
    assert points.evaluate({"c": [2.5, 10]}).count.tolist() == [2, 2]
    analysis = analyse_model(model, claim_examples=0, draws=50)
    (game,) = analysis.games
    assert game.concept.name == "pure" and len(game.baseline) == 2
    assert [claim.passed for claim in analysis.claims] == [True]
    assert main(["report", str(toy_model), "-o", str(tmp_path / "r"), "--format", "md"]) == 0
    capsys.readouterr()
    report = (tmp_path / "r" / "report.md").read_text()
    assert "Solution concept: pure equilibrium." in report


def test_the_point_path_counts_each_subgame_perfect_equilibrium_once():
    model = load_model(ROOT / "models" / "ceasefire_sequence.toml")
    target = resolve_target(model, method="points")
    baseline = {name: [float(value)] for name, value in model.parameters.baseline.items()}
    assert target.evaluate(baseline).count.tolist() == [1]
    assert len(target.at({"L": Fraction(7, 10)})) == 1

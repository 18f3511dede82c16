"""The ``bargaining`` command on game trees (show, solve with --set, --json and --symbolic,
thresholds, check) and on games solved by formula (show and solve print what their type's
``summarize`` gives)."""

from __future__ import annotations

import json
from fractions import Fraction

from bargaining.cli.show import tree_text
from bargaining.io.results_json import equilibria_from_json
from bargaining.model import load_model
from bargaining.model.game_types import game_type_of
from bargaining.solvers.subgame_perfect import subgame_perfect_equilibria
from tests.test_cli import ROOT, run

SEQUENCE = str(ROOT / "models" / "ceasefire_sequence.toml")
ROOT_CAUSES = str(ROOT / "models" / "root_causes.toml")

IMPERFECT = """
[model]
name = "hidden"

[players.A]

[players.B]

[parameters.q]
range = [0, 1]
baseline = 0.5

[outcomes.deal]
payoffs = { A = 1, B = 1 }

[outcomes.war]
payoffs = { A = "-q", B = 0 }

[games.g]
type = "tree"

[games.g.root]
player = "A"

[games.g.root.actions.talk]
player = "B"
infoset = "h"
actions = { yes = { outcome = "deal" }, no = { outcome = "war" } }

[games.g.root.actions.fight]
player = "B"
infoset = "h"
actions = { yes = { outcome = "war" }, no = { outcome = "deal" } }
"""


# -- show -----------------------------------------------------------------------------------------


def test_show_draws_the_tree_and_lists_the_strategies():
    result = run("show", SEQUENCE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Game sequence (tree): Russia answers the US proposal" in out
    for line in [
        "Russia",
        "├─ accept: chance",
        "│  ├─ holds (p = G): settlement",
        "│  └─ breaks (p = 1 - G): war_after_truce",
        "├─ condition: Ukraine",
        "│  └─ resist: war",
        "└─ reject: war",
    ]:
        assert line in out.splitlines()
    assert "Strategies (reduced strategic form)" in out
    assert "accept, condition, reject" in out and "accept, concede, resist" in out
    assert "Claims" in out and "Ukraine's threat to walk out is not" in out


def test_tree_text_marks_information_sets_and_payoffs():
    game = load_model_text(IMPERFECT).game()
    text = tree_text(game)
    assert text.splitlines()[1] == "├─ talk: B [information set h]"
    assert tree_text(game, max_nodes=3).endswith("... 4 more nodes")


def test_show_names_the_type_and_description_of_formula_games():
    result = run("show", ROOT_CAUSES)
    assert result.returncode == 0, result.stderr
    model = load_model(ROOT_CAUSES)
    for name, game in model.games.items():
        kind = game_type_of(game).name
        assert f"Game {name} ({kind}): " in result.stdout
        assert " ".join(game.description.split()[:4]) in result.stdout


# -- solve ----------------------------------------------------------------------------------------


def test_solve_prints_the_subgame_perfect_equilibrium_and_the_choices():
    result = run("solve", SEQUENCE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "game sequence, 1 subgame-perfect equilibrium" in " ".join(out.split())
    assert "at L=0.7, W=0.5, G=0.2" in out
    assert "condition   accept    81/200          59/200" in out
    assert "Choices at each node" in out
    assert "root/condition   Ukraine   accept" in out
    assert "settlement   war_after_truce   talk_and_fight" in out


def test_solve_with_set_values_and_json():
    result = run("solve", SEQUENCE, "--set", "G=0.35")
    assert result.returncode == 0, result.stderr
    assert "G=0.35 (set)" in result.stdout
    assert "root             Russia    accept" in result.stdout
    result = run("solve", SEQUENCE, "--set", "G=0.35", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["game"] == "sequence" and document["parameters"]["G"] == "7/20"
    model = load_model(SEQUENCE)
    point = model.parameters.validate({"G": Fraction(7, 20)})
    (equilibrium,) = equilibria_from_json(result.stdout)
    (expected,) = subgame_perfect_equilibria(model.game(), at=point)
    assert equilibrium.strategies == expected.strategies
    assert equilibrium.payoffs == expected.payoffs
    assert equilibrium.probability("settlement") == Fraction(7, 20)


def test_solve_symbolic_prints_each_equilibrium_with_its_conditions():
    result = run("solve", SEQUENCE, "--symbolic", COLUMNS="300")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "5 subgame-perfect equilibria as functions of L, W, G, g, cR, cU, k, P" in out
    assert "L <= 4*P/W" in out
    assert "holds when" in out and "1 - G" in out


def test_solve_a_formula_game_prints_its_summary(tmp_path):
    result = run("solve", ROOT_CAUSES)
    assert result.returncode == 0, result.stderr
    assert "game talks" in result.stdout and "(baselines)" in result.stdout
    assert "quantity" in result.stdout and "value" in result.stdout
    model = load_model(ROOT_CAUSES)
    game = model.game()
    for quantity, value in game_type_of(game).summarize(game, model.parameters.baseline):
        assert quantity.split()[0] in result.stdout and value.split()[0] in result.stdout
    document = json.loads(run("solve", ROOT_CAUSES, "--json").stdout)
    assert document["format"] == "bargaining.summary" and document["summary"]
    assert document["parameters"]["L"] == "7/10"


def test_a_formula_game_has_no_symbolic_solution_or_thresholds():
    for args in (("solve", ROOT_CAUSES, "--symbolic"), ("thresholds", ROOT_CAUSES)):
        result = run(*args)
        assert result.returncode == 2
        assert "is a war game" in result.stderr and "Traceback" not in result.stderr


def test_a_tree_with_imperfect_information(tmp_path):
    path = tmp_path / "hidden.toml"
    path.write_text(IMPERFECT, encoding="utf-8")
    result = run("solve", str(path))
    assert result.returncode == 0, result.stderr
    assert "solution concept: Nash equilibrium of the reduced strategic form" in result.stdout
    assert "Choices at each node" not in result.stdout
    # In symbols too: backward induction needs perfect information, so the default concept of
    # this tree is Nash equilibrium of its reduced strategic form, as thresholds uses.
    result = run("solve", str(path), "--symbolic")
    assert result.returncode == 0, result.stderr
    assert "solution concept: Nash equilibrium of the reduced strategic form" in result.stdout
    result = run("solve", str(path), "--concept", "subgame-perfect")
    assert result.returncode == 2 and "needs perfect information" in result.stderr
    result = run("thresholds", str(path), "--param", "q")
    assert result.returncode == 0, result.stderr
    assert "Regions" in result.stdout


def test_bad_values_for_a_tree_are_usage_errors():
    result = run("solve", SEQUENCE, "--set", "G=2")
    assert result.returncode == 2
    assert "parameter 'G': value 2 is outside its range [0, 1]" in result.stderr
    result = run("thresholds", SEQUENCE, "--param", "Z")
    assert result.returncode == 2 and "unknown parameter 'Z'" in result.stderr


# -- thresholds and check --------------------------------------------------------------------------


def test_thresholds_of_the_tree():
    result = run("thresholds", SEQUENCE, "--param", "L", COLUMNS="300")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "4/9" in out and "4/5" in out and "4*P/W" in out
    assert "28/43" not in out  # the normal form's threshold rests on a non-credible threat
    assert "Russia: condition; Ukraine: accept" in out


def test_check_passes_every_claim_of_the_tree():
    result = run("check", SEQUENCE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 of 7 claims hold" in result.stdout


def load_model_text(text: str):
    from bargaining.model import loads_model

    return loads_model(text, source="hidden.toml")

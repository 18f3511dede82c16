"""``type = "tree"`` games in model files: the ceasefire talks move by move, problems with
key paths, limits, and round trips through Model.to_toml()."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from bargaining.analysis import parametric_subgame_perfect
from bargaining.games.extensive import ChanceNode, ExtensiveGame
from bargaining.model import ModelError, load_model, loads_model
from bargaining.model.game_types import GameContext
from bargaining.model.problems import ProblemLog
from bargaining.model.tree_type import MAX_TREE_DEPTH, MAX_TREE_NODES, TREE
from bargaining.solvers.subgame_perfect import subgame_perfect
from bargaining.testing.claims import check_model

ROOT = Path(__file__).resolve().parent.parent

SEQUENCE_PATH = ROOT / "models" / "ceasefire_sequence.toml"


def sequence():
    return load_model(SEQUENCE_PATH)


# -- the ceasefire talks, move by move ----------------------------------------------------------


def test_the_sequence_model_loads_as_a_tree():
    model = sequence()
    game = model.game("sequence")
    assert isinstance(game, ExtensiveGame)
    assert game.players == ("Russia", "Ukraine")
    assert len(game.nodes) == 9
    assert game.is_perfect_information
    assert game.root.actions == ("accept", "condition", "reject")
    assert game.to_normal_form().strategies == (
        ("accept", "condition", "reject"),
        ("accept", "concede", "resist"),
    )


def test_the_sequence_model_shares_players_parameters_and_outcomes_with_ceasefire():
    model, normal = sequence(), load_model(ROOT / "models" / "ceasefire.toml")
    assert model.players == normal.players
    assert model.parameters == normal.parameters
    for name, outcome in normal.outcomes.items():
        assert model.outcomes[name] == outcome
    assert set(model.outcomes) - set(normal.outcomes) == {"settlement", "war_after_truce"}


def test_the_truce_branches_average_to_the_ceasefire_outcome():
    model = sequence()
    node = model.game("sequence").root.children[0]
    assert isinstance(node, ChanceNode)
    assert node.actions == ("holds", "breaks")
    G = node.probabilities[0]
    assert str(G) == "G" and sympy.simplify(node.probabilities[1] - (1 - G)) == 0
    for player in ("Russia", "Ukraine"):
        expected = (
            G * model.outcomes["settlement"].payoffs[player]
            + (1 - G) * (model.outcomes["war_after_truce"].payoffs[player])
        )
        assert sympy.simplify(expected - model.outcomes["ceasefire"].payoffs[player]) == 0


def test_the_subgame_perfect_equilibrium_at_the_baseline():
    # Baseline: L = 0.7, W = 0.5, G = 0.2, g = 0.15, cR = 0.01, cU = 0.015, k = 0.6, P = 0.1.
    # A = L*(1 - W/2)*(1 - g*(1 - G)) = 0.7 * 0.75 * 0.88 = 0.462.
    # Ukraine after conditions: accept -> talk_and_fight 1 - 0.525 - 0.18 = 0.295;
    #   concede -> root_cause_settlement -0.6; resist -> war 1 - 0.6125 - 0.18 = 0.2075.
    #   Ukraine accepts (keeps talking): Russia gets talk_and_fight 0.525 - 0.12 = 0.405.
    # Russia: accept -> 0.2 * settlement (0.462 + 0.03 + 0.01 = 0.502)
    #   + 0.8 * war_after_truce (0.462 - 0.12 + 0.01 = 0.352) = 0.382 (= the ceasefire outcome);
    #   condition -> 0.405; reject -> war 0.6125 - 0.12 - 0.1 = 0.3925.
    # So Russia conditions, Ukraine keeps talking: talk_and_fight, payoffs (0.405, 0.295).
    model = sequence()
    (spe,) = subgame_perfect(model.game("sequence"), at=model.parameters.baseline)
    assert spe.choices == {"root": "condition", "root/condition": "accept"}
    assert spe.payoffs == (Fraction(81, 200), Fraction(59, 200))


def test_the_baseline_solved_in_symbols_agrees():
    model = sequence()
    solution = parametric_subgame_perfect(model.game("sequence"), model.parameters)
    (equilibrium,) = solution.at(model.parameters.baseline)
    assert equilibrium.support("Russia") == ("condition",)
    assert equilibrium.payoffs == (Fraction(81, 200), Fraction(59, 200))


# -- claims on the tree: its equilibria are its subgame-perfect equilibria ----------------------


def test_every_claim_of_the_sequence_model_holds():
    results = check_model(sequence(), examples=60)
    assert len(results) == 7
    assert all(result.passed for result in results), [r.explain() for r in results]


def test_a_false_claim_about_the_tree_gets_a_counterexample():
    text = SEQUENCE_PATH.read_text(encoding="utf-8").split("# -- claims")[0]
    text += (
        '\n[[claims]]\nname = "Ukraine never resists"\n'
        "expect = \"plays('Ukraine', 'resist') == 0\"\n"
    )
    (result,) = check_model(loads_model(text), examples=40)
    assert not result.passed
    # The tie: without leverage (or without support) walking out costs Ukraine nothing.
    point = result.counterexample
    assert point["L"] == 0 or point["W"] == 0
    assert any("Ukraine={resist: 1}" in line for line in result.equilibria)


def test_claims_name_the_trees_reduced_strategies():
    text = SEQUENCE_PATH.read_text(encoding="utf-8").split("# -- claims")[0]
    text += "\n[[claims]]\nname = \"x\"\nexpect = \"plays('Ukraine', 'surrender') == 0\"\n"
    with pytest.raises(ModelError, match="unknown strategy 'surrender' of player 'Ukraine'"):
        loads_model(text)


# -- round trips ---------------------------------------------------------------------------------


def test_the_sequence_model_round_trips():
    model = sequence()
    text = model.to_toml()
    assert 'type = "tree"' in text
    again = loads_model(text)
    assert again == model
    assert again.game("sequence") == model.game("sequence")
    assert again.to_toml() == text


HEAD = """
[model]
name = "t"

[players.A]

[players.B]

[parameters.q]
range = [0, 1]
baseline = 0.5

[outcomes.deal]
payoffs = { A = 1, B = 1 }

[outcomes.war]
payoffs = { A = "-q", B = 0 }
"""


def tree(text: str):
    return loads_model(HEAD + '\n[games.g]\ntype = "tree"\n' + text, source="t.toml")


def test_inline_tables_and_sub_tables_read_the_same():
    inline = tree(
        'root = { player = "A", actions = { talk = { chance = { '
        'ok = { p = "q", then = { outcome = "deal" } }, '
        'no = { p = "1 - q", then = { outcome = "war" } } } }, fight = { outcome = "war" } } }\n'
    )
    tables = tree(
        '[games.g.root]\nplayer = "A"\n'
        '[games.g.root.actions.talk.chance.ok]\np = "q"\nthen.outcome = "deal"\n'
        '[games.g.root.actions.talk.chance.no]\np = "1 - q"\nthen.outcome = "war"\n'
        '[games.g.root.actions.fight]\noutcome = "war"\n'
    )
    assert inline == tables
    assert inline.game().root.actions == ("talk", "fight")


def test_information_sets_and_numeric_probabilities_round_trip():
    model = tree(
        'root = { chance = { hi = { p = 0.25, then = { player = "B", infoset = "h", actions = '
        '{ x = { outcome = "deal" }, y = { outcome = "war" } } } }, lo = { p = 0.75, then = { '
        'player = "B", infoset = "h", actions = { x = { outcome = "war" }, '
        'y = { outcome = "deal" } } } } } }\n'
    )
    game = model.game()
    assert not game.is_perfect_information
    assert game.root.probabilities == (Fraction(1, 4), Fraction(3, 4))
    again = loads_model(model.to_toml())
    assert again == model


# -- problems with key paths ---------------------------------------------------------------------


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ModelError) as caught:
        tree(text)
    return [(problem.key, problem.message) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (
            'root = { player = "A", actions = { talk = { player = "C", actions = '
            '{ x = { outcome = "deal" } } } } }',
            "games.g.root.actions.talk.player",
            "unknown player 'C'",
        ),
        (
            'root = { player = "A", actions = { talk = { player = "B", actions = '
            '{ concede = { outcome = "peace" } } } } }',
            "games.g.root.actions.talk.actions.concede.outcome",
            "unknown outcome 'peace'",
        ),
        (
            'root = { chance = { a = { p = "q", then = { outcome = "deal" } }, '
            'b = { p = "0.8", then = { outcome = "war" } } } }',
            "games.g.root.chance",
            "sum to",
        ),
        (
            'root = { chance = { a = { p = 1.5, then = { outcome = "deal" } }, '
            'b = { p = -0.5, then = { outcome = "war" } } } }',
            "games.g.root.chance.a.p",
            "from 0 to 1",
        ),
        (
            'root = { chance = { a = { p = "q > 1", then = { outcome = "deal" } }, '
            'b = { p = "1 - q", then = { outcome = "war" } } } }',
            "games.g.root.chance.a.p",
            "formula",
        ),
        (
            'root = { chance = { a = { p = "__import__(1)", then = { outcome = "deal" } } } }',
            "games.g.root.chance.a.p",
            "",
        ),
        (
            'root = { player = "A", actions = { talk = { who = "B" } } }',
            "games.g.root.actions.talk",
            "expected a node",
        ),
        (
            'root = { player = "A", actions = { talk = "deal" } }',
            "games.g.root.actions.talk",
            "expected a node",
        ),
        (
            'root = { player = "A", outcome = "deal", actions = { x = { outcome = "war" } } }',
            "games.g.root",
            "mixes a decision and a terminal node",
        ),
        (
            'root = { player = "A", actions = { x = { outcome = "war", payoff = 1 } } }',
            "games.g.root.actions.x.payoff",
            "unknown key 'payoff'",
        ),
        (
            'root = { player = "A", actions = {} }',
            "games.g.root.actions",
            "non-empty table",
        ),
        (
            "root = { chance = { a = { p = 1 } } }",
            "games.g.root.chance.a.then",
            "missing",
        ),
        ('description = "no root"', "games.g.root", "missing"),
        (
            'players = ["A", "Z"]\nroot = { outcome = "deal" }',
            "games.g.players[1]",
            "unknown player 'Z'",
        ),
        (
            'root = { player = "A", actions = { x = { player = "A", infoset = "h", actions = '
            '{ l = { outcome = "war" } } }, y = { player = "B", infoset = "h", actions = '
            '{ l = { outcome = "war" } } } } }',
            "games.g.root.actions.y.infoset",
            "information set 'h' belongs to 'A'",
        ),
    ],
)
def test_problems_name_their_key_path(text, key, words):
    found = problems(text)
    assert any(where == key and words in message for where, message in found), found


def test_every_problem_of_a_tree_is_reported():
    found = problems(
        'root = { player = "C", actions = { x = { outcome = "peace" }, '
        'y = { outcome = "nowhere" } } }'
    )
    assert [key for key, _ in found] == [
        "games.g.root.player",
        "games.g.root.actions.x.outcome",
        "games.g.root.actions.y.outcome",
    ]


def test_trees_over_the_node_limit_are_refused():
    actions = ", ".join(f'a{i} = {{ outcome = "deal" }}' for i in range(MAX_TREE_NODES))
    found = problems(f'root = {{ player = "A", actions = {{ {actions} }} }}')
    assert len(found) == 1
    key, message = found[0]
    assert key == f"games.g.root.actions.a{MAX_TREE_NODES - 1}"  # the 1,001st node
    assert f"more than {MAX_TREE_NODES:,} nodes" in message


def _context(log: ProblemLog) -> GameContext:
    model = tree('root = { outcome = "deal" }')
    return GameContext(
        log, ("A", "B"), dict(model.outcomes), frozenset(model.outcomes), {"q": sympy.Symbol("q")}
    )


@pytest.mark.parametrize("depth", [MAX_TREE_DEPTH, MAX_TREE_DEPTH + 1])
def test_trees_over_the_depth_limit_are_refused(depth):
    # Model files nest at most 16 levels, so the depth limit guards the reader itself.
    node: dict = {"outcome": "deal"}
    for _ in range(depth):
        node = {"player": "A", "actions": {"go": node}}
    log = ProblemLog("t.toml")
    game = TREE.read(_context(log), {"root": node}, ("games", "g"))
    if depth <= MAX_TREE_DEPTH:
        assert len(log) == 0 and len(game.nodes) == depth + 1
    else:
        assert game is None and len(log) == 1
        with pytest.raises(ModelError, match="more than 50 moves deep") as caught:
            log.raise_if_any()
        assert caught.value.problems[0].key == "games.g.root" + ".actions.go" * depth

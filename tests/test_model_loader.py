"""Model files: the bundled models load, the format's features read as documented, and every
model in models/ survives a round trip through Model.to_toml()."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from bargaining import NormalFormGame, Outcome, equilibria, is_equilibrium, nash_equilibria
from bargaining.model import (
    COUNT,
    PROB,
    Claim,
    Model,
    ModelError,
    ParameterNotes,
    Player,
    load_model,
    loads_model,
)
from bargaining.model.game_types import game_type_of
from bargaining.params import Distribution

ROOT = Path(__file__).resolve().parent.parent
MODELS = sorted((ROOT / "models").glob("*.toml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "models"

SMALL = """
[model]
name = "talks"
title = "Talks"
description = "A small model used by the tests."
sources = ["a source", "another"]
version = "2"

[players.A]
description = "the first side"

[players.B]

[parameters.L]
description = "A's leverage"
range = [0, 1]
baseline = 0.7
unit = "probability"
tags = ["leverage"]
distribution = { kind = "beta", alpha = 2, beta = 5 }
low_means = "B dominates"
high_means = "A dominates"
baseline_source = "judgement"

[outcomes.deal]
description = "they agree"
payoffs = { A = "1 - L", B = "L" }

[outcomes.war]
payoffs.A = "L - 1/10"
payoffs.B = 0.25

[games.talks]
type = "normal"
description = "both choose at once"
players = ["A", "B"]
strategies.A = ["talk", "fight"]
strategies.B = ["talk", "fight"]
outcomes = [["deal", "war"], ["war", "war"]]

[[claims]]
name = "war is possible"
given = "L >= 0.8"
expect = "prob('war') == 1"
in = "some"
description = "strong leverage"
"""


def test_every_bundled_model_is_covered():
    names = {path.stem for path in MODELS}
    assert {"prisoners_dilemma", "chicken", "battle_of_the_sexes", "deterrence"} <= names
    assert {"root_causes", "rearm_truce", "ceasefire_stability"} <= names


@pytest.mark.parametrize("path", MODELS, ids=lambda path: path.stem)
def test_bundled_model_loads_and_solves_at_its_baseline(path):
    model = load_model(path)
    assert model.source == str(path)
    assert model.name == path.stem
    assert model.title and model.description
    for name, game in model.games.items():
        summarize = game_type_of(game).summarize
        if summarize is not None:  # theory types: solved by their own solver
            rows = summarize(game, model.parameters.baseline)
            assert rows and all(quantity and value for quantity, value in rows), name
            continue
        # Every game kind with a solution concept is solved through the one registry.
        assert equilibria(game, at=model.parameters.baseline), name
    for parameter in model.parameters:
        assert parameter.description, f"{path.stem}: parameter {parameter.name} is undocumented"


@pytest.mark.parametrize("path", MODELS, ids=lambda path: path.stem)
def test_bundled_model_round_trips(path):
    model = load_model(path)
    text = model.to_toml()
    again = loads_model(text)
    assert again == model
    assert again.to_toml() == text


def test_all_sections_are_read():
    model = loads_model(SMALL, source="small.toml")
    assert (model.name, model.title, model.version) == ("talks", "Talks", "2")
    assert model.sources == ("a source", "another")
    assert model.source == "small.toml"
    assert list(model.players) == ["A", "B"]
    assert model.players["A"] == Player("A", "the first side")
    assert model.players["B"].description == ""
    leverage = model.parameters["L"]
    assert (leverage.low, leverage.high, leverage.baseline) == (0, 1, Fraction(7, 10))
    assert leverage.unit == "probability"
    assert leverage.tags == frozenset({"leverage"})
    assert leverage.distribution == Distribution("beta", {"alpha": 2, "beta": 5})
    assert model.parameter_notes["L"] == ParameterNotes("B dominates", "A dominates", "judgement")
    L = leverage.symbol
    assert model.outcomes["deal"] == Outcome("deal", {"A": 1 - L, "B": L}, "they agree")
    assert model.outcomes["war"].payoffs["A"] == L - sympy.Rational(1, 10)
    assert model.outcomes["war"].payoffs["B"] == Fraction(1, 4)


def test_floats_become_exact_fractions_of_their_decimal_text():
    model = loads_model(SMALL.replace("baseline = 0.7", "baseline = 0.1"))
    assert model.parameters["L"].baseline == Fraction(1, 10)
    assert isinstance(model.parameters["L"].baseline, Fraction)


def test_formula_symbols_are_the_parameter_symbols():
    model = loads_model(SMALL)
    (symbol,) = model.outcomes["deal"].payoffs["B"].free_symbols
    assert symbol == model.parameters["L"].symbol
    assert symbol.is_nonnegative


def test_game_is_built_from_outcomes():
    model = loads_model(SMALL)
    game = model.game()
    L = model.parameters["L"].symbol
    expected = NormalFormGame.from_outcomes(
        [["deal", "war"], ["war", "war"]],
        model.outcomes,
        players=("A", "B"),
        strategies=(("talk", "fight"), ("talk", "fight")),
        title="both choose at once",
    )
    assert game == expected
    assert game.payoff(("talk", "talk")) == (1 - L, L)
    assert model.game("talks") is game


def test_game_lookup_errors_name_the_known_games():
    model = loads_model(SMALL, source="small.toml")
    with pytest.raises(ModelError, match=r"small.toml: games: unknown game 'x'.*talks"):
        model.game("x")


def test_game_players_default_to_the_declared_players():
    text = SMALL.replace('players = ["A", "B"]\n', "")
    assert loads_model(text).game().players == ("A", "B")


def test_claims_are_parsed_into_sympy():
    model = loads_model(SMALL)
    L = model.parameters["L"].symbol
    (claim,) = model.claims
    assert claim == Claim(
        "war is possible",
        "talks",
        sympy.Eq(PROB(sympy.Symbol("war")), 1),
        sympy.Ge(L, sympy.Rational(4, 5)),
        "some",
        "strong leverage",
    )


def test_claim_defaults_game_and_quantifier():
    text = '[model]\nname = "m"\n[players.A]\n[games.g]\ntype = "normal"\n'
    text += (
        'strategies.A = ["x"]\npayoffs = [[1]]\n[[claims]]\nname = "one"\nexpect = "count() == 1"\n'
    )
    (claim,) = loads_model(text).claims
    assert (claim.game, claim.quantifier, claim.given) == ("g", "all", None)
    assert claim.expect == sympy.Eq(COUNT(), 1)


def test_payoffs_table_with_three_players():
    model = load_model(FIXTURES / "three_players.toml")
    game = model.game("meet")
    b = model.parameters["b"].symbol
    assert game.shape == (2, 2, 2)
    assert game.outcomes is None
    assert game.payoff(("here", "here", "here")) == (b + 1, b + 1, b + 1)
    assert game.payoff(("here", "there", "there")) == (0, 1, 1)
    pure = nash_equilibria(game, at={"b": 1}, method="pure")
    assert [eq.payoffs for eq in pure] == [(2, 2, 2), (2, 2, 2)]
    # All equilibria of a three-player game: the two pure ones and mixed ones, each verified.
    every = nash_equilibria(game, at={"b": 1})
    assert {eq.strategies for eq in pure} < {eq.strategies for eq in every}
    assert all(is_equilibrium(game, eq.strategies, at={"b": 1}) for eq in every)
    assert loads_model(model.to_toml()) == model


def test_models_are_values():
    first, second = loads_model(SMALL, "one.toml"), loads_model(SMALL, "two.toml")
    assert first == second  # the source is not part of the value
    assert hash(first) == hash(second)
    assert first != loads_model(SMALL.replace('version = "2"', 'version = "3"'))
    with pytest.raises(TypeError):
        first.players["C"] = Player("C")  # type: ignore[index]


def test_repr_counts_the_parts():
    assert repr(loads_model(SMALL)) == (
        "Model('talks': 2 players, 1 parameter, 2 outcomes, 1 game, 1 claim)"
    )


def test_a_model_built_in_code_writes_and_reads_back():
    from bargaining.params import Parameter, ParameterSpace

    cost = Parameter("c", 0, 2, Fraction(1, 2), description="cost")
    c = cost.symbol
    outcomes = {
        "deal": Outcome("deal", {"A": 1, "B": 1}),
        "war": Outcome("war", {"A": 2 - c, "B": -c}),
    }
    game = NormalFormGame.from_outcomes(
        [["deal", "war"], ["war", "war"]],
        outcomes,
        players=("A", "B"),
        strategies=(("talk", "fight"), ("talk", "fight")),
    )
    model = Model(
        "built",
        {"A": Player("A"), "B": Player("B")},
        ParameterSpace((cost,)),
        outcomes,
        {"g": game},
    )
    assert model.parameter_notes == {"c": ParameterNotes()}
    assert loads_model(model.to_toml()) == model

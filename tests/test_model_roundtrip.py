"""Model.to_toml(): random valid models read back equal; values without an exact written form
are refused; the TOML writer's strings and numbers read back exactly."""

from __future__ import annotations

import tomllib
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, Outcome
from bargaining.model import (
    COUNT,
    PAYOFF,
    PLAYS,
    PROB,
    Claim,
    Model,
    ModelError,
    ParameterNotes,
    Player,
    loads_model,
)
from bargaining.model.toml_writer import decimal_text, string_text
from bargaining.params import Distribution, Parameter, ParameterSpace

# Any text a person could type, including quotes, backslashes, newlines and control characters
# (lone surrogates cannot be encoded in UTF-8, so no file can hold them).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
PLAYER_NAMES = ["A", "B", "Russia", "Player 1", "x.y", "Україна"]
OUTCOME_NAMES = ["deal", "war", "status quo", "peace-1", "ceasefire"]
STRATEGY_NAMES = ["talk", "fight", "wait", "hold on"]


@st.composite
def parameters(draw) -> ParameterSpace:
    names = draw(st.lists(st.sampled_from(["L", "W", "c", "x_1", "Pi"]), unique=True, max_size=3))
    result = []
    for name in names:
        low, width = draw(st.integers(-500, 500)), draw(st.integers(1, 500))
        offset = draw(st.integers(0, width))
        baseline = Fraction(low + offset, 100)
        distribution = draw(
            st.one_of(
                st.none(),
                st.just(Distribution("uniform")),
                st.builds(
                    lambda a, b: Distribution("beta", {"alpha": a, "beta": b}),
                    st.floats(0.01, 100),
                    st.floats(0.01, 100),
                ),
                st.just(Distribution("triangular", {"mode": float(baseline)})),
            )
        )
        tags = draw(st.frozensets(st.sampled_from(["leverage", "cost"])))
        result.append(
            Parameter(
                name,
                Fraction(low, 100),
                Fraction(low + width, 100),
                baseline,
                draw(TEXT),
                draw(TEXT),
                tags,
                distribution,
            )
        )
    return ParameterSpace(tuple(result))


@st.composite
def formulas(draw, symbols: list[sympy.Symbol]) -> sympy.Expr:
    value = sympy.Rational(draw(st.integers(-20, 20)), draw(st.integers(1, 7)))
    for symbol in symbols:
        coefficient = sympy.Rational(draw(st.integers(-3, 3)), draw(st.integers(1, 3)))
        value += coefficient * symbol
    if symbols:
        shape = draw(st.sampled_from(["plain", "product", "max", "piecewise", "power"]))
        first = symbols[0]
        if shape == "product":
            value *= first - 1
        elif shape == "max":
            value = sympy.Max(value, first)
        elif shape == "piecewise":
            value = sympy.Piecewise((value, first > 0), (1 - first, True))
        elif shape == "power":
            value = value + first**2 / 3
    return value


@st.composite
def conditions(draw, symbols: list[sympy.Symbol]) -> sympy.Basic:
    parts = [
        sympy.Ge(symbol, sympy.Rational(draw(st.integers(-5, 5)), draw(st.integers(1, 4))))
        for symbol in draw(st.lists(st.sampled_from(symbols), min_size=1, max_size=2, unique=True))
    ]
    return parts[0] if len(parts) == 1 else sympy.Or(*parts)


@st.composite
def models(draw) -> Model:
    players = draw(st.lists(st.sampled_from(PLAYER_NAMES), min_size=1, max_size=3, unique=True))
    space = draw(parameters())
    symbols = [parameter.symbol for parameter in space]
    outcomes = {}
    for name in draw(st.lists(st.sampled_from(OUTCOME_NAMES), min_size=1, max_size=3, unique=True)):
        payoffs = {player: draw(formulas(symbols)) for player in players}
        outcomes[name] = Outcome(name, payoffs, draw(TEXT))
    strategies = tuple(
        tuple(draw(st.lists(st.sampled_from(STRATEGY_NAMES), min_size=1, max_size=3, unique=True)))
        for _ in players
    )
    shape = [len(labels) for labels in strategies]

    def table(cell):
        def build(level: int):
            if level == len(shape):
                return draw(cell)
            return [build(level + 1) for _ in range(shape[level])]

        return build(0)

    title = draw(TEXT)
    if draw(st.booleans()):
        game = NormalFormGame.from_outcomes(
            table(st.sampled_from(list(outcomes))),
            outcomes,
            players=players,
            strategies=strategies,
            title=title,
        )
    else:
        cells = table(st.lists(formulas(symbols), min_size=len(players), max_size=len(players)))
        game = NormalFormGame(cells, tuple(players), strategies, None, title)
    claims = []
    for name in draw(st.lists(st.sampled_from(["c1", "c2", "a claim"]), unique=True, max_size=2)):
        player = draw(st.sampled_from(players))
        terms = [
            sympy.Eq(COUNT(), draw(st.integers(0, 4))),
            sympy.Le(PAYOFF(sympy.Symbol(player)), draw(formulas(symbols))),
            sympy.Eq(
                PLAYS(
                    sympy.Symbol(player),
                    sympy.Symbol(draw(st.sampled_from(strategies[players.index(player)]))),
                ),
                1,
            ),
        ]
        if game.outcomes is not None:
            outcome = draw(st.sampled_from(sorted(set(game.outcomes.flat))))
            terms.append(sympy.Gt(PROB(sympy.Symbol(outcome)), sympy.Rational(1, 3)))
        chosen = draw(st.lists(st.sampled_from(terms), min_size=1, max_size=2, unique=True))
        expect = chosen[0] if len(chosen) == 1 else sympy.And(*chosen)
        condition = draw(conditions(symbols)) if symbols and draw(st.booleans()) else None
        quantifier = draw(st.sampled_from(["all", "some"]))
        claims.append(Claim(name, "g", expect, condition, quantifier, draw(TEXT)))
    notes = {
        parameter.name: ParameterNotes(draw(TEXT), draw(TEXT), draw(TEXT)) for parameter in space
    }
    return Model(
        draw(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)),
        {player: Player(player, draw(TEXT)) for player in players},
        space,
        outcomes,
        {"g": game},
        tuple(claims),
        title=draw(TEXT),
        description=draw(TEXT),
        sources=tuple(draw(st.lists(TEXT, max_size=2))),
        version=draw(TEXT),
        parameter_notes=notes,
    )


@settings(max_examples=80, deadline=None)
@given(models())
def test_random_models_read_back_equal(model):
    text = model.to_toml()
    again = loads_model(text)
    assert again == model
    assert again.to_toml() == text


@given(TEXT)
def test_strings_read_back_exactly(text):
    assert tomllib.loads(f"value = {string_text(text)}")["value"] == text


@given(st.integers(-(10**6), 10**6), st.integers(0, 12), st.integers(0, 12))
def test_decimal_text_is_exact(numerator, twos, fives):
    value = Fraction(numerator, 2**twos * 5**fives)
    assert Fraction(decimal_text(value)) == value
    assert tomllib.loads(f"x = {decimal_text(value)}")["x"] == float(value)


def small_model(baseline=Fraction(1, 2), formula=None) -> Model:
    parameter = Parameter("c", 0, 1, baseline)
    war = Outcome("war", {"A": parameter.symbol if formula is None else formula})
    game = NormalFormGame.from_outcomes(["war"], {"war": war}, players=["A"], strategies=[["x"]])
    return Model("m", {"A": Player("A")}, ParameterSpace((parameter,)), {"war": war}, {"g": game})


def test_round_trip_of_a_simple_model():
    model = small_model()
    assert loads_model(model.to_toml()) == model


def test_number_without_a_decimal_form_is_refused():
    with pytest.raises(ModelError) as info:
        small_model(baseline=Fraction(1, 3)).to_toml()
    (problem,) = info.value.problems
    assert problem.key == "parameters.c.baseline"
    assert problem.message == "1/3 has no exact decimal form; TOML numbers are decimals"


def test_float_inside_a_formula_is_refused():
    symbol = Parameter("c", 0, 1, Fraction(1, 2)).symbol
    with pytest.raises(ModelError) as info:
        small_model(formula=symbol + sympy.Float(0.1)).to_toml()
    assert {problem.key for problem in info.value.problems} == {"outcomes.war", "games.g"}
    assert "cannot be written exactly" in info.value.problems[0].message


def test_symbol_that_is_not_the_parameter_symbol_is_refused():
    with pytest.raises(ModelError, match="cannot be written exactly"):
        small_model(formula=sympy.Symbol("c")).to_toml()

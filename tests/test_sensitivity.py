"""Local sensitivity: exact derivatives against independent finite differences, boundaries,
and the ceasefire model's derivatives against its formulas."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bargaining import (
    GameError,
    NormalFormGame,
    Parameter,
    ParameterError,
    ParameterSpace,
    load_model,
    nash_equilibria,
    parametric_equilibria,
)
from bargaining.analysis.sensitivity import sensitivity
from bargaining.analysis.target import resolve_target
from bargaining.testing.strategies import symbolic_games

SPACE = ParameterSpace([Parameter("a", 1, 3, 2), Parameter("b", Fraction(1, 2), 2, 1)])
A, B = SPACE.symbols["a"], SPACE.symbols["b"]
# Row coordinates, Column anti-coordinates: one mixed equilibrium everywhere in SPACE, with
# q(Column plays left) = 1/(1 + a) and p(Row plays top) = 1/(1 + b).
PENNIES = NormalFormGame.from_arrays(
    [[[A, 0], [0, 1]], [[0, B], [1, 0]]],
    players=("Row", "Column"),
    strategies=(("top", "bottom"), ("left", "right")),
    outcomes=[["deal", "war"], ["war", "deal"]],
)


@pytest.fixture(scope="module")
def ceasefire():
    model = load_model("models/ceasefire.toml")
    return parametric_equilibria(model.game(), model.parameters)


def _point_quantities(game: NormalFormGame, values: dict) -> dict[str, Fraction]:
    """The quantities of the unique equilibrium at a point, by solving the game there."""
    (equilibrium,) = nash_equilibria(game.at(values))
    quantities = {}
    for i, player in enumerate(equilibrium.players):
        quantities[f"payoff {player}"] = Fraction(equilibrium.payoffs[i])
        for label, p in zip(equilibrium.strategy_labels[i], equilibrium.strategies[i], strict=True):
            quantities[f"{player}: {label}"] = Fraction(p)
    for outcome, p in equilibrium.outcome_probabilities:
        quantities[f"P({outcome})"] = Fraction(p)
    return quantities


def test_exact_derivatives_match_the_closed_form():
    result = sensitivity(parametric_equilibria(PENNIES, SPACE))
    assert result.method == "exact" and not result.on_boundary
    # P(deal) = p q + (1 - p)(1 - q) with p = 1/(1 + b), q = 1/(1 + a).
    p, q = 1 / (1 + B), 1 / (1 + A)
    deal = p * q + (1 - p) * (1 - q)
    at = {A: 2, B: 1}
    for symbol in (A, B):
        expected = sympy.diff(deal, symbol).subs(at)
        assert result.derivative("P(deal)", symbol.name) == Fraction(str(expected))
    elasticity = next(r for r in result.rows if r.quantity == "Row: top" and r.parameter == "b")
    assert elasticity.elasticity == Fraction(str((sympy.diff(p, B) * B / p).subs(at)))


def test_exact_derivatives_agree_with_difference_quotients_of_point_solves():
    """Independent: solve the game exactly at x +- h and difference the results."""
    result = sensitivity(parametric_equilibria(PENNIES, SPACE), at={"a": Fraction(3, 2)})
    h = Fraction(1, 10**6)
    base = {"a": Fraction(3, 2), "b": Fraction(1)}
    for name in ("a", "b"):
        up = _point_quantities(PENNIES, {**base, name: base[name] + h})
        down = _point_quantities(PENNIES, {**base, name: base[name] - h})
        for row in (r for r in result.rows if r.parameter == name):
            quotient = (up[row.quantity] - down[row.quantity]) / (2 * h)
            assert abs(quotient - row.derivative) < Fraction(1, 10**9)


def test_finite_differences_of_the_point_by_point_solver_match_the_exact_derivatives():
    exact = sensitivity(parametric_equilibria(PENNIES, SPACE))
    numeric = sensitivity(resolve_target(PENNIES, space=SPACE, method="points"))
    assert numeric.method == "finite difference" and not numeric.on_boundary
    for row in numeric.rows:
        expected = exact.derivative(row.quantity, row.parameter)
        assert row.derivative == pytest.approx(float(expected), abs=1e-7)


A_VALUES = st.integers(1, 99).map(lambda k: 1 + Fraction(2 * k, 100))
B_VALUES = st.integers(1, 99).map(lambda k: Fraction(1, 2) + Fraction(3 * k, 200))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(SPACE, strategies=(2, 2)), A_VALUES, B_VALUES)
def test_each_players_probabilities_move_in_sum_to_zero(game, a, b):
    _check_probabilities_sum_to_zero(game, a, b)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(SPACE, strategies=(2, 3)), A_VALUES, B_VALUES)
def test_each_players_probabilities_move_in_sum_to_zero_in_larger_games(game, a, b):
    _check_probabilities_sum_to_zero(game, a, b)


def _check_probabilities_sum_to_zero(game, a, b):
    result = sensitivity(parametric_equilibria(game, SPACE), at={"a": a, "b": b})
    for row_set in _strategy_rows_by_player(result):
        derivatives = [row.derivative for row in row_set if row.derivative is not None]
        if len(derivatives) == len(row_set):
            assert sum(derivatives) == 0


def _strategy_rows_by_player(result):
    groups: dict[tuple, list] = {}
    for row in result.rows:
        if row.quantity.startswith(("payoff ", "P(")):
            continue
        player = row.quantity.split(":")[0]
        groups.setdefault((row.equilibrium, player, row.parameter), []).append(row)
    return groups.values()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(SPACE, strategies=(2, 2)), A_VALUES, B_VALUES)
def test_exact_and_finite_difference_agree_where_the_equilibrium_is_unique(game, a, b):
    solution = parametric_equilibria(game, SPACE)
    exact = sensitivity(solution, at={"a": a, "b": b})
    numeric = sensitivity(solution, at={"a": a, "b": b}, method="finite-difference")
    assume(not exact.on_boundary and not numeric.on_boundary)
    assume(len({row.equilibrium for row in exact.rows}) == 1)
    for row in numeric.rows:
        expected = exact.derivative(row.quantity, row.parameter)
        assert row.derivative == pytest.approx(float(expected), rel=1e-5, abs=1e-6)


def test_a_boundary_point_gives_one_sided_derivatives():
    space = ParameterSpace([Parameter("L", 0, 1, Fraction(1, 2))])
    L = space.symbols["L"]
    half = sympy.Rational(1, 2)
    game = NormalFormGame.from_arrays(
        [[[1 - L, 0], [half, sympy.Rational(1, 4)]], [[1, 0], [0, L]]],
        strategies=(("truce", "fight"), ("truce", "fight")),
    )
    result = sensitivity(parametric_equilibria(game, space))  # L = 1/2: the tipping point
    assert result.boundary == ("L",)
    rows = {(r.equilibrium, r.quantity): r for r in result.rows}
    truce = rows[("Player 1: truce; Player 2: truce", "payoff Player 1")]
    assert (truce.left, truce.right, truce.derivative) == (-1, None, None)
    fight = rows[("Player 1: fight; Player 2: fight", "payoff Player 1")]
    assert (fight.left, fight.right, fight.derivative) == (0, 0, 0)
    numeric = sensitivity(parametric_equilibria(game, space), method="finite-difference")
    assert numeric.boundary == ("L",)
    assert all(row.derivative is None for row in numeric.rows)
    inside = sensitivity(parametric_equilibria(game, space), at={"L": Fraction(1, 4)})
    assert inside.boundary == ()
    with pytest.raises(ParameterError, match="does not exist"):
        result.derivative("payoff Player 1", "L", "Player 1: truce; Player 2: truce")


def test_ceasefire_baseline_derivatives_follow_the_payoff_formulas(ceasefire):
    result = sensitivity(ceasefire)
    assert result.boundary == ()
    talk = "Russia: condition; Ukraine: accept"
    # talk_and_fight: Russia gets L (1 - W/2) - 12 cR.
    assert result.derivative("payoff Russia", "L", talk) == Fraction(3, 4)
    assert result.derivative("payoff Russia", "W", talk) == Fraction(-7, 20)
    assert result.derivative("payoff Russia", "cR", talk) == -12
    row = next(
        r
        for r in result.rows
        if (r.equilibrium, r.quantity, r.parameter) == (talk, "payoff Russia", "L")
    )
    assert row.value == Fraction(81, 200)
    assert row.elasticity == Fraction(3, 4) * Fraction(7, 10) / Fraction(81, 200)
    assert result.derivative("P(talk_and_fight)", "G", talk) == 0


def test_ceasefire_guarantee_threshold_is_a_boundary(ceasefire):
    result = sensitivity(ceasefire, at={"G": Fraction(55, 183)})
    assert "G" in result.boundary
    sides = {
        (row.left is not None, row.right is not None) for row in result.rows if row.parameter == "G"
    }
    assert (True, False) in sides and (False, True) in sides


def test_table_has_one_row_per_derivative(ceasefire):
    result = sensitivity(ceasefire)
    table = result.table()
    assert len(table) == len(result.rows)
    assert set(table[0]) >= {"quantity", "parameter", "derivative", "elasticity"}


def test_bad_input_is_refused(ceasefire):
    with pytest.raises(ParameterError, match="unknown parameter 'Q'"):
        sensitivity(ceasefire, at={"Q": 1})
    with pytest.raises(ParameterError, match="outside its range"):
        sensitivity(ceasefire, at={"L": 2})
    with pytest.raises(ParameterError, match="unknown method"):
        sensitivity(ceasefire, method="symbolic")
    with pytest.raises(ParameterError, match="step"):
        sensitivity(ceasefire, method="finite-difference", step=0)
    with pytest.raises(ParameterError, match="step"):
        sensitivity(ceasefire, method="finite-difference", step=float("nan"))
    with pytest.raises(ParameterError, match="point by point"):
        sensitivity(resolve_target(PENNIES, space=SPACE, method="points"), method="exact")
    with pytest.raises(GameError):
        sensitivity("models/ceasefire.toml")


def test_a_game_tree_follows_its_payoff_formulas_exactly_and_by_finite_differences():
    # The sequential talks end, at the baseline, in talking while fighting: Russia gets
    # L (1 - W/2) - 12 cR there, so d/dL = 3/4 and d/dcR = -12.
    model = load_model("models/ceasefire_sequence.toml")
    for method in ("auto", "finite-difference"):
        result = sensitivity(model, method=method)
        assert result.boundary == ()
        for parameter, expected in (("L", 0.75), ("cR", -12)):
            rows = [
                row
                for row in result.rows
                if (row.quantity, row.parameter) == ("payoff Russia", parameter)
            ]
            assert rows
            for row in rows:
                assert row.derivative == pytest.approx(expected, abs=1e-8)


def test_irrational_payoffs_get_exact_derivatives_that_finite_differences_confirm():
    space = ParameterSpace([Parameter("a", 1, 4, 2)])
    a = space.symbols["a"]
    game = NormalFormGame.from_arrays(
        [[[sympy.sqrt(a), 0], [0, 1]], [[0, 1], [1, 0]]], players=("Row", "Column")
    )
    solution = parametric_equilibria(game, space)
    exact = sensitivity(solution)
    # Column plays its first strategy with probability 1 / (1 + sqrt(a)).
    expected = sympy.diff(1 / (1 + sympy.sqrt(a)), a).subs(a, 2)
    assert sympy.simplify(exact.derivative("Column: 1", "a") - expected) == 0
    numeric = sensitivity(solution, method="finite-difference")
    for row in numeric.rows:
        assert row.derivative == pytest.approx(
            float(exact.derivative(row.quantity, row.parameter)), abs=1e-9
        )

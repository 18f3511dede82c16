"""Parametric n-player games: mixed pieces in closed form, checked against the point solver;
incomplete solutions solved point by point, and saying so (issue 16, item 3)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, Parameter, ParameterSpace, nash_equilibria
from bargaining.algebraic import RealAlgebraic
from bargaining.analysis.parametric import parametric_equilibria
from bargaining.analysis.parametric_nplayer import POINT_BY_POINT, mixed_pieces
from bargaining.analysis.sensitivity import sensitivity
from bargaining.analysis.sign_intervals import nonnegative_set
from bargaining.analysis.sweep import sweep
from bargaining.analysis.sweep_result import SweepResult
from bargaining.analysis.target import resolve_target
from bargaining.budget import Budget, BudgetExceeded
from bargaining.cli.app import main
from bargaining.errors import GameError
from bargaining.model import load_model
from bargaining.report import build
from bargaining.solvers.verification import is_equilibrium

SPACE = ParameterSpace([Parameter("t", 0, 1, Fraction(1, 2))])
T = SPACE.symbols["t"]
generic_value = st.integers(1, 996).map(lambda k: Fraction(k, 997))


def quick(examples: int) -> settings:
    """A few examples each: every one solves games in symbols and at points."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def random_game(data, shape: tuple[int, ...], *, dominant_last: bool = False) -> NormalFormGame:
    """Payoffs ``a + b t`` with small integers; with ``dominant_last`` the last player's first
    strategy pays it 1 more than any other, whatever the others do."""
    players = len(shape)
    cells = [
        data.draw(st.integers(-3, 3)) + data.draw(st.integers(-2, 2)) * T
        for _ in range(int(np.prod(shape)) * players)
    ]
    payoffs = np.array(cells, dtype=object).reshape(*shape, players)
    if dominant_last:
        last = payoffs[..., players - 1]
        last[..., 1:] = last[..., :1] - 1
    return NormalFormGame(payoffs.tolist())


def exact(probability) -> Fraction | RealAlgebraic:
    return probability if isinstance(probability, RealAlgebraic) else Fraction(probability)


def exact_profile(strategies) -> tuple:
    return tuple(tuple(exact(p) for p in vector) for vector in strategies)


def exact_profiles(equilibria) -> set:
    """Profiles as exact numbers: irrational probabilities compare exactly across fields."""
    return {exact_profile(eq.strategies) for eq in equilibria}


def supports_of(profile) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(j for j, p in enumerate(vector) if p != 0) for vector in profile)


def check_pieces_at(game: NormalFormGame, solution, values: dict) -> None:
    """The pieces holding at a point are equilibria there, and every equilibrium the point
    solver finds on a support the pieces resolve is one of them."""
    pieces = dataclasses.replace(solution, complete=True).at(values)
    if any(eq.method != "parametric" for eq in pieces):
        return  # a boundary point: solved directly, nothing of the pieces to compare
    at_point = game.at(values)
    ours = exact_profiles(pieces)
    for profile in ours:
        assert is_equilibrium(at_point, profile)
    skipped = set(solution.unresolved)
    every = nash_equilibria(at_point)
    for equilibrium in every:
        if supports_of(equilibrium.strategies) in skipped or equilibrium.continuum:
            continue  # no closed form, or one point of a continuum: no piece describes it
        assert exact_profile(equilibrium.strategies) in ours
    if solution.complete:
        assert exact_profiles(solution.at(values)) == exact_profiles(every)


def test_matching_pennies_beside_a_third_player_is_complete_and_exact():
    u1 = [[[T + 1, 0], [0, 1]], [[0, 1], [1, 0]]]
    u2 = [[[0, 1], [1, 0]], [[1, 0], [0, 1]]]
    u3 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]]
    game = NormalFormGame.from_arrays([u1, u2, u3])
    solution = parametric_equilibria(game, SPACE)
    assert solution.complete and solution.note == ""
    (piece,) = solution.pieces
    assert piece.supports == ((0, 1), (0, 1), (0,))
    assert sympy.simplify(piece.strategies[1][0] - 1 / (T + 2)) == 0
    assert sympy.simplify(piece.payoffs[0] - (T + 1) / (T + 2)) == 0
    for value in (Fraction(1, 7), Fraction(5, 6)):
        (equilibrium,) = solution.at({"t": value})
        assert equilibrium.method == "parametric"
        assert exact_profiles([equilibrium]) == exact_profiles(
            nash_equilibria(game.at({"t": value}))
        )


@quick(4)
@given(st.data())
def test_pieces_of_random_three_player_games_agree_with_the_point_solver(data):
    shape = data.draw(st.sampled_from([(2, 2, 2), (3, 2, 2)]))
    game = random_game(data, shape)
    solution = parametric_equilibria(game, SPACE)
    assert solution.complete == (solution.note == "")
    check_pieces_at(game, solution, {"t": data.draw(generic_value)})


@quick(6)
@given(st.data())
def test_games_whose_supports_all_solve_are_complete_and_sweep_in_symbols(data):
    game = random_game(data, (2, 2, 2), dominant_last=True)
    solution = parametric_equilibria(game, SPACE)
    # The last player never mixes: only two players do, and their system is linear.
    assert all(len(piece.supports[2]) == 1 for piece in solution.pieces)
    check_pieces_at(game, solution, {"t": data.draw(generic_value)})
    if solution.complete:
        points = np.array([0.1, 0.35, 0.8])
        result = sweep(solution, {"t": points})
        assert result.method == "parametric" and result.note == ""
        solved = [len(nash_equilibria(game.at({"t": float(v)}))) for v in points]
        flagged = result.boundary
        assert [c for c, b in zip(result.count, flagged, strict=True) if not b] == [
            c for c, b in zip(solved, flagged, strict=True) if not b
        ]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_pieces_agree_with_the_point_solver_on_many_games(data):
    shape = data.draw(st.sampled_from([(2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 2, 2)]))
    game = random_game(data, shape, dominant_last=data.draw(st.booleans()))
    solution = parametric_equilibria(game, SPACE)
    for _ in range(3):
        check_pieces_at(game, solution, {"t": data.draw(generic_value)})


@quick(8)
@given(st.data())
def test_tipping_points_of_mixed_pieces_bracket_every_change_of_a_dense_scan(data):
    game = random_game(data, (2, 2, 2), dominant_last=True)
    solution = parametric_equilibria(game, SPACE)
    assume(solution.complete)  # a support with a continuum has no pieces to check
    values = [Fraction(k, 40) for k in range(1, 40)]
    found = [sorted(supports_of(p) for p in exact_profiles(solution.at({"t": v}))) for v in values]
    thresholds = [float(threshold.value) for threshold in solution.thresholds("t")]
    for k in range(len(values) - 1):
        if found[k] != found[k + 1]:
            low, high = float(values[k]), float(values[k + 1])
            assert any(low <= x <= high for x in thresholds), (low, high, thresholds)


def test_tipping_point_of_a_mixed_piece():
    # Players 1 and 2 coordinate only once t > 1/2 (below it, 2's first strategy dominates):
    # only then do they mix, player 1 with probability (2t - 1)/(2t) on its first strategy.
    u1 = [[[1, 0], [0, 0]], [[0, 0], [1, 0]]]
    u2 = [[[1, 0], [0, 0]], [[0, 0], [2 * T - 1, 0]]]
    u3 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]]
    game = NormalFormGame.from_arrays([u1, u2, u3])
    solution = parametric_equilibria(game, SPACE)
    assert solution.complete
    mixed = [p for p in solution.pieces if len(p.supports[0]) == 2]
    assert len(mixed) == 1 and solution.describe_conditions(mixed[0]) == ["t >= 1/2"]
    assert sympy.simplify(mixed[0].strategies[0][0] - (2 * T - 1) / (2 * T)) == 0
    assert [threshold.value for threshold in solution.thresholds("t")] == [sympy.Rational(1, 2)]
    for value in (Fraction(1, 4), Fraction(3, 4)):
        check_pieces_at(game, solution, {"t": value})


def fully_mixed_game() -> NormalFormGame:
    """A 2x2x2 game whose fully mixed support system has a curve of solutions: the first
    player mixes half and half, the others on a hyperbola (a continuum of equilibria)."""
    u1 = [[[T, 0], [0, 1]], [[0, 1], [1, 0]]]
    u2 = [[[0, 1], [1, 0]], [[1, 0], [0, 1]]]
    u3 = [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]
    return NormalFormGame.from_arrays([u1, u2, u3])


def test_a_support_without_a_closed_form_leaves_the_solution_incomplete_and_named():
    solution = parametric_equilibria(fully_mixed_game(), SPACE)
    assert not solution.complete
    assert "Player 1: 1+2, Player 2: 1+2, Player 3: 1+2" in solution.note
    at = {"t": Fraction(1, 3)}
    # .at solves the point: the fully mixed equilibria (a point of the continuum) are there too.
    every = nash_equilibria(fully_mixed_game().at(at))
    assert any(supports_of(eq.strategies) == ((0, 1),) * 3 for eq in every)
    assert exact_profiles(solution.at(at)) == exact_profiles(every)


def test_incomplete_solutions_are_swept_point_by_point_and_say_so(tmp_path):
    solution = parametric_equilibria(fully_mixed_game(), SPACE)
    result = sweep(solution, {"t": np.array([0.25, 0.75])})
    assert result.method == "points" and result.note.startswith(POINT_BY_POINT)
    assert list(result.count) == [
        len(nash_equilibria(fully_mixed_game().at({"t": v}))) for v in (0.25, 0.75)
    ]
    path = tmp_path / "sweep.npz"
    result.save(path)
    assert SweepResult.load(path).note == result.note
    streamed = sweep(solution, {"t": np.array([0.25])}, out=tmp_path / "streamed.npz")
    assert streamed.note == result.note
    with pytest.raises(GameError, match="not complete"):
        resolve_target(solution, method="parametric")
    assert sensitivity(solution, at={"t": 0.25}).method == "finite difference"


def test_the_us_model_pieces_agree_with_the_point_solver():
    model = load_model("models/ceasefire_us.toml")
    solution = parametric_equilibria(model.game(), model.parameters)
    # Ukraine is indifferent whenever Russia rejects: continua, so not complete.
    assert not solution.complete and "support profiles" in solution.note
    assert ((2,), (0, 1), (2,)) in solution.unresolved  # Russia: reject; US: stand aside
    target = resolve_target(solution)
    assert target.method == "points" and target.note.startswith(POINT_BY_POINT)
    for change in ({}, {"S": Fraction(3, 10), "L": Fraction(2, 5)}):
        check_pieces_at(model.game(), solution, {**model.parameters.baseline, **change})


MIXED_MODEL = """
[model]
name = "mix"
[players.A]
[players.B]
[players.C]
[parameters.t]
range = [0, 1]
baseline = 0.5
tags = ["leverage"]
[games.g]
type = "normal"
strategies = { A = ["x", "y"], B = ["x", "y"], C = ["x", "y"] }
payoffs = [[[["t", 0, 1], [0, 1, 0]], [[0, 1, 0], [1, 0, 1]]],
           [[[0, 1, 0], [1, 0, 1]], [[1, 0, 1], [0, 1, 0]]]]
"""


def test_the_cli_sweep_and_the_report_say_they_solved_point_by_point(tmp_path, capsys):
    model_file = tmp_path / "mix.toml"
    model_file.write_text(MIXED_MODEL, "utf-8")
    code = main(["sweep", str(model_file), "--no-progress", "--param", "t=0.2,0.7"])
    text = " ".join(capsys.readouterr().out.split())
    assert code == 0 and POINT_BY_POINT in text and "A: x+y, B: x+y, C: x+y" in text
    report = build(model_file, tmp_path / "out", formats=("md",), claim_examples=0, draws=10)
    markdown = " ".join((report.directory / "report.md").read_text("utf-8").split())
    assert f"sensitivities are {POINT_BY_POINT}" in markdown
    assert "keep their structure" not in markdown


def test_the_budget_bounds_the_support_systems():
    with pytest.raises(BudgetExceeded, match="n-player supports"):
        mixed_pieces(fully_mixed_game(), budget=Budget(seconds=0))


def test_payoffs_that_are_not_rational_leave_every_mixed_support_unresolved():
    u1 = [[[sympy.exp(T), 0], [0, 1]], [[0, 1], [1, 0]]]
    u2 = [[[0, 1], [1, 0]], [[1, 0], [0, 1]]]
    u3 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]]
    found = mixed_pieces(NormalFormGame.from_arrays([u1, u2, u3]))
    assert not found.complete and found.pieces == ()
    assert ((0, 1), (0, 1), (0,)) in found.unresolved


@quick(30)
@given(
    st.lists(st.integers(-4, 4), min_size=2, max_size=4),
    st.lists(st.integers(-4, 4), min_size=1, max_size=3),
    st.lists(generic_value, min_size=5, max_size=5),
)
def test_nonnegative_sets_hold_exactly_where_the_condition_does(top, bottom, points):
    numerator = sympy.Poly(top, T).as_expr() * (4 * T - 1)
    denominator = sympy.Poly(bottom, T).as_expr() + 5
    assume(denominator != 0)
    condition = numerator / denominator
    found = nonnegative_set(condition, T, 0, 1)
    for x in points:
        value = condition.subs(T, x)
        if value != 0:
            assert bool(found.contains(x)) == bool(value > 0), (condition, x)

"""``to_pandas()`` on every tabular result (issue 19 item 3): one row per item, named columns,
exact values kept exact, and a clear error naming the optional extra when pandas is absent."""

from __future__ import annotations

import sys
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import bargaining
from bargaining import NormalFormGame, grid
from bargaining.display import ResultList
from tests.test_displays import BATTLE, CHICKEN, THREAT, model, solution

pandas = pytest.importorskip("pandas")


def test_equilibria_have_one_row_each_with_exact_probabilities():
    equilibria = bargaining.nash_equilibria(BATTLE)
    frame = equilibria.to_pandas()
    assert list(frame.index) == list(range(len(equilibria)))
    mixed = next(eq for eq in equilibria if not eq.is_pure)
    row = frame.iloc[equilibria.index(mixed)]
    assert row["Row: opera"] == Fraction(2, 3) and row["Column: fight"] == Fraction(2, 3)
    assert row["payoff: Row"] == mixed.payoffs[0]
    assert row["P(date)"] == mixed.probability("date")
    assert set(frame["method"]) == {"vertex enumeration"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=12, max_size=12))
def test_every_equilibrium_row_is_a_probability_profile(values):
    game = NormalFormGame.from_arrays([[values[0:3], values[3:6]], [values[6:9], values[9:12]]])
    equilibria = bargaining.nash_equilibria(game)
    frame = equilibria.to_pandas()
    assert len(frame) == len(equilibria) >= 1
    for (_, row), eq in zip(frame.iterrows(), equilibria, strict=True):
        for i, player in enumerate(game.players):
            columns = [f"{player}: {label}" for label in game.strategies[i]]
            assert sum(row[columns]) == 1  # exact: Fractions sum to exactly one
            assert row[f"payoff: {player}"] == eq.payoffs[i]


def test_pieces_have_one_row_each_with_formulas_and_conditions():
    solved = solution()
    frame = solved.to_pandas()
    assert len(frame) == len(solved.pieces)
    players, labels = solved.game.players, solved.strategy_labels
    for index, piece in enumerate(solved.pieces):
        row = frame.iloc[index]
        assert row["piece"] == index
        for i, player in enumerate(players):
            for j, label in enumerate(labels[i]):
                assert sympy.simplify(row[f"{player}: {label}"] - piece.strategies[i][j]) == 0
        assert row["conditions"] == (" and ".join(solved.describe_conditions(piece)) or "always")


def test_thresholds_and_regions_tables_hold_the_exact_values():
    solved = solution()
    lever = model().parameters.names[0]
    thresholds = solved.thresholds(lever)
    frame = thresholds.to_pandas()
    assert list(frame["value"]) == [t.value for t in thresholds]
    assert list(frame["parameter"]) == [lever] * len(thresholds)
    regions = solved.regions([lever])
    table = regions.to_pandas()
    assert len(table) == len(regions) == len(thresholds) + 1
    assert list(table["low"])[1:] == list(frame["value"])  # regions meet at the thresholds
    assert sum(table["share"]) == pytest.approx(1)


def test_analysis_tables_match_their_rows():
    solved, crisis = solution(), model()
    outcome = next(iter(crisis.outcomes))
    for result in (
        bargaining.sensitivity(solved),
        bargaining.tornado(solved, outcome),
        bargaining.sobol(solved, outcome, n=32, seed=2),
        bargaining.monte_carlo(solved, 32, seed=2),
    ):
        frame = result.to_pandas()
        assert frame.to_dict("records") == result.table(), type(result).__name__
    summary = bargaining.monte_carlo(solved, 32, seed=2).to_pandas()
    assert list(summary["outcome"]) == list(crisis.outcomes)


def test_correlated_equilibrium_distribution_sums_to_one():
    correlated = bargaining.correlated_equilibria(CHICKEN)
    frame = correlated.to_pandas()
    assert list(frame.columns) == [*CHICKEN.players, "probability"]
    assert sum(frame["probability"]) == 1
    assert len(frame) == len(correlated.distribution)


def test_paths_and_selection_tables():
    path = bargaining.qre_path(BATTLE)
    frame = path.to_pandas()
    assert len(frame) == len(path) and frame["lam"].iloc[0] == path.lambdas[0]
    assert (frame[["Row: opera", "Row: fight"]].sum(axis=1) - 1).abs().max() < 1e-9
    learning = bargaining.fictitious_play(BATTLE, iterations=20, seed=3).to_pandas()
    assert len(learning) == 20 and "Column: fight" in learning
    selection = bargaining.equilibrium_selection(BATTLE).to_pandas()
    assert len(selection) == len(bargaining.nash_equilibria(BATTLE)) and "perfect" in selection
    spe = bargaining.subgame_perfect(THREAT).to_pandas()
    assert list(spe.columns) == ["root", "root/keep", "payoff: A", "payoff: B"] and len(spe) == 1
    points = bargaining.logit_qre(BATTLE, 2.0)
    assert isinstance(points, ResultList) and len(points.to_pandas()) == len(points)


def test_sweep_table_unchanged():
    result = bargaining.sweep(model(), grid(v=[2, 5, 9]))
    assert len(result.to_pandas()) == len(result) == 3


def test_without_pandas_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    for result in (
        bargaining.nash_equilibria(BATTLE),
        solution(),
        bargaining.sweep(model(), grid(v=[2])),
    ):
        with pytest.raises(ImportError, match=r"bargaining\[pandas\]"):
            result.to_pandas()


def test_mediator_bounds_table():
    t = sympy.Symbol("t")
    game = bargaining.NormalFormGame.from_arrays(
        [[[6, 2], [t, 0]], [[6, t], [2, 0]]], outcomes=[["peace", "war"], ["war", "crash"]]
    )
    bounds = bargaining.mediator_bounds(game, {"t": [7, 12, 7.5]})
    frame = bounds.to_pandas()
    assert len(frame) == len(bounds) == 3
    assert list(frame["max P(peace)"].round(6)) == [0.5, 0.142857, 0.4]
    assert (frame["min P(peace)"] <= frame["max P(peace)"]).all()
    assert {"min payoff Player 1", "max payoff Player 2"} <= set(frame.columns)

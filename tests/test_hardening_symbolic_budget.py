"""Symbolic solving in sympy's fields (payoffs with sqrt or exp of the parameters) stops at the
time budget: one basis of a 3x3 game there took minutes between two budget checks, so solve,
sweep and report overran a budget of seconds by minutes instead of falling back to points."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import sympy

from bargaining import NormalFormGame, Parameter, ParameterSpace, load_model, sweep
from bargaining.analysis.parametric_nash import parametric_nash
from bargaining.budget import Budget, BudgetExceeded, SymbolicFallbackWarning
from bargaining.solvers import nash_equilibria

# Loose on purpose: the point is that the work stops (it ran for minutes), not how fast.
SLACK = 20.0

PAYOFFS = {  # outcome -> (A's payoff, B's payoff)
    "o11": ("sqrt(L)*2 - W", "exp(-k)"),
    "o12": ("1 - L", "sqrt(W) + k"),
    "o13": ("exp(-k) - L", "W*L"),
    "o21": ("W", "1 - sqrt(L)"),
    "o22": ("sqrt(W)*L", "exp(-k)*W"),
    "o23": ("k - 1", "sqrt(L) - W"),
    "o31": ("exp(-k)*L", "1 - W"),
    "o32": ("sqrt(L + W)", "L"),
    "o33": ("1/2", "exp(-2*k) + L"),
}


@pytest.fixture
def slow_model(tmp_path: Path) -> Path:
    lines = ['[model]\nname = "radicals"\n[players.A]\n[players.B]\n']
    for name, high in (("L", 1), ("W", 1), ("k", 2)):
        lines.append(f"[parameters.{name}]\nrange = [0, {high}]\nbaseline = {high / 2}\n")
    for name, (a, b) in PAYOFFS.items():
        lines.append(f'[outcomes.{name}]\npayoffs = {{ A = "{a}", B = "{b}" }}\n')
    lines.append('[games.g]\ntype = "normal"\nplayers = ["A", "B"]\n')
    lines.append('strategies = { A = ["a1", "a2", "a3"], B = ["b1", "b2", "b3"] }\n')
    lines.append(
        'outcomes = [["o11", "o12", "o13"], ["o21", "o22", "o23"], ["o31", "o32", "o33"]]\n'
    )
    path = tmp_path / "radicals.toml"
    path.write_text("".join(lines))
    return path


def test_symbolic_solving_in_sympy_stops_at_the_budget(slow_model):
    model = load_model(slow_model)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match=r"time budget of 1 s.*BARGAINING_BUDGET"):
        parametric_nash(model.games["g"], model.parameters, budget=Budget(seconds=1))
    assert time.monotonic() - started < 1 + SLACK


def test_a_sweep_falls_back_to_points_with_a_warning(slow_model, monkeypatch):
    monkeypatch.setenv("BARGAINING_BUDGET", "seconds=1")
    model = load_model(slow_model)
    points = {"L": np.array([0.2, 0.7]), "k": np.array([0.5, 1.5])}
    started = time.monotonic()
    with pytest.warns(SymbolicFallbackWarning, match="solving point by point instead"):
        result = sweep(model, points)
    assert time.monotonic() - started < 1 + SLACK
    assert result.method == "points"
    for index in range(2):
        values = {"L": points["L"][index], "W": 0.5, "k": points["k"][index]}
        assert result.count[index] == len(nash_equilibria(model.games["g"], at=values))


@pytest.mark.parametrize("where", ["forked", "fresh", "here"])
def test_the_sympy_enumeration_gives_the_same_equilibria_in_a_worker_or_here(where, monkeypatch):
    monkeypatch.setattr("bargaining.solvers.stoppable.can_fork", lambda: where == "forked")
    fresh = where == "fresh"
    monkeypatch.setattr("bargaining.solvers.stoppable._fresh_allowed", lambda: fresh)
    L, k = sympy.symbols("L k", positive=True)
    game = NormalFormGame.from_arrays(
        [[[sympy.exp(k), 0], [0, sympy.sqrt(L)]], [[1, sympy.exp(-k)], [L, 2]]]
    )
    space = ParameterSpace([Parameter("L", 0, 1, 0.5), Parameter("k", 0, 2, 1)])
    solution = parametric_nash(game, space, budget=Budget(seconds=600))
    for values in ({"L": 0.3, "k": 0.4}, {"L": 0.9, "k": 1.7}):
        found = solution.at(values)
        expected = nash_equilibria(game, at=values)
        assert len(found) == len(expected) >= 1
        assert sorted(float(e.strategies[0][0]) for e in found) == pytest.approx(
            sorted(float(e.strategies[0][0]) for e in expected)
        )


def test_a_report_analyses_the_game_point_by_point_with_a_note(slow_model, monkeypatch):
    from bargaining.report.analysis import analyse_model

    monkeypatch.setenv("BARGAINING_BUDGET", "seconds=1")
    model = load_model(slow_model)
    started = time.monotonic()
    with pytest.warns(SymbolicFallbackWarning, match="solving point by point instead"):
        (analysis,) = analyse_model(model, draws=10, claim_examples=1).games
    assert time.monotonic() - started < 1 + SLACK
    assert not analysis.solution.complete and analysis.solution.pieces == ()
    assert "time budget of 1 s" in analysis.solution.note
    baseline = {p.name: p.baseline for p in model.parameters}
    assert len(analysis.baseline) == len(nash_equilibria(model.games["g"], at=baseline))

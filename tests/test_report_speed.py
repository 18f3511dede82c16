"""A report computes each expensive result once: a solution's tipping points per lever and
slice, its conditions' factors, and only the mediator's slopes it shows.

That the whole report stays byte-identical is checked by ``benchmarks/bench_report.py`` (its
digest, before and after) and by the slow ``tests/test_report_docs.py``.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from bargaining.analysis import parametric_equilibria
from bargaining.analysis import solution as solution_module
from bargaining.analysis.thresholds import find_thresholds
from bargaining.model import loads_model
from bargaining.report.analysis import analyse_model
from bargaining.solvers.mediator_slopes import mediator_slopes

# Payoffs found in no other test, so that no cache of another test's run answers for this one.
MODEL = """
[model]
name = "report-speed"
[players.A]
[players.B]
[parameters.L]
range = [0, 1]
baseline = 0.5
tags = ["leverage"]
[parameters.W]
range = [0.1, 1]
baseline = 0.5
tags = ["leverage"]
[outcomes.deal]
payoffs = { A = "3/7", B = "W" }
[outcomes.war]
payoffs = { A = "L - 2/11", B = "1/3" }
[outcomes.standoff]
payoffs = { A = "1/5", B = "W/2" }
[games.talks]
type = "normal"
players = ["A", "B"]
strategies = { A = ["talk", "fight"], B = ["talk", "hold"] }
outcomes = [["deal", "standoff"], ["war", "war"]]
[[claims]]
name = "weak leverage: a deal"
given = "L <= 0.3"
expect = "prob('deal') == 1"
"""


TIPPING_L = ["21/55", "47/77"]


def counting_find(monkeypatch) -> list[tuple]:
    """Make ``ParametricSolution.thresholds`` record each search it runs."""
    searches: list[tuple] = []

    def find(solution, parameter, at=None):
        searches.append((parameter, tuple(sorted(dict(at or {}).items()))))
        return find_thresholds(solution, parameter, at)

    monkeypatch.setattr(solution_module, "find_thresholds", find)
    return searches


@pytest.fixture
def fresh():
    """The model's solution with nothing remembered yet (a copy of the cached one)."""
    model = loads_model(MODEL, "report-speed.toml")
    return dataclasses.replace(parametric_equilibria(model.game(), model.parameters))


def test_a_lever_is_searched_once_per_slice(fresh, monkeypatch):
    searches = counting_find(monkeypatch)
    first = fresh.thresholds("L")
    assert [str(t.value) for t in first] == TIPPING_L
    # The same slice: again, L's own value given, and the baseline of another given as a float
    # or as the fraction it prints as.
    again = [
        fresh.thresholds("L"),
        fresh.thresholds("L", at={"L": Fraction(1, 10)}),
        fresh.thresholds("L", at={"W": 0.5}),
        fresh.thresholds("L", at={"W": Fraction(1, 2)}),
    ]
    assert len(searches) == 1
    assert all(found == first for found in again)
    # Each call gets its own list: changing one leaves what the solution remembers alone.
    first.clear()
    assert [str(t.value) for t in fresh.thresholds("L")] == TIPPING_L
    assert len(searches) == 1


def test_another_slice_or_lever_is_searched_anew(fresh, monkeypatch):
    searches = counting_find(monkeypatch)
    fresh.thresholds("L")
    fresh.thresholds("L", at={"W": 0.9})
    fresh.thresholds("W")
    assert [search[0] for search in searches] == ["L", "L", "W"]
    assert fresh.thresholds("L", at={"W": 0.9}) == find_thresholds(fresh, "L", {"W": 0.9})
    assert len(searches) == 3


def test_remembered_thresholds_are_those_searched_afresh(fresh):
    for name in fresh.space.names:
        searched = find_thresholds(fresh, name)
        assert fresh.thresholds(name) == searched  # searched by the solution
        assert fresh.thresholds(name) == searched  # remembered


def test_bad_arguments_are_refused_as_before(fresh):
    from bargaining.errors import ParameterError

    with pytest.raises(ParameterError, match="unknown parameter 'X'"):
        fresh.thresholds("X")
    with pytest.raises(ParameterError, match="outside its range"):
        fresh.thresholds("L", at={"L": 7})


def test_conditions_are_factored_once_per_solution(fresh, monkeypatch):
    factored = []
    real = solution_module.numerator_factors

    def factors(expression):
        factored.append(expression)
        return real(expression)

    monkeypatch.setattr(solution_module, "numerator_factors", factors)
    for name in fresh.space.names:
        fresh.thresholds(name)
    assert factored, "the formulas of the tipping points read no condition"
    assert len(factored) == len(set(factored))


def test_one_report_analysis_searches_each_lever_once(monkeypatch):
    searches = counting_find(monkeypatch)
    model = loads_model(MODEL, "report-speed.toml")
    asked: list[str] = []
    thresholds = solution_module.ParametricSolution.thresholds

    def asking(self, parameter, at=None):
        asked.append(parameter)
        return thresholds(self, parameter, at)

    monkeypatch.setattr(solution_module.ParametricSolution, "thresholds", asking)
    analysis = analyse_model(model, claim_examples=0, draws=20)
    (game,) = analysis.games
    assert game.levers == ("L", "W")
    assert any(game.thresholds[lever] for lever in game.levers)
    # The tables ask for each lever, and so does the claim search (both sides of each tipping
    # point); the search runs once.
    assert sorted(asked) == ["L", "L", "W", "W"]
    assert sorted(search[0] for search in searches) == ["L", "W"]
    assert [result.passed for result in analysis.claims] == [True]


def test_slopes_of_the_highest_bound_alone_are_those_of_both():
    model = loads_model(MODEL, "report-speed.toml")
    game, space = model.game(), model.parameters
    both, _ = mediator_slopes(game, space, space.baseline, levers=["L"])
    highest, _ = mediator_slopes(game, space, space.baseline, levers=["L"], lowest=False)
    assert highest == [row for row in both if row["equilibrium"] == "mediator's highest"]
    assert len(highest) < len(both)

"""Square-root pieces: a piece's conditions are real only where its radicand ``R`` is >= 0, and
``ParametricSolution.active`` reads ``R`` from the piece's square roots, not from the position
of ``R >= 0`` among its conditions; points within rounding of ``R = 0`` (where numpy's square
roots give NaN on one side) are boundaries, whose counts and extremes a sweep takes from the
point solver."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
import sympy

from bargaining import Parameter, ParameterSpace
from bargaining.analysis.parametric import parametric_equilibria
from bargaining.analysis.sweep import sweep
from tests.test_parametric_radical_pieces import PLANE, S, T, root_game, same_as_point_solver

GAME = root_game(T - S / 2)  # the fully mixed branches' radicand is R = 1 - 2t + s
RADICAND = 1 - 2 * T + S


@pytest.fixture(scope="module")
def solution():
    return parametric_equilibria(GAME, PLANE)


def moved(solution, how):
    """The solution with each square-root piece's conditions rearranged by ``how``."""
    pieces = tuple(
        dataclasses.replace(piece, conditions=how(piece.conditions))
        if RADICAND in piece.conditions
        else piece
        for piece in solution.pieces
    )
    return dataclasses.replace(solution, pieces=pieces)


@pytest.mark.parametrize(
    "how",
    [
        lambda conditions: conditions[::-1],  # R >= 0 last
        lambda conditions: tuple(c for c in conditions if c != RADICAND),  # dropped
    ],
    ids=["radicand-last", "radicand-dropped"],
)
def test_active_reads_the_radicand_wherever_its_condition_is(solution, how):
    assert sum(RADICAND in piece.conditions for piece in solution.pieces) == 2
    rearranged = moved(solution, how)
    for t, s in [(Fraction(1, 3), Fraction(1, 5)), (Fraction(9, 10), Fraction(1, 10))]:
        assert rearranged.active({"t": t, "s": s}) == solution.active({"t": t, "s": s})
        same_as_point_solver(GAME, rearranged, {"t": t, "s": s})  # R > 0, then R < 0
    assert rearranged.active({"t": Fraction(3, 5), "s": Fraction(1, 5)}) is None  # R = 0


def same_values(first, second, index) -> None:
    assert first.count[index] == second.count[index]
    for ours, theirs in [
        (first.outcome_min, second.outcome_min),
        (first.outcome_max, second.outcome_max),
        (first.payoff_min, second.payoff_min),
        (first.payoff_max, second.payoff_max),
    ]:
        for name in theirs:
            np.testing.assert_array_equal(ours[name][index], theirs[name][index])


NEAR = (-1e-12, -1e-16, 0.0, 1e-16, 1e-12)


def test_points_within_rounding_of_the_radicands_zero_are_solved_at_points(solution):
    t = np.array([0.6 + delta for delta in NEAR])
    s = np.full(len(t), 0.2)
    assert np.all(np.abs(1 - 2 * t + s) <= 3e-12)
    evaluation = solution.evaluate({"t": t, "s": s})
    assert evaluation.boundary.all()
    swept = sweep(solution, {"t": t, "s": s})
    assert swept.method == "parametric" and swept.boundary.all()
    pointwise = sweep(solution, {"t": t, "s": s}, method="points")
    for index in range(len(t)):
        same_values(swept, pointwise, index)
    assert swept.count[-1] == 1  # R < 0: only the pure equilibrium, no NaN branch counted


def test_a_radicand_dropped_as_true_on_the_box_still_flags_its_zero():
    space = ParameterSpace([Parameter("t", 0, Fraction(1, 2), Fraction(1, 4))])
    t = space.symbols["t"]
    game = root_game(t)  # R = 1 - 2t >= 0 on the box, zero at its end t = 1/2
    solution = parametric_equilibria(game, space)
    assert not any(sympy.sqrt(1 - 2 * t) in piece.conditions for piece in solution.pieces)
    points = np.array([0.5 - 1e-12, 0.5 - 1e-16, 0.5])
    swept = sweep(solution, {"t": points})
    pointwise = sweep(solution, {"t": points}, method="points")
    assert swept.boundary.all()
    for index in range(len(points)):
        same_values(swept, pointwise, index)

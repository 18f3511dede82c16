"""The compiled evaluation (bargaining.analysis.kernel) gives what evaluating each formula on its
own gives (tests/reference_evaluate.py): on random games and points, on exact boundaries, across
chunks and threads, and it agrees with the exact solution at points."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, ParameterError, load_model, parametric_equilibria
from bargaining.analysis import kernel as kernel_module
from bargaining.analysis.kernel import compile_kernel
from bargaining.params import Parameter, ParameterSpace
from bargaining.testing.strategies import symbolic_games
from tests.reference_evaluate import reference_evaluate

MODELS = Path(__file__).resolve().parent.parent / "models"
FIELDS = ("outcome_min", "outcome_max", "payoff_min", "payoff_max")
SPACE = ParameterSpace([Parameter("L", 0, 1, 0.5), Parameter("W", 0, 1, 0.5)])
SPACE_L = ParameterSpace([Parameter("L", 0, 1, 0.5)])


def assert_same(fast, reference) -> None:
    np.testing.assert_array_equal(fast.valid, reference.valid)
    np.testing.assert_array_equal(fast.boundary, reference.boundary)
    np.testing.assert_array_equal(fast.count, reference.count)
    for field in FIELDS:
        got, want = getattr(fast, field), getattr(reference, field)
        assert got.keys() == want.keys()
        for key in want:
            np.testing.assert_allclose(got[key], want[key], rtol=1e-12, atol=1e-12)


def random_points(seed: int, size: int) -> dict[str, np.ndarray]:
    """Random points, and points on a grid of quarters, where conditions with small integer
    coefficients are exactly zero (boundaries)."""
    rng = np.random.default_rng(seed)
    quarters = np.linspace(0, 1, 5)
    grid_l, grid_w = (axis.ravel() for axis in np.meshgrid(quarters, quarters))
    return {
        "L": np.concatenate([rng.random(size), grid_l]),
        "W": np.concatenate([rng.random(size), grid_w]),
    }


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(SPACE, strategies=(2, 3)), st.integers(0, 2**16))
def test_evaluate_equals_the_reference_on_random_games(game, seed):
    solution = parametric_equilibria(game, SPACE)
    points = random_points(seed, 200)
    assert_same(solution.evaluate(points), reference_evaluate(solution, points))


@pytest.mark.parametrize(
    ("path", "game"),
    [("ceasefire.toml", "talks"), ("ceasefire_sequence.toml", None), ("chicken.toml", None)],
)
def test_evaluate_equals_the_reference_on_the_bundled_models(path, game):
    model = load_model(MODELS / path)
    solution = parametric_equilibria(model.game(game), model.parameters)
    points = model.parameters.sample(3000, seed=11)
    assert_same(solution.evaluate(points), reference_evaluate(solution, points))


def test_chunks_and_threads_give_the_same_arrays(monkeypatch):
    model = load_model(MODELS / "ceasefire.toml")
    solution = parametric_equilibria(model.game("talks"), model.parameters)
    points = model.parameters.sample(5000, seed=2)
    whole = solution.evaluate(points)
    monkeypatch.setattr(kernel_module, "CHUNK", 333)  # many chunks, a short last one
    for threads in ("1", "2", "3", "auto"):
        monkeypatch.setenv(kernel_module.THREADS_VARIABLE, threads)
        assert_same(
            compile_kernel(solution).evaluate(
                [np.asarray(points[name]) for name in model.parameters.names], 5000, 1e-9
            ),
            whole,
        )


def test_exact_boundaries_are_flagged():
    space = ParameterSpace([Parameter("L", 0, 1, sympy.Rational(7, 10))])
    L = space.symbols["L"]
    game_arrays = [
        [[1 - L, 0], [sympy.Rational(1, 2), sympy.Rational(1, 4)]],
        [[1, 0], [0, L]],
    ]
    solution = parametric_equilibria(NormalFormGame.from_arrays(game_arrays), space)
    # L = 1/2 is where the pieces change; L = 3/4 would be a tie (1 - L = 1/4) as well.
    points = {"L": np.array([0.25, 0.5, 0.875])}
    fast = solution.evaluate(points)
    assert fast.boundary.tolist() == [False, True, False]
    assert_same(fast, reference_evaluate(solution, points))
    assert fast.count[0] == len(solution.at({"L": sympy.Rational(1, 4)}))
    assert fast.count[2] == len(solution.at({"L": sympy.Rational(7, 8)}))


def test_evaluate_agrees_with_the_exact_solution_at_points():
    model = load_model(MODELS / "ceasefire.toml")
    solution = parametric_equilibria(model.game("talks"), model.parameters)
    points = model.parameters.sample(25, seed=4)
    evaluation = solution.evaluate(points)
    for index in np.flatnonzero(~evaluation.boundary)[:10]:
        exact = solution.at({name: float(values[index]) for name, values in points.items()})
        assert evaluation.count[index] == len(exact)
        war = [float(dict(eq.outcome_probabilities)["war"]) for eq in exact]
        assert evaluation.outcome_max["war"][index] == pytest.approx(max(war))
        assert evaluation.outcome_min["war"][index] == pytest.approx(min(war))


def test_a_solution_without_pieces_evaluates_to_no_equilibria():
    # Three players, matching pennies for the first two and the third in between: no pure
    # equilibrium anywhere. Its mixed equilibria are pieces too, so they are dropped here to
    # leave a solution with no piece at all.
    L = sympy.Symbol("L", positive=True)
    payoffs = np.empty((2, 2, 2, 3), dtype=object)
    for a, b, c in np.ndindex(2, 2, 2):
        payoffs[a, b, c] = (1 if a == b else -1, 1 if a != b else -1, L * int(a == c))
    solved = parametric_equilibria(NormalFormGame(payoffs), SPACE_L)
    assert all(len(piece.supports[0]) == 2 for piece in solved.pieces)  # no pure piece
    solution = dataclasses.replace(solved, pieces=(), ties=())
    evaluation = solution.evaluate({"L": np.linspace(0, 1, 9)})
    assert evaluation.count.tolist() == [0] * 9
    assert np.isnan(evaluation.payoff_max[solution.game.players[0]]).all()
    assert_same(evaluation, reference_evaluate(solution, {"L": np.linspace(0, 1, 9)}))


def test_a_mixed_piece_meeting_a_pure_one_at_a_single_boundary_point_is_counted_once():
    # At L = 1/4, W = 0 the mixed piece's strategies are those of the pure equilibrium
    # ((0, 0, 1), (0, 1)). With that point alone on a boundary, every piece's strategies had
    # one column and the mixed piece was taken for a constant one, so it was counted twice.
    L, W = SPACE.symbols["L"], SPACE.symbols["W"]
    rows = [
        [3 * L + 2 * W - 3, -L + 2 * W + 4],
        [2 * L - 2 * W + 4, 2 * L + 1],
        [-3, 3 * L - 3 * W + 3],
    ]
    columns = [[0, -3 * L - 4], [0, -5], [-L - 1, 3 * L - 2]]
    solution = parametric_equilibria(NormalFormGame.from_arrays([rows, columns]), SPACE)
    exact = solution.at({"L": sympy.Rational(1, 4), "W": 0})
    for points in ({"L": [0.25], "W": [0.0]}, {"L": [0.25, 0.6], "W": [0.0, 0.3]}):
        evaluation = solution.evaluate(points)
        assert evaluation.boundary[0]
        assert evaluation.count[0] == len(exact) == 2
        assert_same(evaluation, reference_evaluate(solution, points))


@pytest.mark.parametrize("setting", ["two", "0", "-1", "1.5"])
def test_a_bad_thread_setting_is_refused_by_name(monkeypatch, setting):
    monkeypatch.setenv(kernel_module.THREADS_VARIABLE, setting)
    with pytest.raises(ParameterError, match="BARGAINING_THREADS: expected a positive number"):
        kernel_module.evaluation_threads()


def test_the_command_line_names_a_bad_thread_setting(tmp_path):
    environment = {**os.environ, kernel_module.THREADS_VARIABLE: "many"}
    out = tmp_path / "sweep.npz"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bargaining",
            "sweep",
            str(MODELS / "chicken.toml"),
            "--sample",
            "100",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "BARGAINING_THREADS" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()

"""sweep, grid and SweepResult: answers checked against point solves, chunking, files, bad input."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bargaining import (
    BargainingError,
    ParameterError,
    SweepResult,
    grid,
    load_model,
    nash_equilibria,
    sweep,
)
from bargaining.analysis.sweep_result import SweepFileError
from bargaining.analysis.target import Target, resolve_target
from bargaining.testing.strategies import symbolic_games

MODELS = Path(__file__).resolve().parent.parent / "models"
FIELDS = ("outcome_min", "outcome_max", "payoff_min", "payoff_max")


@pytest.fixture(scope="module")
def model():
    return load_model(MODELS / "ceasefire.toml")


@pytest.fixture(scope="module")
def target(model):
    return resolve_target(model)


def assert_identical(first: SweepResult, second: SweepResult) -> None:
    """The same arrays bit for bit, the same regions in the same order."""
    assert len(first) == len(second)
    for name in ("count", "boundary", "region"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    for field in FIELDS:
        ours, theirs = getattr(first, field), getattr(second, field)
        assert list(ours) == list(theirs)
        for key in ours:
            np.testing.assert_array_equal(ours[key], theirs[key])
    assert first.regions == second.regions
    np.testing.assert_array_equal(first.region_counts, second.region_counts)
    assert dict(first.outcome_possible) == dict(second.outcome_possible)


# -- answers ------------------------------------------------------------------------------------


def test_sweep_agrees_with_exact_point_solves(model, target):
    points = model.parameters.sample(400, seed=5)
    result = sweep(target, points, chunk_size=97)
    game = model.game()
    checked = 0
    for index in range(0, 400, 20):
        if result.boundary[index]:
            continue
        at = {name: Fraction(float(values[index])) for name, values in points.items()}
        equilibria = nash_equilibria(game, at=at)
        assert result.count[index] == len(equilibria)
        for name in target.outcomes:
            probabilities = [float(eq.probability(name)) for eq in equilibria]
            assert result.outcome_min[name][index] == pytest.approx(min(probabilities), abs=1e-9)
            assert result.outcome_max[name][index] == pytest.approx(max(probabilities), abs=1e-9)
        for player_index, player in enumerate(target.players):
            payoffs = [float(eq.payoffs[player_index]) for eq in equilibria]
            assert result.payoff_min[player][index] == pytest.approx(min(payoffs), abs=1e-9)
            assert result.payoff_max[player][index] == pytest.approx(max(payoffs), abs=1e-9)
        checked += 1
    assert checked >= 15


def test_point_by_point_sweep_agrees_with_the_parametric_one_inside_regions(target):
    points = grid(L=np.linspace(0, 1, 9), W=[0.1, 0.5, 0.9], G=[0.1, 0.9])
    fast = sweep(target, points)
    slow = sweep(target, points, method="points")
    assert (fast.method, slow.method) == ("parametric", "points")
    inside = ~fast.boundary
    assert inside.sum() >= 40
    np.testing.assert_array_equal(fast.count[inside], slow.count[inside])
    for field in FIELDS:
        for key, values in getattr(fast, field).items():
            np.testing.assert_allclose(values[inside], getattr(slow, field)[key][inside], atol=1e-9)
    fast_regions = [fast.regions[i] for i in fast.region[inside]]
    slow_regions = [slow.regions[i] for i in slow.region[inside]]
    assert fast_regions == slow_regions


def test_grid_and_the_same_points_as_arrays_give_identical_results(model, target):
    axes = {"L": np.linspace(0, 1, 23), "W": np.linspace(0, 1, 7), "k": [0.2, 0.9]}
    lazy = sweep(target, grid(**axes), chunk_size=50)
    materialised = sweep(target, model.parameters.grid(**axes), chunk_size=1000)
    assert_identical(lazy, materialised)
    assert lazy.axes.keys() == set(axes) and not lazy.points
    np.testing.assert_array_equal(lazy.values("W"), materialised.values("W"))
    assert lazy.fixed["G"] == pytest.approx(0.2)


def test_summaries_count_what_the_arrays_say(model, target):
    result = sweep(target, model.parameters.sample(3000, seed=9), chunk_size=512)
    assert result.region_counts.sum() == len(result)
    np.testing.assert_array_equal(
        result.region_counts, np.bincount(result.region, minlength=len(result.regions))
    )
    for name, count in result.outcome_possible.items():
        assert count == int(np.count_nonzero(result.outcome_max[name] > 1e-9))
    assert sum(result.region_shares().values()) == pytest.approx(1.0)
    assert len(set(result.regions)) == len(result.regions)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    game=symbolic_games(["L", "W"], strategies=(1, 3)),
    size=st.integers(1, 120),
    chunk=st.integers(1, 50),
    seed=st.integers(0, 2**16),
)
def test_chunking_changes_nothing(game, size, chunk, seed):
    assume(game.parameters)  # a game without parameters has nothing to sweep
    target = resolve_target(game)
    points = target.space.sample(size, seed=seed)
    whole = target.evaluate(points)
    result = sweep(target, points, chunk_size=chunk)
    np.testing.assert_array_equal(result.count, whole.count)
    for field in FIELDS:
        for key, values in getattr(whole, field).items():
            np.testing.assert_array_equal(getattr(result, field)[key], values)
    # The same region (by the equilibria's supports) at every point, whatever the chunking.
    single = sweep(target, points, chunk_size=size)
    assert [result.regions[i] for i in result.region] == [single.regions[i] for i in single.region]


def test_parametric_sweep_at_a_range_end_matches_point_solves(model, target):
    # At W = 0 Ukraine ties between accepting and resisting Russia's conditions: the game is
    # degenerate there, with an equilibrium no piece describes, so the point is solved directly.
    at = model.parameters.validate({"L": Fraction(1, 4), "W": 0, "G": Fraction(1, 10)})
    result = sweep(target, {name: [float(value)] for name, value in at.items()})
    assert result.count[0] == len(nash_equilibria(model.game(), at=at))


def test_tree_sweeps_point_by_point():
    model = load_model(MODELS / "ceasefire_sequence.toml")
    result = sweep(model, grid(L=[0.2, 0.5, 0.8], W=[0.0, 1.0]), method="points")
    assert result.method == "points" and len(result) == 6
    assert (result.count >= 1).all()


# -- files and frames --------------------------------------------------------------------------


def test_save_and_load_round_trip(target, tmp_path):
    result = sweep(target, grid(L=np.linspace(0, 1, 11), W=[0.0, 1.0]))
    path = result.save(tmp_path / "r.npz")
    assert_identical(SweepResult.load(path), result)
    mapped = SweepResult.load(path, mmap=True)
    assert isinstance(mapped.count, np.memmap)
    assert_identical(mapped, result)
    assert mapped.axes.keys() == result.axes.keys() and mapped.fixed == result.fixed
    assert (mapped.game, mapped.method) == (result.game, result.method)


def test_out_streams_to_a_file_equal_to_the_in_memory_result(model, target, tmp_path):
    points = model.parameters.sample(2000, seed=2)
    in_memory = sweep(target, points, chunk_size=300)
    streamed = sweep(target, points, chunk_size=300, out=tmp_path / "s.npz")
    assert isinstance(streamed.count, np.memmap)
    assert_identical(streamed, in_memory)
    for name, values in points.items():
        np.testing.assert_array_equal(streamed.values(name), values)
    assert sorted(os.listdir(tmp_path)) == ["s.npz"]  # no temporary files left


def test_a_failed_sweep_leaves_an_existing_file_untouched(target, tmp_path, monkeypatch):
    path = tmp_path / "r.npz"
    path.write_bytes(b"previous result")
    calls = []

    def failing(self, points, **options):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return original(self, points, **options)

    original = Target.evaluate
    monkeypatch.setattr(Target, "evaluate", failing)
    with pytest.raises(RuntimeError, match="worker lost"):
        sweep(target, grid(L=np.linspace(0, 1, 50)), chunk_size=10, out=path)
    assert path.read_bytes() == b"previous result"
    assert sorted(os.listdir(tmp_path)) == ["r.npz"]


def test_load_refuses_other_files(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, x=np.arange(3))
    with pytest.raises(SweepFileError, match="no 'meta' member"):
        SweepResult.load(path)
    (tmp_path / "text.npz").write_text("not a zip")
    with pytest.raises(SweepFileError, match="not a sweep result file"):
        SweepResult.load(tmp_path / "text.npz")


def test_to_pandas_has_a_row_per_point_and_named_columns(target):
    result = sweep(target, grid(L=[0.1, 0.9], W=[0.0, 0.5, 1.0]))
    frame = result.to_pandas()
    assert len(frame) == 6
    assert {"L", "W", "count", "boundary", "region", "outcome_max:ceasefire"} <= set(frame)
    assert frame["region"].tolist() == [result.regions[i] for i in result.region]
    np.testing.assert_array_equal(frame["payoff_min:Russia"], result.payoff_min["Russia"])


def test_progress_bar_does_not_change_the_answer(target):
    points = grid(L=np.linspace(0, 1, 30))
    assert_identical(sweep(target, points, progress=True, chunk_size=7), sweep(target, points))


# -- bad input ---------------------------------------------------------------------------------


def test_out_of_range_names_parameter_value_and_range_unless_clipped(target):
    with pytest.raises(ParameterError, match=r"'L'.*1\.2.*\[0\.0, 1\.0\].*clip=True"):
        sweep(target, grid(L=[0.5, 1.2]))
    with pytest.raises(ParameterError, match=r"'cR'.*0\.5.*\[0\.0, 0\.05\]"):
        sweep(target, {"cR": [0.01, 0.5]})
    clipped = sweep(target, grid(L=[-1.0, 0.5, 1.2]), clip=True)
    assert_identical(clipped, sweep(target, grid(L=[0.0, 0.5, 1.0])))
    assert clipped.axes["L"].tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize(
    ("make_points", "message"),
    [
        (lambda: grid(Q=[0.5]), "unknown parameter 'Q'"),
        (lambda: {"Q": [0.5]}, "unknown parameter 'Q'"),
        (lambda: grid(), "at least one axis"),
        (lambda: grid(L=[]), "is empty"),
        (lambda: grid(L=[[0.5]]), "1-D"),
        (lambda: grid(L=[0.5, float("nan")]), "non-finite"),
        (lambda: grid(L=["high"]), "must be numbers"),
        (lambda: {"L": [0.5, float("inf")]}, "non-finite"),
        (lambda: {"L": []}, "no points"),
        (lambda: {}, "no parameters to sweep"),
        (lambda: [0.5, 0.6], "must map parameter names"),
    ],
)
def test_bad_points_are_refused_with_a_clear_error(target, make_points, message):
    with pytest.raises(ParameterError, match=message):
        sweep(target, make_points())


def test_a_sample_of_zero_points_is_refused(model, target):
    with pytest.raises(ParameterError, match="sample size must be a positive integer, got 0"):
        model.parameters.sample(0, seed=1)


@pytest.mark.parametrize("chunk_size", [0, -5, 2.5, True])
def test_bad_chunk_sizes_are_refused(target, chunk_size):
    with pytest.raises(ParameterError, match="chunk_size must be a positive integer"):
        sweep(target, grid(L=[0.5]), chunk_size=chunk_size)


def test_out_must_be_an_npz_in_an_existing_folder(target, tmp_path):
    with pytest.raises(BargainingError, match=r"saved as \.npz"):
        sweep(target, grid(L=[0.5]), out=tmp_path / "r.csv")
    with pytest.raises(BargainingError, match="no folder"):
        sweep(target, grid(L=[0.5]), out=tmp_path / "missing" / "r.npz")


def test_unknown_parameter_in_values_lists_the_sweeps_parameters(target):
    result = sweep(target, grid(L=[0.5]))
    with pytest.raises(BargainingError, match="unknown parameter 'Q'; the sweep has: L, W"):
        result.values("Q")


def test_models_without_a_normal_form_or_tree_game_are_refused():
    model = load_model(MODELS / "rearm_truce.toml")
    with pytest.raises(BargainingError, match="normal-form games and game trees"):
        sweep(model, model.parameters.sample(3, seed=1))


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(st.integers(1, 6), min_size=1, max_size=3),
    bounds=st.tuples(st.integers(0, 250), st.integers(0, 250)),
)
def test_grid_chunks_are_slices_of_the_full_cartesian_product(shape, bounds):
    names = ["L", "W", "G"][: len(shape)]
    axes = {name: np.linspace(0, 1, n) for name, n in zip(names, shape, strict=True)}
    lazy = grid(**axes)
    mesh = np.meshgrid(*axes.values(), indexing="ij")
    start, stop = min(bounds), max(bounds)
    chunk = lazy.chunk(start, stop)
    for name, column in zip(names, mesh, strict=True):
        np.testing.assert_array_equal(chunk[name], column.ravel()[start:stop])
        np.testing.assert_array_equal(lazy[name], column.ravel())
    assert lazy.size == mesh[0].size

"""The same sweep serially, on a process pool and on a Dask cluster gives identical arrays."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from bargaining import ParameterError, grid, load_model, sweep
from bargaining.analysis.target import Target, resolve_target

MODELS = Path(__file__).resolve().parent.parent / "models"


@pytest.fixture(scope="module")
def model():
    return load_model(MODELS / "ceasefire.toml")


@pytest.fixture(scope="module")
def target(model):
    return resolve_target(model)


@pytest.fixture(scope="module")
def points(model):
    return model.parameters.sample(5000, seed=42)


@pytest.fixture(scope="module")
def serial(target, points):
    return sweep(target, points, chunk_size=700)


def assert_identical(first, second) -> None:
    for name in ("count", "boundary", "region", "region_counts"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max"):
        ours, theirs = getattr(first, field), getattr(second, field)
        assert list(ours) == list(theirs)
        for key in ours:
            np.testing.assert_array_equal(ours[key], theirs[key])
    assert first.regions == second.regions
    assert dict(first.outcome_possible) == dict(second.outcome_possible)


def test_process_pool_gives_the_serial_arrays(target, points, serial):
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert_identical(sweep(target, points, chunk_size=700, executor=pool), serial)
        # Few pending chunks at a time: results still come back in order.
        assert_identical(
            sweep(target, points, chunk_size=700, executor=pool, max_pending=1), serial
        )


def test_process_pool_builds_grid_chunks_in_the_workers(model, target):
    points = grid(L=np.linspace(0, 1, 41), W=np.linspace(0, 1, 11), g=[0.0, 0.25, 0.5])
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = sweep(target, points, chunk_size=256, executor=pool)
    assert_identical(parallel, sweep(target, points, chunk_size=5000))


def test_point_by_point_sweeps_run_on_a_pool_too(target):
    points = grid(L=np.linspace(0.05, 0.95, 7), W=[0.25, 0.75])
    with ThreadPoolExecutor(max_workers=2) as pool:
        threaded = sweep(target, points, method="points", chunk_size=3, executor=pool)
    assert_identical(threaded, sweep(target, points, method="points", chunk_size=3))


def test_streamed_output_from_a_pool_equals_the_serial_result(target, points, serial, tmp_path):
    with ProcessPoolExecutor(max_workers=2) as pool:
        streamed = sweep(target, points, chunk_size=700, executor=pool, out=tmp_path / "r.npz")
    assert_identical(streamed, serial)


def test_bad_max_pending_is_refused(target, points):
    with ThreadPoolExecutor(max_workers=1) as pool, pytest.raises(ParameterError, match="max_p"):
        sweep(target, points, executor=pool, max_pending=0)


def test_dask_cluster_gives_the_serial_arrays(target, points, serial):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = sweep(target, points, chunk_size=700, executor=client.get_executor())
    assert_identical(result, serial)


def test_a_failing_chunk_on_a_pool_raises_and_leaves_no_file(target, points, tmp_path, monkeypatch):
    calls = []
    original = Target.evaluate

    def failing(self, chunk, *, clip=False):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("chunk failed")
        if len(calls) > 3:
            # Chunks after the failure are slow, so the race between the worker running them
            # and the sweep cancelling them is decided by cancellation, not by the load.
            time.sleep(0.05)
        return original(self, chunk, clip=clip)

    monkeypatch.setattr(Target, "evaluate", failing)
    out = tmp_path / "r.npz"
    with ThreadPoolExecutor(max_workers=1) as pool, pytest.raises(RuntimeError, match="chunk"):
        sweep(target, points, chunk_size=100, executor=pool, max_pending=40, out=out)
    assert list(tmp_path.iterdir()) == []
    # 40 chunks were queued when one failed; without cancelling them, all 40 would have run
    # before the pool closed.
    assert len(calls) < 40

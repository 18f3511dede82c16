"""Regions in the compiled evaluation (bargaining.analysis.kernel_regions): every point's region
code names exactly the pieces that hold there, regions are numbered as first met whatever the
chunks and threads, and the tables give the counts and extremes the pieces give, for any number
of pieces (the lookup table, the sorted path past LOOKUP_PIECES, packed bytes past 64)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bargaining import load_model, parametric_equilibria
from bargaining.analysis import kernel as kernel_module
from bargaining.analysis import kernel_regions
from bargaining.analysis.kernel import compile_kernel, first_seen_numbering
from bargaining.analysis.kernel_regions import QuantityRows, RegionTables, piece_signatures

MODELS = Path(__file__).resolve().parent.parent / "models"


def assert_regions_name_the_valid_pieces(evaluation) -> None:
    members = [tuple(np.flatnonzero(column)) for column in evaluation.valid.T]
    assert [evaluation.regions[code] for code in evaluation.region] == members
    assert len(set(evaluation.regions)) == len(evaluation.regions)
    first = [int(np.argmax(evaluation.region == code)) for code in range(len(evaluation.regions))]
    assert first == sorted(first)  # numbered as first met


@pytest.fixture(scope="module")
def ceasefire():
    model = load_model(MODELS / "ceasefire.toml")
    solution = parametric_equilibria(model.game("talks"), model.parameters)
    return model, solution


def test_each_region_code_names_the_pieces_that_hold(ceasefire):
    model, solution = ceasefire
    evaluation = solution.evaluate(model.parameters.sample(20_000, seed=5))
    assert len(evaluation.regions) > 3
    assert_regions_name_the_valid_pieces(evaluation)


def test_chunks_and_threads_number_the_regions_alike(ceasefire, monkeypatch):
    model, solution = ceasefire
    points = model.parameters.sample(5000, seed=8)
    whole = solution.evaluate(points)
    arguments = [np.asarray(points[name]) for name in model.parameters.names]
    monkeypatch.setattr(kernel_module, "CHUNK", 250)
    for threads in ("1", "2"):
        monkeypatch.setenv(kernel_module.THREADS_VARIABLE, threads)
        chunked = compile_kernel(solution).evaluate(arguments, 5000, 1e-9)
        np.testing.assert_array_equal(chunked.region, whole.region)
        assert chunked.regions == whole.regions


def test_a_sweep_writes_into_its_own_arrays(ceasefire, monkeypatch):
    model, solution = ceasefire
    points = model.parameters.sample(3000, seed=3)
    given = {"count": np.full(3000, -1, dtype=np.int64), "outcome_max/war": np.full(3000, 7.0)}
    values = solution.evaluate(points, into=given)
    assert values.count is given["count"] and values.outcome_max["war"] is given["outcome_max/war"]
    fresh = solution.evaluate(points)
    np.testing.assert_array_equal(given["count"], fresh.count)
    np.testing.assert_array_equal(given["outcome_max/war"], fresh.outcome_max["war"])
    # An array of the wrong type or length is not used.
    other = solution.evaluate(points, into={"count": np.zeros(3000, dtype=np.int32)})
    assert other.count.dtype == np.int64


@settings(max_examples=40, deadline=None)
@given(arrays(bool, st.tuples(st.integers(0, 70), st.integers(0, 40))))
def test_signatures_are_equal_exactly_where_the_pieces_are(valid):
    signatures = piece_signatures(valid)
    assert signatures.shape == (valid.shape[1],)
    columns = [valid[:, i].tobytes() for i in range(valid.shape[1])]
    for i in range(len(columns)):
        for j in range(len(columns)):
            assert (signatures[i] == signatures[j]) == (columns[i] == columns[j])
    if 0 < valid.shape[0] <= 64:
        weights = 1 << np.arange(valid.shape[0], dtype=np.uint64)
        bits = (valid.astype(np.uint64) * weights[:, None]).sum(axis=0, dtype=np.uint64)
        np.testing.assert_array_equal(signatures.astype(np.uint64), bits)


@pytest.mark.parametrize("pieces", [3, kernel_regions.LOOKUP_PIECES + 5, 70])
def test_region_tables_for_any_number_of_pieces(pieces):
    rng = np.random.default_rng(pieces)
    # Rows 0..2 hold constants 0, 1 and NaN; each piece's outcome is 0 or 1, its payoff a
    # variable row 3 or 4.
    constants = {0: 0.0, 1: 1.0, 2: float("nan")}
    outcome = tuple(int(r) for r in rng.integers(0, 2, pieces))
    payoff = tuple(int(r) for r in rng.integers(3, 5, pieces))
    quantities = [QuantityRows("outcome", "o", outcome), QuantityRows("payoff", "p", payoff)]
    regions = RegionTables(pieces, quantities, constants, [(0, 1)], undefined_row=2)
    valid = rng.random((pieces, 300)) < 2 / pieces
    valid[:, :5] = False  # some points where no piece holds
    codes = np.empty(300, dtype=np.intp)
    size, count, (constant, variable) = regions.codes(piece_signatures(valid), codes)
    members = [tuple(np.flatnonzero(column)) for column in valid.T]
    assert [regions.members[c] for c in codes] == members
    for point, held in enumerate(members):
        code = codes[point]
        assert size[code] == len(held)
        assert count[code] == len(held) - (0 in held and 1 in held)
        values = [float(outcome[i]) for i in held]
        low, high = constant[0][code], constant[1][code]
        if held:
            assert (low, high) == (min(values), max(values))
            assert set(variable[:, code]) == {payoff[i] for i in held}
        else:
            assert np.isnan(low) and np.isnan(high) and set(variable[:, code]) == {2}


def test_first_seen_numbering():
    renumbered, old = first_seen_numbering(np.array([1, 1, 0, 2, 0]), 3)
    assert (renumbered.tolist(), old.tolist()) == ([0, 0, 1, 2, 1], [1, 0, 2])

"""``bargaining sweep``: the saved result equals the API's, the summary, and usage errors."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest

from bargaining import SweepResult, grid, load_model, sweep
from bargaining.cli.app import main
from bargaining.cli.sweep import parse_axis

MODEL = str(Path(__file__).resolve().parent.parent / "models" / "ceasefire.toml")


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(["sweep", MODEL, "--no-progress", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_saved_grid_equals_the_api_result(capsys, tmp_path):
    out = tmp_path / "r.npz"
    code, text, _ = run(capsys, "--param", "L=0:1:21", "--param", "W=0,1/2,1", "--out", str(out))
    assert code == 0
    saved = SweepResult.load(out)
    expected = sweep(load_model(MODEL), grid(L=np.linspace(0, 1, 21), W=[0, 0.5, 1]))
    np.testing.assert_array_equal(saved.count, expected.count)
    np.testing.assert_array_equal(saved.outcome_max["ceasefire"], expected.outcome_max["ceasefire"])
    assert saved.regions == expected.regions
    assert "63 points" in text and "saved to" in text
    share = expected.outcome_possible["ceasefire"] / 63
    assert f"{share:.1%}" in text


def test_summary_lists_each_regions_share(capsys):
    code, text, _ = run(capsys, "--param", "L=0.1,0.9")
    assert code == 0
    assert "Regions" in text and "50.0%" in text
    assert "Russia: accept" in text


def test_sample_with_workers_matches_the_serial_sample(capsys, tmp_path):
    serial, parallel = tmp_path / "s.npz", tmp_path / "p.npz"
    # Point by point, so that neither run waits for the symbolic solve.
    arguments = ("--sample", "300", "--seed", "4", "--method", "points", "--chunk-size", "64")
    assert run(capsys, *arguments, "--out", str(serial))[0] == 0
    assert run(capsys, *arguments, "--workers", "2", "--out", str(parallel))[0] == 0
    first, second = SweepResult.load(serial), SweepResult.load(parallel)
    np.testing.assert_array_equal(first.count, second.count)
    np.testing.assert_array_equal(first.points["L"], second.points["L"])


def test_clip_is_needed_for_values_outside_the_range(capsys):
    code, _, error = run(capsys, "--param", "L=0:1.5:4")
    assert code == 2
    assert "'L'" in error and "1.5" in error and "clip" in error
    assert run(capsys, "--param", "L=0:1.5:4", "--clip")[0] == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((), "nothing to sweep"),
        (("--param", "Q=0:1:3"), "unknown parameter 'Q'"),
        (("--param", "L=0:1:3", "--param", "L=0.5"), "given more than once"),
        (("--param", "L=0.5", "--sample", "10"), "not both"),
        (("--sample", "0"), "--sample: expected a whole number of at least 1"),
        (
            ("--param", "L=0.5", "--workers", "0"),
            "--workers: expected a whole number of at least 1",
        ),
        (("--param", "L=0.5", "--game", "chat"), "unknown game 'chat'"),
        (("--param", "L=0.5", "--out", "r.csv"), ".npz"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, arguments, message):
    code, _, error = run(capsys, *arguments)
    assert code == 2
    assert message in error


@pytest.mark.parametrize(
    "text", ["L", "L=", "L=0:1", "L=0:1:x", "L=0:1:0", "L=a,b", "L=__import__('os')", "1L=0"]
)
def test_malformed_axes_are_usage_errors(capsys, text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_axis(text)
    code, _, error = run(capsys, "--param", text)
    assert code == 2 and "--param" in error


def test_axes_are_read_exactly_and_evenly_spaced():
    name, axis = parse_axis("W = 1/4:3/4:3")
    assert name == "W" and axis.values().tolist() == [0.25, 0.5, 0.75]


def test_method_points_never_solves_in_symbols(capsys, tmp_path, monkeypatch):
    # The command resolves the target with --method, then sweeps it: the sweep must keep
    # that choice, not resolve the target again with method "auto" (a symbolic solve).
    from bargaining.analysis import target as target_module

    def solve(*args, **kwargs):
        raise AssertionError("--method points solved the game in symbols")

    monkeypatch.setattr(target_module, "parametric_equilibria", solve)
    out = tmp_path / "points.npz"
    code, _, _ = run(capsys, "--param", "L=0.1,0.9", "--method", "points", "--out", str(out))
    assert code == 0
    assert SweepResult.load(out).method == "points"

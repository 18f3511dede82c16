"""Issue 13, budgets before work: counts given on the command line or in files are checked
against documented limits before anything is allocated, and nonsense is a usage error (exit 2)
that names the limit and how to raise it, never an internal error (exit 1)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from bargaining import grid, load_model, sweep
from bargaining.cli.app import main
from bargaining.limits import LimitError, usable_cores
from bargaining.model import ModelError

ROOT = Path(__file__).resolve().parent.parent
CHICKEN = str(ROOT / "models" / "chicken.toml")


def cli(capsys, *arguments: str) -> tuple[int, str]:
    code = main(list(arguments))
    return code, capsys.readouterr().err


def many_parameters(tmp_path: Path, count: int) -> Path:
    lines = ['[model]\nname = "big"\n[players.A]\n[players.B]\n']
    lines += [f"[parameters.p{i}]\nrange = [0, 1]\nbaseline = 0.5\n" for i in range(count)]
    lines.append('[outcomes.x]\npayoffs = { A = "p0", B = "1" }\n')
    lines.append('[games.g]\ntype = "normal"\nplayers = ["A", "B"]\n')
    lines.append('strategies = { A = ["a"], B = ["b"] }\noutcomes = [["x"]]\n')
    path = tmp_path / "big.toml"
    path.write_text("".join(lines))
    return path


def test_workers_are_capped_at_the_cores_and_the_chunks(capsys, monkeypatch):
    started = []

    class Recorder:
        def __init__(self, workers):
            started.append(workers)

        def __enter__(self):
            return None

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr("bargaining.cli.sweep.ProcessPoolExecutor", Recorder)
    code, error = cli(
        capsys, "sweep", CHICKEN, "--no-progress", "--param", "c=2:100:5", "--workers", "20000"
    )
    assert code == 0
    assert "--workers 20000 capped at 1" in error and "1 chunk" in error
    assert started == []  # one worker: this process, no pool at all
    code, error = cli(
        capsys, "sweep", CHICKEN, "--no-progress", "--param", "c=2:100:2000", "--chunk-size",
        "100", "--workers", "20000", "--method", "points",
    )  # fmt: skip
    expected = min(usable_cores(), 20)  # 2000 points in 20 chunks
    assert code == 0 and started == ([expected] if expected > 1 else [])


@pytest.mark.parametrize("workers", ["0", "-3", "two"])
def test_nonsense_worker_counts_are_usage_errors(capsys, workers):
    code, error = cli(capsys, "sweep", CHICKEN, "--param", "c=2:100:5", "--workers", workers)
    assert code == 2 and "--workers" in error


def test_a_billion_point_axis_is_refused_while_parsing_without_allocating(capsys):
    tracemalloc.start()
    try:
        code, error = cli(capsys, "sweep", CHICKEN, "--param", "c=2:100:1000000000")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and "BARGAINING_MAX_POINTS" in error and "1,000,000,000 points" in error
    assert peak < 50_000_000


def test_a_grid_is_counted_as_the_product_of_its_axes(capsys):
    code, error = cli(
        capsys, "sweep", CHICKEN, "--param", "c=2:100:100000", "--param", "c2=0:1:100000"
    )
    assert code == 2 and "100000 x 100000" in error and "BARGAINING_MAX_POINTS" in error


def test_the_limit_can_be_raised_or_lowered_by_its_variable(capsys, monkeypatch):
    monkeypatch.setenv("BARGAINING_MAX_POINTS", "4")
    code, error = cli(capsys, "sweep", CHICKEN, "--no-progress", "--param", "c=2:100:5")
    assert code == 2 and "limit of 4" in error
    monkeypatch.setenv("BARGAINING_MAX_POINTS", "5")
    assert cli(capsys, "sweep", CHICKEN, "--no-progress", "--param", "c=2:100:5")[0] == 0
    monkeypatch.setenv("BARGAINING_MAX_POINTS", "lots")
    code, error = cli(capsys, "sweep", CHICKEN, "--no-progress", "--param", "c=2:100:5")
    assert code == 2 and "BARGAINING_MAX_POINTS='lots'" in error


def test_the_sweep_function_checks_a_grid_before_solving():
    axis = np.linspace(2, 100, 100_000)
    with pytest.raises(LimitError, match="BARGAINING_MAX_POINTS"):
        sweep(load_model(CHICKEN), grid(c=axis, c2=axis))


@pytest.mark.parametrize(
    ("arguments", "variable"),
    [
        (["sweep", CHICKEN, "--sample", "100000000000"], "BARGAINING_MAX_SAMPLES"),
        (["sensitivity", CHICKEN, "--samples", "100000000000"], "BARGAINING_MAX_SAMPLES"),
        (["sensitivity", CHICKEN, "--sobol-n", "1099511627776"], "BARGAINING_MAX_SAMPLES"),
        (["sensitivity", CHICKEN, "--sobol-n", "4194304"], "BARGAINING_MAX_SAMPLES"),
        (["report", CHICKEN, "--draws", "100000000000"], "BARGAINING_MAX_SAMPLES"),
        (["report", CHICKEN, "--claim-examples", "100000000"], "BARGAINING_MAX_EXAMPLES"),
        (["check", CHICKEN, "--examples", "100000000"], "BARGAINING_MAX_EXAMPLES"),
    ],
)
def test_huge_counts_are_refused_naming_the_limit(capsys, arguments, variable):
    code, error = cli(capsys, *arguments)
    assert code == 2 and variable in error and "internal error" not in error


@pytest.mark.parametrize(
    "arguments",
    [
        ["sweep", CHICKEN, "--sample", "10", "--seed", "-1"],
        ["sensitivity", CHICKEN, "--seed", "-1"],
        ["report", CHICKEN, "--seed", "-1"],
        ["check", CHICKEN, "--seed", "-1"],
        ["sensitivity", CHICKEN, "--samples", "0"],
        ["sensitivity", CHICKEN, "--share", "nan"],
        ["report", CHICKEN, "--draws", "0"],
        ["check", CHICKEN, "--examples", "-5"],
        ["sweep", CHICKEN, "--param", "c=2:100:5", "--chunk-size", "0"],
    ],
)
def test_nonsense_seeds_and_counts_are_usage_errors(capsys, arguments):
    code, error = cli(capsys, *arguments)
    assert code == 2 and "error: argument" in error and "internal error" not in error


def test_a_model_with_2000_parameters_is_refused_before_it_is_read(tmp_path, capsys):
    path = many_parameters(tmp_path, 2000)
    with pytest.raises(ModelError, match=r"2,000 parameters .* BARGAINING_MAX_PARAMETERS"):
        load_model(path)
    code, error = cli(capsys, "show", str(path))
    assert code == 2 and "BARGAINING_MAX_PARAMETERS" in error


def test_the_parameter_limit_can_be_raised(tmp_path, monkeypatch):
    path = many_parameters(tmp_path, 12)
    monkeypatch.setenv("BARGAINING_MAX_PARAMETERS", "11")
    with pytest.raises(ModelError, match="limit of 11"):
        load_model(path)
    monkeypatch.setenv("BARGAINING_MAX_PARAMETERS", "12")
    assert len(load_model(path).parameters) == 12

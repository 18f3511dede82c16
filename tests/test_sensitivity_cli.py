"""``bargaining sensitivity``: the four tables, the options, and errors before any output."""

from __future__ import annotations

import argparse
import io
from fractions import Fraction

import pytest

from bargaining import ParameterError, load_model
from bargaining.analysis.sensitivity import sensitivity
from bargaining.analysis.target import resolve_target
from bargaining.cli import sensitivity as command
from bargaining.cli.console import make_console
from bargaining.errors import GameError

CEASEFIRE = "models/ceasefire.toml"
FAST = ["--samples", "2000", "--sobol-n", "256"]


@pytest.fixture(scope="module", autouse=True)
def solved_once():
    """The command solves the game in symbols on every run (2 s); the tests share one solve."""
    target = resolve_target(load_model(CEASEFIRE))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(command, "resolve_target", lambda pair, **options: target)
        yield target


def run(*arguments: str) -> str:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["sensitivity", *arguments])
    output = io.StringIO()
    assert args.run(args, make_console(output)) == 0
    return output.getvalue()


def test_prints_the_four_measures_at_the_baseline():
    text = run(CEASEFIRE, *FAST)
    assert "(baselines)" in text
    for title in (
        "Derivatives and elasticities (exact)",
        "Tornado: P(ceasefire)",
        "Monte Carlo: 2000 draws",
        "Sobol indices of ceasefire (2560 evaluations",
    ):
        assert title in text  # fmt: skip
    # Russia's talk-and-fight payoff L (1 - W/2) - 12 cR: d/dL = 3/4, elasticity 35/27.
    assert "3/4" in text and "35/27" in text
    assert "derivatives equal to 0 not shown" in text


def test_every_nonzero_derivative_is_listed(solved_once):
    text = run(CEASEFIRE, *FAST)
    moving = [row for row in sensitivity(solved_once).rows if row.derivative not in (None, 0)]
    assert moving
    for row in moving:
        assert any(
            row.quantity in line and f" {row.parameter} " in line for line in text.splitlines()
        )


def test_at_a_tipping_point_the_boundary_and_one_sided_derivatives_are_shown():
    text = run(CEASEFIRE, "--at", "G=55/183", "--outcome", "war", *FAST)
    assert "On a region boundary along" in text and "G" in text
    assert "left " in text and "right " in text
    assert "Tornado: P(war)" in text


def test_the_seed_makes_the_output_reproducible_and_all_rows_lists_zeros():
    first = run(CEASEFIRE, "--seed", "3", *FAST)
    assert first == run(CEASEFIRE, "--seed", "3", *FAST)
    assert first != run(CEASEFIRE, "--seed", "4", *FAST)
    assert "not shown" not in run(CEASEFIRE, "--all-rows", *FAST)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (["--outcome", "peace"], GameError, "unknown outcome 'peace'"),
        (["--sobol-n", "1000"], ParameterError, "power of two"),
        (["--at", "Z=1"], ParameterError, "unknown parameter 'Z'"),
        (["--at", "L=2"], ParameterError, "outside its range"),
    ],
)
def test_bad_options_fail_before_any_output(arguments, error, message):
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["sensitivity", CEASEFIRE, *FAST, *arguments])
    output = io.StringIO()
    with pytest.raises(error, match=message):
        args.run(args, make_console(output))
    assert output.getvalue() == ""


def test_at_values_are_exact():
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["sensitivity", CEASEFIRE, "--at", "L=0.8"])
    assert args.assignments == [("L", Fraction(4, 5))]

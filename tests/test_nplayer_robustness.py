"""n-player support enumeration: the exact pruning it relies on for speed, degenerate games it
must settle, and how an incomplete result reaches the command line."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame
from bargaining.cli.app import main
from bargaining.cli.incomplete import run_noting_incomplete
from bargaining.solvers._inputs import integer_payoffs
from bargaining.solvers.box_exclusion import has_no_equilibrium
from bargaining.solvers.nash import IncompleteResultWarning
from bargaining.solvers.polynomial_systems import real_solutions
from bargaining.solvers.support_enumeration import support_enumeration, support_profiles
from bargaining.solvers.support_systems import equilibria_among, indifference_system
from bargaining.solvers.verification import is_equilibrium

MODELS = Path(__file__).resolve().parents[1] / "models"


def game_of(payoffs: np.ndarray) -> NormalFormGame:
    return NormalFormGame.from_arrays([payoffs[..., k] for k in range(payoffs.shape[-1])])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([(2, 2, 2), (3, 2, 2), (2, 2, 2, 2)]),
    st.integers(0, 2**32 - 1),
    st.integers(2, 4),
)
def test_box_exclusion_never_drops_a_support_with_an_equilibrium(shape, seed, rounds):
    # Payoffs in a small range, so that ties and degenerate supports are common.
    table = np.random.default_rng(seed).integers(-3, 4, size=(*shape, len(shape)))
    game = game_of(table)
    payoffs = integer_payoffs(game)
    excluded = 0
    for supports in support_profiles(game.shape):
        system, variables = indifference_system(payoffs, supports)
        outside, _ = indifference_system(payoffs, supports, outside=True)
        if not has_no_equilibrium(supports, system, outside, rounds=rounds):
            continue
        excluded += 1
        solutions = real_solutions(system, len(variables))
        if not solutions.positive_dimensional:
            assert not equilibria_among(game, supports, variables, solutions.points), supports
    assert excluded or len(support_profiles(game.shape)) < 30


def test_box_exclusion_decides_simple_cases_both_ways():
    # One unknown p (player 2's second strategy): 4p - 1 = 0 has its root inside (0, 1); the
    # outside strategy's advantage 2p - 1 is then negative, so the profile is not excluded.
    supports = ((0,), (0, 1))
    assert not has_no_equilibrium(supports, [{(1,): 4, (0,): -1}], [{(1,): 2, (0,): -1}])
    # ... but an outside strategy that gains 1 - 2p > 0 at p = 1/4 excludes it.
    assert has_no_equilibrium(supports, [{(1,): 4, (0,): -1}], [{(1,): -2, (0,): 1}])
    # two unknowns: p + q = 3/2 leaves no room for player 2's first probability 1 - p - q
    assert has_no_equilibrium(((0,), (0, 1, 2)), [{(1, 1): 2, (0, 0): -3}], [])


def test_shape_lemma_tries_another_separator():
    # Solutions (0, 0) and (2, -1): the first linear form x0 + 2 x1 is 0 on both.
    found = real_solutions([{(2, 0): 1, (1, 0): -2}, {(0, 1): 2, (1, 0): 1}], 2)
    assert found.points == ((0, 0), (2, -1))


def test_zero_probability_continua_are_settled():
    # A payoff table of the three-party ceasefire model at one parameter point: the supports
    # Russia {0, 1}, Ukraine {0, 1}, US {0, 2} give a line of solutions, all with Russia's second
    # strategy at probability 0. Re-solved with every probability nonzero the profile is
    # settled (it has no equilibrium), so the result is complete.
    table = [
        [[[78, 262, 10], [95, 245, 7], [78, 262, 10]],
         [[78, 262, 10], [95, 245, 7], [78, 262, 10]]],
        [[[32, 208, -1], [92, 188, -3], [72, 208, 0]],
         [[360, -240, 6], [400, -240, 4], [400, -240, 7]]],
        [[[52, 188, -1], [102, 178, -3], [92, 188, 0]],
         [[52, 188, -1], [102, 178, -3], [92, 188, 0]]],
    ]  # fmt: skip
    game = game_of(np.array(table))
    payoffs = integer_payoffs(game)
    system, variables = indifference_system(payoffs, ((0, 1), (0, 1), (0, 2)))
    assert real_solutions(system, len(variables)).positive_dimensional
    result = support_enumeration(game)
    assert result.complete, result.note
    assert len(result.equilibria) == 6
    assert all(is_equilibrium(game, eq) for eq in result.equilibria)


def test_incomplete_warnings_become_one_line_and_others_pass_through():
    def command() -> int:
        for reason in ("a", "b", "c"):
            warnings.warn(f"nash_equilibria: the result may be incomplete: {reason}",
                          IncompleteResultWarning, stacklevel=1)  # fmt: skip
        warnings.warn("something else", UserWarning, stacklevel=1)
        return 5

    err = io.StringIO()
    with pytest.warns(UserWarning, match="something else"):
        assert run_noting_incomplete(command, stderr=err) == 5
    assert err.getvalue() == "bargaining: warning: 3 results may be incomplete; the first: a\n"


def test_the_cli_prints_an_incomplete_result_as_one_clean_line(capsys, monkeypatch):
    monkeypatch.setenv("BARGAINING_BUDGET", "seconds=0")  # support enumeration stops at once
    assert main(["solve", str(MODELS / "ceasefire_us.toml")]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "bargaining: warning: the result may be incomplete: the time budget of 0 s ran out "
        "after 0 of 147 support profiles"
    ]

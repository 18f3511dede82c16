"""The mediator's reach as a target of sweeps, sensitivity and thresholds (issue 18, item 1):
``concept="correlated"`` bounds each outcome's probability over the correlated equilibria."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, Parameter, ParameterSpace
from bargaining.analysis import monte_carlo, sensitivity, sobol, sweep, tornado
from bargaining.analysis.sweep_result import SweepResult
from bargaining.analysis.target import resolve_target
from bargaining.cli import main
from bargaining.errors import GameError
from bargaining.model import load_model
from bargaining.solvers.mediator import mediator_reach
from bargaining.solvers.mediator_bounds import mediator_bounds
from bargaining.solvers.mediator_pieces import mediator_pieces

ROOT = Path(__file__).resolve().parent.parent
CEASEFIRE = str(ROOT / "models" / "ceasefire.toml")
MODEL = load_model(CEASEFIRE)
GAME = MODEL.game("talks")

T = sympy.Symbol("t", positive=True)
#: Chicken where swerving alone costs t: the mediator's best P(peace) is (10 - t)/(12 - t).
CHICKEN = NormalFormGame.from_arrays(
    [[[0, -T], [1, -10]], [[0, 1], [-T, -10]]], outcomes=[["peace", "B wins"], ["A wins", "crash"]]
)
CHICKEN_SPACE = ParameterSpace([Parameter("t", 0, 1, 0.5)])


def _random_game(seed: int) -> NormalFormGame:
    """A 3x3 game with two parameters in several payoffs and outcomes sharing profiles."""
    rng = np.random.default_rng(seed)
    a, b = sympy.symbols("a b")
    payoffs = rng.integers(-5, 6, size=(3, 3, 2)).astype(object)
    payoffs[0, 1, 0] += 3 * a
    payoffs[2, 2, 1] -= 4 * b
    payoffs[1, 0, 0] = a * b
    payoffs[2, 0, 1] += 2 * a - b
    outcomes = [["x", "y", "z"], ["y", "z", "x"], ["z", "x", "w"]]
    return NormalFormGame(payoffs, outcomes=np.array(outcomes))


def test_sweep_values_are_the_mediators_reach_at_each_point():
    points = {name: values[:4] for name, values in MODEL.parameters.sample(4, seed=5).items()}
    exact = [{k: Fraction(float(v[i])) for k, v in points.items()} for i in range(4)]
    result = sweep(MODEL, points, concept="correlated")
    assert result.concept == "correlated equilibria"
    for outcome in result.outcome_max:
        for index, point in enumerate(exact):
            reach = mediator_reach(GAME, outcome, at=point)
            assert result.outcome_max[outcome][index] == pytest.approx(float(reach.high), abs=1e-9)
            assert result.outcome_min[outcome][index] == pytest.approx(float(reach.low), abs=1e-9)
    assert result.count.tolist() == [1, 1, 1, 1]
    assert all(text.startswith("a mediator can reach: ") for text in result.regions)


def test_sweep_result_keeps_what_its_bounds_are_over(tmp_path):
    result = sweep(MODEL, {"L": [0.3, 0.9]}, concept="correlated")
    loaded = SweepResult.load(result.save(tmp_path / "reach.npz"))
    assert loaded.concept == "correlated equilibria"
    chicken = load_model(ROOT / "models" / "chicken.toml")
    assert sweep(chicken, {"c": [2.0]}).concept == "Nash equilibria"


@pytest.mark.parametrize("seed", [1, 2])
def test_reused_bases_give_the_per_point_lps(seed):
    game = _random_game(seed)
    rng = np.random.default_rng(seed)
    points = {"a": rng.uniform(0, 1, 60), "b": rng.uniform(0, 1, 60)}
    fast = mediator_bounds(game, points)
    slow = mediator_bounds(game, points, method="lp")
    assert fast.solves < slow.solves / 4  # the bases were reused, not re-solved
    for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max"):
        for name, values in getattr(slow, field).items():
            np.testing.assert_allclose(getattr(fast, field)[name], values, rtol=0, atol=1e-8)


def test_bounds_on_the_ceasefire_model_match_per_point_lps():
    points = MODEL.parameters.sample(60, seed=11)
    fast = mediator_bounds(GAME, points)
    slow = mediator_bounds(GAME, points, method="lp")
    for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max"):
        for name, values in getattr(slow, field).items():
            np.testing.assert_allclose(getattr(fast, field)[name], values, rtol=0, atol=1e-8)


def test_sensitivity_is_the_pieces_formula_differentiated():
    target = resolve_target(CHICKEN, space=CHICKEN_SPACE, concept="correlated")
    result = sensitivity(target, at={"t": 0.3})
    assert result.method == "exact" and result.boundary == ()
    # d/dt (10 - t)/(12 - t) = -2/(12 - t)^2, at t = 3/10
    expected = Fraction(-2) / (12 - Fraction(3, 10)) ** 2
    highest = result.derivative("P(peace)", "t", "mediator's highest")
    assert highest == expected


@pytest.mark.parametrize("x", [0.21, 0.83])
def test_sensitivity_matches_a_difference_quotient_of_the_bounds(x):
    game = _random_game(2)
    space = ParameterSpace([Parameter("a", 0, 1, 0.5), Parameter("b", 0, 1, 0.5)])
    result = sensitivity(resolve_target(game, space=space, concept="correlated"), at={"a": x})
    h = 1e-6
    for row in result.rows:
        if row.parameter != "a" or row.derivative is None:
            continue
        bounds = mediator_bounds(game, {"a": [x - h, x + h], "b": [0.5, 0.5]})
        field = "outcome_max" if row.equilibrium == "mediator's highest" else "outcome_min"
        below, above = getattr(bounds, field)[row.quantity[2:-1]]
        assert float(row.derivative) == pytest.approx((above - below) / (2 * h), abs=1e-4)


def test_sensitivity_at_a_tipping_point_is_one_sided():
    # Along L the mediator's best P(ceasefire) drops from 1 to 0 at L = 28/43.
    at = {**MODEL.parameters.baseline, "L": Fraction(28, 43)}
    result = sensitivity(MODEL, at=at, concept="correlated")
    assert "L" in result.boundary


def test_global_methods_run_over_the_mediators_reach():
    swings = tornado(MODEL, "ceasefire", concept="correlated")
    reach = mediator_reach(GAME, "ceasefire", at=MODEL.parameters.baseline)
    assert swings.concept == "correlated equilibria"
    assert swings.baseline == pytest.approx(float(reach.high), abs=1e-9)
    draws = monte_carlo(MODEL, 64, seed=3, concept="correlated")
    assert draws.concept == "correlated equilibria"
    summary = draws.summary("ceasefire")
    assert summary.mean_min <= summary.mean_max
    indices = sobol(MODEL, "ceasefire", 32, seed=3, concept="correlated")
    assert indices.concept == "correlated equilibria" and indices.evaluations == 32 * 10


def test_a_resolved_target_keeps_its_concept():
    with pytest.raises(GameError, match="resolved for 'nash'"):
        tornado(resolve_target(CHICKEN, space=CHICKEN_SPACE), "peace", concept="correlated")


def test_thresholds_cli_prints_the_exact_tipping_points(capsys):
    assert main(["thresholds", CEASEFIRE, "--param", "L", "--concept", "correlated"]) == 0
    out = capsys.readouterr().out
    assert "solution concept: correlated equilibrium" in out
    baseline = MODEL.parameters.baseline
    others = {k: v for k, v in baseline.items() if k != "L"}
    found = set()
    for outcome in ("ceasefire", "war"):
        pieces = mediator_pieces(GAME, outcome, "L", low=0, high=1, at=others)
        found |= {str(point) for point in pieces.tipping_points}
    assert "28/43" in found  # where ceasefire gives way to war (by hand: see the model)
    for point in found:
        assert f" {point} " in out


@pytest.mark.parametrize(
    "command",
    [
        ["sweep", CEASEFIRE, "--param", "L=0:1:5", "--no-progress"],
        ["sensitivity", CEASEFIRE, "--samples", "20", "--sobol-n", "16"],
        ["thresholds", CEASEFIRE, "--param", "W"],
    ],
)
def test_cli_commands_take_the_correlated_concept(capsys, command):
    assert main([*command, "--concept", "correlated"]) == 0
    out = capsys.readouterr().out
    assert "solution concept: correlated equilibrium" in out


def test_sweep_cli_names_the_mediators_regions(capsys):
    args = ["sweep", CEASEFIRE, "--param", "L=0:1:5", "--no-progress", "--concept", "correlated"]
    assert main(args) == 0
    assert "a mediator can reach: ceasefire" in capsys.readouterr().out


def test_a_concept_without_bounds_or_profiles_is_still_refused(capsys):
    assert main(["check", CEASEFIRE, "--examples", "2", "--concept", "correlated"]) == 2
    err = capsys.readouterr().err
    assert "bargaining check summarises equilibria that are strategy profiles" in err
    assert "Traceback" not in err


def test_report_tabulates_the_slope_of_the_mediators_best_probability():
    from bargaining.report.document import Table
    from bargaining.report.selection_section import selection_blocks
    from bargaining.solvers.nash import nash_equilibria

    space = ParameterSpace([Parameter("t", 0, 1, Fraction(1, 2))])
    blocks = selection_blocks(
        CHICKEN, space, nash_equilibria(CHICKEN, at=space.baseline), levers=["t"]
    )
    slopes = next(b for b in blocks if isinstance(b, Table) and "d P(peace)" in b.header)
    cell = slopes.rows[0][1 + list(slopes.header[1:]).index("d P(peace)")]
    assert cell[0].expression == Fraction(-2) / (12 - Fraction(1, 2)) ** 2


@settings(max_examples=12, deadline=None)
@given(
    payoffs=st.lists(st.integers(-6, 6), min_size=12, max_size=12),
    slope=st.integers(-4, 4),
    scale=st.integers(1, 5),
    shift=st.integers(-5, 5),
)
def test_bounds_agree_with_lps_and_ignore_affine_rescaling(payoffs, slope, scale, shift):
    """Property: on random 2x3 games with a lever, reused bases give the per-point LPs, and a
    positive affine rescaling of the payoffs moves no outcome bound (obedience is invariant)."""
    s = sympy.Symbol("s")
    table = np.array(payoffs, dtype=object).reshape(2, 3, 2)
    table[0, 0, 0] += slope * s
    outcomes = np.array([["deal", "war", "deal"], ["war", "deal", "talk"]])
    game = NormalFormGame(table, outcomes=outcomes)
    rescaled = NormalFormGame(table * scale + shift, outcomes=outcomes)
    points = {"s": np.linspace(0, 1, 15)}
    fast = mediator_bounds(game, points)
    slow = mediator_bounds(game, points, method="lp")
    moved = mediator_bounds(rescaled, points)
    for field in ("outcome_min", "outcome_max"):
        for name, values in getattr(slow, field).items():
            np.testing.assert_allclose(getattr(fast, field)[name], values, atol=1e-8)
            np.testing.assert_allclose(getattr(moved, field)[name], values, atol=1e-8)


def test_bad_requests_for_the_bounds_are_refused_by_name():
    t = sympy.Symbol("t")
    named = NormalFormGame.from_arrays(
        [[[6, 2], [t, 0]], [[6, t], [2, 0]]], outcomes=[["peace", "war"], ["war", "crash"]]
    )
    unnamed = NormalFormGame.from_arrays([[[6, 2], [t, 0]], [[6, t], [2, 0]]])
    with pytest.raises(GameError, match="name no outcomes"):
        mediator_bounds(unnamed, {"t": [7]})
    with pytest.raises(GameError, match="unknown method 'simplex'"):
        mediator_bounds(named, {"t": [7]}, method="simplex")
    with pytest.raises(GameError, match="no values for the parameters t"):
        mediator_bounds(named, {"s": [7]})
    with pytest.raises(GameError, match="the same number of values"):
        mediator_bounds(
            NormalFormGame.from_arrays(
                [[[6, 2], [t, 0]], [[6, sympy.Symbol("s")], [2, 0]]],
                outcomes=[["peace", "war"], ["war", "crash"]],
            ),
            {"t": [7, 8], "s": [7]},
        )

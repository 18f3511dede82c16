"""Tipping points that are algebraic numbers (issue 15, item 1): exact radicals or CRootOf with
a float beside them, certified floats where the conditions are not algebraic, and agreement
with a dense pointwise scan of the equilibrium set."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, Parameter, ParameterSpace, nash_equilibria
from bargaining.analysis import parametric_equilibria
from bargaining.real_roots import isolate_real_roots

F = Fraction
SPACE = ParameterSpace([Parameter("L", 0, 1, F(1, 2)), Parameter("W", 0, 1, F(1, 2))])
L, W = SPACE["L"].symbol, SPACE["W"].symbol


def test_the_issue_game_gives_the_golden_ratio_exactly() -> None:
    game = NormalFormGame.from_arrays(
        [[[1 - L**2, 0, 0], [L, W, 0], [0, 0, W]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]]
    )
    (threshold,) = parametric_equilibria(game, SPACE).thresholds("L", at={"W": 0.5})
    assert threshold.exact and threshold.certified
    assert sympy.simplify(threshold.value - (sympy.sqrt(5) - 1) / 2) == 0
    assert threshold.decimal == pytest.approx(0.6180339887)
    assert "≈ 0.618034" in repr(threshold)
    a, b = threshold.enclosure
    assert a <= threshold.decimal <= b


def test_roots_with_algebraic_coefficients_keep_only_true_roots() -> None:
    x = sympy.Symbol("x")
    # the norm (x**2 - 2)(x**2 - 3) ... has conjugate roots that are not roots of this one
    roots = isolate_real_roots((x - sympy.sqrt(2)) * (x + sympy.sqrt(3) - 3), x, -5, 5)
    values = [r.value for r in roots]
    assert len(values) == 2
    assert sympy.simplify(values[0] - (3 - sympy.sqrt(3))) == 0
    assert sympy.simplify(values[1] - sympy.sqrt(2)) == 0


def test_high_degree_roots_are_crootof_and_ordered() -> None:
    x = sympy.Symbol("x")
    roots = isolate_real_roots(x**5 - 3 * x + 1, x, -2, 2)
    assert all(isinstance(r.value, sympy.CRootOf) for r in roots)
    floats = [float(r) for r in roots]
    assert floats == sorted(floats) and len(floats) == 3
    assert all(abs(f**5 - 3 * f + 1) < 1e-12 for f in floats)


def test_casus_irreducibilis_cubic_is_not_shown_with_i() -> None:
    x = sympy.Symbol("x")
    roots = isolate_real_roots(x**3 - 3 * x + 1, x, -3, 3)
    assert len(roots) == 3
    assert not any(r.value.has(sympy.I) for r in roots)


def test_non_algebraic_conditions_give_certified_floats() -> None:
    x = sympy.Symbol("x")
    (root,) = isolate_real_roots(sympy.exp(x) - 2, x, 0, 1)
    assert not root.exact and root.certified
    assert float(root) == pytest.approx(float(sympy.log(2)), abs=1e-14)
    a, b = root.enclosure
    assert a < sympy.log(2) < b


# -- agreement with a dense scan -----------------------------------------------------------


def _structure(game: NormalFormGame, value: Fraction) -> frozenset:
    found = nash_equilibria(game, at={"L": value, "W": F(1, 2)})
    return frozenset(tuple(eq.support(i) for i in range(2)) for eq in found)


@st.composite
def polynomial_games(draw):
    def payoff():
        degree = draw(st.integers(0, 3))
        coefficients = draw(st.lists(st.integers(-3, 3), min_size=degree + 1, max_size=degree + 1))
        # a second parameter, linear, held at 1/2 along the scan
        return sum(c * L**k for k, c in enumerate(coefficients)) + draw(st.integers(-1, 1)) * W

    rows = [[payoff() for _ in range(2)] for _ in range(2)]
    columns = [[payoff() for _ in range(2)] for _ in range(2)]
    # at least one payoff of degree 2 or 3
    rows[0][0] = rows[0][0] + draw(st.sampled_from([L**2, -(L**2), L**3, 2 * L**3 - L]))
    return NormalFormGame.from_arrays([rows, columns])


def _check_against_scan(game: NormalFormGame, points: int) -> None:
    solution = parametric_equilibria(game, SPACE)
    thresholds = solution.thresholds("L", at={"W": F(1, 2)})
    values = [float(t) for t in thresholds]
    assert values == sorted(values)
    # every reported tipping point: the equilibria just below and just above differ
    for t in thresholds:
        a, b = t.enclosure
        step = F(1, 10**9)
        below, above = max(a - step, F(0)), min(b + step, F(1))
        assert _structure(game, below) != _structure(game, above), t
    # every change the scan sees lies in a cell that holds a reported tipping point
    # interior points only: a root at an end of the range is not a tipping point inside it
    grid = [F(2 * k + 1, 2 * points) for k in range(points)]
    structures = [_structure(game, x) for x in grid]
    for left, right, s, t in zip(grid, grid[1:], structures, structures[1:], strict=False):
        if s != t:
            inside = [v for v in values if float(left) <= v <= float(right)]
            assert inside, (left, right, values)


SCAN = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SCAN
@given(polynomial_games())
def test_thresholds_agree_with_a_dense_scan(game: NormalFormGame) -> None:
    _check_against_scan(game, 80)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(polynomial_games())
def test_thresholds_agree_with_a_dense_scan_long(game: NormalFormGame) -> None:
    _check_against_scan(game, 400)


def test_regions_are_bounded_by_the_exact_algebraic_tipping_point() -> None:
    game = NormalFormGame.from_arrays(
        [[[1 - L**2, 0, 0], [L, W, 0], [0, 0, W]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]]
    )
    regions = parametric_equilibria(game, SPACE).regions(("L",), {"W": F(1, 2)})
    golden = (sympy.sqrt(5) - 1) / 2
    assert [r.bounds for r in regions] == [(0, golden), (golden, 1)]
    assert sum(r.share for r in regions) == pytest.approx(1)
    assert regions[0].share == pytest.approx(float(golden))

"""Mixed equilibria of parametric n-player games with a square root: support systems that
reduce to a quadratic become two pieces ``(-b ± sqrt(D)) / 2a`` (issue 16, item 3), checked
exactly against the point solver, the threshold finder and the numeric kernel."""

from __future__ import annotations

import dataclasses
import warnings
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, Parameter, ParameterSpace, nash_equilibria
from bargaining.algebraic import RealAlgebraic
from bargaining.analysis.parametric import parametric_equilibria
from bargaining.analysis.radical_conditions import algebraic_value, radical_nonnegative_set
from bargaining.analysis.sweep import sweep

SPACE = ParameterSpace([Parameter("t", 0, 1, Fraction(1, 4))])
T = SPACE.symbols["t"]
PLANE = ParameterSpace([Parameter("t", 0, 1, Fraction(1, 4)), Parameter("s", 0, 1, 0)])
S = PLANE.symbols["s"]
generic_value = st.integers(1, 996).map(lambda k: Fraction(k, 997))


def quick(examples: int) -> settings:
    """A few examples each: every one solves a game in symbols and at points."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def root_game(alpha) -> NormalFormGame:
    """A 2x2x2 game built so that its fully mixed equilibria solve ``8x^2 - 8x + 3/2 + alpha
    = 0``: x, y, z are the probabilities of each player's second strategy, and each player's
    second strategy pays it ``alpha - 5y + 8yz`` (player 1), ``1 + 2x - 4z`` (player 2) and
    ``1 - 4x + 2y`` (player 3) more than its first. Player 3's indifference gives
    ``y = (4x - 1)/2``, player 2's ``z = (1 + 2x)/4``, and player 1's then the quadratic, whose
    discriminant is ``16 (1 - 2 alpha)``."""
    first = [[[0, 0], [0, 0]], [[alpha, alpha], [alpha - 5, alpha + 3]]]
    second = [[[0, 0], [1 + 2 * i - 4 * k for k in (0, 1)]] for i in (0, 1)]
    third = [[[0, 1 - 4 * i + 2 * j] for j in (0, 1)] for i in (0, 1)]
    return NormalFormGame.from_arrays([first, second, third])


def exact(probability) -> Fraction | RealAlgebraic:
    return probability if isinstance(probability, RealAlgebraic) else Fraction(probability)


def profiles(equilibria) -> set:
    """Strategy profiles as exact numbers (algebraic ones compare exactly across fields)."""
    return {tuple(tuple(exact(p) for p in v) for v in eq.strategies) for eq in equilibria}


def payoffs(equilibria) -> set:
    return {tuple(exact(v) for v in eq.payoffs) for eq in equilibria}


def same_as_point_solver(game: NormalFormGame, solution, values: dict) -> None:
    ours, theirs = solution.at(values), nash_equilibria(game.at(values))
    assert profiles(ours) == profiles(theirs)
    assert payoffs(ours) == payoffs(theirs)


def supports_of(equilibrium) -> tuple:
    return tuple(tuple(j for j, p in enumerate(v) if p != 0) for v in equilibrium.strategies)


def test_the_fully_mixed_branches_are_the_roots_of_the_quadratic():
    solution = parametric_equilibria(root_game(T), SPACE)
    assert solution.complete and solution.note == ""
    branches = [p for p in solution.pieces if p.supports == ((0, 1),) * 3]
    assert len(branches) == 2
    root = sympy.sqrt(1 - 2 * T)
    expected = {
        (sign * root / 4 + sympy.Rational(1, 2), sign * root / 2 + sympy.Rational(1, 2))
        for sign in (1, -1)
    }
    found = {(p.strategies[0][1], p.strategies[1][1]) for p in branches}
    assert {tuple(sympy.expand(v) for v in pair) for pair in found} == expected
    for piece in branches:  # real exactly where 1 - 2t >= 0
        assert solution.describe_conditions(piece) == ["t <= 1/2"]


NEAR = [Fraction(49, 100), Fraction(4999, 10000), Fraction(1, 2), Fraction(5001, 10000)]


@pytest.mark.parametrize("value", [Fraction(1, 7), Fraction(1, 3), *NEAR, Fraction(3, 4)])
def test_pieces_give_the_point_solvers_algebraic_numbers(value):
    game = root_game(T)
    solution = parametric_equilibria(game, SPACE)
    at = {"t": value}
    # on the discriminant's zero the branches meet: solved directly, as every boundary
    methods = {eq.method for eq in solution.at(at)}
    assert methods == ({"support enumeration"} if value == Fraction(1, 2) else {"parametric"})
    same_as_point_solver(game, solution, at)
    mixed = [eq for eq in solution.at(at) if supports_of(eq) == ((0, 1),) * 3]
    assert len(mixed) == (2 if value < Fraction(1, 2) else 1 if value == Fraction(1, 2) else 0)
    if value < Fraction(1, 2):
        x = sympy.Rational(1, 2) + sympy.sqrt(1 - 2 * sympy.Rational(value)) / 4
        assert any(
            sympy.minimal_polynomial(eq.strategies[0][1].to_sympy() - x, sympy.Symbol("u"))
            == sympy.Symbol("u")
            for eq in mixed
        )


def test_the_tipping_point_is_the_discriminants_zero_and_a_scan_agrees():
    game = root_game(T)
    solution = parametric_equilibria(game, SPACE)
    (threshold,) = solution.thresholds("t")
    assert threshold.value == sympy.Rational(1, 2) and threshold.exact
    assert "equilibria: 3 below, 1 above" in threshold.change
    scan = [Fraction(k, 20) for k in range(1, 20)]
    counts = [len(nash_equilibria(game.at({"t": v}))) for v in scan]
    changes = [
        (a, b) for a, b, m, n in zip(scan, scan[1:], counts, counts[1:], strict=False) if m != n
    ]
    assert changes == [(Fraction(9, 20), Fraction(1, 2))] or changes == [
        (Fraction(9, 20), Fraction(1, 2)),
        (Fraction(1, 2), Fraction(11, 20)),
    ]


def test_sweeps_use_the_pieces_without_warnings():
    game = root_game(T)
    solution = parametric_equilibria(game, SPACE)
    points = np.linspace(0.005, 0.995, 100)  # the square root is not real above t = 1/2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        evaluation = solution.evaluate({"t": points})
        result = sweep(solution, {"t": points})
    assert result.method == "parametric" and result.note == ""
    expected = [3 if v < 0.5 else 1 for v in points]
    assert evaluation.count.tolist() == expected and list(result.count) == expected
    assert not evaluation.boundary.any()


def test_two_parameters_keep_the_square_root_in_the_conditions_radicand_first():
    game = root_game(T - S / 2)  # discriminant 16 (1 - 2t + s)
    solution = parametric_equilibria(game, PLANE)
    assert solution.complete
    branches = [p for p in solution.pieces if p.supports == ((0, 1),) * 3]
    assert len(branches) == 2
    for piece in branches:
        assert sympy.expand(piece.conditions[0] - (1 - 2 * T + S)) == 0
    for t, s in [(Fraction(1, 3), Fraction(1, 5)), (Fraction(9, 10), Fraction(1, 10))]:
        same_as_point_solver(game, solution, {"t": t, "s": s})  # radicand > 0, then < 0
    same_as_point_solver(game, solution, {"t": Fraction(3, 5), "s": Fraction(1, 5)})  # = 0
    steps = [Fraction(k, 17) for k in range(1, 17)]
    plane = [(t, s) for t in steps for s in steps]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        evaluation = solution.evaluate(
            {"t": [float(t) for t, _ in plane], "s": [float(s) for _, s in plane]}
        )
    for index in range(0, len(plane), 7):
        t, s = plane[index]
        if not evaluation.boundary[index]:
            expected = len(nash_equilibria(game.at({"t": t, "s": s})))
            assert evaluation.count[index] == expected, (t, s)


def random_game(data) -> NormalFormGame:
    """A 2x2x2 game with payoffs ``a + b t``, small integers ``a`` and ``b``."""
    cells = [data.draw(st.integers(-3, 3)) + data.draw(st.integers(-2, 2)) * T for _ in range(24)]
    return NormalFormGame(np.array(cells, dtype=object).reshape(2, 2, 2, 3).tolist())


def check_random_game(data, points: int) -> None:
    """At random rational points off every boundary (``active`` is None on a condition's,
    determinant's or tie surface's zero: there the game may not be generic), the pieces give
    exactly the point solver's equilibria (those of the supports they resolve, when some
    support has no closed form)."""
    game = random_game(data)
    solution = parametric_equilibria(game, SPACE)
    pieces_only = dataclasses.replace(solution, complete=True)  # never solves the point
    skipped = set(solution.unresolved)
    for _ in range(points):
        at = {"t": data.draw(generic_value)}
        assume(solution.active(at) is not None)
        ours = pieces_only.at(at)
        assert {eq.method for eq in ours} <= {"parametric"}
        theirs = [
            eq
            for eq in nash_equilibria(game.at(at))
            if supports_of(eq) not in skipped and not eq.continuum
        ]
        assert profiles(ours) == profiles(theirs)
        assert payoffs(ours) == payoffs(theirs)


@quick(8)
@given(st.data())
def test_random_parametric_games_agree_with_the_point_solver(data):
    check_random_game(data, points=1)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_parametric_games_agree_with_the_point_solver_on_many_games(data):
    check_random_game(data, points=3)


@quick(3)
@given(st.data())
def test_tipping_points_bracket_every_change_of_a_fine_sweep(data):
    game = random_game(data)
    solution = parametric_equilibria(game, SPACE)
    assume(solution.complete)
    grid = np.array([k / 400 for k in range(1, 400)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        evaluation = solution.evaluate({"t": grid})
    thresholds = [float(threshold.value) for threshold in solution.thresholds("t")]
    signatures = evaluation.signatures()
    for k in range(len(grid) - 1):
        if evaluation.boundary[k] or evaluation.boundary[k + 1]:
            continue
        if signatures[k] != signatures[k + 1]:
            low, high = grid[k], grid[k + 1]
            assert any(low <= x <= high for x in thresholds), (low, high, thresholds)


def tied(payoffs: np.ndarray, player: int) -> np.ndarray:
    """Where a player's two strategies pay the same against a pure profile of the others."""
    own = payoffs[..., player]
    return np.take(own, 0, player) == np.take(own, 1, player)


def generic_game(rng: np.random.Generator) -> NormalFormGame:
    """Payoffs ``a + b t`` drawn until no player is indifferent between its two strategies
    against a pure profile of the others for every ``t`` (that would be a continuum)."""
    while True:
        constant, slope = rng.integers(-9, 10, (2, 2, 2, 3)), rng.integers(-3, 4, (2, 2, 2, 3))
        if not any(np.any(tied(constant, i) & tied(slope, i)) for i in range(3)):
            return NormalFormGame((constant + slope * T).tolist())


def test_generic_games_are_complete_and_sweep_in_symbols():
    rng = np.random.default_rng(16)
    for _ in range(2):
        game = generic_game(rng)
        solution = parametric_equilibria(game, SPACE)
        assert solution.complete, solution.note
        result = sweep(solution, {"t": np.array([0.2, 0.6])})
        assert result.method == "parametric" and result.note == ""


@quick(25)
@given(
    st.lists(st.integers(-4, 4), min_size=1, max_size=3),
    st.lists(st.integers(-4, 4), min_size=1, max_size=3),
    st.lists(st.integers(-4, 4), min_size=2, max_size=3),
    st.lists(generic_value, min_size=5, max_size=5),
)
def test_square_root_conditions_hold_exactly_where_they_are_real_and_nonnegative(
    free, scale, radicand, points
):
    inside = sympy.Poly(radicand, T).as_expr()
    assume(inside.free_symbols)
    condition = sympy.Poly(free, T).as_expr() + sympy.Poly(scale, T).as_expr() * sympy.sqrt(inside)
    found = radical_nonnegative_set(condition, T, 0, 1)
    for x in points:
        value = condition.subs(T, x)
        if value.is_extended_real and value != 0:
            assert bool(found.contains(x)) == bool(value > 0), (condition, x)
        elif not value.is_extended_real:
            assert not found.contains(x), (condition, x)


def test_algebraic_values_are_the_point_solvers_numbers():
    value = algebraic_value(sympy.Rational(1, 3) - 2 * sympy.sqrt(7) / 5)
    assert isinstance(value, RealAlgebraic)
    assert value * 5 - Fraction(5, 3) == -2 * algebraic_value(sympy.sqrt(7))
    assert algebraic_value(sympy.sqrt(sympy.Rational(9, 4))) == Fraction(3, 2)

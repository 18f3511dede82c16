"""assert_equilibrium and assert_all_equilibria: pass on equilibria, readable failures; the
axiom assertions for bargaining solutions: pass where an axiom holds, fail with the violating
case where it does not, and refuse cases outside an axiom's premise."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given

from bargaining import BargainingProblem, NormalFormGame, nash_equilibria
from bargaining.solvers.axiomatic import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from bargaining.testing import (
    assert_all_equilibria,
    assert_equilibrium,
    assert_independent_of_irrelevant_alternatives,
    assert_individually_monotone,
    assert_pareto_optimal,
    assert_scale_invariant,
    assert_symmetric,
)
from bargaining.testing.strategies import normal_form_games

DILEMMA = NormalFormGame.from_arrays(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    players=("Row", "Column"),
    strategies=(("cooperate", "defect"), ("cooperate", "defect")),
)
BATTLE = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])


@given(normal_form_games(strategies=(1, 3), payoffs="fractions"))
def test_every_equilibrium_passes_and_the_set_matches_itself(game):
    equilibria = nash_equilibria(game)
    for eq in equilibria:
        assert_equilibrium(game, eq)
    assert_all_equilibria(game, list(reversed(equilibria)))


def test_the_message_names_the_deviation():
    with pytest.raises(AssertionError) as failure:
        assert_equilibrium(DILEMMA, [[1, 0], [1, 0]])
    message = str(failure.value)
    assert "Row gains 2 by switching to 'defect'" in message
    assert "Row={cooperate: 1}; Column={cooperate: 1}" in message


def test_parameters_are_substituted():
    import sympy

    t = sympy.Symbol("t", real=True)
    game = NormalFormGame.from_arrays([[[t], [1]], [[0], [0]]])
    assert_equilibrium(game, [[1, 0], [1]], at={"t": 2})
    with pytest.raises(AssertionError, match="gains 1/2"):
        assert_equilibrium(game, [[1, 0], [1]], at={"t": Fraction(1, 2)})


def test_missing_and_extra_equilibria_are_listed():
    with pytest.raises(AssertionError) as failure:
        assert_all_equilibria(BATTLE, [[[1, 0], [1, 0]], [[1, 0], [0, 1]]])
    message = str(failure.value)
    assert "(3 expected, 2 given)" in message
    assert "missing: Player 1={2: 1}; Player 2={2: 1}" in message
    assert "missing: Player 1={1: 2/3, 2: 1/3}" in message
    assert "extra:   Player 1={1: 1}; Player 2={2: 1}" in message


def test_a_given_reference_and_float_tolerance():
    reference = [[[1, 0], [1, 0]]]
    assert_all_equilibria(BATTLE, [[[1.0, 1e-12], [1, 0]]], reference=reference)
    with pytest.raises(AssertionError, match="extra"):
        assert_all_equilibria(BATTLE, [[[1, 0], [1, 0]], [[0, 1], [0, 1]]], reference=reference)


# -- axioms of bargaining solutions ------------------------------------------------------------

HOUSE = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, 1)])
PIE = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)])
RECT = BargainingProblem.from_vertices([(0, 0), (2, 0), (2, 1), (0, 1)])
U = sympy.Symbol("u1", nonnegative=True)
DISK = BargainingProblem.from_frontier(1 - U**2, U)
QUARTER = BargainingProblem.from_frontier(sympy.sqrt(1 - U**2), U)


def test_pareto_names_a_better_point_exactly():
    assert_pareto_optimal(HOUSE, (Fraction(3, 2), Fraction(1, 2)))
    with pytest.raises(AssertionError, match=r"\(1, 1/2\) is not Pareto optimal: \(3/2, 1/2\)"):
        assert_pareto_optimal(HOUSE, (1, Fraction(1, 2)))
    with pytest.raises(AssertionError, match=r"\(3, 0\) is not feasible"):
        assert_pareto_optimal(HOUSE, (3, 0))


def test_egalitarian_is_only_weakly_pareto_optimal_on_a_rectangle():
    """theory-notes §1.3: E sits on the flat top of RECT."""
    point = egalitarian(RECT).point
    assert point == (1, 1)
    assert_pareto_optimal(RECT, point, weak=True)
    with pytest.raises(AssertionError, match=r"\(1, 1\) is not Pareto optimal: \(2, 1\) is as"):
        assert_pareto_optimal(RECT, point)
    with pytest.raises(AssertionError, match=r"not weakly Pareto optimal: \(2, 5/8\) is better"):
        assert_pareto_optimal(RECT, (Fraction(1, 2), Fraction(1, 4)), weak=True)


def test_pareto_on_a_frontier_is_exact_for_irrational_points():
    assert_pareto_optimal(DISK, nash_bargaining(DISK).point)  # (sqrt(3)/3, 2/3)
    with pytest.raises(AssertionError, match=r"is not Pareto optimal: \(1/2, 3/4\)"):
        assert_pareto_optimal(DISK, (Fraction(1, 2), Fraction(1, 2)))


def test_symmetry_assertion():
    assert_symmetric(kalai_smorodinsky, PIE)
    assert_symmetric(nash_bargaining, QUARTER)  # sqrt(2)/2 for both, exactly
    with pytest.raises(AssertionError, match=r"the solution is \(1/3, 2/3\)"):
        assert_symmetric(lambda problem: nash_bargaining(problem, (1, 2)), PIE)
    with pytest.raises(ValueError, match="not symmetric"):
        assert_symmetric(nash_bargaining, HOUSE)


def test_scale_invariance_assertion():
    assert_scale_invariant(kalai_smorodinsky, HOUSE, (3, Fraction(1, 2)), (-1, 2))
    assert_scale_invariant(nash_bargaining, DISK, (2, 3), (1, 0))  # a frontier, symbolically
    assert_scale_invariant(utilitarian, HOUSE, (1, 1), (5, -2))  # translations only
    with pytest.raises(AssertionError, match=r"scaled by \(3, 1\)"):
        assert_scale_invariant(utilitarian, HOUSE, (3, 1))
    with pytest.raises(ValueError, match="positive"):
        assert_scale_invariant(nash_bargaining, HOUSE, (0, 1))


def test_iia_assertion_checks_its_premise():
    smaller = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, Fraction(1, 2))])
    assert_independent_of_irrelevant_alternatives(nash_bargaining, HOUSE, smaller)
    with pytest.raises(ValueError, match="not inside"):
        assert_independent_of_irrelevant_alternatives(
            nash_bargaining, smaller, BargainingProblem.from_vertices([(0, 0), (3, 0), (0, 3)])
        )
    moved = BargainingProblem.from_vertices(HOUSE.vertices, (Fraction(1, 10), 0))
    with pytest.raises(ValueError, match="different disagreement points"):
        assert_independent_of_irrelevant_alternatives(nash_bargaining, HOUSE, moved)


def test_individual_monotonicity_assertion_checks_its_premise():
    larger = BargainingProblem.from_vertices([(0, 0), (2, 0), (2, 1), (0, 1)])
    assert_individually_monotone(kalai_smorodinsky, HOUSE, larger, player=0)
    with pytest.raises(ValueError, match="player 1's ideal payoff changes from 1 to 3"):
        assert_individually_monotone(
            kalai_smorodinsky, PIE, BargainingProblem.from_vertices([(0, 0), (3, 0), (0, 3)]), 1
        )
    with pytest.raises(ValueError, match="not inside"):
        assert_individually_monotone(kalai_smorodinsky, larger, HOUSE, player=0)

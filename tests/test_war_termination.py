"""War termination as a gambler's ruin and settlement under optimism (theory-notes §5.2),
checked against an exact linear solve of the absorbing chain and a simulation."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.errors import GameError
from bargaining.theory import optimism_settlement, war_of_positions

F = Fraction
probabilities = st.integers(1, 19).map(lambda k: F(k, 20))


def _solve_chain(position: int, length: int, pi: Fraction) -> tuple[Fraction, Fraction]:
    """P_k and D_k from the absorbing chain's linear equations, by exact Gaussian elimination:
    P_k = pi P_{k+1} + (1 - pi) P_{k-1}, D_k = 1 + pi D_{k+1} + (1 - pi) D_{k-1}."""
    inner = list(range(1, length))
    size = len(inner)
    if position in (0, length):
        return F(position // length), F(0)
    rows = []
    for i, k in enumerate(inner):
        row = [F(0)] * size
        row[i] = F(1)
        win = F(0)
        if k + 1 < length:
            row[i + 1] -= pi
        else:
            win += pi
        if k - 1 > 0:
            row[i - 1] -= 1 - pi
        rows.append((row, win, F(1)))
    matrix = [[*list(r), w, d] for r, w, d in rows]
    for col in range(size):
        pivot = next(r for r in range(col, size) if matrix[r][col] != 0)
        matrix[col], matrix[pivot] = matrix[pivot], matrix[col]
        lead = matrix[col][col]
        matrix[col] = [x / lead for x in matrix[col]]
        for r in range(size):
            if r != col and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[col], strict=True)]
    index = inner.index(position)
    return matrix[index][size], matrix[index][size + 1]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8), st.data(), probabilities)
def test_closed_form_matches_the_absorbing_chain(length, data, pi) -> None:
    position = data.draw(st.integers(0, length))
    result = war_of_positions(position, length, win_probability=pi)
    assert (result.win_probability, result.expected_battles) == _solve_chain(position, length, pi)
    assert result.exact


def test_simulation_agrees() -> None:
    rng = random.Random(15)
    position, length, pi = 3, 7, F(3, 5)
    wins, battles, runs = 0, 0, 20_000
    for _ in range(runs):
        k = position
        while 0 < k < length:
            k += 1 if rng.random() < pi else -1
            battles += 1
        wins += k == length
    result = war_of_positions(position, length, win_probability=pi)
    # four standard errors: fails by chance about once in 16 000 runs of the suite
    assert wins / runs == pytest.approx(float(result.win_probability), abs=4 * 0.5 / runs**0.5)
    assert battles / runs == pytest.approx(float(result.expected_battles), rel=0.03)


def test_symbolic_probability_tends_to_the_fair_case() -> None:
    p = sympy.Symbol("pi", positive=True)
    result = war_of_positions(2, 5, win_probability=p)
    assert sympy.limit(result.win_probability, p, sympy.Rational(1, 2)) == sympy.Rational(2, 5)
    assert sympy.limit(result.expected_battles, p, sympy.Rational(1, 2)) == 6


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8), st.data(), probabilities, probabilities, probabilities)
def test_common_beliefs_always_settle(length, data, pi, c_a, c_b) -> None:
    position = data.draw(st.integers(0, length))
    costs = dict(cost_a=c_a / 10, cost_b=c_b / 10)
    r = optimism_settlement(position, length, belief_a=pi, belief_b=pi, **costs)
    battles = war_of_positions(position, length, win_probability=pi).expected_battles
    assert r.surplus == (c_a / 10 + c_b / 10) * battles  # 1 - V_A - V_B = (c_A + c_B) D_k
    assert r.settles


def test_optimism_blocks_settlement_until_beliefs_converge() -> None:
    costs = dict(cost_a=F(1, 100), cost_b=F(1, 100))
    gaps = [F(k, 20) for k in range(0, 9)]
    settles = [
        optimism_settlement(3, 6, belief_a=F(1, 2) + g, belief_b=F(1, 2) - g, **costs).settles
        for g in gaps
    ]
    assert settles[0] and not settles[-1]
    # once the sides are far enough apart they stop settling, and stay so: one switch
    assert sum(a != b for a, b in itertools.pairwise(settles)) == 1


def test_errors() -> None:
    with pytest.raises(GameError):
        war_of_positions(5, 4, win_probability=F(1, 2))
    with pytest.raises(GameError):
        war_of_positions(1, 4, win_probability=1)
    with pytest.raises(GameError):
        optimism_settlement(1, 4, belief_a=F(1, 2), belief_b=F(1, 2), cost_a=-1, cost_b=0)

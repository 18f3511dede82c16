"""Exact integer linear systems: FLINT's solver against fraction-free Gaussian elimination
(Bareiss 1968) written out here, on random square systems, singular ones included."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.solvers.exact_linear import solve_integer_system


def bareiss(matrix: list[list[int]], rhs: list[int]) -> list[Fraction] | None:
    """The solution by fraction-free elimination, or None when the matrix is singular."""
    size = len(matrix)
    rows = [[*row, b] for row, b in zip(matrix, rhs, strict=True)]
    previous = 1
    for k in range(size):
        pivot_row = next((i for i in range(k, size) if rows[i][k] != 0), None)
        if pivot_row is None:
            return None
        rows[k], rows[pivot_row] = rows[pivot_row], rows[k]
        for i in range(k + 1, size):
            factor = rows[i][k]
            for j in range(k + 1, size + 1):
                rows[i][j] = (rows[k][k] * rows[i][j] - factor * rows[k][j]) // previous
            rows[i][k] = 0
        previous = rows[k][k]
    x = [Fraction(0)] * size
    for i in range(size - 1, -1, -1):
        rest = sum(rows[i][j] * x[j] for j in range(i + 1, size))
        x[i] = (Fraction(rows[i][size]) - rest) / rows[i][i]
    return x


@st.composite
def systems(draw):
    size = draw(st.integers(1, 6))
    entries = st.integers(-6, 6)
    matrix = draw(
        st.lists(st.lists(entries, min_size=size, max_size=size), min_size=size, max_size=size)
    )
    if draw(st.booleans()) and size > 1:  # a repeated column: singular
        for row in matrix:
            row[-1] = row[0]
    rhs = draw(st.lists(st.integers(-6, 6), min_size=size, max_size=size))
    return matrix, rhs


@settings(max_examples=200)
@given(systems())
def test_agrees_with_fraction_free_elimination(system):
    matrix, rhs = system
    expected = bareiss(matrix, rhs)
    found = solve_integer_system(matrix, rhs)
    if expected is None:
        assert found is None
        return
    numerators, determinant = found
    assert determinant > 0
    assert [Fraction(n, determinant) for n in numerators] == expected
    # Cramer's rule: the denominator is |det|, so the numerators are integers of that scale
    assert all(
        sum(a * n for a, n in zip(row, numerators, strict=True)) == b * determinant
        for row, b in zip(matrix, rhs, strict=True)
    )

"""Exact solution of small integer linear systems (fraction-free Gaussian elimination).

Bareiss (1968), "Sylvester's identity and multistep integer-preserving Gaussian elimination",
Mathematics of Computation 22(103): every intermediate entry is a minor of the input, so the
arithmetic stays in integers of bounded size and no fraction (no gcd) is ever formed.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["solve_integer_system"]


def solve_integer_system(
    matrix: Sequence[Sequence[int]], rhs: Sequence[int]
) -> tuple[list[int], int] | None:
    """Solve ``matrix @ x = rhs`` exactly for a square integer matrix.

    Returns
    -------
    (numerators, determinant) or None
        ``x = numerators / determinant`` with ``determinant > 0`` and integer numerators
        (Cramer's rule), or ``None`` when the matrix is singular.

    Examples
    --------
    >>> solve_integer_system([[2, 1], [1, 3]], [1, 1])
    ([2, 1], 5)
    >>> solve_integer_system([[1, 2], [2, 4]], [1, 1]) is None
    True
    """
    size = len(matrix)
    rows = [[int(value) for value in row] + [int(b)] for row, b in zip(matrix, rhs, strict=True)]
    previous_pivot = 1
    for k in range(size):
        pivot_row = next((i for i in range(k, size) if rows[i][k] != 0), None)
        if pivot_row is None:
            return None
        if pivot_row != k:
            rows[k], rows[pivot_row] = rows[pivot_row], rows[k]
        pivot_values = rows[k]
        pivot = pivot_values[k]
        for i in range(k + 1, size):
            row = rows[i]
            factor = row[k]
            for j in range(k + 1, size + 1):
                row[j] = (pivot * row[j] - factor * pivot_values[j]) // previous_pivot
            row[k] = 0
        previous_pivot = pivot
    determinant = rows[size - 1][size - 1] if size else 1
    # Back substitution on the scaled unknowns n_i = determinant * x_i, which are integers.
    numerators = [0] * size
    for i in range(size - 1, -1, -1):
        row = rows[i]
        total = determinant * row[size] - sum(row[j] * numerators[j] for j in range(i + 1, size))
        numerators[i] = total // row[i]
    # Row swaps may flip the determinant's sign; x = n / det is unaffected, so normalise it.
    if determinant < 0:
        numerators = [-value for value in numerators]
        determinant = -determinant
    return numerators, determinant

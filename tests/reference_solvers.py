"""Independent reference solvers for the tests: simple, slow, obviously correct."""

from __future__ import annotations

import itertools
from fractions import Fraction


def _solve(matrix, rhs):
    """Exact Gauss-Jordan elimination; None when singular."""
    size = len(matrix)
    rows = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, rhs, strict=True)]
    for k in range(size):
        pivot = next((i for i in range(k, size) if rows[i][k] != 0), None)
        if pivot is None:
            return None
        rows[k], rows[pivot] = rows[pivot], rows[k]
        for i in range(size):
            if i != k and rows[i][k] != 0:
                factor = rows[i][k] / rows[k][k]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[k], strict=True)]
    return [rows[i][size] / rows[i][i] for i in range(size)]


def _indifferent_mix(payoffs, own_support, other_support):
    """Mix over ``own_support`` making the opponent indifferent across ``other_support``.

    ``payoffs[i][j]`` is the opponent's payoff when this player plays ``i`` and the opponent
    ``j``. Unknowns: the probabilities on ``own_support`` and the opponent's value.
    """
    k = len(own_support)
    matrix = [[payoffs[i][j] for i in own_support] + [-1] for j in other_support]
    matrix.append([1] * k + [0])
    solution = _solve(matrix, [0] * len(other_support) + [1])
    if solution is None or any(p <= 0 for p in solution[:k]):
        return None
    return solution[:k]


def support_enumeration(a, b):
    """All equilibria of a nondegenerate bimatrix game, exactly (equal-size supports).

    Porter, Nudelman & Shoham (2008), GEB 63: for each pair of supports of equal size, solve
    the indifference equations and keep solutions with no profitable deviation.
    """
    m, n = len(a), len(a[0])
    b_transposed = [[b[i][j] for i in range(m)] for j in range(n)]
    found = []
    for size in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), size):
            for columns in itertools.combinations(range(n), size):
                x_part = _indifferent_mix(b, rows, columns)
                y_part = _indifferent_mix(a_transposed_view(a), columns, rows) if x_part else None
                if x_part is None or y_part is None:
                    continue
                x = [Fraction(0)] * m
                y = [Fraction(0)] * n
                for i, p in zip(rows, x_part, strict=True):
                    x[i] = p
                for j, p in zip(columns, y_part, strict=True):
                    y[j] = p
                row_values = [sum(a[i][j] * y[j] for j in range(n)) for i in range(m)]
                column_values = [sum(x[i] * b_transposed[j][i] for i in range(m)) for j in range(n)]
                if (
                    max(row_values) == row_values[rows[0]]
                    and max(column_values) == column_values[columns[0]]
                ):
                    found.append((tuple(x), tuple(y)))
    return found


def a_transposed_view(a):
    """``a`` transposed: the row player's payoffs indexed [column][row]."""
    return [[a[i][j] for i in range(len(a))] for j in range(len(a[0]))]

"""All extreme Nash equilibria of a bimatrix game by vertex enumeration.

With payoffs shifted to be positive, the best-response polytopes of a bimatrix game ``(A, B)``
are (von Stengel 2002, Handbook of Game Theory 3, ch. 45, eq. 3.3)

    P = {x in R^m : x >= 0, B^T x <= 1},        Q = {y in R^n : A y <= 1, y >= 0}.

A point carries label ``i`` (a row) when ``x_i = 0`` or ``(A y)_i = 1`` and label ``m + j`` (a
column) when ``(B^T x)_j = 1`` or ``y_j = 0``. The extreme equilibria are exactly the completely
labelled vertex pairs ``(x, y) != (0, 0)``, normalised to probability vectors (Avis, Rosenberg,
Savani & von Stengel 2010, Economic Theory 42, Theorem 2). This holds for degenerate games too,
where support enumeration misses equilibria.

Every nonzero vertex of P lies on ``k`` linearly independent tight constraints ``B[S, T]^T x_S =
1`` for a support ``S`` of size ``k`` and a set ``T`` of ``k`` best responses, so the vertices
are found by solving all those ``k x k`` systems, batched in numpy (floats). In float mode the
vertices come instead from Qhull (Barber, Dobkin & Huhdanpaa 1996, ACM TOMS 22): translated so
that an interior point is the origin, the polytope ``{z : D z <= b}`` (``b > 0``) has as its
vertices the facets of the convex hull of the points ``D_i / b_i`` (polarity; Ziegler 1995,
*Lectures on Polytopes*, section 2.3), which is the approach of QuantEcon's
``vertex_enumeration``; labels are then read off each vertex's coordinates, so a degenerate
vertex (more tight constraints than its dimension) keeps all its labels. The float pass is a
screen with a generous tolerance, so it keeps every true vertex and label; in exact mode each
vertex that takes part in a candidate pair is then recomputed from its basis in integer
arithmetic (:func:`~bargaining.solvers.exact_linear.solve_integer_system`), its labels are
recomputed exactly, and only exactly completely-labelled pairs are returned. Bases whose
floating-point determinant cannot tell singular from nonsingular are solved exactly as well.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from bargaining.budget import Budget
from bargaining.errors import GameError
from bargaining.solvers.exact_linear import solve_integer_system

__all__ = ["FLOAT_TOLERANCE", "extreme_equilibria"]

FLOAT_TOLERANCE = 1e-9
"""Tolerance of the float pass, relative to payoffs rescaled to the interval [1, 2]."""

# Exact payoffs over a common denominator must fit floats for the float screen, with room.
_FLOAT_SCREEN_LIMIT = 2**900
_REGULAR_CONDITION = 1e10  # bases with a larger condition number count as singular in floats
_BATCH_ENTRIES = 2_000_000  # matrix entries solved per numpy call, to keep memory flat
# Rescaled payoffs lie in [1, 1 + _SPREAD]: a small shift keeps the bases well conditioned.
_SPREAD = 100.0


@dataclass
class _Vertices:
    """Vertices of one polytope {z >= 0, G z <= 1} found by the float pass."""

    strategies: list[np.ndarray] | np.ndarray  # normalised z / sum(z), float
    labels: list[np.ndarray] | np.ndarray  # bool over the game's m + n labels
    bases: list[tuple[tuple[int, ...], tuple[int, ...]]]  # (support S, tight rows T); exact mode


def _labels(zero: np.ndarray, tight: np.ndarray, label_order: str) -> np.ndarray:
    return np.concatenate([zero, tight] if label_order == "zero_first" else [tight, zero], axis=-1)


def _hull_vertices(constraint: np.ndarray, label_order: str) -> _Vertices | None:
    """Vertices of {z in R^d : z >= 0, G z <= 1} (entries of G in [1, 1 + _SPREAD]) from Qhull,
    without the origin; ``None`` when Qhull cannot build the hull (the caller falls back to
    solving every basis)."""
    rows, dimension = constraint.shape
    if dimension < 2:
        return None
    normals = np.vstack([constraint, -np.eye(dimension)])
    bounds = np.concatenate([np.ones(rows), np.zeros(dimension)])
    # Strictly inside: each row of G sums to at most rows_max, so G z0 <= 1/2 and z0 > 0.
    interior = np.full(dimension, 0.5 / constraint.sum(axis=1).max())
    slack = bounds - normals @ interior
    try:
        hull = ConvexHull(normals / slack[:, None])
    except (QhullError, ValueError):
        return None
    # A facet {p : w.p + c = 0} of the polar hull is the vertex -w / c of the translated polytope.
    # A degenerate vertex comes as several coplanar facets; the copies make duplicate candidate
    # pairs, which _float_pairs removes with the other duplicates.
    equations = hull.equations
    z = interior - equations[:, :-1] / equations[:, -1:]
    scale = z.sum(axis=1)
    keep = scale > FLOAT_TOLERANCE
    z, scale = z[keep], scale[keep]
    zero = np.abs(z) <= FLOAT_TOLERANCE * scale[:, None]
    tight = np.abs(z @ constraint.T - 1) <= FLOAT_TOLERANCE
    strategies = np.where(zero, 0.0, z) / scale[:, None]
    return _Vertices(strategies, _labels(zero, tight, label_order), [])


def _rescaled(matrix: np.ndarray) -> np.ndarray:
    """Positive affine image of a payoff matrix with entries in [1, 1 + _SPREAD]."""
    low, high = float(matrix.min()), float(matrix.max())
    span = high - low if high > low else 1.0
    return (matrix.astype(float) - low) / span * _SPREAD + 1.0


def _float_vertices(
    constraint: np.ndarray,
    label_order: str,
    exact_constraint: list[list[int]] | None,
    budget: Budget,
) -> _Vertices:
    """Vertices of {z in R^d : z >= 0, G z <= 1} for G = ``constraint`` of shape (r, d).

    ``label_order`` is ``"zero_first"`` for P (labels: zero coordinates, then tight rows) and
    ``"tight_first"`` for Q. With ``exact_constraint`` (integer G), bases that floats cannot
    classify are solved exactly.
    """
    rows, dimension = constraint.shape
    doubt_possible = (
        exact_constraint is not None
        and _nonsingular_condition_bound(exact_constraint, min(rows, dimension))
        >= _REGULAR_CONDITION
    )
    found: dict[tuple, int] = {}
    result = _Vertices([], [], [])

    def add(z: np.ndarray, zero: np.ndarray, tight: np.ndarray, basis: tuple) -> None:
        labels = _labels(zero, tight, label_order)
        strategy = z / z.sum()
        key = (labels.tobytes(), np.round(strategy, 9).tobytes())
        if key not in found:
            found[key] = len(result.bases)
            result.strategies.append(strategy)
            result.labels.append(labels)
            result.bases.append(basis)

    for k in range(1, min(rows, dimension) + 1):
        supports = np.array(list(itertools.combinations(range(dimension), k)), dtype=np.intp)
        tights = np.array(list(itertools.combinations(range(rows), k)), dtype=np.intp)
        per_block = max(1, _BATCH_ENTRIES // (len(supports) * k * k))
        for start in range(0, len(tights), per_block):
            budget.check("vertex enumeration")
            block = tights[start : start + per_block]
            t_index = np.repeat(block, len(supports), axis=0)
            s_index = np.tile(supports, (len(block), 1))
            matrices = constraint[t_index[:, :, None], s_index[:, None, :]]
            condition, solution = _solve_bases(matrices, rigorous=exact_constraint is not None)
            regular = condition < _REGULAR_CONDITION
            if exact_constraint is not None and doubt_possible:
                for i in np.flatnonzero(~regular):
                    _add_exact_basis(
                        exact_constraint, tuple(s_index[i]), tuple(t_index[i]), dimension, add
                    )
            if not regular.any():
                continue
            solution = solution[regular]
            tolerance = np.maximum(FLOAT_TOLERANCE, 16 * np.finfo(float).eps * condition[regular])
            z = np.zeros((len(solution), dimension))
            np.put_along_axis(z, s_index[regular], solution, axis=1)
            scale = z.sum(axis=1)
            product = z @ constraint.T
            feasible = (scale > 0) & (z >= -(tolerance * scale)[:, None]).all(axis=1)
            feasible &= (product <= 1 + tolerance[:, None]).all(axis=1)
            supports_regular, tights_regular = s_index[regular], t_index[regular]
            for i in np.flatnonzero(feasible):
                zero = np.abs(z[i]) <= tolerance[i] * scale[i]
                tight = np.abs(product[i] - 1) <= tolerance[i]
                add(z[i], zero, tight, (tuple(supports_regular[i]), tuple(tights_regular[i])))
    return result


def _vertices(
    constraint: np.ndarray,
    label_order: str,
    exact_constraint: list[list[int]] | None,
    budget: Budget,
) -> _Vertices:
    """The polytope's vertices: from Qhull in float mode, from every basis in exact mode (whose
    exact pass needs each vertex's basis) or when Qhull cannot build the hull."""
    if exact_constraint is None:
        found = _hull_vertices(constraint, label_order)
        if found is not None:
            return found
    rows, dimension = constraint.shape
    # One system per pair of a support of size k and k tight rows: C(rows + dimension, rows) - 1.
    bases = math.comb(rows + dimension, rows) - 1
    budget.check_size(
        "max_bases",
        bases,
        f"vertex enumeration of a {dimension}x{rows} game ({bases:,} linear systems)",
    )
    return _float_vertices(constraint, label_order, exact_constraint, budget)


def _solve_bases(matrices: np.ndarray, *, rigorous: bool) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``M z = 1`` for each k x k basis matrix; return (condition numbers, solutions).

    The infinity-norm condition number is exact from the inverse when ``rigorous`` (exact mode
    relies on it to decide which bases need an exact solve); otherwise it is estimated from a
    second, random right-hand side, which costs one extra column instead of k (Dixon 1983,
    SIAM J. Numer. Anal. 20: random vectors give condition estimates within a small factor).
    Singular matrices get an infinite condition number and a NaN solution.
    """
    count, k = matrices.shape[0], matrices.shape[1]
    condition = np.full(count, np.inf)
    solution = np.full((count, k), np.nan)
    determinant = np.linalg.det(matrices)
    candidates = np.flatnonzero(np.isfinite(determinant) & (determinant != 0))
    if len(candidates) == 0:
        return condition, solution
    chosen = matrices[candidates]
    if rigorous:
        columns = np.broadcast_to(np.eye(k), chosen.shape)
    else:
        probe = np.random.default_rng(k).uniform(-1, 1, k)
        columns = np.broadcast_to(np.stack([np.ones(k), probe], axis=1), (len(chosen), k, 2))
    try:
        solved = np.linalg.solve(chosen, columns)
    except np.linalg.LinAlgError:  # an exactly singular pivot: solve one at a time
        solved = np.full(columns.shape, np.inf)
        for i, matrix in enumerate(chosen):
            with contextlib.suppress(np.linalg.LinAlgError):
                solved[i] = np.linalg.solve(matrix, columns[i])
    norm = np.abs(chosen).sum(axis=2).max(axis=1)
    with np.errstate(invalid="ignore", over="ignore"):
        if rigorous:  # solved is the inverse
            inverse_norm = np.abs(solved).sum(axis=2).max(axis=1)
            values = solved.sum(axis=2)
        else:
            inverse_norm = np.abs(solved).max(axis=1).max(axis=1) / np.abs(columns[0]).max()
            values = solved[..., 0]
        condition[candidates] = np.where(np.isfinite(inverse_norm), norm * inverse_norm, np.inf)
    solution[candidates] = values
    return condition, solution


def _nonsingular_condition_bound(exact_constraint: list[list[int]], size: int) -> float:
    """An upper bound on the condition number of any nonsingular integer k x k submatrix.

    ||M^-1|| = ||adj M|| / |det M| <= ||adj M|| because |det M| >= 1 for a nonsingular integer
    matrix, and each cofactor is at most (k-1)! * max|entry|^(k-1); so a basis whose float
    condition number exceeds this bound is certainly singular and needs no exact check.
    """
    largest = float(max(abs(value) for row in exact_constraint for value in row))
    return float(
        size * largest * size * math.factorial(max(size - 1, 0)) * largest ** max(size - 1, 0)
    )


def _exact_vertex(
    exact_constraint: list[list[int]],
    support: tuple[int, ...],
    tight: tuple[int, ...],
    dimension: int,
) -> tuple[tuple[Fraction, ...], frozenset[int], frozenset[int]] | None:
    """The vertex of basis (support, tight) in exact arithmetic: (strategy, zero set, tight set),
    or None when the basis is singular or its point is not in the polytope."""
    system = [[exact_constraint[t][s] for s in support] for t in tight]
    solved = solve_integer_system(system, [1] * len(tight))
    if solved is None:
        return None
    numerators, determinant = solved
    if any(value < 0 for value in numerators):
        return None
    full = [0] * dimension
    for s, value in zip(support, numerators, strict=True):
        full[s] = value
    tight_rows = set()
    for t, row in enumerate(exact_constraint):
        total = sum(row[s] * full[s] for s in support)
        if total > determinant:
            return None
        if total == determinant:
            tight_rows.add(t)
    total = sum(numerators)
    if total == 0:
        return None
    strategy = tuple(Fraction(value, total) for value in full)
    zeros = frozenset(i for i, value in enumerate(full) if value == 0)
    return strategy, zeros, frozenset(tight_rows)


def _add_exact_basis(exact_constraint, support, tight, dimension, add) -> None:
    vertex = _exact_vertex(exact_constraint, support, tight, dimension)
    if vertex is None:
        return
    strategy, zeros, tight_rows = vertex
    z = np.array([float(p) for p in strategy])
    zero = np.array([i in zeros for i in range(dimension)])
    rows = np.array([t in tight_rows for t in range(len(exact_constraint))])
    add(z, zero, rows, (support, tight))


def _integer_shifted(matrix: np.ndarray) -> list[list[int]]:
    """An integer matrix with entries >= 1 (exact payoffs are integers after scaling)."""
    low = min(int(value) for value in matrix.flat)
    return [[int(value) - low + 1 for value in row] for row in matrix]


def extreme_equilibria(
    row_payoffs: np.ndarray,
    column_payoffs: np.ndarray,
    *,
    exact: bool,
    budget: Budget | None = None,
) -> list[tuple[tuple, tuple]]:
    """All extreme equilibria of the bimatrix game ``(A, B)`` as pairs of probability vectors.

    Parameters
    ----------
    row_payoffs, column_payoffs:
        ``A`` and ``B`` of shape ``(m, n)``: integers (int64 or Python ints) when ``exact``,
        floats otherwise.
    exact:
        Return ``Fraction`` vectors verified in exact arithmetic; otherwise floats within
        :data:`FLOAT_TOLERANCE`.
    budget:
        Time and the most linear systems the enumeration may solve (``budget.max_bases``, checked
        before it starts); by default :meth:`~bargaining.budget.Budget.from_environment`.

    Raises
    ------
    BudgetExceeded
        When the game needs more systems than the budget allows, or the time runs out.

    Returns
    -------
    list of (x, y)
        Sorted lexicographically, each equilibrium once.

    Examples
    --------
    >>> A = np.array([[1, 0], [0, 1]])
    >>> [tuple(map(str, x + y)) for x, y in extreme_equilibria(A, A, exact=True)]
    [('0', '1', '0', '1'), ('1/2', '1/2', '1/2', '1/2'), ('1', '0', '1', '0')]
    """
    budget = budget if budget is not None else Budget.from_environment()
    m, n = row_payoffs.shape
    exact_a = _integer_shifted(row_payoffs) if exact else None
    exact_b_transposed = _integer_shifted(column_payoffs.T) if exact else None
    # In exact mode the float screen runs on the same (integer) polytope that the exact pass
    # recomputes, so a basis found by one is a basis of the other.
    if exact:
        largest = max(abs(value) for row in (*exact_a, *exact_b_transposed) for value in row)
        if largest > _FLOAT_SCREEN_LIMIT:
            raise GameError(
                "the payoffs span too many orders of magnitude for vertex enumeration: over a "
                f"common denominator they reach {largest.bit_length()} bits, beyond floats; "
                "rescale the units or round the payoffs"
            )
        p_matrix, q_matrix = np.array(exact_b_transposed, float), np.array(exact_a, float)
    else:
        p_matrix, q_matrix = _rescaled(column_payoffs.T), _rescaled(row_payoffs)
    p_vertices = _vertices(p_matrix, "zero_first", exact_b_transposed, budget)
    q_vertices = _vertices(q_matrix, "tight_first", exact_a, budget)
    if len(p_vertices.strategies) == 0 or len(q_vertices.strategies) == 0:
        return []
    missing_p = ~np.array(p_vertices.labels)
    missing_q = ~np.array(q_vertices.labels)
    # A pair is completely labelled when no label is missing from both vertices.
    uncovered = missing_p.astype(np.float32) @ missing_q.astype(np.float32).T
    pairs = np.argwhere(uncovered == 0)
    if exact:
        return _exact_pairs(pairs, p_vertices, q_vertices, exact_b_transposed, exact_a, m, n)
    return _float_pairs(pairs, p_vertices, q_vertices, row_payoffs, column_payoffs)


def _float_pairs(pairs, p_vertices, q_vertices, row_payoffs, column_payoffs):
    """Candidate pairs that are equilibria within the tolerance, each once."""
    if len(pairs) == 0:
        return []
    x = np.array(p_vertices.strategies)[pairs[:, 0]]
    y = np.array(q_vertices.strategies)[pairs[:, 1]]
    a, b = _rescaled(row_payoffs), _rescaled(column_payoffs)
    row_values = y @ a.T
    column_values = x @ b
    row_regret = row_values.max(axis=1) - np.einsum("pi,pi->p", x, row_values)
    column_regret = column_values.max(axis=1) - np.einsum("pj,pj->p", y, column_values)
    stable = (row_regret <= FLOAT_TOLERANCE) & (column_regret <= FLOAT_TOLERANCE)
    stable &= (x >= -FLOAT_TOLERANCE).all(axis=1) & (y >= -FLOAT_TOLERANCE).all(axis=1)
    # Probabilities within the tolerance of zero are zero (this also turns -0.0 into 0.0, so
    # equal profiles compare equal byte for byte).
    x = np.where(np.abs(x) <= FLOAT_TOLERANCE, 0.0, x)
    y = np.where(np.abs(y) <= FLOAT_TOLERANCE, 0.0, y)
    x /= x.sum(axis=1, keepdims=True)
    y /= y.sum(axis=1, keepdims=True)
    candidates = np.flatnonzero(stable)
    if len(candidates) == 0:
        return []
    # Each equilibrium once: profiles equal to 8 decimals are the same vertex pair (adding 0.0
    # turns -0.0 into 0.0, so the bytes of equal rows are equal).
    keys = np.round(np.hstack([x, y])[candidates], 8) + 0.0
    first = {key.tobytes(): index for index, key in zip(candidates, keys, strict=True)}
    chosen = np.fromiter(first.values(), dtype=np.intp, count=len(first))
    return sorted(zip(map(tuple, x[chosen].tolist()), map(tuple, y[chosen].tolist()), strict=True))


def _exact_pairs(pairs, p_vertices, q_vertices, exact_p, exact_q, m, n):
    def exact_labels(vertices, index, constraint, dimension, zero_first):
        support, tight = vertices.bases[index]
        vertex = _exact_vertex(constraint, support, tight, dimension)
        if vertex is None:
            return None
        strategy, zeros, tight_rows = vertex
        if zero_first:
            labels = set(zeros) | {m + t for t in tight_rows}
        else:
            labels = set(tight_rows) | {m + j for j in zeros}
        return strategy, labels

    p_cache: dict[int, tuple | None] = {}
    q_cache: dict[int, tuple | None] = {}
    everything = set(range(m + n))
    found = set()
    for i, j in pairs:
        if i not in p_cache:
            p_cache[i] = exact_labels(p_vertices, i, exact_p, m, True)
        if j not in q_cache:
            q_cache[j] = exact_labels(q_vertices, j, exact_q, n, False)
        x, y = p_cache[i], q_cache[j]
        if x is None or y is None:
            continue
        if x[1] | y[1] == everything:
            found.add((x[0], y[0]))
    return sorted(found)

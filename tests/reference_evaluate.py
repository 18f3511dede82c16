"""The reference for ``ParametricSolution.evaluate``: each formula compiled on its own and
evaluated over all points at once, piece by piece, as the toolkit did before
:mod:`bargaining.analysis.kernel` (slow, plain, obviously the definition). The tests compare
the fast path with it; ``benchmarks/bench_interactive.py`` times it as the previous code."""

from __future__ import annotations

import numpy as np
import sympy

from bargaining.analysis.box import point_arrays
from bargaining.analysis.evaluation import Evaluation
from bargaining.numeric_code import numeric_function


def _values(symbols, expression, arguments, size) -> np.ndarray:
    value = numeric_function(symbols, expression, "numpy")(*arguments)
    return np.broadcast_to(np.asarray(value, dtype=float), (size,))


def reference_evaluate(solution, points, tolerance: float = 1e-9) -> Evaluation:
    """What ``solution.evaluate(points, tolerance=tolerance)`` must return."""
    arrays, size = point_arrays(solution.space, points)
    symbols = [parameter.symbol for parameter in solution.space]
    arguments = [arrays[name] for name in solution.space.names]

    def value(expression) -> np.ndarray:
        return _values(symbols, expression, arguments, size)

    pieces = solution.pieces
    valid = np.zeros((len(pieces), size), dtype=bool)
    boundary = np.zeros(size, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for index, piece in enumerate(pieces):
            ok = np.ones(size, dtype=bool)
            for condition in piece.conditions:
                v = value(condition)
                ok &= v >= -tolerance
                boundary |= np.abs(v) <= tolerance
            for determinant in piece.singular:
                near = np.abs(value(determinant)) <= tolerance
                boundary |= near & ok
                ok &= ~near
            valid[index] = ok
        for tie in solution.ties:
            values = [value(e) for e in tie.expressions]
            undefined = [~np.isfinite(v) for v in values]
            exists = np.logical_and.reduce(
                [(v >= -tolerance) | u for v, u in zip(values, undefined, strict=True)]
            )
            zero = np.logical_or.reduce(
                [(np.abs(v) <= tolerance) | u for v, u in zip(values, undefined, strict=True)]
            )
            boundary |= exists & zero
        distinct = valid.copy()
        near = np.flatnonzero(boundary & (valid.sum(axis=0) > 1))
        local = [a[near] for a in arguments]
        strategies = [
            np.array(
                [
                    np.broadcast_to(
                        np.asarray(numeric_function(symbols, p, "numpy")(*local), dtype=float),
                        (len(near),),
                    )
                    for vector in piece.strategies
                    for p in vector
                ]
            )
            for piece in pieces
        ]
        constant = [
            all(sympy.sympify(p).is_number for vector in piece.strategies for p in vector)
            for piece in pieces
        ]
        for later in range(len(pieces)):
            for earlier in range(later):
                if constant[later] and constant[earlier]:
                    continue
                same = np.all(np.abs(strategies[later] - strategies[earlier]) <= 1e-9, axis=0)
                distinct[later, near] &= ~(same & valid[earlier, near])
        groups: dict = {}
        for index, piece in enumerate(pieces):
            if constant[index]:
                key = tuple(tuple(sympy.sympify(p) for p in v) for v in piece.strategies)
                groups.setdefault(key, []).append(index)
        for group in groups.values():
            counted = np.zeros(size, dtype=bool)
            for index in group:
                distinct[index] &= ~counted
                counted |= valid[index]
        none = ~valid.any(axis=0)

        def extremes(expression_of_piece):
            low, high = np.full(size, np.inf), np.full(size, -np.inf)
            for index, piece in enumerate(pieces):
                v = value(expression_of_piece(piece))
                np.minimum(low, v, out=low, where=valid[index])
                np.maximum(high, v, out=high, where=valid[index])
            low[none] = np.nan
            high[none] = np.nan
            return low, high

        names = dict.fromkeys(n for piece in pieces for n, _ in piece.outcome_probabilities)
        outcomes = {
            name: extremes(lambda piece, name=name: dict(piece.outcome_probabilities)[name])
            for name in names
        }
        payoffs = {
            player: extremes(lambda piece, i=i: piece.payoffs[i])
            for i, player in enumerate(solution.game.players)
        }
    return Evaluation(
        count=distinct.sum(axis=0),
        valid=valid,
        boundary=boundary,
        outcome_min={k: v[0] for k, v in outcomes.items()},
        outcome_max={k: v[1] for k, v in outcomes.items()},
        payoff_min={k: v[0] for k, v in payoffs.items()},
        payoff_max={k: v[1] for k, v in payoffs.items()},
    )

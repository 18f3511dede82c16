"""The polynomial system of one support profile of an n-player game, and its equilibria.

For supports ``S_1, ..., S_n`` the unknowns are the probabilities ``x[i, s]`` of every
strategy of each support but the first (which is one minus the rest); player ``i``'s
indifference conditions ``u_i(s) = u_i(first of S_i)`` are multilinear in the other players'
unknowns (McKelvey & McLennan 1996, Handbook of Computational Economics 1, §6).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers.polynomial_systems import IntegerPolynomial
from bargaining.solvers.verification import is_equilibrium

__all__ = ["equilibria_among", "indifference_system", "nonzero_probabilities", "profile_of"]


def indifference_system(
    payoffs: np.ndarray, supports: Sequence[Sequence[int]], *, outside: bool = False
) -> tuple[list[IntegerPolynomial], list[tuple[int, int]]]:
    """The equations ``u_i(s) = u_i(first of S_i)`` for ``s`` in ``S_i``, in the unknowns
    ``x[i, s]`` for every ``s`` but the first of each support (which is one minus the rest).

    With ``outside=True``, the equations for the strategies *outside* each support instead
    (where an outside strategy would tie with the support). Returns the polynomials and the
    unknowns as ``(player, strategy)`` pairs.
    """
    import flint

    variables = [(i, s) for i, support in enumerate(supports) for s in support[1:]]
    nvars = len(variables)
    names = tuple(f"x{k}" for k in range(nvars)) or ("x",)
    context = flint.fmpz_mpoly_ctx.get(names, "degrevlex")
    zero = context.from_dict({})
    one = context.from_dict({(0,) * len(names): 1})
    probability: dict[tuple[int, int], Any] = dict(zip(variables, context.gens(), strict=False))
    for i, support in enumerate(supports):
        rest = [probability[(i, s)] for s in support[1:]]
        probability[(i, support[0])] = one - sum(rest, zero)
    system = []
    for i, support in enumerate(supports):
        if outside:
            compared = [s for s in range(payoffs.shape[i]) if s not in support]
        else:
            compared = list(support[1:])
        if not compared:
            continue
        others = [k for k in range(len(supports)) if k != i]
        weights = []
        for choice in itertools.product(*(supports[k] for k in others)):
            weight = one
            for k, j in zip(others, choice, strict=True):
                weight = weight * probability[(k, j)]
            weights.append((choice, weight))
        for s in compared:
            equation = zero
            for choice, weight in weights:
                index = list(choice)
                index.insert(i, s)
                first = list(choice)
                first.insert(i, support[0])
                difference = int(payoffs[tuple(index)][i]) - int(payoffs[tuple(first)][i])
                if difference:
                    equation = equation + difference * weight
            system.append({m[:nvars]: int(c) for m, c in equation.to_dict().items()})
    return system, variables


def nonzero_probabilities(supports: Sequence[Sequence[int]]) -> IntegerPolynomial:
    """``w * prod(p) - 1``: every probability of the supports is nonzero, as one equation in
    the unknowns of :func:`indifference_system` and one more, ``w`` (the last).

    Added to a support system, it removes the solutions where a probability is zero (the
    Rabinowitsch trick; Cox, Little & O'Shea, *Ideals, Varieties, and Algorithms*, ch. 4 §2):
    those belong to smaller supports, and a positive-dimensional set of them would otherwise
    hide whether the supports have an equilibrium.

    >>> nonzero_probabilities(((0, 1), (0,)))    # w * (1 - x) * x - 1
    {(2, 1): -1, (1, 1): 1, (0, 0): -1}
    """
    import flint

    nvars = sum(len(s) - 1 for s in supports)
    names = (*tuple(f"x{k}" for k in range(nvars)), "w")
    context = flint.fmpz_mpoly_ctx.get(names, "degrevlex")
    gens = context.gens()
    product = gens[nvars]
    start = 0
    for support in supports:
        rest = gens[start : start + len(support) - 1]
        product = product * (1 - sum(rest, context.from_dict({})))
        for x in rest:
            product = product * x
        start += len(support) - 1
    return {m: int(c) for m, c in (product - 1).to_dict().items()}


def profile_of(
    game: NormalFormGame,
    supports: Sequence[Sequence[int]],
    variables: Sequence[tuple[int, int]],
    point: Sequence[Any],
) -> tuple | None:
    """The strategy profile of a solution, or None when a support probability is not
    positive (decided exactly)."""
    values = dict(zip(variables, point, strict=True))
    strategies = []
    for i, support in enumerate(supports):
        vector: list[Any] = [0] * game.shape[i]
        rest = [values[(i, s)] for s in support[1:]]
        vector[support[0]] = 1 - sum(rest, 0)
        for s, p in zip(support[1:], rest, strict=True):
            vector[s] = p
        if any(not vector[s] > 0 for s in support):
            return None
        strategies.append(tuple(vector))
    return tuple(strategies)


def equilibria_among(
    game: NormalFormGame,
    supports: Sequence[Sequence[int]],
    variables: Sequence[tuple[int, int]],
    points: Sequence[Sequence[Any]],
) -> list[tuple]:
    found = []
    for point in points:
        strategies = profile_of(game, supports, variables, point)
        if strategies is not None and is_equilibrium(game, strategies):
            found.append(strategies)
    return found

"""The exact Nash equilibrium at the end of the principal logit QRE branch of a two-player game.

The trace of :func:`~bargaining.solvers.qre.qre_path` ends at a float profile whose regret is
tiny. For a two-player game with exact payoffs, the equilibrium it converges to is found
exactly from the strategies the end still plays: on supports of equal size the equilibrium is
the solution of the players' indifference conditions (Lemke & Howson 1964; von Stengel 2002,
Handbook of Game Theory 3, section 2.4), solved in integers and then verified exactly. Only
when that fails (a degenerate game, or a support probability below the tolerance) are all the
extreme equilibria enumerated and the nearest taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers._inputs import integer_payoffs
from bargaining.solvers.equilibrium import Equilibrium, make_equilibrium
from bargaining.solvers.exact_linear import solve_integer_system
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.verification import is_equilibrium

__all__ = ["exact_limit"]

_METHOD = "logit QRE limit"


def _indifferent_mix(
    payoffs: np.ndarray, rows: Sequence[int], columns: Sequence[int]
) -> list[Fraction] | None:
    """The mix over ``columns`` that makes every row of ``rows`` earn the same payoff under the
    integer matrix ``payoffs``, or None when that system is singular."""
    size = len(columns)
    matrix = [[int(payoffs[r, c]) for c in columns] + [-1] for r in rows]
    matrix.append([1] * size + [0])
    solved = solve_integer_system(matrix, [0] * size + [1])
    if solved is None:
        return None
    numerators, determinant = solved
    return [Fraction(numerator, determinant) for numerator in numerators[:size]]


def _on_support(
    game: NormalFormGame, end: Sequence[np.ndarray], distance: float
) -> Equilibrium | None:
    supports = [np.flatnonzero(vector >= distance).tolist() for vector in end]
    if len(supports[0]) != len(supports[1]):
        return None
    payoffs = integer_payoffs(game)
    # Player 2's mix makes player 1 indifferent on its support, and vice versa.
    column_mix = _indifferent_mix(payoffs[..., 0], supports[0], supports[1])
    row_mix = _indifferent_mix(payoffs[..., 1].T, supports[1], supports[0])
    if column_mix is None or row_mix is None:
        return None
    profile = []
    for vector, support, mix in zip(end, supports, (row_mix, column_mix), strict=True):
        exact: list[Fraction | int] = [0] * len(vector)
        for strategy, probability in zip(support, mix, strict=True):
            exact[strategy] = probability
        profile.append(exact)
    near = all(
        p > 0 and abs(float(p) - vector[s]) < distance
        for vector, support, exact in zip(end, supports, profile, strict=True)
        for s, p in ((s, exact[s]) for s in support)
    )
    if not near or not is_equilibrium(game, profile):
        return None
    return make_equilibrium(game, profile, _METHOD)


def exact_limit(
    game: NormalFormGame, end: Sequence[np.ndarray], *, distance: float
) -> Equilibrium | None:
    """The exact Nash equilibrium of ``game`` within ``distance`` (max norm) of the float
    profile ``end``, for a two-player game with exact payoffs; None otherwise.

    The strategies ``end`` plays with probability at least ``distance`` are taken as the
    supports, and the equilibrium on them is solved exactly; when that gives none, the nearest
    of the extreme equilibria (:func:`~bargaining.solvers.nash.nash_equilibria`) within
    ``distance``, if any.

    Parameters
    ----------
    game:
        A two-player game with exact payoffs (other games give None).
    end:
        One float probability vector per player, such as the end of a QRE trace.
    distance:
        How close, in every probability, the exact equilibrium must be.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> battle = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> end = [np.array([0.6666667, 0.3333333]), np.array([0.3333334, 0.6666666])]
    >>> exact_limit(battle, end, distance=1e-4).strategies
    ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))
    >>> exact_limit(battle, [np.array([0.5, 0.5]), np.array([0.5, 0.5])], distance=1e-4) is None
    True
    """
    if not (game.is_exact and game.num_players == 2):
        return None
    found = _on_support(game, end, distance)
    if found is not None:
        return found
    for eq in nash_equilibria(game):
        gap = max(
            float(np.abs(np.array(x, dtype=float) - v).max())
            for x, v in zip(eq.strategies, end, strict=True)
        )
        if gap < distance:
            return Equilibrium(**{**eq.__dict__, "method": _METHOD})
    return None

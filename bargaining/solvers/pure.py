"""Pure-strategy Nash equilibria of n-player games, vectorised over the payoff array."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers._inputs import comparable_payoffs, numeric_game
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList, make_equilibrium

__all__ = ["pure_equilibria", "pure_equilibrium_mask"]


def pure_equilibrium_mask(payoffs: np.ndarray) -> np.ndarray:
    """Boolean array of shape ``(m1, ..., mn)``: which pure profiles are equilibria.

    ``payoffs`` has shape ``(m1, ..., mn, n)`` and compares exactly (integers or floats): a
    profile is an equilibrium when each player's payoff equals the maximum along that player's
    own axis, i.e. no unilateral deviation gains.

    >>> pure_equilibrium_mask(np.array([[[1, 1], [0, 0]], [[0, 0], [1, 1]]])).tolist()
    [[True, False], [False, True]]
    """
    n_players = payoffs.shape[-1]
    mask = np.ones(payoffs.shape[:-1], dtype=bool)
    for player in range(n_players):
        own = payoffs[..., player]
        mask &= own == own.max(axis=player, keepdims=True)
    return mask


def pure_equilibria(
    game: NormalFormGame, *, at: Mapping[str, object] | None = None
) -> list[Equilibrium]:
    """All pure-strategy Nash equilibria of an n-player game.

    Exact payoffs are compared exactly (scaled to integers); float payoffs are compared as
    given, without a tolerance, since no arithmetic is done on them.

    Parameters
    ----------
    game:
        A normal-form game with numeric payoffs, or symbolic payoffs and ``at``.
    at:
        Parameter values to substitute first.

    Returns
    -------
    list of Equilibrium
        In lexicographic order of the strategy profiles.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> chicken = NormalFormGame.from_arrays(
    ...     [[[0, -1], [1, -10]], [[0, 1], [-1, -10]]],
    ...     strategies=(("swerve", "straight"), ("swerve", "straight")))
    >>> [eq.support(0) + eq.support(1) for eq in pure_equilibria(chicken)]
    [('swerve', 'straight'), ('straight', 'swerve')]
    """
    game = numeric_game(game, at, "pure_equilibria")
    mask = pure_equilibrium_mask(comparable_payoffs(game, exact=True))
    equilibria = []
    for profile in np.argwhere(mask):
        strategies = []
        for player, choice in enumerate(profile):
            vector = [0] * game.shape[player]
            vector[choice] = 1
            strategies.append(vector)
        equilibria.append(make_equilibrium(game, strategies, "pure enumeration"))
    return EquilibriumList(equilibria)

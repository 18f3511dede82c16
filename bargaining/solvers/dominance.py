"""Iterated elimination of dominated strategies, by pure and by mixed strategies.

A strategy ``j`` of player ``i`` is *strictly dominated* by a (possibly mixed) strategy
``sigma`` when ``sigma`` pays ``i`` strictly more than ``j`` against every profile of the other
players' (surviving) strategies, and *weakly dominated* when it pays at least as much against
every profile and strictly more against one. Iterated elimination of strictly dominated
strategies leaves the set of Nash equilibria unchanged and does not depend on the order of
elimination (Osborne & Rubinstein 1994, *A Course in Game Theory*, §4.2, Proposition 61.2).
A strategy that no pure strategy dominates can still be dominated by a mixture; it is exactly
the strategies that are never a best response to any belief about the others' play that
survive strict dominance by mixtures (two players: Myerson 1991, *Game Theory: Analysis of
Conflict*, §1.8 and Theorem 1.6; Pearce 1984, Econometrica 52). Weak dominance can remove Nash
equilibria and its result depends on the order of elimination (Osborne & Rubinstein §4.3);
every equilibrium of the reduced game is still an equilibrium of the original.

Pure dominators are found by exact comparisons. Mixed dominators are found by a linear
program solved in floats by HiGHS (``scipy.optimize.linprog``); for exact games the LP's
mixture is rounded to nearby fractions and the domination is re-checked in exact arithmetic
before anything is eliminated, so rounding can make us miss a domination but never make a
false elimination.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from bargaining.display import html_fields, html_record, html_table
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number, normalize_number
from bargaining.solvers._inputs import integer_payoffs, numeric_game
from bargaining.solvers.equilibrium import Equilibrium

__all__ = ["DOMINANCE_TOLERANCE", "DominanceResult", "Elimination", "iterated_dominance"]

DOMINANCE_TOLERANCE = 1e-9
"""For float games, the margin by which a mixed dominator must win, relative to the player's
payoff range in the current reduced game. Exact games are decided exactly instead."""

_DENOMINATORS = (1, 2, 6, 12, 60, 120, 2520, 10**4, 10**6, 10**9)
"""Denominator bounds tried, in order, when rounding an LP mixture to fractions: small ones
first so that the reported mixture reads well (1/2 rather than 500000001/1000000000)."""


@dataclass(frozen=True)
class Elimination:
    """One eliminated strategy.

    Attributes
    ----------
    player:
        The player's name.
    strategy:
        The label of the eliminated strategy.
    dominated_by:
        The label of a dominating pure strategy, or a mapping label -> probability of a
        dominating mixed strategy (exact fractions for exact games, floats otherwise).
    round:
        The 1-based round of elimination; in a round every player's dominated strategies are
        removed against the game left by the previous round.
    """

    player: str
    strategy: str
    dominated_by: str | Mapping[str, Number]
    round: int

    @property
    def is_mixed(self) -> bool:
        """Whether the dominator is a mixed strategy."""
        return not isinstance(self.dominated_by, str)

    def _repr_html_(self) -> str:
        return html_fields(self, title=f"Elimination in round {self.round}")


@dataclass(frozen=True)
class DominanceResult:
    """The game left by iterated elimination of dominated strategies.

    Attributes
    ----------
    game:
        The reduced game: surviving strategies, with their labels and outcome names.
    eliminated:
        The eliminations in order: by round, then player, then strategy.
    surviving:
        Per player, the labels of the surviving strategies, in the original order.
    original:
        The game before elimination (after substituting ``at``).
    """

    game: NormalFormGame
    eliminated: tuple[Elimination, ...]
    surviving: tuple[tuple[str, ...], ...]
    original: NormalFormGame = field(repr=False)

    def lift(self, profile: Equilibrium | Sequence[Sequence[Number]]) -> tuple[tuple, ...]:
        """A profile of the reduced game as a profile of the original game: eliminated
        strategies get probability zero.

        >>> from bargaining import NormalFormGame
        >>> dilemma = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> iterated_dominance(dilemma).lift([[1], [1]])
        ((0, 1), (0, 1))
        """
        vectors = profile.strategies if isinstance(profile, Equilibrium) else profile
        if len(vectors) != len(self.surviving):
            raise GameError(
                f"the profile has {len(vectors)} strategies; the game has "
                f"{len(self.surviving)} players"
            )
        lifted = []
        for i, (vector, kept) in enumerate(zip(vectors, self.surviving, strict=True)):
            if len(vector) != len(kept):
                raise GameError(
                    f"the strategy of {self.original.players[i]!r} has {len(vector)} "
                    f"probabilities; the reduced game gives that player {len(kept)} strategies"
                )
            full: list = [0] * self.original.shape[i]
            for label, probability in zip(kept, vector, strict=True):
                full[self.original.strategy_index(i, label)] = probability
            lifted.append(tuple(full))
        return tuple(lifted)

    def _repr_html_(self) -> str:
        surviving = [
            (player, labels)
            for player, labels in zip(self.game.players, self.surviving, strict=True)
        ]
        rows = [[e.round, e.player, e.strategy, e.dominated_by] for e in self.eliminated]
        eliminated = html_table(["round", "player", "strategy", "dominated by"], rows)
        return html_record(
            "Iterated dominance: surviving strategies", surviving, parts=[eliminated]
        )


# -- one player's dominated strategies ---------------------------------------------------------


def _pure_dominator(rows: np.ndarray, j: int, strict: bool) -> int | None:
    """The first other row that dominates row ``j`` (rows compare exactly), or None."""
    for k in range(len(rows)):
        if k == j:
            continue
        if strict:
            if np.all(rows[k] > rows[j]):
                return k
        elif np.all(rows[k] >= rows[j]) and np.any(rows[k] > rows[j]):
            return k
    return None


def _lp_mixture(differences: np.ndarray, strict: bool) -> np.ndarray | None:
    """Candidate mixture over the rows of ``differences`` (row ``k``: payoff of ``k`` minus
    payoff of the dominated strategy, per opponent profile), or None when the LP finds none.

    Strict: maximise ``eps`` subject to ``sigma @ differences >= eps`` and ``sigma`` in the
    simplex. Weak: maximise the sum of slacks ``t >= 0`` subject to
    ``sigma @ differences >= t``, so some slack is positive exactly when ``sigma`` wins
    somewhere while never losing.
    """
    count, profiles = differences.shape
    if strict:
        # Variables (sigma, eps); eps - sigma @ differences[:, s] <= 0 for every profile s.
        objective = np.r_[np.zeros(count), -1.0]
        upper = np.hstack([-differences.T, np.ones((profiles, 1))])
        equality = np.r_[np.ones(count), 0.0][None, :]
        bounds = [(0, None)] * count + [(None, None)]
    else:
        # Variables (sigma, t); t_s - sigma @ differences[:, s] <= 0, t_s >= 0.
        objective = np.r_[np.zeros(count), -np.ones(profiles)]
        upper = np.hstack([-differences.T, np.eye(profiles)])
        equality = np.r_[np.ones(count), np.zeros(profiles)][None, :]
        bounds = [(0, None)] * (count + profiles)
    from scipy.optimize import linprog  # on use: scipy.optimize is slow to import

    result = linprog(
        objective,
        A_ub=upper,
        b_ub=np.zeros(profiles),
        A_eq=equality,
        b_eq=[1.0],
        bounds=bounds,
        method="highs",
    )
    # The LP is always feasible and bounded; a failed solve just means no elimination.
    if result.status != 0 or -result.fun <= 0:
        return None
    return np.clip(result.x[:count], 0.0, None)


def _dominates_exactly(
    sigma: Sequence[Fraction], others: list[list[int]], dominated: list[int], strict: bool
) -> bool:
    """Whether the mixture ``sigma`` of the rows ``others`` dominates the row ``dominated``,
    in exact arithmetic."""
    margins = [
        sum((p * row[s] for p, row in zip(sigma, others, strict=True)), Fraction(0)) - value
        for s, value in enumerate(dominated)
    ]
    if strict:
        return all(margin > 0 for margin in margins)
    return all(margin >= 0 for margin in margins) and any(margin > 0 for margin in margins)


def _exact_mixture(
    candidate: np.ndarray, others: list[list[int]], dominated: list[int], strict: bool
) -> tuple[Fraction, ...] | None:
    """Round the LP's mixture to fractions that dominate exactly, or None.

    Rounding moves the mixture by about 1/denominator; the strict LP maximises the margin, so
    a mixture near its optimum keeps dominating, and for weak dominance HiGHS returns a vertex,
    whose coordinates are rationals with small denominators that a small bound recovers.
    """
    tried = set()
    for bound in _DENOMINATORS:
        rounded = [Fraction(float(p)).limit_denominator(bound) for p in candidate]
        total = sum(rounded)
        if total <= 0:
            continue
        sigma = tuple(p / total for p in rounded)
        if sigma in tried:
            continue
        tried.add(sigma)
        if _dominates_exactly(sigma, others, dominated, strict):
            return sigma
    return None


def _float_dominates(sigma: np.ndarray, differences: np.ndarray, strict: bool) -> bool:
    margins = sigma @ differences
    if strict:
        return bool(np.all(margins > DOMINANCE_TOLERANCE))
    return bool(np.all(margins >= -DOMINANCE_TOLERANCE) and np.any(margins > DOMINANCE_TOLERANCE))


def _dominated_strategies(
    payoffs: np.ndarray, player: int, strict: bool, mixed: bool, exact: bool
) -> dict[int, int | dict[int, Number]]:
    """Dominated strategies of ``player`` in the current game: index -> dominator.

    ``payoffs`` is the player's payoff array of shape ``(m1, ..., mn)``: Python or numpy
    integers for exact games (scaled, which does not change domination), floats otherwise.
    A dominator is a strategy index, or a mapping index -> probability.
    """
    rows = np.moveaxis(payoffs, player, 0).reshape(payoffs.shape[player], -1)
    count = len(rows)
    floats = rows.astype(float)
    spread = float(floats.max() - floats.min())
    exact_rows = rows.tolist() if exact else None
    found: dict[int, int | dict[int, Number]] = {}
    for j in range(count):
        pure = _pure_dominator(rows, j, strict)
        if pure is not None:
            found[j] = pure
            continue
        # A mixture needs two other strategies, and constant payoffs dominate nothing.
        if not mixed or count < 3 or spread == 0:
            continue
        others = [k for k in range(count) if k != j]
        differences = (floats[others] - floats[j]) / spread
        candidate = _lp_mixture(differences, strict)
        if candidate is None:
            continue
        if exact:
            sigma = _exact_mixture(
                candidate, [exact_rows[k] for k in others], exact_rows[j], strict
            )
            if sigma is None:
                continue
            weights = {k: normalize_number(p) for k, p in zip(others, sigma, strict=True)}
        else:
            sigma = candidate / candidate.sum()
            if not _float_dominates(sigma, differences, strict):
                continue
            weights = {k: float(p) for k, p in zip(others, sigma, strict=True)}
        support = {k: p for k, p in weights.items() if p != 0}
        found[j] = next(iter(support)) if len(support) == 1 else support
    if len(found) == count:
        # Cannot happen in exact arithmetic (the strategy with the largest payoff sum is never
        # dominated), but float tolerances could: keep that strategy.
        del found[int(np.argmax(floats.sum(axis=1)))]
    return found


# -- the iteration -----------------------------------------------------------------------------


def _restricted(game: NormalFormGame, alive: list[list[int]]) -> NormalFormGame:
    labels = tuple(tuple(game.strategies[i][j] for j in kept) for i, kept in enumerate(alive))
    payoffs = game.payoffs[np.ix_(*alive, range(game.num_players))]
    outcomes = None if game.outcomes is None else game.outcomes[np.ix_(*alive)]
    return NormalFormGame(payoffs, game.players, labels, outcomes, game.title)


def iterated_dominance(
    game: NormalFormGame,
    *,
    strict: bool = True,
    mixed: bool = True,
    at: Mapping[str, object] | None = None,
) -> DominanceResult:
    """Iteratively eliminate dominated strategies of an n-player game.

    Each round removes, for every player, every strategy dominated in the game left by the
    previous round, until a round removes nothing. A player's last strategy is never removed.

    Parameters
    ----------
    game:
        The game; symbolic payoffs need ``at``.
    strict:
        Strict dominance (default). With ``strict=False``, weak dominance: at least as good
        against every profile of the others and strictly better against one. The result of
        weak dominance depends on the order of elimination; this function uses the maximal
        simultaneous order (all weakly dominated strategies of all players each round,
        recorded player by player) and can remove Nash equilibria, though every equilibrium
        of the reduced game remains one of the original game.
    mixed:
        Also look for dominating mixed strategies (a linear program per strategy; see the
        module docstring). With ``mixed=False`` only pure dominators count.
    at:
        Parameter values to substitute first.

    Returns
    -------
    DominanceResult
        The reduced game, the eliminations in order and the surviving labels.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays(
    ...     [[[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]]],
    ...     strategies=(("up", "down", "middle"), ("left", "right")))
    >>> result = iterated_dominance(game)
    >>> result.surviving
    (('up', 'down'), ('left', 'right'))
    >>> result.eliminated[0].dominated_by
    {'up': Fraction(1, 2), 'down': Fraction(1, 2)}
    >>> iterated_dominance(game, mixed=False).surviving
    (('up', 'down', 'middle'), ('left', 'right'))
    """
    game = numeric_game(game, at, "iterated_dominance")
    exact = game.is_exact
    # Exact payoffs scaled to integers per player: domination is unchanged by the scaling and
    # integer comparisons and sums are exact and fast.
    payoffs = integer_payoffs(game) if exact else game.float_payoffs()
    alive = [list(range(size)) for size in game.shape]
    eliminated: list[Elimination] = []
    round_number = 0
    while True:
        round_number += 1
        current = payoffs[np.ix_(*alive, range(game.num_players))]
        removals = [
            _dominated_strategies(current[..., i], i, strict, mixed, exact)
            for i in range(game.num_players)
        ]
        if not any(removals):
            break
        for i, found in enumerate(removals):
            labels = game.strategies[i]
            for j, dominator in sorted(found.items()):
                if isinstance(dominator, dict):
                    by: str | dict[str, Number] = {
                        labels[alive[i][k]]: p for k, p in dominator.items()
                    }
                else:
                    by = labels[alive[i][dominator]]
                eliminated.append(
                    Elimination(game.players[i], labels[alive[i][j]], by, round_number)
                )
            alive[i] = [index for local, index in enumerate(alive[i]) if local not in found]
    reduced = _restricted(game, alive)
    return DominanceResult(reduced, tuple(eliminated), reduced.strategies, game)

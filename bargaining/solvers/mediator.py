"""What a mediator can reach: outcome probabilities over correlated versus Nash equilibria.

A mediator who draws a profile and tells each side only its own move can reach any
correlated equilibrium (Aumann 1987, Econometrica 55(1)); without one, play is a Nash
equilibrium. Every Nash equilibrium is a correlated equilibrium (its product distribution obeys
every constraint), so the correlated range of an outcome's probability contains the Nash range.
For two players the probability of an outcome is bilinear in the two strategies, so over each
convex set of equilibria (a product of two polytopes; Avis, Rosenberg, Savani & von Stengel
2010, Economic Theory 42) it is extreme at extreme equilibria: the Nash range comes from the
extreme equilibria that :func:`~bargaining.solvers.nash.nash_equilibria` returns. For more
players the Nash range is over the pure equilibria, which is all that solver returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bargaining.display import html_record
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number
from bargaining.solvers._inputs import numeric_game
from bargaining.solvers.correlated import (
    CorrelatedEquilibrium,
    correlated_equilibria,
    obedience_matrix,
    objective_vector,
)
from bargaining.solvers.mediator_bounds import payoff_table
from bargaining.solvers.nash import nash_equilibria

__all__ = ["MediatorReach", "mediator_curve", "mediator_equilibria", "mediator_reach"]


@dataclass(frozen=True)
class MediatorReach:
    """The range of an outcome's probability with and without a mediator.

    Attributes
    ----------
    outcome:
        The outcome (or outcomes, joined by ``" or "``).
    lowest, highest:
        The correlated equilibria that minimise and maximise its probability.
    nash_low, nash_high:
        The lowest and highest probability over the Nash equilibria (``None`` when the solver
        found none, which happens only for games of three or more players without a pure
        equilibrium).
    """

    outcome: str
    lowest: CorrelatedEquilibrium
    highest: CorrelatedEquilibrium
    nash_low: Number | None
    nash_high: Number | None

    @property
    def low(self) -> Number:
        """The lowest probability a mediator can hold the outcome to."""
        return self.lowest.value

    @property
    def high(self) -> Number:
        """The highest probability a mediator can reach."""
        return self.highest.value

    @property
    def gain(self) -> Number:
        """How far a mediator raises the best probability above the best Nash equilibrium."""
        return self.high - (self.nash_high if self.nash_high is not None else 0)

    def _repr_html_(self) -> str:
        fields = [
            ("with a mediator", f"{self.low} to {self.high}"),
            ("over Nash equilibria", f"{self.nash_low} to {self.nash_high}"),
            ("gain", self.gain),
        ]
        return html_record(f"Mediator's reach on P({self.outcome})", fields)


def mediator_reach(
    game: NormalFormGame,
    outcome: str | Sequence[str],
    *,
    at: Mapping[str, object] | None = None,
) -> MediatorReach:
    """The lowest and highest probability of an outcome over correlated and Nash equilibria.

    Two linear programs over the correlated-equilibrium polytope (Aumann 1987, eq. 2.3), each
    verified exactly for exact payoffs, beside the range over the Nash equilibria (see the
    module docstring for why the extreme equilibria suffice for two players).

    Parameters
    ----------
    game:
        A game whose profiles name outcomes.
    outcome:
        An outcome name, or a list of names (the probability of reaching any of them).
    at:
        Parameter values to substitute first.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> chicken = NormalFormGame.from_arrays([[[6, 2], [7, 0]], [[6, 7], [2, 0]]],
    ...     strategies=(("chicken", "dare"), ("chicken", "dare")),
    ...     outcomes=[["peace", "A wins"], ["B wins", "crash"]])
    >>> reach = mediator_reach(chicken, "peace")
    >>> reach.high, reach.nash_high
    (Fraction(1, 2), Fraction(4, 9))
    """
    game = numeric_game(game, at, "mediator_reach")
    lowest = correlated_equilibria(game, objective=outcome, maximize=False)
    highest = correlated_equilibria(game, objective=outcome, maximize=True)
    names = (outcome,) if isinstance(outcome, str) else tuple(outcome)
    chances = [sum(eq.probability(name) for name in names) for eq in nash_equilibria(game)]
    return MediatorReach(
        outcome=" or ".join(names),
        lowest=lowest,
        highest=highest,
        nash_low=min(chances) if chances else None,
        nash_high=max(chances) if chances else None,
    )


def mediator_equilibria(
    game: NormalFormGame, *, at: Mapping[str, object] | None = None
) -> list[CorrelatedEquilibrium]:
    """The correlated equilibria ``bargaining solve --concept correlated`` shows.

    First the one a benevolent mediator would pick, the welfare maximum; then, for each outcome
    the game names, the correlated equilibria with its highest and lowest probability (the
    range a mediator can reach, as in :func:`mediator_reach`); for a game without named
    outcomes, each player's best. Every one is a linear program over the correlated-equilibrium
    polytope (Aumann 1987, Econometrica 55(1), eq. 2.3), exact for exact payoffs.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> chicken = NormalFormGame.from_arrays([[[6, 2], [7, 0]], [[6, 7], [2, 0]]],
    ...     outcomes=[["peace", "A wins"], ["B wins", "crash"]])
    >>> [(ce.objective, ce.value) for ce in mediator_equilibria(chicken)][:3]
    [('max welfare', Fraction(21, 2)), ('max P(peace)', Fraction(1, 2)), ('min P(peace)', 0)]
    """
    game = numeric_game(game, at, "mediator_equilibria")
    found = [correlated_equilibria(game, objective="welfare")]
    if game.outcomes is None:
        return found + [correlated_equilibria(game, objective=player) for player in game.players]
    for outcome in dict.fromkeys(game.outcomes.flat):
        found.append(correlated_equilibria(game, objective=outcome, maximize=True))
        found.append(correlated_equilibria(game, objective=outcome, maximize=False))
    return found


def mediator_curve(
    game: NormalFormGame,
    outcome: str | Sequence[str],
    points: Mapping[str, object],
    *,
    maximize: bool = True,
) -> np.ndarray:
    """The mediator's best (or worst) probability of an outcome at many parameter points.

    The payoffs are compiled once to numpy (``sympy.lambdify``), then one float linear program
    (HiGHS) is solved per point: the sampled counterpart of :func:`mediator_reach`, for sweeps
    over leverage. Values are floats within HiGHS' feasibility tolerance (1e-7).

    Parameters
    ----------
    game:
        A game with symbolic payoffs whose profiles name outcomes.
    outcome:
        An outcome name or a list of names.
    points:
        Parameter name -> 1-D array of values, all the same length; every parameter of the game
        must be given.
    maximize:
        The highest probability (default) or the lowest.

    Returns
    -------
    numpy.ndarray
        One probability per point.

    Examples
    --------
    >>> import sympy
    >>> from bargaining import NormalFormGame
    >>> t = sympy.Symbol("t")
    >>> game = NormalFormGame.from_arrays([[[6, 2], [t, 0]], [[6, t], [2, 0]]],
    ...     outcomes=[["peace", "war"], ["war", "crash"]])
    >>> mediator_curve(game, "peace", {"t": [7, 12]}).round(6).tolist()
    [0.5, 0.142857]
    """
    from scipy.optimize import linprog

    table = payoff_table(game, points, "mediator_curve")
    count = len(table)
    c, _ = objective_vector(game, outcome, game.payoffs)
    c = c.astype(float) * (-1.0 if maximize else 1.0)
    result = np.empty(count)
    for k in range(count):
        constraints = obedience_matrix(table[k].reshape(game.payoffs.shape))
        scale = max(1.0, float(np.abs(constraints).max(initial=0)))
        solved = linprog(
            c,
            A_ub=-constraints / scale,
            b_ub=np.zeros(len(constraints)),
            A_eq=np.ones((1, len(c))),
            b_eq=[1.0],
            bounds=(0, None),
            method="highs",
        )
        if solved.status != 0:
            raise GameError(f"mediator_curve: the LP failed at point {k}: {solved.message}")
        result[k] = abs(solved.fun)
    return result

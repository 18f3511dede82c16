"""What the global sensitivity methods measure: an outcome's probability over many points.

A point can have several equilibria, each with its own probability of an outcome (say a
ceasefire), so "the probability of a ceasefire" is read with a *statistic*: ``"max"``, the
probability in the equilibrium most favourable to it (a ceasefire is possible), or ``"min"``,
the probability in the least favourable one (a ceasefire is assured). :func:`outcome_values`
reads it, or a player's expected payoff (``"payoff Russia"``, with the same statistic), from
the arrays that :meth:`~bargaining.analysis.target.Target.evaluate` returns.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from bargaining.analysis.target import PointValues, Target, resolve_target
from bargaining.errors import GameError, ParameterError
from bargaining.solvers.concepts import DEFAULT

__all__ = ["STATISTICS", "Statistic", "as_target", "outcome_values"]

Statistic = Literal["max", "min"]
#: The statistics over a point's equilibria that the global methods accept.
STATISTICS: tuple[str, ...] = ("max", "min")


def as_target(target: object, concept: str = DEFAULT) -> Target:
    """The target the analyses evaluate: a :class:`~bargaining.analysis.target.Target` as it
    is (so that one resolved point by point stays so), anything else resolved with
    :func:`~bargaining.analysis.target.resolve_target` under ``concept``."""
    if not isinstance(target, Target):
        return resolve_target(target, concept=concept)
    if concept not in (DEFAULT, target.concept):
        raise GameError(f"the target is resolved for {target.concept!r}; resolve it again")
    return target


def outcome_values(result: PointValues, outcome: str, statistic: Statistic = "max") -> np.ndarray:
    """The probability of ``outcome`` at each point, read with ``statistic`` over the point's
    equilibria (NaN where a point has no equilibrium).

    ``outcome`` is an outcome's name (``"ceasefire"`` or ``"P(ceasefire)"``) or
    ``"payoff PLAYER"`` for a player's expected payoff.

    >>> from bargaining import NormalFormGame
    >>> from bargaining.analysis.target import resolve_target
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]],
    ...                                   outcomes=[["deal", "war"], ["war", "deal"]])
    >>> result = resolve_target(game).evaluate({})
    >>> outcome_values(result, "deal", "max"), outcome_values(result, "deal", "min")
    (array([1.]), array([0.5]))
    """
    if statistic not in STATISTICS:
        raise ParameterError(
            f"unknown statistic {statistic!r}; expected one of: {', '.join(STATISTICS)}"
        )
    outcomes = result.outcome_max if statistic == "max" else result.outcome_min
    payoffs = result.payoff_max if statistic == "max" else result.payoff_min
    name = outcome[2:-1] if outcome.startswith("P(") and outcome.endswith(")") else outcome
    if name in outcomes:
        return outcomes[name]
    player = outcome.removeprefix("payoff ")
    if outcome.startswith("payoff ") and player in payoffs:
        return payoffs[player]
    known = [*outcomes, *(f"payoff {player}" for player in payoffs)]
    raise GameError(f"unknown outcome {outcome!r}; expected one of: {', '.join(known)}")

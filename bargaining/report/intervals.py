"""The stretches of one lever's range between its tipping points, read off the tipping points.

Each :class:`~bargaining.analysis.Threshold` already carries the equilibria just below and just
above it, so the intervals need no further solving.

>>> from bargaining.model import load_model
>>> from bargaining.analysis import parametric_equilibria
>>> model = load_model("models/ceasefire.toml")
>>> solution = parametric_equilibria(model.game(), model.parameters)
>>> for interval in lever_intervals(solution, "G", solution.thresholds("G")):
...     print(interval.low, interval.high, sorted(interval.outcomes))
0 15/61 ['talk_and_fight', 'war']
15/61 55/183 ['ceasefire', 'talk_and_fight']
55/183 1 ['ceasefire']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from bargaining.analysis import ParametricSolution, Threshold
from bargaining.analysis.thresholds import describe_equilibrium, occurring_outcomes
from bargaining.numbers import to_sympy

__all__ = ["Interval", "lever_intervals"]


@dataclass(frozen=True)
class Interval:
    """An open interval of one parameter in which the equilibria keep their structure.

    Attributes
    ----------
    low, high:
        The ends: range ends or tipping points, exact.
    equilibria:
        The equilibria inside, one line each.
    outcomes:
        Outcomes with positive probability in some equilibrium inside.
    """

    low: sympy.Expr
    high: sympy.Expr
    equilibria: tuple[str, ...]
    outcomes: frozenset[str]


def lever_intervals(
    solution: ParametricSolution, parameter: str, thresholds: Sequence[Threshold]
) -> list[Interval]:
    """The intervals of ``parameter``'s range cut by its ``thresholds`` (from
    :meth:`~bargaining.analysis.ParametricSolution.thresholds` at the baseline), in order."""
    declared = solution.space[parameter]
    low, high = to_sympy(declared.low), to_sympy(declared.high)
    if not thresholds:
        equilibria = solution.at()
        return [
            Interval(
                low,
                high,
                tuple(describe_equilibrium(eq) for eq in equilibria),
                occurring_outcomes(equilibria),
            )
        ]
    edges = [low, *(threshold.value for threshold in thresholds), high]
    sides = [(t.below, t.outcomes_below) for t in thresholds]
    sides.append((thresholds[-1].above, thresholds[-1].outcomes_above))
    return [
        Interval(edges[index], edges[index + 1], equilibria, outcomes)
        for index, (equilibria, outcomes) in enumerate(sides)
    ]

"""The report's summary: sentences written from the results, never about a particular model.

What the equilibria are at the baseline; for each outcome, which single change of a lever
(the others at their baselines) makes it an equilibrium outcome or stops it being one, nearest
first; and the nearest tipping point overall.

>>> from bargaining.model import load_model
>>> from bargaining.report.analysis import analyse_model
>>> analysis = analyse_model(load_model("models/ceasefire.toml"), claim_examples=0)
>>> for sentence in summarize(analysis.games[0]).sentences:
...     print(sentence)
At the baseline the game has 2 equilibria, ending in talk_and_fight or war.
ceasefire becomes an equilibrium outcome when P rises from 0.1 above 0.1105, ...
talk_and_fight stops being an equilibrium outcome when P falls from 0.1 below 0.0875, ...
No single lever within its range makes root_cause_settlement an equilibrium outcome.
war stops being an equilibrium outcome when P rises from 0.1 above 0.1105, ...
The nearest tipping point is P = 0.1105, 2% of its range above its baseline 0.1: ...
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from bargaining.analysis.parametric_nplayer import POINT_BY_POINT
from bargaining.analysis.thresholds import describe_equilibrium, occurring_outcomes
from bargaining.numbers import to_sympy
from bargaining.report.analysis import GameAnalysis
from bargaining.report.intervals import Interval, lever_intervals
from bargaining.report.wording import joined, value_words

__all__ = ["LeverChange", "Summary", "outcome_changes", "summarize"]


@dataclass(frozen=True)
class LeverChange:
    """Moving one lever from its baseline past ``value`` changes whether an outcome occurs.

    Attributes
    ----------
    parameter:
        The lever.
    value:
        The tipping point, exact.
    rises:
        True when the lever rises past ``value``, False when it falls below it.
    distance:
        ``|value - baseline|`` as a share of the lever's range (nearest changes first).
    """

    parameter: str
    baseline: sympy.Expr
    value: sympy.Expr
    rises: bool
    distance: float

    def words(self) -> str:
        """``G rises from 0.2 above 15/61 (≈ 0.246)``."""
        direction = "rises from {} above" if self.rises else "falls from {} below"
        return (
            f"{self.parameter} {direction.format(value_words(self.baseline))} "
            f"{value_words(self.value)}"
        )


def _first_change(
    intervals: list[Interval], baseline: sympy.Expr, outcome: str, present: bool, rises: bool
) -> sympy.Expr | None:
    """The nearest end of an interval, moving from the baseline, where ``outcome``'s presence
    differs from ``present``."""
    if rises:
        ahead = [i for i in intervals if i.low >= baseline]
        for interval in ahead:
            if (outcome in interval.outcomes) != present:
                return interval.low
    else:
        behind = [i for i in reversed(intervals) if i.high <= baseline]
        for interval in behind:
            if (outcome in interval.outcomes) != present:
                return interval.high
    return None


def outcome_changes(analysis: GameAnalysis, outcome: str) -> list[LeverChange]:
    """The single-lever changes that flip whether ``outcome`` is an equilibrium outcome,
    nearest to the baseline first."""
    present = outcome in occurring_outcomes(list(analysis.baseline))
    space = analysis.solution.space
    changes = []
    for lever in analysis.levers:
        parameter = space[lever]
        baseline = to_sympy(parameter.baseline)
        width = float(parameter.high) - float(parameter.low)
        intervals = lever_intervals(analysis.solution, lever, analysis.thresholds[lever])
        for rises in (True, False):
            value = _first_change(intervals, baseline, outcome, present, rises)
            if value is not None:
                distance = abs(float(value) - float(baseline)) / width
                changes.append(LeverChange(lever, baseline, value, rises, distance))
    return sorted(changes, key=lambda change: change.distance)


def _baseline_sentence(analysis: GameAnalysis) -> str:
    equilibria = list(analysis.baseline)
    outcomes = [name for name in analysis.outcomes if name in occurring_outcomes(equilibria)]
    if not equilibria:
        return "At the baseline the game has no equilibrium."
    if outcomes:
        ending = f", ending in {joined(outcomes, 'or')}"
    else:  # without outcome names, say what is played
        ending = ": " + joined([f"({describe_equilibrium(eq)})" for eq in equilibria])
    if len(equilibria) == 1:
        only = describe_equilibrium(equilibria[0])
        return f"At the baseline the only equilibrium is {only}{ending}."
    return f"At the baseline the game has {len(equilibria)} equilibria{ending}."


def _outcome_sentence(analysis: GameAnalysis, outcome: str) -> str:
    present = outcome in occurring_outcomes(list(analysis.baseline))
    changes = outcome_changes(analysis, outcome)
    if not changes:
        if present:
            return f"{outcome} stays an equilibrium outcome whichever single lever moves."
        return f"No single lever within its range makes {outcome} an equilibrium outcome."
    verb = "stops being" if present else "becomes"
    when = joined([change.words() for change in changes], "or")
    return f"{outcome} {verb} an equilibrium outcome when {when}."


def _nearest_sentence(analysis: GameAnalysis) -> str | None:
    space = analysis.solution.space
    candidates = []
    for lever in analysis.levers:
        parameter = space[lever]
        width = float(parameter.high) - float(parameter.low)
        for threshold in analysis.thresholds[lever]:
            distance = abs(float(threshold.value) - float(parameter.baseline)) / width
            candidates.append((distance, threshold))
    if not candidates:
        return None
    distance, nearest = min(candidates, key=lambda pair: pair[0])
    baseline = space[nearest.parameter].baseline
    rises = float(nearest.value) > float(baseline)
    before, after = (nearest.below, nearest.above) if rises else (nearest.above, nearest.below)
    outcomes_before, outcomes_after = (
        (nearest.outcomes_below, nearest.outcomes_above)
        if rises
        else (nearest.outcomes_above, nearest.outcomes_below)
    )
    effects = [
        f"{name} an equilibrium outcome" for name in sorted(outcomes_after - outcomes_before)
    ]
    effects += [f"{name} no longer one" for name in sorted(outcomes_before - outcomes_after)]
    effect = f"makes {joined(effects)}" if effects else "changes how the equilibria are played"
    return (
        f"The nearest tipping point is {nearest.parameter} = {value_words(nearest.value)}, "
        f"{distance:.0%} of its range {'above' if rises else 'below'} its baseline "
        f"{value_words(baseline)}: moving {nearest.parameter} past it {effect} "
        f"({len(before)} equilibria before, {len(after)} after)."
    )


@dataclass(frozen=True)
class Summary:
    """The summary of one game.

    Attributes
    ----------
    opening:
        The equilibria at the baseline.
    outcomes:
        Per outcome, the single-lever changes that make it an equilibrium outcome or stop it
        being one (the others at their baselines), nearest first.
    closing:
        The nearest tipping point, or that there is none.
    """

    opening: str
    outcomes: tuple[str, ...]
    closing: str | None

    @property
    def sentences(self) -> list[str]:
        """Every sentence in reading order."""
        return [self.opening, *self.outcomes, *([self.closing] if self.closing else [])]


def summarize(analysis: GameAnalysis) -> Summary:
    """The summary of one game, written from its solution and tipping points."""
    closing = _nearest_sentence(analysis)
    complete = analysis.solution.complete
    if closing is None and analysis.levers and complete:
        closing = (
            f"The equilibria keep their structure across the whole range of "
            f"{joined(list(analysis.levers))}."
        )
    if not complete and analysis.levers:
        incomplete = (
            f"Tipping points cover the closed-form equilibria; sensitivities are {POINT_BY_POINT}."
        )
        closing = " ".join(filter(None, (closing, incomplete)))
    return Summary(
        opening=_baseline_sentence(analysis),
        outcomes=tuple(_outcome_sentence(analysis, outcome) for outcome in analysis.outcomes),
        closing=closing,
    )

"""Outcome probabilities against one parameter, with the tipping points marked.

For each outcome, the probability it has in equilibrium as the parameter moves across its range
(the others fixed): a line where every equilibrium gives the same probability, a band from the
lowest to the highest over the equilibria where they differ.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bargaining.analysis import ParametricSolution, Threshold
from bargaining.figures.style import colour

__all__ = ["axis_label", "outcome_curves"]


def axis_label(solution: ParametricSolution, parameter: str, width: int = 70) -> str:
    """``L: Russia's battlefield leverage (probability)``, wrapped to ``width`` characters.

    >>> from bargaining import Parameter, ParameterSpace
    >>> from bargaining.analysis import parametric_equilibria
    >>> from bargaining.games import NormalFormGame
    >>> space = ParameterSpace([Parameter("c", 0, 1, 0.5, description="cost", unit="pie")])
    >>> game = NormalFormGame.from_arrays([[[space.symbols["c"]]], [[0]]])
    >>> axis_label(parametric_equilibria(game, space), "c")
    'c: cost (pie)'
    """
    declared = solution.space[parameter]
    text = parameter + (f": {declared.description}" if declared.description else "")
    text += f" ({declared.unit})" if declared.unit else ""
    # Model text is shown as written: a pair of $ would otherwise start matplotlib's mathtext.
    # Model text is shown as written: a pair of $ would otherwise start matplotlib's mathtext.
    return "\n".join(textwrap.wrap(text, width)).replace("$", r"\$")


def outcome_curves(
    solution: ParametricSolution,
    parameter: str,
    *,
    at: Mapping[str, object] | None = None,
    thresholds: Sequence[Threshold] | None = None,
    points: int = 201,
) -> Figure:
    """Each outcome's equilibrium probability against ``parameter``, tipping points marked.

    Parameters
    ----------
    solution:
        The game's parametric solution (its outcomes must be named).
    parameter:
        The parameter along the horizontal axis, over its whole range.
    at:
        Values of the other parameters (baselines where left out).
    thresholds:
        The tipping points to mark; computed with ``solution.thresholds`` when omitted.
    points:
        Evaluation points along the range.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per outcome: its lowest and highest probability over the equilibria (a band
        where they differ), dash-dotted verticals at the tipping points, a dotted one at the
        baseline.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> from bargaining.analysis import parametric_equilibria
    >>> model = load_model("models/ceasefire.toml")
    >>> solution = parametric_equilibria(model.game(), model.parameters)
    >>> figure = outcome_curves(solution, "G")
    >>> [axes.get_ylabel() for axes in figure.axes]
    ['ceasefire', 'talk_and_fight', 'root_cause_settlement', 'war']
    """
    fixed = {name: value for name, value in (at or {}).items() if name != parameter}
    if thresholds is None:
        thresholds = solution.thresholds(parameter, at=fixed)
    declared = solution.space[parameter]
    low, high = float(declared.low), float(declared.high)
    # Points just either side of each tipping point draw the jumps there as vertical steps.
    step = 1e-6 * (high - low)
    sides = [float(t.value) + offset for t in thresholds for offset in (-step, step)]
    grid = np.unique(np.clip(np.concatenate([np.linspace(low, high, points), sides]), low, high))
    evaluation = solution.evaluate({parameter: grid, **_constant_arrays(fixed, len(grid))})
    baseline = float(solution.space.validate(dict(fixed))[parameter])
    outcomes = list(evaluation.outcome_min)

    # One panel per outcome: bands of different outcomes would overlap in a single panel.
    figure = Figure(figsize=(7.5, 1.0 + 1.05 * max(len(outcomes), 1)), layout="constrained")
    panels = figure.subplots(max(len(outcomes), 1), 1, sharex=True, squeeze=False)[:, 0]
    for index, (outcome, axes) in enumerate(zip(outcomes, panels, strict=False)):
        low, high = evaluation.outcome_min[outcome], evaluation.outcome_max[outcome]
        line_colour = colour(index)
        axes.fill_between(grid, low, high, color=line_colour, alpha=0.3, linewidth=0)
        axes.plot(grid, high, color=line_colour, linewidth=2, label="highest")
        axes.plot(
            grid, low, color=line_colour, linewidth=1.2, linestyle=(0, (3, 2)), label="lowest"
        )
        axes.set_ylim(-0.08, 1.08)
        axes.set_yticks([0, 0.5, 1])
        axes.set_ylabel(outcome, rotation=0, ha="right", va="center", fontsize=9)
        axes.grid(True, color="#e5e5e5", linewidth=0.6)
        for threshold in thresholds:
            axes.axvline(float(threshold.value), color="#444444", linestyle="-.", linewidth=1)
        axes.axvline(baseline, color="#000000", linestyle=":", linewidth=1.4)
    top = panels[0]
    for number, threshold in enumerate(thresholds):
        # Staggered heights keep the labels of close tipping points apart.
        top.annotate(
            f"{float(threshold.value):.3g}",
            (float(threshold.value), 1.04 + 0.2 * (number % 2)),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#444444",
        )
    panels[-1].set_xlim(grid[0], grid[-1])
    panels[-1].set_xlabel(axis_label(solution, parameter))
    figure.suptitle(
        f"Probability of each outcome in equilibrium as {parameter} varies", x=0.02, ha="left"
    )
    figure.supylabel("probability (lowest to highest over the equilibria)", fontsize=9)
    legend = [
        Line2D([], [], color="#666666", linewidth=2, label="highest over the equilibria"),
        Line2D([], [], color="#666666", linewidth=1.2, linestyle=(0, (3, 2)), label="lowest"),
        Line2D([], [], color="#444444", linestyle="-.", linewidth=1, label="tipping point"),
        Line2D([], [], color="#000000", linestyle=":", linewidth=1.4, label="baseline"),
    ]
    figure.legend(handles=legend, loc="outside lower center", ncols=4, frameon=False, fontsize=8)
    return figure


def _constant_arrays(fixed: Mapping[str, object], size: int) -> dict[str, np.ndarray]:
    return {name: np.full(size, float(value)) for name, value in fixed.items()}

"""Outcome probabilities against one parameter for a report, one panel per outcome.

The data are :func:`bargaining.analysis.plots.outcome_bands` and each panel is drawn by
:func:`bargaining.drawing.curves.draw_outcome_bands`, the kernel behind
``ParametricSolution.plot(over=parameter)``: separate panels only because bands of different
outcomes would overlap in a single one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bargaining.analysis import ParametricSolution, Threshold
from bargaining.analysis.plots import axis_label, outcome_bands
from bargaining.drawing.curves import draw_outcome_bands
from bargaining.drawing.style import as_written

__all__ = ["outcome_curves"]


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
    data = outcome_bands(solution, parameter, at=at, thresholds=thresholds, points=points)
    outcomes = list(data.bands)
    figure = Figure(figsize=(7.5, 1.0 + 1.05 * max(len(outcomes), 1)), layout="constrained")
    panels = figure.subplots(max(len(outcomes), 1), 1, sharex=True, squeeze=False)[:, 0]
    for index, (outcome, axes) in enumerate(zip(outcomes, panels, strict=False)):
        draw_outcome_bands(
            axes,
            data.grid,
            {outcome: data.bands[outcome]},
            tipping_points=data.tipping_points,
            baseline=data.baseline,
            first_colour=index,
        )
        axes.set_ylabel(as_written(outcome), rotation=0, ha="right", va="center", fontsize=9)
    top = panels[0]
    for number, value in enumerate(data.tipping_points):
        # Staggered heights keep the labels of close tipping points apart.
        top.annotate(
            f"{value:.3g}",
            (value, 1.04 + 0.2 * (number % 2)),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#444444",
        )
    panels[-1].set_xlabel(as_written(axis_label(solution, parameter)))
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

"""Figures of the global sensitivity analyses: tornado, Monte Carlo histogram, Sobol indices.

Each function takes the result object of its analysis and returns a
:class:`matplotlib.figure.Figure` (object API only: no pyplot state), ready for
``figure.savefig(path)``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from bargaining.analysis.monte_carlo import MonteCarlo
from bargaining.analysis.sobol import SobolIndices
from bargaining.analysis.tornado import Tornado
from bargaining.figures.style import colour

__all__ = ["monte_carlo_histogram", "quantity_label", "sobol_chart", "tornado_chart"]


def quantity_label(quantity: str, statistic: str) -> str:
    """What an analysis measured, for an axis: the quantity, the statistic and its unit.

    >>> quantity_label("ceasefire", "max")
    'P(ceasefire), highest over the equilibria (probability)'
    >>> quantity_label("payoff Russia", "min")
    'payoff Russia, lowest over the equilibria (payoff units)'
    """
    which = "highest" if statistic == "max" else "lowest"
    if quantity.startswith("payoff "):
        return f"{quantity}, {which} over the equilibria (payoff units)"
    name = quantity if quantity.startswith("P(") else f"P({quantity})"
    return f"{name}, {which} over the equilibria (probability)"


def tornado_chart(result: Tornado) -> Figure:
    """A tornado diagram: one row per parameter, largest swing on top, each a bar from the
    value at the point to the value at the parameter's low end and one to its high end.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> from bargaining.analysis.tornado import tornado
    >>> result = tornado(load_model("models/ceasefire.toml"), "ceasefire", share=0.25)
    >>> figure = tornado_chart(result)
    >>> figure.axes[0].get_xlabel()
    'P(ceasefire), highest over the equilibria (probability)'
    """
    bars = result.bars
    figure = Figure(figsize=(7.5, 1.4 + 0.42 * max(len(bars), 1)), layout="constrained")
    axes = figure.subplots()
    rows = np.arange(len(bars))[::-1]  # the largest swing on top
    # Side by side, so that a parameter moving the outcome the same way at both ends (a
    # non-monotone effect) shows two bars rather than one hiding the other.
    for offset, end, index, label in (
        (0.2, "low", 0, "parameter at the low end"),
        (-0.2, "high", 1, "parameter at the high end"),
    ):
        values = np.array([getattr(bar, f"at_{end}") for bar in bars])
        axes.barh(
            rows + offset,
            values - result.baseline,
            left=result.baseline,
            height=0.38,
            color=colour(index),
            label=label,
        )
    axes.axvline(result.baseline, color="#000000", linewidth=1, linestyle=":", label="at the point")
    axes.set_yticks(rows, [_bar_label(bar) for bar in bars], fontsize=8)
    axes.set_xlabel(quantity_label(result.outcome, result.statistic))
    spread = "over its range" if result.share == 1 else f"{result.share:.0%} of the way to its ends"
    axes.set_title(
        f"Tornado of {result.outcome}: each parameter alone, {spread}", loc="left", fontsize=10
    )
    axes.grid(True, axis="x", color="#e5e5e5", linewidth=0.6)
    figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=8)
    return figure


def _bar_label(bar) -> str:
    unit = f" {bar.unit}" if bar.unit else ""
    return f"{bar.parameter}: {bar.low:.3g} to {bar.high:.3g}{unit}"


def monte_carlo_histogram(result: MonteCarlo, outcome: str) -> Figure:
    """The distribution over the draws of an outcome's lowest and highest probability over
    the equilibria, with the chance it is possible (and assured) and standard errors.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> from bargaining.analysis.monte_carlo import monte_carlo
    >>> result = monte_carlo(load_model("models/ceasefire.toml"), 2000, seed=1)
    >>> figure = monte_carlo_histogram(result, "ceasefire")
    >>> figure.axes[0].get_ylabel()
    'share of the draws'
    """
    summary = result.summary(outcome)
    figure = Figure(figsize=(7.5, 3.6), layout="constrained")
    axes = figure.subplots()
    bins = np.linspace(0, 1, 21)
    series = [result.outcome_max[outcome], result.outcome_min[outcome]]
    finite = [values[np.isfinite(values)] for values in series]
    axes.hist(
        finite,
        bins=bins,
        weights=[np.full(len(values), 1 / result.n) for values in finite],
        histtype="bar",
        color=[colour(0), colour(1)],
        label=["highest over the equilibria", "lowest over the equilibria"],
    )
    axes.set_xlim(-0.02, 1.02)
    axes.set_xlabel(f"P({outcome}) in equilibrium (probability)")
    axes.set_ylabel("share of the draws")
    axes.set_title(
        f"{outcome} over {result.n:,} draws from the parameters' distributions: possible in "
        f"{summary.possible:.1%} (± {summary.possible_se:.1%}), assured in "
        f"{summary.assured:.1%} (± {summary.assured_se:.1%})",
        loc="left",
        fontsize=9,
        wrap=True,
    )
    axes.grid(True, axis="y", color="#e5e5e5", linewidth=0.6)
    axes.legend(frameon=False, fontsize=8)
    return figure


def sobol_chart(result: SobolIndices) -> Figure:
    """First-order and total Sobol indices per parameter with their confidence intervals,
    the largest total index on top.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> from bargaining.analysis.sobol import sobol
    >>> result = sobol(load_model("models/ceasefire.toml"), "ceasefire", n=256, seed=1)
    >>> figure = sobol_chart(result)
    >>> [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    ['first order (alone)', 'total (with interactions)']
    """
    order = [result.parameters.index(row["parameter"]) for row in result.table()]
    rows = np.arange(len(order))[::-1]
    figure = Figure(figsize=(7.5, 1.4 + 0.42 * max(len(order), 1)), layout="constrained")
    axes = figure.subplots()
    level = f"{result.confidence:.0%}"
    for offset, values, widths, index, label in (
        (0.2, result.first, result.first_half_width, 0, "first order (alone)"),
        (-0.2, result.total, result.total_half_width, 1, "total (with interactions)"),
    ):
        axes.barh(
            rows + offset,
            values[order],
            height=0.38,
            xerr=widths[order],
            color=colour(index),
            error_kw={"ecolor": "#444444", "capsize": 2, "linewidth": 1},
            label=label,
        )
    axes.set_yticks(rows, [result.parameters[i] for i in order])
    axes.set_xlabel(f"share of the variance of {quantity_label(result.outcome, result.statistic)}")
    axes.set_xlim(min(-0.05, float(np.nanmin(result.first)) - 0.05), 1.05)
    axes.axvline(0, color="#000000", linewidth=0.8)
    axes.set_title(
        f"Sobol indices of {result.outcome} ({result.evaluations:,} evaluations; "
        f"bars: {level} confidence intervals)",
        loc="left",
        fontsize=10,
    )
    axes.grid(True, axis="x", color="#e5e5e5", linewidth=0.6)
    axes.legend(frameon=False, fontsize=8, loc="lower right")
    return figure

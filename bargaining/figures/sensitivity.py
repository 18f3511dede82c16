"""Figures of the global sensitivity analyses for a report: tornado, Monte Carlo histogram,
Sobol indices, each the result's own ``.plot`` on a figure of the report's size.

Each function takes the result object of its analysis and returns a
:class:`matplotlib.figure.Figure` (object API only: no pyplot state), ready for
``figure.savefig(path)``.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from bargaining.analysis.monte_carlo import MonteCarlo
from bargaining.analysis.sobol import SobolIndices
from bargaining.analysis.tornado import Tornado

__all__ = ["monte_carlo_histogram", "sobol_chart", "tornado_chart"]


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
    figure = Figure(figsize=(7.5, 1.8 + 0.42 * max(len(result.bars), 1)), layout="constrained")
    result.plot(figure.add_subplot())
    return figure


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
    figure = Figure(figsize=(7.5, 3.6), layout="constrained")
    result.plot(figure.add_subplot(), outcome=outcome)
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
    figure = Figure(
        figsize=(7.5, 1.8 + 0.42 * max(len(result.parameters), 1)), layout="constrained"
    )
    result.plot(figure.add_subplot())
    return figure

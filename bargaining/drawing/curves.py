"""Outcome probabilities along one parameter: a band from the lowest to the highest probability
over the equilibria for each outcome, tipping points and the baseline as vertical lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from bargaining.drawing.canvas import axes_for
from bargaining.drawing.style import as_written, colour

__all__ = ["draw_outcome_bands"]


def draw_outcome_bands(
    ax: Axes | None,
    grid: np.ndarray,
    bands: Mapping[str, tuple[np.ndarray, np.ndarray]],
    *,
    tipping_points: Sequence[float] = (),
    baseline: float | None = None,
    xlabel: str | None = None,
    first_colour: int = 0,
) -> Axes:
    """Draw each outcome's band of probabilities against ``grid``.

    Parameters
    ----------
    ax:
        Where to draw (a new figure when None).
    grid:
        The parameter's values, increasing.
    bands:
        Outcome name -> (lowest, highest) probability over the equilibria at each grid value.
        The highest is a solid line labelled with the name, the lowest a dashed line, the band
        between them shaded (a single line where the two agree).
    tipping_points:
        Parameter values marked with dash-dotted verticals.
    baseline:
        The parameter's baseline, marked with a dotted vertical.
    xlabel:
        The horizontal axis' label.
    first_colour:
        The palette index of the first outcome (the report draws one outcome per panel).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> x = np.linspace(0, 1, 5)
    >>> axes = draw_outcome_bands(None, x, {"deal": (x, x), "war": (1 - x, 1 - x)})
    >>> [line.get_label() for line in axes.get_lines()[::2]]
    ['deal', 'war']
    """
    axes = axes_for(ax, (7.5, 3.2))
    for index, (outcome, (low, high)) in enumerate(bands.items()):
        line_colour = colour(first_colour + index)
        axes.fill_between(grid, low, high, color=line_colour, alpha=0.3, linewidth=0)
        axes.plot(grid, high, color=line_colour, linewidth=2, label=as_written(outcome))
        axes.plot(
            grid, low, color=line_colour, linewidth=1.2, linestyle=(0, (3, 2)), label="_lowest"
        )
    for value in tipping_points:
        axes.axvline(value, color="#444444", linestyle="-.", linewidth=1, label="_tipping point")
    if baseline is not None:
        axes.axvline(baseline, color="#000000", linestyle=":", linewidth=1.4, label="_baseline")
    axes.set_ylim(-0.08, 1.08)
    axes.set_yticks([0, 0.5, 1])
    axes.set_xlim(grid[0], grid[-1])
    axes.grid(True, color="#e5e5e5", linewidth=0.6)
    if xlabel is not None:
        axes.set_xlabel(as_written(xlabel))
    return axes

"""A map of a 2-D slice of parameter space: a colour per region, a legend naming each."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from bargaining.drawing.canvas import axes_for
from bargaining.drawing.style import as_written, colour

__all__ = ["draw_regions"]

_BOUNDARY = "#FFFFFF"  # cells on a region boundary belong to no region


def draw_regions(
    ax: Axes | None,
    index: np.ndarray,
    *,
    extent: tuple[float, float, float, float],
    labels: Sequence[str],
    baseline: tuple[float, float] | None = None,
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    legend_title: str = "region",
) -> Axes:
    """Colour each cell of ``index`` by its region and list the regions in a legend.

    Parameters
    ----------
    ax:
        Where to draw (a new figure when None).
    index:
        The region number of each cell, first axis horizontal; -1 for cells on a boundary
        (drawn white).
    extent:
        (left, right, bottom, top) in parameter values.
    labels:
        One legend entry per region number, in order.
    baseline:
        A point to mark with a cross, labelled "baseline".
    xlabel, ylabel, title, legend_title:
        Texts of the axes and of the legend (below the axes).

    Returns
    -------
    matplotlib.axes.Axes
        With one legend patch per region.

    Examples
    --------
    >>> cells = np.array([[0, 0], [-1, 1]])
    >>> axes = draw_regions(None, cells, extent=(0, 1, 0, 1), labels=["deal", "war"])
    >>> [text.get_text() for text in axes.get_legend().get_texts()]
    ['deal', 'war']
    """
    axes = axes_for(ax, (7.5, 5.2))
    colours = [_BOUNDARY, *(colour(number) for number in range(len(labels)))]
    # The first axis is the horizontal parameter: transpose so it runs across.
    axes.imshow(
        np.asarray(index).T + 1,
        origin="lower",
        extent=extent,
        aspect="auto",
        interpolation="nearest",
        cmap=ListedColormap(colours),
        vmin=0,
        vmax=len(colours) - 1,
    )
    handles: list = [
        Patch(facecolor=colour(number), label=as_written(label))
        for number, label in enumerate(labels)
    ]
    if baseline is not None:
        (marker,) = axes.plot(
            *baseline,
            marker="X",
            markersize=10,
            color="#000000",
            markeredgecolor="#FFFFFF",
            linestyle="none",
            label="baseline",
        )
        handles.append(marker)
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.2),
        frameon=False,
        fontsize=9,
        title=as_written(legend_title),
        title_fontsize=9,
        alignment="left",
    )
    axes.set_xlabel(as_written(xlabel))
    axes.set_ylabel(as_written(ylabel))
    axes.set_title(as_written(title), loc="left")
    return axes

"""A map of a 2-D slice of parameter space: where each set of equilibria holds.

Each region (same equilibria, from :meth:`~bargaining.analysis.ParametricSolution.regions`) gets
a colour and a legend entry naming the outcomes that occur there; the baseline is marked.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bargaining.analysis import ParametricSolution, Region
from bargaining.figures.outcome_curves import axis_label
from bargaining.figures.style import colour

__all__ = ["region_label", "region_map"]

_BOUNDARY = "#FFFFFF"  # cells on a region boundary belong to no region


def region_label(region: Region) -> str:
    """``ceasefire, war (3 equilibria)``: the outcomes that occur, and how many equilibria.

    Regions of games without outcome names are labelled by their number of equilibria only.

    >>> from bargaining.model import load_model
    >>> from bargaining.analysis import parametric_equilibria
    >>> model = load_model("models/chicken.toml")
    >>> solution = parametric_equilibria(model.game(), model.parameters)
    >>> region_label(solution.regions(("c",))[0])
    'both_swerve, column_backs_down, crash, row_backs_down (3 equilibria)'
    """
    count = len(region.equilibria)
    equilibria = f"{count} equilibri{'um' if count == 1 else 'a'}"
    if not region.outcomes:
        return equilibria
    return f"{', '.join(sorted(region.outcomes))} ({equilibria})"


def region_map(
    solution: ParametricSolution,
    over: tuple[str, str],
    *,
    at: Mapping[str, object] | None = None,
    resolution: int = 151,
) -> Figure:
    """The regions of the slice ``over`` (first parameter horizontal), the others at ``at``.

    Parameters
    ----------
    solution:
        The game's parametric solution.
    over:
        Two parameter names: horizontal axis, vertical axis.
    at:
        Values of the other parameters (baselines where left out).
    resolution:
        Grid points per axis (the regions' conditions are exact; the picture is sampled).

    Returns
    -------
    matplotlib.figure.Figure
        The coloured slice, a legend of regions (largest first) and the baseline marked.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> from bargaining.analysis import parametric_equilibria
    >>> model = load_model("models/ceasefire.toml")
    >>> solution = parametric_equilibria(model.game(), model.parameters)
    >>> figure = region_map(solution, ("L", "G"), resolution=41)
    >>> figure.axes[0].get_title(loc="left")
    'Regions of equilibria over L and G'
    >>> figure.axes[0].get_legend().get_texts()[-1].get_text()
    'baseline'
    """
    horizontal, vertical = over
    fixed = {name: value for name, value in (at or {}).items() if name not in over}
    regions = solution.regions(over, fixed, resolution=resolution)
    # -1 marks boundary cells; region k is drawn in palette colour k.
    index = np.full(regions[0].mask.shape if regions else (resolution, resolution), -1)
    for number, region in enumerate(regions):
        index[region.mask] = number
    colours = [_BOUNDARY, *(colour(number) for number in range(len(regions)))]
    x_range = (float(solution.space[horizontal].low), float(solution.space[horizontal].high))
    y_range = (float(solution.space[vertical].low), float(solution.space[vertical].high))

    figure = Figure(figsize=(7.5, 5.2), layout="constrained")
    axes = figure.add_subplot()
    # The mask's first axis is the first parameter: transpose so it runs horizontally.
    axes.imshow(
        index.T + 1,
        origin="lower",
        extent=(*x_range, *y_range),
        aspect="auto",
        interpolation="nearest",
        cmap=ListedColormap(colours),
        vmin=0,
        vmax=len(colours) - 1,
    )
    baseline = solution.space.validate(dict(fixed))
    axes.plot(
        float(baseline[horizontal]),
        float(baseline[vertical]),
        marker="X",
        markersize=10,
        color="#000000",
        markeredgecolor="#FFFFFF",
        linestyle="none",
        label="baseline",
    )
    handles = [
        Patch(facecolor=colour(number), label=f"{region_label(region)}: {region.share:.0%}")
        for number, region in enumerate(regions)
    ]
    handles.append(axes.get_lines()[0])
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.2),
        frameon=False,
        fontsize=9,
        title="region: outcomes (equilibria): share of the slice",
        title_fontsize=9,
        alignment="left",
    )
    axes.set_xlabel(axis_label(solution, horizontal))
    axes.set_ylabel(axis_label(solution, vertical, width=45))
    axes.set_title(f"Regions of equilibria over {horizontal} and {vertical}", loc="left")
    return figure

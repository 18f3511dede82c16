"""A map of a 2-D slice of parameter space for a report: the solution's own region map
(:meth:`~bargaining.analysis.ParametricSolution.plot` over two parameters) on a figure of the
report's size."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure

from bargaining.analysis import ParametricSolution

__all__ = ["region_map"]


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
    figure = Figure(figsize=(7.5, 5.2), layout="constrained")
    solution.plot(figure.add_subplot(), over=over, at=at, resolution=resolution)
    return figure

"""Bar charts of the global sensitivity analyses: tornado, Sobol indices, and the histogram of
an outcome's probability over Monte Carlo draws."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from bargaining.drawing.canvas import axes_for
from bargaining.drawing.style import as_written, colour

__all__ = ["draw_histogram", "draw_paired_bars", "quantity_label"]


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


def draw_paired_bars(
    ax: Axes | None,
    labels: Sequence[str],
    pairs: Sequence[tuple[str, np.ndarray, np.ndarray | None]],
    *,
    start: float = 0.0,
    xlabel: str = "",
    title: str = "",
) -> Axes:
    """Two horizontal bars per row, the first row on top: a tornado or Sobol chart.

    Parameters
    ----------
    ax:
        Where to draw (a new figure when None).
    labels:
        One label per row.
    pairs:
        Two (legend label, bar ends, error half-widths or None) series. Bars run from
        ``start`` to their ends, side by side, so that two bars in the same direction (a
        non-monotone tornado effect) do not hide each other.
    start:
        Where the bars start, marked with a vertical line.
    xlabel, title:
        Texts of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        With one bar patch per row and series.

    Examples
    --------
    >>> low, high = np.array([0.1, 0.4]), np.array([0.9, 0.6])
    >>> axes = draw_paired_bars(None, ["L", "G"], [("low", low, None), ("high", high, None)],
    ...                         start=0.5)
    >>> len(axes.patches), axes.get_yticks().tolist()  # L's row on top
    (4, [1, 0])
    """
    axes = axes_for(ax, (7.5, 1.4 + 0.42 * max(len(labels), 1)))
    rows = np.arange(len(labels))[::-1]  # the first row on top
    for (offset, index), (label, ends, errors) in zip(((0.2, 0), (-0.2, 1)), pairs, strict=True):
        axes.barh(
            rows + offset,
            np.asarray(ends, dtype=float) - start,
            left=start,
            height=0.38,
            xerr=errors,
            color=colour(index),
            error_kw={"ecolor": "#444444", "capsize": 2, "linewidth": 1},
            label=as_written(label),
        )
    axes.axvline(start, color="#000000", linewidth=1, linestyle=":")
    axes.set_yticks(rows, [as_written(label) for label in labels], fontsize=8)
    axes.set_xlabel(as_written(xlabel))
    axes.set_title(as_written(title), loc="left", fontsize=10, wrap=True)
    axes.grid(True, axis="x", color="#e5e5e5", linewidth=0.6)
    return axes


def draw_histogram(
    ax: Axes | None,
    series: Sequence[tuple[str, np.ndarray]],
    *,
    bins: np.ndarray,
    xlabel: str = "",
    title: str = "",
) -> Axes:
    """Side-by-side histograms of shares: each bar is the share of a series' finite values
    in its bin (NaN values count in the total, not in any bin).

    Examples
    --------
    >>> values = np.array([0.0, 0.0, 1.0, np.nan])
    >>> axes = draw_histogram(None, [("deal", values)], bins=np.linspace(0, 1, 3))
    >>> [float(patch.get_height()) for patch in axes.patches]
    [0.5, 0.25]
    """
    axes = axes_for(ax, (7.5, 3.6))
    finite = [np.asarray(values)[np.isfinite(values)] for _, values in series]
    axes.hist(
        finite,
        bins=bins,
        weights=[
            np.full(len(kept), 1 / max(len(values), 1))
            for kept, (_, values) in zip(finite, series, strict=True)
        ],
        histtype="bar",
        color=[colour(index) for index in range(len(series))],
        label=[as_written(label) for label, _ in series],
    )
    axes.set_xlabel(as_written(xlabel))
    axes.set_ylabel("share of the draws")
    axes.set_title(as_written(title), loc="left", fontsize=9, wrap=True)
    axes.grid(True, axis="y", color="#e5e5e5", linewidth=0.6)
    axes.legend(frameon=False, fontsize=8)
    return axes

"""Where a kernel draws: the Axes it is given, or a new figure's.

A new figure comes from pyplot, the way pandas and seaborn plots do, so that Jupyter shows it
under the cell; code that must not touch pyplot's global figure list (the report) passes its
own Axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["axes_for"]


def axes_for(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new figure of ``size`` inches (constrained layout).

    >>> axes = axes_for(None, (4, 3))
    >>> axes.figure.get_size_inches().tolist(), axes_for(axes, (1, 1)) is axes
    ([4.0, 3.0], True)
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(figsize=size, layout="constrained")
    return axes

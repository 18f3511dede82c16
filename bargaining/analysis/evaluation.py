"""``Evaluation``: what a parametric solution gives over many points, as numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bargaining.display import html_record

__all__ = ["Evaluation"]


@dataclass(frozen=True)
class Evaluation:
    """What :meth:`ParametricSolution.evaluate` returns: numpy arrays over the points.

    Attributes
    ----------
    count:
        Number of distinct equilibria at each point.
    valid:
        ``(pieces, points)``: which pieces hold at each point.
    boundary:
        Points within the tolerance of a region boundary.
    outcome_min, outcome_max:
        Outcome name -> min and max probability over the equilibria (NaN where none).
    payoff_min, payoff_max:
        Player name -> min and max expected payoff over the equilibria.
    region:
        Each point's region as an index into ``regions`` (regions numbered as first met), or
        None when the evaluation did not number them.
    regions:
        The regions met: each the indices of the pieces that hold there.
    """

    count: np.ndarray
    valid: np.ndarray
    boundary: np.ndarray
    outcome_min: dict[str, np.ndarray]
    outcome_max: dict[str, np.ndarray]
    payoff_min: dict[str, np.ndarray]
    payoff_max: dict[str, np.ndarray]
    region: np.ndarray | None = None
    regions: tuple[tuple[int, ...], ...] = ()

    def signatures(self) -> np.ndarray:
        """An integer per point identifying its set of active pieces (same set, same id)."""
        weights = (1 << np.arange(self.valid.shape[0], dtype=np.int64))[:, None]
        return (self.valid.astype(np.int64) * weights).sum(axis=0)

    def __repr__(self) -> str:
        # The default would print every array.
        counts = np.bincount(np.asarray(self.count, dtype=np.int64)) if len(self.count) else []
        spread = ", ".join(f"{k}: {int(n)}" for k, n in enumerate(counts) if n)
        return f"Evaluation({len(self.count)} points; equilibria per point {{{spread}}})"

    def _repr_html_(self) -> str:
        counts = np.bincount(np.asarray(self.count, dtype=np.int64)) if len(self.count) else []
        fields = [
            ("points", len(self.count)),
            ("near a boundary", int(np.count_nonzero(self.boundary))),
            ("points with k equilibria", {k: int(n) for k, n in enumerate(counts) if n}),
        ]
        return html_record("Evaluation", fields)

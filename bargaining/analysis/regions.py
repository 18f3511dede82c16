"""Regions of a 1-D or 2-D slice of parameter space, each with its own set of equilibria.

Along one parameter the regions are exact: the intervals between consecutive tipping points
(:mod:`bargaining.analysis.thresholds`). Over two parameters each region is a set of pieces
of the parametric solution that hold together; its conditions are exact, and its shape is
sampled on a grid for plotting and for its share of the slice.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from bargaining.analysis.thresholds import (
    describe_equilibrium,
    find_thresholds,
    occurring_outcomes,
    rational_between,
)
from bargaining.display import html_record
from bargaining.errors import ParameterError
from bargaining.numbers import to_sympy

__all__ = ["Region", "find_regions"]


@dataclass(frozen=True, eq=False)
class Region:
    """One cell of a slice: where the same equilibria hold.

    Attributes
    ----------
    over:
        The one or two parameters of the slice.
    bounds:
        For a 1-D slice, the exact interval ``(low, high)`` of the parameter.
    mask:
        For a 2-D slice, a boolean grid (first parameter along axis 0) marking the region.
    share:
        The share of the slice the region covers (exact length share in 1-D, grid share in 2-D).
    point:
        A representative point inside the region (all parameters).
    pieces:
        Indices of the parametric solution's pieces that hold there.
    equilibria:
        The equilibria at the representative point, one line each.
    outcomes:
        Outcomes that occur with positive probability in some equilibrium there.
    conditions:
        The conditions of the pieces that hold, as readable inequalities.
    """

    over: tuple[str, ...]
    bounds: tuple[sympy.Expr, sympy.Expr] | None
    mask: np.ndarray | None
    share: float
    point: dict[str, object]
    pieces: tuple[int, ...]
    equilibria: tuple[str, ...]
    outcomes: frozenset[str]
    conditions: tuple[str, ...]

    def __repr__(self) -> str:
        where = (
            f"{self.bounds[0]} < {self.over[0]} < {self.bounds[1]}"
            if self.bounds is not None
            else f"{self.share:.0%} of the {' x '.join(self.over)} slice"
        )
        return f"Region({where}: {' | '.join(self.equilibria) or 'no equilibrium'})"

    def table_row(self) -> dict[str, object]:
        """This region as one row of a table (``solution.regions(...).to_pandas()``): the
        parameters of the slice, the interval (1-D), the share, pieces, equilibria, outcomes
        and conditions."""
        low, high = self.bounds if self.bounds is not None else (None, None)
        return {
            "over": " x ".join(self.over),
            "low": low,
            "high": high,
            "share": self.share,
            "pieces": self.pieces,
            "equilibria": " | ".join(self.equilibria),
            "outcomes": tuple(sorted(self.outcomes)),
            "conditions": " and ".join(self.conditions),
        }

    def _repr_html_(self) -> str:
        return html_record("Region", self.table_row().items())


def _conditions_text(solution, pieces: Sequence[int]) -> tuple[str, ...]:
    texts = []
    for index in pieces:
        texts.extend(solution.describe_conditions(solution.pieces[index]))
    return tuple(dict.fromkeys(texts))


def _region_at(solution, over, point, *, bounds=None, mask=None, share) -> Region:
    equilibria = solution.at(point)
    pieces = solution.active(point) or ()
    return Region(
        over=over,
        bounds=bounds,
        mask=mask,
        share=share,
        point=solution.space.validate(point),
        pieces=tuple(pieces),
        equilibria=tuple(describe_equilibrium(eq) for eq in equilibria),
        outcomes=occurring_outcomes(equilibria),
        conditions=_conditions_text(solution, pieces),
    )


def _one_dimensional(solution, parameter: str, fixed: dict) -> list[Region]:
    low, high = (to_sympy(solution.space[parameter].low), to_sympy(solution.space[parameter].high))
    values = [t.value for t in find_thresholds(solution, parameter, fixed)]
    edges = [low, *values, high]
    regions = []
    for left, right in itertools.pairwise(edges):
        point = {**fixed, parameter: rational_between(left, right)}
        share = float((right - left) / (high - low))
        regions.append(_region_at(solution, (parameter,), point, bounds=(left, right), share=share))
    return regions


def _two_dimensional(solution, over: tuple[str, str], fixed: dict, resolution: int) -> list[Region]:
    axes = []
    for name in over:
        parameter = solution.space[name]
        axes.append(np.linspace(float(parameter.low), float(parameter.high), resolution))
    mesh = np.meshgrid(*axes, indexing="ij")
    points = {name: np.full(mesh[0].size, float(value)) for name, value in fixed.items()}
    points.update({name: axis.ravel() for name, axis in zip(over, mesh, strict=True)})
    evaluation = solution.evaluate(points)
    signatures = evaluation.signatures().reshape(mesh[0].shape)
    interior = ~evaluation.boundary.reshape(mesh[0].shape)
    regions = []
    for signature in np.unique(signatures[interior]):
        mask = (signatures == signature) & interior
        # The representative point: the cell of the mask closest to the mask's centre.
        cells = np.argwhere(mask)
        centre = cells.mean(axis=0)
        chosen = cells[np.argmin(((cells - centre) ** 2).sum(axis=1))]
        point = dict(fixed)
        for name, axis, index in zip(over, axes, chosen, strict=True):
            point[name] = Fraction(float(axis[index])).limit_denominator(10**6)
        regions.append(_region_at(solution, over, point, mask=mask, share=float(mask.mean())))
    return sorted(regions, key=lambda region: -region.share)


def find_regions(
    solution,
    over: Sequence[str],
    fixed: Mapping[str, object] | None = None,
    *,
    resolution: int = 201,
) -> list[Region]:
    """The regions of a 1-D or 2-D slice. See :meth:`ParametricSolution.regions`."""
    over = tuple(over)
    if len(over) not in (1, 2) or len(set(over)) != len(over):
        raise ParameterError(f"regions are drawn over one or two distinct parameters, got {over}")
    for name in over:
        solution.space[name]  # raises for unknown names
    if resolution < 2:
        raise ParameterError(f"resolution must be at least 2, got {resolution}")
    base = solution.space.validate(dict(fixed or {}))
    fixed = {name: value for name, value in base.items() if name not in over}
    if len(over) == 1:
        return _one_dimensional(solution, over[0], fixed)
    return _two_dimensional(solution, over, fixed, resolution)

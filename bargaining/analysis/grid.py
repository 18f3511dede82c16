"""Cartesian grids of parameter values, generated chunk by chunk.

``grid(L=np.linspace(0, 1, 1001), W=np.linspace(0, 1, 101))`` is a point set in the form every
analysis function takes (parameter name -> equal-length 1-D arrays, one point per index), but
it stores only its axes: :meth:`Grid.chunk` builds any slice of the points on demand, so a sweep
over 10^8 grid points never holds them all.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from bargaining.errors import ParameterError

__all__ = ["Grid", "grid"]


@dataclass(frozen=True)
class Grid(Mapping[str, np.ndarray]):
    """The Cartesian product of parameter axes; the first axis varies slowest.

    As a mapping it gives each parameter's full column of values (built when asked for);
    sweeps read it chunk by chunk instead.

    Attributes
    ----------
    axes:
        ``(name, values)`` pairs, each a non-empty 1-D float array of finite values.

    Examples
    --------
    >>> points = grid(L=[0, 0.5, 1], W=[0, 1])
    >>> points.size, points.shape, list(points)
    (6, (3, 2), ['L', 'W'])
    >>> points["L"].tolist(), points["W"].tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    >>> points.chunk(2, 4)["W"].tolist()
    [0.0, 1.0]
    """

    axes: tuple[tuple[str, np.ndarray], ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The parameters the grid varies, in axis order."""
        return tuple(name for name, _ in self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of values on each axis."""
        return tuple(len(values) for _, values in self.axes)

    @property
    def size(self) -> int:
        """The number of points: the product of the axis lengths."""
        return math.prod(self.shape)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Points ``start`` to ``stop - 1`` (in the order of the full columns) as arrays."""
        start, stop = max(0, start), min(stop, self.size)
        indices = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
        pairs = zip(self.axes, indices, strict=True)
        return {name: values[index] for (name, values), index in pairs}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.names:
            raise KeyError(name)
        return self.chunk(0, self.size)[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.axes)  # the number of parameters, as for a dict of arrays

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Grid):
            return NotImplemented
        return self.names == other.names and all(
            np.array_equal(a, b) for (_, a), (_, b) in zip(self.axes, other.axes, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]  # holds arrays: not hashable


def grid(**axes: object) -> Grid:
    """A Cartesian grid of parameter values, built lazily.

    Parameters
    ----------
    **axes:
        Parameter name -> the values to take (a non-empty 1-D sequence of finite numbers).
        Parameters not named keep their baseline; ranges are checked against the target's
        parameter space when the grid is swept.

    Raises
    ------
    ParameterError
        No axes, an empty or non-1-D axis, non-finite values.

    Examples
    --------
    >>> points = grid(L=np.linspace(0, 1, 1001), W=np.linspace(0, 1, 101))
    >>> points.size
    101101
    >>> grid(L=[])
    Traceback (most recent call last):
    ...
    bargaining.errors.ParameterError: grid axis 'L' is empty; give at least one value
    """
    if not axes:
        raise ParameterError("grid needs at least one axis, e.g. grid(L=np.linspace(0, 1, 11))")
    clean = []
    for name, values in axes.items():
        try:
            array = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError(f"grid axis {name!r} must be numbers, got {values!r}") from None
        if array.ndim != 1:
            raise ParameterError(f"grid axis {name!r} must be 1-D, got shape {array.shape}")
        if array.size == 0:
            raise ParameterError(f"grid axis {name!r} is empty; give at least one value")
        if not np.all(np.isfinite(array)):
            raise ParameterError(f"grid axis {name!r} has non-finite values")
        array.flags.writeable = False
        clean.append((name, array))
    return Grid(tuple(clean))

"""The parameter box a parametric solution lives in, and the points it is evaluated at.

Shared by the solvers that build :class:`~bargaining.analysis.solution.ParametricSolution`
objects (normal-form games and trees) and by sweep targets.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy

from bargaining.analysis.conditions import Box
from bargaining.analysis.sign_intervals import nonnegative_set
from bargaining.errors import ParameterError
from bargaining.numbers import to_sympy
from bargaining.params import Parameter, ParameterSpace

__all__ = [
    "default_space",
    "exact_value",
    "one_parameter_interval",
    "parameter_box",
    "point_arrays",
]


def default_space(game: object) -> ParameterSpace:
    """The space assumed for a game given without one: each of its parameters ranges over
    [0, 1] with baseline 1/2, and says so in its description.

    >>> L = sympy.Symbol("L")
    >>> from bargaining.games.normal_form import NormalFormGame
    >>> space = default_space(NormalFormGame.from_arrays([[[L]], [[1]]]))
    >>> space["L"].low, space["L"].high, space["L"].description
    (0, 1, 'range assumed')
    """
    half = sympy.Rational(1, 2)
    return ParameterSpace(
        [
            Parameter(symbol.name, 0, 1, half, description="range assumed")
            for symbol in game.parameters
        ]
    )


def parameter_box(space: ParameterSpace) -> Box:
    """Symbol -> (low, high), exact, of every parameter of a space.

    >>> parameter_box(ParameterSpace([Parameter("L", 0, 1, 0.5)]))
    {L: (0, 1)}
    """
    return {
        parameter.symbol: (to_sympy(parameter.low), to_sympy(parameter.high)) for parameter in space
    }


def one_parameter_interval(conditions: list[sympy.Expr], box: Box) -> list[sympy.Expr] | None:
    """Conditions in a single parameter, solved exactly into ``low <= p <= high`` form.

    Returns None when they hold on no interval of positive length (at most a boundary point),
    and the conditions unchanged when they involve several parameters or do not describe one
    interval.

    >>> L = sympy.Symbol("L")
    >>> one_parameter_interval([L - sympy.Rational(1, 3), 1 - 2 * L], {L: (0, 1)})
    [L - 1/3, 1/2 - L]
    >>> one_parameter_interval([L - 2], {L: (0, 1)}) is None
    True
    """
    symbols = (
        set().union(*(condition.free_symbols for condition in conditions)) if conditions else set()
    )
    if len(symbols) != 1 or next(iter(symbols)) not in box:
        return conditions
    (symbol,) = symbols
    low, high = box[symbol]
    region = sympy.Interval(low, high)
    try:
        for condition in conditions:
            region &= nonnegative_set(condition, symbol, low, high)
    except (NotImplementedError, ValueError, TypeError, sympy.PolynomialError):
        return conditions
    if isinstance(region, sympy.Union):  # isolated points are boundaries: drop them
        region = sympy.Union(*(part for part in region.args if part.measure > 0))
    if region.is_empty or region.measure == 0:
        return None
    if not isinstance(region, sympy.Interval) or region.has(sympy.CRootOf):
        # A union of intervals, or ends with no radical form (numpy cannot evaluate CRootOf):
        # keep the conditions that describe it.
        return conditions
    bounds = []
    if region.start > low:
        bounds.append(symbol - region.start)
    if region.end < high:
        bounds.append(region.end - symbol)
    return bounds


def point_arrays(space: ParameterSpace, points: Mapping[str, object]) -> tuple[dict, int]:
    """Validate a point set (name -> equal-length 1-D arrays) and fill in baselines.

    Returns every parameter's array and the number of points.

    Raises
    ------
    ParameterError
        Unknown parameters, arrays that are not 1-D, differ in length or are empty,
        non-finite values and values outside a parameter's range.

    >>> space = ParameterSpace([Parameter("L", 0, 1, 0.5), Parameter("W", 0, 1, 0.25)])
    >>> arrays, size = point_arrays(space, {"L": [0.1, 0.2]})
    >>> size, arrays["W"].tolist()
    (2, [0.25, 0.25])
    """
    arrays = {}
    for name, values in points.items():
        parameter = space[name]
        array = np.asarray(values, dtype=float)
        if array.ndim != 1:
            raise ParameterError(f"points[{name!r}] must be a 1-D array, got shape {array.shape}")
        low, high = float(parameter.low), float(parameter.high)
        # Two fast reductions check the usual, valid case (NaN fails both comparisons); only
        # a failure pays for finding the offending value.
        if array.size and not (array.min() >= low and array.max() <= high):
            if not np.all(np.isfinite(array)):
                raise ParameterError(f"points[{name!r}] has non-finite values")
            outside = (array < low) | (array > high)
            raise ParameterError(
                f"points[{name!r}]: value {array[outside][0]} is outside the range [{low}, {high}]"
            )
        arrays[name] = array
    lengths = {len(array) for array in arrays.values()}
    if len(lengths) > 1:
        raise ParameterError(f"point arrays must have equal lengths, got {sorted(lengths)}")
    size = lengths.pop() if lengths else 1
    if size == 0:
        raise ParameterError("no points given (the arrays are empty)")
    for parameter in space:
        if parameter.name not in arrays:  # not setdefault: it would build the array every time
            arrays[parameter.name] = np.full(size, float(parameter.baseline))
    return arrays, size


def exact_value(expression: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    """An expression's exact value at a point (symbol -> exact value).

    >>> L = sympy.Symbol("L")
    >>> exact_value(1 - L / 2, {L: sympy.Rational(1, 3)})
    5/6
    """
    value = expression.xreplace(point)
    return value if value.is_number else sympy.simplify(value)

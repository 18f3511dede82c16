"""Tornado analysis: one parameter at a time from the low to the high end of its range.

Each parameter in turn is set to a low and a high value, the others held at the point of
interest (the baseline by default), and the outcome's probability is read at both ends. The
parameters are ranked by their *swing*, the spread of the three values (low end, point, high
end): for a monotone effect this is ``|y(high) - y(low)|``, the usual tornado bar length
(Clemen and Reilly 2001, *Making Hard Decisions*, ch. 5), and a non-monotone effect (both
ends giving a ceasefire, the baseline not) is not hidden.

One-at-a-time swings ignore interactions and the parameters' distributions: Monte Carlo
(:mod:`bargaining.analysis.monte_carlo`) and Sobol indices (:mod:`bargaining.analysis.sobol`)
account for both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import sympy

from bargaining.analysis.measures import Statistic, as_target, outcome_values
from bargaining.display import data_frame, html_fields, html_record, records_table
from bargaining.errors import ParameterError
from bargaining.numbers import to_sympy
from bargaining.params import Parameter, ParameterSpace
from bargaining.solvers.concepts import DEFAULT, solution_concept

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Tornado", "TornadoBar", "tornado", "tornadoes"]


@dataclass(frozen=True)
class TornadoBar:
    """One parameter's bar: the outcome's probability at the two ends of its swing.

    Attributes
    ----------
    parameter:
        The parameter that moves.
    low, high:
        The parameter's values at the two ends.
    at_low, at_high:
        The outcome's probability there.
    swing:
        ``max - min`` of the probability at the low end, the point and the high end.
    unit:
        The parameter's unit (for labels).
    """

    parameter: str
    low: float
    high: float
    at_low: float
    at_high: float
    swing: float
    unit: str = ""

    def _repr_html_(self) -> str:
        return html_fields(self, title=f"Tornado bar of {self.parameter}")


@dataclass(frozen=True)
class Tornado:
    """What :func:`tornado` returns.

    Attributes
    ----------
    outcome, statistic:
        The outcome whose probability is read, and over the equilibria how (``"max"``,
        ``"min"``).
    point:
        The values the other parameters are held at.
    baseline:
        The outcome's probability at the point.
    share:
        The share of the distance to each end of the range that each parameter moves.
    bars:
        One bar per parameter, largest swing first.
    concept:
        What the statistic is taken over (``"Nash equilibria"``, ``"correlated equilibria"``:
        a mediator's reach).
    """

    outcome: str
    statistic: str
    point: Mapping[str, float]
    baseline: float
    share: float
    bars: tuple[TornadoBar, ...]
    concept: str = ""

    def table(self) -> list[dict[str, object]]:
        """The bars as dictionaries (``parameter, low, high, at_low, at_high, swing``)."""
        columns = ("parameter", "low", "high", "at_low", "at_high", "swing")
        return [{column: getattr(bar, column) for column in columns} for bar in self.bars]

    def plot(self, ax: Axes | None = None) -> Axes:
        """A tornado diagram: a bar to each end's value per parameter, the largest swing on
        top; draws into ``ax`` (a new figure when None) and returns it.

        >>> from bargaining.model import load_model
        >>> result = tornado(load_model("models/chicken.toml"), "crash")
        >>> len(result.plot().patches) == 2 * len(result.bars)
        True
        """
        from bargaining.analysis.plots import plot_tornado

        return plot_tornado(self, ax)

    def to_pandas(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (pandas is an optional extra)."""
        return data_frame(self.table(), what="Tornado.to_pandas")

    def _repr_html_(self) -> str:
        fields = [
            ("baseline", self.baseline),
            ("swing share", self.share),
            ("at", dict(self.point)),
        ]
        title = f"Tornado of the {self.statistic} probability of {self.outcome}"
        return html_record(title, fields, parts=[records_table(self.table())])

    def __repr__(self) -> str:
        # One bar per parameter: the widest few say what matters in a terminal.
        bars = ", ".join(f"{bar.parameter}: {bar.swing:.3g}" for bar in self.bars[:4])
        more = f", … {len(self.bars) - 4} more" if len(self.bars) > 4 else ""
        head = f"{self.statistic} P({self.outcome}) = {self.baseline:.3g}"
        return f"Tornado({head}; swings {bars}{more})"


def _swing_ends(parameter: Parameter, x: object, share: float) -> tuple[float, float]:
    """The two ends of a parameter's swing, computed exactly and clipped to its range: in floats
    ``0.5 - 1.0 * (0.5 - 0.1)`` is ``0.09999999999999998``, outside ``[0.1, 0.9]``."""
    low, high, exact_x = (to_sympy(value) for value in (parameter.low, parameter.high, x))
    exact_share = sympy.Rational(Fraction(share))
    ends = (exact_x - exact_share * (exact_x - low), exact_x + exact_share * (high - exact_x))
    return tuple(float(min(max(end, low), high)) for end in ends)


def tornado(
    target: object,
    outcome: str,
    *,
    statistic: Statistic = "max",
    share: float = 1.0,
    at: Mapping[str, object] | None = None,
    concept: str = DEFAULT,
) -> Tornado:
    """One-at-a-time swings of an outcome's probability across each parameter's range.

    Parameters
    ----------
    target:
        A game, a :class:`~bargaining.analysis.ParametricSolution`, a model or a ``(model,
        game name)`` pair (see :func:`~bargaining.analysis.target.resolve_target`); evaluated
        from its parametric solution where it has one, point by point otherwise.
    outcome:
        The outcome whose probability is read (e.g. ``"ceasefire"``).
    statistic:
        ``"max"`` (the equilibrium most favourable to the outcome) or ``"min"``.
    share:
        How far each parameter moves, as a share of the distance from the point to each end
        of its range: 1 (default) swings over the whole range, 0.5 halfway to each end.
    at:
        The point the other parameters are held at (baselines where left out).
    concept:
        The solution concept (``"correlated"``: the mediator's highest or lowest reach).

    Returns
    -------
    Tornado
        Bars sorted by swing, largest first (ties in declaration order).

    Examples
    --------
    >>> from bargaining import NormalFormGame, Parameter, ParameterSpace, parametric_equilibria
    >>> space = ParameterSpace([Parameter("a", -1, 1, 0.5), Parameter("b", 0, 1, 0.5)])
    >>> a = space.symbols["a"]
    >>> game = NormalFormGame.from_arrays([[[a], [0]], [[0], [0]]],
    ...                                   outcomes=[["truce"], ["war"]])
    >>> result = tornado(parametric_equilibria(game, space), "truce", statistic="min")
    >>> [(bar.parameter, bar.at_low, bar.at_high, bar.swing) for bar in result.bars]
    [('a', 0.0, 1.0, 1.0), ('b', 1.0, 1.0, 0.0)]
    """
    (result,) = tornadoes(
        target, [outcome], statistic=statistic, share=share, at=at, concept=concept
    )
    return result


def tornadoes(
    target: object,
    outcomes: Sequence[str],
    *,
    statistic: Statistic = "max",
    share: float = 1.0,
    at: Mapping[str, object] | None = None,
    concept: str = DEFAULT,
) -> tuple[Tornado, ...]:
    """The :func:`tornado` of each of several outcomes, from one evaluation of the swing points.

    Every point (the point of interest and each parameter's two ends) is solved once and each
    outcome read from its equilibria, so a target solved point by point costs what one
    tornado costs, however many outcomes are asked for. The arguments are those of
    :func:`tornado`, with a sequence of outcomes.

    Returns
    -------
    tuple of Tornado
        One per outcome, in the order given.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> crash, row_payoff = tornadoes(load_model("models/chicken.toml"), ["crash", "payoff Row"])
    >>> crash == tornado(load_model("models/chicken.toml"), "crash")
    True
    """
    if not (np.isfinite(share) and 0 < share <= 1):
        raise ParameterError(f"share must be in (0, 1], got {share!r}")
    target = as_target(target, concept)
    space = target.space
    exact_point = space.validate(dict(at or {}))
    point = {name: float(value) for name, value in exact_point.items()}
    ends = [_swing_ends(parameter, exact_point[parameter.name], share) for parameter in space]
    # Point 0 is the point itself; then each parameter's low and high end.
    columns = {name: [point[name]] for name in space.names}
    for index, name in enumerate(space.names):
        for end in ends[index]:
            for other in space.names:
                columns[other].append(end if other == name else point[other])
    evaluated = target.evaluate({name: np.array(column) for name, column in columns.items()})
    over = solution_concept(target.game, target.concept).plural
    return tuple(
        _tornado_of(
            outcome_values(evaluated, outcome, statistic),
            outcome=outcome,
            statistic=statistic,
            share=share,
            point=point,
            ends=ends,
            space=space,
            over=over,
        )
        for outcome in outcomes
    )


def _tornado_of(
    values: np.ndarray,
    *,
    outcome: str,
    statistic: str,
    share: float,
    point: Mapping[str, float],
    ends: Sequence[tuple[float, float]],
    space: ParameterSpace,
    over: str,
) -> Tornado:
    """The tornado of one outcome from its values at the swing points: the point itself, then
    each parameter's low and high end."""
    baseline = float(values[0])
    bars = []
    for index, name in enumerate(space.names):
        at_low, at_high = float(values[1 + 2 * index]), float(values[2 + 2 * index])
        spread = [at_low, baseline, at_high]
        bars.append(
            TornadoBar(
                parameter=name,
                low=ends[index][0],
                high=ends[index][1],
                at_low=at_low,
                at_high=at_high,
                swing=float(np.nanmax(spread) - np.nanmin(spread)),
                unit=space[name].unit,
            )
        )
    bars.sort(key=lambda bar: -bar.swing)
    return Tornado(outcome, statistic, point, baseline, share, tuple(bars), over)

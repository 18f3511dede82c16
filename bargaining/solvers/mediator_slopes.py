"""How fast a mediator's reach moves with each lever: exact derivatives from the optimal basis.

Along one lever, with the others fixed, the highest (and lowest) probability of an outcome over
the correlated equilibria is a rational function of the lever on each piece where one optimal
basis stays optimal (:func:`~bargaining.solvers.mediator_pieces.mediator_pieces`; parametric
programming, Gal 1995, ch. 4). Inside a piece the derivative is that function's derivative, in
exact arithmetic; at a tipping point the two sides' pieces give one-sided derivatives, and where
they differ the derivative does not exist. Only the pieces in a narrow window around the point
are computed, so each lever costs a few exact basis solves. Where no basis can be certified on
an interval (a degenerate LP whose float solution reads no square basis), the row is a central
difference quotient of the float bounds with step 1e-6 of the lever's range instead, and says
so in its ``method``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import sympy

from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number, normalize_number, to_sympy
from bargaining.params import ParameterSpace
from bargaining.solvers.correlated import correlated_equilibria
from bargaining.solvers.mediator_bounds import mediator_bounds
from bargaining.solvers.mediator_pieces import mediator_pieces

__all__ = ["mediator_slopes"]

#: The window around the point along each lever, as a share of the lever's range.
WINDOW = Fraction(1, 1000)
_STEP = 1e-6  # the difference quotient's step, as a share of the lever's range


def mediator_slopes(
    game: NormalFormGame,
    space: ParameterSpace,
    point: Mapping[str, Number],
    *,
    levers: Sequence[str] | None = None,
    lowest: bool = True,
) -> tuple[list[dict[str, object]], tuple[str, ...]]:
    """Exact derivatives of the mediator's highest and lowest probability of each outcome.

    Parameters
    ----------
    game:
        A game with symbolic payoffs whose profiles name outcomes.
    space:
        The parameters, for their ranges.
    point:
        A value of every parameter, exact (a float is read as the fraction it equals).
    levers:
        The parameters to differentiate along (default: every parameter of ``space``).
    lowest:
        Whether to give the lowest bound's rows too (a report shows only the highest's).

    Returns
    -------
    rows, tipping:
        One row per bound (``"mediator's highest"`` or ``"mediator's lowest"``), outcome and
        parameter, with the fields of :class:`~bargaining.analysis.sensitivity.Derivative`;
        and the parameters along which the point is a tipping point of some bound.

    Examples
    --------
    Chicken where swerving alone costs ``t``: a mediator reaches mutual swerving with
    probability ``(10 - t)/(12 - t)``, whose derivative at ``t = 1/2`` is ``-2/(23/2)^2``.

    >>> from bargaining import Parameter
    >>> space = ParameterSpace([Parameter("t", 0, 1, 0.5)])
    >>> t = space.symbols["t"]
    >>> chicken = NormalFormGame.from_arrays([[[0, -t], [1, -10]], [[0, 1], [-t, -10]]],
    ...     outcomes=[["peace", "B wins"], ["A wins", "crash"]])
    >>> rows, tipping = mediator_slopes(chicken, space, {"t": Fraction(1, 2)})
    >>> [(r["value"], r["derivative"]) for r in rows if r["quantity"] == "P(peace)"][0]
    (Fraction(19, 23), Fraction(-8, 529))
    """
    used = {symbol.name for symbol in game.parameters}
    outcomes = tuple(dict.fromkeys(game.outcomes.flat)) if game.outcomes is not None else ()
    rows, tipping = [], []
    bounds = ((True, "mediator's highest"), (False, "mediator's lowest"))
    for maximize, label in bounds if lowest else bounds[:1]:
        for outcome in outcomes:
            best = correlated_equilibria(game, objective=outcome, maximize=maximize, at=point)
            for parameter in space:
                name = parameter.name
                if levers is not None and name not in levers:
                    continue
                x = to_sympy(point[name])
                how, jumps = "exact", False
                if name not in used:
                    left = right = sympy.Integer(0)
                else:
                    try:
                        left, right, jumps = _one_sided(game, outcome, parameter, point, maximize)
                    except GameError:
                        left = right = _quotient(game, outcome, parameter, point, maximize)
                        how = "difference quotient"
                if jumps or (left is not None and right is not None and left != right):
                    tipping.append(name)
                derivative = left if left == right and not jumps else None
                rows.append(
                    {
                        "equilibrium": label,
                        "quantity": f"P({outcome})",
                        "parameter": name,
                        "value": best.value,
                        "derivative": _number(derivative),
                        "left": _number(left),
                        "right": _number(right),
                        "elasticity": _number(
                            None
                            if derivative is None or best.value == 0
                            else derivative * x / to_sympy(best.value)
                        ),
                        "method": how,
                    }
                )
    return rows, tuple(dict.fromkeys(tipping))


def _one_sided(
    game: NormalFormGame, outcome: str, parameter, point: Mapping[str, Number], maximize: bool
) -> tuple[sympy.Expr | None, sympy.Expr | None, bool]:
    """The derivative just left and just right of the point along ``parameter`` (at an end
    of its range, both are the one from inside), and whether the bound jumps there."""
    low, high = to_sympy(parameter.low), to_sympy(parameter.high)
    x = to_sympy(point[parameter.name])
    width = (high - low) * to_sympy(WINDOW)
    start, stop = max(low, x - width), min(high, x + width)
    others = {k: v for k, v in point.items() if k != parameter.name}
    found = mediator_pieces(
        game, outcome, parameter.name, low=start, high=stop, at=others, maximize=maximize
    )
    symbol = next(s for s in game.parameters if s.name == parameter.name)
    slopes, limits = {}, {}
    for piece in found.pieces:
        slope = sympy.diff(piece.value, symbol).subs(symbol, x)
        if bool(piece.low < x) and bool(x < piece.high):
            return slope, slope, False
        side = "left" if piece.high == x else "right" if piece.low == x else None
        if side is not None:
            slopes[side], limits[side] = slope, piece.value.subs(symbol, x)
    left, right = slopes.get("left"), slopes.get("right")
    jumps = len(limits) == 2 and sympy.simplify(limits["left"] - limits["right"]) != 0
    return (left if x > low else right), (right if x < high else left), jumps


def _quotient(
    game: NormalFormGame, outcome: str, parameter, point: Mapping[str, Number], maximize: bool
) -> sympy.Expr:
    """A central difference quotient of the float bound (one-sided at an end of the range)."""
    low, high = float(parameter.low), float(parameter.high)
    x = float(point[parameter.name])
    step = _STEP * (high - low)
    ends = [max(low, x - step), min(high, x + step)]
    points = {k: [float(v)] * 2 for k, v in point.items()}
    points[parameter.name] = ends
    found = mediator_bounds(game, points)
    values = (found.outcome_max if maximize else found.outcome_min)[outcome]
    return sympy.Float((values[1] - values[0]) / (ends[1] - ends[0]))


def _number(value: object) -> Number | None:
    if value is None:
        return None
    if isinstance(value, sympy.Float):
        return float(value)
    return normalize_number(sympy.nsimplify(value))

"""Local sensitivity: how the equilibria at a point move when one parameter moves.

For every equilibrium at a point, every quantity it determines (each player's probability of
each strategy it plays, each player's expected payoff, each outcome's probability) and every
parameter ``x``, :func:`sensitivity` gives the derivative ``dy/dx`` and the elasticity
``(dy/dx) (x / y)``, the percentage change of ``y`` per percent change of ``x``.

Exact where the game has a parametric solution: each equilibrium is a piece whose strategies
and payoffs are rational functions of the parameters, so the derivative is the derivative of
that function at the point, computed in exact arithmetic on the function restricted to the
line through the point along ``x``. A point can sit on a region boundary, where pieces appear
or disappear as ``x`` crosses it: there the aggregate quantities (the probability of a
ceasefire in the best equilibrium, say) jump and have no derivative, and an equilibrium that
exists on one side only has a one-sided derivative. Which pieces hold on each side is decided
exactly from the lowest-order non-zero Taylor coefficient of each condition along the line.

Without a parametric solution, derivatives are estimated by finite differences of the
aggregate quantities (min and max over the equilibria) with Richardson extrapolation of
central differences (Richardson 1911; error ``O(h^4)`` for smooth functions, see e.g.
Press et al. 2007, *Numerical Recipes*, section 5.7), with the step ``h`` a fraction of each
parameter's range. A region boundary is then detected when the set of equilibrium pieces (or
their number) differs across the stencil; one-sided derivatives come from quadratic
extrapolation of the points on each side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import sympy

from bargaining.analysis.measures import as_target
from bargaining.analysis.target import PointValues, Target
from bargaining.analysis.thresholds import exact_decimal
from bargaining.display import data_frame, html_fields, html_record, records_table
from bargaining.errors import ParameterError
from bargaining.numbers import Number, normalize_number, to_sympy
from bargaining.solvers.concepts import DEFAULT, solution_concept

__all__ = ["Derivative", "Sensitivity", "sensitivity"]

Method = Literal["auto", "exact", "finite-difference"]

#: Default finite-difference step, as a fraction of each parameter's range.
DEFAULT_STEP = 1e-3


@dataclass(frozen=True)
class Derivative:
    """One row of a sensitivity table: how one quantity of one equilibrium moves with one
    parameter.

    Attributes
    ----------
    equilibrium:
        Which equilibrium: who plays what (``"Russia: condition; Ukraine: accept"``), or for
        finite differences ``"min over equilibria"`` / ``"max over equilibria"``.
    quantity:
        ``"P(outcome)"``, ``"payoff PLAYER"`` or ``"PLAYER: strategy"`` (a probability).
    parameter:
        The parameter that moves.
    value:
        The quantity at the point (None when it is not defined there).
    derivative:
        ``dy/dx``; None where it does not exist (the point is on a boundary along this
        parameter and the two one-sided derivatives differ, or the equilibrium exists on one
        side only).
    left, right:
        One-sided derivatives; None on a side where this equilibrium does not exist. At an end
        of the parameter's range both are the derivative from inside the range.
    elasticity:
        ``derivative * x / value``; None where the derivative does not exist or ``value`` is 0.
    method:
        ``"exact"`` or ``"finite difference"``.
    """

    equilibrium: str
    quantity: str
    parameter: str
    value: Number | None
    derivative: Number | None
    left: Number | None
    right: Number | None
    elasticity: Number | None
    method: str

    def _repr_html_(self) -> str:
        return html_fields(self, title=f"d {self.quantity} / d {self.parameter}")


@dataclass(frozen=True)
class Sensitivity:
    """What :func:`sensitivity` returns: derivatives and elasticities at one point.

    Attributes
    ----------
    point:
        Every parameter's value at the point.
    rows:
        One :class:`Derivative` per equilibrium, quantity and parameter.
    boundary:
        The parameters along which the point sits on a region boundary (the equilibria just
        below and just above differ): aggregate quantities have no derivative along them.
    method:
        ``"exact"`` or ``"finite difference"``.
    """

    point: Mapping[str, Number]
    rows: tuple[Derivative, ...]
    boundary: tuple[str, ...]
    method: str

    @property
    def on_boundary(self) -> bool:
        """Whether the point sits on a region boundary along some parameter."""
        return bool(self.boundary)

    def table(self) -> list[dict[str, object]]:
        """The rows as dictionaries (``equilibrium, quantity, parameter, value, derivative,
        left, right, elasticity``), ready for printing or ``pandas.DataFrame``."""
        columns = (
            "equilibrium",
            "quantity",
            "parameter",
            "value",
            "derivative",
            "left",
            "right",
            "elasticity",
        )
        return [{column: getattr(row, column) for column in columns} for row in self.rows]

    def derivative(self, quantity: str, parameter: str, equilibrium: str | None = None) -> Number:
        """The derivative of ``quantity`` with respect to ``parameter`` (of ``equilibrium``
        when there are several). Raises :class:`ParameterError` when there is no such row or
        the derivative does not exist."""
        matches = [
            row
            for row in self.rows
            if row.quantity == quantity
            and row.parameter == parameter
            and (equilibrium is None or row.equilibrium == equilibrium)
        ]
        if len(matches) != 1:
            known = sorted({row.quantity for row in self.rows})
            raise ParameterError(
                f"{len(matches)} rows for quantity {quantity!r} and parameter {parameter!r}"
                f"{'' if equilibrium is None else f' in equilibrium {equilibrium!r}'}; "
                f"expected one (quantities: {', '.join(known)}; name the equilibrium when "
                "there are several)"
            )
        if matches[0].derivative is None:
            raise ParameterError(
                f"the derivative of {quantity!r} with respect to {parameter!r} does not exist "
                "at this point (a region boundary): see the rows' left and right derivatives"
            )
        return matches[0].derivative

    def to_pandas(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (pandas is an optional extra)."""
        return data_frame(self.table(), what="Sensitivity.to_pandas")

    def _repr_html_(self) -> str:
        fields = [("at", dict(self.point)), ("method", self.method)]
        if self.boundary:
            fields.append(("on a boundary of", self.boundary))
        return html_record("Sensitivity", fields, parts=[records_table(self.table())])

    def __repr__(self) -> str:
        # The default prints every row; a model has hundreds (the table is the readable form).
        point = ", ".join(f"{name}={value}" for name, value in self.point.items())
        flag = f"; on a boundary of {', '.join(self.boundary)}" if self.boundary else ""
        return f"Sensitivity(at {point}: {len(self.rows)} derivatives, {self.method}{flag})"


def sensitivity(
    target: object,
    at: Mapping[str, object] | None = None,
    *,
    method: Method = "auto",
    step: float = DEFAULT_STEP,
    concept: str = DEFAULT,
) -> Sensitivity:
    """Derivatives and elasticities of the equilibria at a point with respect to every
    parameter.

    Parameters
    ----------
    target:
        A game, a :class:`~bargaining.analysis.ParametricSolution`, a model or a ``(model,
        game name)`` pair (see :func:`~bargaining.analysis.target.resolve_target`).
    at:
        Parameter values (the others keep their baselines); the baseline when omitted. Floats
        are read as the decimals they print as (``0.8`` is ``4/5``), as model files read them.
    method:
        ``"exact"`` (from the symbolic solution), ``"finite-difference"``, or ``"auto"``
        (exact where the target has a symbolic solution).
    step:
        The finite-difference step as a fraction of each parameter's range.
    concept:
        The solution concept. ``"correlated"``: the mediator's highest and lowest probability
        of each outcome, differentiated exactly from the optimal basis's formula
        (:func:`~bargaining.solvers.mediator_slopes.mediator_slopes`).

    Returns
    -------
    Sensitivity

    Examples
    --------
    >>> from bargaining import NormalFormGame, Parameter, ParameterSpace, parametric_equilibria
    >>> space = ParameterSpace([Parameter("a", 1, 3, 2)])
    >>> a = space.symbols["a"]
    >>> matching = NormalFormGame.from_arrays(
    ...     [[[a, 0], [0, 1]], [[0, 1], [1, 0]]], players=("Row", "Column"))
    >>> result = sensitivity(parametric_equilibria(matching, space))
    >>> result.derivative("payoff Row", "a")  # a / (1 + a), at a = 2
    Fraction(1, 9)
    >>> [row.elasticity for row in result.rows if row.quantity == "payoff Row"]
    [Fraction(1, 3)]
    """
    if method not in ("auto", "exact", "finite-difference"):
        raise ParameterError(
            f"unknown method {method!r}; expected 'auto', 'exact' or 'finite-difference'"
        )
    if not (np.isfinite(step) and 0 < step <= 0.25):
        raise ParameterError(f"step must be a fraction of the range in (0, 0.25], got {step!r}")
    target = as_target(target, concept)
    values = target.space.validate({name: exact_decimal(v) for name, v in dict(at or {}).items()})
    slopes = solution_concept(target.game, target.concept).slopes
    if slopes is not None and method != "finite-difference":  # bounds over a set of solutions
        rows, boundary = slopes(target.game, target.space, values)
        return Sensitivity(values, tuple(Derivative(**row) for row in rows), boundary, "exact")
    if method == "exact" and target.solution is None:
        raise ParameterError(
            "exact derivatives need a parametric solution, and this target is solved point "
            "by point; use method='finite-difference' (or 'auto')"
        )
    if method != "finite-difference" and target.solution is not None:
        rows, boundary = _exact_rows(target, values)
        return Sensitivity(values, tuple(rows), boundary, "exact")
    rows, boundary = _finite_difference_rows(target, values, step)
    return Sensitivity(values, tuple(rows), boundary, "finite difference")


# -- exact derivatives from the parametric solution ---------------------------------------------


def _exact_rows(
    target: Target, values: Mapping[str, Number]
) -> tuple[list[Derivative], tuple[str, ...]]:
    solution = target.solution
    space = solution.space
    point = {space[name].symbol: to_sympy(value) for name, value in values.items()}
    # The target's labels: a tree's pieces play the strategies of its reduced normal form.
    players, strategies = target.players, target.strategy_labels()
    labels = [_piece_label(players, strategies, piece) for piece in solution.pieces]
    quantities = [_piece_quantities(players, strategies, piece) for piece in solution.pieces]
    rows, boundary = [], []
    for parameter in space:
        symbol = parameter.symbol
        x = point[symbol]
        others = {s: v for s, v in point.items() if s != symbol}
        at_low, at_high = x == to_sympy(parameter.low), x == to_sympy(parameter.high)
        sides = []
        for piece in solution.pieces:
            left, right = _holds_near(piece, symbol, x, others)
            # At an end of the range only the inside counts.
            sides.append((right if at_low else left, left if at_high else right))
        if {i for i, s in enumerate(sides) if s[0]} != {i for i, s in enumerate(sides) if s[1]}:
            boundary.append(parameter.name)
        for index, (left_holds, right_holds) in enumerate(sides):
            if not (left_holds or right_holds):
                continue
            for quantity, expression in quantities[index]:
                value, slope = _value_and_slope(expression, symbol, x, others)
                left = slope if left_holds else None
                right = slope if right_holds else None
                derivative = slope if left_holds and right_holds else None
                rows.append(
                    Derivative(
                        equilibrium=labels[index],
                        quantity=quantity,
                        parameter=parameter.name,
                        value=_number(value),
                        derivative=_number(derivative),
                        left=_number(left),
                        right=_number(right),
                        elasticity=_number(_elasticity(derivative, x, value)),
                        method="exact",
                    )
                )
    return rows, tuple(boundary)


def _piece_label(players, labels, piece) -> str:
    """Who plays what in a piece: ``Russia: condition; Ukraine: accept, concede``."""
    return "; ".join(
        f"{player}: " + ", ".join(labels[i][j] for j in piece.supports[i])
        for i, player in enumerate(players)
    )


def _piece_quantities(players, labels, piece) -> list[tuple[str, sympy.Expr]]:
    quantities = []
    for i, player in enumerate(players):
        for j in piece.supports[i]:
            quantities.append((f"{player}: {labels[i][j]}", piece.strategies[i][j]))
    for i, player in enumerate(players):
        quantities.append((f"payoff {player}", piece.payoffs[i]))
    for outcome, probability in piece.outcome_probabilities:
        quantities.append((f"P({outcome})", probability))
    return quantities


def _line(
    expression: sympy.Expr, symbol: sympy.Symbol, others: Mapping[sympy.Symbol, sympy.Expr]
) -> tuple[sympy.Poly, sympy.Poly]:
    """The expression along the line through the point in the direction of ``symbol``: a
    univariate rational function as a cancelled numerator and denominator.

    Raises :class:`sympy.PolynomialError` when it is not rational in ``symbol`` (a payoff
    with ``sqrt`` or ``exp`` of a parameter).
    """
    restricted = sympy.cancel(sympy.together(sympy.sympify(expression).xreplace(others)))
    numerator, denominator = sympy.fraction(restricted)
    return sympy.Poly(numerator, symbol), sympy.Poly(denominator, symbol)


#: Highest derivative order tried when an expression along the line is not rational.
_MAX_ORDER = 8


def _signs_near(polynomial: sympy.Poly, x: sympy.Expr) -> tuple[int, int]:
    """The sign of a polynomial just left and just right of ``x`` (0: identically zero).

    With ``p(x + t) = c_m t^m + ...`` and ``c_m`` the lowest non-zero coefficient, the sign
    is ``sign(c_m)`` for small ``t > 0`` and ``(-1)^m sign(c_m)`` for small ``t < 0``.
    """
    coefficients = polynomial.to_field().shift(x).all_coeffs()[::-1]
    return _taylor_signs(coefficients)


def _taylor_signs(coefficients) -> tuple[int, int]:
    for order, coefficient in enumerate(coefficients):
        if coefficient != 0:
            sign = 1 if coefficient > 0 else -1
            return (sign if order % 2 == 0 else -sign), sign
    return 0, 0


def _signs_along(expression, symbol, x, others) -> tuple[int, int]:
    """The sign of an expression just left and just right of the point along ``symbol``."""
    try:
        numerator, denominator = _line(expression, symbol, others)
    except sympy.PolynomialError:
        # Not rational: the same Taylor rule with derivatives (the coefficients up to a
        # positive factor k!), up to a fixed order; identically zero beyond it.
        restricted = expression.xreplace(others)
        derivatives = (
            sympy.simplify(sympy.diff(restricted, symbol, order).xreplace({symbol: x}))
            for order in range(_MAX_ORDER + 1)
        )
        return _taylor_signs(derivatives)
    n_left, n_right = _signs_near(numerator, x)
    d_left, d_right = _signs_near(denominator, x)
    return n_left * d_left, n_right * d_right


def _holds_near(piece, symbol, x, others) -> tuple[bool, bool]:
    """Whether a piece is an equilibrium just left and just right of the point along
    ``symbol``: every condition ``g >= 0`` holds there and no singular factor vanishes
    identically along the line."""
    point = {**others, symbol: x}
    left = right = True
    for condition in piece.conditions:
        at_point = condition.xreplace(point)
        if at_point.is_number and at_point != 0 and not at_point.has(sympy.zoo, sympy.nan):
            if at_point < 0:
                return False, False
            continue
        sign_left, sign_right = _signs_along(condition, symbol, x, others)
        left &= sign_left >= 0
        right &= sign_right >= 0
    for factor in piece.singular:
        at_point = factor.xreplace(point)
        if at_point.is_number and at_point != 0:
            continue
        if _signs_along(factor, symbol, x, others) == (0, 0):
            return False, False
    return left, right


def _value_and_slope(expression, symbol, x, others) -> tuple[sympy.Expr | None, sympy.Expr | None]:
    """The value and derivative at ``x`` of the expression along the line (None at a pole)."""
    try:
        numerator, denominator = _line(expression, symbol, others)
    except sympy.PolynomialError:
        restricted = expression.xreplace(others)
        value = sympy.simplify(restricted.xreplace({symbol: x}))
        slope = sympy.simplify(sympy.diff(restricted, symbol).xreplace({symbol: x}))
        finite = all(v.is_finite for v in (value, slope))
        return (value, slope) if finite else (None, None)
    d = denominator.eval(x)
    if d == 0:
        return None, None
    n = numerator.eval(x)
    slope = (numerator.diff(symbol).eval(x) * d - n * denominator.diff(symbol).eval(x)) / d**2
    return n / d, slope


def _elasticity(derivative, x, value):
    if derivative is None or value is None or value == 0:
        return None
    return derivative * x / value


def _number(value) -> Number | None:
    if value is None:
        return None
    if isinstance(value, sympy.Expr) and not value.is_Rational:
        value = sympy.radsimp(sympy.simplify(value))  # irrational payoffs: sqrt(2) - 1, ...
    return normalize_number(value)


# -- finite differences of the aggregate quantities ---------------------------------------------

#: Offsets of the stencil along one parameter, in units of the step.
_OFFSETS = np.array([-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0])


def _finite_difference_rows(
    target: Target, values: Mapping[str, Number], step: float
) -> tuple[list[Derivative], tuple[str, ...]]:
    """Richardson-extrapolated differences of every min/max quantity along every parameter,
    all stencils evaluated in one vectorised call."""
    space = target.space
    base = {name: float(value) for name, value in values.items()}
    names = space.names
    steps, stencil = {}, {name: [] for name in names}
    for parameter in space:
        low, high = float(parameter.low), float(parameter.high)
        h = step * (high - low)
        x = base[parameter.name]
        steps[parameter.name] = h
        for offset in _OFFSETS:
            moved = min(max(x + offset * h, low), high)  # outside the range: clipped, unused
            for name in names:
                stencil[name].append(moved if name == parameter.name else base[name])
    evaluation = target.evaluate({name: np.array(column) for name, column in stencil.items()})
    signature = evaluation.region
    series = _aggregate_series(evaluation)
    width = len(_OFFSETS)
    rows, boundary = [], []
    for index, parameter in enumerate(space):
        x, h = base[parameter.name], steps[parameter.name]
        window = slice(index * width, (index + 1) * width)
        inside = (x + _OFFSETS * h >= float(parameter.low)) & (
            x + _OFFSETS * h <= float(parameter.high)
        )
        regions = signature[window]
        left_same = _same(regions[:3][inside[:3]])
        right_same = _same(regions[4:][inside[4:]])
        crosses = inside[0] and inside[-1] and not _same(regions)
        if crosses:
            boundary.append(parameter.name)
        for (label, quantity), column in series.items():
            y = column[window]
            value = float(y[3])
            left, right = _one_sided(y, h, inside, left_same, right_same)
            if not crosses and inside[0] and inside[-1]:
                central = _richardson_central(y, h)
                left = right = central
            derivative = left if (left is not None and left == right) else None
            rows.append(
                Derivative(
                    equilibrium=label,
                    quantity=quantity,
                    parameter=parameter.name,
                    value=value if np.isfinite(value) else None,
                    derivative=derivative,
                    left=left,
                    right=right,
                    elasticity=_elasticity(derivative, x, value if np.isfinite(value) else None),
                    method="finite difference",
                )
            )
    return rows, tuple(boundary)


def _aggregate_series(evaluation: PointValues) -> dict[tuple[str, str], np.ndarray]:
    series = {}
    for bound, outcomes, payoffs in (
        ("min", evaluation.outcome_min, evaluation.payoff_min),
        ("max", evaluation.outcome_max, evaluation.payoff_max),
    ):
        label = f"{bound} over equilibria"
        for outcome, column in outcomes.items():
            series[(label, f"P({outcome})")] = column
        for player, column in payoffs.items():
            series[(label, f"payoff {player}")] = column
    return series


def _same(signatures: np.ndarray) -> bool:
    return len(signatures) > 0 and bool(np.all(signatures == signatures[0]))


def _richardson_central(y: np.ndarray, h: float) -> float:
    """``(4 D(h/2) - D(h)) / 3`` with ``D(s) = (f(x+s) - f(x-s)) / 2s``: error ``O(h^4)``."""
    coarse = (y[6] - y[0]) / (2 * h)
    fine = (y[5] - y[1]) / h
    return float((4 * fine - coarse) / 3)


def _one_sided(y, h, inside, left_same, right_same) -> tuple[float | None, float | None]:
    """Derivatives at the point from each side, by differentiating at ``x`` the quadratic
    through the three stencil points on that side (excluding ``x``, where the function may
    take the other side's value)."""
    left = right = None
    if inside[0] and left_same:
        left = _quadratic_slope(np.array([-1.0, -0.5, -0.25]) * h, y[[0, 1, 2]])
    if inside[-1] and right_same:
        right = _quadratic_slope(np.array([0.25, 0.5, 1.0]) * h, y[[4, 5, 6]])
    if left is None and right is not None and not inside[0]:
        left = right  # at the low end of the range only the inside counts
    if right is None and left is not None and not inside[-1]:
        right = left
    return left, right


def _quadratic_slope(offsets: np.ndarray, y: np.ndarray) -> float | None:
    if not np.all(np.isfinite(y)):
        return None
    return float(np.polyfit(offsets, y, 2)[1])

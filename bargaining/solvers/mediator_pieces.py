"""Exact tipping points of what a mediator can reach, by parametric linear programming.

The mediator's best probability of an outcome is the value of a linear program over the
correlated equilibria (Aumann 1987, Econometrica 55(1), eq. 2.3) whose constraint matrix depends
on the parameters. Along one lever ``t`` (the others fixed) the value is a rational function of
``t`` on each interval where one optimal basis stays optimal, and can change its formula or
jump where the basis changes: the tipping points (parametric programming; Gal 1995,
*Postoptimal Analyses, Parametric Programming, and Related Topics*, ch. 4, for the right-hand
side and objective cases; here the matrix itself moves, so the basis is re-solved in ``t``).

At a rational sample point the float LP (HiGHS) gives an optimal vertex and its dual. Their
bases are re-solved in exact arithmetic as functions of ``t``: a primal solution ``x(t)`` (the
support's tight obedience rows and the sum row) and a dual solution ``(y(t), v(t))`` (the rows
with a positive dual and the profiles priced at zero). Where ``x(t)`` is feasible, ``(y, v)`` is
dual feasible and the two objectives agree as functions, weak duality proves ``x(t)`` optimal,
so the value is ``v(t)``. Each feasibility condition is a rational function of ``t`` whose sign
changes only at real roots of its numerator or denominator (exact, from
:func:`~bargaining.real_roots.isolate_real_roots`), so the interval around the sample between
the nearest such roots is certified; the intervals left uncovered are sampled in turn.
Adjacent intervals with the same formula are merged; where the formula changes is a tipping
point. The value at a tipping point itself is left out: it can be either side's (an LP's value
need not be continuous when its matrix moves); so is an isolated point inside a merged piece
where the value would differ from both sides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from bargaining.display import data_frame, html_fields, html_record, records_table
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import to_sympy
from bargaining.real_roots import isolate_real_roots
from bargaining.solvers.correlated import obedience_matrix, objective_vector
from bargaining.solvers.mediator_bounds import optimal_basis

__all__ = ["MediatorPiece", "MediatorPieces", "mediator_pieces"]


@dataclass(frozen=True)
class MediatorPiece:
    """An open interval of the lever on which one formula gives the mediator's best.

    Attributes
    ----------
    low, high:
        The interval's ends (exact: rationals, radicals or ``CRootOf``).
    value:
        The mediator's best (or worst) probability as a formula in the lever's symbol.
    """

    low: sympy.Expr
    high: sympy.Expr
    value: sympy.Expr

    def table_row(self) -> dict[str, object]:
        """The piece as one row of a table: its interval and its formula."""
        return {"from": self.low, "to": self.high, "value": self.value}

    def _repr_html_(self) -> str:
        return html_fields(self, title="Mediator piece")


@dataclass(frozen=True)
class MediatorPieces:
    """The mediator's best (or worst) probability of an outcome along one lever, exactly.

    Attributes
    ----------
    outcome, parameter:
        The outcome and the lever.
    maximize:
        Whether the pieces give the highest probability (or the lowest).
    pieces:
        The intervals in order, each with its formula; adjacent pieces differ in formula.
    """

    outcome: str
    parameter: str
    maximize: bool
    pieces: tuple[MediatorPiece, ...]

    @property
    def tipping_points(self) -> tuple[sympy.Expr, ...]:
        """The lever values where the formula changes."""
        return tuple(piece.high for piece in self.pieces[:-1])

    def value(self, t: object) -> sympy.Expr:
        """The formula's value at ``t`` inside a piece (not at a tipping point)."""
        point = sympy.nsimplify(t) if isinstance(t, float) else sympy.sympify(t)
        symbol = sympy.Symbol(self.parameter, real=True)
        for piece in self.pieces:
            if bool(piece.low < point) and bool(point < piece.high):
                return piece.value.subs(symbol, point)
        raise GameError(f"{self.parameter} = {t} is a tipping point or outside the pieces")

    def to_pandas(self):
        """The pieces as a :class:`pandas.DataFrame`, one row each (pandas is an optional
        extra)."""
        return data_frame(
            (piece.table_row() for piece in self.pieces), what="MediatorPieces.to_pandas"
        )

    def _repr_html_(self) -> str:
        best = "highest" if self.maximize else "lowest"
        fields = [
            ("outcome", self.outcome),
            ("lever", self.parameter),
            ("tipping points", ", ".join(str(t) for t in self.tipping_points) or "none"),
        ]
        rows = [piece.table_row() for piece in self.pieces]
        return html_record(
            f"A mediator's {best} P({self.outcome})", fields, parts=[records_table(rows)]
        )


@dataclass(frozen=True)
class _End:
    """An end of an interval: its exact value, a float and a key equal for equal roots."""

    value: sympy.Expr
    number: float
    key: object


def _solve(matrix: list[list[sympy.Expr]], rhs: list[sympy.Expr]) -> list[sympy.Expr] | None:
    try:
        solution = sympy.Matrix(matrix).LUsolve(sympy.Matrix(rhs))
    except (ValueError, ZeroDivisionError):  # sympy's NonInvertibleMatrixError is a ValueError
        return None
    return [sympy.cancel(value) for value in solution]


def _certified_piece(
    constraints: np.ndarray, c: np.ndarray, symbol: sympy.Symbol, t0: Fraction, maximize: bool
) -> tuple[list[sympy.Expr], sympy.Expr] | None:
    """The conditions (each ``>= 0``) under which the bases optimal at ``t0`` stay optimal,
    and the value there; None when the bases read at ``t0`` do not certify themselves."""
    point = sympy.Rational(t0.numerator, t0.denominator)
    at_t0 = np.vectorize(lambda e: float(e.subs(symbol, point)), otypes=[float])(constraints)
    basis, _ = optimal_basis(at_t0, c.astype(float), maximize)
    if basis is None:
        return None
    sign = 1 if maximize else -1
    cost = [sign * int(v) for v in c]
    support, active = basis.support, basis.active
    rows = [
        [sympy.Integer(1)] * len(support) if r < 0 else list(constraints[r, support])
        for r in basis.rows.tolist()
    ]
    primal = _solve(rows, [int(r < 0) for r in basis.rows.tolist()])
    equations = [
        [-constraints[r, j] for r in active.tolist()] + [sympy.Integer(1)]
        for j in basis.priced.tolist()
    ]
    dual = _solve(equations, [cost[j] for j in basis.priced.tolist()])
    if primal is None or dual is None:
        return None
    x_t = [sympy.Integer(0)] * constraints.shape[1]
    for j, value in zip(support.tolist(), primal, strict=True):
        x_t[j] = value
    y_t, v_t = dual[:-1], dual[-1]
    if sympy.cancel(sum(cost[j] * x_t[j] for j in support.tolist()) - v_t) != 0:
        return None  # the two bases agree only at t0: no interval to certify
    conditions = list(primal) + list(y_t)
    conditions += [
        sympy.cancel(sum(row[j] * x_t[j] for j in support.tolist())) for row in constraints
    ]
    conditions += [
        sympy.cancel(
            v_t - sum(constraints[r, j] * y for r, y in zip(active, y_t, strict=True)) - cost[j]
        )
        for j in range(constraints.shape[1])
    ]
    conditions = [e for e in conditions if e != 0]
    # The float LP only suggested the bases: they hold at t0 exactly, or nothing is certified.
    if any(sympy.fraction(e)[1].subs(symbol, point) == 0 for e in conditions):
        return None
    if any(e.subs(symbol, point) < 0 for e in conditions):
        return None
    return conditions, sympy.cancel(sign * v_t)


def _critical_ends(
    conditions: list[sympy.Expr], symbol: sympy.Symbol, low: Fraction, high: Fraction
) -> list[_End]:
    """The roots in (low, high) of every condition's numerator and denominator, sorted."""
    found: dict[object, _End] = {}
    for condition in conditions:
        for part in sympy.fraction(condition):
            for root in isolate_real_roots(part, symbol, low, high):
                found.setdefault(root.key, _End(root.value, float(root), root.key))
    return sorted(found.values(), key=lambda end: end.number)


#: Where in a gap the samples go, as shares of its width: off-centre, so that a sample is
#: rarely a special point of the game (a simple rational where a degenerate basis ties).
_SAMPLE_SHARES = (0.4913, 0.2617, 0.7389, 0.1093, 0.8821)


def _between(a: _End, b: _End, share: float) -> Fraction:
    """A rational strictly between two ends, near the given share of the way."""
    middle = Fraction(a.number + share * (b.number - a.number))
    for bound in (10**4, 10**6, 10**9, 10**12):
        q = middle.limit_denominator(bound)
        rational = sympy.Rational(q.numerator, q.denominator)
        if bool(a.value < rational) and bool(rational < b.value):
            return q
    raise GameError("mediator_pieces: two tipping points too close to separate")


def mediator_pieces(
    game: NormalFormGame,
    outcome: str,
    parameter: str,
    *,
    low: object,
    high: object,
    at: Mapping[str, object] | None = None,
    maximize: bool = True,
    max_pieces: int = 200,
) -> MediatorPieces:
    """The mediator's best probability of an outcome as an exact function of one lever.

    Parametric linear programming over the correlated equilibria (see the module docstring):
    on each piece the probability is a rational function of the lever; the tipping points are
    where it changes. The sampled counterpart is
    :func:`~bargaining.solvers.mediator.mediator_curve`.

    Parameters
    ----------
    game:
        A game with symbolic payoffs whose profiles name outcomes.
    outcome:
        The outcome.
    parameter:
        The lever, a parameter of the game.
    low, high:
        The lever's range (rationals).
    at:
        Values of every other parameter.
    maximize:
        The highest probability (default) or the lowest.
    max_pieces:
        A bound on the intervals sampled, beyond which the search stops with an error.

    Examples
    --------
    Chicken where swerving alone costs ``t`` and a crash 10: a side told to swerve obeys while
    P(both swerve) <= (10 - t) P(it alone swerves), so by hand a mediator reaches mutual
    swerving with probability ``(10 - t)/(12 - t)``, one formula over the whole range.

    >>> t = sympy.Symbol("t", real=True)
    >>> chicken = NormalFormGame.from_arrays([[[0, -t], [1, -10]], [[0, 1], [-t, -10]]],
    ...     outcomes=[["peace", "B wins"], ["A wins", "crash"]])
    >>> found = mediator_pieces(chicken, "peace", "t", low=0, high=1)
    >>> [piece.value for piece in found.pieces], found.tipping_points
    ([(t - 10)/(t - 12)], ())
    """
    symbol = next((s for s in game.parameters if s.name == parameter), None)
    if symbol is None:
        raise GameError(f"mediator_pieces: the game has no parameter {parameter!r}")
    given = at or {}
    missing = [s.name for s in game.parameters if s != symbol and s.name not in given]
    if missing:
        raise GameError(f"mediator_pieces: give values for the other parameters ({missing})")
    fixed = {s: to_sympy(given[s.name]) for s in game.parameters if s != symbol}
    as_sympy = np.vectorize(lambda e: sympy.sympify(e).xreplace(fixed), otypes=[object])
    constraints = as_sympy(obedience_matrix(as_sympy(game.payoffs)))
    c, _ = objective_vector(game, outcome, game.payoffs)
    c = c.astype(int)
    low_q, high_q = Fraction(str(low)), Fraction(str(high))
    ends = (
        _End(sympy.Rational(low_q.numerator, low_q.denominator), float(low_q), "low"),
        _End(sympy.Rational(high_q.numerator, high_q.denominator), float(high_q), "high"),
    )
    gaps, pieces = [ends], []
    while gaps:
        if len(pieces) >= max_pieces:
            raise GameError(f"mediator_pieces: more than {max_pieces} intervals; giving up")
        left, right = gaps.pop()
        for share in _SAMPLE_SHARES:  # a degenerate sample certifies no interval: try another
            t0 = _between(left, right, share)
            certified = _certified_piece(constraints, c, symbol, t0, maximize)
            if certified is not None:
                break
        else:
            raise GameError(
                f"mediator_pieces: no optimal basis between {parameter} = {left.value} and "
                f"{right.value} could be certified on an interval"
            )
        conditions, value = certified
        criticals = _critical_ends(conditions, symbol, low_q, high_q)
        below = [end for end in criticals if end.number < float(t0) and end.number > left.number]
        above = [end for end in criticals if end.number > float(t0) and end.number < right.number]
        start = below[-1] if below else left
        stop = above[0] if above else right
        pieces.append((start, stop, value))
        for gap in ((left, start), (stop, right)):
            if gap[0].key != gap[1].key:
                gaps.append(gap)
    pieces.sort(key=lambda piece: piece[0].number)
    merged: list[list] = []
    for start, stop, value in pieces:
        if merged and sympy.cancel(merged[-1][2] - value) == 0:
            merged[-1][1] = stop
        else:
            merged.append([start, stop, value])
    return MediatorPieces(
        outcome,
        parameter,
        maximize,
        tuple(MediatorPiece(start.value, stop.value, value) for start, stop, value in merged),
    )

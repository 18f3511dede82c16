"""Two-player games in one parameter that are too large for symbolic vertex enumeration:
the supports met at exact sample points, each solved in symbols, until every interval agrees.

Symbolic vertex enumeration (:mod:`bargaining.solvers.parametric`) solves every basis of the
best-response polytopes in symbols: a 9x9 game (a Bayesian game with two types and three
actions per player) has 48,619 per player. Along one parameter most never matter. Here the game
is solved exactly at sample points; each extreme equilibrium found there fixes its supports
``(I, J)``, whose indifference systems are solved in symbols (the strategies and payoffs as
rational functions of the parameter, with the conditions ``x_i >= 0``, ``y_j >= 0`` and no
better reply outside the support). The conditions' roots split the range into intervals; the
game is solved again at a point inside each, and new supports met there are added, until every
interval's point gives exactly the pieces' equilibria.

That check is at one point per interval, not a proof: an equilibrium that lives only on a stretch
between two checked points, bounded by conditions of supports never met, would be missed. The
solution says so (``complete=False``), so :meth:`~bargaining.analysis.ParametricSolution.at`
solves each point directly, and thresholds, regions and vectorised evaluation use the pieces.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy
from sympy.polys.matrices import DomainMatrix

from bargaining.analysis.box import parameter_box
from bargaining.analysis.parametric_nash import simplified_piece
from bargaining.analysis.solution import ParametricSolution
from bargaining.budget import Budget
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import to_sympy
from bargaining.params import ParameterSpace
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.parametric import ParametricEquilibrium

__all__ = ["MAX_ROUNDS", "sampled_parametric_nash"]

MAX_ROUNDS = 12
"""Rounds of sampling before the search stops (each round samples every new interval)."""


def _side(
    payoff: sympy.Matrix, rows: tuple[int, ...], columns: tuple[int, ...]
) -> tuple[list[sympy.Expr], sympy.Expr, sympy.Expr] | None:
    """The column player's mixture on ``columns`` that makes every row in ``rows`` indifferent
    under ``payoff`` (rows x columns): the probabilities, the common value and the system's
    determinant; None where the system is singular for every value of the parameter."""
    k = len(columns)
    system = sympy.zeros(k + 1, k + 1)
    for r, i in enumerate(rows):
        for c, j in enumerate(columns):
            system[r, c] = payoff[i, j]
        system[r, k] = -1
    for c in range(k):
        system[k, c] = 1
    right = sympy.zeros(k + 1, 1)
    right[k] = 1
    # Polynomial-ring arithmetic (sympy's DomainMatrix): orders of magnitude faster than
    # expression arithmetic on these systems.
    matrix = DomainMatrix.from_Matrix(system)
    determinant = matrix.domain.to_sympy(matrix.det())
    if determinant == 0:
        return None
    field = matrix.to_field()
    solution = field.lu_solve(DomainMatrix.from_Matrix(right).convert_to(field.domain))
    values = [sympy.cancel(value) for value in solution.to_Matrix()]
    return values[:k], values[k], determinant


def _tight(
    payoff: sympy.Matrix,
    support: tuple[int, ...],
    ties: list[int],
    preferred: tuple[int, ...],
    at: dict,
) -> tuple[tuple[int, ...], tuple] | None:
    """``len(support)`` of the tied rows (the other side's support first) whose indifference
    system is nonsingular at the sample point, with its solution; None when none is."""
    ordered = sorted(ties, key=lambda i: i not in preferred)
    for rows in itertools.combinations(ordered, len(support)):
        side = _side(payoff, rows, support)
        if side is not None and side[2].xreplace(at) != 0:
            return rows, side
    return None


def _piece(
    a: sympy.Matrix,
    b: sympy.Matrix,
    supports: tuple[tuple[int, ...], tuple[int, ...]],
    ties: tuple[list[int], list[int]],
    at: dict,
) -> ParametricEquilibrium | None:
    """The extreme equilibrium with these supports, in symbols: each side's mixture from the
    indifference of as many tied strategies of the other side (in a degenerate game the
    supports can differ in size). None when no system is regular, or when a strategy in a
    support stops being a best reply off the sample point (the equilibrium is isolated)."""
    rows, columns = supports
    column_side = _tight(a, columns, ties[0], rows, at)
    row_side = _tight(b.T, rows, ties[1], columns, at)
    if column_side is None or row_side is None:
        return None
    (tight_rows, (y_part, u, det_y)), (tight_columns, (x_part, v, det_x)) = column_side, row_side
    m, n = a.shape
    x = [sympy.Integer(0)] * m
    y = [sympy.Integer(0)] * n
    for i, p in zip(rows, x_part, strict=True):
        x[i] = p
    for j, p in zip(columns, y_part, strict=True):
        y[j] = p
    conditions = [*x_part, *y_part]
    gaps = [
        (i in rows, sympy.cancel(u - sum(a[i, j] * y[j] for j in columns)))
        for i in range(m)
        if i not in tight_rows
    ]
    gaps += [
        (j in columns, sympy.cancel(v - sum(x[i] * b[i, j] for i in rows)))
        for j in range(n)
        if j not in tight_columns
    ]
    if any(played and gap != 0 for played, gap in gaps):
        return None
    conditions += [gap for played, gap in gaps if not played]
    return ParametricEquilibrium(
        strategies=(tuple(x), tuple(y)),
        payoffs=(u, v),
        conditions=tuple(conditions),
        singular=(det_x, det_y),
        supports=supports,
    )


def _critical_values(pieces, symbol, low, high) -> list[sympy.Expr]:
    """The roots inside ``(low, high)`` of every condition and determinant, sorted."""
    roots = set()
    for piece in pieces:
        for expression in (*piece.conditions, *piece.singular):
            numerator = sympy.fraction(sympy.together(expression))[0]
            if not numerator.has(symbol):
                continue
            for root in sympy.Poly(numerator, symbol).real_roots():
                if low < root < high:
                    roots.add(root)
    return sorted(roots, key=lambda r: sympy.N(r, 30))


def _inside(left: sympy.Expr, right: sympy.Expr) -> Fraction:
    """A simple rational strictly between two exact numbers."""
    middle = Fraction(str(sympy.N((left + right) / 2, 30)))
    for limit in (10, 100, 1000, 10**6, 10**12):
        candidate = middle.limit_denominator(limit)
        if left < sympy.Rational(candidate) < right:
            return candidate
    return middle


def sampled_parametric_nash(
    game: NormalFormGame, space: ParameterSpace, *, budget: Budget | None = None
) -> ParametricSolution:
    """Every extreme equilibrium of a two-player game whose payoffs depend on one parameter, as
    functions of it, from the supports met at exact sample points (see the module docstring
    for the method and why the result is flagged ``complete=False``).

    Parameters
    ----------
    game:
        A two-player normal-form game with one parameter, in the space's symbol.
    space:
        The parameter's range; other parameters of the space must not occur in the game.
    budget:
        Limits on the work (:meth:`~bargaining.budget.Budget.from_environment` by default).

    Examples
    --------
    >>> from bargaining import Parameter
    >>> space = ParameterSpace([Parameter("L", 0, 1, Fraction(1, 2))])
    >>> L = space.symbols["L"]
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, L]], [[L, 0], [0, 1]]])
    >>> solution = sampled_parametric_nash(game, space)
    >>> sorted(str(piece.strategies[0]) for piece in solution.pieces)
    ['(0, 1)', '(1, 0)', '(1/(L + 1), L/(L + 1))']
    """
    if game.num_players != 2 or len(game.parameters) != 1:
        raise GameError("sampled_parametric_nash needs a two-player game with one parameter")
    (symbol,) = game.parameters
    budget = budget if budget is not None else Budget.from_environment()
    box = parameter_box(space)
    low, high = box[symbol]
    a = sympy.Matrix(game.shape[0], game.shape[1], lambda i, j: to_sympy(game.payoffs[i, j, 0]))
    b = sympy.Matrix(game.shape[0], game.shape[1], lambda i, j: to_sympy(game.payoffs[i, j, 1]))
    pieces: dict[tuple, ParametricEquilibrium] = {}
    # Critical values come from the conditions as derived (rational coefficients): the
    # simplified ones may hold algebraic interval ends, which exact root isolation refuses.
    derived: list[ParametricEquilibrium] = []
    width = Fraction(high - low)
    points = [Fraction(low) + width * Fraction(2 * k + 1, 14) for k in range(7)]
    checked: set[Fraction] = set()
    for _ in range(MAX_ROUNDS):
        new_points = [p for p in points if p not in checked]
        if not new_points:
            break
        changed = False
        for point in new_points:
            budget.check("sampling the parameter")
            checked.add(point)
            at = {symbol: sympy.Rational(point)}
            for eq in nash_equilibria(game.at({symbol.name: point})):
                supports = tuple(
                    tuple(j for j, p in enumerate(vector) if p != 0) for vector in eq.strategies
                )
                if supports in pieces:
                    continue
                x, y = (sympy.Matrix(vector) for vector in eq.strategies)
                u, v = (sympy.Rational(value) for value in eq.payoffs)
                row_values, column_values = a.xreplace(at) * y, b.xreplace(at).T * x
                ties = (
                    [i for i in range(a.shape[0]) if row_values[i] == u],
                    [j for j in range(a.shape[1]) if column_values[j] == v],
                )
                piece = _piece(a, b, supports, ties, at)
                simplified = None if piece is None else simplified_piece(piece, box)
                if simplified is not None:
                    pieces[supports] = simplified
                    derived.append(piece)
                    changed = True
        if not changed:  # every interval's point gave known pieces only
            break
        edges = [low, *_critical_values(derived, symbol, low, high), high]
        points = [_inside(left, right) for left, right in itertools.pairwise(edges)]
    return ParametricSolution(
        game=game, space=space, pieces=tuple(pieces.values()), concept="nash", complete=False
    )

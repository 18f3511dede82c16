"""Equilibria of games with symbolic payoffs, as functions of the parameters.

Two players: vertex enumeration of the best-response polyhedra carried out in symbols. For
player 1, a *basis* is a support ``I`` and a set ``T`` of ``|I|`` columns; the system

    sum_{i in I} x_i B[i, j] = v   (j in T),        sum_{i in I} x_i = 1

gives the mixed strategy ``x(theta)`` and player 2's payoff ``v(theta)`` as rational functions of
the parameters ``theta`` (where its determinant is not zero). The point is a vertex of player
1's best-response polyhedron ``{(x, v) : x >= 0, sum x = 1, x^T B <= v}`` where

    x_i(theta) >= 0 (i in I)     and     v(theta) - (x^T B)_j(theta) >= 0 (j not in T).

Its labels are the strategies it does not play and the columns that are best responses to it;
pairs of vertices whose labels cover every pure strategy are the extreme equilibria (von Stengel
2002, Handbook of Game Theory 3, ch. 45, Theorem 2.14; the symbolic version follows the same
steps with the feasibility inequalities kept as conditions). Labels are taken *identically* in
the parameters, so each pair is an equilibrium on the whole region where its conditions hold;
on the boundary of a region further labels can appear, and with them further equilibria (the
game is degenerate there). Such points are exactly those where some vertex that exists there
(all its feasibility expressions ``>= 0``) carries an extra label (one of them ``= 0``): every
vertex, in or out of an equilibrium piece, is kept as a :class:`TieSurface` so that
:meth:`bargaining.analysis.ParametricSolution.at` can recognise those points and solve them
directly. A label that holds identically is never extra.

More than two players: the pure profiles, each with the conditions under which no player gains
by a unilateral deviation.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy.polys.matrices import DomainMatrix

from bargaining.budget import Budget, BudgetExceeded
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import to_sympy
from bargaining.rational_functions import RationalFunction, RationalFunctions, factor
from bargaining.solvers.stoppable import CallStopped, StoppableCalls

__all__ = [
    "ParametricCandidates",
    "ParametricEquilibrium",
    "TieSurface",
    "check_symbolic_size",
    "parametric_candidates",
    "parametric_pieces",
]


@dataclass(frozen=True)
class ParametricEquilibrium:
    """An equilibrium as expressions in the parameters, with the conditions where it holds.

    Attributes
    ----------
    strategies:
        One tuple of probability expressions per player.
    payoffs:
        Each player's expected payoff as an expression.
    conditions:
        Expressions ``g`` meaning ``g >= 0``; the equilibrium holds where all of them do.
    singular:
        Expressions whose zeros make the defining linear system singular: there the formulas
        are undefined (the equilibrium may still exist as a limit or a different vertex).
    supports:
        Indices of the strategies each player plays with positive probability.
    outcome_probabilities:
        ``(outcome, probability expression)`` pairs when the game names outcomes.
    """

    strategies: tuple[tuple[sympy.Expr, ...], ...]
    payoffs: tuple[sympy.Expr, ...]
    conditions: tuple[sympy.Expr, ...]
    singular: tuple[sympy.Expr, ...]
    supports: tuple[tuple[int, ...], ...]
    outcome_probabilities: tuple[tuple[str, sympy.Expr], ...] = ()

    def condition_relations(self) -> tuple[sympy.Rel, ...]:
        """The conditions as sympy relations ``g >= 0``."""
        return tuple(sympy.Ge(condition, 0) for condition in self.conditions)


@dataclass(frozen=True)
class TieSurface:
    """Where a game with symbolic payoffs can be degenerate: a candidate (a polytope vertex, or
    a pure profile) that exists where every expression is ``>= 0`` and has a label, or a tie,
    that no piece accounts for where one of them is exactly ``0``.

    >>> L = sympy.Symbol("L", nonnegative=True)
    >>> TieSurface((L, 1 - L)).holds_at({L: 0})
    True
    >>> TieSurface((L, 1 - L)).holds_at({L: sympy.Rational(1, 2)})
    False
    """

    expressions: tuple[sympy.Expr, ...]

    def holds_at(self, point: dict[sympy.Symbol, sympy.Expr]) -> bool:
        """Whether the candidate exists at an exact point and one expression is zero there; also
        where an expression is undefined (its basis is singular there), to be safe."""
        values = [sympy.sympify(sympy.sympify(e).xreplace(point)) for e in self.expressions]
        if any(value.is_extended_real is not True for value in values):
            return True
        return all(value >= 0 for value in values) and any(value == 0 for value in values)


@dataclass(frozen=True)
class ParametricCandidates:
    """What the symbolic enumeration finds: the candidate equilibria, and the surfaces where the
    game can be degenerate and have equilibria that no candidate describes."""

    pieces: tuple[ParametricEquilibrium, ...]
    ties: tuple[TieSurface, ...]


def _tie_surface(
    expressions: list[sympy.Expr],
    elements: list,
    factor: Callable[[object], sympy.Expr],
    mixed: list[bool],
) -> TieSurface | None:
    """The surface of a candidate's feasibility expressions (``factor(elements[i])`` is the
    ``i``-th factored, computed only when needed; ``mixed[i]``: it is known to take both
    signs); None when none can reach zero (constants) or one is always negative (the
    candidate never exists)."""
    varying = [i for i, expression in enumerate(expressions) if not expression.is_number]
    if any(expression.is_number and expression < 0 for expression in expressions):
        return None
    if not varying or any(expressions[i].is_negative for i in varying if not mixed[i]):
        return None
    return TieSurface(tuple(dict.fromkeys(factor(elements[i]) for i in varying)))


@dataclass(frozen=True)
class _Vertex:
    strategy: tuple[sympy.Expr, ...]  # the vertex's mixed strategy
    value: sympy.Expr  # the opponent's best-response payoff against it
    support: frozenset[int]  # strategies played with a not identically zero probability
    tight: frozenset[int]  # opponent strategies that are identically best responses
    conditions: tuple[sympy.Expr, ...]
    singular: tuple[sympy.Expr, ...]
    tie: TieSurface | None  # every feasibility expression, the ones always >= 0 included


def _pruned(conditions: list[sympy.Expr], mixed: list[bool]) -> tuple[sympy.Expr, ...] | None:
    """Drop conditions ``g >= 0`` that the symbols' assumptions make always true; None when
    one is always false (the candidate never exists). ``mixed[i]``: the ``i``-th is known to
    take both signs where the assumptions allow, so asking them is skipped (it is slow)."""
    kept = []
    for condition, both_signs in zip(conditions, mixed, strict=True):
        if both_signs:
            kept.append(condition)
            continue
        if condition.is_negative:
            return None
        if not condition.is_nonnegative:
            kept.append(condition)
    return tuple(dict.fromkeys(kept))


@dataclass(frozen=True)
class _Field:
    """A player's payoffs as elements of one field of rational functions (exact arithmetic
    with ``+ - * /`` and ``==``), and the way back to sympy."""

    entries: list[list]
    zero: object
    one: object
    to_sympy: Callable[[object], sympy.Expr]  # as the field writes the element
    factor: Callable[[object], sympy.Expr]  # as sympy.factor writes it
    mixed: Callable[[object], bool]  # whether the element is known to take both signs


def _flint_field(payoffs: sympy.Matrix) -> _Field | None:
    """The payoffs in FLINT's rational functions (C), or None where they are not rational
    functions of the parameters."""
    flint_field = RationalFunctions.over(payoffs.free_symbols)
    if flint_field is None:
        return None
    entries = [[flint_field.of(value) for value in row] for row in payoffs.tolist()]
    if any(value is None for row in entries for value in row):
        return None
    return _Field(
        entries,
        flint_field.zero,
        flint_field.one,
        RationalFunction.as_expr,
        RationalFunction.factor,
        RationalFunction.takes_both_signs,
    )


def _sympy_field(payoffs: sympy.Matrix) -> _Field:
    """The payoffs in sympy's rational functions (``DomainMatrix``, which takes ``exp(L)`` or
    ``sqrt(L)`` as one more variable): the same exact answers as FLINT's, written the same way,
    but each step may cancel whole expressions (its ``EX`` domain), so one basis can take
    minutes."""
    matrix = DomainMatrix.from_Matrix(payoffs).to_field()
    domain = matrix.domain
    return _Field(
        matrix.to_list(),
        domain.zero,
        domain.one,
        domain.to_sympy,
        lambda value: sympy.factor(domain.to_sympy(value)),
        lambda _value: False,
    )


def _solve_basis(rows: list[list], zero: object, one: object) -> tuple[object, list] | None:
    """``(determinant, z)`` with ``rows z = (0, ..., 0, 1)``, by Gaussian elimination over the
    field; None when the system is singular."""
    size = len(rows)
    augmented = [[*row, zero] for row in rows]
    augmented[-1][-1] = one
    determinant = one
    for column in range(size):
        pivot = next((r for r in range(column, size) if augmented[r][column] != zero), None)
        if pivot is None:
            return None
        if pivot != column:
            augmented[column], augmented[pivot] = augmented[pivot], augmented[column]
            determinant = -determinant
        head = augmented[column]
        determinant = determinant * head[column]
        for row in augmented[column + 1 :]:
            if row[column] != zero:
                ratio = row[column] / head[column]
                pairs = zip(row[column:], head[column:], strict=True)
                row[column:] = [a - ratio * b for a, b in pairs]
    solution = [zero] * size
    for r in reversed(range(size)):
        row = augmented[r]
        known = sum((row[c] * solution[c] for c in range(r + 1, size)), zero)
        solution[r] = (row[-1] - known) / row[r]
    return determinant, solution


def _vertices(payoffs: sympy.Matrix, budget: Budget) -> list[_Vertex]:
    """Symbolic vertices of one player's best-response polyhedron.

    ``payoffs[i, j]`` is the *opponent's* payoff when this player plays ``i`` and the opponent
    ``j``. For each basis (support, tight columns) the unknowns are ``x_i`` on the support and
    the opponent's value ``v``; all arithmetic stays in the field of rational functions: FLINT's
    where the payoffs are rational functions of the parameters, else sympy's, whose single
    steps the budget cannot interrupt, so that enumeration runs in a worker process stopped at
    the deadline (:class:`~bargaining.solvers.stoppable.StoppableCalls`; where forking is
    unsafe it runs here, and the budget is checked between bases).
    """
    field = _flint_field(payoffs)
    if field is not None:
        return _enumerate_vertices(field, payoffs.shape, budget)
    with StoppableCalls(
        functools.partial(_sympy_vertices, payoffs, budget), budget
    ) as enumerate_in_worker:
        try:
            return enumerate_in_worker(isolate=True)
        except CallStopped as stop:
            raise BudgetExceeded(
                f"symbolic solving (in sympy: payoffs with functions such as sqrt or exp of the "
                f"parameters) stopped: {stop}; {Budget.how_to_raise('seconds')}"
            ) from None


def _sympy_vertices(payoffs: sympy.Matrix, budget: Budget) -> list[_Vertex]:
    """:func:`_vertices` in sympy's field (a module-level function: the worker may receive it
    pickled)."""
    return _enumerate_vertices(_sympy_field(payoffs), payoffs.shape, budget)


def _enumerate_vertices(field: _Field, shape: tuple[int, int], budget: Budget) -> list[_Vertex]:
    """:func:`_vertices` in one field, checking the budget between bases."""
    entries, zero, one = field.entries, field.zero, field.one
    own, other = shape
    found: dict[tuple, _Vertex] = {}
    for k in range(1, min(own, other) + 1):
        for support in itertools.combinations(range(own), k):
            for tight in itertools.combinations(range(other), k):
                budget.check("symbolic solving")
                rows = [[entries[i][j] for i in support] + [-one] for j in tight]
                rows.append([one] * k + [zero])
                solved = _solve_basis(rows, zero, one)
                if solved is None:
                    continue
                determinant, solution = solved
                strategy = [zero] * own
                for i, value in zip(support, solution[:k], strict=True):
                    strategy[i] = value
                value = solution[k]
                gains = [
                    value - sum((strategy[i] * entries[i][j] for i in support), zero)
                    for j in range(other)
                ]
                played = frozenset(i for i in support if strategy[i] != zero)
                elements = [strategy[i] for i in sorted(played)] + [
                    gain for j, gain in enumerate(gains) if j not in tight and gain != zero
                ]
                feasibility = [field.to_sympy(element) for element in elements]
                mixed = [field.mixed(element) for element in elements]
                conditions = _pruned(feasibility, mixed)
                if conditions is None:
                    continue
                key = (tuple(strategy), value)
                if key in found:
                    continue
                found[key] = _Vertex(
                    strategy=tuple(field.factor(p) for p in strategy),
                    value=field.factor(value),
                    support=played,
                    tight=frozenset(j for j, gain in enumerate(gains) if gain == zero),
                    conditions=conditions,
                    # The determinant when it can vanish (a nonzero constant never does).
                    singular=()
                    if field.to_sympy(determinant).is_number
                    else (field.factor(determinant),),
                    tie=_tie_surface(feasibility, elements, field.factor, mixed),
                )
    return list(found.values())


def _outcome_probabilities(
    game: NormalFormGame, strategies, field: RationalFunctions | None
) -> tuple[tuple[str, sympy.Expr], ...]:
    if game.outcomes is None:
        return ()
    totals: dict[str, sympy.Expr] = {
        name: sympy.Integer(0) for name in dict.fromkeys(game.outcomes.flat)
    }
    supports = [[j for j, p in enumerate(vector) if p != 0] for vector in strategies]
    for profile in itertools.product(*supports):
        weight = sympy.Mul(*(strategies[i][j] for i, j in enumerate(profile)))
        totals[game.outcomes[profile]] += weight
    return tuple((name, factor(p, field)) for name, p in totals.items())


def _two_player_candidates(game: NormalFormGame, budget: Budget) -> ParametricCandidates:
    a = sympy.Matrix(game.shape[0], game.shape[1], [to_sympy(v) for v in game.payoff_array(0).flat])
    b = sympy.Matrix(game.shape[0], game.shape[1], [to_sympy(v) for v in game.payoff_array(1).flat])
    row_vertices = _vertices(b, budget)  # x makes the column player's payoffs B tight
    column_vertices = _vertices(a.T, budget)  # y makes the row player's payoffs A tight
    field = RationalFunctions.over(game.parameters)
    pieces = []
    for x, y in itertools.product(row_vertices, column_vertices):
        budget.check("symbolic solving")
        # Completely labelled: every played row is a best response to y, and vice versa.
        if not (x.support <= y.tight and y.support <= x.tight):
            continue
        strategies = (x.strategy, y.strategy)
        pieces.append(
            ParametricEquilibrium(
                strategies=strategies,
                payoffs=(y.value, x.value),
                conditions=x.conditions + y.conditions,
                singular=x.singular + y.singular,
                supports=(tuple(sorted(x.support)), tuple(sorted(y.support))),
                outcome_probabilities=_outcome_probabilities(game, strategies, field),
            )
        )
    ties = [vertex.tie for vertex in (*row_vertices, *column_vertices) if vertex.tie is not None]
    return ParametricCandidates(tuple(pieces), tuple(dict.fromkeys(ties)))


def _pure_candidates(game: NormalFormGame, budget: Budget) -> ParametricCandidates:
    field = RationalFunctions.over(game.parameters)
    pieces, ties = [], []
    for profile in itertools.product(*(range(size) for size in game.shape)):
        budget.check("symbolic solving")
        conditions = []
        for player in range(game.num_players):
            current = to_sympy(game.payoffs[profile][player])
            for alternative in range(game.shape[player]):
                if alternative == profile[player]:
                    continue
                deviation = list(profile)
                deviation[player] = alternative
                gain = current - to_sympy(game.payoffs[tuple(deviation)][player])
                conditions.append(factor(gain, field))
        elements = [field.of(c) if field is not None else None for c in conditions]
        mixed = [element is not None and element.takes_both_signs() for element in elements]
        tie = _tie_surface(conditions, conditions, functools.partial(factor, field=field), mixed)
        if tie is not None:
            ties.append(tie)
        kept = _pruned(conditions, mixed)
        if kept is None:
            continue
        strategies = tuple(
            tuple(sympy.Integer(int(j == choice)) for j in range(size))
            for choice, size in zip(profile, game.shape, strict=True)
        )
        pieces.append(
            ParametricEquilibrium(
                strategies=strategies,
                payoffs=tuple(to_sympy(value) for value in game.payoffs[profile]),
                conditions=kept,
                singular=(),
                supports=tuple((choice,) for choice in profile),
                outcome_probabilities=_outcome_probabilities(game, strategies, field),
            )
        )
    return ParametricCandidates(tuple(pieces), tuple(dict.fromkeys(ties)))


def check_symbolic_size(game: NormalFormGame, budget: Budget) -> None:
    """Refuse, before any work, payoffs that symbolic solving cannot handle in its budget.

    Two players: the enumeration solves one linear system per pair of a support and as many
    tight columns, ``C(m + n, m) - 1`` for each player, at most ``budget.max_symbolic_bases``.
    Each player's payoffs may use at most ``budget.max_symbols`` parameters (the exact
    arithmetic on fractions of polynomials slows down steeply with each one). Each payoff, as a
    fraction of polynomials in its parameters and the functions of them it
    uses, may have degree at most ``budget.max_degree`` (``exp(2000*L)`` is ``exp(L)**2000``, and
    factoring it never ends).

    >>> L = sympy.Symbol("L", positive=True)
    >>> game = NormalFormGame.from_arrays([[[sympy.exp(2000 * L)]], [[1]]])
    >>> check_symbolic_size(game, Budget())
    Traceback (most recent call last):
    ...
    bargaining.budget.BudgetExceeded: symbolic solving of the payoff exp(2000*L) (a polynomial of \
degree 2000 in exp(L)) is over the limit max_degree = 24; raise it with the environment variable \
BARGAINING_BUDGET="max_degree=..." or budget=Budget(max_degree=...) in Python
    """
    if game.num_players == 2:
        bases = math.comb(game.shape[0] + game.shape[1], game.shape[0]) - 1
        budget.check_size(
            "max_symbolic_bases",
            bases,
            f"symbolic solving of a {game.shape[0]}x{game.shape[1]} game ({bases:,} linear "
            "systems in the parameters for each player)",
        )
    for player in range(game.num_players):
        symbols = set().union(
            *(
                value.free_symbols
                for value in game.payoff_array(player).flat
                if isinstance(value, sympy.Basic)
            )
        )
        budget.check_size(
            "max_symbols",
            len(symbols),
            f"symbolic solving of player {game.players[player]}'s payoffs (in {len(symbols)} "
            "parameters; each condition may combine them all)",
        )
    for value in dict.fromkeys(game.payoffs.flat):
        if not isinstance(value, sympy.Basic) or value.is_number:
            continue
        found = _degree(value)
        if found is None:
            continue  # not a fraction of polynomials (a conditional): nothing to bound here
        degree, generators = found
        shown = str(value) if len(str(value)) <= 60 else str(value)[:57] + "..."
        budget.check_size(
            "max_degree",
            degree,
            f"symbolic solving of the payoff {shown} (a polynomial of degree {degree} in "
            f"{generators})",
        )


def _degree(value: sympy.Expr) -> tuple[int, str] | None:
    """The total degree of a payoff as a fraction of polynomials (the larger of its
    numerator's and denominator's) and the generators it is a polynomial in (``exp(L)`` is
    one); None when it is no such fraction."""
    field = RationalFunctions.over(value.free_symbols)
    element = field.of(value) if field is not None else None
    if element is not None:  # FLINT: in lowest terms, without sympy's slow conversion
        degree = max(element.numerator.total_degree(), element.denominator.total_degree())
        return int(degree), ", ".join(map(str, field.symbols))
    try:
        polynomials, options = sympy.parallel_poly_from_expr(
            list(sympy.fraction(sympy.together(value)))
        )
    except sympy.PolynomialError:
        return None
    degree = max(polynomial.total_degree() for polynomial in polynomials)
    return degree, ", ".join(map(str, options.gens))


def parametric_candidates(
    game: NormalFormGame, *, budget: Budget | None = None
) -> ParametricCandidates:
    """The candidate equilibria of ``game`` (see :func:`parametric_pieces`) and the surfaces
    where it can be degenerate.

    The work is bounded by ``budget`` (by default
    :meth:`~bargaining.budget.Budget.from_environment`): sizes are checked first
    (:func:`check_symbolic_size`), the time inside the enumeration; either raises
    :class:`~bargaining.budget.BudgetExceeded`.

    Examples
    --------
    In this coordination game the row player ties between its strategies against the right
    column when ``L = 0``; there the row player may mix half-half while the column player
    plays right, an extreme equilibrium that no piece describes:

    >>> L = sympy.Symbol("L", nonnegative=True)
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, L]], [[1, 0], [0, 1]]])
    >>> candidates = parametric_candidates(game)
    >>> any(tie.holds_at({L: 0}) for tie in candidates.ties)
    True
    >>> any(tie.holds_at({L: 1}) for tie in candidates.ties)
    False
    """
    if not isinstance(game, NormalFormGame):
        raise GameError(f"parametric equilibria need a NormalFormGame, got {type(game).__name__}")
    budget = budget if budget is not None else Budget.from_environment()
    check_symbolic_size(game, budget)
    if game.num_players == 2:
        return _two_player_candidates(game, budget)
    return _pure_candidates(game, budget)


def parametric_pieces(game: NormalFormGame) -> list[ParametricEquilibrium]:
    """Every candidate equilibrium of ``game`` with the conditions under which it holds.

    Two-player games: all extreme equilibria as functions of the parameters (see the module
    docstring). More players: the pure equilibria. Conditions that can never hold are *not*
    removed here; :func:`bargaining.analysis.parametric_equilibria` simplifies them over a
    parameter box.

    Examples
    --------
    >>> L = sympy.Symbol("L", positive=True)
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, L]], [[L, 0], [0, 1]]])
    >>> for piece in parametric_pieces(game):
    ...     print(piece.strategies, piece.conditions)
    ((1, 0), (1, 0)) ()
    ((0, 1), (0, 1)) ()
    ((1/(L + 1), L/(L + 1)), (L/(L + 1), 1/(L + 1))) ()
    """
    return list(parametric_candidates(game).pieces)

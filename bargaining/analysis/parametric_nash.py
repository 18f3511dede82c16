"""Nash equilibria of a normal-form game in symbols, simplified over the parameter box.

:func:`~bargaining.solvers.parametric.parametric_candidates` finds every candidate (a vertex
of the best-response polytopes, or a pure profile) with the conditions under which it is an
equilibrium; here those conditions are simplified over the parameters' box, and candidates
that hold nowhere are dropped. The result is a
:class:`~bargaining.analysis.solution.ParametricSolution`.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from bargaining.analysis.box import default_space, one_parameter_interval, parameter_box
from bargaining.analysis.conditions import (
    Box,
    sign_on_box,
    simplify_condition,
    touches_zero_at_corner,
)
from bargaining.analysis.parametric_nplayer import mixed_pieces, unresolved_note
from bargaining.analysis.radical_conditions import has_radical, simplify_radical_condition
from bargaining.analysis.solution import ParametricSolution
from bargaining.budget import Budget
from bargaining.errors import GameError, ParameterError
from bargaining.games.normal_form import NormalFormGame
from bargaining.params import ParameterSpace
from bargaining.rational_functions import RationalFunctions
from bargaining.solvers.parametric import ParametricEquilibrium, parametric_candidates

__all__ = ["parametric_nash", "simplified_piece"]


def simplified_piece(piece: ParametricEquilibrium, box: Box) -> ParametricEquilibrium | None:
    """A piece with its conditions simplified over the box (those true on all of it dropped,
    one parameter's solved into an interval), or None when it holds nowhere inside the box."""
    conditions: list[sympy.Expr] = []
    # a square-root piece: its radicand's condition too is simplified the cheaper way
    radical = any(has_radical(condition) for condition in piece.conditions)
    for condition in piece.conditions:
        simplify = simplify_radical_condition if radical else simplify_condition
        reduced = simplify(condition, box)
        if reduced is False:
            return None
        if reduced is True:
            continue
        # g >= 0 and -g >= 0 confine the piece to the surface g = 0, a boundary where
        # ParametricSolution.at solves the game directly.
        if any(_opposite(reduced, other) for other in conditions):
            return None
        conditions.append(reduced)
    conditions = one_parameter_interval(conditions, box)
    if conditions is None:
        return None
    # The system is singular where the determinant's numerator vanishes (its denominator
    # comes from payoffs with the parameters in a denominator).
    singular = tuple(
        factor
        for expression in piece.singular
        for factor, _ in sympy.factor_list(expression, frac=True)[1]
        if sign_on_box(factor, box) == 0 or touches_zero_at_corner(factor, box)
    )
    return replace(piece, conditions=tuple(dict.fromkeys(conditions)), singular=singular)


def _opposite(first: sympy.Expr, second: sympy.Expr) -> bool:
    """Whether ``first`` is a negative constant times ``second``."""
    if has_radical(first) or has_radical(second):  # cancelling square roots costs seconds
        return sympy.expand(first + second) == 0
    field = RationalFunctions.over(first.free_symbols | second.free_symbols)
    pair = (field.of(first), field.of(second)) if field is not None else (None, None)
    if None not in pair and not pair[1].is_zero():
        ratio = pair[0] / pair[1]  # exact, in FLINT
        return ratio.is_constant() and ratio.sign_at({}) < 0
    ratio = sympy.cancel(first / second)
    return bool(ratio.is_number and ratio < 0)


def parametric_nash(
    game: NormalFormGame, space: ParameterSpace | None = None, *, budget: Budget | None = None
) -> ParametricSolution:
    """All Nash equilibria of a normal-form game with symbolic payoffs, as functions of the
    parameters.

    Two-player games give every extreme equilibrium (vertex enumeration in symbols: Avis,
    Rosenberg, Savani & von Stengel 2010, Economic Theory 42, Theorem 2) with the conditions
    (inequalities in the parameters) under which it holds; games with more players give the
    pure equilibria with theirs and the mixed equilibria whose support systems solve in
    rational functions of the parameters
    (:func:`~bargaining.analysis.parametric_nplayer.mixed_pieces`); the solution says which
    supports have no such closed form (``complete`` and ``note``). See
    :mod:`bargaining.solvers.parametric` for the method.

    Parameters
    ----------
    game:
        A normal-form game whose payoffs are expressions in parameters.
    space:
        The parameters' ranges and baselines. Conditions are simplified over this box. When
        omitted each parameter is assumed to range over [0, 1].
    budget:
        Limits on the work (see :mod:`bargaining.budget`); by default
        :meth:`~bargaining.budget.Budget.from_environment`. Exceeding it raises
        :class:`~bargaining.budget.BudgetExceeded`.

    Examples
    --------
    >>> from bargaining import Parameter, ParameterSpace
    >>> space = ParameterSpace([Parameter("L", 0, 1, sympy.Rational(7, 10))])
    >>> L = space.symbols["L"]
    >>> game = NormalFormGame.from_arrays(
    ...     [[[1 - L, 0], [sympy.Rational(1, 2), sympy.Rational(1, 4)]], [[1, 0], [0, L]]],
    ...     strategies=(("truce", "fight"), ("truce", "fight")))
    >>> solution = parametric_nash(game, space)
    >>> for piece in solution.pieces:
    ...     print(piece.supports, solution.describe_conditions(piece))
    ((0,), (0,)) ['L <= 1/2']
    ((1,), (1,)) []
    ((0, 1), (0, 1)) ['L <= 1/2']
    """
    if not isinstance(game, NormalFormGame):
        raise GameError(f"parametric_nash needs a NormalFormGame, got {type(game).__name__}")
    space = space if space is not None else default_space(game)
    names = {symbol.name for symbol in game.parameters}
    unknown = sorted(names - set(space.names))
    if unknown:
        raise ParameterError(
            f"the game's payoffs use parameters not in the space: {', '.join(unknown)}"
        )
    # Use the space's symbols (with their sign assumptions) in place of the game's.
    symbols = space.symbols
    renaming = {symbol: symbols[symbol.name] for symbol in game.parameters}
    game = game.map_payoffs(
        lambda _player, value: value.xreplace(renaming) if isinstance(value, sympy.Basic) else value
    )
    box = parameter_box(space)
    budget = budget if budget is not None else Budget.from_environment()
    candidates = parametric_candidates(game, budget=budget)
    mixed = mixed_pieces(game, budget=budget) if game.num_players > 2 else None
    pieces = []
    for piece in candidates.pieces + (mixed.pieces if mixed else ()):
        budget.check("symbolic solving")
        simplified = simplified_piece(piece, box)
        if simplified is not None:
            pieces.append(simplified)
    return ParametricSolution(
        game=game,
        space=space,
        pieces=tuple(pieces),
        ties=tuple(dict.fromkeys(candidates.ties + (mixed.ties if mixed else ()))),
        concept="nash",
        # Supports of three or more players without a closed form are solved at points
        # (support enumeration), never silently left out.
        complete=mixed is None or mixed.complete,
        note=unresolved_note(game, mixed.unresolved) if mixed else "",
        unresolved=mixed.unresolved if mixed else (),
    )

"""``nash_equilibria``: the entry point that picks an algorithm for a normal-form game."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping

from bargaining.budget import BUDGET_VARIABLE, Budget
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers._inputs import comparable_payoffs, numeric_game
from bargaining.solvers.equilibrium import (
    Equilibrium,
    EquilibriumList,
    make_equilibrium,
    make_float_equilibria,
)
from bargaining.solvers.pure import pure_equilibria
from bargaining.solvers.support_enumeration import support_enumeration
from bargaining.solvers.vertex_enumeration import extreme_equilibria

__all__ = ["METHODS", "SUPPORT_ENUMERATION_SECONDS", "IncompleteResultWarning", "nash_equilibria"]

SUPPORT_ENUMERATION_SECONDS = 60.0
"""Seconds of support enumeration when no budget is given and ``BARGAINING_BUDGET`` sets no
``seconds``: it returns a flagged partial answer rather than raising, so it stops sooner than
the 120 s after which other solvers give up."""


class IncompleteResultWarning(UserWarning):
    """A solver returned fewer than all equilibria (a budget ran out or a degenerate part of
    the game could not be settled); the result's ``note`` says why."""


METHODS = ("auto", "vertex-enumeration", "support-enumeration", "pure")
"""Methods :func:`nash_equilibria` accepts."""


def nash_equilibria(
    game: NormalFormGame,
    *,
    at: Mapping[str, object] | None = None,
    method: str = "auto",
    exact: bool | None = None,
    budget: Budget | None = None,
) -> list[Equilibrium]:
    """All Nash equilibria of a game; all *extreme* ones of a degenerate two-player game.

    Two-player games are solved by vertex enumeration of the best-response polytopes (see
    :mod:`bargaining.solvers.vertex_enumeration`): every equilibrium of a nondegenerate game,
    and every extreme equilibrium of a degenerate one, whose equilibrium set is the union of
    the convex hulls of cliques of extreme equilibria (Avis, Rosenberg, Savani & von Stengel
    2010, Economic Theory 42, Theorem 2). Games with more players are solved by support
    enumeration with the polynomial indifference system of each support profile (McKelvey &
    McLennan 1996; Datta 2010; see :mod:`bargaining.solvers.support_enumeration`): every
    equilibrium of a generic game, exactly, with irrational probabilities as
    :class:`~bargaining.algebraic.RealAlgebraic` numbers, each verified exactly; on a
    degenerate game every isolated equilibrium and a point of each continuum met, flagged
    ``continuum=True``.

    The result is an :class:`~bargaining.solvers.equilibrium.EquilibriumList`: when a budget
    runs out or part of a degenerate game's search cannot be settled, its ``complete`` is
    False, its ``note`` says why, and an :class:`IncompleteResultWarning` is issued.

    Parameters
    ----------
    game:
        The game; symbolic payoffs need ``at``.
    at:
        Parameter values to substitute first.
    method:
        ``"auto"`` (vertex enumeration for two players, support enumeration for more),
        ``"vertex-enumeration"`` (two players), ``"support-enumeration"`` (any number) or
        ``"pure"``.
    exact:
        Exact rational arithmetic; the default is exact when every payoff is an int or a
        fraction. With ``exact=False`` (or float payoffs) vertex enumeration's results are
        floats, correct to the tolerance
        :data:`~bargaining.solvers.vertex_enumeration.FLOAT_TOLERANCE` relative to the payoff
        range. Support enumeration is always exact: float payoffs are read as the decimals
        they print as and the results returned as floats.
    budget:
        Limits on the work; by default :meth:`~bargaining.budget.Budget.from_environment`
        (120 s, and :data:`SUPPORT_ENUMERATION_SECONDS` for support enumeration, unless
        ``BARGAINING_BUDGET`` says otherwise). Vertex enumeration checks the
        number of linear systems before it starts and raises :class:`BudgetExceeded` when
        its time runs out; support enumeration (three or more players) starts no further
        support profile once the time is up, stops the support system it is solving (large
        ones are solved in a forked worker process that is killed at the deadline; in this
        process, where forking is unsafe, e.g. in a thread other than the main one) and
        returns what it found, flagged incomplete, naming the profile left unfinished.

    Raises
    ------
    BudgetExceeded
        A game too big for the budget (a 15x15 game needs 155 million linear systems).

    Returns
    -------
    list of Equilibrium
        Each equilibrium once, sorted by strategies.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> battle = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> for eq in nash_equilibria(battle):
    ...     print(eq)
    Equilibrium(Player 1={2: 1}; Player 2={2: 1}; payoffs=(1, 2))
    Equilibrium(Player 1={1: 2/3, 2: 1/3}; Player 2={1: 1/3, 2: 2/3}; payoffs=(2/3, 2/3))
    Equilibrium(Player 1={1: 1}; Player 2={1: 1}; payoffs=(2, 1))
    """
    if method not in METHODS:
        raise GameError(f"unknown method {method!r}; expected one of: {', '.join(METHODS)}")
    game = numeric_game(game, at, "nash_equilibria")
    if method == "pure":
        return EquilibriumList(pure_equilibria(game))
    if method == "support-enumeration" or (method == "auto" and game.num_players != 2):
        if budget is None:
            # The environment's own seconds, if any, come later and win.
            setting = f"seconds={SUPPORT_ENUMERATION_SECONDS},{os.environ.get(BUDGET_VARIABLE, '')}"
            budget = Budget.from_environment({BUDGET_VARIABLE: setting})
        return _by_support_enumeration(game, budget)
    if budget is None:
        budget = Budget.from_environment()
    if game.num_players != 2:
        raise GameError(
            f"method {method!r} solves two-player games; this game has {game.num_players} players"
        )
    use_exact = game.is_exact if exact is None else (exact and game.is_exact)
    if exact and not game.is_exact:
        raise GameError("exact=True needs exact payoffs (ints or fractions); this game has floats")
    payoffs = comparable_payoffs(game, exact=use_exact)
    pairs = extreme_equilibria(payoffs[..., 0], payoffs[..., 1], exact=use_exact, budget=budget)
    if not use_exact:
        return EquilibriumList(make_float_equilibria(game, pairs, "vertex enumeration (floats)"))
    return EquilibriumList(make_equilibrium(game, (x, y), "vertex enumeration") for x, y in pairs)


def _by_support_enumeration(game: NormalFormGame, budget: Budget) -> EquilibriumList:
    result = support_enumeration(game, budget=budget)
    if not result.complete:
        warnings.warn(
            f"nash_equilibria: the result may be incomplete: {result.note}",
            IncompleteResultWarning,
            stacklevel=3,
        )
    return EquilibriumList(result.equilibria, complete=result.complete, note=result.note)

"""Bayes-Nash equilibria as functions of beliefs and payoff parameters.

The prior enters the ex-ante form (:func:`~bargaining.games.bayesian.ex_ante_form`) linearly,
so its payoffs are polynomials in the prior's parameters (``mu``) and the payoff parameters,
and the symbolic two-player solver (:func:`~bargaining.analysis.parametric_nash.parametric_nash`)
gives every extreme equilibrium with the exact conditions where it holds. Each piece is then
read as per-type strategies (the marginals of its plan mixture, Kuhn's theorem) and written back
as their product, with the probability of each outcome over types and actions; so a tipping
point such as "Ukraine accepts an unverified truce only while mu < 3/10" is a threshold of the
resulting :class:`~bargaining.analysis.ParametricSolution`.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import sympy

from bargaining.analysis.box import default_space, parameter_box
from bargaining.analysis.conditions import sign_on_box
from bargaining.analysis.parametric_nash import parametric_nash
from bargaining.analysis.parametric_sampled import sampled_parametric_nash
from bargaining.analysis.solution import ParametricSolution
from bargaining.budget import BudgetExceeded
from bargaining.errors import GameError, ParameterError
from bargaining.games.bayesian import BayesianGame, ex_ante_form
from bargaining.numbers import is_symbolic
from bargaining.params import ParameterSpace
from bargaining.solvers.bayes_nash import behaviour_of, outcome_lottery, plan_vectors

__all__ = ["check_prior", "parametric_bayes_nash", "prior_problems"]


def _in_space(game: BayesianGame, space: ParameterSpace) -> BayesianGame:
    unknown = sorted({s.name for s in game.parameters} - set(space.names))
    if unknown:
        raise ParameterError(
            f"the game's prior or payoffs use parameters not in the space: {', '.join(unknown)}"
        )
    renaming = {s: space.symbols[s.name] for s in game.parameters}
    return game.map_entries(lambda v: v.xreplace(renaming) if is_symbolic(v) else v)


def _negative_corner(value: sympy.Expr, box: dict) -> dict | None:
    """A corner (or midpoint) of the box where ``value`` is negative, if one is."""
    symbols = sorted(value.free_symbols, key=lambda s: s.name)
    choices = [
        (box[s][0], (box[s][0] + box[s][1]) / 2, box[s][1]) if s in box else (0,) for s in symbols
    ]
    for point in itertools.product(*choices):
        at = dict(zip(symbols, point, strict=True))
        if value.xreplace(at) < 0:
            return at
    return None


def prior_problems(game: BayesianGame, space: ParameterSpace) -> list[tuple[tuple[str, ...], str]]:
    """What is wrong with a game's prior on a parameter box: ``(type profile, message)`` for
    every entry that is negative somewhere on the box (or cannot be shown non-negative).

    A prior must be a distribution at every point of the box; that it sums to 1 identically is
    checked when the game is built.

    >>> from bargaining import Parameter
    >>> from bargaining.games.normal_form import NormalFormGame
    >>> mu = sympy.Symbol("mu")
    >>> one = NormalFormGame.from_arrays([[[1]], [[1]]])
    >>> game = BayesianGame.from_games({("a", "-"): one, ("b", "-"): one},
    ...     prior={("a", "-"): 2 * mu, ("b", "-"): 1 - 2 * mu})
    >>> prior_problems(game, ParameterSpace([Parameter("mu", 0, 1, 0.25)]))
    [(('b', '-'), 'is 1 - 2*mu, negative at mu = 1 on the parameter box')]
    """
    game = _in_space(game, space)
    box = parameter_box(space)
    problems = []
    for index, value in np.ndenumerate(game.prior):
        if not is_symbolic(value) or sign_on_box(value, box) == 1:
            continue
        profile = tuple(game.types[i][k] for i, k in enumerate(index))
        witness = _negative_corner(value, box)
        if witness is None:
            message = f"is {value}, which cannot be shown non-negative on the parameter box"
        else:
            where = ", ".join(f"{s} = {v}" for s, v in witness.items())
            message = f"is {value}, negative at {where} on the parameter box"
        problems.append((profile, message))
    return problems


def check_prior(game: BayesianGame, space: ParameterSpace) -> None:
    """Raise :class:`~bargaining.errors.GameError` naming the first prior entry that is not a
    probability everywhere on the box (see :func:`prior_problems`)."""
    problems = prior_problems(game, space)
    if problems:
        profile, message = problems[0]
        raise GameError(f"prior{list(profile)} {message}")


def _cancelled(vectors):
    return tuple(tuple(sympy.cancel(sympy.sympify(p)) for p in vector) for vector in vectors)


def parametric_bayes_nash(
    game: BayesianGame, space: ParameterSpace | None = None
) -> ParametricSolution:
    """Every Bayes-Nash equilibrium of a Bayesian game as functions of the parameters of its
    prior and payoffs, with the exact conditions where each holds.

    Harsanyi (1967-68, Management Science 14): the Bayes-Nash equilibria are the Nash
    equilibria of the ex-ante form, solved here in symbols
    (:func:`~bargaining.analysis.parametric_nash.parametric_nash`; every extreme equilibrium of
    two-player games, the pure ones of larger games). The pieces' strategies are the products
    of their per-type marginals, over the game's plan labels.

    Parameters
    ----------
    game:
        The game.
    space:
        The parameters' box (default: each over [0, 1]); the prior must be a distribution on
        all of it.

    Raises
    ------
    GameError
        A prior entry negative somewhere on the box.

    Examples
    --------
    >>> from bargaining import Parameter
    >>> from bargaining.games.normal_form import NormalFormGame
    >>> space = ParameterSpace([Parameter("mu", 0, 1, sympy.Rational(1, 5))])
    >>> mu = space.symbols["mu"]
    >>> labels = dict(players=("Russia", "Ukraine"),
    ...               strategies=(("propose",), ("accept", "refuse")))
    >>> game = BayesianGame.from_games(
    ...     {("settling", "-"): NormalFormGame.from_arrays([[[2, 0]], [[7, 0]]], **labels),
    ...      ("stalling", "-"): NormalFormGame.from_arrays([[[3, 0]], [[-3, 0]]], **labels)},
    ...     prior={("settling", "-"): 1 - mu, ("stalling", "-"): mu})
    >>> solution = parametric_bayes_nash(game, space)
    >>> [str(t.value) for t in solution.thresholds("mu")]
    ['7/10']
    """
    if not isinstance(game, BayesianGame):
        raise GameError(f"parametric_bayes_nash needs a BayesianGame, got {type(game).__name__}")
    space = space if space is not None else default_space(game)
    game = _in_space(game, space)
    check_prior(game, space)
    form = ex_ante_form(game)
    try:
        solution = parametric_nash(form, space)
    except BudgetExceeded:
        # Too many bases to solve in symbols: along one parameter, follow the supports met.
        if form.num_players != 2 or len(form.parameters) != 1:
            raise
        solution = sampled_parametric_nash(form, space)
    pieces, seen = [], set()
    for piece in solution.pieces:
        behaviour = tuple(_cancelled(per_type) for per_type in behaviour_of(game, piece.strategies))
        strategies = _cancelled(plan_vectors(game, behaviour))
        key = (strategies, piece.conditions)
        if key in seen:
            continue
        seen.add(key)
        outcomes = tuple(
            (name, sympy.cancel(sympy.sympify(p))) for name, p in outcome_lottery(game, behaviour)
        )
        pieces.append(
            replace(
                piece,
                strategies=strategies,
                supports=tuple(tuple(j for j, p in enumerate(v) if p != 0) for v in strategies),
                outcome_probabilities=outcomes,
            )
        )
    return ParametricSolution(
        game=game,
        space=space,
        pieces=tuple(pieces),
        ties=solution.ties,
        concept="bayes-nash",
        complete=solution.complete,
    )

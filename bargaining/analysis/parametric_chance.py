"""Nash equilibria of a game tree's reduced strategic form as functions of the parameters, with
the probability of each named outcome of the tree.

Where a chance move mixes outcomes, a strategy profile of the reduced form leads to a lottery
over outcomes, so the form names none
(:meth:`~bargaining.games.extensive.ExtensiveGame.to_normal_form`). Each piece then gets its
outcome probabilities from the tree (:func:`~bargaining.solvers.reached_outcomes.reached_outcomes`,
in the parameters' symbols), and the solution keeps the tree as its game, so that points solved
directly (:meth:`~bargaining.analysis.ParametricSolution.at` on a boundary, sweeps of incomplete
solutions) go through the tree's own solver and report the same outcomes.
"""

from __future__ import annotations

import dataclasses

from bargaining.analysis.parametric_nash import parametric_nash
from bargaining.analysis.solution import ParametricSolution
from bargaining.games.extensive import ExtensiveGame
from bargaining.numbers import to_sympy
from bargaining.params import ParameterSpace
from bargaining.rational_functions import factor
from bargaining.solvers.reached_outcomes import reached_outcomes

__all__ = ["reduced_form_nash"]


def reduced_form_nash(tree: ExtensiveGame, space: ParameterSpace | None) -> ParametricSolution:
    """The Nash equilibria of ``tree.to_normal_form()`` in the parameters (what
    ``parametric_equilibria(tree, space, concept="nash")`` returns), each piece with the
    probability of every named outcome of the tree, chance included.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> model = load_model("models/ceasefire_sequence.toml")
    >>> solution = reduced_form_nash(model.game(), model.parameters)
    >>> [dict(eq.outcome_probabilities)["talk_and_fight"] for eq in solution.at()]
    [0, 1]
    """
    form = tree.to_normal_form()
    solution = parametric_nash(form, space)
    if form.outcomes is not None:
        return solution
    pieces = tuple(
        dataclasses.replace(
            piece,
            outcome_probabilities=tuple(
                (name, factor(to_sympy(p))) for name, p in reached_outcomes(tree, piece.strategies)
            ),
        )
        for piece in solution.pieces
    )
    return dataclasses.replace(solution, game=tree, pieces=pieces, labels=tuple(form.strategies))

"""``parametric_equilibria``: solve a game once in symbols, then ask it anything.

The solution is a :class:`~bargaining.analysis.solution.ParametricSolution`: a list of pieces,
each an equilibrium as expressions in the parameters with the conditions under which it holds.
Which equilibria, is the game kind's solution concept, chosen in one place
(:mod:`bargaining.solvers.concepts`): normal-form games give their Nash equilibria
(:mod:`bargaining.analysis.parametric_nash`), game trees their subgame-perfect equilibria
(:mod:`bargaining.analysis.parametric_tree`), or, on request, the Nash equilibria of their
reduced strategic form. This module attaches those symbolic solvers to the concepts.
"""

from __future__ import annotations

from bargaining.analysis.cache import cached_solution
from bargaining.analysis.evaluation import Evaluation
from bargaining.analysis.parametric_bayesian import parametric_bayes_nash
from bargaining.analysis.parametric_chance import reduced_form_nash
from bargaining.analysis.parametric_nash import parametric_nash
from bargaining.analysis.parametric_pbe import parametric_pbe
from bargaining.analysis.parametric_tree import parametric_subgame_perfect
from bargaining.analysis.solution import ParametricSolution
from bargaining.errors import GameError
from bargaining.games.bayesian import BayesianGame
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.params import ParameterSpace
from bargaining.solvers.concepts import DEFAULT, register_parametric, solution_concept

__all__ = ["Evaluation", "ParametricSolution", "parametric_equilibria"]


def parametric_equilibria(
    game: object, space: ParameterSpace | None = None, *, concept: str = DEFAULT
) -> ParametricSolution:
    """All equilibria of a game with symbolic payoffs, as functions of the parameters, under
    the game kind's solution concept (or the one named).

    A normal-form game gives its Nash equilibria
    (:func:`~bargaining.analysis.parametric_nash.parametric_nash`: every extreme equilibrium
    of a two-player game, the pure equilibria of larger games); a perfect-information game
    tree its pure subgame-perfect equilibria
    (:func:`~bargaining.analysis.parametric_tree.parametric_subgame_perfect`); a tree with
    ``concept="nash"`` (the default for imperfect information) the Nash equilibria of its
    reduced strategic form; a Bayesian game its Bayes-Nash equilibria
    (:func:`~bargaining.analysis.parametric_bayesian.parametric_bayes_nash`, through its
    ex-ante form).

    Parameters
    ----------
    game:
        A game of a kind with a registered concept, whose payoffs are expressions in
        parameters.
    space:
        The parameters' ranges and baselines. Conditions are simplified over this box. When
        omitted each parameter is assumed to range over [0, 1].
    concept:
        ``"default"`` or a concept name registered for the game's kind
        (:func:`~bargaining.solvers.concepts.concept_names`).

    Raises
    ------
    GameError
        An unregistered game kind or concept, or a concept without a symbolic solver.

    Notes
    -----
    Solutions are cached by the game's content (:mod:`bargaining.analysis.cache`): asking again
    for the same game, space and concept, in this process or (for solves of 0.1 s or more) a
    later one, returns the solution without solving; :func:`~bargaining.analysis.clear_cache`
    forgets them.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> model = load_model("models/ceasefire_sequence.toml")
    >>> spe = parametric_equilibria(model.game(), model.parameters)
    >>> nash = parametric_equilibria(model.game(), model.parameters, concept="nash")
    >>> (spe.concept, len(spe.at())), (nash.concept, len(nash.at()))
    (('subgame-perfect', 1), ('nash', 2))
    >>> [str(t.value) for t in spe.thresholds("L")]
    ['4/9', '4/5']
    """
    chosen = solution_concept(game, concept)
    if chosen.parametric is None:
        raise GameError(
            f"the {chosen.title} of a {type(game).__name__} has no symbolic solver; solve it "
            "at points instead"
        )
    # Solved once per content (bargaining.analysis.cache): a second sweep or report skips it.
    return cached_solution(game, space, chosen.name, lambda: chosen.parametric(game, space))


register_parametric(NormalFormGame, "nash", parametric_nash)
register_parametric(ExtensiveGame, "subgame-perfect", parametric_subgame_perfect)
register_parametric(ExtensiveGame, "nash", reduced_form_nash)
register_parametric(ExtensiveGame, "pbe", parametric_pbe)
register_parametric(BayesianGame, "bayes-nash", parametric_bayes_nash)

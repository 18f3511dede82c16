"""A parametric solution, or, where symbolic solving goes over its budget, one that solves every
point directly: what a consumer that needs a :class:`ParametricSolution` (a report) uses so
that a game too hard to solve in symbols is still analysed, point by point, with a note saying
why, as sweeps do (:func:`~bargaining.analysis.target.resolve_target`).
"""

from __future__ import annotations

import warnings

from bargaining.analysis.box import default_space
from bargaining.analysis.parametric import parametric_equilibria
from bargaining.analysis.solution import ParametricSolution
from bargaining.budget import BudgetExceeded, SymbolicFallbackWarning
from bargaining.params import ParameterSpace
from bargaining.solvers.concepts import DEFAULT, solution_concept

__all__ = ["parametric_or_pointwise"]


def parametric_or_pointwise(
    game: object, space: ParameterSpace | None = None, *, concept: str = DEFAULT
) -> ParametricSolution:
    """:func:`~bargaining.analysis.parametric.parametric_equilibria`, or, when that exceeds its
    budget (:class:`~bargaining.budget.BudgetExceeded`), a solution without pieces that is not
    ``complete``, so that :meth:`ParametricSolution.at` and everything built on it solve each
    point directly; its ``note`` says why, and a
    :class:`~bargaining.budget.SymbolicFallbackWarning` is issued.

    Examples
    --------
    >>> import sympy
    >>> from bargaining import NormalFormGame
    >>> L = sympy.Symbol("L", positive=True)
    >>> game = NormalFormGame.from_arrays([[[sympy.exp(20 * L)]], [[1]]])
    >>> parametric_or_pointwise(game).complete
    True
    >>> game = NormalFormGame.from_arrays([[[sympy.exp(2000 * L)]], [[1]]])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     solution = parametric_or_pointwise(game)
    >>> solution.complete, solution.pieces, caught[0].category.__name__
    (False, (), 'SymbolicFallbackWarning')
    >>> solution.note[:52]
    'symbolic solving of the payoff exp(2000*L) (a polyno'
    >>> len(solution.at({"L": 0.001}))
    1
    """
    try:
        return parametric_equilibria(game, space, concept=concept)
    except BudgetExceeded as error:
        warnings.warn(f"{error}; solving point by point instead", SymbolicFallbackWarning, 2)
        return ParametricSolution(
            game=game,
            space=space if space is not None else default_space(game),
            pieces=(),
            concept=solution_concept(game, concept).name,
            complete=False,
            note=f"{error}; every point is solved directly",
        )

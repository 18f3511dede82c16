"""The values of a claim's concept terms at a point: ``mediator_max``, ``mediator_min`` and
``qre_prob`` (:mod:`bargaining.model.claim_terms`), computed from the game, not from its
equilibria."""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from bargaining.errors import BargainingError
from bargaining.games.normal_form import NormalFormGame
from bargaining.model.claim_terms import CONCEPT_TERMS, MEDIATOR_MAX, MEDIATOR_MIN
from bargaining.numbers import Number, to_sympy

__all__ = ["concept_term_values", "concept_terms"]


def concept_terms(expect: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """The concept terms in a claim's expectation.

    >>> concept_terms(MEDIATOR_MAX(sympy.Symbol("war")) >= 1)
    (mediator_max(war),)
    """
    return tuple(
        term
        for term in expect.atoms(sympy.core.function.AppliedUndef)
        if term.func in CONCEPT_TERMS
    )


def concept_term_values(
    terms: tuple[sympy.Basic, ...], game: object, point: Mapping[str, Number]
) -> dict[sympy.Basic, sympy.Expr]:
    """Each term's value in ``game`` at ``point``: the mediator's bounds exactly (two linear
    programs over the correlated equilibria, Aumann 1987, Econometrica 55(1), eq. 2.3), the
    QRE probability as a float (McKelvey & Palfrey 1995, eq. 3).

    Raises
    ------
    BargainingError
        When the game is not a normal-form game.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> chicken = NormalFormGame.from_arrays([[[0, -1], [1, -10]], [[0, 1], [-1, -10]]],
    ...     outcomes=[["peace", "B wins"], ["A wins", "crash"]])
    >>> terms = (MEDIATOR_MAX(sympy.Symbol("peace")), MEDIATOR_MIN(sympy.Symbol("peace")))
    >>> concept_term_values(terms, chicken, {})
    {mediator_max(peace): 9/11, mediator_min(peace): 0}
    """
    if not terms:
        return {}
    if not isinstance(game, NormalFormGame):
        names = ", ".join(sorted({term.func.__name__ for term in terms}))
        raise BargainingError(
            f"{names} speak of correlated equilibria or logit QRE of a normal-form game; "
            f"this game is a {type(game).__name__}"
        )
    # Imported on use: the solvers load scipy, which claims without these terms do without.
    from bargaining.solvers.correlated import correlated_equilibria
    from bargaining.solvers.qre import logit_qre

    at = dict(point) or None
    values: dict[sympy.Basic, sympy.Expr] = {}
    for term in terms:
        outcome = term.args[0].name
        if term.func in (MEDIATOR_MAX, MEDIATOR_MIN):
            best = correlated_equilibria(
                game, objective=outcome, maximize=term.func == MEDIATOR_MAX, at=at
            )
            values[term] = to_sympy(best.value)
        else:
            points = logit_qre(game, float(term.args[1]), at=at)
            principal = next(p for p in points if p.principal)
            values[term] = sympy.Float(principal.probability(outcome))
    return values

"""Claim terms about concepts other than the game's equilibria: what a mediator can reach and
what boundedly rational play gives.

Beside ``prob``, ``payoff``, ``plays`` and ``count`` (:mod:`bargaining.model.claims`), an
``expect`` condition may use

================================  ==============================================================
written in the file               sympy object and what a checker substitutes
================================  ==============================================================
``mediator_max('ceasefire')``     ``MEDIATOR_MAX(Symbol('ceasefire'))``: the highest probability
                                  of the outcome over the correlated equilibria (Aumann 1987),
                                  exact
``mediator_min('ceasefire')``     ``MEDIATOR_MIN(Symbol('ceasefire'))``: the lowest
``qre_prob('ceasefire', 2)``      ``QRE_PROB(Symbol('ceasefire'), 2)``: the probability of the
                                  outcome in the logit QRE at precision 2 on the principal
                                  branch (McKelvey & Palfrey 1995), a float
================================  ==============================================================

These are numbers of the game at a point, not of one equilibrium, so ``in = "all"`` and
``"some"`` do not change them. The outcome names are checked like ``prob``'s when the file is
read.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from bargaining.errors import ExpressionError

__all__ = ["CONCEPT_TERMS", "MEDIATOR_MAX", "MEDIATOR_MIN", "QRE_PROB", "concept_claim_functions"]

#: ``mediator_max('outcome')``: the highest probability of the outcome a mediator can reach.
MEDIATOR_MAX = sympy.Function("mediator_max", real=True)
#: ``mediator_min('outcome')``: the lowest probability of the outcome a mediator can hold it to.
MEDIATOR_MIN = sympy.Function("mediator_min", real=True)
#: ``qre_prob('outcome', lam)``: the outcome's probability in the principal logit QRE at lam.
QRE_PROB = sympy.Function("qre_prob", real=True)
#: The sympy functions of this module, which a checker substitutes by game (not equilibrium).
CONCEPT_TERMS = (MEDIATOR_MAX, MEDIATOR_MIN, QRE_PROB)


def concept_claim_functions(
    outcome: Callable[[str, tuple], str],
    refuse: Callable[[str], ExpressionError],
) -> dict[str, Callable[..., sympy.Basic]]:
    """The functions ``mediator_max``, ``mediator_min`` and ``qre_prob`` for the claim parser.

    ``outcome(function, arguments)`` checks that ``arguments`` are one quoted outcome name of
    the claim's game and returns it (as ``prob`` does); ``refuse(message)`` makes the error
    for other mistakes.

    >>> functions = concept_claim_functions(lambda function, arguments: arguments[0], ValueError)
    >>> functions["mediator_max"]("ceasefire"), functions["qre_prob"]("war", sympy.Integer(2))
    (mediator_max(ceasefire), qre_prob(war, 2))
    """

    def mediator_max(*arguments: object) -> sympy.Basic:
        return MEDIATOR_MAX(sympy.Symbol(outcome("mediator_max", arguments)))

    def mediator_min(*arguments: object) -> sympy.Basic:
        return MEDIATOR_MIN(sympy.Symbol(outcome("mediator_min", arguments)))

    def qre_prob(*arguments: object) -> sympy.Basic:
        lam = arguments[-1] if arguments else None
        if not isinstance(lam, sympy.Number) or not lam.is_finite or lam < 0:
            raise refuse(
                "qre_prob() takes a quoted outcome name and a precision λ >= 0, as in "
                f"qre_prob('war', 2); got ({', '.join(str(a) for a in arguments)})"
            )
        return QRE_PROB(sympy.Symbol(outcome("qre_prob", arguments[:-1])), lam)

    return {"mediator_max": mediator_max, "mediator_min": mediator_min, "qre_prob": qre_prob}

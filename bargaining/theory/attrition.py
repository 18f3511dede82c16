"""War of attrition: "buying time" (theory-notes §6).

Complete information (continuous time): the stationary mixed equilibrium (Maynard Smith 1974;
Bishop & Cannings 1978; Hendricks, Weiss & Wilson 1988) and, because the equilibrium set is a
continuum (HWW 1988), the two pure "one side concedes at once" equilibria on request.
Incomplete information with private values: the symmetric Bayesian equilibrium (Krishna &
Morgan 1997, JET 72). Symbolic in, symbolic out.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from bargaining.errors import GameError
from bargaining.numbers import Number, is_symbolic, normalize_number, to_sympy
from bargaining.theory.closed_form import ClosedFormResult, model_input, model_output

__all__ = [
    "ATTRITION_EQUILIBRIA",
    "AttritionEquilibrium",
    "PrivateValueAttrition",
    "private_value_attrition",
    "war_of_attrition",
]

ATTRITION_EQUILIBRIA = ("stationary", "player 1 concedes", "player 2 concedes")


@dataclass(frozen=True)
class AttritionEquilibrium(ClosedFormResult):
    """An equilibrium of the complete-information war of attrition.

    Attributes
    ----------
    hazards:
        ``(lambda_1, lambda_2)``: each player's concession rate (stationary equilibrium);
        ``None`` for the pure equilibria.
    win_probability:
        ``(Pr(1 wins), Pr(2 wins))``: the other side concedes first.
    expected_duration:
        Expected time until someone concedes.
    expected_payoffs:
        ``(0, 0)`` in the stationary equilibrium (full rent dissipation).
    equilibrium:
        Which equilibrium (one of :data:`ATTRITION_EQUILIBRIA`).
    """

    hazards: tuple[Number, Number] | None
    win_probability: tuple[Number, Number]
    expected_duration: Number
    expected_payoffs: tuple[Number, Number]
    equilibrium: str


@dataclass(frozen=True)
class PrivateValueAttrition(ClosedFormResult):
    """The symmetric Bayesian equilibrium with private values.

    Attributes
    ----------
    quit_time:
        ``T(v)``: when a type-``v`` player concedes, a sympy expression in ``variable``.
    expected_payoff:
        A type-``v`` player's expected payoff ``∫_0^v F``, an expression in ``variable``.
    expected_duration:
        ``E[T(min(v1, v2))]``.
    variable:
        The value symbol ``v``.
    """

    quit_time: sympy.Expr
    expected_payoff: sympy.Expr
    expected_duration: Number
    variable: sympy.Symbol


def war_of_attrition(
    *,
    value_1: object,
    cost_1: object,
    value_2: object | None = None,
    cost_2: object | None = None,
    equilibrium: str = "stationary",
) -> AttritionEquilibrium:
    """An equilibrium of the two-player war of attrition with complete information.

    Staying in costs ``c_i`` per unit time; the winner gets ``V_i``. In the stationary mixed
    equilibrium each player's concession hazard makes the *opponent* indifferent (Hendricks,
    Weiss & Wilson 1988, IER 29(4); symmetric case Maynard Smith 1974, Bishop & Cannings 1978):
    ``lambda_1 = c_2/V_2``, ``lambda_2 = c_1/V_1``; ``Pr(1 wins) = lambda_2/(lambda_1 + lambda_2)``,
    ``E[duration] = 1/(lambda_1 + lambda_2)``; both expect 0. The side with the lower cost/value
    ratio concedes faster. Other equilibria exist (theory-notes §6.1, §9.5): choose one with
    ``equilibrium``.

    Parameters
    ----------
    value_1, cost_1, value_2, cost_2:
        Positive, keyword-only (a swap of value and cost would silently give another game);
        player 2 copies player 1 when omitted (the symmetric game).
    equilibrium:
        ``"stationary"``, ``"player 1 concedes"`` (at once, player 2 never does) or
        ``"player 2 concedes"``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> war_of_attrition(value_1=4, cost_1=1).expected_duration
    2
    >>> e = war_of_attrition(value_1=4, cost_1=1, value_2=2, cost_2=1)
    >>> e.hazards, e.win_probability
    ((Fraction(1, 2), Fraction(1, 4)), (Fraction(1, 3), Fraction(2, 3)))
    >>> c, v = sympy.symbols("c V", positive=True)
    >>> war_of_attrition(value_1=v, cost_1=c).expected_duration
    V/(2*c)
    """
    c1 = model_input(cost_1, "cost_1", positive=True)
    v1 = model_input(value_1, "value_1", positive=True)
    c2 = c1 if cost_2 is None else model_input(cost_2, "cost_2", positive=True)
    v2 = v1 if value_2 is None else model_input(value_2, "value_2", positive=True)
    if equilibrium == "player 1 concedes":
        return AttritionEquilibrium(None, (0, 1), 0, (0, model_output(v2)), equilibrium)
    if equilibrium == "player 2 concedes":
        return AttritionEquilibrium(None, (1, 0), 0, (model_output(v1), 0), equilibrium)
    if equilibrium != "stationary":
        raise GameError(
            f"unknown equilibrium {equilibrium!r}; "
            f"expected one of {', '.join(ATTRITION_EQUILIBRIA)}"
        )
    symbolic = any(is_symbolic(x) for x in (c1, v1, c2, v2))
    conv = to_sympy if symbolic else (lambda x: x)
    lam1, lam2 = conv(c2) / conv(v2), conv(c1) / conv(v1)
    total = lam1 + lam2
    return AttritionEquilibrium(
        (model_output(lam1), model_output(lam2)),
        (model_output(lam2 / total), model_output(lam1 / total)),
        model_output(1 / total),
        (0, 0),
        equilibrium,
    )


def private_value_attrition(
    cost: object,
    *,
    cdf: sympy.Expr | None = None,
    variable: sympy.Symbol | None = None,
    upper: object = 1,
) -> PrivateValueAttrition:
    """The symmetric Bayesian equilibrium of the war of attrition with i.i.d. private values
    ``v ~ F`` on ``[0, upper]`` (equivalent to the second-price all-pay auction; Krishna &
    Morgan 1997, JET 72; theory-notes §6.2):

        ``T(v) = (1/c) ∫_0^v x f(x)/(1 - F(x)) dx``.

    For ``U[0, 1]``: ``T(v) = (-ln(1 - v) - v)/c``, payoff ``v²/2`` and expected duration
    ``1/(6c)``.

    Parameters
    ----------
    cost:
        Cost per unit time ``c > 0``.
    cdf, variable, upper:
        ``F`` as a sympy expression in ``variable`` on ``[0, upper]``; uniform on ``[0, 1]`` by
        default.

    Examples
    --------
    >>> from fractions import Fraction
    >>> r = private_value_attrition(2)
    >>> r.quit_time, r.expected_payoff, r.expected_duration
    (-v/2 - log(1 - v)/2, v**2/2, Fraction(1, 12))
    """
    c = to_sympy(model_input(cost, "cost", positive=True))
    v = variable if variable is not None else sympy.Symbol("v", nonnegative=True)
    if cdf is not None and not isinstance(cdf, sympy.Expr):
        raise GameError(f"cdf must be a sympy expression in {v}, got {type(cdf).__name__}")
    big_f = cdf if cdf is not None else v
    top = to_sympy(normalize_number(upper))
    x = sympy.Dummy("x", nonnegative=True)
    f_x = sympy.diff(big_f, v).subs(v, x)
    big_f_x = big_f.subs(v, x)
    # integrate up to top - y with y > 0, so that sympy keeps logs of positive arguments
    y = sympy.Dummy("y", positive=True)
    integral = sympy.integrate(x * f_x / (1 - big_f_x), (x, 0, top - y))
    quit_time = sympy.simplify(sympy.expand_log(integral, force=False).subs(y, top - v) / c)
    payoff = sympy.simplify(sympy.integrate(big_f_x, (x, 0, v)))
    density_of_min = 2 * f_x * (1 - big_f_x)
    duration = sympy.integrate(quit_time.subs(v, x) * density_of_min, (x, 0, top))
    return PrivateValueAttrition(quit_time, payoff, model_output(duration), v)

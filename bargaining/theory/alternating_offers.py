"""Rubinstein (1982) alternating offers and its extensions (theory-notes §2).

Symbolic in, symbolic out: pass sympy symbols for discount factors, outside options or breakdown
probabilities and get expressions (``Piecewise`` over the outside-option regimes); pass ints or
fractions and get exact fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from bargaining.errors import GameError
from bargaining.games.bargaining_problem import BargainingProblem
from bargaining.numbers import Number, is_symbolic, to_sympy
from bargaining.solvers.axiomatic import BargainingSolution, nash_bargaining
from bargaining.theory.closed_form import (
    ClosedFormResult,
    any_symbolic,
    check_unit_interval,
    model_input,
    model_output,
)

__all__ = [
    "BreakdownSolution",
    "FrontierOffers",
    "RubinsteinSolution",
    "frontier_offers",
    "rubinstein",
    "rubinstein_breakdown",
    "rubinstein_limit",
]

REGIMES = ("no option binds", "2's option binds", "1's option binds", "both bind")


@dataclass(frozen=True)
class RubinsteinSolution(ClosedFormResult):
    """The unique SPE of alternating offers (agreement in period 0).

    Attributes
    ----------
    proposer_1:
        ``(x1, x2)``: the split player 1 proposes (and player 2 accepts).
    proposer_2:
        ``(y1, y2)``: the split player 2 proposes (off the path when 1 moves first).
    first_mover_advantage:
        Player 1's share as proposer minus its share as responder, ``x1 - y1``.
    regime:
        With outside options, which row of theory-notes §2.3 applies (``None`` when symbolic).
    """

    proposer_1: tuple[Number, Number]
    proposer_2: tuple[Number, Number]
    first_mover_advantage: Number
    regime: str | None = None


@dataclass(frozen=True)
class BreakdownSolution(ClosedFormResult):
    """SPE shares with exogenous breakdown risk: ``proposer_i`` is the split when ``i`` proposes."""

    proposer_1: tuple[Number, Number]
    proposer_2: tuple[Number, Number]


def rubinstein(
    delta_1: object, delta_2: object, *, outside_options: Sequence[object] = (0, 0)
) -> RubinsteinSolution:
    """SPE of the Rubinstein (1982, Econometrica 50(1)) alternating-offers game.

    Without outside options player 1 proposes ``x1* = (1 - d2)/(1 - d1 d2)`` and player 2 gets
    ``x2* = d2 (1 - d1)/(1 - d1 d2)``; proof of uniqueness in Shaked & Sutton (1984,
    Econometrica 52(6)). With outside options ``(w1, w2)`` that the *responder* may take right
    after rejecting, the outside-option principle (Shaked & Sutton 1984; Sutton 1986; Binmore,
    Shaked & Sutton 1989, QJE 104(4)) gives the four regimes of theory-notes §2.3: an option
    matters only when it beats the responder's Rubinstein share, and then it is a constraint
    ``u_j >= w_j``, not a disagreement point.

    Parameters
    ----------
    delta_1, delta_2:
        Discount factors in ``(0, 1)``; numbers or sympy expressions.
    outside_options:
        ``(w1, w2)`` with ``w_i >= 0`` and ``w1 + w2 < 1``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> rubinstein(Fraction(1, 2), Fraction(1, 2)).proposer_1
    (Fraction(2, 3), Fraction(1, 3))
    >>> d = sympy.Symbol("delta", positive=True)
    >>> rubinstein(d, d).proposer_1[0]
    1/(delta + 1)
    >>> s = rubinstein(Fraction(9, 10), Fraction(9, 10), outside_options=(0, Fraction(3, 5)))
    >>> s.proposer_1, s.regime
    ((Fraction(2, 5), Fraction(3, 5)), "2's option binds")
    """
    d1, d2 = model_input(delta_1, "delta_1"), model_input(delta_2, "delta_2")
    w1, w2 = (model_input(w, "outside option") for w in outside_options)
    check_unit_interval(d1, "delta_1")
    check_unit_interval(d2, "delta_2")
    for w in (w1, w2):
        if not is_symbolic(w) and w < 0:
            raise GameError(f"outside options must be >= 0, got {w}")
    if not is_symbolic(w1 + w2) and w1 + w2 >= 1:
        raise GameError(f"outside options must leave gains from trade: w1 + w2 = {w1 + w2} >= 1")
    big_x = (1 - d2) / (1 - d1 * d2)
    big_y = (1 - d1) / (1 - d1 * d2)
    rows = [
        (big_x, big_y),
        (1 - w2, 1 - d1 * (1 - w2)),
        (1 - d2 * (1 - w1), 1 - w1),
        (1 - w2, 1 - w1),
    ]
    symbolic = any(is_symbolic(v) for v in (d1, d2, w1, w2))
    if symbolic:
        s = [to_sympy(v) for v in (d1, d2, w1, w2, big_x, big_y)]
        d1s, d2s, w1s, w2s, xs, ys = s
        conditions = [
            sympy.And(w2s <= d2s * ys, w1s <= d1s * xs),
            sympy.And(w2s > d2s * ys, w1s <= d1s * (1 - w2s)),
            sympy.And(w1s > d1s * xs, w2s <= d2s * (1 - w1s)),
            sympy.true,
        ]
        if w1 == 0 and w2 == 0:
            x, y, regime = big_x, big_y, REGIMES[0]
        else:
            x = sympy.Piecewise(
                *[(to_sympy(r[0]), c) for r, c in zip(rows, conditions, strict=True)]
            )
            y = sympy.Piecewise(
                *[(to_sympy(r[1]), c) for r, c in zip(rows, conditions, strict=True)]
            )
            regime = None
    else:
        flags = [
            w2 <= d2 * big_y and w1 <= d1 * big_x,
            w2 > d2 * big_y and w1 <= d1 * (1 - w2),
            w1 > d1 * big_x and w2 <= d2 * (1 - w1),
            True,
        ]
        index = flags.index(True)
        (x, y), regime = rows[index], REGIMES[index]
    x, y = model_output(x), model_output(y)
    return RubinsteinSolution(
        (x, model_output(1 - to_sympy(x)) if symbolic else 1 - x),
        (model_output(1 - to_sympy(y)) if symbolic else 1 - y, y),
        model_output(to_sympy(x) - (1 - to_sympy(y))) if symbolic else x - (1 - y),
        regime,
    )


def rubinstein_breakdown(
    breakdown: object, *, breakdown_payoffs: Sequence[object] = (0, 0)
) -> BreakdownSolution:
    """Alternating offers without discounting but with breakdown probability ``q`` after each
    rejection (Binmore, Rubinstein & Wolinsky 1986, RAND J. Econ. 17(2); Osborne & Rubinstein
    1990, ch. 4; theory-notes §2.4).

    Proposer ``i`` gets ``b_i + s/(2 - q)``, responder ``j`` gets ``b_j + (1 - q) s/(2 - q)``,
    with ``s = 1 - b1 - b2``. As ``q -> 0`` this tends to the symmetric NBS with ``d = b``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> b = (Fraction(1, 10), Fraction(1, 5))
    >>> rubinstein_breakdown(Fraction(1, 2), breakdown_payoffs=b).proposer_1
    (Fraction(17, 30), Fraction(13, 30))
    """
    q = model_input(breakdown, "breakdown")
    b1, b2 = (model_input(b, "breakdown payoff") for b in breakdown_payoffs)
    check_unit_interval(q, "breakdown probability", closed_high=True)
    if not is_symbolic(b1 + b2) and b1 + b2 >= 1:
        raise GameError(f"breakdown payoffs must satisfy b1 + b2 < 1, got {b1 + b2}")
    s = 1 - b1 - b2
    proposer, responder = s / (2 - q), (1 - q) * s / (2 - q)
    return BreakdownSolution(
        (model_output(b1 + proposer), model_output(b2 + responder)),
        (model_output(b1 + responder), model_output(b2 + proposer)),
    )


def rubinstein_limit(
    rate_1: object,
    rate_2: object,
    *,
    breakdown_rate: object = 0,
    breakdown_payoffs: Sequence[object] = (0, 0),
    problem: BargainingProblem | None = None,
) -> BargainingSolution:
    """The ``Delta -> 0`` limit of alternating offers with ``delta_i = exp(-r_i Delta)``: the
    asymmetric Nash bargaining solution (Binmore, Rubinstein & Wolinsky 1986; theory-notes
    §2.2, §2.4).

    With breakdown hazard ``lambda`` and breakdown payoffs ``b`` the weights are
    ``alpha_i ∝ 1/(r_i + lambda)`` and the disagreement point ``d_i = lambda b_i/(r_i + lambda)``;
    without breakdown, ``alpha_1 = r2/(r1 + r2)`` and ``d`` is the impasse point ``(0, 0)``
    (outside options are *not* the disagreement point: see :func:`rubinstein`).

    Parameters
    ----------
    rate_1, rate_2:
        Discount rates ``r_i > 0``.
    breakdown_rate, breakdown_payoffs:
        ``lambda >= 0`` and ``b``.
    problem:
        The feasible set (its impasse point must be ``(0, 0)``); the linear pie by default.

    Examples
    --------
    >>> from fractions import Fraction
    >>> rubinstein_limit(1, 3).point
    (Fraction(3, 4), Fraction(1, 4))
    >>> r1, r2 = sympy.symbols("r1 r2", positive=True)
    >>> rubinstein_limit(r1, r2).u1
    r2/(r1 + r2)
    """
    r1, r2, lam = (to_sympy(model_input(v, "rate")) for v in (rate_1, rate_2, breakdown_rate))
    b1, b2 = (to_sympy(model_input(b, "breakdown payoff")) for b in breakdown_payoffs)
    weights = (1 / (r1 + lam), 1 / (r2 + lam))
    d = (model_output(lam * b1 / (r1 + lam)), model_output(lam * b2 / (r2 + lam)))
    if problem is None:
        alpha = weights[0] / (weights[0] + weights[1])
        rest = 1 - to_sympy(d[0]) - to_sympy(d[1])
        point = (model_output(d[0] + alpha * rest), model_output(d[1] + (1 - alpha) * rest))
        return BargainingSolution(point, "nash")
    if problem.disagreement != (0, 0):
        raise GameError("rubinstein_limit needs a problem whose impasse point is (0, 0)")
    if d != (0, 0):
        if problem.kind == "polygon":
            problem = BargainingProblem.from_vertices(problem.vertices, d)
        else:
            problem = BargainingProblem.from_frontier(
                problem.frontier, problem.variable, d, upper=problem.domain[1]
            )
    return nash_bargaining(problem, tuple(model_output(w) for w in weights))


@dataclass(frozen=True)
class FrontierOffers(ClosedFormResult):
    """The stationary SPE of alternating offers on a frontier ``u2 = f(u1)``.

    Attributes
    ----------
    proposer_1:
        ``(x1, f(x1))``: the agreement when player 1 proposes (at once, on the path).
    proposer_2:
        ``(y1, f(y1))``: the agreement when player 2 proposes.
    """

    proposer_1: tuple[Number, Number]
    proposer_2: tuple[Number, Number]


def frontier_offers(
    problem: BargainingProblem,
    *,
    delta_1: object,
    delta_2: object,
    breakdown: object = 0,
    breakdown_payoffs: Sequence[object] = (0, 0),
) -> FrontierOffers:
    """Alternating offers on a concave frontier at a finite period length, with discounting
    and a risk of breakdown after each rejection (Rubinstein 1982, Econometrica 50(1); Binmore,
    Rubinstein & Wolinsky 1986, RAND J. Econ. 17(2); Osborne & Rubinstein 1990, ch. 4;
    theory-notes §2.2, §2.4).

    Each responder is indifferent between the offer and rejecting: after a rejection talks
    break down with probability ``q`` (payoffs ``b``), else the responder proposes next period,
    discounted by ``delta_j``. The stationary SPE solves

        ``f(x1) = q b2 + (1 - q) delta_2 f(y1)``,  ``y1 = q b1 + (1 - q) delta_1 x1``.

    With ``f(u) = 1 - u`` this is :func:`rubinstein` (``q = 0``) and
    :func:`rubinstein_breakdown` (``delta = 1``); with ``delta_i = exp(-r_i Delta)`` and
    ``Delta -> 0`` both proposals tend to the asymmetric Nash solution of
    :func:`rubinstein_limit`. ``x1`` is a root of ``f(x) - q b2 - (1 - q) delta_2 f(q b1 + (1 -
    q) delta_1 x)``: exact (radicals or ``CRootOf``) when that is algebraic, a certified float
    otherwise (:func:`~bargaining.real_roots.isolate_real_roots`); numbers only.

    Parameters
    ----------
    problem:
        A frontier problem whose disagreement point is the impasse point ``(0, 0)``.
    delta_1, delta_2:
        Discount factors per period, in ``(0, 1]`` (``1`` needs ``breakdown > 0``).
    breakdown:
        ``q`` in ``[0, 1]``.
    breakdown_payoffs:
        ``(b1, b2)``, strictly inside the feasible set.

    Examples
    --------
    >>> from fractions import Fraction
    >>> u = sympy.Symbol("u1", nonnegative=True)
    >>> pie = BargainingProblem.from_frontier(1 - u**2, u)
    >>> offers = frontier_offers(pie, delta_1=Fraction(1, 2), delta_2=Fraction(1, 2))
    >>> offers.proposer_1
    (2*sqrt(7)/7, Fraction(3, 7))
    >>> frontier_offers(BargainingProblem.from_frontier(1 - u, u), delta_1=Fraction(1, 2),
    ...                    delta_2=Fraction(1, 2)).proposer_1
    (Fraction(2, 3), Fraction(1, 3))
    """
    from bargaining.real_roots import isolate_real_roots

    if problem.kind != "frontier" or problem.disagreement != (0, 0):
        raise GameError("frontier_offers needs a frontier problem with impasse point (0, 0)")
    d1, d2 = model_input(delta_1, "delta_1"), model_input(delta_2, "delta_2")
    q = model_input(breakdown, "breakdown")
    b1, b2 = (model_input(b, "breakdown payoff") for b in breakdown_payoffs)
    check_unit_interval(d1, "delta_1", closed_high=True)
    check_unit_interval(d2, "delta_2", closed_high=True)
    check_unit_interval(q, "breakdown", closed_low=True, closed_high=True)
    if any_symbolic(d1, d2, q, b1, b2) or problem.parameters:
        raise GameError("frontier_offers needs numbers; rubinstein is symbolic on the pie")
    if q == 0 and (d1 == 1 or d2 == 1):
        raise GameError("without breakdown risk the discount factors must be below 1")
    u, f = problem.variable, problem.frontier
    d1s, d2s, qs, b1s, b2s = (to_sympy(v) for v in (d1, d2, q, b1, b2))
    y_of = qs * b1s + (1 - qs) * d1s * u
    condition = f - qs * b2s - (1 - qs) * d2s * f.subs(u, y_of)
    low, high = problem.domain
    roots = [r.value for r in isolate_real_roots(condition, u, low, high)]
    if len(roots) != 1:
        raise GameError(f"expected one stationary offer on the frontier, found {len(roots)}")
    x1 = roots[0]
    y1 = y_of.subs(u, x1)

    def point(v: sympy.Expr) -> tuple[Number, Number]:
        exact = not v.is_Float  # a certified float root stays a float
        return (
            model_output(sympy.simplify(v) if exact else v),
            model_output(sympy.simplify(f.subs(u, v)) if exact else f.subs(u, v)),
        )

    return FrontierOffers(point(x1), point(y1))

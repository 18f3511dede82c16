"""Fearon (1995, International Organization 49(3)): the bargaining model of war
(theory-notes §3).

Player A (Russia in the scenario) receives ``x`` of a unit issue and B (Ukraine) ``1 - x``; A
wins a war with probability ``p``; war costs ``c_A``, ``c_B`` in pie units. Symbolic in,
symbolic out (``Max``/``Min``/``Piecewise``); exact numbers stay exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.errors import GameError
from bargaining.numbers import Number, is_symbolic, to_sympy
from bargaining.theory.closed_form import (
    ClosedFormResult,
    any_symbolic,
    model_input,
    model_output,
)

__all__ = [
    "FearonRange",
    "Indivisibility",
    "RiskReturnOffer",
    "fearon_range",
    "indivisible_issue",
    "risk_return_offer",
]


@dataclass(frozen=True)
class FearonRange(ClosedFormResult):
    """The bargaining range ``[low, high]`` of A's share that both prefer to war.

    ``exists`` is a bool for numbers and a sympy condition for symbolic inputs.
    """

    low: Number
    high: Number
    width: Number
    exists: bool | sympy.Basic


@dataclass(frozen=True)
class Indivisibility(ClosedFormResult):
    """Which of a discrete set of settlements both sides prefer to war.

    Attributes
    ----------
    acceptable:
        The settlements inside the bargaining range (numbers only; ``None`` when symbolic).
    war:
        Whether no settlement is acceptable: a bool, or a sympy condition when symbolic.
    lottery_range:
        The range of probabilities ``pi`` of giving A the whole issue that both accept when
        lotteries are allowed: Fearon's remedy; equal to the bargaining range.
    """

    acceptable: tuple[Number, ...] | None
    war: bool | sympy.Basic
    lottery_range: FearonRange


@dataclass(frozen=True)
class RiskReturnOffer(ClosedFormResult):
    """A's optimal take-it-or-leave-it demand under private information about B's cost.

    Attributes
    ----------
    offer:
        ``x*``, A's demanded share.
    premium:
        ``z* = x* - p``: the demand above A's expected war share.
    war_probability:
        ``Pr(c_B < z*)``: the probability that B rejects and fights.
    expected_utility:
        A's expected payoff ``(1 - Pr(war)) x* + Pr(war) (p - c_A)``.
    """

    offer: Number
    premium: Number
    war_probability: Number
    expected_utility: Number


def _check(p: Number, costs: Sequence[Number]) -> None:
    # The closed interval: a side certain to win or lose (a model's leverage at a range end)
    # still has a well-defined range, [max(p - c_A, 0), min(p + c_B, 1)].
    if not is_symbolic(p) and not 0 <= p <= 1:
        raise GameError(f"p must be in [0, 1], got {p}")
    for c in costs:
        if not is_symbolic(c) and c < 0:
            raise GameError(f"costs of war must be >= 0, got {c}")


def fearon_range(p: object, *, c_a: object, c_b: object) -> FearonRange:
    """The bargaining range ``[p - c_A, p + c_B] ∩ [0, 1]`` (Fearon 1995, §"War as a costly
    lottery"; theory-notes §3.1).

    Its width is ``c_A + c_B`` when interior; it is never empty when costs are nonnegative, so
    war needs a further friction (private information, commitment problems, indivisibility).

    Examples
    --------
    >>> fearon_range(Fraction(3, 5), c_a=Fraction(1, 10), c_b=Fraction(1, 5))
    FearonRange(low=Fraction(1, 2), high=Fraction(4, 5), width=Fraction(3, 10), exists=True)
    >>> p, ca, cb = sympy.symbols("p c_A c_B", positive=True)
    >>> fearon_range(p, c_a=ca, c_b=cb).high
    Min(1, c_B + p)
    """
    p, c_a, c_b = model_input(p, "p"), model_input(c_a, "c_a"), model_input(c_b, "c_b")
    _check(p, (c_a, c_b))
    if any_symbolic(p, c_a, c_b):
        low = sympy.Max(to_sympy(p) - to_sympy(c_a), 0)
        high = sympy.Min(to_sympy(p) + to_sympy(c_b), 1)
        return FearonRange(low, high, high - low, sympy.Le(low, high))
    low, high = max(p - c_a, 0), min(p + c_b, 1)
    return FearonRange(model_output(low), model_output(high), model_output(high - low), low <= high)


def indivisible_issue(
    p: object, *, c_a: object, c_b: object, settlements: Sequence[object] = (0, 1)
) -> Indivisibility:
    """War under issue indivisibility: only the settlements listed are feasible (Fearon 1995,
    §"Issue indivisibilities"; theory-notes §3.2).

    With ``settlements = (0, 1)`` war occurs iff ``c_A < p < 1 - c_B``. Lotteries over the whole
    issue restore a range: any ``pi`` in :func:`fearon_range` (``lottery_range``).

    Examples
    --------
    >>> tenth = Fraction(1, 10)
    >>> r = indivisible_issue(Fraction(1, 2), c_a=tenth, c_b=tenth)
    >>> r.acceptable, r.war
    ((), True)
    >>> indivisible_issue(Fraction(1, 2), c_a=tenth, c_b=tenth, settlements=(0, Fraction(1, 2))).war
    False
    >>> p = sympy.Symbol("p", positive=True)
    >>> indivisible_issue(p, c_a=tenth, c_b=Fraction(1, 5)).war
    (1/10 < p) & (p < 4/5)
    """
    p, c_a, c_b = model_input(p, "p"), model_input(c_a, "c_a"), model_input(c_b, "c_b")
    points = [model_input(s, "settlement") for s in settlements]
    lottery = fearon_range(p, c_a=c_a, c_b=c_b)
    if any_symbolic(p, c_a, c_b, *points):
        ps, cas, cbs = to_sympy(p), to_sympy(c_a), to_sympy(c_b)
        # x acceptable to A iff x >= p - c_A; to B iff x <= p + c_B
        war = sympy.And(*[sympy.Or(to_sympy(x) < ps - cas, to_sympy(x) > ps + cbs) for x in points])
        if is_symbolic(p):
            war = sympy.And(war, ps > 0, ps < 1)
        free = war.free_symbols
        if len(free) == 1:
            war = war.as_set().as_relational(next(iter(free)))
        else:
            war = sympy.simplify(war)
        return Indivisibility(None, war, lottery)
    acceptable = tuple(model_output(x) for x in points if p - c_a <= x <= p + c_b)
    return Indivisibility(acceptable, not acceptable, lottery)


def risk_return_offer(p: object, *, c_a: object, c_low: object, c_high: object) -> RiskReturnOffer:
    """A's optimal take-it-or-leave-it offer when B's cost ``c_B ~ U[c_low, c_high]`` is private:
    the risk-return trade-off (Fearon 1995, §"Private information and incentives to
    misrepresent"; closed form of theory-notes §3.3).

    B accepts ``x`` iff ``c_B >= x - p``. With ``z = x - p`` the interior optimum solves
    ``1 - F(z) = f(z)(z + c_A)``, i.e. ``z* = (c_high - c_A)/2``, clamped to
    ``[c_low, c_high]`` and then capped at ``1 - p`` (``x <= 1``). The war probability is
    ``max(0, (z* - c_low)/(c_high - c_low))``: the ``max`` matters only when ``1 - p < c_low``,
    where every type accepts even the whole issue (theory-notes §3.3 omits this corner).

    Examples
    --------
    >>> r = risk_return_offer(Fraction(1, 2), c_a=Fraction(1, 10), c_low=0, c_high=Fraction(3, 10))
    >>> r.offer, r.war_probability
    (Fraction(3, 5), Fraction(1, 3))
    >>> p, ca, ch = sympy.symbols("p c_A c_hi", positive=True)
    >>> r = risk_return_offer(p, c_a=ca, c_low=0, c_high=ch)
    >>> r.war_probability.subs({p: sympy.Rational(1, 2), ca: sympy.Rational(1, 10), ch: 1})
    9/20
    """
    p, c_a = model_input(p, "p"), model_input(c_a, "c_a")
    lo, hi = model_input(c_low, "c_low"), model_input(c_high, "c_high")
    _check(p, (c_a, lo, hi))
    if not any_symbolic(lo, hi) and not lo < hi:
        raise GameError(f"need c_low < c_high, got [{lo}, {hi}]")
    if any_symbolic(p, c_a, lo, hi):
        ps, cas, los, his = (to_sympy(v) for v in (p, c_a, lo, hi))
        z = sympy.Min(sympy.Max((his - cas) / 2, los), his, 1 - ps)
        war = sympy.Max(0, (z - los) / (his - los))
        x = ps + z
        eu = (1 - war) * x + war * (ps - cas)
        return RiskReturnOffer(x, z, war, eu)
    z = min(max((hi - c_a) / 2, lo), hi, 1 - p)
    war = max(Fraction(0) if not isinstance(z, float) else 0.0, (z - lo) / (hi - lo))
    x = p + z
    eu = (1 - war) * x + war * (p - c_a)
    return RiskReturnOffer(model_output(x), model_output(z), model_output(war), model_output(eu))

"""Commitment problems from shifting power (Fearon 1995 preventive war; Powell 2004, 2006;
theory-notes §4).

Model of theory-notes §4.1: each period a unit flow is divided, the declining state D receives
``x_t``; payoffs are normalised averages ``(1 - delta) sum delta^t x_t``; ``m_t`` is D's
probability of winning a war started at ``t``; war is absorbing and worth ``m_t - c_D`` to D and
``1 - m_t - c_R`` to R (per-period costs ``c_i``; a lump sum ``C_i`` is ``c_i = (1 - delta) C_i``).
Powell's own notation and normalisation differ (theory-notes §9.1); the δ → 1 content
"war iff the shift exceeds c_D + c_R" is the robust part.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.errors import GameError
from bargaining.numbers import Number, to_sympy
from bargaining.theory.closed_form import (
    ClosedFormResult,
    any_symbolic,
    check_unit_interval,
    model_input,
    model_output,
)

__all__ = [
    "PROTOCOLS",
    "CeasefireRearmament",
    "GradualShift",
    "ShiftingPower",
    "ceasefire_rearmament",
    "commitment_problem",
    "gradual_power_shift",
    "largest_absorbable_shift",
    "rearmament_threshold",
]

PROTOCOLS = ("any", "rising-proposes")
"""``"any"``: war in every SPE of every protocol; ``"rising-proposes"``: R makes
take-it-or-leave-it offers every period (Fearon's preventive-war set-up)."""


@dataclass(frozen=True)
class ShiftingPower(ClosedFormResult):
    """Whether a one-time shift ``m0 -> m1`` makes war unavoidable.

    Attributes
    ----------
    war:
        War at period 0 (bool, or a sympy condition when symbolic).
    critical_m1:
        ``m1*``: war iff ``m1 < m1*``.
    largest_shift:
        ``m0 - m1*``: the largest shift a settlement can absorb.
    offer:
        ``"rising-proposes"`` with peace: R's period-0 offer ``x0`` (else ``None``).
    """

    war: bool | sympy.Basic
    critical_m1: Number
    largest_shift: Number
    offer: Number | None = None


@dataclass(frozen=True)
class GradualShift(ClosedFormResult):
    """Where a gradual power shift makes war unavoidable (:func:`gradual_power_shift`).

    Attributes
    ----------
    margins:
        Per period, D's war payoff less what peace can credibly give it; positive: no
        peaceful continuation from that period.
    war_unavoidable:
        ``"any"``: per period, war starts at ``t`` or later in every SPE of every protocol once
        ``t`` is reached in peace. ``"rising-proposes"``: war *at* ``t`` if ``t`` is reached.
    first_positive_margin:
        The first period with a positive margin (``None``: peace can last along the path).
    protocol:
        ``"any"`` or ``"rising-proposes"``.
    """

    margins: tuple[Number, ...]
    war_unavoidable: tuple[bool, ...]
    first_positive_margin: int | None
    protocol: str


@dataclass(frozen=True)
class CeasefireRearmament(ClosedFormResult):
    """A one-period ceasefire during which the weaker side rearms (theory-notes §4.4).

    Attributes
    ----------
    m1:
        Russia's post-pause win probability ``m0 - rho (m0 - 1/2)``.
    rejects:
        Whether Russia rejects the ceasefire in every post-ceasefire protocol.
    leverage_threshold:
        ``m0*``: Russia rejects iff ``m0 > m0*`` (:func:`rearmament_threshold`).
    """

    m1: Number
    rejects: bool | sympy.Basic
    leverage_threshold: Number


def _inputs(**named: object) -> list[Number]:
    return [model_input(value, name) for name, value in named.items()]


def _check(protocol: str, delta: Number) -> None:
    if protocol not in PROTOCOLS:
        raise GameError(f"unknown protocol {protocol!r}; expected one of {', '.join(PROTOCOLS)}")
    check_unit_interval(delta, "delta")


def largest_absorbable_shift(
    *, m0: object, c_d: object, c_r: object, delta: object, protocol: str = "any"
) -> Number:
    """The largest one-time fall ``m0 - m1`` in D's win probability a settlement can absorb.

    ``"any"``: ``[c_D + delta c_R + (1 - delta)(1 - m0)] / delta`` (theory-notes §4.2; as
    ``delta -> 1``: ``c_D + c_R``). ``"rising-proposes"``: ``(1 - delta)(1 + c_D - m0)/delta``,
    valid while ``m1 >= c_D`` (see :func:`commitment_problem` for the general condition).

    Examples
    --------
    >>> tenth = Fraction(1, 10)
    >>> largest_absorbable_shift(m0=Fraction(3, 5), c_d=tenth, c_r=tenth, delta=Fraction(9, 10))
    Fraction(23, 90)
    >>> c_d, c_r, d = sympy.symbols("c_D c_R delta", positive=True)
    >>> sympy.limit(largest_absorbable_shift(m0=Fraction(3, 5), c_d=c_d, c_r=c_r, delta=d), d, 1)
    c_D + c_R
    """
    m0, c_d, c_r, delta = _inputs(m0=m0, c_d=c_d, c_r=c_r, delta=delta)
    _check(protocol, delta)
    if protocol == "any":
        return model_output((c_d + delta * c_r + (1 - delta) * (1 - m0)) / delta)
    return model_output((1 - delta) * (1 + c_d - m0) / delta)


def commitment_problem(
    *, m0: object, m1: object, c_d: object, c_r: object, delta: object, protocol: str = "any"
) -> ShiftingPower:
    """War from a one-time power shift ``m0 -> m1 < m0`` (Fearon 1995; Powell 2004, APSR 98(2);
    Powell 2006, IO 60(1); exact conditions of theory-notes §4.2).

    ``"any"`` protocol: war is unavoidable iff
    ``delta (m0 - m1) > c_D + delta c_R + (1 - delta)(1 - m0)``
    (D's war payoff today beats the whole flow today plus the most R can credibly promise from
    tomorrow, ``m1 + c_R``).

    ``"rising-proposes"``: war iff ``m0 - c_D > (1 - delta) + delta max(m1 - c_D, 0)``. The notes
    write ``m1 - c_D`` for D's post-shift value; when ``m1 < c_D`` D's threat to fight is empty
    and it gets ``0``, hence the ``max``. With peace R offers
    ``x0 = clip([m0 - c_D - delta max(m1 - c_D, 0)]/(1 - delta), 0, 1)``.

    Examples
    --------
    >>> half, tenth = Fraction(1, 2), Fraction(1, 10)
    >>> m0, m1 = Fraction(7, 10), Fraction(4, 10)
    >>> commitment_problem(m0=m0, m1=m1, c_d=tenth, c_r=tenth, delta=Fraction(9, 10)).war
    True
    >>> r = commitment_problem(m0=m0, m1=Fraction(6, 10), c_d=tenth, c_r=tenth, delta=half,
    ...                        protocol="rising-proposes")
    >>> r.war, r.offer
    (False, Fraction(7, 10))
    """
    m0, m1, c_d, c_r, delta = _inputs(m0=m0, m1=m1, c_d=c_d, c_r=c_r, delta=delta)
    _check(protocol, delta)
    if not any_symbolic(m0, m1) and m1 > m0:
        raise GameError(f"power must shift towards R (m1 <= m0), got m0={m0}, m1={m1}")
    shift = largest_absorbable_shift(m0=m0, c_d=c_d, c_r=c_r, delta=delta, protocol=protocol)
    symbolic = any_symbolic(m0, m1, c_d, c_r, delta)
    if protocol == "any":
        lhs, rhs = m0 - c_d, (1 - delta) + delta * (m1 + c_r)
        critical = model_output(m0 - to_sympy(shift) if symbolic else m0 - shift)
        if symbolic:
            return ShiftingPower(sympy.Gt(to_sympy(lhs), to_sympy(rhs)), critical, shift)
        return ShiftingPower(lhs > rhs, critical, shift)
    critical = model_output((m0 - (1 - delta) * (1 + c_d)) / delta)
    if symbolic:
        after = sympy.Max(to_sympy(m1) - to_sympy(c_d), 0)
        lhs, rhs = to_sympy(m0 - c_d), to_sympy(1 - delta) + to_sympy(delta) * after
        offer = sympy.Min(sympy.Max((lhs - to_sympy(delta) * after) / (1 - to_sympy(delta)), 0), 1)
        return ShiftingPower(sympy.Gt(lhs, rhs), critical, shift, offer)
    after = max(m1 - c_d, 0)
    war = m0 - c_d > (1 - delta) + delta * after
    offer = None if war else model_output(min(max((m0 - c_d - delta * after) / (1 - delta), 0), 1))
    return ShiftingPower(war, critical, shift, offer)


def gradual_power_shift(
    path: Sequence[object], *, c_d: object, c_r: object, delta: object, protocol: str = "any"
) -> GradualShift:
    """Powell's gradual power shift: for a non-increasing path ``m_0, ..., m_K`` of D's win
    probability (constant ``m_K`` afterwards), the per-period margins and where war becomes
    unavoidable (Powell 2006, IO 60(1), the "large, rapid shift" condition in minmax form;
    cf. Krainin 2017, PSRM 5(1); theory-notes §4.3). Numbers only.

    ``"any"`` protocol: the margin at ``t`` is D's war payoff less the most R can credibly
    promise,

        ``margin_t = m_t - c_D - min_{k >= 1} [(1 - delta^k) + delta^k (m_{t+k} + c_R)]``

    (D can be given the whole flow for ``k`` periods but no more than ``m_{t+k} + c_R`` after,
    because R can fight then). A positive margin at ``t`` means no peaceful continuation from
    ``t`` exists, so in every SPE of every protocol war starts **at ``t`` or later**, not
    necessarily at ``t``: with ``path = (3/100, 3/100, 1/100)``, no costs and
    ``delta = 99/100`` the margin at 0 is positive but D does better taking the whole flow
    once and fighting at 1 (the backward induction of the D-proposes protocol in the tests
    confirms it). ``war_unavoidable[t]`` is therefore "some margin at ``s >= t`` is
    positive"; where every margin from ``t`` on is ``<= 0`` the D-proposes protocol has a
    peaceful SPE from ``t``. A run of small shifts can give a positive margin where each
    one-step test of :func:`commitment_problem` fails.

    ``"rising-proposes"`` (R makes take-it-or-leave-it offers): ``margin_t = m_t - c_D -
    [(1 - delta) + delta V_{t+1}]`` with ``V_t = max(m_t - c_D, delta V_{t+1})`` after peace,
    ``V_t = m_t - c_D`` after war and ``V_K = max(m_K - c_D, 0)``; war comes *at* ``t``, if
    ``t`` is reached, iff the margin is positive.

    Parameters
    ----------
    path:
        D's win probabilities, non-increasing.
    c_d, c_r:
        Per-period costs of war of the declining and the rising state.
    delta:
        Discount factor in ``(0, 1)``.
    protocol:
        ``"any"`` or ``"rising-proposes"``.

    Examples
    --------
    >>> tenth, d = Fraction(1, 10), Fraction(19, 20)
    >>> path = [Fraction(8, 10), Fraction(7, 10), Fraction(6, 10), Fraction(5, 10)]
    >>> shift = gradual_power_shift(path, c_d=tenth, c_r=tenth, delta=d)
    >>> shift.war_unavoidable, shift.first_positive_margin
    ((True, False, False, False), 0)
    >>> shift.margins[0]
    Fraction(859, 20000)
    >>> [commitment_problem(m0=a, m1=b, c_d=tenth, c_r=tenth, delta=d).war
    ...  for a, b in zip(path, path[1:])]
    [False, False, False]
    """
    ms = [model_input(m, "path") for m in path]
    c_d, c_r, delta = _inputs(c_d=c_d, c_r=c_r, delta=delta)
    _check(protocol, delta)
    if any_symbolic(*ms, c_d, c_r, delta):
        raise GameError(
            "gradual_power_shift needs numbers; use commitment_problem for symbolic shifts"
        )
    if any(b > a for a, b in itertools.pairwise(ms)):
        raise GameError("the path of D's win probability must be non-increasing")
    last = len(ms) - 1
    if protocol == "any":
        margins = [
            m
            - c_d
            - min(
                (1 - delta**k) + delta**k * (ms[min(t + k, last)] + c_r)
                for k in range(1, max(last - t, 0) + 2)
            )
            for t, m in enumerate(ms)
        ]
        unavoidable = [any(g > 0 for g in margins[t:]) for t in range(len(ms))]
    else:
        margins = [0] * len(ms)
        value = max(ms[last] - c_d, 0)
        for t in range(last, -1, -1):
            margins[t] = ms[t] - c_d - ((1 - delta) + delta * value)
            value = ms[t] - c_d if margins[t] > 0 else max(ms[t] - c_d, delta * value)
        unavoidable = [g > 0 for g in margins]
    first = next((t for t, g in enumerate(margins) if g > 0), None)
    return GradualShift(
        tuple(model_output(g) for g in margins), tuple(unavoidable), first, protocol
    )


def rearmament_threshold(
    *, rho: object, c_r: object, c_u: object, status_quo: object, delta: object
) -> Number:
    """The leverage ``m0*`` above which Russia rejects a one-period ceasefire that lets Ukraine
    rearm (theory-notes §4.4, an application of Powell 2006, IO 60(1)):

        ``m0* = [c_R + (1 - delta) s + delta c_U + delta rho/2] / [(1 - delta) + delta rho]``

    (as ``delta -> 1``: ``1/2 + (c_R + c_U)/rho``). It does not depend on today's leverage, so
    none is asked for; :func:`ceasefire_rearmament` applies it to a given ``m0``.

    Parameters
    ----------
    rho:
        The share of Russia's edge over 1/2 that Ukraine closes during the pause, in ``[0, 1]``.
    c_r, c_u:
        Per-period costs of war to Russia and Ukraine.
    status_quo:
        Russia's share ``s`` of the flow during the pause.
    delta:
        Discount factor per pause, in ``(0, 1)``.

    Examples
    --------
    >>> f = Fraction
    >>> rearmament_threshold(rho=f(1, 2), c_r=f(1, 20), c_u=f(1, 20), status_quo=f(3, 5),
    ...                      delta=f(99, 100))
    Fraction(353, 505)
    """
    rho, c_r, c_u, s, delta = _inputs(rho=rho, c_r=c_r, c_u=c_u, status_quo=status_quo, delta=delta)
    _check("any", delta)
    check_unit_interval(rho, "rho", closed_low=True, closed_high=True)
    half = Fraction(1, 2)
    return model_output(
        (c_r + (1 - delta) * s + delta * c_u + delta * rho * half) / ((1 - delta) + delta * rho)
    )


def ceasefire_rearmament(
    *, m0: object, rho: object, c_r: object, c_u: object, status_quo: object, delta: object
) -> CeasefireRearmament:
    """Whether Russia rejects a one-period ceasefire that lets Ukraine rearm (theory-notes §4.4,
    an application of Powell 2006, IO 60(1)).

    During the pause the division is frozen at Russia's share ``s`` and Ukraine closes a share
    ``rho`` of Russia's edge: ``m1 = m0 - rho (m0 - 1/2)``. Russia rejects in every
    post-ceasefire protocol iff ``m0 - c_R > (1 - delta) s + delta (m1 + c_U)``, i.e. iff
    ``m0 > m0*`` (:func:`rearmament_threshold`). A verified arms limit lowers ``rho`` and raises
    the threshold when ``m0* > 1/2`` (Russia has the edge); when ``m0* < 1/2`` it lowers it,
    because "rearming" then moves ``m`` up towards ``1/2``.

    Examples
    --------
    >>> f = Fraction
    >>> r = ceasefire_rearmament(m0=f(4, 5), rho=f(1, 2), c_r=f(1, 20), c_u=f(1, 20),
    ...                          status_quo=f(3, 5), delta=f(99, 100))
    >>> r.leverage_threshold, r.rejects
    (Fraction(353, 505), True)
    """
    threshold = rearmament_threshold(rho=rho, c_r=c_r, c_u=c_u, status_quo=status_quo, delta=delta)
    m0, rho, c_r, c_u, s, delta = _inputs(
        m0=m0, rho=rho, c_r=c_r, c_u=c_u, status_quo=status_quo, delta=delta
    )
    m1 = m0 - rho * (m0 - Fraction(1, 2))
    lhs, rhs = m0 - c_r, (1 - delta) * s + delta * (m1 + c_u)
    if any_symbolic(m0, rho, c_r, c_u, s, delta):
        rejects = sympy.Gt(to_sympy(lhs), to_sympy(rhs))
        return CeasefireRearmament(model_output(m1), rejects, threshold)
    return CeasefireRearmament(model_output(m1), lhs > rhs, threshold)

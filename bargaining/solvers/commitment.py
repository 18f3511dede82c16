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
from bargaining.numbers import Number, is_symbolic, normalize_number, to_sympy

__all__ = [
    "PROTOCOLS",
    "CeasefireRearmament",
    "ShiftingPower",
    "ceasefire_rearmament",
    "commitment_problem",
    "gradual_shift_war",
    "largest_absorbable_shift",
]

PROTOCOLS = ("any", "rising-proposes")
"""``"any"``: war in every SPE of every protocol; ``"rising-proposes"``: R makes
take-it-or-leave-it offers every period (Fearon's preventive-war set-up)."""


@dataclass(frozen=True)
class ShiftingPower:
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
class CeasefireRearmament:
    """A one-period ceasefire during which the weaker side rearms (theory-notes §4.4).

    Attributes
    ----------
    m1:
        Russia's post-pause win probability ``m0 - rho (m0 - 1/2)``.
    rejects:
        Whether Russia rejects the ceasefire in every post-ceasefire protocol.
    threshold:
        ``m0*``: Russia rejects iff ``m0 > m0*``.
    """

    m1: Number
    rejects: bool | sympy.Basic
    threshold: Number


def _num(value: object) -> Number:
    number = normalize_number(value)
    return Fraction(number) if isinstance(number, int) else number


def _out(value: object) -> Number:
    if isinstance(value, sympy.Basic):
        return sympy.simplify(value) if value.free_symbols else normalize_number(value)
    return normalize_number(value)


def _symbolic(*values: Number) -> bool:
    return any(is_symbolic(v) for v in values)


def _check(protocol: str, delta: Number) -> None:
    if protocol not in PROTOCOLS:
        raise GameError(f"unknown protocol {protocol!r}; expected one of {', '.join(PROTOCOLS)}")
    if not is_symbolic(delta) and not 0 < delta < 1:
        raise GameError(f"delta must be in (0, 1), got {delta}")


def largest_absorbable_shift(
    m0: object, c_d: object, c_r: object, delta: object, protocol: str = "any"
) -> Number:
    """The largest one-time fall ``m0 - m1`` in D's win probability a settlement can absorb.

    ``"any"``: ``[c_D + delta c_R + (1 - delta)(1 - m0)] / delta`` (theory-notes §4.2; as
    ``delta -> 1``: ``c_D + c_R``). ``"rising-proposes"``: ``(1 - delta)(1 + c_D - m0)/delta``,
    valid while ``m1 >= c_D`` (see :func:`commitment_problem` for the general condition).

    Examples
    --------
    >>> largest_absorbable_shift(Fraction(3, 5), Fraction(1, 10), Fraction(1, 10), Fraction(9, 10))
    Fraction(23, 90)
    >>> c_d, c_r, d = sympy.symbols("c_D c_R delta", positive=True)
    >>> sympy.limit(largest_absorbable_shift(Fraction(3, 5), c_d, c_r, d), d, 1)
    c_D + c_R
    """
    m0, c_d, c_r, delta = (_num(v) for v in (m0, c_d, c_r, delta))
    _check(protocol, delta)
    if protocol == "any":
        return _out((c_d + delta * c_r + (1 - delta) * (1 - m0)) / delta)
    return _out((1 - delta) * (1 + c_d - m0) / delta)


def commitment_problem(
    m0: object, m1: object, c_d: object, c_r: object, delta: object, protocol: str = "any"
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
    >>> commitment_problem(m0, m1, tenth, tenth, Fraction(9, 10)).war
    True
    >>> r = commitment_problem(m0, Fraction(6, 10), tenth, tenth, half, "rising-proposes")
    >>> r.war, r.offer
    (False, Fraction(7, 10))
    """
    m0, m1, c_d, c_r, delta = (_num(v) for v in (m0, m1, c_d, c_r, delta))
    _check(protocol, delta)
    if not _symbolic(m0, m1) and m1 > m0:
        raise GameError(f"power must shift towards R (m1 <= m0), got m0={m0}, m1={m1}")
    shift = largest_absorbable_shift(m0, c_d, c_r, delta, protocol)
    symbolic = _symbolic(m0, m1, c_d, c_r, delta)
    if protocol == "any":
        lhs, rhs = m0 - c_d, (1 - delta) + delta * (m1 + c_r)
        critical = _out(m0 - to_sympy(shift) if symbolic else m0 - shift)
        if symbolic:
            return ShiftingPower(sympy.Gt(to_sympy(lhs), to_sympy(rhs)), critical, shift)
        return ShiftingPower(lhs > rhs, critical, shift)
    critical = _out((m0 - (1 - delta) * (1 + c_d)) / delta)
    if symbolic:
        after = sympy.Max(to_sympy(m1) - to_sympy(c_d), 0)
        lhs, rhs = to_sympy(m0 - c_d), to_sympy(1 - delta) + to_sympy(delta) * after
        offer = sympy.Min(sympy.Max((lhs - to_sympy(delta) * after) / (1 - to_sympy(delta)), 0), 1)
        return ShiftingPower(sympy.Gt(lhs, rhs), critical, shift, offer)
    after = max(m1 - c_d, 0)
    war = m0 - c_d > (1 - delta) + delta * after
    offer = None if war else _out(min(max((m0 - c_d - delta * after) / (1 - delta), 0), 1))
    return ShiftingPower(war, critical, shift, offer)


def gradual_shift_war(
    path: Sequence[object], c_d: object, c_r: object, delta: object, protocol: str = "any"
) -> tuple[bool, ...]:
    """For a non-increasing path ``m_0, ..., m_K`` (constant ``m_K`` afterwards) of D's win
    probability: per period ``t``, whether war is unavoidable (numbers only; theory-notes §4.3,
    cf. Krainin 2017, PSRM 5(1)).

    ``"any"``: flag ``t`` holds iff for some ``s >= t``
    ``m_s - c_D > min_{k>=1} [(1 - delta^k) + delta^k (m_{s+k} + c_R)]``: no peaceful
    continuation from ``t`` exists, so in every SPE of every protocol war starts at ``t`` *or
    later*. theory-notes §4.3 states "war at ``t`` in every SPE iff the test holds at ``t``";
    backward induction of the D-proposes protocol shows otherwise before the last shift: path
    ``(3/100, 3/100, 1/100)``, costs 0, ``delta = 99/100``: the test holds at 0 but war starts
    at 1; with ``delta = 98/100`` the test fails at 0, yet war at 1 is unavoidable from 0.
    A run of small shifts can cause war when each one-step test fails.
    ``"rising-proposes"``: flag ``t`` is war *at* ``t`` if reached, from
    the recursion ``V_t = max(m_t - c_D, delta V_{t+1})``, peace at ``t`` iff
    ``m_t - c_D <= (1 - delta) + delta V_{t+1}``, ``V_K = max(m_K - c_D, 0)``.

    Examples
    --------
    >>> tenth, d = Fraction(1, 10), Fraction(19, 20)
    >>> path = [Fraction(8, 10), Fraction(7, 10), Fraction(6, 10), Fraction(5, 10)]
    >>> gradual_shift_war(path, tenth, tenth, d)
    (True, False, False, False)
    >>> [commitment_problem(a, b, tenth, tenth, d).war for a, b in zip(path, path[1:])]
    [False, False, False]
    """
    ms = [_num(m) for m in path]
    c_d, c_r, delta = _num(c_d), _num(c_r), _num(delta)
    _check(protocol, delta)
    if _symbolic(*ms, c_d, c_r, delta):
        raise GameError(
            "gradual_shift_war needs numbers; use commitment_problem for symbolic shifts"
        )
    if any(b > a for a, b in itertools.pairwise(ms)):
        raise GameError("the path of D's win probability must be non-increasing")
    last = len(ms) - 1
    if protocol == "any":
        out = []
        for t, m in enumerate(ms):
            bound = min(
                (1 - delta**k) + delta**k * (ms[min(t + k, last)] + c_r)
                for k in range(1, max(last - t, 0) + 2)
            )
            out.append(m - c_d > bound)
        # war later is unavoidable too: flag t holds if the test holds at some s >= t
        for t in range(len(out) - 2, -1, -1):
            out[t] = out[t] or out[t + 1]
        return tuple(out)
    value = max(ms[last] - c_d, 0)
    wars = [False] * len(ms)
    for t in range(last - 1, -1, -1):
        if ms[t] - c_d <= (1 - delta) + delta * value:
            value = max(ms[t] - c_d, delta * value)
        else:
            wars[t] = True
            value = ms[t] - c_d
    return tuple(wars)


def ceasefire_rearmament(
    m0: object, rho: object, c_r: object, c_u: object, status_quo: object, delta: object
) -> CeasefireRearmament:
    """Whether Russia rejects a one-period ceasefire that lets Ukraine rearm (theory-notes §4.4,
    an application of Powell 2006).

    During the pause the division is frozen at Russia's share ``s`` and Ukraine closes a share
    ``rho`` of Russia's edge: ``m1 = m0 - rho (m0 - 1/2)``. Russia rejects in every
    post-ceasefire protocol iff ``m0 - c_R > (1 - delta) s + delta (m1 + c_U)``, i.e. iff
    ``m0 > m0* = [c_R + (1 - delta) s + delta c_U + delta rho/2] / [(1 - delta) + delta rho]``
    (as ``delta -> 1``: ``1/2 + (c_R + c_U)/rho``). A verified arms limit lowers ``rho`` and raises
    the threshold when ``m0* > 1/2`` (Russia has the edge); when ``m0* < 1/2`` it lowers it,
    because "rearming" then moves ``m`` up towards ``1/2``.

    Examples
    --------
    >>> f = Fraction
    >>> r = ceasefire_rearmament(f(4, 5), f(1, 2), f(1, 20), f(1, 20), f(3, 5), f(99, 100))
    >>> r.threshold, r.rejects
    (Fraction(353, 505), True)
    """
    m0, rho, c_r, c_u, s, delta = (_num(v) for v in (m0, rho, c_r, c_u, status_quo, delta))
    _check("any", delta)
    if not is_symbolic(rho) and not 0 <= rho <= 1:
        raise GameError(f"rho must be in [0, 1], got {rho}")
    half = Fraction(1, 2)
    m1 = m0 - rho * (m0 - half)
    threshold = (c_r + (1 - delta) * s + delta * c_u + delta * rho * half) / (
        (1 - delta) + delta * rho
    )
    lhs, rhs = m0 - c_r, (1 - delta) * s + delta * (m1 + c_u)
    if _symbolic(m0, rho, c_r, c_u, s, delta):
        rejects = sympy.Gt(to_sympy(lhs), to_sympy(rhs))
        return CeasefireRearmament(_out(m1), rejects, _out(threshold))
    return CeasefireRearmament(_out(m1), lhs > rhs, _out(threshold))

"""Ceasefire sustainability in an infinitely repeated Hold/Violate game (theory-notes §5.3).

Grim trigger (Friedman 1971, RES 38(1)) with imperfect detection, third-party fines and
third-party punishment. Symbolic in, symbolic out; exact numbers stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.errors import GameError
from bargaining.numbers import Number, is_symbolic, normalize_number, to_sympy

__all__ = ["CeasefireThreshold", "StageGame", "ceasefire_threshold"]


def _num(value: object) -> Number:
    number = normalize_number(value)
    return Fraction(number) if isinstance(number, int) else number


def _out(value: object) -> Number:
    if isinstance(value, sympy.Basic) and value.free_symbols:
        return value
    return normalize_number(value)


@dataclass(frozen=True)
class StageGame:
    """A symmetric Hold/Violate stage game: ``R`` (both hold), ``T`` (violate against hold),
    ``S`` (hold against violate), ``P`` (both violate), with ``T > R > P > S`` (a prisoner's
    dilemma; checked for numbers).

    >>> StageGame(5, 3, 1, 0).temptation
    5
    """

    temptation: Number
    reward: Number
    punishment: Number
    sucker: Number

    def __post_init__(self) -> None:
        values = [normalize_number(v) for v in (self.temptation, self.reward)]
        values += [normalize_number(v) for v in (self.punishment, self.sucker)]
        for name, value in zip(
            ("temptation", "reward", "punishment", "sucker"), values, strict=True
        ):
            object.__setattr__(self, name, value)
        if not any(is_symbolic(v) for v in values):
            t, r, p, s = values
            if not t > r > p > s:
                raise GameError(f"a ceasefire stage game needs T > R > P > S, got {values}")


@dataclass(frozen=True)
class CeasefireThreshold:
    """The critical discount factor for holding the ceasefire under grim trigger.

    Attributes
    ----------
    critical_delta:
        ``delta*``: holding is an SPE iff ``delta >= delta*``. ``0``: self-enforcing for any
        ``delta``; ``1``: never (no detection and no fine).
    perfect_monitoring:
        ``(T - R)/(T - P)``, the benchmark with ``q = 1``, ``F = 0``, ``P_pun = P``.
    self_enforcing:
        ``q F >= T - R``: the expected fine alone removes the temptation.
    """

    critical_delta: Number
    perfect_monitoring: Number
    self_enforcing: bool | sympy.Basic


def ceasefire_threshold(
    stage: StageGame,
    *,
    detection: object = 1,
    fine: object = 0,
    punishment_payoff: object | None = None,
) -> CeasefireThreshold:
    """Critical discount factor for a grim-trigger ceasefire (theory-notes §5.3).

    Perfect monitoring (Friedman 1971): ``delta* = (T - R)/(T - P)``. With detection probability
    ``q`` (no false alarms), a third-party fine ``F`` paid on detection, and a punishment-phase
    payoff ``P_pun`` (``P`` by default, lower when third parties join the punishment), the
    one-shot deviation principle gives

        ``delta* = (T - R - qF) / (T - R - qF + q (R - P_pun))`` if ``T - R - qF > 0``, else 0.

    Monitoring alone (``F = 0``, ``P_pun = P``) cannot push ``delta*`` below ``(T - R)/(T - P)``;
    ``S`` does not matter.

    Examples
    --------
    >>> pd = StageGame(5, 3, 1, 0)
    >>> ceasefire_threshold(pd).critical_delta
    Fraction(1, 2)
    >>> ceasefire_threshold(pd, detection=Fraction(1, 2)).critical_delta
    Fraction(2, 3)
    >>> ceasefire_threshold(pd, detection=Fraction(1, 2), fine=2, punishment_payoff=-1)
    CeasefireThreshold(critical_delta=Fraction(1, 3), perfect_monitoring=Fraction(1, 2),
                       self_enforcing=False)
    >>> q, f = sympy.symbols("q F", positive=True)
    >>> ceasefire_threshold(pd, detection=q, fine=f).critical_delta
    Piecewise(((-F*q + 2)/(-F*q + 2*q + 2), F*q < 2), (0, True))
    """
    t, r, p = (_num(v) for v in (stage.temptation, stage.reward, stage.punishment))
    q, fee = _num(detection), _num(fine)
    pun = p if punishment_payoff is None else _num(punishment_payoff)
    if not is_symbolic(q) and not 0 <= q <= 1:
        raise GameError(f"detection probability must be in [0, 1], got {q}")
    if not is_symbolic(fee) and fee < 0:
        raise GameError(f"the fine must be >= 0, got {fee}")
    if not is_symbolic(pun) and not is_symbolic(p) and pun > p:
        raise GameError(f"the punishment payoff must be <= P = {p}, got {pun}")
    perfect = (t - r) / (t - p)
    gain = t - r - q * fee
    loss = q * (r - pun)
    if any(is_symbolic(v) for v in (t, r, p, q, fee, pun)):
        g, loss_s = to_sympy(gain), to_sympy(loss)
        critical = sympy.Piecewise((g / (g + loss_s), g > 0), (0, True))
        return CeasefireThreshold(critical, _out(to_sympy(perfect)), sympy.Le(g, 0))
    if gain <= 0:
        return CeasefireThreshold(0, _out(perfect), True)
    return CeasefireThreshold(_out(gain / (gain + loss)), _out(perfect), False)

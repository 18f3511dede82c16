"""Ceasefire sustainability in an infinitely repeated Hold/Violate game (theory-notes §5.3).

Grim trigger (Friedman 1971, RES 38(1)) with imperfect detection, third-party fines and
third-party punishment. Symbolic in, symbolic out; exact numbers stay exact.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy

from bargaining.errors import GameError
from bargaining.numbers import Number, is_symbolic, normalize_number, to_sympy
from bargaining.theory.closed_form import ClosedFormResult, any_symbolic, model_input, model_output

__all__ = ["GrimTriggerThreshold", "StageGame", "grim_trigger_threshold"]


@dataclass(frozen=True)
class StageGame:
    """A symmetric Hold/Violate stage game: ``R`` (both hold), ``T`` (violate against hold),
    ``P`` (both violate) and optionally ``S`` (hold against violate), with ``T > R > P`` (and
    ``P > S`` when ``S`` is given: a prisoner's dilemma); checked for numbers. The grim-trigger
    threshold does not depend on ``S``, so it may be left out.

    >>> StageGame(temptation=5, reward=3, punishment=1).temptation
    5
    """

    temptation: Number
    reward: Number
    punishment: Number
    sucker: Number | None = None

    def __post_init__(self) -> None:
        names = ("temptation", "reward", "punishment", "sucker")
        for name in names:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, normalize_number(value))
        values = [getattr(self, name) for name in names if getattr(self, name) is not None]
        numeric = not any(is_symbolic(v) for v in values)
        if numeric and not all(a > b for a, b in itertools.pairwise(values)):
            wanted = "T > R > P > S" if self.sucker is not None else "T > R > P"
            raise GameError(f"a ceasefire stage game needs {wanted}, got {values}")


@dataclass(frozen=True)
class GrimTriggerThreshold(ClosedFormResult):
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


def grim_trigger_threshold(
    stage: StageGame,
    *,
    detection: object = 1,
    fine: object = 0,
    punishment_payoff: object | None = None,
) -> GrimTriggerThreshold:
    """Critical discount factor for a grim-trigger ceasefire (Friedman 1971, RES 38(1);
    theory-notes §5.3).

    Perfect monitoring (Friedman 1971): ``delta* = (T - R)/(T - P)``. With detection probability
    ``q`` (no false alarms), a third-party fine ``F`` paid on detection, and a punishment-phase
    payoff ``P_pun`` (``P`` by default, lower when third parties join the punishment), the
    one-shot deviation principle gives

        ``delta* = (T - R - qF) / (T - R - qF + q (R - P_pun))`` if ``T - R - qF > 0``, else 0.

    Monitoring alone (``F = 0``, ``P_pun = P``) cannot push ``delta*`` below ``(T - R)/(T - P)``;
    ``S`` does not matter.

    Examples
    --------
    >>> from fractions import Fraction
    >>> pd = StageGame(temptation=5, reward=3, punishment=1)
    >>> grim_trigger_threshold(pd).critical_delta
    Fraction(1, 2)
    >>> grim_trigger_threshold(pd, detection=Fraction(1, 2)).critical_delta
    Fraction(2, 3)
    >>> grim_trigger_threshold(pd, detection=Fraction(1, 2), fine=2, punishment_payoff=-1)
    GrimTriggerThreshold(critical_delta=Fraction(1, 3), perfect_monitoring=Fraction(1, 2),
                       self_enforcing=False)
    >>> q, f = sympy.symbols("q F", positive=True)
    >>> grim_trigger_threshold(pd, detection=q, fine=f).critical_delta
    Piecewise(((-F*q + 2)/(-F*q + 2*q + 2), F*q < 2), (0, True))
    """
    t, r, p = (
        model_input(v, "stage payoff") for v in (stage.temptation, stage.reward, stage.punishment)
    )
    q, fee = model_input(detection, "detection"), model_input(fine, "fine")
    pun = p if punishment_payoff is None else model_input(punishment_payoff, "punishment_payoff")
    if not is_symbolic(q) and not 0 <= q <= 1:
        raise GameError(f"detection probability must be in [0, 1], got {q}")
    if not is_symbolic(fee) and fee < 0:
        raise GameError(f"the fine must be >= 0, got {fee}")
    if not is_symbolic(pun) and not is_symbolic(p) and pun > p:
        raise GameError(f"the punishment payoff must be <= P = {p}, got {pun}")
    perfect = (t - r) / (t - p)
    gain = t - r - q * fee
    loss = q * (r - pun)
    if any_symbolic(t, r, p, q, fee, pun):
        g, loss_s = to_sympy(gain), to_sympy(loss)
        critical = sympy.Piecewise((g / (g + loss_s), g > 0), (0, True))
        return GrimTriggerThreshold(critical, model_output(to_sympy(perfect)), sympy.Le(g, 0))
    if gain <= 0:
        return GrimTriggerThreshold(0, model_output(perfect), True)
    return GrimTriggerThreshold(model_output(gain / (gain + loss)), model_output(perfect), False)

"""War termination: a war of positions as a gambler's ruin, and settlement under divergent
beliefs (theory-notes §5.2).

The front is at ``k`` in ``{0, ..., N}``; each battle moves it one step towards A's goal ``N``
with probability ``pi``, else one step back; A wins at ``N`` and B at ``0``. This abstracts the
war-of-battles models of Smith (1998), Filson & Werner (2002, AJPS 46(4)) and Smith & Stam
(2004, JCR 48(6)) and the convergence principle of Slantchev (2003, APSR 97(4)): fighting goes
on while the sides' expected shares add up to more than the prize, and stops as their beliefs
converge. It is not a replication of those papers' equilibria (theory-notes §9.3). Symbolic in,
symbolic out.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.errors import GameError
from bargaining.numbers import Number, is_symbolic, to_sympy
from bargaining.theory.closed_form import (
    ClosedFormResult,
    any_symbolic,
    check_unit_interval,
    model_input,
    model_output,
)

__all__ = ["OptimismSettlement", "WarOfPositions", "optimism_settlement", "war_of_positions"]


@dataclass(frozen=True)
class WarOfPositions(ClosedFormResult):
    """The absorbing random walk of the front (Feller 1968, ch. XIV).

    Attributes
    ----------
    win_probability:
        ``P_k``: the probability that A reaches ``N`` before B reaches ``0``.
    expected_battles:
        ``D_k``: the expected number of battles until one side wins.
    """

    win_probability: Number
    expected_battles: Number


@dataclass(frozen=True)
class OptimismSettlement(ClosedFormResult):
    """Whether a settlement exists when each side judges the war by its own belief.

    Attributes
    ----------
    war_value_a, war_value_b:
        ``V_A = P_k(pi_A) - c_A D_k(pi_A)`` and ``V_B = 1 - P_k(pi_B) - c_B D_k(pi_B)``.
    surplus:
        ``1 - V_A - V_B``: what a settlement saves by the sides' own reckoning.
    settles:
        ``V_A + V_B <= 1``: some split of the prize gives each side at least its war value
        (a bool, or a sympy condition when symbolic).
    settlement_range:
        A's shares that both accept, ``(V_A, 1 - V_B)`` (empty when ``low > high``).
    """

    war_value_a: Number
    war_value_b: Number
    surplus: Number
    settles: bool | sympy.Basic
    settlement_range: tuple[Number, Number]


def _position(position: object, length: object) -> tuple[int, int]:
    if not (isinstance(position, int) and isinstance(length, int)) or isinstance(position, bool):
        raise GameError("the front's position and length must be whole numbers")
    if not 0 <= position <= length or length < 1:
        raise GameError(f"need 0 <= position <= length and length >= 1, got {position}, {length}")
    return position, length


def war_of_positions(position: int, length: int, *, win_probability: object) -> WarOfPositions:
    """A's chance of winning and the expected number of battles from front position ``k``
    (gambler's ruin; Feller 1968, *An Introduction to Probability Theory*, vol. 1, ch. XIV;
    theory-notes §5.2).

    With ``rho = (1 - pi)/pi``:

        ``P_k = (1 - rho^k)/(1 - rho^N)``,
        ``D_k = k/(1 - 2 pi) - (N/(1 - 2 pi)) (1 - rho^k)/(1 - rho^N)`` for ``pi != 1/2``;
        ``P_k = k/N`` and ``D_k = k (N - k)`` for ``pi = 1/2``.

    A symbolic ``pi`` gives the ``pi != 1/2`` formulas (their limit at ``1/2`` is the other).

    Parameters
    ----------
    position, length:
        ``k`` and ``N``, whole numbers with ``0 <= k <= N``.
    win_probability:
        ``pi``: A's chance of winning a battle, in ``(0, 1)``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> w = war_of_positions(2, 4, win_probability=Fraction(2, 3))
    >>> w.win_probability, w.expected_battles
    (Fraction(4, 5), Fraction(18, 5))
    >>> war_of_positions(1, 3, win_probability=Fraction(1, 2))
    WarOfPositions(win_probability=Fraction(1, 3), expected_battles=2)
    """
    k, n = _position(position, length)
    pi = model_input(win_probability, "win_probability")
    check_unit_interval(pi, "win_probability")
    if not is_symbolic(pi) and pi == Fraction(1, 2):
        return WarOfPositions(model_output(Fraction(k, n)), model_output(k * (n - k)))
    p = to_sympy(pi) if is_symbolic(pi) else pi
    rho = (1 - p) / p
    share = (1 - rho**k) / (1 - rho**n)
    battles = k / (1 - 2 * p) - n / (1 - 2 * p) * share
    return WarOfPositions(model_output(share), model_output(battles))


def optimism_settlement(
    position: int,
    length: int,
    *,
    belief_a: object,
    belief_b: object,
    cost_a: object,
    cost_b: object,
) -> OptimismSettlement:
    """Settlement under divergent beliefs about the battles (theory-notes §5.2; the convergence
    principle of Slantchev 2003, APSR 97(4); mutual optimism as a cause of war, Fearon 1995,
    IO 49(3)).

    A judges the war with its belief ``pi_A`` and B with ``pi_B`` (each side's chance, *in its
    own eyes*, that A wins a battle); each battle costs ``c_A``, ``c_B`` of the unit prize:

        ``V_A = P_k(pi_A) - c_A D_k(pi_A)``,  ``V_B = 1 - P_k(pi_B) - c_B D_k(pi_B)``.

    A split exists iff ``V_A + V_B <= 1``. With common beliefs the sum is ``1 - (c_A + c_B)
    D_k < 1``: settle at once. With mutual optimism (``pi_A`` well above ``pi_B``) it exceeds 1
    and the sides fight; as battles bring the beliefs together, the surplus turns positive.

    Parameters
    ----------
    position, length:
        The front's position ``k`` and length ``N``.
    belief_a, belief_b:
        ``pi_A`` and ``pi_B`` in ``(0, 1)``.
    cost_a, cost_b:
        Per-battle costs, ``>= 0``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> f = Fraction
    >>> optimism_settlement(2, 4, belief_a=f(1, 2), belief_b=f(1, 2), cost_a=f(1, 50),
    ...                     cost_b=f(1, 50)).settles
    True
    >>> r = optimism_settlement(2, 4, belief_a=f(3, 4), belief_b=f(1, 4), cost_a=f(1, 50),
    ...                         cost_b=f(1, 50))
    >>> r.settles, r.surplus
    (False, Fraction(-84, 125))
    """
    costs = [model_input(c, name) for c, name in ((cost_a, "cost_a"), (cost_b, "cost_b"))]
    for c in costs:
        if not is_symbolic(c) and c < 0:
            raise GameError(f"costs per battle must be >= 0, got {c}")
    seen_by_a = war_of_positions(position, length, win_probability=belief_a)
    seen_by_b = war_of_positions(position, length, win_probability=belief_b)
    c_a, c_b = costs
    v_a = seen_by_a.win_probability - c_a * seen_by_a.expected_battles
    v_b = 1 - seen_by_b.win_probability - c_b * seen_by_b.expected_battles
    if any_symbolic(v_a, v_b):
        v_a, v_b = model_output(to_sympy(v_a)), model_output(to_sympy(v_b))
        surplus = model_output(1 - to_sympy(v_a) - to_sympy(v_b))
        settles = sympy.Le(to_sympy(v_a) + to_sympy(v_b), 1)
        return OptimismSettlement(v_a, v_b, surplus, settles, (v_a, model_output(1 - v_b)))
    return OptimismSettlement(
        model_output(v_a),
        model_output(v_b),
        model_output(1 - v_a - v_b),
        v_a + v_b <= 1,
        (model_output(v_a), model_output(1 - v_b)),
    )

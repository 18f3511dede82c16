"""Sets of beliefs given by linear inequalities: exact feasibility and readable conditions.

A belief over the ``k`` nodes of an information set is a point of the simplex. Asking that an
action be optimal there (sequential rationality) is one linear inequality per other action,
``sum_x mu(x) * d(x) >= 0``, so the beliefs that support an action form a polytope. This module
decides exactly whether such a polytope is empty (Fourier-Motzkin elimination over fractions,
fine for the handful of nodes of a signalling game's information set) and states it as
conditions such as ``mu(strong | quiche) <= 1/2``.

>>> inequality = {"strong": Fraction(-1), "weak": Fraction(1)}     # mu(weak) >= mu(strong)
>>> feasible_beliefs(("strong", "weak"), [inequality])
True
>>> [str(c) for c in belief_conditions("quiche", ("strong", "weak"), [inequality])]
['mu(strong | quiche) <= 1/2']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bargaining.errors import GameError

__all__ = ["MAX_INEQUALITIES", "BeliefCondition", "belief_conditions", "feasible_beliefs"]

MAX_INEQUALITIES = 20_000
"""Fourier-Motzkin elimination can square the number of inequalities at each step: refuse
(GameError) beyond this many rather than run out of memory."""

Inequality = Mapping[str, Fraction]
"""``{node: d(node)}`` standing for ``sum_x mu(x) * d(x) >= 0`` (missing nodes: 0)."""


@dataclass(frozen=True)
class BeliefCondition:
    """One exact linear condition on the beliefs at an information set.

    ``sum(coefficient * mu(node | infoset)) relation bound``, with ``relation`` one of
    ``">="``, ``"<="``, ``"=="``.

    >>> str(BeliefCondition("beer", ((("weak", Fraction(1)),)), ">=", Fraction(1, 2)))
    'mu(weak | beer) >= 1/2'
    """

    infoset: str
    coefficients: tuple[tuple[str, Fraction], ...]
    relation: str
    bound: Fraction

    def __str__(self) -> str:
        terms = []
        for node, c in self.coefficients:
            name = f"mu({node} | {self.infoset})"
            magnitude = abs(c)
            text = name if magnitude == 1 else f"{magnitude}*{name}"
            terms.append((" - " if c < 0 else " + ") + text if terms else ("-" * (c < 0)) + text)
        return f"{''.join(terms)} {self.relation} {self.bound}"


def feasible_beliefs(nodes: Sequence[str], inequalities: Sequence[Inequality]) -> bool:
    """Whether some belief over ``nodes`` (non-negative, summing to one) satisfies every
    inequality ``sum_x mu(x) * d(x) >= 0``; exact.

    >>> feasible_beliefs(("a", "b"), [{"a": Fraction(1), "b": Fraction(-3)},
    ...                               {"a": Fraction(-1), "b": Fraction(1)}])
    False
    """
    rows = _reduced(nodes, inequalities)
    for variable in reversed(range(len(nodes) - 1)):
        rows = _eliminate(rows, variable)
    return all(constant >= 0 for _, constant in rows)


def belief_conditions(
    infoset: str, nodes: Sequence[str], inequalities: Sequence[Inequality]
) -> tuple[BeliefCondition, ...]:
    """The inequalities as conditions on ``mu(node | infoset)``; empty when every belief
    satisfies them. Two nodes: one interval on the first node's belief (``==`` where it is a
    point). More nodes: each inequality that some belief violates, as given.

    Raises GameError when no belief satisfies them (check :func:`feasible_beliefs` first).

    >>> [str(c) for c in belief_conditions("m", ("a", "b"),
    ...      [{"a": Fraction(1), "b": Fraction(-1)}, {"a": Fraction(1), "b": Fraction(-3)}])]
    ['mu(a | m) >= 3/4']
    """
    if not feasible_beliefs(nodes, inequalities):
        raise GameError(f"no belief at {infoset} satisfies the conditions")
    if len(nodes) == 2:
        return _interval(infoset, nodes, inequalities)
    conditions = []
    for inequality in inequalities:
        d = [Fraction(inequality.get(node, 0)) for node in nodes]
        if min(d) >= 0:  # holds for every belief
            continue
        terms = tuple((node, c) for node, c in zip(nodes, d, strict=True) if c)
        conditions.append(BeliefCondition(infoset, terms, ">=", Fraction(0)))
    return tuple(conditions)


def _interval(
    infoset: str, nodes: Sequence[str], inequalities: Sequence[Inequality]
) -> tuple[BeliefCondition, ...]:
    """With q = mu(first node): d0 q + d1 (1 - q) >= 0, i.e. (d0 - d1) q >= -d1."""
    low, high = Fraction(0), Fraction(1)
    for inequality in inequalities:
        d0, d1 = (Fraction(inequality.get(node, 0)) for node in nodes)
        slope = d0 - d1
        if slope > 0:
            low = max(low, -d1 / slope)
        elif slope < 0:
            high = min(high, -d1 / slope)
    first = ((nodes[0], Fraction(1)),)
    if low == high:
        return (BeliefCondition(infoset, first, "==", low),)
    conditions = []
    if low > 0:
        conditions.append(BeliefCondition(infoset, first, ">=", low))
    if high < 1:
        conditions.append(BeliefCondition(infoset, first, "<=", high))
    return tuple(conditions)


def _reduced(
    nodes: Sequence[str], inequalities: Sequence[Inequality]
) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    """Rows ``(coefficients, constant)`` meaning ``coefficients . y + constant >= 0`` over the
    first ``k - 1`` beliefs ``y`` (the last is ``1 - sum y``), with ``y >= 0``, ``sum y <= 1``."""
    k = len(nodes)
    if k == 0:
        raise GameError("an information set has at least one node")
    rows = []
    for inequality in inequalities:
        d = [Fraction(inequality.get(node, 0)) for node in nodes]
        rows.append((tuple(c - d[-1] for c in d[:-1]), d[-1]))
    for j in range(k - 1):
        rows.append((tuple(Fraction(int(i == j)) for i in range(k - 1)), Fraction(0)))
    rows.append((tuple(Fraction(-1) for _ in range(k - 1)), Fraction(1)))
    return rows


def _eliminate(
    rows: list[tuple[tuple[Fraction, ...], Fraction]], variable: int
) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    """Fourier-Motzkin: the rows without ``variable`` whose solutions are the projections of
    the solutions of ``rows``."""
    keep, upper, lower = [], [], []
    for coefficients, constant in rows:
        c = coefficients[variable]
        (keep if c == 0 else lower if c > 0 else upper).append((coefficients, constant))
    combined = set(keep)
    for lc, lk in lower:
        for uc, uk in upper:
            a, b = -uc[variable], lc[variable]
            coefficients = tuple(a * x + b * y for x, y in zip(lc, uc, strict=True))
            combined.add(_normalized((coefficients, a * lk + b * uk)))
            if len(combined) > MAX_INEQUALITIES:
                raise GameError(
                    f"the belief conditions need more than {MAX_INEQUALITIES:,} inequalities: "
                    "the information set has too many nodes for exact elimination"
                )
    return list(combined)


def _normalized(
    row: tuple[tuple[Fraction, ...], Fraction],
) -> tuple[tuple[Fraction, ...], Fraction]:
    """The row scaled so its largest absolute entry is 1 (duplicates then coincide)."""
    coefficients, constant = row
    scale = max((abs(x) for x in (*coefficients, constant)), default=Fraction(0))
    if scale == 0:
        return row
    return tuple(x / scale for x in coefficients), constant / scale

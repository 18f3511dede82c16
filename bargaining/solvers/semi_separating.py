"""Semi-separating perfect Bayesian equilibria of signalling games with two types.

A type that mixes between two messages must be indifferent between them, and a receiver who
mixes between two responses must be indifferent between those, given the beliefs Bayes' rule
draws from the mixing (e.g. Gibbons 1992, Game Theory for Applied Economists, section 4.2.B;
Fudenberg & Tirole 1991, Game Theory, section 8.2). Two shapes are solved, each by linear
equations in one or two unknowns:

* **one type mixes** between ``m*`` and ``m°`` while the other sends ``m*`` only. After
  ``m°`` the receiver knows the type and answers ``a°``; after ``m*`` she mixes between
  ``a1`` and ``a2``. Her indifference at ``m*`` fixes her belief there, hence by Bayes' rule
  the mixing probability ``sigma``; the mixing type's indifference fixes the probability
  ``rho`` of ``a1``.
* **both types mix** between the same two messages ``m`` and ``m'``, and the receiver mixes
  after each. Her two indifferences fix her two beliefs, which Bayes' rule turns into two
  linear equations in the types' mixing probabilities; the types' two indifferences are
  linear in her two mixing probabilities.

Every candidate (with every pure response after the messages nobody sends) is then tested as a
whole assessment by :func:`~bargaining.solvers.assessments.assessment`, so what is returned is
a perfect Bayesian equilibrium whatever the shortcuts here. Where an indifference holds
identically (the mixture is not pinned down: a continuum) no equilibrium is reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from fractions import Fraction

from bargaining.solvers.assessments import PreparedTree, assessment
from bargaining.solvers.pbe_result import PerfectBayesianEquilibrium
from bargaining.solvers.signalling import exact_fraction

__all__ = ["semi_separating_equilibria"]

# A candidate: per information set, the probability of each action (receiver's sets after
# unsent messages left out), and the messages it sends.
_Candidate = tuple[dict[int, tuple[Fraction, ...]], tuple[int, ...]]


def semi_separating_equilibria(prepared: PreparedTree) -> list[PerfectBayesianEquilibrium]:
    """The semi-separating equilibria of a two-type signalling game whose indifference
    conditions determine them (see the module docstring); empty for other trees.

    >>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
    >>> from bargaining.solvers.assessments import prepared_tree
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,))}))
    >>> semi_separating_equilibria(prepared_tree(game))
    []
    """
    structure = prepared.structure
    if structure is None or len(structure.types) != 2:
        return []
    game = _Game(prepared)
    if min(game.prior) <= 0:
        return []
    found = []
    for behaviour, sent in itertools.chain(game.one_type_mixes(), game.both_types_mix()):
        unsent = [m for m in game.messages if m not in sent]
        for replies in itertools.product(game.responses, repeat=len(unsent)):
            complete = dict(behaviour)
            for m, a in zip(unsent, replies, strict=True):
                complete[structure.receiver_infosets[m]] = game.pure(len(game.responses), a)
            rows = [complete[k] for k in range(len(prepared.actions))]
            equilibrium = assessment(prepared, rows, method="indifference conditions")
            if equilibrium is not None:
                found.append(equilibrium)
    return found


class _Game:
    """The payoffs of a two-type signalling game and the indifference conditions on them."""

    def __init__(self, prepared: PreparedTree) -> None:
        self.structure = structure = prepared.structure
        self.prepared = prepared
        game = prepared.game
        self.prior = [exact_fraction(p) for p in structure.prior]
        self.s = game.player_index(structure.sender)
        self.r = game.player_index(structure.receiver)
        self.messages = range(len(structure.messages))
        self.responses = range(len(structure.responses))

    def u(self, player: int, t: int, m: int, a: int) -> Fraction:
        return self.prepared.totals[self.structure.terminals[t][m][a]][player]

    @staticmethod
    def pure(size: int, chosen: int) -> tuple[Fraction, ...]:
        return tuple(Fraction(int(a == chosen)) for a in range(size))

    @staticmethod
    def mix(size: int, first: int, second: int, p: Fraction) -> tuple[Fraction, ...]:
        """``p`` on ``first``, ``1 - p`` on ``second``."""
        row = [Fraction(0)] * size
        row[first], row[second] = p, 1 - p
        return tuple(row)

    def belief(self, m: int, a1: int, a2: int) -> Fraction | None:
        """The belief on the first type at which the receiver is indifferent between ``a1``
        and ``a2`` after ``m``, when it is unique and strictly between 0 and 1."""
        d = [self.u(self.r, t, m, a1) - self.u(self.r, t, m, a2) for t in (0, 1)]
        if d[0] == d[1]:
            return None
        q = -d[1] / (d[0] - d[1])
        return q if 0 < q < 1 else None

    def one_type_mixes(self) -> Iterator[_Candidate]:
        structure, n_m, n_a = self.structure, len(self.messages), len(self.responses)
        for t, star, other in itertools.product((0, 1), self.messages, self.messages):
            if star == other:
                continue
            for a1, a2 in itertools.combinations(self.responses, 2):
                q = self.belief(star, a1, a2)
                if q is None:
                    continue
                # Bayes at m*, belief on the mixing type t: prior_t sigma / (that + prior_t2).
                mine = q if t == 0 else 1 - q
                sigma = mine * self.prior[1 - t] / (self.prior[t] * (1 - mine))
                if not 0 < sigma < 1:
                    continue
                for answer in self.responses:
                    # The mixing type's indifference: rho e1 + (1 - rho) e2 = u(t, m°, a°).
                    e1, e2 = self.u(self.s, t, star, a1), self.u(self.s, t, star, a2)
                    if e1 == e2:
                        continue
                    rho = (self.u(self.s, t, other, answer) - e2) / (e1 - e2)
                    if not 0 < rho < 1:
                        continue
                    yield (
                        {
                            structure.sender_infosets[t]: self.mix(n_m, star, other, sigma),
                            structure.sender_infosets[1 - t]: self.pure(n_m, star),
                            structure.receiver_infosets[star]: self.mix(n_a, a1, a2, rho),
                            structure.receiver_infosets[other]: self.pure(n_a, answer),
                        },
                        (star, other),
                    )

    def both_types_mix(self) -> Iterator[_Candidate]:
        structure, n_m, n_a = self.structure, len(self.messages), len(self.responses)
        p0, p1 = self.prior
        pairs = list(itertools.combinations(self.responses, 2))
        for m, n in itertools.combinations(self.messages, 2):
            for (a1, a2), (b1, b2) in itertools.product(pairs, pairs):
                q, r = self.belief(m, a1, a2), self.belief(n, b1, b2)
                if q is None or r is None:
                    continue
                # Bayes, sigma_t = P(t sends m):  p0 (1 - q) s0 - p1 q s1 = 0  and
                # -p0 (1 - r) s0 + p1 r s1 = p1 r - p0 (1 - r).
                sigma = _solve2(
                    (p0 * (1 - q), -p1 * q, Fraction(0)),
                    (-p0 * (1 - r), p1 * r, p1 * r - p0 * (1 - r)),
                )
                if sigma is None or not all(0 < x < 1 for x in sigma):
                    continue
                # Each type indifferent: rho (e1 - e2) - tau (f1 - f2) = f2 - e2.
                rows = []
                for t in (0, 1):
                    e1, e2 = self.u(self.s, t, m, a1), self.u(self.s, t, m, a2)
                    f1, f2 = self.u(self.s, t, n, b1), self.u(self.s, t, n, b2)
                    rows.append((e1 - e2, f2 - f1, f2 - e2))
                mixing = _solve2(*rows)
                if mixing is None or not all(0 < x < 1 for x in mixing):
                    continue
                yield (
                    {
                        structure.sender_infosets[0]: self.mix(n_m, m, n, sigma[0]),
                        structure.sender_infosets[1]: self.mix(n_m, m, n, sigma[1]),
                        structure.receiver_infosets[m]: self.mix(n_a, a1, a2, mixing[0]),
                        structure.receiver_infosets[n]: self.mix(n_a, b1, b2, mixing[1]),
                    },
                    (m, n),
                )


def _solve2(
    first: tuple[Fraction, Fraction, Fraction], second: tuple[Fraction, Fraction, Fraction]
) -> tuple[Fraction, Fraction] | None:
    """The solution ``(x, y)`` of ``a x + b y = c`` for two rows ``(a, b, c)`` (Cramer's
    rule), or None when the system is singular."""
    (a, b, c), (d, e, f) = first, second
    determinant = a * e - b * d
    if determinant == 0:
        return None
    return (c * e - b * f) / determinant, (a * f - c * d) / determinant

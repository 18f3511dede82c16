"""Semi-separating perfect Bayesian equilibria of signalling games with two types.

In a semi-separating (hybrid) equilibrium one type mixes between two messages ``m*`` and
``m°`` while the other sends ``m*`` only. The receiver then knows the type after ``m°`` and
answers it with a best response ``a°``; after ``m*`` she mixes between two responses ``a1``
and ``a2``. Two indifference conditions, each linear in one unknown, pin the mixture down
(e.g. Gibbons 1992, Game Theory for Applied Economists, section 4.2.B; Fudenberg & Tirole
1991, Game Theory, section 8.2):

* the receiver mixes only when indifferent between ``a1`` and ``a2`` at ``m*``: that fixes
  her belief ``q`` that the mixing type sent ``m*``, hence, by Bayes' rule, the probability
  ``sigma`` with which it sends ``m*``;
* the mixing type mixes only when indifferent between ``m*`` and ``m°``: that fixes the
  probability ``rho`` of ``a1`` at ``m*``.

Every candidate (with every pure response after the messages nobody sends) is then tested as a
whole assessment by :func:`~bargaining.solvers.assessments.assessment`, so what is returned
is a perfect Bayesian equilibrium whatever the shortcuts here. Where an indifference holds
identically (the mixture is not pinned down: a continuum) no equilibrium is reported.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from bargaining.solvers.assessments import PreparedTree, assessment
from bargaining.solvers.pbe_result import PerfectBayesianEquilibrium
from bargaining.solvers.signalling import exact_fraction

__all__ = ["semi_separating_equilibria"]


def semi_separating_equilibria(prepared: PreparedTree) -> list[PerfectBayesianEquilibrium]:
    """The semi-separating equilibria of a two-type signalling game whose indifference
    conditions determine them (see the module docstring); empty for other trees.

    >>> from bargaining.games.extensive import ExtensiveGame, chance, decision, terminal
    >>> from bargaining.solvers.assessments import prepared_tree
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,))}))
    >>> semi_separating_equilibria(prepared_tree(game))
    []
    """
    structure = prepared.structure
    if structure is None or len(structure.types) != 2:
        return []
    prior = [exact_fraction(p) for p in structure.prior]
    if min(prior) <= 0:
        return []
    totals, game = prepared.totals, prepared.game
    s, r = game.player_index(structure.sender), game.player_index(structure.receiver)
    messages, responses = range(len(structure.messages)), range(len(structure.responses))

    def u(player: int, t: int, m: int, a: int) -> Fraction:
        return totals[structure.terminals[t][m][a]][player]

    found = []
    for t, star, other in itertools.product((0, 1), messages, messages):
        if star == other:
            continue
        t2 = 1 - t
        for a1, a2 in itertools.combinations(responses, 2):
            # The receiver's indifference at m*: q d(t) + (1 - q) d(t2) = 0.
            d = [u(r, x, star, a1) - u(r, x, star, a2) for x in (0, 1)]
            if d[t] == d[t2]:
                continue
            q = -d[t2] / (d[t] - d[t2])
            if not 0 < q < 1:
                continue
            # Bayes at m*: q = prior_t sigma / (prior_t sigma + prior_t2).
            sigma = q * prior[t2] / (prior[t] * (1 - q))
            if not 0 < sigma < 1:
                continue
            for answer in responses:
                # The mixing type's indifference: rho e1 + (1 - rho) e2 = u(t, m°, a°).
                e1, e2 = u(s, t, star, a1), u(s, t, star, a2)
                if e1 == e2:
                    continue
                rho = (u(s, t, other, answer) - e2) / (e1 - e2)
                if not 0 < rho < 1:
                    continue
                unsent = [m for m in messages if m not in (star, other)]
                for replies in itertools.product(responses, repeat=len(unsent)):
                    behaviour = _behaviour(prepared, t, star, other, sigma, a1, a2, rho, answer)
                    for m, a in zip(unsent, replies, strict=True):
                        behaviour[structure.receiver_infosets[m]] = _pure(len(responses), a)
                    equilibrium = assessment(prepared, behaviour, method="indifference conditions")
                    if equilibrium is not None:
                        found.append(equilibrium)
    return found


def _behaviour(
    prepared: PreparedTree,
    t: int,
    star: int,
    other: int,
    sigma: Fraction,
    a1: int,
    a2: int,
    rho: Fraction,
    answer: int,
) -> list[tuple[Fraction, ...]]:
    """The candidate profile, with the receiver's unsent messages left to the caller."""
    structure = prepared.structure
    n_messages, n_responses = len(structure.messages), len(structure.responses)
    behaviour: list[tuple[Fraction, ...]] = [()] * len(prepared.actions)
    mixed = [Fraction(0)] * n_messages
    mixed[star], mixed[other] = sigma, 1 - sigma
    behaviour[structure.sender_infosets[t]] = tuple(mixed)
    behaviour[structure.sender_infosets[1 - t]] = _pure(n_messages, star)
    reply = [Fraction(0)] * n_responses
    reply[a1], reply[a2] = rho, 1 - rho
    behaviour[structure.receiver_infosets[star]] = tuple(reply)
    behaviour[structure.receiver_infosets[other]] = _pure(n_responses, answer)
    return behaviour


def _pure(size: int, chosen: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(a == chosen)) for a in range(size))

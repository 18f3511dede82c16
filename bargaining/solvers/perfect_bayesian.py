"""Perfect Bayesian equilibria of game trees with information sets.

An *assessment* is a behaviour strategy profile with a belief (a probability over its nodes) at
every information set. It is a perfect Bayesian equilibrium (Fudenberg & Tirole 1991, "Perfect
Bayesian equilibrium and sequential equilibrium", Journal of Economic Theory 53(2), 236-260;
Gibbons 1992, Game Theory for Applied Economists, section 4.1, Requirements 1-4) when

1. every move is a best response at its information set, given the belief there and the
   strategies that follow (sequential rationality), and
2. beliefs follow Bayes' rule from the strategies wherever the information set is reached with
   positive probability, within the smallest subgame containing it (so every subgame is played
   as an equilibrium); elsewhere they are free.

In a signalling game (chance draws the sender's type, the sender sends a message, the receiver
responds not knowing the type; :mod:`bargaining.solvers.signalling`) there are no proper
subgames and this is Fudenberg and Tirole's PBE of signalling games. The beliefs that support
an equilibrium off the path are a polytope; the equilibria are reported with it as exact
conditions (:mod:`bargaining.solvers.belief_sets`).

Found by enumeration: every pure profile (one action per information set) is tested, each
test exact; :mod:`bargaining.solvers.semi_separating` adds the mixed (semi-separating)
equilibria of signalling games with two types whose indifference conditions pin them down.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from bargaining.display import ResultList
from bargaining.errors import GameError
from bargaining.games.extensive import ExtensiveGame
from bargaining.solvers.assessments import assessment, prepared_tree
from bargaining.solvers.pbe_result import PerfectBayesianEquilibrium
from bargaining.solvers.semi_separating import semi_separating_equilibria

__all__ = ["PerfectBayesianEquilibrium", "perfect_bayesian_equilibria"]


def perfect_bayesian_equilibria(
    tree: ExtensiveGame, *, at: Mapping[str, object] | None = None
) -> list[PerfectBayesianEquilibrium]:
    """Every pure perfect Bayesian equilibrium of a tree, with its beliefs; in a signalling
    game also the semi-separating ones the indifference conditions give exactly.

    Each result carries the behaviour strategies, the beliefs on the path (Bayes' rule, exact),
    the set of beliefs off the path that support it (exact linear conditions such as
    ``mu(strong | quiche) <= 1/2``), and in a signalling game its kind (pooling, separating,
    partially pooling, semi-separating) and whether it survives the intuitive criterion of Cho
    and Kreps (1987), as :func:`~bargaining.solvers.signalling.survives_intuitive_criterion`
    defines it. See the module docstring for the definition of PBE used.

    Parameters
    ----------
    tree:
        A game tree with perfect recall; payoffs and chance probabilities numbers at ``at``.
    at:
        Parameter values to substitute first (needed when the tree has parameters).

    Returns
    -------
    list of PerfectBayesianEquilibrium
        Pure ones first, ordered by the actions chosen (information sets in
        ``tree.infosets`` order, first action first), then semi-separating ones.

    Raises
    ------
    GameError
        For a tree with parameters and no ``at``, without perfect recall, with irrational
        numbers, or with more pure profiles than
        :data:`~bargaining.solvers.assessments.MAX_PURE_PROFILES`.

    Examples
    --------
    Beer-quiche (Cho & Kreps 1987): the sender is strong with probability 9/10.

    >>> from fractions import Fraction
    >>> from bargaining.games.extensive import chance, decision, terminal
    >>> def sender(strong):
    ...     def reply(breakfast):
    ...         liked = 1 if (breakfast == "beer") == strong else 0
    ...         duel = (liked, 1 if not strong else 0)
    ...         avoid = (liked + 2, 1 if strong else 0)
    ...         return decision("Receiver", {"duel": terminal(duel), "avoid": terminal(avoid)},
    ...                         breakfast)
    ...     return decision("Sender", {"beer": reply("beer"), "quiche": reply("quiche")})
    >>> game = ExtensiveGame(chance({"weak": (Fraction(1, 10), sender(False)),
    ...                              "strong": (Fraction(9, 10), sender(True))}),
    ...                      players=("Sender", "Receiver"))
    >>> for eq in perfect_bayesian_equilibria(game):
    ...     print(eq.label, eq.intuitive, [str(c) for c in eq.belief_conditions])
    pooling True ['mu(weak | quiche) >= 1/2']
    pooling False ['mu(weak | beer) >= 1/2']
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(
            f"perfect_bayesian_equilibria needs an ExtensiveGame, got {type(tree).__name__}"
        )
    prepared = prepared_tree(tree.at(at) if at else tree)
    found: dict[PerfectBayesianEquilibrium, None] = {}
    for profile in itertools.product(*(range(len(a)) for a in prepared.actions)):
        behaviour = tuple(
            tuple(int(a == chosen) for a in range(len(actions)))
            for chosen, actions in zip(profile, prepared.actions, strict=True)
        )
        equilibrium = assessment(prepared, behaviour, method="pure assessments")
        if equilibrium is not None:
            found.setdefault(equilibrium, None)
    for equilibrium in semi_separating_equilibria(prepared):
        found.setdefault(equilibrium, None)
    return ResultList(found)

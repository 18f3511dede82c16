"""The probability of each named outcome of a game tree under mixed reduced strategies.

A tree's reduced strategic form names one outcome per strategy profile, which a chance move
that mixes outcomes cannot give: a profile then leads to a lottery over outcomes, and the form
has no outcome names (:meth:`~bargaining.games.extensive.ExtensiveGame.to_normal_form`). The
equilibria of the form get their outcome probabilities from the tree instead: a terminal node
is reached with the product of the chance probabilities on its path and, per player, the
probability that the player's mixed strategy takes the player's actions on that path (the
strategy's *realization plan*, von Stengel 1996, Games and Economic Behavior 14, eq. (7)).
Players mix independently, so the product is exact, and so is the result for exact inputs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bargaining.games.extensive import ChanceNode, ExtensiveGame, TerminalNode
from bargaining.numbers import Number, normalize_number
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList
from bargaining.solvers.subgame_perfect import tree_outcomes

__all__ = ["reached_outcomes", "with_reached_outcomes"]


def reached_outcomes(
    tree: ExtensiveGame, strategies: Sequence[Sequence[Number]]
) -> tuple[tuple[str, Number], ...]:
    """``(outcome, probability)`` for every named outcome of a tree, in order of first
    appearance (depth first), when each player mixes over their reduced strategies.

    Parameters
    ----------
    tree:
        A tree whose chance probabilities are numbers (substitute parameters first).
    strategies:
        Per player, a probability for each reduced strategy (the order of
        :meth:`~bargaining.games.extensive.ExtensiveGame.reduced_strategies`): the
        strategies of an equilibrium of ``tree.to_normal_form()``.

    Returns
    -------
    tuple of (str, Number)
        Exact (``int``, ``Fraction``, algebraic) where the strategies and chance probabilities
        are; 0 for outcomes not reached.

    Examples
    --------
    A coin decides whether A's guess matters; B does not see the coin:

    >>> from fractions import Fraction
    >>> from bargaining.games.extensive import chance, decision, terminal
    >>> half = Fraction(1, 2)
    >>> guess = decision("A", {"peace": terminal((1,), "truce"), "war": terminal((0,), "war")})
    >>> tree = ExtensiveGame(chance({"heads": (half, guess), "tails": (half, terminal((0,),
    ...     "war"))}), players=("A",))
    >>> reached_outcomes(tree, [(Fraction(1, 3), Fraction(2, 3))])
    (('truce', Fraction(1, 6)), ('war', Fraction(5, 6)))
    """
    players = tree.players
    reduced = [tree.reduced_strategies(i) for i in range(len(players))]
    infoset_of = {index: k for k, members in enumerate(tree.infosets) for index in members}
    position = {k: j for i in range(len(players)) for j, k in enumerate(tree.player_infosets(i))}
    player_of = {name: i for i, name in enumerate(players)}
    totals: dict[str, Number] = dict.fromkeys(tree_outcomes(tree), 0)
    # Per player: the strategies played that take every action of the player so far.
    start = tuple(tuple(s for s, p in enumerate(vector) if p != 0) for vector in strategies)
    stack: list[tuple[int, Number, tuple[tuple[int, ...], ...]]] = [(0, 1, start)]
    while stack:
        index, weight, consistent = stack.pop()
        node = tree.nodes[index]
        children = tree.children[index]
        if isinstance(node, TerminalNode):
            if node.outcome is not None:
                for i, kept in enumerate(consistent):
                    weight = weight * sum((strategies[i][s] for s in kept), start=0)
                totals[node.outcome] = totals[node.outcome] + weight
        elif isinstance(node, ChanceNode):
            stack.extend(
                (child, weight * p, consistent)
                for p, child in zip(node.probabilities, children, strict=True)
                if p != 0
            )
        else:
            i, j = player_of[node.player], position[infoset_of[index]]
            for action, child in enumerate(children):
                kept = tuple(s for s in consistent[i] if reduced[i][s][j] == action)
                if kept:
                    stack.append((child, weight, (*consistent[:i], kept, *consistent[i + 1 :])))
    return tuple((name, normalize_number(p)) for name, p in totals.items())


def with_reached_outcomes(tree: ExtensiveGame, found: Sequence[Equilibrium]) -> EquilibriumList:
    """Equilibria of ``tree.to_normal_form()`` with the probability of every named outcome of
    the tree (:func:`reached_outcomes`), for trees whose chance moves mix outcomes; the list's
    completeness and note are kept.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> from bargaining.solvers.nash import nash_equilibria
    >>> game = load_model("models/beer_quiche.toml").game().at({"s": 0.9})
    >>> eq = with_reached_outcomes(game, nash_equilibria(game.to_normal_form()))[0]
    >>> round(eq.probability("strong_beer_avoid") + eq.probability("strong_quiche_avoid"), 9)
    0.9
    """
    return EquilibriumList(
        [
            dataclasses.replace(eq, outcome_probabilities=reached_outcomes(tree, eq.strategies))
            for eq in found
        ],
        complete=getattr(found, "complete", True),
        note=getattr(found, "note", ""),
    )

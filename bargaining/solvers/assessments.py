"""Testing assessments of a game tree: is a behaviour profile, with some beliefs, a perfect
Bayesian equilibrium? Used by :mod:`bargaining.solvers.perfect_bayesian` (pure profiles) and
:mod:`bargaining.solvers.semi_separating` (mixed candidates), which check every candidate here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from bargaining.errors import GameError
from bargaining.games.extensive import ChanceNode, DecisionNode, ExtensiveGame, TerminalNode
from bargaining.numbers import to_sympy
from bargaining.solvers.belief_sets import BeliefCondition, belief_conditions, feasible_beliefs
from bargaining.solvers.pbe_result import PerfectBayesianEquilibrium, belief_labels, infoset_labels
from bargaining.solvers.signalling import (
    SignallingStructure,
    exact_fraction,
    play_payoffs,
    signalling_structure,
    survives_intuitive_criterion,
)
from bargaining.solvers.subgame_perfect import tree_outcomes

__all__ = [
    "MAX_PURE_PROFILES",
    "PreparedTree",
    "assessment",
    "edge_weights",
    "node_values",
    "prepared_tree",
    "reach_probability",
]

MAX_PURE_PROFILES = 200_000
"""Most pure profiles (one action per information set) a tree may have for
:func:`prepared_tree`; larger trees are refused (GameError) rather than searched for hours."""


@dataclass(frozen=True)
class PreparedTree:
    """A tree with what testing assessments needs, computed once: exact numbers, the players
    and actions of each information set, the subgame each set is judged in.

    Attributes
    ----------
    game:
        The tree.
    totals:
        Per node, for terminals the total payoff of the play ending there (exact).
    probabilities:
        Per chance node, its branches' probabilities (exact); empty tuples elsewhere.
    infoset_of, mover, actions:
        Per node its information set (``-1`` for chance and terminal nodes); per information
        set its player's index and its actions.
    roots:
        Per information set, the root of the smallest subgame containing it.
    structure:
        The signalling structure, or None.
    names, node_names:
        Per information set its name and its nodes' names, as beliefs are written
        (:func:`~bargaining.solvers.pbe_result.infoset_labels`,
        :func:`~bargaining.solvers.pbe_result.belief_labels`).
    """

    game: ExtensiveGame
    totals: tuple[tuple[Fraction, ...] | None, ...]
    probabilities: tuple[tuple[Fraction, ...], ...]
    infoset_of: tuple[int, ...]
    mover: tuple[int, ...]
    actions: tuple[tuple[str, ...], ...]
    roots: tuple[int, ...]
    structure: SignallingStructure | None
    names: tuple[str, ...]
    node_names: tuple[tuple[str, ...], ...]


def prepared_tree(game: ExtensiveGame, *, symbolic: bool = False) -> PreparedTree:
    """Check a tree for :func:`perfect_bayesian_equilibria` and prepare it: numbers as exact
    fractions, or, with ``symbolic=True`` (for the parametric solver), every payoff and
    probability as a sympy expression (no signalling structure is then recorded).

    >>> from bargaining.games.extensive import decision, terminal
    >>> prepared_tree(ExtensiveGame(decision("A", {"x": terminal((1,))}))).actions
    (('x',),)
    """
    if game.parameters and not symbolic:
        names = ", ".join(symbol.name for symbol in game.parameters)
        raise GameError(
            f"the tree has parameters ({names}): pass at={{...}} with a value for each, to find "
            "its perfect Bayesian equilibria at that point"
        )
    game.check_perfect_recall()
    for index, node in enumerate(game.nodes):
        values = [*(node.payoffs or ()), *getattr(node, "probabilities", ())]
        if not symbolic and not all(isinstance(x, int | Fraction | float) for x in values):
            raise GameError(
                f"node {game.paths[index]}: perfect Bayesian equilibria need rational (or float) "
                f"payoffs and probabilities, got {values}"
            )
    infoset_of = [-1] * len(game.nodes)
    for k, members in enumerate(game.infosets):
        for index in members:
            infoset_of[index] = k
    actions = tuple(game.nodes[m[0]].actions for m in game.infosets)
    count = math.prod(len(a) for a in actions)
    if count > MAX_PURE_PROFILES:
        raise GameError(
            f"the tree has {count:,} pure profiles (one action per information set), more than "
            f"the {MAX_PURE_PROFILES:,} perfect_bayesian_equilibria tests"
        )
    number = to_sympy if symbolic else exact_fraction
    return PreparedTree(
        game=game,
        totals=tuple(play_payoffs(game, number=number)),
        probabilities=tuple(
            tuple(number(p) for p in node.probabilities) if isinstance(node, ChanceNode) else ()
            for node in game.nodes
        ),
        infoset_of=tuple(infoset_of),
        mover=tuple(game.player_index(game.nodes[m[0]].player) for m in game.infosets),
        actions=actions,
        roots=_subgame_roots(game),
        structure=None if symbolic else signalling_structure(game),
        names=infoset_labels(game),
        node_names=belief_labels(game),
    )


def assessment(
    prepared: PreparedTree,
    behaviour: Sequence[Sequence[Fraction]],
    *,
    method: str,
) -> PerfectBayesianEquilibrium | None:
    """The perfect Bayesian equilibrium with this behaviour profile (per information set, the
    probability of each action), or None when no beliefs make it one: every action played with
    positive probability must be a best response at its set, given Bayes' rule where the set
    is reached (within its subgame) and some belief where it is not.

    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
    >>> assessment(prepared_tree(game), [(1, 0)], method="") is not None
    True
    >>> assessment(prepared_tree(game), [(0, 1)], method="") is None
    True
    """
    game = prepared.game
    values = node_values(prepared, behaviour)
    weights = edge_weights(prepared, behaviour)
    names, nodes = prepared.names, prepared.node_names
    beliefs: list[tuple[Fraction, ...] | None] = []
    conditions: list[BeliefCondition] = []
    for k, members in enumerate(game.infosets):
        i = prepared.mover[k]
        root = prepared.roots[k]
        reach = [Fraction(reach_probability(game, weights, root=root, node=x)) for x in members]
        total = sum(reach)
        # Per action: its value at each node of the set.
        action_values = [
            [values[game.children[x][a]][i] for x in members]
            for a in range(len(prepared.actions[k]))
        ]
        played = [a for a, p in enumerate(behaviour[k]) if p]
        inequalities = [
            {nodes[k][j]: action_values[a][j] - action_values[b][j] for j in range(len(members))}
            for a in played
            for b in range(len(action_values))
            if b != a
        ]
        if total > 0:
            belief = tuple(r / total for r in reach)
            scores = {name: q for name, q in zip(nodes[k], belief, strict=True)}
            if any(sum(d[x] * scores[x] for x in d) < 0 for d in inequalities):
                return None
            beliefs.append(belief)
        else:
            if not feasible_beliefs(nodes[k], inequalities):
                return None
            beliefs.append(None)
            conditions += belief_conditions(names[k], nodes[k], inequalities)
    reach_all = [reach_probability(game, weights, root=0, node=x) for x in range(len(game.nodes))]
    label, intuitive = _signalling_verdict(prepared, behaviour, values)
    return PerfectBayesianEquilibrium(
        behaviour=tuple(tuple(_tidy(p) for p in row) for row in behaviour),
        beliefs=tuple(None if b is None else tuple(map(_tidy, b)) for b in beliefs),
        belief_conditions=tuple(conditions),
        label=label,
        intuitive=intuitive,
        payoffs=tuple(map(_tidy, values[0])),
        players=game.players,
        outcome_probabilities=_outcomes(game, reach_all),
        game=game,
        method=method,
    )


# -- helpers -----------------------------------------------------------------------------------


def node_values(
    prepared: PreparedTree, behaviour: Sequence[Sequence[Fraction]]
) -> list[tuple[Fraction, ...]]:
    """Per node, each player's expected total payoff of the plays through it (fractions, or
    expressions for a symbolic :class:`PreparedTree`).

    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
    >>> node_values(prepared_tree(game), [(0, 1)])
    [(Fraction(0, 1),), (Fraction(1, 1),), (Fraction(0, 1),)]
    """
    game = prepared.game
    values: list[tuple[Fraction, ...]] = [()] * len(game.nodes)
    for index in reversed(range(len(game.nodes))):  # children after parents
        node = game.nodes[index]
        if isinstance(node, TerminalNode):
            values[index] = prepared.totals[index]
            continue
        if isinstance(node, ChanceNode):
            weights = prepared.probabilities[index]
        else:
            weights = behaviour[prepared.infoset_of[index]]
        kids = game.children[index]
        values[index] = tuple(
            sum((w * values[c][i] for w, c in zip(weights, kids, strict=True) if w), 0)
            for i in range(len(game.players))
        )
    return values


def edge_weights(prepared: PreparedTree, behaviour: Sequence[Sequence[Fraction]]) -> list:
    """Per node, the probability of the move from its parent to it (1 at the root).

    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
    >>> edge_weights(prepared_tree(game), [(0, 1)])
    [1, 0, 1]
    """
    game = prepared.game
    weights: list = [1] * len(game.nodes)
    for index, node in enumerate(game.nodes):
        if isinstance(node, ChanceNode):
            row = prepared.probabilities[index]
        elif isinstance(node, DecisionNode):
            row = behaviour[prepared.infoset_of[index]]
        else:
            continue
        for p, child in zip(row, game.children[index], strict=True):
            weights[child] = p
    return weights


def reach_probability(game: ExtensiveGame, weights: list, *, root: int, node: int) -> Fraction:
    """The probability of reaching ``node`` from ``root`` (an ancestor or itself), given the
    :func:`edge_weights`.

    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
    >>> reach_probability(game, [1, 0, 1], root=0, node=2)
    1
    """
    p = 1
    while node != root:
        p *= weights[node]
        node = game.parents[node]
    return p


def _subgame_roots(game: ExtensiveGame) -> tuple[int, ...]:
    """Per information set, the deepest node whose subtree is a subgame (every information set
    meeting it lies inside it) and holds the whole set."""
    size = [1] * len(game.nodes)
    for index in reversed(range(1, len(game.nodes))):
        size[game.parents[index]] += size[index]
    spans = [(min(m), max(m)) for m in game.infosets]

    def closed(root: int) -> bool:
        end = root + size[root]  # depth-first order: the subtree is [root, end)
        return all(low >= root and high < end for low, high in spans if root <= high and low < end)

    roots = []
    for low, high in spans:
        node = low
        while not (node <= low and high < node + size[node] and closed(node)):
            node = game.parents[node]
        roots.append(node)
    return tuple(roots)


def _outcomes(game: ExtensiveGame, reach: list[Fraction]) -> tuple[tuple[str, Fraction], ...]:
    totals = dict.fromkeys(tree_outcomes(game), Fraction(0))
    for index, node in enumerate(game.nodes):
        if isinstance(node, TerminalNode) and node.outcome is not None:
            totals[node.outcome] += reach[index]
    return tuple((name, _tidy(p)) for name, p in totals.items())


def _signalling_verdict(
    prepared: PreparedTree, behaviour: Sequence[Sequence[Fraction]], values: list
) -> tuple[str, bool | None]:
    """The kind of equilibrium and the intuitive criterion's verdict (signalling games)."""
    structure = prepared.structure
    if structure is None:
        return "", None
    game = prepared.game
    types = [t for t, p in enumerate(structure.prior) if exact_fraction(p) > 0]
    sent = [{m for m, p in enumerate(behaviour[structure.sender_infosets[t]]) if p} for t in types]
    if any(len(messages) > 1 for messages in sent):
        label = "semi-separating"
    elif len(set().union(*sent)) == 1:
        label = "pooling"
    elif len(set().union(*sent)) == len(types):
        label = "separating"
    else:
        label = "partially pooling"
    s = game.player_index(structure.sender)
    senders = game.children[0]
    sender_values = [values[senders[t]][s] for t in range(len(structure.types))]
    unsent = [m for m in range(len(structure.messages)) if not any(m in ms for ms in sent)]
    return label, survives_intuitive_criterion(
        game, structure, sender_values=sender_values, unsent=unsent
    )


def _tidy(value: Fraction) -> int | Fraction:
    return value.numerator if value.denominator == 1 else value

"""A game tree's reduced strategic form: reduced pure strategies, their labels, the payoff table.

A reduced strategy fixes an action only at the information sets the player's own earlier actions
do not exclude (Gambit's reduced strategic form). Their number can grow exponentially in the
size of the tree (17 binary moves of one player after a chance move: 131,072 strategies), so
each function here refuses, before the work, more than ``max_strategies`` reduced strategies of
one player or ``max_profiles`` strategy profiles, naming the limit and the keyword that raises
it. Enumerating stops as soon as the limit is passed, so a refusal costs at most the limit.

>>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
>>> game = ExtensiveGame(decision("A", {"l": terminal((1,)), "r": terminal((0,))}))
>>> enumerate_reduced(game, 0), strategy_labels(game, 0)
(((0,), (1,)), ('l', 'r'))
>>> enumerate_reduced(game, 0, max_strategies=1)
Traceback (most recent call last):
...
bargaining.errors.GameError: player 'A' has more than 1 reduced strategies: ...
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import sympy

from bargaining.errors import GameError
from bargaining.games.extensive_nodes import ChanceNode, DecisionNode, TerminalNode
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number, is_symbolic, normalize_number

if TYPE_CHECKING:  # only for annotations: extensive.py imports this module
    from bargaining.games.extensive import ExtensiveGame

__all__ = [
    "MAX_REDUCED_PROFILES",
    "MAX_REDUCED_STRATEGIES",
    "Strategy",
    "enumerate_reduced",
    "reduced_normal_form",
    "strategy_labels",
    "too_many_strategies",
]

MAX_REDUCED_STRATEGIES = 100_000
"""Default limit on one player's reduced strategies (raise it with ``max_strategies=``): the
symbolic solver of trees carries reduced strategies, and random 100-node trees reach a few
times 10^4; enumerating up to the limit takes a second or two."""

MAX_REDUCED_PROFILES = 1_000_000
"""Default limit on the strategy profiles of a reduced strategic form (raise it with
``max_profiles=``): each profile is one walk through the tree."""

Strategy = tuple[int | None, ...]
"""A reduced strategy: per information set of the player, an action index or ``None``."""


def enumerate_reduced(
    game: ExtensiveGame, player: str | int, *, max_strategies: int = MAX_REDUCED_STRATEGIES
) -> tuple[Strategy, ...]:
    """A player's reduced pure strategies, computed (:meth:`ExtensiveGame.reduced_strategies`
    caches them): per information set of the player (in order of first appearance) the chosen
    action's index, or ``None`` where the player's own earlier choices exclude the set. Sorted
    lexicographically (``None`` first).

    Depth first over the player's choices; raises :func:`too_many_strategies` as soon as more
    than ``max_strategies`` are found, so the work is bounded by the limit.

    >>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
    >>> game = ExtensiveGame(decision("A", {"stop": terminal((1,)),
    ...     "go": decision("A", {"x": terminal((2,)), "y": terminal((3,))})}))
    >>> enumerate_reduced(game, "A")
    ((0, None), (1, 0), (1, 1))
    """
    i = game.player_index(player)
    name = game.players[i]
    of_node = {index: k for k, members in enumerate(game.infosets) for index in members}
    own = game.player_infosets(i)
    position = {k: j for j, k in enumerate(own)}
    found: set[Strategy] = set()
    work: list[tuple[dict[int, int], list[int]]] = [({}, [0])]
    while work:
        assigned, frontier = work.pop()
        forked = False
        while frontier:
            index = frontier.pop()
            node = game.nodes[index]
            if isinstance(node, DecisionNode) and node.player == name:
                k = of_node[index]
                if k in assigned:
                    frontier.append(game.children[index][assigned[k]])
                    continue
                for a in range(len(node.actions)):
                    work.append(({**assigned, k: a}, [*frontier, game.children[index][a]]))
                forked = True
                break
            frontier.extend(game.children[index])
        if not forked:
            strategy: list[int | None] = [None] * len(own)
            for k, a in assigned.items():
                strategy[position[k]] = a
            found.add(tuple(strategy))
            if len(found) > max_strategies:
                raise too_many_strategies(name, max_strategies)
    return tuple(sorted(found, key=lambda s: tuple(-1 if a is None else a for a in s)))


def too_many_strategies(player: str, limit: int) -> GameError:
    """The error for a player with more than ``limit`` reduced strategies: it names the limit
    and the keyword that raises it.

    >>> print(too_many_strategies("A", 10))  # doctest: +ELLIPSIS
    player 'A' has more than 10 reduced strategies: ...; pass max_strategies= ... to raise the limit
    """
    return GameError(
        f"player {player!r} has more than {limit:,} reduced strategies: the strategic form is "
        "too large to build; pass max_strategies= (to to_normal_form(), strategy_labels() or "
        "reduced_strategies()) to raise the limit"
    )


def strategy_labels(
    game: ExtensiveGame, player: str | int, *, max_strategies: int = MAX_REDUCED_STRATEGIES
) -> tuple[str, ...]:
    """Labels of a player's reduced strategies (see :func:`reduced_normal_form`); labels that
    would repeat (possible only when action labels contain ``/``) get ``_1``, ``_2``, ...

    >>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
    >>> game = ExtensiveGame(decision("A", {"stop": terminal((1,)),
    ...     "go": decision("A", {"x": terminal((2,)), "y": terminal((3,))})}))
    >>> strategy_labels(game, "A")
    ('stop/*', 'go/x', 'go/y')
    """
    i = game.player_index(player)
    # Per information set of the player: the text of each action, "*" (excluded) last.
    texts = []
    for k in game.player_infosets(i):
        actions = game.nodes[game.infosets[k][0]].actions
        texts.append([label or str(a + 1) for a, label in enumerate(actions)] + ["*"])
    labels = [
        "/".join(text[-1 if a is None else a] for text, a in zip(texts, strategy, strict=True))
        or "-"
        for strategy in game.reduced_strategies(i, max_strategies=max_strategies)
    ]
    return tuple(_unique(labels))


def reduced_normal_form(
    game: ExtensiveGame,
    *,
    max_strategies: int = MAX_REDUCED_STRATEGIES,
    max_profiles: int = MAX_REDUCED_PROFILES,
) -> NormalFormGame:
    """The reduced strategic form of a tree (what :meth:`ExtensiveGame.to_normal_form` returns).

    Payoffs are expected payoffs over chance (exact for exact inputs, expressions for symbolic
    ones). Strategy labels join the chosen action per information set of the player with
    ``/``; ``*`` marks an excluded set, an empty action label is written as its 1-based number,
    and a player without moves has the single strategy ``"-"``. Outcome names are kept per
    profile when every terminal names an outcome and each profile leads to one outcome.

    Raises :class:`~bargaining.errors.GameError` when a player has more than
    ``max_strategies`` reduced strategies or the form more than ``max_profiles`` profiles,
    checked before the payoffs are computed.

    >>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
    >>> game = ExtensiveGame(decision("A", {"l": terminal((1, 0)), "r": terminal((0, 1))}),
    ...                      players=("A", "B"))
    >>> reduced_normal_form(game).strategies
    (('l', 'r'), ('-',))
    >>> reduced_normal_form(game, max_profiles=1)
    Traceback (most recent call last):
    ...
    bargaining.errors.GameError: the reduced strategic form has 2 strategy profiles, more than ...
    """
    n = len(game.players)
    reduced = [game.reduced_strategies(i, max_strategies=max_strategies) for i in range(n)]
    shape = tuple(len(r) for r in reduced)
    total = 1
    for size in shape:
        total *= size
    if total > max_profiles:
        raise GameError(
            f"the reduced strategic form has {total:,} strategy profiles, more than the limit "
            f"of {max_profiles:,}; pass max_profiles= to to_normal_form() to raise it"
        )
    payoffs = np.empty((*shape, n), dtype=object)
    outcomes = np.empty(shape, dtype=object)
    named = all(node.outcome is not None for node in game.nodes if isinstance(node, TerminalNode))
    infoset_of = {index: k for k, members in enumerate(game.infosets) for index in members}
    positions = [{k: j for j, k in enumerate(game.player_infosets(i))} for i in range(n)]
    player_of = {name: i for i, name in enumerate(game.players)}
    for profile in itertools.product(*(range(size) for size in shape)):
        strategies = [reduced[i][s] for i, s in enumerate(profile)]
        totals: list[Number] = [0] * n
        reached: set[str | None] = set()
        stack: list[tuple[int, Number]] = [(0, 1)]
        while stack:
            index, weight = stack.pop()
            node = game.nodes[index]
            if node.payoffs is not None:
                for i, value in enumerate(node.payoffs):
                    if not _is_literal_zero(value):
                        totals[i] = totals[i] + weight * value
            if isinstance(node, TerminalNode):
                if not _is_literal_zero(weight):
                    reached.add(node.outcome)
            elif isinstance(node, ChanceNode):
                for p, child in zip(node.probabilities, game.children[index], strict=True):
                    stack.append((child, weight * p))
            else:
                i = player_of[node.player]
                action = strategies[i][positions[i][infoset_of[index]]]
                stack.append((game.children[index][action], weight))
        payoffs[profile] = [_tidy(value) for value in totals]
        if named and len(reached) == 1:
            outcomes[profile] = reached.pop()
        else:
            named = False
    labels = tuple(strategy_labels(game, i, max_strategies=max_strategies) for i in range(n))
    return NormalFormGame(payoffs, game.players, labels, outcomes if named else None, game.title)


def _is_literal_zero(value: Number) -> bool:
    return not is_symbolic(value) and value == 0


def _tidy(value: Number) -> Number:
    if is_symbolic(value):
        return normalize_number(sympy.expand(value))
    return normalize_number(value)


def _unique(labels: list[str]) -> list[str]:
    """Labels made unique by appending ``_1``, ``_2``, ... to duplicates (possible only when
    action labels contain ``/``); linear in the number of labels."""
    counts = Counter(labels)
    taken = set(labels)
    suffixes: dict[str, int] = {}
    result = []
    for label in labels:
        if counts[label] == 1:
            result.append(label)
            continue
        candidate = label
        while candidate in taken:
            suffixes[label] = suffixes.get(label, 0) + 1
            candidate = f"{label}_{suffixes[label]}"
        taken.add(candidate)
        result.append(candidate)
    return result

"""The nodes of a game tree, the functions that build them, and the checks that turn a tree
as given into the normalised, flattened form :class:`~bargaining.games.extensive.ExtensiveGame`
holds.

Build a tree bottom-up with :func:`decision`, :func:`chance` and :func:`terminal`:

>>> node = decision("A", {"left": terminal((1,)), "right": terminal((0,))})
>>> nodes, paths, parents = flatten(node)
>>> list(paths), parents
(['root', 'root/left', 'root/right'], [-1, 0, 0])

Nodes are named in error messages by their *path*: ``root`` followed by the action labels
leading to the node, e.g. ``root/in/fight`` (an empty action label is written ``#k``, its
1-based position).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeAlias

import numpy as np

from bargaining.errors import GameError
from bargaining.numbers import Number, NumberError, normalize_number

__all__ = [
    "ChanceNode",
    "DecisionNode",
    "Node",
    "NodePaths",
    "NormalizedTree",
    "TerminalNode",
    "chance",
    "decision",
    "flatten",
    "normalized_tree",
    "terminal",
]


# -- nodes -------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class TerminalNode:
    """A leaf: the payoff vector (``None`` for all zeros) and an optional outcome name."""

    payoffs: object = None
    outcome: str | None = None

    def __repr__(self) -> str:
        return f"TerminalNode(payoffs={self.payoffs!r}, outcome={self.outcome!r})"


@dataclass(frozen=True, eq=False, repr=False)
class DecisionNode:
    """A move of ``player`` choosing among labelled ``actions``, one child per action.

    ``infoset`` names the information set (``None``: a set of its own). ``payoffs`` and
    ``outcome`` are an optional outcome at this node, added to the payoffs of every play
    passing through it (as in Gambit).
    """

    player: str | int
    actions: tuple[str, ...]
    children: tuple[Node, ...]
    infoset: Hashable | None = None
    payoffs: object = None
    outcome: str | None = None

    def __repr__(self) -> str:
        return f"DecisionNode({self.player!r}, actions={self.actions!r}, infoset={self.infoset!r})"


@dataclass(frozen=True, eq=False, repr=False)
class ChanceNode:
    """A move of nature: ``actions`` taken with ``probabilities``, one child per action."""

    actions: tuple[str, ...]
    probabilities: tuple[object, ...]
    children: tuple[Node, ...]
    payoffs: object = None
    outcome: str | None = None

    def __repr__(self) -> str:
        return f"ChanceNode(actions={self.actions!r}, probabilities={self.probabilities!r})"


Node: TypeAlias = TerminalNode | DecisionNode | ChanceNode


def terminal(payoffs: object = None, outcome: str | None = None) -> TerminalNode:
    """A terminal node.

    Parameters
    ----------
    payoffs:
        One payoff per player (a sequence in player order, or a mapping player -> payoff);
        ``None`` means zero payoffs, or the payoffs of ``outcome`` when the game is given an
        ``outcomes`` table.
    outcome:
        The outcome's name, e.g. ``"ceasefire"``.

    >>> terminal((1, 0), outcome="deal").outcome
    'deal'
    """
    return TerminalNode(payoffs, outcome)


def decision(
    player: str | int,
    actions: Mapping[str, Node],
    infoset: Hashable | None = None,
    *,
    payoffs: object = None,
    outcome: str | None = None,
) -> DecisionNode:
    """A decision node: ``player`` picks one of ``actions`` (label -> subtree, in order).

    ``infoset`` joins nodes the player cannot tell apart (same id, same player, same action
    labels); ``None`` makes a singleton information set. ``payoffs``/``outcome`` attach an
    outcome to the node itself.

    >>> node = decision("A", {"left": terminal((1,)), "right": terminal((0,))})
    >>> node.actions
    ('left', 'right')
    """
    if not isinstance(actions, Mapping):
        raise GameError(f"decision() needs a mapping action label -> subtree, got {actions!r}")
    return DecisionNode(player, tuple(actions), tuple(actions.values()), infoset, payoffs, outcome)


def chance(
    branches: Mapping[str, tuple[object, Node]],
    *,
    payoffs: object = None,
    outcome: str | None = None,
) -> ChanceNode:
    """A chance node: ``branches`` maps each label to ``(probability, subtree)``.

    >>> from fractions import Fraction
    >>> node = chance({"heads": (Fraction(1, 2), terminal((1,))),
    ...                "tails": (Fraction(1, 2), terminal((0,)))})
    >>> node.probabilities
    (Fraction(1, 2), Fraction(1, 2))
    """
    if not isinstance(branches, Mapping):
        raise GameError("chance() needs a mapping label -> (probability, subtree)")
    probabilities, children = [], []
    for label, branch in branches.items():
        if not isinstance(branch, tuple) or len(branch) != 2:
            raise GameError(
                f"chance branch {label!r} must be a pair (probability, subtree), got {branch!r}"
            )
        probabilities.append(branch[0])
        children.append(branch[1])
    return ChanceNode(tuple(branches), tuple(probabilities), tuple(children), payoffs, outcome)


# -- a checked tree ------------------------------------------------------------------------


class NormalizedTree(NamedTuple):
    """A tree checked and normalised by :func:`normalized_tree`: what an
    :class:`~bargaining.games.extensive.ExtensiveGame` stores."""

    players: tuple[str, ...]
    outcomes: dict[str, tuple] | None
    nodes: tuple[Node, ...]
    paths: NodePaths
    parents: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]


def normalized_tree(
    root: object, players: Sequence[str], outcomes: object = None
) -> NormalizedTree:
    """Check a tree and normalise it: player names for indices, numbers normalised, payoff
    vectors in player order (filled in from ``outcomes`` where a node names only an outcome).

    Raises :class:`~bargaining.errors.GameError` naming the node's path; linear in the size of
    the tree, without recursion.

    >>> tree = normalized_tree(decision(0, {"a": terminal((1, 2))}), ("A", "B"))
    >>> tree.players, tree.nodes[0].player, tree.children
    (('A', 'B'), 'A', ((1,), ()))
    """
    nodes, paths, parents = flatten(root)
    names = _clean_players(players, nodes, paths)
    table = _outcome_table(outcomes, names)
    children: list[list[int]] = [[] for _ in nodes]
    for index, parent in enumerate(parents):
        if parent >= 0:
            children[parent].append(index)
    normalized: list[Node] = list(nodes)
    for index in reversed(range(len(nodes))):
        kids = tuple(normalized[c] for c in children[index])
        normalized[index] = _normalize_node(nodes[index], paths, index, names, table, kids)
    return NormalizedTree(
        names, table, tuple(normalized), paths, tuple(parents), tuple(map(tuple, children))
    )


# -- helpers -----------------------------------------------------------------------------------


def _step(label: str, position: int) -> str:
    return label if label and "/" not in label else f"#{position + 1}"


class _LazyPath:
    """A node's path, computed only when an error message formats it."""

    def __init__(self, paths: NodePaths, index: int) -> None:
        self._paths, self._index = paths, index

    def __str__(self) -> str:
        return self._paths[self._index]

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class _Where:
    """``"<prefix> <path><suffix>"`` for an error message, formatted only when needed."""

    def __init__(self, prefix: str, path: _LazyPath, suffix: str = "") -> None:
        self._parts = (prefix, path, suffix)

    def __format__(self, spec: str) -> str:
        prefix, path, suffix = self._parts
        return format(f"{prefix} {path}{suffix}", spec)

    __str__ = lambda self: format(self, "")  # noqa: E731


class NodePaths(Sequence[str]):
    """The path of each node (``root/in/fight``), indexed like the nodes.

    Paths are built on demand from each node's parent and step: storing every path of a deep
    tree would take memory quadratic in its depth.
    """

    def __init__(self, steps: list[str], parents: list[int]) -> None:
        self._steps = steps
        self._parents = parents

    def __len__(self) -> int:
        return len(self._steps)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        parts = []
        while index >= 0:
            parts.append(self._steps[index])
            index = self._parents[index]
        return "/".join(reversed(parts))


def flatten(root: object) -> tuple[list[Node], NodePaths, list[int]]:
    """Nodes depth first (without recursion), with paths and parent indices; GameError when a
    node object appears twice or something is not a node.

    >>> nodes, paths, parents = flatten(decision("A", {"x": terminal(), "": terminal()}))
    >>> paths[2], parents
    ('root/#2', [-1, 0, 0])
    """
    nodes: list[Node] = []
    steps: list[str] = []
    parents: list[int] = []
    paths = NodePaths(steps, parents)
    seen: dict[int, int] = {}
    stack: list[tuple[object, str, int]] = [(root, "root", -1)]
    while stack:
        node, step, parent = stack.pop()
        index = len(nodes)
        steps.append(step)
        parents.append(parent)
        if not isinstance(node, TerminalNode | DecisionNode | ChanceNode):
            raise GameError(
                f"node {paths[index]}: expected a node made by decision(), chance() or "
                f"terminal(), got {type(node).__name__} {node!r}"
            )
        if id(node) in seen:
            raise GameError(
                f"node {paths[index]} is the same node object as {paths[seen[id(node)]]}: a "
                "game tree reaches each node once; build a separate node for each place"
            )
        seen[id(node)] = index
        nodes.append(node)
        if isinstance(node, DecisionNode | ChanceNode):
            path = _LazyPath(paths, index)
            actions, children = tuple(node.actions), tuple(node.children)
            if not actions:
                raise GameError(f"node {path} has no actions: expected at least one")
            if len(actions) != len(children):
                raise GameError(
                    f"node {path} has {len(actions)} actions but {len(children)} children"
                )
            for label in actions:
                if not isinstance(label, str):
                    raise GameError(f"node {path}: action labels must be strings, got {label!r}")
            if len(set(actions)) != len(actions):
                raise GameError(f"node {path}: action labels must be unique, got {list(actions)}")
            for position in reversed(range(len(children))):
                stack.append((children[position], _step(actions[position], position), index))
    return nodes, paths, parents


def _clean_players(given: Sequence[str], nodes: list[Node], paths: NodePaths) -> tuple[str, ...]:
    if isinstance(given, str):
        raise GameError(f"players must be a sequence of names, got {given!r}")
    players = tuple(str(p) for p in given)
    if len(set(players)) != len(players):
        raise GameError(f"player names must be unique, got {players}")
    if not players:
        found: dict[str, None] = {}
        for node in nodes:
            if isinstance(node, DecisionNode):
                if not isinstance(node.player, str):
                    raise GameError(
                        "decision nodes name players by index: give the players' names with "
                        "players=(...)"
                    )
                found[node.player] = None
        players = tuple(found)
        if not players:
            for node in nodes:
                if node.payoffs is not None and not isinstance(node.payoffs, Mapping):
                    players = tuple(f"Player {i + 1}" for i in range(len(node.payoffs)))
                    break
        if not players:
            raise GameError("the game has no players: give players=(...)")
    for index, node in enumerate(nodes):
        if isinstance(node, DecisionNode):
            path = _LazyPath(paths, index)
            player = node.player
            if isinstance(player, int) and not isinstance(player, bool):
                if not 0 <= player < len(players):
                    raise GameError(
                        f"decision node {path}: player index {player} out of range for "
                        f"{len(players)} players"
                    )
            elif player not in players:
                raise GameError(
                    f"decision node {path}: unknown player {player!r}; players are "
                    f"{', '.join(players)}"
                )
    return players


def _payoff_vector(value: object, players: tuple[str, ...], where: object) -> tuple | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        unknown = [p for p in value if p not in players]
        if unknown:
            raise GameError(f"{where}: payoffs for unknown player(s) {unknown}")
        missing = [p for p in players if p not in value]
        if missing:
            raise GameError(f"{where}: no payoff for {', '.join(map(repr, missing))}")
        value = [value[p] for p in players]
    if isinstance(value, str) or not isinstance(value, Sequence | np.ndarray):
        raise GameError(f"{where}: payoffs must be one number per player, got {value!r}")
    if len(value) != len(players):
        raise GameError(
            f"{where}: {len(value)} payoffs given, expected {len(players)} (one per player: "
            f"{', '.join(players)})"
        )
    result = []
    for player, x in zip(players, value, strict=True):
        try:
            result.append(normalize_number(x))
        except NumberError as error:
            raise GameError(f"{where}: payoff of {player!r}: {error}") from None
    return tuple(result)


def _outcome_table(outcomes: object, players: tuple[str, ...]) -> dict[str, tuple] | None:
    if outcomes is None:
        return None
    if not isinstance(outcomes, Mapping):
        raise GameError("outcomes must map outcome names to payoffs")
    return {
        str(name): _payoff_vector(
            value.payoffs if hasattr(value, "payoffs") else value, players, f"outcome {name!r}"
        )
        for name, value in outcomes.items()
    }


def _normalize_node(
    node: Node,
    paths: NodePaths,
    index: int,
    players: tuple[str, ...],
    table: dict[str, tuple] | None,
    children: tuple[Node, ...],
) -> Node:
    """A copy of ``node`` with player names, numbers and payoff vectors normalised."""
    path = _LazyPath(paths, index)
    outcome = node.outcome
    if outcome is not None and not isinstance(outcome, str):
        raise GameError(f"node {path}: the outcome name must be a string, got {outcome!r}")
    payoffs = _payoff_vector(node.payoffs, players, _Where("node", path))
    if payoffs is None and outcome is not None and table is not None:
        if outcome not in table:
            known = ", ".join(table) or "none"
            raise GameError(
                f"node {path}: unknown outcome {outcome!r} and no payoffs given; known "
                f"outcomes: {known}"
            )
        payoffs = table[outcome]
    if payoffs is None and outcome is not None:
        raise GameError(
            f"node {path} names the outcome {outcome!r} but gives no payoffs: give payoffs, "
            "or the game an outcomes table with this outcome"
        )
    if isinstance(node, TerminalNode):
        return TerminalNode(payoffs, outcome)
    if isinstance(node, DecisionNode):
        player = node.player
        if isinstance(player, int) and not isinstance(player, bool):
            player = players[player]
        return DecisionNode(player, tuple(node.actions), children, node.infoset, payoffs, outcome)
    if len(node.probabilities) != len(node.actions):
        raise GameError(
            f"chance node {path}: {len(node.probabilities)} probabilities for "
            f"{len(node.actions)} actions"
        )
    probabilities = tuple(
        _probability(p, _Where("chance node", path, f": probability of {label!r}"))
        for label, p in zip(node.actions, node.probabilities, strict=True)
    )
    return ChanceNode(tuple(node.actions), probabilities, children, payoffs, outcome)


def _probability(value: object, where: object) -> Number:
    try:
        p = normalize_number(value)
    except NumberError as error:
        raise GameError(f"{where}: {error}") from None
    return p

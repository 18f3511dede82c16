"""Extensive-form games: trees of decision, chance and terminal nodes with information sets.

Build a tree bottom-up with :func:`decision`, :func:`chance` and :func:`terminal`, then wrap
the root in an :class:`ExtensiveGame`, which checks it and holds it as an immutable value:

>>> entry = ExtensiveGame(
...     decision("Entrant", {
...         "out": terminal((0, 2)),
...         "in": decision("Incumbent", {
...             "fight": terminal((-1, -1)),
...             "accommodate": terminal((1, 1)),
...         }),
...     }),
...     players=("Entrant", "Incumbent"),
... )
>>> entry.is_perfect_information
True
>>> entry.to_normal_form().strategies
(('out', 'in'), ('fight', 'accommodate'))

Nodes are named in error messages by their *path*: ``root`` followed by the action labels
leading to the node, e.g. ``root/in/fight`` (an empty action label is written ``#k``, its
1-based position).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
import sympy

from bargaining.errors import GameError
from bargaining.games.normal_form import MAX_PROFILES, NormalFormGame
from bargaining.numbers import (
    Number,
    NumberError,
    is_exact,
    is_symbolic,
    normalize_number,
    to_sympy,
)

__all__ = [
    "ChanceNode",
    "DecisionNode",
    "ExtensiveGame",
    "Node",
    "TerminalNode",
    "chance",
    "decision",
    "terminal",
]

FLOAT_TOLERANCE = 1e-9
"""Float chance probabilities must sum to 1 within this tolerance (exact ones exactly)."""


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


# -- the game ----------------------------------------------------------------------------------


def _step(label: str, position: int) -> str:
    return label if label and "/" not in label else f"#{position + 1}"


def _is_zero(value: Number) -> bool:
    if is_symbolic(value):
        return sympy.simplify(value) == 0
    return value == 0


@dataclass(frozen=True, eq=False)
class ExtensiveGame:
    """A finite game in extensive form (a game tree).

    Parameters
    ----------
    root:
        The root node, built with :func:`decision`, :func:`chance` and :func:`terminal`.
    players:
        Player names in payoff order. Defaults to the players named at decision nodes, in the
        order they first appear (depth first); decision nodes may also give a player by its
        0-based index.
    title:
        A short description.
    outcomes:
        Optional table outcome name -> payoffs, for terminals given only an outcome name.

    The tree is checked on construction (:class:`~bargaining.errors.GameError` naming the
    node's path): each node object appears once, payoff vectors have one entry per player,
    chance probabilities are non-negative and sum to 1 (exactly for exact inputs, within
    :data:`FLOAT_TOLERANCE` for floats, identically for expressions), and the nodes of an
    information set share one player and the same action labels. Perfect recall is checked
    only where needed (:meth:`check_perfect_recall`).

    Games are values: equal when their trees (players, actions, information sets,
    probabilities, payoffs, outcome names) and titles are equal. Information-set ids matter
    only in how they group nodes.

    Examples
    --------
    >>> from fractions import Fraction
    >>> game = ExtensiveGame(chance({
    ...     "strong": (Fraction(1, 3), decision("A", {"x": terminal((1,)), "y": terminal((2,))},
    ...                                         "h")),
    ...     "weak": (Fraction(2, 3), decision("A", {"x": terminal((3,)), "y": terminal((0,))},
    ...                                       "h")),
    ... }), players=("A",))
    >>> game.is_perfect_information
    False
    >>> game.to_normal_form().payoffs[:, 0].tolist()
    [Fraction(7, 3), Fraction(2, 3)]
    """

    root: Node
    players: tuple[str, ...] = ()
    title: str = ""
    outcomes: Mapping[str, object] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        nodes, paths, parents = _flatten(self.root)
        players = _clean_players(self.players, nodes, paths)
        table = _outcome_table(self.outcomes, players)
        children: list[list[int]] = [[] for _ in nodes]
        for index, parent in enumerate(parents):
            if parent >= 0:
                children[parent].append(index)
        normalized: list[Node] = list(nodes)
        for index in reversed(range(len(nodes))):
            kids = tuple(normalized[c] for c in children[index])
            normalized[index] = _normalize_node(nodes[index], paths, index, players, table, kids)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "title", str(self.title))
        object.__setattr__(self, "root", normalized[0])
        object.__setattr__(self, "outcomes", table)
        object.__setattr__(self, "_nodes", tuple(normalized))
        object.__setattr__(self, "_paths", paths)
        object.__setattr__(self, "_parents", tuple(parents))
        object.__setattr__(self, "_children", tuple(tuple(c) for c in children))
        self._check_infosets()
        self._check_probabilities()

    # -- structure -------------------------------------------------------------------------

    @property
    def nodes(self) -> tuple[Node, ...]:
        """Every node, depth first (a node before its children, children in action order)."""
        return self._nodes  # type: ignore[attr-defined]

    @property
    def paths(self) -> Sequence[str]:
        """The path of each node in :attr:`nodes` (``root``, ``root/in``, ...), built on
        demand."""
        return self._paths  # type: ignore[attr-defined]

    @property
    def parents(self) -> tuple[int, ...]:
        """The index in :attr:`nodes` of each node's parent (``-1`` for the root)."""
        return self._parents  # type: ignore[attr-defined]

    @property
    def children(self) -> tuple[tuple[int, ...], ...]:
        """The indices in :attr:`nodes` of each node's children, in action order."""
        return self._children  # type: ignore[attr-defined]

    @property
    def num_players(self) -> int:
        """Number of players."""
        return len(self.players)

    def player_index(self, player: str | int) -> int:
        """Position of a player given by name or index."""
        if isinstance(player, int) and not isinstance(player, bool):
            if 0 <= player < len(self.players):
                return player
            raise GameError(f"player index {player} out of range for {len(self.players)} players")
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(
                f"unknown player {player!r}; players are {', '.join(self.players)}"
            ) from None

    @functools.cached_property
    def infoset_keys(self) -> tuple[Hashable | None, ...]:
        """Per node: its information set's key (the id, or ``("node", index)`` for a singleton
        without id); ``None`` for chance and terminal nodes."""
        keys: list[Hashable | None] = []
        for index, node in enumerate(self.nodes):
            if isinstance(node, DecisionNode):
                keys.append(("node", index) if node.infoset is None else ("id", node.infoset))
            else:
                keys.append(None)
        return tuple(keys)

    @functools.cached_property
    def infosets(self) -> tuple[tuple[int, ...], ...]:
        """The information sets as tuples of node indices, in order of first appearance."""
        groups: dict[Hashable, list[int]] = {}
        for index, key in enumerate(self.infoset_keys):
            if key is not None:
                groups.setdefault(key, []).append(index)
        return tuple(tuple(members) for members in groups.values())

    def _check_infosets(self) -> None:
        for members in self.infosets:
            first = self.nodes[members[0]]
            for index in members[1:]:
                node = self.nodes[index]
                where = f"node {self.paths[index]} (information set {node.infoset!r})"
                if node.player != first.player:
                    raise GameError(
                        f"{where} belongs to {node.player!r}, but the same information set at "
                        f"{self.paths[members[0]]} belongs to {first.player!r}: an information "
                        "set has one player"
                    )
                if node.actions != first.actions:
                    raise GameError(
                        f"{where} has actions {list(node.actions)}, but the same information "
                        f"set at {self.paths[members[0]]} has {list(first.actions)}: the nodes "
                        "of an information set need the same actions"
                    )

    def _check_probabilities(self) -> None:
        for index, node in enumerate(self.nodes):
            if not isinstance(node, ChanceNode):
                continue
            where = f"chance node {self.paths[index]}"
            for label, p in zip(node.actions, node.probabilities, strict=True):
                negative = p.is_negative if is_symbolic(p) else p < 0
                if negative:
                    raise GameError(
                        f"{where}: probability of {label!r} is {p}, expected a non-negative number"
                    )
            total = sum(node.probabilities, start=0)
            if is_symbolic(total):
                ok = sympy.simplify(total - 1) == 0
            elif isinstance(total, float):
                ok = abs(total - 1) <= FLOAT_TOLERANCE
            else:
                ok = total == 1
            if not ok:
                raise GameError(f"{where}: probabilities sum to {total}, expected 1")

    # -- kinds -----------------------------------------------------------------------------

    @functools.cached_property
    def is_perfect_information(self) -> bool:
        """True when every information set has one node (chance nodes are allowed)."""
        return all(len(members) == 1 for members in self.infosets)

    @functools.cached_property
    def parameters(self) -> tuple[sympy.Symbol, ...]:
        """The free symbols of payoffs and chance probabilities, sorted by name."""
        symbols: set[sympy.Symbol] = set()
        for value in self._numbers():
            if is_symbolic(value):
                symbols |= value.free_symbols
        return tuple(sorted(symbols, key=lambda symbol: symbol.name))

    @functools.cached_property
    def is_exact(self) -> bool:
        """True when every payoff and probability is an int or a fraction."""
        return all(is_exact(value) for value in self._numbers())

    def _numbers(self):
        for node in self.nodes:
            if node.payoffs is not None:
                yield from node.payoffs
            if isinstance(node, ChanceNode):
                yield from node.probabilities

    def check_perfect_recall(self) -> None:
        """Raise GameError unless every player recalls her own earlier information sets and
        actions: all nodes of an information set have the same own history.

        >>> game = ExtensiveGame(decision("A", {
        ...     "l": decision("A", {"x": terminal((1,)), "y": terminal((0,))}, "h"),
        ...     "r": decision("A", {"x": terminal((0,)), "y": terminal((1,))}, "h")}))
        >>> game.check_perfect_recall()
        Traceback (most recent call last):
        ...
        bargaining.errors.GameError: no perfect recall: ...
        """
        histories = self._own_histories()
        for members in self.infosets:
            first = histories[members[0]]
            for index in members[1:]:
                if histories[index] != first:
                    raise GameError(
                        f"no perfect recall: nodes {self.paths[members[0]]} and "
                        f"{self.paths[index]} are in one information set of "
                        f"{self.nodes[index].player!r}, who reached them by different own "
                        "choices"
                    )

    @functools.cached_property
    def is_perfect_recall(self) -> bool:
        """Whether the game has perfect recall (see :meth:`check_perfect_recall`)."""
        try:
            self.check_perfect_recall()
        except GameError:
            return False
        return True

    def _own_histories(self) -> list[int]:
        """Per decision node: an id of the sequence of (information set, action) of the
        mover's own earlier moves; equal ids mean equal sequences (interned, so linear time
        and memory however deep the tree)."""
        keys = self.infoset_keys
        interned: dict[tuple, int] = {(): 0}
        # Per node: (player -> history id) as seen on the way down, shared where unchanged.
        seen: list[dict[str, int]] = [{}] * len(self.nodes)
        histories = [0] * len(self.nodes)
        for index, node in enumerate(self.nodes):
            parent = self.parents[index]
            if parent >= 0:
                parent_node = self.nodes[parent]
                mine = seen[parent]
                if isinstance(parent_node, DecisionNode):
                    action = self.children[parent].index(index)
                    entry = (mine.get(parent_node.player, 0), keys[parent], action)
                    mine = {**mine, parent_node.player: interned.setdefault(entry, len(interned))}
                seen[index] = mine
            if isinstance(node, DecisionNode):
                histories[index] = seen[index].get(node.player, 0)
        return histories

    # -- substitution ----------------------------------------------------------------------

    def at(
        self, values: Mapping[str | sympy.Symbol, object] | None = None, **named: object
    ) -> ExtensiveGame:
        """The game with parameters replaced by values (exact values keep it exact).

        >>> from fractions import Fraction
        >>> p = sympy.Symbol("p")
        >>> game = ExtensiveGame(chance({"a": (p, terminal((1,))), "b": (1 - p, terminal((0,)))}))
        >>> game.at(p=Fraction(1, 4)).root.probabilities
        (Fraction(1, 4), Fraction(3, 4))
        """
        given = {**(values or {}), **named}
        by_name = {
            (key.name if isinstance(key, sympy.Symbol) else str(key)): value
            for key, value in given.items()
        }
        missing = [s.name for s in self.parameters if s.name not in by_name]
        if missing:
            raise GameError(f"no value given for parameter(s): {', '.join(missing)}")
        substitution = {}
        for symbol in self.parameters:
            try:
                substitution[symbol] = to_sympy(normalize_number(by_name[symbol.name]))
            except NumberError as error:
                raise GameError(f"parameter {symbol.name!r}: {error}") from None
        if not substitution:
            return self

        def value(x: Number) -> object:
            return x.xreplace(substitution) if is_symbolic(x) else x

        def vector(v: tuple | None) -> tuple | None:
            return None if v is None else tuple(value(x) for x in v)

        return self._rebuilt(lambda node, children: _replace(node, children, vector, value))

    def _rebuilt(self, make) -> ExtensiveGame:
        """A copy of the game with each node replaced by ``make(node, new_children)``,
        built bottom-up without recursion."""
        new: list[Node | None] = [None] * len(self.nodes)
        for index in reversed(range(len(self.nodes))):
            children = tuple(new[c] for c in self.children[index])
            new[index] = make(self.nodes[index], children)
        return ExtensiveGame(new[0], self.players, self.title, self.outcomes)

    # -- strategic form --------------------------------------------------------------------

    def reduced_strategies(self, player: str | int) -> tuple[tuple[int | None, ...], ...]:
        """A player's reduced pure strategies: per information set of the player (in order of
        first appearance) the chosen action's index, or ``None`` where the player's own
        earlier choices exclude the set. Sorted lexicographically (``None`` first)."""
        return self._reduced[self.player_index(player)]

    def player_infosets(self, player: str | int) -> tuple[int, ...]:
        """Indices into :attr:`infosets` of a player's information sets, in order."""
        return self._player_infosets[self.player_index(player)]

    @functools.cached_property
    def _player_infosets(self) -> tuple[tuple[int, ...], ...]:
        """Per player: indices into :attr:`infosets` of that player's sets."""
        result: list[list[int]] = [[] for _ in self.players]
        for k, members in enumerate(self.infosets):
            result[self.players.index(self.nodes[members[0]].player)].append(k)
        return tuple(tuple(r) for r in result)

    @functools.cached_property
    def _infoset_of_node(self) -> dict[int, int]:
        return {index: k for k, members in enumerate(self.infosets) for index in members}

    @functools.cached_property
    def _reduced(self) -> tuple[tuple[tuple[int | None, ...], ...], ...]:
        return tuple(self._enumerate_reduced(i) for i in range(len(self.players)))

    def _enumerate_reduced(self, player: int) -> tuple[tuple[int | None, ...], ...]:
        name = self.players[player]
        of_node = self._infoset_of_node
        own = self._player_infosets[player]
        position = {k: j for j, k in enumerate(own)}
        found: set[tuple[int | None, ...]] = set()
        work: list[tuple[dict[int, int], list[int]]] = [({}, [0])]
        while work:
            assigned, frontier = work.pop()
            forked = False
            while frontier:
                index = frontier.pop()
                node = self.nodes[index]
                if isinstance(node, DecisionNode) and node.player == name:
                    k = of_node[index]
                    if k in assigned:
                        frontier.append(self.children[index][assigned[k]])
                        continue
                    for a in range(len(node.actions)):
                        work.append(({**assigned, k: a}, [*frontier, self.children[index][a]]))
                    forked = True
                    break
                frontier.extend(self.children[index])
            if not forked:
                strategy = [None] * len(own)
                for k, a in assigned.items():
                    strategy[position[k]] = a
                found.add(tuple(strategy))
                if len(found) > MAX_PROFILES:
                    raise GameError(
                        f"{name!r} has more than {MAX_PROFILES} reduced strategies: the "
                        "strategic form is too large"
                    )
        return tuple(sorted(found, key=lambda s: tuple(-1 if a is None else a for a in s)))

    def strategy_labels(self, player: str | int) -> tuple[str, ...]:
        """Labels of a player's reduced strategies (see :meth:`to_normal_form`)."""
        i = self.player_index(player)
        own = self._player_infosets[i]
        labels = []
        for strategy in self._reduced[i]:
            parts = []
            for k, a in zip(own, strategy, strict=True):
                actions = self.nodes[self.infosets[k][0]].actions
                if a is None:
                    parts.append("*")
                else:
                    parts.append(actions[a] if actions[a] else str(a + 1))
            labels.append("/".join(parts) if parts else "-")
        return tuple(_unique(labels))

    def to_normal_form(self) -> NormalFormGame:
        """The reduced strategic form.

        A reduced strategy fixes an action only at the information sets the player's own
        earlier actions do not exclude (Gambit's reduced strategic form); strategies that
        differ only at excluded sets are one strategy. Payoffs are expected payoffs over
        chance (exact for exact inputs, expressions for symbolic ones).

        Strategy labels join the chosen action per information set of the player, in order of
        first appearance in the tree (depth first), with ``/``; ``*`` marks an excluded set
        (``"in/*"``), an empty action label is written as its 1-based number, and a player
        without moves has the single strategy ``"-"``. Duplicate labels (possible only when
        labels contain ``/``) get ``_1``, ``_2``, ... appended.

        Outcome names are kept per profile when every terminal names an outcome and each
        profile leads to one outcome (chance does not mix outcomes); otherwise ``outcomes``
        is ``None``. Works without perfect recall.

        >>> game = ExtensiveGame(decision("A", {
        ...     "stop": terminal((1, 0)),
        ...     "go": decision("B", {"stop": terminal((0, 2)),
        ...                          "go": decision("A", {"stop": terminal((3, 1)),
        ...                                               "go": terminal((2, 3))})})}),
        ...     players=("A", "B"))
        >>> game.to_normal_form().strategies
        (('stop/*', 'go/stop', 'go/go'), ('stop', 'go'))
        """
        shape = tuple(len(r) for r in self._reduced)
        total = 1
        for size in shape:
            total *= size
        if total > MAX_PROFILES:
            raise GameError(f"the strategic form has {total} profiles: too large")
        n = len(self.players)
        payoffs = np.empty((*shape, n), dtype=object)
        outcomes = np.empty(shape, dtype=object)
        named = all(
            node.outcome is not None for node in self.nodes if isinstance(node, TerminalNode)
        )
        infoset_of = self._infoset_of_node
        positions = []
        for i in range(n):
            positions.append({k: j for j, k in enumerate(self._player_infosets[i])})
        player_of = {name: i for i, name in enumerate(self.players)}
        for profile in itertools.product(*(range(size) for size in shape)):
            strategies = [self._reduced[i][s] for i, s in enumerate(profile)]
            totals: list[Number] = [0] * n
            reached: set[str | None] = set()
            stack: list[tuple[int, Number]] = [(0, 1)]
            while stack:
                index, weight = stack.pop()
                node = self.nodes[index]
                if node.payoffs is not None:
                    for i, value in enumerate(node.payoffs):
                        if not _is_literal_zero(value):
                            totals[i] = totals[i] + weight * value
                if isinstance(node, TerminalNode):
                    if not _is_literal_zero(weight):
                        reached.add(node.outcome)
                elif isinstance(node, ChanceNode):
                    for p, child in zip(node.probabilities, self.children[index], strict=True):
                        stack.append((child, weight * p))
                else:
                    i = player_of[node.player]
                    action = strategies[i][positions[i][infoset_of[index]]]
                    stack.append((self.children[index][action], weight))
            payoffs[profile] = [_tidy(value) for value in totals]
            if named and len(reached) == 1:
                outcomes[profile] = reached.pop()
            else:
                named = False
        labels = tuple(self.strategy_labels(i) for i in range(n))
        return NormalFormGame(
            payoffs, self.players, labels, outcomes if named else None, self.title
        )

    # -- display ---------------------------------------------------------------------------

    def render(self, max_nodes: int = 200) -> str:
        """The tree as indented text, one node per line (at most ``max_nodes`` lines).

        >>> game = ExtensiveGame(decision("A", {"l": terminal((1, 0), "deal"),
        ...                                     "r": terminal((0, 1))}), players=("A", "B"))
        >>> print(game.render())
        A
        ├─ l: deal (1, 0)
        └─ r: (0, 1)
        """
        lines: list[str] = []
        stack: list[tuple[int, str, str]] = [(0, "", "")]
        while stack and len(lines) < max_nodes:
            index, head, indent = stack.pop()
            lines.append(head + _node_text(self.nodes[index]))
            kids = self.children[index]
            node = self.nodes[index]
            for position in reversed(range(len(kids))):
                last = position == len(kids) - 1
                label = node.actions[position]
                if isinstance(node, ChanceNode):
                    label = f"{label} [{node.probabilities[position]}]"
                branch = ("└─ " if last else "├─ ") + f"{label}: "
                stack.append((kids[position], indent + branch, indent + ("   " if last else "│  ")))
        if stack:
            lines.append(f"... {len(self.nodes) - len(lines)} more nodes")
        return "\n".join(lines)

    # -- value semantics -------------------------------------------------------------------

    @functools.cached_property
    def _key(self) -> tuple:
        groups = {}
        for k, members in enumerate(self.infosets):
            for index in members:
                groups[index] = k
        entries = []
        for index, node in enumerate(self.nodes):
            common = (_typed(node.payoffs), node.outcome, len(self.children[index]))
            if isinstance(node, DecisionNode):
                entries.append(("d", node.player, node.actions, groups[index], *common))
            elif isinstance(node, ChanceNode):
                entries.append(("c", node.actions, _typed(node.probabilities), *common))
            else:
                entries.append(("t", *common))
        return (self.players, self.title, tuple(entries))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        kinds = sum(isinstance(node, DecisionNode) for node in self.nodes)
        title = f"{self.title!r}, " if self.title else ""
        return (
            f"ExtensiveGame({title}players={self.players}, nodes={len(self.nodes)}, "
            f"decision nodes={kinds}, information sets={len(self.infosets)})"
        )


# -- helpers -----------------------------------------------------------------------------------


def _node_text(node: Node) -> str:
    own = "" if node.payoffs is None else " (" + ", ".join(map(str, node.payoffs)) + ")"
    name = "" if node.outcome is None else f" {node.outcome}"
    if isinstance(node, TerminalNode):
        return (name.strip() + own).strip() or "(no payoffs)"
    if isinstance(node, ChanceNode):
        return "chance" + name + own
    infoset = "" if node.infoset is None else f" [{node.infoset}]"
    return f"{node.player}{infoset}{name}{own}"


def _typed(values: tuple | None) -> tuple | None:
    """Values with their types, so that 1 and 1.0 differ in game equality."""
    return None if values is None else tuple((type(v).__name__, v) for v in values)


def _is_literal_zero(value: Number) -> bool:
    return not is_symbolic(value) and value == 0


def _tidy(value: Number) -> Number:
    if is_symbolic(value):
        return normalize_number(sympy.expand(value))
    return normalize_number(value)


def _unique(labels: list[str]) -> list[str]:
    seen = set(labels)
    counts: dict[str, int] = {}
    result, used = [], set()
    duplicates = {label for label in labels if labels.count(label) > 1}
    for label in labels:
        if label not in duplicates:
            result.append(label)
            continue
        candidate = label
        while candidate in used or candidate in seen:
            counts[label] = counts.get(label, 0) + 1
            candidate = f"{label}_{counts[label]}"
        used.add(candidate)
        result.append(candidate)
    return result


class _LazyPath:
    """A node's path, computed only when an error message formats it."""

    def __init__(self, paths: _Paths, index: int) -> None:
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


class _Paths(Sequence[str]):
    """Node paths built on demand from each node's parent and step: storing every path of a
    deep tree would take memory quadratic in its depth."""

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


def _flatten(root: object) -> tuple[list[Node], _Paths, list[int]]:
    """Nodes depth first (without recursion), with paths and parent indices; GameError when a
    node object appears twice or something is not a node."""
    nodes: list[Node] = []
    steps: list[str] = []
    parents: list[int] = []
    paths = _Paths(steps, parents)
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


def _clean_players(given: Sequence[str], nodes: list[Node], paths: _Paths) -> tuple[str, ...]:
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
    paths: _Paths,
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


def _replace(node: Node, children: tuple, vector, value) -> Node:
    if isinstance(node, TerminalNode):
        return TerminalNode(vector(node.payoffs), node.outcome)
    if isinstance(node, DecisionNode):
        return DecisionNode(
            node.player, node.actions, children, node.infoset, vector(node.payoffs), node.outcome
        )
    return ChanceNode(
        node.actions,
        tuple(value(p) for p in node.probabilities),
        children,
        vector(node.payoffs),
        node.outcome,
    )


def _probability(value: object, where: object) -> Number:
    try:
        p = normalize_number(value)
    except NumberError as error:
        raise GameError(f"{where}: {error}") from None
    return p

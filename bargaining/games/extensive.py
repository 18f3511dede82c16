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
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sympy

from bargaining.errors import GameError
from bargaining.games.extensive_checks import FLOAT_TOLERANCE, check_infosets, check_probabilities
from bargaining.games.extensive_nodes import (
    ChanceNode,
    DecisionNode,
    Node,
    TerminalNode,
    chance,
    decision,
    normalized_tree,
    terminal,
)
from bargaining.games.extensive_reduced import (
    MAX_REDUCED_PROFILES,
    MAX_REDUCED_STRATEGIES,
    Strategy,
    enumerate_reduced,
    reduced_normal_form,
    strategy_labels,
    too_many_strategies,
)
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import (
    Number,
    NumberError,
    is_exact,
    is_symbolic,
    normalize_number,
    to_sympy,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "FLOAT_TOLERANCE",
    "MAX_REDUCED_PROFILES",
    "MAX_REDUCED_STRATEGIES",
    "ChanceNode",
    "DecisionNode",
    "ExtensiveGame",
    "Node",
    "TerminalNode",
    "chance",
    "decision",
    "terminal",
]


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
        tree = normalized_tree(self.root, self.players, self.outcomes)
        object.__setattr__(self, "players", tree.players)
        object.__setattr__(self, "title", str(self.title))
        object.__setattr__(self, "root", tree.nodes[0])
        object.__setattr__(self, "outcomes", tree.outcomes)
        object.__setattr__(self, "_nodes", tree.nodes)
        object.__setattr__(self, "_paths", tree.paths)
        object.__setattr__(self, "_parents", tree.parents)
        object.__setattr__(self, "_children", tree.children)
        # Per player: the reduced strategies, or the highest limit they were refused at.
        object.__setattr__(self, "_reduction", {})
        check_infosets(tree.nodes, tree.paths, self.infosets)
        check_probabilities(tree.nodes, tree.paths)

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

    def reduced_strategies(
        self, player: str | int, *, max_strategies: int = MAX_REDUCED_STRATEGIES
    ) -> tuple[Strategy, ...]:
        """A player's reduced pure strategies: per information set of the player (in order of
        first appearance) the chosen action's index, or ``None`` where the player's own
        earlier choices exclude the set. Sorted lexicographically (``None`` first).

        Raises :class:`~bargaining.errors.GameError` when the player has more than
        ``max_strategies`` (default :data:`MAX_REDUCED_STRATEGIES`); enumeration stops at the
        limit, and both the answer and a refusal are remembered, so asking again is free.

        >>> game = ExtensiveGame(decision("A", {"stop": terminal((1,)),
        ...     "go": decision("A", {"x": terminal((2,)), "y": terminal((3,))})}))
        >>> game.reduced_strategies("A")
        ((0, None), (1, 0), (1, 1))
        """
        i = self.player_index(player)
        known = self._reduction.get(i)  # type: ignore[attr-defined]
        if known is None or (isinstance(known, int) and max_strategies > known):
            try:
                known = enumerate_reduced(self, i, max_strategies=max_strategies)
            except GameError:
                self._reduction[i] = max_strategies  # type: ignore[attr-defined]
                raise
            self._reduction[i] = known  # type: ignore[attr-defined]
        if isinstance(known, int) or len(known) > max_strategies:
            raise too_many_strategies(self.players[i], max_strategies)
        return known

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

    def strategy_labels(
        self, player: str | int, *, max_strategies: int = MAX_REDUCED_STRATEGIES
    ) -> tuple[str, ...]:
        """Labels of a player's reduced strategies (see :meth:`to_normal_form`); GameError
        beyond ``max_strategies`` (see :meth:`reduced_strategies`)."""
        return strategy_labels(self, player, max_strategies=max_strategies)

    def to_normal_form(
        self,
        *,
        max_strategies: int = MAX_REDUCED_STRATEGIES,
        max_profiles: int = MAX_REDUCED_PROFILES,
    ) -> NormalFormGame:
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

        Refused with :class:`~bargaining.errors.GameError`, before the payoffs are computed,
        when a player has more than ``max_strategies`` reduced strategies (default
        :data:`MAX_REDUCED_STRATEGIES`) or the form more than ``max_profiles`` strategy
        profiles (default :data:`MAX_REDUCED_PROFILES`); raise them for bigger trees.

        >>> game = ExtensiveGame(decision("A", {
        ...     "stop": terminal((1, 0)),
        ...     "go": decision("B", {"stop": terminal((0, 2)),
        ...                          "go": decision("A", {"stop": terminal((3, 1)),
        ...                                               "go": terminal((2, 3))})})}),
        ...     players=("A", "B"))
        >>> game.to_normal_form().strategies
        (('stop/*', 'go/stop', 'go/go'), ('stop', 'go'))
        """
        return reduced_normal_form(self, max_strategies=max_strategies, max_profiles=max_profiles)

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

    def plot(
        self,
        ax: Axes | None = None,
        *,
        equilibrium: object = None,
        at: Mapping[str, object] | None = None,
        title: str | None = None,
    ) -> Axes:
        """Draw the tree with ``equilibrium`` highlighted (see :func:`.tree_picture.plot_tree`).

        >>> game = ExtensiveGame(decision("A", {"l": terminal((1,)), "r": terminal((0,))}))
        >>> len(game.plot(equilibrium={"root": "l"}).get_lines())  # 2 edges, 3 nodes
        5
        """
        from bargaining.games.tree_picture import plot_tree

        return plot_tree(self, ax, equilibrium=equilibrium, at=at, title=title)


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

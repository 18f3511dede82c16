"""The checks of a game tree that look across its nodes: information sets and chance moves.

:class:`~bargaining.games.extensive.ExtensiveGame` runs both once on construction, after
:func:`~bargaining.games.extensive_nodes.normalized_tree` has checked each node on its own; the
errors name the node by its path (``root/in/fight``).

>>> from bargaining.games.extensive_nodes import chance, normalized_tree, terminal
>>> tree = normalized_tree(chance({"a": (0.5, terminal((1,))), "b": (0.25, terminal((0,)))}), ())
>>> check_probabilities(tree.nodes, tree.paths)
Traceback (most recent call last):
...
bargaining.errors.GameError: chance node root: probabilities sum to 0.75, expected 1
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from bargaining.errors import GameError
from bargaining.games.extensive_nodes import ChanceNode, Node
from bargaining.numbers import is_symbolic

__all__ = ["FLOAT_TOLERANCE", "check_infosets", "check_probabilities"]

FLOAT_TOLERANCE = 1e-9
"""Float chance probabilities must sum to 1 within this tolerance (exact ones exactly)."""


def check_infosets(
    nodes: Sequence[Node], paths: Sequence[str], infosets: Sequence[Sequence[int]]
) -> None:
    """Raise :class:`~bargaining.errors.GameError` unless the nodes of each information set
    share one player and the same action labels.

    Parameters
    ----------
    nodes, paths:
        The tree's nodes, depth first, and the path of each.
    infosets:
        The information sets as sequences of indices into ``nodes``.

    Examples
    --------
    >>> from bargaining.games.extensive_nodes import decision, normalized_tree, terminal
    >>> tree = normalized_tree(decision("A", {
    ...     "l": decision("B", {"x": terminal((1, 0))}, "h"),
    ...     "r": decision("B", {"y": terminal((0, 1))}, "h")}), ())
    >>> check_infosets(tree.nodes, tree.paths, [(0,), (1, 3)])
    Traceback (most recent call last):
    ...
    bargaining.errors.GameError: node root/r (information set 'h') has actions ['y'], ...
    """
    for members in infosets:
        first = nodes[members[0]]
        for index in members[1:]:
            node = nodes[index]
            where = f"node {paths[index]} (information set {node.infoset!r})"
            if node.player != first.player:
                raise GameError(
                    f"{where} belongs to {node.player!r}, but the same information set at "
                    f"{paths[members[0]]} belongs to {first.player!r}: an information "
                    "set has one player"
                )
            if node.actions != first.actions:
                raise GameError(
                    f"{where} has actions {list(node.actions)}, but the same information "
                    f"set at {paths[members[0]]} has {list(first.actions)}: the nodes "
                    "of an information set need the same actions"
                )


def check_probabilities(nodes: Sequence[Node], paths: Sequence[str]) -> None:
    """Raise :class:`~bargaining.errors.GameError` unless the probabilities of each chance
    node are non-negative and sum to 1: exactly for exact numbers, within
    :data:`FLOAT_TOLERANCE` for floats, identically (after simplification) for expressions.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from bargaining.games.extensive_nodes import chance, normalized_tree, terminal
    >>> half = Fraction(1, 2)
    >>> coin = chance({"a": (half, terminal((1,))), "b": (half, terminal((0,)))})
    >>> tree = normalized_tree(coin, ())
    >>> check_probabilities(tree.nodes, tree.paths) is None
    True
    """
    for index, node in enumerate(nodes):
        if not isinstance(node, ChanceNode):
            continue
        where = f"chance node {paths[index]}"
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

"""Information sets of a ``type = "tree"`` game, checked node by node while the tree is read, so
that a node that does not fit its information set is named by its own key.

>>> from bargaining.model.errors import ModelError
>>> log, sets = ProblemLog("m.toml"), InfosetCheck()
>>> sets.check(log, ("g", "root"), {"player": "A", "infoset": "h", "actions": {"x": {}}})
>>> sets.check(log, ("g", "other"), {"player": "B", "infoset": "h", "actions": {"x": {}}})
>>> try:  # doctest: +ELLIPSIS
...     log.raise_if_any()
... except ModelError as error:
...     print(error)
m.toml: g.other.infoset: information set 'h' belongs to 'A' (at g.root), but this node to 'B': ...
"""

from __future__ import annotations

from bargaining.model.keys import Key, format_key
from bargaining.model.problems import ProblemLog

__all__ = ["InfosetCheck"]


class InfosetCheck:
    """Remembers the first node read of each information set (its key, player and actions)
    and records a problem at ``<node>.infoset`` for a later node of the set whose player or
    action labels differ. One per tree: it holds the sets seen so far."""

    def __init__(self) -> None:
        self._first: dict[str, tuple[Key, object, tuple]] = {}

    def check(self, log: ProblemLog, key: Key, node: dict) -> None:
        """Check a decision node's table (``player``, ``actions``, ``infoset``) against the
        first node of its information set; nodes without a string ``infoset`` are skipped."""
        infoset = node.get("infoset")
        actions = node.get("actions")
        if not isinstance(infoset, str) or not isinstance(actions, dict):
            return
        player, labels = node.get("player"), tuple(actions)
        first = self._first.setdefault(infoset, (key, player, labels))
        where, first_player, first_labels = first
        if player != first_player:
            log.add(
                (*key, "infoset"),
                f"information set {infoset!r} belongs to {first_player!r} (at "
                f"{format_key(where)}), but this node to {player!r}: the nodes of an "
                "information set have one player",
            )
        elif labels != first_labels:
            log.add(
                (*key, "infoset"),
                f"information set {infoset!r} has actions {list(first_labels)} (at "
                f"{format_key(where)}), but this node has {list(labels)}: the nodes of an "
                "information set need the same actions, in the same order",
            )

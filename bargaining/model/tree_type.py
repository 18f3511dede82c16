"""``type = "tree"``: an extensive-form game written as a nested tree of nodes.

::

    [games.sequence]
    type = "tree"
    description = "Russia answers the US proposal; Ukraine answers Russia."
    players = ["Russia", "Ukraine"]            # optional: all [players], in order

    [games.sequence.root]                      # a decision node
    player = "Russia"
    actions.reject = { outcome = "war" }       # a terminal node: an outcome of the model
    actions.condition = { player = "Ukraine", actions = { concede = { outcome = "deal" },
                                                          refuse = { outcome = "war" } } }

    [games.sequence.root.actions.accept.chance]   # a chance node
    holds = { p = "G", then = { outcome = "settlement" } }
    breaks = { p = "1 - G", then = { outcome = "war" } }

Each node is a table of one of three kinds:

* a decision node: ``player`` (a player of the game), ``actions`` (action label -> node, in
  order) and optionally ``infoset`` (an id shared by the nodes the player cannot tell apart);
* a chance node: ``chance`` (branch label -> ``{ p = probability, then = node }``), the
  probabilities formulas in the parameters that sum to 1;
* a terminal node: ``outcome`` (the name of an ``[outcomes.NAME]`` of the model).

The game is an :class:`~bargaining.games.extensive.ExtensiveGame`; the tree is read without
recursion and refused beyond :data:`MAX_TREE_NODES` nodes or :data:`MAX_TREE_DEPTH` levels.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from bargaining.errors import GameError
from bargaining.games.extensive import (
    ChanceNode,
    DecisionNode,
    ExtensiveGame,
    Node,
    chance,
    decision,
    terminal,
)
from bargaining.model.expressions import formula_value, read_formula
from bargaining.model.fields import check_keys, check_name, describe, read_text, suggest
from bargaining.model.game_types import (
    GameContext,
    GameLabels,
    GameType,
    read_game_players,
    register_game_type,
)
from bargaining.model.infosets import InfosetCheck
from bargaining.model.keys import Key

__all__ = ["MAX_TREE_DEPTH", "MAX_TREE_NODES", "TREE"]

#: Most nodes of one tree.
MAX_TREE_NODES = 1000
#: Deepest tree: the most moves from the root to a terminal node.
MAX_TREE_DEPTH = 50

_KEYS = ("description", "players", "root")
_DECISION_KEYS = ("player", "actions", "infoset")
_CHANCE_KEYS = ("chance",)
_TERMINAL_KEYS = ("outcome",)
_BRANCH_KEYS = ("p", "then")
_NODE_HELP = (
    'a decision node { player = "...", actions = { ... } }, a chance node '
    '{ chance = { label = { p = "...", then = { ... } } } } or a terminal node '
    '{ outcome = "..." }'
)


class _TooBig(Exception):
    """The tree passes a size limit; the problem is already recorded."""


def _read(context: GameContext, table: Mapping[str, object], key: Key) -> ExtensiveGame | None:
    log = context.log
    before = len(log)
    description = read_text(log, table, key, "description")
    players = read_game_players(context, table, key)
    if "root" not in table:
        log.add(
            (*key, "root"),
            'missing; expected the root node, e.g. root = { player = "A", actions = { ... } }',
        )
        return None
    if players is None:
        return None
    try:
        root = _tree(context, table["root"], (*key, "root"), players)
    except _TooBig:
        return None
    if root is None or len(log) > before:
        return None
    used = {}
    for name in _outcome_names(root):
        used[name] = context.outcomes[name]
    try:
        return ExtensiveGame(root, players, description, used)
    except GameError as error:
        log.add(key, str(error))
        return None


def _kind(context: GameContext, value: object, key: Key) -> str | None:
    """``"decision"``, ``"chance"`` or ``"terminal"``; None after recording a problem."""
    log = context.log
    if not isinstance(value, dict):
        log.add(key, f"expected a node: {_NODE_HELP}; got {describe(value)}")
        return None
    kinds = [
        kind
        for kind, marks in (
            ("decision", ("player", "actions")),
            ("chance", _CHANCE_KEYS),
            ("terminal", _TERMINAL_KEYS),
        )
        if any(mark in value for mark in marks)
    ]
    if not kinds:
        found = ", ".join(value) or "none"
        log.add(key, f"expected a node: {_NODE_HELP}; got a table with keys: {found}")
        return None
    if len(kinds) > 1:
        log.add(
            key,
            f"a node is one kind, but this table mixes a {' and a '.join(kinds)} node; split "
            "it, or keep the keys of one kind",
        )
        return None
    allowed = {"decision": _DECISION_KEYS, "chance": _CHANCE_KEYS, "terminal": _TERMINAL_KEYS}
    before = len(log)
    check_keys(log, value, key, allowed[kinds[0]])
    return kinds[0] if len(log) == before else None


def _tree(context: GameContext, value: object, key: Key, players: tuple[str, ...]) -> Node | None:
    """Read the tree without recursion: children first, then their parents (post-order)."""
    log = context.log
    good = True
    count = 0
    # Entries (value, key, depth, expanded); a node is built once all its children are.
    stack: list[tuple[object, Key, int, bool]] = [(value, key, 0, False)]
    built: list[Node | None] = []
    infosets = InfosetCheck()  # a node that does not fit its information set, by its own key
    while stack:
        item, where, depth, expanded = stack.pop()
        if expanded:
            built.append(_build(context, item, where, built))
            continue
        count += 1
        if count > MAX_TREE_NODES:
            log.add(where, f"the tree has more than {MAX_TREE_NODES:,} nodes; at most that many")
            raise _TooBig
        if depth > MAX_TREE_DEPTH:
            log.add(where, f"the tree is more than {MAX_TREE_DEPTH} moves deep; at most that many")
            raise _TooBig
        kind = _kind(context, item, where)
        if kind is None:
            good = False
            built.append(None)
            continue
        if kind == "terminal":
            built.append(_terminal(context, item, where))
            continue
        before = len(log)
        children = (
            _decision_children(context, item, where, players)
            if kind == "decision"
            else _chance_children(context, item, where)
        )
        if kind == "decision":
            infosets.check(log, where, item)
        if len(log) > before:
            good = False  # still read the children, to report their problems too
        if not children:
            built.append(None)
            continue
        # Built in post-order: push the node, then its children so the first is read first;
        # _build pops them from ``built`` in order.
        stack.append(((kind, item, len(children)), where, depth, True))
        for child, child_key in reversed(children):
            stack.append((child, child_key, depth + 1, False))
    (root,) = built
    return root if good else None


def _decision_children(
    context: GameContext, node: dict, key: Key, players: tuple[str, ...]
) -> list[tuple[object, Key]]:
    log = context.log
    player = node.get("player")
    if player is None:
        log.add(
            (*key, "player"),
            f"missing; expected the player who moves, one of: {', '.join(players)}",
        )
    elif not isinstance(player, str):
        log.add((*key, "player"), f"expected a player name, got {describe(player)}")
    elif player not in players:
        log.add(
            (*key, "player"),
            f"unknown player {player!r}{suggest(player, players)}; the game's players are: "
            f"{', '.join(players)}",
        )
    infoset = node.get("infoset")
    if infoset is not None and (not isinstance(infoset, str) or not infoset.strip()):
        log.add((*key, "infoset"), f"expected an information-set id, got {describe(infoset)}")
    actions = node.get("actions")
    if not isinstance(actions, dict) or not actions:
        got = "nothing" if actions is None else describe(actions)
        log.add(
            (*key, "actions"),
            f"expected a non-empty table action -> node, e.g. actions = {{ accept = "
            f'{{ outcome = "deal" }} }}; got {got}',
        )
        return []
    return [
        (child, (*key, "actions", label))
        for label, child in actions.items()
        if check_name(log, label, (*key, "actions", label), "action")
    ]


def _chance_children(context: GameContext, node: dict, key: Key) -> list[tuple[object, Key]]:
    log = context.log
    branches = node["chance"]
    where = (*key, "chance")
    if not isinstance(branches, dict) or not branches:
        log.add(
            where,
            'expected a non-empty table branch -> { p = "probability", then = node }, got '
            f"{describe(branches)}",
        )
        return []
    children = []
    for label, branch in branches.items():
        at = (*where, label)
        if not check_name(log, label, at, "branch"):
            continue
        if not isinstance(branch, dict):
            log.add(at, f'expected {{ p = "probability", then = node }}, got {describe(branch)}')
            continue
        before = len(log)
        check_keys(log, branch, at, _BRANCH_KEYS)
        for name in _BRANCH_KEYS:
            if name not in branch:
                what = "the branch's probability" if name == "p" else "the node it leads to"
                log.add((*at, name), f"missing; expected {what}")
        if len(log) == before:
            children.append((branch["then"], (*at, "then")))
    return children


def _terminal(context: GameContext, node: dict, key: Key) -> Node | None:
    log = context.log
    name = node["outcome"]
    where = (*key, "outcome")
    if not isinstance(name, str):
        log.add(where, f"expected an outcome name, got {describe(name)}")
        return None
    if name in context.outcomes:
        return terminal(outcome=name)
    if name not in context.declared_outcomes:
        known = ", ".join(sorted(context.declared_outcomes)) or "none"
        log.add(
            where,
            f"unknown outcome {name!r}{suggest(name, context.declared_outcomes)}; declare it as "
            f"[outcomes.{name}] or use one of: {known}",
        )
    return None


def _build(context: GameContext, item: object, key: Key, built: list[Node | None]) -> Node | None:
    """The decision or chance node whose children are the last entries of ``built``."""
    kind, node, size = item
    children = built[len(built) - size :]
    del built[len(built) - size :]
    labels = node["actions"] if kind == "decision" else node["chance"]
    if len(labels) != size or any(child is None for child in children):
        return None  # the problems are already recorded
    if kind == "decision":
        actions = dict(zip(node["actions"], children, strict=True))
        return decision(node["player"], actions, node.get("infoset"))
    log = context.log
    where = (*key, "chance")
    branches, total, good = {}, sympy.Integer(0), True
    for (label, branch), child in zip(node["chance"].items(), children, strict=True):
        at = (*where, label, "p")
        p = read_formula(log, branch["p"], at, context.symbols)
        if p is None:
            good = False
            continue
        if p.is_number and not 0 <= p <= 1:
            log.add(at, f"the probability is {p}; expected a number from 0 to 1")
            good = False
            continue
        if p.is_negative:
            log.add(at, f"the probability {p} is negative for every value of the parameters")
            good = False
            continue
        total += p
        branches[label] = (p, child)
    if not good:
        return None
    if sympy.simplify(total - 1) != 0:
        log.add(
            where,
            f"the probabilities sum to {total}, expected 1 for every value of the parameters "
            '(e.g. p = "G" and p = "1 - G")',
        )
        return None
    return chance(branches)


def _outcome_names(root: Node) -> list[str]:
    names, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, DecisionNode | ChanceNode):
            stack.extend(node.children)
        elif node.outcome is not None and node.outcome not in names:
            names.append(node.outcome)
    return names


def _node_value(root: Node) -> dict:
    """The tree as nested tables, built without recursion."""
    result: dict = {}
    stack: list[tuple[Node, dict]] = [(root, result)]
    while stack:
        node, into = stack.pop()
        if isinstance(node, DecisionNode):
            into["player"] = node.player
            actions: dict = {}
            into["actions"] = actions
            if node.infoset is not None:
                into["infoset"] = str(node.infoset)
            for label, child in zip(node.actions, node.children, strict=True):
                actions[label] = {}
                stack.append((child, actions[label]))
        elif isinstance(node, ChanceNode):
            branches: dict = {}
            into["chance"] = branches
            for label, p, child in zip(
                node.actions, node.probabilities, node.children, strict=True
            ):
                then: dict = {}
                branches[label] = {"p": formula_value(p), "then": then}
                stack.append((child, then))
        else:
            into["outcome"] = node.outcome
    return result


def _write(game: ExtensiveGame) -> dict[str, object]:
    for node, path in zip(game.nodes, game.paths, strict=True):
        inner = isinstance(node, DecisionNode | ChanceNode)
        if (inner and node.outcome is not None) or (not inner and node.outcome is None):
            raise ValueError(
                f"node {path}: a model file's tree has outcome names at its terminal nodes "
                "only; this tree cannot be written"
            )
    entries: dict[str, object] = {}
    if game.title:
        entries["description"] = game.title
    entries["players"] = list(game.players)
    entries["root"] = _node_value(game.root)
    return entries


def _labels(game: ExtensiveGame) -> GameLabels:
    strategies = {}
    for player in game.players:
        try:
            strategies[player] = game.strategy_labels(player)
        except GameError:
            strategies[player] = ()
    return GameLabels(strategies, frozenset(_outcome_names(game.root)))


#: The ``"tree"`` game type, registered on import.
TREE = GameType("tree", ExtensiveGame, _KEYS, _read, _write, _labels)
register_game_type(TREE)

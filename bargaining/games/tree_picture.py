"""What a drawing of a game tree shows: where each node goes, its labels, and which edges an
equilibrium takes; drawn by :func:`bargaining.drawing.tree.draw_tree_picture`.

The root is on the left and time runs to the right; leaves are stacked in tree order with their
outcome and payoffs beside them. An equilibrium's path of play (its choices where play goes,
and every branch of chance on the way) is drawn thick; its choices off the path (what a player
would do at a node play does not reach) thinner in the same colour; the other actions thin and
grey. The game is taken by what it offers (nodes, paths, parents, children), so this module
needs only the node types, not :mod:`bargaining.games.extensive`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bargaining.errors import GameError
from bargaining.expr import expression_text
from bargaining.games.extensive_nodes import ChanceNode, DecisionNode, TerminalNode
from bargaining.numbers import Number, is_symbolic

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from bargaining.games.extensive import ExtensiveGame

__all__ = ["MAX_DRAWN_NODES", "check_drawable", "chosen_actions", "plot_tree"]

#: Trees with more nodes than this are refused: the drawing would not be readable.
MAX_DRAWN_NODES = 400

_LONGEST_FORMULA = 28  # symbolic payoffs longer than this are left out of leaf labels


def plot_tree(
    game: ExtensiveGame,
    ax: Axes | None = None,
    *,
    equilibrium: object = None,
    at: Mapping[str, object] | None = None,
    title: str | None = None,
) -> Axes:
    """Draw ``game``, an equilibrium's path thick (:meth:`ExtensiveGame.plot` calls this).

    Parameters
    ----------
    game:
        The tree (perfect or imperfect information; information sets are named at their
        nodes). Trees of more than :data:`MAX_DRAWN_NODES` nodes are refused.
    ax:
        Where to draw (a new figure when None).
    equilibrium:
        What to highlight: a subgame-perfect equilibrium, a piece of the tree's parametric
        solution, or a mapping node path -> action label (``{"root": "condition"}``); nothing
        without one (:func:`bargaining.figures.game_tree.draw_tree` computes one for you).
    at:
        Parameter values: payoffs and chance probabilities are shown as numbers there.
    title:
        The title (default: the game's title, or "Game tree").

    Returns
    -------
    matplotlib.axes.Axes
        Without axis lines: the tree, and a legend of the players and line styles.

    Raises
    ------
    GameError
        For too large a tree, or choices that name unknown nodes or actions.

    Examples
    --------
    >>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
    >>> game = ExtensiveGame(decision("A", {"l": terminal((1,), "deal"), "r": terminal((0,))}),
    ...                      players=("A",))
    >>> axes = plot_tree(game, equilibrium={"root": "l"})
    >>> [line.get_gid() for line in axes.get_lines()[:2]]
    ['equilibrium-path:root/l', 'edge:root/r']
    """
    from bargaining.drawing.style import colour
    from bargaining.drawing.tree import DrawnEdge, DrawnNode, draw_tree_picture

    check_drawable(game)
    shown = game.at(at) if at is not None and game.parameters else game
    actions = None if equilibrium is None else chosen_actions(shown, equilibrium)
    positions = _layout(game)
    on_path = _on_path(shown, actions) if actions is not None else set()
    player_colour = {player: colour(i) for i, player in enumerate(game.players)}
    nodes, edges = [], []
    for index, node in enumerate(shown.nodes):
        x, y = positions[index]
        path = shown.paths[index]
        for position, child in enumerate(shown.children[index]):
            label = node.actions[position]
            if isinstance(node, ChanceNode):
                label += f" ({_number(node.probabilities[position])})"
            kind = _edge_kind(node, index, position, child, actions, on_path)
            edges.append(DrawnEdge((x, y), positions[child], kind, label, shown.paths[child]))
        if isinstance(node, DecisionNode):
            label = str(node.player) + (f" [{node.infoset}]" if node.infoset is not None else "")
            nodes.append(DrawnNode(x, y, "decision", label, path, player_colour[node.player]))
        elif isinstance(node, ChanceNode):
            nodes.append(DrawnNode(x, y, "chance", "chance", path))
        else:
            nodes.append(DrawnNode(x, y, "leaf", _leaf_text(node), path))
    return draw_tree_picture(
        ax,
        nodes,
        edges,
        players=player_colour,
        title=title or game.title or "Game tree",
        legend_title=f"payoffs: ({', '.join(game.players)})",
        highlighted=actions is not None,
    )


def check_drawable(game: ExtensiveGame) -> None:
    """Refuse a tree of more than :data:`MAX_DRAWN_NODES` nodes (before any work on it).

    >>> from bargaining.games.extensive import ExtensiveGame, terminal
    >>> check_drawable(ExtensiveGame(terminal((0,))))
    """
    if len(game.nodes) > MAX_DRAWN_NODES:
        raise GameError(
            f"the tree has {len(game.nodes)} nodes; a drawing shows at most {MAX_DRAWN_NODES} "
            "(a larger drawing is not readable)"
        )


def chosen_actions(game: ExtensiveGame, equilibrium: object) -> tuple[int | None, ...]:
    """The action index an equilibrium chooses at each node (None at nodes it leaves open).

    ``equilibrium`` is a subgame-perfect equilibrium or a piece of a tree's parametric solution
    (anything with one ``actions`` entry per node), or a mapping node path -> action label.

    >>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
    >>> game = ExtensiveGame(decision("A", {"l": terminal((1,)), "r": terminal((0,))}),
    ...                      players=("A",))
    >>> chosen_actions(game, {"root": "r"})
    (1, None, None)
    """
    if isinstance(equilibrium, Mapping):
        actions: list[int | None] = [None] * len(game.nodes)
        paths = {path: index for index, path in enumerate(game.paths)}
        for path, label in equilibrium.items():
            index = paths.get(path)
            node = game.nodes[index] if index is not None else None
            if not isinstance(node, DecisionNode):
                raise GameError(f"{path!r} is not a decision node of the tree")
            if label not in node.actions:
                raise GameError(
                    f"node {path} has no action {label!r}; its actions are "
                    f"{', '.join(node.actions)}"
                )
            actions[index] = node.actions.index(label)
        return tuple(actions)
    chosen = getattr(equilibrium, "actions", None)
    if chosen is None or len(chosen) != len(game.nodes):
        raise GameError(
            "the equilibrium to highlight must be a SubgamePerfectEquilibrium or a piece of "
            "this tree's parametric solution, or a mapping node path -> action label"
        )
    return tuple(chosen)


def _layout(game: ExtensiveGame) -> list[tuple[float, float]]:
    """(x, y) per node: x its depth, y its leaf row (leaves in tree order, inner nodes at the
    middle of their children)."""
    depths = [0] * len(game.nodes)
    for index in range(1, len(game.nodes)):
        depths[index] = depths[game.parents[index]] + 1
    rows = [0.0] * len(game.nodes)
    row = 0
    for index, node in enumerate(game.nodes):  # depth first: leaves come in tree order
        if isinstance(node, TerminalNode):
            rows[index] = float(row)
            row += 1
    for index in reversed(range(len(game.nodes))):
        kids = game.children[index]
        if kids:
            rows[index] = (rows[kids[0]] + rows[kids[-1]]) / 2
    return [(float(depths[index]), rows[index]) for index in range(len(game.nodes))]


def _on_path(game: ExtensiveGame, actions: tuple) -> set[int]:
    """Nodes reached with positive probability when the equilibrium is played."""
    reached, stack = set(), [0]
    while stack:
        index = stack.pop()
        reached.add(index)
        node = game.nodes[index]
        kids = game.children[index]
        if isinstance(node, ChanceNode):
            stack.extend(c for c, p in zip(kids, node.probabilities, strict=True) if p != 0)
        elif isinstance(node, DecisionNode) and actions[index] is not None:
            stack.append(kids[actions[index]])
    return reached


def _edge_kind(node, index: int, position: int, child: int, actions, on_path: set[int]) -> str:
    """Which style an edge gets: a key of :data:`bargaining.drawing.tree.EDGE_STYLES`."""
    if isinstance(node, ChanceNode):
        chosen = actions is not None
    else:
        chosen = actions is not None and actions[index] == position
    if chosen and child in on_path and index in on_path:
        return "equilibrium-path"
    if chosen and not isinstance(node, ChanceNode):
        return "equilibrium-choice"
    return "edge"


def _leaf_text(node: TerminalNode) -> str:
    parts = []
    if node.outcome is not None:
        parts.append(node.outcome)
    if node.payoffs is not None:
        values = [_number(v) for v in node.payoffs]
        if all(len(v) <= _LONGEST_FORMULA for v in values):
            parts.append("(" + ", ".join(values) + ")")
    return "  ".join(parts) or "(0 to all)"


def _number(value: Number) -> str:
    """A probability or payoff as a drawing shows it: decimals to 3 significant digits;
    formulas as written."""
    if is_symbolic(value):
        return expression_text(value)
    return f"{float(value):.3g}"

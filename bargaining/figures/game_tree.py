"""A game tree drawn for a report: who moves where, the actions, chance probabilities, the
outcomes and payoffs at the leaves, and a subgame-perfect equilibrium highlighted.

The root is on the left and time runs to the right; leaves are stacked in tree order with their
outcome and payoffs beside them. The equilibrium's path of play (its choices where play goes,
and every branch of chance on the way) is drawn thick; its choices off the path (what a player
would do at a node play does not reach) thinner in the same colour; the other actions thin and
grey.
"""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bargaining.errors import GameError
from bargaining.figures.style import PALETTE, colour
from bargaining.games.extensive import ChanceNode, DecisionNode, ExtensiveGame, TerminalNode
from bargaining.model.expressions import expression_text
from bargaining.numbers import Number, is_symbolic
from bargaining.solvers.subgame_perfect import SubgamePerfectEquilibrium, subgame_perfect

__all__ = ["MAX_DRAWN_NODES", "draw_tree"]

#: Trees with more nodes than this are refused: the drawing would not be readable.
MAX_DRAWN_NODES = 400

_PATH = "#000000"  # the equilibrium path
_OTHER = "#BBBBBB"  # actions the equilibrium does not take
_CHANCE = PALETTE[6]
_LONGEST_FORMULA = 28  # symbolic payoffs longer than this are left out of leaf labels


def draw_tree(
    game: ExtensiveGame,
    equilibrium: SubgamePerfectEquilibrium | Mapping[str, str] | object | None = None,
    *,
    at: Mapping[str, object] | None = None,
    title: str | None = None,
) -> Figure:
    """Draw a game tree with a subgame-perfect equilibrium highlighted.

    Parameters
    ----------
    game:
        The tree (perfect or imperfect information; information sets are named at their
        nodes).
    equilibrium:
        What to highlight: a :class:`~bargaining.solvers.subgame_perfect.SubgamePerfectEquilibrium`,
        a piece of a tree's parametric solution
        (:class:`~bargaining.analysis.parametric_tree.SubgamePerfectPiece`), or a mapping
        node path -> action label (``{"root": "condition", "root/condition": "accept"}``).
        When omitted, the first subgame-perfect equilibrium is computed where the tree has
        numbers (no parameters, or values given with ``at``) and perfect information;
        otherwise nothing is highlighted.
    at:
        Parameter values (name -> number): the payoffs and probabilities are shown as numbers
        at this point, and the equilibrium computed there.
    title:
        The figure's title (default: the game's title, or "Game tree").

    Returns
    -------
    matplotlib.figure.Figure
        One panel without axes: the tree, and a legend of what the line styles mean.

    Raises
    ------
    GameError
        For trees of more than :data:`MAX_DRAWN_NODES` nodes, or choices that name unknown
        nodes or actions.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> model = load_model("models/ceasefire_sequence.toml")
    >>> figure = draw_tree(model.game("sequence"), at=model.parameters.baseline)
    >>> figure.axes[0].get_title(loc="left")[:30]
    'Russia answers the US proposal'
    """
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"draw_tree needs an ExtensiveGame, got {type(game).__name__}")
    if len(game.nodes) > MAX_DRAWN_NODES:
        raise GameError(
            f"the tree has {len(game.nodes)} nodes; draw_tree draws at most {MAX_DRAWN_NODES} "
            "(a larger drawing is not readable)"
        )
    shown = game.at(at) if at is not None and game.parameters else game
    actions = _chosen_actions(shown, equilibrium)
    positions, depth = _layout(game)
    leaves = sum(isinstance(node, TerminalNode) for node in game.nodes)
    figure = Figure(figsize=(7.5, max(2.6, 0.62 * leaves + 1.4)), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    on_path = _on_path(shown, actions) if actions is not None else set()
    player_colour = {player: colour(i) for i, player in enumerate(game.players)}
    styles: set[str] = set()
    for index, node in enumerate(shown.nodes):
        x, y = positions[index]
        for position, child in enumerate(shown.children[index]):
            styles.add(_edge(axes, shown, index, position, child, positions, actions, on_path))
        _node(axes, shown, index, node, (x, y), player_colour)
    axes.set_xlim(-0.35, depth + 2.3)
    axes.set_ylim(-0.8, leaves - 0.2)
    axes.invert_yaxis()  # the first action on top
    axes.set_title(title or game.title or "Game tree", loc="left", fontsize=10, wrap=True)
    _legend(axes, game, player_colour, styles if actions is not None else set())
    return figure


def _chosen_actions(game: ExtensiveGame, equilibrium: object) -> tuple | None:
    """The action index chosen at each node, or None when nothing is highlighted."""
    if equilibrium is None:
        if game.parameters or not game.is_perfect_information:
            return None
        return subgame_perfect(game)[0].actions
    if isinstance(equilibrium, Mapping):
        actions: list[int | None] = [None] * len(game.nodes)
        paths = {path: index for index, path in enumerate(game.paths)}
        for path, label in equilibrium.items():
            index = paths.get(path)
            node = game.nodes[index] if index is not None else None
            if not isinstance(node, DecisionNode):
                raise GameError(f"draw_tree: {path!r} is not a decision node of the tree")
            if label not in node.actions:
                raise GameError(
                    f"draw_tree: node {path} has no action {label!r}; its actions are "
                    f"{', '.join(node.actions)}"
                )
            actions[index] = node.actions.index(label)
        return tuple(actions)
    actions = getattr(equilibrium, "actions", None)
    if actions is None or len(actions) != len(game.nodes):
        raise GameError(
            "draw_tree: the equilibrium must be a SubgamePerfectEquilibrium or a piece of this "
            "tree's parametric solution, or a mapping node path -> action label"
        )
    return tuple(actions)


def _layout(game: ExtensiveGame) -> tuple[list[tuple[float, float]], int]:
    """(x, y) per node: x its depth, y its leaf row (leaves in tree order, inner nodes at the
    middle of their children)."""
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(game.nodes)
    depths = [0] * len(game.nodes)
    for index in range(1, len(game.nodes)):
        depths[index] = depths[game.parents[index]] + 1
    row = 0
    rows = [0.0] * len(game.nodes)
    for index, node in enumerate(game.nodes):  # depth first: leaves come in tree order
        if isinstance(node, TerminalNode):
            rows[index] = float(row)
            row += 1
    for index in reversed(range(len(game.nodes))):
        kids = game.children[index]
        if kids:
            rows[index] = (rows[kids[0]] + rows[kids[-1]]) / 2
        positions[index] = (float(depths[index]), rows[index])
    return positions, max(depths)


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


def _edge(axes, game, index, position, child, positions, actions, on_path) -> str:
    """Draw one edge with its label; return its kind (the prefix of its gid)."""
    node = game.nodes[index]
    (x0, y0), (x1, y1) = positions[index], positions[child]
    if isinstance(node, ChanceNode):
        chosen = actions is not None
    else:
        chosen = actions is not None and actions[index] == position
    path = game.paths[child]
    if chosen and child in on_path and index in on_path:
        style = {"color": _PATH, "linewidth": 3.0, "zorder": 2}
        gid = f"equilibrium-path:{path}"
    elif chosen and not isinstance(node, ChanceNode):
        style = {"color": _PATH, "linewidth": 1.6, "linestyle": (0, (4, 2)), "zorder": 2}
        gid = f"equilibrium-choice:{path}"
    else:
        style = {"color": _OTHER, "linewidth": 1.0, "zorder": 1}
        gid = f"edge:{path}"
    (line,) = axes.plot([x0, x1], [y0, y1], solid_capstyle="round", **style)
    line.set_gid(gid)
    label = node.actions[position]
    if isinstance(node, ChanceNode):
        label += f" ({_number(node.probabilities[position])})"
    axes.text(
        (x0 + x1) / 2,
        (y0 + y1) / 2,
        label,
        fontsize=8,
        ha="center",
        va="center",
        zorder=4,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    ).set_gid(f"action:{path}")
    return gid.split(":")[0]


def _node(axes, game, index, node, xy, player_colour) -> None:
    x, y = xy
    path = game.paths[index]
    if isinstance(node, DecisionNode):
        axes.plot(x, y, "o", markersize=9, color=player_colour[node.player], zorder=3)
        label = str(node.player)
        if node.infoset is not None:
            label += f" [{node.infoset}]"
        axes.text(
            x, y - 0.22, label, fontsize=9, ha="center", va="bottom", fontweight="bold", zorder=4
        ).set_gid(f"player:{path}")
    elif isinstance(node, ChanceNode):
        axes.plot(x, y, "D", markersize=8, color=_CHANCE, zorder=3)
        axes.text(
            x, y - 0.22, "chance", fontsize=9, ha="center", va="bottom", style="italic", zorder=4
        ).set_gid(f"chance:{path}")
    else:
        axes.plot(x, y, "s", markersize=6, color="#000000", zorder=3)
        axes.text(x + 0.12, y, _leaf_text(node), fontsize=8.5, ha="left", va="center", zorder=4)
        axes.texts[-1].set_gid(f"outcome:{path}")


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
    """A probability or payoff as a figure shows it: decimals to 3 significant digits;
    formulas as written."""
    if is_symbolic(value):
        return expression_text(value)
    return f"{float(value):.3g}"


def _legend(axes, game: ExtensiveGame, player_colour: dict, styles: set[str]) -> None:
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=c, markersize=8, label=player)
        for player, c in player_colour.items()
    ]
    if any(isinstance(node, ChanceNode) for node in game.nodes):
        handles.append(Line2D([], [], marker="D", linestyle="none", color=_CHANCE, label="chance"))
    if styles:
        handles.append(Line2D([], [], color=_PATH, linewidth=3.0, label="equilibrium path"))
    if "equilibrium-choice" in styles:
        handles.append(
            Line2D(
                [],
                [],
                color=_PATH,
                linewidth=1.6,
                linestyle=(0, (4, 2)),
                label="equilibrium choice off the path",
            )
        )
    if styles and "edge" in styles:
        handles.append(Line2D([], [], color=_OTHER, linewidth=1.0, label="other actions"))
    payoffs = f"payoffs: ({', '.join(game.players)})"
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, 0),
        frameon=False,
        fontsize=8,
        ncols=min(len(handles), 3),
        title=payoffs,
        title_fontsize=8,
        alignment="left",
    )

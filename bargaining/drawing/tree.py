"""A game tree from plain data: nodes at (x, y) with their labels, edges with a style each.

Which nodes and edges there are, and which are on an equilibrium's path, is worked out by the
game (:mod:`bargaining.games.tree_picture`); this module only draws them. Edges and labels get
SVG ids (``equilibrium-path:root/condition``, ``action:...``) so that a drawing can be checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from bargaining.drawing.canvas import axes_for
from bargaining.drawing.style import PALETTE, as_written

__all__ = ["EDGE_STYLES", "DrawnEdge", "DrawnNode", "draw_tree_picture"]

_PATH = "#000000"  # the equilibrium path
_OTHER = "#BBBBBB"  # actions the equilibrium does not take
CHANCE_COLOUR = PALETTE[6]

#: Line style per edge kind: the equilibrium's path of play, its choices off the path, others.
EDGE_STYLES: Mapping[str, dict] = {
    "equilibrium-path": {"color": _PATH, "linewidth": 3.0, "zorder": 2},
    "equilibrium-choice": {"color": _PATH, "linewidth": 1.6, "linestyle": (0, (4, 2)), "zorder": 2},
    "edge": {"color": _OTHER, "linewidth": 1.0, "zorder": 1},
}
_LEGEND = {
    "equilibrium-path": "equilibrium path",
    "equilibrium-choice": "equilibrium choice off the path",
    "edge": "other actions",
}


@dataclass(frozen=True)
class DrawnNode:
    """A node as drawn.

    Attributes
    ----------
    x, y:
        Position (x the depth, y the row; rows grow downwards).
    kind:
        ``"decision"`` (a dot in ``colour``), ``"chance"`` (a diamond) or ``"leaf"`` (a square).
    label:
        The player's name above a decision node, or the outcome and payoffs beside a leaf.
    path:
        The node's path (``root/condition``), for its SVG id.
    colour:
        The dot's colour (decision nodes).
    """

    x: float
    y: float
    kind: str
    label: str
    path: str
    colour: str = "#000000"


@dataclass(frozen=True)
class DrawnEdge:
    """An edge from ``start`` to ``end`` with its action label; ``kind`` is a key of
    :data:`EDGE_STYLES`; ``path`` is the child's path."""

    start: tuple[float, float]
    end: tuple[float, float]
    kind: str
    label: str
    path: str


def draw_tree_picture(
    ax: Axes | None,
    nodes: Sequence[DrawnNode],
    edges: Sequence[DrawnEdge],
    *,
    players: Mapping[str, str],
    title: str = "",
    legend_title: str = "",
    highlighted: bool = False,
) -> Axes:
    """Draw a tree without axes, and a legend of the players' colours and the edge styles.

    Parameters
    ----------
    ax:
        Where to draw (a new figure when None).
    nodes, edges:
        What to draw.
    players:
        Player name -> colour, for the legend.
    title, legend_title:
        Texts above the tree and above the legend.
    highlighted:
        Whether an equilibrium is shown (the edge styles then enter the legend).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> nodes = [DrawnNode(0, 0.5, "decision", "A", "root"),
    ...          DrawnNode(1, 0, "leaf", "deal", "root/l"),
    ...          DrawnNode(1, 1, "leaf", "war", "root/r")]
    >>> edges = [DrawnEdge((0, 0.5), (1, 0), "equilibrium-path", "l", "root/l"),
    ...          DrawnEdge((0, 0.5), (1, 1), "edge", "r", "root/r")]
    >>> axes = draw_tree_picture(None, nodes, edges, players={"A": "#4477AA"}, highlighted=True)
    >>> [line.get_gid() for line in axes.get_lines()[:2]]
    ['equilibrium-path:root/l', 'edge:root/r']
    """
    leaves = sum(node.kind == "leaf" for node in nodes)
    depth = max((node.x for node in nodes), default=0)
    axes = axes_for(ax, (7.5, max(2.6, 0.62 * leaves + 1.4)))
    axes.set_axis_off()
    for edge in edges:
        (line,) = axes.plot(
            [edge.start[0], edge.end[0]],
            [edge.start[1], edge.end[1]],
            solid_capstyle="round",
            **EDGE_STYLES[edge.kind],
        )
        line.set_gid(f"{edge.kind}:{edge.path}")
        axes.text(
            (edge.start[0] + edge.end[0]) / 2,
            (edge.start[1] + edge.end[1]) / 2,
            as_written(edge.label),
            fontsize=8,
            ha="center",
            va="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        ).set_gid(f"action:{edge.path}")
    for node in nodes:
        _node(axes, node)
    axes.set_xlim(-0.35, depth + 2.3)
    axes.set_ylim(-0.8, leaves - 0.2)
    axes.invert_yaxis()  # the first action on top
    axes.set_title(as_written(title), loc="left", fontsize=10, wrap=True)
    kinds = {edge.kind for edge in edges} if highlighted else set()
    _legend(axes, players, any(node.kind == "chance" for node in nodes), kinds, legend_title)
    return axes


def _node(axes: Axes, node: DrawnNode) -> None:
    if node.kind == "leaf":
        axes.plot(node.x, node.y, "s", markersize=6, color="#000000", zorder=3)
        axes.text(
            node.x + 0.12,
            node.y,
            as_written(node.label),
            fontsize=8.5,
            ha="left",
            va="center",
            zorder=4,
        ).set_gid(f"outcome:{node.path}")
        return
    chance = node.kind == "chance"
    marker, size, fill = ("D", 8, CHANCE_COLOUR) if chance else ("o", 9, node.colour)
    axes.plot(node.x, node.y, marker, markersize=size, color=fill, zorder=3)
    font = {"style": "italic"} if chance else {"fontweight": "bold"}
    axes.text(
        node.x,
        node.y - 0.22,
        as_written(node.label),
        fontsize=9,
        ha="center",
        va="bottom",
        zorder=4,
        **font,
    ).set_gid(f"{'chance' if chance else 'player'}:{node.path}")


def _legend(axes: Axes, players, chance: bool, kinds: set[str], title: str) -> None:
    handles = [
        Line2D(
            [], [], marker="o", linestyle="none", color=c, markersize=8, label=as_written(player)
        )
        for player, c in players.items()
    ]
    if chance:
        handles.append(
            Line2D([], [], marker="D", linestyle="none", color=CHANCE_COLOUR, label="chance")
        )
    if kinds:
        kinds = kinds | {"equilibrium-path"}  # the path is shown even when it is all chance
    for kind in EDGE_STYLES:
        if kind in kinds:
            style = {key: value for key, value in EDGE_STYLES[kind].items() if key != "zorder"}
            handles.append(Line2D([], [], label=_LEGEND[kind], **style))
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, 0),
        frameon=False,
        fontsize=8,
        ncols=min(len(handles), 3),
        title=as_written(title),
        title_fontsize=8,
        alignment="left",
    )

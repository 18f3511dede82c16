"""A game tree drawn for a report: the tree's own drawing (:meth:`ExtensiveGame.plot`) with a
subgame-perfect equilibrium computed where none is given."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure

from bargaining.errors import GameError
from bargaining.games.extensive import ExtensiveGame, TerminalNode
from bargaining.games.tree_picture import MAX_DRAWN_NODES, check_drawable
from bargaining.solvers.subgame_perfect import SubgamePerfectEquilibrium, subgame_perfect

__all__ = ["MAX_DRAWN_NODES", "draw_tree"]


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
    check_drawable(game)  # before an equilibrium of a huge tree is searched for
    shown = game.at(at) if at is not None and game.parameters else game
    if equilibrium is None and not shown.parameters and shown.is_perfect_information:
        equilibrium = subgame_perfect(shown)[0]
    leaves = sum(isinstance(node, TerminalNode) for node in game.nodes)
    figure = Figure(figsize=(7.5, max(2.6, 0.62 * leaves + 1.4)), layout="constrained")
    game.plot(figure.add_subplot(), equilibrium=equilibrium, at=at, title=title)
    return figure

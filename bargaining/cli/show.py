"""``bargaining show MODEL``: the players, parameters, outcomes, games and claims of a model.

A normal-form game is shown as its table; a game tree as an indented tree (who moves, each
action, chance probabilities, the outcome each path ends in) with each player's reduced
strategies, the labels claims and ``solve`` use; a game solved by formula (bargaining, war,
commitment and repeated games) by its type and description.
"""

from __future__ import annotations

import argparse
import itertools

from rich.console import Console
from rich.text import Text

from bargaining.cli.console import paragraphs, table, value_text
from bargaining.errors import GameError
from bargaining.games.bayesian import BayesianGame
from bargaining.games.extensive import ChanceNode, DecisionNode, ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.model import Model, ParameterNotes, load_model
from bargaining.model.expressions import expression_text
from bargaining.model.game_types import game_type_of

__all__ = ["register", "run", "tree_text"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``show`` subcommand."""
    parser = subparsers.add_parser(
        "show",
        description="Show a model: its players; its parameters with range, baseline, unit, "
        "tags and description; its outcomes with each player's payoff formula; its games "
        "(normal-form games as tables, game trees as trees with each player's strategies, "
        "other games by their type and description); and its claims.",
        epilog="example: bargaining show models/chicken.toml",
    )
    parser.add_argument("model", help="the model file (.toml)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Print the model named by ``args.model``."""
    model = load_model(args.model)
    _header(console, model)
    _players(console, model)
    if len(model.parameters):
        _parameters(console, model)
    if model.outcomes:
        _outcomes(console, model)
    for name, game in model.games.items():
        _game(console, name, game)
    if model.claims:
        _claims(console, model)
    return 0


def _header(console: Console, model: Model) -> None:
    console.print(Text(model.title or model.name, style="bold"))
    details = [f"model {model.name}"] + ([f"version {model.version}"] if model.version else [])
    console.print(Text(", ".join(details), style="dim"))
    if model.description:
        console.print(paragraphs(model.description))
    for source in model.sources:
        console.print(Text(f"Source: {source}", style="dim"))
    console.print()


def _players(console: Console, model: Model) -> None:
    players = table("Players", "player", "description")
    for player in model.players.values():
        players.add_row(Text(player.name), Text(player.description))
    console.print(players)


def _parameters(console: Console, model: Model) -> None:
    parameters = table("Parameters", "name", "range", "baseline", "unit", "tags", "description")
    for parameter in model.parameters:
        parameters.add_row(
            Text(parameter.name),
            f"[{value_text(parameter.low)}, {value_text(parameter.high)}]",
            value_text(parameter.baseline),
            Text(parameter.unit),
            Text(", ".join(sorted(parameter.tags))),
            Text(parameter.description),
        )
    console.print(parameters)
    notes = model.parameter_notes
    if any(note != ParameterNotes() for note in notes.values()):
        meanings = table(
            "What the parameters' ranges mean", "name", "low end", "high end", "baseline from"
        )
        for name, note in notes.items():
            if note != ParameterNotes():
                meanings.add_row(
                    Text(name),
                    Text(note.low_means),
                    Text(note.high_means),
                    Text(note.baseline_source),
                )
        console.print(meanings)


def _outcomes(console: Console, model: Model) -> None:
    players = list(model.players)
    outcomes = table("Outcomes", "outcome", *(f"payoff {p}" for p in players), "description")
    for outcome in model.outcomes.values():
        outcomes.add_row(
            Text(outcome.name),
            *(Text(expression_text(outcome.payoffs[p])) for p in players),
            Text(outcome.description),
        )
    console.print(outcomes)


def _cell(game: NormalFormGame, index: tuple[int, ...]) -> Text:
    if game.outcomes is not None:
        return Text(str(game.outcomes[index]))
    return Text("(" + ", ".join(expression_text(v) for v in game.payoffs[index]) + ")")


def _heading(console: Console, name: str, kind: str, description: str) -> None:
    # The description goes above the game: a table's title wraps at the table's width.
    heading = Text(f"Game {name}{kind}", style="bold")
    if description:
        heading.append(": ").append_text(paragraphs(description))
    console.print(heading)


def _game(console: Console, name: str, game: object) -> None:
    if isinstance(game, ExtensiveGame):
        _tree(console, name, game)
    elif isinstance(game, NormalFormGame):
        _normal(console, name, game)
    elif isinstance(game, BayesianGame):  # a table per type profile, with its prior
        _heading(console, name, " (bayesian)", game.title)
        for profile, p, normal in game.profile_games():
            types = ", ".join(
                t for t, kinds in zip(profile, game.types, strict=True) if len(kinds) > 1
            )
            _normal(console, f"{name} when {types} (prior {expression_text(p)})", normal)
    else:
        # Games solved by formula: what they stand for; `bargaining solve` gives the numbers.
        description = getattr(game, "description", "") or getattr(game, "title", "")
        _heading(console, name, f" ({game_type_of(game).name})", description)
        console.print()


def _tree(console: Console, name: str, game: ExtensiveGame) -> None:
    _heading(console, name, " (tree)", game.title)
    console.print(Text(tree_text(game)))
    console.print()
    strategies = table("Strategies (reduced strategic form)", "player", "strategies")
    for i, player in enumerate(game.players):
        try:
            labels = ", ".join(game.strategy_labels(i))
        except GameError:  # too many to list
            labels = "(too many to list)"
        strategies.add_row(Text(player), Text(labels))
    console.print(strategies)


def tree_text(game: ExtensiveGame, max_nodes: int = 500) -> str:
    """A game tree as indented text: the player at each decision node (with its information
    set, if shared), ``chance`` with each branch's probability, the outcome (or the payoffs)
    at each leaf; at most ``max_nodes`` lines.

    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"talk": terminal((1, 1), "deal"),
    ...                                     "fight": terminal((0, 0), "war")}), players=("A", "B"))
    >>> print(tree_text(game))
    A
    ├─ talk: deal
    └─ fight: war
    """
    lines: list[str] = []
    stack: list[tuple[int, str, str]] = [(0, "", "")]
    while stack and len(lines) < max_nodes:
        index, head, indent = stack.pop()
        node = game.nodes[index]
        lines.append(head + _node_label(node))
        kids = game.children[index]
        for position in reversed(range(len(kids))):
            last = position == len(kids) - 1
            label = node.actions[position]
            if isinstance(node, ChanceNode):
                label += f" (p = {expression_text(node.probabilities[position])})"
            branch = indent + ("└─ " if last else "├─ ") + label + ": "
            stack.append((kids[position], branch, indent + ("   " if last else "│  ")))
    if stack:
        lines.append(f"... {len(game.nodes) - len(lines)} more nodes")
    return "\n".join(lines)


def _node_label(node: object) -> str:
    if isinstance(node, DecisionNode):
        label = str(node.player)
        if node.infoset is not None:
            label += f" [information set {node.infoset}]"
    elif isinstance(node, ChanceNode):
        label = "chance"
    else:
        label = ""
    if node.outcome is not None:
        label = f"{label} {node.outcome}".strip()
    elif node.payoffs is not None:
        payoffs = "(" + ", ".join(expression_text(v) for v in node.payoffs) + ")"
        label = f"{label} {payoffs}".strip()
    return label


def _normal(console: Console, name: str, game: NormalFormGame) -> None:
    kind = "outcomes" if game.outcomes is not None else "payoffs"
    _heading(console, name, "", game.title)
    if game.num_players == 2:
        rows, columns = game.players
        grid = table(None, f"{rows} \\ {columns}", *game.strategies[1])
        for i, label in enumerate(game.strategies[0]):
            grid.add_row(Text(label), *(_cell(game, (i, j)) for j in range(game.shape[1])))
    else:
        grid = table(None, *game.players, kind)
        for index in itertools.product(*(range(size) for size in game.shape)):
            labels = (game.strategies[i][j] for i, j in enumerate(index))
            grid.add_row(*(Text(label) for label in labels), _cell(game, index))
    console.print(grid)


def _claims(console: Console, model: Model) -> None:
    claims = table("Claims", "claim", "game", "given", "expect", "in")
    for claim in model.claims:
        given = "always" if claim.given is None else expression_text(claim.given)
        claims.add_row(
            Text(claim.name),
            Text(claim.game),
            Text(given),
            Text(expression_text(claim.expect)),
            claim.quantifier,
        )
    console.print(claims)

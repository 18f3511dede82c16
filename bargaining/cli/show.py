"""``bargaining show MODEL``: the players, parameters, outcomes, games and claims of a model."""

from __future__ import annotations

import argparse
import itertools

from rich.console import Console
from rich.text import Text

from bargaining.cli.console import paragraphs, table, value_text
from bargaining.games.normal_form import NormalFormGame
from bargaining.model import Model, ParameterNotes, load_model
from bargaining.model.expressions import expression_text

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``show`` subcommand."""
    parser = subparsers.add_parser(
        "show",
        help="show what a model file says: players, parameters, outcomes, games, claims",
        description="Show a model: its players; its parameters with range, baseline, unit, "
        "tags and description; its outcomes with each player's payoff formula; its games as "
        "tables; and its claims.",
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


def _game(console: Console, name: str, game: NormalFormGame) -> None:
    kind = "outcomes" if game.outcomes is not None else "payoffs"
    # The description goes above the table: a table's title wraps at the table's width.
    heading = Text(f"Game {name}", style="bold")
    if game.title:
        heading.append(": ").append_text(paragraphs(game.title))
    console.print(heading)
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

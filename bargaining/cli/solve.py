"""``bargaining solve MODEL``: the equilibria of a model's game at the baseline (or at --set)."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from bargaining.analysis import parametric_equilibria
from bargaining.cli.console import number_text, strategy_text, table, value_text
from bargaining.cli.values import add_point_arguments, point_values
from bargaining.io.results_json import equilibria_to_json
from bargaining.model import Model, load_model
from bargaining.numbers import Number
from bargaining.solvers import Equilibrium, nash_equilibria

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``solve`` subcommand."""
    parser = subparsers.add_parser(
        "solve",
        help="the equilibria of a model's game at the baseline parameter values",
        description="Solve a game of a model: every Nash equilibrium (every extreme one when "
        "the game is degenerate; pure equilibria for more than two players), exactly, at the "
        "parameters' baseline values or the values given with --set. Prints each player's "
        "strategy, the expected payoffs and the probability of each outcome.",
        epilog="examples:\n  bargaining solve models/chicken.toml\n"
        "  bargaining solve models/ceasefire.toml --set L=0.4 --set W=1/3 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("model", help="the model file (.toml)")
    add_point_arguments(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the equilibria as JSON (exact fractions as 'p/q')",
    )
    parser.add_argument(
        "--symbolic",
        action="store_true",
        help="solve once in symbols: every equilibrium as formulas in the parameters, with "
        "the conditions under which it holds (ignores --set)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Solve the game and print its equilibria."""
    model = load_model(args.model)
    name = args.game if args.game is not None else next(iter(model.games))
    game = model.game(name)
    if args.symbolic:
        _print_symbolic(console, model, name)
        return 0
    values, given = point_values(model.parameters, args.assignments)
    equilibria = nash_equilibria(game, at=values)
    if args.json:
        console.file.write(equilibria_to_json(equilibria, game=name, parameters=values) + "\n")
    else:
        _print(console, model, name, values, given, equilibria)
    return 0


def _print(
    console: Console,
    model: Model,
    name: str,
    values: dict[str, Number],
    given: set[str],
    equilibria: list[Equilibrium],
) -> None:
    count = f"{len(equilibria)} equilibri{'um' if len(equilibria) == 1 else 'a'}"
    console.print(Text(f"{model.title or model.name}: game {name}, {count}", style="bold"))
    # nash_equilibria finds the pure equilibria only, for more than two players.
    if model.game(name).num_players > 2:
        console.print(Text("(a game with more than two players: pure equilibria only)"))
    if values:
        shown = ", ".join(
            f"{parameter}={value_text(value)}{' (set)' if parameter in given else ''}"
            for parameter, value in values.items()
        )
        if not given:
            rest = " (baseline" + "s" * (len(values) > 1) + ")"
        else:
            rest = "; others at their baselines" if set(values) - given else ""
        console.print(Text(f"at {shown}{rest}"))
    if not equilibria:
        return
    players = equilibria[0].players
    strategies = table("Equilibria", "#", *players, *(f"payoff {p}" for p in players))
    for index, equilibrium in enumerate(equilibria, 1):
        strategies.add_row(
            str(index),
            *(
                Text(strategy_text(labels, vector))
                for labels, vector in zip(
                    equilibrium.strategy_labels, equilibrium.strategies, strict=True
                )
            ),
            *(number_text(value) for value in equilibrium.payoffs),
        )
    console.print(strategies)
    outcomes = [outcome for outcome, _ in equilibria[0].outcome_probabilities]
    if outcomes:
        probabilities = table("Outcome probabilities", "#", *outcomes)
        for index, equilibrium in enumerate(equilibria, 1):
            probabilities.add_row(
                str(index), *(number_text(equilibrium.probability(o)) for o in outcomes)
            )
        console.print(probabilities)


def _print_symbolic(console: Console, model: Model, name: str) -> None:
    solution = parametric_equilibria(model.game(name), model.parameters)
    count = len(solution.pieces)
    console.print(
        Text(
            f"{model.title or model.name}: game {name}, {count} candidate equilibri"
            f"{'um' if count == 1 else 'a'} as functions of {', '.join(model.parameters.names)}",
            style="bold",
        )
    )
    players = solution.game.players
    pieces = table("Equilibria and where they hold", "#", *players, "holds when")
    for index, piece in enumerate(solution.pieces, 1):
        conditions = solution.describe_conditions(piece) or ["always (in the parameter box)"]
        conditions += [f"(singular where {expression} = 0)" for expression in piece.singular]
        pieces.add_row(
            str(index),
            *(Text(solution.strategy_text(piece, i)) for i in range(len(players))),
            Text("\n".join(conditions)),
        )
    console.print(pieces)
    outcomes = [
        outcome for outcome, _ in (solution.pieces[0].outcome_probabilities if count else ())
    ]
    if outcomes:
        probabilities = table("Outcome probabilities", "#", *outcomes)
        for index, piece in enumerate(solution.pieces, 1):
            values = dict(piece.outcome_probabilities)
            probabilities.add_row(str(index), *(Text(str(values[o])) for o in outcomes))
        console.print(probabilities)

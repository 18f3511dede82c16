"""``bargaining solve MODEL``: the equilibria of a model's game at the baseline (or at --set)."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from bargaining.cli.console import number_text, strategy_text, table, value_text
from bargaining.cli.values import parse_assignment
from bargaining.errors import ParameterError
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
    parser.add_argument("--game", metavar="NAME", help="the game to solve (default: the first)")
    parser.add_argument(
        "--set",
        dest="assignments",
        metavar="NAME=VALUE",
        action="append",
        type=parse_assignment,
        default=[],
        help="give a parameter a value inside its range instead of its baseline, as an exact "
        "decimal or fraction (L=0.4, L=1/3); repeat for several parameters",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the equilibria as JSON (exact fractions as 'p/q')",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Solve the game and print its equilibria."""
    model = load_model(args.model)
    name = args.game if args.game is not None else next(iter(model.games))
    game = model.game(name)
    given: dict[str, Number] = {}
    for parameter, value in args.assignments:
        if parameter in given:
            raise ParameterError(f"--set {parameter}=... is given twice")
        given[parameter] = value
    values = model.parameters.validate(given)
    equilibria = nash_equilibria(game, at=values)
    if args.json:
        console.file.write(equilibria_to_json(equilibria, game=name, parameters=values) + "\n")
    else:
        _print(console, model, name, values, set(given), equilibria)
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

"""``bargaining solve MODEL``: the equilibria of a model's game at the baseline (or at --set).

The equilibria are those of the game kind's solution concept, or of the one asked for with
``--concept`` (:mod:`bargaining.solvers.concepts`): normal-form games, every Nash equilibrium;
game trees with perfect information, every subgame-perfect equilibrium (backward induction),
as equilibria of the reduced strategic form, with the action chosen at each node; trees with
imperfect information, the Nash equilibria of their reduced strategic form. Games solved by
formula (bargaining, war, commitment and repeated games): the rows their type's ``summarize``
gives.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from rich.console import Console
from rich.text import Text

from bargaining.budget import BudgetExceeded
from bargaining.cli.concept import add_concept_argument, concept_line
from bargaining.cli.concept_results import (
    add_option_arguments,
    concept_options,
    is_other_result,
    print_results,
    results_json,
)
from bargaining.cli.console import strategy_text, table, value_text
from bargaining.cli.values import add_point_arguments, point_values
from bargaining.errors import BargainingError
from bargaining.games.extensive import ExtensiveGame
from bargaining.io.results_json import equilibria_to_json
from bargaining.model import Model, load_model
from bargaining.model.game_types import game_type_of
from bargaining.numbers import Number
from bargaining.solvers import Equilibrium
from bargaining.solvers.concepts import (
    DEFAULT,
    SolutionConcept,
    equilibria,
    has_concept,
    solution_concept,
)
from bargaining.solvers.result_rows import number_label
from bargaining.solvers.subgame_perfect import subgame_perfect

__all__ = ["node_choices", "register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``solve`` subcommand."""
    parser = subparsers.add_parser(
        "solve",
        description="Solve a game of a model: every Nash equilibrium (every extreme one when "
        "the game is degenerate; with more players all, flagged when incomplete), exactly, at the "
        "parameters' baseline values or the values given with --set. Prints the solution "
        "concept, each player's strategy, the expected payoffs and the probability of each "
        "outcome. A game tree gives every subgame-perfect equilibrium (backward induction) and "
        "the action chosen at each node (--concept nash: the Nash equilibria of its reduced "
        "strategic form); a bargaining, war, commitment or repeated game the quantities its "
        "formulas give.",
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
        help="solve once in symbols: every equilibrium (for a game tree, every subgame-perfect "
        "equilibrium) as formulas in the parameters, with the conditions under which it holds "
        "(ignores --set)",
    )
    add_concept_argument(parser)
    add_option_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Solve the game and print its equilibria."""
    model = load_model(args.model)
    name = args.game if args.game is not None else next(iter(model.games))
    game = model.game(name)
    summarize = None
    if not has_concept(game):
        kind = game_type_of(game)
        if kind.summarize is None:
            raise BargainingError(
                f"game {name!r} is a {kind.name} game: bargaining solve handles normal-form "
                "games, game trees and games whose type summarises them"
            )
        if args.symbolic or args.concept != DEFAULT:
            option = "--symbolic" if args.symbolic else "--concept"
            raise BargainingError(
                f"game {name!r} is a {kind.name} game: it is solved by formula at a point; run "
                f"bargaining solve without {option}"
            )
        summarize = kind.summarize
    if args.symbolic:
        try:
            _print_symbolic(console, model, name, args.concept)
            return 0
        except BudgetExceeded as error:  # said, not silent: the answer below is at a point
            sys.stderr.write(f"bargaining: {error}\nbargaining: solving at a point instead\n")
    values, given = point_values(model.parameters, args.assignments)
    if summarize is not None:
        rows = summarize(game, values)
        if args.json:
            console.file.write(_summary_json(name, values, rows) + "\n")
        else:
            console.print(Text(f"{model.title or model.name}: game {name}", style="bold"))
            _point_line(console, values, given)
            summary = table(None, "quantity", "value")
            for quantity, value in rows:
                summary.add_row(Text(quantity), Text(value))
            console.print(summary)
        return 0
    concept = solution_concept(game, args.concept)
    found = equilibria(game, at=values, concept=concept.name, options=concept_options(args))
    if args.json and is_other_result(found):
        console.file.write(results_json(found, game=name, concept=concept, parameters=values))
        console.file.write("\n")
    elif args.json:
        text = equilibria_to_json(found, game=name, parameters=values)
        console.file.write(_with_concept(text, concept) + "\n")
    else:
        _print(console, model, name, values, given, found, concept)
        if concept.name == "subgame-perfect":
            _print_choices(console, game, node_choices(game, values, found))
    return 0


def node_choices(
    tree: ExtensiveGame, values: dict[str, Number], found: list[Equilibrium]
) -> list[list[dict[str, str]]]:
    """For each subgame-perfect equilibrium of ``found`` (as
    :func:`~bargaining.solvers.subgame_perfect.subgame_perfect_equilibria` gives them), the
    node choices behind it: several when they differ only at nodes the mover's own earlier
    choice rules out.
    """
    grouped: dict[Equilibrium, list[dict[str, str]]] = {eq: [] for eq in found}
    for spe in subgame_perfect(tree, at=values or None):
        grouped[spe.to_equilibrium()].append(spe.choices)
    return list(grouped.values())


def _with_concept(text: str, concept: SolutionConcept) -> str:
    """The results document with ``"concept"`` (its name) after ``"game"``: readers of the
    format ignore keys they do not know."""
    document = json.loads(text)
    ordered = {key: document.pop(key) for key in ("format", "version", "game")}
    return json.dumps(
        {**ordered, "concept": concept.name, **document}, indent=2, ensure_ascii=False
    )


def _summary_json(name: str, values: dict[str, Number], rows) -> str:
    def exact(value: Number) -> object:
        if isinstance(value, Fraction):
            return f"{value.numerator}/{value.denominator}"
        return value

    document = {
        "format": "bargaining.summary",
        "version": 1,
        "game": name,
        "parameters": {parameter: exact(value) for parameter, value in values.items()},
        "summary": [{"quantity": quantity, "value": value} for quantity, value in rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _point_line(console: Console, values: dict[str, Number], given: set[str]) -> None:
    """``at L=0.7 (set), W=0.5; others at their baselines``: where the game was solved."""
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


def _print_choices(
    console: Console, game: ExtensiveGame, choices: list[list[dict[str, str]]]
) -> None:
    """Node by node, the action each equilibrium takes there (``x or y`` where equilibria
    inducing the same reduced strategies differ)."""
    if not choices:
        return
    nodes = list(choices[0][0])
    movers = {path: game.nodes[k].player for k, path in enumerate(game.paths) if path in nodes}
    grid = table("Choices at each node", "node", "player", *map(str, range(1, len(choices) + 1)))
    for path in nodes:
        cells = [" or ".join(dict.fromkeys(c[path] for c in group)) for group in choices]
        grid.add_row(Text(path), Text(str(movers[path])), *map(Text, cells))
    console.print(grid)


def _print(
    console: Console,
    model: Model,
    name: str,
    values: dict[str, Number],
    given: set[str],
    equilibria: list[Equilibrium],
    concept: SolutionConcept,
) -> None:
    count = concept.count_text(len(equilibria))
    console.print(Text(f"{model.title or model.name}: game {name}, {count}", style="bold"))
    concept_line(console, concept)
    if not getattr(equilibria, "complete", True):  # a budget ran out: say so, never silently
        console.print(Text(f"(incomplete: {equilibria.note})", style="bold red"))
    _point_line(console, values, given)
    if is_other_result(equilibria):  # correlated equilibria, QRE points: their own rows
        print_results(console, concept, equilibria)
        return
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
            *(number_label(value) for value in equilibrium.payoffs),
        )
    console.print(strategies)
    outcomes = [outcome for outcome, _ in equilibria[0].outcome_probabilities]
    if outcomes:
        probabilities = table("Outcome probabilities", "#", *outcomes)
        for index, equilibrium in enumerate(equilibria, 1):
            probabilities.add_row(
                str(index), *(number_label(equilibrium.probability(o)) for o in outcomes)
            )
        console.print(probabilities)


def _print_symbolic(console: Console, model: Model, name: str, requested: str) -> None:
    game = model.game(name)
    concept = solution_concept(game, requested)
    # On use: the symbolic solver loads scipy.optimize, which solving at a point does without.
    from bargaining.analysis import parametric_equilibria

    solution = parametric_equilibria(game, model.parameters, concept=concept.name)
    count = len(solution.pieces)
    console.print(
        Text(
            f"{model.title or model.name}: game {name}, {concept.count_text(count)} as "
            f"functions of {', '.join(model.parameters.names)}",
            style="bold",
        )
    )
    concept_line(console, concept)
    players = solution.game.players
    pieces = table("Equilibria and where they hold", "#", *players, "holds when")
    # A tree's formulas are undefined where a denominator is zero; a normal-form piece's
    # where its linear system is singular.
    undefined = "undefined" if concept.name == "subgame-perfect" else "singular"
    for index, piece in enumerate(solution.pieces, 1):
        conditions = solution.describe_conditions(piece) or ["always (in the parameter box)"]
        conditions += [f"({undefined} where {expression} = 0)" for expression in piece.singular]
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

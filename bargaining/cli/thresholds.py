"""``bargaining thresholds MODEL``: the tipping points along a parameter and the regions between.

The game is solved in symbols under its kind's solution concept or the one given with
``--concept`` (:mod:`bargaining.solvers.concepts`): normal-form games for all their Nash
equilibria, game trees with perfect information for their subgame-perfect equilibria
(:func:`~bargaining.analysis.parametric_subgame_perfect`), other trees for the Nash equilibria of
their reduced strategic form.
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from bargaining.analysis import parametric_equilibria
from bargaining.cli.bound_thresholds import lever_heading, print_bound_thresholds
from bargaining.cli.concept import add_concept_argument, concept_line, require_profiles
from bargaining.cli.console import table, value_text
from bargaining.cli.values import add_point_arguments, point_values
from bargaining.errors import BargainingError
from bargaining.model import load_model
from bargaining.model.game_types import game_type_of
from bargaining.solvers.concepts import has_concept, solution_concept

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``thresholds`` subcommand."""
    parser = subparsers.add_parser(
        "thresholds",
        description="Solve a game once in symbols (its Nash equilibria; a game tree: its "
        "subgame-perfect equilibria, or with --concept nash the Nash equilibria of its reduced "
        "strategic form), then find the exact values of a parameter "
        "where the set of equilibria changes, the other parameters at their baselines or the "
        "values given with --set. Each tipping point is shown exactly, as a decimal, as a "
        "formula in the other parameters where one exists, and with what changes there; then "
        "the regions between them. With --concept correlated: where the highest and lowest "
        "probability of each outcome a mediator can reach change formula, exactly.",
        epilog="examples:\n  bargaining thresholds models/ceasefire.toml --param L\n"
        "  bargaining thresholds models/ceasefire.toml --param G --set L=0.8",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("model", help="the model file (.toml)")
    parser.add_argument(
        "--param",
        dest="parameters",
        metavar="NAME",
        action="append",
        default=[],
        help="the parameter to vary (repeatable; default: every parameter tagged leverage, "
        "or every parameter when none is tagged)",
    )
    add_point_arguments(parser)
    add_concept_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Print the tipping points and regions along each requested parameter."""
    model = load_model(args.model)
    name = args.game if args.game is not None else next(iter(model.games))
    space = model.parameters
    values, given = point_values(space, args.assignments)
    names = args.parameters or [p.name for p in (space.tagged("leverage") or space.parameters)]
    for parameter in names:
        space[parameter]  # unknown names fail before any solving
    game = model.game(name)
    if not has_concept(game):
        raise BargainingError(
            f"game {name!r} is a {game_type_of(game).name} game, solved by formula: its "
            "thresholds are in its formulas; bargaining solve prints its quantities at a point"
        )
    require_profiles(game, args.concept, "thresholds", symbolic=True, bounds=True)
    concept = solution_concept(game, args.concept)
    if concept.pieces is not None:  # bounds over a set of solutions: their exact pieces
        concept_line(console, concept)
        print_bound_thresholds(console, concept, game, space, names, values, given)
        return 0
    solution = parametric_equilibria(game, space, concept=concept.name)
    concept_line(console, concept)
    for parameter in names:
        others = lever_heading(console, space, parameter, values, given)
        thresholds = solution.thresholds(parameter, at=others)
        if thresholds:
            points = table("Tipping points", parameter, "≈", "formula", "what changes")
            for threshold in thresholds:
                points.add_row(
                    str(threshold.value),
                    f"{float(threshold.value):.4g}",
                    str(threshold.expression) if threshold.expression is not None else "",
                    Text(threshold.change),
                )
            console.print(points)
        else:
            console.print(Text("no tipping point inside the range: the equilibria do not change"))
        regions = table("Regions", parameter, "equilibria", "outcomes")
        for region in solution.regions((parameter,), fixed=others):
            low, high = region.bounds
            regions.add_row(
                f"{value_text(low) if low.is_Rational else f'{float(low):.4g}'} to "
                f"{value_text(high) if high.is_Rational else f'{float(high):.4g}'}",
                Text("\n".join(region.equilibria)),
                Text(", ".join(sorted(region.outcomes))),
            )
        console.print(regions)
    return 0

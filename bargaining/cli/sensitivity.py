"""``bargaining sensitivity MODEL``: derivatives at a point, tornado swings, Monte Carlo and
Sobol indices of an outcome's probability."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from bargaining.analysis.monte_carlo import monte_carlo
from bargaining.analysis.sensitivity import Derivative, sensitivity
from bargaining.analysis.sobol import sobol
from bargaining.analysis.target import resolve_target
from bargaining.analysis.tornado import tornado
from bargaining.cli.concept import add_concept_argument, concept_line, require_profiles
from bargaining.cli.console import table, value_text
from bargaining.cli.values import parse_assignment, point_values, seed, share, whole_number
from bargaining.errors import GameError
from bargaining.limits import SAMPLES
from bargaining.model import load_model
from bargaining.solvers.concepts import solution_concept
from bargaining.solvers.result_rows import number_label

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sensitivity`` subcommand."""
    parser = subparsers.add_parser(
        "sensitivity",
        description="Four measures of sensitivity for one game of a model: the derivatives and "
        "elasticities of each equilibrium's strategies, payoffs and outcome probabilities at "
        "a point (exact where the game is solved in symbols, one-sided on a region boundary); "
        "the tornado swings of an outcome's probability, one parameter at a time; a Monte "
        "Carlo draw from the parameters' distributions (how likely the outcome is possible or "
        "assured); and Sobol indices (the share of its variance each parameter explains).",
        epilog="examples:\n  bargaining sensitivity models/ceasefire.toml\n"
        "  bargaining sensitivity models/ceasefire.toml --outcome war --at L=0.8 --seed 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("model", help="the model file (.toml)")
    parser.add_argument("--game", metavar="NAME", help="the game (default: the first)")
    parser.add_argument(
        "--outcome",
        metavar="NAME",
        help="the outcome whose probability the tornado, Monte Carlo and Sobol parts measure "
        "(default: ceasefire when the game has it, else its first outcome)",
    )
    parser.add_argument(
        "--statistic",
        choices=("max", "min"),
        default="max",
        help="read the outcome's probability in the equilibrium most (max, default) or least "
        "(min) favourable to it",
    )
    parser.add_argument(
        "--at",
        "--set",
        dest="assignments",
        metavar="NAME=VALUE",
        action="append",
        type=parse_assignment,
        default=[],
        help="the point for the derivatives and the tornado, instead of the baselines "
        "(exact decimal or fraction, inside the range; repeatable)",
    )
    parser.add_argument(
        "--share",
        type=share,
        default=1.0,
        help="tornado: how far each parameter moves, as a share of the way to each end of "
        "its range (default 1: the whole range)",
    )
    parser.add_argument(
        "--samples",
        type=whole_number(minimum=1, limit=SAMPLES),
        default=10_000,
        metavar="N",
        help="Monte Carlo draws (default 10000)",
    )
    parser.add_argument(
        "--sobol-n",
        type=whole_number(minimum=2, limit=SAMPLES),
        default=4096,
        metavar="N",
        help="Sobol base sample size, a power of two; the game is evaluated N (d + 2) times "
        "for d parameters (default 4096)",
    )
    parser.add_argument(
        "--seed", type=seed, default=0, help="seed of the Monte Carlo draws and Sobol design"
    )
    parser.add_argument(
        "--all-rows",
        action="store_true",
        help="list every derivative, including those that are zero",
    )
    add_concept_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Print the four sensitivity measures."""
    model = load_model(args.model)
    name = args.game if args.game is not None else next(iter(model.games))
    if name in model.games:
        require_profiles(model.game(name), args.concept, "sensitivity", bounds=True)
    count = len(model.parameters)
    SAMPLES.check(
        args.sobol_n * (count + 2), f"--sobol-n {args.sobol_n} x ({count} + 2) parameters"
    )
    target = resolve_target((model, name), concept=args.concept)
    values, given = point_values(model.parameters, args.assignments)
    outcome = _outcome(target, args.outcome)
    # Everything is computed before anything is printed: bad options fail with no output.
    derivatives = sensitivity(target, at=values)
    swings = tornado(target, outcome, statistic=args.statistic, share=args.share, at=values)
    draws = monte_carlo(target, args.samples, seed=args.seed)
    indices = sobol(target, outcome, args.sobol_n, args.seed, statistic=args.statistic)
    console.print(Text(f"{model.title or model.name}: game {name}", style="bold"))
    concept_line(console, solution_concept(target.game, target.concept))
    shown = ", ".join(f"{parameter}={value_text(value)}" for parameter, value in values.items())
    console.print(Text(f"at {shown}" + ("" if given else " (baselines)")))
    _print_derivatives(console, derivatives, args.all_rows)
    _print_tornado(console, swings)
    _print_monte_carlo(console, draws, outcome)
    _print_sobol(console, indices)
    return 0


def _outcome(target, requested: str | None) -> str:
    outcomes = target.outcomes
    if requested is not None:
        if requested not in outcomes:
            known = ", ".join(outcomes) or "none"
            raise GameError(f"unknown outcome {requested!r}; the game's outcomes are: {known}")
        return requested
    if not outcomes:
        raise GameError("the game names no outcomes; the sensitivity command measures one")
    return "ceasefire" if "ceasefire" in outcomes else outcomes[0]


def _print_derivatives(console: Console, result, all_rows: bool) -> None:
    if result.boundary:
        console.print(
            Text(
                "On a region boundary along " + ", ".join(result.boundary) + ": the equilibria "
                "differ on the two sides, so derivatives there are one-sided (left / right).",
                style="bold",
            )
        )
    rows = [row for row in result.rows if all_rows or _moves(row)]
    # One table per equilibrium: its name as the title keeps the columns wide enough.
    for equilibrium in dict.fromkeys(row.equilibrium for row in rows):
        derivatives = table(
            f"Derivatives and elasticities ({result.method}): {equilibrium}",
            "quantity",
            "parameter",
            "value",
            "d/dx",
            "elasticity",
        )
        for row in rows:
            if row.equilibrium == equilibrium:
                derivatives.add_row(
                    Text(row.quantity),
                    row.parameter,
                    _text(row.value),
                    _slope_text(row),
                    _text(row.elasticity),
                )
        console.print(derivatives)
    hidden = len(result.rows) - len(rows)
    if hidden:
        console.print(Text(f"({hidden} derivatives equal to 0 not shown; --all-rows lists them)"))


def _moves(row: Derivative) -> bool:
    return any(value not in (None, 0) for value in (row.derivative, row.left, row.right))


def _slope_text(row: Derivative) -> str:
    if row.derivative is not None:
        return _text(row.derivative)
    return f"left {_text(row.left)}, right {_text(row.right)}"


def _text(value) -> str:
    if value is None:
        return "-"
    return number_label(value)


def _print_tornado(console: Console, result) -> None:
    which = "highest" if result.statistic == "max" else "lowest"
    swings = table(
        f"Tornado: P({result.outcome}), {which} over {result.concept}; "
        f"{number_label(result.baseline)} at the point",
        "parameter",
        "low",
        "high",
        "at low",
        "at high",
        "swing",
    )
    for bar in result.bars:
        swings.add_row(
            bar.parameter,
            number_label(bar.low),
            number_label(bar.high),
            number_label(bar.at_low),
            number_label(bar.at_high),
            number_label(bar.swing),
        )
    console.print(swings)


def _print_monte_carlo(console: Console, result, outcome: str) -> None:
    summaries = table(
        f"Monte Carlo: {result.n} draws from the parameters' distributions (seed {result.seed})",
        "outcome",
        "possible",
        "assured",
        "mean, highest",
        "mean, lowest",
    )
    for summary in result.summaries():
        summaries.add_row(
            Text(summary.outcome, style="bold" if summary.outcome == outcome else ""),
            _plus_minus(summary.possible, summary.possible_se),
            _plus_minus(summary.assured, summary.assured_se),
            _plus_minus(summary.mean_max, summary.mean_max_se),
            _plus_minus(summary.mean_min, summary.mean_min_se),
        )
    console.print(summaries)
    console.print(
        Text(
            f"possible: some of the {result.concept} gives the outcome positive probability; "
            "assured: every one gives it probability 1 (± one standard error)"
        )
    )


def _plus_minus(value: float, error: float) -> str:
    return f"{value:.4f} ± {error:.4f}"


def _print_sobol(console: Console, result) -> None:
    level = f"{result.confidence:.0%}"
    indices = table(
        f"Sobol indices of {result.outcome} ({result.evaluations} evaluations; {level} intervals)",
        "parameter",
        "first order",
        "interval",
        "total",
        "interval",
    )
    for row in result.table():
        indices.add_row(
            row["parameter"],
            f"{row['first']:.3f}",
            f"{row['first_low']:.3f} to {row['first_high']:.3f}",
            f"{row['total']:.3f}",
            f"{row['total_low']:.3f} to {row['total_high']:.3f}",
        )
    console.print(indices)
    if result.variance == 0:
        console.print(Text(f"{result.outcome} does not vary: the indices are undefined"))

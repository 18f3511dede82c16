"""``bargaining sweep MODEL``: a game's equilibria over a grid (or a sample) of parameter values.

``--param L=0:1:1001`` gives 1001 evenly spaced values of L from 0 to 1 (``L=0.2,0.5`` a list,
``L=0.4`` one value); several ``--param`` make a Cartesian grid. The result goes to an ``.npz``
(:meth:`bargaining.analysis.SweepResult.load` reads it back) and a summary is printed: how many
points, how long, the share of points in each region and with each outcome possible.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
from rich.console import Console
from rich.text import Text

from bargaining.analysis.grid import Grid, grid
from bargaining.analysis.sweep import DEFAULT_CHUNK_SIZE, sweep
from bargaining.analysis.sweep_result import SweepResult, check_writable
from bargaining.analysis.target import METHODS, resolve_target
from bargaining.cli.concept import add_concept_argument, concept_line, require_profiles
from bargaining.cli.console import table
from bargaining.cli.values import parse_assignment, seed, whole_number
from bargaining.errors import ParameterError
from bargaining.files import exit_on_terminate
from bargaining.limits import POINTS, SAMPLES, usable_cores
from bargaining.model import load_model
from bargaining.solvers.concepts import solution_concept

__all__ = ["Axis", "parse_axis", "register", "run"]

#: Regions listed in the summary; the rest are added up in one line.
SHOWN_REGIONS = 12


@dataclass(frozen=True)
class Axis:
    """One ``--param`` as read: its values, or how to build them, so that the size of a grid
    is checked (:data:`bargaining.limits.POINTS`) before any array is allocated.

    Attributes
    ----------
    count:
        The number of values.
    start, stop:
        The ends of an evenly spaced axis (``START:STOP:COUNT``).
    listed:
        The values of ``V1,V2,...`` or ``VALUE``, when given one by one.
    """

    count: int
    start: float = 0.0
    stop: float = 0.0
    listed: tuple[float, ...] | None = None

    def values(self) -> np.ndarray:
        """The axis's values as an array."""
        if self.listed is not None:
            return np.array(self.listed)
        return np.linspace(self.start, self.stop, self.count)


def parse_axis(text: str) -> tuple[str, Axis]:
    """Read ``NAME=START:STOP:COUNT``, ``NAME=V1,V2,...`` or ``NAME=VALUE`` into an axis.

    Numbers are exact decimals or fractions (no eval); nothing is allocated (see
    :class:`Axis`). Raises :class:`argparse.ArgumentTypeError`, so argparse reports a usage
    error (exit 2).

    >>> name, axis = parse_axis("L=0:1:5")
    >>> name, axis.count, axis.values().tolist()
    ('L', 5, [0.0, 0.25, 0.5, 0.75, 1.0])
    >>> parse_axis("W=0.2,1/3")[1].values().round(4).tolist()
    [0.2, 0.3333]
    >>> parse_axis("L=0:1:0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --param L=0:1:0: COUNT must be a whole number of at least 1
    """
    name, equals, spec = text.partition("=")
    name = name.strip()
    if not equals or not name.isidentifier() or not spec.strip():
        raise argparse.ArgumentTypeError(
            f"expected NAME=START:STOP:COUNT, NAME=V1,V2,... or NAME=VALUE; got {text!r}"
        )

    def number(part: str) -> float:
        try:
            return float(parse_assignment(f"{name}={part}")[1])
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(
                f"--param {text}: {part.strip()!r} is not a number (write 0.4 or 1/3)"
            ) from None

    if ":" in spec:
        parts = spec.split(":")
        if len(parts) != 3:
            raise argparse.ArgumentTypeError(
                f"--param {text}: a range is START:STOP:COUNT, e.g. {name}=0:1:101"
            )
        start, stop = number(parts[0]), number(parts[1])
        try:
            count = whole_number(minimum=1, limit=POINTS)(parts[2])
        except argparse.ArgumentTypeError as error:
            message = str(error)
            if message.startswith("expected"):
                message = "COUNT must be a whole number of at least 1"
            raise argparse.ArgumentTypeError(f"--param {text}: {message}") from None
        return name, Axis(count, start, stop)
    listed = tuple(number(part) for part in spec.split(","))
    return name, Axis(len(listed), listed=listed)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` subcommand."""
    parser = subparsers.add_parser(
        "sweep",
        description="Evaluate a game's equilibria at every point of a grid of parameter "
        "values (or a random sample): the number of equilibria, the min and max probability "
        "of each outcome and each player's payoffs, and the region each point lies in. The "
        "game is solved once in symbols where it can be, then evaluated at numpy speed; "
        "otherwise it is solved point by point. Parameters not given keep their baseline. "
        "With --concept correlated the min and max are over the correlated equilibria: what a "
        "mediator can reach.",
        epilog="examples:\n"
        "  bargaining sweep models/ceasefire.toml --param L=0:1:1001 --param W=0:1:101 "
        "--out r.npz\n"
        "  bargaining sweep models/ceasefire.toml --sample 100000 --seed 1 --workers 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("model", help="the model file (.toml)")
    parser.add_argument("--game", metavar="NAME", help="the game to sweep (default: the first)")
    parser.add_argument(
        "--param",
        dest="axes",
        metavar="NAME=SPEC",
        action="append",
        type=parse_axis,
        default=[],
        help="an axis of the grid: NAME=START:STOP:COUNT (evenly spaced), NAME=V1,V2,... or "
        "NAME=VALUE; repeat for a Cartesian grid",
    )
    parser.add_argument(
        "--sample",
        metavar="N",
        type=whole_number(minimum=1, limit=SAMPLES),
        help="instead of a grid, N random points from the parameters' distributions",
    )
    parser.add_argument("--seed", type=seed, default=0, help="the seed of --sample (default 0)")
    parser.add_argument("--out", metavar="FILE.npz", help="write the result to this .npz file")
    parser.add_argument(
        "--workers",
        metavar="N",
        type=whole_number(minimum=1),
        default=1,
        help="worker processes (default 1: this process; BARGAINING_THREADS=auto lets a "
        "parametric sweep's evaluation use every core); at most one per core and per chunk of "
        "points",
    )
    parser.add_argument(
        "--clip",
        action="store_true",
        help="move values outside a parameter's range to the nearest end instead of refusing",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="parametric (solve once in symbols), points (solve at each point) or auto",
    )
    parser.add_argument(
        "--chunk-size",
        metavar="N",
        type=whole_number(minimum=1),
        help=f"points per chunk (default {DEFAULT_CHUNK_SIZE:,})",
    )
    parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    add_concept_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Sweep the grid or sample and print a summary."""
    size = _size(args)  # every budget is checked before the model is read
    if args.out is not None:
        check_writable(args.out)
    workers = _workers(args.workers, size, args.chunk_size or DEFAULT_CHUNK_SIZE)
    model = load_model(args.model)
    points = _points(args, model.parameters)
    name = args.game if args.game is not None else next(iter(model.games), None)
    if name in model.games:
        require_profiles(model.game(name), args.concept, "sweep", bounds=True)
    # Check the points against the parameters' ranges before the (slower) symbolic solve.
    unsolved = resolve_target((model, name), method="points")
    for axis, values in points.items() if isinstance(points, Grid) else ():
        unsolved.points({axis: values}, clip=args.clip)
    started = time.perf_counter()
    target = resolve_target((model, name), method=args.method, concept=args.concept)
    setup = time.perf_counter() - started
    pool = ProcessPoolExecutor(workers) if workers > 1 else nullcontext()
    # SIGTERM, like Ctrl-C, unwinds the sweep, which removes its temporary files.
    with exit_on_terminate(), pool as executor:
        result = sweep(
            target,
            points,
            executor=executor,
            chunk_size=args.chunk_size,
            progress=not args.no_progress,
            clip=args.clip,
            out=args.out,
        )
    _print_summary(console, model.title or model.name, result, setup, args.out)
    concept_line(console, solution_concept(target.game, target.concept))
    return 0


def _size(args: argparse.Namespace) -> int:
    """The number of points asked for, checked against :data:`~bargaining.limits.POINTS`."""
    if args.sample is not None:
        if args.axes:
            raise ParameterError("give either --param axes or --sample N, not both")
        return args.sample  # bounded by SAMPLES as it was read
    if not args.axes:
        raise ParameterError(
            "nothing to sweep: give at least one --param NAME=START:STOP:COUNT "
            "(e.g. --param L=0:1:101) or --sample N"
        )
    names = [name for name, _ in args.axes]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ParameterError(f"--param {', '.join(repeated)} is given more than once")
    counts = [axis.count for _, axis in args.axes]
    size = math.prod(counts)
    POINTS.check(size, f"a grid of {' x '.join(map(str, counts))}")
    return size


def _workers(requested: int, size: int, chunk_size: int) -> int:
    """``--workers`` capped at the cores and at the chunks there are to share; says so."""
    chunks = -(-size // chunk_size)
    cores = usable_cores()
    workers = min(requested, cores, chunks)
    if workers < requested:
        sys.stderr.write(
            f"bargaining: --workers {requested} capped at {workers}: this machine has "
            f"{cores} core{'s' if cores > 1 else ''} and the sweep {chunks:,} chunk"
            f"{'s' if chunks > 1 else ''} of up to {chunk_size:,} points\n"
        )
    return workers


def _points(args: argparse.Namespace, space):
    if args.sample is not None:
        return space.sample(args.sample, seed=args.seed)
    return grid(**{name: axis.values() for name, axis in args.axes})


def _print_summary(
    console: Console, title: str, result: SweepResult, setup: float, out: str | None
) -> None:
    points = len(result)
    rate = points / result.seconds if result.seconds > 0 else float("inf")
    console.print(Text(f"{title}: game {result.game}, {points:,} points", style="bold"))
    how = "solved in symbols" if result.method == "parametric" else "prepared"
    console.print(
        Text(
            f"{how} in {setup:.2f} s, swept in {result.seconds:.2f} s ({rate:,.0f} points/s)"
            + (f"; saved to {out}" if out else "")
        )
    )
    if result.note:
        console.print(Text(result.note, style="yellow"))
    boundary = int(np.count_nonzero(result.boundary))
    if boundary:
        console.print(Text(f"{boundary:,} points lie on a region boundary (within 1e-9)"))
    outcomes = table("Outcomes", "outcome", "possible at (share of points)")
    for outcome, count in result.outcome_possible.items():
        outcomes.add_row(Text(outcome), _share(count, points))
    console.print(outcomes)
    # Who plays what in each equilibrium; for correlated equilibria, what a mediator can reach.
    regions = table(f"Regions ({result.concept or 'equilibria'})", "share", "what holds there")
    ranked = sorted(
        zip(result.region_counts, result.regions, strict=True), key=lambda pair: -pair[0]
    )
    for count, text in ranked[:SHOWN_REGIONS]:
        regions.add_row(_share(count, points), Text(text.replace(" | ", "\n")))
    rest = sum(count for count, _ in ranked[SHOWN_REGIONS:])
    if rest:
        regions.add_row(_share(rest, points), Text(f"{len(ranked) - SHOWN_REGIONS} more regions"))
    console.print(regions)


def _share(count: int, total: int) -> str:
    """A share as a percentage; ``<0.1%`` rather than a misleading ``0.0%`` for a few points.

    >>> _share(1, 10_000), _share(0, 10), _share(1, 3)
    ('<0.1%', '0%', '33.3%')
    """
    if count == 0:
        return "0%"
    share = count / total
    return "<0.1%" if share < 0.001 else f"{share:.1%}"

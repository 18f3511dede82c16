"""``bargaining report [MODEL]``: solve a model and write its report (Markdown and HTML)."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bargaining.cli.concept import add_concept_argument
from bargaining.cli.values import seed, whole_number
from bargaining.files import exit_on_terminate
from bargaining.limits import EXAMPLES, SAMPLES
from bargaining.report import DEFAULT_MODEL, FORMATS, build, bundled_model, default_output
from bargaining.report.pipeline import read_model
from bargaining.solvers.concepts import DEFAULT

__all__ = ["parse_formats", "register", "run", "stage_display"]


def parse_formats(text: str) -> tuple[str, ...]:
    """``md,html`` -> ``("md", "html")``; a usage error for anything else.

    >>> parse_formats("html"), parse_formats(" md , html ")
    (('html',), ('md', 'html'))
    >>> parse_formats("pdf")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: unknown format 'pdf'; choose from md, html (comma-separated)
    """
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    for name in chosen or ("",):
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(
                f"unknown format {name!r}; choose from {', '.join(FORMATS)} (comma-separated)"
            )
    return chosen


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    parser = subparsers.add_parser(
        "report",
        description="Solve a model and write its report: a summary in sentences, the players, "
        "parameters and payoff formulas, each game with its equilibria at the baseline, its "
        "tipping points and regions, figures, the model's claims checked, and a "
        "reproducibility footer. Markdown (report.md with SVG figures beside it) and one "
        "self-contained HTML file (report.html) that needs no network. The directory is "
        "written as a whole or not at all.",
        epilog="examples:\n  bargaining report                      # the bundled ceasefire "
        "model -> reports/ceasefire/\n  bargaining report models/chicken.toml -o out/chicken "
        "--format html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "model",
        nargs="?",
        help=f"the model file (.toml); default: the bundled {DEFAULT_MODEL} model",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="the report directory (default: reports/<model name> in the current directory); "
        "an existing one is replaced only if it holds nothing but report files",
    )
    parser.add_argument(
        "--format",
        dest="formats",
        type=parse_formats,
        default=tuple(FORMATS),
        metavar="md,html",
        help="formats to write, comma-separated (default: md,html)",
    )
    parser.add_argument(
        "--seed", type=seed, default=0, help="seed of the claim search (default: 0)"
    )
    parser.add_argument(
        "--claim-examples",
        type=whole_number(limit=EXAMPLES),
        default=25,
        metavar="N",
        help="random points tried per claim, beyond the fixed ones (default: 25)",
    )
    parser.add_argument(
        "--draws",
        type=whole_number(minimum=1, limit=SAMPLES),
        default=2000,
        metavar="N",
        help="Monte Carlo draws from the parameters' distributions (default: 2000)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="show no progress on stderr (none is shown when stderr is not a terminal either)",
    )
    add_concept_argument(parser)
    parser.set_defaults(run=run)


def _command(args: argparse.Namespace) -> str:
    """The command line that reproduces this report, options spelt out."""
    words = ["bargaining", "report", *([args.model] if args.model else [])]
    if args.output:
        words += ["-o", args.output]
    words += ["--format", ",".join(args.formats), "--seed", str(args.seed)]
    words += ["--claim-examples", str(args.claim_examples), "--draws", str(args.draws)]
    if args.concept != DEFAULT:
        words += ["--concept", args.concept]
    return shlex.join(words)


@contextmanager
def stage_display(console: Console | None) -> Iterator[Callable[[str], None]]:
    """A live list of the report's stages on ``console``; yields the callback that starts one.

    Each stage shows a spinner while it runs and its time once the next one starts; with
    ``console=None`` nothing is shown and the callback does nothing.

    >>> import io
    >>> screen = Console(file=io.StringIO(), force_terminal=True, width=60)
    >>> with stage_display(screen) as stage:
    ...     stage("solving game talks")
    ...     stage("writing the report")
    >>> "solving game talks" in screen.file.getvalue()
    True
    """
    if console is None:
        yield lambda stage: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(finished_text="[green]✓"), TextColumn("{task.description}"))
    with Progress(*columns, TimeElapsedColumn(), console=console) as display:
        running: list = []

        def start(stage: str) -> None:
            for task in running:
                display.update(task, completed=1)
            running[:] = [display.add_task(Text(stage).markup, total=1)]

        yield start
        # Only a build that finished ticks its last stage: a failed one keeps no false tick.
        for task in running:
            display.update(task, completed=1)


def _progress_console(args: argparse.Namespace) -> Console | None:
    """stderr when it is a terminal and ``--quiet`` was not given (stdout stays for results)."""
    if args.quiet:
        return None
    stderr = Console(stderr=True)
    return stderr if stderr.is_terminal else None


def run(args: argparse.Namespace, console: Console) -> int:
    """Write the report and say where it is."""
    path = Path(args.model) if args.model else bundled_model()
    model = read_model(path)
    out_dir = Path(args.output) if args.output else default_output(model.model.name)
    # SIGTERM, like Ctrl-C, unwinds the build, which removes its temporary folder.
    with exit_on_terminate(), stage_display(_progress_console(args)) as stage:
        report = build(
            model,
            out_dir,
            formats=args.formats,
            seed=args.seed,
            claim_examples=args.claim_examples,
            draws=args.draws,
            command=_command(args),
            concept=args.concept,
            progress=stage,
        )
    console.print(Text(f"Report on {model.model.name} written to {report.directory}/:"))
    for file in report.files:
        console.print(Text(f"  {file.name}"))
    return 0

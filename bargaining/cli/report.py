"""``bargaining report [MODEL]``: solve a model and write its report (Markdown and HTML)."""

from __future__ import annotations

import argparse
import shlex
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

__all__ = ["parse_formats", "register", "run"]


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


def run(args: argparse.Namespace, console: Console) -> int:
    """Write the report and say where it is."""
    path = Path(args.model) if args.model else bundled_model()
    model = read_model(path)
    out_dir = Path(args.output) if args.output else default_output(model.model.name)
    # SIGTERM, like Ctrl-C, unwinds the build, which removes its temporary folder.
    with exit_on_terminate():
        report = build(
            model,
            out_dir,
            formats=args.formats,
            seed=args.seed,
            claim_examples=args.claim_examples,
            draws=args.draws,
            command=_command(args),
            concept=args.concept,
        )
    console.print(Text(f"Report on {model.model.name} written to {report.directory}/:"))
    for file in report.files:
        console.print(Text(f"  {file.name}"))
    return 0

"""``bargaining check MODEL``: search the parameter space for points where a claim fails."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from bargaining.cli.concept import add_concept_argument, require_profiles
from bargaining.cli.console import table
from bargaining.cli.values import seed, whole_number
from bargaining.errors import BargainingError
from bargaining.limits import EXAMPLES
from bargaining.model import load_model
from bargaining.testing.claims import SolvedPoints, check_claim, point_text

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        description="Check each [[claims]] entry of a model: solve the claim's game exactly at "
        "the baseline, the range ends and corners, both sides of every tipping point of the "
        "leverage parameters, and at points found by a hypothesis search, and report the "
        "simplest point where a claim fails with the equilibria there (those of the game's "
        "solution concept, or of --concept). Exit code 1 when a "
        "claim fails, 0 when all hold.",
        epilog="examples:\n  bargaining check models/chicken.toml\n"
        "  bargaining check models/ceasefire.toml --examples 500 --seed 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("model", help="the model file (.toml)")
    parser.add_argument(
        "--examples",
        type=whole_number(limit=EXAMPLES),
        default=200,
        metavar="N",
        help="points the hypothesis search draws per claim (default 200)",
    )
    parser.add_argument(
        "--seed", type=seed, default=0, metavar="S", help="seed of the search (default 0)"
    )
    parser.add_argument(
        "--claim",
        action="append",
        metavar="NAME",
        help="check only this claim (repeatable)",
    )
    add_concept_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Check the claims and print a table; 1 when a claim fails."""
    if args.examples < 0:
        raise BargainingError("--examples must be at least 0")
    model = load_model(args.model)
    claims = model.claims
    if args.claim:
        names = {c.name for c in claims}
        unknown = [name for name in args.claim if name not in names]
        if unknown:
            known = ", ".join(repr(name) for name in names) or "none"
            raise BargainingError(f"unknown claim {unknown[0]!r}; the model's claims are: {known}")
        claims = tuple(c for c in claims if c.name in args.claim)
    title = model.title or model.name
    if not claims:
        console.print(Text(f"{title}: no claims to check", style="bold"))
        return 0
    for game in dict.fromkeys(c.game for c in claims):
        require_profiles(model.game(game), args.concept, "check")
    solved = SolvedPoints(model)  # claims visiting the same point share its solve
    results = [
        check_claim(
            model, c, examples=args.examples, seed=args.seed, concept=args.concept, solved=solved
        )
        for c in claims
    ]
    failed = [r for r in results if not r.passed]
    console.print(
        Text(
            f"{title}: {len(results) - len(failed)} of {len(results)} claims hold",
            style="bold",
        )
    )
    concepts = dict.fromkeys((r.game, r.concept) for r in results)
    if len({concept for _, concept in concepts}) == 1:
        console.print(Text(f"solution concept: {results[0].concept}"))
    else:
        shown = "; ".join(f"{game}: {concept}" for game, concept in concepts)
        console.print(Text(f"solution concepts: {shown}"))
    several = len(model.games) > 1
    summary = table("Claims", "claim", *(["game"] if several else []), "result", "points", "note")
    for result in results:
        verdict = "passed" if result.passed else "FAILED"
        where = "" if result.passed else _changes(model, result.counterexample)
        if result.passed and result.note:
            where = result.note
        game = [Text(result.game)] if several else []
        summary.add_row(Text(result.name), *game, verdict, str(result.tried), Text(where))
    console.print(summary)
    for result in failed:
        console.print(Text(f"FAILED: {result.name}", style="bold"))
        console.print(Text(f"  at {point_text(result.counterexample)}"))
        console.print(Text(f"  equilibria there ({len(result.equilibria)}):"))
        for text in result.equilibria or ("none",):
            console.print(Text(f"    {text}"))
    return 1 if failed else 0


def _changes(model, point) -> str:
    """The parameters of a counterexample that differ from their baselines."""
    baseline = model.parameters.baseline
    changed = {name: value for name, value in point.items() if value != baseline[name]}
    if not changed:
        return "the baseline" if point else "(no parameters)"
    return point_text(changed) + ("; others at baseline" if len(changed) < len(point) else "")

"""Printing results of solution concepts whose results are not ``Equilibrium`` objects.

Correlated equilibria, logit QRE points (and perfect Bayesian equilibria) are results of their
own kind. ``bargaining solve`` prints them through one protocol, which each such result class
implements:

- ``summary_row() -> dict[str, str]``: the result as one row of a table, column title -> text
  (the same titles for every result of one concept);
- ``to_json() -> dict``: the result as a JSON-ready dict, exact values as
  ``{"exact": "p/q", "float": x}`` (:func:`bargaining.solvers.result_rows.number_json`);
- optionally ``outcome_probabilities``, ``(outcome, probability)`` pairs as
  :class:`~bargaining.solvers.Equilibrium` has them, printed as a second table.

This module also reads the options some concepts take (``--lam`` for ``--concept qre``).
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

from bargaining.cli.console import table
from bargaining.numbers import Number
from bargaining.solvers.concepts import SolutionConcept
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.result_rows import number_json, number_label

__all__ = [
    "FORMAT",
    "add_option_arguments",
    "concept_options",
    "is_other_result",
    "print_results",
    "results_json",
]

#: The ``"format"`` of the JSON document of such results.
FORMAT = "bargaining.concept_results"


def _precision(text: str) -> float:
    """``--lam``: a finite number >= 0 (argparse reports anything else as a usage error)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            f"expected a finite number >= 0, such as 2.5; got {text!r}"
        )
    return value


def add_option_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of concepts that take one: ``--lam`` (the logit QRE's precision).

    >>> parser = argparse.ArgumentParser()
    >>> add_option_arguments(parser)
    >>> concept_options(parser.parse_args(["--lam", "2.5"])), concept_options(parser.parse_args([]))
    ({'lam': 2.5}, {})
    """
    parser.add_argument(
        "--lam",
        metavar="λ",
        type=_precision,
        default=None,
        help="with --concept qre: the logit QRE at this precision (default: the Nash "
        "equilibrium its principal branch converges to as λ grows)",
    )


def concept_options(args: argparse.Namespace) -> dict[str, object]:
    """The concept options given on the command line, for
    :func:`~bargaining.solvers.concepts.equilibria` (which refuses those a concept lacks)."""
    return {} if args.lam is None else {"lam": args.lam}


def is_other_result(found: Sequence[object]) -> bool:
    """Whether results are of a concept's own kind (not ``Equilibrium`` objects), to be
    printed with :func:`print_results`.

    >>> is_other_result([]), is_other_result(["a QRE point"])
    (False, True)
    """
    return any(not isinstance(result, Equilibrium) for result in found)


def print_results(console: Console, concept: SolutionConcept, found: Sequence[object]) -> None:
    """One table of the results' summary rows, then their outcome probabilities if they have
    any."""
    if not found:
        return
    rows = [result.summary_row() for result in found]
    columns = list(rows[0])
    grid = table(concept.plural[:1].upper() + concept.plural[1:], "#", *columns)
    for index, row in enumerate(rows, 1):
        grid.add_row(str(index), *(Text(row[column]) for column in columns))
    console.print(grid)
    outcomes = [outcome for outcome, _ in getattr(found[0], "outcome_probabilities", ())]
    if outcomes:
        probabilities = table("Outcome probabilities", "#", *outcomes)
        for index, result in enumerate(found, 1):
            values = dict(result.outcome_probabilities)
            probabilities.add_row(str(index), *(number_label(values[o]) for o in outcomes))
        console.print(probabilities)


def results_json(
    found: Sequence[object],
    *,
    game: str,
    concept: SolutionConcept,
    parameters: Mapping[str, Number],
) -> str:
    """The results as a JSON document (format ``"bargaining.concept_results"``, version 1).

    >>> from bargaining import NormalFormGame, correlated_equilibria
    >>> from bargaining.solvers.concepts import solution_concept
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> text = results_json([correlated_equilibria(game)], game="g",
    ...     concept=solution_concept(game, "correlated"), parameters={})
    >>> json.loads(text)["results"][0]["value"]
    2
    """
    document = {
        "format": FORMAT,
        "version": 1,
        "game": game,
        "concept": concept.name,
        "parameters": {name: number_json(value) for name, value in parameters.items()},
        "results": [result.to_json() for result in found],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)

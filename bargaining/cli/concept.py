"""``--concept NAME``: the solution concept a command solves a game with, and the line saying so.

The names are those registered in :mod:`bargaining.solvers.concepts`; the default is the game
kind's own (Nash equilibria for normal-form games, subgame-perfect equilibria for game trees).
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from bargaining.solvers.concepts import DEFAULT, SolutionConcept

__all__ = ["add_concept_argument", "concept_line"]


def add_concept_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--concept NAME`` (default: the game kind's own concept).

    >>> parser = argparse.ArgumentParser()
    >>> add_concept_argument(parser)
    >>> parser.parse_args([]).concept, parser.parse_args(["--concept", "nash"]).concept
    ('default', 'nash')
    """
    parser.add_argument(
        "--concept",
        metavar="NAME",
        default=DEFAULT,
        help="the solution concept: nash, or for a game tree subgame-perfect (its default with "
        "perfect information) or nash (the Nash equilibria of its reduced strategic form); "
        "default: the game's own",
    )


def concept_line(console: Console, concept: SolutionConcept) -> None:
    """Print ``solution concept: Nash equilibrium``: every output says which one it used."""
    console.print(Text(f"solution concept: {concept.title}"))

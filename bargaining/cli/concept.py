"""``--concept NAME``: the solution concept a command solves a game with, and the line saying so.

The names are those registered in :mod:`bargaining.solvers.concepts`; the default is the game
kind's own (Nash equilibria for normal-form games, subgame-perfect equilibria for game trees).
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from bargaining.errors import BargainingError
from bargaining.solvers.concepts import (
    DEFAULT,
    SolutionConcept,
    concept_names,
    has_concept,
    solution_concept,
)

__all__ = ["add_concept_argument", "concept_line", "require_profiles"]


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
        help="the solution concept: nash, correlated (a mediator's reach; sweeps and "
        "sensitivity then bound each outcome's probability over the correlated equilibria) or "
        "qre for a normal-form game; for a game tree subgame-perfect (its default with perfect "
        "information), nash (the Nash equilibria of its reduced strategic form) or pbe "
        "(perfect Bayesian equilibria, with beliefs); bayes-nash for a Bayesian game; default: "
        "the game's own",
    )


def concept_line(console: Console, concept: SolutionConcept) -> None:
    """Print ``solution concept: Nash equilibrium``: every output says which one it used."""
    console.print(Text(f"solution concept: {concept.title}"))


def require_profiles(
    game: object, name: str, command: str, *, symbolic: bool = False, bounds: bool = False
) -> None:
    """Refuse a concept a command cannot use, naming the concepts it takes: one whose results
    are not strategy profiles (correlated equilibria) in a command that summarises profiles
    (check), or, with ``symbolic``, one without a symbolic solver in a command that solves in
    symbols. With ``bounds`` the command also takes a concept evaluated by its bounds (the
    correlated equilibria: a mediator's reach): sweep and sensitivity evaluate those, and
    thresholds (with ``symbolic``) finds their exact pieces.

    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays([[[1]], [[1]]])
    >>> require_profiles(game, "qre", "sweep")
    >>> try:
    ...     require_profiles(game, "correlated", "check")
    ... except BargainingError as error:
    ...     print(error)
    bargaining check summarises equilibria that are strategy profiles; --concept correlated \
gives correlated equilibria, which it cannot (it takes: nash, qre); bargaining solve \
--concept correlated prints them
    >>> require_profiles(game, "correlated", "sweep", bounds=True)
    """
    if not has_concept(game):  # games solved by formula: their command says what it does
        return
    concept = solution_concept(game, name)

    def usable(concept: SolutionConcept) -> bool:
        if bounds and concept.bounds is not None:
            return not symbolic or concept.pieces is not None
        return concept.parametric is not None if symbolic else concept.profiles

    if usable(concept):
        return
    takes = [n for n in concept_names(type(game)) if usable(solution_concept(game, n))]
    what = (
        "solves the game in symbols; --concept {name} has no symbolic solver"
        if symbolic
        else "summarises equilibria that are strategy profiles; --concept {name} gives "
        "{plural}, which it cannot"
    ).format(name=concept.name, plural=concept.plural)
    raise BargainingError(
        f"bargaining {command} {what} (it takes: {', '.join(takes)}); bargaining solve "
        f"--concept {concept.name} prints them"
    )

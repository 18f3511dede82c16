"""``--set NAME=VALUE``: parameter values given on the command line, read exactly without eval."""

from __future__ import annotations

import argparse
import re
from fractions import Fraction

from bargaining.errors import ParameterError
from bargaining.numbers import ExactNumber, Number
from bargaining.params import ParameterSpace

__all__ = ["add_point_arguments", "parse_assignment", "point_values"]

# A decimal (with an optional short exponent) or a fraction: bounded, so that text such as
# 1e999999999 cannot make Fraction compute an enormous power of ten.
_EXACT = re.compile(
    r"[-+]?(\d{1,50}(\.\d{0,50})?|\.\d{1,50})([eE][-+]?\d{1,3})?|[-+]?\d{1,50}/\d{1,50}"
)


def parse_assignment(text: str) -> tuple[str, ExactNumber]:
    """Read ``NAME=VALUE`` with an exact decimal or fraction value.

    Raises :class:`argparse.ArgumentTypeError`, so argparse reports a usage error (exit 2).

    >>> parse_assignment("L=0.4"), parse_assignment("c = 1/3"), parse_assignment("k=2")
    (('L', Fraction(2, 5)), ('c', Fraction(1, 3)), ('k', 2))
    >>> parse_assignment("L=__import__('os')")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected NAME=VALUE with an exact number, such as L=0.4 ...
    """
    name, equals, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not equals or not name.isidentifier() or not _EXACT.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"expected NAME=VALUE with an exact number, such as L=0.4 or L=1/3; got {text!r}"
        )
    try:
        exact = Fraction(value)
    except ZeroDivisionError:
        raise argparse.ArgumentTypeError(f"division by zero in {text!r}") from None
    return name, exact.numerator if exact.denominator == 1 else exact


def add_point_arguments(parser: argparse.ArgumentParser) -> None:
    """``--game NAME`` and repeatable ``--set NAME=VALUE``, shared by the commands that solve."""
    parser.add_argument("--game", metavar="NAME", help="the game to solve (default: the first)")
    parser.add_argument(
        "--set",
        dest="assignments",
        metavar="NAME=VALUE",
        action="append",
        type=parse_assignment,
        default=[],
        help="give a parameter a value inside its range instead of its baseline, as an exact "
        "decimal or fraction (L=0.4, L=1/3); repeat for several parameters",
    )


def point_values(
    space: ParameterSpace, assignments: list[tuple[str, ExactNumber]]
) -> tuple[dict[str, Number], set[str]]:
    """Every parameter's value (baselines where not ``--set``) and the names that were set.

    >>> from bargaining.params import Parameter
    >>> space = ParameterSpace([Parameter("L", 0, 1, Fraction(7, 10))])
    >>> point_values(space, [("L", Fraction(2, 5))])
    ({'L': Fraction(2, 5)}, {'L'})
    """
    given: dict[str, Number] = {}
    for parameter, value in assignments:
        if parameter in given:
            raise ParameterError(f"--set {parameter}=... is given twice")
        given[parameter] = value
    return space.validate(given), set(given)

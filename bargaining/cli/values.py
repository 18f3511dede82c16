"""Values given on the command line: ``--set NAME=VALUE`` read exactly without eval, and the
counts and seeds of every command, checked against their limits while the arguments are read."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from fractions import Fraction

from bargaining.errors import ParameterError
from bargaining.limits import Limit, LimitError
from bargaining.numbers import ExactNumber, Number
from bargaining.params import ParameterSpace

__all__ = [
    "add_point_arguments",
    "parse_assignment",
    "point_values",
    "seed",
    "share",
    "whole_number",
]

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


def whole_number(*, minimum: int = 0, limit: Limit | None = None) -> Callable[[str], int]:
    """An argparse ``type`` reading a whole number of at least ``minimum`` and within ``limit``.

    A number over the limit is a usage error (exit 2) naming the limit and how to raise it,
    raised while the arguments are read, before any work.

    >>> from bargaining.limits import SAMPLES
    >>> draws = whole_number(minimum=1, limit=SAMPLES)
    >>> draws("2000")
    2000
    >>> draws("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of at least 1, got '0'
    >>> draws("10000000000")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 10,000,000,000 draws is more than the limit of 10,000,000; ...
    """

    def parse(text: str) -> int:
        digits = text.strip().replace("_", "")
        # Bounded before int(): a number of thousands of digits is refused, not converted.
        if not digits.isdigit() or len(digits) > 30 or int(digits) < minimum:
            raise argparse.ArgumentTypeError(
                f"expected a whole number of at least {minimum}, got {text!r}"
            )
        number = int(digits)
        if limit is not None:
            try:
                limit.check(number, "")
            except LimitError as error:
                raise argparse.ArgumentTypeError(str(error)) from None
        return number

    parse.__name__ = "whole number"  # argparse names the type in some messages
    return parse


def seed(text: str) -> int:
    """A random seed: a whole number from 0 to 2**64 - 1.

    >>> seed("3")
    3
    >>> seed("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: a seed is a whole number from 0 to 18446744073709551615; got '-1'
    """
    digits = text.strip()
    if not digits.isdigit() or len(digits) > 20 or int(digits) >= 2**64:
        raise argparse.ArgumentTypeError(
            f"a seed is a whole number from 0 to {2**64 - 1}; got {text!r}"
        )
    return int(digits)


def share(text: str) -> float:
    """A share in (0, 1], such as how far the tornado moves each parameter.

    >>> share("0.5"), share("1/4")
    (0.5, 0.25)
    >>> share("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a share above 0 and at most 1, such as 0.5; got 'nan'
    """
    try:
        value = float(parse_assignment(f"share={text}")[1])
    except argparse.ArgumentTypeError:
        value = float("nan")
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(
            f"expected a share above 0 and at most 1, such as 0.5; got {text!r}"
        )
    return value

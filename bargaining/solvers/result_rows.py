"""Numbers of a result that is not an ``Equilibrium``, as table text and as JSON.

Results of concepts such as correlated equilibria or logit QRE print through
``summary_row()`` and ``to_json()`` (the protocol of :mod:`bargaining.cli.concept_results`);
these two functions keep their numbers alike: exact values as ``p/q`` with the float beside
in JSON, floats as themselves.
"""

from __future__ import annotations

from fractions import Fraction

from bargaining.expr import expression_text
from bargaining.numbers import Number

__all__ = ["number_json", "number_label"]


def number_label(value: Number) -> str:
    """A number for a table cell: exact as ``p/q`` (or a formula such as ``sqrt(2)/2`` for an
    algebraic number), floats to 6 significant digits.

    The command line's tables and the ``summary_row()`` of results print numbers through this
    one function, so a number reads the same wherever it is shown.

    >>> number_label(Fraction(2, 3)), number_label(0.1234567), number_label(3)
    ('2/3', '0.123457', '3')
    >>> import sympy
    >>> number_label(Fraction(4)), number_label(sympy.sqrt(2) / 2)
    ('4', 'sqrt(2)/2')
    """
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, int | Fraction):
        return str(value)
    return expression_text(value)


def number_json(value: Number) -> int | float | dict[str, object]:
    """A number for a JSON document: an integer or float as itself, a fraction as
    ``{"exact": "p/q", "float": ...}`` so a reader gets the exact value and a quick look.

    >>> number_json(Fraction(1, 4)), number_json(2), number_json(0.5)
    ({'exact': '1/4', 'float': 0.25}, 2, 0.5)
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        return {"exact": f"{value.numerator}/{value.denominator}", "float": float(value)}
    if isinstance(value, int | float):
        return value
    return {"exact": str(value), "float": float(value)}

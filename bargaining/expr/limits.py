"""What an expression may use, and the limits that bound the work of turning text into sympy.

Each ``MAX_*`` limit is checked *before* the sympy call it protects (see
:mod:`bargaining.expr.parser`), so hostile text is refused within milliseconds.

>>> from bargaining.expr.limits import ALLOWED_FUNCTIONS, MAX_LENGTH
>>> sorted(ALLOWED_FUNCTIONS)[:3], MAX_LENGTH
(['Abs', 'Max', 'Min'], 1000)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import sympy

__all__ = [
    "ALLOWED_FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LITERAL_DIGITS",
    "MAX_MIN_MAX_ARGUMENTS",
    "MAX_NUMBER_BITS",
    "MAX_ROOT_BITS",
]

#: Longest accepted text, in characters; checked before parsing.
MAX_LENGTH = 1000
#: Deepest accepted nesting of sub-expressions. Left-leaning chains such as ``a + b - c + d``
#: count as one level, so long sums and products are not refused.
MAX_DEPTH = 50
#: Most digits in the numerator or denominator of a number literal (``0.7`` is 7/10).
MAX_LITERAL_DIGITS = 50
#: Largest accepted absolute value of a numeric exponent. Symbolic exponents (``delta**t``) are
#: allowed; when the base has numbers, the numbers in the exponent count towards MAX_NUMBER_BITS.
MAX_EXPONENT = 100
#: Largest number, in bits of numerator plus denominator, an expression may compute (about 1200
#: digits). Powers with a numeric exponent are estimated *before* sympy computes them, and
#: ``exp`` of a number is limited to this size.
MAX_NUMBER_BITS = 4096
#: Most bits of numbers under roots (fractional powers) in one expression: sympy factors them.
MAX_ROOT_BITS = 512
#: Most arguments of Min/Max, counting those of directly nested Min/Max.
MAX_MIN_MAX_ARGUMENTS = 8

#: Functions an expression may call by bare name; read-only.
ALLOWED_FUNCTIONS: Mapping[str, Callable[..., sympy.Basic]] = MappingProxyType(
    {
        "Abs": sympy.Abs,
        "Max": sympy.Max,
        "Min": sympy.Min,
        "exp": sympy.exp,
        "log": sympy.log,
        "sqrt": sympy.sqrt,
        # Lower-case aliases, as Python spells them.
        "abs": sympy.Abs,
        "max": sympy.Max,
        "min": sympy.Min,
    }
)

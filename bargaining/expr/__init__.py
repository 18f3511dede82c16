"""Safe conversion of untrusted expression text into sympy objects, and back.

:func:`parse_expr` turns text such as ``"1 - L/2"`` or ``"L >= 0.8 and W < 0.3"`` into sympy
objects without evaluating it (:mod:`bargaining.expr.parser` explains the security model);
:func:`expression_text` is its inverse, printing sympy objects in the syntax the parser reads.

>>> formula = parse_expr("1 - L*(1 - W/2)", ["L", "W"])
>>> expression_text(formula)
'-L*(1 - W/2) + 1'
>>> parse_expr(expression_text(formula), ["L", "W"]) == formula
True

The modules: :mod:`~bargaining.expr.limits` (what may be used, and the ``MAX_*`` bounds on the
work), :mod:`~bargaining.expr.source` (positions in the text for error messages),
:mod:`~bargaining.expr.builder` (syntax tree to sympy), :mod:`~bargaining.expr.parser` and
:mod:`~bargaining.expr.printer`.
"""

from bargaining.errors import ExpressionError
from bargaining.expr import limits
from bargaining.expr.limits import *  # noqa: F403 -- its ``__all__`` is the one list of the limits
from bargaining.expr.parser import free_names, parse_expr
from bargaining.expr.printer import expression_text

__all__ = [
    *limits.__all__,
    "ExpressionError",
    "expression_text",
    "free_names",
    "parse_expr",
]

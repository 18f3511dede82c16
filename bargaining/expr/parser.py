"""Safe conversion of untrusted expression text into sympy objects.

Security model
--------------
Model files are untrusted text, and the expressions in them (payoffs such as ``"1 - L - r"``,
conditions such as ``"L >= 0.8 and W < 0.3"``) must become sympy objects without running any of
that text as code.

* :func:`eval` runs arbitrary code: ``__import__('os').system(...)`` is a valid expression.
* :func:`sympy.sympify` and :func:`sympy.parse_expr` call :func:`eval` on (a transformed copy
  of) their input, so they are no safer, and they accept attribute access, subscripts and calls
  of anything in sympy's namespace.

This module never evaluates text. :func:`ast.parse` only builds a syntax tree; :func:`parse_expr`
walks that tree against a *whitelist* of node types and builds each sympy object directly from
sympy classes (``sympy.Add``, ``sympy.Lt``, ...). Names resolve only to the symbols the caller
declared, calls only to a fixed table of functions plus the callables the caller passes, so no
attribute, global or builtin of Python is reachable. Anything not on the whitelist is refused
with :class:`~bargaining.errors.ExpressionError`, which names the token, its column and what is
allowed.

Untrusted text can also attack time and memory, because sympy evaluates eagerly: ``10**100000``
computes a huge integer, ``exp(log(2)*10**10)`` becomes ``2**10000000000``, comparisons and
``Min``/``Max`` evaluate numbers numerically (``exp(exp(exp(exp(100)))) < 1`` never finishes),
and roots of numbers are factored. The module constants ``MAX_*`` bound that work, each checked
*before* the sympy call it protects, so such input is refused within milliseconds: text length
(before parsing), nesting depth (on the syntax tree), size of number literals, numeric exponents
and the numbers powers would produce, the argument of ``exp`` of a number, the total size of
numbers under roots, and the number of ``Min``/``Max`` arguments. What the caller later does
with the result (``subs`` of huge values, ``simplify``) is outside this guarantee.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Mapping

import sympy

from bargaining.errors import ExpressionError
from bargaining.expr.builder import Builder
from bargaining.expr.limits import MAX_DEPTH, MAX_LENGTH
from bargaining.expr.source import Source

__all__ = ["free_names", "parse_expr"]

# Operator and context nodes are not sub-expressions; they do not count towards the depth.
_NOT_NESTING = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


def parse_expr(
    text: str,
    names: Mapping[str, sympy.Symbol] | Iterable[str],
    *,
    functions: Mapping[str, Callable[..., sympy.Basic]] | None = None,
) -> sympy.Basic:
    """Convert untrusted expression text into a sympy object, without evaluating the text.

    Parameters
    ----------
    text:
        The expression, Python syntax. Allowed: int and decimal literals (converted exactly,
        ``0.7`` is ``7/10``), ``True``/``False``, the declared names, ``+ - * / **``, unary
        ``-``/``+``, comparisons ``< <= > >= == !=`` (chained comparisons become ``And``),
        ``and``/``or``/``not``, ``a if condition else b`` (a ``Piecewise``), and calls by bare
        name of the functions in :data:`ALLOWED_FUNCTIONS` and in ``functions``.
    names:
        The declared names: a mapping from name to the sympy symbol to use (kept as is, with
        its assumptions), or an iterable of names, each becoming ``sympy.Symbol(name,
        real=True)``.
    functions:
        Extra functions callable by name, e.g. ``{"prob": prob}``; they shadow
        :data:`ALLOWED_FUNCTIONS`. Their arguments may be string literals, passed as ``str``;
        other arguments are parsed expressions. An :class:`ExpressionError` they raise
        propagates; any other exception is wrapped in one.

    Returns
    -------
    sympy.Basic
        A sympy expression (``sympy.Expr``) or, for comparisons and logic, a sympy boolean.

    Raises
    ------
    ExpressionError
        When the text is not a str, is blank, too long or too deeply nested, has a syntax
        error, or uses anything not allowed (undeclared names, attributes, subscripts, other
        calls, strings, ``%``, ``//``, huge literals or powers, ...). ``column`` is the 1-based
        position of the offending token in the text and ``token`` the token as written.
    TypeError
        When ``names`` or ``functions`` (trusted arguments from the caller) are malformed.

    Notes
    -----
    No text is evaluated: see the module docstring. Work is bounded by the module constants
    ``MAX_LENGTH``, ``MAX_DEPTH``, ``MAX_LITERAL_DIGITS``, ``MAX_EXPONENT``, ``MAX_NUMBER_BITS``,
    ``MAX_ROOT_BITS`` and ``MAX_MIN_MAX_ARGUMENTS``. For text spanning several lines, ``column``
    counts characters from the start of the text.

    Examples
    --------
    >>> from bargaining.expr import parse_expr
    >>> parse_expr("1 - L/2", ["L"])
    1 - L/2
    >>> parse_expr("L >= 0.8 and W < 0.3", ["L", "W"])
    (L >= 4/5) & (W < 3/10)
    >>> from bargaining.errors import ExpressionError
    >>> try:
    ...     parse_expr("L + foo", ["L", "W"])
    ... except ExpressionError as err:
    ...     print(err.reason, "| column", err.column, "| token", err.token)
    undeclared name 'foo' (declared names: L, W) | column 5 | token foo
    """
    symbols = _symbol_table(names)
    callables = _function_table(functions)
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be a str, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(text)} characters long; at most {MAX_LENGTH} are allowed"
        )
    if not text.strip():
        raise ExpressionError("expression is empty", text=text)
    if "\x00" in text:
        raise ExpressionError(
            "null character in expression", text=text, column=text.index("\x00") + 1
        )
    source = Source(text)
    tree = _parse(source)
    _check_depth(tree.body, source)
    return Builder(source, symbols, callables).build(tree.body)


def free_names(expr: sympy.Basic) -> frozenset[str]:
    """Names of the free symbols of a sympy object.

    >>> from bargaining.expr import free_names, parse_expr
    >>> sorted(free_names(parse_expr("L * r + 1", ["L", "W", "r"])))
    ['L', 'r']
    """
    if not isinstance(expr, sympy.Basic):
        raise TypeError(f"expected a sympy object, not {type(expr).__name__}")
    return frozenset(symbol.name for symbol in expr.free_symbols)  # type: ignore[attr-defined]


def _symbol_table(names: Mapping[str, sympy.Symbol] | Iterable[str]) -> dict[str, sympy.Symbol]:
    # A bare str is an iterable of one-letter names: almost certainly a mistake.
    if isinstance(names, str):
        raise TypeError("names must be a mapping or an iterable of names, not a str")
    if isinstance(names, Mapping):
        table = dict(names)
        for name, symbol in table.items():
            if not isinstance(name, str) or not isinstance(symbol, sympy.Symbol):
                raise TypeError(f"names must map str to sympy.Symbol, got {name!r}: {symbol!r}")
        return table
    table = {}
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"names must be str, got {name!r}")
        table[name] = sympy.Symbol(name, real=True)
    return table


def _function_table(
    functions: Mapping[str, Callable[..., sympy.Basic]] | None,
) -> dict[str, Callable[..., sympy.Basic]]:
    table = dict(functions or {})
    for name, function in table.items():
        if not isinstance(name, str) or not callable(function):
            raise TypeError(f"functions must map str to callables, got {name!r}: {function!r}")
    return table


def _parse(source: Source) -> ast.Expression:
    """Parse with :func:`ast.parse` (no code runs), turning every failure into ExpressionError."""
    text = source.text
    try:
        # The parser may warn (e.g. invalid escape sequences); warnings are output, a side
        # effect, and under ``-W error`` they would become other exceptions.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source.parsed, mode="eval")
    except SyntaxError as exc:
        end = len(text.rstrip()) + 1
        column = source.syntax_column(exc.lineno, exc.offset) or end
        message, token = exc.msg, text[column - 1] if column < end else None
        if column >= end:
            message += " (the expression ends too early)"
        raise ExpressionError(message, text=text, column=min(column, end), token=token) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        # Deeply nested input can exhaust the parser; there is nothing more precise to say.
        raise ExpressionError(f"could not parse expression: {exc}", text=text) from None


def _check_depth(root: ast.expr, source: Source) -> None:
    """Refuse trees nested deeper than MAX_DEPTH, iteratively, before anything is built.

    This bounds the recursion of :class:`~bargaining.expr.builder.Builder` and of sympy on what
    it builds.
    """
    stack: list[tuple[ast.AST, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression is nested more than {MAX_DEPTH} levels deep",
                text=source.text,
                column=source.column(node),
                token=source.token(node),
            )
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _NOT_NESTING):
                continue
            # The left operand of a chain like a + b - c is handled iteratively: same level.
            chained = isinstance(node, ast.BinOp) and child is node.left
            stack.append((child, depth if chained else depth + 1))

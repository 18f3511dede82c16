"""Builds sympy objects from a checked syntax tree, node by node, refusing all but a whitelist.

:func:`bargaining.expr.parse_expr` parses the text with :func:`ast.parse` and checks its depth;
:class:`Builder` then walks the tree. Every sympy object is made by a sympy class or function
named here (``sympy.Add``, ``sympy.Lt``, ...), never by evaluating text, and each numeric
limit of :mod:`bargaining.expr.limits` is checked before the sympy call it protects.

>>> import ast
>>> source = Source("2*L <= 1")
>>> L = sympy.Symbol("L", real=True)
>>> Builder(source, {"L": L}, {}).build(ast.parse(source.parsed, mode="eval").body)
2*L <= 1
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from bargaining.errors import ExpressionError
from bargaining.expr.limits import (
    ALLOWED_FUNCTIONS,
    MAX_EXPONENT,
    MAX_LITERAL_DIGITS,
    MAX_MIN_MAX_ARGUMENTS,
    MAX_NUMBER_BITS,
    MAX_ROOT_BITS,
)
from bargaining.expr.source import Source, shorten

__all__ = ["Builder"]

# (fewest, most) arguments of each whitelisted function; None means no upper bound.
_ARITY: Mapping[Any, tuple[int, int | None]] = MappingProxyType(
    {
        sympy.Abs: (1, 1),
        sympy.exp: (1, 1),
        sympy.sqrt: (1, 1),
        sympy.log: (1, 2),
        sympy.Min: (1, None),
        sympy.Max: (1, None),
    }
)

_ARITHMETIC_OPS: Mapping[type[ast.operator], str] = MappingProxyType(
    {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
)
_REFUSED_OPS: Mapping[type[ast.AST], str] = MappingProxyType(
    {
        ast.Mod: "%",
        ast.FloorDiv: "//",
        ast.MatMult: "@",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.BitXor: "^",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.Invert: "~",
        ast.Is: "is",
        ast.IsNot: "is not",
        ast.In: "in",
        ast.NotIn: "not in",
    }
)
_COMPARISONS: Mapping[type[ast.cmpop], Callable[[Any, Any], sympy.Basic]] = MappingProxyType(
    {
        ast.Lt: sympy.Lt,
        ast.LtE: sympy.Le,
        ast.Gt: sympy.Gt,
        ast.GtE: sympy.Ge,
        ast.Eq: sympy.Eq,
        ast.NotEq: sympy.Ne,
    }
)
# Names for refused node types, used in error messages.
_REFUSED_NODES: Mapping[type[ast.AST], str] = MappingProxyType(
    {
        ast.Attribute: "attribute access",
        ast.Subscript: "a subscript",
        ast.Lambda: "a lambda",
        ast.ListComp: "a comprehension",
        ast.SetComp: "a comprehension",
        ast.DictComp: "a comprehension",
        ast.GeneratorExp: "a generator expression",
        ast.Starred: "a starred expression",
        ast.NamedExpr: "an assignment expression (:=)",
        ast.JoinedStr: "an f-string",
        ast.List: "a list",
        ast.Tuple: "a tuple",
        ast.Set: "a set",
        ast.Dict: "a dict",
        ast.Slice: "a slice",
        ast.Await: "await",
        ast.Yield: "yield",
        ast.YieldFrom: "yield",
    }
)

# A float literal's source text (after removing underscores), to convert it exactly.
_FLOAT_LITERAL = re.compile(r"(?P<int>\d*)(?:\.(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d+))?")
_UNDEFINED = (sympy.S.NaN, sympy.S.ComplexInfinity)
# Runs of these operators are built with one n-ary sympy call.
_RUN_KINDS: Mapping[type[ast.operator], type[sympy.Basic]] = MappingProxyType(
    {ast.Add: sympy.Add, ast.Sub: sympy.Add, ast.Mult: sympy.Mul, ast.Div: sympy.Mul}
)
# exp(x) <= 2**MAX_NUMBER_BITS. Bounding exp of numbers bounds every later numeric evaluation
# (comparisons, Min/Max, Abs): exp(exp(exp(exp(100)))) < 1 would otherwise never finish.
_MAX_EXP_ARGUMENT = MAX_NUMBER_BITS * math.log(2)


def _bits(number: sympy.Rational) -> int:
    return int(number.p).bit_length() + int(number.q).bit_length()  # type: ignore[attr-defined]


def _number_bits(expr: sympy.Basic) -> int:
    """Total bits of the distinct rational numbers in ``expr``."""
    return sum(_bits(number) for number in expr.atoms(sympy.Rational))


def _bounded(number: sympy.Expr, limit: float) -> bool:
    """Whether the real part of a numeric expression is known to lie within +-limit."""
    try:
        # Safe: every exp inside was bounded the same way, so evalf needs modest precision.
        real = sympy.re(number.evalf(15))
        return bool(real.is_Number) and abs(float(real)) <= limit
    except Exception:  # an evaluation failure is an unknown size: refuse
        return False


def _is_boolean(value: sympy.Basic) -> bool:
    # sympy Symbols are also Booleans; a condition must be a relational or logic, not a number.
    return isinstance(value, Boolean) and not isinstance(value, sympy.Expr)


class Builder:
    """Walks a checked syntax tree and builds sympy objects, refusing all but the whitelist.

    One builder serves one expression: it counts the bits of numbers under roots as it goes
    (bounded by :data:`~bargaining.expr.limits.MAX_ROOT_BITS`). ``functions`` are the caller's
    extra callables; they shadow :data:`~bargaining.expr.limits.ALLOWED_FUNCTIONS`.
    """

    def __init__(
        self,
        source: Source,
        symbols: Mapping[str, sympy.Symbol],
        functions: Mapping[str, Callable[..., sympy.Basic]],
    ) -> None:
        self.text = source.text
        self.source = source
        self.symbols = symbols
        self.functions = functions
        self.root_bits = 0  # bits of numbers under fractional powers so far; see _power
        self.handlers: Mapping[type[ast.AST], Callable[[Any], sympy.Basic]] = {
            ast.Constant: self._constant,
            ast.Name: self._name,
            ast.BinOp: self._binop,
            ast.UnaryOp: self._unaryop,
            ast.Compare: self._compare,
            ast.BoolOp: self._boolop,
            ast.IfExp: self._ifexp,
            ast.Call: self._call,
        }

    # -- errors -------------------------------------------------------------------------------

    def _allowed(self) -> str:
        extra = "".join(f", {name}" for name in sorted(self.functions))
        return (
            "allowed are numbers, declared names, + - * / **, comparisons < <= > >= == !=, "
            "and/or/not, 'x if condition else y' and calls of Abs, Max, Min, exp, log, sqrt "
            f"(or abs, max, min){extra}"
        )

    def _error(
        self,
        message: str,
        node: ast.AST,
        *,
        column: int | None = None,
        token: str | None = None,
    ) -> ExpressionError:
        return ExpressionError(
            message,
            text=self.text,
            column=column if column is not None else self.source.column(node),
            token=token if token is not None else self.source.token(node),
        )

    def _refuse_operator(
        self, node: ast.AST, left: ast.AST, right: ast.AST, op: ast.AST
    ) -> ExpressionError:
        symbol = _REFUSED_OPS.get(type(op), type(op).__name__)
        column = self.source.operator_column(left, right, symbol)
        return self._error(
            f"operator '{symbol}' is not allowed; {self._allowed()}",
            node,
            column=column,
            token=symbol,
        )

    def _sympy(self, node: ast.AST, build: Callable[..., sympy.Basic], *args: Any) -> Any:
        """Call sympy; its exceptions on odd input (TypeError, ...) become ExpressionError."""
        try:
            value = build(*args)
        except ExpressionError:
            raise
        except Exception as exc:
            raise self._error(
                f"invalid expression {self.source.token(node)!r}: {exc}", node
            ) from None
        if any(value is undefined for undefined in _UNDEFINED):
            raise self._error(f"{self.source.token(node)!r} is undefined ({value})", node)
        # Numbers gather in the top-level arguments (the coefficient of a product, the constant
        # of a sum); deeper ones were checked when they were built.
        for part in (value, *value.args):
            if part.is_Rational and _bits(part) > MAX_NUMBER_BITS:
                raise self._error(
                    f"{self.source.token(node)!r} computes a number of more than "
                    f"{MAX_NUMBER_BITS} bits",
                    node,
                )
        return value

    # -- dispatch -----------------------------------------------------------------------------

    def build(self, node: ast.AST) -> sympy.Basic:
        handler = self.handlers.get(type(node))
        if handler is None:
            what = _REFUSED_NODES.get(type(node), f"a {type(node).__name__} expression")
            token = self.source.token(node)
            raise self._error(f"{what} is not allowed: {token!r}; {self._allowed()}", node)
        return handler(node)

    def _arithmetic(self, node: ast.AST) -> sympy.Expr:
        """Build an operand of arithmetic or of a comparison: it must be a number-valued."""
        value = self.build(node)
        if not isinstance(value, sympy.Expr):
            raise self._error(
                f"{self.source.token(node)!r} is a condition, not a number; it cannot be used "
                "in arithmetic or compared",
                node,
            )
        return value

    def _condition(self, node: ast.AST) -> sympy.Basic:
        value = self.build(node)
        if not _is_boolean(value):
            raise self._error(
                f"{self.source.token(node)!r} is not a condition; a condition must be a "
                "comparison (such as L >= 0.5), True/False, or and/or/not of conditions",
                node,
            )
        return value

    # -- leaves -------------------------------------------------------------------------------

    def _constant(self, node: ast.Constant) -> sympy.Basic:
        value = node.value
        if isinstance(value, bool):  # before int: bool is an int subclass
            return sympy.true if value else sympy.false
        if isinstance(value, int):
            if abs(value) >= 10**MAX_LITERAL_DIGITS:
                raise self._error(f"number literal has more than {MAX_LITERAL_DIGITS} digits", node)
            return sympy.Integer(value)
        if isinstance(value, float):
            return self._decimal(node)
        what = {str: "a string", bytes: "bytes", complex: "a complex number"}.get(
            type(value), f"the constant {value!r}"
        )
        raise self._error(f"{what} is not allowed here; {self._allowed()}", node)

    def _decimal(self, node: ast.Constant) -> sympy.Rational:
        # Convert from the literal as written, not from the binary float: 0.7 is exactly 7/10.
        written = (ast.get_source_segment(self.source.parsed, node) or "").replace("_", "")
        match = _FLOAT_LITERAL.fullmatch(written)
        # Bound the exponent before Fraction computes 10**exponent.
        if match is None or abs(int(match["exp"] or 0)) > 2 * MAX_LITERAL_DIGITS:
            raise self._error(
                f"number literal out of range (at most {MAX_LITERAL_DIGITS} digits)", node
            )
        exact = Fraction(written)
        if max(abs(exact.numerator), exact.denominator) >= 10**MAX_LITERAL_DIGITS:
            raise self._error(
                f"number literal has more than {MAX_LITERAL_DIGITS} digits "
                "(in the numerator or denominator of its exact value)",
                node,
            )
        return sympy.Rational(exact.numerator, exact.denominator)

    def _name(self, node: ast.Name) -> sympy.Symbol:
        symbol = self.symbols.get(node.id)
        if symbol is not None:
            return symbol
        declared = ", ".join(sorted(self.symbols)) if self.symbols else "none"
        hint = difflib.get_close_matches(node.id, list(self.symbols), n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise self._error(
            f"undeclared name {shorten(node.id)!r} (declared names: {declared}{suggestion})",
            node,
        )

    # -- arithmetic ---------------------------------------------------------------------------

    def _binop(self, node: ast.BinOp) -> sympy.Expr:
        # Walk a left-leaning chain (a + b - c * d ...) iteratively, and build each run of + -
        # or * / with one n-ary sympy.Add/Mul: building pairwise costs quadratic time.
        chain: list[ast.BinOp] = []
        leftmost: ast.AST = node
        while isinstance(leftmost, ast.BinOp):
            chain.append(leftmost)
            leftmost = leftmost.left
        chain.reverse()

        run: list[sympy.Expr] = [self._arithmetic(leftmost)]
        run_kind: type[sympy.Basic] | None = None  # sympy.Add, sympy.Mul or None (one operand)
        for link in chain:
            op = type(link.op)
            if op not in _ARITHMETIC_OPS:
                raise self._refuse_operator(link, link.left, link.right, link.op)
            right = self._arithmetic(link.right)
            kind = _RUN_KINDS.get(op)
            if run_kind is not None and kind is not run_kind:
                run = [self._sympy(link.left, run_kind, *run)]
            if op is ast.Pow:
                run, run_kind = [self._power(link, run[0], right, link.right)], None
                continue
            if op is ast.Sub:
                right = self._sympy(link.right, sympy.Mul, sympy.S.NegativeOne, right)
            elif op is ast.Div:
                if right.is_zero:
                    raise self._error("division by zero", link.right)
                right = self._sympy(link.right, sympy.Pow, right, sympy.S.NegativeOne)
            run.append(right)
            run_kind = kind
        return self._sympy(node, run_kind, *run) if run_kind is not None else run[0]

    def _power(
        self, node: ast.AST, base: sympy.Expr, exponent: sympy.Expr, exponent_node: ast.AST
    ) -> sympy.Expr:
        # Check before sympy.Pow: with a numeric exponent sympy computes numbers eagerly
        # (10**100000, or (2*L)**n -> 2**n * L**n), which can take unbounded time and memory.
        if exponent.is_number:
            if not exponent.is_Rational:
                raise self._error("a numeric exponent must be a rational number", exponent_node)
            if abs(exponent) > MAX_EXPONENT:
                raise self._error(
                    f"exponent {shorten(str(exponent))} is too large (a numeric exponent must "
                    f"be at most {MAX_EXPONENT} in absolute value)",
                    exponent_node,
                )
            if exponent.q != 1:  # type: ignore[attr-defined]
                self._spend_root_bits(node, _number_bits(base))
            if base.is_zero and exponent.is_negative:
                raise self._error("division by zero (zero to a negative power)", node)
        self._check_power_size(node, base, exponent)
        power = self._sympy(node, sympy.Pow, base, exponent)
        if isinstance(power, sympy.Pow):  # (2**(L + 100))**100 is 2**(100*L + 10000)
            self._check_power_size(node, *power.args)
        return power

    def _check_power_size(self, node: ast.AST, base: sympy.Expr, exponent: sympy.Expr) -> None:
        # The numbers a power computes, now or when sympy later splits the exponent (comparing
        # sqrt(2)**(10**10 - L) with 1 computes 2**(5*10**9)), have at most about this many
        # bits: the bits of the numbers in the base times the largest number in the exponent.
        numbers = exponent.atoms(sympy.Rational)
        largest = max((abs(number) for number in numbers), default=sympy.S.Zero)
        if _number_bits(base) * largest > MAX_NUMBER_BITS:
            raise self._error(
                f"power {self.source.token(node)!r} would produce an enormous number", node
            )

    def _spend_root_bits(self, node: ast.AST, bits: int) -> None:
        # Roots of numbers make sympy factor them (sqrt(8) -> 2*sqrt(2)), also when a product
        # merges them (sqrt(a)*sqrt(b) -> sqrt(a*b)); factoring costs grow steeply with size.
        self.root_bits += bits
        if self.root_bits > MAX_ROOT_BITS:
            raise self._error(
                f"{self.source.token(node)!r}: roots of numbers are limited to "
                f"{MAX_ROOT_BITS} bits of numbers in total",
                node,
            )

    def _unaryop(self, node: ast.UnaryOp) -> sympy.Basic:
        if isinstance(node.op, ast.Not):
            return self._sympy(node, sympy.Not, self._condition(node.operand))
        if isinstance(node.op, ast.USub):
            return self._sympy(node, sympy.Mul, sympy.S.NegativeOne, self._arithmetic(node.operand))
        if isinstance(node.op, ast.UAdd):
            return self._arithmetic(node.operand)
        raise self._error(f"operator '~' is not allowed; {self._allowed()}", node, token="~")

    # -- conditions ---------------------------------------------------------------------------

    def _compare(self, node: ast.Compare) -> sympy.Basic:
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands[:-1], operands[1:], strict=True):
            if type(op) not in _COMPARISONS:
                raise self._refuse_operator(node, left, right, op)
        values = [self._arithmetic(operand) for operand in operands]
        # a < b < c means a < b and b < c, with b built once.
        parts = [
            self._sympy(node, _COMPARISONS[type(op)], left, right)
            for op, left, right in zip(node.ops, values[:-1], values[1:], strict=True)
        ]
        return parts[0] if len(parts) == 1 else self._sympy(node, sympy.And, *parts)

    def _boolop(self, node: ast.BoolOp) -> sympy.Basic:
        combine = sympy.And if isinstance(node.op, ast.And) else sympy.Or
        return self._sympy(node, combine, *(self._condition(value) for value in node.values))

    def _ifexp(self, node: ast.IfExp) -> sympy.Basic:
        condition = self._condition(node.test)
        chosen, otherwise = self.build(node.body), self.build(node.orelse)
        if isinstance(chosen, sympy.Expr) != isinstance(otherwise, sympy.Expr):
            raise self._error(
                "both branches of 'x if condition else y' must be numbers, or both conditions",
                node,
            )
        return self._sympy(node, sympy.Piecewise, (chosen, condition), (otherwise, True))

    # -- calls --------------------------------------------------------------------------------

    def _call(self, node: ast.Call) -> sympy.Basic:
        if not isinstance(node.func, ast.Name):
            raise self._error(
                f"only functions named directly can be called, not "
                f"{self.source.token(node.func)!r}; {self._allowed()}",
                node.func,
            )
        name = node.func.id
        function = self.functions[name] if name in self.functions else ALLOWED_FUNCTIONS.get(name)
        if function is None:
            known = [*ALLOWED_FUNCTIONS, *self.functions]
            hint = difflib.get_close_matches(name, known, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise self._error(
                f"function {shorten(name)!r} is not allowed{suggestion}; {self._allowed()}",
                node.func,
            )
        if node.keywords:
            keyword = node.keywords[0]
            raise self._error(
                f"keyword arguments are not allowed in a call of {name}()",
                keyword,
                token=keyword.arg or "**",
            )
        starred = [argument for argument in node.args if isinstance(argument, ast.Starred)]
        if starred:
            raise self._error(
                f"starred arguments are not allowed in a call of {name}()", starred[0]
            )
        if name in self.functions:
            return self._caller_function(node, name, function)

        fewest, most = _ARITY[function]
        if len(node.args) < fewest or (most is not None and len(node.args) > most):
            if fewest == most:
                expected = f"{fewest}"
            elif most is None:
                expected = f"at least {fewest}"
            else:
                expected = f"{fewest} to {most}"
            raise self._error(
                f"{name}() takes {expected} argument{'' if expected.endswith('1') else 's'}, "
                f"got {len(node.args)}",
                node,
            )
        arguments = [self._arithmetic(argument) for argument in node.args]
        if function is sympy.sqrt:
            return self._power(node, arguments[0], sympy.S.Half, node)
        if function is sympy.exp:
            self._check_exp(node, arguments[0])
        if function in (sympy.Min, sympy.Max):
            # sympy compares every pair of arguments (nested Min/Max merge into one): the cost
            # is quadratic, with a symbolic proof attempt per pair.
            count = sum(
                len(a.args) if isinstance(a, sympy.Min | sympy.Max) else 1 for a in arguments
            )
            if count > MAX_MIN_MAX_ARGUMENTS:
                raise self._error(
                    f"{name}() of more than {MAX_MIN_MAX_ARGUMENTS} arguments (counting those "
                    "of nested Min/Max)",
                    node,
                )
        return self._sympy(node, function, *arguments)

    def _check_exp(self, node: ast.Call, argument: sympy.Expr) -> None:
        # sympy evaluates exp(c*log(x)) to x**c: apply the limits of numeric powers to c.
        if argument.has(sympy.log):
            numbers = argument.atoms(sympy.Rational)
            largest = max((abs(number) for number in numbers), default=sympy.S.Zero)
            bits = _number_bits(argument)
            if largest > MAX_EXPONENT or bits * largest > MAX_NUMBER_BITS:
                raise self._error(
                    f"{self.source.token(node)!r} may produce an enormous number (numbers in "
                    f"exp() of a log must be at most {MAX_EXPONENT})",
                    node,
                )
            self._spend_root_bits(node, bits)  # exp(log(x)/2) is sqrt(x)
        if argument.is_number and not _bounded(argument, _MAX_EXP_ARGUMENT):
            raise self._error(
                f"{self.source.token(node)!r} is too large: exp() of a number must have an "
                f"argument of at most {_MAX_EXP_ARGUMENT:.0f}",
                node,
            )

    def _caller_function(
        self, node: ast.Call, name: str, function: Callable[..., sympy.Basic]
    ) -> sympy.Basic:
        # String literals are allowed only here, as arguments of the caller's own functions.
        arguments = [
            argument.value
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            else self.build(argument)
            for argument in node.args
        ]
        try:
            value = function(*arguments)
        except ExpressionError:
            raise
        except Exception as exc:
            raise self._error(f"{name}() failed: {type(exc).__name__}: {exc}", node) from None
        if isinstance(value, bool):
            return sympy.true if value else sympy.false
        if isinstance(value, int | Fraction):
            exact = Fraction(value)
            return sympy.Rational(exact.numerator, exact.denominator)
        if not isinstance(value, sympy.Basic):
            raise self._error(
                f"{name}() returned {type(value).__name__}, not a sympy object or number", node
            )
        return value

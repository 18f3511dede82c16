"""Compile sympy expressions to fast numeric functions, safe from the parameters' names.

:func:`sympy.lambdify` writes Python source in which each argument is a variable named after
its symbol, next to the functions it calls (``exp``, ``sqrt``, ``select``, ``greater``, ...).
A parameter called ``exp`` (model files may name parameters anything) then shadows the
function and the generated code fails, or worse, computes something else. Every numeric
compilation in the toolkit goes through :func:`numeric_function`, which first renames the
symbols to fresh names of its own (``_p0``, ``_p1``, ...) that no function uses.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy
from sympy.core.traversal import bottom_up

__all__ = [
    "SHARED_SUM_TERMS",
    "NumericProgram",
    "numeric_function",
    "numeric_program",
    "shared_sums",
]


def numeric_function(
    symbols: sympy.Symbol | Sequence[sympy.Symbol],
    expression: object,
    modules: str = "numpy",
    *,
    cse: bool = False,
) -> Callable:
    """``sympy.lambdify(symbols, expression, modules)`` with the symbols renamed first.

    ``expression`` may be one expression or a (nested) list of them, as for lambdify; the
    function takes the values of ``symbols`` positionally, in order. With ``cse``, common
    subexpressions of the list are computed once (:func:`sympy.cse`), which pays off when many
    formulas share products of the parameters.

    Examples
    --------
    A parameter named like a function that the generated code calls:

    >>> exp = sympy.Symbol("exp", positive=True)
    >>> f = numeric_function([exp], sympy.exp(exp) - exp, "math")
    >>> round(f(1.0), 6)
    1.718282
    >>> x, y = sympy.symbols("x y")
    >>> numeric_function([x, y], [(x + y) ** 2, 2 * (x + y) ** 2], "math", cse=True)(1.0, 2.0)
    [9.0, 18.0]
    """
    single = isinstance(symbols, sympy.Symbol)
    listed = [symbols] if single else list(symbols)
    taken = {symbol.name for symbol in listed} | _names(expression)
    prefix = "_p"
    while any(name.startswith(prefix) for name in taken):  # a fresh name must be fresh
        prefix += "_"
    fresh = [sympy.Symbol(f"{prefix}{index}", **s.assumptions0) for index, s in enumerate(listed)]
    renaming = dict(zip(listed, fresh, strict=True))
    renamed = _renamed(expression, renaming)
    if modules == "numpy":
        import numpy

        # lambdify runs `from numpy import *` for "numpy", which loads numpy's lazy submodules
        # (testing, f2py, ...: 0.09 CPU-s of a process's first sweep); the module itself gives
        # the same printer, the same code and the same functions.
        modules = [numpy]
    return sympy.lambdify(fresh[0] if single else fresh, renamed, modules, cse=cse)


def _names(expression: object) -> set[str]:
    if isinstance(expression, list | tuple):
        return set().union(*(_names(part) for part in expression))
    if isinstance(expression, sympy.Basic):
        return {symbol.name for symbol in expression.free_symbols}
    return set()


def _renamed(expression: object, renaming: dict) -> object:
    if isinstance(expression, list | tuple):
        return type(expression)(_renamed(part, renaming) for part in expression)
    if isinstance(expression, sympy.Basic):
        # sympy's complex infinity (zoo, an undefined value) has no numpy spelling: use NaN.
        return expression.xreplace({**renaming, sympy.zoo: sympy.nan})
    return expression


# -- programs: formulas as numpy calls on preallocated rows ------------------------------------

_UNARY = {
    sympy.exp: np.exp,
    sympy.log: np.log,
    sympy.Abs: np.abs,
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tan: np.tan,
    sympy.atan: np.arctan,
    sympy.sinh: np.sinh,
    sympy.cosh: np.cosh,
    sympy.tanh: np.tanh,
}
_FOLDS = {sympy.Min: np.minimum, sympy.Max: np.maximum}

Operand = int | float
"""A register (an int: argument, scratch or output row) or a constant (a float)."""


@dataclass(frozen=True)
class NumericProgram:
    """Formulas compiled to a straight list of numpy ufunc calls, each writing into a row given
    by the caller: no Python source is generated and nothing is allocated per call, so
    evaluating chunk after chunk reuses the same buffers. Build one with
    :func:`numeric_program`.

    Registers are numbered: the ``arguments`` first, then ``scratch`` rows, then the
    ``outputs``. Each step is ``(ufunc, a, b, target)``: ``target = ufunc(a, b)`` (``b`` is
    None for unary functions), where an operand is a register (int) or a constant (float).
    """

    arguments: int
    outputs: int
    scratch: int
    steps: tuple[tuple[np.ufunc, Operand, Operand | None, int], ...]

    def run(
        self,
        arguments: Sequence[np.ndarray],
        outputs: Sequence[np.ndarray],
        scratch: Sequence[np.ndarray],
    ) -> None:
        """Write every formula's values into ``outputs`` (arrays of one length, like the
        ``arguments``), using ``scratch`` (at least :attr:`scratch` such arrays) in between.

        >>> x, y = sympy.symbols("x y")
        >>> program = numeric_program([x, y], [(x + y) ** 2, 1 / (x + y) - x])
        >>> out, work = np.empty((2, 3)), np.empty((program.scratch, 3))
        >>> program.run([np.array([1.0, 2, 3]), np.ones(3)], out, work)
        >>> out.tolist()
        [[4.0, 9.0, 16.0], [-0.5, -1.6666666666666667, -2.75]]
        """
        registers = [*arguments, *scratch[: self.scratch], *outputs]
        for function, a, b, target in self.steps:
            x = registers[a] if a.__class__ is int else a
            if b is None:
                function(x, out=registers[target])
            else:
                function(x, registers[b] if b.__class__ is int else b, out=registers[target])


def _rebuilt(expression: sympy.Basic) -> sympy.Basic:
    return expression.func(*expression.args) if expression.args else expression


class _Unsupported(Exception):
    """A formula uses an operation programs do not have."""


def numeric_program(
    symbols: Sequence[sympy.Symbol], expressions: Sequence[object]
) -> NumericProgram | None:
    """Compile ``expressions`` (functions of ``symbols``) into a :class:`NumericProgram`, with
    their common subexpressions computed once (:func:`sympy.cse`); None when one uses an
    operation outside sums, products, powers, ``Min``/``Max`` and the elementary functions
    (compile those with :func:`numeric_function`).

    The values are those of :func:`numeric_function` up to the order of the floating-point
    operations (a few units in the last place), and the same in every process, whether an
    expression was held evaluated or not. Symbols are matched as objects, never by name,
    so any parameter name is safe.

    >>> x = sympy.Symbol("x")
    >>> numeric_program([x], [x + 1]).steps
    ((<ufunc 'add'>, 1.0, 0, 1),)
    >>> numeric_program([x], [sympy.Piecewise((x, x > 0), (0, True))]) is None
    True
    """
    # Rebuilt bottom up, so that an expression held unevaluated (``-(x + y)/2`` as a product)
    # and its evaluated copy (what unpickling gives a process-pool worker) compile to the same
    # steps, and so to the same bits.
    canonical = [bottom_up(sympy.sympify(e), _rebuilt) for e in expressions]
    sums, rewritten = shared_sums(canonical)
    replacements, reduced = sympy.cse([definition for _, definition in sums] + rewritten)
    named = [*replacements, *zip((name for name, _ in sums), reduced[: len(sums)], strict=True)]
    # A name for a symbol (a sum that cse found whole) is that symbol: no step, no copy.
    same = {name: value for name, value in named if value.is_Symbol}
    while any(value in same for value in same.values()):
        same = {name: same.get(value, value) for name, value in same.items()}
    outputs = [expression.xreplace(same) for expression in reduced[len(sums) :]]
    named = [(name, value.xreplace(same)) for name, value in named if name not in same]
    statements = _dependency_order([*named, *enumerate(outputs)])
    compiler = _Compiler(list(symbols))
    # A formula that is one named value (a common subexpression, a shared sum) is computed
    # straight into its output row, which then serves as that value's register: no copy.
    defined = {name for name, _ in statements if not isinstance(name, int)}
    for index, expression in enumerate(outputs):
        if expression in defined and expression not in compiler.aliases:
            compiler.aliases[expression] = ("output", index)
    last_use: dict[sympy.Symbol, int] = {}
    for index, (_, expression) in enumerate(statements):
        for symbol in expression.free_symbols:
            last_use[symbol] = index
    try:
        for index, (name, expression) in enumerate(statements):
            if isinstance(name, int):
                if compiler.aliases.get(expression) != ("output", name):
                    compiler.value(expression, ("output", name))
            else:
                compiler.define(name, expression)
            for symbol, last in last_use.items():
                if last == index and symbol in compiler.named:
                    register = compiler.named.pop(symbol)
                    if register[0] == "scratch":  # an output row stays written
                        compiler.free.append(register)
    except _Unsupported:
        return None
    return compiler.program(len(symbols), len(outputs))


def _dependency_order(statements: list[tuple]) -> list[tuple]:
    """``(name, expression)`` statements ordered so that each comes after those defining the
    names it uses, otherwise in the given order (names are symbols, outputs are ints)."""
    defines = {
        name: index for index, (name, _) in enumerate(statements) if not isinstance(name, int)
    }
    needs = [
        {defines[s] for s in expression.free_symbols if s in defines}
        for _, expression in statements
    ]
    users: dict[int, list[int]] = {}
    for index, needed in enumerate(needs):
        for other in needed:
            users.setdefault(other, []).append(index)
    waiting = [len(needed) for needed in needs]
    ready = [index for index, count in enumerate(waiting) if count == 0]
    heapq.heapify(ready)
    ordered = []
    while ready:
        index = heapq.heappop(ready)
        ordered.append(statements[index])
        for user in users.get(index, ()):
            waiting[user] -= 1
            if not waiting[user]:
                heapq.heappush(ready, user)
    return ordered


SHARED_SUM_TERMS = 3
"""Sums of at least this many terms are candidates for :func:`shared_sums`."""


def shared_sums(
    expressions: Sequence[sympy.Expr],
) -> tuple[list[tuple[sympy.Symbol, sympy.Expr]], list[sympy.Expr]]:
    """Sums written as a multiple of an earlier sum plus what differs, when that is shorter.

    The conditions of neighbouring pieces of a parametric solution come from the same payoffs,
    so one is often another plus a few terms (``B = 2 A + (L W - 4 P)``), which common
    subexpressions alone do not see. Each sum of :data:`SHARED_SUM_TERMS` or more terms, none
    of them holding a sum, becomes a new symbol; its definition takes away multiples of
    earlier sums (greedily, the one that leaves the fewest terms, while each saves at least
    two) and keeps the rest.

    Returns the definitions, in order (each uses earlier symbols only), and the expressions
    with every such sum replaced by its symbol.

    >>> a, b, c, d = sympy.symbols("a b c d")
    >>> sums, rewritten = shared_sums([a + b + c, 2 * a + 2 * b + 2 * c + d])
    >>> [definition for _, definition in sums]
    [a + b + c, 2*_s0 + d]
    >>> rewritten
    [_s0, _s1]
    """
    candidates: dict[sympy.Expr, tuple[dict[sympy.Expr, int], int]] = {}
    for expression in expressions:
        for node in sympy.preorder_traversal(expression):
            if (
                node.is_Add
                and len(node.args) >= SHARED_SUM_TERMS
                and node not in candidates
                and not any(arg.has(sympy.Add) for arg in node.args)
            ):
                integral = _integer_coefficients(node)
                if integral is not None:
                    candidates[node] = integral
    terms = [coefficients for coefficients, _ in candidates.values()]
    denominators = [denominator for _, denominator in candidates.values()]
    taken = set().union(*(e.free_symbols for e in expressions)) if expressions else set()
    names = _fresh_symbols("_s", len(candidates), {s.name for s in taken})
    holding: dict[sympy.Expr, list[int]] = {}  # term -> the sums that have it
    definitions = []
    for index, (node, (remainder, denominator)) in enumerate(candidates.items()):
        # Invariant: node = remainder / scale + the multiples of earlier sums in ``used``.
        scale = Fraction(denominator)
        used: list[sympy.Expr] = []
        for _ in range(_MOST_TAKEN):
            best = None
            for earlier in _overlapping(remainder, terms, holding):
                left, mine, theirs = _less(remainder, terms[earlier])
                if best is None or len(left) < len(best[1]):
                    best = (earlier, left, mine, theirs)
            if best is None or len(best[1]) + 2 > len(remainder):
                break
            # left = theirs * remainder - mine * other, where other = D * (earlier sum).
            earlier, left, mine, theirs = best
            factor = Fraction(mine * denominators[earlier]) / (theirs * scale)
            used.append(sympy.Rational(factor.numerator, factor.denominator) * names[earlier])
            divisor = math.gcd(*left.values()) if left else 1
            remainder = {term: c // divisor for term, c in left.items()}
            scale = scale * theirs / divisor
        # Worth it when the sum shrinks to half its terms or fewer (else cse does as well).
        if used and 2 * (len(used) + len(remainder)) <= len(terms[index]):
            inverse = 1 / scale
            ratio = sympy.Rational(inverse.numerator, inverse.denominator)
            rest = sympy.Add(*(ratio * c * term for term, c in remainder.items()))
            definitions.append((names[index], sympy.Add(*used, rest)))
        else:
            definitions.append((names[index], node))
        for term in terms[index]:
            holding.setdefault(term, []).append(index)
    replacing = dict(zip(candidates, names, strict=True))
    return definitions, [expression.xreplace(replacing) for expression in expressions]


_MOST_TAKEN = 3  # multiples of earlier sums taken away from one sum, at most
_MOST_TRIED = 24  # earlier sums tried for each, those sharing the most terms first


def _integer_coefficients(node: sympy.Expr) -> tuple[dict[sympy.Expr, int], int] | None:
    """A sum's terms with their coefficients times their common denominator (integers are
    quick to combine), and that denominator; None when a coefficient is not rational."""
    coefficients = node.as_coefficients_dict()
    if not all(c.is_Rational for c in coefficients.values()):
        return None
    denominator = math.lcm(*(int(c.q) for c in coefficients.values()))
    return {term: int(c * denominator) for term, c in coefficients.items()}, denominator


def _overlapping(terms: dict, sums: list[dict], holding: dict) -> list[int]:
    """The earlier sums sharing enough terms with ``terms`` that taking one away can leave
    fewer terms (at least half of the sum's terms plus one), most shared first."""
    shared: dict[int, int] = {}
    for term in terms:
        for index in holding.get(term, ()):
            shared[index] = shared.get(index, 0) + 1
    able = [index for index, count in shared.items() if 2 * count >= len(sums[index]) + 2]
    able.sort(key=lambda index: -shared[index])
    return able[:_MOST_TRIED]


def _less(terms: dict, other: dict) -> tuple[dict, int, int]:
    """``theirs * terms - mine * other``, where ``mine`` and ``theirs`` are the coefficients of
    the first term the two share: what is left, ``mine`` and ``theirs``."""
    shared = next(term for term in other if term in terms)
    mine, theirs = terms[shared], other[shared]
    left = {term: theirs * c for term, c in terms.items()}
    for term, coefficient in other.items():
        value = left.get(term, 0) - mine * coefficient
        if value:
            left[term] = value
        else:
            left.pop(term, None)
    return left, mine, theirs


def _fresh_symbols(prefix: str, count: int, taken: set[str]) -> list[sympy.Symbol]:
    while any(name.startswith(prefix) for name in taken):  # a fresh name must be fresh
        prefix += "_"
    return [sympy.Symbol(f"{prefix}{index}") for index in range(count)]


_Register = tuple[str, int]  # ("argument" | "scratch" | "output", index) while compiling
_Value = _Register | float


class _Compiler:
    """Emits a program's steps; scratch rows are handed out and taken back as values die."""

    def __init__(self, symbols: list[sympy.Symbol]) -> None:
        self.arguments = {symbol: ("argument", index) for index, symbol in enumerate(symbols)}
        self.named: dict[sympy.Symbol, _Register] = {}  # common subexpression -> its row
        self.aliases: dict[sympy.Symbol, _Register] = {}  # subexpressions that are outputs
        self.free: list[_Register] = []
        self.temporary: set[_Register] = set()
        self.count = 0
        self.steps: list[tuple] = []

    def program(self, arguments: int, outputs: int) -> NumericProgram:
        offset = {"argument": 0, "scratch": arguments, "output": arguments + self.count}

        def register(operand: _Value | None) -> Operand | None:
            return operand if not isinstance(operand, tuple) else offset[operand[0]] + operand[1]

        steps = tuple((f, register(a), register(b), register(t)) for f, a, b, t in self.steps)
        return NumericProgram(arguments, outputs, self.count, steps)

    def slot(self) -> _Register:
        if self.free:
            return self.free.pop()
        self.count += 1
        return ("scratch", self.count - 1)

    def define(self, name: sympy.Symbol, expression: sympy.Expr) -> None:
        row = self.aliases.get(name) or self.slot()
        self.value(expression, row)
        self.named[name] = row

    def emit(self, function, a: _Value, b: _Value | None, target: _Register | None) -> _Register:
        if target is None:
            target = self.slot()
            self.temporary.add(target)
        self.steps.append((function, a, b, target))
        for operand in (a, b):  # temporaries die when used, unless written into again
            if operand in self.temporary and operand != target:
                self.temporary.discard(operand)
                self.free.append(operand)
        return target

    def leaf(self, expression: sympy.Expr) -> _Value | None:
        if expression in self.arguments:
            return self.arguments[expression]
        if expression in self.named:
            return self.named[expression]
        if expression.is_number:
            if expression in (sympy.zoo, sympy.nan):  # undefined: NaN, as numeric_function
                return float("nan")
            try:
                value = complex(expression)
            except (TypeError, ValueError):
                raise _Unsupported(expression) from None
            if value.imag:
                raise _Unsupported(expression)
            return value.real
        if isinstance(expression, sympy.Symbol):
            raise _Unsupported(expression)  # a symbol not among the arguments
        return None

    def value(self, expression: sympy.Expr, target: _Register | None = None) -> _Value:
        """The operand holding ``expression``'s value (in ``target`` when one is given)."""
        leaf = self.leaf(expression)
        if leaf is not None:
            return leaf if target is None else self.emit(np.positive, leaf, None, target)
        if expression.is_Add:
            return self.add(expression, target)
        if expression.is_Mul:
            return self.multiply(expression, target)
        if expression.is_Pow:
            return self.power(expression, target)
        if expression.func in _UNARY and len(expression.args) == 1:
            return self.emit(_UNARY[expression.func], self.value(expression.args[0]), None, target)
        if expression.func in _FOLDS:
            fold = _FOLDS[expression.func]
            first, second, *rest = expression.args
            result = self.emit(fold, self.value(first), self.value(second), target)
            for argument in rest:
                self.emit(fold, result, self.value(argument), result)
            return result
        raise _Unsupported(expression)

    def add(self, expression: sympy.Expr, target: _Register | None) -> _Register:
        # Terms with a negative coefficient are subtracted: x - y, not x + (-1)*y.
        signed = []
        for term in expression.args:
            coefficient, rest = term.as_coeff_Mul()
            if coefficient.is_negative and rest != 1:
                signed.append((-1, -term))
            else:
                signed.append((1, term))
        negated = all(sign < 0 for sign, _ in signed)  # -(x + y): add, then negate once
        if negated:
            signed = [(1, term) for _, term in signed]
        signed.sort(key=lambda pair: pair[0] < 0)  # a positive term first
        (_, first), (sign, second), *rest = signed
        function = np.add if sign > 0 else np.subtract
        result = self.emit(function, self.value(first), self.value(second), target)
        for sign, term in rest:
            self.emit(np.add if sign > 0 else np.subtract, result, self.value(term), result)
        if negated:
            self.emit(np.negative, result, None, result)
        return result

    def multiply(self, expression: sympy.Expr, target: _Register | None) -> _Register:
        coefficient, factors = expression.as_coeff_mul()
        numerator, denominator = [], []
        for factor in factors:
            base, exponent = factor.as_base_exp()
            if exponent.is_number and exponent.is_negative:
                denominator.append(base if exponent == -1 else base ** (-exponent))
            else:
                numerator.append(factor)
        negate = coefficient == -1
        values: list[_Value] = [] if abs(coefficient) == 1 else [self.leaf(coefficient)]
        values += [self.value(factor) for factor in numerator]
        if not values:
            values = [1.0]
        divisors = [self.value(factor) for factor in denominator]
        if len(values) == 1 and not divisors:
            return self.emit(np.negative if negate else np.positive, values[0], None, target)
        if len(values) > 1:
            result = self.emit(np.multiply, values[0], values[1], target)
            for value in values[2:]:
                self.emit(np.multiply, result, value, result)
        else:
            result = self.emit(np.divide, values[0], divisors.pop(0), target)
        for value in divisors:
            self.emit(np.divide, result, value, result)
        if negate:
            self.emit(np.negative, result, None, result)
        return result

    def power(self, expression: sympy.Expr, target: _Register | None) -> _Register:
        base, exponent = expression.args
        if exponent.is_number and exponent.is_negative:
            return self.emit(np.divide, 1.0, self.value(base ** (-exponent)), target)
        value = self.value(base)
        if exponent == 2:
            return self.emit(np.square, value, None, target)
        if exponent == sympy.Rational(1, 2):
            return self.emit(np.sqrt, value, None, target)
        return self.emit(np.power, value, self.value(exponent), target)

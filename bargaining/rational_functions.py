"""Rational functions over the rationals, computed with python-flint: sympy's answers, fast.

sympy factors and cancels polynomials in several variables in pure Python; the symbolic solve
of the ceasefire model (a 3x3 game in eight parameters) spent about two thirds of its time there
(``benchmarks/bench_cold_solve.py``). FLINT does the same exact arithmetic over the integers in
C. An expression built from symbols and rational numbers with ``+``, ``*`` and integer powers is
converted here to a quotient of FLINT polynomials by walking the sympy tree (never by parsing
text); the arithmetic happens there, and the way back builds the very expression sympy builds:

* :meth:`RationalFunction.as_expr` is what sympy's field of rational functions gives
  (``numerator/denominator``, coprime over the integers, the denominator's leading coefficient
  positive in sympy's lexicographic order of the symbols);
* :meth:`RationalFunction.factor` is ``sympy.factor``: the same primitive irreducible factors,
  each with a positive leading coefficient in that order, and the same coefficient.

Expressions of any other kind (floats, ``sqrt``, ``exp``, two different symbols with one name)
are not converted (:meth:`RationalFunctions.of` returns None) and stay with sympy.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

__all__ = ["RationalFunction", "RationalFunctions", "factor", "generator_key"]


class _NotRational(Exception):
    """The expression is not a rational function with rational coefficients of the symbols."""


@dataclass(frozen=True, eq=False)
class RationalFunctions:
    """The field of rational functions over Q in some symbols, held by FLINT.

    Make one with :meth:`over`; :meth:`of` converts sympy expressions into it. It remembers the
    expressions it has converted (a solve converts the same ones many times), so make one per
    task rather than keep one for ever.

    Examples
    --------
    >>> L, W = sympy.symbols("L W", positive=True)
    >>> field = RationalFunctions.over([L, W])
    >>> x = field.of((2 * L - 2 * W) / (4 * L + 4))
    >>> x.as_expr(), x.factor()
    ((L - W)/(2*L + 2), (L - W)/(2*(L + 1)))
    >>> field.of(sympy.sqrt(L)) is None
    True
    """

    symbols: tuple[sympy.Symbol, ...]  # in sympy's order of polynomial generators
    context: Any  # a flint.fmpz_mpoly_ctx with one variable per symbol, lexicographic
    _converted: dict = field(default_factory=dict, repr=False)

    @classmethod
    def over(cls, symbols: Iterable[sympy.Symbol]) -> RationalFunctions | None:
        """The field over ``symbols``; None when one is not a ``Symbol`` or two have the same
        :func:`generator_key` (two symbols named ``L``, or ``x`` and ``x0``): sympy's order of
        them, which fixes the signs of factors, is undefined."""
        import flint  # a core dependency, imported on use to keep `import bargaining` light

        unique = set(symbols)
        if not all(isinstance(s, sympy.Symbol) for s in unique):
            return None
        if len({generator_key(s) for s in unique}) != len(unique):
            return None  # sympy's order of "x" and "x0" (or of two "x") is undefined
        ordered = tuple(sorted(unique, key=generator_key))
        names = tuple(f"x{i}" for i in range(len(ordered)))
        context = flint.fmpz_mpoly_ctx.get(names, "lex")
        return cls(tuple(ordered), context)

    def probe_points(self) -> Iterator[tuple[Any, ...]]:
        """A fixed sequence of points with positive rational coordinates (FLINT ``fmpq``, one
        per symbol, in the field's order), made one at a time; none when some symbol's
        assumptions rule positive values out (an integer or a negative symbol: its assumptions
        are not among a positive symbol's)."""
        import flint

        positive = _POSITIVE_SYMBOL.assumptions0.items()
        if not all(symbol.assumptions0.items() <= positive for symbol in self.symbols):
            return
        values = [flint.fmpq(p, q) for p, q in _PROBE_VALUES]
        count = len(values)
        for k in range(_PROBES):
            # Coordinate j steps through the values at its own pace (k, k // 7 or k // 49,
            # shifted by k * j): distinct points, the same on every run.
            yield tuple(
                values[(k // count ** (j % 3) + k * j + j) % count]
                for j in range(len(self.symbols))
            )

    @property
    def zero(self) -> RationalFunction:
        """The rational function 0."""
        return self.constant(0)

    @property
    def one(self) -> RationalFunction:
        """The rational function 1."""
        return self.constant(1)

    def constant(self, value: int | Fraction | sympy.Rational) -> RationalFunction:
        """A rational number as a (constant) rational function."""
        value = _fraction(value)
        make = self.context.constant
        return RationalFunction(make(value.numerator), make(value.denominator), self)

    def of(self, expression: sympy.Expr | int | Fraction) -> RationalFunction | None:
        """``expression`` as an element of the field, or None when it is not a rational
        function with rational coefficients of this field's symbols."""
        if isinstance(expression, int | Fraction):
            return self.constant(expression)
        if not isinstance(expression, sympy.Basic):
            return None  # a float: not exact
        try:
            return self._convert(expression)
        except (_NotRational, ZeroDivisionError):
            return None

    def _convert(self, expression: sympy.Expr) -> RationalFunction:
        known = self._converted.get(expression)
        if known is not None:
            return known
        if expression.is_Rational:
            result = self.constant(expression)
        elif expression.is_Symbol:
            if expression not in self.symbols:
                raise _NotRational
            result = RationalFunction(
                self.context.gens()[self.symbols.index(expression)], self.context.constant(1), self
            )
        elif expression.is_Add or expression.is_Mul:
            parts = [self._convert(argument) for argument in expression.args]
            result = parts[0]
            for part in parts[1:]:
                result = result + part if expression.is_Add else result * part
        elif expression.is_Pow and expression.exp.is_Integer:
            result = self._convert(expression.base) ** int(expression.exp)
        else:
            raise _NotRational
        self._converted[expression] = result
        return result

    def polynomial_expr(self, polynomial: Any) -> sympy.Expr:
        """A FLINT polynomial of this field as a sympy expression, built term by term as
        sympy's ``Poly.as_expr`` builds it."""
        terms = []
        for monomial, coefficient in zip(polynomial.monoms(), polynomial.coeffs(), strict=True):
            powers = [sympy.Pow(s, e) for s, e in zip(self.symbols, monomial, strict=True) if e]
            terms.append(sympy.Mul(sympy.Integer(int(coefficient)), *powers))
        return sympy.Add(*terms)


@dataclass(frozen=True, eq=False)
class RationalFunction:
    """``numerator / denominator``: FLINT polynomials with integer coefficients, coprime, the
    denominator's leading coefficient positive. Each is unique, so equal functions are equal
    pairs. Arithmetic: ``+``, ``-``, ``*``, ``/`` and integer powers with elements of the same
    field; division by zero raises :class:`ZeroDivisionError`."""

    numerator: Any
    denominator: Any
    field: RationalFunctions

    @classmethod
    def _reduced(cls, numerator, denominator, field: RationalFunctions) -> RationalFunction:
        if denominator.is_zero():
            raise ZeroDivisionError("a rational function divided by zero")
        if numerator.is_zero():
            return field.zero
        common = numerator.gcd(denominator)  # FLINT's gcd keeps the integer content
        if not common.is_one():
            numerator, denominator = numerator / common, denominator / common
        if denominator.leading_coefficient() < 0:
            numerator, denominator = -numerator, -denominator
        return cls(numerator, denominator, field)

    def __add__(self, other: RationalFunction) -> RationalFunction:
        if self.denominator == other.denominator:
            return self._reduced(self.numerator + other.numerator, self.denominator, self.field)
        numerator = self.numerator * other.denominator + other.numerator * self.denominator
        return self._reduced(numerator, self.denominator * other.denominator, self.field)

    def __neg__(self) -> RationalFunction:
        return RationalFunction(-self.numerator, self.denominator, self.field)

    def __sub__(self, other: RationalFunction) -> RationalFunction:
        return self + (-other)

    def __mul__(self, other: RationalFunction) -> RationalFunction:
        numerator = self.numerator * other.numerator
        return self._reduced(numerator, self.denominator * other.denominator, self.field)

    def __truediv__(self, other: RationalFunction) -> RationalFunction:
        numerator = self.numerator * other.denominator
        return self._reduced(numerator, self.denominator * other.numerator, self.field)

    def __pow__(self, exponent: int) -> RationalFunction:
        if exponent < 0:
            return self.field.one / self ** (-exponent)
        return RationalFunction(self.numerator**exponent, self.denominator**exponent, self.field)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RationalFunction):
            return NotImplemented
        return self.numerator == other.numerator and self.denominator == other.denominator

    def __hash__(self) -> int:
        return hash((str(self.numerator), str(self.denominator)))

    def is_zero(self) -> bool:
        """Whether this is the zero function."""
        return self.numerator.is_zero()

    def is_constant(self) -> bool:
        """Whether this is a rational number."""
        return self.numerator.is_constant() and self.denominator.is_constant()

    def as_expr(self) -> sympy.Expr:
        """``numerator/denominator`` as sympy's field of rational functions writes it."""
        field = self.field
        return field.polynomial_expr(self.numerator) / field.polynomial_expr(self.denominator)

    def factor(self) -> sympy.Expr:
        """The factored form, as ``sympy.factor`` writes it."""
        coefficient, factors = self.factors()
        product = sympy.Mul(*(f**e for f, e in factors))
        # sympy.factor keeps a rational coefficient in front of the product unevaluated
        # (sympy.core.mul._keep_coeff): 2*(L + 1), not 2*L + 2.
        if product == 1 or coefficient == 1:
            return coefficient * product
        if coefficient == -1:
            return -product
        if product.is_Add:
            return sympy.Mul(coefficient, product, evaluate=False)
        if product.is_Mul:
            return sympy.Mul(coefficient, *product.args, evaluate=False)
        return coefficient * product

    def factors(self) -> tuple[sympy.Rational, list[tuple[sympy.Expr, int]]]:
        """``(c, [(f, e), ...])`` with this function equal to ``c`` times the product of the
        ``f**e``: each ``f`` irreducible over Q, primitive with a positive leading coefficient
        (as in ``sympy.factor_list``), the denominator's factors with negative exponents. The
        zero function gives ``(0, [])``."""
        if self.is_zero():
            return sympy.Integer(0), []
        top, numerator_factors = self.numerator.factor()
        bottom, denominator_factors = self.denominator.factor()
        expr = self.field.polynomial_expr
        factors = [(expr(f), int(e)) for f, e in numerator_factors]
        factors += [(expr(f), -int(e)) for f, e in denominator_factors]
        return sympy.Rational(int(top), int(bottom)), factors

    def sign_at(self, point: Mapping[sympy.Symbol, sympy.Rational | Fraction | int]) -> int | None:
        """The sign (-1, 0 or 1) of the function at a rational point (a value for each symbol
        it uses), exactly; None where its denominator vanishes.

        >>> L = sympy.Symbol("L")
        >>> x = RationalFunctions.over([L]).of((1 - 2 * L) / L)
        >>> x.sign_at({L: sympy.Rational(3, 4)}), x.sign_at({L: 0})
        (-1, None)
        """
        import flint

        values = []
        for symbol in self.field.symbols:
            value = _fraction(point.get(symbol, 0))
            values.append(flint.fmpq(value.numerator, value.denominator))
        numerator, denominator = self._over_rationals
        below = denominator(*values)
        if below == 0:
            return None
        value = numerator(*values) * below
        return (value > 0) - (value < 0)

    def corner_signs(
        self, box: Mapping[sympy.Symbol, tuple], symbols: Sequence[sympy.Symbol], limit: int
    ) -> set[int] | None:
        """The signs (+1, -1; zero left out) at the box's corners over ``symbols`` (the first
        ``limit`` of ``itertools.product`` of their ``(low, high)``), exactly; None where the
        denominator vanishes at one. It stops once both signs are seen.

        >>> L, W = sympy.symbols("L W")
        >>> x = RationalFunctions.over([L, W]).of(L - W)
        >>> sorted(x.corner_signs({L: (0, 1), W: (0, 2)}, [L, W], 256))
        [-1, 1]
        """
        import flint

        ends = []
        for symbol in symbols:
            pair = (_fraction(end) for end in box[symbol])
            ends.append([flint.fmpq(end.numerator, end.denominator) for end in pair])
        place = [self.field.symbols.index(symbol) for symbol in symbols]
        point = [flint.fmpq(0)] * len(self.field.symbols)
        numerator, denominator = self._over_rationals
        signs = set()
        for corner in itertools.islice(itertools.product(*ends), limit):
            for index, value in zip(place, corner, strict=True):
                point[index] = value
            below = denominator(*point)
            if below == 0:
                return None
            value = numerator(*point) * below
            if value:
                signs.add(1 if value > 0 else -1)
            if len(signs) == 2:
                break
        return signs

    def takes_both_signs(self) -> bool:
        """Whether the function is positive at one and negative at another of the field's
        :meth:`~RationalFunctions.probe_points`. Then nothing the symbols' assumptions say can
        make it ``>= 0`` or ``< 0`` everywhere: sympy's ``is_nonnegative``, ``is_negative`` and
        the like cannot be True, and need not be asked (they are slow).

                >>> L, W = sympy.symbols("L W", positive=True)
                >>> field = RationalFunctions.over([L, W])
                >>> field.of(L - W).takes_both_signs(), field.of(L / (1 + W)).takes_both_signs()
                (True, False)
        """
        numerator, denominator = self._over_rationals
        signs = set()
        for point in self.field.probe_points():
            value = numerator(*point) * denominator(*point)
            signs.add((value > 0) - (value < 0))
            if {1, -1} <= signs:
                return True
        return False

    def unit_box_bound(self, box: Mapping[sympy.Symbol, tuple]) -> Fraction | None:
        """A polynomial's lower bound on a box (``symbol -> (low, high)``, rational, for each
        symbol of the field), or None for a function with a variable denominator: with each
        symbol written ``low + (high - low) t``, ``t`` in [0, 1], every monomial in the ``t``
        lies in [0, 1], so the constant term plus the negative coefficients bound it below.

        >>> L, W = sympy.symbols("L W")
        >>> field = RationalFunctions.over([L, W])
        >>> field.of(1 + L - L * W).unit_box_bound({L: (0, 1), W: (0, 1)})
        Fraction(0, 1)
        """
        import flint

        if not self.denominator.is_constant():
            return None
        scale = _fraction(int(self.denominator.leading_coefficient()))
        if self.numerator.is_constant():  # FLINT composes only polynomials with variables
            return _fraction(int(self.numerator.leading_coefficient() or 0)) / scale
        numerator = self._over_rationals[0]
        context = numerator.context()
        lines = []
        for variable, symbol in zip(context.gens(), self.field.symbols, strict=True):
            low, high = (_fraction(end) for end in box[symbol])
            low, width = (flint.fmpq(v.numerator, v.denominator) for v in (low, high - low))
            lines.append(width * variable + low)
        bound = Fraction(0)
        composed = numerator.compose(*lines)
        for monomial, coefficient in zip(composed.monoms(), composed.coeffs(), strict=True):
            if not any(monomial) or coefficient < 0:
                bound += Fraction(int(coefficient.p), int(coefficient.q))
        return bound / scale

    @functools.cached_property
    def _over_rationals(self) -> tuple[Any, Any]:
        """Numerator and denominator as FLINT polynomials over Q, which evaluate at rationals."""
        import flint

        context = flint.fmpq_mpoly_ctx.get(self.field.context.names(), "lex")
        return context.from_dict(self.numerator.to_dict()), context.from_dict(
            self.denominator.to_dict()
        )


# sympy's order of polynomial generators (sympy.polys.polyutils._sort_gens): by the order of a
# name's letters in this table (x, y, z first, then p to w, then a to o; other names after),
# then by name, then by a trailing number. The sign of each factor follows it (its leading
# coefficient in this order is positive), so the answers are sympy's only in its order;
# tests/test_rational_functions.py checks it against sympy's Poly.
_LETTER_ORDER = {letter: 301 + i for i, letter in enumerate("abcdefghijklmno")}
_LETTER_ORDER |= {letter: 216 + i for i, letter in enumerate("pqrstuvw")}
_LETTER_ORDER |= {letter: 124 + i for i, letter in enumerate("xyz")}
_POSITIVE_SYMBOL = sympy.Symbol("t", positive=True)
_PROBES = 64
_PROBE_VALUES = (
    (1, 64),
    (1, 8),
    (1, 2),
    (1, 1),
    (2, 1),
    (8, 1),
    (64, 1),
)  # far apart: signs differ
_NAME_AND_NUMBER = re.compile(r"^(.*?)(\d*)$", re.MULTILINE)


def generator_key(symbol: sympy.Symbol) -> tuple[int, str, int]:
    """The key by which sympy orders a symbol among the generators of a polynomial.

    >>> sorted(sympy.symbols("a W x2 x10 cR L"), key=generator_key)
    [x2, x10, a, L, W, cR]
    """
    name, number = _NAME_AND_NUMBER.match(str(symbol)).groups()
    return (_LETTER_ORDER.get(name, 1000), name, int(number) if number else 0)


def _fraction(value: sympy.Rational | Fraction | int) -> Fraction:
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return Fraction(value)


def factor(expression: sympy.Expr, field: RationalFunctions | None = None) -> sympy.Expr:
    """``sympy.factor(expression)``, with FLINT doing the factoring where the expression is a
    rational function with rational coefficients of its symbols (sympy otherwise).

    ``field``, when given, is tried first (a solve factors many expressions in the same
    symbols, and the field remembers what it has converted).

    >>> L, W = sympy.symbols("L W")
    >>> factor(L**2 * W - W), sympy.factor(L**2 * W - W)
    (W*(L - 1)*(L + 1), W*(L - 1)*(L + 1))
    >>> factor(sympy.sqrt(L) * L + sympy.sqrt(L))
    sqrt(L)*(L + 1)
    """
    element = field.of(expression) if field is not None else None
    if element is None:
        field = RationalFunctions.over(expression.free_symbols)
        element = field.of(expression) if field is not None else None
    return sympy.factor(expression) if element is None else element.factor()

"""FLINT's rational functions give sympy's answers, written as sympy writes them: the factored
form is ``sympy.factor``'s, the quotient form is what sympy's field of rational functions gives,
the generators are ordered as sympy orders them, and exact signs at rational points are the
values' signs. Expressions that are not rational functions over Q are left to sympy.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy.polys.matrices import DomainMatrix

from bargaining.rational_functions import RationalFunctions, factor, generator_key

SYMBOLS = (
    sympy.Symbol("L", positive=True),
    sympy.Symbol("W", nonnegative=True),
    sympy.Symbol("cR", positive=True),
    sympy.Symbol("g"),
    sympy.Symbol("x2"),
)
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def polynomials(draw, symbols=SYMBOLS):
    """Small polynomials with rational coefficients, some of them products (so that they
    factor), in a few of the symbols."""
    used = draw(st.lists(st.sampled_from(symbols), min_size=1, max_size=3, unique=True))

    def one() -> sympy.Expr:
        terms = draw(st.lists(st.tuples(st.integers(-4, 4), st.integers(0, 7)), max_size=4))
        return sympy.Add(
            *(c * sympy.Mul(*(s for k, s in enumerate(used) if mask >> k & 1)) for c, mask in terms)
        )

    scale = sympy.Rational(draw(st.integers(-6, 6)), draw(st.integers(1, 6)))
    return scale * sympy.Mul(*(one() for _ in range(draw(st.integers(1, 3)))))


@st.composite
def rational_functions(draw):
    numerator = draw(polynomials())
    denominator = draw(polynomials())
    if denominator == 0:
        denominator = sympy.Integer(1)
    extra = draw(polynomials())
    return draw(
        st.sampled_from([numerator / denominator + extra, numerator, numerator / denominator])
    )


@QUICK
@given(rational_functions())
def test_factor_is_sympys_factor(expression):
    ours = factor(expression)
    theirs = sympy.factor(expression)
    assert ours == theirs
    assert str(ours) == str(theirs)  # the same tree, printed the same way


@QUICK
@given(rational_functions())
def test_quotient_is_sympys_field_element(expression):
    """The numerator/denominator form is the one sympy's fraction field gives (the solver's
    raw conditions are written in it)."""
    matrix = DomainMatrix.from_Matrix(sympy.Matrix([[expression]])).to_field()
    theirs = matrix.domain.to_sympy(matrix.to_list()[0][0])
    field = RationalFunctions.over(expression.free_symbols)
    ours = field.of(expression).as_expr()
    assert ours == theirs
    assert str(ours) == str(theirs)


@QUICK
@given(rational_functions(), rational_functions())
def test_arithmetic_is_exact(first, second):
    field = RationalFunctions.over(SYMBOLS)
    a, b = field.of(first), field.of(second)
    assert sympy.cancel((a + b).as_expr() - (first + second)) == 0
    assert sympy.cancel((a - b).as_expr() - (first - second)) == 0
    assert sympy.cancel((a * b).as_expr() - first * second) == 0
    if second != 0:
        assert sympy.cancel((a / b).as_expr() - first / second) == 0
    assert (a == b) == (sympy.cancel(first - second) == 0)


@QUICK
@given(rational_functions())
def test_factors_multiply_back(expression):
    field = RationalFunctions.over(expression.free_symbols)
    coefficient, factors = field.of(expression).factors()
    product = coefficient * sympy.Mul(*(f**e for f, e in factors))
    assert sympy.cancel(product - expression) == 0
    for f, _ in factors:
        assert sympy.Poly(f).LC() > 0  # primitive, positive leading coefficient
        assert sympy.factor_list(f)[1] == [(f, 1)]  # irreducible


@QUICK
@given(rational_functions(), st.lists(st.fractions(-3, 3, max_denominator=7), min_size=5))
def test_sign_at_is_the_exact_sign(expression, values):
    point = dict(zip(SYMBOLS, values, strict=False))
    field = RationalFunctions.over(expression.free_symbols)
    sign = field.of(expression).sign_at(point)
    denominator = sympy.fraction(sympy.cancel(expression))[1]
    exact = {s: sympy.Rational(v.numerator, v.denominator) for s, v in point.items()}
    if denominator.xreplace(exact) == 0:
        assert sign is None
    else:
        assert sign == sympy.sign(expression.xreplace(exact))


@given(st.lists(st.from_regex(r"[a-zA-Z]{1,3}[0-9]{0,2}", fullmatch=True), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None)
def test_generators_are_in_sympys_order(names):
    symbols = {sympy.Symbol(name) for name in names}
    if RationalFunctions.over(symbols) is None:  # "x" and "x0": sympy's order is undefined
        assert len({generator_key(s) for s in symbols}) < len(symbols)
        return
    assert tuple(sorted(symbols, key=generator_key)) == sympy.Poly(sympy.Add(*symbols)).gens


@pytest.mark.parametrize(
    "expression",
    [
        sympy.sqrt(SYMBOLS[0]) * (SYMBOLS[0] + 1),
        sympy.exp(SYMBOLS[0]) - 1,
        sympy.Float("0.5") * SYMBOLS[0] + SYMBOLS[1],
        SYMBOLS[0] ** sympy.Rational(1, 3),
    ],
)
def test_other_expressions_are_left_to_sympy(expression):
    field = RationalFunctions.over(expression.free_symbols)
    assert field is None or field.of(expression) is None
    assert factor(expression) == sympy.factor(expression)


def test_symbols_sharing_a_name_are_left_to_sympy():
    positive, plain = sympy.Symbol("L", positive=True), sympy.Symbol("L")
    assert RationalFunctions.over([positive, plain]) is None
    assert factor(positive**2 - plain**2) == sympy.factor(positive**2 - plain**2)
    assert RationalFunctions.over(sympy.symbols("x x0")) is None


def test_constants_and_zero():
    field = RationalFunctions.over(SYMBOLS)
    assert field.of(0).is_zero() and field.of(0).factor() == 0
    assert field.of(Fraction(-3, 4)).factor() == sympy.Rational(-3, 4)
    assert field.of(sympy.Integer(2)).is_constant()
    with pytest.raises(ZeroDivisionError):
        field.one / field.zero
    assert field.of(1 / (SYMBOLS[0] - SYMBOLS[0])) is None  # sympy's zoo: not a function


POSITIVE = sympy.symbols("L W G", positive=True)


@QUICK
@given(polynomials(POSITIVE), polynomials(POSITIVE))
def test_both_signs_means_sympy_cannot_prove_a_sign(numerator, denominator):
    """A function seen to take both signs is neither >= 0 nor < 0: sympy's assumptions, which
    the solver then skips, could not say otherwise (they are sound)."""
    expression = numerator / denominator if denominator != 0 else numerator
    field = RationalFunctions.over(expression.free_symbols)
    if field.of(expression).takes_both_signs():
        assert expression.is_nonnegative is not True
        assert expression.is_negative is not True
        assert expression.is_positive is not True
        assert expression.is_nonpositive is not True


def test_both_signs_seen_for_a_solver_condition():
    G, L, W = POSITIVE
    field = RationalFunctions.over(POSITIVE)
    assert field.of((G * L - 2 * W + 1) / (L * W + 4)).takes_both_signs()
    assert not field.of((G * L + W) / (L + 4)).takes_both_signs()


def test_no_probe_points_where_assumptions_rule_positive_values_out():
    for symbol in (sympy.Symbol("n", integer=True), sympy.Symbol("d", negative=True)):
        field = RationalFunctions.over([symbol, SYMBOLS[0]])
        assert list(field.probe_points()) == []
        assert not field.of(symbol - SYMBOLS[0]).takes_both_signs()
    assert len(list(RationalFunctions.over(POSITIVE).probe_points())) > 0


BOX = {
    SYMBOLS[0]: (sympy.Integer(0), sympy.Integer(1)),
    SYMBOLS[1]: (sympy.Rational(1, 2), sympy.Integer(2)),
    SYMBOLS[2]: (sympy.Integer(0), sympy.Rational(1, 20)),
    SYMBOLS[3]: (sympy.Integer(-1), sympy.Integer(1)),
    SYMBOLS[4]: (sympy.Integer(1), sympy.Integer(3)),
}


@QUICK
@given(rational_functions())
def test_corner_signs_are_the_exact_signs(expression):
    symbols = sorted(expression.free_symbols, key=lambda s: s.name)
    field = RationalFunctions.over(symbols)
    found = field.of(expression).corner_signs(BOX, symbols, 256)
    values = []
    for corner in itertools.product(*(BOX[s] for s in symbols)):
        point = dict(zip(symbols, corner, strict=True))
        if sympy.fraction(sympy.cancel(expression))[1].xreplace(point) == 0:
            assert found is None
            return
        values.append(sympy.sign(expression.xreplace(point)))
    assert found is not None
    signs = set(values) - {0}
    assert found == signs or (found == {1, -1} and signs == {1, -1})


@QUICK
@given(polynomials())
def test_unit_box_bound_is_the_bound_in_box_coordinates(polynomial):
    """The bound is sympy's: the constant plus the negative coefficients of the polynomial in
    t, each symbol written low + (high - low) t."""
    symbols = sorted(polynomial.free_symbols, key=lambda s: s.name)
    field = RationalFunctions.over(symbols)
    ts = sympy.symbols(f"t0:{len(symbols)}")
    moved = sympy.expand(
        polynomial.xreplace(
            {s: BOX[s][0] + (BOX[s][1] - BOX[s][0]) * t for s, t in zip(symbols, ts, strict=True)}
        )
    )
    terms = sympy.Poly(moved, *ts).terms() if ts else [((), moved)]
    expected = sum(c for m, c in terms if not any(m)) + sum(c for m, c in terms if any(m) and c < 0)
    bound = field.of(polynomial).unit_box_bound(BOX)
    assert sympy.Rational(bound.numerator, bound.denominator) == expected


def test_no_unit_box_bound_for_a_proper_fraction():
    field = RationalFunctions.over(SYMBOLS)
    assert field.of(1 / (1 + SYMBOLS[0])).unit_box_bound(BOX) is None
    assert field.of(sympy.Rational(-3, 2)).unit_box_bound(BOX) == Fraction(-3, 2)

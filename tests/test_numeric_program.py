"""Formulas compiled to a numpy program (bargaining.numeric_code.numeric_program) give what
sympy's lambdify gives (numeric_function), and the evaluation kernel built on a program gives
what the same kernel gives with lambdify's function: on random formulas, and on random
symbolic 3x3 games at random points."""

from __future__ import annotations

import numpy as np
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import parametric_equilibria
from bargaining.analysis.kernel import compile_kernel
from bargaining.numeric_code import numeric_function, numeric_program, shared_sums
from bargaining.params import Parameter, ParameterSpace
from bargaining.testing.strategies import symbolic_games
from tests.test_evaluate_speed import assert_same, random_points

x, y, z = SYMBOLS = sympy.symbols("x y z", positive=True)
SPACE = ParameterSpace([Parameter("L", 0, 1, 0.5), Parameter("W", 0, 1, 0.5)])


def _leaves() -> st.SearchStrategy[sympy.Expr]:
    numbers = st.fractions(-5, 5, max_denominator=4).map(sympy.Rational)
    return st.one_of(st.sampled_from(SYMBOLS), numbers)


def _combine(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: p[0] + p[1]),
        pair.map(lambda p: p[0] - p[1]),
        pair.map(lambda p: p[0] * p[1]),
        pair.map(lambda p: p[0] / (1 + p[1] ** 2)),
        pair.map(lambda p: sympy.Max(p[0], p[1])),
        children.map(lambda e: -e),
        children.map(lambda e: e**3),
        children.map(lambda e: sympy.sqrt(1 + e**2)),
        children.map(lambda e: sympy.exp(-(e**2))),
        children.map(lambda e: sympy.Abs(e)),
    )


FORMULAS = st.recursive(_leaves(), _combine, max_leaves=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(FORMULAS, min_size=1, max_size=6))
def test_a_program_computes_what_lambdify_computes(formulas):
    program = numeric_program(SYMBOLS, formulas)
    assert program is not None
    rng = np.random.default_rng(0)
    arguments = [rng.uniform(0.1, 2.0, 50) for _ in SYMBOLS]
    out = np.empty((len(formulas), 50))
    program.run(arguments, list(out), list(np.empty((program.scratch, 50))))
    function = numeric_function(list(SYMBOLS), formulas, "numpy")
    with np.errstate(all="ignore"):
        expected = [
            np.broadcast_to(np.asarray(v, dtype=float), (50,)) for v in function(*arguments)
        ]
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


def test_leaves_powers_and_undefined_values_match_lambdify():
    formulas = [
        sympy.Integer(1),
        x,
        sympy.zoo,
        sympy.Min(x, y, 1),
        x**y,
        x**-3,
        sympy.sqrt(x),
        x ** sympy.Rational(3, 2),
        -x - y,
        -x / y,
        -1 / x,
        2 * x / (3 * y),
        x + sympy.pi,
    ]
    program = numeric_program(SYMBOLS, formulas)
    arguments = [np.array([0.5, 2.0]), np.array([1.5, 3.0]), np.array([1.0, 1.0])]
    out = np.empty((len(formulas), 2))
    program.run(arguments, list(out), list(np.empty((program.scratch, 2))))
    expected = numeric_function(list(SYMBOLS), formulas, "numpy")(*arguments)
    expected = [np.broadcast_to(np.asarray(v, dtype=float), (2,)) for v in expected]
    np.testing.assert_allclose(out, expected, rtol=1e-13)
    assert np.isnan(out[2]).all()  # zoo, an undefined value, is NaN as with lambdify


def test_formulas_a_program_cannot_express_fall_back_to_lambdify():
    piecewise = sympy.Piecewise((x, x > 1), (y, True))
    assert numeric_program(SYMBOLS, [x + y, piecewise]) is None
    assert numeric_program([x], [x + y]) is None  # a symbol that is not an argument
    assert numeric_program([x], [sympy.I * x]) is None  # not real


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(SPACE, strategies=(3, 3)), st.integers(0, 2**16))
def test_the_program_kernel_equals_the_lambdify_kernel_on_random_3x3_games(game, seed):
    solution = parametric_equilibria(game, SPACE)
    kernel, lambdified = compile_kernel(solution), compile_kernel(solution, program=False)
    assert kernel.function is None and lambdified.program is None
    points = random_points(seed, 300)
    arguments = [points[name] for name in SPACE.names]
    size = len(arguments[0])
    assert_same(kernel.evaluate(arguments, size, 1e-9), lambdified.evaluate(arguments, size, 1e-9))


MONOMIALS = [x * y * z, x * y, y * z, x, y, z, sympy.Integer(1)]


def _polynomial(coefficients) -> sympy.Expr:
    return sum((c * m for c, m in zip(coefficients, MONOMIALS, strict=False)), sympy.Integer(0))


COEFFICIENTS = st.lists(st.integers(-12, 12), min_size=len(MONOMIALS), max_size=len(MONOMIALS))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(COEFFICIENTS, min_size=1, max_size=3),
    st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 2), COEFFICIENTS), max_size=4),
)
def test_sums_built_from_earlier_sums_compute_what_lambdify_computes(bases, derived):
    # Neighbouring pieces' conditions: one sum is a multiple of another plus a few terms.
    formulas = [_polynomial(c) for c in bases]
    for factor, base, extra in derived:
        small = _polynomial([c if i % 3 == 0 else 0 for i, c in enumerate(extra)])
        formulas.append(sympy.expand(factor * formulas[base % len(formulas)] + small))
    formulas += [f / (1 + x**2) for f in formulas[:2]]
    program = numeric_program(SYMBOLS, formulas)
    rng = np.random.default_rng(1)
    arguments = [rng.uniform(0.1, 2.0, 40) for _ in SYMBOLS]
    out = np.empty((len(formulas), 40))
    program.run(arguments, list(out), list(np.empty((program.scratch, 40))))
    expected = [
        np.broadcast_to(np.asarray(v, dtype=float), (40,))
        for v in numeric_function(list(SYMBOLS), formulas, "numpy")(*arguments)
    ]
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-10)


def test_a_sum_that_is_a_multiple_of_another_plus_a_term_costs_two_steps():
    a = x * y * z - 2 * x * y + 12 * y * z - 3 * x + 2
    b = sympy.expand(2 * a + x * y - 4 * z)
    sums, rewritten = shared_sums([a, b])
    assert [definition.free_symbols for _, definition in sums][1] >= {sums[0][0]}
    assert rewritten == [name for name, _ in sums]
    alone = numeric_program(SYMBOLS, [a])
    both = numeric_program(SYMBOLS, [a, b])
    # b = 2*a + x*y - 4*z: x*y is shared with a, so two products and two sums at most.
    assert len(both.steps) - len(alone.steps) <= 4

"""Tests of :mod:`bargaining.expr`: untrusted text to sympy, with no eval."""

from __future__ import annotations

import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bargaining.errors import ExpressionError
from bargaining.expr import ALLOWED_FUNCTIONS, MAX_DEPTH, MAX_LENGTH, free_names, parse_expr

L, W, r = sympy.symbols("L W r", real=True)
NAMES = {"L": L, "W": W, "r": r}
# Refusing hostile input quickly is a safety property (no denial of service), not a benchmark.
SAFETY_SECONDS = 1.0


def timed_parse(text: Any, names: Any = NAMES, **options: Any) -> sympy.Basic:
    """parse_expr, asserting that it returns or raises within SAFETY_SECONDS."""
    start = time.perf_counter()
    try:
        return parse_expr(text, names, **options)
    finally:
        assert time.perf_counter() - start < SAFETY_SECONDS, f"slow on {text!r:.80}"


def refusal(text: Any, names: Any = NAMES, **options: Any) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        timed_parse(text, names, **options)
    return info.value


# -- allowed constructs ---------------------------------------------------------------------------

Q = sympy.Rational

ALLOWED = [
    ("1 - L - r", 1 - L - r),
    ("1 - L/2", 1 - L / 2),
    ("L*W/r", L * W / r),
    ("1/3", Q(1, 3)),
    ("0.7", Q(7, 10)),
    ("1e-3", Q(1, 1000)),
    ("2.5E2", sympy.Integer(250)),
    (".5 + 5.", Q(11, 2)),
    ("1_000", sympy.Integer(1000)),
    ("0x10", sympy.Integer(16)),
    ("L**2", L**2),
    ("2**-1", Q(1, 2)),
    ("L**0.5", sympy.sqrt(L)),
    ("2**3**2", sympy.Integer(512)),
    ("-L", -L),
    ("+L", L),
    ("-(L - W)", W - L),
    ("L < 1", sympy.Lt(L, 1)),
    ("L <= 1", sympy.Le(L, 1)),
    ("L > W", sympy.Gt(L, W)),
    ("L >= 0.8", sympy.Ge(L, Q(4, 5))),
    ("L == W", sympy.Eq(L, W)),
    ("L != W", sympy.Ne(L, W)),
    ("0 < L < 1", sympy.And(sympy.Lt(0, L), sympy.Lt(L, 1))),
    ("0 < L <= W < 1", sympy.And(sympy.Lt(0, L), sympy.Le(L, W), sympy.Lt(W, 1))),
    ("L >= 0.8 and W < 0.3", sympy.And(sympy.Ge(L, Q(4, 5)), sympy.Lt(W, Q(3, 10)))),
    ("L < 0 or W > 1", sympy.Or(sympy.Lt(L, 0), sympy.Gt(W, 1))),
    ("not L < 1", sympy.Not(sympy.Lt(L, 1))),
    ("True", sympy.true),
    ("False or L < 1", sympy.Lt(L, 1)),
    ("L if L < 1 else W", sympy.Piecewise((L, sympy.Lt(L, 1)), (W, True))),
    (
        "0 if L < 0 else 1 if L > 1 else L",
        sympy.Piecewise(
            (0, sympy.Lt(L, 0)), (sympy.Piecewise((1, sympy.Gt(L, 1)), (L, True)), True)
        ),
    ),
    ("Min(L, W, 1)", sympy.Min(L, W, 1)),
    ("Max(L, 0)", sympy.Max(L, 0)),
    ("min(L, W)", sympy.Min(L, W)),
    ("max(L, W)", sympy.Max(L, W)),
    ("abs(L - W)", sympy.Abs(L - W)),
    ("Abs(L)", sympy.Abs(L)),
    ("exp(-r)", sympy.exp(-r)),
    ("log(L)", sympy.log(L)),
    ("log(L, 2)", sympy.log(L, 2)),
    ("sqrt(L)", sympy.sqrt(L)),
    ("  L + 1", L + 1),
    ("(L +\n W)", L + W),
    ("L  # trailing comment", L),
]


@pytest.mark.parametrize(("text", "expected"), ALLOWED, ids=[text for text, _ in ALLOWED])
def test_allowed_constructs(text: str, expected: sympy.Basic) -> None:
    assert timed_parse(text) == expected


def test_decimals_are_exact() -> None:
    assert parse_expr("0.7", NAMES) == Q(7, 10)
    assert isinstance(parse_expr("0.7", NAMES), sympy.Rational)
    assert parse_expr("0.1 + 0.2", NAMES) == Q(3, 10)
    assert parse_expr("1e-3", NAMES) == Q(1, 1000)
    assert parse_expr("0.1", NAMES) != sympy.Float(0.1)


def test_caller_symbols_are_used_with_their_assumptions() -> None:
    delta = sympy.Symbol("delta", positive=True)
    t = sympy.Symbol("t", integer=True, nonnegative=True)
    expr = parse_expr("sqrt(delta**2) * delta**t", {"delta": delta, "t": t})
    assert expr == delta * delta**t  # sqrt(delta**2) == delta only because delta is positive
    (found_delta,) = [s for s in expr.free_symbols if s.name == "delta"]
    assert found_delta is delta
    assert {s.name for s in expr.free_symbols} == {"delta", "t"}


def test_names_as_iterable_become_real_symbols() -> None:
    expr = parse_expr("L + W", ["L", "W"])
    assert expr == sympy.Symbol("L", real=True) + sympy.Symbol("W", real=True)
    assert all(symbol.is_real for symbol in expr.free_symbols)
    assert parse_expr("sqrt(L**2)", ("L",)) == sympy.Abs(sympy.Symbol("L", real=True))


def test_malformed_names_argument_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_expr("L", "L")  # a str is not a list of names
    with pytest.raises(TypeError):
        parse_expr("L", {"L": "L"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        parse_expr("L", [1])  # type: ignore[list-item]


def test_free_names() -> None:
    assert free_names(parse_expr("L * r + 1 if W < 1 else 0", NAMES)) == {"L", "r", "W"}
    assert free_names(parse_expr("2", NAMES)) == frozenset()


def test_allowed_functions_is_read_only() -> None:
    assert ALLOWED_FUNCTIONS["Min"] is sympy.Min
    assert ALLOWED_FUNCTIONS["abs"] is sympy.Abs
    with pytest.raises(TypeError):
        ALLOWED_FUNCTIONS["eval"] = eval  # type: ignore[index]


def test_length_limit() -> None:
    count = (MAX_LENGTH + 1) // 2
    longest = "+".join(["L"] * count)  # MAX_LENGTH characters or one less
    assert timed_parse(longest) == count * L
    assert "characters" in str(refusal(longest + "+L+L"))


def test_long_sums_and_products_are_accepted() -> None:
    # Left-leaning chains do not count against the nesting limit.
    terms = [f"{k}*L**{k % 7}" for k in range(1, 80)]
    text = " + ".join(terms)
    assert len(text) <= MAX_LENGTH
    expected = sum((sympy.Integer(k) * L ** (k % 7) for k in range(1, 80)), sympy.Integer(0))
    assert timed_parse(text) == expected
    factors = " * ".join(f"(L - {k})" for k in range(1, 80))
    assert timed_parse(factors) == sympy.Mul(*(L - k for k in range(1, 80)))


def test_nesting_limit() -> None:
    assert timed_parse("-" * (MAX_DEPTH - 1) + "L") == -L
    error = refusal("-" * MAX_DEPTH + "L")
    assert "nested" in str(error)


def test_limits_allow_ordinary_use() -> None:
    assert timed_parse("exp(-r * 10)") == sympy.exp(-10 * r)
    assert timed_parse("exp(log(2) * 10)") == 1024
    assert timed_parse("sqrt(2) * sqrt(3)") == sympy.sqrt(6)
    assert timed_parse("(1 + 0.035)**30") == Q(207, 200) ** 30
    assert timed_parse("(1.05)**(365*L)") == Q(21, 20) ** (365 * L)
    assert timed_parse("Max(L, W, r, 0)") == sympy.Max(L, W, r, 0)
    assert timed_parse("exp(100) > 10**43") == sympy.true
    assert "Min()" in str(refusal("Min(L, W, 1, 2, 3, 4, 5, 6, 7)"))
    assert "Max()" in str(refusal("Max(Max(L, 2*W, 3*r, L*W), Max(W, 4*L, 5*r, W*r), 7)"))
    assert "roots" in str(refusal(" * ".join(f"sqrt(10**49 + {k})" for k in (1, 3, 7, 9))))


# -- caller-supplied functions --------------------------------------------------------------------


def test_caller_functions_receive_strings_and_expressions() -> None:
    received: list[tuple[Any, ...]] = []

    def prob(*args: Any) -> sympy.Basic:
        received.append(args)
        return sympy.Symbol(f"p_{args[0]}", positive=True)

    expr = timed_parse("prob('ceasefire') * (1 - L)", functions={"prob": prob})
    assert expr == sympy.Symbol("p_ceasefire", positive=True) * (1 - L)
    assert received == [("ceasefire",)]
    assert isinstance(received[0][0], str)

    timed_parse("prob('war', L/2)", functions={"prob": prob})
    assert received[-1] == ("war", L / 2)


def test_caller_function_errors() -> None:
    own = ExpressionError("no such outcome", token="peace")

    def payoff(name: str) -> sympy.Basic:
        if name == "peace":
            raise own
        raise KeyError(name)

    functions: dict[str, Callable[..., sympy.Basic]] = {"payoff": payoff}
    with pytest.raises(ExpressionError) as info:
        parse_expr("payoff('peace')", NAMES, functions=functions)
    assert info.value is own

    error = refusal("1 + payoff('Russia')", functions=functions)
    assert error.column == 5
    assert "payoff" in str(error) and "KeyError" in str(error)

    assert "keyword" in str(refusal("payoff(name='x')", functions=functions))


def test_strings_only_as_caller_function_arguments() -> None:
    assert "string" in str(refusal("'ceasefire'"))
    assert "string" in str(refusal("exp('x')"))
    assert "not allowed" in str(refusal("prob('x')"))


def test_function_arity_is_checked() -> None:
    assert "argument" in str(refusal("exp(L, W)"))
    assert "argument" in str(refusal("sqrt()"))
    assert "argument" in str(refusal("log(L, 2, 3)"))
    assert "argument" in str(refusal("Min()"))
    assert "keyword" in str(refusal("max(L, key=W)"))
    assert "starred" in str(refusal("max(*L)"))


# -- hostile input --------------------------------------------------------------------------------

HOSTILE = [
    "__import__('os').system('touch X')",
    "__import__('os')",
    "open('X', 'w').write('x')",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "lambda: 1",
    "[x for x in ()]",
    "(x for x in ())",
    "9**9**9**9",
    "10**100000",
    "2**(10**10)",
    "(L+1)**100000",
    "L**(10**9 / 10**6)",
    "(10**49 * L)**100",
    "(2**100)**100 * (2**100)**100",
    "(10**40)**100",
    "exp(log(2) * 10**10)",
    "exp(10**10 * log(2*L))",
    "exp(exp(exp(exp(100)))) < 1",
    "Max(exp(exp(exp(10))), 1)",
    "exp(10**6)",
    "Max(2**(10**10 - L), 1)",
    "Max(sqrt(2)**(10**10 - L), 1)",
    "(2**(L + 100))**100",
    "L**sqrt(2)",
    "sqrt(" * 40 + "(3**100)**8 + 1" + ")" * 40,
    "*".join(f"sqrt({10**12 + k})" for k in range(1, 60)),
    "*".join(f"{10**40 + k}**(1/3)" for k in range(1, 20)),
    "Max(" + ",".join(f"L*{k} + W*{k * k}" for k in range(1, 40)) + ")",
    "Max("
    + ",".join("Min(" + ",".join(f"L*{i}+{j}" for i in range(2, 6)) + ")" for j in range(8))
    + ")",
    "'a' * 10**9",
    "L.__class__",
    "L[0]",
    "exec('1')",
    "eval('1')",
    "getattr(L, 'x')",
    "globals()",
    "sympy.sympify('1')",
    "f'{L}'",
    "b'x'",
    "{1: 2}",
    "{1, 2}",
    "[1, 2]",
    "(1, 2)",
    "1 if L else 2",
    "L % 2",
    "L // 2",
    "L @ L",
    "L & W",
    "L | W",
    "L ^ W",
    "L << 1",
    "~L",
    "L is W",
    "L in W",
    "L; 1",
    "import os",
    "(L := 1)",
    "L := 1",
    "*L",
    "not",
    "",
    "   ",
    "\x00",
    "L\x00",
    "1j",
    "None",
    "...",
    "await L",
    "L if True",
    "foo",
    "L(1)",
    "1/0",
    "L/(L - L)",
    "0**-1",
    "log(0)",
    "L < 1 < W and W",
    "(L < 1) + 1",
    "1" * 60,
    "0." + "0" * 60 + "1",
    "1e999999",
    "1e" + "9" * 900,
    "0x" + "f" * 900,
    "(" * 10000 + "1" + ")" * 10000,
    "(" * 500 + "1" + ")" * 500,
    "[" * 500 + "]" * 500,
    "1+" * 5000 + "1",
    "-" * 100000 + "1",
    "-" * 1999 + "1",
    "not " * 490 + "L < 1",
    "abs(" * 300 + "L" + ")" * 300,
    "x" * 1_000_000,
    "L + " * 250_000 + "L",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(text)[:40] for text in HOSTILE])
def test_hostile_text_is_refused_quickly(text: str) -> None:
    error = refusal(text)
    assert error.text == text or not error.text
    assert str(error)


def test_hostile_text_has_no_side_effects(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for text in HOSTILE:
        with pytest.raises(ExpressionError):
            timed_parse(text)
    assert not (tmp_path / "X").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", [None, 1, 0.5, b"L", ["L"], L])
def test_non_str_input_is_refused(value: Any) -> None:
    assert "str" in str(refusal(value))


def test_condition_must_be_boolean() -> None:
    error = refusal("1 if L else 2")
    assert error.token == "L" and error.column == 6
    assert "comparison" in str(error)
    assert "condition" in str(refusal("L and W < 1"))
    assert "condition" in str(refusal("not L"))


# -- error messages -------------------------------------------------------------------------------


def test_undeclared_name_reports_token_column_and_declared_names() -> None:
    error = refusal("L + foo")
    assert (error.token, error.column, error.text) == ("foo", 5, "L + foo")
    assert "declared names: L, W, r" in str(error)
    assert "column 5" in str(error)


def test_near_miss_suggestions() -> None:
    error = refusal("payof * 2", ["payoff", "prob_war"])
    assert error.token == "payof"
    assert "did you mean 'payoff'" in str(error)
    assert "did you mean 'sqrt'" in str(refusal("sqr(L)"))
    assert "did you mean" not in str(refusal("zzz", ["payoff"]))


def test_operator_column() -> None:
    error = refusal("L % 2")
    assert (error.token, error.column) == ("%", 3)
    error = refusal("(L + 1) // 2")
    assert (error.token, error.column) == ("//", 9)
    error = refusal("L not in W")
    assert (error.token, error.column) == ("not in", 3)


def test_columns_count_characters_not_bytes() -> None:
    names = {"é": sympy.Symbol("é"), "L": L}
    error = refusal("é + foo", names)
    assert (error.token, error.column) == ("foo", 5)
    error = refusal("é + $", names)
    assert error.column == 5


def test_syntax_error_column() -> None:
    error = refusal("L + * 2")
    assert (error.token, error.column) == ("*", 5)
    error = refusal("  L +")
    assert error.column == 6 and "ends too early" in str(error)


def test_refusal_says_what_is_allowed() -> None:
    message = str(refusal("L.real"))
    assert "attribute" in message and "allowed are" in message and "Min" in message


def test_numeric_exponent_limits() -> None:
    assert timed_parse("(L + 1)**100") == (L + 1) ** 100
    assert timed_parse("L**-100") == L**-100
    assert timed_parse("delta**t", ["delta", "t"]).free_symbols  # symbolic: not limited
    assert "exponent" in str(refusal("(L + 1)**101"))
    assert refusal("(L + 1)**101").token == "101"


# -- properties -----------------------------------------------------------------------------------

PARAMETERS = ("a", "b", "c")
POINTS = [
    {"a": Fraction(2), "b": Fraction(-3, 2), "c": Fraction(1, 3)},
    {"a": Fraction(-5), "b": Fraction(7, 4), "c": Fraction(11)},
    {"a": Fraction(1, 7), "b": Fraction(3), "c": Fraction(-2, 5)},
]
DECIMALS = ("0.5", "0.25", "1.5", "0.1", "2.75", "1e-2", "3.125")

leaves = st.one_of(
    st.integers(0, 20).map(lambda n: ("num", str(n))),
    st.sampled_from(DECIMALS).map(lambda text: ("num", text)),
    st.sampled_from(PARAMETERS).map(lambda name: ("name", name)),
)
trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.tuples(st.just("neg"), children),
        st.tuples(st.just("bin"), st.sampled_from("+-*/"), children, children),
        st.tuples(st.just("pow"), children, st.integers(-3, 4)),
    ),
    max_leaves=12,
)


def to_text(tree: tuple) -> str:
    kind = tree[0]
    if kind in ("num", "name"):
        return tree[1]
    if kind == "neg":
        return f"-({to_text(tree[1])})"
    if kind == "bin":
        return f"({to_text(tree[2])} {tree[1]} {to_text(tree[3])})"
    return f"({to_text(tree[1])})**{tree[2]}"


def evaluate(tree: tuple, env: dict[str, Fraction]) -> Fraction:
    """Exact value of the tree, computed independently of sympy with Fraction."""
    kind = tree[0]
    if kind == "num":
        return Fraction(tree[1])
    if kind == "name":
        return env[tree[1]]
    if kind == "neg":
        return -evaluate(tree[1], env)
    if kind == "pow":
        return evaluate(tree[1], env) ** tree[2]
    left, right = evaluate(tree[2], env), evaluate(tree[3], env)
    operations = {
        "+": lambda: left + right,
        "-": lambda: left - right,
        "*": lambda: left * right,
        "/": lambda: left / right,
    }
    return operations[tree[1]]()


def power_growth(tree: tuple) -> int:
    """Largest product of exponents along a path: bounds the size of the numbers."""
    kind = tree[0]
    if kind in ("num", "name"):
        return 1
    if kind == "neg":
        return power_growth(tree[1])
    if kind == "pow":
        return max(1, abs(tree[2])) * power_growth(tree[1])
    return max(power_growth(tree[2]), power_growth(tree[3]))


def depth(tree: tuple) -> int:
    return 1 + max((depth(child) for child in tree[1:] if isinstance(child, tuple)), default=0)


@settings(max_examples=200, deadline=None)
@given(trees)
def test_parsed_value_matches_exact_evaluation(tree: tuple) -> None:
    assume(power_growth(tree) <= 64 and depth(tree) <= 30)
    text = to_text(tree)
    assume(len(text) <= MAX_LENGTH)
    try:
        expr = timed_parse(text, PARAMETERS)
    except ExpressionError as error:
        # Refused only when sympy sees a division by zero while building, which happens when
        # the tree divides by an expression that is identically zero: then it does everywhere.
        assert "zero" in str(error) or "undefined" in str(error)
        for env in POINTS:
            with pytest.raises(ZeroDivisionError):
                evaluate(tree, env)
        return
    symbols = {symbol.name: symbol for symbol in expr.free_symbols}
    for env in POINTS:
        try:
            expected = evaluate(tree, env)
        except ZeroDivisionError:
            continue
        values = {
            symbol: Q(env[name].numerator, env[name].denominator)
            for name, symbol in symbols.items()
        }
        assert expr.xreplace(values) == Q(expected.numerator, expected.denominator), text


TOKENS = [
    *"LWr0123456789.+-*/()<>=!,% []_j\né",
    *["**", "<=", "==", "!=", "True", "1e3", "0.5", "'s'", ".real", "9**9**9", "foo", ":="],
    *["Min(", "max(", "abs(", "exp(", "log(", "sqrt("],
    *[" and ", " or ", "not ", " if ", " else ", "lambda "],
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_arbitrary_text_parses_or_raises_expression_error(text: str) -> None:
    try:
        result = timed_parse(text)
    except ExpressionError as error:
        assert error.column is None or 1 <= error.column <= len(text) + 1
    else:
        assert isinstance(result, sympy.Basic)

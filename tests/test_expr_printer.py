"""The formula printer: numbers and formulas back to the text model files use."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.expr import expression_text, parse_expr


def test_whole_fractions_print_as_integers() -> None:
    # A Fraction with denominator 1 printed as "4/1" where sympy and model files write "4".
    assert expression_text(Fraction(4)) == "4"
    assert expression_text(Fraction(-3)) == "-3"
    assert expression_text(Fraction(0)) == "0"
    assert expression_text(Fraction(8, 2)) == "4"
    assert expression_text(Fraction(4)) == expression_text(sympy.Integer(4))


def test_proper_fractions_keep_their_denominator() -> None:
    assert expression_text(Fraction(7, 10)) == "7/10"
    assert expression_text(Fraction(-1, 3)) == "-1/3"


@settings(max_examples=60, deadline=None)
@given(st.fractions(max_denominator=10**6))
def test_fractions_read_back_to_the_same_number(value: Fraction) -> None:
    text = expression_text(value)
    assert parse_expr(text, []) == sympy.Rational(value.numerator, value.denominator)
    assert ("/" in text) == (value.denominator != 1)

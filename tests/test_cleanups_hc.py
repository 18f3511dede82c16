"""Tests of small clean-ups: one source for each list, one run of each check, escaped labels."""

from __future__ import annotations

import bargaining.expr
from bargaining.expr import limits


def test_the_expression_package_exports_every_limit_from_its_one_list() -> None:
    exported = bargaining.expr.__all__
    assert exported[: len(limits.__all__)] == limits.__all__
    assert len(set(exported)) == len(exported)
    for name in limits.__all__:
        assert getattr(bargaining.expr, name) is getattr(limits, name)


def test_tables_and_result_rows_print_numbers_through_one_function() -> None:
    from fractions import Fraction

    import sympy

    from bargaining.cli import console
    from bargaining.solvers.result_rows import number_label

    assert not hasattr(console, "number_text")
    # The command line's copy printed a whole fraction as "4/1", the result rows' one as "4".
    assert number_label(Fraction(4)) == "4"
    assert number_label(sympy.sqrt(2) / 2) == "sqrt(2)/2"
    assert console.strategy_text(["a", "b"], [Fraction(1, 3), Fraction(2, 3)]) == "a 1/3, b 2/3"

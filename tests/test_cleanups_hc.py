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

"""Parameter, ParameterSpace, Distribution and Outcome: validation and point sets."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from bargaining import Distribution, Outcome, Parameter, ParameterError, ParameterSpace


def space():
    return ParameterSpace(
        [
            Parameter("L", 0, 1, Fraction(7, 10), description="leverage", tags={"leverage"}),
            Parameter("c", Fraction(1, 10), 2, Fraction(1, 2), unit="pie/month"),
            Parameter("d", -1, 1, 0),
        ]
    )


def test_symbols_carry_assumptions_from_the_range():
    symbols = space().symbols
    assert symbols["L"].is_nonnegative and symbols["L"].is_real
    assert symbols["c"].is_positive
    assert symbols["d"].is_real and symbols["d"].is_nonnegative is None
    # Assumptions let sympy decide signs inside the range.
    assert (symbols["c"] + 1).is_positive


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("L", 1, 0, 0.5), "empty"),
        (("L", 0, 0, 0), "empty"),
        (("L", 0, 1, 2), "outside the range"),
        (("L", 0, 1, float("nan")), "finite"),
        (("L", 0, 1, "0.5"), "number"),
        (("1L", 0, 1, 0.5), "identifier"),
        (("L", 0, sympy.Symbol("x"), 0), "must be a number"),
    ],
)
def test_parameter_validation(arguments, message):
    with pytest.raises(ParameterError, match=message):
        Parameter(*arguments)


def test_space_rejects_duplicates_and_unknown_names():
    with pytest.raises(ParameterError, match="declared twice"):
        ParameterSpace([Parameter("L", 0, 1, 0), Parameter("L", 0, 2, 1)])
    with pytest.raises(ParameterError, match="unknown parameter 'X'; known: L, c, d"):
        space()["X"]


def test_validate_fills_baselines_and_checks_ranges():
    assert space().validate({"L": Fraction(1, 5)}) == {
        "L": Fraction(1, 5),
        "c": Fraction(1, 2),
        "d": 0,
    }
    with pytest.raises(ParameterError, match="outside its range"):
        space().validate({"L": 2})
    with pytest.raises(ParameterError, match="unknown parameter"):
        space().validate({"W": 0})
    with pytest.raises(ParameterError, match="expected a number"):
        space().validate({"L": None})


def test_grid_is_a_cartesian_product_with_baselines_elsewhere():
    points = space().grid(L=np.linspace(0, 1, 3), d=[-1, 1])
    assert points["L"].tolist() == [0, 0, 0.5, 0.5, 1, 1]
    assert points["d"].tolist() == [-1, 1, -1, 1, -1, 1]
    assert points["c"].tolist() == [0.5] * 6
    with pytest.raises(ParameterError, match="outside the range"):
        space().grid(L=[0, 2])
    with pytest.raises(ParameterError, match="non-empty"):
        space().grid(L=[])
    with pytest.raises(ParameterError, match="non-finite"):
        space().grid(L=[np.nan])
    with pytest.raises(ParameterError, match="at least one axis"):
        space().grid()


def test_sample_is_reproducible_and_inside_ranges():
    first, second = space().sample(1000, seed=7), space().sample(1000, seed=7)
    for name in ("L", "c", "d"):
        assert np.array_equal(first[name], second[name])
        low, high = float(space()[name].low), float(space()[name].high)
        assert first[name].min() >= low and first[name].max() <= high
    with pytest.raises(ParameterError, match="positive integer"):
        space().sample(0)


@pytest.mark.parametrize(
    ("distribution", "mean"),
    [
        (Distribution("uniform"), 0.5),
        (Distribution("triangular", {"mode": 0.2}), 0.4),
        (Distribution("beta", {"alpha": 2, "beta": 6}), 0.25),
    ],
)
def test_distributions_have_the_expected_mean(distribution, mean):
    parameter = Parameter("L", 0, 1, 0.5, distribution=distribution)
    draws = ParameterSpace([parameter]).sample(20000, seed=1)["L"]
    assert abs(draws.mean() - mean) < 0.01


def test_truncated_normal_stays_in_range():
    parameter = Parameter(
        "L", 0, 1, 0.5, distribution=Distribution("truncated_normal", {"mean": 0.9, "sd": 0.3})
    )
    draws = ParameterSpace([parameter]).sample(5000, seed=3)["L"]
    assert draws.min() >= 0 and draws.max() <= 1


def test_distribution_validation():
    with pytest.raises(ParameterError, match="unknown distribution"):
        Distribution("cauchy")
    with pytest.raises(ParameterError, match="takes alpha, beta"):
        Distribution("beta", {"alpha": 1})
    with pytest.raises(ParameterError, match="positive"):
        Distribution("beta", {"alpha": 0, "beta": 1})
    with pytest.raises(ParameterError, match="mode"):
        Parameter("L", 0, 1, 0.5, distribution=Distribution("triangular", {"mode": 3}))


def test_outcome_payoffs_and_equality():
    L = sympy.Symbol("L")
    outcome = Outcome("ceasefire", {"Russia": 1 - L, "Ukraine": sympy.Rational(1, 2)})
    assert outcome.payoff("Ukraine") == Fraction(1, 2)
    assert outcome == Outcome("ceasefire", {"Russia": 1 - L, "Ukraine": Fraction(1, 2)})
    assert hash(outcome) == hash(Outcome("ceasefire", {"Russia": 1 - L, "Ukraine": Fraction(1, 2)}))
    with pytest.raises(ParameterError, match="no payoff for 'US'"):
        outcome.payoff("US")
    with pytest.raises(ParameterError, match="finite"):
        Outcome("x", {"A": float("inf")})

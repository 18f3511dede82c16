"""One convention for the closed-form models (bargaining.theory): keyword-only arguments where
a swap is easy, results that say whether they are exact and convert to floats the same way."""

from __future__ import annotations

import dataclasses
import inspect
from fractions import Fraction

import pytest
import sympy

import bargaining
import bargaining.theory as theory
from bargaining.errors import GameError
from bargaining.theory import (
    StageGame,
    ceasefire_rearmament,
    fearon_range,
    grim_trigger_threshold,
    rearmament_threshold,
    rubinstein,
    war_of_attrition,
)

F = Fraction


def test_every_model_is_exported_at_the_top_level() -> None:
    missing = [name for name in theory.__all__ if getattr(bargaining, name, None) is None]
    assert not missing
    assert all(getattr(bargaining, name) is getattr(theory, name) for name in theory.__all__)


def test_closed_form_models_are_not_solvers() -> None:
    import bargaining.solvers as solvers

    assert not set(solvers.__all__) & set(theory.__all__)


def test_value_and_cost_cannot_be_swapped_by_position() -> None:
    with pytest.raises(TypeError):
        war_of_attrition(4, 1)  # type: ignore[misc]
    parameters = inspect.signature(war_of_attrition).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)


def test_results_say_whether_they_are_exact_and_convert_to_float() -> None:
    exact = war_of_attrition(value_1=4, cost_1=1, value_2=2, cost_2=1)
    assert exact.exact
    floats = exact.as_float()
    assert floats.hazards == (0.5, 0.25) and floats.equilibrium == "stationary"
    assert not floats.exact
    inexact = fearon_range(0.6, c_a=F(1, 10), c_b=F(1, 5))
    assert not inexact.exact
    assert inexact.as_float().low == pytest.approx(0.5)
    rub = rubinstein(F(1, 2), F(1, 2))
    assert rub.as_float().proposer_1 == (pytest.approx(2 / 3), pytest.approx(1 / 3))
    d = sympy.Symbol("delta", positive=True)
    with pytest.raises(GameError, match="free symbols"):
        rubinstein(d, d).as_float()


def test_every_result_type_uses_the_convention() -> None:
    results = [
        obj
        for name in theory.__all__
        if dataclasses.is_dataclass(obj := getattr(theory, name)) and name != "StageGame"
    ]
    assert results and all(issubclass(r, theory.ClosedFormResult) for r in results)


def test_strings_are_refused_not_parsed() -> None:
    with pytest.raises(GameError, match="not the text"):
        rubinstein("__import__('os')", F(1, 2))


def test_the_rearmament_threshold_needs_no_leverage() -> None:
    args = dict(rho=F(1, 2), c_r=F(1, 20), c_u=F(1, 20), status_quo=F(3, 5), delta=F(99, 100))
    threshold = rearmament_threshold(**args)
    for m0 in (F(1, 2), F(7, 10), F(9, 10)):
        result = ceasefire_rearmament(m0=m0, **args)
        assert result.leverage_threshold == threshold
        assert result.rejects == (m0 > threshold)


def test_the_stage_game_needs_no_sucker_payoff() -> None:
    with_s = grim_trigger_threshold(StageGame(temptation=5, reward=3, punishment=1, sucker=0))
    without = grim_trigger_threshold(StageGame(temptation=5, reward=3, punishment=1))
    assert with_s == without
    with pytest.raises(GameError, match="T > R > P"):
        StageGame(temptation=3, reward=5, punishment=1)
    with pytest.raises(GameError, match="T > R > P > S"):
        StageGame(temptation=5, reward=3, punishment=1, sucker=2)

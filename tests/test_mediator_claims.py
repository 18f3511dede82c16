"""Claims about what a mediator can reach, written with the claim decorator (issue 18, item 5).

A model file says such things with ``mediator_max`` and ``mediator_min``
(tests/test_claim_concept_terms.py); Python claims relate the mediator's range to each
equilibrium directly.
"""

from __future__ import annotations

import pytest

from bargaining import load_model
from bargaining.solvers import mediator_reach
from bargaining.testing import claim

MODEL = load_model("models/ceasefire.toml")
TALKS = MODEL.games["talks"]


@pytest.mark.slow  # about 200 points, two exact LPs each
def test_a_mediator_reaches_whatever_an_equilibrium_does():
    @claim(MODEL, "talks", examples=5)
    def nash_range_inside_the_mediators(equilibria, point):
        # Every Nash equilibrium is a correlated equilibrium, so at every point of the
        # parameter box the mediator's range of P(ceasefire) contains the Nash range.
        reach = mediator_reach(TALKS, "ceasefire", at=point)
        chances = [eq.probability("ceasefire") for eq in equilibria]
        return reach.low <= min(chances) and max(chances) <= reach.high

    result = nash_range_inside_the_mediators.check()
    assert result.passed and result.tried > 0


def test_claims_on_the_mediators_best_probability_can_fail():
    @claim(MODEL, "talks", examples=5)
    def a_mediator_always_secures_the_truce(equilibria, point):
        return mediator_reach(TALKS, "ceasefire", at=point).high == 1

    result = a_mediator_always_secures_the_truce.check()
    assert not result.passed  # at the baseline the truce is out of reach even with a mediator
    assert mediator_reach(TALKS, "ceasefire", at=result.counterexample).high < 1

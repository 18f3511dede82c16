"""Closed-form models of bargaining and conflict: Rubinstein, Fearon, Powell, the repeated
ceasefire, the war of attrition, war as a gambler's ruin and settlement under optimism.

Symbolic in, symbolic out: each model takes numbers or sympy expressions and returns a frozen
result that says whether it is exact (``.exact``) and converts to floats (``.as_float()``).
Arguments that are easy to swap are keyword-only.
"""

from bargaining.theory.alternating_offers import (
    BreakdownSolution,
    FrontierOffers,
    RubinsteinSolution,
    frontier_offers,
    rubinstein,
    rubinstein_breakdown,
    rubinstein_limit,
)
from bargaining.theory.attrition import (
    AttritionEquilibrium,
    PrivateValueAttrition,
    private_value_attrition,
    war_of_attrition,
)
from bargaining.theory.closed_form import ClosedFormResult
from bargaining.theory.commitment import (
    CeasefireRearmament,
    GradualShift,
    ShiftingPower,
    ceasefire_rearmament,
    commitment_problem,
    gradual_power_shift,
    largest_absorbable_shift,
    rearmament_threshold,
)
from bargaining.theory.repeated import GrimTriggerThreshold, StageGame, grim_trigger_threshold
from bargaining.theory.war import (
    FearonRange,
    Indivisibility,
    RiskReturnOffer,
    fearon_range,
    indivisible_issue,
    risk_return_offer,
)
from bargaining.theory.war_termination import (
    OptimismSettlement,
    WarOfPositions,
    optimism_settlement,
    war_of_positions,
)

__all__ = [
    "AttritionEquilibrium",
    "BreakdownSolution",
    "CeasefireRearmament",
    "ClosedFormResult",
    "FearonRange",
    "FrontierOffers",
    "GradualShift",
    "GrimTriggerThreshold",
    "Indivisibility",
    "OptimismSettlement",
    "PrivateValueAttrition",
    "RiskReturnOffer",
    "RubinsteinSolution",
    "ShiftingPower",
    "StageGame",
    "WarOfPositions",
    "ceasefire_rearmament",
    "commitment_problem",
    "fearon_range",
    "frontier_offers",
    "gradual_power_shift",
    "grim_trigger_threshold",
    "indivisible_issue",
    "largest_absorbable_shift",
    "optimism_settlement",
    "private_value_attrition",
    "rearmament_threshold",
    "risk_return_offer",
    "rubinstein",
    "rubinstein_breakdown",
    "rubinstein_limit",
    "war_of_attrition",
    "war_of_positions",
]

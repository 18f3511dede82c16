"""Solvers: pure functions from a game (and parameter values) to equilibria."""

from bargaining.solvers.alternating_offers import (
    BreakdownSolution,
    RubinsteinSolution,
    rubinstein,
    rubinstein_breakdown,
    rubinstein_limit,
)
from bargaining.solvers.attrition import (
    AttritionEquilibrium,
    PrivateValueAttrition,
    private_value_attrition,
    war_of_attrition,
)
from bargaining.solvers.axiomatic import (
    BargainingSolution,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from bargaining.solvers.commitment import (
    CeasefireRearmament,
    ShiftingPower,
    ceasefire_rearmament,
    commitment_problem,
    gradual_shift_war,
    largest_absorbable_shift,
)
from bargaining.solvers.dominance import DominanceResult, Elimination, iterated_dominance
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList
from bargaining.solvers.learning import (
    LearningPath,
    fictitious_play,
    lemke_howson,
    lemke_howson_all,
    replicator_dynamics,
)
from bargaining.solvers.nash import IncompleteResultWarning, nash_equilibria
from bargaining.solvers.pure import pure_equilibria
from bargaining.solvers.repeated import CeasefireThreshold, StageGame, ceasefire_threshold
from bargaining.solvers.subgame_perfect import SubgamePerfectEquilibrium, subgame_perfect
from bargaining.solvers.support_enumeration import SupportEnumeration, support_enumeration
from bargaining.solvers.verification import best_deviation, is_equilibrium, regrets
from bargaining.solvers.war import (
    FearonRange,
    Indivisibility,
    RiskReturnOffer,
    fearon_range,
    indivisible_issue,
    risk_return_offer,
)

__all__ = [
    "AttritionEquilibrium",
    "BargainingSolution",
    "BreakdownSolution",
    "CeasefireRearmament",
    "CeasefireThreshold",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "EquilibriumList",
    "FearonRange",
    "IncompleteResultWarning",
    "Indivisibility",
    "LearningPath",
    "PrivateValueAttrition",
    "RiskReturnOffer",
    "RubinsteinSolution",
    "ShiftingPower",
    "StageGame",
    "SubgamePerfectEquilibrium",
    "SupportEnumeration",
    "best_deviation",
    "ceasefire_rearmament",
    "ceasefire_threshold",
    "commitment_problem",
    "egalitarian",
    "fearon_range",
    "fictitious_play",
    "gradual_shift_war",
    "indivisible_issue",
    "is_equilibrium",
    "iterated_dominance",
    "kalai_smorodinsky",
    "largest_absorbable_shift",
    "lemke_howson",
    "lemke_howson_all",
    "nash_bargaining",
    "nash_equilibria",
    "private_value_attrition",
    "pure_equilibria",
    "regrets",
    "replicator_dynamics",
    "risk_return_offer",
    "rubinstein",
    "rubinstein_breakdown",
    "rubinstein_limit",
    "subgame_perfect",
    "support_enumeration",
    "utilitarian",
    "war_of_attrition",
]

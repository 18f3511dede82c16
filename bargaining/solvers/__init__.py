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
from bargaining.solvers.components import (
    EquilibriumComponent,
    NashSubset,
    equilibrium_components,
)
from bargaining.solvers.correlated import CorrelatedEquilibrium, correlated_equilibria
from bargaining.solvers.dominance import DominanceResult, Elimination, iterated_dominance
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.learning import (
    LearningPath,
    fictitious_play,
    lemke_howson,
    lemke_howson_all,
    replicator_dynamics,
)
from bargaining.solvers.mediator import MediatorReach, mediator_curve, mediator_reach
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.pure import pure_equilibria
from bargaining.solvers.qre import QREFit, QREPath, QREPoint, fit_qre, logit_qre, qre_path
from bargaining.solvers.repeated import CeasefireThreshold, StageGame, ceasefire_threshold
from bargaining.solvers.selection import (
    Selection,
    SelectionMarks,
    equilibrium_selection,
    is_evolutionarily_stable,
    is_perfect,
    payoff_dominant,
    risk_dominant,
)
from bargaining.solvers.subgame_perfect import SubgamePerfectEquilibrium, subgame_perfect
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
    "CorrelatedEquilibrium",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "EquilibriumComponent",
    "FearonRange",
    "Indivisibility",
    "LearningPath",
    "MediatorReach",
    "NashSubset",
    "PrivateValueAttrition",
    "QREFit",
    "QREPath",
    "QREPoint",
    "RiskReturnOffer",
    "RubinsteinSolution",
    "Selection",
    "SelectionMarks",
    "ShiftingPower",
    "StageGame",
    "SubgamePerfectEquilibrium",
    "best_deviation",
    "ceasefire_rearmament",
    "ceasefire_threshold",
    "commitment_problem",
    "correlated_equilibria",
    "egalitarian",
    "equilibrium_components",
    "equilibrium_selection",
    "fearon_range",
    "fictitious_play",
    "fit_qre",
    "gradual_shift_war",
    "indivisible_issue",
    "is_equilibrium",
    "is_evolutionarily_stable",
    "is_perfect",
    "iterated_dominance",
    "kalai_smorodinsky",
    "largest_absorbable_shift",
    "lemke_howson",
    "lemke_howson_all",
    "logit_qre",
    "mediator_curve",
    "mediator_reach",
    "nash_bargaining",
    "nash_equilibria",
    "payoff_dominant",
    "private_value_attrition",
    "pure_equilibria",
    "qre_path",
    "regrets",
    "replicator_dynamics",
    "risk_dominant",
    "risk_return_offer",
    "rubinstein",
    "rubinstein_breakdown",
    "rubinstein_limit",
    "subgame_perfect",
    "utilitarian",
    "war_of_attrition",
]

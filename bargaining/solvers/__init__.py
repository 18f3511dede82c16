"""Solvers: pure functions from a game (and parameter values) to equilibria; the closed-form
models live in :mod:`bargaining.theory`."""

from bargaining.solvers.axiomatic import (
    BargainingSolution,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from bargaining.solvers.bayes_nash import BayesNashEquilibrium, bayes_nash_equilibria
from bargaining.solvers.components import (
    EquilibriumComponent,
    NashSubset,
    equilibrium_components,
)
from bargaining.solvers.concepts import (
    SolutionConcept,
    concept_names,
    equilibria,
    register_concept,
    solution_concept,
)
from bargaining.solvers.correlated import CorrelatedEquilibrium, correlated_equilibria
from bargaining.solvers.dominance import DominanceResult, Elimination, iterated_dominance
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList
from bargaining.solvers.learning import (
    LearningPath,
    fictitious_play,
    lemke_howson,
    lemke_howson_all,
    replicator_dynamics,
)
from bargaining.solvers.mediator import MediatorReach, mediator_curve, mediator_reach
from bargaining.solvers.mediator_bounds import MediatorBounds, mediator_bounds
from bargaining.solvers.mediator_pieces import MediatorPiece, MediatorPieces, mediator_pieces
from bargaining.solvers.mediator_slopes import mediator_slopes
from bargaining.solvers.nash import IncompleteResultWarning, nash_equilibria
from bargaining.solvers.perfect_bayesian import (
    PerfectBayesianEquilibrium,
    perfect_bayesian_equilibria,
)
from bargaining.solvers.pure import pure_equilibria
from bargaining.solvers.qre import QREFit, QREPath, QREPoint, fit_qre, logit_qre, qre_path
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
from bargaining.solvers.support_enumeration import SupportEnumeration, support_enumeration
from bargaining.solvers.verification import best_deviation, is_equilibrium, regrets

__all__ = [
    "BargainingSolution",
    "BayesNashEquilibrium",
    "CorrelatedEquilibrium",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "EquilibriumComponent",
    "EquilibriumList",
    "IncompleteResultWarning",
    "LearningPath",
    "MediatorBounds",
    "MediatorPiece",
    "MediatorPieces",
    "MediatorReach",
    "NashSubset",
    "PerfectBayesianEquilibrium",
    "QREFit",
    "QREPath",
    "QREPoint",
    "Selection",
    "SelectionMarks",
    "SolutionConcept",
    "SubgamePerfectEquilibrium",
    "SupportEnumeration",
    "bayes_nash_equilibria",
    "best_deviation",
    "concept_names",
    "correlated_equilibria",
    "egalitarian",
    "equilibria",
    "equilibrium_components",
    "equilibrium_selection",
    "fictitious_play",
    "fit_qre",
    "is_equilibrium",
    "is_evolutionarily_stable",
    "is_perfect",
    "iterated_dominance",
    "kalai_smorodinsky",
    "lemke_howson",
    "lemke_howson_all",
    "logit_qre",
    "mediator_bounds",
    "mediator_curve",
    "mediator_pieces",
    "mediator_reach",
    "mediator_slopes",
    "nash_bargaining",
    "nash_equilibria",
    "payoff_dominant",
    "perfect_bayesian_equilibria",
    "pure_equilibria",
    "qre_path",
    "register_concept",
    "regrets",
    "replicator_dynamics",
    "risk_dominant",
    "solution_concept",
    "subgame_perfect",
    "support_enumeration",
    "utilitarian",
]

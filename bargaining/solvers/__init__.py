"""Solvers: pure functions from a game (and parameter values) to equilibria; the closed-form
models live in :mod:`bargaining.theory`."""

from bargaining.solvers.axiomatic import (
    BargainingSolution,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from bargaining.solvers.concepts import (
    SolutionConcept,
    concept_names,
    equilibria,
    register_concept,
    solution_concept,
)
from bargaining.solvers.dominance import DominanceResult, Elimination, iterated_dominance
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.learning import (
    LearningPath,
    fictitious_play,
    lemke_howson,
    lemke_howson_all,
    replicator_dynamics,
)
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.pure import pure_equilibria
from bargaining.solvers.subgame_perfect import SubgamePerfectEquilibrium, subgame_perfect
from bargaining.solvers.verification import best_deviation, is_equilibrium, regrets

__all__ = [
    "BargainingSolution",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "LearningPath",
    "SolutionConcept",
    "SubgamePerfectEquilibrium",
    "best_deviation",
    "concept_names",
    "egalitarian",
    "equilibria",
    "fictitious_play",
    "is_equilibrium",
    "iterated_dominance",
    "kalai_smorodinsky",
    "lemke_howson",
    "lemke_howson_all",
    "nash_bargaining",
    "nash_equilibria",
    "pure_equilibria",
    "register_concept",
    "regrets",
    "replicator_dynamics",
    "solution_concept",
    "subgame_perfect",
    "utilitarian",
]

"""bargaining: exact, parametric game-theoretic models of negotiations and conflicts."""

from bargaining.analysis import (
    Evaluation,
    ParametricSolution,
    Region,
    Threshold,
    parametric_equilibria,
)
from bargaining.errors import (
    BargainingError,
    ExpressionError,
    GameError,
    GameFileError,
    ParameterError,
)
from bargaining.games import NormalFormGame
from bargaining.io import read_game, write_game
from bargaining.params import Distribution, Outcome, Parameter, ParameterSpace
from bargaining.solvers import (
    DominanceResult,
    Elimination,
    Equilibrium,
    LearningPath,
    best_deviation,
    fictitious_play,
    is_equilibrium,
    iterated_dominance,
    lemke_howson,
    lemke_howson_all,
    nash_equilibria,
    pure_equilibria,
    regrets,
    replicator_dynamics,
)

__version__ = "0.1.0"

__all__ = [
    "BargainingError",
    "Distribution",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "Evaluation",
    "ExpressionError",
    "GameError",
    "GameFileError",
    "LearningPath",
    "NormalFormGame",
    "Outcome",
    "Parameter",
    "ParameterError",
    "ParameterSpace",
    "ParametricSolution",
    "Region",
    "Threshold",
    "best_deviation",
    "fictitious_play",
    "is_equilibrium",
    "iterated_dominance",
    "lemke_howson",
    "lemke_howson_all",
    "nash_equilibria",
    "parametric_equilibria",
    "pure_equilibria",
    "read_game",
    "regrets",
    "replicator_dynamics",
    "write_game",
]

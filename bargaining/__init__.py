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
from bargaining.games import ExtensiveGame, NormalFormGame
from bargaining.io import equilibria_from_json, equilibria_to_json, read_game, write_game
from bargaining.model import Claim, Model, ModelError, Player, Problem, load_model, loads_model
from bargaining.params import Distribution, Outcome, Parameter, ParameterSpace
from bargaining.solvers import (
    DominanceResult,
    Elimination,
    Equilibrium,
    LearningPath,
    SubgamePerfectEquilibrium,
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
    subgame_perfect,
)

__version__ = "0.1.0"

__all__ = [
    "BargainingError",
    "Claim",
    "Distribution",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "Evaluation",
    "ExpressionError",
    "ExtensiveGame",
    "GameError",
    "GameFileError",
    "LearningPath",
    "Model",
    "ModelError",
    "NormalFormGame",
    "Outcome",
    "Parameter",
    "ParameterError",
    "ParameterSpace",
    "ParametricSolution",
    "Player",
    "Problem",
    "Region",
    "SubgamePerfectEquilibrium",
    "Threshold",
    "best_deviation",
    "equilibria_from_json",
    "equilibria_to_json",
    "fictitious_play",
    "is_equilibrium",
    "iterated_dominance",
    "lemke_howson",
    "lemke_howson_all",
    "load_model",
    "loads_model",
    "nash_equilibria",
    "parametric_equilibria",
    "pure_equilibria",
    "read_game",
    "regrets",
    "replicator_dynamics",
    "subgame_perfect",
    "write_game",
]

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
from bargaining.solvers import Equilibrium, nash_equilibria, pure_equilibria

__version__ = "0.1.0"

__all__ = [
    "BargainingError",
    "Distribution",
    "Equilibrium",
    "Evaluation",
    "ExpressionError",
    "GameError",
    "GameFileError",
    "NormalFormGame",
    "Outcome",
    "Parameter",
    "ParameterError",
    "ParameterSpace",
    "ParametricSolution",
    "Region",
    "Threshold",
    "nash_equilibria",
    "parametric_equilibria",
    "pure_equilibria",
    "read_game",
    "write_game",
]

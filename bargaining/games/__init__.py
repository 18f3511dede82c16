"""Games as immutable data: normal-form games, game trees (and, as they land, bargaining)."""

from bargaining.games.bargaining_problem import (
    BargainingProblem,
    BargainingProblemError,
    NoGainsFromTradeError,
)
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame

__all__ = [
    "BargainingProblem",
    "BargainingProblemError",
    "ExtensiveGame",
    "NoGainsFromTradeError",
    "NormalFormGame",
]

"""Games as immutable data: normal-form games, game trees (and, as they land, bargaining)."""

from typing import TYPE_CHECKING

from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.games.bargaining_problem import (
        BargainingProblem,
        BargainingProblemError,
        NoGainsFromTradeError,
    )
    from bargaining.games.bayesian import BayesianGame, ex_ante_form, type_agent_form
    from bargaining.games.extensive import ExtensiveGame
    from bargaining.games.normal_form import NormalFormGame

__all__ = [
    "BargainingProblem",
    "BargainingProblemError",
    "BayesianGame",
    "ExtensiveGame",
    "NoGainsFromTradeError",
    "NormalFormGame",
    "ex_ante_form",
    "type_agent_form",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)

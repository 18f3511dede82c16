"""bargaining: exact, parametric game-theoretic models of negotiations and conflicts.

Every public name is loaded on first use (PEP 562; see :mod:`bargaining.lazy`), so that
``import bargaining`` costs almost nothing and ``bargaining.nash_equilibria`` imports only the
solvers it needs.
"""

from typing import TYPE_CHECKING

from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.analysis import (
        Evaluation,
        ParametricSolution,
        Region,
        SweepResult,
        Threshold,
        grid,
        monte_carlo,
        parametric_equilibria,
        parametric_subgame_perfect,
        sensitivity,
        sobol,
        sweep,
        tornado,
    )
    from bargaining.errors import (
        BargainingError,
        ExpressionError,
        GameError,
        GameFileError,
        ParameterError,
    )
    from bargaining.games import BargainingProblem, ExtensiveGame, NormalFormGame
    from bargaining.io import equilibria_from_json, equilibria_to_json, read_game, write_game
    from bargaining.model import Claim, Model, ModelError, Player, Problem, load_model, loads_model
    from bargaining.params import Distribution, Outcome, Parameter, ParameterSpace
    from bargaining.solvers import (
        DominanceResult,
        Elimination,
        Equilibrium,
        LearningPath,
        StageGame,
        SubgamePerfectEquilibrium,
        best_deviation,
        ceasefire_threshold,
        commitment_problem,
        egalitarian,
        fearon_range,
        fictitious_play,
        is_equilibrium,
        iterated_dominance,
        kalai_smorodinsky,
        lemke_howson,
        lemke_howson_all,
        nash_bargaining,
        nash_equilibria,
        pure_equilibria,
        regrets,
        replicator_dynamics,
        rubinstein,
        subgame_perfect,
        utilitarian,
        war_of_attrition,
    )
    from bargaining.solvers.subgame_perfect import subgame_perfect_equilibria
    from bargaining.testing import claim

__version__ = "0.1.0"

__all__ = [
    "BargainingError",
    "BargainingProblem",
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
    "StageGame",
    "SubgamePerfectEquilibrium",
    "SweepResult",
    "Threshold",
    "best_deviation",
    "ceasefire_threshold",
    "claim",
    "commitment_problem",
    "egalitarian",
    "equilibria_from_json",
    "equilibria_to_json",
    "fearon_range",
    "fictitious_play",
    "grid",
    "is_equilibrium",
    "iterated_dominance",
    "kalai_smorodinsky",
    "lemke_howson",
    "lemke_howson_all",
    "load_model",
    "loads_model",
    "monte_carlo",
    "nash_bargaining",
    "nash_equilibria",
    "parametric_equilibria",
    "parametric_subgame_perfect",
    "pure_equilibria",
    "read_game",
    "regrets",
    "replicator_dynamics",
    "rubinstein",
    "sensitivity",
    "sobol",
    "subgame_perfect",
    "subgame_perfect_equilibria",
    "sweep",
    "tornado",
    "utilitarian",
    "war_of_attrition",
    "write_game",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)

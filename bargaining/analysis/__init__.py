"""Analysis: equilibria as functions of the parameters, regions, tipping points (and, as they
land, sweeps and sensitivity)."""

from typing import TYPE_CHECKING

from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.analysis.cache import CacheInfo, cache_info, clear_cache
    from bargaining.analysis.evaluation import Evaluation
    from bargaining.analysis.grid import Grid, grid
    from bargaining.analysis.monte_carlo import MonteCarlo, OutcomeSummary, monte_carlo
    from bargaining.analysis.parametric import parametric_equilibria
    from bargaining.analysis.parametric_bayesian import check_prior, parametric_bayes_nash
    from bargaining.analysis.parametric_tree import SubgamePerfectPiece, parametric_subgame_perfect
    from bargaining.analysis.regions import Region
    from bargaining.analysis.sensitivity import Derivative, Sensitivity, sensitivity
    from bargaining.analysis.sobol import SobolIndices, sobol
    from bargaining.analysis.solution import ParametricSolution
    from bargaining.analysis.sweep import sweep
    from bargaining.analysis.sweep_result import SweepResult
    from bargaining.analysis.target import PointValues, Target, resolve_target
    from bargaining.analysis.thresholds import Threshold
    from bargaining.analysis.tornado import Tornado, TornadoBar, tornado

__all__ = [
    "CacheInfo",
    "Derivative",
    "Evaluation",
    "Grid",
    "MonteCarlo",
    "OutcomeSummary",
    "ParametricSolution",
    "PointValues",
    "Region",
    "Sensitivity",
    "SobolIndices",
    "SubgamePerfectPiece",
    "SweepResult",
    "Target",
    "Threshold",
    "Tornado",
    "TornadoBar",
    "cache_info",
    "check_prior",
    "clear_cache",
    "grid",
    "monte_carlo",
    "parametric_bayes_nash",
    "parametric_equilibria",
    "parametric_subgame_perfect",
    "resolve_target",
    "sensitivity",
    "sobol",
    "sweep",
    "tornado",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)

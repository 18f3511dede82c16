"""Analysis: equilibria as functions of the parameters, regions, tipping points (and, as they
land, sweeps and sensitivity)."""

from bargaining.analysis.grid import Grid, grid
from bargaining.analysis.parametric import Evaluation, ParametricSolution, parametric_equilibria
from bargaining.analysis.regions import Region
from bargaining.analysis.sweep import sweep
from bargaining.analysis.sweep_result import SweepResult
from bargaining.analysis.target import PointValues, Target, resolve_target
from bargaining.analysis.thresholds import Threshold

__all__ = [
    "Evaluation",
    "Grid",
    "ParametricSolution",
    "PointValues",
    "Region",
    "SweepResult",
    "Target",
    "Threshold",
    "grid",
    "parametric_equilibria",
    "resolve_target",
    "sweep",
]

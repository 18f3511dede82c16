"""Analysis: equilibria as functions of the parameters, regions, tipping points (and, as they
land, sweeps and sensitivity)."""

from bargaining.analysis.parametric import Evaluation, ParametricSolution, parametric_equilibria
from bargaining.analysis.regions import Region
from bargaining.analysis.thresholds import Threshold

__all__ = ["Evaluation", "ParametricSolution", "Region", "Threshold", "parametric_equilibria"]

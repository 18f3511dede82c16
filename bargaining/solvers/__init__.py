"""Solvers: pure functions from a game (and parameter values) to equilibria."""

from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.pure import pure_equilibria

__all__ = ["Equilibrium", "nash_equilibria", "pure_equilibria"]

"""Bargaining solutions on curved frontiers, exact, against scipy's numeric maximisation.

Run from the project root: ``python benchmarks/bench_curved_frontiers.py [--repeats N]``.

For each frontier and disagreement point, times building the problem and computing the Nash
(plain and weighted), Kalai-Smorodinsky, egalitarian and utilitarian solutions exactly
(``bargaining``), and the same Nash solution by ``scipy.optimize.minimize_scalar`` on the log
Nash product (floats, 1e-12 tolerance). Prints the seconds per solution and the ratio to scipy;
the target for a quartic first-order condition (the ellipse) is under one second.
"""

from __future__ import annotations

import argparse
import math
import time

import sympy
from scipy.optimize import minimize_scalar

from bargaining.games.bargaining_problem import BargainingProblem
from bargaining.solvers.axiomatic import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)

U = sympy.Symbol("u1", nonnegative=True)
U2 = sympy.Symbol("u2")
#: name -> (the frontier u2 = f(u1), the disagreement point, the constraint it is given as or None)
CASES = {
    "ellipse u1**2/4 + u2**2 <= 1, d = (0.5, 0.2)": (sympy.sqrt(1 - U**2 / 4), (0.5, 0.2)),
    "the same ellipse given as the constraint": (
        sympy.sqrt(1 - U**2 / 4),
        (0.5, 0.2),
        U**2 / 4 + U2**2 <= 1,
    ),
    "circle, d = (0.1, 0.3)": (sympy.sqrt(1 - U**2), (0.1, 0.3)),
    "power 1 - u1**(3/2), d = (0.25, 0.25)": (1 - U ** sympy.Rational(3, 2), (0.25, 0.25)),
    "power 1 - u1**3, d = (0.1, 0.3)": (1 - U**3, (0.1, 0.3)),
}
SOLUTIONS = {
    "nash": lambda p: nash_bargaining(p),
    "nash (1, 3)": lambda p: nash_bargaining(p, (1, 3)),
    "kalai-smorodinsky": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}


def best_of(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for name, (frontier, d, *constraint) in CASES.items():

        def build(frontier=frontier, d=d, constraint=constraint) -> BargainingProblem:
            if constraint:
                return BargainingProblem.from_constraint(constraint[0], (U, U2), d)
            return BargainingProblem.from_frontier(frontier, U, d)

        seconds_to_build = best_of(build, args.repeats)
        problem = build()
        f = sympy.lambdify(U, frontier, "math")
        low, high = float(problem.domain[0]), float(problem.domain[1])

        def scipy_nash(f=f, low=low, high=high, d=d) -> float:
            def minus(x: float) -> float:
                gain = f(x) - d[1]
                return math.inf if gain <= 0 or x <= d[0] else -math.log((x - d[0]) * gain)

            return minimize_scalar(
                minus, bounds=(low, high), method="bounded", options={"xatol": 1e-12}
            ).x

        peer = best_of(scipy_nash, args.repeats)
        print(f"{name}: build {seconds_to_build:.3f} s; scipy Nash {peer * 1e3:.2f} ms")
        for label, solve in SOLUTIONS.items():
            seconds = best_of(lambda solve=solve, p=problem: solve(p), args.repeats)
            point = solve(problem).point
            exact = not isinstance(point[0], float | sympy.Float)
            print(
                f"  {label:18s} {seconds:.3f} s  ({seconds / peer:,.0f}x scipy)  "
                f"u1 = {float(point[0]):.6f}  exact: {exact}"
            )


if __name__ == "__main__":
    main()

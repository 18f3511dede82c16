"""Parametric solution and evaluation of the ceasefire game against point-by-point pipelines.

Run from the project root: ``python benchmarks/bench_parametric.py [--points N] [--quick]``.

Three ways to get the equilibria of the 3x3 ceasefire game at many parameter points:

* ours: ``parametric_equilibria`` once, then ``ParametricSolution.evaluate`` over all points;
* the best point-by-point pipeline: payoffs compiled once with ``sympy.lambdify``, then
  pygambit's ``enummixed_solve(rational=False)`` at each point;
* the naive pipeline: sympy ``.subs`` at each point, then nashpy's ``support_enumeration``.

The pipelines are timed on a subsample and scaled to the full number of points; on that
subsample the equilibrium counts and outcome-probability ranges of all three are compared.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import sympy
from common import machine  # this folder is on sys.path: the benchmarks run as scripts

import bargaining
from bargaining.analysis.parametric import parametric_equilibria

ROOT = Path(__file__).resolve().parent.parent


def outcome_summary(strategies_list, outcome_table, names):
    """(count, {outcome: (min, max)}) from a list of (x, y) float profiles."""
    probabilities = []
    for x, y in strategies_list:
        joint = np.outer(x, y)
        probabilities.append({name: float(joint[outcome_table == name].sum()) for name in names})
    ranges = (
        {
            name: (min(p[name] for p in probabilities), max(p[name] for p in probabilities))
            for name in names
        }
        if probabilities
        else {}
    )
    return len(strategies_list), ranges


def gambit_pipeline(game, space, points, indices):
    import pygambit

    symbols = [space[name].symbol for name in space.names]
    compiled = [
        [
            sympy.lambdify(symbols, bargaining.numbers.to_sympy(value))
            for value in game.payoff_array(i).flat
        ]
        for i in range(2)
    ]
    shape = game.shape
    answers = []
    start = time.perf_counter()
    for index in indices:
        values = [points[name][index] for name in space.names]
        a = np.array([f(*values) for f in compiled[0]], dtype=float).reshape(shape)
        b = np.array([f(*values) for f in compiled[1]], dtype=float).reshape(shape)
        result = pygambit.nash.enummixed_solve(pygambit.Game.from_arrays(a, b), rational=False)
        profiles = []
        for equilibrium in result.equilibria:
            players = list(result.equilibria[0].game.players)
            x = np.array([float(equilibrium[s]) for s in players[0].strategies])
            y = np.array([float(equilibrium[s]) for s in players[1].strategies])
            profiles.append((x, y))
        answers.append(profiles)
    return (time.perf_counter() - start) / len(indices), answers


def naive_pipeline(game, space, points, indices):
    import nashpy

    answers = []
    start = time.perf_counter()
    for index in indices:
        values = {space[name].symbol: points[name][index] for name in space.names}
        a = np.array(
            [
                [float(bargaining.numbers.to_sympy(v).subs(values)) for v in row]
                for row in game.payoff_array(0)
            ]
        )
        b = np.array(
            [
                [float(bargaining.numbers.to_sympy(v).subs(values)) for v in row]
                for row in game.payoff_array(1)
            ]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            answers.append(list(nashpy.Game(a, b).support_enumeration()))
    return (time.perf_counter() - start) / len(indices), answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=10**6)
    parser.add_argument("--quick", action="store_true", help="smaller subsamples")
    arguments = parser.parse_args()
    model = bargaining.load_model(ROOT / "models" / "ceasefire.toml")
    game, space = model.game(), model.parameters
    print(f"machine: {machine()}")
    print(f"game: {model.name}, {game.shape}, {len(space)} parameters\n")

    start = time.perf_counter()
    solution = parametric_equilibria(game, space)
    solve_time = time.perf_counter() - start
    print(f"parametric solution: {len(solution.pieces)} pieces in {solve_time:.2f} s")

    points = space.sample(arguments.points, seed=2025)
    solution.evaluate({name: values[:10] for name, values in points.items()})  # compile
    start = time.perf_counter()
    evaluation = solution.evaluate(points)
    evaluate_time = time.perf_counter() - start
    rate = arguments.points / evaluate_time
    print(f"evaluate: {arguments.points:,} points in {evaluate_time:.3f} s ({rate:,.0f} points/s)")

    rng = np.random.default_rng(7)
    gambit_n, naive_n = (100, 10) if arguments.quick else (1000, 60)
    gambit_indices = rng.choice(arguments.points, gambit_n, replace=False)
    naive_indices = gambit_indices[:naive_n]
    gambit_seconds, gambit_answers = gambit_pipeline(game, space, points, gambit_indices)
    naive_seconds, naive_answers = naive_pipeline(game, space, points, naive_indices)
    print(
        f"pygambit pipeline: {1 / gambit_seconds:,.0f} points/s "
        f"(scaled to {arguments.points:,} points: {gambit_seconds * arguments.points:,.0f} s)"
    )
    print(
        f"naive pipeline:    {1 / naive_seconds:,.0f} points/s "
        f"(scaled: {naive_seconds * arguments.points:,.0f} s)"
    )
    print(f"speed-up over pygambit pipeline: {rate * gambit_seconds:,.0f}x (target >= 400x)")
    print(f"speed-up over naive pipeline:    {rate * naive_seconds:,.0f}x (target >= 8000x)")

    names = list(evaluation.outcome_min)
    table = game.outcomes
    agree_gambit = disagree_gambit = wrong_naive = 0
    for position, index in enumerate(gambit_indices):
        count, ranges = outcome_summary(gambit_answers[position], table, names)
        ours_ranges = {
            n: (evaluation.outcome_min[n][index], evaluation.outcome_max[n][index]) for n in names
        }
        same = count == evaluation.count[index] and all(
            np.allclose(ranges[n], ours_ranges[n], atol=1e-7) for n in names
        )
        agree_gambit += same
        disagree_gambit += not same
        if position < naive_n:
            naive_count, _ = outcome_summary(naive_answers[position], table, names)
            wrong_naive += naive_count != count
    print(
        f"\nsubsample of {gambit_n}: evaluate agrees with pygambit at {agree_gambit} points, "
        f"differs at {disagree_gambit}"
    )
    print(
        f"naive pipeline (nashpy) gives a different equilibrium count at {wrong_naive} of {naive_n}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

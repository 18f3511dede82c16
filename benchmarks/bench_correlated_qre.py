"""Correlated equilibria, the logit QRE path and equilibrium components, against pygambit.

Run from the project root: ``python benchmarks/bench_correlated_qre.py [--quick] [--only N]``.

1. ``correlated_equilibria`` (maximum welfare) of random 10x10 games with integer payoffs in
   [-100, 100]: exact (LP, exact vertex, exact verification and dual certificate) and float.
   Target: under 50 ms. Gambit has no correlated-equilibrium solver, so there is no peer ratio.
2. ``qre_path`` of ten random 5x5 games and four 3x3x3 games (integer payoffs in [0, 10])
   against pygambit's ``logit_solve`` on the same game (same stopping rule: regret <= 1e-8 of
   the payoff range), with the distance between the two limits. Median CPU seconds
   (``time.process_time``) beside wall seconds; the ratio is of CPU times. Targets: under 1 s,
   within 2x of Gambit on every 5x5 game. ``--only 2`` runs this section alone.
3. ``equilibrium_components`` of von Stengel's 6x6 game with 75 equilibria (read from the
   conformance folder), against pygambit's ``enummixed_solve(rational=True)``, which finds the
   extreme equilibria that the components are built from.
4. ``mediator_pieces`` (exact tipping points of the mediator's best P(ceasefire), parametric
   LP) along each leverage parameter of models/ceasefire.toml, beside ``mediator_curve`` at
   1001 sampled points (one float LP each), with the largest difference between the two away
   from the tipping points. No peer: the ratio is against the sampled curve.
5. The mediator's bounds as a sweep target: ``mediator_bounds`` (lowest and highest
   probability of each of the 4 outcomes and payoff of each of the 2 players over the correlated
   equilibria, 12 LPs a point) at 10^4 random points of models/ceasefire.toml, reusing optimal
   bases, against one HiGHS LP per point and bound on the first 1000 (300 with ``--quick``) of
   the same points, with the largest difference between the two; and ``sweep(...,
   concept="correlated")`` over the 10^4 points. CPU seconds (``time.process_time``) beside
   wall seconds; points per second from CPU time.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import machine  # noqa: E402

from bargaining import NormalFormGame, load_model, read_game  # noqa: E402
from bargaining.solvers import (  # noqa: E402
    correlated_equilibria,
    equilibrium_components,
    mediator_curve,
    mediator_pieces,
    qre_path,
)
from bargaining.solvers.mediator_bounds import mediator_bounds  # noqa: E402

SEVENTY_FIVE = (
    ROOT.parent
    / "shared/conformance/games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"
)


def timed(function, runs: int) -> tuple[float, float, object]:
    """(best, median) seconds over ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def random_game(rng: np.random.Generator, size: int, low: int, high: int) -> NormalFormGame:
    return NormalFormGame.from_arrays(
        [rng.integers(low, high + 1, (size, size)).tolist() for _ in range(2)]
    )


def bench_correlated(seeds: range, runs: int) -> None:
    print("\n### 1. Correlated equilibrium (max welfare) of random 10x10 games\n")
    print("| seed | exact best | exact median | float median | certified | support |")
    print("|------|------------|--------------|--------------|-----------|---------|")
    medians = []
    for seed in seeds:
        game = random_game(np.random.default_rng(seed), 10, -100, 100)
        floats = game.map_payoffs(lambda _player, value: float(value))
        best, median, ce = timed(lambda game=game: correlated_equilibria(game), runs)
        _, float_median, _ = timed(lambda floats=floats: correlated_equilibria(floats), runs)
        medians.append(median)
        print(
            f"| {seed} | {fmt(best)} | {fmt(median)} | {fmt(float_median)} | "
            f"{ce.certified_optimal} | {len(ce.distribution)} |"
        )
    worst = max(medians)
    print(f"\nworst median {fmt(worst)}; target < 50 ms: {'yes' if worst < 0.05 else 'NO'}")


def _gambit_game(gbt, game: NormalFormGame):
    payoffs = game.float_payoffs()
    return gbt.Game.from_arrays(*(payoffs[..., i] for i in range(game.num_players)))


def cpu_timed(function, runs: int) -> tuple[float, float, object]:
    """(median CPU seconds, median wall seconds) over ``runs`` calls, and the last result.

    CPU time (``time.process_time``) is what the ratio uses: on a shared machine the wall
    time of either solver grows with the load, its CPU time much less.
    """
    cpu, wall, result = [], [], None
    for _ in range(runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        result = function()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall), result


QRE_GAMES = [(2, 5, seed) for seed in range(10)] + [(3, 3, seed) for seed in range(4)]
"""(players, strategies each, seed) of the games of section 2: ten 5x5 and four 3x3x3."""


def bench_qre(gbt, runs: int) -> None:
    print("\n### 2. Principal logit QRE branch of random games (payoffs integers in [0, 10])\n")
    print(
        "| game | seed | bargaining CPU | wall | points | Gambit CPU | wall | ratio (CPU) | "
        "limit distance |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    ratios: dict[int, list[float]] = {2: [], 3: []}
    worst = 0.0
    for players, size, seed in QRE_GAMES:
        rng = np.random.default_rng(1000 + seed)
        game = NormalFormGame.from_arrays(
            [rng.integers(0, 11, (size,) * players).tolist() for _ in range(players)]
        )
        ours, ours_wall, path = cpu_timed(lambda game=game: qre_path(game), runs)
        gambit_game = _gambit_game(gbt, game)
        theirs, theirs_wall, result = cpu_timed(lambda g=gambit_game: gbt.nash.logit_solve(g), runs)
        (limit,) = result.equilibria
        distance = max(
            abs(float(limit[strategy]) - float(path.limit.strategies[i][j]))
            for i, player in enumerate(gambit_game.players)
            for j, strategy in enumerate(player.strategies)
        )
        ratios[players].append(ours / theirs)
        if players == 2:
            worst = max(worst, ours)
        print(
            f"| {'x'.join([str(size)] * players)} | {seed} | {fmt(ours)} | {fmt(ours_wall)} | "
            f"{len(path)} | {fmt(theirs)} | {fmt(theirs_wall)} | {ours / theirs:.2f}x | "
            f"{distance:.1e} |"
        )
    two = ratios[2]
    print(
        f"\n5x5: worst CPU median {fmt(worst)} (target < 1 s: {'yes' if worst < 1 else 'NO'}); "
        f"ratio bargaining / Gambit per game {min(two):.2f}x to {max(two):.2f}x, median "
        f"{statistics.median(two):.2f}x (target <= 2x for every game: "
        f"{'yes' if max(two) <= 2 else 'NO'}); 3x3x3 (info): {min(ratios[3]):.2f}x to "
        f"{max(ratios[3]):.2f}x"
    )


def bench_components(gbt, runs: int) -> None:
    print("\n### 3. Components of von Stengel's 6x6 game with 75 equilibria\n")
    if not SEVENTY_FIVE.exists():
        print("conformance folder not found; skipped")
        return
    game = read_game(SEVENTY_FIVE)
    best, median, components = timed(lambda: equilibrium_components(game), runs)
    gambit_game = gbt.read_nfg(str(SEVENTY_FIVE))
    g_best, g_median, result = timed(
        lambda: gbt.nash.enummixed_solve(gambit_game, rational=True), max(3, runs // 3)
    )
    print("| solver | best | median | result |")
    print("|--------|------|--------|--------|")
    print(
        f"| bargaining equilibrium_components | {fmt(best)} | {fmt(median)} | "
        f"{len(components)} components |"
    )
    print(
        f"| Gambit enummixed_solve(rational=True) | {fmt(g_best)} | {fmt(g_median)} | "
        f"{len(result.equilibria)} equilibria |"
    )
    print(f"\nratio Gambit / bargaining: {g_median / median:.2f}x (info)")


def bench_mediator_pieces(runs: int) -> None:
    print("\n### 4. Exact tipping points of the mediator's best P(ceasefire)\n")
    model = load_model(ROOT / "models" / "ceasefire.toml")
    game, baseline = model.game("talks"), model.parameters.baseline
    print("| lever | pieces (median) | tipping points | 1001 sampled LPs | ratio | max diff |")
    print("|-------|-----------------|----------------|------------------|-------|----------|")
    for parameter in model.parameters.tagged("leverage"):
        lever, low, high = parameter.name, parameter.low, parameter.high
        _, median, found = timed(
            functools.partial(
                mediator_pieces, game, "ceasefire", lever, low=low, high=high, at=baseline
            ),
            runs,
        )
        grid = np.linspace(float(low), float(high), 1001)
        points = {name: np.full(len(grid), float(value)) for name, value in baseline.items()}
        points[lever] = grid
        _, sampled_median, sampled = timed(
            functools.partial(mediator_curve, game, "ceasefire", points), 1
        )
        tips = [float(point) for point in found.tipping_points]
        inside = [
            (value, best)
            for value, best in zip(grid[1:-1], sampled[1:-1], strict=True)
            if all(abs(value - tip) > 1e-9 for tip in tips)
        ]
        diff = max(abs(float(found.value(value)) - best) for value, best in inside)
        shown = ", ".join(str(point) for point in found.tipping_points) or "none"
        print(
            f"| {lever} | {fmt(median)} | {shown} | {fmt(sampled_median)} | "
            f"{sampled_median / median:.1f}x | {diff:.1e} |"
        )


def bench_mediator_bounds(quick: bool) -> None:
    from bargaining.analysis import sweep

    print("\n### 5. The mediator's bounds at 10^4 sampled points of models/ceasefire.toml\n")
    model = load_model(ROOT / "models" / "ceasefire.toml")
    game = model.game("talks")
    points = model.parameters.sample(10_000, seed=0)
    subset = {name: values[: 300 if quick else 1000] for name, values in points.items()}
    print("| method | points | LPs solved | CPU s | wall s | points/s (CPU) |")
    print("|--------|--------|------------|-------|--------|----------------|")
    found = {}
    for method, given in (("bases", points), ("bases", subset), ("lp", subset)):
        cpu, wall = time.process_time(), time.perf_counter()
        found[method, len(given["L"])] = bounds = mediator_bounds(game, given, method=method)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            f"| {method} | {len(bounds):,} | {bounds.solves:,} | {cpu:.2f} | {wall:.2f} | "
            f"{len(bounds) / cpu:,.0f} |"
        )
    size = len(subset["L"])
    fast, slow = found["bases", size], found["lp", size]
    diff = max(
        float(np.max(np.abs(getattr(fast, field)[key] - values)))
        for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max")
        for key, values in getattr(slow, field).items()
    )
    cpu, wall = time.process_time(), time.perf_counter()
    result = sweep(model, points, concept="correlated")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"| sweep(concept='correlated') | {len(result):,} | | {cpu:.2f} | {wall:.2f} | "
        f"{len(result) / cpu:,.0f} |"
    )
    print(f"\nlargest difference, reused bases vs one LP per point: {diff:.1e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games and runs")
    parser.add_argument("--only", type=int, choices=range(1, 6), help="run one section")
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    seeds = range(3 if args.quick else 6)
    print(f"# {machine()}")
    if args.only in (None, 1, 2, 3):
        import pygambit as gbt

        print(f"# pygambit {gbt.__version__}")
    sections = {
        1: lambda: bench_correlated(seeds, runs),
        2: lambda: bench_qre(gbt, runs),
        3: lambda: bench_components(gbt, runs),
        4: lambda: bench_mediator_pieces(runs),
        5: lambda: bench_mediator_bounds(args.quick),
    }
    for number, run in sections.items():
        if args.only in (None, number):
            run()


if __name__ == "__main__":
    main()

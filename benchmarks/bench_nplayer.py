"""All equilibria of n-player games: bargaining's support enumeration against pygambit.

Random games with integer payoffs (-20..20, seeded) of shapes 2x2x2, 3x3x2, 3x3x3, 2x2x2x2 and
4x4x3. For each: the wall time and number of equilibria of ``bargaining.nash_equilibria``
(exact), pygambit's ``enumpoly_solve`` and ``gnm_solve`` in the same run; the number of ours
that are irrational; whether every verified Gambit equilibrium is among ours; and how our time
splits over the support profiles by their total size (how time grows with the supports).

    python benchmarks/bench_nplayer.py            # 5 games per shape
    python benchmarks/bench_nplayer.py --games 2  # quicker
    python benchmarks/bench_nplayer.py --games 5 --shapes 2x2x2,3x3x3  # the targets only
    python benchmarks/bench_nplayer.py --budget-only  # the time budget's rows only (~1 min)

Prints a markdown table. Times are single calls (best of one) after one warm-up solve (which
pays for importing python-flint and sympy); "cpu" is this process's CPU time, which the other
jobs on a shared machine do not inflate. Nothing is asserted.

Then the time budget's rows: what solving large support systems in a forked worker (so that
the deadline can stop them) costs per game, against solving every system in this process
(``support_enumeration`` without a budget), in wall time and in CPU time of this process and
its workers together; and when 4x4x3 games given a 2 s budget stop.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import statistics
import time
import warnings

import numpy as np
from common import machine

from bargaining import NormalFormGame, nash_equilibria
from bargaining.algebraic import RealAlgebraic
from bargaining.budget import Budget
from bargaining.solvers.verification import is_equilibrium

SHAPES = [(2, 2, 2), (3, 3, 2), (3, 3, 3), (2, 2, 2, 2), (4, 4, 3)]


def random_game(shape: tuple[int, ...], seed: int) -> NormalFormGame:
    table = np.random.default_rng(seed).integers(-20, 21, size=(*shape, len(shape)))
    return NormalFormGame.from_arrays([table[..., k] for k in range(len(shape))])


def gambit_profiles(pygambit, game: NormalFormGame, solver) -> tuple[float, list]:
    table = pygambit.Game.from_arrays(
        *[np.asarray(game.payoffs[..., k], dtype=float) for k in range(game.num_players)]
    )
    started = time.perf_counter()
    result = solver(table)
    elapsed = time.perf_counter() - started
    profiles = []
    for profile in result.equilibria:
        vectors = [[float(profile[s]) for s in player.strategies] for player in table.players]
        if is_equilibrium(game, vectors, tol=1e-7):
            profiles.append(vectors)
    return elapsed, profiles


def covered(theirs: list, ours: list) -> bool:
    flat = [[p for v in profile for p in v] for profile in ours]
    wanted = [[p for v in profile for p in v] for profile in theirs]
    return all(
        any(max(abs(a - b) for a, b in zip(want, mine, strict=True)) < 1e-5 for mine in flat)
        for want in wanted
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=5, help="random games per shape")
    parser.add_argument(
        "--shapes",
        default=",".join("x".join(map(str, shape)) for shape in SHAPES),
        help="comma-separated shapes such as 2x2x2,3x3x3",
    )
    parser.add_argument("--budget-only", action="store_true", help="only the budget's rows")
    args = parser.parse_args()
    if args.budget_only:
        budget_rows(args.games)
        return
    shapes = [tuple(int(m) for m in shape.split("x")) for shape in args.shapes.split(",")]
    try:
        import pygambit
    except ImportError:
        pygambit = None
    print(f"machine: {machine()}\n")
    print(
        "| shape | game | ours: time (cpu) | ours: equilibria (irrational) | complete "
        "| enumpoly: time | enumpoly: eq. | gnm: time | gnm: eq. | Gambit's all among ours |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    nash_equilibria(random_game((2, 2, 2), 0))
    for shape in shapes:
        for seed in range(args.games):
            game = random_game(shape, seed)
            started, cpu = time.perf_counter(), time.process_time()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = nash_equilibria(game)
            ours_time = time.perf_counter() - started
            ours_cpu = time.process_time() - cpu
            irrational = sum(
                any(isinstance(p, RealAlgebraic) for v in eq.strategies for p in v) for eq in found
            )
            ours = [[[float(p) for p in v] for v in eq.strategies] for eq in found]
            cells = ["", "", "", "", ""]
            if pygambit is not None:
                poly_time, poly = gambit_profiles(pygambit, game, pygambit.nash.enumpoly_solve)
                gnm_time, gnm = gambit_profiles(pygambit, game, pygambit.nash.gnm_solve)
                cells = [
                    f"{poly_time:.3f} s",
                    str(len(poly)),
                    f"{gnm_time:.3f} s",
                    str(len(gnm)),
                    "yes" if covered(poly + gnm, ours) else "NO",
                ]
            name = "x".join(map(str, shape))
            print(
                f"| {name} | {seed} | {ours_time:.3f} s ({ours_cpu:.3f} s) "
                f"| {len(found)} ({irrational}) "
                f"| {'yes' if found.complete else 'no'} | " + " | ".join(cells) + " |",
                flush=True,
            )
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    growth()
    budget_rows(args.games)


def growth() -> None:
    """Cumulative time over the support profiles up to each total size, on one 3x3x3 game
    (support_enumeration with max_supports set to the number of profiles up to that size)."""
    from bargaining.solvers.support_enumeration import support_enumeration, support_profiles

    game = random_game((3, 3, 3), 0)
    sizes = [sum(len(s) for s in profile) for profile in support_profiles(game.shape)]
    print("\n| total support size up to (3x3x3, seed 0) | profiles | cumulative time (cpu) |")
    print("|---|---|---|")
    for size in sorted(set(sizes)):
        count = sum(1 for s in sizes if s <= size)
        started, cpu = time.perf_counter(), time.process_time()
        support_enumeration(game, max_supports=count)
        print(
            f"| {size} | {count} | {time.perf_counter() - started:.3f} s "
            f"({time.process_time() - cpu:.3f} s) |",
            flush=True,
        )


def cpu_with_workers() -> float:
    """CPU seconds of this process and of its finished (joined) worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def budget_rows(games: int) -> None:
    """The worker's overhead per game, and when a budget stops 4x4x3 games."""
    enumeration = importlib.import_module("bargaining.solvers.support_enumeration")
    enumeration.support_enumeration(random_game((2, 2, 2), 0))
    print(
        "\n| shape | games | in process: wall, mean (max) | cpu | with worker: wall, mean (max) "
        "| cpu | overhead (cpu) |"
    )
    print("|---|---|---|---|---|---|---|")
    for shape in [(2, 2, 2), (3, 3, 2), (3, 3, 3), (2, 2, 2, 2)]:
        times: dict[str, list[tuple[float, float]]] = {"in": [], "worker": []}
        for seed in range(games):
            game = random_game(shape, seed)
            for mode in ("in", "worker"):
                started, cpu = time.perf_counter(), cpu_with_workers()
                enumeration.support_enumeration(
                    game, budget=None if mode == "in" else Budget(seconds=60)
                )
                times[mode].append((time.perf_counter() - started, cpu_with_workers() - cpu))
        cells = []
        for mode in ("in", "worker"):
            walls, cpus = zip(*times[mode], strict=True)
            cells += [
                f"{1000 * statistics.mean(walls):.1f} ms ({1000 * max(walls):.1f} ms)",
                f"{1000 * statistics.mean(cpus):.1f} ms",
            ]
        extra = statistics.mean(c for _, c in times["worker"]) - statistics.mean(
            c for _, c in times["in"]
        )
        name = "x".join(map(str, shape))
        print(f"| {name} | {games} | " + " | ".join(cells) + f" | {1000 * extra:+.1f} ms |")
    print("\n| 4x4x3 game, budget 2 s | stopped after: wall (cpu) | equilibria | note |")
    print("|---|---|---|---|")
    for seed in range(min(games, 3)):
        game = random_game((4, 4, 3), seed)
        started, cpu = time.perf_counter(), cpu_with_workers()
        result = enumeration.support_enumeration(game, budget=Budget(seconds=2))
        print(
            f"| seed {seed} | {time.perf_counter() - started:.2f} s "
            f"({cpu_with_workers() - cpu:.2f} s) | {len(result.equilibria)} | {result.note} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

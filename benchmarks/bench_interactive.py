"""Interactive speed (issue 19, item 5): solve once, evaluate fast.

Run from the project root::

    python benchmarks/bench_interactive.py              # 10^6 points, best of 3
    python benchmarks/bench_interactive.py --points 100000 --repeats 1
    python benchmarks/bench_interactive.py --compare /tmp/old   # the code in /tmp/old first

(``git archive COMMIT bargaining | tar -x -C /tmp/old`` makes such a tree.)

Times, on the ceasefire model (models/ceasefire.toml, 3x3, eight parameters) with points drawn
from the parameters' distributions:

* the first ``sweep(model, points)`` of a process with an empty cache (the symbolic solve
  included; target < 1 s), and the same in a new process whose disk cache holds the solution;
* a second sweep in the same process, the solve cached in memory (target < 0.3 s);
* ``ParametricSolution.evaluate`` alone, in points per second of wall time and per CPU-second
  (the issue's ceiling is 10^7), with the default threads and with ``BARGAINING_THREADS=2``
  (older code ignores the variable);

and ``evaluate`` on a random 3x3 game whose payoffs are integer combinations of two parameters.

The script uses only the public API, so the same file times an older checkout (``PYTHONPATH=
old/tree``; before the cache existed every sweep solves again); ``--compare OLD`` does that in a
new process first, so that before and after are measured one right after the other: that is
how the before/after tables in benchmarks/README.md were made. The disk cache goes to a
temporary folder (``BARGAINING_CACHE_DIR``), never the user's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sympy

import bargaining
from bargaining import NormalFormGame, load_model, parametric_equilibria, sweep

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "ceasefire.toml"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine  # noqa: E402


def timed(function) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of the process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def best(repeats: int, function) -> tuple[float, float]:
    """The best wall and CPU seconds of ``repeats`` calls."""
    runs = [timed(function)[:2] for _ in range(repeats)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def clear() -> None:
    if hasattr(bargaining, "clear_cache"):  # older checkouts have no cache
        bargaining.clear_cache(disk=True)


def random_game(seed: int = 3) -> NormalFormGame:
    """A 3x3 game, each payoff ``a + b*L + c*W`` with small random integers."""
    rng = np.random.default_rng(seed)
    L, W = sympy.symbols("L W", positive=True)
    arrays = [
        [
            [int(a) + int(b) * L + int(c) * W for a, b, c in rng.integers(-5, 6, (3, 3))]
            for _ in "xyz"
        ]
        for _player in range(2)
    ]
    return NormalFormGame.from_arrays(arrays)


def new_process(points: int) -> tuple[float, float]:
    """Wall and CPU seconds of a new process's first sweep: imports, the model loaded, its
    solution read from the disk cache, the points evaluated."""
    script = (
        "import time; t, c = time.perf_counter(), time.process_time()\n"
        "from bargaining import load_model, sweep\n"
        f"m = load_model({str(MODEL)!r})\n"
        f"sweep(m, m.parameters.sample({points}, seed=1))\n"
        "print(time.perf_counter() - t, time.process_time() - c)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=os.environ
    )
    wall, cpu = done.stdout.split()[-2:]
    return float(wall), float(cpu)


def evaluate_rates(repeats: int, solution, points: dict) -> None:
    """Print ``solution.evaluate(points)``'s points per second (wall) and per CPU-second, with
    the default threads and with two."""
    n = len(next(iter(points.values())))
    for threads in (None, "2"):
        if threads is not None:
            os.environ["BARGAINING_THREADS"] = threads
        wall, cpu = best(repeats, lambda: solution.evaluate(points))
        os.environ.pop("BARGAINING_THREADS", None)
        label = "evaluate" if threads is None else "  2 threads"
        print(f"  {label}: {n / wall:,.0f} points/s, {n / cpu:,.0f} points per CPU-second")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--compare", metavar="OLD", help="time the package in folder OLD first")
    arguments = parser.parse_args()
    n = arguments.points
    if arguments.compare:
        print(f"== before: {arguments.compare}", flush=True)
        before = [sys.executable, __file__, "--points", str(n), "--repeats", str(arguments.repeats)]
        subprocess.run(before, check=True, env={**os.environ, "PYTHONPATH": arguments.compare})
        print("\n== after", flush=True)
    os.environ["BARGAINING_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-interactive-")
    print(f"bargaining from {Path(bargaining.__file__).parent}")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the start\n")

    model = load_model(MODEL)
    points = model.parameters.sample(n, seed=1)
    clear()
    first, first_cpu, _ = timed(lambda: sweep(model, points))
    second, second_cpu = best(arguments.repeats, lambda: sweep(model, points))
    fresh, fresh_cpu = min(new_process(n) for _ in range(arguments.repeats))
    print(f"ceasefire, {n:,} points")
    print(
        f"  first sweep, empty cache (solve included): {first:.3f} s (CPU {first_cpu:.3f} s; "
        "target < 1 s)"
    )
    print(f"  first sweep of a new process, disk cache:  {fresh:.3f} s (CPU {fresh_cpu:.3f} s)")
    print(f"  second sweep, solve cached:                {second:.3f} s (target < 0.3 s)")
    print(f"                                             CPU {second_cpu:.3f} s")

    solution = parametric_equilibria(model.game("talks"), model.parameters)
    solution.evaluate({name: values[:10] for name, values in points.items()})  # compile
    evaluate_rates(arguments.repeats, solution, points)

    game = random_game()
    start = time.perf_counter()
    solution = parametric_equilibria(game)
    solve = time.perf_counter() - start
    rng = np.random.default_rng(5)
    points = {"L": rng.random(n), "W": rng.random(n)}
    solution.evaluate({name: values[:10] for name, values in points.items()})
    print(
        f"\nrandom 3x3 symbolic game (seed 3), {len(solution.pieces)} pieces, "
        f"solved in {solve:.2f} s"
    )
    evaluate_rates(arguments.repeats, solution, points)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

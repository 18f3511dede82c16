"""Sweeps of the ceasefire game against point-by-point pipelines; memory and scaling.

Run from the project root::

    python benchmarks/bench_sweep.py                     # speed, scaling, game size
    python benchmarks/bench_sweep.py --huge 100000000    # also a chunked 10^8-point grid sweep
    python benchmarks/bench_sweep.py --only huge --huge 100000000

Sections:

* speed: a 10^6-point sweep of the 3x3 ceasefire game (models/ceasefire.toml, eight
  parameters drawn from their distributions) against point-by-point pipelines timed on a
  subsample and scaled to 10^6 points, with their answers compared on that subsample:
  payoffs compiled once with ``sympy.lambdify`` then nashpy's ``support_enumeration`` or
  ``vertex_enumeration`` per point, or bargaining's own float ``nash_equilibria`` per point
  (``sweep(..., method="points")``); and the naive pipeline (sympy ``.subs`` then nashpy
  per point, from bench_parametric.py). pygambit is not installed here; bench_parametric.py
  measures its ``enummixed_solve`` pipeline where it is.
* scaling: sweep time against the number of points.
* size: the symbolic solve and the per-point cost against the game's size, and the number of
  points above which solving in symbols pays off against solving each point.
* huge: a chunked grid sweep streamed to an .npz, with the peak resident memory of the process
  (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import sympy

import bargaining
from bargaining import NormalFormGame, Parameter, ParameterSpace, grid, sweep
from bargaining.analysis.target import resolve_target
from bargaining.numbers import to_sympy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_parametric import naive_pipeline, outcome_summary  # noqa: E402
from common import machine  # noqa: E402


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(repeats: int, function):
    """(best seconds, last result) of ``repeats`` calls."""
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def lambdified_payoffs(game, space):
    symbols = [space[name].symbol for name in space.names]
    by_name = {symbol.name: symbol for symbol in symbols}
    flat = []
    for value in game.payoffs.flat:
        expression = to_sympy(value)
        flat.append(expression.xreplace({s: by_name[s.name] for s in expression.free_symbols}))
    return sympy.lambdify(symbols, flat, modules="numpy")


def nashpy_pipeline(game, space, points, indices, method):
    """Payoffs compiled once, then nashpy at each point: (seconds per point, profiles)."""
    import nashpy

    function = lambdified_payoffs(game, space)
    shape = game.payoffs.shape
    answers = []
    start = time.perf_counter()
    for index in indices:
        values = [points[name][index] for name in space.names]
        table = np.array(function(*values), dtype=float).reshape(shape)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            solver = getattr(nashpy.Game(table[..., 0], table[..., 1]), method)
            answers.append([(np.asarray(x), np.asarray(y)) for x, y in solver()])
    return (time.perf_counter() - start) / len(indices), answers


def compare(answers, indices, result, outcome_table, names):
    """Points (of those not on a boundary) where a pipeline's count and outcome ranges equal
    the sweep's, and where they differ."""
    same = differ = 0
    for position, index in enumerate(indices):
        if result.boundary[index]:
            continue
        count, ranges = outcome_summary(answers[position], outcome_table, names)
        ours = {n: (result.outcome_min[n][index], result.outcome_max[n][index]) for n in names}
        equal = count == result.count[index] and all(
            np.allclose(ranges[n], ours[n], atol=1e-7) for n in names
        )
        same += equal
        differ += not equal
    return same, differ


def section_speed(points_count: int, quick: bool) -> None:
    print(f"## 1. {points_count:,}-point sweep of the ceasefire game\n")
    model = bargaining.load_model(ROOT / "models" / "ceasefire.toml")
    game, space = model.game(), model.parameters
    start = time.perf_counter()
    target = resolve_target(model)
    solve = time.perf_counter() - start
    points = space.sample(points_count, seed=2025)
    target.evaluate({name: values[:10] for name, values in points.items()})  # compile once
    serial, result = best_of(3, lambda: sweep(target, points))
    with ProcessPoolExecutor(2) as pool:
        sweep(target, {n: v[:1000] for n, v in points.items()}, executor=pool)  # warm workers
        pooled, pooled_result = best_of(3, lambda: sweep(target, points, executor=pool))
    identical = all(
        np.array_equal(getattr(result, field)[key], getattr(pooled_result, field)[key])
        for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max")
        for key in getattr(result, field)
    ) and np.array_equal(result.count, pooled_result.count)
    ours = min(serial, pooled)
    print(f"symbolic solve (once): {solve:.2f} s")
    print(f"sweep, this process (numpy threads on 2 cores): {serial:.3f} s")
    print(f"sweep, ProcessPoolExecutor(2): {pooled:.3f} s (arrays identical: {identical})")
    print(f"best: {points_count / ours:,.0f} points/s\n")

    rng = np.random.default_rng(7)
    sizes = {"support": 200, "vertex": 200, "ours": 300, "naive": 30}
    if quick:
        sizes = {key: max(10, n // 5) for key, n in sizes.items()}
    indices = rng.choice(points_count, max(sizes.values()), replace=False)
    names = list(result.outcome_min)
    rows = []
    for label, key, run in (
        (
            "lambdify + nashpy support_enumeration",
            "support",
            lambda ix: nashpy_pipeline(game, space, points, ix, "support_enumeration"),
        ),
        (
            "lambdify + nashpy vertex_enumeration",
            "vertex",
            lambda ix: nashpy_pipeline(game, space, points, ix, "vertex_enumeration"),
        ),
        ("naive: sympy .subs + nashpy support_enumeration", "naive", None),
    ):
        subset = indices[: sizes[key]]
        if run is None:
            seconds, answers = naive_pipeline(game, space, points, subset)
        else:
            seconds, answers = run(subset)
        same, differ = compare(answers, subset, result, game.outcomes, names)
        rows.append((label, seconds, len(subset), same, differ))
    subset = indices[: sizes["ours"]]
    per_point = resolve_target(target, method="points")
    sub_points = {name: values[subset] for name, values in points.items()}
    seconds, checked = best_of(1, lambda: per_point.evaluate(sub_points))
    sub_result = target.evaluate(sub_points)
    inside = ~sub_result.boundary
    agree = int(
        np.sum(
            (checked.count == sub_result.count)
            & np.all(
                [
                    np.isclose(checked.outcome_max[n], sub_result.outcome_max[n], atol=1e-7)
                    & np.isclose(checked.outcome_min[n], sub_result.outcome_min[n], atol=1e-7)
                    for n in names
                ],
                axis=0,
            )
            & inside
        )
    )
    rows.insert(
        2,
        (
            "lambdify + bargaining float nash_equilibria",
            seconds / len(subset),
            len(subset),
            agree,
            int(inside.sum()) - agree,
        ),
    )
    print(
        "| pipeline | points/s | scaled to 10^6 points | sweep speed-up | subsample | "
        "same answer | different |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, seconds, n, same, differ in rows:
        print(
            f"| {label} | {1 / seconds:,.0f} | {seconds * 1e6:,.0f} s | "
            f"{seconds * points_count / ours:,.0f}x | {n} | {same} | {differ} |"
        )
    print(
        "\n'same answer': equal equilibrium count and min/max probability of every outcome "
        "(within 1e-7) at subsample points not on a region boundary.\n"
    )


def section_scaling() -> None:
    print("## 2. Time against the number of points (ceasefire game, this process)\n")
    model = bargaining.load_model(ROOT / "models" / "ceasefire.toml")
    target = resolve_target(model)
    target.evaluate({"L": [0.5]})
    print("| points | seconds | points/s | peak RSS so far (MiB) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for exponent in (3, 4, 5, 6, 7):
            n = 10**exponent
            points = model.parameters.sample(n, seed=exponent)
            out = Path(folder) / "r.npz" if exponent >= 7 else None
            repeats = 1 if exponent >= 6 else 3
            seconds, _ = best_of(repeats, lambda p=points, o=out: sweep(target, p, out=o))
            print(f"| 10^{exponent} | {seconds:.3f} | {n / seconds:,.0f} | {peak_rss_mib():,.0f} |")
    print("\n10^7 streams to an .npz (out=), which includes writing about 1 GB.\n")


def random_symbolic_game(size: int, seed: int) -> tuple[NormalFormGame, ParameterSpace]:
    """A size x size game whose payoffs are integer combinations of L and W plus a constant."""
    rng = np.random.default_rng(seed)
    L, W = sympy.symbols("L W")
    coefficients = rng.integers(-5, 6, size=(size, size, 2, 3))
    payoffs = [
        [[int(a) * L + int(b) * W + int(c) for a, b, c in cell] for cell in row]
        for row in coefficients
    ]
    space = ParameterSpace(
        [Parameter("L", 0, 1, sympy.Rational(1, 2)), Parameter("W", 0, 1, sympy.Rational(1, 2))]
    )
    return NormalFormGame(payoffs), space


def section_size() -> None:
    print("## 3. Game size: symbolic solve against solving each point\n")
    print(
        "| game | pieces | symbolic solve | sweep of 10^5 points | per-point solve | "
        "points/s per point | solving in symbols pays off above |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in (2, 3, 4, 5):
        game, space = random_symbolic_game(size, seed=100 + size)
        start = time.perf_counter()
        target = resolve_target(game, space=space)
        solve = time.perf_counter() - start
        points = space.sample(10**5, seed=size)
        target.evaluate({"L": [0.5]})
        evaluate, _ = best_of(1, lambda t=target, p=points: sweep(t, p))
        per_point = resolve_target(target, method="points")
        subset = {name: values[:200] for name, values in points.items()}
        point_seconds, _ = best_of(1, lambda t=per_point, p=subset: t.evaluate(p))
        point_seconds /= 200
        fast = evaluate / 10**5
        break_even = solve / max(point_seconds - fast, 1e-12)
        print(
            f"| {size}x{size} | {len(target.solution.pieces)} | {solve:.2f} s | {evaluate:.3f} s | "
            f"{point_seconds * 1e3:.2f} ms | {1 / point_seconds:,.0f} | {break_even:,.0f} points |"
        )
    tree = bargaining.load_model(ROOT / "models" / "ceasefire_sequence.toml")
    tree_target = resolve_target(tree, method="points")
    tree_points = tree.parameters.sample(300, seed=1)
    seconds, _ = best_of(1, lambda: sweep(tree_target, tree_points))
    print(
        f"\nGame tree (models/ceasefire_sequence.toml, swept point by point with "
        f"subgame_perfect): {300 / seconds:,.0f} points/s\n"
    )


def section_huge(points_count: int) -> None:
    print(f"## 4. Chunked {points_count:,}-point grid sweep streamed to .npz\n")
    model = bargaining.load_model(ROOT / "models" / "ceasefire.toml")
    target = resolve_target(model)
    side = round(math.sqrt(points_count))
    axes = grid(L=np.linspace(0, 1, side), W=np.linspace(0, 1, points_count // side))
    before = peak_rss_mib()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "huge.npz"
        start = time.perf_counter()
        result = sweep(target, axes, out=out)
        seconds = time.perf_counter() - start
        size = out.stat().st_size
        print(f"points: {len(result):,} ({side} x {points_count // side} grid)")
        print(f"time: {seconds:,.0f} s ({len(result) / seconds:,.0f} points/s, incl. writing)")
        print(f"file: {size / 2**30:.1f} GiB")
        print(f"peak RSS: {peak_rss_mib():,.0f} MiB (before the sweep: {before:,.0f} MiB)")
        print(f"ceasefire possible at {result.outcome_possible['ceasefire'] / len(result):.1%}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=10**6)
    parser.add_argument("--quick", action="store_true", help="smaller subsamples")
    parser.add_argument("--huge", type=int, default=0, help="points of the chunked sweep")
    parser.add_argument("--only", choices=("speed", "scaling", "size", "huge"))
    arguments = parser.parse_args()
    print(f"machine: {machine()}\n")
    sections = {
        "speed": lambda: section_speed(arguments.points, arguments.quick),
        "scaling": section_scaling,
        "size": section_size,
        "huge": lambda: section_huge(arguments.huge) if arguments.huge else None,
    }
    for name, run in sections.items():
        if arguments.only in (None, name):
            run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Sobol indices and Monte Carlo on the ceasefire game: time per stage, throughput.

Run from the project root: ``python benchmarks/bench_sensitivity.py [--n 131072] [--quick]``.

* Sobol: ``n (d + 2)`` evaluations of the 3x3 ceasefire game (``d = 8`` parameters; the default
  ``n = 2^17`` gives 1,310,720 evaluations, the first power of two past 10^6), timed stage by
  stage as :func:`bargaining.analysis.sobol.sobol` runs them: the design (SALib's scrambled
  Sobol' sample mapped through the parameters' quantile functions), the evaluation
  (``Target.evaluate`` from the parametric solution) and the analysis (SALib's estimators
  with delta-method intervals; SALib's bootstrap timed separately at 10 resamples and
  extrapolated to its default 100, which it costs linearly). The whole ``sobol()`` call is
  timed too. The target: under 10 s for 10^6 evaluations.
* Monte Carlo: draws per second of ``monte_carlo`` (sampling and evaluation split).

The parametric solution is computed once beforehand (timed as "setup"). Times are wall-clock
``time.perf_counter``, best of ``--repeats`` runs; the load average is printed, since other
processes share the machine's cores.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from common import machine

ROOT = Path(__file__).resolve().parent.parent


def best(function, repeats: int) -> tuple[float, object]:
    """The fastest of ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2**17, help="Sobol base sample (power of 2)")
    parser.add_argument("--draws", type=int, default=10**6, help="Monte Carlo draws")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="n = 2^14, 10^5 draws, 1 repeat")
    args = parser.parse_args()
    if args.quick:
        args.n, args.draws, args.repeats = 2**14, 10**5, 1

    from SALib.analyze import sobol as salib_analyze

    from bargaining.analysis.measures import outcome_values
    from bargaining.analysis.monte_carlo import monte_carlo
    from bargaining.analysis.sobol import _asymptotic, sobol, sobol_design
    from bargaining.analysis.target import resolve_target
    from bargaining.model import load_model

    print("## Sensitivity benchmark: the ceasefire game\n")
    print(f"machine: {machine()}\n")

    start = time.perf_counter()
    model = load_model(ROOT / "models" / "ceasefire.toml")
    target = resolve_target(model)
    target.evaluate({})  # compile the solution's numpy functions
    setup = time.perf_counter() - start
    space = target.space
    d = len(space)
    evaluations = args.n * (d + 2)

    design_time, points = best(lambda: sobol_design(space, args.n, seed=1), args.repeats)
    evaluation_time, values = best(
        lambda: outcome_values(target.evaluate(points), "ceasefire", "max"), args.repeats
    )
    analysis_time, _ = best(lambda: _asymptotic(values, d, args.n, 0.95), args.repeats)
    problem = {"num_vars": d, "names": list(space.names), "bounds": [[0.0, 1.0]] * d}
    bootstrap_time, _ = best(
        lambda: salib_analyze.analyze(
            problem, values, calc_second_order=False, num_resamples=10, seed=1
        ),
        1,
    )
    total_time, indices = best(lambda: sobol(target, "ceasefire", args.n, seed=1), args.repeats)

    print(f"### Sobol indices of P(ceasefire), {evaluations:,} evaluations (n = {args.n:,})\n")
    print("| stage | time (s) | share |")
    print("|---|---|---|")
    staged = design_time + evaluation_time + analysis_time
    for name, seconds in (
        ("design: SALib Sobol' sample + quantile mapping", design_time),
        ("evaluation: parametric solution, vectorised", evaluation_time),
        ("analysis: SALib estimators + delta-method intervals", analysis_time),
    ):
        print(f"| {name} | {seconds:.2f} | {seconds / staged:.0%} |")
    print(f"| **sum of the stages** | **{staged:.2f}** | |")
    print(f"| whole `sobol()` call | {total_time:.2f} | |")
    print(f"| (setup, once: load + parametric solve + compile) | {setup:.2f} | |")
    print(
        f"| (SALib bootstrap intervals instead, 10 resamples; 100 would take "
        f"~{10 * bootstrap_time:.0f} s) | {bootstrap_time:.2f} | |"
    )
    target_met = "yes" if total_time < 10 * evaluations / 1e6 else "NO"
    print(f"\nunder 10 s per 10^6 evaluations: {target_met} "
          f"({total_time / evaluations * 1e6:.2f} s per 10^6)\n")  # fmt: skip
    print("| parameter | first order | 95% interval | total | 95% interval |")
    print("|---|---|---|---|---|")
    for row in indices.table():
        print(
            f"| {row['parameter']} | {row['first']:.3f} | {row['first_low']:.3f} to "
            f"{row['first_high']:.3f} | {row['total']:.3f} | {row['total_low']:.3f} to "
            f"{row['total_high']:.3f} |"
        )

    sample_time, samples = best(lambda: space.sample(args.draws, seed=2), args.repeats)
    mc_evaluation_time, _ = best(lambda: target.evaluate(samples), args.repeats)
    mc_time, result = best(lambda: monte_carlo(target, args.draws, seed=2), args.repeats)
    summary = result.summary("ceasefire")
    print(f"\n### Monte Carlo, {args.draws:,} draws\n")
    print("| stage | time (s) | draws per second |")
    print("|---|---|---|")
    for name, seconds in (
        ("sampling the parameters' distributions", sample_time),
        ("evaluation", mc_evaluation_time),
        ("whole `monte_carlo()` call", mc_time),
    ):
        print(f"| {name} | {seconds:.2f} | {args.draws / seconds:,.0f} |")
    print(
        f"\nP(a ceasefire is an equilibrium) = {summary.possible:.4f} ± {summary.possible_se:.4f}; "
        f"P(every equilibrium is a ceasefire) = {summary.assured:.4f} ± {summary.assured_se:.4f}"
    )
    assert np.isfinite(indices.total).all()


if __name__ == "__main__":
    main()

"""The report's tornadoes of a model solved point by point: one tornado per outcome (as the
report computed them before) against all outcomes from one evaluation (``tornadoes``).

Run from the project root: ``python benchmarks/bench_report_tornado.py [--model PATH]
[--repeats 3] [--report]``.

* Both ways run in this process on the same target (``resolve_target(model)``, point by point
  for ``models/ceasefire_us.toml``), after one untimed warm-up call; the script checks that
  they give the same bars and counts the point solves of each.
* ``--report`` also runs ``bargaining report MODEL -o TMPDIR`` once in a child process.

Times are CPU seconds (``time.process_time``; ``getrusage`` of the children for the report)
beside wall-clock seconds (``time.perf_counter``), best of ``--repeats``; the load average is
printed, since other processes share the machine's cores.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(function, repeats: int) -> tuple[float, float, object]:
    """The best CPU and wall seconds of ``repeats`` calls, and the last result."""
    cpu, wall, result = [], [], None
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        result = function()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return min(cpu), min(wall), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/ceasefire_us.toml")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--report", action="store_true", help="also time the whole report")
    args = parser.parse_args()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    warnings.simplefilter("ignore")  # the incomplete-result warnings of the n-player solver

    from bargaining.analysis import target as targets
    from bargaining.analysis.tornado import tornado, tornadoes
    from bargaining.model import load_model

    solves = [0]
    concept_of = targets.solution_concept

    def counted_concept(game, concept):
        chosen = concept_of(game, concept)

        def solve(point_game, **options):
            solves[0] += 1
            return chosen.solve(point_game, **options)

        return dataclasses.replace(chosen, solve=solve)

    targets.solution_concept = counted_concept
    model = load_model(args.model)
    target = targets.resolve_target(model)
    outcomes = list(target.outcomes)
    tornadoes(target, outcomes)  # warm-up: imports, compiled payoff functions

    def per_outcome():
        return tuple(tornado(target, outcome) for outcome in outcomes)

    def at_once():
        return tornadoes(target, outcomes)

    print(
        f"model {args.model}: {target.method}, {len(outcomes)} outcomes, "
        f"{len(target.space.names)} parameters; load average {os.getloadavg()[0]:.2f}"
    )
    print("| way | point solves | CPU s | wall s |")
    print("|---|---:|---:|---:|")
    results = {}
    for name, function in (
        ("one tornado per outcome (before)", per_outcome),
        ("tornadoes, one evaluation (after)", at_once),
    ):
        solves[0] = 0
        cpu, wall, results[name] = timed(function, args.repeats)
        print(f"| {name} | {solves[0] // args.repeats} | {cpu:.2f} | {wall:.2f} |")
    before, after = results.values()
    print(f"same bars: {before == after}")

    if args.report:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "bargaining.cli", "report", args.model, "-o", out],
                check=True,
                capture_output=True,
            )
            wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            f"bargaining report {args.model}: CPU {usage.ru_utime + usage.ru_stime:.1f} s, "
            f"wall {wall:.1f} s"
        )


if __name__ == "__main__":
    main()

"""Claim checks of a model solved point by point: each claim solving its own points, with and
without one linear program for all ties in continuum points, against the claims of one run
sharing each point's solve (``SolvedPoints``, what ``check_model``, ``bargaining check`` and
reports do).

Run from the project root: ``python benchmarks/bench_claim_checks.py [--model PATH]
[--examples 25] [--repeats 1] [--cli]``.

* The three ways run in this process, in turn ``--repeats`` times (best of), on the same model,
  after an untimed warm-up (imports, the tipping points the search starts from); the script
  checks that they give the same results (verdicts, counterexamples, points tried) and counts
  the point solves.
  "One program per tie" restores the continuum search's former linear step by making its
  single test for all ties always pass (so every tie is tried, as before).
* ``--cli`` also runs ``bargaining check MODEL`` and ``bargaining report MODEL -o TMPDIR`` once
  each in a child process.

Times are CPU seconds (``time.process_time``; ``getrusage`` of the children for the commands)
beside wall-clock seconds (``time.perf_counter``); the load average is printed, since other
processes share the machine's cores.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_seconds(command: list[str]) -> tuple[float, float]:
    """CPU and wall seconds of a command run in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/ceasefire_us.toml")
    parser.add_argument("--examples", type=int, default=25, help="drawn points per claim")
    parser.add_argument("--repeats", type=int, default=1, help="rounds of the three ways")
    parser.add_argument("--cli", action="store_true", help="also time bargaining check/report")
    args = parser.parse_args()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    warnings.simplefilter("ignore")  # the incomplete-result warnings of the n-player solver

    from bargaining.model import load_model
    from bargaining.testing import check_claim, check_model

    solved_points = importlib.import_module("bargaining.testing.solved_points")
    continuum_points = importlib.import_module("bargaining.solvers.continuum_points")
    solves = [0]
    solve = solved_points.equilibria

    def counted(*arguments, **options):
        solves[0] += 1
        return solve(*arguments, **options)

    solved_points.equilibria = counted
    largest_margin = continuum_points._largest_margin

    def every_tie(*arguments, strict_ties, **options):
        if not strict_ties:
            return ((), {})  # "some tie may give a point": try each, as before
        return largest_margin(*arguments, strict_ties=strict_ties, **options)

    model = load_model(args.model)
    check_model(model, examples=0)  # warm-up

    def alone():
        return [check_claim(model, c, examples=args.examples) for c in model.claims]

    def shared():
        return check_model(model, examples=args.examples)

    print(
        f"model {args.model}: {len(model.claims)} claims, {args.examples} drawn points each; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    ways = (
        ("each claim alone, one program per tie (before)", alone, every_tie),
        ("each claim alone, one program for all ties", alone, largest_margin),
        ("claims share each point's solve (after)", shared, largest_margin),
    )
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in ways}
    results, counts = [], {}
    for _ in range(args.repeats):
        for name, function, margin in ways:
            continuum_points._largest_margin = margin
            solves[0] = 0
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            results.append(function())
            times[name].append((time.process_time() - start_cpu, time.perf_counter() - start_wall))
            counts[name] = solves[0]
    continuum_points._largest_margin = largest_margin
    print("| way | point solves | CPU s | wall s |")
    print("|---|---:|---:|---:|")
    for name, measured in times.items():
        cpu, wall = min(c for c, _ in measured), min(w for _, w in measured)
        print(f"| {name} | {counts[name]} | {cpu:.2f} | {wall:.2f} |")
    print(f"same results: {all(result == results[0] for result in results)}")

    if args.cli:
        python = [sys.executable, "-m", "bargaining.cli"]
        cpu, wall = child_seconds([*python, "check", args.model])
        print(f"bargaining check {args.model}: CPU {cpu:.1f} s, wall {wall:.1f} s")
        with tempfile.TemporaryDirectory() as out:
            cpu, wall = child_seconds([*python, "report", args.model, "-o", out])
        print(f"bargaining report {args.model}: CPU {cpu:.1f} s, wall {wall:.1f} s")


if __name__ == "__main__":
    main()

"""The cold first sweep, stage by stage (issue 19, item 5): imports, loading the model, the
symbolic solve with an empty cache, and the evaluation, in CPU seconds and wall seconds.

Run from the project root::

    python benchmarks/bench_cold_solve.py                      # this tree against 5f92377
    python benchmarks/bench_cold_solve.py --points 100000 --repeats 5 --before HEAD~3

Each run is a new Python process (so imports, sympy's caches and FLINT start cold) with
``BARGAINING_CACHE_DIR`` pointing at an empty temporary folder; it times, on the ceasefire
model (``models/ceasefire.toml``):

1. ``import`` of what a notebook's first cell needs (``load_model``, ``sweep``,
   ``parametric_equilibria``), numpy and sympy included;
2. ``load_model``;
3. drawing the points (``ParameterSpace.sample``; not part of the target, shown apart);
4. the symbolic solve, ``parametric_equilibria(game, space)`` (the cache is empty);
5. ``sweep(model, points)``, which finds that solution in the in-memory cache and evaluates.

The first sweep of the issue's target ("including the solve, under 1 s") is 2 + 4 + 5 after
the imports, or 1 + 2 + 4 + 5 with them. The runs of the code before (``--before``, default
commit 5f92377, exported with ``git archive`` to a temporary folder) and after (this tree)
alternate, ``--repeats`` times each; the table shows each stage's least CPU and wall seconds.
CPU seconds are the process's own (``time.process_time``: all its threads); on a busy machine
they are the comparable figures, wall seconds there are several times larger.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("imports", "load", "sample", "solve", "evaluate")

RUN = """
import json, sys, time
clock = [(time.perf_counter(), time.process_time())]
def mark():
    clock.append((time.perf_counter(), time.process_time()))
import bargaining
load_model, sweep, solve = bargaining.load_model, bargaining.sweep, bargaining.parametric_equilibria
mark()
model = load_model(sys.argv[1])
mark()
points = model.parameters.sample(int(sys.argv[2]), seed=1)
mark()
solution = solve(model.game("talks"), model.parameters)
mark()
result = sweep(model, points)
mark()
stages = [[b[0] - a[0], b[1] - a[1]] for a, b in zip(clock, clock[1:])]
print(json.dumps({"stages": stages, "pieces": len(solution.pieces), "file": bargaining.__file__}))
"""


def run_once(tree: Path, points: int) -> dict:
    """One cold run of the stages with the package from ``tree``."""
    environment = dict(os.environ, PYTHONPATH=str(tree))
    # Imports read compiled bytecode, as from an installed package: without it (the variable
    # set, as on some CI machines and sandboxes) compiling bargaining's own modules adds
    # about 0.3 CPU-seconds to every start. prepare() compiled both trees.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as cache:
        environment["BARGAINING_CACHE_DIR"] = cache
        done = subprocess.run(
            [sys.executable, "-c", RUN, str(ROOT / "models" / "ceasefire.toml"), str(points)],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
            cwd=tree,
        )
    result = json.loads(done.stdout.splitlines()[-1])
    if not result["file"].startswith(str(tree)):
        raise RuntimeError(f"bargaining came from {result['file']}, not {tree}")
    return result


def export(commit: str, into: Path) -> Path:
    """The package as it was at ``commit``, in a folder of its own."""
    archive = subprocess.run(
        ["git", "archive", commit, "bargaining"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def prepare(tree: Path) -> None:
    """Compile the tree's modules to bytecode once, before the timed runs."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(tree / "bargaining")],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )


def best(runs: list[dict]) -> list[tuple[float, float]]:
    """Each stage's least wall and CPU seconds over the runs."""
    return [
        (min(r["stages"][i][0] for r in runs), min(r["stages"][i][1] for r in runs))
        for i in range(len(STAGES))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", default="5f92377", help="commit to compare with")
    arguments = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at the start; {arguments.points:,} points")
    with tempfile.TemporaryDirectory(prefix="bench-cold-before-") as folder:
        trees = {"before": export(arguments.before, Path(folder)), "after": ROOT}
        for tree in trees.values():
            prepare(tree)
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for _ in range(arguments.repeats):
            for name, tree in trees.items():
                runs[name].append(run_once(tree, arguments.points))
    print(f"load average {os.getloadavg()[0]:.1f} at the end\n")
    table = {name: best(found) for name, found in runs.items()}
    header = (
        f"{'stage':<34}{'before CPU':>11}{'after CPU':>11}{'before wall':>13}{'after wall':>12}"
    )
    print(f"before: {arguments.before}, after: this tree; least of {arguments.repeats} runs each")
    print(header)
    rows = [(stage, [i]) for i, stage in enumerate(STAGES)]
    rows += [
        ("first sweep after imports (2+4+5)", [1, 3, 4]),
        ("first sweep with imports (1+2+4+5)", [0, 1, 3, 4]),
    ]
    for label, indices in rows:
        before = [sum(table["before"][i][k] for i in indices) for k in (0, 1)]
        after = [sum(table["after"][i][k] for i in indices) for k in (0, 1)]
        print(f"{label:<34}{before[1]:>11.3f}{after[1]:>11.3f}{before[0]:>13.3f}{after[0]:>12.3f}")
    pieces = {name: found[0]["pieces"] for name, found in runs.items()}
    print(f"\npieces in the solution: {pieces}")


if __name__ == "__main__":
    main()

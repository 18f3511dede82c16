"""The time of ``bargaining report`` on bundled models, stage by stage, and a digest of what it
wrote, so that a speed-up can be shown to leave the report unchanged.

Run from the project root: ``python benchmarks/bench_report.py [--model PATH ...] [--repeats 1]
[--root DIR] [--warm]``.

* Each report is built in a fresh child process (``bargaining.report.build`` with the CLI's
  defaults: both formats, seed 0, 25 claim examples, 2000 draws), so nothing is cached in
  memory between runs. The solution cache on disk is off (``BARGAINING_CACHE=off``), so the
  symbolic solve is counted too, as in a first report; ``--warm`` keeps the user's disk cache.
* ``--root DIR`` imports the package from another checkout, e.g. an older commit unpacked with
  ``git archive COMMIT | tar -x -C DIR``, to compare before and after in the same run.
* Times are CPU seconds of the child (``getrusage``) beside wall-clock seconds, the best of
  ``--repeats``, and the CPU seconds of each stage the progress display names, after the
  start-up (the first repeat's; "drawing the figures" also lays out the document, whose
  mediator section solves linear programs); the load average is printed, since other
  processes share the machine's cores.
* The digest is a SHA-256 over the names and bytes of the files written: equal digests mean
  byte-identical reports (the footer names the model file, not the output folder).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What the child runs: one report, its stages timed by the progress callback.
CHILD = """
import hashlib, json, sys, time
sys.path.insert(0, sys.argv[3])  # before the working directory, which python -c puts first
from pathlib import Path
from bargaining.report import build
stages = [["start-up", 0.0]]  # interpreter and imports, until the first stage
def progress(stage):
    stages.append([stage, time.process_time()])
report = build(sys.argv[1], sys.argv[2], progress=progress)
stages.append(["end", time.process_time()])
digest = hashlib.sha256()
for path in sorted(report.files):
    digest.update(path.name.encode() + b"\\0" + path.read_bytes())
print(json.dumps({
    "stages": [[s, round(t1 - t0, 2)] for (s, t0), (_, t1) in zip(stages, stages[1:])],
    "digest": digest.hexdigest()[:16],
    "package": str(Path(sys.modules["bargaining"].__file__).parent),
}))
"""


def run_report(model: str, root: Path, *, warm: bool) -> tuple[float, float, dict]:
    """CPU and wall seconds of one report in a child process, and what the child printed."""
    env = dict(os.environ)
    if not warm:
        env["BARGAINING_CACHE"] = "off"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, model, str(Path(out) / "report"), str(root)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", action="append", help="default: ceasefire.toml and ceasefire_us.toml"
    )
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to import")
    parser.add_argument("--warm", action="store_true", help="keep the disk solution cache")
    args = parser.parse_args()
    models = args.model or ["models/ceasefire.toml", "models/ceasefire_us.toml"]
    print(f"package from {args.root.resolve()}; load average {os.getloadavg()[0]:.2f}")
    print("| model | CPU s | wall s | digest |")
    print("|---|---:|---:|---|")
    details = []
    for model in models:
        runs = [run_report(model, args.root.resolve(), warm=args.warm) for _ in range(args.repeats)]
        cpu, wall = min(run[0] for run in runs), min(run[1] for run in runs)
        child = runs[0][2]
        if Path(child["package"]) != args.root.resolve() / "bargaining":
            raise SystemExit(f"the child imported {child['package']}, not {args.root}")
        print(f"| {model} | {cpu:.1f} | {wall:.1f} | {child['digest']} |")
        details.append((model, child))
    for model, child in details:
        stages = "; ".join(f"{stage} {seconds:.1f}" for stage, seconds in child["stages"])
        print(f"\n{model}, CPU s by stage: {stages}")


if __name__ == "__main__":
    main()

"""Start-up time of the ``bargaining`` command, as a ratio to ``python -c "import sympy"``.

Run from the project root: ``python benchmarks/bench_startup.py [--repeats N]``.

Each command runs in a fresh interpreter (``python -m bargaining.cli ...``, the same code as the
installed ``bargaining`` script), output discarded; so does the reference,
``python -c "import sympy"``. The runs are interleaved (reference, then each command, N times),
so a change in the machine's load during the run affects all of them alike, and each ratio is
the median of a command's times over the median of the reference's. Targets (issue 14):
``--help`` under 1.5x sympy's import, ``solve models/ceasefire.toml`` under 3x.

A first round is run and discarded, so that every run reads its files from the page cache.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import machine  # the same machine line as the other benchmarks

ROOT = Path(__file__).resolve().parent.parent

REFERENCE = ("import sympy", [sys.executable, "-c", "import sympy"])
COMMANDS = (
    ("bargaining --help", ["--help"], 1.5),
    ("bargaining show models/ceasefire.toml", ["show", "models/ceasefire.toml"], None),
    ("bargaining solve models/ceasefire.toml", ["solve", "models/ceasefire.toml"], 3.0),
)


def seconds(command: list[str]) -> float:
    """Wall-clock time of one run of ``command``, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11, help="runs of each (default 11)")
    repeats = parser.parse_args().repeats
    runs = [REFERENCE] + [
        (name, [sys.executable, "-m", "bargaining.cli", *arguments])
        for name, arguments, _ in COMMANDS
    ]
    for _, command in runs:  # warm the page cache
        seconds(command)
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(repeats):
        for name, command in runs:
            times[name].append(seconds(command))
    reference = statistics.median(times[REFERENCE[0]])
    print(f"Machine: {machine()}; {repeats} interleaved runs of each, medians.\n")
    print("| command | median (s) | min (s) | ratio to `import sympy` | target | met |")
    print("|---|---|---|---|---|---|")
    print(
        f'| `python -c "import sympy"` | {reference:.3f} | {min(times[REFERENCE[0]]):.3f} | 1 | | |'
    )
    for name, _, target in COMMANDS:
        median = statistics.median(times[name])
        ratio = median / reference
        goal = "" if target is None else f"< {target}x"
        met = "" if target is None else ("yes" if ratio < target else "NO")
        print(
            f"| `{name}` | {median:.3f} | {min(times[name]):.3f} | {ratio:.2f} | {goal} | {met} |"
        )


if __name__ == "__main__":
    main()

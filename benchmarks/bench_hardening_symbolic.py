"""Worst cases of issue 13 (runaway work from small model files): time and peak memory.

Run from the repository root::

    python benchmarks/bench_hardening_symbolic.py                   # this checkout
    python benchmarks/bench_hardening_symbolic.py --code OLD_ROOT   # another checkout (before)

Each case is a model file of 1-3 KB written to a temporary folder and one ``bargaining``
command on it, run in a subprocess whose address space is limited (``RLIMIT_AS``, default 2 GB)
and which is stopped after a timeout (default 60 s), so the cases that ran for minutes and
allocated gigabytes before the fix cannot take the machine. For each case it prints the exit
code, the wall-clock time of the command's ``main()`` (without Python start-up and imports) and
of the whole process (start-up included; the ``--version`` row is start-up alone), the peak
resident memory of the process
(``ru_maxrss`` from ``wait4``), and the last line of its output. The target is that each case
is refused in under 2 s and 500 MB of its own work, or answered.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import machine


def _value(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def model_text(cells, parameters=(("L", 0, 1, 0.5),)) -> str:
    """A two-player model, one outcome per cell: ``cells[i][j] = (payoff A, payoff B)``."""
    lines = ['[model]\nname = "bench"\n[players.A]\n[players.B]']
    for name, low, high, baseline in parameters:
        lines.append(f"[parameters.{name}]\nrange = [{low}, {high}]\nbaseline = {baseline}")
    for i, row in enumerate(cells):
        for j, (a, b) in enumerate(row):
            lines.append(f"[outcomes.o{i}_{j}]\npayoffs = {{ A = {_value(a)}, B = {_value(b)} }}")
    rows = ", ".join(f'"r{i}"' for i in range(len(cells)))
    columns = ", ".join(f'"c{j}"' for j in range(len(cells[0])))
    table = ", ".join(
        "[" + ", ".join(f'"o{i}_{j}"' for j in range(len(cells[0]))) + "]"
        for i in range(len(cells))
    )
    lines.append(
        f'[games.g]\ntype = "normal"\nplayers = ["A", "B"]\nstrategies.A = [{rows}]\n'
        f"strategies.B = [{columns}]\noutcomes = [{table}]"
    )
    return "\n".join(lines) + "\n"


def cases() -> list[tuple[str, str, list[str]]]:
    """(name, model text, command) for each worst case."""
    names = [f"a{i}" for i in range(22)]
    total = " + ".join(names)
    # The sum on the diagonal of both players: the mixed equilibrium's formulas have the
    # factor (sum + 1), whose 2^22 box corners the solver used to list.
    many = model_text(
        [[(total, 1), (0, 0)], [(0, 0), (1, total)]],
        parameters=[(n, 0, 1, 0.5) for n in names],
    )
    rng = np.random.default_rng(1)
    random15 = model_text(
        [[(int(rng.integers(10)), int(rng.integers(10))) for _ in range(15)] for _ in range(15)],
        parameters=(),
    )
    equal14 = model_text([[(1, 1)] * 14 for _ in range(14)], parameters=())
    exp = model_text([[("exp(2000*L)", 1), (0, 0)], [(0.5, 0.25), (0, "L")]])
    exp30 = model_text([[("exp(30*L)", 1), (0, 0)], [(0.5, 0.25), (0, "L")]])
    rng = np.random.default_rng(3)
    linear5 = model_text(
        [
            [
                (f"{rng.integers(9)} + {rng.integers(-3, 4)}*L", f"{rng.integers(9)} - L")
                for _ in range(5)
            ]
            for _ in range(5)
        ]
    )
    return [
        ("start-up only", many, ["--version"]),
        ("2x2, payoff sums 22 parameters", many, ["solve", "--symbolic"]),
        ("15x15 random, exact", random15, ["solve"]),
        ("14x14 all payoffs equal", equal14, ["solve"]),
        ("exp(2000*L)", exp, ["solve", "--symbolic"]),
        ("exp(2000*L)", exp, ["thresholds"]),
        ("exp(2000*L)", exp, ["sensitivity"]),
        ("exp(2000*L)", exp, ["sweep", "--param", "L=0:1:5"]),
        ("exp(30*L) (degree 30 in exp(L))", exp30, ["sweep", "--param", "L=0:1:5"]),
        ("5x5 linear in L", linear5, ["thresholds"]),
    ]


# Runs the command in the child and writes how long main() took, without start-up and imports.
DRIVER = """
import sys, time
from bargaining.cli.app import main
start = time.perf_counter()
try:
    code = main(sys.argv[1:])
finally:
    sys.stderr.write(f"\\n@elapsed {time.perf_counter() - start:.2f}\\n")
sys.exit(code)
"""


def run(code: Path, model: Path, command: list[str], *, timeout: float, memory: int):
    """(exit code or 'killed', seconds in main, total seconds, peak MB, last output line)."""
    environment = {**os.environ, "PYTHONPATH": str(code), "MPLBACKEND": "Agg"}
    arguments = command if command[0].startswith("-") else [command[0], str(model), *command[1:]]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, *arguments],
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=limit,
            env=environment,
            cwd=model.parent,
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = [line for line in out.read().splitlines() if line.strip()]
    elapsed = next((line.split()[1] for line in lines if line.startswith("@elapsed")), "-")
    lines = [line for line in lines if not line.startswith("@elapsed")]
    killed = seconds > timeout
    code_text = f"killed at {timeout:g} s" if killed else str(process.returncode)
    if process.returncode == 1 and lines and "MemoryError" in " ".join(lines[-3:]):
        code_text = f"1 (MemoryError at {memory / 1e9:g} GB)"
    last = lines[-1] if lines else ""
    if "internal error" in " ".join(lines[-3:]):
        last = next(line for line in lines if "internal error" in line)
    return code_text, elapsed, seconds, usage.ru_maxrss / 1024, last[:110]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--memory-gb", type=float, default=2.0)
    args = parser.parse_args()
    memory = int(args.memory_gb * 1e9)
    print(
        f"code: {args.code}; {machine()}; timeout {args.timeout:g} s, "
        f"RLIMIT_AS {args.memory_gb:g} GB\n"
    )
    print(
        "| case | command | exit | command time (s) | with start-up (s) | peak RSS (MB) | "
        "last line of output |"
    )
    print("|---|---|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for index, (name, text, command) in enumerate(cases()):
            model = Path(folder) / f"case{index}.toml"
            model.write_text(text, encoding="utf-8")
            size = math.ceil(len(text.encode()) / 1024)
            code, elapsed, seconds, peak, last = run(
                args.code, model, command, timeout=args.timeout, memory=memory
            )
            shown = " ".join(command)
            print(
                f"| {name} ({size} KB) | `{shown}` | {code} | {elapsed} | {seconds:.1f} | "
                f"{peak:.0f} | {last.replace('|', '/')} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""Issue 13: how fast and how small the refusals of hostile or careless requests are.

Each case runs the ``bargaining`` command in a subprocess (its own session, so every process it
starts can be counted and killed together), once with this checkout and once with another
(``--before DIR``, e.g. a worktree of the commit before the hardening:
``git worktree add /tmp/before 8812295``). The run is watched every 20 ms: the number of
processes in its session and their summed resident memory; it is killed (the whole session) when
it passes ``--max-processes``, ``--max-memory`` or ``--timeout``, so a case that ran away before
the hardening cannot eat the machine. Each process also gets an address-space limit
(``RLIMIT_AS``). Reported: wall time, CPU time of the run, peak summed RSS, peak process count,
exit code, and how it ended.

Usage (from the repository root)::

    python benchmarks/bench_hardening.py --before /tmp/before
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


def fixtures(folder: Path) -> None:
    """A 2,000-parameter model, a named pipe, and a folder of the user's own files."""
    lines = ['[model]\nname = "big"\n[players.A]\n[players.B]\n']
    lines += [f"[parameters.p{i}]\nrange = [0, 1]\nbaseline = 0.5\n" for i in range(2000)]
    lines.append('[outcomes.x]\npayoffs = { A = "p0", B = "p1" }\n')
    lines.append('[games.g]\ntype = "normal"\nplayers = ["A", "B"]\n')
    lines.append('strategies = { A = ["a"], B = ["b"] }\noutcomes = [["x"]]\n')
    (folder / "big.toml").write_text("".join(lines))
    os.mkfifo(folder / "fifo.toml")
    (folder / "mynotes").mkdir()
    (folder / "mynotes" / "notes.txt").write_text("mine")


def cases(folder: Path) -> list[tuple[str, list[str]]]:
    chicken = str(ROOT / "models" / "chicken.toml")
    ceasefire = str(ROOT / "models" / "ceasefire.toml")
    return [
        ("baseline: bargaining --version (start-up only)", ["--version"]),
        ("sweep --workers 20000, 5 points", ["sweep", chicken, "--param", "c=2:100:5",
                                             "--workers", "20000", "--no-progress"]),
        ("sweep --param c=2:100:1000000000", ["sweep", chicken, "--param",
                                              "c=2:100:1000000000", "--no-progress"]),
        ("sweep grid 10^5 x 10^5", ["sweep", chicken, "--param", "c=2:100:100000",
                                    "--param", "c2=0:1:100000", "--no-progress"]),
        ("sweep --sample 10^11", ["sweep", chicken, "--sample", "100000000000",
                                  "--no-progress"]),
        ("sensitivity --samples 10^11", ["sensitivity", chicken, "--samples", "100000000000"]),
        ("sensitivity --sobol-n 2^30", ["sensitivity", chicken, "--sobol-n", "1073741824"]),
        ("report --draws 999999999", ["report", chicken, "-o", str(folder / "r"),
                                      "--draws", "999999999"]),
        ("show, 2,000 parameters", ["show", str(folder / "big.toml")]),
        ("show a FIFO", ["show", str(folder / "fifo.toml")]),
        ("report -o foreign folder (ceasefire)", ["report", ceasefire, "-o",
                                                  str(folder / "mynotes")]),
        ("sweep --seed -1", ["sweep", chicken, "--sample", "10", "--seed", "-1"]),
    ]  # fmt: skip


def session_usage(sid: int) -> tuple[int, int]:
    """(processes, summed resident bytes) of the processes in session ``sid``."""
    count = memory = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[3]) != sid:  # field 6 of stat: the session id
                continue
            with open(f"/proc/{entry.name}/statm") as statm:
                memory += int(statm.read().split()[1]) * PAGE
            count += 1
        except (OSError, IndexError, ValueError):
            continue  # the process ended while it was read
    return count, memory


def measure(checkout: Path, arguments: list[str], options: argparse.Namespace) -> dict:
    address_space = options.address_space

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(
        [sys.executable, "-m", "bargaining.cli", *arguments],
        cwd=checkout,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=limits,
    )
    peak_count = peak_memory = 0
    ended = "exit"
    while process.poll() is None:
        count, memory = session_usage(process.pid)
        peak_count, peak_memory = max(peak_count, count), max(peak_memory, memory)
        elapsed = time.perf_counter() - started
        reason = (
            "killed: processes" if count > options.max_processes
            else "killed: memory" if memory > options.max_memory
            else "killed: timeout" if elapsed > options.timeout
            else None
        )  # fmt: skip
        if reason:
            ended = reason
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    code = process.wait()
    wall = time.perf_counter() - started
    with _suppress():
        os.killpg(process.pid, signal.SIGKILL)  # workers left behind by a killed run
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    error = process.stderr.read().decode(errors="replace").strip().splitlines()
    process.stderr.close()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,
        "memory": peak_memory,
        "processes": peak_count,
        "code": code,
        "ended": ended,
        "message": error[-1][:110] if error else "",
    }


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], ProcessLookupError)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="a checkout of the code before hardening")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--max-processes", type=int, default=200)
    parser.add_argument("--max-memory", type=int, default=3 * 2**30)
    parser.add_argument("--address-space", type=int, default=4 * 2**30)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    options = parser.parse_args()
    checkouts = [("after", ROOT)] + ([("before", options.before)] if options.before else [])
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the start\n")
    print("| case | run | wall s | CPU s | peak RSS MB | processes | exit | ended | message |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        fixtures(folder)
        for name, arguments in cases(folder):
            if options.only and options.only not in name:
                continue
            for label, checkout in checkouts:
                row = measure(checkout, arguments, options)
                message = row["message"].replace("|", "\\|")
                print(
                    f"| {name} | {label} | {row['wall']:.2f} | {row['cpu']:.2f} | "
                    f"{row['memory'] / 2**20:.0f} | {row['processes']} | {row['code']} | "
                    f"{row['ended']} | {message} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()

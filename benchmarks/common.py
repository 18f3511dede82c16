"""What several benchmarks share: the line naming the machine a run was taken on.

The benchmarks run as scripts from the project root (``python benchmarks/bench_x.py``), so this
folder is first on ``sys.path`` and they import this module as ``common``. It imports nothing
heavy, so ``bench_startup.py`` can use it without loading the package it times.
"""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

__all__ = ["machine"]


def machine() -> str:
    """The CPU model, logical CPUs, Python and sympy versions and the load average now, in one
    line: on a shared machine a timing means little without the load it was taken under.

    >>> "logical CPUs, Python" in machine()
    True
    """
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{model}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, "
        f"sympy {metadata.version('sympy')}, load average {load}"
    )

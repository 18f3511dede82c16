"""A light package (issue 14): ``import bargaining`` loads none of the heavy libraries,
``bargaining --help`` loads no numerics at all, ``bargaining show`` no scipy, hypothesis,
matplotlib or Dask, ``bargaining solve`` at a point no scipy.optimize; and every lazily exported
name resolves.

Each case runs in a fresh interpreter and lists ``sys.modules`` at its end. How long the start
takes is measured in ``benchmarks/bench_startup.py``, not asserted here.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from tests.test_cli import ROOT

HEAVY = (
    "sympy",
    "numpy",
    "scipy",
    "matplotlib",
    "hypothesis",
    "nashpy",
    "SALib",
    "dask",
    "distributed",
)
PACKAGES = (
    "bargaining",
    "bargaining.analysis",
    "bargaining.cli",
    "bargaining.games",
    "bargaining.io",
    "bargaining.model",
    "bargaining.report",
    "bargaining.testing",
)


def loaded_after(code: str) -> set[str]:
    """The modules in ``sys.modules`` after running ``code`` in a new interpreter, with the
    top-level package of each."""
    script = (
        f"{code}\nimport sys, json\n"
        "sys.__stderr__.write('MODULES' + json.dumps(sorted(sys.modules)) + '\\n')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES"))
    modules = json.loads(line.removeprefix("MODULES"))
    return set(modules) | {name.split(".")[0] for name in modules}


def test_import_bargaining_loads_no_heavy_library():
    loaded = loaded_after("import bargaining")
    assert not loaded & set(HEAVY)
    assert "rich" not in loaded


def test_help_loads_no_numerics():
    loaded = loaded_after("from bargaining.cli import main\nassert main(['--help']) == 0")
    assert not loaded & set(HEAVY)


def test_show_loads_neither_scipy_nor_hypothesis_nor_matplotlib_nor_dask():
    loaded = loaded_after(
        "from bargaining.cli import main\nassert main(['show', 'models/ceasefire.toml']) == 0"
    )
    assert not loaded & (set(HEAVY) - {"sympy", "numpy"})


def test_solve_at_a_point_loads_no_scipy_optimize_hypothesis_matplotlib_or_dask():
    loaded = loaded_after(
        "from bargaining.cli import main\nassert main(['solve', 'models/ceasefire.toml']) == 0"
    )
    assert not loaded & {"scipy.optimize", "hypothesis", "matplotlib", "SALib", "dask"}


def test_the_checker_sees_a_heavy_import():
    assert "scipy.optimize" in loaded_after("import scipy.optimize")


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exported_name_resolves_and_dir_lists_them(name):
    package = importlib.import_module(name)
    assert dir(package) == sorted(package.__all__)
    for exported in package.__all__:
        assert getattr(package, exported) is not None
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_a_function_named_like_its_module_wins_over_the_module():
    # Importing the submodule first must not hide the function the package exports.
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import bargaining.analysis.sweep, bargaining.analysis as a; print(callable(a.sweep))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert loaded.stdout.strip() == "True", loaded.stderr

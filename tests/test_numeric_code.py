"""``numeric_function`` hands lambdify the numpy module itself rather than the name "numpy"
(whose ``from numpy import *`` loads numpy's lazy submodules, 0.09 CPU-seconds of a first
sweep): the generated code and the values must be exactly lambdify's own.
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np
import pytest
import sympy

from bargaining.numeric_code import numeric_function

L, W = sympy.symbols("L W", positive=True)
FORMULAS = [
    sympy.exp(L) + sympy.sqrt(W) - sympy.log(1 + L) * sympy.pi + sympy.E,
    sympy.Piecewise((L, L > W), (W - L, True)),
    sympy.Abs(L - W) + sympy.Max(L, W, sympy.Rational(1, 3)) - sympy.Min(L, W),
    sympy.floor(3 * L) + sympy.sign(L - W) + sympy.Heaviside(L - W),
    (L - W) ** 3 / (1 + L * W) + L ** sympy.Rational(1, 3),
]


@pytest.mark.parametrize("formula", FORMULAS, ids=range(len(FORMULAS)))
def test_same_code_and_values_as_lambdify_with_numpy(formula):
    ours = numeric_function([L, W], formula)
    fresh = _fresh()
    renamed = formula.xreplace(dict(zip((L, W), fresh, strict=True)))
    theirs = sympy.lambdify(fresh, renamed, "numpy")
    assert inspect.getsource(ours) == inspect.getsource(theirs)
    rng = np.random.default_rng(1)
    left, right = rng.random(50) * 2, rng.random(50) * 2
    np.testing.assert_array_equal(ours(left, right), theirs(left, right))


def _fresh() -> list[sympy.Symbol]:
    """The names numeric_function gives the symbols (``_p0``, ``_p1``), with their
    assumptions, so that lambdify's own code reads the same."""
    return [sympy.Symbol(f"_p{i}", **s.assumptions0) for i, s in enumerate((L, W))]


def test_compiling_loads_no_numpy_submodule():
    code = (
        "import sys, numpy, sympy\n"
        "from bargaining.numeric_code import numeric_function\n"
        "L = sympy.Symbol('L')\n"
        "before = set(sys.modules)\n"
        "numeric_function([L], sympy.exp(L) + L)(1.0)\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('numpy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

"""Load-time checks that a payoff formula stays inside what the toolkit computes with.

A formula is accepted by the parser as long as it is well formed; whether it gives a usable
number depends on the parameter box. ``sqrt(L - 2)`` with ``L`` in ``[0, 1]`` is never real,
``1/L`` is undefined at ``L = 0``, and ``L**100`` with ``L`` up to 1000, ``exp(2000*L)`` or a
literal ``1e300`` give numbers that overflow floats (and, mixed with ``1e-300``, exact integers
too large for them). Such a payoff is refused when the model is loaded, with the file, the key,
the point and the reason, rather than failing later inside a solver.

The formula is evaluated exactly (sympy, 15 digits) at the baseline, at both ends of each of
its parameters' ranges (the others at their baselines) and at the two corners where all of them
are low or all high. A problem at another point is not found here: it is refused by the solver
that meets it (payoffs must be real numbers at each point solved).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from bargaining.model.keys import Key
from bargaining.model.problems import ProblemLog
from bargaining.numbers import to_sympy
from bargaining.params import ParameterSpace

__all__ = ["MAX_PAYOFF", "MIN_PAYOFF", "check_payoff", "check_payoff_table"]

#: Largest magnitude of a payoff anywhere it is checked: beyond it, float arithmetic (sweeps,
#: Monte Carlo, figures) loses the payoffs' differences or overflows. Rescale the units instead.
MAX_PAYOFF = sympy.Integer(10) ** 15
#: Smallest magnitude of a nonzero payoff *number* in a formula (``1e-300``): exact solving
#: multiplies denominators, which would overflow floats.
MIN_PAYOFF = sympy.Integer(10) ** -15


def check_payoff(log: ProblemLog, value: sympy.Expr, key: Key, space: ParameterSpace) -> bool:
    """Record a problem (and return False) when the payoff ``value`` is not a usable number.

    >>> from bargaining.params import Parameter
    >>> space = ParameterSpace([Parameter("L", 0, 1, sympy.Rational(1, 2))])
    >>> L = space.symbols["L"]
    >>> log = ProblemLog("m.toml")
    >>> check_payoff(log, 1 - L, ("outcomes", "war", "payoffs", "A"), space)
    True
    >>> check_payoff(log, sympy.sqrt(L - 2), ("outcomes", "war", "payoffs", "A"), space)
    False
    >>> log.raise_if_any()
    Traceback (most recent call last):
    ...
    bargaining.model.errors.ModelError: m.toml: outcomes.war.payoffs.A: the payoff sqrt(L - 2) is \
not a real number (it is 1.22474487139159*I) at L = 1/2; payoffs must be real on the whole \
parameter box
    """
    for number in value.atoms(sympy.Rational):
        if number != 0 and not MIN_PAYOFF <= abs(number) <= MAX_PAYOFF:
            log.add(
                key,
                f"the number {sympy.N(number, 3)} in the payoff is outside what the toolkit "
                f"computes with (nonzero numbers between 1e-15 and 1e15 in size); rescale "
                "the units",
            )
            return False
    for point in _points(value, space):
        try:
            problem = _problem_at(value.xreplace(point))
        except (ArithmeticError, TypeError, ValueError):  # Min(0, 1/L) at L = 0 compares zoo
            problem = "is undefined (a division by zero or a log of zero)"
        if problem is not None:
            where = ", ".join(f"{symbol} = {end}" for symbol, end in point.items()) or "any point"
            log.add(
                key,
                f"the payoff {_short(value)} {problem} at {where}; payoffs must be real "
                "on the whole parameter box",
            )
            return False
    return True


def check_payoff_table(log: ProblemLog, payoffs: object, key: Key, space: ParameterSpace) -> None:
    """:func:`check_payoff` on every cell of a game's payoff array (shape ``(m1, ..., mn,
    n)``), each under the key ``key[i1][i2]...[player]``, each distinct formula once."""
    seen: set = set()
    for index, cell in _cells(payoffs):
        value = to_sympy(cell)
        if value not in seen:
            seen.add(value)
            check_payoff(log, value, (*key, *index), space)


def _cells(payoffs) -> list:
    import numpy as np  # the table is a numpy object array; numpy is loaded with it

    array = np.asarray(payoffs, dtype=object)
    return [(index, array[index]) for index in np.ndindex(array.shape)]


def _problem_at(value: sympy.Expr) -> str | None:
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return "is undefined (a division by zero or a log of zero)"
    number = value.evalf(15)
    if not number.is_number:
        return None  # still symbolic (a parameter outside the space): judged elsewhere
    if number.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return "is undefined (a division by zero or a log of zero)"
    if number.is_extended_real is False:
        return f"is not a real number (it is {_short(number)})"
    if number.is_extended_real and abs(number) > MAX_PAYOFF:
        return (
            f"is {_short(number)}, larger in size than 1e15, the most the toolkit computes "
            "with; rescale the units or narrow the range"
        )
    return None


def _points(value: sympy.Expr, space: ParameterSpace) -> list[Mapping]:
    """The baseline, each of the formula's parameters at both ends of its range with the
    others at their baselines, and its all-low and all-high corners."""
    symbols = {parameter.symbol: parameter for parameter in space}
    used = sorted(value.free_symbols & set(symbols), key=lambda symbol: symbol.name)
    baseline = {s: to_sympy(symbols[s].baseline) for s in used}
    points = [baseline]
    for symbol in used:
        for end in (symbols[symbol].low, symbols[symbol].high):
            points.append({**baseline, symbol: to_sympy(end)})
    if len(used) > 1:
        points.append({s: to_sympy(symbols[s].low) for s in used})
        points.append({s: to_sympy(symbols[s].high) for s in used})
    return points


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."

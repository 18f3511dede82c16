"""Tipping points: the exact parameter values at which the set of equilibria changes.

Along one parameter, with the others fixed, every condition of every piece of a parametric
solution is a function of that parameter; the set of equilibria can only change where one of
them crosses zero (or where a piece's linear system becomes singular). Those zeros are found
exactly where the conditions are algebraic (rationals, radicals or ``CRootOf``, also when the
coefficients are themselves algebraic numbers) and as certified floats otherwise
(:mod:`bargaining.real_roots`); each is kept only if the equilibria just below and just
above it differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.display import html_record
from bargaining.errors import ParameterError
from bargaining.numbers import Number, to_sympy
from bargaining.params import ParameterSpace
from bargaining.real_roots import IsolatedRoot, isolate_real_roots
from bargaining.solvers.equilibrium import Equilibrium

__all__ = [
    "Threshold",
    "describe_equilibrium",
    "find_thresholds",
    "numerator_factors",
    "occurring_outcomes",
    "rational_between",
    "slice_point",
]


@dataclass(frozen=True)
class Threshold:
    """A value of one parameter where the set of equilibria changes.

    Attributes
    ----------
    parameter:
        The parameter that varies.
    value:
        The critical value: exact (a sympy rational, radical or ``CRootOf``) where the
        conditions are algebraic, a certified ``Float`` otherwise (see ``exact``).
    expression:
        The critical value as a function of the other parameters, when sympy can solve for it.
    below, above:
        Descriptions of the equilibria just below and just above the value.
    outcomes_below, outcomes_above:
        Outcomes that occur with positive probability in some equilibrium on each side.
    change:
        What changes there, in words.
    exact:
        Whether ``value`` is exact; ``False`` for a float root of a non-algebraic condition.
    enclosure:
        Rationals ``(a, b)`` proven (``certified``) to hold the value and no other root.
    certified:
        Whether the enclosure is proven to hold exactly one root (always so when exact).
    """

    parameter: str
    value: sympy.Expr
    expression: sympy.Expr | None
    below: tuple[str, ...]
    above: tuple[str, ...]
    outcomes_below: frozenset[str]
    outcomes_above: frozenset[str]
    change: str
    exact: bool = True
    enclosure: tuple[Fraction, Fraction] | None = None
    certified: bool = True

    def __float__(self) -> float:
        return float(self.value)

    @property
    def decimal(self) -> float:
        """The value as a float, to show beside an exact value that is not a short rational."""
        return float(self.value)

    def __repr__(self) -> str:
        formula = f" = {self.expression}" if self.expression is not None else ""
        approx = "" if self.value.is_Rational else f" ≈ {self.decimal:.6g}"
        kind = "" if self.exact else " (numeric)"
        return f"Threshold({self.parameter} = {self.value}{approx}{kind}{formula}: {self.change})"

    def table_row(self) -> dict[str, object]:
        """This threshold as one row of a table (``solution.thresholds(...).to_pandas()``):
        parameter, exact value, decimal, formula in the other parameters, equilibria below and
        above, what changes and whether the value is exact and certified."""
        return {
            "parameter": self.parameter,
            "value": self.value,
            "decimal": self.decimal,
            "expression": self.expression,
            "below": " | ".join(self.below),
            "above": " | ".join(self.above),
            "change": self.change,
            "exact": self.exact,
            "certified": self.certified,
        }

    def _repr_html_(self) -> str:
        return html_record(f"Threshold of {self.parameter}", self.table_row().items())


def describe_equilibrium(equilibrium: Equilibrium) -> str:
    """One line: each player's strategies (with probabilities when mixed)."""
    parts = []
    for player, labels, vector in zip(
        equilibrium.players, equilibrium.strategy_labels, equilibrium.strategies, strict=True
    ):
        played = [(label, p) for label, p in zip(labels, vector, strict=True) if p != 0]
        if len(played) == 1:
            parts.append(f"{player}: {played[0][0]}")
        else:
            parts.append(f"{player}: " + ", ".join(f"{label} {p}" for label, p in played))
    return "; ".join(parts)


def occurring_outcomes(equilibria: list[Equilibrium]) -> frozenset[str]:
    """Outcomes with positive probability in at least one of the equilibria."""
    return frozenset(name for eq in equilibria for name, p in eq.outcome_probabilities if p != 0)


def _structure(equilibria: list[Equilibrium]) -> tuple:
    """What stays the same inside a region: who plays which strategies, in how many equilibria
    (the two square-root branches of an n-player support have the same supports)."""
    return tuple(sorted(tuple(eq.support(i) for i in range(len(eq.players))) for eq in equilibria))


def rational_between(left, right) -> sympy.Rational:
    """A rational number strictly between two (exact or float) numbers."""
    low, high = float(left), float(right)
    middle = Fraction((low + high) / 2)
    for limit in (10, 100, 10_000, 10**8):
        candidate = middle.limit_denominator(limit)
        if low < candidate < high:
            return sympy.Rational(candidate.numerator, candidate.denominator)
    return sympy.Rational(middle.numerator, middle.denominator)


def numerator_factors(expression: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """The irreducible factors of an expression's numerator (once each, in sympy's order):
    the curves on which a condition can change sign.

    >>> L, W = sympy.symbols("L W", positive=True)
    >>> numerator_factors((L**2 - W**2) / (L + 1))
    (L - W, L + W)
    """
    numerator = sympy.fraction(sympy.cancel(expression))[0]
    return tuple(factor for factor, _ in sympy.factor_list(numerator)[1])


def _symbolic_value(solution, parameter, value, others) -> sympy.Expr | None:
    """The threshold as a function of the other parameters, from the condition it solves
    (``others``: the values of the other parameters, by symbol)."""
    symbol = solution.space[parameter].symbol
    for piece in solution.pieces:
        for condition in (*piece.conditions, *piece.singular):
            if symbol not in condition.free_symbols:
                continue
            for factor in solution.condition_factors(condition):
                residual = factor.xreplace({**others, symbol: value})
                if symbol not in factor.free_symbols or abs(sympy.N(residual, 30)) > 1e-20:
                    continue
                if not factor.free_symbols - {symbol}:
                    return None  # depends on this parameter alone: the value is the formula
                try:
                    solutions = sympy.solve(factor, symbol)
                except NotImplementedError:
                    continue
                for candidate in solutions:
                    if abs(sympy.N(candidate.xreplace(others) - value, 30)) < 1e-20:
                        return sympy.simplify(candidate)
    return None


def _change_text(parameter, value, below, above, outcomes_below, outcomes_above) -> str:
    sentences = []
    for name in sorted(outcomes_below - outcomes_above):
        sentences.append(
            f"'{name}' stops being an equilibrium outcome as {parameter} rises past {value}"
        )
    for name in sorted(outcomes_above - outcomes_below):
        sentences.append(
            f"'{name}' becomes an equilibrium outcome as {parameter} rises past {value}"
        )
    if not sentences:
        gone = sorted(set(below) - set(above))
        new = sorted(set(above) - set(below))
        if gone:
            sentences.append("no longer an equilibrium: " + " | ".join(gone))
        if new:
            sentences.append("new equilibrium: " + " | ".join(new))
    if len(below) != len(above):
        sentences.append(f"equilibria: {len(below)} below, {len(above)} above")
    return "; ".join(sentences)


def exact_decimal(value: Number) -> Number:
    """A float as the exact decimal it prints as (``0.3`` -> ``3/10``), as model files read
    decimals; exact numbers unchanged. Roots of polynomials with float coefficients would
    otherwise be approximations."""
    return Fraction(repr(value)) if isinstance(value, float) else value


def slice_point(
    space: ParameterSpace, parameter: str, at: Mapping[str, object] | None = None
) -> dict[sympy.Symbol, sympy.Expr]:
    """The exact values of every parameter but ``parameter``, by symbol: those of ``at``,
    baselines where left out, a float read as the decimal it prints as (:func:`exact_decimal`).

    The tipping points along ``parameter`` depend on the other parameters through this point
    alone, so it keys a solution's memo of them.

    >>> from bargaining import Parameter
    >>> space = ParameterSpace([Parameter("L", 0, 1, 0.7), Parameter("W", 0, 1, 0.5)])
    >>> slice_point(space, "L", {"W": 0.3, "L": 0.1})
    {W: 3/10}
    >>> slice_point(space, "X")
    Traceback (most recent call last):
    ...
    bargaining.errors.ParameterError: unknown parameter 'X'; known: L, W
    """
    if parameter not in space:
        raise ParameterError(f"unknown parameter {parameter!r}; known: {', '.join(space.names)}")
    values = space.validate(dict(at or {}))
    return {
        space[name].symbol: to_sympy(exact_decimal(value))
        for name, value in values.items()
        if name != parameter
    }


def find_thresholds(
    solution, parameter: str, at: Mapping[str, object] | None = None
) -> list[Threshold]:
    """The tipping points of ``solution`` along ``parameter``, the others fixed at ``at``
    (their baselines where left out). See :meth:`ParametricSolution.thresholds`."""
    others = slice_point(solution.space, parameter, at)
    symbol = solution.space[parameter].symbol
    low, high = to_sympy(solution.space[parameter].low), to_sympy(solution.space[parameter].high)
    candidates: dict[object, IsolatedRoot] = {}
    for piece in solution.pieces:
        for expression in (*piece.conditions, *piece.singular):
            for root in isolate_real_roots(expression.xreplace(others), symbol, low, high):
                candidates.setdefault(root.key, root)
    roots = sorted(candidates.values(), key=lambda r: sympy.N(r.value, 30))
    ordered = [root.value for root in roots]
    edges = [low, *ordered, high]

    def equilibria_between(left, right):
        middle = rational_between(left, right)
        return solution.at({**{s.name: v for s, v in others.items()}, parameter: middle})

    sides = [equilibria_between(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
    thresholds = []
    for index, (value, root) in enumerate(zip(ordered, roots, strict=True)):
        below, above = sides[index], sides[index + 1]
        if _structure(below) == _structure(above):
            continue
        below_text = tuple(describe_equilibrium(eq) for eq in below)
        above_text = tuple(describe_equilibrium(eq) for eq in above)
        outcomes_below, outcomes_above = occurring_outcomes(below), occurring_outcomes(above)
        thresholds.append(
            Threshold(
                parameter=parameter,
                value=value,
                expression=_symbolic_value(solution, parameter, value, others),
                below=below_text,
                above=above_text,
                outcomes_below=outcomes_below,
                outcomes_above=outcomes_above,
                change=_change_text(
                    parameter, value, below_text, above_text, outcomes_below, outcomes_above
                ),
                exact=root.exact,
                enclosure=root.enclosure,
                certified=root.certified,
            )
        )
    return thresholds

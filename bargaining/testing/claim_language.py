"""The claim language: what a claim says, reduced to two predicates on a point, and what
checking it found.

A claim (a ``[[claims]]`` entry of a model file) has a condition on the parameters
(``given``) and an expectation about the equilibria (``expect``, with ``prob``, ``payoff``,
``plays`` and ``count``); :func:`claim_check` turns it into a :class:`ClaimCheck`, whose
``given(point)`` and ``holds(equilibria, point)`` the search in
:mod:`bargaining.testing.claim_search` calls. :class:`ClaimResult` is what the search returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

import sympy

from bargaining.errors import BargainingError
from bargaining.model import COUNT, PAYOFF, PLAYS, PROB, Claim
from bargaining.model.expressions import expression_text
from bargaining.numbers import Number, normalize_number
from bargaining.params import ParameterSpace
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.testing.claim_concepts import concept_term_values, concept_terms

__all__ = [
    "ClaimCheck",
    "ClaimResult",
    "Point",
    "as_fraction",
    "claim_check",
    "equilibrium_text",
    "narrowed_space",
    "point_symbols",
    "point_text",
    "truth",
]

Point = dict[str, Number]
"""A point of the parameter space: name -> exact (or float) value."""


@dataclass(frozen=True)
class ClaimResult:
    """What checking one claim found.

    Attributes
    ----------
    name:
        The claim's name.
    game:
        The game it is about.
    passed:
        Whether no point tried violates it.
    counterexample:
        A (shrunk) point where ``given`` holds and the expectation fails, or None.
    equilibria:
        The equilibria at the counterexample, as text (empty when the claim passed).
    tried:
        How many points where ``given`` holds were evaluated.
    note:
        A remark, e.g. that ``given`` held at no point tried (the claim is then vacuous).
    concept:
        The solution concept the equilibria were found with (``"Nash equilibrium"``).
    """

    name: str
    game: str
    passed: bool
    counterexample: Point | None
    equilibria: tuple[str, ...]
    tried: int
    note: str = ""
    concept: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def explain(self) -> str:
        """A few lines for a test report: the verdict, the counterexample, its equilibria."""
        if self.passed:
            head = f"claim {self.name!r} holds at all {self.tried} points tried"
            return head + (f" ({self.note})" if self.note else "")
        lines = [
            f"claim {self.name!r} (game {self.game!r}) fails at {point_text(self.counterexample)}",
            f"equilibria there ({len(self.equilibria)}):",
        ]
        lines += [f"  {text}" for text in self.equilibria] or ["  none"]
        return "\n".join(lines)


def point_text(point: Mapping[str, Number] | None) -> str:
    """``L=4/5, W=1/2``: a point with exact values as fractions.

    >>> point_text({"L": Fraction(4, 5), "W": 0.25})
    'L=4/5, W=0.25'
    """
    if not point:
        return "(no parameters)"
    return ", ".join(f"{name}={_number(value)}" for name, value in point.items())


def _number(value: Number) -> str:
    return f"{value:.6g}" if isinstance(value, float) else expression_text(value)


def equilibrium_text(eq: Equilibrium) -> str:
    """An equilibrium in one line: strategies, payoffs, outcomes with positive probability.

    >>> from bargaining import NormalFormGame, nash_equilibria
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> equilibrium_text(nash_equilibria(pennies)[0])
    'Player 1={1: 1/2, 2: 1/2}; Player 2={1: 1/2, 2: 1/2}; payoffs 0, 0'
    """
    plays = "; ".join(
        f"{player}={{"
        + ", ".join(f"{label}: {_number(p)}" for label, p in zip(labels, vector, strict=True) if p)
        + "}"
        for player, labels, vector in zip(
            eq.players, eq.strategy_labels, eq.strategies, strict=True
        )
    )
    text = f"{plays}; payoffs {', '.join(_number(v) for v in eq.payoffs)}"
    outcomes = [f"{name} {_number(p)}" for name, p in eq.outcome_probabilities if p]
    return text + (f"; outcomes {', '.join(outcomes)}" if outcomes else "")


# -- claims as two predicates ----------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimCheck:
    """A claim reduced to what the search needs."""

    name: str
    game: str
    given: Callable[[Point], bool]
    holds: Callable[[list[Equilibrium], Point], bool]
    condition: sympy.Basic | None = None


def truth(value: object, what: str) -> bool:
    if value is sympy.true or value is True:
        return True
    if value is sympy.false or value is False:
        return False
    raise BargainingError(f"{what} did not evaluate to true or false: {value}")


def _exact(value: Number) -> sympy.Expr:
    if isinstance(value, float):
        return sympy.Float(value)
    return (
        sympy.Rational(value.numerator, value.denominator)
        if isinstance(value, Fraction)
        else (sympy.Integer(value))
    )


def point_symbols(point: Point, space: ParameterSpace) -> dict:
    return {space[name].symbol: _exact(value) for name, value in point.items()}


def claim_check(claim: Claim, space: ParameterSpace, game: object = None) -> ClaimCheck:
    """``claim`` as two predicates; ``game`` (the claim's game) is needed only by the concept
    terms (``mediator_max``, ``qre_prob``: :mod:`bargaining.testing.claim_concepts`)."""
    by_game = concept_terms(claim.expect)
    terms = [
        term
        for term in claim.expect.atoms(sympy.core.function.AppliedUndef)
        if term.func in (PROB, PAYOFF, PLAYS)
    ]
    counts = [
        term for term in claim.expect.atoms(sympy.core.function.AppliedUndef) if term.func == COUNT
    ]

    def given(point: Point) -> bool:
        if claim.given is None:
            return True
        return truth(claim.given.xreplace(point_symbols(point, space)), f"given of {claim.name!r}")

    def value(term: sympy.Basic, eq: Equilibrium) -> sympy.Expr:
        names = [argument.name for argument in term.args]
        if term.func == PROB:
            number = eq.probability(names[0])
        elif term.func == PAYOFF:
            number = eq.payoff(names[0])
        else:
            number = eq.strategy(names[0])[names[1]]
        return _exact(normalize_number(number))

    def holds(equilibria: list[Equilibrium], point: Point) -> bool:
        expect = claim.expect.xreplace(point_symbols(point, space))
        expect = expect.xreplace(concept_term_values(by_game, game, point))
        if counts:
            expect = expect.xreplace({term: sympy.Integer(len(equilibria)) for term in counts})
        what = f"expect of {claim.name!r}"
        if not terms:
            return truth(expect, what)
        results = (
            truth(expect.xreplace({term: value(term, eq) for term in terms}), what)
            for eq in equilibria
        )
        return all(results) if claim.quantifier == "all" else any(results)

    return ClaimCheck(claim.name, claim.game, given, holds, claim.given)


def narrowed_space(
    space: ParameterSpace, condition: sympy.Basic | None
) -> tuple[ParameterSpace, dict[str, Number]]:
    """The box of ``space`` cut down by the one-parameter conjuncts of ``condition`` (such as
    ``L >= 0.8``), and the parameters it fixes (``W == 0.5``), so the search draws points
    where the condition can hold."""
    if condition is None or not isinstance(condition, sympy.Basic):
        return space, {}
    conjuncts = condition.args if isinstance(condition, sympy.And) else (condition,)
    bounds = {p.name: (Fraction(p.low), Fraction(p.high)) for p in space if not _floaty(p)}
    by_symbol = {p.symbol: p.name for p in space}
    fixed: dict[str, Number] = {}
    for conjunct in conjuncts:
        symbols = conjunct.free_symbols
        if not isinstance(conjunct, sympy.core.relational.Relational) or len(symbols) != 1:
            continue
        (symbol,) = symbols
        name = by_symbol.get(symbol)
        if name not in bounds:
            continue
        try:
            region = sympy.solve_univariate_inequality(conjunct, symbol, relational=False)
        except (NotImplementedError, ValueError, TypeError):
            continue
        if isinstance(region, sympy.FiniteSet) and len(region) == 1:
            value = as_fraction(next(iter(region)))
            if value is not None and bounds[name][0] <= value <= bounds[name][1]:
                fixed[name] = normalize_number(value)
            continue
        hull = region.closure if isinstance(region, sympy.Interval) else None
        if hull is None or hull.is_empty:
            continue
        low, high = bounds[name]
        if hull.start.is_finite and (start := as_fraction(hull.start)) is not None:
            low = max(low, start)
        if hull.end.is_finite and (end := as_fraction(hull.end)) is not None:
            high = min(high, end)
        bounds[name] = (low, high)
    parameters = []
    for parameter in space:
        if parameter.name in fixed:
            continue
        low, high = bounds.get(parameter.name, (parameter.low, parameter.high))
        if parameter.name in bounds and low < high:
            baseline = min(max(Fraction(parameter.baseline), low), high)
            parameter = replace(
                parameter,
                low=normalize_number(low),
                high=normalize_number(high),
                baseline=normalize_number(baseline),
                distribution=None,
            )
        parameters.append(parameter)
    return ParameterSpace(parameters), fixed


def _floaty(parameter) -> bool:
    return any(isinstance(v, float) for v in (parameter.low, parameter.high, parameter.baseline))


def as_fraction(value: object) -> Fraction | None:
    try:
        number = sympy.nsimplify(value) if not isinstance(value, int | Fraction) else value
        if isinstance(number, sympy.Rational):
            return Fraction(int(number.p), int(number.q))
        if isinstance(number, int | Fraction):
            return Fraction(number)
        return Fraction(str(sympy.N(value, 30)))
    except (TypeError, ValueError):
        return None

"""Checking claims: search a model's parameter space for a point where a claim fails.

A claim (a ``[[claims]]`` entry of a model file, or a Python function decorated with
:func:`claim`) says what holds in the equilibria of a game wherever a condition on the
parameters (``given``) holds. :func:`check_claim` tries, in order:

1. the baseline;
2. each parameter alone at either end of its range, and the corners of the range box (all of
   them for up to 6 parameters, else a seeded sample of 64);
3. both sides of every tipping point of the leverage-tagged parameters (every parameter when
   none is tagged), found exactly by :func:`~bargaining.analysis.parametric_equilibria`;
4. a hypothesis search over :func:`~bargaining.testing.strategies.parameter_values`.

At each point where ``given`` holds, the game is solved exactly and the expectation evaluated:
``in = "all"`` needs it in every equilibrium, ``"some"`` in at least one; ``count()`` is the
number of equilibria. A normal-form game's equilibria are its Nash equilibria
(:func:`~bargaining.solvers.nash.nash_equilibria`). A game tree with perfect information is
solved by backward induction: its equilibria are its subgame-perfect equilibria, each as the
equilibrium of the reduced strategic form it induces
(:func:`~bargaining.solvers.subgame_perfect.subgame_perfect_equilibria`), so ``plays('Russia',
'condition')`` names a reduced strategy (``bargaining show`` lists them) and ``prob('war')``
sums the paths of the tree ending in that outcome; the tipping points of step 3 come from
:func:`~bargaining.analysis.parametric_subgame_perfect`. A tree with imperfect information is
solved through its reduced strategic form (Nash equilibria).

The first failing point is then shrunk (hypothesis' shrinker, then a greedy pass moving each
parameter back to its baseline, a range end or the simplest fraction that still fails), so the
counterexample differs from the baseline only where it has to. Everything is deterministic
given ``seed``.

>>> from bargaining.model import load_model
>>> model = load_model("models/chicken.toml")
>>> result = check_claim(model, model.claims[0])
>>> result.passed, result.counterexample
(True, None)
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import sympy
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample, Unsatisfiable

from bargaining.errors import BargainingError
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.model import COUNT, PAYOFF, PLAYS, PROB, Claim, Model, load_model
from bargaining.model.expressions import expression_text
from bargaining.numbers import Number, normalize_number
from bargaining.params import ParameterSpace
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.subgame_perfect import subgame_perfect_equilibria
from bargaining.testing.strategies import parameter_values

__all__ = [
    "ClaimResult",
    "CodeClaim",
    "check_claim",
    "check_model",
    "claim",
    "equilibria_at",
    "equilibrium_text",
    "point_text",
]

#: Corners tried when a model has more parameters than this: a seeded sample of MAX_CORNERS.
CORNER_LIMIT = 6
MAX_CORNERS = 64

Point = dict[str, Number]


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
    """

    name: str
    game: str
    passed: bool
    counterexample: Point | None
    equilibria: tuple[str, ...]
    tried: int
    note: str = ""

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

    >>> from bargaining import NormalFormGame
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
class _Check:
    """A claim reduced to what the search needs."""

    name: str
    game: str
    given: Callable[[Point], bool]
    holds: Callable[[list[Equilibrium], Point], bool]
    condition: sympy.Basic | None = None


def _truth(value: object, what: str) -> bool:
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


def _parameters(point: Point, space: ParameterSpace) -> dict:
    return {space[name].symbol: _exact(value) for name, value in point.items()}


def _claim_check(claim: Claim, space: ParameterSpace) -> _Check:
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
        return _truth(claim.given.xreplace(_parameters(point, space)), f"given of {claim.name!r}")

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
        expect = claim.expect.xreplace(_parameters(point, space))
        if counts:
            expect = expect.xreplace({term: sympy.Integer(len(equilibria)) for term in counts})
        what = f"expect of {claim.name!r}"
        if not terms:
            return _truth(expect, what)
        results = (
            _truth(expect.xreplace({term: value(term, eq) for term in terms}), what)
            for eq in equilibria
        )
        return all(results) if claim.quantifier == "all" else any(results)

    return _Check(claim.name, claim.game, given, holds, claim.given)


def _narrowed(
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
            value = _as_fraction(next(iter(region)))
            if value is not None and bounds[name][0] <= value <= bounds[name][1]:
                fixed[name] = normalize_number(value)
            continue
        hull = region.closure if isinstance(region, sympy.Interval) else None
        if hull is None or hull.is_empty:
            continue
        low, high = bounds[name]
        if hull.start.is_finite and (start := _as_fraction(hull.start)) is not None:
            low = max(low, start)
        if hull.end.is_finite and (end := _as_fraction(hull.end)) is not None:
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


# -- the points tried ------------------------------------------------------------------------------


def _simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """The fraction with the smallest denominator in the closed interval ``[low, high]``."""
    if low > high:
        low, high = high, low
    if low <= 0 <= high:
        return Fraction(0)
    if high < 0:
        return -_simplest_between(-high, -low)
    floor = math.floor(low)
    if floor == low:
        return Fraction(floor)
    if floor < math.floor(high):
        return Fraction(floor + 1)
    return floor + 1 / _simplest_between(1 / (high - floor), 1 / (low - floor))


def _as_fraction(value: object) -> Fraction | None:
    try:
        number = sympy.nsimplify(value) if not isinstance(value, int | Fraction) else value
        if isinstance(number, sympy.Rational):
            return Fraction(int(number.p), int(number.q))
        if isinstance(number, int | Fraction):
            return Fraction(number)
        return Fraction(str(sympy.N(value, 30)))
    except (TypeError, ValueError):
        return None


def equilibria_at(game: NormalFormGame | ExtensiveGame, point: Point) -> list[Equilibrium]:
    """The equilibria a claim is checked against, at a point (name -> exact value): the Nash
    equilibria of a normal-form game, the subgame-perfect equilibria of a perfect-information
    tree, the Nash equilibria of the reduced strategic form of other trees.

    >>> from bargaining.model import load_model
    >>> model = load_model("models/ceasefire_sequence.toml")
    >>> [eq.support("Russia") for eq in equilibria_at(model.game(), model.parameters.baseline)]
    [('condition',)]
    """
    if isinstance(game, ExtensiveGame):
        tree = game.at(point) if point else game
        if tree.is_perfect_information:
            return subgame_perfect_equilibria(tree)
        return nash_equilibria(tree.to_normal_form())
    if not isinstance(game, NormalFormGame):
        raise BargainingError(
            f"claims are checked on normal-form games and game trees, not on a "
            f"{type(game).__name__}"
        )
    return nash_equilibria(game, at=point) if point else nash_equilibria(game)


@functools.lru_cache(maxsize=32)
def _threshold_points(
    game: NormalFormGame | ExtensiveGame, space: ParameterSpace
) -> tuple[tuple, ...]:
    """Points just below and above every tipping point of the leverage parameters."""
    from bargaining.analysis import parametric_equilibria  # heavy: only when needed

    names = {symbol.name for symbol in game.parameters}
    leverage = [p for p in space.tagged("leverage") if p.name in names] or [
        p for p in space if p.name in names
    ]
    if isinstance(game, ExtensiveGame) and not game.is_perfect_information:
        try:
            game = game.to_normal_form()
        except BargainingError:
            return ()
    # Trees are solved by backward induction, for any number of players.
    if not leverage or (isinstance(game, NormalFormGame) and game.num_players != 2):
        return ()
    try:
        solution = parametric_equilibria(game, space)
    except (BargainingError, NotImplementedError, ValueError, TypeError):
        return ()
    points = []
    for parameter in leverage:
        exact = not isinstance(parameter.low, float) and not isinstance(parameter.high, float)
        try:
            thresholds = solution.thresholds(parameter.name)
        except (BargainingError, NotImplementedError, ValueError, TypeError):
            continue
        width = Fraction(parameter.high) - Fraction(parameter.low)
        step = width / 1000
        for threshold in thresholds:
            value = _as_fraction(threshold.value)
            if value is None:
                continue
            for low, high in ((value - step, value - step / 10), (value + step / 10, value + step)):
                side = _simplest_between(Fraction(low), Fraction(high))
                if not parameter.low <= side <= parameter.high:
                    continue
                number = normalize_number(side) if exact else float(side)
                points.append(((parameter.name, number),))
    return tuple(points)


def _box_points(box: ParameterSpace, seed: int) -> Iterable[Point]:
    """The baseline, range ends and corners of the box narrowed to where ``given`` can hold."""
    if not len(box):
        return
    baseline = box.baseline
    yield dict(baseline)
    for parameter in box:
        for end in (parameter.low, parameter.high):
            yield {**baseline, parameter.name: end}
    if len(box) <= CORNER_LIMIT:
        yield from box.corners()
    else:
        rng = random.Random(seed + 1)
        for _ in range(MAX_CORNERS):
            yield {p.name: rng.choice((p.low, p.high)) for p in box}


def _fixed_points(
    game: NormalFormGame | ExtensiveGame, space: ParameterSpace, seed: int
) -> Iterable[Point]:
    baseline = space.baseline
    yield dict(baseline)
    for parameter in space:
        for end in (parameter.low, parameter.high):
            if end != parameter.baseline:
                yield {**baseline, parameter.name: end}
    if len(space) > 1:
        if len(space) <= CORNER_LIMIT:
            yield from space.corners()
        else:
            rng = random.Random(seed)
            for _ in range(MAX_CORNERS):
                yield {p.name: rng.choice((p.low, p.high)) for p in space}
    for changes in _threshold_points(game, space):
        yield {**baseline, **dict(changes)}


# -- the search ------------------------------------------------------------------------------------


def _simplicity(parameter, value: Number) -> tuple:
    if value == parameter.baseline:
        return (0, 0)
    if value in (parameter.low, parameter.high):
        return (1, 0)
    if isinstance(value, Fraction):
        return (2, value.denominator, abs(value.numerator))
    return (3, 0)


def _simplify(point: Point, space: ParameterSpace, fails: Callable[[Point], bool]) -> Point:
    """Greedily move each parameter to a simpler value while the claim still fails there."""
    point = dict(point)
    changed = True
    while changed:
        changed = False
        for parameter in space:
            value = point[parameter.name]
            candidates = [parameter.baseline, parameter.low, parameter.high]
            if not isinstance(value, float) and all(not isinstance(c, float) for c in candidates):
                candidates += [
                    normalize_number(_simplest_between(Fraction(value), Fraction(c)))
                    for c in candidates
                ]
            candidates.sort(key=lambda c: _simplicity(parameter, c))
            for candidate in candidates:
                if _simplicity(parameter, candidate) >= _simplicity(parameter, value):
                    break
                trial = {**point, parameter.name: candidate}
                if fails(trial):
                    point, changed = trial, True
                    break
    return point


def _run(model: Model, check: _Check, examples: int, seed: int) -> ClaimResult:
    game = model.game(check.game)
    space = model.parameters
    tried = 0
    cache: dict[tuple, tuple[bool, bool]] = {}

    def evaluate(point: Point) -> tuple[bool, bool]:
        """(given holds, expectation holds) at a point."""
        nonlocal tried
        key = tuple(sorted((k, (type(v).__name__, v)) for k, v in point.items()))
        if key not in cache:
            if not check.given(point):
                cache[key] = (False, True)
            else:
                tried += 1
                equilibria = equilibria_at(game, point)
                cache[key] = (True, check.holds(equilibria, point))
        return cache[key]

    def fails(point: Point) -> bool:
        applies, holds = evaluate(point)
        return applies and not holds

    box, pinned = _narrowed(space, check.condition)

    def complete(point: Point) -> Point:
        merged = {**space.baseline, **point, **pinned}
        return {name: merged[name] for name in space.names}

    boxed = (complete(point) for point in _box_points(box, seed))
    fixed = itertools.chain([complete({})], _fixed_points(game, space, seed), boxed)
    failing = next((point for point in fixed if fails(point)), None)
    if failing is None and len(box) > 0 and examples > 0:
        options = settings(
            database=None,
            max_examples=examples,
            deadline=None,
            phases=(Phase.generate, Phase.shrink),
            suppress_health_check=list(HealthCheck),
        )
        try:
            failing = find(
                parameter_values(box).map(complete),
                fails,
                settings=options,
                random=random.Random(seed),
            )
        except (NoSuchExample, Unsatisfiable):
            failing = None
    if failing is None:
        note = "" if tried else "given held at no point tried"
        return ClaimResult(check.name, check.game, True, None, (), tried, note)
    failing = _simplify(failing, space, fails)
    equilibria = equilibria_at(game, failing)
    return ClaimResult(
        check.name,
        check.game,
        False,
        failing,
        tuple(equilibrium_text(eq) for eq in equilibria),
        tried,
    )


def _model(model: Model | str | Path) -> Model:
    return model if isinstance(model, Model) else load_model(model)


def check_claim(
    model: Model | str | Path,
    claim: Claim | str,
    *,
    examples: int = 200,
    seed: int = 0,
) -> ClaimResult:
    """Search for a point where a claim of a model fails.

    Parameters
    ----------
    model:
        A :class:`~bargaining.model.Model` or the path of a model file.
    claim:
        One of ``model.claims``, or its name.
    examples:
        How many points the hypothesis search draws, after the fixed points (baseline,
        range ends and corners, both sides of each tipping point).
    seed:
        Seeds the search (and the corner sample of large models): same seed, same result.

    Returns
    -------
    ClaimResult
        Passed, or failed with a shrunk counterexample and the equilibria there.

    Examples
    --------
    >>> from bargaining.model import loads_model
    >>> model = loads_model('''
    ... [model]
    ... name = "x"
    ... [players.A]
    ... [players.B]
    ... [parameters.t]
    ... range = [0, 10]
    ... baseline = 3
    ... [outcomes.deal]
    ... payoffs = { A = "t", B = 1 }
    ... [outcomes.none]
    ... payoffs = { A = 2, B = 0 }
    ... [games.g]
    ... type = "normal"
    ... strategies = { A = ["deal", "walk"], B = ["ok"] }
    ... outcomes = [["deal"], ["none"]]
    ... [[claims]]
    ... name = "always a deal"
    ... expect = "prob('deal') == 1"
    ... ''')
    >>> result = check_claim(model, "always a deal")
    >>> result.passed, result.counterexample
    (False, {'t': 0})
    >>> print(result.explain())
    claim 'always a deal' (game 'g') fails at t=0
    equilibria there (1):
      A={walk: 1}; B={ok: 1}; payoffs 2, 0; outcomes none 1
    """
    model = _model(model)
    if isinstance(claim, str):
        found = [c for c in model.claims if c.name == claim]
        if not found:
            known = ", ".join(repr(c.name) for c in model.claims) or "none"
            raise BargainingError(f"unknown claim {claim!r}; the model's claims are: {known}")
        claim = found[0]
    return _run(model, _claim_check(claim, model.parameters), examples, seed)


def check_model(
    model: Model | str | Path, *, examples: int = 200, seed: int = 0
) -> list[ClaimResult]:
    """Check every claim of a model (see :func:`check_claim`), in file order.

    >>> [r.passed for r in check_model("models/prisoners_dilemma.toml", examples=20)]
    [True, True]
    """
    model = _model(model)
    return [check_claim(model, c, examples=examples, seed=seed) for c in model.claims]


# -- claims written in Python ----------------------------------------------------------------------


class CodeClaim:
    """A claim written as a Python function, made by :func:`claim`.

    Calling it with no arguments checks it and raises :class:`AssertionError` with the
    counterexample when it fails, so a decorated ``test_...`` function is a pytest test.
    """

    def __init__(
        self,
        function: Callable[[list[Equilibrium], Point], bool],
        model: Model | str | Path,
        game: str | None,
        given: Callable[[Point], bool] | str | None,
        examples: int,
        seed: int,
    ) -> None:
        self.function = function
        self.model_source = model
        self.game = game
        self.given = given
        self.examples = examples
        self.seed = seed
        self.name = function.__name__
        functools.update_wrapper(self, function)

    @functools.cached_property
    def model(self) -> Model:
        return _model(self.model_source)

    def _given(self) -> Callable[[Point], bool]:
        given = self.given
        if given is None:
            return lambda point: True
        if callable(given):
            return lambda point: bool(given(point))
        from bargaining.expr import parse_expr

        space = self.model.parameters
        condition = parse_expr(given, space.symbols)
        self._condition = condition
        return lambda point: _truth(
            condition.xreplace(_parameters(point, space)), f"given of {self.name!r}"
        )

    def check(self, *, examples: int | None = None, seed: int | None = None) -> ClaimResult:
        """Check the claim (see :func:`check_claim`)."""
        game = self.game if self.game is not None else next(iter(self.model.games))
        self._condition = None
        given = self._given()
        check = _Check(
            self.name,
            game,
            given,
            lambda eqs, point: bool(self.function(eqs, point)),
            self._condition,
        )
        return _run(
            self.model,
            check,
            self.examples if examples is None else examples,
            self.seed if seed is None else seed,
        )

    def __call__(self) -> None:
        result = self.check()
        if not result.passed:
            raise AssertionError(result.explain())


def claim(
    model: Model | str | Path,
    game: str | None = None,
    given: Callable[[Point], bool] | str | None = None,
    *,
    examples: int = 200,
    seed: int = 0,
) -> Callable[[Callable[[list[Equilibrium], Point], bool]], CodeClaim]:
    """Decorate ``function(equilibria, point) -> bool`` to make it a claim about a model.

    The function receives the equilibria of ``game`` (default: the model's first game) at a
    point (name -> exact value) and says whether the claim holds there. ``given`` is a
    condition string such as ``"L >= 0.8"`` or a function of the point; the claim is checked
    only where it holds. Call the result with no arguments to check it (raising
    :class:`AssertionError` with a shrunk counterexample), or use ``.check()`` for the
    :class:`ClaimResult`.

    >>> @claim("models/chicken.toml", given="c >= 10", examples=20)
    ... def test_the_crash_is_unlikely(equilibria, point):
    ...     return all(eq.probability("crash") <= Fraction(1, 100) for eq in equilibria)
    >>> test_the_crash_is_unlikely()
    >>> @claim("models/chicken.toml", examples=20)
    ... def test_no_crash(equilibria, point):
    ...     return all(eq.probability("crash") == 0 for eq in equilibria)
    >>> test_no_crash()
    Traceback (most recent call last):
    ...
    AssertionError: claim 'test_no_crash' (game 'crisis') fails at c=10
    ...
    """

    def decorate(function: Callable[[list[Equilibrium], Point], bool]) -> CodeClaim:
        return CodeClaim(function, model, game, given, examples, seed)

    return decorate

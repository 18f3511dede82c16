"""The search for a point where a claim fails: the points tried, the hypothesis search and the
shrinking of a counterexample (see :mod:`bargaining.testing.claims` for the order).

Every point is solved with :func:`~bargaining.solvers.concepts.equilibria` under one solution
concept (the game kind's default unless another is named), so claims are checked against the
same equilibria ``bargaining solve`` prints and the same tipping points ``bargaining
thresholds`` finds.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections.abc import Callable, Iterable
from fractions import Fraction

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample, Unsatisfiable

from bargaining.errors import BargainingError
from bargaining.model import Model
from bargaining.numbers import Number, normalize_number
from bargaining.params import ParameterSpace
from bargaining.solvers.concepts import DEFAULT, solution_concept
from bargaining.testing.claim_language import (
    ClaimCheck,
    ClaimResult,
    Point,
    as_fraction,
    equilibrium_text,
    narrowed_space,
)
from bargaining.testing.solved_points import SolvedPoints, point_key
from bargaining.testing.strategies import parameter_values

__all__ = ["CORNER_LIMIT", "MAX_CORNERS", "corner_points", "search_claim"]

#: Corners tried when a model has more parameters than this: a seeded sample of MAX_CORNERS.
CORNER_LIMIT = 6
MAX_CORNERS = 64


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


@functools.lru_cache(maxsize=32)
def _threshold_points(game: object, space: ParameterSpace, concept: str) -> tuple[tuple, ...]:
    """Points just below and above every tipping point of the leverage parameters, for the
    equilibria of ``concept`` (as ``bargaining thresholds`` finds them)."""
    from bargaining.analysis import parametric_equilibria  # heavy: only when needed

    names = {symbol.name for symbol in game.parameters}
    leverage = [p for p in space.tagged("leverage") if p.name in names] or [
        p for p in space if p.name in names
    ]
    # Nash equilibria of more than two players are the pure ones, whose symbolic solution is
    # too slow to be worth it here; trees by backward induction take any number of players.
    if not leverage or (concept == "nash" and game.num_players != 2):
        return ()
    try:
        solution = parametric_equilibria(game, space, concept=concept)
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
            value = as_fraction(threshold.value)
            if value is None:
                continue
            for low, high in ((value - step, value - step / 10), (value + step / 10, value + step)):
                side = _simplest_between(Fraction(low), Fraction(high))
                if not parameter.low <= side <= parameter.high:
                    continue
                number = normalize_number(side) if exact else float(side)
                points.append(((parameter.name, number),))
    return tuple(points)


def corner_points(space: ParameterSpace, *, seed: int) -> list[Point]:
    """The corners of a range box that a claim's search tries: all of them for up to
    :data:`CORNER_LIMIT` parameters, else :data:`MAX_CORNERS` drawn with ``seed``.

    One sample per box and seed: a claim with no ``given``, whose box is the model's, tries
    the same corners twice (read back from the cache), not two different samples.

    >>> from bargaining.params import Parameter, ParameterSpace
    >>> box = ParameterSpace([Parameter(name, 0, 1, 0) for name in "abcdefg"])
    >>> len(corner_points(box, seed=0)) == MAX_CORNERS
    True
    >>> corner_points(box, seed=0) == corner_points(box, seed=0)
    True
    >>> corner_points(ParameterSpace([Parameter("a", 0, 1, 0)]), seed=0)
    [{'a': 0}, {'a': 1}]
    """
    if len(space) <= CORNER_LIMIT:
        return list(space.corners())
    rng = random.Random(seed)
    return [{p.name: rng.choice((p.low, p.high)) for p in space} for _ in range(MAX_CORNERS)]


def _range_points(space: ParameterSpace, seed: int) -> Iterable[Point]:
    """The baseline, each parameter alone at either end of its range, and the corners."""
    baseline = space.baseline
    yield dict(baseline)
    for parameter in space:
        for end in (parameter.low, parameter.high):
            if end != parameter.baseline:
                yield {**baseline, parameter.name: end}
    if len(space) > 1:  # one parameter's corners are its range ends
        yield from corner_points(space, seed=seed)


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


def search_claim(
    model: Model,
    check: ClaimCheck,
    *,
    examples: int,
    seed: int,
    concept: str = DEFAULT,
    solved: SolvedPoints | None = None,
) -> ClaimResult:
    """Search the model's parameter space for a point where ``check`` fails: the fixed points
    (baseline, range ends and corners, both sides of each tipping point), then ``examples``
    hypothesis draws; a failing point is shrunk. Deterministic given ``seed``.

    Every point is solved under one solution concept (``concept``, a name registered for the
    game's kind, or its default), named in the result. ``solved`` (of ``model``) shares the
    solves with the other claims of a run; by default the claim's points are solved afresh.

    >>> from bargaining.model import load_model
    >>> from bargaining.testing.claim_language import claim_check
    >>> model = load_model("models/chicken.toml")
    >>> result = search_claim(model, claim_check(model.claims[0], model.parameters),
    ...                       examples=5, seed=0)
    >>> result.passed, result.concept
    (True, 'Nash equilibrium')
    """
    game = model.game(check.game)
    chosen = solution_concept(game, concept)
    if not chosen.profiles:  # prob(), payoff() and plays() read one strategy profile each
        raise BargainingError(
            f"claims are checked against equilibria that are strategy profiles; concept "
            f"{chosen.name!r} gives {chosen.plural} (for correlated equilibria, state what a "
            "mediator can reach with mediator_max() and mediator_min() instead)"
        )
    concept = chosen.name
    if solved is None:
        solved = SolvedPoints(model)
    elif solved.model is not model:
        raise ValueError("solved holds the solves of another model")
    space = model.parameters
    tried = 0
    cache: dict[tuple, tuple[bool, bool]] = {}

    def evaluate(point: Point) -> tuple[bool, bool]:
        """(given holds, expectation holds) at a point."""
        nonlocal tried
        key = point_key(point)
        if key not in cache:
            if not check.given(point):
                cache[key] = (False, True)
            else:
                tried += 1
                found = solved.equilibria(check.game, point, concept=concept)
                cache[key] = (True, check.holds(found, point))
        return cache[key]

    def fails(point: Point) -> bool:
        applies, holds = evaluate(point)
        return applies and not holds

    box, pinned = narrowed_space(space, check.condition)

    def complete(point: Point) -> Point:
        merged = {**space.baseline, **point, **pinned}
        return {name: merged[name] for name in space.names}

    thresholds = (
        {**space.baseline, **dict(changes)} for changes in _threshold_points(game, space, concept)
    )
    boxed = (complete(point) for point in _range_points(box, seed))
    fixed = itertools.chain([complete({})], _range_points(space, seed), thresholds, boxed)
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
        return ClaimResult(
            check.name, check.game, True, None, (), tried, note, concept=chosen.title
        )
    failing = _simplify(failing, space, fails)
    found = solved.equilibria(check.game, failing, concept=concept)
    return ClaimResult(
        check.name,
        check.game,
        False,
        failing,
        tuple(equilibrium_text(eq) for eq in found),
        tried,
        concept=chosen.title,
    )

"""Hypothesis strategies for games, for the toolkit's own tests and for users' test suites.

Each strategy shrinks towards small games with small numbers, so a failing property reports
the simplest counterexample hypothesis can find.

>>> from hypothesis import given
>>> from bargaining import nash_equilibria
>>> @given(normal_form_games(strategies=(1, 3)))
... def test_every_game_has_an_equilibrium(game):
...     assert nash_equilibria(game)
>>> test_every_game_has_an_equilibrium()
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import sympy
from hypothesis import assume
from hypothesis import strategies as st

from bargaining.games.bargaining_problem import (
    BargainingProblem,
    NoGainsFromTradeError,
    convex_hull,
)
from bargaining.games.extensive import ExtensiveGame, chance, decision, terminal
from bargaining.games.normal_form import NormalFormGame
from bargaining.params import ParameterSpace

__all__ = [
    "bargaining_problems",
    "degenerate_games",
    "extensive_games",
    "models",
    "normal_form_games",
    "parameter_values",
    "payoff_values",
    "symbolic_games",
]

_PAYOFF_KINDS = ("integers", "fractions", "floats", "symbolic")
#: Parameter names of symbolic payoffs when none are given.
DEFAULT_PARAMETERS = ("a", "b", "c")


def payoff_values(
    kind: str = "integers", *, bound: int = 10, parameters: Sequence[str] = DEFAULT_PARAMETERS
) -> st.SearchStrategy:
    """Single payoffs: ``"integers"`` in ``[-bound, bound]``, ``"fractions"`` with small
    denominators, finite ``"floats"`` in ``[-bound, bound]``, or ``"symbolic"``: an integer
    plus small integer multiples (-3 to 3) of the ``parameters`` (real sympy symbols).

    Shrinks towards 0 (and, for symbolic payoffs, towards fewer terms).

    >>> from hypothesis import find
    >>> find(payoff_values("symbolic", parameters=["L"]), lambda v: getattr(v, "free_symbols", 0))
    L
    """
    if kind == "symbolic":
        symbols = [sympy.Symbol(name, real=True) for name in parameters]
        return st.builds(
            lambda constant, coefficients: (
                sympy.Integer(constant)
                + sum(c * s for c, s in zip(coefficients, symbols, strict=True))
            ),
            st.integers(-bound, bound),
            st.lists(st.integers(-3, 3), min_size=len(symbols), max_size=len(symbols)),
        )
    if kind == "integers":
        return st.integers(-bound, bound)
    if kind == "fractions":
        return st.builds(Fraction, st.integers(-bound * 6, bound * 6), st.integers(1, 6))
    if kind == "floats":
        return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=32).map(float)
    raise ValueError(f"payoffs must be one of {', '.join(_PAYOFF_KINDS)}; got {kind!r}")


@st.composite
def normal_form_games(
    draw: st.DrawFn,
    players: int = 2,
    strategies: tuple[int, int] = (1, 6),
    payoffs: str = "integers",
    *,
    bound: int = 10,
    parameters: Sequence[str] | None = None,
) -> NormalFormGame:
    """Random normal-form games, shrinking towards fewer strategies and smaller payoffs.

    Parameters
    ----------
    players:
        Number of players.
    strategies:
        ``(least, most)`` strategies per player.
    payoffs:
        ``"integers"``, ``"fractions"``, ``"floats"`` or ``"symbolic"`` (see
        :func:`payoff_values`).
    bound:
        Payoffs (the constant term of symbolic payoffs) lie in ``[-bound, bound]``.
    parameters:
        Names of the symbols of symbolic payoffs; by default 1 to 3 of ``a``, ``b``, ``c``.

    Examples
    --------
    >>> from hypothesis import find
    >>> game = find(normal_form_games(), lambda g: g.shape[0] >= 2)
    >>> game.shape
    (2, 1)
    >>> game = find(normal_form_games(payoffs="symbolic"), lambda g: g.is_symbolic)
    >>> game.parameters
    (a,)
    """
    if payoffs not in _PAYOFF_KINDS:
        raise ValueError(f"payoffs must be one of {', '.join(_PAYOFF_KINDS)}; got {payoffs!r}")
    if payoffs == "symbolic" and parameters is None:
        parameters = DEFAULT_PARAMETERS[: draw(st.integers(1, len(DEFAULT_PARAMETERS)))]
    low, high = strategies
    shape = [draw(st.integers(low, high)) for _ in range(players)]
    size = 1
    for count in shape:
        size *= count
    values = draw(
        st.lists(
            payoff_values(payoffs, bound=bound, parameters=parameters or ()),
            min_size=size * players,
            max_size=size * players,
        )
    )
    arrays = []
    for player in range(players):
        flat = values[player * size : (player + 1) * size]
        arrays.append(_reshape(flat, shape))
    return NormalFormGame.from_arrays(arrays)


def degenerate_games(
    players: int = 2, strategies: tuple[int, int] = (2, 5), *, bound: int = 2
) -> st.SearchStrategy[NormalFormGame]:
    """Games with many payoff ties (integers in ``[-bound, bound]``), which are usually
    degenerate: a mixed strategy with support of size k has more than k pure best responses."""
    return normal_form_games(players, strategies, "integers", bound=bound)


def symbolic_games(
    parameters: Sequence[str] | ParameterSpace = DEFAULT_PARAMETERS[:2],
    players: int = 2,
    strategies: tuple[int, int] = (1, 4),
    *,
    bound: int = 5,
) -> st.SearchStrategy[NormalFormGame]:
    """Games whose payoffs are small integer combinations of the given parameters.

    ``parameters`` are names or a :class:`~bargaining.params.ParameterSpace` (its names).

    >>> from hypothesis import find
    >>> game = find(symbolic_games(["L", "W"]), lambda g: len(g.parameters) == 2)
    >>> sorted(symbol.name for symbol in game.parameters)
    ['L', 'W']
    """
    names = parameters.names if isinstance(parameters, ParameterSpace) else tuple(parameters)
    return normal_form_games(players, strategies, "symbolic", bound=bound, parameters=names)


@st.composite
def parameter_values(
    draw: st.DrawFn, space: ParameterSpace, *, max_denominator: int = 1000
) -> dict[str, object]:
    """Points of a parameter space: name -> value inside each range.

    Each value is the baseline, a range end, or a number in between: an exact
    :class:`~fractions.Fraction` (denominator at most ``max_denominator``) where the range is
    exact, a float otherwise. Shrinks towards the baseline, then the range ends, then simple
    fractions, so a failing point differs from the baseline only where it has to.

    >>> from hypothesis import find
    >>> from bargaining import Parameter
    >>> space = ParameterSpace([Parameter("L", 0, 1, Fraction(7, 10)), Parameter("W", 0, 1, 0)])
    >>> find(parameter_values(space), lambda point: True)
    {'L': Fraction(7, 10), 'W': 0}
    >>> find(parameter_values(space), lambda point: point["L"] > Fraction(9, 10))
    {'L': 1, 'W': 0}
    >>> point = find(parameter_values(space), lambda p: Fraction(1, 5) < p["L"] < Fraction(1, 4))
    >>> type(point["L"]).__name__, point["W"]
    ('Fraction', 0)
    """
    point = {}
    for parameter in space:
        low, high, baseline = parameter.low, parameter.high, parameter.baseline
        exact = all(isinstance(v, int | Fraction) for v in (low, high))
        if exact:
            inside = _fractions_between(Fraction(low), Fraction(high), max_denominator)
        else:
            inside = st.floats(float(low), float(high), allow_nan=False, allow_infinity=False)
        # The fixed values come first (shrinking prefers them); interior values are drawn
        # three times as often.
        fixed = st.sampled_from(list(dict.fromkeys([baseline, low, high])))
        value = draw(st.one_of(fixed, inside, inside, inside))
        point[parameter.name] = value
    return point


@st.composite
def _fractions_between(
    draw: st.DrawFn, low: Fraction, high: Fraction, max_denominator: int
) -> int | Fraction:
    """``k / d`` in ``[low, high]``: the denominator is drawn first, so shrinking it gives the
    simplest fractions in the range that still fail."""
    denominator = draw(st.integers(1, max_denominator))
    first, last = math.ceil(low * denominator), math.floor(high * denominator)
    if first > last:
        return _plain(low)
    return _plain(Fraction(draw(st.integers(first, last)), denominator))


def _plain(value: Fraction) -> int | Fraction:
    return int(value) if value.denominator == 1 else value


_MODEL_TEMPLATE = """\
[model]
name = "generated"
[players.A]
[players.B]
{parameters}
{outcomes}
[games.play]
type = "normal"
players = ["A", "B"]
strategies = {{ A = {rows}, B = {columns} }}
outcomes = {table}
{claims}
"""


@st.composite
def models(
    draw: st.DrawFn,
    parameters: tuple[int, int] = (0, 2),
    strategies: tuple[int, int] = (1, 3),
    *,
    claims: bool = True,
) -> object:
    """Small valid :class:`~bargaining.model.Model` objects: two players ``A`` and ``B``, up to
    two parameters ``p0``, ``p1`` with exact ranges, one game ``play`` whose cells are outcomes
    with small integer-linear payoffs, and (with ``claims``) the true claim
    ``"an equilibrium exists"`` (``count() >= 1``).

    The model is built from generated model-file text with
    :func:`~bargaining.model.loads_model`, so it is exactly what a file would give.

    >>> from hypothesis import find
    >>> model = find(models(), lambda m: len(m.parameters) == 1)
    >>> model
    Model('generated': 2 players, 1 parameter, 1 outcome, 1 game, 1 claim)
    >>> model.parameters.names
    ('p0',)
    """
    from bargaining.model import loads_model  # the model layer sits above this module's uses

    count = draw(st.integers(*parameters))
    names = [f"p{i}" for i in range(count)]
    parameter_text = []
    for name in names:
        low = draw(st.integers(-2, 2))
        width = draw(st.integers(1, 4))
        tenths = draw(st.integers(0, 10 * width))
        baseline = repr((10 * low + tenths) / 10)  # a short decimal, read back exactly
        parameter_text.append(
            f"[parameters.{name}]\nrange = [{low}, {low + width}]\nbaseline = {baseline}"
        )
    rows = draw(st.integers(*strategies))
    columns = draw(st.integers(*strategies))
    formula = payoff_values("symbolic", bound=5, parameters=names).map(
        lambda value: str(value).replace(" ", "")
    )
    outcome_text, table = [], []
    for i in range(rows):
        table.append([f"o{i}_{j}" for j in range(columns)])
        for j in range(columns):
            a, b = draw(formula), draw(formula)
            outcome_text.append(f'[outcomes.o{i}_{j}]\npayoffs = {{ A = "{a}", B = "{b}" }}')
    claim_text = (
        '[[claims]]\nname = "an equilibrium exists"\nexpect = "count() >= 1"' if claims else ""
    )
    text = _MODEL_TEMPLATE.format(
        parameters="\n".join(parameter_text),
        outcomes="\n".join(outcome_text),
        rows=_toml_list(f"r{i}" for i in range(rows)),
        columns=_toml_list(f"c{j}" for j in range(columns)),
        table="[" + ", ".join(_toml_list(row) for row in table) + "]",
        claims=claim_text,
    )
    return loads_model(text)


def _toml_list(items) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def _reshape(flat: list, shape: list[int]) -> list:
    if len(shape) == 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [_reshape(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


@st.composite
def extensive_games(draw: st.DrawFn, players: int = 2, max_nodes: int = 9) -> ExtensiveGame:
    """Random perfect-information trees with small integer payoffs and some chance nodes.

    At most ``max_nodes`` decision and chance nodes, depth at most 4, one to three actions per
    node; chance probabilities are exact fractions. Shrinks towards one decision with one action.

    >>> from hypothesis import find
    >>> smallest = find(extensive_games(), lambda game: True)
    >>> smallest.is_perfect_information, len(smallest.nodes)
    (True, 2)
    """
    names = tuple(f"P{i + 1}" for i in range(players))
    budget = [draw(st.integers(1, max_nodes))]

    def payoff() -> tuple[int, ...]:
        return tuple(draw(st.integers(-2, 2)) for _ in range(players))

    def build(depth: int):
        if depth >= 4 or budget[0] <= 0 or (depth > 0 and draw(st.integers(0, 3)) == 0):
            return terminal(payoff())
        budget[0] -= 1
        width = draw(st.integers(1, 3))
        if draw(st.integers(0, 4)) == 0:
            weights = [draw(st.integers(1, 3)) for _ in range(width)]
            total = sum(weights)
            return chance(
                {str(k): (Fraction(w, total), build(depth + 1)) for k, w in enumerate(weights)}
            )
        mover = draw(st.sampled_from(names))
        return decision(mover, {f"a{k}": build(depth + 1) for k in range(width)})

    return ExtensiveGame(build(0), players=names)


_COORDINATES = st.integers(0, 12).map(Fraction) | st.builds(
    Fraction, st.integers(0, 36), st.integers(1, 3)
)


@st.composite
def bargaining_problems(draw: st.DrawFn, symmetric: bool = False) -> BargainingProblem:
    """Comprehensive convex polygons with exact vertices and a disagreement point inside.

    The feasible set is the convex hull of random points and their projections on the axes;
    the disagreement point is a fraction (0, 1/4, 1/2 or 2/3) of a vertex, or of the largest
    symmetric point when ``symmetric``. Problems with no gains from trade are rejected.
    """
    points = draw(st.lists(st.tuples(_COORDINATES, _COORDINATES), min_size=1, max_size=7))
    if symmetric:
        points += [(b, a) for a, b in points]
    everything = [(Fraction(0), Fraction(0))]
    for a, b in points:
        everything += [(a, b), (a, Fraction(0)), (Fraction(0), b)]
    hull = convex_hull(everything)
    assume(len(hull) >= 3)
    share = draw(st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(1, 2), Fraction(2, 3)]))
    if symmetric:
        top = max(min(vertex) for vertex in hull)
        disagreement = (share * top, share * top)
    else:
        vertex = draw(st.sampled_from(hull))
        disagreement = (share * vertex[0], share * vertex[1])
    try:
        return BargainingProblem.from_vertices(hull, disagreement)
    except NoGainsFromTradeError:
        assume(False)
        raise  # unreachable: assume(False) rejects the example

"""What sweeps and sensitivity analyses evaluate: a game, resolved once, evaluated at many points.

A *target* is anything whose equilibria depend on parameters: a
:class:`~bargaining.games.NormalFormGame` (symbolic or not), an
:class:`~bargaining.games.ExtensiveGame`, a
:class:`~bargaining.analysis.ParametricSolution`, a model with one game, or a ``(model, game
name)`` pair. :func:`resolve_target` turns it into a :class:`Target`: the game, its
:class:`~bargaining.params.ParameterSpace` (baselines fill the parameters a point leaves out)
and, where one exists, the parametric solution. :meth:`Target.evaluate` then gives the same
:class:`PointValues` either way: from the parametric solution at numpy speed, or by solving the
game numerically at each point. Both use the target's solution concept, chosen once by
:func:`~bargaining.solvers.concepts.solution_concept` (Nash equilibria for normal-form games,
subgame-perfect equilibria for perfect-information trees, unless another is asked for).

A :class:`Target` pickles without its compiled functions, so it can be sent to process pools
and Dask workers, which compile it once per task.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from bargaining.analysis.box import default_space, point_arrays
from bargaining.analysis.kernel import first_seen_numbering
from bargaining.analysis.parametric import ParametricSolution, parametric_equilibria
from bargaining.analysis.parametric_nplayer import point_by_point_unless_complete
from bargaining.budget import BudgetExceeded, SymbolicFallbackWarning
from bargaining.errors import GameError, ParameterError
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import to_sympy
from bargaining.numeric_code import numeric_function
from bargaining.params import ParameterSpace
from bargaining.solvers.concepts import DEFAULT, equilibria, has_concept, solution_concept
from bargaining.solvers.subgame_perfect import tree_outcomes

__all__ = ["METHODS", "PointValues", "RegionKey", "Target", "resolve_target"]

METHODS = ("auto", "parametric", "points")
"""How a target is evaluated: ``"parametric"`` (solve once in symbols), ``"points"`` (solve
numerically at each point) or ``"auto"`` (parametric where the game has a parametric solution)."""

SUPPORT_TOLERANCE = 1e-9
"""A float probability above this counts as played, for the supports that name a region."""

RegionKey = tuple[tuple[tuple[int, ...], ...], ...] | str
"""A region: the supports (strategy indices per player) of each equilibrium holding there,
sorted. ``()`` is the region without equilibria. A concept evaluated by its bounds names its
regions in words."""


@dataclass(frozen=True)
class PointValues:
    """A target's equilibria summarised at many points: numpy arrays, one entry per point.

    Both evaluation paths (parametric and point by point) fill the same fields with the same
    names, so callers never ask which path ran.

    Attributes
    ----------
    count:
        Number of distinct equilibria at each point (int64).
    boundary:
        Points within the tolerance of a region boundary, where the game may be degenerate.
        Only the parametric path can tell; the point-by-point path marks none.
    outcome_min, outcome_max:
        Outcome name -> min and max probability over the equilibria (NaN where there are none).
    payoff_min, payoff_max:
        Player name -> min and max expected payoff over the equilibria.
    region:
        Index into ``regions`` for each point (int64).
    regions:
        The regions met among these points, as :data:`RegionKey` values, first seen first.
    """

    count: np.ndarray
    boundary: np.ndarray
    outcome_min: dict[str, np.ndarray]
    outcome_max: dict[str, np.ndarray]
    payoff_min: dict[str, np.ndarray]
    payoff_max: dict[str, np.ndarray]
    region: np.ndarray
    regions: tuple[RegionKey, ...]

    def __len__(self) -> int:
        return len(self.count)


@dataclass(frozen=True)
class Target:
    """A game prepared for evaluation at many points.

    Build one with :func:`resolve_target`.

    Attributes
    ----------
    game:
        The game: a normal-form game, or a tree.
    space:
        The parameters, their ranges and baselines.
    solution:
        The parametric solution, or None when the target is solved point by point.
    name:
        The game's name in its model ("" for a bare game).
    concept:
        The solution concept's name (registered for the game's kind in
        :mod:`bargaining.solvers.concepts`).
    note:
        Why the target is solved point by point although it has a symbolic solver ("" when
        it is not): its parametric solution is not complete.

    Examples
    --------
    >>> from bargaining import load_model
    >>> target = resolve_target(load_model("models/chicken.toml"))
    >>> target.method, target.players
    ('parametric', ('Row', 'Column'))
    >>> values = target.evaluate(target.space.sample(5, seed=1))
    >>> values.count.tolist()
    [3, 3, 3, 3, 3]
    """

    game: object
    space: ParameterSpace
    solution: ParametricSolution | None = None
    name: str = ""
    concept: str = DEFAULT
    note: str = ""

    @property
    def method(self) -> str:
        """``"parametric"`` or ``"points"``: how :meth:`evaluate` computes."""
        return "parametric" if self.solution is not None else "points"

    @property
    def players(self) -> tuple[str, ...]:
        """The game's players, the keys of the payoff arrays."""
        return tuple(self.game.players)

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The game's named outcomes, the keys of the outcome arrays, first seen first."""
        if isinstance(self.game, ExtensiveGame):
            return tree_outcomes(self.game)
        # Normal-form and Bayesian games name outcomes in an array (None: payoffs only).
        if self.game.outcomes is None:
            return ()
        return tuple(dict.fromkeys(self.game.outcomes.flat))

    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy labels, which the indices in a :data:`RegionKey` refer to."""
        if isinstance(self.game, NormalFormGame):
            return tuple(self.game.strategies)
        return tuple(self.game.strategy_labels(i) for i in range(self.game.num_players))

    def points(
        self, points: Mapping[str, object], *, clip: bool = False
    ) -> tuple[dict[str, np.ndarray], int]:
        """Validate points and fill in baselines: every parameter's array, and the size.

        Parameters
        ----------
        points:
            Parameter name -> equal-length 1-D arrays; parameters left out keep their baseline.
        clip:
            Move values outside a parameter's range to the nearest end instead of refusing them.

        Raises
        ------
        ParameterError
            Unknown parameters, arrays that are not 1-D or differ in length, no points,
            non-finite values, values outside a range (unless ``clip``).
        """
        given = {}
        for name, values in points.items():
            parameter = self.space[name]
            array = np.asarray(values, dtype=float)
            if clip:
                if not np.all(np.isfinite(array)):
                    raise ParameterError(f"points[{name!r}] has non-finite values")
                array = np.clip(array, float(parameter.low), float(parameter.high))
            given[name] = array
        try:
            return point_arrays(self.space, given)
        except ParameterError as error:
            if "outside the range" in str(error):
                raise ParameterError(f"{error} (pass clip=True to clip to the range)") from None
            raise

    def evaluate(
        self,
        points: Mapping[str, object],
        *,
        clip: bool = False,
        into: Mapping[str, np.ndarray] | None = None,
    ) -> PointValues:
        """The equilibria's count, outcome probabilities and payoffs at every point.

        ``into`` offers arrays to write into, named as for
        :meth:`~bargaining.analysis.solution.ParametricSolution.evaluate`; the parametric path
        uses them (a point-by-point solve returns arrays of its own).

        Examples
        --------
        >>> from bargaining import load_model
        >>> target = resolve_target(load_model("models/chicken.toml"), method="points")
        >>> values = target.evaluate({})  # one point: the baseline
        >>> values.count.tolist(), target.method
        ([3], 'points')
        """
        arrays, size = self.points(points, clip=clip)
        bounds = solution_concept(self.game, self.concept).bounds
        if bounds is not None:  # a set of solutions summarised by its bounds (a mediator's)
            return PointValues(**bounds(self.game, arrays))
        if self.solution is not None:
            return self._evaluate_parametric(arrays, size, into)
        return self._evaluate_points(arrays, size)

    def at(self, values: Mapping[str, object] | None = None) -> list:
        """The equilibria at one point, exactly where the values are exact (baselines fill in).

        >>> from bargaining import load_model
        >>> target = resolve_target(load_model("models/chicken.toml"))
        >>> len(target.at())
        3
        """
        point = self.space.validate(dict(values or {}))
        if self.solution is not None:
            return self.solution.at(point)
        return equilibria(self.game, at=point, concept=self.concept)

    # -- the two paths ---------------------------------------------------------------------------

    def _evaluate_parametric(
        self, arrays: dict[str, np.ndarray], size: int, into: Mapping[str, np.ndarray] | None
    ) -> PointValues:
        """The pieces' values; points on a boundary, where the game may be degenerate and have
        equilibria no piece describes, are solved one by one."""
        values = self._evaluate_pieces(arrays, into)
        on_boundary = np.flatnonzero(values.boundary)
        if len(on_boundary) == 0:
            return values
        subset = {
            name: np.broadcast_to(np.asarray(array), (size,))[on_boundary]
            for name, array in arrays.items()
        }
        return _overwritten(values, on_boundary, self._evaluate_points(subset, len(on_boundary)))

    def _evaluate_pieces(
        self, arrays: dict[str, np.ndarray], into: Mapping[str, np.ndarray] | None
    ) -> PointValues:
        solution = self.solution
        evaluation = solution.evaluate(arrays, into=into)
        supports = [piece.supports for piece in solution.pieces]
        return PointValues(
            count=evaluation.count,
            boundary=evaluation.boundary,
            outcome_min=_ordered(evaluation.outcome_min, self.outcomes),
            outcome_max=_ordered(evaluation.outcome_max, self.outcomes),
            payoff_min=dict(evaluation.payoff_min),
            payoff_max=dict(evaluation.payoff_max),
            region=evaluation.region,
            regions=tuple(
                tuple(sorted(supports[i] for i in members)) for members in evaluation.regions
            ),
        )

    def _evaluate_points(self, arrays: dict[str, np.ndarray], size: int) -> PointValues:
        # The concept is chosen for the target's game; the numeric games at the points are of
        # its kind, whatever class their fast construction gives them.
        solve = solution_concept(self.game, self.concept).solve
        games = self._numeric_games(arrays, size)
        outcomes, players = self.outcomes, self.players
        count = np.zeros(size, dtype=np.int64)
        low = np.full((len(outcomes) + len(players), size), np.nan)
        high = np.full_like(low, np.nan)
        region = np.zeros(size, dtype=np.int64)
        regions: dict[RegionKey, int] = {}
        for index in range(size):
            found = solve(games(index), at=None)
            count[index] = len(found)
            key = tuple(sorted(_supports(equilibrium.strategies) for equilibrium in found))
            region[index] = regions.setdefault(key, len(regions))
            if not found:
                continue
            values = np.array(
                [
                    [float(dict(eq.outcome_probabilities).get(name, 0)) for name in outcomes]
                    + [float(payoff) for payoff in eq.payoffs]
                    for eq in found
                ]
            )
            low[:, index] = values.min(axis=0)
            high[:, index] = values.max(axis=0)
        split = len(outcomes)
        return PointValues(
            count=count,
            boundary=np.zeros(size, dtype=bool),
            outcome_min=dict(zip(outcomes, low[:split], strict=True)),
            outcome_max=dict(zip(outcomes, high[:split], strict=True)),
            payoff_min=dict(zip(players, low[split:], strict=True)),
            payoff_max=dict(zip(players, high[split:], strict=True)),
            region=region,
            regions=tuple(regions),
        )

    def _numeric_games(self, arrays: dict[str, np.ndarray], size: int) -> Callable[[int], object]:
        """The game at point ``index`` with float payoffs (normal-form games: compiled once)."""
        if not isinstance(self.game, NormalFormGame):
            names = self.space.names
            return lambda index: self.game.at({name: float(arrays[name][index]) for name in names})
        payoffs = self._payoff_function(*(arrays[name] for name in self.space.names))
        flat = [np.broadcast_to(np.asarray(value, dtype=float), (size,)) for value in payoffs]
        table = np.stack(flat, axis=-1).reshape(size, *self.game.payoffs.shape)
        game = self.game
        return lambda index: NormalFormGame(
            table[index], players=game.players, strategies=game.strategies, outcomes=game.outcomes
        )

    @functools.cached_property
    def _payoff_function(self) -> Callable[..., list]:
        # Compiled once per process (the cache is not pickled, see __getstate__).
        symbols = [parameter.symbol for parameter in self.space]
        by_name = {symbol.name: symbol for symbol in symbols}
        expressions = [
            to_sympy(value).xreplace({s: by_name[s.name] for s in to_sympy(value).free_symbols})
            for value in self.game.payoffs.flat
        ]
        return numeric_function(symbols, expressions, "numpy")

    def __getstate__(self) -> dict:
        # Compiled numpy functions do not pickle: send the fields, and the solution without its
        # compiled cache; the receiving process compiles again on first use.
        state = {field.name: getattr(self, field.name) for field in fields(self)}
        if self.solution is not None:
            state["solution"] = replace(self.solution)
        return state


def resolve_target(
    target: object,
    game: str | None = None,
    *,
    space: ParameterSpace | None = None,
    method: str = "auto",
    concept: str = DEFAULT,
) -> Target:
    """Turn a game, a parametric solution or a model into a :class:`Target`.

    Parameters
    ----------
    target:
        A :class:`~bargaining.games.NormalFormGame`, an
        :class:`~bargaining.games.ExtensiveGame`, a
        :class:`~bargaining.analysis.ParametricSolution`, a model (anything with ``games`` and
        ``parameters``, such as :class:`~bargaining.model.Model`), a ``(model, game name)``
        pair, or a :class:`Target` (returned as it is when nothing else is asked).
    game:
        The model's game to use; may be left out when the model has a single game.
    space:
        The parameter space for a bare game; by default each parameter ranges over [0, 1]
        with baseline 1/2 (as in :func:`~bargaining.analysis.parametric_equilibria`). A
        model's own space is used for models.
    method:
        One of :data:`METHODS`. ``"auto"`` solves in symbols where
        :func:`~bargaining.analysis.parametric_equilibria` takes the game, and falls back to
        solving point by point where it does not (no symbolic solver for the concept, or one
        that refuses the game).
    concept:
        The solution concept: ``"default"`` (the game kind's own) or a name registered for
        the game's kind (:func:`~bargaining.solvers.concepts.concept_names`). A parametric
        solution keeps its own.

    Raises
    ------
    GameError
        A target of another kind, an unknown or ambiguous game name, a model game without a
        registered solution concept, an unknown concept, or ``method="parametric"`` for a
        game the symbolic solver does not take.
    ParameterError
        A space that lacks some of the game's parameters.

    Examples
    --------
    >>> from bargaining import load_model
    >>> model = load_model("models/ceasefire.toml")
    >>> target = resolve_target((model, "talks"))
    >>> target.name, target.method, target.concept, target.outcomes
    ('talks', 'parametric', 'nash', ('ceasefire', 'talk_and_fight', 'root_cause_settlement', 'war'))
    """
    if method not in METHODS:
        raise GameError(f"unknown method {method!r}; expected one of: {', '.join(METHODS)}")
    if isinstance(target, tuple) and len(target) == 2 and isinstance(target[1], str):
        if game is not None:
            raise GameError("give the game name once: in the (model, game) pair or as game=")
        target, game = target
    if isinstance(target, Target):
        # Already resolved (e.g. with method="points" by the CLI): "auto" keeps its choice.
        return target if method == "auto" else _with_method(target, method)
    if isinstance(target, ParametricSolution):
        resolved = Target(target.game, target.space, target, concept=target.concept)
        return _with_method(resolved, method)
    name = ""
    if _is_model(target):
        name, target, space = *_model_game(target, game), target.parameters
    elif game is not None:
        raise GameError(f"game={game!r} names a model's game, but the target is not a model")
    if not has_concept(target):
        raise GameError(
            "a sweep target is a NormalFormGame, an ExtensiveGame (or another game with a "
            "registered solution concept), a ParametricSolution, a model or a (model, game "
            f"name) pair; got {type(target).__name__}"
        )
    chosen = solution_concept(target, concept).name
    space = space if space is not None else default_space(target)
    _check_space(target, space)
    return _with_method(Target(target, space, None, name, chosen), method)


def _with_method(target: Target, method: str) -> Target:
    if method == "points":
        return replace(target, solution=None) if target.solution is not None else target
    if target.solution is not None:
        return point_by_point_unless_complete(target, method)
    try:
        solution = parametric_equilibria(target.game, target.space, concept=target.concept)
    except BudgetExceeded as error:
        if method == "parametric":
            raise
        warnings.warn(f"{error}; solving point by point instead", SymbolicFallbackWarning, 3)
        return target
    except GameError:
        # A game the symbolic solver does not take (no symbolic solver for the concept, a tree
        # whose reduced strategies are too many) is solved point by point, unless a parametric
        # solution was asked for.
        if method == "parametric":
            raise
        return target
    return point_by_point_unless_complete(replace(target, solution=solution), method)


def _is_model(value: object) -> bool:
    return hasattr(value, "games") and hasattr(value, "parameters")


def _model_game(model, name: str | None) -> tuple[str, object]:
    games = dict(model.games)
    if name is None:
        if len(games) != 1:
            known = ", ".join(games) or "none"
            raise GameError(f"the model has {len(games)} games; name one of: {known}")
        name = next(iter(games))
    if name not in games:
        known = ", ".join(games) or "none"
        raise GameError(f"unknown game {name!r}; the model's games are: {known}")
    game = games[name]
    if not has_concept(game):
        raise GameError(
            f"game {name!r} is a {type(game).__name__}, solved by formula; sweeps and "
            "sensitivity analyses evaluate games with a solution concept (normal-form games "
            "and game trees)"
        )
    return name, game


def _check_space(game: object, space: ParameterSpace) -> None:
    missing = sorted(symbol.name for symbol in game.parameters if symbol.name not in space)
    if missing:
        raise ParameterError(
            f"the game's payoffs use parameters not in the space: {', '.join(missing)}"
        )


def _supports(strategies: Sequence[Sequence[float]]) -> tuple[tuple[int, ...], ...]:
    return tuple(
        tuple(j for j, p in enumerate(vector) if float(p) > SUPPORT_TOLERANCE)
        for vector in strategies
    )


def _overwritten(values: PointValues, indices: np.ndarray, solved: PointValues) -> PointValues:
    """``values`` with the points at ``indices`` replaced by ``solved`` (their point solves),
    regions renumbered in order of first appearance."""
    count = values.count.copy()
    count[indices] = solved.count

    def merged(mine: dict[str, np.ndarray], theirs: dict[str, np.ndarray]) -> dict:
        result = {}
        for name, array in mine.items():
            result[name] = array.copy()
            result[name][indices] = theirs[name]
        return result

    keys = list(values.regions)
    code = {key: index for index, key in enumerate(keys)}
    region = values.region.copy()
    for point, key in zip(indices, (solved.regions[i] for i in solved.region), strict=True):
        if key not in code:
            code[key] = len(keys)
            keys.append(key)
        region[point] = code[key]
    # Regions numbered as first met again (one may have lost all its points to the solves).
    present, dense = np.unique(region, return_inverse=True)
    renumbered, order = first_seen_numbering(dense.ravel(), len(present))
    return PointValues(
        count=count,
        boundary=values.boundary,
        outcome_min=merged(values.outcome_min, solved.outcome_min),
        outcome_max=merged(values.outcome_max, solved.outcome_max),
        payoff_min=merged(values.payoff_min, solved.payoff_min),
        payoff_max=merged(values.payoff_max, solved.payoff_max),
        region=renumbered,
        regions=tuple(keys[present[old]] for old in order),
    )


def _ordered(arrays: Mapping[str, np.ndarray], names: Sequence[str]) -> dict[str, np.ndarray]:
    return {name: arrays[name] for name in names if name in arrays}

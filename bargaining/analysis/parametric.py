"""``parametric_equilibria``: solve a game once in symbols, then ask it anything.

The solution is a list of pieces (:class:`~bargaining.solvers.parametric.ParametricEquilibrium`),
each an equilibrium as expressions in the parameters with the conditions under which it holds,
simplified over the parameter box. From it: the equilibria at any point (:meth:`.at`), over
millions of points at numpy speed (:meth:`.evaluate`), the exact tipping points along a
parameter (:meth:`.thresholds`) and the regions of a 1-D or 2-D slice (:meth:`.regions`).

Game trees give the same kind of solution, whose pieces are their subgame-perfect equilibria
(:mod:`bargaining.analysis.parametric_tree`): the strategies are those of the tree's reduced
strategic form, and everything above works unchanged.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import sympy

from bargaining.analysis.conditions import (
    Box,
    condition_text,
    sign_on_box,
    simplify_condition,
    touches_zero_at_corner,
)
from bargaining.analysis.regions import Region, find_regions
from bargaining.analysis.thresholds import Threshold, find_thresholds
from bargaining.budget import Budget
from bargaining.errors import GameError, ParameterError
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import normalize_number, to_sympy
from bargaining.numeric_code import numeric_function
from bargaining.params import Parameter, ParameterSpace
from bargaining.solvers.equilibrium import Equilibrium, make_equilibrium
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface, parametric_candidates
from bargaining.solvers.subgame_perfect import subgame_perfect_equilibria

__all__ = ["Evaluation", "ParametricSolution", "parametric_equilibria"]

_CHUNK = 1 << 16  # points per chunk in evaluate: fits in cache, bounds memory


def _default_space(game: NormalFormGame | ExtensiveGame) -> ParameterSpace:
    """Without a declared space each parameter gets [0, 1] (baseline 1/2), stated in repr."""
    half = sympy.Rational(1, 2)
    return ParameterSpace(
        [
            Parameter(symbol.name, 0, 1, half, description="range assumed")
            for symbol in game.parameters
        ]
    )


def _box(space: ParameterSpace) -> Box:
    return {
        parameter.symbol: (to_sympy(parameter.low), to_sympy(parameter.high)) for parameter in space
    }


def _simplified_piece(piece: ParametricEquilibrium, box: Box) -> ParametricEquilibrium | None:
    conditions: list[sympy.Expr] = []
    for condition in piece.conditions:
        reduced = simplify_condition(condition, box)
        if reduced is False:
            return None
        if reduced is True:
            continue
        # g >= 0 and -g >= 0 confine the piece to the surface g = 0, a boundary where
        # ParametricSolution.at solves the game directly.
        if any(_opposite(reduced, other) for other in conditions):
            return None
        conditions.append(reduced)
    conditions = _one_parameter_interval(conditions, box)
    if conditions is None:
        return None
    singular = tuple(
        factor
        for expression in piece.singular
        for factor, _ in sympy.factor_list(expression)[1]
        if sign_on_box(factor, box) == 0 or _touches_zero(factor, box)
    )
    return replace(piece, conditions=tuple(dict.fromkeys(conditions)), singular=singular)


def _one_parameter_interval(conditions: list[sympy.Expr], box: Box) -> list[sympy.Expr] | None:
    """Conditions in a single parameter, solved exactly into ``low <= p <= high`` form.

    Returns None when they hold on no interval of positive length (at most a boundary point).
    """
    symbols = (
        set().union(*(condition.free_symbols for condition in conditions)) if conditions else set()
    )
    if len(symbols) != 1 or next(iter(symbols)) not in box:
        return conditions
    (symbol,) = symbols
    low, high = box[symbol]
    region = sympy.Interval(low, high)
    try:
        for condition in conditions:
            region &= sympy.solve_univariate_inequality(condition >= 0, symbol, relational=False)
    except (NotImplementedError, ValueError, TypeError):
        return conditions
    if isinstance(region, sympy.Union):  # isolated points are boundaries: drop them
        region = sympy.Union(*(part for part in region.args if part.measure > 0))
    if region.is_empty or region.measure == 0:
        return None
    if not isinstance(region, sympy.Interval):
        return conditions  # a union of intervals: keep the conditions that describe it
    bounds = []
    if region.start > low:
        bounds.append(symbol - region.start)
    if region.end < high:
        bounds.append(region.end - symbol)
    return bounds


def _opposite(first: sympy.Expr, second: sympy.Expr) -> bool:
    ratio = sympy.cancel(first / second)
    return bool(ratio.is_number and ratio < 0)


def _touches_zero(factor: sympy.Expr, box: Box) -> bool:
    """Whether a factor of known sign still reaches zero at a corner of the box."""
    return touches_zero_at_corner(factor, box)


def parametric_equilibria(
    game: NormalFormGame | ExtensiveGame,
    space: ParameterSpace | None = None,
    *,
    budget: Budget | None = None,
) -> ParametricSolution:
    """All equilibria of a game with symbolic payoffs, as functions of the parameters.

    Two-player games give every extreme equilibrium with the conditions (inequalities in the
    parameters) under which it holds; games with more players give the pure equilibria with
    theirs. See :mod:`bargaining.solvers.parametric` for the method. A perfect-information
    game tree gives its pure subgame-perfect equilibria: this calls
    :func:`~bargaining.analysis.parametric_tree.parametric_subgame_perfect`.

    Parameters
    ----------
    game:
        A normal-form game whose payoffs are expressions in parameters, or a game tree.
    space:
        The parameters' ranges and baselines. Conditions are simplified over this box. When
        omitted each parameter is assumed to range over [0, 1].
    budget:
        Limits on the work for normal-form games (see :mod:`bargaining.budget`); by default
        :meth:`~bargaining.budget.Budget.from_environment`. Exceeding it raises
        :class:`~bargaining.budget.BudgetExceeded`.

    Examples
    --------
    >>> from bargaining import Parameter, ParameterSpace
    >>> space = ParameterSpace([Parameter("L", 0, 1, sympy.Rational(7, 10))])
    >>> L = space.symbols["L"]
    >>> game = NormalFormGame.from_arrays(
    ...     [[[1 - L, 0], [sympy.Rational(1, 2), sympy.Rational(1, 4)]], [[1, 0], [0, L]]],
    ...     strategies=(("truce", "fight"), ("truce", "fight")))
    >>> solution = parametric_equilibria(game, space)
    >>> for piece in solution.pieces:
    ...     print(piece.supports, solution.describe_conditions(piece))
    ((0,), (0,)) ['L <= 1/2']
    ((1,), (1,)) []
    ((0, 1), (0, 1)) ['L <= 1/2']
    >>> [str(t.value) for t in solution.thresholds("L")]
    ['1/2']
    """
    if isinstance(game, ExtensiveGame):
        # Imported here: parametric_tree builds on this module.
        from bargaining.analysis.parametric_tree import parametric_subgame_perfect

        return parametric_subgame_perfect(game, space)
    if not isinstance(game, NormalFormGame):
        raise GameError(
            "parametric_equilibria needs a NormalFormGame or an ExtensiveGame, got "
            f"{type(game).__name__}"
        )
    space = space if space is not None else _default_space(game)
    names = {symbol.name for symbol in game.parameters}
    unknown = sorted(names - set(space.names))
    if unknown:
        raise ParameterError(
            f"the game's payoffs use parameters not in the space: {', '.join(unknown)}"
        )
    # Use the space's symbols (with their sign assumptions) in place of the game's.
    symbols = space.symbols
    renaming = {symbol: symbols[symbol.name] for symbol in game.parameters}
    game = game.map_payoffs(
        lambda _player, value: value.xreplace(renaming) if isinstance(value, sympy.Basic) else value
    )
    box = _box(space)
    budget = budget if budget is not None else Budget.from_environment()
    candidates = parametric_candidates(game, budget=budget)
    pieces = []
    for piece in candidates.pieces:
        budget.check("symbolic solving")
        simplified = _simplified_piece(piece, box)
        if simplified is not None:
            pieces.append(simplified)
    return ParametricSolution(game=game, space=space, pieces=tuple(pieces), ties=candidates.ties)


@dataclass(frozen=True)
class ParametricSolution:
    """The equilibria of a game as functions of its parameters.

    Attributes
    ----------
    game:
        The game, with payoffs in the space's symbols: a normal-form game, or a game tree
        whose equilibria are its subgame-perfect equilibria (strategies: those of its reduced
        strategic form).
    space:
        The parameter box the conditions were simplified over.
    pieces:
        Candidate equilibria with the conditions (``g >= 0``) where each holds.
    """

    game: NormalFormGame | ExtensiveGame
    space: ParameterSpace
    pieces: tuple[ParametricEquilibrium, ...]
    ties: tuple[TieSurface, ...] = ()

    # -- reading the pieces ---------------------------------------------------------------------

    @property
    def box(self) -> Box:
        """Symbol -> (low, high) of every parameter."""
        return _box(self.space)

    @functools.cached_property
    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy labels, which the pieces' strategy vectors follow (for a
        tree: its reduced strategies, as in ``tree.to_normal_form()``)."""
        if isinstance(self.game, ExtensiveGame):
            return tuple(self.game.strategy_labels(i) for i in range(self.game.num_players))
        return tuple(self.game.strategies)

    def describe_conditions(
        self, piece: ParametricEquilibrium, *, latex: bool = False
    ) -> list[str]:
        """A piece's conditions as readable inequalities (empty: it holds everywhere)."""
        return [condition_text(g, self.box, latex=latex) for g in piece.conditions]

    def expressions_latex(self, piece: ParametricEquilibrium) -> dict[str, object]:
        """LaTeX for a piece's strategies (label -> probability, per player), payoffs and
        outcome probabilities."""
        labels = self.strategy_labels
        return {
            "strategies": {
                player: {
                    labels[i][j]: sympy.latex(piece.strategies[i][j]) for j in piece.supports[i]
                }
                for i, player in enumerate(self.game.players)
            },
            "payoffs": {
                player: sympy.latex(piece.payoffs[i]) for i, player in enumerate(self.game.players)
            },
            "outcomes": {name: sympy.latex(p) for name, p in piece.outcome_probabilities},
        }

    def conditions_latex(self) -> list[list[str]]:
        """LaTeX for every piece's conditions, in piece order."""
        return [self.describe_conditions(piece, latex=True) for piece in self.pieces]

    def strategy_text(self, piece: ParametricEquilibrium, player: int) -> str:
        """``label: probability`` for the strategies a piece plays, e.g. ``truce: 1/(L + 1)``."""
        labels = self.strategy_labels[player]
        return ", ".join(
            f"{labels[j]}: {piece.strategies[player][j]}" for j in piece.supports[player]
        )

    def __repr__(self) -> str:
        lines = [
            f"ParametricSolution({len(self.pieces)} pieces over {', '.join(self.space.names)})"
        ]
        for index, piece in enumerate(self.pieces):
            plays = "; ".join(
                f"{player}={{{self.strategy_text(piece, i)}}}"
                for i, player in enumerate(self.game.players)
            )
            conditions = " and ".join(self.describe_conditions(piece)) or "always"
            lines.append(f"  [{index}] {plays}  when {conditions}")
        return "\n".join(lines)

    # -- one point ------------------------------------------------------------------------------

    def _exact_point(self, values: Mapping[str, object] | None) -> dict[sympy.Symbol, sympy.Expr]:
        point = self.space.validate(dict(values or {}))
        return {self.space[name].symbol: to_sympy(value) for name, value in point.items()}

    def active(self, values: Mapping[str, object] | None = None) -> tuple[int, ...] | None:
        """Indices of the pieces that hold at a point, or None on a boundary.

        A point is on a boundary when a condition of a piece or the determinant of its linear
        system is exactly zero there: the game may be degenerate at that point.
        """
        point = self._exact_point(values)
        if any(tie.holds_at(point) for tie in self.ties):
            return None
        held = []
        for index, piece in enumerate(self.pieces):
            if any(_value(s, point) == 0 for s in piece.singular):
                return None
            signs = [_value(g, point) for g in piece.conditions]
            if any(sign == 0 for sign in signs):
                return None
            if all(sign > 0 for sign in signs):
                held.append(index)
        return tuple(held)

    def at(self, values: Mapping[str, object] | None = None) -> list[Equilibrium]:
        """The equilibria at one point (parameters left out keep their baseline).

        Inside a region the pieces are evaluated exactly; on a boundary, where the game can be
        degenerate and have equilibria no piece describes, the game is solved at that point
        with :func:`~bargaining.solvers.nash.nash_equilibria`, so the answer is always the full
        set of extreme equilibria.

        For a tree: its subgame-perfect equilibria, in the order of the pieces (on a boundary,
        :func:`~bargaining.solvers.subgame_perfect.subgame_perfect_equilibria` at the point).
        """
        point = self._exact_point(values)
        game = self.game.at({symbol.name: value for symbol, value in point.items()})
        active = self.active(values)
        tree = isinstance(game, ExtensiveGame)
        if active is None:
            return subgame_perfect_equilibria(game) if tree else nash_equilibria(game)
        found = {}
        for index in active:
            piece = self.pieces[index]
            strategies = tuple(
                tuple(normalize_number(_value(p, point)) for p in vector)
                for vector in piece.strategies
            )
            if strategies in found:
                continue
            if tree:
                found[strategies] = Equilibrium(
                    strategies=strategies,
                    payoffs=tuple(normalize_number(_value(v, point)) for v in piece.payoffs),
                    players=game.players,
                    strategy_labels=self.strategy_labels,
                    outcome_probabilities=tuple(
                        (name, normalize_number(_value(p, point)))
                        for name, p in piece.outcome_probabilities
                    ),
                    method="backward induction (parametric)",
                )
            else:
                found[strategies] = make_equilibrium(game, strategies, "parametric")
        if tree:
            return list(found.values())
        return sorted(found.values(), key=lambda eq: eq.strategies)

    # -- tipping points and regions -------------------------------------------------------------

    def thresholds(self, parameter: str, at: Mapping[str, object] | None = None) -> list[Threshold]:
        """The exact values of ``parameter`` where the set of equilibria changes, the other
        parameters fixed at ``at`` (baselines where left out).

        Each candidate (a zero of a condition or of a singular determinant inside the range)
        is confirmed by the equilibria on its two sides differing in who plays what; each
        threshold carries its formula in the other parameters where sympy can solve for it,
        and a sentence saying what changes.
        """
        return find_thresholds(self, parameter, at)

    def regions(
        self,
        over: Sequence[str] = (),
        fixed: Mapping[str, object] | None = None,
        *,
        resolution: int = 201,
    ) -> list[Region]:
        """Partition a 1-D or 2-D slice into regions with the same equilibria.

        Parameters
        ----------
        over:
            One or two parameter names (default: the first leverage-tagged parameter, or the
            first parameter).
        fixed:
            Values of the other parameters (baselines where left out).
        resolution:
            Grid points per axis for 2-D slices (the conditions themselves are exact).

        Returns
        -------
        list of Region
            1-D: exact intervals in increasing order. 2-D: largest region first.
        """
        if not over:
            leading = self.space.tagged("leverage") or self.space.parameters
            over = (leading[0].name,)
        return find_regions(self, over, fixed, resolution=resolution)

    # -- many points ----------------------------------------------------------------------------

    @functools.cached_property
    def _same_strategies(self) -> tuple[tuple[int, ...], ...]:
        """Groups of pieces whose strategies are the same constants (one pure equilibrium
        reached by different pieces, as a tree's pieces can be): counted once where several
        hold."""
        groups: dict[tuple, list[int]] = {}
        for index, piece in enumerate(self.pieces):
            if not all(sympy.sympify(p).is_number for vector in piece.strategies for p in vector):
                continue
            key = tuple(tuple(sympy.sympify(p) for p in vector) for vector in piece.strategies)
            groups.setdefault(key, []).append(index)
        return tuple(tuple(group) for group in groups.values() if len(group) > 1)

    @functools.cached_property
    def _compiled(self) -> list[dict]:
        symbols = [parameter.symbol for parameter in self.space]

        def compile_all(expressions):
            return [numeric_function(symbols, e, "numpy") for e in expressions]

        def constant_or_compiled(expressions):
            # Pure strategies are constants: a tree's pieces have one per reduced strategy.
            return [
                float(e) if sympy.sympify(e).is_number else numeric_function(symbols, e, "numpy")
                for e in expressions
            ]

        compiled = []
        for piece in self.pieces:
            compiled.append(
                {
                    "conditions": compile_all(piece.conditions),
                    "singular": compile_all(piece.singular),
                    "strategies": [constant_or_compiled(vector) for vector in piece.strategies],
                    "payoffs": compile_all(piece.payoffs),
                    "outcomes": {
                        name: compile_all([p])[0] for name, p in piece.outcome_probabilities
                    },
                }
            )
        return compiled

    def evaluate(self, points: Mapping[str, object], *, tolerance: float = 1e-9) -> Evaluation:
        """Evaluate the solution over many points at once (compiled to numpy once).

        Parameters
        ----------
        points:
            Parameter name -> equal-length 1-D arrays, one point per index; parameters left
            out keep their baseline.
        tolerance:
            A condition within ``tolerance`` of zero counts as a boundary: the point is flagged
            in ``Evaluation.boundary`` and counted with the pieces whose conditions hold
            within the tolerance.

        Returns
        -------
        Evaluation
            Arrays over the points: number of equilibria, min/max probability of each outcome
            and min/max payoff of each player over the equilibria, the active-pieces signature.
        """
        arrays, size = _point_arrays(self.space, points)
        arguments = [arrays[name] for name in self.space.names]
        _ = self._compiled, self._compiled_ties  # compile once, before worker threads share them
        starts = range(0, size, _CHUNK)

        def chunk(start: int) -> Evaluation:
            stop = min(start + _CHUNK, size)
            return self._evaluate_arrays(
                [a[start:stop] for a in arguments], stop - start, tolerance
            )

        # numpy releases the GIL inside ufuncs, so threads use every core on large inputs;
        # chunks that fit in cache also make each pass faster.
        workers = min(len(starts), os.cpu_count() or 1)
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                parts = list(pool.map(chunk, starts))
        else:
            parts = [chunk(start) for start in starts]
        return _concatenate(parts)

    def _evaluate_arrays(self, arguments: list, size: int, tolerance: float) -> Evaluation:
        # Singular points give inf/nan in some formulas: they fail every comparison and are
        # flagged as boundaries through the determinants, so numpy's warnings are noise here.
        with np.errstate(divide="ignore", invalid="ignore"):
            return self._evaluate_chunk(arguments, size, tolerance)

    def _evaluate_chunk(self, arguments: list, size: int, tolerance: float) -> Evaluation:
        valid = np.zeros((len(self.pieces), size), dtype=bool)
        boundary = np.zeros(size, dtype=bool)
        for index, functions in enumerate(self._compiled):
            ok = np.ones(size, dtype=bool)
            for function in functions["conditions"]:
                value = _broadcast(function(*arguments), size)
                ok &= value >= -tolerance
                boundary |= np.abs(value) <= tolerance
            for function in functions["singular"]:
                value = _broadcast(function(*arguments), size)
                near_zero = np.abs(value) <= tolerance
                boundary |= near_zero & ok
                ok &= ~near_zero
            valid[index] = ok
        boundary |= self._on_tie_surface(arguments, size, tolerance)
        return _collect(self, valid, boundary, arguments, size)

    @functools.cached_property
    def _compiled_ties(self) -> tuple[list, list[list[int]]]:
        """The ties' distinct expressions compiled once, and each tie as indices into them."""
        symbols = [parameter.symbol for parameter in self.space]
        index: dict[sympy.Expr, int] = {}
        surfaces = [[index.setdefault(e, len(index)) for e in tie.expressions] for tie in self.ties]
        functions = [numeric_function(symbols, e, "numpy") for e in index]
        return functions, surfaces

    def _on_tie_surface(self, arguments: list, size: int, tolerance: float) -> np.ndarray:
        """Points where a candidate exists and has an extra label: the game may be degenerate
        there, with equilibria no piece describes."""
        functions, surfaces = self._compiled_ties
        values = [_broadcast(function(*arguments), size) for function in functions]
        # An undefined value (a singular basis at the point) counts as a tie, to be safe.
        undefined = [~np.isfinite(value) for value in values]
        nonnegative = [(v >= -tolerance) | u for v, u in zip(values, undefined, strict=True)]
        zero = [(np.abs(v) <= tolerance) | u for v, u in zip(values, undefined, strict=True)]
        found = np.zeros(size, dtype=bool)
        for surface in surfaces:
            exists = np.logical_and.reduce([nonnegative[i] for i in surface])
            found |= exists & np.logical_or.reduce([zero[i] for i in surface])
        return found


@dataclass(frozen=True)
class Evaluation:
    """What :meth:`ParametricSolution.evaluate` returns: numpy arrays over the points.

    Attributes
    ----------
    count:
        Number of distinct equilibria at each point.
    valid:
        ``(pieces, points)``: which pieces hold at each point.
    boundary:
        Points within the tolerance of a region boundary.
    outcome_min, outcome_max:
        Outcome name -> min and max probability over the equilibria (NaN where none).
    payoff_min, payoff_max:
        Player name -> min and max expected payoff over the equilibria.
    """

    count: np.ndarray
    valid: np.ndarray
    boundary: np.ndarray
    outcome_min: dict[str, np.ndarray]
    outcome_max: dict[str, np.ndarray]
    payoff_min: dict[str, np.ndarray]
    payoff_max: dict[str, np.ndarray]

    def signatures(self) -> np.ndarray:
        """An integer per point identifying its set of active pieces (same set, same id)."""
        weights = (1 << np.arange(self.valid.shape[0], dtype=np.int64))[:, None]
        return (self.valid.astype(np.int64) * weights).sum(axis=0)


def _concatenate(parts: list[Evaluation]) -> Evaluation:
    if len(parts) == 1:
        return parts[0]

    def joined(name: str) -> dict[str, np.ndarray]:
        return {
            key: np.concatenate([getattr(part, name)[key] for part in parts])
            for key in getattr(parts[0], name)
        }

    return Evaluation(
        count=np.concatenate([part.count for part in parts]),
        valid=np.concatenate([part.valid for part in parts], axis=1),
        boundary=np.concatenate([part.boundary for part in parts]),
        outcome_min=joined("outcome_min"),
        outcome_max=joined("outcome_max"),
        payoff_min=joined("payoff_min"),
        payoff_max=joined("payoff_max"),
    )


def _collect(solution, valid, boundary, arguments, size) -> Evaluation:
    compiled = solution._compiled
    # Two pieces describe the same equilibrium only where their vertices meet, which is on a
    # boundary: there, count a piece only if no earlier valid piece has the same strategies.
    distinct = valid.copy()
    near = np.flatnonzero(boundary & (valid.sum(axis=0) > 1))
    if len(near):
        local = [argument[near] if np.ndim(argument) else argument for argument in arguments]
        constant = [
            all(not callable(f) for vector in functions["strategies"] for f in vector)
            for functions in compiled
        ]
        strategy_values = [
            np.array(
                [
                    _broadcast(f(*local) if callable(f) else f, len(near))
                    for vector in functions["strategies"]
                    for f in vector
                ]
            )
            if not constant[index]
            else np.array([f for vector in functions["strategies"] for f in vector])[:, None]
            for index, functions in enumerate(compiled)
        ]
        for later in range(len(compiled)):
            for earlier in range(later):
                if constant[later] and constant[earlier]:
                    continue  # equal constants are counted once below
                difference = np.abs(strategy_values[later] - strategy_values[earlier])
                same = np.all(difference <= 1e-9, axis=0)
                distinct[later, near] &= ~(same & valid[earlier, near])
    for group in solution._same_strategies:
        counted = np.zeros(size, dtype=bool)
        for index in group:
            distinct[index] &= ~counted
            counted |= valid[index]
    count = distinct.sum(axis=0)

    none = ~valid.any(axis=0)
    present = [index for index in range(len(compiled)) if valid[index].any()]

    def extremes(function_of_piece):
        """Min and max over the valid pieces of a quantity, computed only for pieces that
        hold somewhere among these points."""
        low, high = np.full(size, np.inf), np.full(size, -np.inf)
        for index in present:
            values = _broadcast(function_of_piece(compiled[index])(*arguments), size)
            np.minimum(low, values, out=low, where=valid[index])
            np.maximum(high, values, out=high, where=valid[index])
        low[none] = np.nan
        high[none] = np.nan
        return low, high

    outcome_min, outcome_max = {}, {}
    names = list(dict.fromkeys(name for functions in compiled for name in functions["outcomes"]))
    for name in names:
        outcome_min[name], outcome_max[name] = extremes(
            lambda functions, name=name: functions["outcomes"][name]
        )
    payoff_min, payoff_max = {}, {}
    for index, player in enumerate(solution.game.players):
        payoff_min[player], payoff_max[player] = extremes(
            lambda functions, index=index: functions["payoffs"][index]
        )
    return Evaluation(count, valid, boundary, outcome_min, outcome_max, payoff_min, payoff_max)


def _broadcast(value, size: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float), (size,))


def _point_arrays(space: ParameterSpace, points: Mapping[str, object]) -> tuple[dict, int]:
    """Validate a point set (name -> equal-length 1-D arrays) and fill in baselines."""
    arrays = {}
    for name, values in points.items():
        parameter = space[name]
        array = np.asarray(values, dtype=float)
        if array.ndim != 1:
            raise ParameterError(f"points[{name!r}] must be a 1-D array, got shape {array.shape}")
        if not np.all(np.isfinite(array)):
            raise ParameterError(f"points[{name!r}] has non-finite values")
        low, high = float(parameter.low), float(parameter.high)
        outside = (array < low) | (array > high)
        if outside.any():
            raise ParameterError(
                f"points[{name!r}]: value {array[outside][0]} is outside the range [{low}, {high}]"
            )
        arrays[name] = array
    lengths = {len(array) for array in arrays.values()}
    if len(lengths) > 1:
        raise ParameterError(f"point arrays must have equal lengths, got {sorted(lengths)}")
    size = lengths.pop() if lengths else 1
    if size == 0:
        raise ParameterError("no points given (the arrays are empty)")
    for parameter in space:
        arrays.setdefault(parameter.name, np.full(size, float(parameter.baseline)))
    return arrays, size


def _value(expression: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    """An expression's exact value at a point."""
    value = expression.xreplace(point)
    return value if value.is_number else sympy.simplify(value)

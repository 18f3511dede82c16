"""``ParametricSolution``: the equilibria of a game as functions of its parameters, and what
it answers: the equilibria at any point (:meth:`~ParametricSolution.at`), over millions of
points at numpy speed (:meth:`~ParametricSolution.evaluate`), the exact tipping points along a
parameter (:meth:`~ParametricSolution.thresholds`) and the regions of a 1-D or 2-D slice
(:meth:`~ParametricSolution.regions`).

The solvers that build one are :func:`~bargaining.analysis.parametric_equilibria` (any game
kind with a registered concept), :func:`~bargaining.analysis.parametric_nash.parametric_nash`
and :func:`~bargaining.analysis.parametric_tree.parametric_subgame_perfect`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import sympy

from bargaining.analysis.box import exact_value, parameter_box, point_arrays
from bargaining.analysis.conditions import Box, condition_text
from bargaining.analysis.evaluation import Evaluation, broadcast, concatenate
from bargaining.analysis.regions import Region, find_regions
from bargaining.analysis.thresholds import Threshold, find_thresholds
from bargaining.numbers import normalize_number, to_sympy
from bargaining.numeric_code import numeric_function
from bargaining.params import ParameterSpace
from bargaining.solvers.concepts import DEFAULT, solution_concept
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface

__all__ = ["ParametricSolution"]

_CHUNK = 1 << 16  # points per chunk in evaluate: fits in cache, bounds memory


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
    ties:
        Surfaces where the game may be degenerate: points on one are solved directly.
    concept:
        The solution concept the pieces follow (a name registered for the game's kind in
        :mod:`bargaining.solvers.concepts`); :meth:`at` solves points on a boundary with it.
    labels:
        Each player's strategy labels, which the pieces' strategy vectors follow; empty for
        the game's own ``strategies`` (a tree's solver gives its reduced strategies).
    complete:
        Whether the pieces hold every equilibrium of the concept. Games with three or more
        players have pieces for their pure equilibria and for the mixed ones whose support
        systems solve in closed form; where some support does not (False), :meth:`at` solves
        each point directly, so it gives the same set as the concept's solver, and sweeps,
        sensitivity and reports solve point by point; thresholds, regions and
        :meth:`evaluate` describe the pieces alone.
    note:
        Why the pieces are not complete ("" when they are): the support profiles of an
        n-player game whose equilibria have no closed form here, solved point by point.
    unresolved:
        Those support profiles (strategy indices per player), every one of them.
    """

    game: object
    space: ParameterSpace
    pieces: tuple[ParametricEquilibrium, ...]
    ties: tuple[TieSurface, ...] = ()
    concept: str = DEFAULT
    labels: tuple[tuple[str, ...], ...] = ()
    complete: bool = True
    note: str = ""
    unresolved: tuple[tuple[tuple[int, ...], ...], ...] = ()

    # -- reading the pieces ---------------------------------------------------------------------

    @property
    def box(self) -> Box:
        """Symbol -> (low, high) of every parameter."""
        return parameter_box(self.space)

    @functools.cached_property
    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy labels, which the pieces' strategy vectors follow (for a
        tree: its reduced strategies, as in ``tree.to_normal_form()``)."""
        return self.labels or tuple(self.game.strategies)

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
            if any(exact_value(s, point) == 0 for s in piece.singular):
                return None
            signs = [exact_value(g, point) for g in piece.conditions]
            if any(sign == 0 for sign in signs):
                return None
            if all(sign > 0 for sign in signs):
                held.append(index)
        return tuple(held)

    def at(self, values: Mapping[str, object] | None = None) -> list[Equilibrium]:
        """The equilibria at one point (parameters left out keep their baseline), sorted by
        strategies.

        Inside a region the pieces are evaluated exactly; on a boundary, where the game can be
        degenerate and have equilibria no piece describes (or anywhere, when the pieces are
        not ``complete``), the game is solved at that point
        with :func:`~bargaining.solvers.concepts.equilibria` under the solution's concept, so
        the answer is always the full set (for a normal-form game every extreme equilibrium,
        for a tree every subgame-perfect equilibrium).
        """
        point = self._exact_point(values)
        game = self.game.at({symbol.name: value for symbol, value in point.items()})
        active = self.active(values) if self.complete else None
        if active is None:
            solved = solution_concept(self.game, self.concept).solve(game)
            return sorted(solved, key=lambda eq: eq.strategies)

        def exact(expression: sympy.Expr) -> object:
            return normalize_number(exact_value(expression, point))

        found: dict[tuple, Equilibrium] = {}
        for index in active:
            piece = self.pieces[index]
            strategies = tuple(tuple(exact(p) for p in vector) for vector in piece.strategies)
            found.setdefault(
                strategies,
                Equilibrium(
                    strategies=strategies,
                    payoffs=tuple(exact(v) for v in piece.payoffs),
                    players=tuple(game.players),
                    strategy_labels=self.strategy_labels,
                    outcome_probabilities=tuple(
                        (name, exact(p)) for name, p in piece.outcome_probabilities
                    ),
                    method="parametric",
                ),
            )
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
        arrays, size = point_arrays(self.space, points)
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
        return concatenate(parts)

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
                value = broadcast(function(*arguments), size)
                ok &= value >= -tolerance
                boundary |= np.abs(value) <= tolerance
            for function in functions["singular"]:
                value = broadcast(function(*arguments), size)
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
        values = [broadcast(function(*arguments), size) for function in functions]
        # An undefined value (a singular basis at the point) counts as a tie, to be safe.
        undefined = [~np.isfinite(value) for value in values]
        nonnegative = [(v >= -tolerance) | u for v, u in zip(values, undefined, strict=True)]
        zero = [(np.abs(v) <= tolerance) | u for v, u in zip(values, undefined, strict=True)]
        found = np.zeros(size, dtype=bool)
        for surface in surfaces:
            exists = np.logical_and.reduce([nonnegative[i] for i in surface])
            found |= exists & np.logical_or.reduce([zero[i] for i in surface])
        return found


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
                    broadcast(f(*local) if callable(f) else f, len(near))
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
            values = broadcast(function_of_piece(compiled[index])(*arguments), size)
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

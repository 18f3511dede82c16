"""A parametric solution compiled for many points: every formula in one numpy function.

:meth:`~bargaining.analysis.solution.ParametricSolution.evaluate` asks, at each point, which
pieces' conditions hold, whether the point is on a boundary, and the extremes of the outcome
probabilities and payoffs over the pieces that hold. Those are a few dozen flops per point and
piece, so the cost is in the overhead around them: one Python call and one temporary array per
formula and piece, repeated for every chunk. Here instead

* every distinct formula of the solution (conditions, singular determinants, tie surfaces,
  payoffs, outcome probabilities) is compiled *once* into *one* function, with their common
  subexpressions computed once (:func:`sympy.cse`); constants are evaluated at compile time;
* the formulas' values fill one ``(formulas, points)`` table per chunk, so the comparisons with
  the tolerance are two numpy calls for all formulas together, and each piece is a reduction
  over the rows of its conditions;
* points are taken in chunks small enough that the table stays in the core's cache, written
  straight into the result arrays (nothing to concatenate), by one thread per core (numpy
  releases the GIL inside its loops).

The answers are those of evaluating each formula on its own, except that a different grouping
of the same floating-point operations can move a value by a few units in the last place.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import sympy

from bargaining.analysis.evaluation import Evaluation
from bargaining.numeric_code import numeric_function
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface

__all__ = ["CHUNK", "SolutionKernel", "compile_kernel", "same_strategy_groups"]

CHUNK = 4096
"""Points per chunk: the table of a few dozen formulas then fits in a core's L2 cache."""

_Rows = tuple[int, ...]


@dataclass(frozen=True)
class SolutionKernel:
    """A parametric solution's formulas compiled into one function, with what each piece and
    tie surface reads from its table. Build one with :func:`compile_kernel`.

    Attributes
    ----------
    function:
        The parameters' values (in the space's order) -> the values of the variable formulas
        (None when there are none).
    filled, constant_rows:
        The rows of the table that ``function``'s values fill, in order, and the rows of the
        constant formulas.
    constants:
        The values of the constant formulas.
    rows, tests:
        The table's rows, and how many of them (the first) are compared with the tolerance:
        conditions, determinants and tie surfaces.
    conditions, singular:
        Per piece, the rows of its conditions (``g >= 0``) and singular determinants.
    condition_rows, singular_rows:
        Every row that is some piece's condition (a zero of any is a boundary), or singular
        determinant.
    tie_rows, ties:
        The rows of the tie surfaces' expressions, and each surface as positions in
        ``tie_rows``.
    part_rows, part_groups:
        The parts of the quantities: each a distinct formula of some quantity, as its row,
        and the index in ``groups`` of the pieces that have it.
    quantities:
        ``("outcome", name, begin, end)`` and ``("payoff", player, begin, end)``: the parts
        ``begin .. end`` of an outcome's probability or a player's payoff.
    groups:
        Sets of pieces that share a formula of some quantity.
    strategies:
        Per piece, its strategy formulas (flattened over players), for the boundary points where
        two pieces may describe one equilibrium.
    same:
        Groups of pieces whose strategies are the same constants (counted once).
    symbols:
        The parameters' symbols, in the order ``function`` takes them.
    """

    function: Callable | None
    filled: _Rows
    constant_rows: _Rows
    constants: np.ndarray
    rows: int
    tests: int
    conditions: tuple[_Rows, ...]
    singular: tuple[_Rows, ...]
    condition_rows: _Rows
    singular_rows: _Rows
    tie_rows: _Rows
    ties: tuple[_Rows, ...]
    part_rows: _Rows
    part_groups: tuple[int, ...]
    quantities: tuple[tuple[str, str, int, int], ...]
    groups: tuple[tuple[int, ...], ...]
    strategies: tuple[tuple[sympy.Expr, ...], ...]
    same: tuple[tuple[int, ...], ...]
    symbols: tuple[sympy.Symbol, ...]

    def evaluate(self, arguments: Sequence[np.ndarray], size: int, tolerance: float) -> Evaluation:
        """The evaluation at ``size`` points (each argument an array of that length).

        Examples
        --------
        >>> from bargaining import load_model, parametric_equilibria
        >>> model = load_model("models/chicken.toml")
        >>> solution = parametric_equilibria(model.game(), model.parameters)
        >>> kernel = compile_kernel(solution)
        >>> values = kernel.evaluate([np.array([2.0, 10.0])], 2, 1e-9)
        >>> values.count.tolist(), values.outcome_max["crash"].round(4).tolist()
        ([3, 3], [0.25, 0.01])
        """
        pieces = len(self.conditions)
        result = Evaluation(
            count=np.empty(size, dtype=np.int64),
            valid=np.empty((pieces, size), dtype=bool),
            boundary=np.empty(size, dtype=bool),
            outcome_min={
                key: np.empty(size) for kind, key, *_ in self.quantities if kind == "outcome"
            },
            outcome_max={
                key: np.empty(size) for kind, key, *_ in self.quantities if kind == "outcome"
            },
            payoff_min={
                key: np.empty(size) for kind, key, *_ in self.quantities if kind == "payoff"
            },
            payoff_max={
                key: np.empty(size) for kind, key, *_ in self.quantities if kind == "payoff"
            },
        )
        chunks = range(0, size, CHUNK)
        workers = min(len(chunks), os.cpu_count() or 1)

        def block(index: int) -> None:
            # Each worker reuses its buffers: fresh megabyte arrays per chunk cost page faults.
            table = np.empty((self.rows, CHUNK))
            table[list(self.constant_rows)] = self.constants[:, None]
            flags = np.empty((2, self.tests, CHUNK), dtype=bool)
            # Singular points give inf/nan in some formulas: they fail every comparison and
            # are flagged as boundaries through the determinants, so the warnings are noise.
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                for start in chunks[index::workers]:
                    span = slice(start, min(start + CHUNK, size))
                    count = span.stop - start
                    local = [a[span] for a in arguments]
                    self._fill(local, table[:, :count])
                    self._chunk(
                        local, table[:, :count], flags[:, :, :count], result, span, tolerance
                    )

        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(block, range(workers)))
        else:
            block(0)
        return result

    def _fill(self, arguments: list[np.ndarray], table: np.ndarray) -> None:
        """The variable formulas' values into their rows (the constant rows are set once)."""
        if self.function is not None:
            for row, value in zip(self.filled, self.function(*arguments), strict=True):
                table[row] = value

    def _chunk(self, arguments, table, flags, result: Evaluation, span: slice, tolerance: float):
        start, stop = span.start, span.stop
        tests = table[: self.tests]
        nonnegative, zero = flags
        np.greater_equal(tests, -tolerance, out=nonnegative)
        np.less_equal(tests, tolerance, out=zero)
        zero &= nonnegative  # NaN is neither
        boundary = result.boundary[start:stop]
        np.logical_or.reduce(zero[list(self.condition_rows)], axis=0, out=boundary)
        valid = result.valid[:, start:stop]
        for index, conditions in enumerate(self.conditions):
            if conditions:
                np.logical_and.reduce(nonnegative[list(conditions)], axis=0, out=valid[index])
            else:
                valid[index] = True
        # Zeros of determinants and ties are rare: find the points that have one first.
        if self.singular_rows and zero[list(self.singular_rows)].any():
            for index, singular in enumerate(self.singular):
                if singular:
                    near = np.logical_or.reduce(zero[list(singular)], axis=0)
                    boundary |= valid[index] & near
                    valid[index] &= ~near
        if self.ties:
            self._mark_tie_surfaces(tests, nonnegative, zero, boundary)
        self._collect(arguments, table, valid, boundary, result, start, stop)

    def _mark_tie_surfaces(self, tests, nonnegative, zero, boundary) -> None:
        """Flag points where a candidate exists and has an extra label: the game may be
        degenerate there, with equilibria no piece describes."""
        # An undefined value (a singular basis at the point) counts as a tie, to be safe.
        # Zeros and undefined values are rare: the points with one in any tested row (a
        # superset of those with one in a tie's row) are found first, without gathering rows.
        suspect = ~np.isfinite(tests)
        suspect |= zero
        points = np.flatnonzero(suspect.any(axis=0))
        if not len(points):
            return
        rows = list(self.tie_rows)
        values = tests[rows][:, points]
        undefined = ~np.isfinite(values)
        tie = zero[rows][:, points] | undefined
        exists = nonnegative[rows][:, points] | undefined
        found = np.zeros(len(points), dtype=bool)
        for surface in self.ties:
            at = list(surface)
            found |= np.logical_and.reduce(exists[at], axis=0) & tie[at].any(axis=0)
        boundary[points] |= found

    def _collect(self, arguments, table, valid, boundary, result, start, stop) -> None:
        # Two pieces describe the same equilibrium only where their vertices meet, which is on
        # a boundary: there, count a piece only if no earlier valid piece has the same
        # strategies.
        near = np.flatnonzero(boundary)
        near = near[valid[:, near].sum(axis=0) > 1]
        if len(near) or self.same:
            distinct = valid.copy()
            if len(near):
                self._drop_repeats(arguments, near, valid, distinct)
            for group in self.same:
                counted = np.zeros(stop - start, dtype=bool)
                for index in group:
                    distinct[index] &= ~counted
                    counted |= valid[index]
        else:
            distinct = valid
        _count(distinct, result.count[start:stop])
        # Each quantity (an outcome's probability, a player's payoff) takes a few distinct
        # formulas (its parts), each shared by a group of pieces: its extremes run over the
        # parts, where some piece of their group holds. Masked ufuncs are slow, so the parts
        # are first set to +-inf where no piece of their group holds, all in one array.
        held = np.empty((len(self.groups), stop - start), dtype=bool)
        for index, group in enumerate(self.groups):
            np.logical_or.reduce(valid[list(group)], axis=0, out=held[index])
        parts = table[list(self.part_rows)]
        mask = held[list(self.part_groups)]
        low_parts = np.where(mask, parts, np.inf)
        high_parts = np.where(mask, parts, -np.inf)
        # NaN where no piece holds, 0 elsewhere: added to the extremes.
        undefined = np.where(valid.any(axis=0), 0.0, np.nan)
        for kind, key, begin, end in self.quantities:
            low = getattr(result, f"{kind}_min")[key][start:stop]
            high = getattr(result, f"{kind}_max")[key][start:stop]
            if begin == end:  # a solution without pieces
                low.fill(np.nan)
                high.fill(np.nan)
                continue
            np.min(low_parts[begin:end], axis=0, out=low)
            np.max(high_parts[begin:end], axis=0, out=high)
            low += undefined
            high += undefined

    def _drop_repeats(self, arguments, near: np.ndarray, valid, distinct) -> None:
        local = [argument[near] for argument in arguments]
        values = [self._strategy_values(index, local, len(near)) for index in range(len(valid))]
        constant = [value.shape[1] == 1 for value in values]
        for later in range(len(values)):
            for earlier in range(later):
                if constant[later] and constant[earlier]:
                    continue  # equal constants are counted once through ``same``
                same = np.all(np.abs(values[later] - values[earlier]) <= 1e-9, axis=0)
                distinct[later, near] &= ~(same & valid[earlier, near])

    def _strategy_values(self, index: int, local: list[np.ndarray], size: int) -> np.ndarray:
        """A piece's strategies at some points: ``(entries, points)``, or one column when
        they are constants."""
        formulas = self.strategies[index]
        if all(sympy.sympify(e).is_number for e in formulas):
            return np.array([float(e) for e in formulas])[:, None]
        function = _strategy_function(self.symbols, formulas)
        return np.array(
            [np.broadcast_to(np.asarray(v, dtype=float), (size,)) for v in function(*local)]
        )


def _count(valid: np.ndarray, out: np.ndarray) -> None:
    """The pieces that hold at each point, into ``out``; summed as bytes where fewer than 256
    pieces cannot overflow them (ten times faster than numpy's bool-to-int sum)."""
    if len(valid) < 256:
        np.copyto(out, np.add.reduce(valid.view(np.uint8), axis=0, dtype=np.uint8))
    else:
        valid.sum(axis=0, out=out)


@functools.lru_cache(maxsize=256)
def _strategy_function(symbols: tuple, formulas: tuple) -> Callable:
    # Boundary points are rare: a piece's strategies are compiled only when one is met.
    return numeric_function(list(symbols), list(formulas), "numpy")


def compile_kernel(solution) -> SolutionKernel:
    """Compile a :class:`~bargaining.analysis.solution.ParametricSolution`'s formulas.

    >>> from bargaining import load_model, parametric_equilibria
    >>> model = load_model("models/chicken.toml")
    >>> kernel = compile_kernel(parametric_equilibria(model.game(), model.parameters))
    >>> len(kernel.conditions), kernel.rows > kernel.tests
    (3, True)
    """
    symbols = tuple(parameter.symbol for parameter in solution.space)
    pieces: tuple[ParametricEquilibrium, ...] = solution.pieces
    ties: tuple[TieSurface, ...] = solution.ties
    rows: dict[sympy.Expr, int] = {}

    def row(expression: object) -> int:
        return rows.setdefault(sympy.sympify(expression), len(rows))

    conditions = tuple(tuple(row(g) for g in piece.conditions) for piece in pieces)
    singular = tuple(tuple(row(s) for s in piece.singular) for piece in pieces)
    tie_table = tuple(tuple(row(e) for e in tie.expressions) for tie in ties)
    tie_rows = tuple(dict.fromkeys(r for surface in tie_table for r in surface))
    position = {r: i for i, r in enumerate(tie_rows)}
    tests = len(rows)  # the rows compared with the tolerance come first
    names = dict.fromkeys(name for piece in pieces for name, _ in piece.outcome_probabilities)
    outcomes = {
        name: [row(dict(piece.outcome_probabilities)[name]) for piece in pieces] for name in names
    }
    payoffs = {
        player: [row(piece.payoffs[i]) for piece in pieces]
        for i, player in enumerate(solution.game.players)
    }
    groups: dict[tuple[int, ...], int] = {}
    part_rows: list[int] = []
    part_groups: list[int] = []
    quantities = []
    for kind, rows_of in (("outcome", outcomes), ("payoff", payoffs)):
        for key, rows_of_pieces in rows_of.items():
            members: dict[int, list[int]] = {}
            for piece, r in enumerate(rows_of_pieces):
                members.setdefault(r, []).append(piece)
            quantities.append((kind, key, len(part_rows), len(part_rows) + len(members)))
            for r, group in members.items():
                part_rows.append(r)
                part_groups.append(groups.setdefault(tuple(group), len(groups)))
    # The variable formulas in one function; the constants evaluated now.
    formulas = list(rows)
    variable = [i for i, e in enumerate(formulas) if not e.is_number]
    constant = [i for i, e in enumerate(formulas) if e.is_number]
    function = None
    if variable:
        function = numeric_function(list(symbols), [formulas[i] for i in variable], cse=True)
    return SolutionKernel(
        function=function,
        filled=tuple(variable),
        constant_rows=tuple(constant),
        constants=np.array([_float(formulas[i]) for i in constant], dtype=float),
        rows=len(formulas),
        tests=tests,
        conditions=conditions,
        singular=singular,
        condition_rows=tuple(dict.fromkeys(r for c in conditions for r in c)),
        singular_rows=tuple(dict.fromkeys(r for c in singular for r in c)),
        tie_rows=tie_rows,
        ties=tuple(tuple(position[r] for r in surface) for surface in tie_table),
        part_rows=tuple(part_rows),
        part_groups=tuple(part_groups),
        quantities=tuple(quantities),
        groups=tuple(groups),
        strategies=tuple(
            tuple(sympy.sympify(p) for vector in piece.strategies for p in vector)
            for piece in pieces
        ),
        same=same_strategy_groups(pieces),
        symbols=symbols,
    )


def _float(value: sympy.Expr) -> float:
    """A constant formula's value; undefined ones (``zoo``, ``nan``, non-real) are NaN."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def same_strategy_groups(pieces: Sequence[ParametricEquilibrium]) -> tuple[tuple[int, ...], ...]:
    """Groups of pieces whose strategies are the same constants (one pure equilibrium reached by
    different pieces, as a tree's pieces can be): counted once where several hold.

    >>> one = ParametricEquilibrium(((1, 0), (0, 1)), (0, 0), (), (), ((0,), (1,)))
    >>> other = ParametricEquilibrium(((0, 1), (0, 1)), (0, 0), (), (), ((1,), (1,)))
    >>> same_strategy_groups([one, other, one])
    ((0, 2),)
    """
    groups: dict[tuple, list[int]] = {}
    for index, piece in enumerate(pieces):
        if not all(sympy.sympify(p).is_number for vector in piece.strategies for p in vector):
            continue
        key = tuple(tuple(sympy.sympify(p) for p in vector) for vector in piece.strategies)
        groups.setdefault(key, []).append(index)
    return tuple(tuple(group) for group in groups.values() if len(group) > 1)

"""A parametric solution compiled for many points: every formula in one numpy program.

:meth:`~bargaining.analysis.solution.ParametricSolution.evaluate` asks, at each point, which
pieces' conditions hold, whether the point is on a boundary, and the extremes of the outcome
probabilities and payoffs over the pieces that hold. Those are a few dozen flops per point and
piece, so the cost is in the overhead around them: one Python call and one temporary array per
formula and piece, repeated for every chunk. Here instead

* every distinct formula of the solution (conditions, singular determinants, tie surfaces,
  payoffs, outcome probabilities) is compiled *once* into *one*
  :class:`~bargaining.numeric_code.NumericProgram`, with their common subexpressions computed
  once (:func:`sympy.cse`), each numpy call writing into a row of a table that is reused from
  chunk to chunk (no temporaries, no copies); constants are evaluated at compile time;
* the comparisons with the tolerance are two numpy calls for all formulas together, each piece
  a few logical ands of the rows of its conditions, and the parts of the outcome
  probabilities and payoffs are masked without a branch per point;
* points are taken in chunks small enough that the table stays in the core's cache (4,096
  points: twice that is slower per point here), written straight into the result arrays
  (nothing to concatenate); every buffer belongs to one worker and is reused for all its
  chunks. One thread by default; :data:`THREADS_VARIABLE` asks for more (numpy releases the
  GIL inside its loops, but the calls are short, so threads mostly trade the GIL).

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
from bargaining.errors import ParameterError
from bargaining.numeric_code import NumericProgram, numeric_function, numeric_program
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface

__all__ = [
    "CHUNK",
    "THREADS_VARIABLE",
    "SolutionKernel",
    "compile_kernel",
    "evaluation_threads",
    "same_strategy_groups",
]

CHUNK = 4096
"""Points per chunk: the table of a few dozen formulas then fits in a core's L2 cache."""

THREADS_VARIABLE = "BARGAINING_THREADS"
"""Environment variable: threads that evaluate chunks at once (default 1; ``auto``: one per
core)."""

_Rows = tuple[int, ...]


def evaluation_threads(setting: str | None = None) -> int:
    """The threads :meth:`SolutionKernel.evaluate` uses: ``setting`` (by default the value of
    :data:`THREADS_VARIABLE`) as a positive integer, at most one per core, or ``auto`` for one
    per core; 1 when it is unset.

    One is the default because numpy calls on cache-sized chunks are short: two threads spend
    what they gain handing the GIL back and forth (measured on two cores: no quicker in wall
    time, more CPU time; benchmarks/README.md).

    Raises
    ------
    ParameterError
        When the setting is neither a positive integer nor ``auto``.

    >>> evaluation_threads("1"), evaluation_threads("auto") >= 1, evaluation_threads("")
    (1, True, 1)
    >>> evaluation_threads("two")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bargaining.errors.ParameterError: BARGAINING_THREADS: expected a positive number ... 'two'
    """
    if setting is None:
        setting = os.environ.get(THREADS_VARIABLE, "")
    value = setting.strip().lower()
    cores = os.cpu_count() or 1
    if value in ("", "auto"):
        return cores if value else 1
    if not (value.isdigit() and int(value) > 0):
        raise ParameterError(
            f"{THREADS_VARIABLE}: expected a positive number of threads or 'auto', got {setting!r}"
        )
    return min(int(value), cores)  # more threads than cores only trade the GIL


@dataclass(frozen=True)
class SolutionKernel:
    """A parametric solution's formulas compiled into one function, with what each piece and
    tie surface reads from its table. Build one with :func:`compile_kernel`.

    Attributes
    ----------
    program:
        The variable formulas as a :class:`~bargaining.numeric_code.NumericProgram` writing
        into the table's rows, or None.
    function:
        Where the program cannot express some formula (``Piecewise``, ...): the parameters'
        values (in the space's order) -> the values of the variable formulas; else None.
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
    condition_count, singular_rows:
        How many rows are conditions (they come first; a zero of any is a boundary), and every
        row that is some piece's singular determinant.
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

    program: NumericProgram | None
    function: Callable | None
    filled: _Rows
    constant_rows: _Rows
    constants: np.ndarray
    rows: int
    tests: int
    conditions: tuple[_Rows, ...]
    singular: tuple[_Rows, ...]
    condition_count: int
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
        workers = min(len(chunks), evaluation_threads())

        def block(index: int) -> None:
            # Each worker reuses its buffers (one set per chunk length: the last chunk may be
            # shorter): fresh arrays per chunk would cost an allocation and page faults each.
            buffers: dict[int, _Buffers] = {}
            # Singular points give inf/nan in some formulas: they fail every comparison and
            # are flagged as boundaries through the determinants, so the warnings are noise.
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                for start in chunks[index::workers]:
                    span = slice(start, min(start + CHUNK, size))
                    count = span.stop - start
                    if count not in buffers:
                        buffers[count] = _Buffers(self, count)
                    local = [a[span] for a in arguments]
                    self._fill(local, buffers[count])
                    self._chunk(local, buffers[count], result, span, tolerance)

        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(block, range(workers)))
        else:
            block(0)
        return result

    def _fill(self, arguments: list[np.ndarray], buffers: _Buffers) -> None:
        """The variable formulas' values into their rows (the constant rows are set once)."""
        if self.program is not None:
            self.program.run(arguments, buffers.filled, buffers.scratch)
        elif self.function is not None:
            for row, value in zip(buffers.filled, self.function(*arguments), strict=True):
                row[...] = value

    def _chunk(self, arguments, buffers: _Buffers, result: Evaluation, span: slice, tolerance):
        start, stop = span.start, span.stop
        tests = buffers.table[: self.tests]
        nonnegative, zero = buffers.nonnegative, buffers.zero
        np.greater_equal(tests, -tolerance, out=nonnegative)
        np.less_equal(tests, tolerance, out=zero)
        zero &= nonnegative  # NaN is neither
        boundary = result.boundary[start:stop]
        # The conditions are the first rows: a zero of any is a boundary.
        _rows(np.logical_or, zero, range(self.condition_count), boundary)
        valid = result.valid[:, start:stop]
        for index, conditions in enumerate(self.conditions):
            _rows(np.logical_and, nonnegative, conditions, valid[index])
        # Zeros of determinants and ties are rare: find the points that have one first.
        if self.singular_rows and zero[list(self.singular_rows)].any():
            for index, singular in enumerate(self.singular):
                if singular:
                    near = np.logical_or.reduce(zero[list(singular)], axis=0)
                    boundary |= valid[index] & near
                    valid[index] &= ~near
        if self.ties:
            self._mark_tie_surfaces(tests, buffers, boundary)
        self._collect(arguments, buffers, valid, boundary, result, start, stop)

    def _mark_tie_surfaces(self, tests, buffers: _Buffers, boundary) -> None:
        """Flag points where a candidate exists and has an extra label: the game may be
        degenerate there, with equilibria no piece describes."""
        # An undefined value (a singular basis at the point) counts as a tie, to be safe.
        # Zeros and undefined values are rare: the points with one in any tested row (a
        # superset of those with one in a tie's row) are found first, without gathering rows;
        # a column with an undefined value has an undefined sum.
        nonnegative, zero, suspect = buffers.nonnegative, buffers.zero, buffers.suspect
        np.add.reduce(tests, axis=0, out=buffers.total)
        np.isfinite(buffers.total, out=suspect)
        np.logical_not(suspect, out=suspect)
        suspect |= np.logical_or.reduce(zero, axis=0, out=buffers.flag)
        points = np.flatnonzero(suspect)
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

    def _collect(self, arguments, buffers: _Buffers, valid, boundary, result, start, stop):
        # Two pieces describe the same equilibrium only where their vertices meet, which is on
        # a boundary: there, count a piece only if no earlier valid piece has the same
        # strategies.
        near = np.flatnonzero(boundary)
        if len(near):
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
        count = result.count[start:stop]
        _count(distinct, count)
        # Each quantity (an outcome's probability, a player's payoff) takes a few distinct
        # formulas (its parts), each shared by a group of pieces: its extremes run over the
        # parts, where some piece of their group holds.
        self._mask_parts(valid, buffers)
        low_parts, high_parts = buffers.low_parts, buffers.high_parts
        # Where no piece holds (no equilibrium: count 0), every extreme is NaN.
        none = np.equal(count, 0, out=buffers.flag)
        undefined = bool(none.any())
        for kind, key, begin, end in self.quantities:
            low = getattr(result, f"{kind}_min")[key][start:stop]
            high = getattr(result, f"{kind}_max")[key][start:stop]
            if begin == end:  # a solution without pieces
                low.fill(np.nan)
                high.fill(np.nan)
                continue
            _fold(np.minimum, low_parts, begin, end, low)
            _fold(np.maximum, high_parts, begin, end, high)
            if undefined:
                np.copyto(low, np.nan, where=none)
                np.copyto(high, np.nan, where=none)

    def _mask_parts(self, valid, buffers: _Buffers) -> None:
        """The parts' values into ``low_parts`` and ``high_parts``, +inf and -inf where no piece
        of their group holds (so that they drop out of the minimum and the maximum)."""
        held, parts, spread = buffers.held, buffers.parts, buffers.spread
        for index, group in enumerate(self.groups):
            _rows(np.logical_or, valid, group, held[index])
        np.take(buffers.table, self.part_rows, axis=0, out=parts, mode="clip")
        if np.isnan(parts).any():
            # Exact but slower (masked copies branch on every point): NaN is kept where held.
            np.take(held, self.part_groups, axis=0, out=buffers.hidden, mode="clip")
            np.logical_not(buffers.hidden, out=buffers.hidden)
            np.copyto(buffers.low_parts, parts)
            np.copyto(buffers.high_parts, parts)
            np.copyto(buffers.low_parts, np.inf, where=buffers.hidden)
            np.copyto(buffers.high_parts, -np.inf, where=buffers.hidden)
            return
        # Without NaN, a maximum with -inf (held) or +inf (not held) is the masked value,
        # computed without a branch per point.
        penalty = buffers.penalty
        np.subtract(0.5, held, out=penalty)  # -0.5 where held, 0.5 where not
        penalty *= np.inf
        np.take(penalty, self.part_groups, axis=0, out=spread, mode="clip")
        np.maximum(parts, spread, out=buffers.low_parts)
        np.negative(spread, out=spread)
        np.minimum(parts, spread, out=buffers.high_parts)

    def _drop_repeats(self, arguments, near: np.ndarray, valid, distinct) -> None:
        local = [argument[near] for argument in arguments]
        values = [self._strategy_values(index, local, len(near)) for index in range(len(valid))]
        # From the formulas, not the shapes: at a single point every piece has one column.
        constant = [all(e.is_number for e in formulas) for formulas in self.strategies]
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


class _Buffers:
    """One worker's arrays for chunks of one length, reused from chunk to chunk: the table of
    formula values (constant rows set once), the program's scratch rows, the flags."""

    def __init__(self, kernel: SolutionKernel, size: int) -> None:
        self.table = np.empty((kernel.rows, size))
        self.table[list(kernel.constant_rows)] = kernel.constants[:, None]
        self.filled = [self.table[row] for row in kernel.filled]
        scratch = kernel.program.scratch if kernel.program is not None else 0
        self.scratch = list(np.empty((scratch, size)))
        self.nonnegative = np.empty((kernel.tests, size), dtype=bool)
        self.zero = np.empty((kernel.tests, size), dtype=bool)
        parts = len(kernel.part_rows)
        self.held = np.empty((len(kernel.groups), size), dtype=bool)
        self.penalty = np.empty((len(kernel.groups), size))
        self.parts, self.low_parts, self.high_parts, self.spread = np.empty((4, parts, size))
        self.hidden = np.empty((parts, size), dtype=bool)
        self.total = np.empty(size)
        self.suspect = np.empty(size, dtype=bool)
        self.flag = np.empty(size, dtype=bool)


def _rows(function: np.ufunc, flags: np.ndarray, rows: Sequence[int], out: np.ndarray) -> None:
    """``out`` = ``function`` (``np.logical_and`` or ``np.logical_or``) over ``flags``' rows,
    call by call without gathering them (``function.identity`` for no rows)."""
    if not len(rows):
        out.fill(function.identity)
    elif len(rows) == 1:
        np.copyto(out, flags[rows[0]])
    else:
        function(flags[rows[0]], flags[rows[1]], out=out)
        for row in rows[2:]:
            function(out, flags[row], out=out)


def _fold(function: np.ufunc, rows: np.ndarray, begin: int, end: int, out: np.ndarray) -> None:
    """``out`` = ``function`` over ``rows[begin:end]`` (pairwise calls are quicker than a
    reduction over the first axis for a few rows)."""
    if end - begin == 1:
        np.copyto(out, rows[begin])
        return
    function(rows[begin], rows[begin + 1], out=out)
    for row in range(begin + 2, end):
        function(out, rows[row], out=out)


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


def compile_kernel(solution, *, program: bool = True) -> SolutionKernel:
    """Compile a :class:`~bargaining.analysis.solution.ParametricSolution`'s formulas.

    With ``program`` (the default) the formulas become a
    :class:`~bargaining.numeric_code.NumericProgram` where it can express them all; otherwise,
    and with ``program=False``, one function by sympy's lambdify (slower: a temporary array per
    operation and a copy per formula).

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
    condition_count = len(rows)  # the conditions are rows 0, 1, ...: a slice, not a gather
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
    compiled = function = None
    if variable:
        if program:
            compiled = numeric_program(symbols, [formulas[i] for i in variable])
        if compiled is None:
            function = numeric_function(list(symbols), [formulas[i] for i in variable], cse=True)
    return SolutionKernel(
        program=compiled,
        function=function,
        filled=tuple(variable),
        constant_rows=tuple(constant),
        constants=np.array([_float(formulas[i]) for i in constant], dtype=float),
        rows=len(formulas),
        tests=tests,
        conditions=conditions,
        singular=singular,
        condition_count=condition_count,
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

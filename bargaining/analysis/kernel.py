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
* a condition and its negation share a row: the comparisons with the tolerance are two numpy
  calls for all formulas together (``>= -tol`` and ``<= tol``), each piece a few logical ands
  of those flags;
* what a point's equilibria are worth follows from its region, the set of pieces that hold
  there (:mod:`bargaining.analysis.kernel_regions`): the count and the extremes of constant
  quantities are table look-ups, the others a few values gathered from the table;
* points are taken in chunks (16,384 points, fewer for solutions with many formulas), written
  straight into the result arrays (nothing to concatenate); every buffer belongs to one worker
  and is reused for all its chunks. One thread by default; :data:`THREADS_VARIABLE` asks for
  more (numpy releases the GIL inside its loops, but the calls are short, so threads mostly
  trade the GIL).

The answers are those of evaluating each formula on its own, except that a different grouping
of the same floating-point operations can move a value by a few units in the last place.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import sympy

from bargaining.analysis.evaluation import Evaluation
from bargaining.analysis.kernel_regions import QuantityRows, RegionTables, piece_signatures
from bargaining.errors import ParameterError
from bargaining.numeric_code import NumericProgram, numeric_function, numeric_program
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface

__all__ = [
    "CHUNK",
    "TABLE_BYTES",
    "THREADS_VARIABLE",
    "SolutionKernel",
    "compile_kernel",
    "evaluation_arrays",
    "evaluation_threads",
    "first_seen_numbering",
    "same_strategy_groups",
]

CHUNK = 16384
"""Points per chunk at most: long enough that the Python around each numpy call costs little
(measured on the ceasefire model and a random 3x3 game: 16,384 points are 15-20% quicker per
point than 4,096, 65,536 slower again); shorter for solutions with many formulas (see
:data:`TABLE_BYTES`)."""

TABLE_BYTES = 32 << 20
"""Bytes of formula values (the table and the program's scratch rows) one chunk may hold."""

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

    The first ``tests`` rows of the table are compared with the tolerance, into *flags*:
    ``flags[r]`` is ``row r >= -tolerance`` and ``flags[tests + r]`` is ``row r <=
    tolerance``, so a formula and its negation are one row read through one flag or the other.

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
        conditions, determinants and tie surfaces, each up to its sign.
    conditions:
        Per piece, the flags of its conditions (``g >= 0``).
    singular:
        Per piece, the rows of its singular determinants.
    condition_count:
        How many rows are conditions (they come first; a zero of any is a boundary).
    singular_rows:
        Every row that is some piece's singular determinant.
    tie_rows, ties:
        The rows of the tie surfaces' expressions, and each surface as ``(position in
        tie_rows, flag)`` pairs.
    quantities:
        Each outcome's probability and each player's payoff: its formula's row per piece.
    undefined_row:
        A constant row holding NaN.
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
    ties: tuple[tuple[tuple[int, int], ...], ...]
    quantities: tuple[QuantityRows, ...]
    undefined_row: int
    strategies: tuple[tuple[sympy.Expr, ...], ...]
    same: tuple[tuple[int, ...], ...]
    symbols: tuple[sympy.Symbol, ...]

    def evaluate(
        self,
        arguments: Sequence[np.ndarray],
        size: int,
        tolerance: float,
        into: Mapping[str, np.ndarray] | None = None,
    ) -> Evaluation:
        """The evaluation at ``size`` points (each argument an array of that length), written
        into the arrays of ``into`` where it has them (see :func:`evaluation_arrays`).

        Examples
        --------
        >>> from bargaining import load_model, parametric_equilibria
        >>> model = load_model("models/chicken.toml")
        >>> solution = parametric_equilibria(model.game(), model.parameters)
        >>> kernel = compile_kernel(solution)
        >>> values = kernel.evaluate([np.array([2.0, 10.0])], 2, 1e-9)
        >>> values.count.tolist(), values.outcome_max["crash"].round(4).tolist()
        ([3, 3], [0.25, 0.01])
        >>> values.region.tolist(), values.regions
        ([0, 0], ((0, 1, 2),))
        """
        pieces = len(self.conditions)
        regions = RegionTables(
            pieces,
            self.quantities,
            dict(zip(self.constant_rows, self.constants.tolist(), strict=True)),
            self.same,
            self.undefined_row,
            size,
        )
        result = Evaluation(**evaluation_arrays(self, size, into))
        length = self.chunk_length()
        chunks = range(0, size, length)
        workers = min(len(chunks), evaluation_threads())

        def block(index: int) -> None:
            # Each worker reuses its buffers (one set per chunk length: the last chunk may be
            # shorter): fresh arrays per chunk would cost an allocation and page faults each.
            buffers: dict[int, _Buffers] = {}
            # Singular points give inf/nan in some formulas: they fail every comparison and
            # are flagged as boundaries through the determinants, so the warnings are noise.
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                for start in chunks[index::workers]:
                    span = slice(start, min(start + length, size))
                    count = span.stop - start
                    if count not in buffers:
                        buffers[count] = _Buffers(self, count)
                    local = [a[span] for a in arguments]
                    self._fill(local, buffers[count])
                    self._chunk(local, buffers[count], result, regions, span, tolerance)

        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(block, range(workers)))
        else:
            block(0)
        members = tuple(regions.members)
        if workers > 1:  # threads met the regions in any order: number them as first seen
            result.region[...], order = first_seen_numbering(result.region, len(members))
            members = tuple(members[i] for i in order)
        return replace(result, regions=members)

    def chunk_length(self) -> int:
        """Points per chunk: :data:`CHUNK`, or fewer (a power of two, at least 1,024) when the
        formula values of that many points would pass :data:`TABLE_BYTES`."""
        rows = self.rows + (self.program.scratch if self.program is not None else 0)
        fits = TABLE_BYTES // (8 * max(rows, 1))
        return min(CHUNK, max(1024, 1 << max(fits, 1).bit_length() - 1))

    def _fill(self, arguments: list[np.ndarray], buffers: _Buffers) -> None:
        """The variable formulas' values into their rows (the constant rows are set once)."""
        if self.program is not None:
            self.program.run(arguments, buffers.filled, buffers.scratch)
        elif self.function is not None:
            for row, value in zip(buffers.filled, self.function(*arguments), strict=True):
                row[...] = value

    def _chunk(self, arguments, buffers: _Buffers, result, regions, span: slice, tolerance):
        start, stop = span.start, span.stop
        tests = buffers.table[: self.tests]
        flags, zero = buffers.flags, buffers.zero
        np.greater_equal(tests, -tolerance, out=flags[: self.tests])
        np.less_equal(tests, tolerance, out=flags[self.tests :])
        np.logical_and(flags[: self.tests], flags[self.tests :], out=zero)  # NaN is neither
        boundary = result.boundary[start:stop]
        # The conditions are the first rows: a zero of any is a boundary.
        _rows(np.logical_or, zero, range(self.condition_count), boundary)
        valid = result.valid[:, start:stop]
        for index, conditions in enumerate(self.conditions):
            _rows(np.logical_and, flags, conditions, valid[index])
        # Zeros of determinants and ties are rare: find the points that have one first.
        if self.singular_rows and zero[list(self.singular_rows)].any():
            for index, singular in enumerate(self.singular):
                if singular:
                    near = np.logical_or.reduce(zero[list(singular)], axis=0)
                    boundary |= valid[index] & near
                    valid[index] &= ~near
        if self.ties:
            self._mark_tie_surfaces(tests, buffers, boundary)
        self._collect(arguments, buffers, valid, boundary, result, regions, span)

    def _mark_tie_surfaces(self, tests, buffers: _Buffers, boundary) -> None:
        """Flag points where a candidate exists and has an extra label: the game may be
        degenerate there, with equilibria no piece describes."""
        # An undefined value (a singular basis at the point) counts as a tie, to be safe.
        # Zeros and undefined values are rare: the points with one in any tested row (a
        # superset of those with one in a tie's row) are found first, without gathering rows;
        # a column with an undefined value has an undefined sum.
        zero, suspect = buffers.zero, buffers.suspect
        np.add.reduce(tests, axis=0, out=buffers.total)
        np.isfinite(buffers.total, out=suspect)
        np.logical_not(suspect, out=suspect)
        suspect |= np.logical_or.reduce(zero, axis=0, out=buffers.flag)
        points = np.flatnonzero(suspect)
        if not len(points):
            return
        rows = list(self.tie_rows)
        undefined = ~np.isfinite(tests[rows][:, points])
        tie = zero[rows][:, points] | undefined
        found = np.zeros(len(points), dtype=bool)
        for surface in self.ties:
            at = [position for position, _ in surface]
            exists = buffers.flags[[flag for _, flag in surface]][:, points] | undefined[at]
            found |= np.logical_and.reduce(exists, axis=0) & tie[at].any(axis=0)
        boundary[points] |= found

    def _collect(self, arguments, buffers: _Buffers, valid, boundary, result, regions, span):
        """The region of each point, and from it the count and the extremes."""
        start, stop = span.start, span.stop
        codes = result.region[start:stop]
        size, count_of, per_quantity = regions.codes(piece_signatures(valid), codes)
        count = result.count[start:stop]
        np.take(count_of, codes, out=count, mode="clip")
        # Two pieces describe the same equilibrium only where their vertices meet, which is on
        # a boundary: there, count a piece only if no earlier valid piece has the same
        # strategies.
        near = np.flatnonzero(boundary)
        if len(near):
            near = near[size[codes[near]] > 1]
            if len(near):
                count[near] = self._distinct_count(arguments, near, valid[:, near])
        table, offsets, gathered = buffers.table.ravel(), buffers.offsets, buffers.gathered
        for quantity, rows in zip(self.quantities, per_quantity, strict=True):
            low = getattr(result, f"{quantity.kind}_min")[quantity.key][start:stop]
            high = getattr(result, f"{quantity.kind}_max")[quantity.key][start:stop]
            if isinstance(rows, tuple):  # constants: the region's extremes
                np.take(rows[0], codes, out=low, mode="clip")
                np.take(rows[1], codes, out=high, mode="clip")
                continue
            # The values of the k-th formula of each point's region, from the table (row r of
            # point i is at r * points + i).
            for k, row_of in enumerate(rows * (stop - start)):
                np.take(row_of, codes, out=offsets, mode="clip")
                offsets += buffers.positions
                if k == 0:
                    np.take(table, offsets, out=low, mode="clip")
                    np.copyto(high, low)
                else:
                    np.take(table, offsets, out=gathered, mode="clip")
                    np.minimum(low, gathered, out=low)
                    np.maximum(high, gathered, out=high)

    def _distinct_count(self, arguments, near: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """The distinct equilibria at the points ``near`` (``valid``: their columns)."""
        distinct = valid.copy()
        local = [argument[near] for argument in arguments]
        values = [self._strategy_values(index, local, len(near)) for index in range(len(valid))]
        # From the formulas, not the shapes: at a single point every piece has one column.
        constant = [all(e.is_number for e in formulas) for formulas in self.strategies]
        for later in range(len(values)):
            for earlier in range(later):
                if constant[later] and constant[earlier]:
                    continue  # equal constants are counted once through ``same``
                same = np.all(np.abs(values[later] - values[earlier]) <= 1e-9, axis=0)
                distinct[later] &= ~(same & valid[earlier])
        for group in self.same:
            counted = np.zeros(len(near), dtype=bool)
            for index in group:
                distinct[index] &= ~counted
                counted |= valid[index]
        return distinct.sum(axis=0)

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
        self.flags = np.empty((2 * kernel.tests, size), dtype=bool)
        self.zero = np.empty((kernel.tests, size), dtype=bool)
        self.positions = np.arange(size, dtype=np.intp)
        self.offsets = np.empty(size, dtype=np.intp)
        self.gathered = np.empty(size)
        self.total = np.empty(size)
        self.suspect = np.empty(size, dtype=bool)
        self.flag = np.empty(size, dtype=bool)


def evaluation_arrays(
    kernel: SolutionKernel, size: int, into: Mapping[str, np.ndarray] | None = None
) -> dict[str, object]:
    """The arrays an evaluation of ``kernel`` at ``size`` points fills, as
    :class:`~bargaining.analysis.evaluation.Evaluation`'s fields: those of ``into`` (by name:
    ``"count"``, ``"boundary"``, ``"region"``, ``"outcome_min/<outcome>"``, ...,
    ``"payoff_max/<player>"``) where it has one of the right type and length, new ones else.

    >>> from bargaining import load_model, parametric_equilibria
    >>> model = load_model("models/chicken.toml")
    >>> kernel = compile_kernel(parametric_equilibria(model.game(), model.parameters))
    >>> mine = np.zeros(3, dtype=np.int64)
    >>> evaluation_arrays(kernel, 3, {"count": mine})["count"] is mine
    True
    """
    given = into or {}

    def array(name: str, dtype: type) -> np.ndarray:
        chosen = given.get(name)
        if isinstance(chosen, np.ndarray) and chosen.dtype == dtype and chosen.shape == (size,):
            return chosen
        return np.empty(size, dtype=dtype)

    fields: dict[str, object] = {
        "count": array("count", np.int64),
        "valid": np.empty((len(kernel.conditions), size), dtype=bool),
        "boundary": array("boundary", bool),
        "region": array("region", np.intp),
    }
    for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max"):
        fields[field] = {
            q.key: array(f"{field}/{q.key}", np.float64)
            for q in kernel.quantities
            if field.startswith(q.kind)
        }
    return fields


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


def first_seen_numbering(codes: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes ``0 .. count - 1`` (each present in ``codes``) renumbered in order of first
    appearance: the new codes, and the old code of each new one.

    >>> renumbered, old = first_seen_numbering(np.array([2, 0, 2, 1]), 3)
    >>> renumbered.tolist(), old.tolist()
    ([0, 1, 0, 2], [2, 0, 1])
    """
    first = np.empty(count, dtype=np.int64)
    # With repeated indices the last assignment wins: reversed, that is the first position.
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[codes], order


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

    def signed(expression: object) -> tuple[int, bool]:
        # g and -g share a row: g >= -tol is that row's first flag, -g >= -tol its second.
        value = sympy.sympify(expression)
        negative = bool(value.could_extract_minus_sign())
        return row(-value if negative else value), negative

    condition_rows = tuple(tuple(signed(g) for g in piece.conditions) for piece in pieces)
    condition_count = len(rows)  # the conditions are rows 0, 1, ...: a slice, not a gather
    singular = tuple(tuple(signed(s)[0] for s in piece.singular) for piece in pieces)
    tie_table = tuple(tuple(signed(e) for e in tie.expressions) for tie in ties)
    tests = len(rows)  # the rows compared with the tolerance come first

    def flag(index: int, negative: bool) -> int:
        return index + tests if negative else index

    tie_rows = tuple(dict.fromkeys(r for surface in tie_table for r, _ in surface))
    position = {r: i for i, r in enumerate(tie_rows)}
    names = dict.fromkeys(name for piece in pieces for name, _ in piece.outcome_probabilities)
    quantities = [
        QuantityRows(
            "outcome",
            name,
            tuple(row(dict(piece.outcome_probabilities)[name]) for piece in pieces),
        )
        for name in names
    ] + [
        QuantityRows("payoff", player, tuple(row(piece.payoffs[i]) for piece in pieces))
        for i, player in enumerate(solution.game.players)
    ]
    undefined_row = row(sympy.nan)
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
        conditions=tuple(tuple(flag(*c) for c in piece) for piece in condition_rows),
        singular=singular,
        condition_count=condition_count,
        singular_rows=tuple(dict.fromkeys(r for c in singular for r in c)),
        tie_rows=tie_rows,
        ties=tuple(tuple((position[r], flag(r, n)) for r, n in surface) for surface in tie_table),
        quantities=tuple(quantities),
        undefined_row=undefined_row,
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

"""``sweep``: a game's equilibria over many parameter points, in chunks, on any executor.

The target is resolved once (:func:`~bargaining.analysis.target.resolve_target`): solved in
symbols where it has a parametric solution, so each point costs a few numpy operations, or
solved numerically point by point otherwise. The points are cut into chunks; each chunk is a
picklable task (the target as bytes, the chunk's points or the grid and a range), so any
:class:`concurrent.futures.Executor` runs them: a process pool on one machine, or a Dask
cluster through ``distributed.Client(...).get_executor()``. Chunks are collected in order, so the
arrays are the same whichever executor ran them.
"""

from __future__ import annotations

import functools
import os
import pickle
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor
from contextlib import closing, contextmanager
from dataclasses import dataclass

import numpy as np

from bargaining.analysis.grid import Grid
from bargaining.analysis.sweep_result import NpzStream, SweepResult, check_writable, sweep_meta
from bargaining.analysis.target import (
    SUPPORT_TOLERANCE,
    PointValues,
    RegionKey,
    Target,
    resolve_target,
)
from bargaining.errors import ParameterError
from bargaining.limits import POINTS
from bargaining.solvers.concepts import DEFAULT, solution_concept

__all__ = ["DEFAULT_CHUNK_SIZE", "sweep"]

DEFAULT_CHUNK_SIZE = 1 << 18
"""Points per chunk: large enough that a worker's per-task overhead is small, small enough that
a chunk's arrays (about 100 bytes a point) stay in the tens of megabytes."""


def sweep(
    target: object,
    points: Mapping[str, object],
    *,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
    clip: bool = False,
    out: str | os.PathLike | None = None,
    game: str | None = None,
    method: str = "auto",
    max_pending: int | None = None,
    concept: str = DEFAULT,
) -> SweepResult:
    """Evaluate a game's equilibria at every point: counts, outcome probabilities, payoffs.

    Parameters
    ----------
    target:
        A game, a parametric solution, a model or a ``(model, game name)`` pair (see
        :func:`~bargaining.analysis.target.resolve_target`).
    points:
        Parameter name -> equal-length 1-D arrays, one point per index, or a
        :func:`~bargaining.analysis.grid.grid` (generated chunk by chunk). Parameters left out
        keep their baseline.
    executor:
        Runs the chunks, e.g. a :class:`~concurrent.futures.ProcessPoolExecutor` or a Dask
        ``Client.get_executor()``; in this process when None.
    chunk_size:
        Points per chunk (default :data:`DEFAULT_CHUNK_SIZE`).
    progress:
        Show a progress bar (rich) while the chunks come in.
    clip:
        Move values outside a parameter's range to the nearest end instead of refusing them.
    out:
        Write the result to this ``.npz`` chunk by chunk and return it memory-mapped: memory
        then stays flat however many points there are.
    game, method:
        The model's game, and ``"auto"``, ``"parametric"`` or ``"points"``
        (see :func:`~bargaining.analysis.target.resolve_target`).
    max_pending:
        Chunks submitted to the executor and not yet collected (default: four per CPU of
        this machine); raise it for clusters with many workers.
    concept:
        The solution concept (see :func:`~bargaining.analysis.target.resolve_target`);
        ``"correlated"`` sweeps the lowest and highest probability of each outcome and payoff
        over the correlated equilibria, what a mediator can reach.

    Returns
    -------
    SweepResult

    Raises
    ------
    ParameterError
        Unknown parameters, no points, non-finite values, values outside a range (unless
        ``clip``), a chunk size below 1.
    LimitError
        A grid of more points than :data:`bargaining.limits.POINTS` allows (checked first).
    SweepFileError
        When ``out`` cannot be written (checked before the game is solved).

    Examples
    --------
    >>> from bargaining import load_model, grid
    >>> model = load_model("models/ceasefire.toml")
    >>> result = sweep(model, grid(L=np.linspace(0, 1, 101), W=[0, 0.5, 1]))
    >>> len(result), result.method
    (303, 'parametric')
    >>> share = result.outcome_possible["ceasefire"] / len(result)
    >>> round(share, 3)
    0.703
    """
    started = time.perf_counter()
    if isinstance(points, Grid):  # counted from the axes, before anything is solved or built
        POINTS.check(points.size, f"a grid of {' x '.join(map(str, points.shape))}")
    if out is not None:
        check_writable(out)
    resolved = resolve_target(target, game, method=method, concept=concept)
    source = _source(resolved, points, clip)
    size = source.size
    chunk = _chunk_size(chunk_size)
    ranges = [(start, min(start + chunk, size)) for start in range(0, size, chunk)]
    collector = _Collector(resolved, size, out)
    try:
        chunks = closing(_run(resolved, source, ranges, executor, max_pending, collector.views))
        with chunks, _progress_bar(progress, size) as advance:
            for (start, stop), values in zip(ranges, chunks.thing, strict=True):
                collector.add(start, stop, values)
                advance(stop - start)
        return collector.result(source, time.perf_counter() - started)
    except BaseException:
        collector.abort()
        raise


# -- points ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """The points to sweep: a grid, or validated arrays of the parameters that vary."""

    grid: Grid | None
    arrays: Mapping[str, np.ndarray]
    size: int

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        if self.grid is not None:
            return self.grid.chunk(start, stop)
        return {name: values[start:stop] for name, values in self.arrays.items()}


def _source(target: Target, points: Mapping[str, object], clip: bool) -> _Source:
    if not isinstance(points, Mapping):
        raise ParameterError(
            "points must map parameter names to arrays (or be a grid(...)); "
            f"got {type(points).__name__}"
        )
    if not points:
        raise ParameterError("no parameters to sweep; give at least one, e.g. grid(L=[0, 0.5, 1])")
    if isinstance(points, Grid):
        axes = []
        for name, values in points.axes:
            checked, _ = target.points({name: values}, clip=clip)
            axes.append((name, checked[name]))
        checked_grid = Grid(tuple(axes))
        return _Source(checked_grid, {}, checked_grid.size)
    arrays, size = target.points(points, clip=clip)
    return _Source(None, {name: arrays[name] for name in points}, size)


def _chunk_size(chunk_size: int | None) -> int:
    if chunk_size is None:
        return DEFAULT_CHUNK_SIZE
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int | np.integer):
        raise ParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if chunk_size < 1:
        raise ParameterError(f"chunk_size must be a positive integer, got {chunk_size}")
    return int(chunk_size)


# -- running the chunks ------------------------------------------------------------------------


def _run(
    target: Target,
    source: _Source,
    ranges: list[tuple[int, int]],
    executor: Executor | None,
    max_pending: int | None,
    views: Callable[[int, int], dict[str, np.ndarray] | None],
) -> Iterator[PointValues]:
    """Each chunk's values, in order; at most ``max_pending`` chunks in flight. In this
    process, a chunk is written straight into the arrays ``views(start, stop)`` gives."""
    if executor is None:
        for start, stop in ranges:
            yield target.evaluate(source.chunk(start, stop), into=views(start, stop))
        return
    limit = max_pending if max_pending is not None else 4 * (os.cpu_count() or 1)
    if limit < 1:
        raise ParameterError(f"max_pending must be at least 1, got {limit}")
    blob = pickle.dumps(target)
    # Grid chunks are built by the worker from the axes; array chunks travel as slices.
    pending: deque = deque()
    try:
        for start, stop in ranges:
            work = source if source.grid is not None else source.chunk(start, stop)
            pending.append(executor.submit(_evaluate_task, blob, work, start, stop))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:  # a failed or interrupted sweep leaves no work queued
            future.cancel()


def _evaluate_task(blob: bytes, work: _Source | dict, start: int, stop: int) -> PointValues:
    """One chunk, in a worker: the points of ``work`` from ``start`` to ``stop``."""
    points = work.chunk(start, stop) if isinstance(work, _Source) else work
    return _target_from(blob).evaluate(points)


@functools.lru_cache(maxsize=4)
def _target_from(blob: bytes) -> Target:
    # A worker receives the same target with every chunk; unpickling it once per process keeps
    # the compiled numpy functions (the costly part, 0.1 s or more) for the following chunks.
    return pickle.loads(blob)


@contextmanager
def _progress_bar(show: bool, total: int) -> Iterator[Callable[[int], None]]:
    """A rich progress bar over the points, or nothing; yields ``advance(n)``."""
    if not show:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import Progress

    # On stderr, so that the results a command prints to stdout can be piped.
    with Progress(console=Console(stderr=True)) as bar:
        task = bar.add_task("sweep", total=total)
        yield lambda n: bar.advance(task, n)


# -- collecting --------------------------------------------------------------------------------


class _Collector:
    """Merges chunks in order into arrays (in memory, or streamed to ``out``)."""

    def __init__(self, target: Target, size: int, out: str | os.PathLike | None) -> None:
        self.target = target
        self.concept = solution_concept(target.game, target.concept).plural
        self.size = size
        self.regions: dict[RegionKey, int] = {}
        self.region_counts: list[int] = []
        self.outcome_possible = dict.fromkeys(target.outcomes, 0)
        layout = {"count": np.int64, "boundary": bool, "region": np.int64}
        for field, keys in (
            ("outcome_min", target.outcomes),
            ("outcome_max", target.outcomes),
            ("payoff_min", target.players),
            ("payoff_max", target.players),
        ):
            layout.update({f"{field}/{key}": np.float64 for key in keys})
        self.layout = layout
        self.stream = NpzStream(out, {k: (t, size) for k, t in layout.items()}) if out else None
        self.arrays = (
            None
            if self.stream is not None
            else {key: np.empty(size, dtype=dtype) for key, dtype in layout.items()}
        )

    def views(self, start: int, stop: int) -> dict[str, np.ndarray] | None:
        """The result arrays' slices for points ``start .. stop`` (None when streaming)."""
        if self.arrays is None:
            return None
        return {key: array[start:stop] for key, array in self.arrays.items()}

    def add(self, start: int, stop: int, values: PointValues) -> None:
        lookup = np.array(
            [self.regions.setdefault(key, len(self.regions)) for key in values.regions],
            dtype=np.int64,
        )
        region = lookup[values.region]  # the chunk's region numbers -> the sweep's
        counts = np.bincount(region, minlength=len(self.regions))
        self.region_counts += [0] * (len(self.regions) - len(self.region_counts))
        for index, n in enumerate(counts):
            self.region_counts[index] += int(n)
        for name in self.outcome_possible:
            self.outcome_possible[name] += int(
                np.count_nonzero(values.outcome_max[name] > SUPPORT_TOLERANCE)
            )
        chunk = {"count": values.count, "boundary": values.boundary, "region": region}
        for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max"):
            chunk.update({f"{field}/{key}": array for key, array in getattr(values, field).items()})
        for key, array in chunk.items():
            if self.stream is not None:
                self.stream.write(key, array)
            elif not np.may_share_memory(array, self.arrays[key][start:stop]):
                self.arrays[key][start:stop] = array  # not written in place (another process)

    def result(self, source: _Source, seconds: float) -> SweepResult:
        target = self.target
        varied = set(source.grid.names if source.grid is not None else source.arrays)
        fixed = {
            parameter.name: float(parameter.baseline)
            for parameter in target.space
            if parameter.name not in varied
        }
        axes = dict(source.grid.axes) if source.grid is not None else {}
        regions = tuple(_region_text(target, key) for key in self.regions)
        region_counts = np.array(self.region_counts, dtype=np.int64)
        if self.stream is not None:
            small = {f"points/{k}": v for k, v in source.arrays.items()}
            small.update({f"axes/{k}": v for k, v in axes.items()})
            meta = sweep_meta(
                game=target.name,
                method=target.method,
                seconds=seconds,
                note=target.note,
                fixed=fixed,
                regions=regions,
                region_counts=region_counts,
                outcome_possible=self.outcome_possible,
                outcomes=target.outcomes,
                players=target.players,
                concept=self.concept,
            )
            return SweepResult.load(self.stream.finish(small, meta), mmap=True)
        arrays = self.arrays

        def group(field: str, keys: tuple[str, ...]) -> dict[str, np.ndarray]:
            return {key: arrays[f"{field}/{key}"] for key in keys}

        return SweepResult(
            count=arrays["count"],
            boundary=arrays["boundary"],
            region=arrays["region"],
            outcome_min=group("outcome_min", target.outcomes),
            outcome_max=group("outcome_max", target.outcomes),
            payoff_min=group("payoff_min", target.players),
            payoff_max=group("payoff_max", target.players),
            points=dict(source.arrays),
            axes=axes,
            fixed=fixed,
            regions=regions,
            region_counts=region_counts,
            outcome_possible=dict(self.outcome_possible),
            game=target.name,
            method=target.method,
            seconds=seconds,
            note=target.note,
            concept=self.concept,
        )

    def abort(self) -> None:
        if self.stream is not None:
            self.stream.abort()


def _region_text(target: Target, key: RegionKey) -> str:
    """``Row: swerve, Column: straight | ...``: who plays what in each equilibrium."""
    if isinstance(key, str):  # a concept evaluated by its bounds names its regions
        return key
    if not key:
        return "no equilibrium"
    labels = target.strategy_labels()
    return " | ".join(
        ", ".join(
            f"{player}: {'+'.join(labels[i][j] for j in support)}"
            for i, (player, support) in enumerate(zip(target.players, supports, strict=True))
        )
        for supports in key
    )

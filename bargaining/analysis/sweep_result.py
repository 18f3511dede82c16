"""What a sweep returns: numpy arrays over the points, and their ``.npz`` file.

A :class:`SweepResult` is saved as an uncompressed ``.npz`` (one ``.npy`` member per array and a
JSON ``meta`` member; nothing is pickled). Files are written to a temporary name and renamed,
so a reader never sees a half-written file. :class:`NpzStream` writes one chunk at a time, which
keeps a sweep's memory flat however many points it covers, and :meth:`SweepResult.load` with
``mmap=True`` maps the arrays instead of reading them.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bargaining.analysis.grid import Grid
from bargaining.display import html_record, html_table, require_pandas
from bargaining.errors import BargainingError
from bargaining.files import owned_directory, remove_stale

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["NpzStream", "SweepFileError", "SweepResult", "check_writable", "sweep_meta"]

FORMAT_VERSION = 1
_FIELDS = ("outcome_min", "outcome_max", "payoff_min", "payoff_max")


class SweepFileError(BargainingError):
    """A file is not a sweep result this version can read."""


@dataclass(frozen=True, eq=False)
class SweepResult:
    """A sweep's answers: numpy arrays with one entry per point.

    Attributes
    ----------
    count:
        Number of distinct equilibria at each point.
    boundary:
        Points within the tolerance of a region boundary (parametric sweeps only).
    region:
        Index into ``regions`` of the region each point lies in.
    outcome_min, outcome_max:
        Outcome name -> min and max probability over the equilibria at each point (NaN where
        there are none).
    payoff_min, payoff_max:
        Player name -> min and max expected payoff over the equilibria.
    points:
        Parameter name -> value at each point, for the parameters given as arrays.
    axes:
        Parameter name -> axis values, for grids (the points are their Cartesian product).
    fixed:
        Every other parameter's value (its baseline).
    regions:
        A description of each region: the equilibria holding there, by the strategies each
        player plays (``"no equilibrium"`` where there is none).
    region_counts:
        The number of points in each region.
    outcome_possible:
        Outcome name -> number of points where some equilibrium gives it positive probability.
    game, method:
        The game's name and how it was evaluated (``"parametric"`` or ``"points"``).
    seconds:
        The wall-clock time of the sweep.
    note:
        Why a game with a symbolic solver was solved point by point ("" otherwise): its
        parametric solution is not complete (n-player supports without a closed form).
    concept:
        What the min and max are taken over: ``"Nash equilibria"``, or ``"correlated
        equilibria"`` (a mediator's lowest and highest reach); "" in older files.

    Examples
    --------
    >>> from bargaining import load_model, sweep, grid
    >>> result = sweep(load_model("models/chicken.toml"), grid(c=[2, 10, 50]))
    >>> len(result), result.count.tolist(), result.region.tolist()
    (3, [3, 3, 3], [0, 0, 0])
    >>> for equilibrium in result.regions[0].split(" | "):
    ...     print(equilibrium)
    Row: swerve, Column: straight
    Row: swerve+straight, Column: swerve+straight
    Row: straight, Column: swerve
    """

    count: np.ndarray
    boundary: np.ndarray
    region: np.ndarray
    outcome_min: Mapping[str, np.ndarray]
    outcome_max: Mapping[str, np.ndarray]
    payoff_min: Mapping[str, np.ndarray]
    payoff_max: Mapping[str, np.ndarray]
    points: Mapping[str, np.ndarray]
    axes: Mapping[str, np.ndarray]
    fixed: Mapping[str, float]
    regions: tuple[str, ...]
    region_counts: np.ndarray
    outcome_possible: Mapping[str, int]
    game: str = ""
    method: str = ""
    seconds: float = 0.0
    note: str = ""
    concept: str = ""

    def __len__(self) -> int:
        return len(self.count)

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the sweep varied."""
        return tuple(self.axes) + tuple(self.points)

    def values(self, name: str) -> np.ndarray:
        """Parameter ``name``'s value at every point (grid columns are built when asked).

        >>> from bargaining import load_model, sweep, grid
        >>> sweep(load_model("models/chicken.toml"), grid(c=[2, 50])).values("c").tolist()
        [2.0, 50.0]
        """
        if name in self.points:
            return self.points[name]
        if name in self.axes:
            return Grid(tuple(self.axes.items()))[name]
        if name in self.fixed:
            return np.full(len(self), self.fixed[name])
        known = ", ".join((*self.parameters, *self.fixed)) or "none"
        raise BargainingError(f"unknown parameter {name!r}; the sweep has: {known}")

    def region_shares(self) -> dict[str, float]:
        """Region description -> share of the points in it."""
        total = max(len(self), 1)
        return {
            text: int(n) / total for text, n in zip(self.regions, self.region_counts, strict=True)
        }

    def to_pandas(self):
        """The points and answers as a :class:`pandas.DataFrame`, one row per point.

        Columns: the varied parameters, ``count``, ``boundary``, ``region`` (a categorical of
        the region descriptions), then ``outcome_min:NAME``, ``outcome_max:NAME``,
        ``payoff_min:PLAYER`` and ``payoff_max:PLAYER``.

        Raises
        ------
        ImportError
            When pandas is not installed.
        """
        pandas = require_pandas("SweepResult.to_pandas")
        columns: dict[str, object] = {name: self.values(name) for name in self.parameters}
        columns["count"] = np.asarray(self.count)
        columns["boundary"] = np.asarray(self.boundary)
        columns["region"] = pandas.Categorical.from_codes(np.asarray(self.region), self.regions)
        for field in _FIELDS:
            for key, array in getattr(self, field).items():
                columns[f"{field}:{key}"] = np.asarray(array)
        return pandas.DataFrame(columns)

    # -- files -----------------------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> Path:
        """Write the result to ``path`` (``.npz``), atomically; returns the path.

        >>> import tempfile, pathlib
        >>> from bargaining import load_model, sweep, grid, SweepResult
        >>> result = sweep(load_model("models/chicken.toml"), grid(c=[2, 50]))
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = result.save(pathlib.Path(folder) / "chicken.npz")
        ...     SweepResult.load(path).count.tolist()
        [3, 3]
        """
        arrays = {"count": self.count, "boundary": self.boundary, "region": self.region}
        for field in _FIELDS:
            arrays.update({f"{field}/{key}": value for key, value in getattr(self, field).items()})
        arrays.update({f"points/{key}": value for key, value in self.points.items()})
        arrays.update({f"axes/{key}": value for key, value in self.axes.items()})
        stream = NpzStream(path, {})
        try:
            return stream.finish(arrays, self._meta())
        except BaseException:
            stream.abort()
            raise

    def _meta(self) -> dict:
        return sweep_meta(
            game=self.game,
            method=self.method,
            seconds=self.seconds,
            note=self.note,
            fixed=self.fixed,
            regions=self.regions,
            region_counts=self.region_counts,
            outcome_possible=self.outcome_possible,
            outcomes=tuple(self.outcome_min),
            players=tuple(self.payoff_min),
            concept=self.concept,
        )

    @classmethod
    def load(cls, path: str | os.PathLike, *, mmap: bool = False) -> SweepResult:
        """Read a result written by :meth:`save` or by a sweep with ``out=``.

        Parameters
        ----------
        path:
            The ``.npz`` file.
        mmap:
            Map the per-point arrays read-only instead of reading them, for results larger
            than memory.

        Raises
        ------
        SweepFileError
            When the file is not a sweep result (or a newer format).
        """
        path = Path(path)
        try:
            arrays = _read_npz(path, mmap)
        except (OSError, zipfile.BadZipFile, ValueError, EOFError) as error:
            raise SweepFileError(f"{path}: not a sweep result file ({error})") from None
        if "meta" not in arrays:
            raise SweepFileError(f"{path}: not a sweep result file (no 'meta' member)")
        try:
            meta = json.loads(str(arrays.pop("meta")))
        except (ValueError, RecursionError) as error:
            raise SweepFileError(f"{path}: its 'meta' member is not valid JSON ({error})") from None
        if not isinstance(meta, dict):
            raise SweepFileError(f"{path}: its 'meta' member is not a JSON object")
        if meta.get("format") != "bargaining.sweep" or meta.get("version") != FORMAT_VERSION:
            raise SweepFileError(
                f"{path}: format {meta.get('format')!r} version {meta.get('version')!r}; "
                f"this version reads bargaining.sweep version {FORMAT_VERSION}"
            )
        try:
            result = _from_members(cls, arrays, meta)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            problem = f"missing {error}" if isinstance(error, KeyError) else str(error)
            raise SweepFileError(f"{path}: a damaged sweep result file ({problem})") from None
        return result

    def plot(self, ax: Axes | None = None, *, over: str | None = None) -> Axes:
        """The outcome bands along the one parameter the sweep varied, or the map of its
        regions over a grid of two; draws into ``ax`` (a new figure when None) and returns it.

        >>> from bargaining import load_model, sweep, grid
        >>> result = sweep(load_model("models/chicken.toml"), grid(c=[2, 10, 50]))
        >>> result.plot().get_xlabel()
        'c'
        """
        from bargaining.analysis.plots import plot_sweep

        return plot_sweep(self, ax, over=over)

    # -- displays -------------------------------------------------------------------------------

    def __repr__(self) -> str:
        # The default would print every array: a sweep has up to millions of points.
        over = ", ".join(self.parameters) or "no parameter"
        return (
            f"SweepResult({len(self)} points over {over}; {len(self.regions)} regions; "
            f"game={self.game!r}, method={self.method!r})"
        )

    def _repr_html_(self) -> str:
        ranges = {
            name: f"{values.min():.6g} to {values.max():.6g}"
            for name, values in ((name, self.values(name)) for name in self.parameters)
            if len(values)
        }
        total = max(len(self), 1)
        regions = html_table(
            ["region", "points", "share"],
            (
                [text, int(n), int(n) / total]
                for text, n in zip(self.regions, self.region_counts, strict=True)
            ),
        )
        outcomes = html_table(
            ["outcome", "possible at points", "share"],
            ([name, int(n), int(n) / total] for name, n in self.outcome_possible.items()),
        )
        fields = [
            ("points", len(self)),
            ("varied", ranges),
            ("fixed", dict(self.fixed)),
            ("boundary points", int(np.count_nonzero(self.boundary))),
            ("method", self.method),
            ("min and max over", self.concept or "equilibria"),
            ("seconds", self.seconds),
        ]
        return html_record(f"Sweep of {self.game or 'a game'}", fields, parts=[regions, outcomes])


def _from_members(cls: type[SweepResult], arrays: dict, meta: dict) -> SweepResult:
    def group(prefix: str, names: list[str] | None = None) -> dict[str, np.ndarray]:
        found = {
            key.split("/", 1)[1]: value
            for key, value in arrays.items()
            if key.startswith(prefix + "/")
        }
        return found if names is None else {str(name): found[name] for name in names}

    def column(name: str) -> np.ndarray:
        array = arrays[name]
        if array.ndim != 1:
            raise ValueError(f"{name!r} has shape {array.shape}, not one value per point")
        return array

    result = cls(
        count=column("count"),
        boundary=column("boundary"),
        region=column("region"),
        outcome_min=group("outcome_min", meta["outcomes"]),
        outcome_max=group("outcome_max", meta["outcomes"]),
        payoff_min=group("payoff_min", meta["players"]),
        payoff_max=group("payoff_max", meta["players"]),
        points=group("points"),
        axes=group("axes"),
        fixed={str(key): float(value) for key, value in dict(meta["fixed"]).items()},
        regions=tuple(str(text) for text in meta["regions"]),
        region_counts=np.array(meta["region_counts"], dtype=np.int64),
        outcome_possible={str(k): int(n) for k, n in dict(meta["outcome_possible"]).items()},
        game=str(meta["game"]),
        method=str(meta["method"]),
        seconds=float(meta["seconds"]),
        note=str(meta.get("note", "")),
        concept=str(meta.get("concept", "")),
    )
    per_point = [result.count, result.boundary, result.region, *result.points.values()]
    for field in _FIELDS:
        per_point += list(getattr(result, field).values())
    if len({np.shape(array) for array in per_point}) > 1:
        raise ValueError("per-point arrays of different shapes")
    return result


def sweep_meta(
    *,
    game: str,
    method: str,
    seconds: float,
    fixed: Mapping[str, float],
    note: str = "",
    regions: tuple[str, ...],
    region_counts: np.ndarray,
    outcome_possible: Mapping[str, int],
    outcomes: tuple[str, ...],
    players: tuple[str, ...],
    concept: str = "",
) -> dict:
    """The JSON ``meta`` member of a sweep's ``.npz``: everything but the per-point arrays."""
    return {
        "format": "bargaining.sweep",
        "version": FORMAT_VERSION,
        "game": game,
        "method": method,
        "seconds": float(seconds),
        "note": note,
        "fixed": {key: float(value) for key, value in fixed.items()},
        "regions": list(regions),
        "region_counts": [int(n) for n in region_counts],
        "outcome_possible": {key: int(n) for key, n in outcome_possible.items()},
        "outcomes": list(outcomes),
        "players": list(players),
        "concept": concept,
    }


class NpzStream:
    """Write per-point arrays to an ``.npz`` chunk by chunk, with memory flat in their length.

    Each array goes to a temporary ``.npy`` file as its chunks arrive (plain file writes: the
    page cache, not the process, holds them), in a folder beside ``path`` named with this
    process's id (:func:`bargaining.files.owned_directory`); :meth:`finish` packs the files
    into the ``.npz`` there and renames it into place. :meth:`abort` removes the folder, and the
    next stream to ``path`` removes one a killed process left behind.

    Parameters
    ----------
    path:
        The ``.npz`` to write.
    layout:
        Array name -> (dtype, length) of the arrays to stream.
    """

    def __init__(self, path: str | os.PathLike, layout: Mapping[str, tuple[np.dtype, int]]):
        self.path = check_writable(path)
        self._files = {}
        self._dtypes = {}
        try:
            remove_stale(self.path)  # what a killed sweep left behind
            self._folder = owned_directory(self.path)
            for name, (dtype, length) in layout.items():
                dtype = np.dtype(dtype)
                handle = open(self._folder / f"{len(self._files)}.npy", "wb")  # noqa: SIM115
                header = {
                    "descr": np.lib.format.dtype_to_descr(dtype),
                    "fortran_order": False,
                    "shape": (int(length),),
                }
                np.lib.format.write_array_header_2_0(handle, header)
                self._files[name] = handle
                self._dtypes[name] = dtype
        except OSError as error:
            self.abort()
            raise SweepFileError(f"cannot write {self.path}: {error.strerror or error}") from None
        except BaseException:  # a signal while the files are opened: leave no folder behind
            self.abort()
            raise

    def write(self, name: str, chunk: np.ndarray) -> None:
        """Append the next chunk of array ``name``."""
        data = np.ascontiguousarray(chunk, dtype=self._dtypes[name]).tobytes()
        with self._writing():
            self._files[name].write(data)

    def finish(self, arrays: Mapping[str, np.ndarray], meta: Mapping[str, object]) -> Path:
        """Pack the streamed arrays, the small ``arrays`` and ``meta`` into the ``.npz``."""
        with self._writing():
            for handle in self._files.values():
                handle.close()
            partial = self._folder / "result.npz"
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                for name, handle in self._files.items():
                    with (
                        open(handle.name, "rb") as source,
                        archive.open(f"{name}.npy", "w", force_zip64=True) as target,
                    ):
                        shutil.copyfileobj(source, target, 1 << 22)
                    os.remove(handle.name)
                for name, array in {**arrays, "meta": np.array(json.dumps(meta))}.items():
                    with archive.open(f"{name}.npy", "w", force_zip64=True) as target:
                        np.lib.format.write_array(target, np.asarray(array), allow_pickle=False)
            os.replace(partial, self.path)
            shutil.rmtree(self._folder, ignore_errors=True)
            return self.path

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        # A full disk or a vanished folder is the user's situation to fix, not a crash.
        try:
            yield
        except OSError as error:
            raise SweepFileError(f"cannot write {self.path}: {error.strerror or error}") from None

    def abort(self) -> None:
        """Remove the temporary files; the target path is left as it was."""
        for handle in self._files.values():
            handle.close()
        if hasattr(self, "_folder"):
            shutil.rmtree(self._folder, ignore_errors=True)


def check_writable(path: str | os.PathLike) -> Path:
    """Check, before a sweep starts, that its result can be written to ``path``; the path.

    Raises
    ------
    SweepFileError
        When the name does not end in ``.npz``, names a folder, or its folder is missing, is a
        file or is not writable.

    Examples
    --------
    >>> check_writable("no/such/folder/r.npz")
    Traceback (most recent call last):
    ...
    bargaining.analysis.sweep_result.SweepFileError: cannot write ...: no folder no/such/folder ...
    """
    path = Path(path)
    if path.suffix != ".npz":
        raise SweepFileError(f"sweep results are saved as .npz files; got {path}")
    folder = path.parent
    if path.is_dir():
        raise SweepFileError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise SweepFileError(f"cannot write {path}: no folder {folder} ({what})")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SweepFileError(f"cannot write {path}: the folder {folder} is not writable")
    return path


def _read_npz(path: Path, mmap: bool) -> dict[str, np.ndarray]:
    """The members of an uncompressed ``.npz``, memory-mapped where asked and possible.

    Nothing is allocated before it is checked against the file: every member must be stored
    (not compressed, so its size is its size on disk) and its array header must describe no
    more bytes than the member holds, so a damaged or hostile file cannot ask for gigabytes.
    """
    arrays = {}
    size = path.stat().st_size
    with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
        for info in archive.infolist():
            if not info.filename.endswith(".npy"):
                continue
            name = info.filename[: -len(".npy")]
            if info.compress_type != zipfile.ZIP_STORED or info.file_size > size:
                raise ValueError(f"member {info.filename!r} is compressed or larger than the file")
            with archive.open(info) as member:
                _check_header(member, info)
            if mmap:
                array = _mapped_member(path, raw, info)
                if array is not None:
                    arrays[name] = array
                    continue
            with archive.open(info) as member:
                arrays[name] = np.lib.format.read_array(member, allow_pickle=False)
    return arrays


def _check_header(member, info: zipfile.ZipInfo) -> tuple[tuple[int, ...], bool, np.dtype]:
    """A member's ``.npy`` header (shape, Fortran order, dtype), refused when it is not one
    this module writes or asks for more bytes than the member holds."""
    version = np.lib.format.read_magic(member)
    readers = {
        (1, 0): np.lib.format.read_array_header_1_0,
        (2, 0): np.lib.format.read_array_header_2_0,
    }
    if version not in readers:
        raise ValueError(f"member {info.filename!r} has .npy format version {version}")
    shape, fortran, dtype = readers[version](member)
    if dtype.hasobject:
        raise ValueError(f"member {info.filename!r} holds Python objects")
    if math.prod(shape) * dtype.itemsize > info.file_size:
        raise ValueError(f"member {info.filename!r} is shorter than its header says")
    return shape, fortran, dtype


def _mapped_member(path: Path, raw, info: zipfile.ZipInfo) -> np.ndarray | None:
    """A stored member's array as a read-only memory map (None for empty or object arrays)."""
    # A stored member's bytes follow its local header: 30 fixed bytes, then the file name and
    # the extra field, whose lengths sit at offsets 26 and 28 (PKWARE APPNOTE 4.3.7).
    raw.seek(info.header_offset)
    local = raw.read(30)
    start = info.header_offset + 30 + int.from_bytes(local[26:28], "little")
    start += int.from_bytes(local[28:30], "little")
    raw.seek(start)
    shape, fortran, dtype = _check_header(raw, info)
    if 0 in shape or shape == ():
        return None
    order = "F" if fortran else "C"
    return np.memmap(path, dtype=dtype, mode="r", offset=raw.tell(), shape=shape, order=order)

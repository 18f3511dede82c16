"""Solve once: parametric solutions cached by the content of the game they solve.

Solving a game in symbols takes seconds; evaluating the solution at a million points takes a
fraction of one. :func:`~bargaining.analysis.parametric_equilibria` therefore keeps what it
solved, keyed by a content hash of the game, the parameter space, the solution concept, the
package's own code and sympy's version (:func:`solution_key`), so that a second sweep, report,
threshold search or sensitivity run on the same model skips the symbolic solve:

* in memory, the :data:`MEMORY_ENTRIES` most recently used solutions (a bounded LRU of a pure
  function's results, the one kind of module-level state the project allows, like
  :func:`functools.lru_cache`; the solutions are immutable, so sharing them is safe);
* on disk, one JSON file per solution in :func:`cache_directory` (the user's cache folder), so
  that a new process (``bargaining sweep`` after ``bargaining solve``) skips it too. Only solves
  that took at least :data:`DISK_MIN_SECONDS` are written, at most :data:`DISK_ENTRIES` files
  are kept (least recently used are removed).

The disk cache is data only (:mod:`bargaining.analysis.cache_format`): no pickle, whose loading
runs code, and no parsing of text by sympy. A file is used only if its name, the key inside it,
the versions and a SHA-256 checksum of its contents all match and it decodes into whitelisted
expressions over the space's own symbols; anything else (a truncated, corrupt or edited file)
counts as a miss and is overwritten by the next solve. The worst a file can do is what editing
the model could: give a wrong answer, never run code.

Environment: ``BARGAINING_CACHE_DIR`` relocates the disk cache; ``BARGAINING_CACHE=off`` (or
``0``, ``no``, ``false``) turns it off. :func:`clear_cache` empties the memory cache (and, with
``disk=True``, the disk cache).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import sympy

from bargaining.analysis.cache_format import decode_solution_fields, encode_solution
from bargaining.analysis.solution import ParametricSolution
from bargaining.display import html_fields
from bargaining.files import temporary_path
from bargaining.params import ParameterSpace

__all__ = [
    "CACHE_DIR_VARIABLE",
    "CACHE_VARIABLE",
    "DISK_ENTRIES",
    "DISK_MIN_SECONDS",
    "MEMORY_ENTRIES",
    "CacheInfo",
    "cache_directory",
    "cache_info",
    "cached_solution",
    "clear_cache",
    "code_fingerprint",
    "solution_key",
]

#: Environment variable naming the folder of the disk cache.
CACHE_DIR_VARIABLE = "BARGAINING_CACHE_DIR"
#: Environment variable that turns the disk cache off with ``off``, ``0``, ``no`` or ``false``.
CACHE_VARIABLE = "BARGAINING_CACHE"
#: Solutions kept in memory.
MEMORY_ENTRIES = 32
#: Files kept on disk.
DISK_ENTRIES = 256
#: Solves quicker than this are not written to disk: reading a file back costs about as much.
DISK_MIN_SECONDS = 0.1
#: Largest cache file read back.
MAX_FILE_BYTES = 64 << 20

_FORMAT = 2  # 2: solutions keep their note and unresolved supports
_OFF = {"off", "0", "no", "false"}


@dataclass(frozen=True)
class CacheInfo:
    """What the cache did so far in this process: memory hits, disk hits, misses (solves),
    and the solutions held in memory now."""

    hits: int
    disk_hits: int
    misses: int
    entries: int

    def _repr_html_(self) -> str:
        return html_fields(self, title="Solution cache")


class _Memory:
    """A thread-safe bounded LRU of solutions with hit counters."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, ParametricSolution] = OrderedDict()
        self.hits = self.disk_hits = self.misses = 0

    def get(self, key: str) -> ParametricSolution | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                self.hits += 1
            return found

    def put(self, key: str, solution: ParametricSolution) -> None:
        with self.lock:
            self.entries[key] = solution
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def count(self, kind: str) -> None:
        with self.lock:
            setattr(self, kind, getattr(self, kind) + 1)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.hits = self.disk_hits = self.misses = 0


_MEMORY = _Memory(MEMORY_ENTRIES)


class _Keys:
    """The keys of the games last looked up, by identity. Games and spaces are immutable, so
    while both objects live their key cannot change; computing it prints every formula (0.03
    s for the ceasefire game, a tenth of a sweep whose solution is cached)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple[int, int, str], tuple] = OrderedDict()

    def key(self, game: object, space: ParameterSpace | None, concept: str) -> str | None:
        ident = (id(game), id(space), concept)
        with self.lock:
            entry = self.entries.get(ident)
            # Live weak references to these very objects: an id reused after a game was
            # collected does not match.
            if entry is not None and entry[0]() is game and entry[1]() is space:
                self.entries.move_to_end(ident)
                return entry[2]
        key = solution_key(game, space, concept)
        try:
            game_ref = weakref.ref(game)
            space_ref = weakref.ref(space) if space is not None else _no_space
        except TypeError:  # an object without weak references is not remembered
            return key
        with self.lock:
            self.entries[ident] = (game_ref, space_ref, key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return key

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def _no_space() -> None:
    return None


_KEYS = _Keys(MEMORY_ENTRIES)


def cached_solution(
    game: object,
    space: ParameterSpace | None,
    concept: str,
    solve: Callable[[], ParametricSolution],
) -> ParametricSolution:
    """The solution of ``game`` over ``space`` under ``concept``: from the memory cache, else
    the disk cache, else ``solve()`` (whose result is then cached).

    ``concept`` is the concept's registered name (not ``"default"``). A game or space whose
    content cannot be hashed (an unknown kind of value in it) is solved without the cache.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> model = load_model("models/chicken.toml")
    >>> from bargaining.analysis.parametric_nash import parametric_nash
    >>> def solve():
    ...     return parametric_nash(model.game(), model.parameters)
    >>> clear_cache()
    >>> first = cached_solution(model.game(), model.parameters, "nash", solve)
    >>> second = cached_solution(model.game(), model.parameters, "nash", solve)
    >>> first is second, cache_info().hits
    (True, 1)
    """
    key = _KEYS.key(game, space, concept)
    if key is None:
        return solve()
    found = _MEMORY.get(key)
    if found is not None:
        return found
    folder = cache_directory()
    if folder is not None and space is not None:
        found = _read(folder, key, game, space)
        if found is not None:
            _MEMORY.count("disk_hits")
            _MEMORY.put(key, found)
            return found
    _MEMORY.count("misses")
    started = time.perf_counter()
    solution = solve()
    seconds = time.perf_counter() - started
    _MEMORY.put(key, solution)
    # A file is read back with the caller's game: written only where the solver kept it as
    # given (not where it renamed the game's symbols to the space's).
    worth_a_file = seconds >= DISK_MIN_SECONDS and solution.game == game
    if folder is not None and space is not None and worth_a_file:
        _write(folder, key, solution)
    return solution


def clear_cache(*, disk: bool = False) -> None:
    """Forget every cached parametric solution of this process (and, with ``disk``, delete
    the disk cache's files too).

    >>> clear_cache()
    >>> cache_info().entries
    0
    """
    _MEMORY.clear()
    _KEYS.clear()
    folder = cache_directory() if disk else None
    if folder is not None and folder.is_dir():
        for path in folder.glob("*.json"):
            path.unlink(missing_ok=True)


def cache_info() -> CacheInfo:
    """Counts of memory hits, disk hits and misses since the last :func:`clear_cache`.

    >>> isinstance(cache_info().misses, int)
    True
    """
    with _MEMORY.lock:
        return CacheInfo(_MEMORY.hits, _MEMORY.disk_hits, _MEMORY.misses, len(_MEMORY.entries))


def cache_directory(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder of the disk cache, or None when it is turned off.

    ``BARGAINING_CACHE_DIR`` when set, else ``parametric`` in the user's cache folder
    (``platformdirs.user_cache_dir("bargaining")`` where platformdirs is installed,
    ``~/.cache/bargaining`` otherwise).

    >>> cache_directory({"BARGAINING_CACHE": "off"}) is None
    True
    >>> cache_directory({"BARGAINING_CACHE_DIR": "/tmp/mine"}).as_posix()
    '/tmp/mine'
    """
    environ = os.environ if environ is None else environ
    if environ.get(CACHE_VARIABLE, "").strip().lower() in _OFF:
        return None
    if environ.get(CACHE_DIR_VARIABLE):
        return Path(environ[CACHE_DIR_VARIABLE])
    try:
        import platformdirs  # optional: the platform's own cache folder
    except ImportError:
        return Path.home() / ".cache" / "bargaining" / "parametric"
    return Path(platformdirs.user_cache_dir("bargaining")) / "parametric"


# -- the key -----------------------------------------------------------------------------------


def solution_key(game: object, space: ParameterSpace | None, concept: str) -> str | None:
    """A SHA-256 hex digest of everything the solution depends on: the game's content, the
    space's parameters, the concept, the code of bargaining (:func:`code_fingerprint`) and
    sympy's version. None when some value in the game has no canonical form here (the game is
    then not cached).

    Two games with the same content give the same key, in any process:

    >>> from bargaining.model import load_model
    >>> first, second = load_model("models/chicken.toml"), load_model("models/chicken.toml")
    >>> key = solution_key(first.game(), first.parameters, "nash")
    >>> key == solution_key(second.game(), second.parameters, "nash"), len(key)
    (True, 64)
    >>> key == solution_key(first.game(), first.parameters, "other")
    False
    """
    digest = hashlib.sha256()
    try:
        for part in (_FORMAT, code_fingerprint(), sympy.__version__, type(game).__qualname__):
            _feed(digest, part)
        for part in (concept, game, space):
            _feed(digest, part)
    except (TypeError, RecursionError):
        return None
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A SHA-256 hex digest of the package's version and of every one of its Python source
    files, read once per process: any change to the solvers (a new release, or an edit in a
    development checkout) invalidates the disk cache, so it never answers with an old
    solver's solution.

    >>> len(code_fingerprint())
    64
    """
    from bargaining import __version__

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        _feed(digest, path.relative_to(package).as_posix())
        _feed(digest, path.read_bytes().decode("utf-8", "replace"))
    return digest.hexdigest()


def _feed(digest, value: object) -> None:
    """Hash a canonical, unambiguous form of ``value`` (each token length-prefixed)."""

    def token(tag: str, text: str = "") -> None:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(f"{tag}{len(data)}:".encode())
        digest.update(data)

    if value is None or isinstance(value, bool | int | float | str | Fraction):
        token(type(value).__name__, repr(value))
    elif isinstance(value, sympy.Basic):
        token("sympy", sympy.srepr(value))
    elif isinstance(value, np.ndarray):
        token("array", f"{value.shape}{value.dtype}")
        for item in value.flat:
            _feed(digest, item)
    elif isinstance(value, tuple | list):
        token(type(value).__name__, str(len(value)))
        for item in value:
            _feed(digest, item)
    elif isinstance(value, Mapping):
        token("mapping", str(len(value)))
        for key, item in value.items():
            _feed(digest, key)
            _feed(digest, item)
    elif isinstance(value, frozenset | set):
        token("set", str(len(value)))
        for item in sorted(value, key=repr):
            _feed(digest, item)
    elif isinstance(value, ParameterSpace):
        token("space")
        _feed(digest, tuple(value))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        token("dataclass", f"{type(value).__module__}.{type(value).__qualname__}")
        for field in dataclasses.fields(value):
            _feed(digest, field.name)
            _feed(digest, getattr(value, field.name))
    else:
        raise TypeError(f"no canonical form for a {type(value).__name__}")


# -- the disk ----------------------------------------------------------------------------------


def _checksum(payload: object) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _versions() -> dict[str, str]:
    return {"format": _FORMAT, "code": code_fingerprint(), "sympy": sympy.__version__}


def _read(folder: Path, key: str, game: object, space: ParameterSpace):
    path = folder / f"{key}.json"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        if any(data.get(name) != value for name, value in _versions().items()):
            return None
        if data.get("checksum") != _checksum(data.get("solution")):
            return None
        fields = decode_solution_fields(data["solution"], space.symbols)
        os.utime(path)  # recently used: kept longest
    except (OSError, ValueError, RecursionError):  # missing, unreadable or malformed: a miss
        return None
    return ParametricSolution(game=game, space=space, **fields)


def _write(folder: Path, key: str, solution: ParametricSolution) -> None:
    """Write a solution's file atomically (a reader never sees half a file); a solution that
    cannot be written exactly, or a folder that cannot be written, is left out silently."""
    try:
        payload = encode_solution(solution)
    except (ValueError, RecursionError):
        return
    data = {**_versions(), "key": key, "checksum": _checksum(payload), "solution": payload}
    target = folder / f"{key}.json"
    staging = temporary_path(target, "tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(staging, target)
        _prune(folder)
    except OSError:
        staging.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in files[DISK_ENTRIES:]:
        path.unlink(missing_ok=True)

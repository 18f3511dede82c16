"""Equilibrium-solver benchmarks: bargaining against pygambit, QuantEcon and nashpy.

Run from the repository root::

    python benchmarks/bench_equilibria.py            # full run, about 3 minutes
    python benchmarks/bench_equilibria.py --quick    # smaller sizes, fewer repeats, 20-30 s
    python benchmarks/bench_equilibria.py --profile  # also print cProfile hot spots

Every time is wall-clock (``time.perf_counter``) of one solver call on a game built beforehand
(building the game is not timed, except in the separate build table of section 5). Each call is
repeated up to N times within a time budget; tables show the best time, and the detailed tables
also the median. QuantEcon's numba-compiled solvers are warmed up on a small game first and
their first call on each benchmark game is discarded. Performance targets are ratios against
the peers measured in the same run, never absolute times.

The von Stengel (1999) 6x6 game with 75 equilibria is read at run time from the shared
conformance catalogue (section 1 and the nashpy check are skipped when the file is missing).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import math
import os
import platform
import pstats
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import metadata
from pathlib import Path

import numpy as np

import bargaining

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional peer
    gbt = None
try:
    from quantecon import game_theory as qe_gt
except ImportError:  # pragma: no cover - optional peer
    qe_gt = None
try:
    import nashpy
except ImportError:  # pragma: no cover - optional peer
    nashpy = None

VON_STENGEL_75 = Path(
    "/work/shared/conformance/games/catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg"
)
MATCH_TOLERANCE = 1e-6  # float profile vs exact profile, max abs difference of probabilities
REGRET_TOLERANCE = 1e-12  # a float profile is an equilibrium: regret / payoff range at most this
PROBABILITY_TOLERANCE = 1e-9  # a float profile's vectors: no entry below -this, sums within this


# -- configuration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    repeats: int  # at most this many timed calls per measurement
    budget: float  # seconds: stop repeating once this much time is spent
    random_8x8_games: int
    growth_sizes: tuple[int, ...]
    growth_games: int
    gambit_exact_max_size: int  # Gambit's exact enummixed is skipped above this size
    identity_sizes: tuple[int, ...]
    ternary_sizes: tuple[int, ...]
    ternary_games: int
    pure_sizes: tuple[int, ...]
    pure_games: int


FULL = Config(
    repeats=15,
    budget=2.0,
    random_8x8_games=5,
    growth_sizes=tuple(range(2, 11)),
    growth_games=2,
    gambit_exact_max_size=9,
    identity_sizes=(4, 5, 6, 7),
    ternary_sizes=(4, 6, 8),
    ternary_games=2,
    pure_sizes=(5, 10, 15, 20),
    pure_games=3,
)
QUICK = Config(
    repeats=5,
    budget=0.5,
    random_8x8_games=2,
    growth_sizes=tuple(range(2, 9)),
    growth_games=1,
    gambit_exact_max_size=7,
    identity_sizes=(4, 5, 6),
    ternary_sizes=(4, 6),
    ternary_games=1,
    pure_sizes=(5, 10, 20),
    pure_games=1,
)


# -- timing and formatting --------------------------------------------------------------------


@dataclass
class Timing:
    best: float
    median: float
    runs: int
    result: object


def measure(
    function: Callable[[], object], config: Config, *, discard_first: bool = False
) -> Timing:
    """Time ``function`` up to ``config.repeats`` times, stopping early past ``config.budget``.

    With ``discard_first`` one untimed call comes first (numba specialisation, caches).
    """
    if discard_first:
        function()
    gc.collect()
    times: list[float] = []
    result = None
    spent = 0.0
    while len(times) < config.repeats and (not times or spent < config.budget):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return Timing(min(times), statistics.median(times), len(times), result)


def fmt_time(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table with aligned columns."""
    cells = [[str(cell) for cell in headers]] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            + " |"
        )

    separator = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(cells[0]), separator, *(line(row) for row in cells[1:])])


def heading(text: str) -> None:
    print(f"\n## {text}\n", flush=True)


def geometric_mean(values: Sequence[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


# -- games ------------------------------------------------------------------------------------


def random_bimatrix(size: int, seed: int, low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(low, high, size=(size, size), endpoint=True)
    b = rng.integers(low, high, size=(size, size), endpoint=True)
    return a, b


def _nfg_tokens(text: str) -> list[str]:
    return re.findall(r'"(?:[^"\\]|\\.)*"|[{}]|[^\s{}"]+', text)


def _closing_brace(tokens: Sequence[str], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index] == "{":
            depth += 1
        elif tokens[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("unbalanced braces in NFG file")


def read_nfg_bimatrix(path: Path) -> tuple[list[list[int]], list[list[int]]]:
    """Payoff matrices (A, B) of a two-player Gambit NFG file in the flat payoff format."""
    tokens = _nfg_tokens(path.read_text())
    if tokens[:2] != ["NFG", "1"] or tokens[2] not in ("R", "D"):
        raise ValueError(f"{path}: not an NFG version 1 file")
    index = 3
    if tokens[index].startswith('"'):  # title
        index += 1
    index = _closing_brace(tokens, index) + 1  # player names
    end = _closing_brace(tokens, index)
    inner = tokens[index + 1 : end]
    dims: list[int] = []
    position = 0
    while position < len(inner):
        if inner[position] == "{":
            close = _closing_brace(inner, position)
            dims.append(close - position - 1)
            position = close + 1
        else:
            dims.append(int(inner[position]))
            position += 1
    rest = tokens[end + 1 :]
    if rest and rest[0].startswith('"'):  # optional comment
        rest = rest[1:]
    if len(dims) != 2 or len(rest) != 2 * dims[0] * dims[1] or "{" in rest:
        raise ValueError(f"{path}: expected a two-player game with a flat payoff list")
    values = [Fraction(token) for token in rest]
    if any(value.denominator != 1 for value in values):
        raise ValueError(f"{path}: expected integer payoffs")
    m, n = dims
    a = [[0] * n for _ in range(m)]
    b = [[0] * n for _ in range(m)]
    flat = iter(values)
    for column in range(n):  # player 1's strategy varies fastest
        for row in range(m):
            a[row][column] = int(next(flat))
            b[row][column] = int(next(flat))
    return a, b


@dataclass
class Bimatrix:
    """One two-player game in every library's representation."""

    name: str
    a: np.ndarray  # int64
    b: np.ndarray
    game: bargaining.NormalFormGame
    gambit: object
    quantecon: object

    @classmethod
    def build(cls, name: str, a, b) -> Bimatrix:
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        game = bargaining.NormalFormGame.from_arrays([a.tolist(), b.tolist()])
        gambit = gbt.Game.from_arrays(a, b) if gbt else None
        quantecon = qe_gt.NormalFormGame(np.dstack([a, b]).astype(float)) if qe_gt else None
        return cls(name, a, b, game, gambit, quantecon)


# -- profile conversion and checks ------------------------------------------------------------


def bargaining_profiles(equilibria) -> list[tuple]:
    return [tuple(p for vector in eq.strategies for p in vector) for eq in equilibria]


def exact_key(profile: Sequence[object]) -> tuple[Fraction, ...]:
    return tuple(Fraction(p) for p in profile)


def gambit_profiles(game, result, *, exact: bool) -> list[tuple]:
    profiles = []
    for eq in result.equilibria:
        values = [eq[s] for player in game.players for s in player.strategies]
        profiles.append(tuple(Fraction(str(v)) if exact else float(v) for v in values))
    return profiles


def match_to_exact(
    float_profiles: Sequence[Sequence[float]], exact_profiles: Sequence[Sequence[Fraction]]
) -> tuple[int, int]:
    """(number of distinct exact profiles matched, number of float profiles matching none)."""
    if not float_profiles:
        return 0, 0
    if not exact_profiles:
        return 0, len(float_profiles)
    exact = np.array([[float(p) for p in profile] for profile in exact_profiles])
    matched: set[int] = set()
    unmatched = 0
    for profile in float_profiles:
        distance = np.abs(exact - np.asarray(profile, dtype=float)).max(axis=1)
        nearest = int(distance.argmin())
        if distance[nearest] <= MATCH_TOLERANCE:
            matched.add(nearest)
        else:
            unmatched += 1
    return len(matched), unmatched


def exact_regret(a: np.ndarray, b: np.ndarray, profile: Sequence[object]) -> Fraction:
    """Largest gain from a unilateral deviation, exactly, for the profile as given (floats are
    converted exactly); a probability vector that is negative or does not sum to one counts as
    infinitely bad. Scaled by the payoff range so that the result is dimensionless."""
    m, n = a.shape
    x = [Fraction(p) for p in profile[:m]]
    y = [Fraction(p) for p in profile[m:]]
    spread = Fraction(int(max(a.max(), b.max()) - min(a.min(), b.min())) or 1)
    for vector in (x, y):
        total = sum(vector)
        if (
            total <= 0
            or min(vector) < -PROBABILITY_TOLERANCE
            or abs(total - 1) > PROBABILITY_TOLERANCE
        ):
            return Fraction(10**9)
    a_rows, b_rows = a.tolist(), b.tolist()
    row_values = [sum(a_rows[i][j] * y[j] for j in range(n)) for i in range(m)]
    column_values = [sum(x[i] * b_rows[i][j] for i in range(m)) for j in range(n)]
    row_regret = max(row_values) - sum(x[i] * row_values[i] for i in range(m))
    column_regret = max(column_values) - sum(y[j] * column_values[j] for j in range(n))
    return max(row_regret, column_regret) / spread


# -- solvers, as zero-argument callables ------------------------------------------------------


def solver_calls(game: Bimatrix) -> dict[str, tuple[Callable[[], object], bool]]:
    """name -> (call, discard_first)."""
    calls: dict[str, tuple[Callable[[], object], bool]] = {
        "bargaining exact": (lambda: bargaining.nash_equilibria(game.game), False),
        "bargaining float": (lambda: bargaining.nash_equilibria(game.game, exact=False), False),
    }
    if gbt:
        calls["Gambit enummixed exact"] = (
            lambda: gbt.nash.enummixed_solve(game.gambit, rational=True),
            False,
        )
        calls["Gambit enummixed float"] = (
            lambda: gbt.nash.enummixed_solve(game.gambit, rational=False),
            False,
        )
    if qe_gt:
        calls["QuantEcon support_enumeration"] = (
            lambda: qe_gt.support_enumeration(game.quantecon),
            True,
        )
        calls["QuantEcon vertex_enumeration"] = (
            lambda: qe_gt.vertex_enumeration(game.quantecon),
            True,
        )
    return calls


def equilibrium_count(name: str, result) -> int:
    return len(result.equilibria) if name.startswith("Gambit") else len(result)


def warm_up() -> None:
    """One call of every solver on small games: imports, caches and numba compilation."""
    small = Bimatrix.build("warm-up", [[3, 0], [5, 1]], [[3, 5], [0, 1]])
    for function, _ in solver_calls(small).values():
        function()
    cube = [np.arange(8).reshape(2, 2, 2) % 3 for _ in range(3)]
    bargaining.pure_equilibria(bargaining.NormalFormGame.from_arrays([c.tolist() for c in cube]))
    if qe_gt:
        qe_gt.pure_nash_brute(qe_gt.NormalFormGame(np.stack(cube, axis=-1)))
    if gbt:
        gbt.nash.enumpure_solve(gbt.Game.from_arrays(*cube))


@dataclass
class Measured:
    timings: dict[str, Timing]
    counts: dict[str, int]
    exact_set_equal: bool | None  # bargaining exact == Gambit exact, as sets of Fractions
    float_matched: int  # distinct exact equilibria matched by bargaining's float results
    float_unmatched: int  # bargaining float results that match no exact equilibrium
    distinct: dict[str, int]  # distinct profiles, where a solver returned duplicates

    def count(self, name: str) -> str:
        """The number of results, with the number of distinct ones when they differ."""
        if name not in self.counts:
            return "-"
        raw, distinct = self.counts[name], self.distinct.get(name, self.counts[name])
        return str(raw) if raw == distinct else f"{raw} ({distinct} distinct)"


def distinct_float_count(profiles: Sequence[Sequence[float]]) -> int:
    """Number of distinct float profiles, rounded to 1e-8 (with -0.0 and 0.0 identified)."""
    return len({tuple((np.round(np.asarray(p, dtype=float), 8) + 0.0).tolist()) for p in profiles})


def run_all(game: Bimatrix, config: Config, *, gambit_exact: bool = True) -> Measured:
    timings: dict[str, Timing] = {}
    counts: dict[str, int] = {}
    for name, (function, discard_first) in solver_calls(game).items():
        if name == "Gambit enummixed exact" and not gambit_exact:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timings[name] = measure(function, config, discard_first=discard_first)
        counts[name] = equilibrium_count(name, timings[name].result)
    exact = {exact_key(p) for p in bargaining_profiles(timings["bargaining exact"].result)}
    distinct = {"bargaining exact": len(exact)}
    equal = None
    if "Gambit enummixed exact" in timings:
        reference = gambit_profiles(
            game.gambit, timings["Gambit enummixed exact"].result, exact=True
        )
        equal = exact == set(reference)
        distinct["Gambit enummixed exact"] = len(set(reference))
    floats = bargaining_profiles(timings["bargaining float"].result)
    distinct["bargaining float"] = distinct_float_count(floats)
    matched, unmatched = match_to_exact(floats, sorted(exact))
    return Measured(timings, counts, equal, matched, unmatched, distinct)


def best(measured: Measured, name: str) -> float | None:
    timing = measured.timings.get(name)
    return timing.best if timing else None


def quantecon_best(measured: Measured) -> float | None:
    values = [
        best(measured, name)
        for name in ("QuantEcon support_enumeration", "QuantEcon vertex_enumeration")
        if name in measured.timings
    ]
    return min(values) if values else None


# -- sections ---------------------------------------------------------------------------------


def print_machine() -> None:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    rows = [
        ("CPU", model),
        ("logical CPUs (usable)", f"{os.cpu_count()} ({affinity})"),
        ("OS", platform.platform()),
        ("Python", sys.version.split()[0] + f" ({platform.python_implementation()})"),
    ]
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        rows.append(("load average at start (1, 5, 15 min)", load))
    for package in ("bargaining", "numpy", "scipy", "sympy", "pygambit", "quantecon", "numba"):
        try:
            rows.append((package, metadata.version(package)))
        except metadata.PackageNotFoundError:
            rows.append((package, "not installed"))
    try:
        rows.append(("nashpy", metadata.version("nashpy")))
    except metadata.PackageNotFoundError:
        rows.append(("nashpy", "not installed"))
    heading("Machine")
    print(table(("item", "value"), rows))


SOLVER_ORDER = (
    "bargaining exact",
    "bargaining float",
    "Gambit enummixed exact",
    "Gambit enummixed float",
    "QuantEcon support_enumeration",
    "QuantEcon vertex_enumeration",
)


def load_von_stengel() -> Bimatrix | None:
    if not VON_STENGEL_75.exists():
        return None
    a, b = read_nfg_bimatrix(VON_STENGEL_75)
    game = Bimatrix.build("von Stengel 6x6 (75 eq)", a, b)
    if hasattr(bargaining, "read_game"):
        try:
            other = bargaining.read_game(VON_STENGEL_75)
            same = [[list(row) for row in other.payoff_array(i).tolist()] for i in (0, 1)] == [
                a,
                b,
            ]
            print(
                f"bargaining.read_game available; payoffs agree with the benchmark's parser: {same}"
            )
        except Exception as error:  # the reader is someone else's work in progress
            print(f"bargaining.read_game available but failed: {error!r}; using own parser")
    else:
        print("bargaining.read_game not available; using the benchmark's own NFG parser")
    return game


def section_75(game: Bimatrix | None, config: Config) -> dict[str, float]:
    heading("1. von Stengel's 6x6 game with 75 equilibria")
    if game is None:
        print(f"SKIPPED: {VON_STENGEL_75} is missing")
        return {}
    measured = run_all(game, config)
    rows = []
    for name in SOLVER_ORDER:
        if name in measured.timings:
            timing = measured.timings[name]
            rows.append(
                (
                    name,
                    fmt_time(timing.best),
                    fmt_time(timing.median),
                    timing.runs,
                    measured.count(name),
                )
            )
    print(table(("solver", "best", "median", "runs", "equilibria"), rows))
    exact_ratio = _ratio(
        best(measured, "Gambit enummixed exact"), best(measured, "bargaining exact")
    )
    float_ratio = _ratio(best(measured, "bargaining float"), quantecon_best(measured))
    print()
    print(
        table(
            ("ratio", "value", "target", "met"),
            [
                (
                    "Gambit exact / bargaining exact",
                    _x(exact_ratio),
                    ">= 10x",
                    _met(exact_ratio, 10, True),
                ),
                (
                    "bargaining float / QuantEcon best",
                    _x(float_ratio),
                    "<= 2x",
                    _met(float_ratio, 2, False),
                ),
                (
                    "bargaining float / Gambit float",
                    _x(
                        _ratio(
                            best(measured, "bargaining float"),
                            best(measured, "Gambit enummixed float"),
                        )
                    ),
                    "(info)",
                    "",
                ),
            ],
        )
    )
    print()
    for mode in ("bargaining exact", "bargaining float"):
        count = measured.counts[mode]
        print(f"{mode}: {count} equilibria -> {'OK' if count == 75 else 'MISMATCH (expected 75)'}")
    if measured.exact_set_equal is not None:
        verdict = "OK" if measured.exact_set_equal else "MISMATCH"
        print(f"bargaining exact set == Gambit exact set: {verdict}")
    print(
        f"bargaining float results matching an exact equilibrium: {measured.float_matched} "
        f"distinct, {measured.float_unmatched} unmatched"
    )
    return {"exact_ratio": exact_ratio, "float_ratio": float_ratio}


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return numerator / denominator


#: The columns of the random-game tables: each solver's time (b: bargaining, G: Gambit, QE:
#: QuantEcon's support and vertex enumeration), then the two ratios the targets are about.
TIMING_COLUMNS = (
    "b exact",
    "b float",
    "G exact",
    "G float",
    "QE supp",
    "QE vert",
    "G exact / b exact",
    "b float / QE best",
)


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _met(value: float | None, target: float, at_least: bool) -> str:
    if value is None:
        return "n/a"
    return "yes" if (value >= target if at_least else value <= target) else "NO"


def section_random_8x8(config: Config) -> dict[str, float]:
    heading("2. Random nondegenerate 8x8 games (integer payoffs in [-10^6, 10^6])")
    rows = []
    exact_ratios, float_ratios = [], []
    mismatches = []
    for index in range(config.random_8x8_games):
        seed = 8000 + index
        game = Bimatrix.build(f"seed {seed}", *random_bimatrix(8, seed, -(10**6), 10**6))
        measured = run_all(game, config)
        exact_ratio = _ratio(
            best(measured, "Gambit enummixed exact"), best(measured, "bargaining exact")
        )
        float_ratio = _ratio(best(measured, "bargaining float"), quantecon_best(measured))
        if exact_ratio:
            exact_ratios.append(exact_ratio)
        if float_ratio:
            float_ratios.append(float_ratio)
        counts = measured.counts
        count_text = "/".join(
            measured.count(name)
            for name in (
                "bargaining exact",
                "bargaining float",
                "Gambit enummixed exact",
                "QuantEcon support_enumeration",
                "QuantEcon vertex_enumeration",
            )
        )
        ok = measured.exact_set_equal is not False and measured.float_unmatched == 0
        ok &= measured.float_matched == counts["bargaining exact"]
        if not ok:
            mismatches.append(seed)
        rows.append(
            (
                seed,
                count_text,
                *(fmt_time(best(measured, name)) for name in SOLVER_ORDER),
                _x(exact_ratio),
                _x(float_ratio),
                "OK" if ok else "MISMATCH",
            )
        )
    headers = ("seed", "eq (bx/bf/gx/qs/qv)", *TIMING_COLUMNS, "sets")
    print(table(headers, rows))
    summary = {}
    print()
    if exact_ratios:
        summary["exact_min"] = min(exact_ratios)
        summary["exact_gmean"] = geometric_mean(exact_ratios)
        print(
            f"Gambit exact / bargaining exact: geometric mean {summary['exact_gmean']:.2f}x, "
            f"min {summary['exact_min']:.2f}x (target >= 10x: "
            f"{_met(summary['exact_min'], 10, True)} for every game)"
        )
    if float_ratios:
        summary["float_max"] = max(float_ratios)
        summary["float_gmean"] = geometric_mean(float_ratios)
        print(
            f"bargaining float / QuantEcon best: geometric mean {summary['float_gmean']:.2f}x, "
            f"max {summary['float_max']:.2f}x (target <= 2x: "
            f"{_met(summary['float_max'], 2, False)} for every game)"
        )
    print(
        "sets: bargaining exact == Gambit exact (Fractions) and every bargaining float result "
        "matches one exact equilibrium within 1e-6, covering all of them"
    )
    if mismatches:
        print(f"MISMATCH on seeds {mismatches}")
    return summary


def section_growth(config: Config) -> None:
    heading("3. Growth with size: square random games, payoffs in [-10^6, 10^6]")
    rows = []
    for size in config.growth_sizes:
        per_solver: dict[str, list[float]] = {}
        counts = []
        checks = []
        for index in range(config.growth_games):
            seed = 1000 * size + index
            game = Bimatrix.build(f"{size}x{size}", *random_bimatrix(size, seed, -(10**6), 10**6))
            measured = run_all(game, config, gambit_exact=size <= config.gambit_exact_max_size)
            exact_count = measured.counts["bargaining exact"]
            counts.append(exact_count)
            float_ok = measured.float_unmatched == 0 and (
                measured.float_matched == exact_count == measured.counts["bargaining float"]
            )
            if measured.exact_set_equal is False or not float_ok:
                checks.append(f"MISMATCH seed {seed}")
            elif measured.exact_set_equal is None:
                checks.append("float=exact")
            else:
                checks.append("OK")
            for name, timing in measured.timings.items():
                per_solver.setdefault(name, []).append(timing.best)

        def mean(name: str, per_solver=per_solver) -> float | None:
            values = per_solver.get(name)
            return statistics.mean(values) if values else None

        qe = min(
            (v for v in (mean(SOLVER_ORDER[4]), mean(SOLVER_ORDER[5])) if v is not None),
            default=None,
        )
        rows.append(
            (
                f"{size}x{size}",
                "/".join(map(str, counts)),
                *(fmt_time(mean(name)) for name in SOLVER_ORDER),
                _x(_ratio(mean("Gambit enummixed exact"), mean("bargaining exact"))),
                _x(_ratio(mean("bargaining float"), qe)),
                ", ".join(dict.fromkeys(checks)),
            )
        )
    headers = ("size", "equilibria", *TIMING_COLUMNS, "check")
    print(
        f"{config.growth_games} game(s) per size (seed 1000*size + i); each cell is the mean over "
        f"the games of the best-of-N time. Gambit exact is skipped above "
        f"{config.gambit_exact_max_size}x{config.gambit_exact_max_size} (tens of seconds a game)."
        " check: OK = bargaining exact equals Gambit exact as sets of fractions and the float"
        " results match the exact ones one to one (float=exact: the latter only, where Gambit"
        " exact is skipped)."
    )
    print()
    print(table(headers, rows))


def ternary_verdict(
    *, sets_differ: bool, float_wrong: bool, float_duplicates: bool, float_missing: bool
) -> str:
    problems = [
        text
        for flag, text in (
            (sets_differ, "exact sets differ"),
            (float_wrong, "float non-equilibria"),
            (float_missing, "float misses some"),
            (float_duplicates, "float duplicates"),
        )
        if flag
    ]
    return "OK" if not problems else "MISMATCH: " + ", ".join(problems)


def section_degenerate(config: Config, von_stengel: Bimatrix | None) -> None:
    heading("4. Degenerate games and nashpy")
    print("### 4a. Identity (coordination) games: 2^n - 1 equilibria\n")
    rows = []
    for n in config.identity_sizes:
        identity = np.eye(n, dtype=np.int64)
        game = Bimatrix.build(f"identity {n}", identity, identity)
        measured = run_all(game, config)
        counts = measured.counts
        expected = 2**n - 1
        ok = counts["bargaining exact"] == expected == counts["bargaining float"]
        ok &= measured.exact_set_equal is not False
        rows.append(
            (
                f"{n}x{n}",
                expected,
                measured.count("bargaining exact"),
                measured.count("bargaining float"),
                measured.count("Gambit enummixed exact"),
                counts.get("QuantEcon support_enumeration", "-"),
                counts.get("QuantEcon vertex_enumeration", "-"),
                fmt_time(best(measured, "bargaining exact")),
                fmt_time(best(measured, "bargaining float")),
                fmt_time(best(measured, "Gambit enummixed exact")),
                "OK" if ok else "MISMATCH",
            )
        )
    print(
        table(
            (
                "game",
                "expected",
                "b exact",
                "b float",
                "G exact",
                "QE supp",
                "QE vert",
                "t b exact",
                "t b float",
                "t G exact",
                "check",
            ),
            rows,
        )
    )

    print("\n### 4b. Random games with payoffs in {-1, 0, 1}\n")
    rows = []
    notes = []
    for size in config.ternary_sizes:
        for index in range(config.ternary_games):
            seed = 300 + 10 * size + index
            a, b = random_bimatrix(size, seed, -1, 1)
            game = Bimatrix.build(f"{size}x{size} seed {seed}", a, b)
            measured = run_all(game, config)
            counts = measured.counts
            exact = bargaining_profiles(measured.timings["bargaining exact"].result)
            exact_set = {exact_key(p) for p in exact}
            gambit_set = set()
            if "Gambit enummixed exact" in measured.timings:
                gambit_set = set(
                    gambit_profiles(
                        game.gambit, measured.timings["Gambit enummixed exact"].result, exact=True
                    )
                )
            only_b = exact_set - gambit_set
            only_g = gambit_set - exact_set
            floats = bargaining_profiles(measured.timings["bargaining float"].result)
            float_bad = sum(exact_regret(a, b, p) > REGRET_TOLERANCE for p in floats)
            rows.append(
                (
                    game.name,
                    measured.count("bargaining exact"),
                    measured.count("bargaining float"),
                    measured.count("Gambit enummixed exact"),
                    f"{len(only_b)}/{len(only_g)}",
                    f"{measured.float_matched}/{measured.float_unmatched}/{float_bad}",
                    counts.get("QuantEcon support_enumeration", "-"),
                    counts.get("QuantEcon vertex_enumeration", "-"),
                    fmt_time(best(measured, "bargaining exact")),
                    fmt_time(best(measured, "bargaining float")),
                    fmt_time(best(measured, "Gambit enummixed exact")),
                    ternary_verdict(
                        sets_differ=bool(only_b or only_g),
                        float_wrong=bool(float_bad or measured.float_unmatched),
                        float_duplicates=counts["bargaining float"] > counts["bargaining exact"],
                        float_missing=measured.float_matched < len(exact_set),
                    ),
                )
            )
            for label, extra in (("bargaining only", only_b), ("Gambit only", only_g)):
                for profile in sorted(extra):
                    regret = exact_regret(a, b, profile)
                    verdict = (
                        "equilibrium"
                        if regret == 0
                        else f"NOT an equilibrium (regret {float(regret):.3g})"
                    )
                    x = [str(p) for p in profile[:size]]
                    y = [str(p) for p in profile[size:]]
                    notes.append(f"{game.name}: {label}: {verdict} x={x} y={y}")
    print(
        table(
            (
                "game",
                "b exact",
                "b float",
                "G exact",
                "only b / only G",
                "b float: match/unmatched/not eq",
                "QE supp",
                "QE vert",
                "t b exact",
                "t b float",
                "t G exact",
                "check",
            ),
            rows,
        )
    )
    print(
        "\n'only b / only G': exact equilibria found by bargaining but not Gambit / by Gambit but "
        "not bargaining. 'b float': results within 1e-6 of a distinct exact equilibrium / results "
        "matching none / results whose regret exceeds "
        f"{REGRET_TOLERANCE:g} of the payoff range. 'n (k distinct)': n results, k distinct after "
        "rounding to 1e-8."
    )
    for note in notes:
        print("  " + note)

    print("\n### 4c. nashpy on von Stengel's 75-equilibrium game\n")
    if von_stengel is None or nashpy is None:
        print("SKIPPED: game file or nashpy missing")
        return
    a, b = von_stengel.a, von_stengel.b
    exact = sorted(
        exact_key(p) for p in bargaining_profiles(bargaining.nash_equilibria(von_stengel.game))
    )
    nash_game = nashpy.Game(a, b)
    rows = []
    histograms = []
    for method in ("support_enumeration", "vertex_enumeration"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            found = list(getattr(nash_game, method)())
            elapsed = time.perf_counter() - start
        profiles = [tuple(float(p) for vector in eq for p in vector) for eq in found]
        regrets = [exact_regret(a, b, p) for p in profiles]
        good = [r for r in regrets if r <= REGRET_TOLERANCE]
        bad = [r for r in regrets if r > REGRET_TOLERANCE]
        matched, unmatched = match_to_exact(profiles, exact)
        rows.append(
            (
                f"nashpy {method}",
                fmt_time(elapsed),
                len(profiles),
                len(good),
                len(bad),
                matched,
                unmatched,
                f"{float(max(good)):.1e}" if good else "-",
                f"{float(min(bad)):.1e}" if bad else "-",
            )
        )
        decades: dict[int, int] = {}
        for regret in regrets:
            decade = math.floor(math.log10(regret)) if regret > 0 else -99
            decades[decade] = decades.get(decade, 0) + 1
        histograms.append(
            (
                f"nashpy {method}",
                ", ".join(
                    ("0" if d == -99 else f"[1e{d},1e{d + 1})") + f": {count}"
                    for d, count in sorted(decades.items())
                ),
            )
        )
    print(
        table(
            (
                "solver",
                "time (1 run)",
                "profiles",
                "equilibria",
                "not equilibria",
                "distinct of the 75",
                "matching none of the 75",
                "max regret (eq)",
                "min regret (not eq)",
            ),
            rows,
        )
    )
    print(
        "\nregret: largest gain from a unilateral deviation, computed exactly in Fractions from "
        "nashpy's float profile (floats converted exactly), divided by the payoff range "
        f"({int(max(a.max(), b.max()) - min(a.min(), b.min()))}); a profile counts as an "
        f"equilibrium when it is <= {REGRET_TOLERANCE:g} (float rounding of a true equilibrium "
        "gives about 1e-17). 'distinct of the 75' / 'matching none': profiles within 1e-6 "
        "(max abs probability difference) of an exact equilibrium found by bargaining.\n"
    )
    print(table(("solver", "profiles per decade of relative regret"), histograms))


def section_pure(config: Config) -> dict[str, float]:
    heading("5. pure_equilibria on random 3-player games (integer payoffs in [-1000, 1000])")
    rows = []
    build_rows = []
    summary: dict[str, float] = {}
    for size in config.pure_sizes:
        sums: dict[str, float] = {}
        build: dict[str, float] = {}
        counts = []
        agree = True
        for index in range(config.pure_games):
            seed = 500 + 10 * size + index
            rng = np.random.default_rng(seed)
            arrays = [rng.integers(-1000, 1000, size=(size,) * 3, endpoint=True) for _ in range(3)]
            lists = [array.tolist() for array in arrays]
            builders = {
                "bargaining": lambda lists=lists: bargaining.NormalFormGame.from_arrays(lists),
                "QuantEcon": lambda arrays=arrays: qe_gt.NormalFormGame(np.stack(arrays, axis=-1)),
                "Gambit": lambda arrays=arrays: gbt.Game.from_arrays(*arrays),
            }
            games = {}
            for name, builder in builders.items():
                if (name == "QuantEcon" and not qe_gt) or (name == "Gambit" and not gbt):
                    continue
                timing = measure(builder, config)
                games[name] = timing.result
                build[name] = build.get(name, 0.0) + timing.best
            calls = {
                "bargaining": (lambda g=games["bargaining"]: bargaining.pure_equilibria(g), False),
            }
            if "QuantEcon" in games:
                calls["QuantEcon"] = (lambda g=games["QuantEcon"]: qe_gt.pure_nash_brute(g), True)
            if "Gambit" in games:
                calls["Gambit"] = (lambda g=games["Gambit"]: gbt.nash.enumpure_solve(g), False)
            profiles = {}
            for name, (function, discard_first) in calls.items():
                timing = measure(function, config, discard_first=discard_first)
                sums[name] = sums.get(name, 0.0) + timing.best
                if name == "bargaining":
                    profiles[name] = sorted(
                        tuple(vector.index(1) for vector in (list(v) for v in eq.strategies))
                        for eq in timing.result
                    )
                elif name == "QuantEcon":
                    profiles[name] = sorted(tuple(int(i) for i in eq) for eq in timing.result)
                else:
                    gambit_game = games["Gambit"]
                    profiles[name] = sorted(
                        tuple(
                            next(k for k, s in enumerate(player.strategies) if float(eq[s]) == 1.0)
                            for player in gambit_game.players
                        )
                        for eq in timing.result.equilibria
                    )
            counts.append(len(profiles["bargaining"]))
            if any(p != profiles["bargaining"] for p in profiles.values()):
                agree = False
                print(
                    f"MISMATCH {size}^3 seed {seed}: "
                    + ", ".join(f"{k}={v}" for k, v in profiles.items())
                )
        games_count = config.pure_games
        mean = {name: total / games_count for name, total in sums.items()}
        qe_ratio = _ratio(mean.get("QuantEcon"), mean["bargaining"])
        gambit_ratio = _ratio(mean.get("Gambit"), mean["bargaining"])
        if size == max(config.pure_sizes):
            summary = {"quantecon": qe_ratio, "gambit": gambit_ratio, "size": size}
        rows.append(
            (
                f"{size}x{size}x{size}",
                "/".join(map(str, counts)),
                fmt_time(mean["bargaining"]),
                fmt_time(mean.get("QuantEcon")),
                fmt_time(mean.get("Gambit")),
                _x(qe_ratio),
                _x(gambit_ratio),
                "OK" if agree else "MISMATCH",
            )
        )
        build_rows.append(
            (f"{size}x{size}x{size}", *(fmt_time(build.get(n, 0) / games_count) for n in builders))
        )
    print(
        f"{config.pure_games} game(s) per size (seed 500 + 10*size + i); each time is the mean "
        "over the games of the best-of-N solve time on a prebuilt game. Ratios > 1 mean "
        "bargaining is faster."
    )
    print()
    print(
        table(
            (
                "size",
                "pure eq",
                "bargaining",
                "QE pure_nash_brute",
                "Gambit enumpure",
                "QE / bargaining",
                "Gambit / bargaining",
                "profiles agree",
            ),
            rows,
        )
    )
    print("\nGame construction (not part of the solve times above):\n")
    print(
        table(
            (
                "size",
                "bargaining NormalFormGame.from_arrays",
                "QuantEcon NormalFormGame",
                "Gambit Game.from_arrays",
            ),
            build_rows,
        )
    )
    return summary


def section_summary(results: dict[str, dict[str, float]]) -> None:
    heading("Targets")
    size = results.get("pure", {}).get("size")
    exact, fast = (
        "Gambit exact / bargaining exact >= 10x",
        "bargaining float / QuantEcon best <= 2x",
    )
    targets = (
        # (section, measure, what is compared against which target, at least it?, the target)
        ("75", "exact_ratio", f"exact, 75-eq game: {exact}", True, 10),
        ("75", "float_ratio", f"float, 75-eq game: {fast}", False, 2),
        ("8x8", "exact_min", f"exact, random 8x8: {exact} (worst game)", True, 10),
        ("8x8", "float_max", f"float, random 8x8: {fast} (worst game)", False, 2),
        (
            "pure",
            "quantecon",
            f"pure {size}^3: QuantEcon pure_nash_brute / bargaining >= 1x",
            True,
            1,
        ),
        ("pure", "gambit", f"pure {size}^3: Gambit enumpure_solve / bargaining >= 1x", True, 1),
    )
    rows = [
        (label, _x(value), _met(value, target, at_least))
        for section, measure, label, at_least, target in targets
        if results.get(section)
        for value in [results[section].get(measure)]
    ]
    print(table(("target", "measured", "met"), rows))


def profile_hot_spots(von_stengel: Bimatrix | None) -> None:
    heading("cProfile hot spots")
    cases: list[tuple[str, Callable[[], object]]] = []
    if von_stengel is not None:
        cases.append(("exact, 75-eq game", lambda: bargaining.nash_equilibria(von_stengel.game)))
        cases.append(
            (
                "float, 75-eq game",
                lambda: bargaining.nash_equilibria(von_stengel.game, exact=False),
            )
        )
    game8 = Bimatrix.build("8x8", *random_bimatrix(8, 8000, -(10**6), 10**6))
    cases.append(
        ("float, random 8x8 seed 8000", lambda: bargaining.nash_equilibria(game8.game, exact=False))
    )
    rng = np.random.default_rng(500 + 10 * 20)
    cube = bargaining.NormalFormGame.from_arrays(
        [rng.integers(-1000, 1000, size=(20, 20, 20), endpoint=True).tolist() for _ in range(3)]
    )
    cases.append(("pure 20^3", lambda: bargaining.pure_equilibria(cube)))
    for label, function in cases:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            function()
        profiler.disable()
        for order, restriction, title in (
            ("tottime", (), "top 10 by own time"),
            ("cumulative", ("bargaining/",), "bargaining functions, top 10 by cumulative time"),
        ):
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream).sort_stats(order)
            stats.print_stats(*restriction, 10)
            print(f"### {label}: 3 calls, {title}\n")
            print("```")
            lines = stream.getvalue().strip().splitlines()
            start = next(i for i, line in enumerate(lines) if "ncalls" in line)
            print("\n".join(line.replace(str(Path.cwd()) + "/", "") for line in lines[start:]))
            print("```\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--profile", action="store_true", help="print cProfile hot spots")
    args = parser.parse_args(argv)
    config = QUICK if args.quick else FULL
    started = time.perf_counter()
    print("# bargaining equilibrium benchmarks" + (" (--quick)" if args.quick else ""))
    print_machine()
    missing = [name for name, module in (("pygambit", gbt), ("quantecon", qe_gt)) if not module]
    if missing:
        print(f"\nmissing peers (their columns are empty): {', '.join(missing)}")
    print(
        f"\nrepeats: best of up to {config.repeats} calls, stopping once {config.budget:g} s "
        "are spent on one measurement (so slow calls run once or twice)"
    )
    warm_up()
    # Move the long-lived objects of the imports (sympy, numba, ...) out of the collector's
    # view, so that a full collection during a timed call costs the same for every library.
    gc.collect()
    gc.freeze()
    print()
    von_stengel = load_von_stengel()
    results = {}
    sections = (
        ("75", lambda: section_75(von_stengel, config)),
        ("8x8", lambda: section_random_8x8(config)),
        ("growth", lambda: section_growth(config)),
        ("degenerate", lambda: section_degenerate(config, von_stengel)),
        ("pure", lambda: section_pure(config)),
    )
    for key, run in sections:
        section_start = time.perf_counter()
        results[key] = run() or {}
        print(f"\n(section time: {time.perf_counter() - section_start:.1f} s)")
    section_summary(results)
    if args.profile:
        profile_hot_spots(von_stengel)
    print(f"\ntotal wall time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a mediator can reach at many points at once, by reusing optimal bases at numpy speed.

At each point the lowest and highest probability of each outcome, and of each player's payoff,
over the correlated equilibria (Aumann 1987, Econometrica 55(1), eq. 2.3) are linear programs
``max c.x  s.t.  G x >= 0, sum x = 1, x >= 0`` whose matrix ``G`` moves with the parameters.
An optimal basis read at one point (:func:`optimal_basis`: the support's tight rows and the sum
row for the primal, the rows with positive duals and the profiles priced at zero for the dual)
stays optimal wherever, re-solved there, its primal solution is feasible, its dual solution is
dual feasible and the two objectives agree (weak duality; the parametric programming of Gal
1995, *Postoptimal Analyses, Parametric Programming, and Related Topics*, ch. 4). Those checks
are a few batched ``numpy.linalg.solve`` calls for all points at once, so a point costs a linear
program (HiGHS) only when no basis found so far is optimal there; its basis is then reused for
the points still open. Exact tipping points along one lever are
:func:`~bargaining.solvers.mediator_pieces.mediator_pieces`; this is the sampled counterpart,
in floats within a relative tolerance of 1e-9.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from bargaining.display import data_frame, html_record, records_table
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import to_sympy
from bargaining.numeric_code import numeric_function
from bargaining.solvers.correlated import (
    correlated_lp,
    independent_rows,
    obedience_matrix,
    objective_vector,
    vertex_rows,
)

__all__ = [
    "BOUND_METHODS",
    "MediatorBounds",
    "OptimalBasis",
    "mediator_bounds",
    "mediator_point_values",
    "optimal_basis",
    "payoff_table",
]

BOUND_METHODS = ("bases", "lp")
"""How :func:`mediator_bounds` computes: reusing optimal bases, or one LP per point and bound."""

_DUAL_TOLERANCE = 1e-9  # duals above this count as positive when reading the dual basis
_REDUCED_TOLERANCE = 1e-7  # reduced costs below this (relative) count as zero
_CHECK_TOLERANCE = 1e-9  # relative slack allowed when checking a basis at a point
_POSSIBLE = 1e-9  # a probability above this counts as reachable, as in the sweeps
_GIVE_UP = 25  # new bases in a row that cover no other point: solve the rest by LP
_BLOCK_ENTRIES = 1 << 21  # obedience coefficients held at once (points x rows x profiles)


@dataclass(frozen=True)
class OptimalBasis:
    """Index sets of an optimal vertex of the correlated-equilibrium LP and of its dual.

    Attributes
    ----------
    support:
        The profiles (columns) with positive probability.
    rows:
        The primal system, square in ``support``: ``-1`` for the row ``sum x = 1``, else an
        obedience row met with equality.
    active:
        The obedience rows with a positive dual.
    priced:
        The dual system, square in ``active`` plus the value: profiles priced at zero.
    """

    support: np.ndarray
    rows: np.ndarray
    active: np.ndarray
    priced: np.ndarray


def optimal_basis(
    constraints: np.ndarray, cost: np.ndarray, maximize: bool
) -> tuple[OptimalBasis | None, float]:
    """Solve the LP at one point (HiGHS) and read its primal and dual bases.

    Returns the basis (None when the float solution does not determine square systems, as at
    some degenerate vertices) and the optimal value of ``cost . x``.

    >>> basis, value = optimal_basis(np.array([[1.0, -1.0]]), np.array([0.0, 1.0]), True)
    >>> basis.support.tolist(), basis.rows.tolist(), value
    ([0, 1], [-1, 0], 0.5)
    """
    x, duals = correlated_lp(constraints, cost, maximize)
    signed = cost if maximize else -cost
    support, tight = vertex_rows(constraints, x)
    system = np.vstack([np.ones((1, len(support))), constraints[np.ix_(tight, support)]])
    chosen = independent_rows(system, len(support))
    active = np.flatnonzero(duals > _DUAL_TOLERANCE)
    reduced = float(signed @ x) - duals @ constraints - signed
    priced = np.flatnonzero(np.abs(reduced) <= _REDUCED_TOLERANCE * (1.0 + np.abs(signed)))
    dual_system = np.hstack([-constraints[np.ix_(active, priced)].T, np.ones((len(priced), 1))])
    dual_chosen = independent_rows(dual_system, len(active) + 1)
    value = float(cost @ x)
    if chosen is None or dual_chosen is None:
        return None, value
    rows = np.concatenate([[-1], tight])[chosen]
    return OptimalBasis(support, rows, active, priced[dual_chosen]), value


def _batched_solve(matrices: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve each square system; a mask of those well conditioned (the others give zeros)."""
    if matrices.shape[-1] == 0:
        return np.zeros(rhs.shape), np.ones(len(rhs), dtype=bool)
    singular = np.linalg.svd(matrices, compute_uv=False)
    good = singular[:, -1] > 1e-12 * np.maximum(singular[:, 0], 1e-300)
    safe = np.where(good[:, None, None], matrices, np.eye(matrices.shape[-1]))
    solved = np.linalg.solve(safe, rhs[..., None])[..., 0]
    return np.where(good[:, None], solved, 0.0), good


def _optimal_at(
    basis: OptimalBasis, matrices: np.ndarray, signed: np.ndarray, scale: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where the basis is optimal among the points, and its primal solution ``x`` there."""
    count, _, columns = matrices.shape
    support, rows = basis.support, basis.rows
    primal = matrices[:, np.maximum(rows, 0)][:, :, support]
    primal[:, rows < 0, :] = 1.0
    x_support, ok = _batched_solve(primal, (rows < 0).astype(float)[None].repeat(count, 0))
    x = np.zeros((count, columns))
    x[:, support] = x_support
    active, priced = basis.active, basis.priced
    dual = np.concatenate(
        [
            -np.transpose(matrices[:, active][:, :, priced], (0, 2, 1)),
            np.ones((count, len(priced), 1)),
        ],
        axis=2,
    )
    solved, dual_ok = _batched_solve(dual, signed[:, priced])
    y, v = solved[:, :-1], solved[:, -1]
    reduced = v[:, None] - np.einsum("na,nac->nc", y, matrices[:, active]) - signed
    slack = np.einsum("nrc,nc->nr", matrices, x)
    tolerance = _CHECK_TOLERANCE * scale
    ok &= dual_ok
    ok &= (x_support >= -tolerance[:, None]).all(axis=1)
    ok &= (slack >= -tolerance[:, None]).all(axis=1)
    ok &= (y >= -tolerance[:, None]).all(axis=1)
    ok &= (reduced >= -tolerance[:, None]).all(axis=1)
    ok &= np.abs((signed * x).sum(axis=1) - v) <= tolerance
    return ok, x


def _extremes(
    matrices: np.ndarray,
    costs: np.ndarray,
    maximize: bool,
    method: str,
    bases: list[OptimalBasis],
) -> tuple[np.ndarray, int]:
    """The optimal value at every point, and the number of LPs solved. ``bases`` holds the
    bases found so far (on earlier blocks of points); new ones are appended."""
    count = len(matrices)
    signed = costs if maximize else -costs
    scale = np.maximum(
        1.0, np.maximum(np.abs(matrices).max(axis=(1, 2)), np.abs(costs).max(axis=1))
    )
    values = np.full(count, np.nan)
    open_points = np.arange(count)

    def cover(basis: OptimalBasis) -> int:
        nonlocal open_points
        ok, x = _optimal_at(basis, matrices[open_points], signed[open_points], scale[open_points])
        covered = open_points[ok]
        values[covered] = (costs[covered] * x[ok]).sum(axis=1)
        open_points = open_points[~ok]
        return len(covered)

    for basis in bases:
        if len(open_points):
            cover(basis)
    solves = misses = 0
    while len(open_points):
        point, open_points = open_points[0], open_points[1:]
        basis, values[point] = optimal_basis(matrices[point], costs[point], maximize)
        solves += 1
        if method == "lp" or basis is None or misses >= _GIVE_UP:
            continue
        bases.append(basis)
        misses = 0 if cover(basis) else misses + 1
    return values, solves


@dataclass(frozen=True)
class MediatorBounds:
    """The lowest and highest outcome probabilities and payoffs over the correlated
    equilibria, at many points.

    Attributes
    ----------
    outcome_min, outcome_max:
        Outcome name -> the lowest and highest probability a mediator can hold it to or reach.
    payoff_min, payoff_max:
        Player name -> the lowest and highest expected payoff over the correlated equilibria.
    solves:
        The number of linear programs solved (the rest of the values came from reused bases).
    """

    outcome_min: dict[str, np.ndarray]
    outcome_max: dict[str, np.ndarray]
    payoff_min: dict[str, np.ndarray]
    payoff_max: dict[str, np.ndarray]
    solves: int

    def __len__(self) -> int:
        return len(next(iter(self.payoff_max.values())))

    def columns(self) -> dict[str, np.ndarray]:
        """Every bound as a named column (``"min P(ceasefire)"``, ``"max payoff Russia"``...)."""
        named = {}
        for name in self.outcome_min:
            named[f"min P({name})"] = self.outcome_min[name]
            named[f"max P({name})"] = self.outcome_max[name]
        for name in self.payoff_min:
            named[f"min payoff {name}"] = self.payoff_min[name]
            named[f"max payoff {name}"] = self.payoff_max[name]
        return named

    def to_pandas(self):
        """The bounds as a :class:`pandas.DataFrame`, one row per point and one column per
        bound (pandas is an optional extra)."""
        columns = self.columns()
        rows = (
            {name: float(column[i]) for name, column in columns.items()} for i in range(len(self))
        )
        return data_frame(rows, what="MediatorBounds.to_pandas")

    def __repr__(self) -> str:
        return (
            f"MediatorBounds({len(self)} points, outcomes {sorted(self.outcome_min)}, "
            f"{self.solves} LPs solved)"
        )

    def _repr_html_(self) -> str:
        # A summary per bound: the table of a million points would not display.
        rows = [
            {"bound": name, "lowest": float(np.min(column)), "highest": float(np.max(column))}
            for name, column in self.columns().items()
        ]
        fields = [("points", len(self)), ("linear programs solved", self.solves)]
        return html_record("A mediator's reach at many points", fields, parts=[records_table(rows)])


def mediator_bounds(
    game: NormalFormGame, points: Mapping[str, object], *, method: str = "bases"
) -> MediatorBounds:
    """The mediator's reach on every outcome and payoff at many parameter points.

    Per point, the lowest and highest probability of each outcome and each player's lowest and
    highest expected payoff over the correlated equilibria (Aumann 1987, eq. 2.3): the
    sampled counterpart of :func:`~bargaining.solvers.mediator.mediator_reach`. With
    ``method="bases"`` optimal bases are reused across points (see the module docstring);
    ``"lp"`` solves one LP per point and bound, for comparison.

    Parameters
    ----------
    game:
        A game (payoffs may be formulas) whose profiles name outcomes.
    points:
        Parameter name -> 1-D arrays of equal length; every parameter of the game is needed.
    method:
        One of :data:`BOUND_METHODS`.

    Examples
    --------
    >>> import sympy
    >>> t = sympy.Symbol("t")
    >>> game = NormalFormGame.from_arrays([[[6, 2], [t, 0]], [[6, t], [2, 0]]],
    ...     outcomes=[["peace", "war"], ["war", "crash"]])
    >>> bounds = mediator_bounds(game, {"t": [7, 12, 7.5]})
    >>> bounds.outcome_max["peace"].round(6).tolist(), bounds.solves < 24
    ([0.5, 0.142857, 0.4], True)
    """
    if method not in BOUND_METHODS:
        raise GameError(f"unknown method {method!r}; expected one of: {', '.join(BOUND_METHODS)}")
    if game.outcomes is None:
        raise GameError("mediator_bounds: the game's profiles name no outcomes")
    table = payoff_table(game, points, "mediator_bounds")
    count = len(table)
    shape = game.payoffs.shape
    plus, minus = _obedience_entries(shape)
    outcomes = tuple(dict.fromkeys(game.outcomes.flat))
    indicators = {name: objective_vector(game, name, game.payoffs)[0] for name in outcomes}
    by_profile = table.reshape(count, -1, shape[-1])
    objectives = [
        (
            f"outcome_{bound}",
            name,
            maximize,
            lambda rows, c=c: np.broadcast_to(c, (len(rows), len(c))),
        )
        for bound, maximize in (("min", False), ("max", True))
        for name, c in ((n, v.astype(float)) for n, v in indicators.items())
    ] + [
        (f"payoff_{bound}", player, maximize, lambda rows, i=i: by_profile[rows, :, i])
        for bound, maximize in (("min", False), ("max", True))
        for i, player in enumerate(game.players)
    ]
    found = {field: {} for field in ("outcome_min", "outcome_max", "payoff_min", "payoff_max")}
    for field, name, _, _ in objectives:
        found[field][name] = np.full(count, np.nan)
    bases: dict[tuple[str, str], list[OptimalBasis]] = {}
    solves = 0
    # Blocks of points keep the obedience matrices (points x rows x profiles) in memory bounds.
    block = max(1, _BLOCK_ENTRIES // plus.size)
    for start in range(0, count, block):
        rows = np.arange(start, min(start + block, count))
        matrices = np.where(plus >= 0, table[rows][:, plus] - table[rows][:, minus], 0.0)
        for field, name, maximize, cost in objectives:
            values, used = _extremes(
                matrices, cost(rows), maximize, method, bases.setdefault((field, name), [])
            )
            found[field][name][rows] = values
            solves += used
    return MediatorBounds(**found, solves=solves)


def payoff_table(game: NormalFormGame, points: Mapping[str, object], caller: str) -> np.ndarray:
    """The payoffs at every point, shape ``(points, entries)``, entries in C order; errors
    name ``caller``.

    >>> import sympy
    >>> t = sympy.Symbol("t")
    >>> game = NormalFormGame.from_arrays([[[t]], [[1]]])
    >>> payoff_table(game, {"t": [0.5, 2.0]}, "example").tolist()
    [[0.5, 1.0], [2.0, 1.0]]
    """
    symbols = sorted(game.parameters, key=lambda s: s.name)
    given = {name: np.atleast_1d(np.asarray(v, dtype=float)) for name, v in points.items()}
    missing = [s.name for s in symbols if s.name not in given]
    if missing:
        raise GameError(f"{caller}: no values for the parameters {', '.join(missing)}")
    lengths = {len(values) for values in given.values()}
    if len(lengths) > 1:
        raise GameError(f"{caller}: every parameter needs the same number of values")
    count = lengths.pop() if lengths else 1
    expressions = [to_sympy(value) for value in game.payoffs.reshape(-1)]
    columns = numeric_function(symbols, expressions, "numpy")(*(given[s.name] for s in symbols))
    return np.stack([np.broadcast_to(np.asarray(c, dtype=float), (count,)) for c in columns], 1)


def _obedience_entries(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Which payoff entries each obedience coefficient is the difference of.

    Every coefficient of :func:`~bargaining.solvers.correlated.obedience_matrix` is
    ``u[plus] - u[minus]`` for two entries of the payoff array (or 0). Reading both indices off
    the matrix of the labels ``1, 2, ...`` and of their squares (``p - m`` and ``p^2 - m^2``
    give ``p + m``) keeps the layout that function defines, so the matrices of many points are
    two gathers. Returns ``(plus, minus)``, entry indices shaped like the matrix, -1 where the
    coefficient is 0.

    >>> plus, minus = _obedience_entries((2, 2, 2))
    >>> payoffs = np.array([[[2, 1], [0, 0]], [[0, 0], [1, 2]]])
    >>> flat = payoffs.reshape(-1)
    >>> bool((np.where(plus >= 0, flat[plus] - flat[minus], 0) == obedience_matrix(payoffs)).all())
    True
    """
    labels = np.arange(1, int(np.prod(shape)) + 1, dtype=float).reshape(shape)
    difference = obedience_matrix(labels)
    total = np.divide(
        obedience_matrix(labels**2),
        difference,
        out=np.zeros_like(difference),
        where=difference != 0,
    )
    plus = np.rint((total + difference) / 2).astype(np.int64) - 1
    minus = np.rint((total - difference) / 2).astype(np.int64) - 1
    plus[difference == 0] = minus[difference == 0] = -1
    return plus, minus


def mediator_point_values(game: NormalFormGame, points: Mapping[str, object]) -> dict:
    """The correlated concept's per-point quantities, as the fields of the sweeps' point values.

    This is what the ``"correlated"`` concept registers as its ``bounds``
    (:mod:`bargaining.solvers.concepts`): ``outcome_min``/``outcome_max`` and
    ``payoff_min``/``payoff_max`` from :func:`mediator_bounds`; ``count`` is 1 (the correlated
    equilibria form one nonempty polytope, Hart & Schmeidler 1989, Mathematics of Operations
    Research 14(1)); the regions are the sets of outcomes a mediator can make possible.

    >>> from bargaining import load_model
    >>> game = load_model("models/chicken.toml").game("crisis")
    >>> values = mediator_point_values(game, {"c": [2.0, 50.0]})
    >>> values["count"].tolist(), values["regions"]
    ([1, 1], ('a mediator can reach: both_swerve, row_backs_down, column_backs_down, crash',))
    """
    bounds = mediator_bounds(game, points)
    highest = bounds.outcome_max
    names = list(highest)
    reach = np.zeros(len(bounds), dtype=np.int64)
    for index, name in enumerate(names):
        reach |= (highest[name] > _POSSIBLE).astype(np.int64) << index
    _, first, codes = np.unique(reach, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    regions = tuple(
        "a mediator can reach: "
        + (", ".join(n for i, n in enumerate(names) if reach[first[k]] >> i & 1) or "nothing")
        for k in order
    )
    return {
        "count": np.ones(len(bounds), dtype=np.int64),
        "boundary": np.zeros(len(bounds), dtype=bool),
        "outcome_min": bounds.outcome_min,
        "outcome_max": highest,
        "payoff_min": bounds.payoff_min,
        "payoff_max": bounds.payoff_max,
        "region": rank[codes.reshape(-1)].astype(np.int64),
        "regions": regions,
    }

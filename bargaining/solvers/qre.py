"""Logit quantal response equilibria: points, the principal branch and maximum-likelihood fits.

McKelvey & Palfrey (1995, Games and Economic Behavior 10(1), eq. 3): each player plays every
strategy with probability proportional to ``exp(λ × its expected payoff)``. λ = 0 is uniform
play; as λ grows the principal branch (the solutions connected to λ = 0) converges to a Nash
equilibrium, the logit-tracing selection. λ multiplies the payoffs as given, as in Gambit, so
rescaling the payoffs rescales λ. All values are floats; the limiting Nash equilibrium is
identified exactly for two-player games with exact payoffs. See
:mod:`~bargaining.solvers.qre_continuation` for the continuation method (Turocy 2005).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bargaining.display import (
    Html,
    ResultList,
    html_record,
    path_frame,
    profile_table,
    strategy_columns,
)
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers._inputs import numeric_game
from bargaining.solvers.equilibrium import Equilibrium, make_equilibrium
from bargaining.solvers.qre_continuation import LogitSystem, solve_at, trace_branch
from bargaining.solvers.qre_limit import exact_limit
from bargaining.solvers.result_rows import number_label

__all__ = ["QREFit", "QREPath", "QREPoint", "fit_qre", "logit_qre", "qre_equilibria", "qre_path"]

MAX_REGRET = 1e-8
"""The branch ends where no player gains more than this times the payoff range by deviating
(Gambit's ``logit_solve`` uses the same criterion)."""

_MAX_LAMBDA = 1e12  # a bound that ends the trace of a branch whose regret never gets small
_LIMIT_DISTANCE = 1e-4  # how close the end of the branch must be to an exact equilibrium


@dataclass(frozen=True)
class QREPoint:
    """A logit quantal response equilibrium at one precision λ.

    Attributes
    ----------
    lam:
        The precision λ.
    strategies:
        One probability vector (floats) per player.
    payoffs:
        Each player's expected payoff.
    players, strategy_labels:
        The game's player names and strategy labels.
    outcome_probabilities:
        ``(outcome, probability)`` pairs when the game names outcomes.
    principal:
        Whether the point lies on the principal branch (connected to λ = 0).
    """

    lam: float
    strategies: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    players: tuple[str, ...]
    strategy_labels: tuple[tuple[str, ...], ...]
    outcome_probabilities: tuple[tuple[str, float], ...] = ()
    principal: bool = True

    def strategy(self, player: str | int) -> dict[str, float]:
        """Strategy label -> probability for one player."""
        i = player if isinstance(player, int) else self.players.index(player)
        return dict(zip(self.strategy_labels[i], self.strategies[i], strict=True))

    def probability(self, outcome: str) -> float:
        """Probability of an outcome (0 when it never occurs)."""
        return dict(self.outcome_probabilities).get(outcome, 0.0)

    def table_row(self) -> dict[str, object]:
        """This point as one row of a table (``logit_qre(...).to_pandas()``): ``lam``, the
        probability of every ``"player: strategy"``, payoffs, outcomes and ``principal``."""
        row: dict[str, object] = {"lam": self.lam}
        row.update(strategy_columns(self.players, self.strategy_labels, self.strategies))
        row.update({f"payoff: {p}": v for p, v in zip(self.players, self.payoffs, strict=True)})
        row.update({f"P({name})": p for name, p in self.outcome_probabilities})
        row["principal"] = self.principal
        return row

    def _repr_html_(self) -> str:
        profile = profile_table(self.players, self.strategy_labels, self.strategies, self.payoffs)
        fields = [("λ", self.lam), *((f"P({name})", p) for name, p in self.outcome_probabilities)]
        return html_record("Logit QRE", fields, parts=[profile])

    def payoff(self, player: str | int) -> float:
        """A player's expected payoff."""
        i = player if isinstance(player, int) else self.players.index(player)
        return self.payoffs[i]

    def summary_row(self) -> dict[str, str]:
        """The point as one row of a table (column title -> text), for ``bargaining solve``.

        >>> from bargaining import NormalFormGame
        >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
        >>> logit_qre(pennies, 2)[0].summary_row()["Player 1"]
        '1 0.5, 2 0.5'
        """
        return {
            "λ": number_label(self.lam),
            "branch": "principal" if self.principal else "other",
            **{
                player: ", ".join(
                    f"{label} {number_label(p)}" for label, p in zip(labels, vector, strict=True)
                )
                for player, labels, vector in zip(
                    self.players, self.strategy_labels, self.strategies, strict=True
                )
            },
            **{
                f"payoff {player}": number_label(value)
                for player, value in zip(self.players, self.payoffs, strict=True)
            },
        }

    def to_json(self) -> dict[str, object]:
        """The point as a JSON-ready dict (all values floats).

        >>> from bargaining import NormalFormGame
        >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
        >>> logit_qre(pennies, 2)[0].to_json()["strategies"]["Player 2"]
        {'1': 0.5, '2': 0.5}
        """
        return {
            "lam": self.lam,
            "principal": self.principal,
            "strategies": {
                player: {label: float(p) for label, p in zip(labels, vector, strict=True)}
                for player, labels, vector in zip(
                    self.players, self.strategy_labels, self.strategies, strict=True
                )
            },
            "payoffs": {
                player: float(value)
                for player, value in zip(self.players, self.payoffs, strict=True)
            },
            "outcome_probabilities": {
                outcome: float(p) for outcome, p in self.outcome_probabilities
            },
        }


@dataclass(frozen=True, eq=False)
class QREPath:
    """The principal branch of the logit QRE, from λ = 0 to its limiting Nash equilibrium.

    Attributes
    ----------
    lambdas:
        λ at each point of the trace (read-only; it need not increase: the branch can bend
        back).
    profiles:
        One read-only array per player, of shape ``(len(lambdas), m_i)``.
    limit:
        The Nash equilibrium the branch converges to: exact for two-player games with exact
        payoffs when the end of the trace is within 1e-4 of an exact equilibrium (solved on
        the strategies the end plays, :func:`~bargaining.solvers.qre_limit.exact_limit`);
        otherwise the last point as a float profile.
    game:
        The game solved (after substituting parameter values).
    """

    lambdas: np.ndarray
    profiles: tuple[np.ndarray, ...]
    limit: Equilibrium
    game: NormalFormGame

    def __len__(self) -> int:
        return len(self.lambdas)

    def point(self, index: int) -> QREPoint:
        """The ``index``-th point of the trace as a :class:`QREPoint`."""
        return _point(self.game, float(self.lambdas[index]), [p[index] for p in self.profiles])

    def __repr__(self) -> str:
        # The default would print every point of the trace and the whole game.
        top = float(self.lambdas.max())
        return f"QREPath({len(self)} points up to λ = {top:.4g}; limit {self.limit!r})"

    def to_pandas(self):
        """The trace as a :class:`pandas.DataFrame`: ``lam``, then the probability of every
        ``"player: strategy"`` (pandas is an optional extra)."""
        return path_frame(
            "lam",
            self.lambdas.tolist(),
            self.game.players,
            self.game.strategies,
            self.profiles,
            what="QREPath.to_pandas",
        )

    def _repr_html_(self) -> str:
        fields = [("points", len(self)), ("largest λ", float(self.lambdas.max()))]
        limit = self.limit
        profile = profile_table(
            limit.players, limit.strategy_labels, limit.strategies, limit.payoffs
        )
        return html_record("Logit QRE path, converging to", fields, parts=[profile])


def _system(game: NormalFormGame) -> LogitSystem:
    payoffs = game.float_payoffs()
    tensors = tuple(np.ascontiguousarray(payoffs[..., i]) for i in range(game.num_players))
    return LogitSystem(tensors)


def _point(
    game: NormalFormGame, lam: float, vectors: Sequence[np.ndarray], principal: bool = True
) -> QREPoint:
    eq = make_equilibrium(game, [np.asarray(v, dtype=float) for v in vectors], "logit QRE")
    return QREPoint(
        lam=lam,
        strategies=eq.strategies,
        payoffs=tuple(float(v) for v in eq.payoffs),
        players=game.players,
        strategy_labels=game.strategies,
        outcome_probabilities=tuple((k, float(v)) for k, v in eq.outcome_probabilities),
        principal=principal,
    )


def _payoff_range(game: NormalFormGame) -> float:
    payoffs = game.float_payoffs()
    return float(payoffs.max() - payoffs.min()) or 1.0


def _branch(game: NormalFormGame, max_regret: float, max_lambda: float) -> list[np.ndarray]:
    system = _system(game)
    bound = max_regret * _payoff_range(game)
    return trace_branch(system, stop=lambda v, lam: lam >= max_lambda or system.regret(v) <= bound)


def qre_path(
    game: NormalFormGame,
    *,
    at: Mapping[str, object] | None = None,
    max_regret: float = MAX_REGRET,
    max_lambda: float = _MAX_LAMBDA,
) -> QREPath:
    """Trace the principal branch of the logit QRE from λ = 0 to a Nash equilibrium.

    Predictor–corrector continuation in log-probabilities (Turocy 2005, Games and Economic
    Behavior 51(2)) of the fixed point of McKelvey & Palfrey (1995, eq. 3), for any number of
    players. The trace ends where no player gains more than ``max_regret`` times the payoff
    range by deviating, or at ``max_lambda``.

    Parameters
    ----------
    game:
        The game; symbolic payoffs need ``at``.
    at:
        Parameter values to substitute first.
    max_regret:
        The relative regret at which the branch is taken to have reached its limit.
    max_lambda:
        The largest λ traced.

    Returns
    -------
    QREPath
        The points of the trace and the limiting equilibrium (the logit-tracing selection).

    Examples
    --------
    The stag hunt: the branch selects the risk-dominant equilibrium (hare), not the
    payoff-dominant one (theory notes section 7.2).

    >>> from bargaining import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_arrays([[[4, 0], [3, 3]], [[4, 3], [0, 3]]],
    ...     strategies=(("stag", "hare"), ("stag", "hare")))
    >>> qre_path(stag_hunt).limit
    Equilibrium(Player 1={hare: 1}; Player 2={hare: 1}; payoffs=(3, 3))
    """
    game = numeric_game(game, at, "qre_path")
    points = _branch(game, max_regret, max_lambda)
    stacked = np.array(points)
    system = _system(game)
    probabilities = np.exp(stacked[:, :-1])
    profiles = []
    for block in system.split(np.arange(probabilities.shape[1])):
        array = probabilities[:, block]
        array.flags.writeable = False
        profiles.append(array)
    lambdas = stacked[:, -1].copy()
    lambdas.flags.writeable = False
    final = [p[-1] for p in profiles]
    limit = exact_limit(game, final, distance=_LIMIT_DISTANCE)
    if limit is None:
        limit = make_equilibrium(game, final, "logit QRE limit (floats)")
    return QREPath(lambdas, tuple(profiles), limit, game)


def _principal_at(game: NormalFormGame, lam: float) -> np.ndarray:
    """The first point of the principal branch at precision ``lam`` (log-probabilities)."""
    system = _system(game)
    points = trace_branch(system, stop=lambda v, current: current >= lam)
    last = points[-1]
    if len(points) > 1 and last[-1] > lam:
        before = points[-2]
        weight = (lam - before[-1]) / (last[-1] - before[-1])
        guess = before[:-1] + weight * (last[:-1] - before[:-1])
    else:
        guess = last[:-1]
    solved = solve_at(system, guess, lam)
    if solved is None:
        raise GameError(f"logit_qre: Newton's method did not converge at λ = {lam}")
    return solved


def _all_2x2(payoffs: np.ndarray, lam: float) -> list[tuple[float, float]]:
    """Every logit QRE of a 2x2 game at ``lam`` (theory notes section 7.1), as (p, q).

    With p = L(z) the system reduces to one equation g(z) = z - λ ΔA(q(p)) = 0, whose roots lie
    in |z| <= λ max|ΔA| (L is the logistic function); roots are bracketed on a fine grid in z,
    where they are well separated even when p is within 1e-300 of 0 or 1, and refined by Brent's
    method.
    """
    from scipy.optimize import brentq
    from scipy.special import expit

    a, b = payoffs[..., 0], payoffs[..., 1]

    def column(p):
        return expit(lam * (p * (b[0, 0] - b[0, 1]) + (1 - p) * (b[1, 0] - b[1, 1])))

    def gap(z):
        q = column(expit(z))
        return z - lam * (q * (a[0, 0] - a[1, 0]) + (1 - q) * (a[0, 1] - a[1, 1]))

    bound = lam * float(np.abs(a[0] - a[1]).max()) + 1.0
    grid = np.linspace(-bound, bound, 20_001)
    values = gap(grid)
    roots = [float(z) for z, value in zip(grid, values, strict=True) if value == 0]
    for k in np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0):
        roots.append(brentq(gap, grid[k], grid[k + 1], xtol=1e-14))
    return [(float(expit(z)), float(column(expit(z)))) for z in sorted(roots)]


def logit_qre(
    game: NormalFormGame, lam: float, *, at: Mapping[str, object] | None = None
) -> list[QREPoint]:
    """Logit quantal response equilibria at precision ``lam``.

    For a 2x2 game, every QRE (theory notes section 7.1: several can exist at large λ when the
    game has several Nash equilibria), the principal one marked; for any other game, the point
    of the principal branch (McKelvey & Palfrey 1995, eq. 3), found by continuation from λ = 0
    and polished by Newton's method.

    Parameters
    ----------
    game:
        The game; symbolic payoffs need ``at``.
    lam:
        The precision λ >= 0.
    at:
        Parameter values to substitute first.

    Returns
    -------
    list of QREPoint
        Sorted by the first player's first probability for 2x2 games; one point otherwise.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> coordination = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> [round(point.strategies[0][0], 6) for point in logit_qre(coordination, 8)]
    [0.000337, 0.5, 0.999663]
    >>> [point.principal for point in logit_qre(coordination, 8)]
    [False, True, False]
    """
    if not np.isfinite(lam) or lam < 0:
        raise GameError(f"logit_qre: the precision lam must be a finite number >= 0, got {lam}")
    game = numeric_game(game, at, "logit_qre")
    lam = float(lam)
    principal = _principal_at(game, lam)
    system = _system(game)
    principal_vectors = [np.exp(block) for block in system.split(principal)]
    if game.shape != (2, 2):
        return ResultList([_point(game, lam, principal_vectors)])
    points = ResultList()
    for p, q in _all_2x2(game.float_payoffs(), lam):
        on_branch = bool(abs(p - principal_vectors[0][0]) + abs(q - principal_vectors[1][0]) < 1e-7)
        points.append(_point(game, lam, [[p, 1 - p], [q, 1 - q]], on_branch))
    return points


def qre_equilibria(
    game: NormalFormGame, *, at: Mapping[str, object] | None = None, lam: float | None = None
) -> list[QREPoint] | list[Equilibrium]:
    """What ``bargaining solve --concept qre [--lam λ]`` shows.

    With ``lam``, the logit QRE at that precision (:func:`logit_qre`: every one for a 2x2
    game, the principal branch's point otherwise). Without it, the Nash equilibrium the
    principal branch converges to as λ grows (:func:`qre_path`, McKelvey & Palfrey 1995,
    Games and Economic Behavior 10(1), eq. 3; the logit-tracing selection), since no single
    λ is a neutral default: λ multiplies the payoffs, so its scale is the payoffs' scale.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_arrays([[[4, 0], [3, 3]], [[4, 3], [0, 3]]],
    ...     strategies=(("stag", "hare"), ("stag", "hare")))
    >>> qre_equilibria(stag_hunt)
    [Equilibrium(Player 1={hare: 1}; Player 2={hare: 1}; payoffs=(3, 3))]
    >>> [point.principal for point in qre_equilibria(stag_hunt, lam=0.5)]
    [True]
    """
    if lam is None:
        return [qre_path(game, at=at).limit]
    return logit_qre(game, lam, at=at)


@dataclass(frozen=True)
class QREFit:
    """The maximum-likelihood logit QRE for observed play.

    Attributes
    ----------
    lam:
        The estimated precision λ on the principal branch.
    log_likelihood:
        The log-likelihood of the observed counts at ``lam``.
    point:
        The QRE at ``lam``.
    """

    lam: float
    log_likelihood: float
    point: QREPoint

    def _repr_html_(self) -> str:
        fields = [("λ", self.lam), ("log-likelihood", self.log_likelihood)]
        return html_record("Fitted logit QRE", fields, parts=[Html(self.point._repr_html_())])


def _counts(game: NormalFormGame, counts: Sequence[Sequence[float]]) -> np.ndarray:
    if len(counts) != game.num_players:
        raise GameError(
            f"fit_qre: counts for {len(counts)} players, the game has {game.num_players}"
        )
    arrays = []
    for player, size, row in zip(game.players, game.shape, counts, strict=True):
        values = np.asarray(row, dtype=float)
        if values.shape != (size,):
            raise GameError(f"fit_qre: counts of {player!r} need {size} numbers, got {list(row)}")
        if np.any(values < 0) or not np.all(np.isfinite(values)):
            raise GameError(f"fit_qre: counts of {player!r} must be finite and >= 0")
        arrays.append(values)
    return np.concatenate(arrays)


def fit_qre(
    game: NormalFormGame,
    counts: Sequence[Sequence[float]],
    *,
    at: Mapping[str, object] | None = None,
    max_lambda: float = 1e6,
) -> QREFit:
    """The precision λ whose principal-branch QRE makes observed play most likely.

    Maximises the log-likelihood Σ n_ij log σ_ij(λ) of the counts n_ij along the principal
    branch (McKelvey & Palfrey 1995, section 4): the branch is traced once, the best point
    bracketed, and λ refined by bounded scalar minimisation with Newton's method at each trial
    λ. When the likelihood still rises at the end of the branch the fit returns its last point.

    Parameters
    ----------
    game:
        The game; symbolic payoffs need ``at``.
    counts:
        Per player, how often each strategy was observed.
    at:
        Parameter values to substitute first.
    max_lambda:
        The largest λ considered.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> pennies = NormalFormGame.from_arrays([[[4, 0], [0, 1]], [[0, 1], [1, 0]]])
    >>> fit = fit_qre(pennies, [[30, 20], [22, 28]])
    >>> round(fit.lam, 2)
    0.33
    """
    from scipy.optimize import minimize_scalar

    game = numeric_game(game, at, "fit_qre")
    observed = _counts(game, counts)
    system = _system(game)
    points = _branch(game, MAX_REGRET, max_lambda)
    likelihoods = [float(observed @ point[:-1]) for point in points]
    best = int(np.argmax(likelihoods))
    low = points[max(best - 1, 0)][-1]
    high = points[min(best + 1, len(points) - 1)][-1]
    start = points[best][:-1]

    def negative(lam: float) -> float:
        solved = solve_at(system, start, lam)
        return np.inf if solved is None else -float(observed @ solved)

    lam = float(points[best][-1])
    if high > low:
        refined = minimize_scalar(
            negative, bounds=(low, high), method="bounded", options={"xatol": 1e-10}
        )
        if refined.success and -refined.fun >= likelihoods[best]:
            lam = float(refined.x)
    v = solve_at(system, start, lam)
    if v is None:
        raise GameError(f"fit_qre: Newton's method did not converge at λ = {lam}")
    vectors = [np.exp(block) for block in system.split(v)]
    return QREFit(lam, float(observed @ v), _point(game, lam, vectors))

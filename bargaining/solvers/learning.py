"""Lemke-Howson and learning dynamics for two-player games, delegated to nashpy.

These are thin bridges: the game is converted to float payoff matrices, nashpy
(Knight & Campbell 2018, Journal of Open Source Software 3(30), 904) does the work, and the
result comes back as the toolkit's own types: an :class:`~bargaining.solvers.equilibrium.
Equilibrium` for Lemke-Howson (checked with :func:`~bargaining.solvers.verification.
is_equilibrium`, since nashpy's pivoting can return a non-equilibrium on degenerate games) and
a :class:`LearningPath` for fictitious play and replicator dynamics.

All results are floats, also for exact games; :func:`~bargaining.solvers.nash.nash_equilibria`
gives exact equilibria.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bargaining.display import html_record, path_frame, profile_table
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers._inputs import numeric_game
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList, make_equilibrium
from bargaining.solvers.verification import (
    DEFAULT_TOLERANCE,
    best_deviation,
    validated_vector,
)

__all__ = [
    "LearningPath",
    "fictitious_play",
    "lemke_howson",
    "lemke_howson_all",
    "replicator_dynamics",
]

_LEMKE_HOWSON = "Lemke-Howson (nashpy)"


@dataclass(frozen=True, eq=False)
class LearningPath:
    """The mixed strategies of a learning process or evolutionary dynamic over time.

    Attributes
    ----------
    strategies:
        One read-only float array per player, of shape ``(len(times), m_i)``: row ``t`` is the
        player's mixed strategy at ``times[t]`` (the empirical frequencies of play for
        fictitious play, the population shares for replicator dynamics).
    times:
        Iteration numbers ``1, ..., iterations`` (fictitious play) or the ODE time points
        (replicator dynamics).
    final:
        The last profile, one tuple of floats per player.
    players, strategy_labels:
        The game's player names and strategy labels.
    method:
        What produced the path.
    """

    strategies: tuple[np.ndarray, ...]
    times: np.ndarray
    final: tuple[tuple[float, ...], ...]
    players: tuple[str, ...]
    strategy_labels: tuple[tuple[str, ...], ...]
    method: str

    def __repr__(self) -> str:
        parts = []
        for player, labels, vector in zip(
            self.players, self.strategy_labels, self.final, strict=True
        ):
            shares = ", ".join(f"{label}: {p:.4g}" for label, p in zip(labels, vector, strict=True))
            parts.append(f"{player}={{{shares}}}")
        return f"LearningPath({self.method}, {len(self.times)} steps; final {'; '.join(parts)})"

    def to_pandas(self):
        """The path as a :class:`pandas.DataFrame`: ``time``, then the share of every
        ``"player: strategy"`` (pandas is an optional extra)."""
        return path_frame(
            "time",
            self.times.tolist(),
            self.players,
            self.strategy_labels,
            self.strategies,
            what="LearningPath.to_pandas",
        )

    def _repr_html_(self) -> str:
        profile = profile_table(self.players, self.strategy_labels, self.final)
        fields = [("method", self.method), ("steps", len(self.times))]
        return html_record("Learning path, final profile", fields, parts=[profile])


def _path(game: NormalFormGame, arrays: Sequence[np.ndarray], times, method: str) -> LearningPath:
    frozen = []
    for array in arrays:
        array = np.array(array, dtype=float)
        array.flags.writeable = False
        frozen.append(array)
    times = np.array(times)
    times.flags.writeable = False
    final = tuple(tuple(float(p) for p in array[-1]) for array in frozen)
    return LearningPath(tuple(frozen), times, final, game.players, game.strategies, method)


def _bimatrix(
    game: NormalFormGame, at: Mapping[str, object] | None, caller: str
) -> tuple[NormalFormGame, np.ndarray, np.ndarray]:
    """The numeric two-player game and its float payoff matrices."""
    game = numeric_game(game, at, caller)
    if game.num_players != 2:
        raise GameError(f"{caller} solves two-player games; this game has {game.num_players}")
    payoffs = game.float_payoffs()
    return game, payoffs[..., 0], payoffs[..., 1]


# -- Lemke-Howson ------------------------------------------------------------------------------


def _single_strategy_equilibrium(game: NormalFormGame, a: np.ndarray, b: np.ndarray):
    """With one strategy for a player, the other's first best response is an equilibrium.

    nashpy's tableaux do not handle this case (they loop forever or raise KeyError).
    """
    if game.shape[0] == 1:
        x, y = [1.0], [0.0] * game.shape[1]
        y[int(np.argmax(b[0]))] = 1.0
    else:
        x, y = [0.0] * game.shape[0], [1.0]
        x[int(np.argmax(a[:, 0]))] = 1.0
    return make_equilibrium(game, (x, y), _LEMKE_HOWSON)


def _failure(label: int, x: object, y: object, reason: str) -> GameError:
    x, y = (v.tolist() if isinstance(v, np.ndarray) else v for v in (x, y))
    return GameError(
        f"nashpy's Lemke-Howson with initial_dropped_label={label} "
        + ("" if x is None else f"returned x={x!r}, y={y!r}, which ")
        + f"{reason}. This is a known failure of nashpy's pivoting on "
        f"degenerate games; use nash_equilibria(game) for every (extreme) equilibrium, or try "
        f"another initial_dropped_label"
    )


def lemke_howson(
    game: NormalFormGame,
    *,
    initial_dropped_label: int = 0,
    at: Mapping[str, object] | None = None,
) -> Equilibrium:
    """One equilibrium of a two-player game by the Lemke-Howson algorithm (via nashpy).

    Lemke & Howson (1964), J. SIAM 12; von Stengel (2007), in *Algorithmic Game Theory*,
    ch. 3. Labels ``0 .. m-1`` are the row player's strategies and ``m .. m+n-1`` the column
    player's; different initial labels can lead to different equilibria.

    Parameters
    ----------
    game:
        A two-player game; symbolic payoffs need ``at``.
    initial_dropped_label:
        The label dropped first, in ``range(m + n)``.
    at:
        Parameter values to substitute first.

    Returns
    -------
    Equilibrium
        Float strategies, verified to be an equilibrium within
        :data:`~bargaining.solvers.verification.DEFAULT_TOLERANCE` of the payoff range.

    Raises
    ------
    GameError
        When the game does not have two players, the label is out of range, or nashpy fails
        (an error, NaN, wrong shapes, or a profile that is not an equilibrium: nashpy's
        pivoting can do this on degenerate games).

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> lemke_howson(pennies).strategies
    ((0.5, 0.5), (0.5, 0.5))
    """
    game, a, b = _bimatrix(game, at, "lemke_howson")
    labels = sum(game.shape)
    if isinstance(initial_dropped_label, bool) or not isinstance(
        initial_dropped_label, int | np.integer
    ):
        raise GameError(f"initial_dropped_label must be an int, got {initial_dropped_label!r}")
    label = int(initial_dropped_label)
    if not 0 <= label < labels:
        raise GameError(
            f"initial_dropped_label must be in range({labels}) for a "
            f"{game.shape[0]}x{game.shape[1]} game, got {label}"
        )
    if min(game.shape) == 1:
        return _single_strategy_equilibrium(game, a, b)
    with warnings.catch_warnings():
        # nashpy warns about degenerate games; the checks below decide what counts.
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            x, y = _nashpy_game(a, b).lemke_howson(initial_dropped_label=label)
        except Exception as error:  # nashpy raises KeyError, IndexError, ... on failure
            reason = f"raised {type(error).__name__}: {error}"
            raise _failure(label, None, None, reason) from error
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != (game.shape[0],) or y.shape != (game.shape[1],):
        raise _failure(label, x, y, "has the wrong shape")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise _failure(label, x, y, "is not finite")
    try:
        deviation = best_deviation(game, (x, y))
    except GameError as error:
        raise _failure(label, x, y, f"is not a mixed profile ({error})") from None
    if deviation is not None:
        player, strategy, gain = deviation
        reason = f"is not an equilibrium ({player} gains {gain:.3g} by playing {strategy!r})"
        raise _failure(label, x, y, reason)
    return make_equilibrium(game, (x, y), _LEMKE_HOWSON)


def lemke_howson_all(
    game: NormalFormGame, *, at: Mapping[str, object] | None = None
) -> list[Equilibrium]:
    """The distinct equilibria Lemke-Howson reaches from every initial label.

    This need not be every equilibrium (Shapley 1974 shows some are unreachable); labels on
    which nashpy fails are skipped.

    Returns
    -------
    list of Equilibrium
        Distinct up to :data:`~bargaining.solvers.verification.DEFAULT_TOLERANCE`, sorted by
        strategies.

    Raises
    ------
    GameError
        When no initial label gives an equilibrium.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> battle = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> [eq.strategies for eq in lemke_howson_all(battle)]
    [((0.0, 1.0), (0.0, 1.0)), ((1.0, 0.0), (1.0, 0.0))]
    """
    game, _a, _b = _bimatrix(game, at, "lemke_howson_all")
    found: dict[tuple, Equilibrium] = {}
    failures = []
    for label in range(sum(game.shape)):
        try:
            equilibrium = lemke_howson(game, initial_dropped_label=label)
        except GameError as error:
            failures.append(str(error))
            continue
        # Round away float noise so that one equilibrium reached twice is kept once.
        key = tuple(
            tuple(round(p / DEFAULT_TOLERANCE) for p in vector) for vector in equilibrium.strategies
        )
        found.setdefault(key, equilibrium)
    if not found:
        raise GameError("Lemke-Howson failed from every initial label: " + "; ".join(failures))
    return EquilibriumList(sorted(found.values(), key=lambda eq: eq.strategies))


# -- learning dynamics -------------------------------------------------------------------------


def fictitious_play(
    game: NormalFormGame,
    *,
    iterations: int = 1000,
    seed: int | None = None,
    at: Mapping[str, object] | None = None,
) -> LearningPath:
    """Fictitious play (Brown 1951; Fudenberg & Levine 1998, ch. 2), via nashpy.

    In each round both players best-respond to the empirical frequencies of the other's past
    play. The empirical frequencies converge to an equilibrium in zero-sum games (Robinson
    1951) and 2x2 games (Miyasawa 1961), but can cycle in general (Shapley 1964).

    Parameters
    ----------
    game:
        A two-player game; symbolic payoffs need ``at``.
    iterations:
        Number of rounds, at least 1.
    seed:
        Seed for breaking ties between best responses. nashpy breaks ties with numpy's
        *global* random generator and has no generator argument, so with a seed this function
        seeds the global generator for the run and restores its previous state afterwards (not
        thread-safe); with ``seed=None`` it draws from the global generator as it is.
    at:
        Parameter values to substitute first.

    Returns
    -------
    LearningPath
        ``strategies[i][t]`` is player ``i``'s empirical mixed strategy after ``t + 1``
        rounds; ``times`` is ``1, ..., iterations``.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> path = fictitious_play(pennies, iterations=2000, seed=1)
    >>> [round(p, 1) for p in path.final[0]]
    [0.5, 0.5]
    """
    if isinstance(iterations, bool) or not isinstance(iterations, int | np.integer):
        raise GameError(f"iterations must be an int, got {iterations!r}")
    if iterations < 1:
        raise GameError(f"iterations must be at least 1, got {iterations}")
    game, a, b = _bimatrix(game, at, "fictitious_play")
    saved = None
    if seed is not None:
        saved = np.random.get_state()
        np.random.seed(seed)
    try:
        counts = list(_nashpy_game(a, b).fictitious_play(iterations=int(iterations)))
    finally:
        if saved is not None:
            np.random.set_state(saved)
    # counts[0] is the all-zero start, which has no empirical distribution: drop it.
    steps = np.arange(1, int(iterations) + 1)
    arrays = [
        np.array([round_counts[i] for round_counts in counts[1:]], dtype=float) / steps[:, None]
        for i in range(2)
    ]
    return _path(game, arrays, steps, "fictitious play")


def _is_symmetric(game: NormalFormGame) -> bool:
    """Whether the column player's payoffs are the row player's transposed."""
    rows, columns = game.shape
    if rows != columns:
        return False
    a, b = game.payoff_array(0), game.payoff_array(1)
    return all(a[i, j] == b[j, i] for i in range(rows) for j in range(columns))


def _is_vector(value: object) -> bool:
    """A flat vector of numbers, as opposed to a pair of vectors."""
    if isinstance(value, np.ndarray):
        return value.ndim == 1
    return not any(isinstance(item, Sequence | np.ndarray) for item in value)


def replicator_dynamics(
    game: NormalFormGame,
    *,
    y0: Sequence[object] | None = None,
    timepoints: Sequence[float] | None = None,
    at: Mapping[str, object] | None = None,
) -> LearningPath:
    """Replicator dynamics (Taylor & Jonker 1978; Weibull 1995, ch. 3 and 5), via nashpy.

    Symmetric games (the column player's payoffs are the row player's transposed) use the
    single-population dynamic ``x' = x * (A x - x.A x)``: both players are drawn from one
    population and share its state. Other games use the two-population dynamic, one
    population per player.

    Parameters
    ----------
    game:
        A two-player game; symbolic payoffs need ``at``.
    y0:
        The initial state: one probability vector (a single population; the game must be
        symmetric) or a pair of vectors, one per player (two populations, for any game).
        Defaults to uniform shares: one population for symmetric games, two otherwise.
    timepoints:
        Increasing times at which to report the state; defaults to nashpy's 1000 points on
        ``[0, 10]``. The first is the time of ``y0``.
    at:
        Parameter values to substitute first.

    Returns
    -------
    LearningPath
        ``strategies[i][t]`` is player ``i``'s population state at ``times[t]``; with one
        population both players' arrays are the same.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> hawk_dove = NormalFormGame.from_arrays([[[0, 3], [1, 2]], [[0, 1], [3, 2]]])
    >>> path = replicator_dynamics(hawk_dove, y0=[0.1, 0.9])
    >>> path.method, path.strategies[0].shape
    ('replicator dynamics (one population)', (1000, 2))
    >>> [round(p, 2) for p in path.final[0]]
    [0.5, 0.5]
    """
    game, a, b = _bimatrix(game, at, "replicator_dynamics")
    if timepoints is None:
        times = np.linspace(0, 10, 1000)
    else:
        times = np.asarray(timepoints, dtype=float)
        if times.ndim != 1 or len(times) == 0 or not np.isfinite(times).all():
            raise GameError("timepoints must be a non-empty 1-D sequence of finite times")
        if np.any(np.diff(times) <= 0):
            raise GameError("timepoints must be strictly increasing")
    if y0 is not None and (
        isinstance(y0, str | bytes) or not isinstance(y0, Sequence | np.ndarray)
    ):
        raise GameError(f"y0 must be a probability vector or a pair of them, got {y0!r}")
    symmetric = _is_symmetric(game)
    single = symmetric if y0 is None else _is_vector(y0)
    if single and not symmetric:
        raise GameError(
            "a single initial population state needs a symmetric game (the column player's "
            "payoffs equal to the row player's transposed); give y0 as a pair of vectors, one "
            "per player, for two populations"
        )
    if single:
        start = None if y0 is None else validated_vector(y0, game.shape[0], "y0", DEFAULT_TOLERANCE)
        shares = _nashpy_game(a, b).replicator_dynamics(
            y0=None if start is None else np.array(start, dtype=float), timepoints=times
        )
        return _path(game, (shares, shares), times, "replicator dynamics (one population)")
    if y0 is None:
        starts = [np.full(size, 1.0 / size) for size in game.shape]
    else:
        if len(y0) != 2:
            raise GameError(f"y0 must be one vector or a pair of vectors, got {len(y0)} vectors")
        starts = [
            np.array(validated_vector(vector, size, f"y0[{i}]", DEFAULT_TOLERANCE), dtype=float)
            for i, (vector, size) in enumerate(zip(y0, game.shape, strict=True))
        ]
    rows, columns = _nashpy_game(a, b).asymmetric_replicator_dynamics(
        x0=starts[0], y0=starts[1], timepoints=times
    )
    return _path(game, (rows, columns), times, "replicator dynamics (two populations)")


def _nashpy_game(a: np.ndarray, b: np.ndarray):
    """A ``nashpy.Game``; nashpy is imported on first use, since it imports scipy."""
    import nashpy

    return nashpy.Game(a, b)

"""Correlated equilibria by linear programming, returned exact (Aumann 1974, 1987).

A correlated equilibrium of an n-player game is a distribution ``x`` over pure profiles such
that no player gains by disobeying a recommendation drawn from it (Aumann 1987, Econometrica
55(1), eq. 2.3; theory notes section 8.1): for every player ``i``, recommended strategy ``a``
and deviation ``d``,

    sum_{s : s_i = a} x(s) * (u_i(s) - u_i(d, s_-i)) >= 0.

These obedience constraints with ``x >= 0`` and ``sum x = 1`` cut out a polytope, so any
linear objective (welfare, one player's payoff, the probability of named outcomes) is
optimised by a linear program. HiGHS (Huangfu & Hall 2018, Math. Prog. Comp. 10) solves it in
floats by the dual simplex method, which ends at a vertex; for exact payoffs that vertex is
then recomputed in exact arithmetic from its basis (the support and the tight obedience
constraints) and checked against every constraint exactly, so the result is a correlated
equilibrium by construction, not within a tolerance. Optimality is certified separately by a
rational dual solution when one is found (``certified_optimal``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from bargaining.display import data_frame, html_record, records_table
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number, normalize_number
from bargaining.solvers._inputs import integer_payoffs, numeric_game
from bargaining.solvers.exact_linear import solve_integer_system
from bargaining.solvers.result_rows import number_json, number_label

__all__ = [
    "CorrelatedEquilibrium",
    "correlated_equilibria",
    "correlated_lp",
    "independent_rows",
    "obedience_matrix",
    "objective_vector",
    "vertex_rows",
]

_SUPPORT_TOLERANCE = 1e-9  # LP values below this (relative) count as zero when reading the basis
_DENOMINATORS = (10**3, 10**6, 10**9, 10**12)  # tried when rationalising a dual certificate


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A joint distribution over pure profiles from which no player wants to deviate.

    Attributes
    ----------
    distribution:
        ``(profile, probability)`` pairs for the profiles with positive probability; a profile
        is a tuple of strategy labels, one per player. Exact when the payoffs were exact.
    payoffs:
        Each player's expected payoff.
    players, strategy_labels:
        The game's player names and strategy labels.
    outcome_probabilities:
        ``(outcome, probability)`` pairs when the game names outcomes.
    objective, value:
        What the linear program optimised (e.g. ``"max welfare"``) and its optimal value.
    certified_optimal:
        True when an exact dual solution proves the value optimal; the distribution is
        exactly a correlated equilibrium either way.
    """

    distribution: tuple[tuple[tuple[str, ...], Number], ...]
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]
    strategy_labels: tuple[tuple[str, ...], ...]
    outcome_probabilities: tuple[tuple[str, Number], ...] = ()
    objective: str = ""
    value: Number = 0
    certified_optimal: bool = False

    def probability(self, outcome: str) -> Number:
        """Probability of an outcome (0 when it never occurs)."""
        return dict(self.outcome_probabilities).get(outcome, 0)

    def payoff(self, player: str | int) -> Number:
        """A player's expected payoff."""
        i = player if isinstance(player, int) else self.players.index(player)
        return self.payoffs[i]

    def recommendations(self, player: str | int) -> dict[str, dict[tuple[str, ...], Number]]:
        """The player's recommendation rule: for each strategy the mediator may recommend (with
        positive probability), the conditional distribution of the others' profile.

        >>> from bargaining import NormalFormGame
        >>> chicken = NormalFormGame.from_arrays([[[6, 2], [7, 0]], [[6, 7], [2, 0]]],
        ...     strategies=(("chicken", "dare"), ("chicken", "dare")))
        >>> ce = correlated_equilibria(chicken, objective="welfare")
        >>> ce.recommendations(0)["chicken"]
        {('chicken',): Fraction(2, 3), ('dare',): Fraction(1, 3)}
        """
        i = player if isinstance(player, int) else self.players.index(player)
        rules: dict[str, dict[tuple[str, ...], Number]] = {}
        for profile, p in self.distribution:
            others = profile[:i] + profile[i + 1 :]
            rules.setdefault(profile[i], {})[others] = p
        for label, rule in rules.items():
            total = sum(rule.values())
            rules[label] = {others: normalize_number(p / total) for others, p in rule.items()}
        return rules

    def summary_row(self) -> dict[str, str]:
        """The result as one row of a table (column title -> text), for ``bargaining solve``.

        >>> from bargaining import NormalFormGame
        >>> chicken = NormalFormGame.from_arrays([[[6, 2], [7, 0]], [[6, 7], [2, 0]]],
        ...     strategies=(("chicken", "dare"), ("chicken", "dare")))
        >>> correlated_equilibria(chicken).summary_row()["distribution"]
        'chicken/chicken 1/2, chicken/dare 1/4, dare/chicken 1/4'
        """
        return {
            "objective": self.objective,
            "value": number_label(self.value),
            "distribution": ", ".join(
                f"{'/'.join(profile)} {number_label(p)}" for profile, p in self.distribution
            ),
            **{
                f"payoff {player}": number_label(value)
                for player, value in zip(self.players, self.payoffs, strict=True)
            },
        }

    def to_json(self) -> dict[str, object]:
        """The result as a JSON-ready dict: fractions as ``{"exact": "p/q", "float": x}``.

        >>> from bargaining import NormalFormGame
        >>> chicken = NormalFormGame.from_arrays([[[6, 2], [7, 0]], [[6, 7], [2, 0]]])
        >>> correlated_equilibria(chicken).to_json()["value"]
        {'exact': '21/2', 'float': 10.5}
        """
        return {
            "objective": self.objective,
            "value": number_json(self.value),
            "certified_optimal": self.certified_optimal,
            "distribution": [
                {
                    "profile": dict(zip(self.players, profile, strict=True)),
                    "probability": number_json(p),
                }
                for profile, p in self.distribution
            ],
            "payoffs": {
                player: number_json(value)
                for player, value in zip(self.players, self.payoffs, strict=True)
            },
            "outcome_probabilities": {
                outcome: number_json(p) for outcome, p in self.outcome_probabilities
            },
        }

    def __repr__(self) -> str:
        cells = ", ".join(f"{'/'.join(profile)}: {p}" for profile, p in self.distribution)
        payoffs = ", ".join(str(value) for value in self.payoffs)
        return f"CorrelatedEquilibrium({{{cells}}}; payoffs=({payoffs}))"

    def table(self) -> list[dict[str, object]]:
        """The distribution, one row per profile with positive probability: each player's
        recommended strategy, then ``probability`` (exact values kept)."""
        return [
            {**dict(zip(self.players, profile, strict=True)), "probability": p}
            for profile, p in self.distribution
        ]

    def to_pandas(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (pandas is an optional extra)."""
        return data_frame(self.table(), what="CorrelatedEquilibrium.to_pandas")

    def _repr_html_(self) -> str:
        fields = [
            *(
                (f"payoff: {player}", v)
                for player, v in zip(self.players, self.payoffs, strict=True)
            ),
            *((f"P({name})", p) for name, p in self.outcome_probabilities),
            ("objective", self.objective or None),
            ("value", self.value if self.objective else None),
            ("certified optimal", self.certified_optimal),
        ]
        return html_record("Correlated equilibrium", fields, parts=[records_table(self.table())])


def obedience_matrix(payoffs: np.ndarray) -> np.ndarray:
    """The obedience constraints ``G @ x >= 0`` of a game with payoff array ``(m1, ..., mn, n)``.

    One row per player ``i``, recommendation ``a`` and deviation ``d != a`` (players in order,
    then ``a``, then ``d``); one column per pure profile in C order. Entries keep the array's
    dtype, so integer payoffs give an integer matrix.

    >>> obedience_matrix(np.array([[[2, 1], [0, 0]], [[0, 0], [1, 2]]]))
    array([[ 2, -1,  0,  0],
           [ 0,  0, -2,  1],
           [ 1,  0, -2,  0],
           [ 0, -1,  0,  2]])
    """
    shape = payoffs.shape[:-1]
    rows = []
    for i, size in enumerate(shape):
        own = np.moveaxis(payoffs[..., i], i, 0)  # own[a] = u_i(a, s_-i)
        for a, d in itertools.permutations(range(size), 2):
            row = np.zeros_like(own)
            row[a] = own[a] - own[d]
            rows.append(np.moveaxis(row, 0, i).reshape(-1))
    if not rows:
        return np.zeros((0, int(np.prod(shape))), dtype=payoffs.dtype)
    return np.array(rows)


def objective_vector(
    game: NormalFormGame, objective: str | Sequence[str], payoffs: np.ndarray
) -> tuple[np.ndarray, str]:
    """The LP's objective over profiles (C order) and a description of it.

    ``objective`` is ``"welfare"`` (the sum of payoffs), a player's name (that player's
    payoff), an outcome name (its probability) or a sequence of outcome names (the probability
    of any of them). ``payoffs`` is the game's payoff array in the dtype to use.

    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays([[[1, 2], [3, 4]], [[0, 0], [1, 1]]])
    >>> objective_vector(game, "Player 1", game.payoffs)
    (array([1, 2, 3, 4], dtype=object), "Player 1's payoff")
    """
    outcome_names = () if game.outcomes is None else tuple(dict.fromkeys(game.outcomes.flat))
    if isinstance(objective, str) and objective == "welfare":
        return payoffs.sum(axis=-1).reshape(-1), "welfare"
    if isinstance(objective, str) and objective in game.players:
        if objective in outcome_names:
            raise GameError(f"objective {objective!r} names both a player and an outcome")
        i = game.players.index(objective)
        return payoffs[..., i].reshape(-1), f"{objective}'s payoff"
    names = (objective,) if isinstance(objective, str) else tuple(objective)
    unknown = [name for name in names if name not in outcome_names]
    if unknown or not names:
        expected = ["'welfare'", *(repr(p) for p in game.players), *map(repr, outcome_names)]
        raise GameError(
            f"unknown objective {objective!r}; expected one of: {', '.join(expected)} "
            "(or a list of outcome names)"
        )
    chosen = np.isin(game.outcomes.reshape(-1), names).astype(int)
    return chosen, f"P({' or '.join(names)})"


def correlated_lp(
    constraints: np.ndarray, objective: np.ndarray, maximize: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Solve max/min c.x s.t. G x >= 0, sum x = 1, x >= 0 with HiGHS' dual simplex (a vertex).

    Returns the primal solution and the duals of the obedience rows (>= 0), in floats.

    >>> x, duals = correlated_lp(np.array([[1, -1]]), np.array([0, 1]), True)
    >>> x.round(6).tolist(), duals.round(6).tolist()
    ([0.5, 0.5], [0.5])
    """
    from scipy.optimize import linprog

    sign = -1.0 if maximize else 1.0
    scale = max(1.0, float(np.abs(constraints).max(initial=0)))
    count = constraints.shape[1]
    result = linprog(
        sign * objective.astype(float),
        A_ub=-constraints.astype(float) / scale if len(constraints) else None,
        b_ub=np.zeros(len(constraints)) if len(constraints) else None,
        A_eq=np.ones((1, count)),
        b_eq=[1.0],
        bounds=(0, None),
        method="highs-ds",
    )
    if result.status != 0:  # the polytope always holds the Nash equilibria, so never empty
        raise GameError(f"the correlated-equilibrium LP failed: {result.message}")
    duals = (
        -np.asarray(result.ineqlin.marginals) / scale if len(constraints) else np.zeros(0)
    )  # scipy reports d(objective)/d(b) <= 0 for <= rows of a minimisation
    return np.asarray(result.x), duals


def _exact_vertex(constraints: np.ndarray, x: np.ndarray) -> tuple[list[int], int] | None:
    """The LP vertex near ``x`` in exact arithmetic, as (integer numerators, denominator).

    The vertex is the unique solution of its support's tight constraints and the sum row; a
    float QR with column pivoting picks independent rows among them, and the system is solved
    by fraction-free elimination. None when the rows picked do not determine a point (the
    caller then verifies a rounded point instead).
    """
    support, tight = vertex_rows(constraints, x)
    system = np.vstack([np.ones((1, len(support))), constraints[np.ix_(tight, support)]])
    chosen = independent_rows(system.astype(float), len(support))
    if chosen is None:
        return None
    rows = [[1] * len(support), *constraints[np.ix_(tight, support)].tolist()]
    rhs = [1] + [0] * len(tight)
    solved = solve_integer_system([rows[k] for k in chosen], [rhs[k] for k in chosen])
    if solved is None:
        return None
    numerators, determinant = solved
    full = [0] * len(x)
    for j, value in zip(support.tolist(), numerators, strict=True):
        full[j] = value
    return full, determinant


def vertex_rows(constraints: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The support of an LP solution ``x`` (profiles with positive probability) and the
    obedience rows it meets with equality, read in floats with a relative tolerance of 1e-9.

    >>> support, tight = vertex_rows(np.array([[1, -1], [0, 1]]), np.array([0.5, 0.5]))
    >>> support.tolist(), tight.tolist()
    ([0, 1], [0])
    """
    floats = constraints.astype(float)
    support = np.flatnonzero(x > _SUPPORT_TOLERANCE)
    norms = np.abs(floats).sum(axis=1) + 1.0
    tight = np.flatnonzero(np.abs(floats @ x) <= _SUPPORT_TOLERANCE * norms)
    return support, tight


def independent_rows(system: np.ndarray, count: int) -> np.ndarray | None:
    """Indices of ``count`` linearly independent rows of a float matrix with ``count``
    columns (QR with column pivoting of its transpose), or None when it has rank below
    ``count``.

    >>> independent_rows(np.array([[1.0, 2.0], [2.0, 4.0], [0.0, 1.0]]), 2).tolist()
    [1, 2]
    """
    from scipy.linalg import qr

    if count == 0:
        return np.zeros(0, dtype=int)
    if len(system) < count:
        return None
    _, r, order = qr(system.T, pivoting=True, mode="economic")
    diagonal = np.abs(np.diag(r))
    if len(diagonal) < count or diagonal[count - 1] <= 1e-9 * diagonal[0]:
        return None
    return order[:count]


def _rounded_vertex(x: np.ndarray) -> tuple[list[int], int]:
    """A fallback for a non-vertex solution: rationalise to a common denominator (verified
    afterwards like any other candidate)."""
    denominator = 10**9
    numerators = [max(round(float(v) * denominator), 0) for v in x]
    return numerators, sum(numerators)


def _is_correlated(constraints: np.ndarray, numerators: list[int], denominator: int) -> bool:
    """Every obedience constraint, non-negativity and the sum, in exact integer arithmetic."""
    if denominator <= 0 or any(v < 0 for v in numerators) or sum(numerators) != denominator:
        return False
    support = [j for j, v in enumerate(numerators) if v]
    weights = np.array([numerators[j] for j in support], dtype=object)
    return bool(np.all(constraints[:, support].astype(object) @ weights >= 0))


def _dual_feasible(
    constraints: np.ndarray, objective: list[int], y: Sequence[Fraction], t: Fraction
) -> bool:
    """Weak duality for the max form, exactly: y >= 0 and t - (G^T y)_s >= c_s for every
    profile s give c.x <= t for every correlated equilibrium x. Checked in integers, with y
    and t over a common denominator."""
    if any(v < 0 for v in y):
        return False
    rows = [r for r, v in enumerate(y) if v]
    denominator = math.lcm(t.denominator, *(y[r].denominator for r in rows))
    weights = np.array([int(y[r] * denominator) for r in rows], dtype=object)
    bound = weights @ constraints[rows].astype(object) if rows else [0] * len(objective)
    scaled_t = int(t * denominator)
    return all(scaled_t - b >= c * denominator for b, c in zip(bound, objective, strict=True))


def _certified(
    constraints: np.ndarray,
    objective: list[int],
    value: Fraction,
    duals: np.ndarray,
    maximize: bool,
) -> bool:
    """Whether an exact dual solution proves ``value`` optimal.

    The dual of max c.x over the polytope is min t over y >= 0 with t - G^T y >= c (the min
    form is the max form of -c). The dual vertex HiGHS ends at is recomputed exactly from its
    basis: t equals the optimal value, and the reduced costs of the profiles HiGHS prices at
    zero vanish; failing that, its duals are rationalised. Either candidate is then checked
    exactly by weak duality.
    """
    sign = 1 if maximize else -1
    c = [sign * v for v in objective]
    t = sign * value
    floats = constraints.astype(float)
    active = np.flatnonzero(duals > _SUPPORT_TOLERANCE)
    reduced = float(t) - duals @ floats - np.array(c, dtype=float)
    zero = np.flatnonzero(np.abs(reduced) <= 1e-7 * (1.0 + np.abs(c)))
    candidates = []
    if len(active) and len(zero) >= len(active):
        # Unknowns y_active: (G^T y)_s = t - c_s on the profiles priced at zero.
        independent = independent_rows(floats[np.ix_(active, zero)].T, len(active))
        if independent is not None:
            chosen = zero[independent]
            scale = t.denominator
            solved = solve_integer_system(
                [[int(constraints[k, s]) for k in active] for s in chosen],
                [int((t - c[s]) * scale) for s in chosen],
            )
            if solved is not None:
                numerators, determinant = solved
                y = [Fraction(0)] * len(constraints)
                for k, v in zip(active.tolist(), numerators, strict=True):
                    y[k] = Fraction(v, determinant * scale)
                candidates.append(y)
    if any(_dual_feasible(constraints, c, y, t) for y in candidates):
        return True
    return any(
        _dual_feasible(
            constraints,
            c,
            [max(Fraction(float(v)).limit_denominator(bound), Fraction(0)) for v in duals],
            t,
        )
        for bound in _DENOMINATORS
    )


def correlated_equilibria(
    game: NormalFormGame,
    *,
    objective: str | Sequence[str] = "welfare",
    maximize: bool = True,
    at: Mapping[str, object] | None = None,
) -> CorrelatedEquilibrium:
    """The correlated equilibrium that maximises (or minimises) a linear objective.

    Solves the linear program over the correlated-equilibrium polytope (Aumann 1987,
    Econometrica 55(1), eq. 2.3; see the module docstring) for any number of players. With
    exact payoffs the optimal vertex is rebuilt and verified in exact arithmetic against every
    obedience constraint.

    Parameters
    ----------
    game:
        The game; symbolic payoffs need ``at``.
    objective:
        ``"welfare"`` (sum of payoffs), a player's name (that player's payoff), an outcome
        name or a list of outcome names (the probability of reaching one of them).
    maximize:
        Maximise (default) or minimise the objective: the two give the range a mediator can
        reach.
    at:
        Parameter values to substitute first.

    Returns
    -------
    CorrelatedEquilibrium
        One optimal correlated equilibrium: exact fractions for exact payoffs, floats otherwise.

    Examples
    --------
    The game of chicken (Aumann 1974): a mediator who never recommends (dare, dare) beats
    every Nash equilibrium on total welfare; the best correlated equilibrium puts 1/2 on
    mutual chicken and 1/4 on each of the other two profiles.

    >>> from bargaining import NormalFormGame
    >>> chicken = NormalFormGame.from_arrays([[[6, 2], [7, 0]], [[6, 7], [2, 0]]],
    ...     strategies=(("chicken", "dare"), ("chicken", "dare")))
    >>> ce = correlated_equilibria(chicken)
    >>> ce.value, ce.certified_optimal
    (Fraction(21, 2), True)
    >>> ce.distribution
    ((('chicken', 'chicken'), Fraction(1, 2)), (('chicken', 'dare'), Fraction(1, 4)), \
(('dare', 'chicken'), Fraction(1, 4)))
    """
    game = numeric_game(game, at, "correlated_equilibria")
    exact = game.is_exact
    payoffs = integer_payoffs(game) if exact else game.float_payoffs()
    constraints = obedience_matrix(payoffs)
    c, description = objective_vector(game, objective, game.payoffs if exact else payoffs)
    x, duals = correlated_lp(constraints, c, maximize)
    description = f"{'max' if maximize else 'min'} {description}"
    if not exact:
        # HiGHS meets the sum row to its feasibility tolerance (1e-7): rescale so the
        # distribution sums to 1 up to rounding.
        clipped = np.clip(x, 0.0, None)
        clipped /= clipped.sum()
        point = [float(v) for v in clipped]
        return _result(game, point, description, float(c.astype(float) @ clipped), False)
    found = _exact_vertex(constraints, x)
    if found is None or not _is_correlated(constraints, *found):
        found = _rounded_vertex(x)
        if not _is_correlated(constraints, *found):
            raise GameError(
                "correlated_equilibria: could not turn the LP solution into an exact "
                "correlated equilibrium"
            )
    numerators, denominator = found
    point = [Fraction(v, denominator) for v in numerators]
    scale = _objective_scale(c)
    integer_c = [int(v * scale) for v in c]
    value = sum((Fraction(v) * p for v, p in zip(c.tolist(), point, strict=True) if p), Fraction(0))
    certified = _certified(constraints, integer_c, value * scale, duals * scale, maximize)
    return _result(game, point, description, normalize_number(value), certified)


def _objective_scale(c: np.ndarray) -> int:
    """The least common denominator of the objective, so the certificate works in integers."""
    return math.lcm(*(Fraction(v).denominator for v in c)) if len(c) else 1


def _result(
    game: NormalFormGame,
    point: Sequence[Number],
    objective: str,
    value: Number,
    certified: bool,
) -> CorrelatedEquilibrium:
    profiles = list(itertools.product(*(range(size) for size in game.shape)))
    support = [(profile, p) for profile, p in zip(profiles, point, strict=True) if p]
    payoffs: list[Number] = [0] * game.num_players
    outcomes: dict[str, Number] = (
        {} if game.outcomes is None else {name: 0 for name in dict.fromkeys(game.outcomes.flat)}
    )
    for profile, p in support:
        for i in range(game.num_players):
            payoffs[i] = payoffs[i] + p * game.payoffs[profile][i]
        if game.outcomes is not None:
            outcomes[game.outcomes[profile]] += p
    labelled = tuple(
        (tuple(game.strategies[i][j] for i, j in enumerate(profile)), normalize_number(p))
        for profile, p in support
    )
    return CorrelatedEquilibrium(
        distribution=labelled,
        payoffs=tuple(normalize_number(v) for v in payoffs),
        players=game.players,
        strategy_labels=game.strategies,
        outcome_probabilities=tuple((k, normalize_number(v)) for k, v in outcomes.items()),
        objective=objective,
        value=value,
        certified_optimal=certified,
    )

"""Which equilibrium to expect: perfection, risk and payoff dominance, evolutionary stability and
the logit-tracing selection, for the equilibria of a two-player game.

* **Trembling-hand perfection** (Selten 1975). In a two-player game an equilibrium is perfect
  exactly when neither player's strategy is weakly dominated by a mixed strategy (van Damme
  1991, *Stability and Perfection of Nash Equilibria*, Theorem 3.2.2). A strategy is
  undominated exactly when it is a best response to some completely mixed strategy of the
  opponent (Pearce 1984, Econometrica 52(4), Lemma 4), so one linear program finds either that
  strategy or a dominating mixture, and the witness is then checked in exact arithmetic.
* **Risk dominance** (Harsanyi & Selten 1988, *A General Theory of Equilibrium Selection in
  Games*, section 3.9): of two strict equilibria (i, j) and (k, l) of a 2x2 game, (i, j) risk
  dominates when its Nash product of deviation losses is larger,
  (a_ij - a_kj)(b_ij - b_il) > (a_kl - a_il)(b_kl - b_kj). For larger games the tracing procedure
  is replaced by a documented proxy: the same criterion in the 2x2 game that each pair of
  strict pure equilibria spans. A risk-dominant equilibrium risk-dominates every other strict
  equilibrium; mixed equilibria are never marked.
* **Payoff dominance** (Harsanyi & Selten 1988, section 3.9): an equilibrium that gives every
  player strictly more than every other equilibrium does.
* **Evolutionary stability** (Maynard Smith & Price 1973; Maynard Smith 1974, J. Theor. Biol.
  47) for symmetric games: see :func:`is_evolutionarily_stable`.
* **The logit-tracing selection** (McKelvey & Palfrey 1995): the limit of the principal QRE
  branch, :func:`~bargaining.solvers.qre.qre_path`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from bargaining.display import data_frame, html_fields, html_record, profile_table, records_table
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number
from bargaining.solvers._inputs import comparable_payoffs, numeric_game
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.nash import nash_equilibria

__all__ = [
    "Selection",
    "SelectionMarks",
    "equilibrium_selection",
    "is_evolutionarily_stable",
    "is_perfect",
    "payoff_dominant",
    "risk_dominant",
]

_LP_TOLERANCE = 1e-9
_DENOMINATORS = (10, 100, 10**3, 10**4, 10**6, 10**9)


def _simplex_points(candidate: np.ndarray):
    """Rationalisations of a float probability vector, coarse to fine."""
    for bound in _DENOMINATORS:
        rounded = [Fraction(float(max(p, 0.0))).limit_denominator(bound) for p in candidate]
        total = sum(rounded)
        if total > 0:
            yield [p / total for p in rounded]


def _undominated(payoffs: np.ndarray, strategy: Sequence[Number]) -> bool:
    """Whether ``strategy`` (rows of ``payoffs``: own strategies x opponent strategies) is a best
    response to a completely mixed opponent strategy, i.e. not weakly dominated by any mixture.
    """
    from scipy.optimize import linprog

    rows, columns = payoffs.shape
    floats = payoffs.astype(float)
    support = [s for s, p in enumerate(strategy) if p]
    # Variables (y, eps): maximise eps with y_j >= eps, sum y = 1 and every support row a best
    # response: (A_k - A_s) . y <= 0.
    differences = [floats[k] - floats[s] for s in support for k in range(rows) if k != s]
    upper = np.vstack(
        [
            np.hstack(
                [np.array(differences).reshape(-1, columns), np.zeros((len(differences), 1))]
            ),
            np.hstack([-np.eye(columns), np.ones((columns, 1))]),
        ]
    )
    result = linprog(
        np.r_[np.zeros(columns), -1.0],
        A_ub=upper,
        b_ub=np.zeros(len(upper)),
        A_eq=np.r_[np.ones(columns), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * columns + [(None, 1.0)],
        method="highs",
    )
    exact_rows = payoffs.tolist()
    if result.status == 0 and -result.fun > _LP_TOLERANCE:
        for y in _simplex_points(result.x[:columns]):
            values = [sum(a * p for a, p in zip(row, y, strict=True)) for row in exact_rows]
            if all(p > 0 for p in y) and all(values[s] == max(values) for s in support):
                return True
    # Otherwise look for a dominating mixture and confirm it exactly.
    own = [sum(p * exact_rows[r][c] for r, p in enumerate(strategy)) for c in range(columns)]
    own_float = np.array([float(v) for v in own])
    dominate = linprog(
        np.r_[np.zeros(rows), -np.ones(columns)],
        A_ub=np.hstack([-floats.T, np.eye(columns)]),
        b_ub=-own_float,
        A_eq=np.r_[np.ones(rows), np.zeros(columns)][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * (rows + columns),
        method="highs",
    )
    if dominate.status == 0 and -dominate.fun > _LP_TOLERANCE:
        for sigma in _simplex_points(dominate.x[:rows]):
            margins = [
                sum(p * exact_rows[r][c] for r, p in enumerate(sigma)) - own[c]
                for c in range(columns)
            ]
            if all(m >= 0 for m in margins) and any(m > 0 for m in margins):
                return False
    # No exact witness (float payoffs, or a witness lost in rounding): the LP's verdict.
    return bool(result.status == 0 and -result.fun > _LP_TOLERANCE)


def is_perfect(game: NormalFormGame, equilibrium: Equilibrium | Sequence[Sequence[Number]]) -> bool:
    """Whether a Nash equilibrium of a two-player game is trembling-hand perfect.

    Van Damme (1991, Theorem 3.2.2): in a two-player game, exactly when neither strategy is
    weakly dominated by a mixed strategy (see the module docstring for the linear programs and
    the exact check of their witnesses).

    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, 0]], [[1, 0], [0, 0]]])
    >>> [is_perfect(game, eq) for eq in nash_equilibria(game)]
    [False, True]
    """
    if game.num_players != 2:
        raise GameError("is_perfect decides perfection for two-player games only")
    # Any result with strategies (an Equilibrium, or another concept's induced profile).
    strategies = getattr(equilibrium, "strategies", equilibrium)
    payoffs = comparable_payoffs(game, exact=game.is_exact)
    row_view = payoffs[..., 0]
    column_view = payoffs[..., 1].T
    return _undominated(row_view, strategies[0]) and _undominated(column_view, strategies[1])


def _strict_pure(payoffs: np.ndarray, eq: Equilibrium) -> tuple[int, int] | None:
    """The profile of a strict pure equilibrium (each strategy the unique best response)."""
    if not eq.is_pure:
        return None
    i = next(k for k, p in enumerate(eq.strategies[0]) if p)
    j = next(k for k, p in enumerate(eq.strategies[1]) if p)
    a, b = payoffs[..., 0], payoffs[..., 1]
    row_strict = all(a[i, j] > a[k, j] for k in range(a.shape[0]) if k != i)
    column_strict = all(b[i, j] > b[i, k] for k in range(b.shape[1]) if k != j)
    return (i, j) if row_strict and column_strict else None


def risk_dominant(game: NormalFormGame, equilibria: Sequence[Equilibrium]) -> list[bool]:
    """Which equilibria risk-dominate every other strict equilibrium (Harsanyi & Selten 1988,
    section 3.9; for games larger than 2x2 the pairwise proxy of the module docstring).

    >>> from bargaining import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_arrays([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> risk_dominant(stag_hunt, nash_equilibria(stag_hunt))
    [True, False, False]
    """
    if game.num_players != 2:
        raise GameError("risk_dominant compares equilibria of two-player games only")
    payoffs = comparable_payoffs(game, exact=game.is_exact)
    a, b = payoffs[..., 0], payoffs[..., 1]
    strict = [_strict_pure(payoffs, eq) for eq in equilibria]

    def product(first: tuple[int, int], second: tuple[int, int]) -> Number:
        (i, j), (k, other_column) = first, second
        return (a[i, j] - a[k, j]) * (b[i, j] - b[i, other_column])

    marks = []
    for mine in strict:
        others = [other for other in strict if other is not None and other != mine]
        marks.append(
            mine is not None
            and all(product(mine, other) > product(other, mine) for other in others)
        )
    return marks


def payoff_dominant(equilibria: Sequence[Equilibrium]) -> list[bool]:
    """Which equilibria give every player strictly more than every other equilibrium
    (Harsanyi & Selten 1988, section 3.9).

    >>> from bargaining import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_arrays([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> payoff_dominant(nash_equilibria(stag_hunt))
    [False, False, True]
    """
    return [
        all(
            all(mine > theirs for mine, theirs in zip(eq.payoffs, other.payoffs, strict=True))
            for other in equilibria
            if other is not eq
        )
        and len(equilibria) > 1
        for eq in equilibria
    ]


def _negative_definite(matrix: list[list[Fraction]]) -> bool:
    """Exact LDL^T (Gaussian elimination without pivoting): every pivot negative."""
    size = len(matrix)
    work = [row[:] for row in matrix]
    for k in range(size):
        pivot = work[k][k]
        if pivot >= 0:
            return False
        for i in range(k + 1, size):
            factor = work[i][k] / pivot
            for j in range(k + 1, size):
                work[i][j] -= factor * work[k][j]
    return True


def _strictly_negative_on_orthant(matrix: np.ndarray) -> bool:
    """w^T M w < 0 for all w >= 0, w != 0: -M strictly copositive, by Kaplan's criterion (2000,
    Linear Algebra Appl. 313): no principal submatrix of -M has a positive eigenvector with a
    non-positive eigenvalue. In floats, tolerance 1e-12."""
    size = len(matrix)
    for k in range(1, size + 1):
        for chosen in itertools.combinations(range(size), k):
            values, vectors = np.linalg.eigh(-matrix[np.ix_(chosen, chosen)])
            for value, vector in zip(values, vectors.T, strict=True):
                if value <= 1e-12 and (np.all(vector > 1e-12) or np.all(vector < -1e-12)):
                    return False
    return True


def is_evolutionarily_stable(game: NormalFormGame, strategy: Sequence[Number]) -> bool:
    """Whether ``strategy`` is an evolutionarily stable strategy of a symmetric game.

    x is an ESS (Maynard Smith 1974, J. Theor. Biol. 47) when (x, x) is a Nash equilibrium
    and every alternative best response y != x has x . A y > y . A y. With S the support of x
    and T its best responses, that is z . A z < 0 for every z != 0 with support in T, entries
    summing to 0 and z_j >= 0 off S (Haigh 1975, Adv. Appl. Prob. 7). The part on S is decided
    exactly (negative definiteness on a subspace); when T is larger than S, the rest reduces by
    a Schur complement to a copositivity test (exact for one extra best response, Kaplan's
    eigenvector criterion in floats beyond).

    >>> from bargaining import NormalFormGame
    >>> hawk_dove = NormalFormGame.from_arrays([[[-1, 4], [0, 2]], [[-1, 0], [4, 2]]])
    >>> from fractions import Fraction
    >>> is_evolutionarily_stable(hawk_dove, [Fraction(2, 3), Fraction(1, 3)])
    True
    >>> is_evolutionarily_stable(hawk_dove, [0, 1])
    False
    """
    if not _is_symmetric(game):
        raise GameError("evolutionary stability needs a symmetric two-player game")
    a = [[Fraction(v) for v in row] for row in game.payoffs[..., 0].tolist()]
    x = [Fraction(p) for p in strategy]
    m = len(a)
    values = [sum(a[j][k] * x[k] for k in range(m)) for j in range(m)]
    best = max(values)
    support = [j for j in range(m) if x[j]]
    if any(values[j] != best for j in support):
        return False
    extra = [j for j in range(m) if values[j] == best and not x[j]]
    quadratic = [[(a[i][j] + a[j][i]) / 2 for j in range(m)] for i in range(m)]
    base, free = support[0], support[1:]
    # z = sum_f u_f (e_f - e_base) + sum_e w_e (e_e - e_base): the subspace of sum zero.
    directions = [
        [(1 if k == f else 0) - (1 if k == base else 0) for k in range(m)] for f in free + extra
    ]
    gram = [
        [sum(d[i] * quadratic[i][j] * e[j] for i in range(m) for j in range(m)) for e in directions]
        for d in directions
    ]
    n_free = len(free)
    p = [row[:n_free] for row in gram[:n_free]]
    if n_free and not _negative_definite(p):
        return False
    if not extra:
        return True
    r = [row[n_free:] for row in gram[:n_free]]
    q = [row[n_free:] for row in gram[n_free:]]
    reduced = _schur(p, r, q)
    if len(reduced) == 1:
        return reduced[0][0] < 0
    return _strictly_negative_on_orthant(np.array(reduced, dtype=float))


def _schur(p: list[list[Fraction]], r: list[list[Fraction]], q: list[list[Fraction]]):
    """Q - R^T P^{-1} R exactly (P negative definite, so invertible)."""
    import sympy

    if not p:
        return q
    correction = sympy.Matrix(r).T * sympy.Matrix(p).inv() * sympy.Matrix(r)
    return [
        [q[i][j] - Fraction(str(correction[i, j])) for j in range(len(q))] for i in range(len(q))
    ]


def _is_symmetric(game: NormalFormGame) -> bool:
    if game.num_players != 2 or game.shape[0] != game.shape[1]:
        return False
    return bool(np.all(game.payoffs[..., 0] == game.payoffs[..., 1].T)) and game.is_exact


@dataclass(frozen=True)
class SelectionMarks:
    """What each selection criterion says about one equilibrium.

    ``evolutionarily_stable`` is ``None`` when the game is not symmetric or the equilibrium
    is not symmetric (x != y).
    """

    equilibrium: Equilibrium
    perfect: bool
    risk_dominant: bool
    payoff_dominant: bool
    qre_selected: bool
    evolutionarily_stable: bool | None = None

    def _repr_html_(self) -> str:
        return html_fields(self, title="Selection marks")


@dataclass(frozen=True)
class Selection:
    """Every selection criterion applied to the equilibria of a two-player game.

    Attributes
    ----------
    marks:
        One :class:`SelectionMarks` per equilibrium, in the order of the equilibria.
    qre_limit:
        The limit of the principal logit QRE branch.
    """

    marks: tuple[SelectionMarks, ...]
    qre_limit: Equilibrium

    def selected(self) -> dict[str, tuple[Equilibrium, ...]]:
        """Criterion -> the equilibria it picks (perfect ones may be several)."""
        criteria = ("perfect", "risk_dominant", "payoff_dominant", "qre_selected")
        return {
            name: tuple(m.equilibrium for m in self.marks if getattr(m, name)) for name in criteria
        }

    def __repr__(self) -> str:
        # The default nests every equilibrium's repr in its marks: too long for a terminal.
        picks = "; ".join(f"{name}: {len(found)}" for name, found in self.selected().items())
        count = len(self.marks)
        return f"Selection({count} equilibria, picked by {picks}; QRE limit {self.qre_limit!r})"

    def table(self) -> list[dict[str, object]]:
        """One row per equilibrium: what each player plays, then each mark."""
        return [
            {
                **marks.equilibrium.display_row(),
                "perfect": marks.perfect,
                "risk dominant": marks.risk_dominant,
                "payoff dominant": marks.payoff_dominant,
                "QRE selected": marks.qre_selected,
                "evolutionarily stable": marks.evolutionarily_stable,
            }
            for marks in self.marks
        ]

    def to_pandas(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (pandas is an optional extra)."""
        return data_frame(self.table(), what="Selection.to_pandas")

    def _repr_html_(self) -> str:
        limit = self.qre_limit
        profile = profile_table(
            limit.players, limit.strategy_labels, limit.strategies, limit.payoffs
        )
        marks = records_table(self.table())
        return html_record(
            "Equilibrium selection; the logit QRE converges to", [], parts=[profile, marks]
        )


def equilibrium_selection(
    game: NormalFormGame,
    *,
    at: Mapping[str, object] | None = None,
    equilibria: Sequence[Equilibrium] | None = None,
) -> Selection:
    """Mark the equilibria of a two-player game by every selection criterion of this module.

    Parameters
    ----------
    game:
        A two-player game; symbolic payoffs need ``at``.
    at:
        Parameter values to substitute first.
    equilibria:
        The equilibria to mark; by default :func:`~bargaining.solvers.nash.nash_equilibria`.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> stag_hunt = NormalFormGame.from_arrays([[[4, 0], [3, 3]], [[4, 3], [0, 3]]],
    ...     strategies=(("stag", "hare"), ("stag", "hare")))
    >>> selection = equilibrium_selection(stag_hunt)
    >>> [eq.support(0) for eq in selection.selected()["payoff_dominant"]]
    [('stag',)]
    >>> [eq.support(0) for eq in selection.selected()["qre_selected"]]
    [('hare',)]
    """
    from bargaining.solvers.qre import qre_path

    game = numeric_game(game, at, "equilibrium_selection")
    if game.num_players != 2:
        raise GameError("equilibrium_selection marks equilibria of two-player games only")
    found = list(nash_equilibria(game) if equilibria is None else equilibria)
    limit = qre_path(game).limit
    risk = risk_dominant(game, found)
    payoff = payoff_dominant(found)
    symmetric = _is_symmetric(game)
    marks = []
    for eq, risky, paying in zip(found, risk, payoff, strict=True):
        close = all(
            float(np.abs(np.array(x, dtype=float) - np.array(y, dtype=float)).max()) < 1e-6
            for x, y in zip(eq.strategies, limit.strategies, strict=True)
        )
        stable = None
        if symmetric and eq.strategies[0] == eq.strategies[1]:
            stable = is_evolutionarily_stable(game, eq.strategies[0])
        marks.append(SelectionMarks(eq, is_perfect(game, eq), risky, paying, close, stable))
    return Selection(tuple(marks), limit)

"""The :class:`Equilibrium` result type shared by every normal-form solver."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from bargaining.display import ResultList, html_record, strategy_columns
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number, common_denominator, normalize_number

__all__ = [
    "Equilibrium",
    "EquilibriumList",
    "expected_payoffs",
    "make_equilibrium",
    "make_float_equilibria",
]


@dataclass(frozen=True)
class Equilibrium:
    """A strategy profile with its expected payoffs and outcome probabilities.

    Attributes
    ----------
    strategies:
        One probability vector per player, in the game's player and strategy order. Exact
        (``int``/``Fraction``) when the game's payoffs were exact, floats otherwise.
    payoffs:
        Each player's expected payoff.
    players, strategy_labels:
        The game's player names and strategy labels, so the result reads on its own.
    outcome_probabilities:
        ``(outcome, probability)`` pairs when the game names outcomes, in first-seen order.
    method:
        The algorithm that found it.
    continuum:
        True when the profile is one point of a continuum of equilibria (a degenerate
        game), found by :func:`~bargaining.solvers.support_enumeration.support_enumeration`;
        other points of that set are equilibria too.

    Probabilities of n-player equilibria may be irrational: they are then exact
    :class:`~bargaining.algebraic.RealAlgebraic` numbers, which print as radicals or
    ``CRootOf`` expressions, compare exactly and convert with ``float()``.

    Examples
    --------
    >>> from bargaining import NormalFormGame, nash_equilibria
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> (eq,) = nash_equilibria(pennies)
    >>> eq.strategies
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    >>> eq.payoffs
    (0, 0)
    """

    strategies: tuple[tuple[Number, ...], ...]
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]
    strategy_labels: tuple[tuple[str, ...], ...]
    outcome_probabilities: tuple[tuple[str, Number], ...] = ()
    method: str = ""
    continuum: bool = False

    def as_continuum(self) -> Equilibrium:
        """This equilibrium flagged as a point of a continuum of equilibria."""
        return dataclasses.replace(self, continuum=True)

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one strategy with probability one."""
        return all(sum(1 for p in vector if p != 0) == 1 for vector in self.strategies)

    def strategy(self, player: str | int) -> dict[str, Number]:
        """Strategy label -> probability for one player (by name or index)."""
        i = player if isinstance(player, int) else self.players.index(player)
        return dict(zip(self.strategy_labels[i], self.strategies[i], strict=True))

    def support(self, player: str | int) -> tuple[str, ...]:
        """Labels of the strategies a player plays with positive probability."""
        return tuple(label for label, p in self.strategy(player).items() if p != 0)

    def payoff(self, player: str | int) -> Number:
        """A player's expected payoff."""
        i = player if isinstance(player, int) else self.players.index(player)
        return self.payoffs[i]

    def probability(self, outcome: str) -> Number:
        """Probability of an outcome (0 when the outcome never occurs)."""
        return dict(self.outcome_probabilities).get(outcome, 0)

    def __repr__(self) -> str:
        parts = []
        for player, labels, vector in zip(
            self.players, self.strategy_labels, self.strategies, strict=True
        ):
            played = ", ".join(
                f"{label}: {p}" for label, p in zip(labels, vector, strict=True) if p != 0
            )
            parts.append(f"{player}={{{played}}}")
        payoffs = ", ".join(str(value) for value in self.payoffs)
        flag = "; a point of a continuum" if self.continuum else ""
        return f"Equilibrium({'; '.join(parts)}; payoffs=({payoffs}){flag})"

    def table_row(self) -> dict[str, object]:
        """This equilibrium as one row of a table (:meth:`EquilibriumList.to_pandas`): the
        probability of every ``"player: strategy"``, ``"payoff: player"``, ``"P(outcome)"``
        and the method, exact values kept.

        >>> from bargaining import NormalFormGame, nash_equilibria
        >>> game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[0, 1], [1, 0]]])
        >>> nash_equilibria(game)[0].table_row()["Player 1: 1"]
        Fraction(1, 2)
        """
        row = strategy_columns(self.players, self.strategy_labels, self.strategies)
        row.update(
            {f"payoff: {player}": v for player, v in zip(self.players, self.payoffs, strict=True)}
        )
        row.update({f"P({name})": p for name, p in self.outcome_probabilities})
        row["method"] = self.method
        return row

    def display_row(self) -> dict[str, object]:
        """The shorter row a notebook shows: what each player plays, payoffs, outcomes."""
        row: dict[str, object] = {}
        for i, player in enumerate(self.players):
            mixed = len(self.support(i)) > 1
            plays = self.strategy(i).items()
            row[player] = tuple(f"{s} {p}" if mixed else s for s, p in plays if p != 0)
        row.update(
            {f"payoff: {player}": v for player, v in zip(self.players, self.payoffs, strict=True)}
        )
        row.update({f"P({name})": p for name, p in self.outcome_probabilities})
        return row

    def _repr_html_(self) -> str:
        row = self.display_row()
        title = "Equilibrium" + (" (a point of a continuum)" if self.continuum else "")
        return html_record(title, [*row.items(), ("method", self.method)])


class EquilibriumList(ResultList):
    """The equilibria a solver returns, with whether the list is known to be complete.

    A plain list of :class:`Equilibrium` with two attributes: ``complete`` (False when a
    budget ran out or part of the search could not be settled, so equilibria may be missing)
    and ``note`` (why it is not complete, "" otherwise). In a notebook it shows as one table;
    ``to_pandas()`` gives a row per equilibrium (:meth:`Equilibrium.table_row`).

    >>> found = EquilibriumList([], complete=False, note="the time limit of 1 s ran out")
    >>> found.complete, found.note, found == []
    (False, 'the time limit of 1 s ran out', True)
    """

    def __init__(self, items: Sequence[Equilibrium] = (), *, complete: bool = True, note: str = ""):
        super().__init__(items)
        self.complete = complete
        self.note = note

    def display_caption(self) -> str:
        """Says when equilibria may be missing, and why."""
        return "" if self.complete else f"incomplete: {self.note}"


def _weighted_profiles(
    strategies: Sequence[Sequence[Number]],
) -> tuple[list[tuple[tuple[int, ...], Number]], Number]:
    """Each pure profile in the product of the supports with its weight, and the divisor that
    turns weights into probabilities.

    Exact strategies are brought to a common denominator per player, so the weights are Python
    integers and the one division happens at the end: far cheaper than Fraction arithmetic.
    """
    supports = [[j for j, p in enumerate(vector) if p != 0] for vector in strategies]
    divisor: Number = 1
    vectors: list[Sequence[Number]] = list(strategies)
    if all(isinstance(p, int | Fraction) for vector in strategies for p in vector):
        vectors = []
        for vector in strategies:
            denominator = common_denominator(vector)
            vectors.append([int(p * denominator) for p in vector])
            divisor *= denominator
    weighted = []
    for profile in itertools.product(*supports):
        weight: Number = 1
        for i, j in enumerate(profile):
            weight = weight * vectors[i][j]
        weighted.append((profile, weight))
    return weighted, divisor


def _divided(total: Number, divisor: Number) -> Number:
    if isinstance(total, int) and isinstance(divisor, int):
        return normalize_number(Fraction(total, divisor))
    return normalize_number(total / divisor if divisor != 1 else total)


def expected_payoffs(game: NormalFormGame, strategies: Sequence[Sequence[Number]]) -> tuple:
    """Each player's expected payoff under a mixed profile (exact for exact inputs).

    Sums over the product of the supports only, so pure and sparse profiles are cheap.
    """
    totals: list[Number] = [0] * game.num_players
    weighted, divisor = _weighted_profiles(strategies)
    for profile, weight in weighted:
        cell = game.payoffs[profile]
        for i in range(game.num_players):
            totals[i] = totals[i] + weight * cell[i]
    return tuple(_divided(total, divisor) for total in totals)


def _outcome_probabilities(
    game: NormalFormGame, strategies: Sequence[Sequence[Number]]
) -> tuple[tuple[str, Number], ...]:
    if game.outcomes is None:
        return ()
    totals: dict[str, Number] = {name: 0 for name in dict.fromkeys(game.outcomes.flat)}
    weighted, divisor = _weighted_profiles(strategies)
    for profile, weight in weighted:
        name = game.outcomes[profile]
        totals[name] = totals[name] + weight
    return tuple((name, _divided(p, divisor)) for name, p in totals.items())


def _clean_vector(vector: Sequence[object]) -> tuple[Number, ...]:
    if isinstance(vector, np.ndarray) and vector.dtype != object:
        return tuple(float(p) for p in vector)
    return tuple(
        p.numerator if isinstance(p, Fraction) and p.denominator == 1 else normalize_number(p)
        for p in vector
    )


def make_equilibrium(
    game: NormalFormGame, strategies: Sequence[Sequence[object]], method: str
) -> Equilibrium:
    """Wrap a profile of ``game`` as an :class:`Equilibrium` (payoffs, outcome probabilities)."""
    vectors = tuple(_clean_vector(vector) for vector in strategies)
    return Equilibrium(
        strategies=vectors,
        payoffs=expected_payoffs(game, vectors),
        players=game.players,
        strategy_labels=game.strategies,
        outcome_probabilities=_outcome_probabilities(game, vectors),
        method=method,
    )


def make_float_equilibria(
    game: NormalFormGame, profiles: Sequence[tuple[Sequence[float], Sequence[float]]], method: str
) -> list[Equilibrium]:
    """Wrap float profiles ``(x, y)`` of a two-player game, computing every profile's payoffs and
    outcome probabilities in one numpy pass (the float solvers return many at once).

    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> (eq,) = make_float_equilibria(game, [((0.5, 0.5), (0.5, 0.5))], "example")
    >>> eq.payoffs
    (0.5, 0.5)
    """
    if not profiles:
        return []
    rows = np.array([x for x, _ in profiles], dtype=float)
    columns = np.array([y for _, y in profiles], dtype=float)
    table = game.float_payoffs()
    payoffs = np.stack([((rows @ table[..., k]) * columns).sum(axis=1) for k in (0, 1)], axis=1)
    outcome_names: tuple[str, ...] = ()
    probabilities = np.zeros((len(profiles), 0))
    if game.outcomes is not None:
        outcome_names = tuple(dict.fromkeys(game.outcomes.flat))
        cells = game.outcomes.reshape(-1)
        indicator = np.array([[cell == name for name in outcome_names] for cell in cells], float)
        joint = (rows[:, :, None] * columns[:, None, :]).reshape(len(profiles), -1)
        probabilities = joint @ indicator
    return [
        Equilibrium(
            strategies=(tuple(x), tuple(y)),
            payoffs=tuple(value),
            players=game.players,
            strategy_labels=game.strategies,
            outcome_probabilities=tuple(zip(outcome_names, chances, strict=True)),
            method=method,
        )
        for x, y, value, chances in zip(
            rows.tolist(), columns.tolist(), payoffs.tolist(), probabilities.tolist(), strict=True
        )
    ]

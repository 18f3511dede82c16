"""Bayes-Nash equilibria of Bayesian games, exactly, through the ex-ante normal form.

A Bayes-Nash equilibrium gives every type of every player a (mixed) action that maximises its
interim payoff, the expectation conditional on its own type, against the others' type-contingent
strategies (Harsanyi 1967-68, Management Science 14). :func:`bayes_nash_equilibria` solves the
ex-ante form (:func:`~bargaining.games.bayesian.ex_ante_form`: plans as strategies) with
:func:`~bargaining.solvers.nash.nash_equilibria` (every extreme equilibrium of two-player games,
exactly; support enumeration for more players), maps each equilibrium to its per-type
marginals (Kuhn's theorem: only those matter) and drops duplicates. The plan vectors reported
are the products of those marginals, so the same behaviour is always the same equilibrium.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bargaining.display import html_record
from bargaining.errors import GameError
from bargaining.games.bayesian import BayesianGame, ex_ante_form
from bargaining.numbers import Number, normalize_number
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList
from bargaining.solvers.nash import nash_equilibria

__all__ = [
    "BayesNashEquilibrium",
    "Behaviour",
    "bayes_nash_equilibria",
    "behaviour_of",
    "interim_payoffs",
    "outcome_lottery",
    "plan_vectors",
]

Behaviour = tuple[tuple[tuple[Number, ...], ...], ...]
"""Per player, per type, the probability of each action: ``behaviour[i][k][a]``."""


@dataclass(frozen=True)
class BayesNashEquilibrium(Equilibrium):
    """A Bayes-Nash equilibrium: the plan-level view every consumer reads (``strategies`` over
    the game's plans, ex-ante ``payoffs``, ``outcome_probabilities``) and the per-type view.

    Attributes
    ----------
    types, actions:
        Each player's type and action names.
    behaviour:
        ``behaviour[i][k]``: the probability of each action of player ``i``'s type ``k``.
    interim_payoffs:
        ``interim_payoffs[i][k]``: type ``k``'s expected payoff given its type, or None for a
        type of prior probability 0 (there it is undefined, and any action is a best reply).
    """

    types: tuple[tuple[str, ...], ...] = ()
    actions: tuple[tuple[str, ...], ...] = ()
    behaviour: Behaviour = ()
    interim_payoffs: tuple[tuple[Number | None, ...], ...] = ()

    def type_strategy(self, player: str | int, type_name: str) -> dict[str, Number]:
        """Action -> probability for one type of one player."""
        i = player if isinstance(player, int) else self.players.index(player)
        vector = self.behaviour[i][self.types[i].index(type_name)]
        return dict(zip(self.actions[i], vector, strict=True))

    def interim_payoff(self, player: str | int, type_name: str) -> Number | None:
        """A type's expected payoff conditional on its type (None at probability 0)."""
        i = player if isinstance(player, int) else self.players.index(player)
        return self.interim_payoffs[i][self.types[i].index(type_name)]

    def display_row(self) -> dict[str, object]:
        """The row a notebook shows: what each type of each player plays (with its interim
        payoff), ex-ante payoffs and outcome probabilities."""
        row: dict[str, object] = {}
        for i, player in enumerate(self.players):
            for k, name in enumerate(self.types[i]):
                chances = zip(self.actions[i], self.behaviour[i][k], strict=True)
                played = [(a, p) for a, p in chances if p != 0]
                label = f"{player} ({name})" if len(self.types[i]) > 1 else player
                row[label] = tuple(f"{a} {p}" if len(played) > 1 else a for a, p in played)
        row.update(
            {f"payoff: {player}": v for player, v in zip(self.players, self.payoffs, strict=True)}
        )
        row.update({f"P({name})": p for name, p in self.outcome_probabilities})
        return row

    def _repr_html_(self) -> str:
        interim = [
            (f"interim payoff: {player} ({name})", value)
            for i, player in enumerate(self.players)
            for name, value in zip(self.types[i], self.interim_payoffs[i], strict=True)
        ]
        fields = [*self.display_row().items(), *interim, ("method", self.method)]
        return html_record("Bayes-Nash equilibrium", fields)

    def __repr__(self) -> str:
        parts = []
        for i, player in enumerate(self.players):
            per_type = []
            for k, name in enumerate(self.types[i]):
                chances = zip(self.actions[i], self.behaviour[i][k], strict=True)
                played = ", ".join(f"{a}: {p}" for a, p in chances if p != 0)
                per_type.append(f"{name}: {{{played}}}" if len(self.types[i]) > 1 else played)
            parts.append(f"{player}={{{'; '.join(per_type)}}}")
        payoffs = ", ".join(str(value) for value in self.payoffs)
        return f"BayesNashEquilibrium({'; '.join(parts)}; payoffs=({payoffs}))"


def _sum(values: Sequence[Number]) -> Number:
    return sum(values[1:], values[0]) if values else 0


def behaviour_of(game: BayesianGame, strategies: Sequence[Sequence[Number]]) -> Behaviour:
    """Each type's action probabilities from mixtures over plans (their marginals).

    Works on numbers and on sympy expressions alike.

    >>> from bargaining.games.normal_form import NormalFormGame
    >>> one = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> game = BayesianGame.from_games({("x", "-"): one, ("y", "-"): one},
    ...                                prior={("x", "-"): 1})
    >>> behaviour_of(game, [(0, Fraction(1, 2), Fraction(1, 2), 0), (1, 0)])[0]
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    result = []
    for i, vector in enumerate(strategies):
        plans = game.plans(i)
        result.append(
            tuple(
                tuple(
                    _sum([p for plan, p in zip(plans, vector, strict=True) if plan[k] == a])
                    for a in range(len(game.actions[i]))
                )
                for k in range(len(game.types[i]))
            )
        )
    return tuple(result)


def plan_vectors(game: BayesianGame, behaviour: Behaviour) -> tuple[tuple[Number, ...], ...]:
    """Each player's mixture over plans that draws every type's action independently (the
    product of the marginals): the one plan-level representative of a behaviour.

    >>> from bargaining.games.normal_form import NormalFormGame
    >>> one = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> game = BayesianGame.from_games({("x", "-"): one, ("y", "-"): one},
    ...                                prior={("x", "-"): 1})
    >>> half = Fraction(1, 2)
    >>> plan_vectors(game, (((1, 0), (half, half)), ((1, 0),)))[0]
    (Fraction(1, 2), Fraction(1, 2), Fraction(0, 1), Fraction(0, 1))
    """
    vectors = []
    for i, per_type in enumerate(behaviour):
        vector = []
        for plan in game.plans(i):
            weight: Number = 1
            for k, a in enumerate(plan):
                weight = weight * per_type[k][a]
            vector.append(weight)
        vectors.append(tuple(vector))
    return tuple(vectors)


def _profile_weights(
    game: BayesianGame, behaviour: Behaviour
) -> list[tuple[tuple[int, ...], tuple[int, ...], Number]]:
    """``(types, actions, p(types) * prob(actions | types))`` for every positive term."""
    terms = []
    for types, p in game.type_profiles():
        if p == 0:
            continue
        supports = [
            [(a, q) for a, q in enumerate(behaviour[i][k]) if q != 0] for i, k in enumerate(types)
        ]
        for chosen in itertools.product(*supports):
            weight: Number = p
            for _, q in chosen:
                weight = weight * q
            terms.append((types, tuple(a for a, _ in chosen), weight))
    return terms


def outcome_lottery(game: BayesianGame, behaviour: Behaviour) -> tuple[tuple[str, Number], ...]:
    """The probability of each named outcome (first seen first), over types and actions.

    >>> from bargaining.games.normal_form import NormalFormGame
    >>> table = [["deal", "war"], ["war", "deal"]]
    >>> one = NormalFormGame.from_arrays([[[1, 0], [0, 1]]] * 2, outcomes=table)
    >>> game = BayesianGame.from_games({("x", "-"): one, ("y", "-"): one},
    ...     prior={("x", "-"): Fraction(1, 4), ("y", "-"): Fraction(3, 4)})
    >>> outcome_lottery(game, (((1, 0), (0, 1)), ((1, 0),)))
    (('deal', Fraction(1, 4)), ('war', Fraction(3, 4)))
    """
    if game.outcomes is None:
        return ()
    totals: dict[str, list[Number]] = {name: [] for name in dict.fromkeys(game.outcomes.flat)}
    for types, actions, weight in _profile_weights(game, behaviour):
        totals[game.outcomes[(*types, *actions)]].append(weight)
    return tuple((name, _sum(terms)) for name, terms in totals.items())


def interim_payoffs(
    game: BayesianGame, behaviour: Behaviour, *, deviation: tuple[int, int, int] | None = None
) -> tuple[tuple[Number | None, ...], ...]:
    """Each type's expected payoff conditional on its type (None at prior probability 0).

    ``deviation=(player, type, action)`` gives the payoffs when that one type plays that
    action instead, the others unchanged (for checking best replies).

    >>> from bargaining.games.normal_form import NormalFormGame
    >>> one = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> game = BayesianGame.from_games({("x", "-"): one, ("y", "-"): one},
    ...                                prior={("x", "-"): 1})
    >>> behaviour = (((1, 0), (0, 1)), ((1, 0),))
    >>> interim_payoffs(game, behaviour)
    ((2, None), (1,))
    >>> interim_payoffs(game, behaviour, deviation=(0, 0, 1))[0]
    (0, None)
    """
    if deviation is not None:
        i, k, a = deviation
        vectors = [list(map(list, per_type)) for per_type in behaviour]
        vectors[i][k] = [1 if b == a else 0 for b in range(len(game.actions[i]))]
        behaviour = tuple(tuple(map(tuple, per_type)) for per_type in vectors)
    sums: list[list[list[Number]]] = [[[] for _ in t] for t in game.types]
    masses: list[list[list[Number]]] = [[[] for _ in t] for t in game.types]
    for types, p in game.type_profiles():
        for i, k in enumerate(types):
            masses[i][k].append(p)
    for types, actions, weight in _profile_weights(game, behaviour):
        cell = game.payoffs[(*types, *actions)]
        for i, k in enumerate(types):
            sums[i][k].append(weight * cell[i])
    result = []
    for i in range(game.num_players):
        row = []
        for k in range(len(game.types[i])):
            mass = _sum(masses[i][k])
            total = _sum(sums[i][k])
            if isinstance(total, int | Fraction) and isinstance(mass, int | Fraction):
                total = Fraction(total)  # exact division: int / int would give a float
            row.append(None if mass == 0 else normalize_number(total / mass))
        result.append(tuple(row))
    return tuple(result)


def _key(behaviour: Behaviour) -> tuple:
    flat = [p for per_type in behaviour for vector in per_type for p in vector]
    if any(isinstance(p, float) for p in flat):
        return tuple(round(float(p), 9) for p in flat)
    return tuple(flat)


def _exact(value: Number) -> Number:
    return normalize_number(Fraction(value) if isinstance(value, int | Fraction) else value)


def bayes_nash_equilibria(
    game: BayesianGame, *, at: Mapping[str, object] | None = None
) -> list[BayesNashEquilibrium]:
    """Every Bayes-Nash equilibrium of a Bayesian game (every extreme one where the game is
    degenerate), exact where the prior and payoffs are exact.

    Solves the ex-ante normal form (:func:`~bargaining.games.bayesian.ex_ante_form`; Harsanyi
    1967-68, Management Science 14, Part II): two players by vertex enumeration, more by support
    enumeration (:func:`~bargaining.solvers.nash.nash_equilibria`). Each equilibrium is mapped
    to its per-type marginals, which are what a Bayes-Nash equilibrium is (a type of
    probability 0 may play anything; only its extreme choices are listed).

    Parameters
    ----------
    game:
        The game; a prior or payoffs with parameters need ``at``.
    at:
        Parameter values to substitute first.

    Returns
    -------
    list of BayesNashEquilibrium
        Sorted by plan strategies; an
        :class:`~bargaining.solvers.equilibrium.EquilibriumList` that says whether it is
        complete.

    Examples
    --------
    A settling or stalling Russia (prior 1/4 stalling) and a Ukraine that accepts or refuses a
    truce; a stalling Russia would exploit it:

    >>> from bargaining.games.normal_form import NormalFormGame
    >>> settling = NormalFormGame.from_arrays([[[2, 0]], [[1, 0]]], players=("Russia", "Ukraine"),
    ...                                       strategies=(("propose",), ("accept", "refuse")))
    >>> stalling = NormalFormGame.from_arrays([[[3, 0]], [[-2, 0]]], players=("Russia", "Ukraine"),
    ...                                       strategies=(("propose",), ("accept", "refuse")))
    >>> game = BayesianGame.from_games(
    ...     {("settling", "-"): settling, ("stalling", "-"): stalling},
    ...     prior={("settling", "-"): Fraction(3, 4), ("stalling", "-"): Fraction(1, 4)})
    >>> (eq,) = bayes_nash_equilibria(game)
    >>> eq.type_strategy("Ukraine", "-"), eq.interim_payoff("Russia", "stalling")
    ({'accept': 1, 'refuse': 0}, 3)
    >>> eq.payoffs
    (Fraction(9, 4), Fraction(1, 4))
    """
    if not isinstance(game, BayesianGame):
        raise GameError(f"bayes_nash_equilibria needs a BayesianGame, got {type(game).__name__}")
    if at is not None or game.parameters:
        game = game.at(at or {})
    found = nash_equilibria(ex_ante_form(game))
    unique: dict[tuple, BayesNashEquilibrium] = {}
    for eq in found:
        behaviour = tuple(
            tuple(tuple(_exact(p) for p in vector) for vector in per_type)
            for per_type in behaviour_of(game, eq.strategies)
        )
        key = _key(behaviour)
        if key in unique:
            continue
        unique[key] = BayesNashEquilibrium(
            strategies=tuple(
                tuple(_exact(p) for p in vector) for vector in plan_vectors(game, behaviour)
            ),
            payoffs=eq.payoffs,
            players=game.players,
            strategy_labels=game.strategies,
            outcome_probabilities=tuple(
                (name, _exact(p)) for name, p in outcome_lottery(game, behaviour)
            ),
            method=f"ex-ante normal form, {eq.method}",
            continuum=eq.continuum,
            types=game.types,
            actions=game.actions,
            behaviour=behaviour,
            interim_payoffs=interim_payoffs(game, behaviour),
        )
    ordered = sorted(unique.values(), key=lambda eq: eq.strategies)
    return EquilibriumList(
        ordered, complete=getattr(found, "complete", True), note=getattr(found, "note", "")
    )

"""Bayesian games: players with private types, a common prior, payoffs per type profile.

A Bayesian game (Harsanyi 1967-68, Management Science 14) has players ``i`` with finite type
sets ``T_i`` and action sets ``A_i``, a common prior ``p`` over type profiles (its entries may be
formulas in parameters, such as ``mu``, the probability that one side is stalling) and payoffs
``u_i(a, t)`` for every type profile ``t`` and action profile ``a``.

Two normal forms come with it. :func:`ex_ante_form` is the game the solvers use: a pure strategy
of player ``i`` is a *plan* (one action per type) and its payoff is the ex-ante expectation
``sum_t p(t) u_i(s(t), t)``; two players stay two, so the exact two-player solver finds every
Bayes-Nash equilibrium (Harsanyi 1967-68, Part II). :func:`type_agent_form` makes every type a
player of its own with prior-weighted interim payoffs (Selten's agent form): an independent
route, used to check equilibria.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from bargaining.errors import GameError
from bargaining.games.normal_form import MAX_PROFILES, NormalFormGame
from bargaining.numbers import Number, NumberError, is_symbolic, normalize_number, to_sympy

__all__ = ["PRIOR_TOLERANCE", "BayesianGame", "ex_ante_form", "type_agent_form"]

PRIOR_TOLERANCE = 1e-9
"""How far a float prior may sum from 1 (exact and symbolic priors must sum to exactly 1)."""

TypeProfile = tuple[str, ...]


def _names(values: Sequence[str], what: str) -> tuple[str, ...]:
    names = tuple(values)
    if not names or not all(isinstance(name, str) and name for name in names):
        raise GameError(f"{what} must be a non-empty list of names, got {list(names)!r}")
    if len(set(names)) != len(names):
        raise GameError(f"{what} has a name twice: {list(names)!r}")
    return names


def _entry(value: object, where: str) -> Number:
    try:
        return normalize_number(value)
    except NumberError as error:
        raise GameError(f"{where}: {error}") from None


def _total(values: Sequence[Number]) -> Number:
    if any(is_symbolic(value) for value in values):
        return sympy.expand(sympy.Add(*(to_sympy(value) for value in values)))
    return normalize_number(sum(values, Fraction(0)) if values else 0)


@dataclass(frozen=True, eq=False)
class BayesianGame:
    """A finite game of incomplete information with a common prior.

    Parameters
    ----------
    players:
        Player names.
    types:
        Each player's type names (a player without private information has one type).
    actions:
        Each player's action names (the same whatever the player's type).
    prior:
        Array of shape ``(|T_1|, ..., |T_n|)``: the probability of each type profile; numbers
        or sympy expressions in parameters.
    payoffs:
        Array of shape ``(|T_1|, ..., |T_n|, |A_1|, ..., |A_n|, n)``: ``payoffs[t + a + (i,)]``
        is player ``i``'s payoff when the types are ``t`` and the actions ``a``.
    outcomes:
        Optional outcome names of shape ``(|T_1|, ..., |T_n|, |A_1|, ..., |A_n|)``.
    title:
        A short description.

    Raises
    ------
    GameError
        Shapes that do not fit, repeated names, a prior entry that is negative or a prior
        that does not sum to 1 (exactly; symbolic priors identically in their parameters).
        Whether a symbolic prior stays non-negative on a parameter box is checked by
        :func:`bargaining.analysis.parametric_bayesian.check_prior`.

    Examples
    --------
    >>> mu = sympy.Symbol("mu")
    >>> game = BayesianGame.from_games(
    ...     {("settling", "-"): NormalFormGame.from_arrays([[[1, 0]], [[1, 0]]]),
    ...      ("stalling", "-"): NormalFormGame.from_arrays([[[1, 0]], [[-1, 0]]])},
    ...     prior={("settling", "-"): 1 - mu, ("stalling", "-"): mu},
    ...     players=("Russia", "Ukraine"))
    >>> game.types, game.strategies[1]
    ((('settling', 'stalling'), ('-',)), ('1', '2'))
    >>> game.type_probability(0, "stalling")
    mu
    """

    players: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    actions: tuple[tuple[str, ...], ...]
    prior: np.ndarray
    payoffs: np.ndarray
    outcomes: np.ndarray | None = None
    title: str = ""

    def __post_init__(self) -> None:
        players = _names(self.players, "players")
        n = len(players)
        if len(self.types) != n or len(self.actions) != n:
            raise GameError(f"give types and actions for each of the {n} players")
        types = tuple(_names(self.types[i], f"the types of {p}") for i, p in enumerate(players))
        actions = tuple(_names(self.actions[i], f"{p}'s actions") for i, p in enumerate(players))
        type_shape = tuple(len(t) for t in types)
        action_shape = tuple(len(a) for a in actions)
        plans = math.prod(len(a) ** len(t) for a, t in zip(actions, types, strict=True))
        if plans > MAX_PROFILES:
            raise GameError(f"the game has {plans:,} plan profiles; at most {MAX_PROFILES:,}")
        prior = np.empty(type_shape, dtype=object)
        given = np.asarray(self.prior, dtype=object)
        if given.shape != type_shape:
            raise GameError(f"the prior has shape {given.shape}, expected {type_shape}")
        for index in np.ndindex(type_shape):
            prior[index] = _entry(given[index], f"prior{list(self._profile(types, index))}")
        payoffs = np.asarray(self.payoffs, dtype=object)
        if payoffs.shape != (*type_shape, *action_shape, n):
            raise GameError(
                f"payoffs have shape {payoffs.shape}, expected {(*type_shape, *action_shape, n)}"
            )
        payoffs = np.vectorize(lambda v: _entry(v, "payoff"), otypes=[object])(payoffs)
        outcomes = None
        if self.outcomes is not None:
            outcomes = np.asarray(self.outcomes, dtype=object)
            if outcomes.shape != (*type_shape, *action_shape):
                raise GameError(
                    f"outcomes have shape {outcomes.shape}, expected {(*type_shape, *action_shape)}"
                )
        for name, value in (("players", players), ("types", types), ("actions", actions)):
            object.__setattr__(self, name, value)
        for name, value in (("prior", prior), ("payoffs", payoffs), ("outcomes", outcomes)):
            object.__setattr__(self, name, value)
        self._check_prior()

    @staticmethod
    def _profile(types: tuple[tuple[str, ...], ...], index: tuple[int, ...]) -> TypeProfile:
        return tuple(types[i][k] for i, k in enumerate(index))

    def _check_prior(self) -> None:
        for index, value in np.ndenumerate(self.prior):
            if not is_symbolic(value) and value < 0:
                where = list(self._profile(self.types, index))
                raise GameError(f"prior{where} is {value}: a probability cannot be negative")
        total = _total(list(self.prior.flat))
        if is_symbolic(total):
            if sympy.simplify(total - 1) != 0:
                raise GameError(f"the prior sums to {total}, not 1")
        elif isinstance(total, float):
            if abs(total - 1) > PRIOR_TOLERANCE:
                raise GameError(f"the prior sums to {total}, not 1")
        elif total != 1:
            raise GameError(f"the prior sums to {total}, not 1")

    @classmethod
    def from_games(
        cls,
        games: Mapping[TypeProfile, NormalFormGame],
        *,
        prior: Mapping[TypeProfile, object],
        players: Sequence[str] | None = None,
        types: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> BayesianGame:
        """Build a game from one normal-form game per type profile and the prior.

        Parameters
        ----------
        games:
            Type profile (a tuple with one type name per player) -> the game played when the
            types are those; all with the same strategies (the actions).
        prior:
            Type profile -> probability; profiles left out have probability 0.
        players:
            Player names (default: those of the games).
        types:
            Each player's types in order (default: in order of first appearance in ``games``).

        Raises
        ------
        GameError
            Games that differ in shape or labels, a type profile with no game, a prior entry
            for an unknown profile.
        """
        first = next(iter(games.values()), None)
        if first is None:
            raise GameError("give at least one type profile's game")
        n = first.num_players
        for profile in (*games, *prior):
            if not isinstance(profile, tuple) or len(profile) != n:
                raise GameError(f"a type profile is a tuple of {n} type names, got {profile!r}")
        if types is None:
            types = [list(dict.fromkeys(profile[i] for profile in games)) for i in range(n)]
        types = tuple(tuple(t) for t in types)
        profiles = [tuple(p) for p in itertools.product(*types)]
        for profile, game in games.items():
            if tuple(profile) not in profiles:
                raise GameError(f"games has an unknown type profile {tuple(profile)!r}")
            if game.strategies != first.strategies:
                raise GameError(f"the game of {tuple(profile)!r} has other actions than the first")
            if (game.outcomes is None) != (first.outcomes is None):
                raise GameError("give outcome names for every type profile's game or for none")
        for profile in prior:
            if tuple(profile) not in profiles:
                raise GameError(f"prior has an unknown type profile {tuple(profile)!r}")
        type_shape = tuple(len(t) for t in types)
        payoffs = np.empty((*type_shape, *first.shape, n), dtype=object)
        outcomes = None if first.outcomes is None else np.empty((*type_shape, *first.shape), object)
        probabilities = np.empty(type_shape, dtype=object)
        for index, profile in zip(np.ndindex(type_shape), profiles, strict=True):
            if profile not in games:
                raise GameError(f"no game for the type profile {profile!r}")
            payoffs[index] = games[profile].payoffs
            if outcomes is not None:
                outcomes[index] = games[profile].outcomes
            probabilities[index] = prior.get(profile, 0)
        return cls(
            tuple(players or first.players),
            types,
            first.strategies,
            probabilities,
            payoffs,
            outcomes,
            title,
        )

    # -- shape and labels -----------------------------------------------------------------------

    @property
    def num_players(self) -> int:
        """The number of players."""
        return len(self.players)

    @property
    def type_shape(self) -> tuple[int, ...]:
        """Each player's number of types."""
        return tuple(len(t) for t in self.types)

    @property
    def action_shape(self) -> tuple[int, ...]:
        """Each player's number of actions."""
        return tuple(len(a) for a in self.actions)

    def type_profiles(self) -> list[tuple[tuple[int, ...], Number]]:
        """Every type profile (as type indices) with its prior probability."""
        return [(index, self.prior[index]) for index in np.ndindex(self.type_shape)]

    def type_probability(self, player: int, type_name: str) -> Number:
        """The marginal prior probability of one of a player's types."""
        k = self.types[player].index(type_name)
        return _total([p for index, p in self.type_profiles() if index[player] == k])

    def profile_games(self) -> tuple[tuple[TypeProfile, Number, NormalFormGame], ...]:
        """Every type profile (type names), its prior probability and the game played there."""
        return tuple(
            (
                tuple(self.types[i][k] for i, k in enumerate(index)),
                p,
                NormalFormGame(
                    self.payoffs[index],
                    self.players,
                    self.actions,
                    None if self.outcomes is None else self.outcomes[index],
                ),
            )
            for index, p in self.type_profiles()
        )

    def plans(self, player: int) -> tuple[tuple[int, ...], ...]:
        """A player's pure strategies: one action index per type, in ``strategies`` order."""
        return tuple(
            itertools.product(range(len(self.actions[player])), repeat=len(self.types[player]))
        )

    @functools.cached_property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Each player's plan labels: ``"settling: accept | stalling: refuse"``, or just the
        action where the player has one type (so a one-type game reads like its normal form)."""
        labels = []
        for i, (types, actions) in enumerate(zip(self.types, self.actions, strict=True)):
            if len(types) == 1:
                labels.append(actions)
                continue
            labels.append(
                tuple(
                    " | ".join(f"{t}: {actions[a]}" for t, a in zip(types, plan, strict=True))
                    for plan in self.plans(i)
                )
            )
        return tuple(labels)

    def strategy_labels(self, player: int) -> tuple[str, ...]:
        """A player's plan labels (as :attr:`strategies`)."""
        return self.strategies[player]

    # -- parameters -----------------------------------------------------------------------------

    @functools.cached_property
    def parameters(self) -> tuple[sympy.Symbol, ...]:
        """The free symbols of the prior and the payoffs, sorted by name."""
        found: set[sympy.Symbol] = set()
        for value in itertools.chain(self.prior.flat, self.payoffs.flat):
            if is_symbolic(value):
                found |= value.free_symbols
        return tuple(sorted(found, key=lambda symbol: symbol.name))

    @property
    def is_symbolic(self) -> bool:
        """Whether the prior or a payoff depends on parameters."""
        return bool(self.parameters)

    def map_entries(self, function: Callable[[Number], object]) -> BayesianGame:
        """The game with ``function`` applied to every prior entry and payoff."""

        def mapped(array: np.ndarray) -> np.ndarray:
            return np.vectorize(function, otypes=[object])(array)

        return BayesianGame(
            self.players,
            self.types,
            self.actions,
            mapped(self.prior),
            mapped(self.payoffs),
            self.outcomes,
            self.title,
        )

    def at(self, values: Mapping[str | sympy.Symbol, object] | None = None) -> BayesianGame:
        """The game with parameters replaced by values (the prior is checked again there).

        >>> mu = sympy.Symbol("mu")
        >>> one = NormalFormGame.from_arrays([[[1]], [[1]]])
        >>> game = BayesianGame.from_games({("a", "-"): one, ("b", "-"): one},
        ...                                prior={("a", "-"): 1 - mu, ("b", "-"): mu})
        >>> game.at({"mu": Fraction(1, 4)}).prior.tolist()
        [[Fraction(3, 4)], [Fraction(1, 4)]]
        """
        by_name = {str(getattr(k, "name", k)): v for k, v in (values or {}).items()}
        missing = [s.name for s in self.parameters if s.name not in by_name]
        if missing:
            raise GameError(f"no value given for parameter(s): {', '.join(missing)}")
        if not self.parameters:
            return self
        substitution = {
            s: to_sympy(_entry(by_name[s.name], f"parameter {s.name!r}")) for s in self.parameters
        }
        return self.map_entries(
            lambda v: normalize_number(v.xreplace(substitution)) if is_symbolic(v) else v
        )

    def _key(self) -> tuple:
        outcomes = None if self.outcomes is None else tuple(self.outcomes.flat)
        return (
            self.players,
            self.types,
            self.actions,
            tuple(self.prior.flat),
            tuple(self.payoffs.flat),
            outcomes,
            self.title,
        )

    def __eq__(self, other: object) -> bool:
        # Games are values: equal when every label, probability and payoff is.
        return isinstance(other, BayesianGame) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        pairs = zip(self.players, self.types, strict=True)
        types = "; ".join(f"{p}: {', '.join(t)}" for p, t in pairs)
        return f"BayesianGame({len(self.players)} players; types {types})"


def _weighted_sum(terms: list[tuple[Number, Number]]) -> Number:
    """``sum(p * u)``, exact for exact inputs, expanded where symbolic."""
    if any(is_symbolic(p) or is_symbolic(u) for p, u in terms):
        return sympy.expand(sympy.Add(*(to_sympy(p) * to_sympy(u) for p, u in terms)))
    return normalize_number(sum((p * u for p, u in terms), Fraction(0)))


def ex_ante_form(game: BayesianGame) -> NormalFormGame:
    """The induced normal form: plans as strategies, ex-ante expected payoffs.

    A pure strategy of player ``i`` is a plan ``s_i: T_i -> A_i``; the payoff of a plan profile
    is ``sum_t p(t) u_i(s_1(t_1), ..., s_n(t_n), t)`` (Harsanyi 1967-68, Management Science
    14, Part II). By Kuhn's theorem a mixture over plans is equivalent to independent mixtures
    per type, and where every type has positive probability its Nash equilibria are exactly
    the Bayes-Nash equilibria. Two players stay two, so the exact two-player solver applies.
    The form is degenerate (plans that differ only at a zero-probability type tie); the solver
    in :mod:`bargaining.solvers.bayes_nash` maps its equilibria to per-type strategies.

    >>> one = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> other = NormalFormGame.from_arrays([[[0, 2], [1, 0]], [[1, 0], [0, 2]]])
    >>> game = BayesianGame.from_games({("x", "-"): one, ("y", "-"): other},
    ...     prior={("x", "-"): Fraction(1, 2), ("y", "-"): Fraction(1, 2)})
    >>> form = ex_ante_form(game)
    >>> form.shape, form.strategies[0][1], form.payoff((1, 0))
    ((4, 2), 'x: 1 | y: 2', (Fraction(3, 2), Fraction(1, 2)))
    """
    plans = [game.plans(i) for i in range(game.num_players)]
    shape = tuple(len(p) for p in plans)
    payoffs = np.empty((*shape, game.num_players), dtype=object)
    profiles = game.type_profiles()
    for index in itertools.product(*(range(size) for size in shape)):
        chosen = [plans[i][j] for i, j in enumerate(index)]
        cells = [
            (p, game.payoffs[(*t, *(chosen[i][k] for i, k in enumerate(t)))]) for t, p in profiles
        ]
        for i in range(game.num_players):
            payoffs[(*index, i)] = _weighted_sum([(p, cell[i]) for p, cell in cells])
    return NormalFormGame(payoffs, game.players, game.strategies, None, game.title)


def type_agent_form(game: BayesianGame) -> NormalFormGame:
    """The type-agent form: each type of each player is a player (an agent) of its own.

    Agent ``(i, t_i)`` chooses an action of player ``i`` and is paid
    ``sum_{t_-i} p(t_i, t_-i) u_i(a, t)``, the interim payoff times the type's probability
    (Selten 1975, International Journal of Game Theory 4; Harsanyi 1967-68). Its Nash
    equilibria are the Bayes-Nash equilibria; a zero-probability type is indifferent. Agents
    are named ``"player: type"``. The game has ``sum |T_i|`` players, so it is the
    independent check of the solver's results rather than the way they are found.

    >>> one = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> game = BayesianGame.from_games({("x", "-"): one, ("y", "-"): one},
    ...     prior={("x", "-"): Fraction(1, 2), ("y", "-"): Fraction(1, 2)})
    >>> type_agent_form(game).players
    ('Player 1: x', 'Player 1: y', 'Player 2: -')
    """
    agents = [(i, k) for i in range(game.num_players) for k in range(len(game.types[i]))]
    shape = tuple(len(game.actions[i]) for i, _ in agents)
    payoffs = np.empty((*shape, len(agents)), dtype=object)
    profiles = game.type_profiles()
    for index in itertools.product(*(range(size) for size in shape)):
        move = dict(zip(agents, index, strict=True))
        cells = [
            (t, p, game.payoffs[(*t, *(move[(i, k)] for i, k in enumerate(t)))])
            for t, p in profiles
        ]
        for a, (i, k) in enumerate(agents):
            payoffs[(*index, a)] = _weighted_sum([(p, u[i]) for t, p, u in cells if t[i] == k])
    return NormalFormGame(
        payoffs,
        tuple(f"{game.players[i]}: {game.types[i][k]}" for i, k in agents),
        tuple(game.actions[i] for i, _ in agents),
        None,
        game.title,
    )

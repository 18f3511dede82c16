"""Normal-form (strategic-form) games with n players, labelled strategies and symbolic payoffs."""

from __future__ import annotations

import functools
import html
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from bargaining.display import latex_text
from bargaining.errors import GameError
from bargaining.numbers import (
    Number,
    NumberError,
    is_exact,
    is_symbolic,
    normalize_number,
    to_sympy,
)

__all__ = ["NormalFormGame"]

MAX_PROFILES = 10_000_000
"""Games with more pure-strategy profiles than this are refused: they would not fit in memory."""


def _nested_shape(value: object, path: tuple[int, ...] = ()) -> tuple[int, ...]:
    """The shape of a nested sequence, or GameError naming the first ragged index."""
    if isinstance(value, np.ndarray):
        return value.shape
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return ()
    shapes = [_nested_shape(item, (*path, index)) for index, item in enumerate(value)]
    if not shapes:
        return (0,)
    for index, shape in enumerate(shapes):
        if shape != shapes[0]:
            where = "".join(f"[{i}]" for i in (*path, index))
            raise GameError(
                f"payoffs are ragged: entry payoffs{where} has shape {shape}, expected {shapes[0]}"
            )
    return (len(value), *shapes[0])


def _object_array(value: object, shape: tuple[int, ...]) -> np.ndarray:
    array = np.empty(shape, dtype=object)
    if isinstance(value, np.ndarray):
        array[...] = value
        return array
    for index in itertools.product(*(range(size) for size in shape)):
        item = value
        for i in index:
            item = item[i]
        array[index] = item
    return array


def _profile_text(index: tuple[int, ...]) -> str:
    return "[" + "][".join(str(i) for i in index) + "]"


@dataclass(frozen=True, eq=False)
class NormalFormGame:
    """A finite game in strategic form.

    Parameters
    ----------
    payoffs:
        Nested sequence or array of shape ``(m1, ..., mn, n)``: ``payoffs[s1, ..., sn, i]`` is
        player ``i``'s payoff when player ``k`` plays strategy ``sk``. Entries are ints,
        fractions, floats or sympy expressions in parameters.
    players:
        Player names; defaults to ``("Player 1", ..., "Player n")``.
    strategies:
        Strategy labels per player; defaults to ``("1", "2", ...)`` for each.
    outcomes:
        Optional outcome names of shape ``(m1, ..., mn)``: which outcome each profile leads to.
    title:
        A short description.

    Games are immutable values: equal when players, strategies, payoffs and outcomes are equal.

    Examples
    --------
    >>> game = NormalFormGame.from_arrays(
    ...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...     players=("Row", "Column"),
    ...     strategies=(("cooperate", "defect"), ("cooperate", "defect")),
    ... )
    >>> game.shape
    (2, 2)
    >>> game.payoff(("defect", "cooperate"))
    (5, 0)
    """

    payoffs: np.ndarray
    players: tuple[str, ...] = ()
    strategies: tuple[tuple[str, ...], ...] = ()
    outcomes: np.ndarray | None = None
    title: str = ""

    def __post_init__(self) -> None:
        shape = _nested_shape(self.payoffs)
        if 0 in shape:
            raise GameError(
                f"every player needs at least one strategy; got payoffs of shape {shape}"
            )
        if len(shape) < 2:
            raise GameError(
                "payoffs must have shape (m1, ..., mn, n) with one payoff per player; "
                f"got shape {shape}"
            )
        *profile_shape, n_players = shape
        if n_players != len(profile_shape):
            raise GameError(
                f"payoffs of shape {shape} describe {len(profile_shape)} players' strategies "
                f"but give {n_players} payoffs per profile; the last axis must have length "
                f"{len(profile_shape)}"
            )
        if int(np.prod(profile_shape, dtype=object)) > MAX_PROFILES:
            raise GameError(
                f"a game with {int(np.prod(profile_shape, dtype=object))} strategy profiles is "
                f"too large (at most {MAX_PROFILES})"
            )
        array = _object_array(self.payoffs, tuple(shape))
        for index in itertools.product(*(range(size) for size in shape)):
            try:
                array[index] = normalize_number(array[index])
            except NumberError as error:
                raise GameError(f"payoffs{_profile_text(index)}: {error}") from None
        array.flags.writeable = False
        object.__setattr__(self, "payoffs", array)
        object.__setattr__(self, "players", self._clean_players(len(profile_shape)))
        object.__setattr__(self, "strategies", self._clean_strategies(profile_shape))
        object.__setattr__(self, "outcomes", self._clean_outcomes(tuple(profile_shape)))
        object.__setattr__(self, "title", str(self.title))

    def _clean_players(self, count: int) -> tuple[str, ...]:
        if not self.players:
            return tuple(f"Player {i + 1}" for i in range(count))
        players = tuple(str(player) for player in self.players)
        if len(players) != count:
            raise GameError(f"{len(players)} player names given for a {count}-player game")
        if len(set(players)) != count:
            raise GameError(f"player names must be unique, got {players}")
        return players

    def _clean_strategies(self, profile_shape: list[int]) -> tuple[tuple[str, ...], ...]:
        if not self.strategies:
            return tuple(tuple(str(j + 1) for j in range(size)) for size in profile_shape)
        if len(self.strategies) != len(profile_shape):
            raise GameError(
                f"strategy labels given for {len(self.strategies)} players, "
                f"expected {len(profile_shape)}"
            )
        cleaned = []
        for player, labels, size in zip(self.players, self.strategies, profile_shape, strict=True):
            if isinstance(labels, str):
                raise GameError(
                    f"strategies of {player!r} must be a list of labels, got {labels!r}"
                )
            labels = tuple(str(label) for label in labels)
            if len(labels) != size:
                raise GameError(
                    f"{player!r} has {len(labels)} strategy labels but the payoffs give "
                    f"{size} strategies"
                )
            if len(set(labels)) != len(labels):
                raise GameError(f"strategy labels of {player!r} must be unique, got {labels}")
            cleaned.append(labels)
        return tuple(cleaned)

    def _clean_outcomes(self, profile_shape: tuple[int, ...]) -> np.ndarray | None:
        if self.outcomes is None:
            return None
        shape = _nested_shape(self.outcomes)
        if shape != profile_shape:
            raise GameError(f"outcome names have shape {shape}, expected {profile_shape}")
        array = _object_array(self.outcomes, profile_shape)
        for index in itertools.product(*(range(size) for size in profile_shape)):
            if not isinstance(array[index], str) or not array[index]:
                raise GameError(
                    f"outcomes{_profile_text(index)} must be an outcome name, got {array[index]!r}"
                )
        array.flags.writeable = False
        return array

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_arrays(
        cls,
        arrays: Sequence[object],
        *,
        players: Sequence[str] = (),
        strategies: Sequence[Sequence[str]] = (),
        outcomes: object = None,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from one payoff array per player, each of shape ``(m1, ..., mn)``.

        >>> NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]).shape
        (2, 2)
        """
        if isinstance(arrays, np.ndarray) and arrays.dtype != object:
            arrays = list(arrays)
        if not isinstance(arrays, Sequence) or isinstance(arrays, str) or not arrays:
            raise GameError("from_arrays needs a non-empty list with one payoff array per player")
        shapes = [_nested_shape(array) for array in arrays]
        if any(shape != shapes[0] for shape in shapes):
            raise GameError(f"payoff arrays must all have the same shape, got {shapes}")
        if len(shapes[0]) != len(arrays):
            raise GameError(
                f"{len(arrays)} payoff arrays given, but each has {len(shapes[0])} axes; a "
                f"{len(arrays)}-player game needs arrays with {len(arrays)} axes"
            )
        stacked = np.stack([_object_array(array, shapes[0]) for array in arrays], axis=-1)
        return cls(stacked, tuple(players), tuple(map(tuple, strategies)), outcomes, title)

    @classmethod
    def from_outcomes(
        cls,
        outcome_names: object,
        outcomes: Mapping[str, object],
        *,
        players: Sequence[str],
        strategies: Sequence[Sequence[str]],
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from a table of outcome names and each outcome's payoffs.

        ``outcomes`` maps a name to an :class:`~bargaining.params.Outcome` (or any object with a
        ``payoff(player)`` method, or a mapping player -> payoff).

        >>> from bargaining.params import Outcome
        >>> deal, war = Outcome("deal", {"A": 2, "B": 2}), Outcome("war", {"A": 0, "B": 0})
        >>> game = NormalFormGame.from_outcomes(
        ...     [["deal", "war"], ["war", "war"]], {"deal": deal, "war": war},
        ...     players=("A", "B"), strategies=(("talk", "fight"), ("talk", "fight")))
        >>> game.payoff((0, 0))
        (2, 2)
        """
        shape = _nested_shape(outcome_names)
        names = _object_array(outcome_names, shape)
        players = tuple(players)
        payoffs = np.empty((*shape, len(players)), dtype=object)
        for index in itertools.product(*(range(size) for size in shape)):
            name = names[index]
            if name not in outcomes:
                known = ", ".join(outcomes)
                raise GameError(
                    f"outcomes{_profile_text(index)}: unknown outcome {name!r}; known: {known}"
                )
            outcome = outcomes[name]
            for i, player in enumerate(players):
                payoffs[(*index, i)] = (
                    outcome[player] if isinstance(outcome, Mapping) else outcome.payoff(player)
                )
        return cls(payoffs, players, tuple(map(tuple, strategies)), names, title)

    # -- shape and labels ----------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self.payoffs.shape[:-1]

    @property
    def num_players(self) -> int:
        """Number of players."""
        return self.payoffs.shape[-1]

    def player_index(self, player: str | int) -> int:
        """Position of a player given by name or index."""
        if isinstance(player, int) and not isinstance(player, bool):
            if not 0 <= player < self.num_players:
                raise GameError(
                    f"player index {player} out of range for {self.num_players} players"
                )
            return player
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(
                f"unknown player {player!r}; players are {', '.join(self.players)}"
            ) from None

    def strategy_index(self, player: str | int, strategy: str | int) -> int:
        """Position of one of ``player``'s strategies given by label or index."""
        i = self.player_index(player)
        labels = self.strategies[i]
        if isinstance(strategy, int) and not isinstance(strategy, bool):
            if not 0 <= strategy < len(labels):
                raise GameError(f"strategy index {strategy} out of range for {self.players[i]!r}")
            return strategy
        try:
            return labels.index(strategy)
        except ValueError:
            raise GameError(
                f"unknown strategy {strategy!r} of {self.players[i]!r}; strategies are "
                f"{', '.join(labels)}"
            ) from None

    def payoff(self, profile: Sequence[str | int]) -> tuple[Number, ...]:
        """Payoffs at a pure profile given by labels or indices."""
        if len(profile) != self.num_players:
            raise GameError(f"a profile needs {self.num_players} strategies, got {len(profile)}")
        index = tuple(self.strategy_index(i, s) for i, s in enumerate(profile))
        return tuple(self.payoffs[index])

    def payoff_array(self, player: str | int) -> np.ndarray:
        """Player's payoffs as an object array of shape ``self.shape``."""
        return self.payoffs[..., self.player_index(player)]

    # -- kinds of payoffs ----------------------------------------------------------------------

    @functools.cached_property
    def parameters(self) -> tuple[sympy.Symbol, ...]:
        """The free symbols of the payoffs, sorted by name."""
        symbols: set[sympy.Symbol] = set()
        for value in self.payoffs.flat:
            if is_symbolic(value):
                symbols |= value.free_symbols
        return tuple(sorted(symbols, key=lambda symbol: symbol.name))

    @functools.cached_property
    def is_symbolic(self) -> bool:
        """True when some payoff is a sympy expression."""
        return any(is_symbolic(value) for value in self.payoffs.flat)

    @functools.cached_property
    def is_exact(self) -> bool:
        """True when every payoff is an int or a fraction."""
        return all(is_exact(value) for value in self.payoffs.flat)

    def float_payoffs(self) -> np.ndarray:
        """Payoffs as a float array of shape ``(m1, ..., mn, n)``; the game must be numeric."""
        if self.is_symbolic and self.parameters:
            names = ", ".join(symbol.name for symbol in self.parameters)
            raise GameError(
                f"the payoffs depend on parameters ({names}); give values with game.at(...) "
                f"or the solver's at= argument"
            )
        return np.array([float(value) for value in self.payoffs.flat]).reshape(self.payoffs.shape)

    def at(
        self, values: Mapping[str | sympy.Symbol, object] | None = None, **named: object
    ) -> NormalFormGame:
        """The game with parameters replaced by values.

        Exact values (ints, fractions, decimal strings are not accepted) keep the payoffs
        exact; floats make them floats. Every parameter of the game needs a value.

        >>> from fractions import Fraction
        >>> L = sympy.Symbol("L")
        >>> game = NormalFormGame.from_arrays([[[L, 0], [0, 1]], [[1, 0], [0, L]]])
        >>> game.at({"L": Fraction(1, 2)}).payoff((0, 0))
        (Fraction(1, 2), 1)
        """
        given = {**(values or {}), **named}
        by_name: dict[str, object] = {}
        for key, value in given.items():
            by_name[key.name if isinstance(key, sympy.Symbol) else str(key)] = value
        parameters = self.parameters
        missing = [symbol.name for symbol in parameters if symbol.name not in by_name]
        if missing:
            raise GameError(f"no value given for parameter(s): {', '.join(missing)}")
        substitution = {}
        for symbol in parameters:
            try:
                number = normalize_number(by_name[symbol.name])
            except NumberError as error:
                raise GameError(f"parameter {symbol.name!r}: {error}") from None
            substitution[symbol] = to_sympy(number)
        if not substitution:
            return self
        payoffs = np.empty(self.payoffs.shape, dtype=object)
        for index, value in np.ndenumerate(self.payoffs):
            payoffs[index] = value.xreplace(substitution) if is_symbolic(value) else value
        return NormalFormGame(payoffs, self.players, self.strategies, self.outcomes, self.title)

    # -- transformations used by solvers and tests ---------------------------------------------

    def permuted(
        self,
        players: Sequence[int] | None = None,
        strategies: Sequence[Sequence[int]] | None = None,
    ) -> NormalFormGame:
        """Reorder players and/or each player's strategies.

        ``players[k]`` is the old index of the new ``k``-th player; ``strategies[i]`` lists the
        old strategy indices of (old) player ``i`` in their new order.

        >>> game = NormalFormGame.from_arrays([[[1, 2]], [[3, 4]]])
        >>> game.permuted(players=[1, 0]).shape
        (2, 1)
        """
        payoffs, outcomes = self.payoffs, self.outcomes
        labels = list(self.strategies)
        if strategies is not None:
            for i, order in enumerate(strategies):
                order = list(order)
                if sorted(order) != list(range(self.shape[i])):
                    raise GameError(f"strategy order {order} is not a permutation for player {i}")
                payoffs = np.take(payoffs, order, axis=i)
                if outcomes is not None:
                    outcomes = np.take(outcomes, order, axis=i)
                labels[i] = tuple(labels[i][j] for j in order)
        names = list(self.players)
        if players is not None:
            order = list(players)
            if sorted(order) != list(range(self.num_players)):
                raise GameError(f"player order {order} is not a permutation")
            payoffs = np.transpose(payoffs, (*order, self.num_players))[..., order]
            if outcomes is not None:
                outcomes = np.transpose(outcomes, order)
            names = [names[i] for i in order]
            labels = [labels[i] for i in order]
        return NormalFormGame(payoffs, tuple(names), tuple(labels), outcomes, self.title)

    def map_payoffs(self, function: Callable[[int, Number], object]) -> NormalFormGame:
        """Apply ``function(player_index, payoff)`` to every payoff."""
        payoffs = np.empty(self.payoffs.shape, dtype=object)
        for index, value in np.ndenumerate(self.payoffs):
            payoffs[index] = function(index[-1], value)
        return NormalFormGame(payoffs, self.players, self.strategies, self.outcomes, self.title)

    # -- value semantics and display -----------------------------------------------------------

    def _key(self) -> tuple:
        outcomes = None if self.outcomes is None else tuple(self.outcomes.flat)
        return (
            self.players,
            self.strategies,
            self.payoffs.shape,
            tuple(self.payoffs.flat),
            outcomes,
            self.title,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _cell_text(self, index: tuple[int, ...]) -> str:
        values = ", ".join(str(value) for value in self.payoffs[index])
        if self.outcomes is not None:
            return f"{self.outcomes[index]}: {values}"
        return values

    def __repr__(self) -> str:
        lines = [f"NormalFormGame({self.title!r})" if self.title else "NormalFormGame"]
        for player, labels in zip(self.players, self.strategies, strict=True):
            lines.append(f"  {player}: {', '.join(labels)}")
        profiles = list(itertools.product(*(range(size) for size in self.shape)))
        for index in profiles[:64]:
            names = ", ".join(self.strategies[i][j] for i, j in enumerate(index))
            lines.append(f"  ({names}) -> {self._cell_text(index)}")
        if len(profiles) > 64:
            lines.append(f"  ... {len(profiles) - 64} more profiles")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        if self.num_players != 2:
            return "<pre>" + html.escape(repr(self)) + "</pre>"
        escape = html.escape
        head = "".join(f"<th>{escape(label)}</th>" for label in self.strategies[1])
        rows = []
        for i, label in enumerate(self.strategies[0]):
            cells = "".join(
                f"<td>{escape(self._cell_text((i, j)))}</td>" for j in range(self.shape[1])
            )
            rows.append(f"<tr><th>{escape(label)}</th>{cells}</tr>")
        caption = f"{escape(self.players[0])} (rows) vs {escape(self.players[1])} (columns)"
        return f"<table><caption>{caption}</caption><tr><th></th>{head}</tr>{''.join(rows)}</table>"

    def _repr_latex_(self) -> str:
        if self.num_players != 2:
            return "$" + sympy.latex(sympy.Matrix([list(map(to_sympy, self.payoffs.flat))])) + "$"

        def cell(i: int, j: int) -> str:
            return ",\\ ".join(sympy.latex(to_sympy(value)) for value in self.payoffs[i, j])

        # Labels come from model files: escaped, so they cannot end the formula or run commands.
        header = " & ".join(latex_text(label) for label in self.strategies[1])
        rows = [
            f"{latex_text(label)} & " + " & ".join(cell(i, j) for j in range(self.shape[1]))
            for i, label in enumerate(self.strategies[0])
        ]
        body = " \\\\ ".join([f" & {header}", *rows])
        return f"$\\begin{{array}}{{l{'c' * self.shape[1]}}} {body} \\end{{array}}$"

"""The registry of game types: how each ``type`` of ``[games.NAME]`` table is read and written.

The loader looks the ``type`` key up in :data:`GAME_TYPES`, so a new kind of game (``"tree"``,
``"bargaining"``, ``"repeated"``) plugs in by registering a :class:`GameType`, without touching
the loader::

    register_game_type(GameType("tree", ExtensiveGame, keys, read_tree, write_tree, tree_labels))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sympy

from bargaining.model.fields import describe, suggest
from bargaining.model.keys import Key
from bargaining.model.limits import MAX_PLAYERS
from bargaining.model.problems import ProblemLog
from bargaining.params import Outcome, ParameterSpace

__all__ = [
    "GAME_TYPES",
    "GameContext",
    "GameLabels",
    "GameType",
    "game_type_of",
    "read_game_players",
    "read_names",
    "register_game_type",
]


@dataclass(frozen=True)
class GameLabels:
    """The names a claim about a game may use.

    Attributes
    ----------
    strategies:
        Player -> that player's strategy labels, for the game's players.
    outcomes:
        The outcomes the game can end in; ``None`` when its payoffs are given without outcomes.
    """

    strategies: Mapping[str, tuple[str, ...]]
    outcomes: frozenset[str] | None


@dataclass(frozen=True)
class GameContext:
    """What a game reader may refer to, and where it records problems.

    Attributes
    ----------
    log:
        Records the problems found.
    players:
        The players declared in ``[players]``, in order.
    outcomes:
        The outcomes read without problems.
    declared_outcomes:
        Every name under ``[outcomes]``, including outcomes with problems (already reported:
        a game naming one is not built, and no second problem is recorded).
    symbols:
        Parameter name -> symbol, for formulas.
    space:
        The model's parameters, for checks over their box (a prior must be a distribution on
        all of it); None where the parameters had problems.
    """

    log: ProblemLog
    players: tuple[str, ...]
    outcomes: Mapping[str, Outcome]
    declared_outcomes: frozenset[str]
    symbols: Mapping[str, sympy.Symbol]
    space: ParameterSpace | None = None


@dataclass(frozen=True)
class GameType:
    """How one ``type`` of game table is read from and written to a model file.

    Attributes
    ----------
    name:
        The value of ``type`` (``"normal"``).
    game_class:
        The class of the games it builds; :meth:`Model.to_toml` finds the type by it.
    keys:
        The keys its tables may have besides ``type``; others are reported as unknown.
    read:
        ``read(context, table, key)`` -> the game, or ``None`` after recording problems.
    write:
        ``write(game)`` -> the table's entries (without ``type``), as
        :func:`~bargaining.model.toml_writer.table_text` takes them.
    labels:
        ``labels(game)`` -> :class:`GameLabels`, for checking claims.
    summarize:
        ``summarize(game, values)`` -> rows ``(quantity, value)`` that ``bargaining solve`` prints
        for a game at parameter values (name -> exact number), for types whose solution is not
        a list of equilibria (bargaining problems, war and commitment models, repeated games).
        ``None`` for ``"normal"`` and ``"tree"``, which the command solves itself.
    """

    name: str
    game_class: type
    keys: tuple[str, ...]
    read: Callable[[GameContext, Mapping[str, object], Key], object | None]
    write: Callable[[object], dict[str, object]]
    labels: Callable[[object], GameLabels]
    summarize: Callable[[object, Mapping[str, object]], tuple[tuple[str, str], ...]] | None = None


#: Type name -> :class:`GameType`. Read-only by convention: add types with register_game_type.
GAME_TYPES: dict[str, GameType] = {}


def register_game_type(game_type: GameType) -> None:
    """Make ``type = "<game_type.name>"`` readable and its games writable.

    Raises
    ------
    ValueError
        When the name or the game class is already registered.
    """
    if game_type.name in GAME_TYPES:
        raise ValueError(f"game type {game_type.name!r} is already registered")
    if any(known.game_class is game_type.game_class for known in GAME_TYPES.values()):
        raise ValueError(f"{game_type.game_class.__name__} already has a game type")
    GAME_TYPES[game_type.name] = game_type


def game_type_of(game: object) -> GameType:
    """The registered type of a game object.

    >>> from bargaining.games import NormalFormGame
    >>> game_type_of(NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])).name
    'normal'
    """
    for game_type in GAME_TYPES.values():
        if isinstance(game, game_type.game_class):
            return game_type
    raise TypeError(f"no game type is registered for {type(game).__name__}")


def read_names(
    log: ProblemLog,
    value: object,
    key: Key,
    *,
    what: str,
    limit: int,
    too_many: str,
    check: Callable[[str, Key], bool],
) -> tuple[str, ...] | None:
    """An array of distinct names (a game's players, a player's types or actions), or ``None``
    after recording what is wrong with it.

    Parameters
    ----------
    log:
        Records the problems found.
    value, key:
        The array as read, and where it stands.
    what:
        What each entry names (``"player"``), for the messages.
    limit, too_many:
        The most entries allowed, and the message when there are more: a template with
        ``{count}`` and ``{limit}``.
    check:
        ``check(name, key)``: whether a string entry is acceptable, recording why not.

    Examples
    --------
    >>> from bargaining.model import ModelError
    >>> log = ProblemLog("m.toml")
    >>> read_names(log, ["a", "b", "a"], ("types",), what="type", limit=10,
    ...            too_many="{count} types; at most {limit}", check=lambda name, key: True)
    >>> try:
    ...     log.raise_if_any()
    ... except ModelError as error:
    ...     print(error)
    m.toml: types[2]: type 'a' is listed twice
    """
    if not isinstance(value, list) or not value:
        log.add(key, f"expected a non-empty array of {what} names, got {describe(value)}")
        return None
    if len(value) > limit:
        log.add(key, too_many.format(count=len(value), limit=limit))
        return None
    good = True
    for index, name in enumerate(value):
        if not isinstance(name, str):
            log.add((*key, index), f"expected a {what} name, got {describe(name)}")
            good = False
        elif not check(name, (*key, index)):
            good = False
        elif name in value[:index]:
            log.add((*key, index), f"{what} {name!r} is listed twice")
            good = False
    return tuple(value) if good else None


def read_game_players(
    context: GameContext, table: Mapping[str, object], key: Key
) -> tuple[str, ...] | None:
    """The ``players`` key of a game table (default: every declared player, in order), or
    ``None`` after recording what is wrong with it."""
    if "players" not in table:
        return context.players or None

    def declared(name: str, where: Key) -> bool:
        if name in context.players:
            return True
        context.log.add(
            where,
            f"unknown player {name!r}{suggest(name, context.players)}; declare it as "
            f"[players.{name}] or use one of: {', '.join(context.players) or 'none declared'}",
        )
        return False

    return read_names(
        context.log,
        table["players"],
        (*key, "players"),
        what="player",
        limit=MAX_PLAYERS,
        too_many="the game has {count} players; at most {limit}",
        check=declared,
    )

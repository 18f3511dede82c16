"""``type = "normal"``: a normal-form game given by a table of outcomes or of payoffs.

::

    [games.talks]
    type = "normal"
    players = ["Russia", "Ukraine"]            # optional: all [players], in order
    strategies.Russia = ["accept", "condition", "reject"]
    strategies.Ukraine = ["accept", "concede", "resist"]
    outcomes = [                               # rows: Russia's strategies; columns: Ukraine's
      ["ceasefire",      "ceasefire",             "ceasefire"],
      ["talk_and_fight", "root_cause_settlement", "war"],
      ["war",            "war",                   "war"],
    ]

Instead of ``outcomes``, ``payoffs`` gives each cell as a list of formulas, one per player in
the order of ``players``: ``payoffs = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]``. With n players
the table nests n levels, the first player's strategies outermost.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.model.expressions import formula_value, read_formula
from bargaining.model.fields import check_name, describe, read_text, suggest
from bargaining.model.game_types import (
    GameContext,
    GameLabels,
    GameType,
    read_game_players,
    register_game_type,
)
from bargaining.model.keys import Key
from bargaining.model.limits import MAX_CELLS, MAX_STRATEGIES
from bargaining.model.toml_writer import Dotted, Multiline

__all__ = ["NORMAL", "read_cells"]

_KEYS = ("description", "players", "strategies", "outcomes", "payoffs")


def _read(context: GameContext, table: Mapping[str, object], key: Key) -> NormalFormGame | None:
    log = context.log
    before = len(log)
    description = read_text(log, table, key, "description")
    players = read_game_players(context, table, key)
    strategies = _strategies(context, table, key, players) if players else None
    has_outcomes, has_payoffs = "outcomes" in table, "payoffs" in table
    if has_outcomes and has_payoffs:
        log.add(key, "has both outcomes and payoffs; give one table, not both")
    elif not has_outcomes and not has_payoffs:
        log.add(
            key,
            "missing outcomes (a table of outcome names) or payoffs (a table of payoff lists); "
            'e.g. outcomes = [["deal", "war"], ["war", "war"]]',
        )
    if players is None or strategies is None or len(log) > before:
        return None
    profiles = math.prod(len(labels) for labels in strategies)
    if profiles > MAX_CELLS:
        sizes = " x ".join(str(len(labels)) for labels in strategies)
        log.add(
            (*key, "strategies"),
            f"the game has {profiles:,} strategy profiles ({sizes}); at most {MAX_CELLS:,}",
        )
        return None
    grid = "outcomes" if has_outcomes else "payoffs"
    read_cell = _outcome_cell if has_outcomes else _payoff_cell
    cells = _grid(context, table[grid], (*key, grid), players, strategies, read_cell)
    if cells is None:
        return None
    try:
        if has_outcomes:
            return NormalFormGame.from_outcomes(
                cells, context.outcomes, players=players, strategies=strategies, title=description
            )
        payoffs = np.empty((*cells.shape, len(players)), dtype=object)
        for index in np.ndindex(cells.shape):
            payoffs[index] = cells[index]
        return NormalFormGame(payoffs, players, strategies, None, description)
    except GameError as error:
        log.add(key, str(error))
        return None


def _strategies(
    context: GameContext, table: Mapping[str, object], key: Key, players: tuple[str, ...]
) -> tuple[tuple[str, ...], ...] | None:
    log = context.log
    where = (*key, "strategies")
    value = table.get("strategies")
    example = f'strategies.{players[0]} = ["cooperate", "defect"]'
    if not isinstance(value, dict):
        got = "nothing" if value is None else describe(value)
        log.add(
            where, f"expected a table of strategy lists, one per player (e.g. {example}), got {got}"
        )
        return None
    good = True
    for name in value:
        if name not in players:
            log.add(
                (*where, name),
                f"strategies for {name!r}, who is not a player of this game"
                f"{suggest(name, players)}; the game's players are: {', '.join(players)}",
            )
            good = False
    result = []
    for player in players:
        if player not in value:
            log.add(
                where, f'no strategies for {player!r}; expected strategies.{player} = ["...", ...]'
            )
            good = False
            continue
        labels = _strategy_list(context, value[player], (*where, player))
        good = good and labels is not None
        result.append(labels)
    return tuple(result) if good else None


def _strategy_list(context: GameContext, value: object, key: Key) -> tuple[str, ...] | None:
    log = context.log
    if not isinstance(value, list) or not value:
        log.add(key, f"expected a non-empty array of strategy names, got {describe(value)}")
        return None
    if len(value) > MAX_STRATEGIES:
        log.add(key, f"{len(value)} strategies; at most {MAX_STRATEGIES} per player")
        return None
    good, seen = True, {}
    for index, label in enumerate(value):
        if not isinstance(label, str):
            log.add((*key, index), f"expected a strategy name, got {describe(label)}")
            good = False
        elif not check_name(log, label, (*key, index), "strategy"):
            good = False
        elif label in seen:
            log.add(
                (*key, index),
                f"duplicate strategy {label!r} (already at index {seen[label]}); each strategy "
                "of a player needs its own name",
            )
            good = False
        else:
            seen[label] = index
    return tuple(value) if good else None


_Cell = Callable[[GameContext, object, Key, str, tuple[str, ...]], object | None]


def _grid(
    context: GameContext,
    value: object,
    key: Key,
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    read_cell: _Cell,
) -> np.ndarray | None:
    """Check a table nested one level per player and read its cells; None after problems."""
    shape = tuple(len(labels) for labels in strategies)
    cells = np.empty(shape, dtype=object)
    good = True
    # (value, key, level, index): iterative, so problems come out in file order via the stack.
    stack = [(value, key, 0, ())]
    while stack:
        item, where, level, index = stack.pop()
        if level == len(players):
            profile = ", ".join(strategies[i][j] for i, j in enumerate(index))
            cell = read_cell(context, item, where, f"({profile})", players)
            if cell is None:
                good = False
            else:
                cells[index] = cell
            continue
        labels = strategies[level]
        if not isinstance(item, list) or len(item) != len(labels):
            got = (
                _count(len(item), "entry", "entries") if isinstance(item, list) else describe(item)
            )
            # With two players the outer array holds the rows, as the table is usually drawn.
            rows = level == 0 and len(players) == 2
            what = _count(len(labels), "row" if rows else "entry", "rows" if rows else "entries")
            context.log.add(
                where,
                f"expected an array of {what}, one per strategy of "
                f"{players[level]} ({', '.join(labels)}); got {got}",
            )
            good = False
            continue
        for j in reversed(range(len(item))):
            stack.append((item[j], (*where, j), level + 1, (*index, j)))
    return cells if good else None


def read_cells(
    context: GameContext,
    value: object,
    key: Key,
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    *,
    outcomes: bool,
) -> np.ndarray | None:
    """Read a table nested one level per player: outcome names (``outcomes=True``) or payoff
    lists, one cell per strategy profile; None after recording problems. The Bayesian game type
    reads one such table per type profile with it."""
    return _grid(
        context, value, key, players, strategies, _outcome_cell if outcomes else _payoff_cell
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _outcome_cell(
    context: GameContext, value: object, key: Key, profile: str, players: tuple[str, ...]
) -> str | None:
    if not isinstance(value, str):
        context.log.add(key, f"expected an outcome name at {profile}, got {describe(value)}")
        return None
    if value in context.outcomes:
        return value
    if value not in context.declared_outcomes:
        known = ", ".join(sorted(context.declared_outcomes)) or "none"
        context.log.add(
            key,
            f"unknown outcome {value!r} at {profile}{suggest(value, context.declared_outcomes)}; "
            f"declare it as [outcomes.{value}] or use one of: {known}",
        )
    return None


def _payoff_cell(
    context: GameContext, value: object, key: Key, profile: str, players: tuple[str, ...]
) -> list | None:
    if not isinstance(value, list) or len(value) != len(players):
        got = _count(len(value), "entry", "entries") if isinstance(value, list) else describe(value)
        context.log.add(
            key,
            f"expected a list of {len(players)} payoffs at {profile}, one per player "
            f"({', '.join(players)}); got {got}",
        )
        return None
    payoffs = [
        read_formula(context.log, item, (*key, i), context.symbols) for i, item in enumerate(value)
    ]
    return None if any(payoff is None for payoff in payoffs) else payoffs


def _write(game: NormalFormGame) -> dict[str, object]:
    entries: dict[str, object] = {}
    if game.title:
        entries["description"] = game.title
    entries["players"] = list(game.players)
    entries["strategies"] = Dotted(
        {p: list(s) for p, s in zip(game.players, game.strategies, strict=True)}
    )
    levels = game.num_players - 1
    if game.outcomes is not None:
        entries["outcomes"] = Multiline(game.outcomes.tolist(), levels)
    else:
        cells = np.empty(game.shape, dtype=object)
        for index in np.ndindex(game.shape):
            cells[index] = [formula_value(value) for value in game.payoffs[index]]
        entries["payoffs"] = Multiline(cells.tolist(), levels)
    return entries


def _labels(game: NormalFormGame) -> GameLabels:
    outcomes = None if game.outcomes is None else frozenset(game.outcomes.flat)
    return GameLabels(dict(zip(game.players, game.strategies, strict=True)), outcomes)


#: The ``"normal"`` game type, registered on import.
NORMAL = GameType("normal", NormalFormGame, _KEYS, _read, _write, _labels)
register_game_type(NORMAL)

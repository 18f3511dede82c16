"""``type = "bayesian"``: a game of incomplete information (types, a prior, actions, a table of
outcomes per type profile).

::

    [games.truce]
    type = "bayesian"
    players = ["Russia", "Ukraine"]              # optional: all [players], in order
    types.Russia = ["settling", "stalling"]      # players left out have one type
    actions.Russia = ["monitor", "no_monitor"]
    actions.Ukraine = ["accept", "refuse"]
    prior = { settling = "1 - mu", stalling = "mu" }
    outcomes.settling = [["lasting_truce", "war"], ["lasting_truce", "war"]]
    outcomes.stalling = [["exposed", "war"], ["exploited_truce", "war"]]

A *type profile* is named by the types of the players listed under ``types``, in the order of
``players``, joined by ``", "`` (``"settling, hawk"`` when two players have types; quote such
keys in TOML). Each profile's table is laid out as in ``type = "normal"`` (rows: the first
player's actions); ``payoffs.<profile>`` gives payoff lists instead of outcome names. Prior
entries are formulas; profiles left out of ``prior`` have probability 0. The prior must sum to 1
identically and be non-negative on the whole parameter box.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from bargaining.analysis.parametric_bayesian import prior_problems
from bargaining.errors import GameError
from bargaining.games.bayesian import BayesianGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.model.expressions import formula_value, read_formula
from bargaining.model.fields import check_name, describe, read_text, suggest
from bargaining.model.game_types import (
    GameContext,
    GameType,
    read_game_players,
    read_names,
    register_game_type,
)
from bargaining.model.keys import Key
from bargaining.model.limits import MAX_STRATEGIES
from bargaining.model.normal_type import NORMAL, read_cells
from bargaining.model.payoff_checks import check_payoff_table
from bargaining.model.toml_writer import Dotted

__all__ = ["BAYESIAN", "ONE_TYPE"]

ONE_TYPE = "any"
"""The type name of a player left out of ``types`` (a player without private information)."""

_KEYS = ("description", "players", "types", "actions", "prior", "outcomes", "payoffs")


def _per_player(
    context: GameContext,
    table: Mapping[str, object],
    key: Key,
    field: str,
    players: tuple[str, ...],
    *,
    required: bool,
) -> dict[str, tuple[str, ...]] | None:
    """``types.P = [...]`` / ``actions.P = [...]``: player -> names; None after problems."""
    what = field[:-1]
    value = table.get(field, {} if not required else None)
    where = (*key, field)
    if not isinstance(value, dict):
        got = "nothing" if value is None else describe(value)
        log_example = f'{field}.{players[0]} = ["...", "..."]'
        context.log.add(
            where, f"expected a table of {what} lists per player ({log_example}), got {got}"
        )
        return None
    good, result = True, {}
    for name, names in value.items():
        if name not in players:
            context.log.add(
                (*where, name),
                f"{field} for {name!r}, who is not a player of this game"
                f"{suggest(name, players)}; the game's players are: {', '.join(players)}",
            )
            good = False
            continue
        result[name] = read_names(
            context.log,
            names,
            (*where, name),
            what=what,
            limit=MAX_STRATEGIES,
            too_many=f"{{count}} {what}s; at most {{limit}} per player",
            check=lambda entry, key: check_name(context.log, entry, key, what),
        )
        good = good and result[name] is not None
    if required:
        for player in players:
            if player not in value:
                context.log.add(
                    where, f"no {field} for {player!r}; expected {field}.{player} = [...]"
                )
                good = False
    return result if good else None


def _profile_key(types: dict[str, tuple[str, ...]], profile: tuple[str, ...], players) -> str:
    return ", ".join(t for player, t in zip(players, profile, strict=True) if player in types)


def _read(context: GameContext, table: Mapping[str, object], key: Key) -> BayesianGame | None:
    log = context.log
    before = len(log)
    description = read_text(log, table, key, "description")
    players = read_game_players(context, table, key)
    if players is None:
        return None
    types = _per_player(context, table, key, "types", players, required=False)
    actions = _per_player(context, table, key, "actions", players, required=True)
    has_outcomes, has_payoffs = "outcomes" in table, "payoffs" in table
    if has_outcomes == has_payoffs:
        log.add(
            key,
            "give outcomes.<type profile> (tables of outcome names) or payoffs.<type profile> "
            "(tables of payoff lists), one of the two",
        )
    if types is None or actions is None or len(log) > before:
        return None
    all_types = tuple(types.get(p, (ONE_TYPE,)) for p in players)
    strategies = tuple(actions[p] for p in players)
    profiles = {_profile_key(types, t, players): t for t in itertools.product(*all_types)}
    grid = "outcomes" if has_outcomes else "payoffs"
    tables = _profile_table(context, table, (*key, grid), profiles, required=True)
    prior = _profile_table(context, table, (*key, "prior"), profiles, required=False)
    if tables is None or prior is None:
        return None
    games, probabilities = {}, {}
    for name, profile in profiles.items():
        where = (*key, grid, name)
        cells = read_cells(context, tables[name], where, players, strategies, outcomes=has_outcomes)
        formula = read_formula(log, prior.get(name, 0), (*key, "prior", name), context.symbols)
        if cells is None or formula is None:
            continue
        probabilities[profile] = formula
        games[profile] = _profile_game(context, cells, where, players, strategies, has_outcomes)
    if len(log) > before:
        return None
    try:
        game = BayesianGame.from_games(
            games, prior=probabilities, players=players, types=all_types, title=description
        )
    except GameError as error:
        log.add((*key, "prior"), str(error))
        return None
    if context.space is not None:
        for profile, message in prior_problems(game, context.space):
            log.add((*key, "prior", _profile_key(types, profile, players)), message)
    return None if len(log) > before else game


def _profile_table(
    context: GameContext,
    table: Mapping[str, object],
    key: Key,
    profiles: Mapping[str, tuple[str, ...]],
    *,
    required: bool,
) -> dict | None:
    """A table keyed by type profile (``prior``, ``outcomes``, ``payoffs``); None after
    problems: not a table, an unknown profile, or (``required``) a profile left out."""
    value = table.get(key[-1], {})
    known = ", ".join(repr(name) for name in profiles)
    if not isinstance(value, dict):
        context.log.add(key, f"expected a table with one entry per type profile ({known})")
        return None
    good = True
    for name in value:
        if name not in profiles:
            context.log.add(
                (*key, name),
                f"unknown type profile {name!r}{suggest(name, profiles)}; known: {known}",
            )
            good = False
    if required:
        for name in profiles:
            if name not in value:
                context.log.add(key, f"no table for the type profile {name!r}")
                good = False
    return value if good else None


def _profile_game(context, cells, where, players, strategies, has_outcomes) -> NormalFormGame:
    if has_outcomes:
        return NormalFormGame.from_outcomes(
            cells, context.outcomes, players=players, strategies=strategies
        )
    payoffs = np.empty((*cells.shape, len(players)), dtype=object)
    for index in np.ndindex(cells.shape):
        payoffs[index] = cells[index]
    if context.space is not None:
        check_payoff_table(context.log, payoffs, where, context.space)
    return NormalFormGame(payoffs, players, strategies)


def _write(game: BayesianGame) -> dict[str, object]:
    typed = {p: t for p, t in zip(game.players, game.types, strict=True) if len(t) > 1}
    entries: dict[str, object] = {}
    if game.title:
        entries["description"] = game.title
    entries["players"] = list(game.players)
    if typed:
        entries["types"] = Dotted({p: list(t) for p, t in typed.items()})
    entries["actions"] = Dotted(
        {p: list(a) for p, a in zip(game.players, game.actions, strict=True)}
    )
    grid = "outcomes" if game.outcomes is not None else "payoffs"
    prior, tables = {}, {}
    for profile, p, normal in game.profile_games():
        name = _profile_key(typed, profile, game.players)
        if p != 0:
            prior[name] = formula_value(p)
        tables[name] = NORMAL.write(normal)[grid]  # each profile's table as a normal game's
    entries["prior"] = prior
    entries[grid] = Dotted(tables)
    return entries


#: The ``"bayesian"`` game type, registered on import. Claims name a Bayesian game's plans and
#: outcomes as they name a normal game's strategies and outcomes.
BAYESIAN = GameType("bayesian", BayesianGame, _KEYS, _read, _write, NORMAL.labels)
register_game_type(BAYESIAN)

"""``type = "war"``: Fearon's (1995) bargaining model of war, with formulas in the parameters.

::

    [games.range]
    type = "war"
    description = "Does Russia's root-cause demand lie inside what Ukraine would accept?"
    players = ["Russia", "Ukraine"]      # A (receives the share x) first, then B
    win_probability = "L*(1 - W/2)"      # p: A's chance of winning a war
    costs = { Russia = "12*cR", Ukraine = "12*cU" }     # each side's cost of war
    demands.root_causes = "1 + k"        # optional: settlements to test, as A's share
    settlements = [0, 1]                 # optional: the only settlements possible
    cost_prior = { low = 0, high = "24*cU" }   # optional: B's cost is private, ~U[low, high]

All values are in pie units (A gets ``x``, B ``1 - x``). The bargaining range is
``[p - c_A, p + c_B] ∩ [0, 1]`` (:func:`~bargaining.theory.war.fearon_range`); a demand is
inside when both prefer it to war: at least ``p - c_A`` and at most ``p + c_B`` (a demand
above 1 costs B more than its whole share, as a root-cause settlement does).
``settlements`` makes the issue indivisible
(:func:`~bargaining.theory.war.indivisible_issue`); ``cost_prior`` gives A's optimal
take-it-or-leave-it demand when B's cost is private
(:func:`~bargaining.theory.war.risk_return_offer`; B's entry in ``costs`` is then its
expected cost, used only for the complete-information range).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from bargaining.model.fields import check_keys, check_name, describe, read_text
from bargaining.model.formula_type import (
    Quantity,
    exact_value,
    formula_entry,
    labels_of,
    number_text,
    per_player_entry,
    read_per_player,
    read_quantity,
    read_two_players,
    values_at,
)
from bargaining.model.game_types import GameContext, GameLabels, GameType, register_game_type
from bargaining.model.keys import Key
from bargaining.model.toml_writer import Dotted
from bargaining.theory.war import fearon_range, indivisible_issue, risk_return_offer

__all__ = ["WAR", "WarGame"]

_KEYS = (
    "description",
    "players",
    "win_probability",
    "costs",
    "demands",
    "settlements",
    "cost_prior",
)
_PRIOR_KEYS = ("low", "high")
_PROBABILITY = Quantity("a probability of winning", '"L*(1 - W/2)"', 0, 1, True, True)
_COST = Quantity("a cost of war (nonnegative, in pie units)", '"12*cR"', 0)
_SHARE = Quantity("a share of the issue for the first player", '"1 + k"')
_SETTLEMENT = Quantity("a settlement (the first player's share, 0 to 1)", "0.5", 0, 1)


@dataclass(frozen=True)
class WarGame:
    """Fearon's bargaining model of war as a model file states it (formulas in the parameters).

    Attributes
    ----------
    players:
        ``(A, B)``: A receives the share ``x``, B ``1 - x``.
    win_probability:
        ``p``, A's chance of winning a war.
    costs:
        ``(c_A, c_B)``, the costs of war.
    demands:
        ``(name, A's share)`` pairs: settlements to test.
    settlements:
        The only feasible settlements (an indivisible issue), or ``None`` (divisible).
    cost_prior:
        ``(low, high)`` of B's private cost, uniform; ``None`` under complete information.
    description:
        What the game stands for.

    Examples
    --------
    >>> L = sympy.Symbol("L", nonnegative=True)
    >>> game = WarGame(("A", "B"), L, (sympy.Rational(1, 10), sympy.Rational(1, 5)))
    >>> p, c_a, c_b = game.at({"L": sympy.Rational(3, 5)})[:3]
    >>> fearon_range(p, c_a=c_a, c_b=c_b).low
    Fraction(1, 2)
    """

    players: tuple[str, str]
    win_probability: sympy.Expr
    costs: tuple[sympy.Expr, sympy.Expr]
    demands: tuple[tuple[str, sympy.Expr], ...] = ()
    settlements: tuple[sympy.Expr, ...] | None = None
    cost_prior: tuple[sympy.Expr, sympy.Expr] | None = None
    description: str = ""

    def at(self, values: Mapping[str, object]) -> tuple:
        """``(p, c_A, c_B)`` at parameter values (name -> number), exact for exact values."""
        return values_at((self.win_probability, *self.costs), values, "war game")


def _read(context: GameContext, table: Mapping[str, object], key: Key) -> WarGame | None:
    log = context.log
    before = len(log)
    description = read_text(log, table, key, "description")
    players = read_two_players(context, table, key, "the side receiving the share x first")
    p = read_quantity(context, table, key, "win_probability", _PROBABILITY)
    costs = read_per_player(context, table, key, "costs", players, _COST) if players else None
    demands = _demands(context, table, key)
    settlements = _settlements(context, table, key)
    prior = _prior(context, table, key)
    if len(log) > before or players is None or p is None or costs is None:
        return None
    return WarGame(players, p, costs, tuple(demands.items()), settlements, prior, description or "")


def _demands(context: GameContext, table: Mapping[str, object], key: Key) -> dict:
    value = table.get("demands", {})
    where = (*key, "demands")
    if not isinstance(value, dict):
        context.log.add(
            where,
            'expected a table name -> share, e.g. demands.root_causes = "1 + k"; '
            f"got {describe(value)}",
        )
        return {}
    demands = {}
    for name in value:
        if check_name(context.log, name, (*where, name), "demand"):
            read = read_quantity(context, value, where, name, _SHARE)
            if read is not None:
                demands[name] = read
    return demands


def _settlements(
    context: GameContext, table: Mapping[str, object], key: Key
) -> tuple[sympy.Expr, ...] | None:
    if "settlements" not in table:
        return None
    value = table["settlements"]
    where = (*key, "settlements")
    if not isinstance(value, list) or not value:
        context.log.add(
            where,
            "expected a non-empty array of settlements (shares), e.g. [0, 1]; "
            f"got {describe(value)}",
        )
        return None
    read = [
        read_quantity(context, dict(enumerate(value)), where, i, _SETTLEMENT)
        for i in range(len(value))
    ]
    return None if any(s is None for s in read) else tuple(read)


def _prior(
    context: GameContext, table: Mapping[str, object], key: Key
) -> tuple[sympy.Expr, sympy.Expr] | None:
    if "cost_prior" not in table:
        return None
    value = table["cost_prior"]
    where = (*key, "cost_prior")
    if not isinstance(value, dict):
        context.log.add(
            where,
            'expected a table { low = 0, high = "24*cU" } (a uniform prior); '
            f"got {describe(value)}",
        )
        return None
    before = len(context.log)
    check_keys(context.log, value, where, _PRIOR_KEYS)
    low = read_quantity(context, value, where, "low", _COST)
    high = read_quantity(context, value, where, "high", _COST)
    if low is not None and high is not None and (high - low).is_positive is False:
        context.log.add(where, f"the prior [{low}, {high}] is empty; expected low < high")
    return None if len(context.log) > before else (low, high)


def _write(game: WarGame) -> dict[str, object]:
    entries: dict[str, object] = {}
    if game.description:
        entries["description"] = game.description
    entries["players"] = list(game.players)
    entries["win_probability"] = formula_entry(game.win_probability)
    entries["costs"] = per_player_entry(game.players, game.costs)
    if game.demands:
        entries["demands"] = Dotted({name: formula_entry(f) for name, f in game.demands})
    if game.settlements is not None:
        entries["settlements"] = [formula_entry(s) for s in game.settlements]
    if game.cost_prior is not None:
        entries["cost_prior"] = {
            "low": formula_entry(game.cost_prior[0]),
            "high": formula_entry(game.cost_prior[1]),
        }
    return entries


def _summarize(game: WarGame, values: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    a, b = game.players
    p, c_a, c_b = game.at(values)
    bargaining_range = fearon_range(p, c_a=c_a, c_b=c_b)
    rows = [
        (f"{a}'s chance of winning a war (p)", number_text(p)),
        (f"{a}'s cost of war", number_text(c_a)),
        (f"{b}'s cost of war", number_text(c_b)),
        (
            f"bargaining range ({a}'s share both prefer to war)",
            f"{number_text(bargaining_range.low)} to {number_text(bargaining_range.high)}",
        ),
    ]
    for name, formula in game.demands:
        demand = exact_value(formula, values, f"demand {name}")
        # Acceptability, not the range clipped to [0, 1]: B accepts a demand above 1 (a
        # settlement that costs it more than its share) when its war is worse still.
        if demand > p + c_b:
            verdict = f"outside: {b} prefers war"
        elif demand < p - c_a:
            verdict = f"outside: {a} prefers war"
        else:
            verdict = "inside: both prefer it to war"
        rows.append((f"demand {name} ({a}'s share {number_text(demand)})", verdict))
    if game.settlements is not None:
        points = values_at(game.settlements, values, "settlements")
        result = indivisible_issue(p, c_a=c_a, c_b=c_b, settlements=points)
        acceptable = ", ".join(number_text(x) for x in result.acceptable) or "none: war"
        rows.append(("settlements both prefer to war (indivisible issue)", acceptable))
    if game.cost_prior is not None:
        low, high = values_at(game.cost_prior, values, "cost prior")
        offer = risk_return_offer(p, c_a=c_a, c_low=low, c_high=high)
        rows += [
            (f"{a}'s optimal demand, {b}'s cost private", number_text(offer.offer)),
            ("probability of war", number_text(offer.war_probability)),
        ]
    return tuple(rows)


def _labels(game: WarGame) -> GameLabels:
    return labels_of(game.players)


#: The ``"war"`` game type, registered on import.
WAR = GameType("war", WarGame, _KEYS, _read, _write, _labels, _summarize)
register_game_type(WAR)

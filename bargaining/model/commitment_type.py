"""``type = "commitment"``: a commitment problem from shifting power (Powell 2004, 2006).

Two forms. A truce during which the rising side rearms (theory-notes §4.4)::

    [games.truce]
    type = "commitment"
    players = ["Russia", "Ukraine"]       # the side whose power falls first, then the rising side
    win_probability = "L*(1 - W/2)"       # m0: the first side's chance of winning a war now
    rearm_gain = "g*(1 - G)"              # rho: share of its edge (m0 - 1/2) closed in the truce
    costs = { Russia = "cR", Ukraine = "cU" }   # per-period costs of war
    discount = 0.99                       # delta: one period (the truce) ahead
    status_quo = "L*(1 - W/2)"            # s: the first side's share during the truce

or a one-time shift to a given win probability (theory-notes §4.2)::

    win_probability_after = "0.4"         # m1 instead of rearm_gain and status_quo
    protocol = "any"                      # or "rising-proposes"

The first form is solved by :func:`~bargaining.theory.commitment.ceasefire_rearmament`
(whether the first side rejects the truce in every post-truce protocol, and the leverage
threshold ``m0*``), the second by :func:`~bargaining.theory.commitment.commitment_problem`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from bargaining.model.fields import read_text
from bargaining.model.formula_type import (
    Quantity,
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
from bargaining.theory.commitment import (
    PROTOCOLS,
    ceasefire_rearmament,
    commitment_problem,
)

__all__ = ["COMMITMENT", "CommitmentGame"]

_KEYS = (
    "description",
    "players",
    "win_probability",
    "costs",
    "discount",
    "rearm_gain",
    "status_quo",
    "win_probability_after",
    "protocol",
)
_PROBABILITY = Quantity("a probability of winning", '"L*(1 - W/2)"', 0, 1)
_REARM = Quantity("a share of the first side's edge closed (0 to 1)", '"g*(1 - G)"', 0, 1)
_COST = Quantity("a per-period cost of war (nonnegative)", '"cR"', 0)
_DISCOUNT = Quantity("a discount factor", "0.99", 0, 1, True, True)
_SHARE = Quantity("the first side's share during the truce (0 to 1)", '"L*(1 - W/2)"', 0, 1)
_TRUCE_KEYS = ("rearm_gain", "status_quo")
_SHIFT_KEYS = ("win_probability_after", "protocol")


@dataclass(frozen=True)
class CommitmentGame:
    """A commitment problem as a model file states it (formulas in the parameters).

    Attributes
    ----------
    players:
        ``(declining, rising)``: the side whose power falls, then the side that gains.
    win_probability:
        ``m0``, the declining side's chance of winning a war now.
    costs:
        Per-period costs of war ``(c_declining, c_rising)``.
    discount:
        ``delta``, the discount factor of one period.
    rearm_gain, status_quo:
        Truce form: ``rho`` and ``s`` (``None`` in the shift form).
    win_probability_after, protocol:
        Shift form: ``m1`` and the protocol (``None`` in the truce form).
    description:
        What the game stands for.

    Examples
    --------
    >>> half, tenth = sympy.Rational(1, 2), sympy.Rational(1, 10)
    >>> truce = CommitmentGame(("R", "U"), sympy.Rational(4, 5), (tenth, tenth), half,
    ...                        rearm_gain=half, status_quo=half)
    >>> truce.is_truce
    True
    """

    players: tuple[str, str]
    win_probability: sympy.Expr
    costs: tuple[sympy.Expr, sympy.Expr]
    discount: sympy.Expr
    rearm_gain: sympy.Expr | None = None
    status_quo: sympy.Expr | None = None
    win_probability_after: sympy.Expr | None = None
    protocol: str | None = None
    description: str = ""

    @property
    def is_truce(self) -> bool:
        """Whether the game is a truce with rearmament (else a one-time shift)."""
        return self.rearm_gain is not None


def _read(context: GameContext, table: Mapping[str, object], key: Key) -> CommitmentGame | None:
    log = context.log
    before = len(log)
    description = read_text(log, table, key, "description")
    players = read_two_players(
        context, table, key, "the side whose power falls first, then the rising side"
    )
    m0 = read_quantity(context, table, key, "win_probability", _PROBABILITY)
    costs = read_per_player(context, table, key, "costs", players, _COST) if players else None
    delta = read_quantity(context, table, key, "discount", _DISCOUNT)
    truce = [name for name in _TRUCE_KEYS if name in table]
    shift = [name for name in _SHIFT_KEYS if name in table]
    if truce and shift:
        log.add(
            key,
            f"mixes a truce ({', '.join(truce)}) and a one-time shift ({', '.join(shift)}); "
            "give rearm_gain and status_quo, or win_probability_after",
        )
        return None
    rho = status_quo = after = protocol = None
    if shift:
        after = read_quantity(context, table, key, "win_probability_after", _PROBABILITY)
        protocol = read_text(log, table, key, "protocol") or "any"
        if protocol not in PROTOCOLS:
            log.add(
                (*key, "protocol"),
                f"unknown protocol {protocol!r}; expected one of: {', '.join(PROTOCOLS)}",
            )
    else:
        rho = read_quantity(context, table, key, "rearm_gain", _REARM)
        status_quo = read_quantity(context, table, key, "status_quo", _SHARE)
    if len(log) > before or players is None:
        return None
    return CommitmentGame(
        players, m0, costs, delta, rho, status_quo, after, protocol, description or ""
    )


def _write(game: CommitmentGame) -> dict[str, object]:
    entries: dict[str, object] = {}
    if game.description:
        entries["description"] = game.description
    entries["players"] = list(game.players)
    entries["win_probability"] = formula_entry(game.win_probability)
    entries["costs"] = per_player_entry(game.players, game.costs)
    entries["discount"] = formula_entry(game.discount)
    if game.is_truce:
        entries["rearm_gain"] = formula_entry(game.rearm_gain)
        entries["status_quo"] = formula_entry(game.status_quo)
    else:
        entries["win_probability_after"] = formula_entry(game.win_probability_after)
        entries["protocol"] = game.protocol
    return entries


def _summarize(game: CommitmentGame, values: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    declining, rising = game.players
    m0, c_d, c_r, delta = values_at(
        (game.win_probability, *game.costs, game.discount), values, "commitment game"
    )
    rows = [(f"{declining}'s chance of winning a war now (m0)", number_text(m0))]
    if game.is_truce:
        rho, s = values_at((game.rearm_gain, game.status_quo), values, "commitment game")
        result = ceasefire_rearmament(m0=m0, rho=rho, c_r=c_d, c_u=c_r, status_quo=s, delta=delta)
        rows += [
            (f"{declining}'s chance after the truce (m1)", number_text(result.m1)),
            (
                f"leverage above which {declining} rejects the truce (m0*)",
                number_text(result.leverage_threshold),
            ),
            (
                f"{declining} rejects the truce in every protocol",
                "yes" if result.rejects else "no",
            ),
        ]
        return tuple(rows)
    (m1,) = values_at((game.win_probability_after,), values, "commitment game")
    result = commitment_problem(m0=m0, m1=m1, c_d=c_d, c_r=c_r, delta=delta, protocol=game.protocol)
    rows += [
        (f"{declining}'s chance after the shift (m1)", number_text(m1)),
        ("largest shift a settlement can absorb", number_text(result.largest_shift)),
        (f"war unavoidable ({game.protocol} protocol)", "yes" if result.war else "no"),
    ]
    if result.offer is not None:
        rows.append((f"{rising}'s offer to {declining} now", number_text(result.offer)))
    return tuple(rows)


def _labels(game: CommitmentGame) -> GameLabels:
    return labels_of(game.players)


#: The ``"commitment"`` game type, registered on import.
COMMITMENT = GameType("commitment", CommitmentGame, _KEYS, _read, _write, _labels, _summarize)
register_game_type(COMMITMENT)

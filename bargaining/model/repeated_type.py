"""``type = "repeated"``: a ceasefire as an infinitely repeated Hold/Violate game (theory-notes
§5.3; Friedman 1971).

::

    [games.unguarded]
    type = "repeated"
    description = "A ceasefire held by grim trigger, with imperfect monitoring"
    players = ["Russia", "Ukraine"]        # optional: the model's two players
    stage.reward = 0                      # R: both hold
    stage.temptation = "V - cR"           # T: violate while the other holds
    stage.sucker = "-V - cR"              # optional: S, hold while the other violates
    stage.punishment = "-cR"              # P: both violate (war resumes)
    detection = "q"                       # optional: probability a violation is detected (1)
    fine = "F*G"                          # optional: third-party fine paid on detection (0)
    punishment_payoff = "-cR - G*F"       # optional: the violator's payoff while punished (P)
    discount = "delta"                    # optional: the sides' patience per period

The stage game is symmetric and a prisoner's dilemma (``T > R > P``, and ``P > S`` when ``S``
is given; checked where the payoffs are numbers). The threshold does not depend on ``S``, so it
may be left out. The solver is :func:`~bargaining.theory.repeated.grim_trigger_threshold`:
holding is a subgame-perfect equilibrium iff ``delta >= delta*``; with ``discount`` the summary
says whether the ceasefire holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from bargaining.errors import GameError
from bargaining.model.fields import check_keys, describe, read_text
from bargaining.model.formula_type import (
    Quantity,
    formula_entry,
    labels_of,
    number_text,
    read_quantity,
    read_two_players,
    values_at,
)
from bargaining.model.game_types import GameContext, GameLabels, GameType, register_game_type
from bargaining.model.keys import Key
from bargaining.model.toml_writer import Dotted
from bargaining.theory.repeated import GrimTriggerThreshold, StageGame, grim_trigger_threshold

__all__ = ["REPEATED", "RepeatedGame"]

_KEYS = (
    "description",
    "players",
    "stage",
    "detection",
    "fine",
    "punishment_payoff",
    "discount",
)
_STAGE_KEYS = ("reward", "temptation", "sucker", "punishment")
_PAYOFF = Quantity("a stage-game payoff", '"V - cR"')
_DETECTION = Quantity("a detection probability", '"q"', 0, 1)
_FINE = Quantity("a fine (nonnegative)", '"F*G"', 0)
_DISCOUNT = Quantity("a discount factor", '"delta"', 0, 1, True, True)


@dataclass(frozen=True)
class RepeatedGame:
    """A repeated Hold/Violate ceasefire as a model file states it (formulas in the parameters).

    Attributes
    ----------
    players:
        The two sides (the stage game is symmetric).
    reward, temptation, sucker, punishment:
        ``R``, ``T``, ``S``, ``P`` of the stage game (``S`` may be ``None``).
    detection, fine:
        Probability ``q`` that a violation is detected, and the fine ``F`` paid on detection.
    punishment_payoff:
        The violator's payoff while punished; ``None``: ``P``.
    discount:
        The sides' discount factor, or ``None`` when the model leaves it open.
    description:
        What the game stands for.

    Examples
    --------
    >>> game = RepeatedGame(("A", "B"), *map(sympy.Integer, (3, 5, 0, 1)))
    >>> game.stage_game({}).temptation
    5
    """

    players: tuple[str, str]
    reward: sympy.Expr
    temptation: sympy.Expr
    sucker: sympy.Expr | None
    punishment: sympy.Expr
    detection: sympy.Expr = sympy.S.One
    fine: sympy.Expr = sympy.S.Zero
    punishment_payoff: sympy.Expr | None = None
    discount: sympy.Expr | None = None
    description: str = ""

    def stage_game(self, values: Mapping[str, object]) -> StageGame:
        """The stage game at parameter values (name -> number)."""
        t, r, p = values_at((self.temptation, self.reward, self.punishment), values, "stage game")
        s = None if self.sucker is None else values_at((self.sucker,), values, "stage game")[0]
        return StageGame(temptation=t, reward=r, punishment=p, sucker=s)

    def threshold(self, values: Mapping[str, object]) -> GrimTriggerThreshold:
        """:func:`~bargaining.theory.repeated.grim_trigger_threshold` at parameter values."""
        q, fine = values_at((self.detection, self.fine), values, "repeated game")
        punished = (
            None
            if self.punishment_payoff is None
            else values_at((self.punishment_payoff,), values, "repeated game")[0]
        )
        return grim_trigger_threshold(
            self.stage_game(values), detection=q, fine=fine, punishment_payoff=punished
        )


def _read(context: GameContext, table: Mapping[str, object], key: Key) -> RepeatedGame | None:
    log = context.log
    before = len(log)
    description = read_text(log, table, key, "description")
    players = read_two_players(context, table, key, "the two sides of the ceasefire")
    stage = table.get("stage")
    where = (*key, "stage")
    payoffs = None
    if not isinstance(stage, dict):
        got = "nothing" if stage is None else describe(stage)
        log.add(
            where,
            "expected the stage game's payoffs, e.g. stage = { reward = 0, temptation = "
            f'"V - cR", sucker = "-V - cR", punishment = "-cR" }}; got {got}',
        )
    else:
        check_keys(log, stage, where, _STAGE_KEYS)
        payoffs = [
            read_quantity(context, stage, where, name, _PAYOFF)
            if name != "sucker" or name in stage
            else None
            for name in _STAGE_KEYS
        ]
    optional = {
        name: read_quantity(context, table, key, name, quantity) if name in table else None
        for name, quantity in (
            ("detection", _DETECTION),
            ("fine", _FINE),
            ("punishment_payoff", _PAYOFF),
            ("discount", _DISCOUNT),
        )
    }
    if len(log) > before or players is None or payoffs is None:
        return None
    reward, temptation, sucker, punishment = payoffs
    given = [v for v in (temptation, reward, punishment, sucker) if v is not None]
    if all(v.is_number for v in given) and not all(a > b for a, b in itertools.pairwise(given)):
        stated = f"T = {temptation}, R = {reward}, P = {punishment}"
        wanted = "temptation > reward > punishment"
        if sucker is not None:
            stated, wanted = f"{stated}, S = {sucker}", f"{wanted} > sucker"
        log.add(where, f"{stated} is not a ceasefire dilemma; expected {wanted}")
        return None
    return RepeatedGame(
        players,
        reward,
        temptation,
        sucker,
        punishment,
        optional["detection"] if optional["detection"] is not None else sympy.Integer(1),
        optional["fine"] if optional["fine"] is not None else sympy.Integer(0),
        optional["punishment_payoff"],
        optional["discount"],
        description or "",
    )


def _write(game: RepeatedGame) -> dict[str, object]:
    entries: dict[str, object] = {}
    if game.description:
        entries["description"] = game.description
    entries["players"] = list(game.players)
    entries["stage"] = Dotted(
        {
            name: formula_entry(getattr(game, name))
            for name in _STAGE_KEYS
            if getattr(game, name) is not None
        }
    )
    entries["detection"] = formula_entry(game.detection)
    entries["fine"] = formula_entry(game.fine)
    for name in ("punishment_payoff", "discount"):
        if getattr(game, name) is not None:
            entries[name] = formula_entry(getattr(game, name))
    return entries


def _summarize(game: RepeatedGame, values: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    result = game.threshold(values)
    rows = [
        ("critical discount factor (delta*)", number_text(result.critical_delta)),
        ("with perfect monitoring and no guarantees", number_text(result.perfect_monitoring)),
        (
            "self-enforcing (the expected fine removes the temptation)",
            "yes" if result.self_enforcing else "no",
        ),
    ]
    if game.discount is not None:
        (delta,) = values_at((game.discount,), values, "repeated game")
        if not 0 < delta < 1:
            raise GameError(
                f"the discount factor is {delta}; expected a value strictly between 0 and 1"
            )
        rows += [
            ("discount factor (delta)", number_text(delta)),
            (
                "the ceasefire holds (delta >= delta*)",
                "yes" if delta >= result.critical_delta else "no",
            ),
        ]
    return tuple(rows)


def _labels(game: RepeatedGame) -> GameLabels:
    return labels_of(game.players)


#: The ``"repeated"`` game type, registered on import.
REPEATED = GameType("repeated", RepeatedGame, _KEYS, _read, _write, _labels, _summarize)
register_game_type(REPEATED)

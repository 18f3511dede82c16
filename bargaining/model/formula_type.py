"""Shared reading and writing for the game types whose tables are named formulas.

The theory game types (``"bargaining"``, ``"war"``, ``"commitment"``, ``"repeated"``) describe
a two-player model by a few quantities, each a formula in the model's parameters
(``win_probability = "L*(1 - W/2)"``) or a table of one formula per player
(``costs = { Russia = "12*cR", Ukraine = "12*cU" }``). This module reads those keys with
problems that name the key and what was expected, substitutes parameter values exactly, and
writes the formulas back so that a model file reads back equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.errors import GameError
from bargaining.model.expressions import formula_value, read_formula
from bargaining.model.fields import describe, show_number, suggest
from bargaining.model.game_types import GameContext, GameLabels
from bargaining.model.keys import Key
from bargaining.model.toml_writer import Dotted, decimal_text
from bargaining.numbers import Number, normalize_number, to_sympy

__all__ = [
    "Quantity",
    "exact_value",
    "formula_entry",
    "labels_of",
    "number_text",
    "per_player_entry",
    "read_pair",
    "read_per_player",
    "read_quantity",
    "read_two_players",
    "substitute",
    "values_at",
]


@dataclass(frozen=True)
class Quantity:
    """What one formula key holds, for messages and range checks.

    Attributes
    ----------
    meaning:
        What the value is, in words (``"Russia's chance of winning a war"``).
    example:
        A value to show in messages, as written in a file (``'"L*(1 - W/2)"'``).
    low, high:
        Bounds a constant value must respect (``None``: unbounded); formulas in the parameters
        are checked when they are evaluated.
    open_low, open_high:
        Whether the bound itself is excluded.

    Examples
    --------
    >>> Quantity("a probability", '"q"', 0, 1).bounds_text()
    'from 0 to 1'
    >>> Quantity("a discount factor", "0.99", 0, 1, open_low=True, open_high=True).bounds_text()
    'strictly between 0 and 1'
    """

    meaning: str
    example: str
    low: Number | None = None
    high: Number | None = None
    open_low: bool = False
    open_high: bool = False

    def bounds_text(self) -> str:
        """The admissible values in words."""
        if self.low is not None and self.high is not None:
            if self.open_low and self.open_high:
                return f"strictly between {self.low} and {self.high}"
            if self.open_low or self.open_high:
                low = "(" if self.open_low else "["
                high = ")" if self.open_high else "]"
                return f"in {low}{self.low}, {self.high}{high}"
            return f"from {self.low} to {self.high}"
        if self.low is not None:
            return f"{'above' if self.open_low else 'at least'} {self.low}"
        if self.high is not None:
            return f"{'below' if self.open_high else 'at most'} {self.high}"
        return "any number"

    def admits(self, value: Number) -> bool:
        """Whether a number lies within the bounds."""
        if self.low is not None and (value <= self.low if self.open_low else value < self.low):
            return False
        return not (
            self.high is not None and (value >= self.high if self.open_high else value > self.high)
        )


def read_two_players(
    context: GameContext, table: Mapping[str, object], key: Key, roles: str
) -> tuple[str, str] | None:
    """The game's two players: ``players`` if given, else the model's players when there are two.

    ``roles`` says what the order means, for messages (``"the side receiving x first"``).
    """
    log = context.log
    where = (*key, "players")
    value = table.get("players", list(context.players))
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(name, str) for name in value)
    ):
        got = describe(value) if "players" in table else f"{len(context.players)} model players"
        log.add(where, f"expected an array of two player names ({roles}), got {got}")
        return None
    good = True
    for index, name in enumerate(value):
        if name not in context.players:
            log.add(
                (*where, index),
                f"unknown player {name!r}{suggest(name, context.players)}; declare it as "
                f"[players.{name}] or use one of: {', '.join(context.players) or 'none declared'}",
            )
            good = False
    if good and value[0] == value[1]:
        log.add(where, f"player {value[0]!r} is listed twice; expected two different players")
        good = False
    return (value[0], value[1]) if good else None


def read_quantity(
    context: GameContext,
    table: Mapping[str, object],
    key: Key,
    name: str,
    quantity: Quantity,
    *,
    names: Mapping[str, sympy.Symbol] | None = None,
) -> sympy.Expr | None:
    """The formula ``table[name]``; ``None`` after recording a problem (also when missing).

    A constant outside the quantity's bounds is a problem; ``names`` replaces the parameters
    as the names a formula may use (the frontier of a bargaining problem also uses ``u1``).
    """
    where = (*key, name)
    if name not in table:
        context.log.add(
            where, f"missing; expected {quantity.meaning}, e.g. {name} = {quantity.example}"
        )
        return None
    return _formula(context, table[name], where, quantity, names)


def _formula(
    context: GameContext,
    value: object,
    where: Key,
    quantity: Quantity,
    names: Mapping[str, sympy.Symbol] | None = None,
) -> sympy.Expr | None:
    formula = read_formula(context.log, value, where, context.symbols if names is None else names)
    if formula is None:
        return None
    if formula.is_number and not (formula.is_real and quantity.admits(formula)):
        context.log.add(
            where, f"{formula} is not {quantity.meaning}; expected a value {quantity.bounds_text()}"
        )
        return None
    return formula


def read_per_player(
    context: GameContext,
    table: Mapping[str, object],
    key: Key,
    name: str,
    players: tuple[str, str],
    quantity: Quantity,
) -> tuple[sympy.Expr, sympy.Expr] | None:
    """The table ``name = { Player = formula, ... }`` with one formula for each of ``players``."""
    log = context.log
    where = (*key, name)
    value = table.get(name)
    example = ", ".join(f"{player} = {quantity.example}" for player in players)
    if not isinstance(value, dict):
        got = "nothing" if value is None else describe(value)
        log.add(
            where,
            f"expected {quantity.meaning} for each player, e.g. {name} = {{ {example} }}; "
            f"got {got}",
        )
        return None
    good = True
    for player in value:
        if player not in players:
            log.add(
                (*where, player),
                f"{player!r} is not a player of this game{suggest(player, players)}; the game's "
                f"players are: {', '.join(players)}",
            )
            good = False
    formulas = []
    for player in players:
        if player not in value:
            log.add(where, f"no value for {player}; expected {quantity.meaning}, e.g. {example}")
            good = False
            continue
        formula = _formula(context, value[player], (*where, player), quantity)
        good = good and formula is not None
        formulas.append(formula)
    return (formulas[0], formulas[1]) if good else None


def read_pair(
    context: GameContext,
    value: object,
    where: Key,
    quantity: Quantity,
    names: Mapping[str, sympy.Symbol] | None = None,
) -> tuple[sympy.Expr, sympy.Expr] | None:
    """A pair ``[formula, formula]`` (a point of a feasible set)."""
    if not isinstance(value, list) or len(value) != 2:
        got = f"{len(value)} entries" if isinstance(value, list) else describe(value)
        context.log.add(
            where,
            f"expected a pair [u1, u2] of {quantity.meaning}, e.g. [{quantity.example}, 0]; "
            f"got {got}",
        )
        return None
    first = _formula(context, value[0], (*where, 0), quantity, names)
    second = _formula(context, value[1], (*where, 1), quantity, names)
    return None if first is None or second is None else (first, second)


def substitute(
    formula: sympy.Expr,
    values: Mapping[str, object],
    what: str,
    keep: frozenset[sympy.Symbol] = frozenset(),
) -> sympy.Expr:
    """The formula with each parameter replaced by its value (name -> number); symbols in
    ``keep`` stay (the variable of a frontier).

    >>> L, u = sympy.Symbol("L", nonnegative=True), sympy.Symbol("u1")
    >>> substitute(L - u, {"L": Fraction(1, 2)}, "frontier", frozenset({u}))
    1/2 - u1

    Raises
    ------
    GameError
        When a parameter of the formula has no value.
    """
    free = formula.free_symbols - keep
    missing = sorted(s.name for s in free if s.name not in values)
    if missing:
        raise GameError(f"{what}: no value for {', '.join(missing)}")
    return formula.subs({s: to_sympy(normalize_number(values[s.name])) for s in free})


def exact_value(formula: sympy.Expr, values: Mapping[str, object], what: str) -> Number:
    """The formula's value at parameter values (name -> number): exact for exact values.

    >>> L = sympy.Symbol("L", nonnegative=True)
    >>> exact_value(1 - L / 2, {"L": Fraction(7, 10)}, "p")
    Fraction(13, 20)
    """
    return normalize_number(substitute(formula, values, what))


def values_at(
    formulas: Sequence[sympy.Expr], values: Mapping[str, object], what: str
) -> tuple[Number, ...]:
    """:func:`exact_value` of each formula."""
    return tuple(exact_value(formula, values, what) for formula in formulas)


def formula_entry(formula: sympy.Expr) -> int | Fraction | str:
    """A formula as a model file holds it: integers and short decimals as TOML numbers,
    anything else as text.

    >>> formula_entry(sympy.Integer(3)), formula_entry(sympy.Rational(99, 100))
    (3, Fraction(99, 100))
    >>> formula_entry(sympy.Rational(1, 3)), formula_entry(1 - sympy.Symbol("L"))
    ('1/3', '1 - L')
    """
    if formula.is_Integer:
        return int(formula)
    if formula.is_Rational:
        value = Fraction(int(formula.p), int(formula.q))
        text = decimal_text(value)
        # Written as a decimal only when the float TOML reads it as spells the same fraction.
        if text is not None and Fraction(repr(float(text))) == value:
            return value
    return formula_value(formula)


def per_player_entry(players: Sequence[str], formulas: Sequence[sympy.Expr]) -> Dotted:
    """A per-player table written as dotted keys (``costs.Russia = "12*cR"``)."""
    return Dotted(
        {player: formula_entry(formula) for player, formula in zip(players, formulas, strict=True)}
    )


def labels_of(players: Sequence[str]) -> GameLabels:
    """Claims may name the players of a theory game; it has no strategies or outcomes."""
    return GameLabels({player: () for player in players}, None)


def number_text(value: Number) -> str:
    """A number for a summary row: exact text, with a decimal when the text is a fraction.

    >>> number_text(Fraction(7, 10)), number_text(Fraction(1, 3)), number_text(2)
    ('0.7', '1/3 ≈ 0.3333', '2')
    >>> number_text(sympy.sqrt(2) / 2)
    'sqrt(2)/2 ≈ 0.7071'
    """
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, int | Fraction):
        text = show_number(value)
        return text if "/" not in text else f"{text} ≈ {float(value):.4f}"
    return f"{value} ≈ {float(value):.4f}"

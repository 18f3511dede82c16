"""Turning a solver's ``(game, at)`` arguments into a numeric game and comparable arrays."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import common_denominator

_INT64_LIMIT = 2**62


def numeric_game(game: NormalFormGame, at: Mapping | None, solver: str) -> NormalFormGame:
    """``game`` with parameter values substituted; refuses games that stay symbolic."""
    if not isinstance(game, NormalFormGame):
        raise GameError(f"{solver} needs a NormalFormGame, got {type(game).__name__}")
    if at is not None:
        game = game.at(at)
    if game.parameters:
        names = ", ".join(symbol.name for symbol in game.parameters)
        raise GameError(
            f"{solver}: the payoffs depend on parameters ({names}); pass values with at=..., "
            f"or use parametric_equilibria for the solution as a function of the parameters"
        )
    if game.is_symbolic:
        # Constant irrational payoffs such as sqrt(2): solve in floats.
        return game.map_payoffs(lambda _player, value: float(value))
    return game


def integer_payoffs(game: NormalFormGame) -> np.ndarray:
    """Exact payoffs scaled per player to integers (a positive affine map, so best responses and
    equilibria are unchanged): int64 when they fit, Python ints in an object array otherwise."""
    payoffs = game.payoffs
    scaled = np.empty(payoffs.shape, dtype=object)
    for player in range(game.num_players):
        values = payoffs[..., player]
        scale = common_denominator(values.flat)
        scaled[..., player] = values if scale == 1 else values * scale
    try:
        as_integers = scaled.astype(np.int64)
    except OverflowError:
        return np.vectorize(int, otypes=[object])(scaled)
    if np.abs(as_integers).max() < _INT64_LIMIT:
        return as_integers
    return np.vectorize(int, otypes=[object])(scaled)


def comparable_payoffs(game: NormalFormGame, exact: bool) -> np.ndarray:
    """Payoffs as an array that compares exactly: scaled integers, or floats."""
    if exact and game.is_exact:
        return integer_payoffs(game)
    return game.float_payoffs()

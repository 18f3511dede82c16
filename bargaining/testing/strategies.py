"""Hypothesis strategies for games, for the toolkit's own tests and for users' test suites.

Each strategy shrinks towards small games with small numbers, so a failing property reports
the simplest counterexample hypothesis can find.

>>> from hypothesis import given
>>> from bargaining import nash_equilibria
>>> @given(normal_form_games(strategies=(1, 3)))
... def test_every_game_has_an_equilibrium(game):
...     assert nash_equilibria(game)
>>> test_every_game_has_an_equilibrium()
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from bargaining.games.normal_form import NormalFormGame

__all__ = ["degenerate_games", "normal_form_games", "payoff_values"]

_PAYOFF_KINDS = ("integers", "fractions", "floats")


def payoff_values(kind: str = "integers", *, bound: int = 10) -> st.SearchStrategy:
    """Single payoffs: ``"integers"`` in ``[-bound, bound]``, ``"fractions"`` with small
    denominators, or finite ``"floats"`` in ``[-bound, bound]``."""
    if kind == "integers":
        return st.integers(-bound, bound)
    if kind == "fractions":
        return st.builds(Fraction, st.integers(-bound * 6, bound * 6), st.integers(1, 6))
    if kind == "floats":
        return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=32).map(float)
    raise ValueError(f"payoffs must be one of {', '.join(_PAYOFF_KINDS)}; got {kind!r}")


@st.composite
def normal_form_games(
    draw: st.DrawFn,
    players: int = 2,
    strategies: tuple[int, int] = (1, 5),
    payoffs: str = "integers",
    *,
    bound: int = 10,
) -> NormalFormGame:
    """Random normal-form games.

    Parameters
    ----------
    players:
        Number of players.
    strategies:
        ``(least, most)`` strategies per player.
    payoffs:
        ``"integers"``, ``"fractions"`` or ``"floats"`` (see :func:`payoff_values`).
    bound:
        Payoffs lie in ``[-bound, bound]``.
    """
    low, high = strategies
    shape = [draw(st.integers(low, high)) for _ in range(players)]
    size = 1
    for count in shape:
        size *= count
    values = draw(
        st.lists(
            payoff_values(payoffs, bound=bound), min_size=size * players, max_size=size * players
        )
    )
    arrays = []
    for player in range(players):
        flat = values[player * size : (player + 1) * size]
        arrays.append(_reshape(flat, shape))
    return NormalFormGame.from_arrays(arrays)


def degenerate_games(
    players: int = 2, strategies: tuple[int, int] = (2, 5), *, bound: int = 2
) -> st.SearchStrategy[NormalFormGame]:
    """Games with many payoff ties (integers in ``[-bound, bound]``), which are usually
    degenerate: a mixed strategy with support of size k has more than k pure best responses."""
    return normal_form_games(players, strategies, "integers", bound=bound)


def _reshape(flat: list, shape: list[int]) -> list:
    if len(shape) == 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [_reshape(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]

"""Assertions for test suites: readable failures about equilibria.

>>> from bargaining import NormalFormGame
>>> dilemma = NormalFormGame.from_arrays(
...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
...     strategies=(("cooperate", "defect"), ("cooperate", "defect")))
>>> assert_equilibrium(dilemma, [[1, 0], [1, 0]])
Traceback (most recent call last):
...
AssertionError: not an equilibrium: Player 1 gains 2 by switching to 'defect'
  profile: Player 1={cooperate: 1}; Player 2={cooperate: 1}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bargaining.games.normal_form import NormalFormGame
from bargaining.model.expressions import expression_text
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.verification import best_deviation

__all__ = ["assert_all_equilibria", "assert_equilibrium", "profile_text"]


def profile_text(game: NormalFormGame, profile: Equilibrium | Sequence[Sequence[object]]) -> str:
    """A profile as ``Player={strategy: probability, ...}; ...`` (only strategies played).

    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> profile_text(game, [[1, 0], [0.5, 0.5]])
    'Player 1={1: 1}; Player 2={1: 0.5, 2: 0.5}'
    """
    vectors = profile.strategies if isinstance(profile, Equilibrium) else profile
    parts = []
    for player, labels, vector in zip(game.players, game.strategies, vectors, strict=True):
        played = ", ".join(
            f"{label}: {expression_text(p) if not isinstance(p, float) else f'{p:.6g}'}"
            for label, p in zip(labels, vector, strict=True)
            if p != 0
        )
        parts.append(f"{player}={{{played}}}")
    return "; ".join(parts)


def assert_equilibrium(
    game: NormalFormGame,
    eq: Equilibrium | Sequence[Sequence[object]],
    *,
    at: Mapping[str, object] | None = None,
    tol: float | None = None,
) -> None:
    """Fail, naming the most profitable deviation, unless ``eq`` is a Nash equilibrium.

    The check is exact for exact inputs (see
    :func:`~bargaining.solvers.verification.best_deviation`); ``at`` substitutes parameter
    values first.

    >>> from bargaining import NormalFormGame
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> from fractions import Fraction
    >>> half = Fraction(1, 2)
    >>> assert_equilibrium(pennies, [[half, half], [half, half]])
    """
    deviation = best_deviation(game, eq, at=at, tol=tol)
    if deviation is None:
        return
    target = game.at(at) if at else game
    gain = deviation.gain
    shown = f"{gain:.6g}" if isinstance(gain, float) else expression_text(gain)
    raise AssertionError(
        f"not an equilibrium: {deviation.player} gains {shown} by switching to "
        f"{deviation.strategy!r}\n  profile: {profile_text(target, eq)}"
    )


def _key(eq: Equilibrium | Sequence[Sequence[object]]) -> tuple:
    vectors = eq.strategies if isinstance(eq, Equilibrium) else eq
    return tuple(tuple(vector) for vector in vectors)


def _close(first: tuple, second: tuple, tol: float) -> bool:
    return all(
        len(a) == len(b) and all(abs(float(x) - float(y)) <= tol for x, y in zip(a, b, strict=True))
        for a, b in zip(first, second, strict=True)
    )


def assert_all_equilibria(
    game: NormalFormGame,
    eqs: Sequence[Equilibrium | Sequence[Sequence[object]]],
    reference: Sequence[Equilibrium | Sequence[Sequence[object]]] | None = None,
    *,
    at: Mapping[str, object] | None = None,
    tol: float = 1e-9,
) -> None:
    """Fail unless ``eqs`` is the same set of equilibria as ``reference`` (default: what
    :func:`~bargaining.solvers.nash.nash_equilibria` finds), listing what is missing and what
    is extra.

    Profiles are compared exactly when both are exact, else within ``tol`` per probability;
    order does not matter.

    >>> from bargaining import NormalFormGame
    >>> battle = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> assert_all_equilibria(battle, [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
    Traceback (most recent call last):
    ...
    AssertionError: the equilibria differ from the reference (3 expected, 2 given)
      missing: Player 1={1: 2/3, 2: 1/3}; Player 2={1: 1/3, 2: 2/3}
    """
    target = game.at(at) if at else game
    expected = list(reference) if reference is not None else nash_equilibria(target)
    given = [_key(eq) for eq in eqs]
    wanted = [_key(eq) for eq in expected]

    def unmatched(these: list[tuple], those: list[tuple]) -> list[tuple]:
        return [
            key
            for key in these
            if not any(key == other or _close(key, other, tol) for other in those)
        ]

    missing = unmatched(wanted, given)
    extra = unmatched(given, wanted)
    if not missing and not extra:
        return
    lines = [
        f"the equilibria differ from the reference ({len(wanted)} expected, {len(given)} given)"
    ]
    lines += [f"  missing: {profile_text(target, key)}" for key in missing]
    lines += [f"  extra:   {profile_text(target, key)}" for key in extra]
    raise AssertionError("\n".join(lines))

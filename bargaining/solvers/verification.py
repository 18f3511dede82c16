"""Checking a mixed profile: regrets, the best unilateral deviation, and the equilibrium test.

A profile is a Nash equilibrium when no player gains by a unilateral deviation, and it suffices
to check deviations to *pure* strategies: a player's payoff is linear in their own mixed
strategy, so its maximum over the simplex is attained at a vertex (Nash 1951, Annals of
Mathematics 54; Osborne & Rubinstein 1994, *A Course in Game Theory*, Lemma 33.2).

Exact inputs (``int``/``Fraction`` payoffs and probabilities) are checked exactly, with no
tolerance; anything involving floats is checked within a tolerance relative to each player's
payoff range (see :data:`DEFAULT_TOLERANCE`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number, NumberError, is_exact, is_symbolic, normalize_number
from bargaining.solvers._inputs import numeric_game
from bargaining.solvers.equilibrium import Equilibrium

__all__ = ["DEFAULT_TOLERANCE", "Deviation", "best_deviation", "is_equilibrium", "regrets"]

DEFAULT_TOLERANCE = 1e-9
"""Default tolerance of the float checks.

A player's regret counts as zero when it is at most ``tol * range``, where ``range`` is the
difference between that player's largest and smallest payoff in the game (or the largest
absolute payoff, at least 1, when all of that player's payoffs are equal): the check is then
unchanged by rescaling payoffs. The same ``tol``, as an absolute number, bounds how far float
probabilities may fall below zero and how far their sums may be from one.
"""

Profile = Equilibrium | Sequence[Sequence[object]]


class Deviation(NamedTuple):
    """A profitable unilateral deviation: ``player`` switching to pure ``strategy`` gains
    ``gain``."""

    player: str
    strategy: str
    gain: Number


class _Checked(NamedTuple):
    """A validated game and profile, and whether the arithmetic is exact."""

    game: NormalFormGame
    vectors: tuple[tuple[Number, ...], ...]
    exact: bool


# -- validation --------------------------------------------------------------------------------


def _probability(value: object, where: str) -> Number:
    """One probability as int, Fraction or float; GameError for anything else."""
    try:
        number = normalize_number(value)
    except NumberError as error:
        raise GameError(f"{where}: {error}") from None
    if is_symbolic(number):
        if number.free_symbols:
            names = ", ".join(sorted(symbol.name for symbol in number.free_symbols))
            raise GameError(f"{where} depends on parameters ({names}); give numbers")
        # A constant such as sqrt(2)/2 has no exact int/Fraction form: check it in floats.
        number = float(number)
    return number


def validated_vector(vector: object, size: int, where: str, tolerance: float) -> tuple[Number, ...]:
    """A probability vector of length ``size``: exact vectors must lie exactly in the simplex,
    vectors with floats within ``tolerance``."""
    if isinstance(vector, np.ndarray):
        if vector.ndim != 1:
            raise GameError(f"{where} must be a 1-D probability vector, got shape {vector.shape}")
        vector = vector.tolist()
    if isinstance(vector, str | bytes) or not isinstance(vector, Sequence):
        raise GameError(
            f"{where} must be a probability vector over {size} strategies, got {vector!r} "
            f"(a pure strategy is a vector with a single 1)"
        )
    if len(vector) != size:
        raise GameError(f"{where} has {len(vector)} probabilities, expected {size}")
    probabilities = tuple(_probability(p, f"{where}[{k}]") for k, p in enumerate(vector))
    exact = all(is_exact(p) for p in probabilities)
    lowest = min(probabilities)
    if (lowest < 0) if exact else (lowest < -tolerance):
        k = probabilities.index(lowest)
        raise GameError(f"{where}[{k}] is the negative probability {lowest}")
    total = sum(probabilities)
    if (total != 1) if exact else (abs(total - 1) > tolerance):
        raise GameError(f"the probabilities of {where} sum to {total}, not 1")
    return probabilities


def _check(
    game: NormalFormGame,
    profile: Profile,
    at: Mapping[str, object] | None,
    tol: float | None,
    caller: str,
) -> _Checked:
    """Validate ``profile`` against ``game``; decide between exact and float arithmetic."""
    game = numeric_game(game, at, caller)
    if tol is not None and not (isinstance(tol, int | float) and math.isfinite(tol) and tol >= 0):
        raise GameError(f"{caller}: tol must be a nonnegative number, got {tol!r}")
    if isinstance(profile, Equilibrium):
        if profile.players != game.players or profile.strategy_labels != game.strategies:
            raise GameError(
                f"{caller}: the equilibrium is for players {profile.players} with strategies "
                f"{profile.strategy_labels}, but the game has players {game.players} with "
                f"strategies {game.strategies}"
            )
        vectors: object = profile.strategies
    else:
        vectors = profile
    if isinstance(vectors, np.ndarray) and vectors.dtype != object:
        vectors = list(vectors)
    if isinstance(vectors, str | bytes) or not isinstance(vectors, Sequence):
        raise GameError(
            f"{caller}: a profile is an Equilibrium or one probability vector per player, "
            f"got {type(vectors).__name__}"
        )
    if len(vectors) != game.num_players:
        raise GameError(
            f"{caller}: the profile has {len(vectors)} strategies but the game has "
            f"{game.num_players} players"
        )
    tolerance = DEFAULT_TOLERANCE if tol is None else float(tol)
    checked = tuple(
        validated_vector(vector, size, f"the strategy of {player!r}", tolerance)
        for vector, size, player in zip(vectors, game.shape, game.players, strict=True)
    )
    exact = tol is None and game.is_exact and all(is_exact(p) for v in checked for p in v)
    if not exact:
        checked = tuple(tuple(float(p) for p in vector) for vector in checked)
    return _Checked(game, checked, exact)


# -- payoffs against a profile -----------------------------------------------------------------


def _exact_strategy_values(
    game: NormalFormGame, vectors: Sequence[Sequence[Number]], player: int
) -> list[Number]:
    """Player's payoff from each pure strategy against the others' mix, in ints/Fractions.

    Loops over the product of the opponents' supports only, so pure and sparse profiles cost
    little and no intermediate float appears.
    """
    others = [k for k in range(game.num_players) if k != player]
    supports = [[j for j, p in enumerate(vectors[k]) if p != 0] for k in others]
    payoffs = game.payoff_array(player)
    values: list[Number] = [0] * game.shape[player]
    for choices in itertools.product(*supports):
        weight: Number = 1
        for k, j in zip(others, choices, strict=True):
            weight *= vectors[k][j]
        index: list[int | slice] = list(choices)
        index.insert(player, slice(None))
        row = payoffs[tuple(index)]
        for s in range(len(values)):
            values[s] += weight * row[s]
    return [normalize_number(value) for value in values]


def _float_strategy_values(
    payoffs: np.ndarray, vectors: Sequence[Sequence[float]], player: int
) -> np.ndarray:
    """Player's payoff from each pure strategy against the others' mix, with numpy.

    ``payoffs`` is the player's float payoff array of shape ``(m1, ..., mn)``. Contracting the
    highest axes first leaves the indices of the remaining axes unchanged.
    """
    values = payoffs
    for k in reversed(range(payoffs.ndim)):
        if k != player:
            values = np.tensordot(values, np.asarray(vectors[k], dtype=float), axes=([k], [0]))
    return values


def _gains(checked: _Checked) -> list[tuple[Number, int]]:
    """Per player: (gain of the best pure deviation, index of that strategy)."""
    game, vectors, exact = checked
    floats = None if exact else game.float_payoffs()
    gains: list[tuple[Number, int]] = []
    for i in range(game.num_players):
        if exact:
            values = _exact_strategy_values(game, vectors, i)
            current = normalize_number(sum(p * v for p, v in zip(vectors[i], values, strict=True)))
            best = max(range(len(values)), key=values.__getitem__)
            gains.append((normalize_number(values[best] - current), best))
        else:
            values = _float_strategy_values(floats[..., i], vectors, i)
            current = float(np.dot(vectors[i], values))
            best = int(np.argmax(values))
            # The best pure payoff is never below the mix's payoff; rounding can say otherwise.
            gains.append((max(0.0, float(values[best]) - current), best))
    return gains


def _scale(game: NormalFormGame, player: int) -> float:
    """The payoff range the float tolerance is relative to."""
    payoffs = game.float_payoffs()[..., player]
    spread = float(payoffs.max() - payoffs.min())
    return spread if spread > 0 else max(1.0, float(np.abs(payoffs).max()))


def _profitable(checked: _Checked, tol: float | None) -> list[Deviation]:
    """Every player's best deviation that gains more than the tolerance."""
    game = checked.game
    tolerance = DEFAULT_TOLERANCE if tol is None else float(tol)
    found = []
    for i, (gain, strategy) in enumerate(_gains(checked)):
        threshold = 0 if checked.exact else tolerance * _scale(game, i)
        if gain > threshold:
            found.append(Deviation(game.players[i], game.strategies[i][strategy], gain))
    return found


# -- public API --------------------------------------------------------------------------------


def regrets(
    game: NormalFormGame, profile: Profile, *, at: Mapping[str, object] | None = None
) -> tuple[Number, ...]:
    """Each player's gain from their best unilateral deviation to a pure strategy.

    Parameters
    ----------
    game:
        An n-player game; symbolic payoffs need ``at``.
    profile:
        An :class:`~bargaining.solvers.equilibrium.Equilibrium` of ``game``, or one probability
        vector per player (ints, fractions, floats).
    at:
        Parameter values to substitute first.

    Returns
    -------
    tuple
        One nonnegative regret per player: exact (``int``/``Fraction``) when the payoffs and
        the profile are exact, floats otherwise (floats are clipped at zero, since rounding
        can make a regret slightly negative). The profile is an equilibrium exactly when every
        regret is zero.

    Raises
    ------
    GameError
        When the profile does not fit the game or is not a probability distribution.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from bargaining import NormalFormGame
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> regrets(pennies, [[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)]])
    (0, 0)
    >>> regrets(pennies, [[1, 0], [Fraction(1, 4), Fraction(3, 4)]])
    (1, Fraction(1, 2))
    """
    return tuple(gain for gain, _strategy in _gains(_check(game, profile, at, None, "regrets")))


def best_deviation(
    game: NormalFormGame,
    profile: Profile,
    *,
    at: Mapping[str, object] | None = None,
    tol: float | None = None,
) -> Deviation | None:
    """The most profitable unilateral pure deviation from ``profile``, or None at an
    equilibrium.

    Exact inputs count any positive gain; with floats (or an explicit ``tol``) a gain counts
    when it exceeds ``tol`` times the deviating player's payoff range (see
    :data:`DEFAULT_TOLERANCE`). Among players, the largest gain wins (the first player on
    ties); among a player's strategies, the best-paying one (the first on ties).

    Returns
    -------
    Deviation or None
        ``(player name, strategy label, gain)``; the gain is exact for exact inputs.

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> dilemma = NormalFormGame.from_arrays(
    ...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...     strategies=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> best_deviation(dilemma, [[1, 0], [1, 0]])
    Deviation(player='Player 1', strategy='defect', gain=2)
    >>> best_deviation(dilemma, [[0, 1], [0, 1]]) is None
    True
    """
    found = _profitable(_check(game, profile, at, tol, "best_deviation"), tol)
    if not found:
        return None
    # max() keeps the first of equal gains, i.e. the lowest player index.
    return max(found, key=lambda deviation: deviation.gain)


def is_equilibrium(
    game: NormalFormGame,
    profile: Profile,
    *,
    at: Mapping[str, object] | None = None,
    tol: float | None = None,
) -> bool:
    """Whether ``profile`` is a Nash equilibrium of the n-player ``game``.

    Parameters
    ----------
    game:
        An n-player game; symbolic payoffs need ``at``.
    profile:
        An :class:`~bargaining.solvers.equilibrium.Equilibrium` of ``game``, or one probability
        vector per player (any numeric type). Pure profiles are vectors with a single 1.
    at:
        Parameter values to substitute first.
    tol:
        Tolerance of the float check, relative to each player's payoff range (default
        :data:`DEFAULT_TOLERANCE`). When the payoffs and the profile are exact (ints or
        fractions) and ``tol`` is None, the check is exact: every deviation is evaluated in
        rational arithmetic and must gain nothing at all. Giving ``tol`` forces the float check.

    Raises
    ------
    GameError
        When the profile has the wrong number of players or vector lengths, or a vector has a
        negative entry or does not sum to 1 (exactly for exact vectors, within ``tol`` or
        :data:`DEFAULT_TOLERANCE` for floats).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from bargaining import NormalFormGame
    >>> battle = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> is_equilibrium(battle, [[Fraction(2, 3), Fraction(1, 3)], [Fraction(1, 3), Fraction(2, 3)]])
    True
    >>> is_equilibrium(battle, [[0.6666666666, 0.3333333334], [1 / 3, 2 / 3]])
    True
    >>> is_equilibrium(battle, [[1, 0], [0, 1]])
    False
    """
    return not _profitable(_check(game, profile, at, tol, "is_equilibrium"), tol)

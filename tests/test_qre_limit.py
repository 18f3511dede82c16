"""exact_limit: the equilibrium solved on the end's supports, against enumerating them all."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from bargaining import NormalFormGame, is_equilibrium, nash_equilibria
from bargaining.solvers.qre import qre_path
from bargaining.solvers.qre_limit import exact_limit
from bargaining.testing.strategies import normal_form_games


def _nearest(game: NormalFormGame, end, distance: float):
    """The first extreme equilibrium within ``distance`` of ``end``, by enumeration."""
    for eq in nash_equilibria(game):
        gap = max(
            float(np.abs(np.array(x, dtype=float) - v).max())
            for x, v in zip(eq.strategies, end, strict=True)
        )
        if gap < distance:
            return eq
    return None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(normal_form_games(strategies=(2, 4), bound=6))
def test_limit_of_the_trace_is_the_enumerated_equilibrium_near_its_end(game):
    path = qre_path(game)
    end = [profile[-1] for profile in path.profiles]
    found = exact_limit(game, end, distance=1e-4)
    expected = _nearest(game, end, 1e-4)
    assert (found is None) == (expected is None)
    if found is not None:
        assert found.strategies == expected.strategies
        assert is_equilibrium(game, found.strategies)  # exactly
        assert path.limit == found


def test_float_payoffs_and_three_players_give_none():
    floats = NormalFormGame.from_arrays([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    assert exact_limit(floats, [np.array([1.0, 0.0])] * 2, distance=1e-4) is None
    three = NormalFormGame.from_arrays([np.zeros((2, 2, 2), dtype=int).tolist()] * 3)
    assert exact_limit(three, [np.array([0.5, 0.5])] * 3, distance=1e-4) is None


def test_a_support_probability_below_the_tolerance_falls_back_to_enumeration():
    # Player 2 mixes 1/20000 on its second strategy: the end's supports miss it, the system on
    # them has no equilibrium near the end, and enumeration finds the exact one.
    game = NormalFormGame.from_arrays([[[1, 0], [0, 19999]], [[1, 0], [0, 1]]])
    (mixed,) = [eq for eq in nash_equilibria(game) if 0 < eq.strategies[1][1] < 1]
    end = [np.array([float(p) for p in vector]) for vector in mixed.strategies]
    found = exact_limit(game, end, distance=1e-4)
    assert found is not None and found.strategies == mixed.strategies

"""Points of continua of equilibria: the linear case decides with one linear program that no
outside strategy's tie can give a point, instead of one program per tie, and finds the same."""

from __future__ import annotations

import importlib
import warnings

import numpy as np

from bargaining import NormalFormGame
from bargaining.solvers.nash import IncompleteResultWarning
from bargaining.solvers.support_enumeration import support_enumeration

# The module, not the function of the same name that bargaining.solvers exports.
continuum_points = importlib.import_module("bargaining.solvers.continuum_points")


def _degenerate_games(count: int, seed: int) -> list[NormalFormGame]:
    """Three-player games with payoffs 0..2: many ties, so many continua of equilibria."""
    rng = np.random.default_rng(seed)
    games = []
    for _ in range(count):
        payoffs = rng.integers(0, 3, size=(3, 2, 2, 3))
        games.append(NormalFormGame.from_arrays([payoffs[..., k] for k in range(3)]))
    return games


def _solve_all(games: list[NormalFormGame]) -> list[tuple]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteResultWarning)
        results = [support_enumeration(game) for game in games]
    return [
        (tuple((eq.strategies, eq.method) for eq in r.equilibria), r.complete, r.note)
        for r in results
    ]


def test_one_program_for_all_ties_finds_what_one_program_per_tie_finds(monkeypatch):
    games = _degenerate_games(30, seed=5)
    real = continuum_points._largest_margin
    calls = {"weak": 0, "strict": 0}

    def counted(*args, strict_ties, **kwargs):
        calls["strict" if strict_ties else "weak"] += 1
        return real(*args, strict_ties=strict_ties, **kwargs)

    monkeypatch.setattr(continuum_points, "_largest_margin", counted)
    pruned = _solve_all(games)
    pruned_calls = dict(calls)

    def never_prune(*args, strict_ties, **kwargs):
        # Every tie is tried, as before the single program decided for them all.
        if not strict_ties:
            return ((), {})
        return counted(*args, strict_ties=strict_ties, **kwargs)

    calls.update(weak=0, strict=0)
    monkeypatch.setattr(continuum_points, "_largest_margin", never_prune)
    every_tie = _solve_all(games)
    assert pruned == every_tie
    assert any(r[0] for r in pruned)  # the games have equilibria to compare
    assert pruned_calls["weak"] > 0  # the single program ran, and saved programs per tie
    assert pruned_calls["strict"] + pruned_calls["weak"] < calls["strict"]

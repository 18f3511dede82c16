"""Equilibrium selection: perfection, risk and payoff dominance, ESS and the QRE limit."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings

from bargaining import GameError, NormalFormGame, load_model, nash_equilibria
from bargaining.solvers.selection import (
    equilibrium_selection,
    is_evolutionarily_stable,
    is_perfect,
    payoff_dominant,
    risk_dominant,
)
from bargaining.testing.strategies import normal_form_games

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STAG_HUNT = NormalFormGame.from_arrays(
    [[[4, 0], [3, 3]], [[4, 3], [0, 3]]], strategies=(("stag", "hare"), ("stag", "hare"))
)


def _weakly_dominated_pure(rows) -> set[int]:
    """In a 2x2 game: the rows weakly dominated by the other row."""
    first, second = rows
    dominated = set()
    if all(x >= y for x, y in zip(first, second, strict=True)) and first != second:
        dominated.add(1)
    if all(y >= x for x, y in zip(first, second, strict=True)) and first != second:
        dominated.add(0)
    return dominated


@PROPERTY
@given(normal_form_games(strategies=(2, 2), bound=3))
def test_perfection_in_2x2_games_is_no_weakly_dominated_strategy_in_the_support(game):
    a = game.payoffs[..., 0].tolist()
    b = game.payoffs[..., 1].T.tolist()
    for eq in nash_equilibria(game):
        expected = all(
            not any(eq.strategies[i][k] for k in _weakly_dominated_pure(rows))
            for i, rows in enumerate((a, b))
        )
        assert is_perfect(game, eq) == expected


def test_a_weakly_dominated_equilibrium_is_not_perfect():
    # The third strategy is weakly dominated by the half-half mix of the first two, by neither
    # alone; (third, third) is still an equilibrium.
    rows = [[4, 0, 2], [0, 4, 2], [2, 1, 2]]
    game = NormalFormGame.from_arrays([rows, [list(column) for column in zip(*rows, strict=True)]])
    marks = {eq.strategies: is_perfect(game, eq) for eq in nash_equilibria(game)}
    assert marks[((0, 0, 1), (0, 0, 1))] is False  # the half-half mix weakly dominates
    assert marks[((1, 0, 0), (1, 0, 0))] is True


def test_stag_hunt_risk_and_payoff_dominance_disagree():
    equilibria = nash_equilibria(STAG_HUNT)
    assert [eq.support(0) for eq in equilibria] == [("hare",), ("stag", "hare"), ("stag",)]
    assert risk_dominant(STAG_HUNT, equilibria) == [True, False, False]
    assert payoff_dominant(equilibria) == [False, False, True]
    selection = equilibrium_selection(STAG_HUNT)
    assert [m.qre_selected for m in selection.marks] == [True, False, False]
    assert [m.evolutionarily_stable for m in selection.marks] == [True, False, True]


@PROPERTY
@given(normal_form_games(strategies=(2, 3), bound=5))
def test_risk_dominance_is_invariant_under_positive_affine_maps(game):
    equilibria = nash_equilibria(game)
    scaled = game.map_payoffs(lambda player, value: 3 * value + 7 if player == 0 else value - 2)
    assert risk_dominant(game, equilibria) == risk_dominant(scaled, nash_equilibria(scaled))
    assert sum(risk_dominant(game, equilibria)) <= 1
    assert sum(payoff_dominant(equilibria)) <= 1


def test_ess_examples():
    hawk_dove = NormalFormGame.from_arrays([[[-1, 4], [0, 2]], [[-1, 0], [4, 2]]])
    assert is_evolutionarily_stable(hawk_dove, [Fraction(2, 3), Fraction(1, 3)])
    assert not is_evolutionarily_stable(hawk_dove, [1, 0])  # not even an equilibrium
    rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    transposed = [list(row) for row in zip(*rps, strict=True)]
    game = NormalFormGame.from_arrays([rps, transposed])
    third = Fraction(1, 3)
    assert not is_evolutionarily_stable(game, [third] * 3)  # z.Az = 0: neutral, not stable
    # An alternative best response outside the support (Haigh's extra condition).
    assert is_evolutionarily_stable(
        NormalFormGame.from_arrays([[[1, 1], [1, 0]], [[1, 1], [1, 0]]]), [1, 0]
    )
    assert not is_evolutionarily_stable(
        NormalFormGame.from_arrays([[[1, 1], [1, 2]], [[1, 1], [1, 2]]]), [1, 0]
    )
    with pytest.raises(GameError, match="symmetric"):
        is_evolutionarily_stable(STAG_HUNT.map_payoffs(lambda p, v: v + p), [1, 0])


@PROPERTY
@given(normal_form_games(strategies=(2, 3), bound=4))
def test_an_ess_resists_every_sampled_mutant(game):
    a = game.payoffs[..., 0]
    size = game.shape[0]
    if game.shape[1] != size:
        return
    symmetric = NormalFormGame.from_arrays([a, a.T])
    rng = random.Random(0)
    for eq in nash_equilibria(symmetric):
        x = eq.strategies[0]
        if x != eq.strategies[1] or not is_evolutionarily_stable(symmetric, x):
            continue
        for _ in range(30):
            weights = [Fraction(rng.randint(0, 5)) for _ in range(size)]
            if not any(weights):
                continue
            y = [w / sum(weights) for w in weights]
            if y == list(x):
                continue

            def u(p, q):
                return sum(p[i] * a[i, j] * q[j] for i in range(size) for j in range(size))

            assert u(y, x) < u(x, x) or (u(y, x) == u(x, x) and u(x, y) > u(y, y))


def test_ceasefire_baseline_selection():
    model = load_model("models/ceasefire.toml")
    selection = equilibrium_selection(model.games["talks"], at=model.parameters.baseline)
    chosen = selection.selected()
    (qre,) = chosen["qre_selected"]
    assert qre.support("Russia") == ("condition",) and qre.support("Ukraine") == ("accept",)
    assert chosen["payoff_dominant"] == (qre,)
    assert all(m.evolutionarily_stable is None for m in selection.marks)


def _symmetric(rows):
    return NormalFormGame.from_arrays([rows, [list(c) for c in zip(*rows, strict=True)]])


def test_ess_with_two_alternative_best_responses():
    # Against the first strategy all three are best responses: the copositivity step decides.
    assert is_evolutionarily_stable(_symmetric([[1, 1, 1], [1, 0, 0], [1, 0, 0]]), [1, 0, 0])
    # The mutant (0, 1/2, 1/2) does as well against itself as the incumbent does against it.
    assert not is_evolutionarily_stable(_symmetric([[1, 1, 1], [1, 0, 2], [1, 2, 0]]), [1, 0, 0])

"""All equilibria of n-player games: support enumeration, exact algebraic probabilities."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, nash_equilibria
from bargaining.algebraic import RealAlgebraic, algebraic_roots
from bargaining.budget import Budget
from bargaining.io.nfg import format_nfg, parse_nfg
from bargaining.io.results_json import (
    ResultsFormatError,
    equilibria_from_json,
    equilibria_to_json,
)
from bargaining.solvers.nash import IncompleteResultWarning
from bargaining.solvers.support_enumeration import support_enumeration
from bargaining.solvers.verification import is_equilibrium, regrets
from bargaining.testing.assertions import assert_equilibrium

CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance"
PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def game_of(payoffs: np.ndarray) -> NormalFormGame:
    return NormalFormGame.from_arrays([payoffs[..., k] for k in range(payoffs.shape[-1])])


def irrational_game() -> NormalFormGame:
    """A 2x2x2 game with three equilibria, one totally mixed with probabilities in
    Q(sqrt(4929)) (found among random games with payoffs 0..5)."""
    table = [
        [[[2, 5, 5], [1, 0, 3]], [[4, 4, 3], [4, 5, 5]]],
        [[[5, 5, 4], [5, 0, 0]], [[4, 2, 4], [2, 5, 0]]],
    ]
    return game_of(np.array(table))


# -- exact algebraic numbers ------------------------------------------------------------------


def test_algebraic_arithmetic_is_exact():
    minus, plus = algebraic_roots([-2, 0, 1])
    assert plus * plus == 2 and minus == -plus and plus > 1 > 0 > minus
    assert 1 / plus == plus / 2 and (plus - 1) * (plus + 1) == 1
    assert str(plus) == "sqrt(2)" and abs(float(plus) - 2**0.5) < 1e-15
    # numbers of different fields still compare exactly
    (golden,) = [r for r in algebraic_roots([-1, -1, 1]) if r > 0]
    assert golden > plus and golden != plus and (golden - Fraction(1, 2)) ** 2 == Fraction(5, 4)


def test_algebraic_roots_of_a_cubic_and_rationals():
    roots = algebraic_roots([-2, 0, 0, 1])  # the real cube root of 2
    (root,) = roots
    assert isinstance(root, RealAlgebraic) and root**3 == 2
    assert "CRootOf" in str(root)
    assert algebraic_roots([Fraction(-1, 4), 0, 1]) == [Fraction(-1, 2), Fraction(1, 2)]


# -- solving ----------------------------------------------------------------------------------


def test_an_irrational_equilibrium_is_exact_and_verified():
    game = irrational_game()
    found = nash_equilibria(game)
    assert found.complete and len(found) % 2 == 1
    mixed = [
        eq for eq in found if any(isinstance(p, RealAlgebraic) for v in eq.strategies for p in v)
    ]
    assert mixed, "the game was built to have an irrational equilibrium"
    for eq in found:
        assert regrets(game, eq) == (0, 0, 0)
        assert is_equilibrium(game, eq)
        assert_equilibrium(game, eq)
        assert all(sum(vector) == 1 for vector in eq.strategies)
    eq = mixed[0]
    assert "sqrt" in repr(eq)
    # float probabilities of the same profile pass the float check; perturbed ones fail
    floats = [[float(p) for p in vector] for vector in eq.strategies]
    assert is_equilibrium(game, floats)
    floats[0] = [floats[0][0] + 1e-3, floats[0][1] - 1e-3]
    assert not is_equilibrium(game, floats)


def test_json_round_trip_of_algebraic_profiles_and_bad_input():
    game = irrational_game()
    found = nash_equilibria(game)
    back = equilibria_from_json(equilibria_to_json(found))
    assert [eq.strategies for eq in back] == [eq.strategies for eq in found]
    assert [eq.payoffs for eq in back] == [eq.payoffs for eq in found]
    document = json.loads(equilibria_to_json(found))
    for item in document["equilibria"]:
        for vector in item["strategies"].values():
            for label, value in vector.items():
                if isinstance(value, dict):
                    value["algebraic"]["minpoly"] = ["1", "0", "1"]  # t**2 + 1: no real root
                    vector[label] = value
                    with pytest.raises(ResultsFormatError, match="not a real root"):
                        equilibria_from_json(json.dumps(document))
                    value["algebraic"]["minpoly"] = "eval('1')"
                    with pytest.raises(ResultsFormatError, match="exact fractions"):
                        equilibria_from_json(json.dumps(document))
                    return
    pytest.fail("no algebraic probability was written")


def test_three_player_nfg_round_trip():
    game = irrational_game()
    again = parse_nfg(format_nfg(game))
    assert again == game
    assert [eq.strategies for eq in nash_equilibria(again)] == [
        eq.strategies for eq in nash_equilibria(game)
    ]


def test_budgets_say_the_result_is_incomplete():
    game = irrational_game()
    partial = support_enumeration(game, max_supports=3)
    assert not partial.complete and "3 support profiles" in partial.note
    with pytest.warns(IncompleteResultWarning, match="time budget of 0 s"):
        found = nash_equilibria(game, budget=Budget(seconds=0))
    assert found.complete is False and "time budget" in found.note


def test_a_continuum_is_flagged():
    # Player 3 is indifferent everywhere and players 1 and 2 play a coordination game whose
    # payoff does not depend on player 3: every mix of player 3 is part of an equilibrium.
    payoffs = np.zeros((2, 2, 2, 3), dtype=int)
    for a, b, c in np.ndindex(2, 2, 2):
        payoffs[a, b, c] = [2 * (a == b), 2 * (a == b), 0]
    game = game_of(payoffs)
    found = nash_equilibria(game)
    assert found.complete
    continuum = [eq for eq in found if eq.continuum]
    assert continuum and all(is_equilibrium(game, eq) for eq in found)
    assert "continuum" in repr(continuum[0])
    assert equilibria_from_json(equilibria_to_json(continuum))[0].continuum


def test_float_payoffs_are_solved_as_their_decimals():
    exact = irrational_game()
    floats = exact.map_payoffs(lambda _player, value: float(value) / 10)
    found = nash_equilibria(floats)
    assert all(isinstance(p, float) for eq in found for v in eq.strategies for p in v)
    assert len(found) == len(nash_equilibria(exact))
    assert all(is_equilibrium(floats, eq) for eq in found)


# -- properties -------------------------------------------------------------------------------

payoff_tables = st.builds(
    lambda shape, seed: np.random.default_rng(seed).integers(-20, 21, size=(*shape, len(shape))),
    st.sampled_from([(2, 2, 2), (2, 2, 3), (3, 2, 2)]),
    st.integers(0, 2**32 - 1),
)


def profile_set(equilibria, digits=9):
    return sorted(
        tuple(round(float(p), digits) for v in eq.strategies for p in v) for eq in equilibria
    )


@PROPERTY
@given(payoff_tables)
def test_zero_regret_and_odd_count(payoffs):
    game = game_of(payoffs)
    found = nash_equilibria(game)
    assert found, "every finite game has an equilibrium"
    for eq in found:
        assert all(r == 0 for r in regrets(game, eq))
    # Wilson (1971): a generic game has an odd number of equilibria. Random integer payoffs
    # are generic unless two of a player's payoffs tie; check only then.
    generic = all(len(set(payoffs[..., k].ravel())) == payoffs[..., k].size for k in range(3))
    if generic and found.complete and not any(eq.continuum for eq in found):
        assert len(found) % 2 == 1


@PROPERTY
@given(payoff_tables, st.permutations([0, 1, 2]), st.integers(1, 5), st.integers(-7, 7))
def test_invariance_under_relabelling_and_affine_maps(payoffs, order, scale, shift):
    game = game_of(payoffs)
    found = nash_equilibria(game)
    flipped = [list(range(m))[::-1] for m in game.shape]
    relabelled = game.permuted(players=order, strategies=flipped)
    moved = relabelled.map_payoffs(lambda _player, value: scale * value + shift)
    expected = [tuple(tuple(eq.strategies[old][::-1]) for old in order) for eq in found]
    got = nash_equilibria(moved)
    if any(eq.continuum for eq in [*found, *got]):
        return  # a continuum's representative point depends on the labelling; isolated don't
    want = sorted(tuple(round(float(p), 9) for v in profile for p in v) for profile in expected)
    assert profile_set(got) == want


# -- against pygambit and the conformance catalogue ------------------------------------------


def _gambit_profiles(pygambit, game: NormalFormGame, solver) -> list[tuple]:
    table = pygambit.Game.from_arrays(
        *[np.asarray(game.payoffs[..., k], dtype=object).astype(float) for k in range(3)]
    )
    result = solver(table)
    profiles = []
    for profile in result.equilibria:
        vectors = []
        for player in table.players:
            vectors.append(tuple(float(profile[strategy]) for strategy in player.strategies))
        profiles.append(tuple(vectors))
    return profiles


@settings(max_examples=6, deadline=None)
@given(payoff_tables)
def test_every_equilibrium_pygambit_finds_is_found(payoffs):
    pygambit = pytest.importorskip("pygambit")
    game = game_of(payoffs)
    found = nash_equilibria(game)
    if any(eq.continuum for eq in found) or not found.complete:
        return  # a continuum is represented by one point, maybe not the one Gambit returns
    ours = [tuple(float(p) for v in eq.strategies for p in v) for eq in found]
    solvers = [
        pygambit.nash.gnm_solve,
        lambda g: pygambit.nash.enumpoly_solve(g),
        lambda g: pygambit.nash.logit_solve(g),
    ]
    for solver in solvers:
        for theirs in _gambit_profiles(pygambit, game, solver):
            # Gambit's numeric methods stop near an equilibrium; only those that verify count.
            if not is_equilibrium(game, [list(v) for v in theirs], tol=1e-7):
                continue
            flat = [p for vector in theirs for p in vector]
            assert any(
                max(abs(a - b) for a, b in zip(flat, mine, strict=True)) < 1e-5 for mine in ours
            ), f"pygambit found {theirs}, we did not"


@pytest.mark.parametrize(
    "name",
    ["catalog/journals/ijgt/nau2004/sec4.nfg", "contrib/games/2x2x2.nfg", "contrib/games/g1.nfg"],
)
def test_conformance_games_when_present(name):
    path = CONFORMANCE / "games" / name
    if not path.exists():
        pytest.skip("the shared conformance catalogue is not here")
    from bargaining.io import read_game

    expected = json.loads((CONFORMANCE / "expected.json").read_text())["games"][name]
    game = read_game(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", IncompleteResultWarning)
        found = nash_equilibria(game)
    ours = [tuple(float(p) for v in eq.strategies for p in v) for eq in found]
    for profile in expected["mixed_at_least"]:
        want = [float(p) for v in profile for p in v]
        assert any(
            max(abs(a - b) for a, b in zip(want, mine, strict=False)) < 1e-6 for mine in ours
        )

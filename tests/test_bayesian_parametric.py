"""Bayes-Nash equilibria in symbols: exact belief thresholds, agreement with the point solver,
and sweeps, Monte Carlo and claims through the one concept registry."""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining import (
    BayesianGame,
    GameError,
    NormalFormGame,
    Parameter,
    ParameterSpace,
    bayes_nash_equilibria,
    ex_ante_form,
    load_model,
    monte_carlo,
    parametric_bayes_nash,
    parametric_equilibria,
    sensitivity,
    sobol,
    sweep,
)
from bargaining.analysis import check_prior
from bargaining.analysis.parametric_nash import parametric_nash
from bargaining.analysis.parametric_sampled import sampled_parametric_nash
from bargaining.model import PROB
from bargaining.testing import check_claim

MODEL = Path(__file__).resolve().parent.parent / "models" / "buying_time.toml"


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def solution(model):
    return parametric_equilibria(model.game("truce"), model.parameters)


def test_the_registry_routes_bayesian_games_to_the_bayes_nash_solver(solution):
    assert solution.concept == "bayes-nash"
    assert solution.complete


def test_the_belief_threshold_is_b_over_b_plus_the_uncovered_regroup_gain(solution, model):
    (threshold,) = solution.thresholds("mu")
    assert threshold.value == Fraction(5, 11)
    B, R, G = (model.parameters.symbols[name] for name in "BRG")
    assert sympy.simplify(threshold.expression - B / (B + R * (1 - G))) == 0


def test_the_threshold_rises_with_guarantees_and_falls_with_the_regroup_gain(solution):
    (with_guarantees,) = solution.thresholds("mu", at={"G": Fraction(3, 5)})
    (larger_gain,) = solution.thresholds("mu", at={"R": Fraction(1, 2)})
    assert with_guarantees.value == Fraction(5, 8)
    assert larger_gain.value == Fraction(1, 3)


def test_thresholds_in_the_verification_cost(solution):
    values = [t.value for t in solution.thresholds("V")]
    assert Fraction(3, 10) in values  # V = R: a stalling Russia stops accepting monitoring


@settings(max_examples=12, deadline=None)
@given(
    mu=st.fractions(0, 1, max_denominator=20),
    V=st.fractions(0, 1, max_denominator=10),
    G=st.fractions(0, Fraction(9, 10), max_denominator=10),
)
def test_the_pieces_give_the_equilibria_the_point_solver_finds(solution, model, mu, V, G):
    point = {**model.parameters.baseline, "mu": mu, "V": V, "G": G}
    by_pieces = {(eq.strategies, eq.payoffs) for eq in solution.at(point)}
    direct = {(eq.strategies, eq.payoffs) for eq in bayes_nash_equilibria(model.game(), at=point)}
    assert by_pieces == direct


def test_a_sweep_over_mu_sees_the_unverified_truce_stop_at_the_threshold(model):
    mu = np.linspace(0, 1, 23)
    result = sweep(model, {"mu": mu})
    exploited = result.outcome_max["exploited_truce"]
    assert np.all(exploited[(mu > 0) & (mu < 5 / 11 - 1e-9)] > 0)
    assert np.all(exploited[mu > 5 / 11 + 1e-9] == 0)
    assert np.allclose(result.outcome_max["monitored_truce"], 1 - mu)


def test_monte_carlo_runs_on_the_parametric_solution(solution):
    draws = monte_carlo(solution, 500, seed=1)
    possible = draws.outcome_max["exploited_truce"] > 0
    assert 0 < possible.mean() < 1
    # Below the belief threshold an exploited truce is possible; above it only where
    # monitoring is cheaper for a stalling Russia than s R (the first claim's condition).
    x = draws.samples
    below = x["mu"] < x["B"] / (x["B"] + x["R"] * (1 - x["G"]))
    assert np.all(possible[below])
    assert not np.any(possible[~below & (x["V"] >= x["s"] * x["R"])])


def test_a_claim_is_checked_through_the_registry(model):
    result = check_claim(model, "costly verification separates the types", examples=10)
    assert result.passed and result.tried > 0


def test_a_claim_that_is_false_is_refuted(model):
    (claim,) = [c for c in model.claims if c.name.startswith("beyond the belief")]
    wrong = sympy.Gt(PROB(sympy.Symbol("exploited_truce")), 0)
    result = check_claim(model, replace(claim, expect=wrong), examples=10)
    assert not result.passed


def test_a_prior_negative_on_the_box_is_refused_before_solving():
    space = ParameterSpace([Parameter("mu", 0, 1, Fraction(1, 2))])
    mu = space.symbols["mu"]
    one = NormalFormGame.from_arrays([[[1, 0]], [[1, 0]]])
    game = BayesianGame.from_games(
        {("a", "-"): one, ("b", "-"): one},
        prior={("a", "-"): Fraction(3, 2) - mu, ("b", "-"): mu - Fraction(1, 2)},
    )
    with pytest.raises(GameError, match=r"prior\['b', '-'\] is mu - 1/2, negative at mu = 0"):
        check_prior(game, space)
    with pytest.raises(GameError, match="negative"):
        parametric_bayes_nash(game, space)


# -- games too large to solve in symbols: the sampled one-parameter solver ------------------------


def random_bayesian_game(seed: int, mu: object, actions: int) -> BayesianGame:
    """Payoffs in [0, 9] drawn as in benchmarks/bench_bayesian.py; player 1's second type
    with probability ``mu``, player 2's with 2/5."""
    rng = random.Random(seed)
    size = 2 * 2 * actions * actions * 2
    payoffs = np.array([rng.randint(0, 9) for _ in range(size)], dtype=object).reshape(
        2, 2, actions, actions, 2
    )
    q = Fraction(2, 5)
    prior = np.array([[(1 - mu) * (1 - q), (1 - mu) * q], [mu * (1 - q), mu * q]], dtype=object)
    labels = tuple(tuple(f"a{k}" for k in range(actions)) for _ in range(2))
    return BayesianGame(("P1", "P2"), (("a", "b"), ("c", "d")), labels, prior, payoffs)


@pytest.mark.parametrize("seed", [0, 1])
def test_sampled_pieces_agree_with_symbolic_vertex_enumeration(seed):
    space = ParameterSpace([Parameter("mu", 0, 1, Fraction(1, 2))])
    form = ex_ante_form(random_bayesian_game(seed, space.symbols["mu"], 2))
    sampled = sampled_parametric_nash(form, space)
    exact = parametric_nash(form, space)
    assert not sampled.complete
    for k in range(1, 10):
        point = {"mu": Fraction(k, 10) + Fraction(1, 997)}
        ours = {eq.strategies for eq in sampled.at(point)}
        from_pieces = {
            tuple(
                tuple(sympy.sympify(p).subs(space.symbols["mu"], point["mu"]) for p in v)
                for v in piece.strategies
            )
            for index in (sampled.active(point) or ())
            for piece in [sampled.pieces[index]]
        }
        direct = {eq.strategies for eq in exact.at(point)}
        assert ours == direct
        assert {tuple(tuple(Fraction(str(p)) for p in v) for v in s) for s in from_pieces} == {
            tuple(tuple(Fraction(p) for p in v) for v in s) for s in direct
        }


@pytest.mark.slow
def test_a_game_too_large_for_symbols_is_solved_along_mu():
    space = ParameterSpace([Parameter("mu", 0, 1, Fraction(1, 2))])
    game = random_bayesian_game(0, space.symbols["mu"], 3)
    solution = parametric_bayes_nash(game, space)
    assert not solution.complete
    for value in (Fraction(1, 7), Fraction(5, 9)):
        point = {"mu": value}
        by_pieces = {eq.strategies for eq in solution.at(point)}
        direct = {eq.strategies for eq in bayes_nash_equilibria(game, at=point)}
        assert by_pieces == direct


def test_sensitivity_matches_a_difference_quotient_of_point_solves(solution, model):
    # The ex-ante payoffs of a pure Bayes-Nash equilibrium are linear in the prior, so the
    # exact derivative in mu equals the difference quotient of two point solves.
    result = sensitivity(solution)
    baseline = dict(model.parameters.baseline)
    step = Fraction(1, 100)
    moved = bayes_nash_equilibria(
        model.game("truce"), at={**baseline, "mu": Fraction(baseline["mu"]) + step}
    )
    checked = 0
    for row in result.table():
        if row["parameter"] != "mu" or not row["quantity"].startswith("payoff "):
            continue
        player = row["quantity"].removeprefix("payoff ")
        same = [eq for eq in moved if eq.is_pure and row["equilibrium"] == played(eq)]
        for eq in same:
            assert (eq.payoff(player) - row["value"]) / step == row["derivative"]
            checked += 1
    assert checked > 0


def played(equilibrium) -> str:
    """Who plays which plan, as the sensitivity table names an equilibrium."""
    return "; ".join(
        f"{player}: " + ", ".join(equilibrium.support(player)) for player in equilibrium.players
    )


def test_sobol_names_the_belief_as_the_main_lever(solution):
    indices = sobol(solution, "exploited_truce", n=256, seed=0)
    assert indices.variance > 0
    assert indices.parameters[int(np.argmax(indices.total))] == "mu"

"""``bargaining solve --concept correlated|qre [--lam λ]`` and the commands that refuse
correlated equilibria (issue 18, item 4)."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path

import pytest

from bargaining import NormalFormGame
from bargaining.cli import main
from bargaining.errors import GameError
from bargaining.model import load_model
from bargaining.solvers import is_equilibrium
from bargaining.solvers.concepts import equilibria

ROOT = Path(__file__).resolve().parent.parent
CHICKEN = str(ROOT / "models" / "chicken.toml")
GAME = load_model(CHICKEN).game()
BASELINE = load_model(CHICKEN).parameters.baseline


def _solve(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["solve", CHICKEN, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _exact(value: object) -> Fraction:
    return Fraction(value["exact"]) if isinstance(value, dict) else Fraction(value)


def _obeys(game: NormalFormGame, distribution: dict[tuple[str, ...], Fraction]) -> bool:
    """Aumann's obedience constraints written out directly, player by player."""
    payoffs = game.at(BASELINE).payoffs
    for i, labels in enumerate(game.strategies):
        for told, instead in itertools.permutations(range(len(labels)), 2):
            gain = Fraction(0)
            for profile in itertools.product(*(range(len(s)) for s in game.strategies)):
                if profile[i] != told:
                    continue
                named = tuple(game.strategies[j][k] for j, k in enumerate(profile))
                deviated = (*profile[:i], instead, *profile[i + 1 :])
                gain += distribution.get(named, 0) * (
                    Fraction(payoffs[deviated][i]) - Fraction(payoffs[profile][i])
                )
            if gain > 0:
                return False
    return True


def test_correlated_json_gives_exact_obedient_distributions(capsys):
    code, out, _ = _solve(capsys, "--concept", "correlated", "--json")
    assert code == 0
    document = json.loads(out)
    assert (document["format"], document["concept"]) == ("bargaining.concept_results", "correlated")
    results = document["results"]
    outcomes = ["both_swerve", "row_backs_down", "column_backs_down", "crash"]
    assert [r["objective"] for r in results] == ["max welfare"] + [
        f"{side} P({o})" for o in outcomes for side in ("max", "min")
    ]
    for result in results:
        distribution = {
            tuple(cell["profile"][p] for p in GAME.players): _exact(cell["probability"])
            for cell in result["distribution"]
        }
        assert sum(distribution.values()) == 1
        assert _obeys(GAME, distribution)
    # By hand (c = 10): telling both to swerve is obeyed while P(ss) <= 9 P(s, straight) and
    # P(straight, s) >= 9 P(crash); the best mediator puts 9/11 on mutual swerving.
    best = results[1]
    assert _exact(best["value"]) == Fraction(9, 11)
    assert best["certified_optimal"] is True
    assert _exact(best["outcome_probabilities"]["both_swerve"]) == Fraction(9, 11)


def test_correlated_table_names_each_objective(capsys):
    code, out, _ = _solve(capsys, "--concept", "correlated")
    assert code == 0
    assert "solution concept: correlated equilibrium" in out
    assert "9 correlated equilibria" in out
    assert "max P(both_swerve)" in out and "9/11" in out
    assert "Outcome probabilities" in out


def test_qre_at_a_precision_is_a_logit_fixed_point(capsys):
    code, out, _ = _solve(capsys, "--concept", "qre", "--lam", "0.8", "--json")
    assert code == 0
    points = json.loads(out)["results"]
    assert points and sum(p["principal"] for p in points) == 1
    payoffs = GAME.at(BASELINE).float_payoffs()
    for point in points:
        row, column = (list(point["strategies"][p].values()) for p in GAME.players)
        # Each player's choice probabilities are proportional to exp(λ × expected payoff).
        row_values = payoffs[..., 0] @ column
        column_values = row @ payoffs[..., 1]
        for strategy, values in ((row, row_values), (column, column_values)):
            weights = [math.exp(0.8 * v) for v in values]
            assert strategy == pytest.approx([w / sum(weights) for w in weights], abs=1e-9)


def test_qre_at_zero_precision_is_uniform(capsys):
    code, out, _ = _solve(capsys, "--concept", "qre", "--lam", "0")
    assert code == 0 and "principal" in out
    assert "payoff Row" in out and "-2.5" in out  # (0 - 1 + 1 - 10) / 4
    code, out, _ = _solve(capsys, "--concept", "qre", "--lam", "0", "--json")
    (point,) = json.loads(out)["results"]
    assert point["strategies"]["Row"] == {"swerve": 0.5, "straight": 0.5}


def test_qre_without_precision_is_the_limiting_nash_equilibrium(capsys):
    (limit,) = equilibria(GAME, at=BASELINE, concept="qre")
    assert is_equilibrium(GAME.at(BASELINE), limit.strategies)
    code, out, _ = _solve(capsys, "--concept", "qre")
    assert code == 0 and "solution concept: logit quantal response equilibrium" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lam", "2"], "concept 'nash' takes no option 'lam'"),
        (["--concept", "qre", "--lam", "-1"], "expected a finite number >= 0"),
        (["--concept", "qre", "--lam", "nan"], "expected a finite number >= 0"),
    ],
)
def test_bad_precision_is_a_usage_error(capsys, args, message):
    code, _, err = _solve(capsys, *args)
    assert code == 2 and message in err


def test_commands_summarising_profiles_refuse_correlated_equilibria(capsys):
    # sweep, sensitivity and thresholds take them as a mediator's bounds (test_mediator_target)
    assert main(["check", CHICKEN, "--examples", "2", "--concept", "correlated"]) == 2
    err = capsys.readouterr().err
    assert "--concept correlated gives correlated equilibria" in err
    assert "it takes: nash, qre" in err


def test_thresholds_refuse_concepts_without_a_symbolic_solver(capsys):
    assert main(["thresholds", CHICKEN, "--concept", "qre"]) == 2
    err = capsys.readouterr().err
    assert "--concept qre has no symbolic solver (it takes: nash, correlated)" in err


def test_unknown_concept_option_is_refused():
    with pytest.raises(GameError, match="takes no option 'beta'"):
        equilibria(GAME, at=BASELINE, concept="qre", options={"beta": 1})

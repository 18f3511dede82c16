"""Claim terms about mediators and bounded rationality: ``mediator_max``, ``mediator_min`` and
``qre_prob`` in a model file's ``expect`` (issue 18, item 5)."""

from __future__ import annotations

import pytest

from bargaining.errors import BargainingError
from bargaining.model import ModelError, load_model, loads_model
from bargaining.solvers import nash_equilibria
from bargaining.solvers.correlated import correlated_equilibria
from bargaining.testing import check_claim

CEASEFIRE = load_model("models/ceasefire.toml")

CHICKEN = """
[model]
name = "chicken"
[players.A]
[players.B]
[parameters.c]
range = [2, 20]
baseline = 10
[outcomes.peace]
payoffs = { A = 0, B = 0 }
[outcomes.a_wins]
payoffs = { A = 1, B = -1 }
[outcomes.b_wins]
payoffs = { A = -1, B = 1 }
[outcomes.crash]
payoffs = { A = "-c", B = "-c" }
[games.crisis]
type = "normal"
strategies = { A = ["swerve", "straight"], B = ["swerve", "straight"] }
outcomes = [["peace", "b_wins"], ["a_wins", "crash"]]
"""


def _model(*expects: str):
    claims = "".join(
        f'\n[[claims]]\nname = "claim {i}"\nexpect = "{expect}"\n'
        for i, expect in enumerate(expects)
    )
    return loads_model(CHICKEN + claims)


def test_the_ceasefire_models_mediator_claim_holds():
    result = check_claim(CEASEFIRE, "no mediator reaches a ceasefire at the baseline", examples=3)
    assert result.passed and result.tried >= 1
    # Independently: no Nash equilibrium at the baseline has a ceasefire, as a mediator's
    # best being zero requires (every Nash equilibrium is a correlated equilibrium).
    baseline = CEASEFIRE.parameters.baseline
    talks = CEASEFIRE.game("talks").at(baseline)
    assert all(eq.probability("ceasefire") == 0 for eq in nash_equilibria(talks))


def test_a_mediator_beats_every_nash_equilibrium_of_chicken():
    # By hand: telling both to swerve is obeyed while P(peace) <= (c - 1) P(swerve, straight);
    # so the best is (c - 1)/(c + 1), above the mixed equilibrium's ((c - 1)/c)^2 and the pure
    # ones' 0.
    model = _model(
        "mediator_max('peace') == (c - 1)/(c + 1)",
        "mediator_min('peace') == 0",
        "mediator_max('peace') > prob('peace')",
    )
    for claim in model.claims:
        result = check_claim(model, claim, examples=5)
        assert result.passed, result.explain()


def test_a_false_mediator_claim_is_caught():
    model = _model("mediator_max('peace') >= 0.9")
    result = check_claim(model, model.claims[0], examples=5)
    assert not result.passed
    point = result.counterexample
    best = correlated_equilibria(model.game(), objective="peace", at=point)
    assert best.certified_optimal and best.value < 0.9


def test_qre_prob_at_zero_precision_is_uniform_play():
    model = _model("qre_prob('crash', 0) == 0.25", "qre_prob('crash', 3) < 0.25")
    assert check_claim(model, model.claims[0], examples=3).passed
    # On the symmetric principal branch each side goes straight with probability below 1/2
    # exactly when going straight against a coin flip loses, 1 - c/2 < 0: not at c = 2, where
    # the branch stays at 1/2 and the crash at 1/4, which the checker finds.
    result = check_claim(model, model.claims[1], examples=3)
    assert not result.passed and result.counterexample == {"c": 2}
    rarer = """
[[claims]]
name = "rarer"
given = "c >= 3"
expect = "qre_prob('crash', 3) < 0.25"
"""
    claimed = loads_model(CHICKEN + rarer)
    assert check_claim(claimed, "rarer", examples=3).passed


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        ("mediator_max('pease') == 0", "unknown outcome 'pease'"),
        ("mediator_min() == 0", "mediator_min() takes 1 quoted name"),
        ("qre_prob('crash') == 0", "qre_prob() takes a quoted outcome name and a precision"),
        ("qre_prob('crash', -1) == 0", "precision λ >= 0"),
        ("qre_prob('crash', c) == 0", "precision λ >= 0"),
    ],
)
def test_bad_terms_are_refused_when_the_file_is_read(expect, message):
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _model(expect)


def test_concept_terms_are_written_back_as_read():
    model = _model("mediator_max('peace') >= 1/2", "qre_prob('crash', 5/2) < mediator_min('crash')")
    again = loads_model(model.to_toml())
    assert [c.expect for c in again.claims] == [c.expect for c in model.claims]
    assert "qre_prob('crash', 5/2)" in model.to_toml()


def test_claims_refuse_the_correlated_concept_and_point_to_the_terms():
    model = _model("prob('peace') >= 0")
    with pytest.raises(BargainingError, match="mediator_max\\(\\) and mediator_min\\(\\)"):
        check_claim(model, model.claims[0], examples=1, concept="correlated")

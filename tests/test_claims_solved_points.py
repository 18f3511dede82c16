"""One check run solves each point once: claims that visit the same point share its solve
(SolvedPoints), and every verdict, counterexample and count of points tried stays the same."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from bargaining.cli import main
from bargaining.model import load_model
from bargaining.testing import SolvedPoints, check_claim, check_model

# The module, whose name `equilibria` the claim search solves with.
solved_points = importlib.import_module("bargaining.testing.solved_points")

ROOT = Path(__file__).resolve().parent.parent
MODELS = sorted(
    path
    for path in [
        *(ROOT / "models").glob("*.toml"),
        *(ROOT / "tests/fixtures/models").glob("*.toml"),
    ]
    if "[[claims]]" in path.read_text()
)
# Solved point by point (a tenth of a second a point): its run is in the slow set.
POINT_BY_POINT = {"ceasefire_us"}
EXAMPLES = 0  # the fixed points, where claims meet; the drawn ones: the failing claim below


@pytest.fixture
def solves(monkeypatch) -> dict[str, int]:
    """Counts the point solves of the claim search."""
    count = {"n": 0}
    real = solved_points.equilibria

    def counted(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(solved_points, "equilibria", counted)
    return count


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=pytest.mark.slow) if p.stem in POINT_BY_POINT else p for p in MODELS],
    ids=lambda path: path.stem,
)
def test_shared_solves_give_the_same_results_with_fewer_solves(path, solves):
    try:
        model = load_model(path)
    except Exception:  # fixtures that are meant not to load
        pytest.skip("not a loadable model")
    alone = [check_claim(model, c, examples=EXAMPLES) for c in model.claims]
    solves_alone, solves["n"] = solves["n"], 0
    shared = check_model(model, examples=EXAMPLES)
    assert shared == alone  # verdicts, counterexamples, equilibria there, points tried, notes
    assert solves["n"] <= solves_alone
    if len(model.claims) > 1 and all(c.given is None for c in model.claims):
        assert solves["n"] < solves_alone  # claims over the same box meet at its fixed points


def test_a_failing_claim_is_found_and_shrunk_alike(solves):
    model = load_model(ROOT / "tests/fixtures/models/false_claim.toml")
    alone = [check_claim(model, c, seed=3) for c in model.claims]
    solves_alone, solves["n"] = solves["n"], 0
    shared = check_model(model, seed=3)
    assert [r.passed for r in shared] == [False, True, False]
    assert shared == alone
    assert solves["n"] < solves_alone


def test_each_point_is_solved_once_per_run(solves):
    model = load_model(ROOT / "models/chicken.toml")
    solved = SolvedPoints(model)
    results = [check_claim(model, c, examples=10, solved=solved) for c in model.claims]
    assert solves["n"] == solved.solves < sum(result.tried for result in results)
    again = [check_claim(model, c, examples=10, solved=solved) for c in model.claims]
    assert again == results and solves["n"] == solved.solves  # nothing solved twice


def test_the_check_command_shares_the_solves(solves, capsys):
    path = str(ROOT / "models/chicken.toml")
    assert main(["check", path, "--examples", "10"]) == 0
    shared = solves["n"]
    solves["n"] = 0
    model = load_model(path)
    for claim in model.claims:
        check_claim(model, claim, examples=10)
    assert 0 < shared < solves["n"]
    capsys.readouterr()


def test_solves_of_another_model_are_refused():
    model = load_model(ROOT / "models/chicken.toml")
    other = SolvedPoints(load_model(ROOT / "models/chicken.toml"))
    with pytest.raises(ValueError, match="another model"):
        check_claim(model, model.claims[0], examples=0, solved=other)

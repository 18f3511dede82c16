"""The same answer everywhere: for every bundled model, the report's equilibria at the baseline
and tipping points are those of ``bargaining solve`` and ``bargaining thresholds``, and its
claims are checked against the same solution concept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bargaining.cli import main
from bargaining.io.results_json import equilibria_from_json
from bargaining.model import load_model
from bargaining.report.analysis import analyse_model
from bargaining.report.docs_reports import reportable_models

ROOT = Path(__file__).resolve().parent.parent
MODELS = [Path(source.file) for source in reportable_models(ROOT / "models")]


def summary(found) -> set:
    """What an equilibrium says, without the method that found it."""
    return {(eq.strategies, eq.payoffs, eq.outcome_probabilities) for eq in found}


@pytest.fixture(scope="module")
def analyses():
    """Each bundled model analysed once, as its report is (no random claim points, few draws:
    the equilibria and tipping points do not depend on them)."""
    return {
        path.stem: analyse_model(load_model(path), claim_examples=0, draws=20) for path in MODELS
    }


def test_the_bundled_models_include_normal_form_games_and_trees(analyses):
    concepts = {game.concept.name for a in analyses.values() for game in a.games}
    assert {"nash", "subgame-perfect"} <= concepts


@pytest.mark.parametrize("path", MODELS, ids=lambda path: path.stem)
def test_report_and_solve_give_the_same_equilibria(path, analyses, capsys):
    for game in analyses[path.stem].games:
        assert main(["solve", str(path), "--game", game.name, "--json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["concept"] == game.concept.name
        solved = equilibria_from_json(json.dumps(document))
        assert summary(game.baseline) == summary(solved), game.name


@pytest.mark.parametrize("path", MODELS, ids=lambda path: path.stem)
def test_report_and_thresholds_give_the_same_tipping_points(path, analyses, capsys):
    for game in analyses[path.stem].games:
        if not game.levers:
            continue
        levers = [word for lever in game.levers for word in ("--param", lever)]
        assert main(["thresholds", str(path), "--game", game.name, *levers]) == 0
        out = capsys.readouterr().out
        assert f"solution concept: {game.concept.title}" in out
        # One section per lever, each ending with its table of regions.
        sections = out.split("\nRegions")[: len(game.levers)]
        for lever, section in zip(game.levers, sections, strict=True):
            expected = [str(threshold.value) for threshold in game.thresholds[lever]]
            if not expected:
                assert "no tipping point" in section, (game.name, lever)
                continue
            table = section.split("Tipping points")[-1]
            # The first column of the tipping point table, each value exactly (a value may hold
            # single spaces, "3*sqrt(10)/20 + 1/2"; columns are two or more apart, and the rows
            # that continue a wrapped cell start further in).
            shown = re.findall(r"^ {2}(\S(?:\S| (?! ))*)\s{2,}[-\d.e]+\s", table, re.M)
            assert shown == expected, (game.name, lever)


@pytest.mark.parametrize("path", MODELS, ids=lambda path: path.stem)
def test_claims_are_checked_under_the_reported_concept(path, analyses):
    analysis = analyses[path.stem]
    titles = {game.name: game.concept.title for game in analysis.games}
    for result in analysis.claims:
        assert result.concept == titles[result.game], result.name
        # at their fixed points (baseline, range ends, both sides of each tipping point)
        assert result.passed, result.explain()

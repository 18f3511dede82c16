"""Reports name a tree's outcomes from the tree: a tree whose chance moves mix outcomes (its
reduced strategic form names none) gets its summary sentences, outcome curves, tornadoes and
Monte Carlo table, with the values the analysis functions give when called directly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bargaining.analysis import parametric_equilibria
from bargaining.analysis.monte_carlo import monte_carlo
from bargaining.analysis.tornado import tornado
from bargaining.cli import main
from bargaining.model import load_model
from bargaining.report.analysis import analyse_model
from bargaining.report.figures import game_figures
from bargaining.report.summary import summarize

CHANCE = Path(__file__).parent / "fixtures" / "models" / "chance_tree_claims.toml"
DRAWS = 40


@pytest.fixture(scope="module")
def analysis():
    return analyse_model(load_model(CHANCE), claim_examples=0, draws=DRAWS)


def test_the_outcomes_come_from_the_tree_where_its_strategic_form_names_none(analysis):
    (game,) = analysis.games
    assert game.game.outcomes is None  # chance mixes war_lost and war_won after "talk"
    assert game.outcomes == ("war", "ceasefire", "war_lost", "war_won")


def test_a_normal_form_game_keeps_its_outcome_order():
    analysis = analyse_model(load_model("models/chicken.toml"), claim_examples=0, draws=10)
    (game,) = analysis.games
    assert game.outcomes == tuple(dict.fromkeys(str(n) for n in game.game.outcomes.flat))


def test_the_sensitivity_values_are_those_of_the_analysis_functions(analysis):
    (game,) = analysis.games
    model = load_model(CHANCE)
    solution = parametric_equilibria(model.game(), model.parameters)
    assert [chart.outcome for chart in game.tornadoes] == ["ceasefire", "war_won"]
    for chart in game.tornadoes:
        direct = tornado(solution, chart.outcome)
        assert chart == direct
        # g from 0 to 1: ceasefire below 1/2 never (Russia fights), above it always;
        # war_won is 1 - g below 1/2, so its highest probability is 1 at g = 0.
        (bar,) = chart.bars
        assert (bar.at_low, bar.at_high) == {"ceasefire": (0.0, 1.0), "war_won": (1.0, 0.0)}[
            chart.outcome
        ]
    direct = monte_carlo(solution, DRAWS, seed=analysis.seed)
    assert game.monte_carlo.outcomes == direct.outcomes == game.outcomes
    for outcome in direct.outcomes:
        np.testing.assert_array_equal(
            game.monte_carlo.outcome_max[outcome], direct.outcome_max[outcome]
        )
        np.testing.assert_array_equal(
            game.monte_carlo.outcome_min[outcome], direct.outcome_min[outcome]
        )


def test_the_summary_and_figures_cover_each_outcome(analysis):
    (game,) = analysis.games
    sentences = summarize(game).outcomes
    assert len(sentences) == len(game.outcomes)
    assert "ceasefire stops being an equilibrium outcome when g falls from 0.8 below 0.5." in (
        sentences
    )
    names = [figure.file_name for figure in game_figures(game)]
    assert names == [
        "tree.svg",
        "outcomes-g.svg",
        "tornado-ceasefire.svg",
        "tornado-war_won.svg",
        "monte-carlo-ceasefire.svg",
        "monte-carlo-war_won.svg",
    ]


def test_the_written_report_has_the_sensitivity_sections(tmp_path, capsys):
    out = tmp_path / "report"
    arguments = ["report", str(CHANCE), "-o", str(out), "--format", "md", "-q"]
    assert main([*arguments, "--draws", str(DRAWS), "--claim-examples", "0"]) == 0
    capsys.readouterr()
    text = (out / "report.md").read_text()
    assert "### Sensitivity" in text
    assert "(tornado-ceasefire.svg)" in text and "(outcomes-g.svg)" in text
    model = load_model(CHANCE)
    direct = monte_carlo(parametric_equilibria(model.game(), model.parameters), DRAWS, seed=0)
    for summary in direct.summaries():
        name = summary.outcome.replace("_", "\\_")
        row = f"| {name} | {summary.possible:.1%} ± {summary.possible_se:.1%} | "
        assert row in text, row

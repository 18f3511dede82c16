"""``type = "bayesian"`` model files: reading, errors per key, writing back, and the commands
(show, solve, thresholds, check, report) on models/buying_time.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining import BayesianGame, load_model, loads_model
from bargaining.cli.app import main
from bargaining.model import ModelError

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "buying_time.toml"

BASE = """
[model]
name = "m"
[players.Russia]
[players.Ukraine]
[parameters.mu]
range = [0, 1]
baseline = 0.25
[outcomes.truce]
payoffs = { Russia = 1, Ukraine = 1 }
[outcomes.exploited]
payoffs = { Russia = 2, Ukraine = -1 }
[outcomes.war]
payoffs = { Russia = 0, Ukraine = 0 }
[games.g]
type = "bayesian"
types.Russia = ["settling", "stalling"]
actions.Russia = ["propose"]
actions.Ukraine = ["accept", "refuse"]
prior = { settling = "1 - mu", stalling = "mu" }
outcomes.settling = [["truce", "war"]]
outcomes.stalling = [["exploited", "war"]]
"""


def edited(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new)


def problem_messages(text: str) -> dict[str, str]:
    with pytest.raises(ModelError) as info:
        loads_model(text, "m.toml")
    return {problem.key: problem.message for problem in info.value.problems}


def test_a_bayesian_game_is_read_with_its_types_prior_and_tables():
    game = loads_model(BASE, "m.toml").game("g")
    assert isinstance(game, BayesianGame)
    assert game.types == (("settling", "stalling"), ("any",))
    assert game.outcomes[1, 0, 0, 0] == "exploited"
    assert [str(p) for p in game.prior.flat] == ["1 - mu", "mu"]


def test_a_prior_summing_to_more_than_one_is_an_error_at_the_prior():
    found = problem_messages(edited('"1 - mu"', '"1.2 - mu"'))
    assert "sums to 6/5, not 1" in found["games.g.prior"]


def test_a_prior_negative_somewhere_on_the_box_names_the_entry_and_the_point():
    text = edited(
        'prior = { settling = "1 - mu", stalling = "mu" }',
        'prior = { settling = "1.2 - mu", stalling = "mu - 0.2" }',
    )
    found = problem_messages(text)
    assert "negative at mu = 0" in found["games.g.prior.stalling"]
    assert "games.g.prior.settling" not in found


def test_an_unknown_type_profile_is_named_with_the_known_ones():
    found = problem_messages(edited("outcomes.stalling", "outcomes.stallin"))
    assert "unknown type profile 'stallin'" in found["games.g.outcomes.stallin"]
    assert "did you mean 'stalling'" in found["games.g.outcomes.stallin"]
    assert "no table for the type profile 'stalling'" in found["games.g.outcomes"]


def test_a_missing_table_and_missing_actions_are_reported():
    found = problem_messages(edited('outcomes.stalling = [["exploited", "war"]]\n', ""))
    assert "no table for the type profile 'stalling'" in found["games.g.outcomes"]
    found = problem_messages(edited('actions.Ukraine = ["accept", "refuse"]\n', ""))
    assert "no actions for 'Ukraine'" in found["games.g.actions"]
    found = problem_messages(
        edited('types.Russia = ["settling", "stalling"]', 'types.Russia = ["a", "a"]')
    )
    assert "listed twice" in found["games.g.types.Russia[1]"]


def test_a_bad_cell_is_named_by_its_profile_and_index():
    found = problem_messages(edited('[["exploited", "war"]]', '[["exploitd", "war"]]'))
    assert "unknown outcome 'exploitd'" in found["games.g.outcomes.stalling[0][0]"]


def test_the_model_is_written_back_and_reads_the_same():
    model = load_model(MODEL)
    again = loads_model(model.to_toml(), "again.toml")
    first, second = model.game("truce"), again.game("truce")
    assert first.types == second.types and first.actions == second.actions
    assert list(first.prior.flat) == list(second.prior.flat)
    assert (first.outcomes == second.outcomes).all()


# -- the commands on models/buying_time.toml --------------------------------------------------


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line per sentence, so the tests can read them


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_show_lists_the_game_type(capsys):
    code, out = run(capsys, "show", str(MODEL))
    assert code == 0 and "Game truce (bayesian)" in out
    assert "Game truce when stalling (prior mu)" in out and "exploited_truce" in out


def test_solve_gives_the_separating_equilibrium_at_the_baseline(capsys):
    code, out = run(capsys, "solve", str(MODEL))
    assert code == 0
    assert "3 Bayes-Nash equilibria" in out
    assert "settling: monitor | stalling:" in out and "accept_if_monitored" in out


def test_thresholds_give_the_belief_threshold(capsys):
    code, out = run(capsys, "thresholds", str(MODEL), "--param", "mu")
    assert code == 0 and "5/11" in out


def test_check_passes_every_claim(capsys):
    code, out = run(capsys, "check", str(MODEL), "--examples", "10")
    assert code == 0, out
    assert "6 of 6 claims hold" in out


@pytest.mark.slow
def test_report_writes_a_table_per_type_profile(capsys, tmp_path):
    code, _ = run(
        capsys,
        "report",
        str(MODEL),
        "--out",
        str(tmp_path),
        "--claim-examples",
        "5",
        "--draws",
        "200",
    )
    assert code == 0
    text = (tmp_path / "report.md").read_text()
    assert "When Russia is stalling (prior probability $\\mu$)" in text
    assert "\\frac{5}{11}" in text

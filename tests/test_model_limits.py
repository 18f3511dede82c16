"""Hostile and oversized model files are refused quickly, with a problem, and never run code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bargaining.expr import MAX_LENGTH
from bargaining.model import ModelError, load_model, loads_model
from bargaining.model.limits import (
    MAX_CELLS,
    MAX_FILE_BYTES,
    MAX_NESTING,
    MAX_PLAYERS,
    MAX_STRATEGIES,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "models"

HEAD = '[model]\nname = "big"\n'


def only_problem(text: str):
    with pytest.raises(ModelError) as info:
        loads_model(text, "big.toml")
    (problem,) = info.value.problems
    return problem


def test_hostile_expressions_are_refused_and_never_run(tmp_path, monkeypatch):
    path = tmp_path / "hostile.toml"
    shutil.copy(FIXTURES / "hostile.toml", path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelError) as info:
        load_model(path)
    keys = [problem.key for problem in info.value.problems]
    assert keys == [
        "outcomes.deal.payoffs.A",
        "outcomes.war.payoffs.A",
        "outcomes.war.payoffs.B",
        "games.g.payoffs[0][0][0]",
        "games.g.payoffs[0][0][1]",
        "claims[0].given",
        "claims[0].expect",
    ]
    assert "only functions named directly can be called" in info.value.problems[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.toml"]


def test_hostile_expression_in_a_string_model(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (
        HEAD
        + "[players.A]\n[outcomes.o]\n"
        + "payoffs = { A = \"__import__('os').system('touch PWNED')\" }\n"
    )
    with pytest.raises(ModelError) as info:
        loads_model(text)
    assert info.value.problems[0].key == "outcomes.o.payoffs.A"
    assert not (tmp_path / "PWNED").exists()


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as file:
        file.truncate(4 * 1024**3)  # sparse: 4 GB that would take long to read, if it were read
    with pytest.raises(ModelError) as info:
        load_model(path)
    (problem,) = info.value.problems
    assert problem.message == (
        f"is too large: 4,294,967,296 bytes; model files may be at most {MAX_FILE_BYTES:,} bytes"
    )


def test_text_over_the_size_limit_is_refused():
    problem = only_problem("#" * (MAX_FILE_BYTES + 1))
    assert problem.message.startswith("is too large")


def test_too_many_strategies():
    labels = ", ".join(f'"s{i}"' for i in range(MAX_STRATEGIES + 1))
    text = HEAD + f'[players.A]\n[games.g]\ntype = "normal"\nstrategies.A = [{labels}]\n'
    text += "payoffs = []\n"
    problem = only_problem(text)
    assert problem.key == "games.g.strategies.A"
    assert (
        problem.message == f"{MAX_STRATEGIES + 1} strategies; at most {MAX_STRATEGIES} per player"
    )


def test_too_many_cells_is_refused_before_the_table_is_read():
    labels = "[" + ", ".join(f'"s{i}"' for i in range(30)) + "]"
    text = HEAD + "[players.A]\n[players.B]\n[players.C]\n[games.g]\ntype = 'normal'\n"
    text += f"strategies = {{ A = {labels}, B = {labels}, C = {labels} }}\n"
    text += "outcomes = 'not even a table'\n"  # never looked at
    problem = only_problem(text)
    assert problem.key == "games.g.strategies"
    assert problem.message == (
        f"the game has 27,000 strategy profiles (30 x 30 x 30); at most {MAX_CELLS:,}"
    )


def test_too_many_players_in_a_game():
    names = [f"P{i}" for i in range(MAX_PLAYERS + 1)]
    text = HEAD + "".join(f"[players.{name}]\n" for name in names)
    text += f'[games.g]\ntype = "normal"\nplayers = {names!r}\n'.replace("'", '"')
    text += "payoffs = []\n"
    problem = only_problem(text)
    assert problem.key == "games.g.players"
    assert problem.message == f"the game has {MAX_PLAYERS + 1} players; at most {MAX_PLAYERS}"


def test_nesting_deeper_than_the_limit():
    value = "[" * (MAX_NESTING + 2) + "]" * (MAX_NESTING + 2)
    problem = only_problem(HEAD + f"deep = {value}\n")
    assert (
        problem.message
        == f"nested more than {MAX_NESTING} levels deep; model files never need this"
    )


@pytest.mark.parametrize("opening", ["[", "{a = "])
def test_absurd_nesting_is_refused_without_exhausting_the_stack(opening):
    problem = only_problem("deep = " + opening * 100_000)
    assert problem.message.startswith(("is nested too deeply", "invalid TOML"))


def test_overlong_expression_is_refused():
    formula = "1 + " * (MAX_LENGTH // 4 + 1) + "1"
    text = HEAD + "[players.A]\n[outcomes.o]\n" + f'payoffs = {{ A = "{formula}" }}\n'
    with pytest.raises(ModelError) as info:
        loads_model(text)
    assert f"at most {MAX_LENGTH} are allowed" in info.value.problems[0].message


def test_huge_power_is_refused_not_computed():
    text = HEAD + "[players.A]\n[outcomes.o]\n" + 'payoffs = { A = "9**9**9**9" }\n'
    with pytest.raises(ModelError) as info:
        loads_model(text)
    assert info.value.problems[0].key == "outcomes.o.payoffs.A"

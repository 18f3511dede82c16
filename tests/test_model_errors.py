"""Errors that teach: each kind of problem in a model file is reported with the file, the TOML
key path, the line where it can be located, and what was expected; all problems of a file are
reported together."""

from __future__ import annotations

import pytest

from bargaining.model import ModelError, Problem, load_model, loads_model

BASE = """\
[model]
name = "talks"

[players.A]
[players.B]

[parameters.L]
description = "leverage"
range = [0, 1]
baseline = 0.5

[outcomes.deal]
payoffs = { A = "1 - L", B = "L" }

[outcomes.war]
payoffs = { A = "L - 0.1", B = "0.9 - L" }

[games.talks]
type = "normal"
strategies.A = ["talk", "fight"]
strategies.B = ["talk", "fight"]
outcomes = [
  ["deal", "war"],
  ["war", "war"],
]
"""


def problems(text: str) -> tuple[Problem, ...]:
    with pytest.raises(ModelError) as info:
        loads_model(text, "m.toml")
    return info.value.problems


def problem_at(text: str, key: str) -> Problem:
    """The problem reported at ``key``; fails listing all problems when there is none."""
    found = problems(text)
    for problem in found:
        if problem.key == key:
            return problem
    raise AssertionError(f"no problem at {key!r}; found:\n" + "\n".join(map(str, found)))


def edited(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new)


def test_the_base_model_is_valid():
    assert loads_model(BASE).name == "talks"


# -- the error object ---------------------------------------------------------------------------


def test_str_lists_one_problem_per_line_as_file_line_key_message():
    text = edited("range = [0, 1]", "range = [1, 0]").replace('name = "talks"', "name = 3")
    with pytest.raises(ModelError) as info:
        loads_model(text, "m.toml")
    lines = str(info.value).splitlines()
    assert lines == [str(problem) for problem in info.value.problems]
    assert lines[0] == (
        'm.toml:2: model.name: expected a name (e.g. name = "ceasefire"), got an integer (3) '
        '(write name = "3")'
    )
    assert lines[1].startswith("m.toml:9: parameters.L.range: inverted range [1, 0]")


def test_problem_without_line_or_key():
    assert str(Problem("m.toml", "", "is too large")) == "m.toml: is too large"
    assert str(Problem("m.toml", "games", "none", None)) == "m.toml: games: none"


def test_model_error_needs_problems():
    with pytest.raises(ValueError):
        ModelError([])


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    path = tmp_path / "many.toml"
    path.write_text(
        BASE.replace("range = [0, 1]", "range = [1, 0]")
        .replace('B = "L"', 'C = "L"')
        .replace('["war", "war"]', '["war", "peace"]')
        .replace("[model]", "[model]\ntitel = 'x'")
    )
    with pytest.raises(ModelError) as info:
        load_model(path)
    keys = [problem.key for problem in info.value.problems]
    assert keys == [
        "model.titel",
        "parameters.L.range",
        "outcomes.deal.payoffs.C",
        "outcomes.deal.payoffs",
        "games.talks.outcomes[1][1]",
    ]
    assert all(problem.path == str(path) for problem in info.value.problems)


# -- TOML and the file itself -----------------------------------------------------------------


def test_bad_toml_reports_line_and_column():
    (problem,) = problems(BASE.replace("baseline = 0.5", "baseline = = 0.5"))
    assert problem.key == ""
    assert problem.line == 10
    assert problem.message.startswith("invalid TOML at column 12: Invalid value")


def test_duplicate_toml_key_is_bad_toml():
    (problem,) = problems(BASE.replace("[players.B]", "[players.A]"))
    assert problem.line == 5
    assert "invalid TOML" in problem.message


def test_bad_encoding_is_a_problem_with_its_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE.replace('"leverage"', '"lev\xe9rage"').encode("latin-1"))
    with pytest.raises(ModelError) as info:
        load_model(path)
    (problem,) = info.value.problems
    assert problem.line == 8
    assert "not UTF-8 text: byte 0xe9" in problem.message


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_model(path).name == "talks"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ModelError, match="cannot read the file: no such file"):
        load_model(tmp_path / "nope.toml")
    with pytest.raises(ModelError, match="is a directory"):
        load_model(tmp_path)


# -- sections and keys --------------------------------------------------------------------------


def test_unknown_section_suggests_a_close_one():
    problem = problem_at(BASE + "\n[outcome.peace]\n", "outcome")
    assert "unknown section 'outcome' (did you mean 'outcomes'?)" in problem.message


def test_model_key_at_the_top_suggests_the_model_table():
    problem = problem_at('title = "x"\n' + BASE, "title")
    assert "put title = ... under [model]" in problem.message


def test_unknown_key_suggests_a_close_one():
    problem = problem_at(edited("range = [0, 1]", "rnage = [0, 1]"), "parameters.L.rnage")
    assert problem.message.startswith("unknown key 'rnage' (did you mean 'range'?)")
    assert "allowed here: description, range, baseline" in problem.message
    assert problem.line == 9


def test_missing_model_table_and_name():
    problem = problem_at(BASE.replace('[model]\nname = "talks"\n', ""), "model")
    assert 'expected a [model] table with at least name = "..."' in problem.message
    problem = problem_at(BASE.replace('name = "talks"', 'title = "t"'), "model.name")
    assert problem.message.startswith("missing; expected a name")


def test_no_players_and_no_games():
    text = '[model]\nname = "empty"\n'
    keys = {problem.key: problem.message for problem in problems(text)}
    assert keys["players"] == "no players; declare each as [players.NAME]"
    assert keys["games"].startswith("no games; declare one as [games.NAME]")


def test_section_entries_must_be_tables():
    problem = problem_at(
        BASE.replace("[players.B]", '[players]\nB = "the other side"'), "players.B"
    )
    assert "expected a [players.B] table, got a string" in problem.message


# -- names that do not exist --------------------------------------------------------------------


def test_payoff_for_unknown_player():
    problem = problem_at(edited('B = "L" }', 'Bb = "L" }'), "outcomes.deal.payoffs.Bb")
    assert "payoff for unknown player 'Bb' (did you mean 'B'?)" in problem.message
    assert "the players are: A, B" in problem.message


def test_missing_payoff_for_a_player():
    problem = problem_at(edited(', B = "L" }', " }"), "outcomes.deal.payoffs")
    assert problem.message == (
        "no payoff for B; every outcome gives a payoff to each player (A, B)"
    )


def test_unknown_outcome_in_a_table_names_the_cell_and_line():
    problem = problem_at(edited('["war", "war"]', '["war", "peace"]'), "games.talks.outcomes[1][1]")
    assert problem.line == 24
    assert "unknown outcome 'peace' at (fight, fight)" in problem.message
    assert "declare it as [outcomes.peace] or use one of: deal, war" in problem.message


def test_outcome_with_problems_is_not_reported_again_by_the_game():
    keys = [p.key for p in problems(edited('A = "1 - L"', 'A = "1 - Q"'))]
    assert keys == ["outcomes.deal.payoffs.A"]


def test_unknown_player_in_a_game():
    text = edited(
        'strategies.A = ["talk", "fight"]', 'players = ["A", "C"]\nstrategies.A = ["talk", "fight"]'
    )
    problem = problem_at(text, "games.talks.players[1]")
    assert "unknown player 'C'; declare it as [players.C] or use one of: A, B" in problem.message


def test_strategies_for_an_unknown_player_and_missing_strategies():
    text = edited('strategies.B = ["talk", "fight"]', 'strategies.Bee = ["talk", "fight"]')
    found = {p.key: p.message for p in problems(text)}
    assert found["games.talks.strategies.Bee"] == (
        "strategies for 'Bee', who is not a player of this game; the game's players are: A, B"
    )
    assert found["games.talks.strategies"].startswith("no strategies for 'B'")


def test_expression_with_undeclared_name_gives_the_column():
    problem = problem_at(edited('A = "1 - L"', 'A = "1 - L - r"'), "outcomes.deal.payoffs.A")
    assert problem.message == ("undeclared name 'r' (declared names: L) at column 9 in '1 - L - r'")
    assert problem.line == 13


# -- numbers and ranges -------------------------------------------------------------------------


def test_inverted_range():
    problem = problem_at(edited("range = [0, 1]", "range = [1, 0]"), "parameters.L.range")
    assert problem.message == "inverted range [1, 0]; expected low < high, e.g. [0, 1]"


def test_empty_range():
    problem = problem_at(edited("range = [0, 1]", "range = [0.5, 0.5]"), "parameters.L.range")
    assert problem.message == "empty range [0.5, 0.5]; expected low < high"


def test_range_of_the_wrong_shape():
    problem = problem_at(edited("range = [0, 1]", "range = [0, 1, 2]"), "parameters.L.range")
    assert problem.message.startswith("expected range = [low, high], two numbers")
    assert problem.message.endswith("got 3 entries")


def test_baseline_outside_range():
    problem = problem_at(edited("baseline = 0.5", "baseline = 1.5"), "parameters.L.baseline")
    assert problem.message == "baseline 1.5 is outside the range [0, 1]"


def test_number_given_as_a_string():
    problem = problem_at(edited("baseline = 0.5", 'baseline = "0.5"'), "parameters.L.baseline")
    assert "got a string ('0.5'); write 0.5 without quotes" in problem.message
    assert problem.message.startswith("expected a number")


def test_boolean_is_not_a_number():
    problem = problem_at(edited("range = [0, 1]", "range = [0, true]"), "parameters.L.range[1]")
    assert problem.message == "expected a number, got a boolean (true)"


def test_text_given_as_a_number():
    problem = problem_at(
        edited('description = "leverage"', "description = 3"), "parameters.L.description"
    )
    assert problem.message == 'expected a string, got an integer (3) (write description = "3")'


def test_tags_must_be_strings():
    problem = problem_at(
        edited("baseline = 0.5", "baseline = 0.5\ntags = [1]"), "parameters.L.tags[0]"
    )
    assert problem.message == "expected a string, got an integer (1)"


def test_parameter_name_must_work_in_formulas():
    problem = problem_at(BASE.replace("[parameters.L]", "[parameters.lambda]"), "parameters.lambda")
    assert "cannot be used in formulas" in problem.message


def test_distribution_problems():
    text = edited("baseline = 0.5", 'baseline = 0.5\ndistribution = { kind = "beta", alpha = 2 }')
    problem = problem_at(text, "parameters.L.distribution")
    assert "distribution 'beta' takes alpha, beta; got alpha" in problem.message
    text = edited("baseline = 0.5", 'baseline = 0.5\ndistribution = { kind = "gauss" }')
    assert "unknown distribution 'gauss'" in problem_at(text, "parameters.L.distribution").message
    text = edited("baseline = 0.5", "baseline = 0.5\ndistribution = { alpha = 2 }")
    assert problem_at(text, "parameters.L.distribution.kind").message.startswith("missing")


# -- formulas -----------------------------------------------------------------------------------


def test_payoff_must_be_a_formula_not_a_condition():
    problem = problem_at(edited('A = "1 - L"', 'A = "L > 1"'), "outcomes.deal.payoffs.A")
    assert problem.message == "expected a formula giving a number, got the condition 'L > 1'"


def test_payoff_of_the_wrong_type():
    problem = problem_at(edited('A = "1 - L"', "A = [1]"), "outcomes.deal.payoffs.A")
    assert problem.message.startswith('expected a formula in quotes (e.g. "1 - L") or a number')


def test_syntax_error_in_a_formula():
    problem = problem_at(edited('A = "1 - L"', 'A = "1 - (L"'), "outcomes.deal.payoffs.A")
    assert "column" in problem.message


# -- games --------------------------------------------------------------------------------------


def test_unknown_game_type_suggests_a_known_one():
    problem = problem_at(edited('type = "normal"', 'type = "nromal"'), "games.talks.type")
    assert (
        problem.message == "unknown game type 'nromal' (did you mean 'normal'?); known types: "
        "bargaining, bayesian, commitment, normal, repeated, tree, war"
    )


def test_missing_game_type():
    problem = problem_at(edited('type = "normal"\n', ""), "games.talks.type")
    assert problem.message.startswith('missing; expected the game type (e.g. type = "normal"')


def test_unknown_key_of_a_game():
    problem = problem_at(
        edited('type = "normal"', 'type = "normal"\nstrategy = 1'), "games.talks.strategy"
    )
    assert "(did you mean 'strategies'?)" in problem.message


def test_table_with_too_few_rows():
    text = edited('  ["war", "war"],\n', "")
    problem = problem_at(text, "games.talks.outcomes")
    assert problem.message == (
        "expected an array of 2 rows, one per strategy of A (talk, fight); got 1 entry"
    )


def test_row_of_the_wrong_length():
    problem = problem_at(edited('["war", "war"]', '["war"]'), "games.talks.outcomes[1]")
    assert problem.message == (
        "expected an array of 2 entries, one per strategy of B (talk, fight); got 1 entry"
    )
    assert problem.line == 24


def test_cell_that_is_not_an_outcome_name():
    problem = problem_at(edited('["war", "war"]', '["war", 3]'), "games.talks.outcomes[1][1]")
    assert problem.message == "expected an outcome name at (fight, fight), got an integer (3)"


def test_duplicate_strategy_names():
    text = edited('strategies.A = ["talk", "fight"]', 'strategies.A = ["talk", "talk"]')
    problem = problem_at(text, "games.talks.strategies.A[1]")
    assert problem.message == (
        "duplicate strategy 'talk' (already at index 0); each strategy of a player needs its "
        "own name"
    )


def test_empty_strategy_list():
    problem = problem_at(
        edited('strategies.A = ["talk", "fight"]', "strategies.A = []"), "games.talks.strategies.A"
    )
    assert problem.message == "expected a non-empty array of strategy names, got an array"


def test_both_outcomes_and_payoffs():
    text = edited("outcomes = [\n", "payoffs = [[[1, 1]]]\noutcomes = [\n")
    assert (
        problem_at(text, "games.talks").message
        == "has both outcomes and payoffs; give one table, not both"
    )


def test_neither_outcomes_nor_payoffs():
    text = BASE[: BASE.index("outcomes = [")]
    assert problem_at(text, "games.talks").message.startswith(
        "missing outcomes (a table of outcome names)"
    )


def test_payoff_cell_of_the_wrong_length():
    text = BASE[: BASE.index("outcomes = [")] + "payoffs = [[[1, 1], [0, 2]], [[2, 0], [1]]]\n"
    problem = problem_at(text, "games.talks.payoffs[1][1]")
    assert problem.message == (
        "expected a list of 2 payoffs at (fight, fight), one per player (A, B); got 1 entry"
    )


def test_payoff_cell_formula_problem_has_its_full_key():
    text = BASE[: BASE.index("outcomes = [")] + 'payoffs = [[[1, 1], [0, 2]], [[2, 0], [1, "x"]]]\n'
    assert "undeclared name 'x'" in problem_at(text, "games.talks.payoffs[1][1][1]").message


# -- claims -------------------------------------------------------------------------------------

CLAIM = '\n[[claims]]\nname = "c"\ngame = "talks"\nexpect = "{expect}"\n'


def claim_problem(expect: str, key: str = "claims[0].expect") -> Problem:
    return problem_at(BASE + CLAIM.format(expect=expect), key)


def test_claim_with_unknown_outcome():
    problem = claim_problem("prob('peac') == 0")
    assert problem.message.startswith("unknown outcome 'peac'; the game's outcomes are: deal, war")
    assert "at column 6" in problem.message


def test_claim_with_unknown_player_and_strategy():
    assert (
        "unknown player 'C'; the game's players are: A, B"
        in claim_problem("payoff('C') > 0").message
    )
    message = claim_problem("plays('A', 'flee') == 1").message
    assert "unknown strategy 'flee' of player 'A'; A's strategies are: talk, fight" in message


def test_claim_function_with_wrong_arguments():
    message = claim_problem("prob('deal', 'war') == 0").message
    assert "prob() takes 1 quoted name, as in prob('outcome')" in message
    assert "count() takes no quoted names" in claim_problem("count(1) == 1").message


def test_claim_expect_must_be_a_condition():
    assert "expected a condition" in claim_problem("prob('war')").message


def test_claim_given_with_undeclared_name():
    text = BASE + CLAIM.format(expect="count() == 1") + 'given = "Q > 1"\n'
    assert "undeclared name 'Q'" in problem_at(text, "claims[0].given").message


def test_claim_about_unknown_game_and_quantifier():
    text = BASE + CLAIM.format(expect="count() == 1").replace('game = "talks"', 'game = "talk"')
    assert (
        "unknown game 'talk' (did you mean 'talks'?)" in problem_at(text, "claims[0].game").message
    )
    text = BASE + CLAIM.format(expect="count() == 1") + 'in = "most"\n'
    assert problem_at(text, "claims[0].in").message == 'expected "all" or "some", got \'most\''


def test_claim_missing_expect_and_duplicate_names():
    text = BASE + '\n[[claims]]\nname = "c"\n'
    assert problem_at(text, "claims[0].expect").message.startswith("missing; expected a condition")
    text = BASE + CLAIM.format(expect="count() == 1") * 2
    assert "duplicate claim name 'c'" in problem_at(text, "claims[1].name").message


def test_claims_must_be_an_array_of_tables():
    text = BASE + '\n[claims]\nname = "c"\n'
    assert problem_at(text, "claims").message == "expected [[claims]] tables, got a table"


def test_claim_must_name_its_game_when_there_are_several():
    text = BASE.replace(
        "[games.talks]",
        "[games.other]\ntype = 'normal'\nstrategies = { A = ['x'], B = ['y'] }\n"
        "outcomes = [['deal']]\n\n[games.talks]",
    )
    text += '\n[[claims]]\nname = "c"\nexpect = "count() == 1"\n'
    assert "name one of: other, talks" in problem_at(text, "claims[0].game").message


def test_claim_expect_is_checked_even_when_its_game_has_problems():
    text = edited('["war", "war"]', '["war", "peace"]') + CLAIM.format(expect="count() ==")
    keys = [p.key for p in problems(text)]
    assert keys == ["games.talks.outcomes[1][1]", "claims[0].expect"]


# -- line numbers -------------------------------------------------------------------------------


def test_lines_of_array_of_tables_and_inline_tables():
    text = BASE + CLAIM.format(expect="count() == 1") + CLAIM.format(expect="prob('x') == 1")
    problem = problem_at(text, "claims[1].expect")
    assert problem.line == text.splitlines().index("expect = \"prob('x') == 1\"") + 1


def test_line_of_a_key_inside_a_multiline_string_is_not_confused():
    text = BASE.replace(
        'description = "leverage"', 'description = """\n[games.fake]\nrange = [1, 0]\n"""'
    ).replace("range = [0, 1]", "range = [1, 0]")
    problem = problem_at(text, "parameters.L.range")
    assert problem.line == text.splitlines().index("range = [1, 0]", 10) + 1

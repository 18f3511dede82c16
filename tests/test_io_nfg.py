"""Gambit .nfg files: the conformance games, both body forms, round trips, errors, atomic writes."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import GameFileError, NormalFormGame
from bargaining.games.normal_form import MAX_PROFILES
from bargaining.io import _gambit_text as gambit_text
from bargaining.io import format_nfg, parse_nfg, read_game, read_nfg, write_game
from bargaining.io import nfg as nfg_module

CONFORMANCE = Path("/work/shared/conformance")
GAMES = CONFORMANCE / "games"
CONFORMANCE_FILES = sorted(GAMES.rglob("*.nfg")) if GAMES.is_dir() else []

# A header used by many cases below: two players with two strategies each (lines 1 and 2).
HEADER = 'NFG 1 R "t" { "A" "B" }\n{ { "x" "y" } { "u" "v" } }\n'


def expected_answers() -> dict:
    return json.loads((CONFORMANCE / "expected.json").read_text(encoding="utf-8"))


def conformance_params() -> list:
    if not CONFORMANCE_FILES:
        reason = f"conformance games not found under {GAMES}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="missing")]
    return [pytest.param(path, id=str(path.relative_to(GAMES))) for path in CONFORMANCE_FILES]


def raises_at(text: str, line: int | None, *fragments: str) -> GameFileError:
    """parse_nfg(text) raises GameFileError at ``line`` whose message holds ``fragments``."""
    with pytest.raises(GameFileError) as caught:
        parse_nfg(text, path="game.nfg")
    error = caught.value
    assert error.path == "game.nfg"
    assert error.line == line, str(error)
    for fragment in fragments:
        assert fragment in str(error), str(error)
    return error


# -- the conformance games ---------------------------------------------------------------------


@pytest.mark.parametrize("path", conformance_params())
def test_conformance_game_matches_expected_answers(path):
    answers = expected_answers()
    expected = answers["games"][str(path.relative_to(GAMES))]
    game = read_game(path)
    assert game.num_players == expected["players"]
    assert list(game.shape) == expected["strategies"]
    assert game.title == expected["title"]
    if expected["exact"]:
        assert game.is_exact
    for equilibrium in expected["pure_equilibria"]:
        payoffs = game.payoff(tuple(equilibrium["profile"]))
        wanted = [Fraction(value) for value in equilibrium["payoffs"]]
        if expected["exact"]:
            assert all(isinstance(value, int | Fraction) for value in payoffs)
            assert list(payoffs) == wanted
        else:
            tolerance = answers["tolerance"]
            assert all(
                abs(float(got) - float(want)) <= tolerance
                for got, want in zip(payoffs, wanted, strict=True)
            )


@pytest.mark.parametrize("path", conformance_params())
def test_conformance_game_survives_format_and_parse(path):
    game = read_nfg(str(path))
    assert parse_nfg(format_nfg(game)) == game


@pytest.mark.parametrize("path", conformance_params())
def test_conformance_game_agrees_with_pygambit(path):
    gambit = pytest.importorskip("pygambit")
    game = read_nfg(path)
    reference = gambit.read_nfg(str(path))
    players = list(reference.players)
    assert [player.label for player in players] == list(game.players)
    assert [[s.label for s in player.strategies] for player in players] == [
        list(labels) for labels in game.strategies
    ]
    for profile in itertools.product(*(range(size) for size in game.shape)):
        cell = reference[[list(p.strategies)[i] for p, i in zip(players, profile, strict=True)]]
        for player, value in zip(players, game.payoffs[profile], strict=True):
            assert float(cell[player]) == pytest.approx(float(value), abs=1e-12)
    if game.outcomes is not None:
        assert set(game.outcomes.flat) <= {outcome.label for outcome in reference.outcomes}


# -- handwritten files -------------------------------------------------------------------------


def test_payoff_form_lists_profiles_with_player_one_changing_fastest():
    game = parse_nfg(HEADER + "1 2  3 4\n5 6  7 8\n")
    assert game.title == "t"
    assert game.players == ("A", "B")
    assert game.strategies == (("x", "y"), ("u", "v"))
    assert game.payoff(("x", "u")) == (1, 2)
    assert game.payoff(("y", "u")) == (3, 4)
    assert game.payoff(("x", "v")) == (5, 6)
    assert game.payoff(("y", "v")) == (7, 8)
    assert game.outcomes is None


def test_three_player_payoff_order():
    text = 'NFG 1 R "" { "A" "B" "C" } { 2 1 2 }\n' + " ".join(f"{k} 0 0" for k in range(1, 5))
    game = parse_nfg(text)
    assert game.shape == (2, 1, 2)
    assert [game.payoffs[a, 0, c, 0] for c in range(2) for a in range(2)] == [1, 2, 3, 4]


def test_outcome_form_names_outcomes_and_uses_null_for_zero():
    text = HEADER + ('""\n{\n{ "deal" 3, 3 }\n{ "war" -1 -1 }\n{ "" 0, 5 }\n}\n2 1 0 3\n')
    game = parse_nfg(text)
    assert game.outcomes.tolist() == [["war", "null"], ["deal", "_1"]]
    assert game.payoff(("x", "u")) == (-1, -1)
    assert game.payoff(("y", "u")) == (3, 3)
    assert game.payoff(("x", "v")) == (0, 0)
    assert game.payoff(("y", "v")) == (0, 5)


def test_repeated_and_empty_outcome_names_become_unique_as_in_gambit():
    text = HEADER + '{ { "a" 1 1 } { "a" 2 2 } { "" 3 3 } { "a_1" 4 4 } { "null" 5 5 } } 1 2 3 0'
    game = parse_nfg(text)
    assert game.outcomes.tolist() == [["a_2", "_1"], ["a_3", "null_1"]]


def test_outcome_list_may_be_empty_when_every_profile_has_the_null_outcome():
    game = parse_nfg(HEADER + "{ } 0 0 0 0")
    assert set(game.outcomes.flat) == {"null"}
    assert set(game.payoffs.flat) == {0}


def test_old_header_with_strategy_counts():
    game = parse_nfg('NFG 1 D "Old" { "P1" "P2" } { 3 2 }\n\n' + " ".join(["1"] * 12))
    assert game.shape == (3, 2)
    assert game.strategies == (("1", "2", "3"), ("1", "2"))


def test_escaped_quotes_backslashes_and_newlines_in_strings():
    text = 'NFG 1 R "say \\"hi\\"" { "C:\\games" "back\\\\slash" } { { "two\nlines" } { "é" } } 1 2'
    game = parse_nfg(text)
    assert game.title == 'say "hi"'
    assert game.players == ("C:\\games", "back\\slash")
    assert game.strategies == (("two\nlines",), ("é",))


def test_rationals_are_exact_and_decimals_are_floats():
    game = parse_nfg(HEADER + "1/2 -3/4 6/3 +5\n0.25 .5 -1.5e2 1e-3")
    assert game.payoffs[0, 0].tolist() == [Fraction(1, 2), Fraction(-3, 4)]
    assert game.payoffs[1, 0].tolist() == [2, 5]
    assert all(type(v) is int for v in game.payoffs[1, 0])
    assert game.payoffs[0, 1].tolist() == [0.25, 0.5]
    assert game.payoffs[1, 1].tolist() == [-150.0, 0.001]
    assert all(type(v) is float for v in game.payoffs[:, 1].flat)


def test_comment_after_the_header_is_read_and_ignored():
    with_comment = parse_nfg(HEADER + '"A comment, with { braces } and 1 2 3"\n1 2 3 4 5 6 7 8')
    assert with_comment == parse_nfg(HEADER + "1 2 3 4 5 6 7 8")


def test_repeated_player_and_strategy_labels_are_renamed_like_gambit():
    game = parse_nfg('NFG 1 R "" { "" "" } { { "d" "d" "d_1" } { "" } } 1 2 3 4 5 6')
    assert game.players == ("_1", "_2")
    assert game.strategies == (("d_2", "d_3", "d_1"), ("",))


def test_whitespace_is_insignificant_and_crlf_is_fine():
    compact = parse_nfg('NFG 1 R "t"{"A" "B"}{{"x" "y"}{"u" "v"}}1 2 3 4 5 6 7 8')
    spread = parse_nfg(HEADER.replace("\n", "\r\n") + "1\r\n2\t3 4 5 6 7 8\r\n")
    assert compact == spread


def test_read_accepts_a_utf8_byte_order_mark(tmp_path):
    path = tmp_path / "bom.nfg"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "1 2 3 4 5 6 7 8").encode())
    assert read_game(path).payoff((1, 1)) == (7, 8)


# -- writing -----------------------------------------------------------------------------------


def test_format_writes_payoff_form_exactly():
    game = NormalFormGame.from_arrays(
        [[[1, Fraction(-1, 2)], [0.25, 2]], [[3, 4], [5, 6]]],
        players=('Row "R"', "Col\\C"),
        strategies=(("a", "b"), ("c", "d")),
        title="T",
    )
    text = format_nfg(game)
    assert text.splitlines()[0] == 'NFG 1 D "T" { "Row \\"R\\"" "Col\\\\C" }'
    assert text.splitlines()[-4:] == ["1 3", "0.25 5", "-1/2 4", "2 6"]
    assert parse_nfg(text) == game


def test_format_writes_outcome_form_when_the_game_has_outcome_names():
    game = NormalFormGame.from_arrays(
        [[[2, 0], [0, 1]], [[2, 0], [0, 1]]], outcomes=[["deal", "war"], ["war", "peace"]]
    )
    text = format_nfg(game)
    assert '{ "deal" 2, 2 }' in text and '{ "war" 0, 0 }' in text
    assert text.rstrip().splitlines()[-2:] == ["1 2", "2 3"]
    assert parse_nfg(text) == game


def test_outcome_form_keeps_int_and_float_payoffs_apart():
    game = NormalFormGame.from_arrays([[[1, 1.0]], [[0, 0]]], outcomes=[["o", "o"]])
    again = parse_nfg(format_nfg(game))
    assert [type(v) for v in again.payoffs[0, :, 0]] == [int, float]


def test_symbolic_games_are_refused_with_advice():
    L = sympy.Symbol("L")
    game = NormalFormGame.from_arrays([[[L, 0]], [[0, 1]]])
    with pytest.raises(GameFileError, match=r"game\.at\(L=\.\.\.\)"):
        format_nfg(game)
    with pytest.raises(GameFileError, match="not an integer, fraction or float"):
        format_nfg(NormalFormGame.from_arrays([[[sympy.sqrt(2), 0]], [[0, 1]]]))
    assert parse_nfg(format_nfg(game.at(L=Fraction(1, 3)))) == game.at(L=Fraction(1, 3))


def test_write_refuses_labels_that_are_not_unicode(tmp_path):
    game = NormalFormGame.from_arrays([[1, 2]], players=("\udc80",))
    with pytest.raises(GameFileError, match="UTF-8"):
        write_game(game, tmp_path / "bad.nfg")
    assert list(tmp_path.iterdir()) == []


def test_written_files_read_back_in_pygambit():
    gambit = pytest.importorskip("pygambit")
    game = NormalFormGame.from_arrays(
        [[[1, Fraction(-1, 3)], [2**70, 0.5]], [[0, 1], [2, 3]]],
        players=('A "q"', "b,{}"),
        strategies=(("x y", "z"), ("e", "f")),
        title='T"',
    )
    reference = gambit.read_nfg(io.StringIO(format_nfg(game)))
    assert reference.title == game.title
    assert [p.label for p in reference.players] == list(game.players)
    first, second = list(reference.players)
    (_, bottom), (left, _) = list(first.strategies), list(second.strategies)
    cell = reference[[bottom, left]]
    assert Fraction(cell[first]) == 2**70


# -- round trips -------------------------------------------------------------------------------

_LABEL_CHARACTERS = st.one_of(
    st.sampled_from('"\\{},  \n\t\r_'), st.characters(exclude_categories=("Cs",))
)
labels = st.text(_LABEL_CHARACTERS, max_size=6)
exact_payoffs = st.one_of(
    st.integers(-(10**30), 10**30), st.fractions(min_value=-100, max_value=100, max_denominator=97)
)


@st.composite
def games(draw: st.DrawFn, payoffs: st.SearchStrategy = exact_payoffs) -> NormalFormGame:
    """Small games with awkward labels, with or without outcome names."""
    players = draw(st.integers(2, 3))
    shape = tuple(draw(st.integers(1, 4)) for _ in range(players))
    names = draw(st.lists(labels, min_size=players, max_size=players, unique=True))
    strategies = tuple(
        tuple(draw(st.lists(labels, min_size=size, max_size=size, unique=True))) for size in shape
    )
    table = np.empty((*shape, players), dtype=object)
    outcomes = None
    if draw(st.booleans()):
        count = draw(st.integers(1, 4))
        outcome_names = draw(
            st.lists(labels.filter(bool), min_size=count, max_size=count, unique=True)
        )
        vectors = [
            draw(st.lists(payoffs, min_size=players, max_size=players)) for _ in range(count)
        ]
        outcomes = np.empty(shape, dtype=object)
        for profile in itertools.product(*(range(size) for size in shape)):
            chosen = draw(st.integers(0, count - 1))
            outcomes[profile] = outcome_names[chosen]
            table[profile] = vectors[chosen]
    else:
        for profile in itertools.product(*(range(size) for size in shape)):
            table[profile] = draw(st.lists(payoffs, min_size=players, max_size=players))
    return NormalFormGame(table, tuple(names), strategies, outcomes, draw(labels))


@given(games())
def test_exact_games_survive_format_and_parse(game):
    assert parse_nfg(format_nfg(game)) == game


@given(games(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-5, 5)))
def test_float_games_survive_format_and_parse(game):
    assert parse_nfg(format_nfg(game)) == game


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(game=games())
def test_games_survive_write_and_read(tmp_path, game):
    path = tmp_path / "game.nfg"
    write_game(game, path)
    assert read_game(path) == game
    write_game(game, str(path))  # str paths too, and overwriting an existing file
    assert read_game(str(path)) == game
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.nfg"]


# -- malformed files ---------------------------------------------------------------------------

MALFORMED = [
    # (text, line of the problem, fragments of the message)
    ("", 1, ["empty", "NFG 1 R"]),
    ("\n \n\t\n", 1, ["empty"]),
    ('\n\nGFN 1 R "t" { "A" }', 3, ["expected the header 'NFG 1 R'", "'GFN'"]),
    ('EFG 2 R "t" { "A" }', 1, ["extensive-form"]),
    ('NFG 2 R "t" { "A" } { 1 } 1', 1, ["version 1", "'2'"]),
    ('NFG 1 X "t" { "A" } { 1 } 1', 1, ["'R' or 'D'", "'X'"]),
    ('NFG 1 R\n{ "A" } { 1 } 1', 2, ["title in quotes", "'{'"]),
    ('NFG 1 R "t" "A" { 1 } 1', 1, ["'{' starting the list of player names"]),
    ('NFG 1 R "t" { "A" "B"\n{ { "x" } { "y" } } 1 2', 2, ["player name in quotes or '}'"]),
    ('NFG 1 R "t" { }\n{ } 1', 1, ["at least one player"]),
    ('NFG 1 R "t" { "A" }\n"x"', 2, ["'{' starting the strategies"]),
    ('NFG 1 R "t" { "A" "B" "C" }\n{ { "x" }\n{ "y" } }', 3, ["player 3 ('C')", "'}'"]),
    ('NFG 1 R "t" { "A" }\n{ { "x" } { "y" } } 1', 2, ["'}' closing the strategy list"]),
    ('NFG 1 R "t" { "A" }\n{ { "x" 3 } } 1', 2, ["strategy label in quotes", "'3'"]),
    ('NFG 1 R "t" { "A" "B" }\n{ { }\n{ "y" } } 1 2', 2, ["at least one strategy label"]),
    ('NFG 1 R "t" { "A" "B" }\n{ 2\n0 } 1 2', 3, ["player 2 ('B')", "positive whole number"]),
    ('NFG 1 R "t" { "A" "B" }\n{ 2 } 1 2', 2, ["number of strategies of player 2", "'}'"]),
    ('NFG 1 R "t" { "A" "B" }\n{ 2 1.5 } 1 2', 2, ["positive whole number", "'1.5'"]),
    ('NFG 1 R "t" { "A" }\n{ 2 3 }', 2, ["'}' closing the strategy counts", "'3'"]),
    ('NFG 1 R "t" { "A" "B" }\n{ 10000\n10000 } 1', 3, [f"more than {MAX_PROFILES:,}"]),
    ('NFG 1 R "t" { "A" }\n{ ' + "9" * 5000 + " }", 2, ["more than", "profiles"]),
    (HEADER + '"a comment\n\n1 2 3 4 5 6 7 8', 3, ["unterminated string", "'\"'"]),
    (HEADER + '1 2 3 "4\\" 5', 3, ["unterminated string"]),
    (HEADER + "}", 3, ["expected the payoffs", "'}'"]),
    (HEADER + "1 2 3 4\n5 6 7\n\n\n", 4, ["expected 8 payoffs", "ends after 7"]),
    (HEADER, 2, ["expected the payoffs", "end of the file"]),
    (HEADER + "1 2 3 4 5 6 7 8\n9\n", 4, ["end of the file after the 8 payoffs", "'9'"]),
    (HEADER + "1 2\n3 x 5 6 7 8", 4, ["expected a payoff", "'x'"]),
    (HEADER + '1 2 "3" 4 5 6 7 8', 3, ["expected a payoff", "the string '3'"]),
    (HEADER + "1, 2 3 4 5 6 7 8", 3, ["expected a payoff", "','"]),
    (HEADER + "1 2 3 4\n5 6 7 1/0", 4, ["divides by zero"]),
    (HEADER + "1 2 3 4\n5 6 7 1e999", 4, ["too large"]),
    (HEADER + "1 2 3 4 5 6 7 " + "1" * 5000, 3, ["too many digits"]),
    (HEADER + "1 2 3 4 5 6 7 1_000", 3, ["expected a payoff", "'1_000'"]),
    (
        HEADER + '{ { "a" 1 2 } }\n1 1\n1 2\n',
        5,
        ["outcome index 2 is out of range", "0 (no outcome) to 1"],
    ),
    (HEADER + '{ { "a" 1 2 } } 1 1 -1 1', 3, ["expected an outcome index", "'-1'"]),
    (HEADER + '{ { "a" 1 2 } } 1 1 1.0 1', 3, ["expected an outcome index", "'1.0'"]),
    (HEADER + '{ { "a" 1 2 } }\n1 1 1', 4, ["expected 4 outcome indices", "ends after 3"]),
    (HEADER + '{ { "a" 1 2 } }\n1 1 1 1 1', 4, ["end of the file after the 4 outcome indices"]),
    (HEADER + '{\n{ "a" 1 }\n} 1 1 1 1', 4, ["outcome 1 has 1 payoffs: expected 2"]),
    (HEADER + '{ { "a" 1 2 3 } } 1 1 1 1', 3, ["'}' closing outcome 1", "'3'"]),
    (HEADER + '{ { "a" 1 2 }\n1 1 1 1', 4, ["'{' starting outcome 2 or '}'", "'1'"]),
    (HEADER + "{ { a 1 2 } } 1 1 1 1", 3, ["name of outcome 1 in quotes", "'a'"]),
    (HEADER + '{ { "a" 1 x } } 1 1 1 1', 3, ["a payoff of outcome 1", "'x'"]),
]


@pytest.mark.parametrize(("text", "line", "fragments"), MALFORMED)
def test_malformed_file_names_line_and_what_was_expected(text, line, fragments):
    error = raises_at(text, line, *fragments)
    assert str(error).startswith(f"game.nfg, line {line}: ")


def test_too_many_players_are_refused():
    names = " ".join(f'"p{i}"' for i in range(40))
    raises_at(f'NFG 1 R "t" {{ {names} }}', 1, "40 players", "at most 32")


@pytest.mark.parametrize("cut", range(len(HEADER) + 16))
def test_truncated_files_give_a_game_error(cut):
    text = (HEADER + '"c"\n{ { "a" 1 2 } { "b" 3 4 } }\n1 2 2 1\n')[:cut]
    with pytest.raises(GameFileError) as caught:
        parse_nfg(text, path="cut.nfg")
    assert caught.value.line is not None


@given(st.text())
def test_garbage_text_gives_a_game_or_a_game_file_error(text):
    try:
        parse_nfg(text)
    except GameFileError as error:
        assert error.line is not None


@given(st.data())
def test_mutated_files_give_a_game_or_a_game_file_error(data):
    text = HEADER + '{ { "a" 1/2, 2 } { "b" 3 4.5 } }\n1 2 0 1\n'
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        insert = data.draw(st.text(alphabet='{}",\\ 0123456789/.-e\nxR', max_size=3))
        delete = data.draw(st.integers(0, 3))
        text = text[:position] + insert + text[position + delete :]
    try:
        parse_nfg(text)
    except GameFileError as error:
        assert error.line is not None


# -- files on disk -----------------------------------------------------------------------------


def test_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.nfg"
    path.write_bytes(HEADER.encode() + b"1 2 3 4\n5 6 \xe9 8\n")
    with pytest.raises(GameFileError, match="not UTF-8") as caught:
        read_game(path)
    assert caught.value.line == 4
    assert caught.value.path == str(path)


def test_file_too_large_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.nfg"
    path.write_text(HEADER + "1 2 3 4 5 6 7 8", encoding="utf-8")
    monkeypatch.setattr(gambit_text, "MAX_FILE_BYTES", 20)
    with pytest.raises(GameFileError, match="larger than 20 bytes") as caught:
        read_nfg(path)
    assert caught.value.path == str(path)


def test_file_over_the_real_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.nfg"
    with path.open("wb") as file:
        file.truncate(nfg_module.MAX_FILE_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(GameFileError, match="larger than"):
        read_game(path)


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_game(tmp_path / "missing.nfg")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("game.txt", "extension '.txt': expected one of .efg, .nfg"),
        ("game", "no extension"),
    ],
)
def test_extensions_other_than_nfg_are_refused(tmp_path, name, fragment):
    game = NormalFormGame.from_arrays([[[1, 2]], [[3, 4]]])
    with pytest.raises(GameFileError, match=re.escape(fragment)):
        write_game(game, tmp_path / name)
    with pytest.raises(GameFileError, match=re.escape(fragment)):
        read_game(tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_extension_is_matched_ignoring_case(tmp_path):
    game = NormalFormGame.from_arrays([[[1, 2]], [[3, 4]]])
    write_game(game, tmp_path / "GAME.NFG")
    assert read_game(tmp_path / "GAME.NFG") == game


def test_paths_must_be_paths():
    with pytest.raises(TypeError, match="file path"):
        read_game(3)


# -- atomic writes -----------------------------------------------------------------------------


def _fail(*args, **kwargs):
    raise OSError("disk full")


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch, step):
    path = tmp_path / "game.nfg"
    path.write_text("old content", encoding="utf-8")
    monkeypatch.setattr(nfg_module.os, step, _fail)
    with pytest.raises(OSError, match="disk full"):
        write_game(NormalFormGame.from_arrays([[[1, 2]], [[3, 4]]]), path)
    assert path.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["game.nfg"]


def test_failed_write_of_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    class Exploding(io.BytesIO):
        def write(self, data):
            raise OSError("disk full")

    real_fdopen = os.fdopen

    def fdopen(handle, mode):
        real_fdopen(handle, mode).close()
        return Exploding()

    monkeypatch.setattr(nfg_module.os, "fdopen", fdopen)
    with pytest.raises(OSError, match="disk full"):
        write_game(NormalFormGame.from_arrays([[[1, 2]], [[3, 4]]]), tmp_path / "new.nfg")
    assert list(tmp_path.iterdir()) == []


def test_game_that_cannot_be_formatted_does_not_touch_the_file(tmp_path):
    path = tmp_path / "game.nfg"
    path.write_text("old content", encoding="utf-8")
    L = sympy.Symbol("L")
    with pytest.raises(GameFileError):
        write_game(NormalFormGame.from_arrays([[[L, 2]], [[3, 4]]]), path)
    assert path.read_text(encoding="utf-8") == "old content"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and symlinks")
def test_overwriting_keeps_permissions_and_follows_symlinks(tmp_path):
    game = NormalFormGame.from_arrays([[[1, 2]], [[3, 4]]])
    target = tmp_path / "target.nfg"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.nfg"
    link.symlink_to(target)
    write_game(game, link)
    assert link.is_symlink()
    assert read_game(target) == game
    assert target.stat().st_mode & 0o777 == 0o640

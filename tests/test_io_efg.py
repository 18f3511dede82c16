"""Gambit .efg files: reading, writing, round trips, errors with lines, atomic writes."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import ExtensiveGame, GameFileError, read_game, write_game
from bargaining.games.extensive import chance, decision, terminal
from bargaining.io import format_efg, parse_efg, read_efg, write_efg

GAMES = Path("/work/shared/conformance/games")
CONFORMANCE_FILES = sorted(GAMES.rglob("*.efg")) if GAMES.is_dir() else []

POKER = """EFG 2 R "One card poker" { "Alice" "Bob" }
"a comment"

c "" 1 "" { "King" 1/2 "Queen" 1/2 } 0
p "" 1 1 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 1 "Alice wins big" { 2, -2 }
t "" 2 "Alice wins" { 1, -1 }
t "" 4 "Bob wins" { -1, 1 }
p "" 1 2 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 3 "Bob wins big" { -2, 2 }
t "" 2
t "" 4
"""


def conformance_params() -> list:
    if not CONFORMANCE_FILES:
        reason = f"conformance games not found under {GAMES}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="missing")]
    return [pytest.param(path, id=str(path.relative_to(GAMES))) for path in CONFORMANCE_FILES]


@pytest.mark.parametrize("path", conformance_params())
def test_conformance_files_read_and_round_trip(path):
    game = read_game(path)
    assert isinstance(game, ExtensiveGame)
    assert parse_efg(format_efg(game)) == game


def test_poker_reads_with_shared_infosets_and_outcome_references():
    game = parse_efg(POKER)
    assert game.players == ("Alice", "Bob")
    assert game.title == "One card poker"
    assert not game.is_perfect_information
    bob = [node for node in game.nodes if getattr(node, "player", None) == "Bob"]
    assert len(bob) == 2 and bob[0].infoset == bob[1].infoset
    assert game.nodes[-1].payoffs == (-1, 1) and game.nodes[-1].outcome == "Bob wins"
    form = game.to_normal_form()
    assert form.shape == (4, 2)
    assert form.payoff(("Raise/Raise", "Meet")) == (0, 0)
    assert form.payoff(("Raise/Fold", "Meet")) == (Fraction(1, 2), Fraction(-1, 2))


def test_non_terminal_outcomes_and_decimals():
    game = parse_efg(
        'EFG 2 D "" { "A" }\n'
        'p "" 1 1 "" { "x" "y" } 1 "toll" { -1 }\n'
        'c "" 1 "" { "h" 0.25 "t" 0.75 } 0\n'
        't "" 2 "" { 4 }\n'
        't "" 0\n'
        't "" 3 "end" { 2 }\n'
    )
    assert game.root.payoffs == (-1,)
    assert game.to_normal_form().payoff(("x",)) == (0.0,)
    assert game.to_normal_form().payoff(("y",)) == (1,)
    assert parse_efg(format_efg(game)) == game


def test_empty_and_repeated_action_labels_are_made_unique():
    game = parse_efg('EFG 2 R "" { "A" }\np "" 1 1 "" { "a" "a" "" } 0\nt "" 0\nt "" 0\nt "" 0\n')
    assert game.root.actions == ("a_1", "a_2", "")
    assert game.paths[3] == "root/#3"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "empty"),
        ('NFG 1 R "" { "A" } { 1 } 0', 1, "'NFG' header"),
        ('EFG 3 R "" { "A" }', 1, "version 2"),
        ('EFG 2 R "" { "A" }\np "" 2 1 "" { "a" } 0\nt "" 0', 2, "player's number"),
        ('EFG 2 R "" { "A" }\np "" 1 1 "" { "a" "b" } 0\nt "" 0\n', 3, "ends early"),
        ('EFG 2 R "" { "A" }\nt "" 0\nt "" 0\n', 3, "end of the file"),
        ('EFG 2 R "" { "A" }\nx "" 0\n', 2, "'p' (player)"),
        ('EFG 2 R "" { "A" }\np "" 1 1 0\n', 2, "appears here first"),
        ('EFG 2 R "" { "A" }\nt "" 3\n', 2, "outcome 3 appears here first"),
        ('EFG 2 R "" { "A" "B" }\nt "" 1 "o" { 1 }\n', 2, "expected 2"),
        ('EFG 2 R "" { "A" }\nc "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 0\nt "" 0\n', 2, "sum to 5/6"),
        ('EFG 2 R "" { "A" }\nc "" 1 "" { "h" x } 0\nt "" 0\n', 2, "probability of chance action"),
        (
            'EFG 2 R "" { "A" "B" }\nc "" 1 "" { "h" 1/2 "t" 1/2 } 0\n'
            'p "" 1 1 "" { "a" } 0\nt "" 0\np "" 1 1 "" { "a" "b" } 0\nt "" 0\nt "" 0\n',
            5,
            "expected the same actions",
        ),
    ],
)
def test_errors_name_the_line(text, line, fragment):
    with pytest.raises(GameFileError) as caught:
        parse_efg(text, path="game.efg")
    assert caught.value.path == "game.efg"
    assert caught.value.line == line, str(caught.value)
    assert fragment in str(caught.value), str(caught.value)


def test_game_error_in_tree_maps_to_the_node_line():
    text = (
        'EFG 2 R "" { "A" }\n'
        'p "" 1 1 "" { "a" "b" } 0\n'
        't "" 0\n'
        'c "" 1 "" { "h" 1/2 "t" 1/4 } 0\n'
        't "" 0\n'
        't "" 0\n'
    )
    with pytest.raises(GameFileError) as caught:
        parse_efg(text)
    assert caught.value.line == 4
    assert "root/b" in str(caught.value)


def test_write_and_read_files_atomically(tmp_path):
    game = parse_efg(POKER)
    path = tmp_path / "poker.efg"
    write_game(game, path)
    assert read_game(path) == game
    assert read_efg(str(path)) == game
    assert not [p for p in tmp_path.iterdir() if p.name != "poker.efg"]  # no temporary left
    before = path.read_bytes()
    p = sympy.Symbol("p")
    symbolic = ExtensiveGame(chance({"a": (p, terminal((1,))), "b": (1 - p, terminal((0,)))}))
    with pytest.raises(GameFileError, match="parameters"):
        write_efg(symbolic, path)
    assert path.read_bytes() == before
    write_efg(symbolic.at(p=Fraction(1, 3)), path)
    assert read_efg(path).root.probabilities == (Fraction(1, 3), Fraction(2, 3))


# -- round trip of random trees ------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-5, 5),
    st.fractions(min_value=-3, max_value=3, max_denominator=7),
    st.floats(-10, 10, allow_nan=False).filter(lambda x: x != int(x)),
)


@st.composite
def trees(draw):
    players = ("P1", "P2")
    budget = [draw(st.integers(0, 8))]
    infosets: dict[str, tuple[str, tuple[str, ...]]] = {}

    def payoffs():
        if draw(st.integers(0, 5)) == 0:
            return None
        return (draw(numbers), draw(numbers))

    def outcome(vector):
        return draw(st.sampled_from([None, "deal", "war"])) if vector is not None else None

    def build(depth):
        if depth >= 3 or budget[0] <= 0 or (depth > 0 and draw(st.integers(0, 3)) == 0):
            vector = payoffs()
            return terminal(vector, outcome(vector))
        budget[0] -= 1
        own = payoffs() if draw(st.integers(0, 3)) == 0 else None
        if draw(st.integers(0, 3)) == 0:
            width = draw(st.integers(1, 3))
            weights = [draw(st.integers(0, 3)) for _ in range(width - 1)]
            weights.append(draw(st.integers(1, 3)))
            total = sum(weights)
            return chance(
                {f"c{k}": (Fraction(w, total), build(depth + 1)) for k, w in enumerate(weights)},
                payoffs=own,
                outcome=outcome(own),
            )
        name = draw(st.sampled_from([None, "h1", "h2", "h 3"]))
        if name in infosets:
            player, actions = infosets[name]
        else:
            player = draw(st.sampled_from(players))
            actions = tuple(f"a{k}" for k in range(draw(st.integers(1, 3))))
            if name is not None:
                infosets[name] = (player, actions)
        return decision(
            player,
            {label: build(depth + 1) for label in actions},
            name,
            payoffs=own,
            outcome=outcome(own),
        )

    title = draw(st.sampled_from(["", 'a "quoted" title', "back\\slash"]))
    return ExtensiveGame(build(0), players=players, title=title)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_round_trip(game):
    assert parse_efg(format_efg(game)) == game

"""Limits on a tree's reduced strategic form (issue 13): a small file whose player has 2^17
reduced strategies loads and shows at once, and the reduction refuses it naming the limit and
the keyword that raises it."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest

from bargaining.errors import GameError
from bargaining.games.extensive import (
    MAX_REDUCED_STRATEGIES,
    ExtensiveGame,
    chance,
    decision,
    terminal,
)
from bargaining.games.extensive_reduced import enumerate_reduced, strategy_labels
from bargaining.model import loads_model
from tests.test_cli import ROOT

MOVES = 17  # 2**17 = 131,072 reduced strategies of A, above the default limit of 100,000


def wide_model(moves: int) -> str:
    """A model file of a few KB: chance picks one of ``moves`` decisions of A, each binary, so
    every combination of A's choices is a reduced strategy (2**moves of them)."""
    lines = [
        '[model]\nname = "wide"\n[players.A]\n[players.B]',
        "[outcomes.left]\npayoffs = { A = 1, B = 0 }",
        "[outcomes.right]\npayoffs = { A = 0, B = 1 }",
        '[games.wide]\ntype = "tree"\nplayers = ["A", "B"]',
        "[games.wide.root.chance]",
    ]
    for k in range(moves):
        lines.append(
            f'm{k} = {{ p = "1/{moves}", then = {{ player = "A", actions = '
            '{ l = { outcome = "left" }, r = { outcome = "right" } } } }'
        )
    return "\n".join(lines) + "\n"


def wide_tree(moves: int) -> ExtensiveGame:
    branch = {
        f"m{k}": (
            Fraction(1, moves),
            decision("A", {"l": terminal((1, 0)), "r": terminal((0, 1))}),
        )
        for k in range(moves)
    }
    return ExtensiveGame(chance(branch), players=("A", "B"))


def test_the_file_is_small():
    assert len(wide_model(MOVES).encode()) < 3000


def test_load_and_show_finish_and_the_reduction_refuses(tmp_path):
    # In a subprocess with a timeout: before the fix, labelling the strategies was quadratic
    # and loading never returned. No time is asserted beyond "it finishes".
    path = tmp_path / "wide.toml"
    path.write_text(wide_model(MOVES))
    show = subprocess.run(
        [sys.executable, "-m", "bargaining.cli", "show", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert show.returncode == 0, show.stderr
    assert "(too many to list)" in show.stdout
    model = loads_model(wide_model(MOVES))
    game = model.games["wide"]
    with pytest.raises(GameError, match=r"more than 100,000 reduced strategies.*max_strategies="):
        game.to_normal_form()
    # The refusal is remembered: asking again at the same limit does no work and says the same.
    with pytest.raises(GameError, match="max_strategies="):
        game.strategy_labels("A")
    assert len(game.reduced_strategies("B")) == 1


def test_default_limit_is_used():
    assert len(enumerate_reduced(wide_tree(10), "A")) == 2**10 < MAX_REDUCED_STRATEGIES
    with pytest.raises(GameError, match=f"more than {MAX_REDUCED_STRATEGIES:,} reduced"):
        enumerate_reduced(wide_tree(MOVES), "A")


def test_limits_can_be_raised():
    game = wide_tree(5)  # 32 reduced strategies of A
    with pytest.raises(GameError, match="more than 31 reduced strategies"):
        game.to_normal_form(max_strategies=31)
    # Refused at 31, then asked with a higher limit: computed, not refused from memory.
    assert len(game.reduced_strategies("A", max_strategies=32)) == 32
    with pytest.raises(GameError, match="more than 31 reduced"):
        game.reduced_strategies("A", max_strategies=31)
    with pytest.raises(GameError, match=r"32 strategy profiles.*max_profiles="):
        game.to_normal_form(max_profiles=31)
    normal = game.to_normal_form(max_strategies=32, max_profiles=32)
    assert normal.shape == (32, 1)
    # Each of A's strategies wins the branches where it plays l, each with probability 1/5.
    assert normal.payoff(("l/l/l/l/l", "-")) == (1, 0)
    assert normal.payoff(("l/r/r/r/r", "-")) == (Fraction(1, 5), Fraction(4, 5))


def test_labels_of_every_strategy_are_distinct():
    labels = strategy_labels(wide_tree(10), "A")
    assert len(labels) == len(set(labels)) == 2**10


def test_repeated_labels_get_numbered_suffixes():
    # A moves at two sets, both always reached: ("a/b", "c") and ("a", "b/c") both print as
    # "a/b/c", so both get a suffix; the others keep their labels.
    half = Fraction(1, 2)
    game = ExtensiveGame(
        chance(
            {
                "h": (half, decision("A", {"a/b": terminal((1,)), "a": terminal((2,))})),
                "t": (half, decision("A", {"c": terminal((1,)), "b/c": terminal((2,))})),
            }
        )
    )
    assert game.strategy_labels("A") == ("a/b/c_1", "a/b/b/c", "a/c", "a/b/c_2")

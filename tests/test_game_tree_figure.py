"""draw_tree: the ceasefire tree renders to SVG with its labels and the equilibrium path."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import matplotlib
import pytest

from bargaining import ExtensiveGame, GameError, parametric_subgame_perfect, subgame_perfect
from bargaining.figures.game_tree import MAX_DRAWN_NODES, draw_tree
from bargaining.games.extensive import decision, terminal
from bargaining.model import load_model

ROOT = Path(__file__).resolve().parent.parent


def sequence():
    model = load_model(ROOT / "models" / "ceasefire_sequence.toml")
    return model, model.game("sequence")


def svg(figure, path: Path) -> str:
    # Text as <text> elements (not glyph outlines), so the labels can be searched.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(path, format="svg")
    return path.read_text(encoding="utf-8")


def test_the_ceasefire_tree_at_the_baseline(tmp_path):
    model, tree = sequence()
    text = svg(draw_tree(tree, at=model.parameters.baseline), tmp_path / "tree.svg")
    for label in [
        "Russia",
        "Ukraine",
        "chance",
        "holds (0.2)",
        "breaks (0.8)",
        "condition",
        "concede",
        "talk_and_fight  (0.405, 0.295)",
        "root_cause_settlement  (1, -0.6)",
        "payoffs: (Russia, Ukraine)",
        "equilibrium path",
    ]:
        assert label in text, label
    # The path of play: Russia conditions, Ukraine keeps talking.
    assert 'id="equilibrium-path:root/condition"' in text
    assert 'id="equilibrium-path:root/condition/accept"' in text
    assert 'id="edge:root/accept"' in text and 'id="edge:root/reject"' in text


def test_an_equilibrium_off_the_path_and_symbolic_labels(tmp_path):
    model, tree = sequence()
    solution = parametric_subgame_perfect(tree, model.parameters)
    accept = next(p for p in solution.pieces if dict(p.choices)["root"] == "accept")
    text = svg(draw_tree(tree, accept), tmp_path / "accept.svg")
    assert "holds (G)" in text and "breaks (1 - G)" in text
    assert 'id="equilibrium-path:root/accept/holds"' in text
    assert 'id="equilibrium-path:root/accept/breaks"' in text
    # Ukraine's answer to conditions is part of the equilibrium, off the path of play.
    assert 'id="equilibrium-choice:root/condition/accept"' in text
    assert "equilibrium choice off the path" in text


def test_choices_given_by_path_and_nothing_highlighted_without_numbers(tmp_path):
    model, tree = sequence()
    figure = draw_tree(tree, {"root": "reject", "root/condition": "resist"}, title="Rejection")
    text = svg(figure, tmp_path / "reject.svg")
    assert "Rejection" in text and 'id="equilibrium-path:root/reject"' in text
    plain = svg(draw_tree(tree), tmp_path / "plain.svg")
    assert "equilibrium" not in plain  # symbolic and no point: nothing to highlight
    spe = subgame_perfect(tree, at=model.parameters.baseline)[0]
    assert 'id="equilibrium-path:root/condition"' in svg(draw_tree(tree, spe), tmp_path / "s.svg")


def test_bad_input_is_refused():
    model, tree = sequence()
    with pytest.raises(GameError, match="no action 'surrender'"):
        draw_tree(tree, {"root": "surrender"})
    with pytest.raises(GameError, match="not a decision node"):
        draw_tree(tree, {"root/accept": "holds"})
    with pytest.raises(GameError, match="SubgamePerfectEquilibrium"):
        draw_tree(tree, 42)
    with pytest.raises(GameError, match="needs an ExtensiveGame"):
        draw_tree(model)  # type: ignore[arg-type]
    node = terminal((0,))
    for _ in range(MAX_DRAWN_NODES // 2 + 1):
        node = decision("A", {"stop": terminal((Fraction(1, 2),)), "go": node})
    with pytest.raises(GameError, match="at most"):
        draw_tree(ExtensiveGame(node))

"""Tests of small clean-ups: one source for each list, one run of each check, escaped labels."""

from __future__ import annotations

import pytest

import bargaining.expr
from bargaining.expr import limits


def test_the_expression_package_exports_every_limit_from_its_one_list() -> None:
    exported = bargaining.expr.__all__
    assert exported[: len(limits.__all__)] == limits.__all__
    assert len(set(exported)) == len(exported)
    for name in limits.__all__:
        assert getattr(bargaining.expr, name) is getattr(limits, name)


def test_tables_and_result_rows_print_numbers_through_one_function() -> None:
    from fractions import Fraction

    import sympy

    from bargaining.cli import console
    from bargaining.solvers.result_rows import number_label

    assert not hasattr(console, "number_text")
    # The command line's copy printed a whole fraction as "4/1", the result rows' one as "4".
    assert number_label(Fraction(4)) == "4"
    assert number_label(sympy.sqrt(2) / 2) == "sqrt(2)/2"
    assert console.strategy_text(["a", "b"], [Fraction(1, 3), Fraction(2, 3)]) == "a 1/3, b 2/3"


def _long_tree(depth: int):
    """A chain of ``depth`` two-node information sets of one player, each behind a chance
    move: many information sets and chance nodes to check."""
    from fractions import Fraction

    from bargaining.games.extensive import chance, decision, terminal

    half = Fraction(1, 2)
    node = terminal((0,))
    for level in range(depth):
        key = f"h{level}"
        node = chance(
            {
                "up": (half, decision("A", {"go": node, "stop": terminal((level,))}, key)),
                "down": (half, decision("A", {"go": terminal((1,)), "stop": terminal((2,))}, key)),
            }
        )
    return node


def test_a_tree_is_checked_once_on_construction(monkeypatch) -> None:
    from bargaining.games import extensive

    calls = {"infosets": 0, "probabilities": 0}

    def counted(name, check):
        def run(*args, **kwargs):
            calls[name] += 1
            return check(*args, **kwargs)

        return run

    monkeypatch.setattr(extensive, "check_infosets", counted("infosets", extensive.check_infosets))
    monkeypatch.setattr(
        extensive, "check_probabilities", counted("probabilities", extensive.check_probabilities)
    )
    game = extensive.ExtensiveGame(_long_tree(200), players=("A",))
    assert len(game.infosets) == 200
    assert calls == {"infosets": 1, "probabilities": 1}


def test_the_moved_checks_still_refuse_bad_trees() -> None:

    from bargaining.errors import GameError
    from bargaining.games.extensive import ExtensiveGame, chance, decision, terminal

    mixed = decision(
        "A",
        {
            "l": decision("B", {"x": terminal((1, 0))}, "h"),
            "r": decision("A", {"x": terminal((0, 1))}, "h"),
        },
    )
    with pytest.raises(GameError, match=r"root/r .*an information set has one player"):
        ExtensiveGame(mixed)
    short = chance({"a": (0.5, terminal((1,))), "b": (0.25, terminal((0,)))})
    with pytest.raises(GameError, match=r"chance node root: probabilities sum to 0\.75"):
        ExtensiveGame(short, players=("A",))


#: How latex_text writes each LaTeX special, read back: the decoder of the tests below.
_SYMBOLS = {
    r"\backslash ": "\\",
    r"\{": "{",
    r"\}": "}",
    r"\$": "$",
    r"\&": "&",
    r"\#": "#",
    r"\hat{}": "^",
    r"\_": "_",
    r"\%": "%",
    r"\sim ": "~",
}


def _read_back(latex: str) -> str:
    """The text a piece of latex_text output shows; fails on anything else (a bare special, a
    command, an unbalanced brace)."""
    import re

    token = re.compile(r"\\text\{([^\\{}$&#^_%~]*)\}|" + "|".join(map(re.escape, _SYMBOLS)))
    shown, position = [], 0
    while position < len(latex):
        match = token.match(latex, position)
        assert match, f"unexpected LaTeX at {latex[position:]!r}"
        shown.append(_SYMBOLS.get(match.group(0), match.group(1)))
        position = match.end()
    return "".join(shown)


def test_hostile_strategy_labels_are_escaped_in_the_latex_display() -> None:
    from bargaining.games import NormalFormGame

    hostile = r"a_b$\input{x}%"
    game = NormalFormGame.from_arrays(
        [[[1, 2], [3, 4]], [[0, 1], [1, 0]]],
        players=("Row&Co", "Col"),
        strategies=[[hostile, "b"], ["c~", "d^2 #1"]],
    )
    latex = game._repr_latex_()
    assert latex.startswith("$\\begin{array}") and latex.endswith("\\end{array}$")
    assert latex.count("$") - latex.count(r"\$") == 2  # the formula is not ended early
    assert r"\input" not in latex and "%" not in latex.replace(r"\%", "")
    inner = latex[len("$\\begin{array}{lcc} ") : -len(" \\end{array}$")]
    cells = [cell for row in inner.split(" \\\\ ") for cell in row.split(" & ")]
    assert [_read_back(cell) for cell in (cells[1], cells[2], cells[3], cells[6])] == [
        "c~",
        "d^2 #1",
        hostile,
        "b",
    ]


def test_latex_text_shows_any_text_as_written() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bargaining.display import latex_text

    @settings(max_examples=60, deadline=None)
    @given(st.text(alphabet=st.sampled_from("ab {}\\$&#^_%~x1")) | st.text(max_size=20))
    def shown_as_written(text: str) -> None:
        assert _read_back(latex_text(text)) == text

    shown_as_written()


#: A name a model file may hold: a pair of $ around an unknown TeX command.
HOSTILE_NAME = r"r$\input{x}$_%"


def _svg_text(figure) -> str:
    """The figure drawn as SVG with its texts kept as text (so they can be read back)."""
    import io

    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(out, format="svg")
    return out.getvalue()


def test_a_tree_with_tex_in_its_labels_draws_them_as_written() -> None:
    import html

    from bargaining.games.extensive import ExtensiveGame, decision, terminal

    game = ExtensiveGame(
        decision(
            HOSTILE_NAME,
            {HOSTILE_NAME: terminal((1,), outcome=HOSTILE_NAME), "y": terminal((0,))},
        ),
        players=(HOSTILE_NAME,),
        outcomes={HOSTILE_NAME: (1,)},
        title=HOSTILE_NAME,
    )
    svg = html.unescape(_svg_text(game.plot().figure))
    # player, action, outcome, title and legend: all drawn, none read as TeX.
    assert svg.count(HOSTILE_NAME) >= 4


def test_every_drawing_kernel_shows_model_text_as_written() -> None:
    import html

    import numpy as np

    from bargaining.drawing.bars import draw_histogram, draw_paired_bars
    from bargaining.drawing.curves import draw_outcome_bands
    from bargaining.drawing.regions import draw_regions

    name, x = HOSTILE_NAME, np.linspace(0, 1, 3)
    drawn = [
        draw_paired_bars(None, [name], [(name, x[:1], None), ("b", x[1:2], None)], xlabel=name),
        draw_histogram(None, [(name, x)], bins=x, xlabel=name, title=name),
        draw_outcome_bands(None, x, {name: (x, x)}, xlabel=name),
        draw_regions(None, np.zeros((2, 2), int), extent=(0, 1, 0, 1), labels=[name], title=name),
    ]
    for axes in drawn:
        if axes.get_legend() is None:
            axes.legend()
        assert name in html.unescape(_svg_text(axes.figure))


def test_the_code_blocks_of_the_docs_are_in_ruff_format() -> None:
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed")
    root = Path(__file__).resolve().parent.parent
    checked = subprocess.run(
        [ruff, "format", "--check", "docs"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


#: The report's tornadoes of models/ceasefire_us.toml (at the baselines, whole ranges) as the
#: code before the change computed them, one tornado per outcome: outcome -> (probability at
#: the baseline, {parameter: (probability at its low end, at its high end)} for the parameters
#: that move it). The other parameters' bars have no swing.
US_TORNADOES = {
    "ceasefire": (
        0.0,
        {"L": (1.0, 0.0), "W": (1.0, 0.0), "g": (1.0, 0.0), "S": (0.0, 1.0), "cR": (0.0, 1.0)},
    ),
    "ceasefire_after_pause": (0.0, {}),
    "talk_and_fight_sanctioned": (0.0, {}),
    "talk_and_fight_paused": (0.0, {}),
    "talk_and_fight": (0.0, {"W": (1.0, 0.0)}),
    "root_cause_sanctioned": (0.0, {}),
    "root_cause_after_pause": (0.0, {}),
    "root_cause_settlement": (0.0, {}),
    "war_sanctioned": (0.0, {"cS": (1.0, 0.0)}),
    "war_paused": (0.0, {"A": (1.0, 0.0)}),
    "war": (1.0, {"L": (0.0, 1.0), "cR": (1.0, 0.0)}),
}


# Two of the points have a support the solver cannot finish (it says so); the bars are as before.
@pytest.mark.filterwarnings("ignore::bargaining.solvers.nash.IncompleteResultWarning")
def test_the_tornadoes_of_every_outcome_solve_each_point_once(monkeypatch) -> None:
    import dataclasses

    from bargaining.analysis import target as targets
    from bargaining.analysis.tornado import tornadoes
    from bargaining.model import load_model

    solved = []

    def counted_concept(game, concept):
        chosen = concept_of(game, concept)

        def solve(point_game, **options):
            solved.append(point_game)
            return chosen.solve(point_game, **options)

        return dataclasses.replace(chosen, solve=solve)

    concept_of = targets.solution_concept
    monkeypatch.setattr(targets, "solution_concept", counted_concept)
    model = load_model("models/ceasefire_us.toml")
    target = targets.resolve_target(model)
    assert target.method == "points"  # an n-player game: solved point by point
    charts = tornadoes(target, list(US_TORNADOES))

    parameters = model.parameters.names
    assert len(solved) == 1 + 2 * len(parameters)  # the point and each parameter's two ends
    for chart in charts:
        baseline, moving = US_TORNADOES[chart.outcome]
        assert chart.baseline == baseline
        assert [bar.parameter for bar in chart.bars[: len(moving)]] == list(moving)
        for bar in chart.bars:
            space = model.parameters[bar.parameter]
            assert (bar.low, bar.high) == (float(space.low), float(space.high))
            ends = moving.get(bar.parameter, (baseline, baseline))
            assert (bar.at_low, bar.at_high) == ends
            assert bar.swing == max(*ends, baseline) - min(*ends, baseline)

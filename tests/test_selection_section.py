"""The report's blocks on equilibrium selection and on what a mediator can reach."""

from __future__ import annotations

from fractions import Fraction

from bargaining import NormalFormGame, load_model, mediator_reach, nash_equilibria
from bargaining.params import Parameter, ParameterSpace
from bargaining.report.document import Heading, Paragraph, Table
from bargaining.report.selection_section import selection_blocks, selection_summary
from bargaining.solvers.selection import equilibrium_selection


def _texts(blocks) -> list[str]:
    return [" ".join(map(str, block.parts)) for block in blocks if isinstance(block, Paragraph)]


def test_stag_hunt_summary_names_the_disagreement():
    stag_hunt = NormalFormGame.from_arrays([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    equilibria = nash_equilibria(stag_hunt)
    summary = selection_summary(equilibrium_selection(stag_hunt), equilibria)
    assert summary == (
        "The selection criteria disagree (risk dominant: #1; payoff dominant: #3; QRE limit: #1)."
    )


def test_ceasefire_blocks_at_the_baseline():
    model = load_model("models/ceasefire.toml")
    game = model.games["talks"]
    equilibria = nash_equilibria(game, at=model.parameters.baseline)
    blocks = selection_blocks(game, model.parameters, equilibria, levers=("L",))
    assert [b.text for b in blocks if isinstance(b, Heading)] == [
        "Which equilibrium to expect",
        "What a mediator can reach",
    ]
    assert any("agree on equilibrium #2" in text for text in _texts(blocks))
    tables = [block for block in blocks if isinstance(block, Table)]
    marks, reach, along, tipping, slopes = tables
    assert [row[0] for row in marks.rows] == [("1",), ("2",)]
    assert [row[0][0] for row in reach.rows] == [
        "ceasefire",
        "talk_and_fight",
        "root_cause_settlement",
        "war",
    ]
    assert len(along.rows) == 5 and along.rows[0][:2] == (("L",), ("0",))
    assert along.rows[0][2] == ("1.000",)  # no leverage: a mediator can secure the truce
    # Past L = 28/43 not even a mediator reaches the truce: exact LPs on either side agree.
    (ceasefire,) = [row for row in tipping.rows if row[1] == ("ceasefire",)]
    assert [str(part.expression) for part in ceasefire[2]] == ["28/43"]
    baseline = model.parameters.baseline
    for side, best in (
        (Fraction(28, 43) - Fraction(1, 1000), 1),
        (Fraction(28, 43) + Fraction(1, 1000), 0),
    ):
        assert mediator_reach(game, "ceasefire", at={**baseline, "L": side}).high == best
    # At L = 0.7 the best probabilities are constant (1 or 0) along L: slope 0 exactly.
    assert slopes.header[:2] == ("lever", "d P(ceasefire)")
    assert [cell[0].expression for cell in slopes.rows[0][1:]] == [0, 0, 0, 0]


def test_games_without_outcomes_get_selection_only():
    game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    space = ParameterSpace([Parameter("x", 0, 1, 0)])
    blocks = selection_blocks(game, space, nash_equilibria(game), levers=())
    assert [b.text for b in blocks if isinstance(b, Heading)] == ["Which equilibrium to expect"]

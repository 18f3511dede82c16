"""A tree game's report: the tree drawn at the baseline with an equilibrium path, and its
subgame-perfect equilibria, the same that ``bargaining solve`` gives."""

from __future__ import annotations

from bargaining.model import load_model
from bargaining.report import build
from bargaining.solvers.subgame_perfect import subgame_perfect


def test_the_tree_is_drawn_and_its_equilibrium_is_in_the_report(tmp_path):
    report = build("models/ceasefire_sequence.toml", tmp_path / "seq", claim_examples=0, draws=50)
    names = [path.name for path in report.files]
    assert "tree.svg" in names
    markdown = (report.directory / "report.md").read_text("utf-8")
    assert "![The game tree with payoffs at the baseline" in markdown
    assert "Solution concept: subgame-perfect equilibrium." in markdown
    page = (report.directory / "report.html").read_text("utf-8")
    assert page.count("<img ") == sum(name.endswith(".svg") for name in names)
    # The baseline table lists exactly the subgame-perfect equilibria (before, the report listed
    # the Nash equilibria of the reduced normal form, a larger set).
    model = load_model("models/ceasefire_sequence.toml")
    table = markdown.split("### Equilibria at the baseline")[1].split("###")[0]
    rows = {
        tuple(cell.strip() for cell in line.strip("|").split("|")[1:3])
        for line in table.splitlines()
        if line.startswith("| ") and line[2].isdigit()
    }
    expected = {
        tuple(
            labels[chosen].replace("_", "\\_")
            for labels, chosen in zip(
                equilibrium.strategy_labels, equilibrium.reduced_profile, strict=True
            )
        )
        for equilibrium in subgame_perfect(model.game(), at=model.parameters.baseline)
    }
    assert rows == expected

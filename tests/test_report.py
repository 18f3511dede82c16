"""bargaining report: the ceasefire report says what the solvers say, in both formats, and is
written safely (all or nothing, never over someone else's files, model text escaped)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy

from bargaining.analysis import parametric_equilibria
from bargaining.analysis.thresholds import describe_equilibrium
from bargaining.cli import main
from bargaining.errors import BargainingError
from bargaining.model import load_model
from bargaining.report import build, bundled_model
from bargaining.report.output import MARKER, write_files

CEASEFIRE = Path(__file__).resolve().parents[1] / "models" / "ceasefire.toml"


@pytest.fixture(scope="module")
def default_report(tmp_path_factory) -> Path:
    """``bargaining report`` with no arguments, run in an empty directory."""
    workdir = tmp_path_factory.mktemp("cwd")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workdir)
        assert main(["report"]) == 0
    return workdir / "reports" / "ceasefire"


@pytest.fixture(scope="module")
def solution():
    model = load_model(CEASEFIRE)
    return parametric_equilibria(model.game(), model.parameters)


def test_default_command_reports_the_bundled_ceasefire_model(default_report):
    names = sorted(path.name for path in default_report.iterdir())
    assert "report.md" in names and "report.html" in names
    svgs = {name for name in names if name.endswith(".svg")}
    curves = {f"outcomes-{lever}.svg" for lever in ("L", "W", "G", "g", "P")}
    # Sensitivity figures for the outcomes some parameter moves (never the root-cause terms).
    sensitivity = {
        f"{kind}-{outcome}.svg"
        for kind in ("tornado", "monte-carlo")
        for outcome in ("ceasefire", "talk_and_fight", "war")
    }
    assert svgs == curves | sensitivity | {"regions-L-W.svg"}
    assert bundled_model().read_bytes() == CEASEFIRE.read_bytes()


def test_baseline_equilibria_in_the_report_are_the_solvers(default_report, solution):
    markdown = (default_report / "report.md").read_text("utf-8")
    section = markdown.split("### Equilibria at the baseline")[1].split("###")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and line[2].isdigit()]
    baseline = solution.at()
    assert len(rows) == len(baseline) == 2
    for row, equilibrium in zip(rows, baseline, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        played = [cell for cell in cells[1:3]]
        assert "; ".join(
            f"{player}: {cell}" for player, cell in zip(equilibrium.players, played, strict=True)
        ) == describe_equilibrium(equilibrium)
        payoffs = sympy.latex(sympy.Tuple(*(sympy.nsimplify(p) for p in equilibrium.payoffs)))
        assert cells[3] == f"${payoffs}$"


def test_every_tipping_point_is_in_the_report(default_report, solution):
    markdown = (default_report / "report.md").read_text("utf-8")
    table = markdown.split("### Tipping points")[1].split("###")[0]
    for lever in ("L", "W", "G", "g", "P"):
        for threshold in solution.thresholds(lever):
            assert f"| {lever} | ${sympy.latex(threshold.value)}$ |" in table
            assert f"{float(threshold.value):.4g}" in table


def test_summary_names_the_tipping_points_that_bring_a_ceasefire(default_report, solution):
    markdown = (default_report / "report.md").read_text("utf-8")
    summary = markdown.split("## Summary")[1].split("## Players")[0]
    assert (
        "At the baseline the game has 2 equilibria, ending in talk\\_and\\_fight or war." in summary
    )
    (ceasefire_line,) = [line for line in summary.splitlines() if line.startswith("- ceasefire")]
    assert "becomes an equilibrium outcome" in ceasefire_line
    # The guarantee threshold where a ceasefire appears, straight from the solver.
    (appears,) = [
        t for t in solution.thresholds("G") if "ceasefire" in t.outcomes_above - t.outcomes_below
    ]
    words = f"G rises from 0.2 above {appears.value} (≈ {float(appears.value):.3g})"
    assert words in ceasefire_line


def test_html_is_self_contained_with_math_and_inline_figures(default_report):
    page = (default_report / "report.html").read_text("utf-8")
    figures = len(list(default_report.glob("*.svg")))
    assert page.count('<img src="data:image/svg+xml;base64,') == figures
    assert "<math" in page and "<mfrac>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page
    assert '<meta name="viewport"' in page and "@media print" in page


def test_footer_records_seed_hash_and_command(default_report):
    import hashlib

    markdown = (default_report / "report.md").read_text("utf-8")
    digest = hashlib.sha256(CEASEFIRE.read_bytes()).hexdigest()
    assert f"- Model file: ceasefire.toml, SHA-256 {digest}" in markdown
    assert "- Seed: 0" in markdown
    assert (
        "- Command: bargaining report --format md,html --seed 0 --claim-examples 25 --draws 2000"
        in markdown
    )
    assert "sympy " in markdown and "matplotlib " in markdown


def test_claims_table_reports_every_claim(default_report):
    markdown = (default_report / "report.md").read_text("utf-8")
    claims = markdown.split("## Claims")[1].split("## Reproducibility")[0]
    for claim in load_model(CEASEFIRE).claims:
        name = claim.name.replace("_", r"\_")
        assert re.search(rf"\| {re.escape(name)} \| .* \| holds \| \d+ \|", claims)


def test_markdown_has_no_doctest_prompts(default_report):
    assert ">>>" not in (default_report / "report.md").read_text("utf-8")


HOSTILE = """
[model]
name = "hostile"
title = "<script>alert('title')</script>"
description = "A *bold* claim | with pipes, $math$ and <script>alert(1)</script>\\n>>> 1 + 1"
[players.A]
description = "<img src=x onerror=alert(2)>"
[players.B]
[parameters.c]
description = "cost <b>of</b> war"
range = [0, 2]
baseline = 1
low_means = "</td><script>x</script>"
[outcomes.deal]
description = "<iframe>"
payoffs = { A = 1, B = 1 }
[outcomes.war]
payoffs = { A = "1 - c", B = "-c" }
[games.g]
type = "normal"
strategies = { A = ["talk", "fight"], B = ["talk", "fight"] }
outcomes = [["deal", "war"], ["war", "war"]]
"""


def test_model_text_is_escaped_in_both_formats(tmp_path):
    model_file = tmp_path / "hostile.toml"
    model_file.write_text(HOSTILE, "utf-8")
    report = build(model_file, tmp_path / "out", claim_examples=0)
    page = (report.directory / "report.html").read_text("utf-8")
    markdown = (report.directory / "report.md").read_text("utf-8")
    for text in (page, markdown):
        assert "<script" not in text and "<img src=x" not in text and "<iframe" not in text
        assert "<b>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert ">>>" not in markdown and "\\*bold\\*" in markdown and "\\|" in markdown


def test_a_failure_halfway_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(document):
        raise RuntimeError("injected failure after the analysis")

    monkeypatch.setattr("bargaining.report.pipeline.render_html", broken)
    with pytest.raises(RuntimeError, match="injected"):
        build("models/chicken.toml", tmp_path / "out" / "chicken", claim_examples=0)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_keeps_the_earlier_report(tmp_path):
    target = tmp_path / "report"
    write_files(target, {"report.md": b"earlier"})
    with pytest.raises(TypeError):
        write_files(target, {"report.md": b"new", "figure.svg": None})  # fails on the 2nd file
    assert [p.name for p in tmp_path.iterdir()] == ["report"]
    assert (target / "report.md").read_bytes() == b"earlier"


def test_never_replaces_a_directory_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BargainingError, match="not a report folder"):
        write_files(tmp_path, {"report.md": b"x"})
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not (tmp_path / "report.md").exists()


def test_file_names_cannot_leave_the_directory(tmp_path):
    with pytest.raises(BargainingError, match="plain file name"):
        write_files(tmp_path / "out", {"../escape.md": b"x"})
    assert list(tmp_path.iterdir()) == []


def test_rebuilding_replaces_the_earlier_report_and_is_byte_identical(tmp_path):
    first = build("models/chicken.toml", tmp_path / "c", formats=("md",), claim_examples=0)
    contents = {path.name: path.read_bytes() for path in first.files}
    # A figure an earlier report wrote (listed in its marker) that this one does not draw.
    (tmp_path / "c" / "old-figure.svg").write_text("<svg/>")
    with open(tmp_path / "c" / MARKER, "a", encoding="utf-8") as marker:
        marker.write("old-figure.svg\n")
    second = build("models/chicken.toml", tmp_path / "c", formats=("md",), claim_examples=0)
    assert {path.name: path.read_bytes() for path in second.files} == contents
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == sorted([*contents, MARKER])


def test_model_errors_exit_2_without_traceback_or_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text('[model]\nname = "x"\n[players.A]\n', "utf-8")
    assert main(["report", "bad.toml"]) == 2
    error = capsys.readouterr().err
    assert "bad.toml" in error and "Traceback" not in error
    assert list(tmp_path.iterdir()) == [tmp_path / "bad.toml"]


def test_cli_writes_only_the_formats_asked_for(tmp_path, capsys):
    assert (
        main(
            [
                "report",
                "models/chicken.toml",
                "-o",
                str(tmp_path / "c"),
                "--format",
                "html",
                "--claim-examples",
                "0",
            ]
        )
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [MARKER, "report.html"]
    assert "report.html" in capsys.readouterr().out
    assert main(["report", "models/chicken.toml", "--format", "pdf"]) == 2


def test_monte_carlo_table_is_the_draws_of_the_reported_seed(default_report, solution):
    from bargaining.analysis.monte_carlo import monte_carlo

    markdown = (default_report / "report.md").read_text("utf-8")
    for summary in monte_carlo(solution, 2000, seed=0).summaries():
        name = summary.outcome.replace("_", r"\_")
        row = (
            f"| {name} | {summary.possible:.1%} ± {summary.possible_se:.1%} "
            f"| {summary.assured:.1%} ± {summary.assured_se:.1%} |"
        )
        assert row in markdown


THREE_PLAYERS = """
[model]
name = "three"
[players.A]
[players.B]
[players.C]
[games.g]
type = "normal"
strategies = { A = ["x", "y"], B = ["x", "y"], C = ["x"] }
payoffs = [[[[1, 1, 0]], [[0, 0, 0]]], [[[0, 0, 0]], [[2, 2, 1]]]]
"""


def test_a_model_without_parameters_or_outcome_names(tmp_path):
    model_file = tmp_path / "three.toml"
    model_file.write_text(THREE_PLAYERS, "utf-8")
    report = build(model_file, tmp_path / "out", formats=("md",))
    assert [path.name for path in report.files] == ["report.md"]  # nothing to draw
    markdown = (report.directory / "report.md").read_text("utf-8")
    assert "The model has no parameters." in markdown
    assert "| y | y | x | $\\left( 2, \\  2, \\  1\\right)$ |" in markdown
    # Three players: the two pure equilibria and the mixed one support enumeration finds.
    assert "At the baseline the game has 3 equilibria: (A: y; B: y; C: x), (A: x 2/3" in markdown
    assert "(A: x; B: x; C: x)" in markdown


def test_dollar_signs_in_model_text_are_shown_not_typeset(tmp_path):
    model_file = tmp_path / "dollars.toml"
    text = HOSTILE.replace(
        'description = "cost <b>of</b> war"', 'description = "cost per month, $x^{$ here"'
    )
    model_file.write_text(text, "utf-8")
    report = build(model_file, tmp_path / "out", formats=("md",), claim_examples=0, draws=50)
    svg = (report.directory / "outcomes-c.svg").read_text("utf-8")
    assert "cost per month, $x^{$ here" in svg

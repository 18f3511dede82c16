"""``bargaining report`` shows its stages on stderr, and only where someone is watching."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from bargaining.cli import main
from bargaining.cli.report import stage_display
from bargaining.report import build

FAST = ["--claim-examples", "0", "--draws", "50", "--format", "md"]


def quick_report(out, stage) -> None:
    build("models/chicken.toml", out, formats=("md",), claim_examples=0, draws=50, progress=stage)


def test_build_announces_each_stage_in_order(tmp_path):
    stages: list[str] = []
    quick_report(tmp_path / "out", stages.append)
    assert stages == [
        "reading the model",
        "solving game crisis",
        "checking 4 claims",
        "drawing the figures",
        "rendering md",
        "writing the report",
    ]


def test_a_terminal_sees_the_stages(tmp_path):
    screen = Console(file=io.StringIO(), force_terminal=True, width=80)
    with stage_display(screen) as stage:
        quick_report(tmp_path / "out", stage)
    shown = screen.file.getvalue()
    for stage_name in ("solving game crisis", "checking 4 claims", "writing the report"):
        assert stage_name in shown


def test_stage_names_from_the_model_are_not_markup():
    screen = Console(file=io.StringIO(), force_terminal=True, width=80)
    with stage_display(screen) as stage:
        stage("solving game [bold]x[/bold]")
    assert "[bold]x[/bold]" in screen.file.getvalue()


def test_no_console_means_no_display():
    with stage_display(None) as stage:
        assert stage("anything") is None


@pytest.mark.parametrize("quiet", [True, False])
def test_cli_is_silent_on_stderr_when_quiet_or_not_a_terminal(tmp_path, capsys, quiet):
    # Under pytest, stderr is captured: not a terminal.
    arguments = ["report", "models/chicken.toml", "-o", str(tmp_path / "out"), *FAST]
    assert main(arguments + (["--quiet"] if quiet else [])) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "report.md" in captured.out


@pytest.mark.parametrize("quiet", [True, False])
def test_cli_shows_stages_on_a_terminal_unless_quiet(tmp_path, capsys, monkeypatch, quiet):
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich treats stderr as a terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    arguments = ["report", "models/chicken.toml", "-o", str(tmp_path / "out"), *FAST]
    assert main(arguments + (["--quiet"] if quiet else [])) == 0
    err = capsys.readouterr().err
    if quiet:
        assert err == ""
    else:
        assert "solving game crisis" in err and "writing the report" in err


def test_a_stage_that_fails_gets_no_tick():
    screen = Console(file=io.StringIO(), force_terminal=True, width=80)
    with pytest.raises(RuntimeError), stage_display(screen) as stage:
        stage("reading the model")
        stage("solving game talks")
        raise RuntimeError("solver crashed")
    lines = screen.file.getvalue().splitlines()
    # The last frame: the stage that ended is ticked, the one that failed is not.
    assert "✓" in [line for line in lines if "reading the model" in line][-1]
    assert "✓" not in [line for line in lines if "solving game talks" in line][-1]

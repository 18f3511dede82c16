"""docs/reference/errors.md cannot rot: its limits are the code's, and every refusal it lists
is what the command says (its example is run) or, without an example, text the code holds."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from bargaining.cli.app import main
from bargaining.limits import LIMITS
from bargaining.report.output import MARKER

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "errors.md"
SOURCE = "\n".join(path.read_text("utf-8") for path in (ROOT / "bargaining").rglob("*.py"))


def table(heading: str) -> list[list[str]]:
    """The rows (cells, stripped) of the first table after ``## heading``."""
    section = PAGE.read_text("utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def code(cell: str) -> str:
    assert cell.startswith("`") and cell.endswith("`"), cell
    return cell[1:-1]


def test_the_limits_table_is_the_code_s():
    rows = {code(variable): int(default) for variable, default, _ in table("Limits")}
    assert rows == {limit.variable: limit.default for limit in LIMITS}


def pattern(message: str) -> re.Pattern:
    return re.compile(".*?".join(re.escape(part) for part in message.split("…")), re.DOTALL)


REFUSALS = table("Refusals")


@pytest.mark.parametrize(
    ("message", "exit_code", "example"),
    [pytest.param(code(row[2]), int(row[3]), row[4], id=row[1]) for row in REFUSALS],
)
def test_each_refusal_says_what_the_catalogue_says(
    tmp_path, monkeypatch, capsys, message, exit_code, example
):
    if not example:
        for part in message.removeprefix("bargaining: error: ").split("…"):
            assert part.strip(" :;") in SOURCE, part
        return
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").symlink_to(ROOT / "models")
    (tmp_path / "afile").write_text("x")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "notes.md").write_text("mine")
    (tmp_path / "edited").mkdir()
    (tmp_path / "edited" / "report.md").write_text("# a report")
    (tmp_path / "edited" / MARKER).write_text("bargaining report 0.1.0\nreport.md\n")
    (tmp_path / "edited" / "notes.md").write_text("mine")
    os.mkfifo(tmp_path / "fifo.toml")
    parameters = "".join(f"[parameters.p{i}]\nrange = [0, 1]\nbaseline = 0\n" for i in range(201))
    (tmp_path / "big.toml").write_text(f'[model]\nname = "big"\n{parameters}')
    words = shlex.split(code(example))
    while "=" in words[0]:
        variable, value = words.pop(0).split("=", 1)
        monkeypatch.setenv(variable, value)
    assert words.pop(0) == "bargaining"
    assert main(words) == exit_code
    error = capsys.readouterr().err
    assert pattern(message).search(error), error
    assert "internal error" not in error and "Traceback" not in error

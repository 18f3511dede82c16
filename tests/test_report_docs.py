"""docs/reports/ is current: each report was built from today's model file (fast, every run),
and rebuilding every report gives the committed files (slow: about 30 s of CPU).

When either fails after a model or the report code changed, regenerate and commit::

    .venv/bin/python -m bargaining.report.docs_reports
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bargaining.report.docs_reports import differences, regenerate, reportable_models

ROOT = Path(__file__).resolve().parents[1]


def test_every_reportable_model_has_a_report():
    names = {Path(source.file).stem for source in reportable_models(ROOT / "models")}
    assert {"ceasefire", "chicken", "prisoners_dilemma", "battle_of_the_sexes"} <= names
    committed = {path.name for path in (ROOT / "docs" / "reports").iterdir() if path.is_dir()}
    assert committed == names


def test_each_report_was_built_from_the_current_model_file():
    for report in sorted((ROOT / "docs" / "reports").glob("*/report.md")):
        found = re.search(
            r"^- Model file: (\S+), SHA-256 ([0-9a-f]{64})$",
            report.read_text("utf-8"),
            re.MULTILINE,
        )
        assert found, f"{report} has no model hash in its footer"
        model = ROOT / "models" / found.group(1).replace("\\", "")  # Markdown escapes
        assert hashlib.sha256(model.read_bytes()).hexdigest() == found.group(2), (
            f"{model.name} changed since its report was built; regenerate with "
            "`.venv/bin/python -m bargaining.report.docs_reports`"
        )


@pytest.mark.slow
def test_committed_reports_are_current(tmp_path):
    regenerate(ROOT / "models", ROOT / "docs" / "reports", into=tmp_path)
    problems = differences(ROOT / "docs" / "reports", tmp_path)
    assert problems == [], (
        "docs/reports is out of date; regenerate with "
        "`.venv/bin/python -m bargaining.report.docs_reports`:\n" + "\n".join(problems)
    )


def test_a_changed_report_is_detected(tmp_path):
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    for root in (fresh, committed):
        (root / "m").mkdir(parents=True)
        (root / "index.md").write_text("# Reports\n")
    (fresh / "m" / "report.md").write_text("- Package versions: python 3.11\nL = 4/9\n")
    (committed / "m" / "report.md").write_text("- Package versions: python 3.12\nL = 4/9\n")
    assert differences(committed, fresh) == []  # versions alone do not make a report stale
    (committed / "m" / "report.md").write_text("- Package versions: python 3.11\nL = 1/2\n")
    (committed / "m" / "old.svg").write_text("<svg/>")
    assert differences(committed, fresh) == ["m/old.svg: stale file", "m/report.md: out of date"]

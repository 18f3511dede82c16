"""The documentation site builds in strict mode: a broken link, a page missing from the nav, an
unresolved cross-reference or a docstring griffe cannot parse fails the build, and this test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")
pytest.importorskip("material")
pytest.importorskip("mkdocstrings_handlers.python")

ROOT = Path(__file__).resolve().parents[1]


def test_site_builds_in_strict_mode_without_warnings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    log = result.stdout + result.stderr
    problems = [line for line in log.splitlines() if not line.startswith("INFO")]
    assert result.returncode == 0, "\n".join(problems)
    assert not [line for line in problems if line.startswith(("WARNING", "ERROR"))], log
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "reference" / "solvers" / "index.html").is_file()

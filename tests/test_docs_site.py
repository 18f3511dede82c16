"""The documentation site builds in strict mode: a broken link, a page missing from the nav, an
unresolved cross-reference or a docstring griffe cannot parse fails the build, and this test.
Where Chromium is installed, the built pages are also opened headless to check that MathJax,
shipped with the site, typesets every formula without network access."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")
pytest.importorskip("material")
pytest.importorskip("mkdocstrings_handlers.python")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: Pages with many formulas: an explanation written by hand and a generated report.
MATH_PAGES = ("explanation/alternating-offers", "reports/ceasefire/report")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return result, site


def test_site_builds_in_strict_mode_without_warnings(build) -> None:
    result, site = build
    log = result.stdout + result.stderr
    problems = [line for line in log.splitlines() if not line.startswith("INFO")]
    assert result.returncode == 0, "\n".join(problems)
    assert not [line for line in problems if line.startswith(("WARNING", "ERROR"))], log
    assert (site / "index.html").is_file()
    assert (site / "reference" / "solvers" / "index.html").is_file()


#: The modules whose public names (``__all__``) the reference pages must document.
DOCUMENTED = (
    "bargaining.params",
    "bargaining.errors",
    "bargaining.expr",
    "bargaining.games",
    "bargaining.solvers",
    "bargaining.theory",
    "bargaining.analysis",
    "bargaining.model",
    "bargaining.io",
    "bargaining.testing",
    "bargaining.report",
    "bargaining.display",
)


def test_every_public_name_has_a_reference_entry(build) -> None:
    result, site = build
    if result.returncode != 0:
        pytest.skip("the site did not build (see the strict-mode test)")
    html = "".join(page.read_text() for page in (site / "reference").rglob("index.html"))
    anchors = set(re.findall(r'id="(bargaining[\w.]*)"', html))
    missing = [
        f"{module}.{name}"
        for module in DOCUMENTED
        for name in importlib.import_module(module).__all__
        if f"{module}.{name}" not in anchors
        and not any(a.startswith(f"{module}.") and a.endswith(f".{name}") for a in anchors)
    ]
    assert not missing, f"not on any reference page: {missing}"


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian's chromium package)")
@pytest.mark.parametrize("page", MATH_PAGES)
def test_math_is_typeset_offline(build, page: str) -> None:
    result, site = build
    if result.returncode != 0:
        pytest.skip("the site did not build (see the strict-mode test)")
    html = site / page / "index.html"
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=15000",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    formulas = len(re.findall(r'class="arithmatex"', dom))
    typeset = len(re.findall(r"<mjx-container", dom))
    assert formulas > 0, f"{page}: no formulas found"
    assert typeset == formulas, f"{page}: {typeset} of {formulas} formulas typeset"
    assert '<g data-mml-node="merror"' not in dom, f"{page}: MathJax reports a TeX error"

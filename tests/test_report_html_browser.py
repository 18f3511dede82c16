"""The HTML report in a real browser (headless Chromium): every figure decodes, the math is
MathML the browser renders, nothing is fetched from the network and nothing is logged to the
console. Skipped only where Chromium is not installed (CI installs it)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bargaining.report import build

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

# Appended to a copy of the report (the report itself has no scripts): after the load event,
# record what rendered in an attribute that --dump-dom prints.
PROBE = """
<script>
window.addEventListener("load", () => {
  const images = [...document.images];
  const maths = [...document.querySelectorAll("math")];
  document.body.setAttribute("data-probe", JSON.stringify({
    images: images.length,
    broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt),
    maths: maths.length,
    mathml: maths.every(m => m instanceof MathMLElement),
    flat: maths.filter(m => m.getBoundingClientRect().height === 0).length,
    tables: document.querySelectorAll("table").length,
  }));
});
</script>
"""


def _render(page: Path, profile: Path, width: int) -> tuple[dict, str]:
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            # Any attempt to reach the network fails and is logged as a console error.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            f"--window-size={width},2000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    match = re.search(r'data-probe="([^"]*)"', result.stdout)
    assert match, f"the page did not load: {result.stderr[-2000:]}"
    probe = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return probe, result.stderr


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    report = build(
        "models/deterrence.toml", root / "deterrence", formats=("html",), claim_examples=0
    )
    probed = root / "probed.html"
    html = (report.directory / "report.html").read_text("utf-8")
    probed.write_text(html.replace("</body>", PROBE + "</body>"), "utf-8")
    return probed


@pytest.mark.parametrize("width", [1200, 390])
def test_figures_and_math_render_without_errors(report_page, tmp_path, width):
    probe, log = _render(report_page, tmp_path / "profile", width)
    assert probe["images"] == report_page.read_text("utf-8").count("<img ") > 0
    assert probe["broken"] == []
    assert probe["maths"] > 0 and probe["mathml"] and probe["flat"] == 0
    assert probe["tables"] >= 5
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    assert console == []

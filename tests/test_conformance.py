"""The shared conformance set (Gambit's catalog with Gambit's answers), run as the CI would.

The game files are test data owned outside this repository: they are read from
``../shared/conformance`` and never copied here. The test is skipped where that folder is
absent (a checkout without the shared data).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT.parent / "shared" / "conformance" / "run.py"

# Kinds of game this version supports; extensive-form (.efg) games come with sequential games.
SUPPORTED = ["nfg", "efg"]


@pytest.mark.skipif(not RUNNER.exists(), reason="shared conformance data not present")
@pytest.mark.parametrize("kind", SUPPORTED)
def test_conformance_set_passes(kind):
    result = subprocess.run(
        [sys.executable, str(RUNNER), "--only", kind],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    failures = [line for line in result.stdout.splitlines() if not line.startswith("ok")]
    assert result.returncode == 0, "\n".join(failures[-20:])
    assert failures[-1].endswith(" 0 failed")

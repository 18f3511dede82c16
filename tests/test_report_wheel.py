"""The bundled models ship in the wheel, so ``bargaining report`` with no model works after a
plain ``pip install`` on a fresh machine, not only in an editable checkout."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Without network, build with the hatchling already installed, if there is one.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            *isolation,
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0 and "hatchling" in result.stderr and not isolation:
        pytest.skip(f"cannot fetch the build backend (offline?): {result.stderr[-300:]}")
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("bargaining-*.whl")
    return built


def test_the_wheel_carries_every_model_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for model in sorted((ROOT / "models").glob("*.toml")):
            packaged = f"bargaining/models/{model.name}"
            assert packaged in names
            assert archive.read(packaged) == model.read_bytes()


def test_an_installed_wheel_finds_its_bundled_model(wheel, tmp_path):
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    # Run from an empty directory with only the unpacked wheel on the path: no checkout nearby.
    environment = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import bargaining; from bargaining.report import bundled_model; "
            "print(bargaining.__file__); print(bundled_model())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    package_file, model = result.stdout.split()
    assert Path(package_file).is_relative_to(installed)
    assert Path(model) == installed / "bargaining" / "models" / "ceasefire.toml"


@pytest.mark.slow
def test_report_with_no_model_runs_from_the_installed_wheel(wheel, tmp_path):
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "bargaining", "report", "--format", "html"],
        capture_output=True,
        text=True,
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(installed)},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "reports" / "ceasefire" / "report.html").is_file()

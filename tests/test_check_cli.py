"""``bargaining check``: output and exit codes, run as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "models"


def run(*args: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    environment.pop("BARGAINING_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "bargaining.cli", "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def test_all_claims_hold():
    result = run("models/chicken.toml", "--examples", "30")
    assert result.returncode == 0, result.stderr
    assert "4 of 4 claims hold" in result.stdout
    assert "three equilibria" in result.stdout and "FAILED" not in result.stdout


def test_a_failing_claim_exits_1_and_shows_the_counterexample():
    result = run(str(FIXTURES / "false_claim.toml"), "--seed", "1")
    assert result.returncode == 1, result.stderr
    assert "1 of 3 claims hold" in result.stdout
    assert "FAILED: a truce always holds" in result.stdout
    assert "at L=1, c=1/5" in result.stdout
    assert "Russia={fight: 1}; Ukraine={truce: 1}" in result.stdout
    assert "at L=1/3, c=1/5" in result.stdout


def test_one_claim_by_name():
    result = run(str(FIXTURES / "false_claim.toml"), "--claim", "war at high leverage")
    assert result.returncode == 0
    assert "1 of 1 claims hold" in result.stdout


def test_model_errors_exit_2():
    result = run(str(FIXTURES / "many_problems.toml"))
    assert result.returncode == 2
    assert "problem" in result.stderr and result.stdout == ""
    missing = run("no/such/model.toml")
    assert missing.returncode == 2
    unknown = run(str(FIXTURES / "false_claim.toml"), "--claim", "nope")
    assert unknown.returncode == 2 and "unknown claim 'nope'" in unknown.stderr


def test_help():
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: bargaining check")


def test_check_leaves_no_hypothesis_folder_in_the_working_directory(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key != "HYPOTHESIS_STORAGE_DIRECTORY"
    }
    environment["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    run = subprocess.run(
        [sys.executable, "-m", "bargaining", "check", str(ROOT / "models" / "chicken.toml")],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / ".hypothesis").exists()
    assert (tmp_path / "cache" / "bargaining" / "hypothesis").is_dir()

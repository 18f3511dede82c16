"""The claim checker: false claims are caught with simple counterexamples, true ones pass,
Python claims, and the pytest plugin."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from bargaining import nash_equilibria
from bargaining.errors import BargainingError
from bargaining.model import load_model
from bargaining.testing import ClaimResult, check_claim, check_model, claim

pytest_plugins = ["pytester"]


def _plugin_arguments() -> list[str]:
    """``-p bargaining.testing.plugin``, unless the package's pytest11 entry point loads it
    already (loading it twice under two names is an error)."""
    from importlib.metadata import entry_points

    if any(ep.value == "bargaining.testing.plugin" for ep in entry_points(group="pytest11")):
        return []
    return ["-p", "bargaining.testing.plugin"]


ROOT = Path(__file__).resolve().parent.parent
FALSE = ROOT / "tests" / "fixtures" / "models" / "false_claim.toml"
CLASSICS = sorted(
    path for path in (ROOT / "models").glob("*.toml") if "[[claims]]" in path.read_text()
)


def test_a_false_claim_is_caught_at_a_range_end():
    model = load_model(FALSE)
    result = check_claim(model, "a truce always holds")
    assert isinstance(result, ClaimResult) and not result.passed and not result
    point = result.counterexample
    # Simple: each value is the baseline or a range end.
    for parameter in model.parameters:
        assert point[parameter.name] in (parameter.baseline, parameter.low, parameter.high)
    # It really violates the claim: no truce at that point.
    (eq,) = nash_equilibria(model.game(), at=point)
    assert eq.probability("truce") == 0
    assert result.equilibria == (
        "Russia={fight: 1}; Ukraine={truce: 1}; payoffs 1, -1/5; outcomes war 1",
    )


def test_the_search_shrinks_a_counterexample_no_fixed_point_reaches():
    model = load_model(FALSE)
    result = check_claim(model, "no truce in a narrow band")
    assert not result.passed
    # The simplest fraction strictly between 0.3 and 0.4, the other parameter at its baseline.
    assert result.counterexample == {"L": Fraction(1, 3), "c": Fraction(1, 5)}
    (eq,) = nash_equilibria(model.game(), at=result.counterexample)
    assert eq.probability("truce") == 1
    assert "fails at L=1/3, c=1/5" in result.explain()


def test_true_claims_pass_and_the_result_is_deterministic():
    results = check_model(FALSE, seed=3)
    assert [r.passed for r in results] == [False, True, False]
    assert results == check_model(FALSE, seed=3)
    assert results[1].tried > 5 and results[1].counterexample is None


# The three-player model is solved point by point (about a second a point, 30 s for its
# claims): its claims are checked at their fixed points by test_same_answer by default, and on
# 60 drawn examples in the slow run.
POINT_BY_POINT = {"ceasefire_us"}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, marks=pytest.mark.slow) if path.stem in POINT_BY_POINT else path
        for path in CLASSICS
    ],
    ids=lambda path: path.stem,
)
def test_the_classic_models_claims_hold(path):
    for result in check_model(path, examples=60):
        assert result.passed, result.explain()


def test_unknown_claim():
    with pytest.raises(BargainingError, match="unknown claim 'nope'"):
        check_claim(FALSE, "nope")


def test_a_vacuous_claim_says_so(tmp_path):
    text = (
        FALSE.read_text()
        + '\n[[claims]]\nname = "never"\ngiven = "L > 1"\nexpect = "count() == 9"\n'
    )
    path = tmp_path / "vacuous.toml"
    path.write_text(text)
    result = check_claim(path, "never", examples=20)
    assert result.passed and result.tried == 0 and "no point" in result.note


def test_python_claims():
    @claim(FALSE, given="L > 0.6", examples=30)
    def war_at_high_leverage(equilibria, point):
        return all(eq.probability("war") == 1 for eq in equilibria)

    war_at_high_leverage()  # passes: no exception
    assert war_at_high_leverage.check().passed

    @claim(FALSE, game="talks", given=lambda point: point["c"] <= Fraction(1, 2), examples=30)
    def truce_whenever_war_is_costly(equilibria, point):
        return equilibria[0].probability("truce") == 1

    result = truce_whenever_war_is_costly.check()
    assert not result.passed
    assert result.counterexample == {"L": 1, "c": Fraction(1, 5)}
    with pytest.raises(AssertionError, match="fails at L=1, c=1/5"):
        truce_whenever_war_is_costly()


def test_pytest_plugin_collects_claims(pytester):
    pytester.makepyfile(test_nothing="def test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess(
        *_plugin_arguments(),
        "--bargaining-models",
        str(FALSE),
        "--bargaining-models",
        str(ROOT / "models" / "chicken.toml"),
        "-p",
        "no:cacheprovider",
    )
    # test_nothing.py is not run: the option asks for the claims and nothing else.
    result.assert_outcomes(passed=1 + 4, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*false_claim.toml::a truce always holds*",
            "*claim 'no truce in a narrow band' (game 'talks') fails at L=1/3, c=1/5*",
        ]
    )


def test_pytest_plugin_with_models_checks_only_their_claims(pytester):
    """In a project with testpaths, ``--bargaining-models`` runs the claims and not the project's
    tests (nor a README doctest, a file testpaths names); a test path given on the command line
    still runs beside them."""
    pytester.makeini("[pytest]\ntestpaths = tests README.md\naddopts = --doctest-glob=*.md\n")
    pytester.mkdir("tests")
    (pytester.path / "tests" / "test_project.py").write_text("def test_project():\n    pass\n")
    (pytester.path / "README.md").write_text(">>> 1 + 1\n2\n")
    # Inside the project, as a user runs it: pytest finds the rootdir (and the ini file) from
    # the paths on the command line, the option's value among them.
    (pytester.path / FALSE.name).write_text(FALSE.read_text())
    options = [*_plugin_arguments(), "--bargaining-models", FALSE.name, "-p", "no:cacheprovider"]
    claims = pytester.runpytest_subprocess(*options, "-v")
    claims.assert_outcomes(passed=1, failed=2, deselected=1)
    # The claims count as collected: the README doctest is the one item deselected.
    claims.stdout.fnmatch_lines(["*collected 4 items / 1 deselected / 3 selected"])
    claims.stdout.no_fnmatch_line("*test_project*")
    both = pytester.runpytest_subprocess(*options, "-v", "tests/test_project.py")
    both.assert_outcomes(passed=1 + 1, failed=2)
    both.stdout.fnmatch_lines(["*test_project.py::test_project PASSED*"])


def test_pytest_plugin_reports_model_errors(pytester):
    bad = pytester.path / "bad.toml"
    bad.write_text('[model]\nname = "x"\n')
    result = pytester.runpytest_subprocess(
        *_plugin_arguments(), "--bargaining-models", str(pytester.path)
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the model file has problems*"])


def test_given_narrows_the_search_and_pins_equalities(tmp_path):
    text = FALSE.read_text() + (
        '\n[[claims]]\nname = "pinned"\ngiven = "c == 0.5 and L >= 0.9"\n'
        "expect = \"prob('truce') == 1\"\n"
    )
    path = tmp_path / "pinned.toml"
    path.write_text(text)
    result = check_claim(path, "pinned", examples=20)
    assert not result.passed
    assert result.counterexample == {"L": 1, "c": Fraction(1, 2)}
    assert result.tried > 1

"""Every result type of the package displays in a notebook (issue 19): its ``_repr_html_`` is
well-formed HTML that says what the result holds, model text is escaped, and the plain
``repr`` stays short enough for a terminal.

The result types are discovered from the public API, so a new one without a display (or
without an instance here) fails :func:`test_every_result_type_has_a_display`.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sympy

import bargaining
from bargaining import (
    BargainingProblem,
    ExtensiveGame,
    NormalFormGame,
    grid,
    load_model,
    loads_model,
)
from bargaining.display import ResultList, html_table, html_value
from bargaining.games.extensive import decision, terminal
from bargaining.solvers.support_enumeration import support_enumeration
from bargaining.theory import StageGame

# Public classes that are not results, with why they need no display of their own.
NOT_RESULTS = {
    "ClosedFormResult": "a mixin; each closed-form result class is checked",
    "Grid": "input points (a mapping of arrays)",
    "PointValues": "the values a Target passes between functions",
    "SolutionConcept": "a registry entry",
    "StageGame": "an input of grim_trigger_threshold",
    "SubgamePerfectPiece": "a piece, shown inside its ParametricSolution",
    "Target": "an input wrapper of the sensitivity functions",
}
PACKAGES = ("bargaining.solvers", "bargaining.analysis", "bargaining.theory")
REPR_LIMIT = 600  # characters: a few terminal lines


def result_classes() -> dict[str, type]:
    """The result types of the public API: the dataclasses and lists its analysis packages
    export, and the Model."""
    found = {"Model": bargaining.Model}
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            value = getattr(module, name)
            if not inspect.isclass(value) or name in NOT_RESULTS:
                continue
            if dataclasses.is_dataclass(value) or issubclass(value, list):
                found[name] = value
    return found


class StrictHTML(HTMLParser):
    """Parses a fragment and fails on an unbalanced or misnested tag or on a script."""

    VOID = frozenset({"br", "hr", "img", "meta", "input", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag != "script", "a script element in a display"
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parsed_text(fragment: str) -> str:
    """The text of a fragment that must be balanced HTML."""
    assert isinstance(fragment, str) and fragment
    parser = StrictHTML()
    parser.feed(fragment)
    parser.close()
    assert not parser.open, f"unclosed tags: {parser.open}"
    return " ".join(parser.text)


# -- one instance of every result type ----------------------------------------------------------

BATTLE = NormalFormGame.from_arrays(
    [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    players=("Row", "Column"),
    strategies=(("opera", "fight"), ("opera", "fight")),
    outcomes=[["date", "apart"], ["apart", "boxing"]],
)
CHICKEN = NormalFormGame.from_arrays(
    [[[6, 2], [7, 0]], [[6, 7], [2, 0]]],
    strategies=(("chicken", "dare"), ("chicken", "dare")),
    outcomes=[["peace", "A wins"], ["B wins", "crash"]],
)
SWERVE_COST = sympy.Symbol("t", real=True)
# chicken where swerving alone costs t: a mediator's best P(peace) is (10 - t)/(12 - t) up to 10
MEDIATOR_PIECES = bargaining.mediator_pieces(
    NormalFormGame.from_arrays(
        [[[0, -SWERVE_COST], [1, -10]], [[0, 1], [-SWERVE_COST, -10]]],
        outcomes=[["peace", "B wins"], ["A wins", "crash"]],
    ),
    "peace",
    "t",
    low=0,
    high=15,
)
CHICKEN_LEVER = NormalFormGame.from_arrays(
    [[[6, 2], [SWERVE_COST, 0]], [[6, SWERVE_COST], [2, 0]]],
    outcomes=[["peace", "war"], ["war", "crash"]],
)
DEGENERATE = NormalFormGame.from_arrays(
    [[[1, 1], [0, 0]], [[1, 1], [0, 1]]], strategies=(("top", "bottom"), ("left", "right"))
)
DILEMMA = NormalFormGame.from_arrays(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=(("cooperate", "defect"),) * 2
)
THREAT = ExtensiveGame(
    decision(
        "A",
        {
            "give": terminal((0, 1)),
            "keep": decision("B", {"punish": terminal((-1, -1)), "let go": terminal((1, 0))}),
        },
    ),
    players=("A", "B"),
)


@functools.cache
def model():
    return load_model("models/deterrence.toml")


@functools.cache
def solution():
    return bargaining.parametric_equilibria(model().game(), model().parameters)


def theory_results() -> dict[str, object]:
    from bargaining import theory

    f, tenth = Fraction, Fraction(1, 10)
    u = sympy.Symbol("u1", nonnegative=True)
    return {
        "RubinsteinSolution": theory.rubinstein(f(9, 10), f(9, 10)),
        "BreakdownSolution": theory.rubinstein_breakdown(f(1, 2), breakdown_payoffs=(tenth, 0)),
        "FrontierOffers": theory.frontier_offers(
            BargainingProblem.from_frontier(1 - u**2, u), delta_1=f(1, 2), delta_2=f(1, 2)
        ),
        "FearonRange": theory.fearon_range(f(3, 5), c_a=tenth, c_b=f(1, 5)),
        "Indivisibility": theory.indivisible_issue(f(1, 2), c_a=tenth, c_b=tenth),
        "RiskReturnOffer": theory.risk_return_offer(f(1, 2), c_a=tenth, c_low=0, c_high=f(3, 10)),
        "ShiftingPower": theory.commitment_problem(
            m0=f(7, 10), m1=f(4, 10), c_d=tenth, c_r=tenth, delta=f(9, 10)
        ),
        "GradualShift": theory.gradual_power_shift(
            [f(8, 10), f(7, 10), f(6, 10)], c_d=tenth, c_r=tenth, delta=f(19, 20)
        ),
        "CeasefireRearmament": theory.ceasefire_rearmament(
            m0=f(4, 5),
            rho=f(1, 2),
            c_r=f(1, 20),
            c_u=f(1, 20),
            status_quo=f(3, 5),
            delta=f(99, 100),
        ),
        "GrimTriggerThreshold": theory.grim_trigger_threshold(
            StageGame(temptation=5, reward=3, punishment=1)
        ),
        "AttritionEquilibrium": theory.war_of_attrition(value_1=4, cost_1=1, value_2=2, cost_2=1),
        "PrivateValueAttrition": theory.private_value_attrition(2),
        "WarOfPositions": theory.war_of_positions(2, 4, win_probability=f(2, 3)),
        "OptimismSettlement": theory.optimism_settlement(
            2, 4, belief_a=f(3, 4), belief_b=f(1, 4), cost_a=f(1, 50), cost_b=f(1, 50)
        ),
    }


@pytest.fixture(scope="module")
def instances() -> dict[str, object]:
    """Result type name -> one instance, from small games and the bundled deterrence model
    (the analyses take its parametric solution, solved once)."""
    crisis, parametric = model(), solution()
    outcome = next(iter(crisis.outcomes))
    lever = crisis.parameters.parameters[0]
    points = [float(lever.low + (lever.high - lever.low) * Fraction(k, 10)) for k in (1, 5, 9)]
    equilibria = bargaining.nash_equilibria(BATTLE)
    dominance = bargaining.iterated_dominance(DILEMMA)
    (component,) = bargaining.equilibrium_components(DEGENERATE)
    selection = bargaining.equilibrium_selection(BATTLE)
    sensitivity = bargaining.sensitivity(parametric)
    tornado = bargaining.tornado(parametric, outcome)
    monte_carlo = bargaining.monte_carlo(parametric, 64, seed=1)
    pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], (Fraction(1, 5), 0))
    return {
        "Model": crisis,
        "Equilibrium": equilibria[0],
        "EquilibriumList": equilibria,
        "SupportEnumeration": support_enumeration(BATTLE),
        "CorrelatedEquilibrium": bargaining.correlated_equilibria(CHICKEN),
        "MediatorReach": bargaining.mediator_reach(CHICKEN, "peace"),
        "MediatorPieces": MEDIATOR_PIECES,
        "MediatorBounds": bargaining.mediator_bounds(CHICKEN_LEVER, {"t": [7, 12, 7.5]}),
        "MediatorPiece": MEDIATOR_PIECES.pieces[0],
        "BargainingSolution": bargaining.nash_bargaining(pie),
        "DominanceResult": dominance,
        "Elimination": dominance.eliminated[0],
        "EquilibriumComponent": component,
        "NashSubset": component.subsets[0],
        "Selection": selection,
        "SelectionMarks": selection.marks[0],
        "QREPoint": bargaining.logit_qre(BATTLE, 2.0)[0],
        "QREPath": bargaining.qre_path(BATTLE),
        "QREFit": bargaining.fit_qre(BATTLE, [[30, 20], [22, 28]]),
        "LearningPath": bargaining.fictitious_play(BATTLE, iterations=50, seed=1),
        "SubgamePerfectEquilibrium": bargaining.subgame_perfect(THREAT)[0],
        "BayesNashEquilibrium": bargaining.bayes_nash_equilibria(
            load_model("models/buying_time.toml").game(),
            at=load_model("models/buying_time.toml").parameters.baseline,
        )[0],
        "PerfectBayesianEquilibrium": bargaining.perfect_bayesian_equilibria(
            load_model("models/beer_quiche.toml").game(), at={"s": 0.9}
        )[0],
        "ParametricSolution": parametric,
        "Threshold": parametric.thresholds(lever.name)[0],
        "CacheInfo": bargaining.analysis.cache_info(),
        "Region": parametric.regions([lever.name])[0],
        "Evaluation": parametric.evaluate({lever.name: points}),
        "SweepResult": bargaining.sweep(crisis, grid(**{lever.name: points})),
        "Sensitivity": sensitivity,
        "Derivative": sensitivity.rows[0],
        "Tornado": tornado,
        "TornadoBar": tornado.bars[0],
        "MonteCarlo": monte_carlo,
        "OutcomeSummary": monte_carlo.summaries()[0],
        "SobolIndices": bargaining.sobol(parametric, outcome, n=64, seed=1),
        **theory_results(),
    }


# -- the tests ----------------------------------------------------------------------------------


def test_every_result_type_has_a_display(instances):
    classes = result_classes()
    assert len(classes) > 30  # the discovery found the API, not an empty list
    missing_instance = sorted(set(classes) - set(instances))
    assert not missing_instance, f"add an instance of {missing_instance} to this test"
    for name, cls in classes.items():
        assert isinstance(instances[name], cls), name
        assert callable(getattr(cls, "_repr_html_", None)), f"{name} has no _repr_html_"


@pytest.mark.parametrize("name", sorted(result_classes()))
def test_display_is_well_formed_html(instances, name):
    text = parsed_text(instances[name]._repr_html_())
    assert text.strip()


def test_ipython_shows_every_result_as_html(instances):
    formatters = pytest.importorskip("IPython.core.formatters")
    formatter = formatters.DisplayFormatter()
    for name, value in instances.items():
        shown, _ = formatter.format(value)  # a display that raises would be left out
        assert "text/html" in shown, name


@pytest.mark.parametrize("name", sorted(result_classes()))
def test_repr_is_short(instances, name):
    value = instances[name]
    items = value if isinstance(value, list) else [value]
    for item in items:
        assert len(repr(item)) < REPR_LIMIT, f"{name}: {repr(item)[:200]}…"


def test_displays_say_what_the_result_holds(instances):
    equilibrium = parsed_text(instances["EquilibriumList"]._repr_html_())
    assert "opera" in equilibrium and "2/3" in equilibrium  # the mixed equilibrium
    threshold = instances["Threshold"]
    assert str(threshold.value) in parsed_text(threshold._repr_html_())
    solution_text = parsed_text(instances["ParametricSolution"]._repr_html_())
    assert "challenge" in solution_text and r"\(" in solution_text  # labels, typeset formulas
    region = instances["Region"]
    assert str(region.bounds[1]) in parsed_text(region._repr_html_())
    sweep_text = parsed_text(instances["SweepResult"]._repr_html_())
    assert "3" in sweep_text and "crisis" in sweep_text and "status_quo" in sweep_text
    sobol = instances["SobolIndices"]
    assert sobol.parameters[0] in parsed_text(sobol._repr_html_())
    fearon = instances["FearonRange"]
    assert str(fearon.low) in parsed_text(fearon._repr_html_())
    correlated = parsed_text(instances["CorrelatedEquilibrium"]._repr_html_())
    assert "probability" in correlated and "chicken" in correlated


@pytest.mark.parametrize("path", sorted(Path("models").glob("*.toml")), ids=lambda p: p.stem)
def test_every_bundled_model_displays(path):
    shown = load_model(path)
    text = parsed_text(shown._repr_html_())
    assert shown.name in text and all(name in text for name in shown.players)


def test_result_lists_display_as_one_table(instances):
    thresholds = solution().thresholds(model().parameters.names[0])
    assert isinstance(thresholds, ResultList)
    text = parsed_text(thresholds._repr_html_())
    assert all(str(t.value) in text for t in thresholds)
    assert isinstance(bargaining.equilibria(BATTLE), ResultList)
    assert isinstance(solution().at(), ResultList)
    assert parsed_text(ResultList()._repr_html_()) == "(none)"
    # Lists of other solvers' results show too; items without rows by their repr, escaped.
    assert isinstance(bargaining.subgame_perfect(THREAT), ResultList)
    assert isinstance(bargaining.pure_equilibria(BATTLE), ResultList)
    assert "&lt;b&gt;" in ResultList(["<b>"])._repr_html_()


def test_an_incomplete_list_of_equilibria_says_so():
    from bargaining.solvers import EquilibriumList

    shown = parsed_text(
        EquilibriumList([], complete=False, note="the time limit ran out")._repr_html_()
    )
    assert "time limit" in shown


HOSTILE = """
[model]
name = "hostile"
title = "<script>alert('title')</script> talks"
description = "<img src=x onerror=alert(1)> & more"
[players.A]
description = "<b>bold</b>"
[players.B]
[parameters.c]
description = "</td></tr></table><script>alert(2)</script>"
range = [0, 1]
baseline = 0.5
[outcomes.deal]
description = "<i>deal</i>"
payoffs = { A = "1 - c", B = "c" }
[outcomes.war]
payoffs = { A = 0, B = 0 }
[games.g]
type = "normal"
strategies = { A = ["<script>x</script>", "fight"], B = ["talk", "<u>fight</u>"] }
outcomes = [["deal", "war"], ["war", "war"]]
"""


def test_model_text_is_escaped():
    hostile = loads_model(HOSTILE, "hostile.toml")
    shown = hostile._repr_html_()
    text = parsed_text(shown)  # a script element or an unbalanced tag fails here
    for raw in ("<script>", "<img", "<b>", "<i>", "<u>", "</table><script>"):
        assert raw not in shown
    assert "<script>alert('title')</script> talks" in text  # shown as text, not run
    assert "<script>x</script>" in text
    eqs = bargaining.equilibria(hostile.game(), at={"c": Fraction(1, 2)})
    assert "<script>" not in eqs._repr_html_()
    assert "<script>x</script>" in parsed_text(eqs._repr_html_())
    solved = bargaining.parametric_equilibria(hostile.game(), hostile.parameters)
    for html in (solved._repr_html_(), solved.regions(["c"])._repr_html_()):
        assert "<script>" not in html and "<u>" not in html
        parsed_text(html)


def test_values_are_escaped_and_formulas_typeset():
    L = sympy.Symbol("L")
    assert html_value("<a href='x'>") == "&lt;a href=&#x27;x&#x27;&gt;"
    below_half = sympy.StrictLessThan(L, sympy.Rational(1, 2))
    assert html_value(below_half) == r"\(L &lt; \frac{1}{2}\)"
    # A string is never parsed as a formula, whatever it looks like.
    assert html_value("__import__('os')") == "__import__(&#x27;os&#x27;)"
    long = html_table(["n"], ([i] for i in range(120)), limit=10)
    assert "110 more rows" in parsed_text(long)

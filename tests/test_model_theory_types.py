"""The theory game types of model files: "bargaining", "war", "commitment" and "repeated".

Each reads as documented, reports every problem with its key path and what was expected,
writes back to a file that reads back equal, and summarises to what an independent
computation (brute force over settlements, the defining inequalities, backward induction)
gives at random parameter values of the bundled models."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining.errors import GameError
from bargaining.model import ModelError, load_model, loads_model
from bargaining.model.bargaining_type import BargainingGame
from bargaining.model.commitment_type import CommitmentGame
from bargaining.model.game_types import game_type_of
from bargaining.model.repeated_type import RepeatedGame
from bargaining.model.war_type import WarGame
from bargaining.testing.strategies import parameter_values
from bargaining.theory.alternating_offers import rubinstein

ROOT = Path(__file__).resolve().parent.parent
F = Fraction
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEAD = """
[model]
name = "m"
[players.A]
[players.B]
[parameters.p]
range = [0, 1]
baseline = 0.6
[parameters.c]
range = [0, 0.5]
baseline = 0.1
"""

WAR = """
[games.w]
type = "war"
win_probability = "p"
costs = { A = "c", B = "2*c" }
demands.all = 1
demands.half = 0.5
settlements = [0, 0.5, 1]
cost_prior = { low = 0, high = "4*c" }
"""

BARGAINING = """
[games.b]
type = "bargaining"
vertices = [[0, 0], ["1 + c", 0], [1, 1], [0, 1]]
disagreement = { A = "c", B = 0 }
weights = { A = 1, B = 2 }
"""

FRONTIER = """
[games.f]
type = "bargaining"
frontier = "1 - u1**2"
solutions = ["nash", "egalitarian"]
"""

REGION = """
[games.r]
type = "bargaining"
feasible_set = "u1**2/(4*p + 1) + u2**2 <= 1"
disagreement = { A = 0.5, B = 0.2 }
"""

PIE = """
[games.pie]
type = "bargaining"
discount_factors = { A = 0.9, B = "1 - c" }
outside_options = { A = 0, B = "c" }
"""

COMMITMENT = """
[games.truce]
type = "commitment"
win_probability = "p"
rearm_gain = 0.5
costs = { A = "c", B = "c" }
discount = 0.9
status_quo = "p"

[games.shift]
type = "commitment"
win_probability = "p"
win_probability_after = "p - 0.3"
costs = { A = "c", B = "c" }
discount = 0.9
protocol = "rising-proposes"
"""

REPEATED = """
[games.r]
type = "repeated"
stage = { reward = 3, temptation = "5 - c", sucker = 0, punishment = 1 }
detection = "p"
fine = "c"
punishment_payoff = "1 - c"
discount = 0.9
"""


def load(*games: str):
    return loads_model(HEAD + "".join(games), "m.toml")


def problems(*games: str) -> list[str]:
    with pytest.raises(ModelError) as error:
        load(*games)
    return [f"{p.key}: {p.message}" for p in error.value.problems]


def summary(game, values) -> dict[str, str]:
    return dict(game_type_of(game).summarize(game, values))


# -- reading and writing --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [WAR, BARGAINING, FRONTIER, REGION, PIE, COMMITMENT, REPEATED])
def test_each_type_round_trips(text):
    model = load(text)
    written = model.to_toml()
    assert loads_model(written) == model
    assert loads_model(written).to_toml() == written


def test_games_hold_the_formulas_in_the_parameters_symbols():
    model = load(WAR, BARGAINING, COMMITMENT, REPEATED)
    p, c = (model.parameters[name].symbol for name in ("p", "c"))
    war = model.game("w")
    assert isinstance(war, WarGame)
    assert (war.win_probability, war.costs) == (p, (c, 2 * c))
    assert war.demands == (("all", 1), ("half", sympy.Rational(1, 2)))
    assert war.cost_prior == (0, 4 * c)
    assert isinstance(model.game("b"), BargainingGame)
    assert model.game("b").vertices[1] == (1 + c, 0)
    assert model.game("truce").is_truce and not model.game("shift").is_truce
    assert isinstance(model.game("shift"), CommitmentGame)
    repeated = model.game("r")
    assert isinstance(repeated, RepeatedGame)
    assert (repeated.temptation, repeated.detection, repeated.punishment_payoff) == (
        5 - c,
        p,
        1 - c,
    )


def test_defaults_are_filled_in():
    model = load(FRONTIER, PIE)
    assert model.game("f").disagreement == (0, 0)
    assert model.game("f").weights == (1, 1)
    assert model.game("pie").solutions == (
        "nash",
        "kalai-smorodinsky",
        "egalitarian",
        "utilitarian",
    )
    minimal = load(
        '[games.r]\ntype = "repeated"\n'
        "stage = { reward = 3, temptation = 5, sucker = 0, punishment = 1 }\n"
    ).game("r")
    assert (minimal.detection, minimal.fine, minimal.punishment_payoff, minimal.discount) == (
        1,
        0,
        None,
        None,
    )


# -- problems name the key and what was expected ------------------------------------------------


def test_war_problems():
    found = problems(
        '[games.w]\ntype = "war"\nwin_probability = 1.5\ncosts = { A = "c", C = -1 }\n'
        'demands = 3\nsettlements = []\ncost_prior = { low = "c", high = "c", mean = 1 }\n'
    )
    assert found == [
        "games.w.win_probability: 3/2 is not a probability of winning; expected a value "
        "strictly between 0 and 1",
        "games.w.costs.C: 'C' is not a player of this game; the game's players are: A, B",
        "games.w.costs: no value for B; expected a cost of war (nonnegative, in pie units), "
        'e.g. A = "12*cR", B = "12*cR"',
        'games.w.demands: expected a table name -> share, e.g. demands.root_causes = "1 + k"; '
        "got an integer (3)",
        "games.w.settlements: expected a non-empty array of settlements (shares), e.g. [0, 1]; "
        "got an array",
        "games.w.cost_prior.mean: unknown key 'mean'; allowed here: low, high",
        "games.w.cost_prior: the prior [c, c] is empty; expected low < high",
    ]


def test_missing_keys_and_unknown_players():
    found = problems('[games.w]\ntype = "war"\nplayers = ["A", "Z"]\n')
    assert found[0].startswith("games.w.players[1]: unknown player 'Z'")
    assert found[1].startswith("games.w.win_probability: missing; expected a probability")


def test_formulas_are_parsed_safely_and_name_undeclared_parameters():
    found = problems(WAR.replace('win_probability = "p"', "win_probability = \"__import__('os')\""))
    assert len(found) == 1 and found[0].startswith("games.w.win_probability: ")
    found = problems(WAR.replace('"2*c"', '"2*r"'))
    assert found[0].startswith("games.w.costs.B: undeclared name 'r'")


def test_commitment_problems():
    found = problems(
        '[games.t]\ntype = "commitment"\nwin_probability = "p"\ncosts = { A = 0, B = 0 }\n'
        "discount = 1\nrearm_gain = 0.5\nwin_probability_after = 0.2\n"
    )
    assert found == [
        "games.t.discount: 1 is not a discount factor; expected a value strictly between 0 and 1",
        "games.t: mixes a truce (rearm_gain) and a one-time shift (win_probability_after); give "
        "rearm_gain and status_quo, or win_probability_after",
    ]
    found = problems(COMMITMENT.replace('"rising-proposes"', '"whoever"'))
    assert found == [
        "games.shift.protocol: unknown protocol 'whoever'; expected one of: any, rising-proposes"
    ]


def test_repeated_game_needs_no_sucker_payoff():
    model = load(
        '[games.r]\ntype = "repeated"\nstage = { reward = 3, temptation = 5, punishment = 1 }\n'
    )
    game = model.game("r")
    assert game.sucker is None
    assert game.threshold({}).critical_delta == Fraction(1, 2)


def test_repeated_problems():
    found = problems(
        '[games.r]\ntype = "repeated"\nstage = { reward = 3, temptation = 2, sucker = 0, '
        "punishment = 1 }\n"
    )
    assert found == [
        "games.r.stage: T = 2, R = 3, P = 1, S = 0 is not a ceasefire dilemma; expected "
        "temptation > reward > punishment > sucker"
    ]
    found = problems(
        '[games.r]\ntype = "repeated"\nstage = { reward = 3, temptation = 2, punishment = 1 }\n'
    )
    assert found == [
        "games.r.stage: T = 2, R = 3, P = 1 is not a ceasefire dilemma; expected "
        "temptation > reward > punishment"
    ]
    found = problems('[games.r]\ntype = "repeated"\ndetection = 2\n')
    assert found[0].startswith("games.r.stage: expected the stage game's payoffs")
    assert found[1] == (
        "games.r.detection: 2 is not a detection probability; expected a value from 0 to 1"
    )


def test_bargaining_problems():
    assert problems(BARGAINING.replace("weights", 'frontier = "1 - u1"\nweights')) == [
        "games.b: has both vertices and frontier; give one feasible set, not both"
    ]
    found = problems(
        '[games.b]\ntype = "bargaining"\nfrontier = "1 - p"\nsolutions = ["nash", "nahs"]\n'
        "vertices_ = 1\n"
    )
    assert found == [
        "games.b.vertices_: unknown key 'vertices_' (did you mean 'vertices'?); allowed here: "
        "type, description, players, vertices, frontier, feasible_set, disagreement, weights, "
        "solutions, discount_factors, outside_options",
        "games.b.frontier: the frontier 1 - p does not depend on u1; expected u2 as a formula "
        'in u1, e.g. "1 - u1**2"',
        "games.b.solutions[1]: unknown solution 'nahs' (did you mean 'nash'?); "
        "expected one of: nash, kalai-smorodinsky, egalitarian, utilitarian",
    ]
    found = problems(BARGAINING.replace("weights", "discount_factors = { A = 0.9, B = 0.9 }\nw"))
    assert found[-1].startswith("games.b.discount_factors: alternating offers divide the unit pie")
    found = problems(BARGAINING.replace('[[0, 0], ["1 + c", 0]', '[[0, 0], ["1 + c"]'))
    assert found == [
        'games.b.vertices[1]: expected a pair [u1, u2] of a payoff, e.g. ["1 - L", 0]; got 1 '
        "entries"
    ]


def test_a_parameter_named_like_the_frontier_variable_is_refused():
    text = HEAD.replace("[parameters.c]", "[parameters.u1]") + FRONTIER
    with pytest.raises(ModelError, match=r"games.f.frontier: the parameter 'u1' hides"):
        loads_model(text)


@pytest.mark.parametrize(
    ("feasible_set", "expected"),
    [
        ('"u1**2 + u2**2 == 1"', "expected one inequality in u1 and u2"),
        ('"u1 <= 1"', "does not involve u2"),
        ('"u1 + u3 <= 1"', "undeclared name 'u3'"),
        ("1", "expected a condition in quotes"),
    ],
)
def test_a_bad_feasible_set_is_named(feasible_set, expected):
    (problem,) = problems(REGION.replace('"u1**2/(4*p + 1) + u2**2 <= 1"', feasible_set))
    assert problem.startswith("games.r.feasible_set: ")
    assert expected in problem


def test_a_feasible_set_beside_a_frontier_is_refused():
    (problem,) = problems(REGION + 'frontier = "1 - u1"\n')
    assert problem == "games.r: has both frontier and feasible_set; give one feasible set, not both"


def test_a_parameter_named_like_a_payoff_variable_is_refused_in_a_feasible_set():
    text = HEAD.replace("[parameters.c]", "[parameters.u2]") + REGION
    with pytest.raises(ModelError, match=r"games.r.feasible_set: the parameter 'u2' hides"):
        loads_model(text)


def test_a_feasible_set_solves_on_its_upper_boundary():
    rows = summary(load(REGION).game("r"), {"p": F(3, 4), "c": 0})
    # the ellipse u1**2/4 + u2**2 <= 1 from (1/2, 1/5): the issue's quartic, exact
    assert rows["nash solution"].startswith("A CRootOf(400*x**4 - 200*x**3 - 1559*x**2")
    assert "≈ 1.4436" in rows["nash solution"]
    assert rows["utilitarian solution"] == "A 4*sqrt(5)/5 ≈ 1.7889, B sqrt(5)/5 ≈ 0.4472"


def test_problems_carry_line_numbers():
    with pytest.raises(ModelError) as error:
        load(REPEATED.replace('detection = "p"', "detection = 7"))
    (problem,) = error.value.problems
    assert problem.line == (HEAD + REPEATED).splitlines().index('detection = "p"') + 1


# -- summaries against independent computations --------------------------------------------------


def test_war_summary_against_brute_force_over_settlements():
    model = load(WAR)
    values = {"p": F(3, 5), "c": F(1, 10)}
    rows = summary(model.game("w"), values)
    # A prefers x to war iff x >= p - c_A; B iff 1 - x >= 1 - p - c_B: scan hundredths
    grid = [F(i, 100) for i in range(101)]
    both = [x for x in grid if x >= F(3, 5) - F(1, 10) and 1 - x >= 1 - F(3, 5) - F(2, 10)]
    assert rows["bargaining range (A's share both prefer to war)"] == "0.5 to 0.8"
    assert (both[0], both[-1]) == (F(1, 2), F(4, 5))
    assert rows["demand all (A's share 1)"] == "outside: B prefers war"
    assert rows["demand half (A's share 0.5)"] == "inside: both prefer it to war"
    assert rows["settlements both prefer to war (indivisible issue)"] == "0.5"

    # the risk-return offer maximises A's expected payoff over a fine grid of demands
    def expected(x):
        war = min(max((x - F(3, 5)) / F(4, 10), F(0)), F(1))  # Pr(c_B < x - p), c_B ~ U[0, 0.4]
        return (1 - war) * x + war * (F(3, 5) - F(1, 10))

    best = max((F(i, 1000) for i in range(600, 1001)), key=expected)
    assert rows["A's optimal demand, B's cost private"] == str(float(best))


def test_bargaining_summary_against_closed_forms_and_backward_induction():
    model = load(BARGAINING, PIE)
    rows = summary(model.game("b"), {"p": 0, "c": F(1, 5)})
    # the hull of (0,0), (6/5,0), (1,1), (0,1) from d = (1/5, 0): on the edge u2 = 1 the
    # weighted Nash product (u1 - 1/5)(1)^2 is maximal at (1, 1)
    assert rows["nash solution"] == "A 1, B 1"
    assert rows["utilitarian solution"] == "A 1, B 1"
    rows = summary(model.game("pie"), {"p": 0, "c": F(1, 10)})
    # a long finite horizon of alternating offers (Stahl 1972) converges to the SPE split
    d1, d2, w2 = F(9, 10), F(9, 10), F(1, 10)
    share_2 = F(0)  # responder 2's value of the last period
    for period in range(400):
        proposer_is_1 = period % 2 == 0
        delta, option = (d2, w2) if proposer_is_1 else (d1, F(0))
        share_2 = 1 - max(delta * share_2, option)
    expected = rubinstein(d1, d2, outside_options=(0, w2)).proposer_1
    assert abs(1 - share_2 - expected[1]) < F(1, 10**6)
    assert rows["alternating offers, A proposing first"] == "A 10/19 ≈ 0.5263, B 9/19 ≈ 0.4737"
    assert expected == (F(10, 19), F(9, 19))


def test_commitment_summary_against_the_defining_inequality():
    model = load(COMMITMENT)
    for p in (F(3, 5), F(4, 5), F(19, 20)):
        values = {"p": p, "c": F(1, 20)}
        truce = summary(model.game("truce"), values)
        m1 = p - F(1, 2) * (p - F(1, 2))
        rejects = p - F(1, 20) > (1 - F(9, 10)) * p + F(9, 10) * (m1 + F(1, 20))
        assert truce["A rejects the truce in every protocol"] == ("yes" if rejects else "no")
    shift = summary(model.game("shift"), {"p": F(4, 5), "c": F(1, 20)})
    # rising proposes: war iff m0 - c_D > (1 - delta) + delta max(m1 - c_D, 0)
    war = F(4, 5) - F(1, 20) > F(1, 10) + F(9, 10) * (F(1, 2) - F(1, 20))
    assert shift["war unavoidable (rising-proposes protocol)"] == ("yes" if war else "no")


def _holds_by_one_shot_deviation(t, r, p, q, fine, punished, delta):
    """Hold forever vs violate once: detected (q) -> fine and punishment forever."""
    hold = r / (1 - delta)
    deviate = t - q * fine + delta * (q * punished / (1 - delta) + (1 - q) * r / (1 - delta))
    return hold >= deviate


@PROPERTY
@given(parameter_values(load(REPEATED).parameters))
def test_repeated_summary_agrees_with_the_one_shot_deviation_principle(values):
    model = load(REPEATED)
    game = model.game("r")
    result = game.threshold(values)
    t, r, p = 5 - values["c"], 3, 1
    for delta in (F(1, 10), F(1, 2), F(9, 10), F(99, 100)):
        expected = _holds_by_one_shot_deviation(
            t, r, p, values["p"], values["c"], 1 - values["c"], delta
        )
        assert (delta >= result.critical_delta) == expected, delta


def _model_values(path: str):
    return parameter_values(load_model(ROOT / "models" / path).parameters)


@PROPERTY
@given(_model_values("ceasefire_stability.toml"))
def test_ceasefire_stability_model_holds_iff_one_shot_deviations_do_not_pay(values):
    model = load_model(ROOT / "models" / "ceasefire_stability.toml")
    for name, game in model.games.items():
        rows = summary(game, values)
        q = game.detection.subs({s: values[s.name] for s in game.detection.free_symbols})
        fine = game.fine.subs({s: values[s.name] for s in game.fine.free_symbols})
        v, c, delta = values["V"], values["cR"], values["delta"]
        expected = _holds_by_one_shot_deviation(v - c, 0, -c, q, fine, -c, delta)
        assert rows["the ceasefire holds (delta >= delta*)"] == ("yes" if expected else "no"), name


@PROPERTY
@given(_model_values("rearm_truce.toml"))
def test_rearm_truce_model_rejects_iff_the_defining_inequality_holds(values):
    model = load_model(ROOT / "models" / "rearm_truce.toml")
    rows = summary(model.game("truce"), values)
    m0 = values["L"] * (1 - F(values["W"]) / 2)
    m1 = m0 - values["g"] * (1 - values["G"]) * (m0 - F(1, 2))
    # theory-notes §4.4: the truce freezes the division at s = m0 for one period
    delta = values["delta"]
    rejects = m0 - values["cR"] > (1 - delta) * m0 + delta * (m1 + values["cU"])
    assert rows["Russia rejects the truce in every protocol"] == ("yes" if rejects else "no")


@PROPERTY
@given(_model_values("root_causes.toml"))
def test_root_causes_model_demand_is_inside_iff_ukraine_prefers_it_to_war(values):
    model = load_model(ROOT / "models" / "root_causes.toml")
    rows = summary(model.game("talks"), values)
    p = values["L"] * (1 - F(values["W"]) / 2)
    ukraine_accepts = -values["k"] >= 1 - p - 12 * values["cU"]  # its payoff of the demand
    (row,) = [value for key, value in rows.items() if key.startswith("demand root_causes")]
    assert row.startswith("inside") == ukraine_accepts


def test_frontier_summary_is_exact_and_parameters_enter_the_frontier():
    model = load(FRONTIER.replace('"1 - u1**2"', '"1 - c*u1**2"'))
    rows = summary(model.game("f"), {"p": 0, "c": 1})
    # Nash on u2 = 1 - u1**2 (theory-notes §1.2): u1 = sqrt(1/3), u2 = 2/3
    assert rows["nash solution"] == "A sqrt(3)/3 ≈ 0.5774, B 2/3 ≈ 0.6667"
    # egalitarian: u1 = 1 - u1**2 at the golden-ratio conjugate
    assert rows["egalitarian solution"].startswith("A -1/2 + sqrt(5)/2 ≈ 0.6180")
    rows = summary(model.game("f"), {"p": 0, "c": 4})  # u2 = 1 - 4 u1**2: a1 = 1/2
    assert rows["nash solution"] == "A sqrt(3)/6 ≈ 0.2887, B 2/3 ≈ 0.6667"


def test_a_parameter_without_a_value_is_named():
    model = load(WAR)
    with pytest.raises(GameError, match="no value for c"):
        summary(model.game("w"), {"p": F(1, 2)})


fractions = st.builds(F, st.integers(0, 40), st.integers(1, 20))


@PROPERTY
@given(
    st.lists(fractions, min_size=2, max_size=2),
    st.lists(fractions, min_size=1, max_size=3),
    st.sampled_from(["p", "1 - p", "p*(1 - c)"]),
)
def test_war_games_with_any_numbers_round_trip(costs, settlements, probability):
    """Written numbers are fractions such as 7/3: no decimal form, yet they read back equal."""
    shares = ", ".join(f'"{min(share, 1)}"' for share in settlements)
    text = (
        f'[games.w]\ntype = "war"\nwin_probability = "{probability}"\n'
        f'costs = {{ A = "{costs[0]}", B = "{costs[1]}" }}\nsettlements = [{shares}]\n'
    )
    model = load(text)
    assert loads_model(model.to_toml()) == model


# -- the tipping points docs/models/*.md report, checked by evaluating on both sides ----------

EPSILON = F(1, 10**6)
# the guarantee credibility at which the ceasefire holds, and at which it is self-enforcing
G_HOLDS = (sympy.sqrt(15089) - 93) / 140
G_SELF_ENFORCING = (sympy.sqrt(149) - 3) / 14
REJECTS = "Russia rejects the truce in every protocol"
HOLDS = "the ceasefire holds (delta >= delta*)"
SELF_ENFORCING = "self-enforcing (the expected fine removes the temptation)"
INDIVISIBLE = "settlements both prefer to war (indivisible issue)"
TIPPING_POINTS = [
    # (model, game, fixed values, parameter, tipping point, row, value below, value above)
    ("rearm_truce", "truce", {}, "L", F(1685, 1782), REJECTS, "no", "yes"),
    ("rearm_truce", "truce", {"W": 0}, "L", F(1685, 2376), REJECTS, "no", "yes"),
    ("rearm_truce", "truce", {"L": 1}, "g", F(497, 3960), REJECTS, "no", "yes"),
    ("rearm_truce", "truce", {"L": 1}, "G", F(491, 1485), REJECTS, "yes", "no"),
    ("ceasefire_stability", "unguaranteed", {}, "q", F(5, 9), HOLDS, "no", "yes"),
    ("ceasefire_stability", "guaranteed", {}, "G", G_HOLDS, HOLDS, "no", "yes"),
    ("ceasefire_stability", "guaranteed", {}, "G", G_SELF_ENFORCING, SELF_ENFORCING, "no", "yes"),
    ("root_causes", "indivisible", {}, "L", F(4, 25), INDIVISIBLE, "0", "none: war"),
    (
        "root_causes",
        "talks",
        {"cU": F(1, 100)},
        "cR",
        F(1, 50),
        "probability of war",
        "0.000025",
        "0",
    ),
]


@pytest.mark.parametrize(
    ("path", "name", "fixed", "parameter", "point", "row", "below", "above"), TIPPING_POINTS
)
def test_documented_tipping_points_flip_the_summary(
    path, name, fixed, parameter, point, row, below, above
):
    model = load_model(ROOT / "models" / f"{path}.toml")
    game = model.game(name)
    values = {**model.parameters.baseline, **fixed}
    # an irrational tipping point is bracketed by decimals 10**-6 either side of it
    near = point if isinstance(point, F) else F(str(sympy.N(point, 12)))
    at_below = summary(game, {**values, parameter: near - EPSILON})
    at_above = summary(game, {**values, parameter: near + EPSILON})
    assert (at_below[row], at_above[row]) == (below, above)


def test_the_root_cause_demand_enters_the_range_only_at_the_corner():
    model = load_model(ROOT / "models" / "root_causes.toml")
    game = model.game("talks")
    corner = {**model.parameters.baseline, "L": 1, "W": 0, "cU": F(1, 20)}
    row = "demand root_causes (Russia's share {})"
    assert summary(game, corner)[row.format("1.6")].startswith("inside")
    beyond = summary(game, {**corner, "k": F(3, 5) + EPSILON})
    assert beyond[row.format("1.600001")] == "outside: Ukraine prefers war"

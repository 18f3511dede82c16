"""Perfect Bayesian equilibria: textbook signalling games (beer-quiche, Spence's job market),
a tree with a proper subgame, and properties checked against independent computations."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.errors import GameError
from bargaining.games.extensive import ExtensiveGame, chance, decision, terminal
from bargaining.solvers import PerfectBayesianEquilibrium, perfect_bayesian_equilibria
from bargaining.solvers.concepts import equilibria, solution_concept
from bargaining.solvers.signalling import signalling_structure
from bargaining.solvers.verification import is_equilibrium


def signalling(prior, table, *, types=("t1", "t2"), messages=("m1", "m2"), responses=("r1", "r2")):
    """A signalling game: ``prior`` of the first type; ``table[t][m][a] = (sender, receiver)``."""
    branches = {}
    for t, name in enumerate(types):
        replies = {
            m: decision(
                "Receiver",
                {a: terminal(table[t][j][k]) for k, a in enumerate(responses)},
                f"after {m}",
            )
            for j, m in enumerate(messages)
        }
        branches[name] = (prior if t == 0 else 1 - prior, decision("Sender", replies))
    return ExtensiveGame(chance(branches), players=("Sender", "Receiver"))


def beer_quiche(strong=F(9, 10)):
    """Cho & Kreps (1987): +1 for the preferred breakfast, +2 for no duel; the receiver gains 1
    from dueling a weak sender or avoiding a strong one."""
    table = []
    for is_strong in (False, True):
        rows = []
        for breakfast in ("beer", "quiche"):
            liked = int((breakfast == "beer") == is_strong)
            rows.append(((liked, int(not is_strong)), (liked + 2, int(is_strong))))
        table.append(rows)
    return signalling(
        1 - strong,
        table,
        types=("weak", "strong"),
        messages=("beer", "quiche"),
        responses=("duel", "avoid"),
    )


def job_market(high=F(1, 3), *, cost_high, cost_low):
    """Spence (1973), two types: wage 2 or 1, education costs c_H or c_L; the employer gains 1
    from paying each type its productivity."""
    table = []
    for is_high, cost in ((True, cost_high), (False, cost_low)):
        rows = []
        for educated in (1, 0):
            rows.append(
                tuple((wage - cost * educated, int((wage == 2) == is_high)) for wage in (2, 1))
            )
        table.append(rows)
    return signalling(
        high,
        table,
        types=("high", "low"),
        messages=("educate", "none"),
        responses=("high wage", "low wage"),
    )


# -- beer-quiche -----------------------------------------------------------------------------------


def test_beer_quiche_has_two_pooling_equilibria_and_only_beer_is_intuitive():
    found = perfect_bayesian_equilibria(beer_quiche())
    assert [eq.label for eq in found] == ["pooling", "pooling"]
    by_breakfast = {eq.choices["Sender if strong"]: eq for eq in found}
    beer, quiche = by_breakfast["beer"], by_breakfast["quiche"]
    assert beer.choices == {
        "Sender if weak": "beer",
        "Sender if strong": "beer",
        "Receiver after beer": "avoid",
        "Receiver after quiche": "duel",
    }
    assert beer.intuitive is True and quiche.intuitive is False
    # Off the path the receiver duels only if it thinks the sender is weak at least half the time.
    assert [str(c) for c in beer.belief_conditions] == ["mu(weak | quiche) >= 1/2"]
    assert [str(c) for c in quiche.belief_conditions] == ["mu(weak | beer) >= 1/2"]
    assert beer.payoffs == (F(29, 10), F(9, 10)) and quiche.payoffs == (F(21, 10), F(9, 10))
    assert beer.beliefs[beer.game.infosets.index(_receiver_set(beer.game, "beer"))] == (
        F(1, 10),
        F(9, 10),
    )


def _receiver_set(game, message):
    structure = signalling_structure(game)
    return game.infosets[structure.receiver_infosets[structure.messages.index(message)]]


def test_a_probably_weak_sender_mixes_as_the_indifference_conditions_say():
    # Strong with probability 1/3: no pooling; the weak type drinks beer with probability 1/2 so
    # that the receiver, at belief 1/2, is indifferent and duels a beer drinker half the time.
    (eq,) = perfect_bayesian_equilibria(beer_quiche(F(1, 3)))
    assert eq.label == "semi-separating" and eq.method == "indifference conditions"
    assert eq.choices["Sender if weak"] == "beer 1/2, quiche 1/2"
    assert eq.choices["Receiver after beer"] == "duel 1/2, avoid 1/2"
    assert eq.payoffs == (F(4, 3), F(2, 3))
    # Independently: the reduced strategic form's only Nash equilibrium is this one.
    game = beer_quiche(F(1, 3))
    (nash,) = equilibria(game, concept="nash")
    assert nash.payoffs == eq.payoffs and nash.strategies == eq.strategies


def test_both_types_mixing_is_found_from_four_linear_indifferences():
    table = [
        [[(2, -1), (-1, 0)], [(-2, -3), (2, 0)]],
        [[(0, 2), (2, 1)], [(-1, 0), (2, -1)]],
    ]
    game = signalling(F(2, 5), table)
    (eq,) = [eq for eq in perfect_bayesian_equilibria(game) if eq.label == "semi-separating"]
    # By hand: beliefs 1/2 after m1 and 1/4 after m2 leave the receiver indifferent (1/2 and
    # -3/4 from either reply); Bayes' rule gives them from t1 sending m1 with 3/4 and t2 with
    # 1/2; r1 with 9/17 after m1 and 6/17 after m2 leaves t1 at 10/17 and t2 at 16/17 either way.
    assert eq.choices == {
        "Sender if t1": "m1 3/4, m2 1/4",
        "Sender if t2": "m1 1/2, m2 1/2",
        "Receiver after m1": "r1 9/17, r2 8/17",
        "Receiver after m2": "r1 6/17, r2 11/17",
    }
    assert eq.belief_texts == ("mu(t1 | m1) = 1/2", "mu(t1 | m2) = 1/4")
    assert eq.payoffs == (F(4, 5), 0)
    assert is_equilibrium(game.to_normal_form(), eq.strategies)


# -- Spence's job market -----------------------------------------------------------------------


COSTS = [F(1, 2), F(1), F(3, 2), F(2)]


@pytest.mark.parametrize(("cost_high", "cost_low"), list(itertools.product(COSTS, COSTS)))
def test_job_market_separates_exactly_when_costs_straddle_the_wage_gap(cost_high, cost_low):
    # Separating (the high type educates, the low one does not) needs 2 - c_H >= 1 >= 2 - c_L:
    # c_H <= 1 <= c_L, boundaries included (a type indifferent still plays its part).
    found = perfect_bayesian_equilibria(job_market(cost_high=cost_high, cost_low=cost_low))
    separating = [
        eq for eq in found if eq.label == "separating" and eq.choices["Sender if high"] == "educate"
    ]
    assert bool(separating) == (cost_high <= 1 <= cost_low)
    for eq in separating:
        assert eq.choices["Receiver after educate"] == "high wage"
        assert eq.choices["Receiver after none"] == "low wage"
        assert eq.belief_conditions == () and eq.intuitive is True
    # The low type never educates alone: it would pay for a low wage.
    assert not [
        eq for eq in found if eq.choices["Sender if low"] == "educate" and eq.label == "separating"
    ]


def test_job_market_pooling_without_education_fails_the_intuitive_criterion():
    found = perfect_bayesian_equilibria(job_market(cost_high=F(1, 2), cost_low=F(2)))
    (pooling,) = [eq for eq in found if eq.label == "pooling"]
    assert pooling.choices["Sender if high"] == "none"
    assert [str(c) for c in pooling.belief_conditions] == ["mu(high | educate) <= 1/2"]
    # Education is equilibrium-dominated for the low type only; the high type would then be
    # paid a high wage after educating and gain 2 - 1/2 > 1.
    assert pooling.intuitive is False
    (separating,) = [eq for eq in found if eq.label == "separating"]
    assert separating.intuitive is True


# -- trees beyond signalling -------------------------------------------------------------------


def test_beliefs_in_a_proper_subgame_follow_its_play():
    # A enters or not; after entry A moves (x is dominant), then B moves not seeing A's move.
    # A weak PBE could keep A out with B "believing" y off the path; in the subgame B's belief
    # must follow A's strategy there, so B plays l and A enters.
    inner = {
        "x": decision("B", {"l": terminal((3, 1)), "r": terminal((-1, 0))}, "h"),
        "y": decision("B", {"l": terminal((0, 0)), "r": terminal((-2, 1))}, "h"),
    }
    game = ExtensiveGame(
        decision("A", {"out": terminal((1, 3)), "in": decision("A", inner)}), players=("A", "B")
    )
    (eq,) = perfect_bayesian_equilibria(game)
    assert eq.choices == {"A at root": "in", "A at root/in": "x", "B at h": "l"}
    assert eq.label == "" and eq.intuitive is None and eq.payoffs == (3, 1)
    assert eq.belief_conditions == ()


def test_off_path_sets_of_three_nodes_give_linear_conditions():
    # Three types; m1 pays the sender 1 whatever the reply, m2 pays 0 after r1 and 2 after r2.
    # The receiver wants r1 against type a and r2 against b and c. Pooling on m1 needs r1 after
    # m2, off the path: a condition on three beliefs, mu(a) >= mu(b) + mu(c).
    branches = {}
    for name in ("a", "b", "c"):
        after_m1 = decision("Receiver", {"r1": terminal((1, 0)), "r2": terminal((1, 0))}, "m1")
        after_m2 = decision(
            "Receiver",
            {"r1": terminal((0, int(name == "a"))), "r2": terminal((2, int(name != "a")))},
            "m2",
        )
        branches[name] = (F(1, 3), decision("Sender", {"m1": after_m1, "m2": after_m2}))
    game = ExtensiveGame(chance(branches), players=("Sender", "Receiver"))
    found = perfect_bayesian_equilibria(game)
    on_m1 = [eq for eq in found if eq.label == "pooling" and eq.choices["Sender if a"] == "m1"]
    assert len(on_m1) == 2  # the receiver's reply after m1 is free (it is indifferent)
    for eq in on_m1:
        assert eq.choices["Receiver after m2"] == "r1"
        (condition,) = eq.belief_conditions
        assert str(condition) == "mu(a | m2) - mu(b | m2) - mu(c | m2) >= 0"
    on_m2 = [eq for eq in found if eq.choices["Sender if a"] == "m2"]
    assert len(on_m2) == 2 and len(found) == 4  # r1 or r2 after m1, off the path: any belief
    for eq in on_m2:
        assert eq.label == "pooling" and eq.choices["Receiver after m2"] == "r2"
        assert eq.belief_conditions == ()


# -- the concept, parameters, reading the result -------------------------------------------------


def test_pbe_is_a_registered_non_default_concept_of_trees():
    game = beer_quiche()
    concept = solution_concept(game, "pbe")
    assert concept.title == "perfect Bayesian equilibrium"
    assert solution_concept(game).name == "nash"  # imperfect information: still Nash by default
    assert equilibria(game, concept="pbe") == perfect_bayesian_equilibria(game)


def test_parameters_need_values():
    from bargaining.model import load_model

    model = load_model("models/beer_quiche.toml")
    game = model.game()
    with pytest.raises(GameError, match=r"parameters \(s\): pass at="):
        perfect_bayesian_equilibria(game)
    at_baseline = perfect_bayesian_equilibria(game, at=model.parameters.baseline)
    assert sorted(eq.payoffs for eq in at_baseline) == [
        (F(21, 10), F(9, 10)),
        (F(29, 10), F(9, 10)),
    ]


def test_the_result_reads_and_serialises():
    beer = next(eq for eq in perfect_bayesian_equilibria(beer_quiche()) if eq.intuitive)
    assert isinstance(beer, PerfectBayesianEquilibrium)
    assert repr(beer) == (
        "PerfectBayesianEquilibrium({Sender if weak: beer, Sender if strong: beer, Receiver "
        "after beer: avoid, Receiver after quiche: duel}; beliefs mu(weak | beer) = 1/10; "
        "mu(weak | quiche) >= 1/2; pooling; survives the intuitive criterion; payoffs=(29/10, "
        "9/10))"
    )
    row = beer.summary_row()
    assert list(row) == [
        "strategies",
        "beliefs",
        "kind",
        "intuitive criterion",
        "payoff Sender",
        "payoff Receiver",
    ]
    assert row["intuitive criterion"] == "survives" and row["payoff Sender"] == "29/10"
    document = json.loads(json.dumps(beer.to_json()))
    assert document["payoffs"]["Sender"] == {"exact": "29/10", "float": 2.9}
    assert document["beliefs"]["Receiver after beer"]["weak"]["exact"] == "1/10"
    assert document["belief_conditions"] == ["mu(weak | quiche) >= 1/2"]
    assert document["kind"] == "pooling" and document["intuitive"] is True
    assert beer.strategy("Sender") == {
        "beer/beer": 1,
        "beer/quiche": 0,
        "quiche/beer": 0,
        "quiche/quiche": 0,
    }


def test_a_tree_too_large_is_refused():
    # Five information sets of thirty actions: 30^5 pure profiles.
    moves = {f"a{k}": k for k in range(30)}
    deep = ExtensiveGame(
        chance(
            {
                f"c{j}": (F(1, 5), decision("A", {a: terminal((k,)) for a, k in moves.items()}))
                for j in range(5)
            }
        )
    )
    with pytest.raises(GameError, match="24,300,000 pure profiles"):
        perfect_bayesian_equilibria(deep)


# -- properties against independent computations ---------------------------------------------------

payoff = st.integers(-3, 3)
tables = st.lists(st.tuples(payoff, payoff), min_size=8, max_size=8).map(
    lambda flat: [[flat[4 * t + 2 * m : 4 * t + 2 * m + 2] for m in range(2)] for t in range(2)]
)
priors = st.fractions(min_value=F(1, 10), max_value=F(9, 10), max_denominator=10)


def _best(values, chosen):
    return all(values[chosen] >= v for v in values)


def _brute_force(prior, table):
    """Every pure PBE of a 2x2x2 signalling game as (messages per type, response per message),
    found without the solver: each off-path belief set is an interval of q = mu(t1), nonempty
    exactly when one of its candidate ends (0, 1, the receiver's indifference point) is in it."""
    p = (prior, 1 - prior)
    found = set()
    for sent, answer in itertools.product(
        itertools.product(range(2), repeat=2), itertools.product(range(2), repeat=2)
    ):
        if not all(_best([table[t][m][answer[m]][0] for m in range(2)], sent[t]) for t in range(2)):
            continue
        good = True
        for m in range(2):
            weights = [p[t] if sent[t] == m else 0 for t in range(2)]
            receiver = [[table[t][m][a][1] for a in range(2)] for t in range(2)]
            if sum(weights):
                q = [w / sum(weights) for w in weights]
                good &= _best(
                    [sum(q[t] * receiver[t][a] for t in range(2)) for a in range(2)], answer[m]
                )
                continue
            d = [receiver[t][answer[m]] - receiver[t][1 - answer[m]] for t in range(2)]
            candidates = [F(0), F(1)]
            if d[0] != d[1]:
                candidates.append(F(-d[1], d[0] - d[1]))
            good &= any(0 <= q <= 1 and q * d[0] + (1 - q) * d[1] >= 0 for q in candidates)
        if good:
            found.add((sent, answer))
    return found


def _profile(eq):
    structure = signalling_structure(eq.game)
    sent = tuple(eq.behaviour[k].index(1) for k in structure.sender_infosets)
    answer = tuple(eq.behaviour[k].index(1) for k in structure.receiver_infosets)
    return sent, answer


@settings(max_examples=60, deadline=None)
@given(priors, tables)
def test_every_pure_pbe_and_only_those_are_found(prior, table):
    game = signalling(prior, table)
    pure = [eq for eq in perfect_bayesian_equilibria(game) if eq.method == "pure assessments"]
    assert {_profile(eq) for eq in pure} == _brute_force(prior, table)
    assert len(pure) == len({_profile(eq) for eq in pure})


@settings(max_examples=60, deadline=None)
@given(priors, tables)
def test_every_assessment_is_sequentially_rational_and_bayes_consistent(prior, table):
    game = signalling(prior, table)
    structure = signalling_structure(game)
    p = (prior, 1 - prior)
    for eq in perfect_bayesian_equilibria(game):
        sigma = [eq.behaviour[k] for k in structure.sender_infosets]
        rho = [eq.behaviour[k] for k in structure.receiver_infosets]
        for t in range(2):  # each type's messages are best replies to the receiver's strategy
            values = [sum(rho[m][a] * table[t][m][a][0] for a in range(2)) for m in range(2)]
            assert all(values[m] == max(values) for m in range(2) if sigma[t][m])
        for m, k in enumerate(structure.receiver_infosets):
            weights = [p[t] * sigma[t][m] for t in range(2)]
            receiver = [[table[t][m][a][1] for a in range(2)] for t in range(2)]

            def rational(q, receiver=receiver, m=m, rho=rho):
                values = [q * receiver[0][a] + (1 - q) * receiver[1][a] for a in range(2)]
                return all(values[a] == max(values) for a in range(2) if rho[m][a])

            if sum(weights):  # Bayes' rule on the path, and best replies to it
                q = weights[0] / sum(weights)
                assert eq.beliefs[k] == (q, 1 - q)
                assert rational(q)
                continue
            # Off the path: the stated conditions hold exactly where the replies are rational,
            # on a grid and at the indifference point.
            assert eq.beliefs[k] is None
            own = [c for c in eq.belief_conditions if c.infoset == structure.messages[m]]
            d = [receiver[t][0] - receiver[t][1] for t in range(2)]
            points = {F(j, 60) for j in range(61)}
            if d[0] != d[1]:
                points.add(F(-d[1], d[0] - d[1]))
            points = [q for q in points if 0 <= q <= 1]
            assert any(rational(q) for q in points)
            for q in points:
                assert all(_holds(c, q, structure.types) for c in own) == rational(q)
        # The induced mixed strategies are a Nash equilibrium of the reduced strategic form.
        assert is_equilibrium(game.to_normal_form(), eq.strategies)


def _holds(condition, q, types):
    belief = {types[0]: q, types[1]: 1 - q}
    value = sum(c * belief[node] for node, c in condition.coefficients)
    return {
        ">=": value >= condition.bound,
        "<=": value <= condition.bound,
        "==": value == condition.bound,
    }[condition.relation]


def test_the_intuitive_criterion_is_vacuous_when_every_type_is_deterred():
    # Probably able workers (2/3): pooling on no education at the high wage gives each type 2,
    # more than education can ever pay either; no type can break it, and it survives.
    found = perfect_bayesian_equilibria(job_market(F(2, 3), cost_high=F(1, 2), cost_low=F(2)))
    pooling = [eq for eq in found if eq.label == "pooling"]
    assert len(pooling) == 2  # the wage after education, off the path, is either
    for eq in pooling:
        assert eq.choices["Receiver after none"] == "high wage" and eq.payoffs[0] == 2
        assert eq.intuitive is True


def test_a_tree_without_perfect_recall_is_refused():
    forgetful = ExtensiveGame(
        decision(
            "A",
            {
                "l": decision("A", {"x": terminal((1,)), "y": terminal((0,))}, "h"),
                "r": decision("A", {"x": terminal((0,)), "y": terminal((1,))}, "h"),
            },
        )
    )
    with pytest.raises(GameError, match="no perfect recall"):
        perfect_bayesian_equilibria(forgetful)


def entry_tree(payoffs):
    """A moves L or R; B answers l or r not seeing A's move; after (L, l) A moves again, x or
    y. ``payoffs``: five (A, B) pairs for the terminals (L l x, L l y, L r, R l, R r)."""
    (llx, lly, lr, rl, rr) = payoffs
    again = decision("A", {"x": terminal(llx), "y": terminal(lly)})
    return ExtensiveGame(
        decision(
            "A",
            {
                "L": decision("B", {"l": again, "r": terminal(lr)}, "h"),
                "R": decision("B", {"l": terminal(rl), "r": terminal(rr)}, "h"),
            },
        ),
        players=("A", "B"),
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(payoff, payoff), min_size=5, max_size=5))
def test_assessments_of_a_tree_with_a_later_move_are_rational_and_consistent(pairs):
    game = entry_tree(pairs)
    (llx, lly, lr, rl, rr) = pairs
    h = next(k for k, members in enumerate(game.infosets) if len(members) == 2)
    found = perfect_bayesian_equilibria(game)
    # Independently, by brute force over the eight pure profiles: h is always reached, so B's
    # belief is A's first move.
    expected = set()
    for first, last, answer in itertools.product("LR", "xy", "lr"):
        end = llx if last == "x" else lly
        after = {"L": {"l": end, "r": lr}, "R": {"l": rl, "r": rr}}
        if end[0] < max(llx[0], lly[0]):
            continue
        if after[first][answer][1] < max(v[1] for v in after[first].values()):
            continue
        if after[first][answer][0] < max(after[m][answer][0] for m in "LR"):
            continue
        expected.add((first, last, answer))
    assert {
        (eq.choices["A at root"], eq.choices["A at root/L/l"], eq.choices["B at h"]) for eq in found
    } == expected
    for eq in found:
        choices = eq.choices
        # A's last move is a best reply at its (singleton) node.
        later = llx if choices["A at root/L/l"] == "x" else lly
        assert later[0] == max(llx[0], lly[0])
        # B's belief on L, and the payoffs B gets from l and r at each node of h.
        to_b = {"L": {"l": later[1], "r": lr[1]}, "R": {"l": rl[1], "r": rr[1]}}
        played = choices["B at h"]

        def rational(q, played=played, to_b=to_b):
            value = {a: q * to_b["L"][a] + (1 - q) * to_b["R"][a] for a in ("l", "r")}
            return value[played] == max(value.values())

        assert eq.beliefs[h] is not None  # A moves for sure: h is always reached
        q = F(int(choices["A at root"] == "L"))
        assert eq.beliefs[h] == (q, 1 - q) and rational(q)
        # A's first move is a best reply to what follows.
        value = {"L": (later if played == "l" else lr)[0], "R": (rl if played == "l" else rr)[0]}
        assert value[choices["A at root"]] == max(value.values())
        assert is_equilibrium(game.to_normal_form(), eq.strategies)

"""parametric_equilibria: agreement with point solves, thresholds, regions, evaluation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining import NormalFormGame, Parameter, ParameterError, ParameterSpace, nash_equilibria
from bargaining.algebraic import RealAlgebraic
from bargaining.analysis.parametric import parametric_equilibria

SPACE = ParameterSpace(
    [
        Parameter("a", 0, 1, Fraction(1, 2)),
        Parameter("b", 0, 1, Fraction(1, 3)),
        Parameter("c", 0, 1, Fraction(1, 4)),
    ]
)


def profiles(equilibria):
    return sorted(tuple(tuple(Fraction(p) for p in v) for v in eq.strategies) for eq in equilibria)


@st.composite
def symbolic_games(draw, max_strategies=3):
    """Payoffs k0 + k1*a + k2*b + k3*c with small integer coefficients (1-3 parameters)."""
    used = draw(st.integers(1, 3))
    symbols = [SPACE[name].symbol for name in SPACE.names[:used]]
    m, n = draw(st.integers(1, max_strategies)), draw(st.integers(1, max_strategies))

    def payoff():
        constant = draw(st.integers(-3, 3))
        return constant + sum(draw(st.integers(-2, 2)) * s for s in symbols)

    arrays = [[[payoff() for _ in range(n)] for _ in range(m)] for _ in range(2)]
    return NormalFormGame.from_arrays(arrays)


generic_value = st.integers(1, 996).map(lambda k: Fraction(k, 997))


# 30 and 40 examples keep the default run within its ten minutes; the symbolic solve of a random
# 3x3 game costs about a second.
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    symbolic_games(),
    st.lists(
        st.fixed_dictionaries({"a": generic_value, "b": generic_value, "c": generic_value}),
        min_size=1,
        max_size=3,
    ),
)
def test_solution_at_a_point_equals_solving_the_game_there(game, points):
    solution = parametric_equilibria(game, SPACE)
    for values in points:
        expected = profiles(nash_equilibria(game.at(values)))
        assert profiles(solution.at(values)) == expected


# Range ends and simple fractions: where payoffs with small integer coefficients tie, so the
# game is degenerate and has equilibria that no piece describes.
special_value = st.sampled_from([Fraction(k, 4) for k in range(5)] + [Fraction(1, 3)])
any_value = st.one_of(special_value, generic_value)
any_point = st.fixed_dictionaries({"a": any_value, "b": any_value, "c": any_value})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(), st.lists(any_point, min_size=1, max_size=3))
def test_solution_at_any_point_even_a_degenerate_one_equals_solving_the_game_there(game, points):
    solution = parametric_equilibria(game, SPACE)
    for values in points:
        assert profiles(solution.at(values)) == profiles(nash_equilibria(game.at(values)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symbolic_games(), st.lists(any_point, min_size=1, max_size=4))
def test_evaluate_flags_every_point_where_the_pieces_miscount(game, points):
    solution = parametric_equilibria(game, SPACE)
    arrays = {name: [float(values[name]) for values in points] for name in SPACE.names}
    evaluation = solution.evaluate(arrays)
    for index, values in enumerate(points):
        if not evaluation.boundary[index]:
            assert evaluation.count[index] == len(nash_equilibria(game.at(values)))


def test_an_equilibrium_only_at_a_range_end_is_found():
    # Ukraine ties between accepting and resisting Russia's conditions only when Western
    # support W is 0; there Russia's conditions meet a mixed answer that exists nowhere else.
    from pathlib import Path

    from bargaining import load_model

    model = load_model(Path(__file__).resolve().parent.parent / "models" / "ceasefire.toml")
    solution = parametric_equilibria(model.game(), model.parameters)
    at = model.parameters.validate({"L": Fraction(1, 4), "W": 0, "G": Fraction(1, 10)})
    assert solution.active(at) is None
    assert len(solution.at(at)) == len(nash_equilibria(model.game(), at=at)) == 5
    evaluation = solution.evaluate({"L": [0.25, 0.25], "W": [0.0, 0.5], "G": [0.1, 0.1]})
    assert evaluation.boundary.tolist() == [True, False]


def test_boundary_points_are_solved_directly():
    a = SPACE["a"].symbol
    game = NormalFormGame.from_arrays(
        [[[1 - a, 0], [Fraction(1, 2), Fraction(1, 4)]], [[1, 0], [0, a]]]
    )
    solution = parametric_equilibria(game, SPACE)
    at_threshold = {"a": Fraction(1, 2)}
    assert solution.active(at_threshold) is None
    assert profiles(solution.at(at_threshold)) == profiles(nash_equilibria(game.at(at_threshold)))


def test_thresholds_are_exact_and_confirmed():
    a, b = SPACE["a"].symbol, SPACE["b"].symbol
    # Row's truce payoff 1 - a beats fighting (b) exactly while a < 1 - b.
    game = NormalFormGame.from_arrays(
        [[[1 - a, 0], [b, Fraction(1, 10)]], [[1, 0], [0, 1]]],
        strategies=(("truce", "fight"), ("truce", "fight")),
    )
    solution = parametric_equilibria(game, SPACE)
    (threshold,) = solution.thresholds("a", at={"b": Fraction(1, 3)})
    assert threshold.value == sympy.Rational(2, 3)
    assert sympy.simplify(threshold.expression - (1 - b)) == 0
    assert any("truce" in text for text in threshold.below)
    assert all("truce" not in text.split(";")[0] for text in threshold.above)


def test_threshold_of_unknown_parameter():
    game = NormalFormGame.from_arrays([[[SPACE["a"].symbol]], [[1]]])
    with pytest.raises(ParameterError, match="unknown parameter 'z'"):
        parametric_equilibria(game, SPACE).thresholds("z")


def test_evaluate_counts_match_point_solves():
    a, b = SPACE["a"].symbol, SPACE["b"].symbol
    game = NormalFormGame.from_arrays(
        [[[1 - a, -b, 0], [Fraction(1, 2), Fraction(1, 4), b]], [[1, 0, b], [0, a, 1 - a]]]
    )
    solution = parametric_equilibria(game, SPACE)
    points = SPACE.sample(50, seed=3)
    evaluation = solution.evaluate(points)
    for index in range(50):
        values = {name: Fraction(points[name][index]) for name in SPACE.names}
        assert evaluation.count[index] == len(nash_equilibria(game.at(values)))


def test_evaluate_rejects_bad_points():
    game = NormalFormGame.from_arrays([[[SPACE["a"].symbol]], [[1]]])
    solution = parametric_equilibria(game, SPACE)
    with pytest.raises(ParameterError, match="outside the range"):
        solution.evaluate({"a": np.array([2.0])})
    with pytest.raises(ParameterError, match="equal lengths"):
        solution.evaluate({"a": np.array([0.1]), "b": np.array([0.1, 0.2])})
    with pytest.raises(ParameterError, match="unknown parameter"):
        solution.evaluate({"zz": np.array([0.1])})
    with pytest.raises(ParameterError, match="non-finite"):
        solution.evaluate({"a": np.array([np.nan])})
    with pytest.raises(ParameterError, match="empty"):
        solution.evaluate({"a": np.array([])})


def test_one_dimensional_regions_are_the_intervals_between_thresholds():
    a, b = SPACE["a"].symbol, SPACE["b"].symbol
    game = NormalFormGame.from_arrays(
        [[[1 - a, 0], [b, Fraction(1, 10)]], [[1, 0], [0, 1]]],
        strategies=(("truce", "fight"), ("truce", "fight")),
    )
    solution = parametric_equilibria(game, SPACE)
    regions = solution.regions(("a",), fixed={"b": Fraction(1, 3)})
    assert [region.bounds for region in regions] == [
        (0, sympy.Rational(2, 3)),
        (sympy.Rational(2, 3), 1),
    ]
    assert sum(region.share for region in regions) == pytest.approx(1)
    assert len(regions[0].equilibria) == 3 and len(regions[1].equilibria) == 1


def test_two_dimensional_regions_cover_the_slice():
    a, b = SPACE["a"].symbol, SPACE["b"].symbol
    game = NormalFormGame.from_arrays(
        [[[1 - a, 0], [b, Fraction(1, 10)]], [[1, 0], [0, 1]]],
        strategies=(("truce", "fight"), ("truce", "fight")),
    )
    regions = parametric_equilibria(game, SPACE).regions(("a", "b"), resolution=41)
    assert len(regions) == 2
    covered = sum(region.mask for region in regions)
    assert covered.max() == 1  # no grid point in two regions
    # Above the line a + b = 1 only (fight, fight) remains.
    (upper,) = [region for region in regions if len(region.equilibria) == 1]
    assert upper.point["a"] + upper.point["b"] > 1


def test_regions_reject_bad_slices():
    game = NormalFormGame.from_arrays([[[SPACE["a"].symbol]], [[1]]])
    solution = parametric_equilibria(game, SPACE)
    with pytest.raises(ParameterError, match="one or two"):
        solution.regions(("a", "b", "c"))
    with pytest.raises(ParameterError, match="unknown parameter"):
        solution.regions(("x",))


def test_latex_for_conditions_and_expressions():
    a = SPACE["a"].symbol
    game = NormalFormGame.from_arrays(
        [[[1 - a, 0], [Fraction(1, 2), Fraction(1, 4)]], [[1, 0], [0, a]]],
        strategies=(("truce", "fight"), ("truce", "fight")),
    )
    solution = parametric_equilibria(game, SPACE)
    assert solution.conditions_latex()[0] == ["a \\leq \\frac{1}{2}"]
    mixed = next(piece for piece in solution.pieces if len(piece.supports[0]) == 2)
    latex = solution.expressions_latex(mixed)
    assert set(latex["strategies"]["Player 1"]) == {"truce", "fight"}
    assert "\\frac" in latex["strategies"]["Player 2"]["truce"]


def three_player_property(examples: int):
    """The property below with ``examples`` random games (each solve takes about 5 s)."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@three_player_property(5)
@given(st.data())
def test_three_player_pure_equilibria_as_functions_of_the_parameters(data):
    check_three_player_game(data)


@pytest.mark.slow
@three_player_property(40)
@given(st.data())
def test_three_player_pure_equilibria_as_functions_of_the_parameters_at_length(data):
    check_three_player_game(data)


def check_three_player_game(data) -> None:
    a, b = SPACE["a"].symbol, SPACE["b"].symbol
    cells = [
        data.draw(st.integers(-2, 2))
        + data.draw(st.integers(-2, 2)) * a
        + data.draw(st.integers(-1, 1)) * b
        for _ in range(2 * 2 * 2 * 3)
    ]
    payoffs = np.array(cells, dtype=object).reshape(2, 2, 2, 3).tolist()
    game = NormalFormGame(payoffs)
    solution = parametric_equilibria(game, SPACE)
    values = {"a": data.draw(generic_value), "b": data.draw(generic_value)}
    # Pure pieces, and mixed pieces where a support system solves in closed form; where one
    # does not, the solution is not complete and .at solves the point: the same set as
    # nash_equilibria either way, which holds the pure ones.
    assert solution.complete == (solution.note == "")
    every = mixed_profiles(nash_equilibria(game.at(values)))
    assert mixed_profiles(solution.at(values)) == every
    assert mixed_profiles(nash_equilibria(game.at(values), method="pure")) <= every


def mixed_profiles(equilibria) -> set:
    """Profiles as sets of exact values; irrational probabilities (algebraic numbers of
    n-player equilibria, which compare exactly whatever field they are written in) as they
    are."""

    def exact(p):
        return p if isinstance(p, RealAlgebraic) else Fraction(p)

    return {tuple(tuple(exact(p) for p in v) for v in eq.strategies) for eq in equilibria}


def test_an_equilibrium_only_on_the_edge_of_the_box_is_found():
    # A piece that holds only where b = 0, the edge of b's range (found by the tornado tests).
    space = ParameterSpace([Parameter("a", -1, 1, Fraction(1, 3)), Parameter("b", 0, 2, 1)])
    a, b = space.symbols["a"], space.symbols["b"]
    game = NormalFormGame.from_arrays(
        [
            [[-a + b - 4, -a - 2 * b + 3], [-a - 2 * b - 2, b - 2], [-b - 3, -3 * a - 2 * b - 2]],
            [[2 * b - 3, a + 2 * b - 3], [2 * b - 3, 3 * b - 3], [-b - 2, b - 3]],
        ]
    )
    point = {"a": Fraction(1, 3), "b": 0}
    expected = profiles(nash_equilibria(game, at=point))
    assert len(expected) == 3
    assert profiles(parametric_equilibria(game, space).at(point)) == expected

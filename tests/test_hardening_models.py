"""Regression tests for issue 13: runaway work and valid models that crashed.

Each test is one finding: a model file of a few lines that ran for minutes, allocated
gigabytes or ended in an internal error (exit 1), and now either works (exit 0) or is refused
with a message naming the limit, the file and key, or the reason (exit 2).
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining import BargainingError, NormalFormGame, Parameter, ParameterSpace
from bargaining.analysis import parametric_equilibria
from bargaining.analysis.conditions import touches_zero_at_corner
from bargaining.analysis.target import resolve_target
from bargaining.analysis.tornado import tornado
from bargaining.budget import Budget, BudgetExceeded, SymbolicFallbackWarning
from bargaining.cli.app import main
from bargaining.model import load_model
from bargaining.numeric_code import numeric_function
from bargaining.solvers import nash_equilibria


def _value(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def model_text(cells, parameters=(("L", 0, 1, 0.5),), games=("g",)) -> str:
    """A two-player model: ``cells[i][j] = (payoff of A, payoff of B)``, one outcome per cell,
    the same table in every game of ``games``."""
    lines = ['[model]\nname = "m"\n[players.A]\n[players.B]']
    for name, low, high, baseline in parameters:
        lines.append(f'[parameters."{name}"]\nrange = [{low}, {high}]\nbaseline = {baseline}')
    for i, row in enumerate(cells):
        for j, (a, b) in enumerate(row):
            lines.append(f"[outcomes.o{i}_{j}]\npayoffs = {{ A = {_value(a)}, B = {_value(b)} }}")
    rows = [f"r{i}" for i in range(len(cells))]
    columns = [f"c{j}" for j in range(len(cells[0]))]
    table = [[f"o{i}_{j}" for j in range(len(columns))] for i in range(len(rows))]
    for game in games:
        lines.append(
            f'[games."{game}"]\ntype = "normal"\nplayers = ["A", "B"]\n'
            f"strategies.A = {rows}\nstrategies.B = {columns}\noutcomes = {table}".replace("'", '"')
        )
    return "\n".join(lines) + "\n"


def two_by_two(top_left: object, parameters=(("L", 0, 1, 0.5),), games=("g",)) -> str:
    """A game with a mixed equilibrium whose first payoff is ``top_left``."""
    return model_text(
        [[(top_left, 1), (0, 0)], [(0.5, 0.25), (0, "L")]], parameters=parameters, games=games
    )


def run(tmp_path, text: str, *args: str, capsys) -> tuple[int, str]:
    """Run the CLI on a model file; the exit code and stderr. Never an internal error."""
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    code = main([args[0], str(path), *args[1:]])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    assert code in (0, 2), (code, err)
    return code, err


# -- runaway work ----------------------------------------------------------------------------


def test_a_payoff_summing_22_parameters_is_refused_by_symbolic_solving_before_work():
    names = [f"a{i}" for i in range(22)]
    space = ParameterSpace([Parameter(n, 0, 1, sympy.Rational(1, 2)) for n in names])
    total = sum(space.symbols[n] for n in names)
    game = NormalFormGame.from_arrays([[[total, 0], [0, 1]], [[1, 0], [0, total]]])
    with pytest.raises(BudgetExceeded, match=r"max_symbols = 12; raise it .*BARGAINING_BUDGET"):
        parametric_equilibria(game, space)


def test_solve_symbolic_says_when_it_falls_back_to_a_point(tmp_path, capsys):
    names = [f"a{i}" for i in range(22)]
    text = two_by_two(
        " + ".join(names), parameters=[(n, 0, 1, 0.5) for n in names] + [("L", 0, 1, 0.5)]
    )
    code, err = run(tmp_path, text, "solve", "--symbolic", capsys=capsys)
    assert code == 0
    assert "max_symbols" in err and "solving at a point instead" in err


@given(
    coefficients=st.lists(st.integers(-3, 3), min_size=1, max_size=5),
    constant=st.integers(-6, 6),
)
@settings(max_examples=60, deadline=None)
def test_corner_zero_of_a_linear_factor_agrees_with_visiting_every_corner(coefficients, constant):
    symbols = sympy.symbols(f"x0:{len(coefficients)}")
    box = {s: (sympy.Integer(0), sympy.Integer(1 + i % 2)) for i, s in enumerate(symbols)}
    factor = constant + sum(c * s for c, s in zip(coefficients, symbols, strict=True))
    corners = itertools.product(*(box[s] for s in symbols))
    brute = any(factor.xreplace(dict(zip(symbols, c, strict=True))) == 0 for c in corners)
    assert touches_zero_at_corner(factor, box, budget=Budget(max_symbols=10)) == brute


def test_corner_zero_of_a_linear_factor_in_40_parameters_needs_no_corners():
    symbols = sympy.symbols("x0:40")
    box = {s: (sympy.Integer(0), sympy.Integer(1)) for s in symbols}
    # 2^40 corners; the limit of 12 symbols shows that none is visited.
    assert touches_zero_at_corner(sum(symbols), box, budget=Budget(max_symbols=12))
    assert not touches_zero_at_corner(sum(symbols) + 1, box, budget=Budget(max_symbols=12))
    with pytest.raises(BudgetExceeded, match="max_symbols"):
        touches_zero_at_corner(sympy.Mul(*symbols) - 1, box, budget=Budget(max_symbols=12))


@pytest.mark.parametrize(
    ("size", "payoffs"),
    [(15, "random"), (14, "equal")],
)
def test_vertex_enumeration_of_big_games_is_refused_before_work(size, payoffs):
    rng = np.random.default_rng(1)
    if payoffs == "random":
        a, b = rng.integers(0, 10, (size, size)), rng.integers(0, 10, (size, size))
    else:
        a = b = np.ones((size, size), dtype=int)
    game = NormalFormGame.from_arrays([a.tolist(), b.tolist()])
    systems = math.comb(2 * size, size) - 1
    with pytest.raises(BudgetExceeded, match=f"{systems:,} linear systems.*max_bases"):
        nash_equilibria(game)


def test_vertex_enumeration_stops_at_its_deadline():
    rng = np.random.default_rng(2)
    game = NormalFormGame.from_arrays(rng.integers(0, 10, (2, 6, 6)).tolist())
    with pytest.raises(BudgetExceeded, match="vertex enumeration stopped after 0 s"):
        nash_equilibria(game, budget=Budget(seconds=0))
    assert nash_equilibria(game, budget=Budget(seconds=60))


def test_budget_from_the_environment_is_read_and_checked():
    assert Budget.from_environment({"BARGAINING_BUDGET": "seconds=2.5,max_bases=7"}) == Budget(
        seconds=2.5, max_bases=7
    )
    with pytest.raises(BargainingError, match="cannot read 'max_base=7'"):
        Budget.from_environment({"BARGAINING_BUDGET": "max_base=7"})
    with pytest.raises(BargainingError, match="finite number"):
        Budget(seconds=float("nan"))


def test_thresholds_of_a_5x5_game_are_refused_before_work(tmp_path, capsys):
    rng = np.random.default_rng(3)
    cells = [
        [
            (f"{rng.integers(9)} + {rng.integers(-3, 4)}*L", f"{rng.integers(9)} - L")
            for _ in "12345"
        ]
        for _ in "12345"
    ]
    code, err = run(tmp_path, model_text(cells), "thresholds", capsys=capsys)
    assert code == 2 and "max_symbolic_bases = 100" in err and "BARGAINING_BUDGET" in err


def test_a_high_degree_payoff_is_refused_by_symbolic_solving_and_sweeps_say_so(tmp_path):
    text = two_by_two("exp(30*L)")  # 1e13 at L = 1: a usable payoff, degree 30 in exp(L)
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    model = load_model(path)
    with pytest.raises(BudgetExceeded, match="degree 30 in exp"):
        parametric_equilibria(model.game("g"), model.parameters)
    with pytest.warns(SymbolicFallbackWarning, match="solving point by point instead"):
        target = resolve_target((model, "g"))
    assert target.method == "points"


@pytest.mark.parametrize(
    "command",
    [["solve", "--symbolic"], ["thresholds"], ["sensitivity"], ["sweep", "--param", "L=0:1:5"]],
)
def test_exp_2000_is_refused_at_load_time(tmp_path, capsys, command):
    code, err = run(tmp_path, two_by_two("exp(2000*L)"), *command, capsys=capsys)
    assert code == 2
    assert "outcomes.o0_0.payoffs.A: the payoff exp(2000*L)" in err and "1e15" in err


# -- valid models that crashed ---------------------------------------------------------------


def test_a_range_of_decimals_keeps_the_tornado_inside_it(tmp_path, capsys):
    text = two_by_two("1 - L", parameters=[("L", 0.1, 0.9, 0.5)])
    code, _ = run(
        tmp_path, text, "sensitivity", "--samples", "200", "--sobol-n", "64", capsys=capsys
    )
    assert code == 0
    model = load_model(tmp_path / "m.toml")
    (bar,) = tornado((model, "g"), "o0_0").bars
    assert (bar.low, bar.high) == (0.1, 0.9)
    (half,) = tornado((model, "g"), "o0_0", share=0.5).bars
    assert (half.low, half.high) == (0.3, 0.7)


def _named_like_a_function(name: str) -> str:
    return model_text(
        [
            [(f"exp({name})", 1), (0, 0)],
            [(f"{name} if {name} > 0.5 else 0", 0.25), (0, name)],
        ],
        parameters=[(name, 0, 1, 0.7)],
    )


@pytest.mark.parametrize("name", ["exp", "sqrt", "select", "greater", "math", "numpy", "Abs"])
def test_parameters_named_like_generated_functions(tmp_path, capsys, name):
    text = _named_like_a_function(name)
    for command in (["solve", "--symbolic"], ["thresholds"]):
        assert run(tmp_path, text, *command, capsys=capsys)[0] == 0


def test_a_parameter_named_exp_in_sensitivity_and_sweep(tmp_path, capsys):
    text = _named_like_a_function("exp")
    assert (
        run(tmp_path, text, "sensitivity", "--samples", "200", "--sobol-n", "64", capsys=capsys)[0]
        == 0
    )
    assert run(tmp_path, text, "sweep", "--param", "exp=0:1:3", capsys=capsys)[0] == 0


def test_numeric_function_renames_every_symbol():
    exp, select, fresh = sympy.symbols("exp select _p0", positive=True)
    expression = sympy.Piecewise((sympy.exp(exp), select > 1), (fresh, True))
    function = numeric_function([exp, select, fresh], expression)
    assert function(1.0, 2.0, 5.0) == pytest.approx(math.e)
    assert function(1.0, 0.5, 5.0) == 5.0


@pytest.mark.parametrize(
    ("payoff", "parameters", "reason"),
    [
        (1e300, [("L", 0, 1, 0.5)], "outside what the toolkit computes with"),
        (1e-300, [("L", 0, 1, 0.5)], "outside what the toolkit computes with"),
        ("L**100", [("L", 0, 1000, 500)], "larger in size than 1e15"),
        ("L**(-1/2)", [("L", 0, 1, 0.5)], "is undefined (a division by zero"),
        ("sqrt(L - 2)", [("L", 0, 1, 0.5)], "is not a real number"),
        ("sqrt(L - 0.5)", [("L", 0, 1, 0.7)], "is not a real number"),
    ],
)
def test_payoffs_outside_what_the_toolkit_supports_are_refused_at_load_time(
    tmp_path, capsys, payoff, parameters, reason
):
    text = two_by_two(payoff, parameters=parameters)
    for command in (["solve"], ["solve", "--symbolic"]):
        code, err = run(tmp_path, text, *command, capsys=capsys)
        assert code == 2 and "m.toml:" in err and "outcomes.o0_0.payoffs.A" in err
        assert reason in err


@pytest.mark.parametrize(
    ("payoff", "parameters"),
    [
        ("L**(-1/2)", [("L", 1, 4, 2)]),
        ("1/L if L > 0 else 0", [("L", 0, 1, 0.5)]),
        ("sqrt(2)*L", [("L", 0, 1, 0.5)]),
        ("L**20", [("L", 0, 5, 2)]),
    ],
)
def test_payoffs_that_crashed_now_work(tmp_path, capsys, payoff, parameters):
    text = two_by_two(payoff, parameters=parameters)
    for command in (["solve"], ["solve", "--symbolic"], ["thresholds"]):
        assert run(tmp_path, text, *command, capsys=capsys)[0] == 0


def test_payoffs_in_a_game_table_are_checked_with_their_key(tmp_path, capsys):
    text = (
        '[model]\nname = "m"\n[players.A]\n[players.B]\n[parameters.L]\nrange = [0, 1]\n'
        'baseline = 0.5\n[games.g]\ntype = "normal"\nplayers = ["A", "B"]\n'
        'strategies.A = ["x", "y"]\nstrategies.B = ["x", "y"]\n'
        'payoffs = [[[1, "1/L"], [0, 0]], [[0, 0], [1, 1]]]\n'
    )
    code, err = run(tmp_path, text, "solve", capsys=capsys)
    assert code == 2 and "games.g.payoffs[0][0][1]: the payoff 1/L is undefined" in err


def test_symbolic_solving_refuses_complex_payoffs_like_solving_at_a_point(tmp_path, capsys):
    text = two_by_two("sqrt(L - 2)")
    assert run(tmp_path, text, "solve", capsys=capsys)[0] == 2
    assert run(tmp_path, text, "solve", "--symbolic", capsys=capsys)[0] == 2


def test_parameter_names_that_fold_together_are_refused(tmp_path, capsys):
    text = two_by_two("Ｌ", parameters=[("L", 0, 1, 0.7), ("Ｌ", 2, 3, 2.5)])
    code, err = run(tmp_path, text, "solve", capsys=capsys)
    assert code == 2
    assert "parameters.\"Ｌ\": parameter name 'Ｌ' is read as 'L'" in err
    assert "the name of parameters.L" in err
    alone = two_by_two("1 - ﬁ", parameters=[("ﬁ", 0, 1, 0.5), ("L", 0, 1, 0.5)])
    code, err = run(tmp_path, alone, "solve", capsys=capsys)
    assert code == 2 and "write it as 'fi'" in err


def test_report_figure_names_are_unique_and_short(tmp_path, capsys):
    long = "L" + "x" * 300
    text = model_text(
        [[(f"1 - {long}", 1), (0, 0)], [(0.5, 0.25), (0, long)]],
        parameters=[(long, 0, 1, 0.5)],
        games=("talks 1", "talks.1"),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's about a 300-character axis label
        code, _ = run(tmp_path, text, "report", "-o", str(tmp_path / "out"), capsys=capsys)
    assert code == 0
    figures = sorted(path.name for path in (tmp_path / "out").glob("*.svg"))
    per_game = [
        [name for name in figures if name.startswith(f"talks-1-{kind}")]
        for kind in ("outcomes", "tornado-o0_0")
    ]
    assert all(len(names) == 2 for names in per_game), figures
    assert max(len(name) for name in figures) <= 100

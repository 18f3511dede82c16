"""Every result's ``.plot``: an Axes with the artists its data call for, drawn into ``ax=``."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bargaining import grid, load_model, parametric_subgame_perfect, sweep
from bargaining.analysis import parametric_equilibria
from bargaining.analysis.monte_carlo import monte_carlo
from bargaining.analysis.sobol import sobol
from bargaining.analysis.tornado import tornado
from bargaining.errors import BargainingError, GameError
from bargaining.games.extensive import TerminalNode


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def ceasefire():
    model = load_model("models/ceasefire.toml")
    return model, parametric_equilibria(model.game(), model.parameters)


def own_axes() -> Axes:
    return Figure().add_subplot()


def labelled_lines(axes: Axes) -> list[str]:
    return [line.get_label() for line in axes.get_lines() if not line.get_label().startswith("_")]


def test_outcome_curves_have_a_line_per_outcome_and_mark_the_tipping_points(ceasefire):
    model, solution = ceasefire
    axes = solution.plot(over="G", points=41)
    outcomes = list(solution.evaluate({"G": np.array([0.5])}).outcome_max)
    assert sorted(outcomes) == sorted(model.outcomes)
    assert labelled_lines(axes) == outcomes
    assert [text.get_text() for text in axes.get_legend().get_texts()] == outcomes
    marked = sorted(
        line.get_xdata()[0] for line in axes.get_lines() if line.get_label() == "_tipping point"
    )
    expected = sorted(float(t.value) for t in solution.thresholds("G"))
    assert expected and marked == pytest.approx(expected)
    # Each outcome's highest line is its probability: the solution evaluated at those points.
    ceasefire_line = axes.get_lines()[0]
    x = np.asarray(ceasefire_line.get_xdata())
    evaluated = solution.evaluate({"G": x}).outcome_max["ceasefire"]
    assert np.array_equal(np.asarray(ceasefire_line.get_ydata()), evaluated)


def test_region_map_has_a_patch_per_region_and_cells_where_each_region_is(ceasefire):
    _, solution = ceasefire
    target = own_axes()
    axes = solution.plot(target, over=("L", "G"), resolution=21)
    assert axes is target
    regions = solution.regions(("L", "G"), resolution=21)
    patches = [h for h in axes.get_legend().legend_handles if isinstance(h, Patch)]
    assert len(patches) == len(regions) > 1
    (image,) = axes.get_images()
    cells = np.asarray(image.get_array()).T - 1  # drawn transposed, shifted by the boundary
    for number, region in enumerate(regions):
        assert np.array_equal(cells == number, region.mask)


def test_a_solution_is_plotted_over_one_or_two_parameters(ceasefire):
    _, solution = ceasefire
    with pytest.raises(BargainingError, match="one parameter or two"):
        solution.plot(over=("L", "G", "W"))


def test_sweep_along_one_parameter_and_over_a_grid_of_two(ceasefire):
    _, solution = ceasefire  # solved once for the module
    line = sweep(solution, grid(G=np.linspace(0, 1, 11)))
    axes = line.plot(own_axes())
    assert labelled_lines(axes) == list(line.outcome_max)
    assert np.array_equal(axes.get_lines()[0].get_ydata(), line.outcome_max["ceasefire"])

    square = sweep(solution, grid(L=np.linspace(0, 1, 7), G=np.linspace(0, 1, 5)))
    axes = square.plot()
    patches = [h for h in axes.get_legend().legend_handles if isinstance(h, Patch)]
    assert len(patches) == len(square.regions)
    (image,) = axes.get_images()
    # Cell (i, j) is the point at the i-th L and the j-th G.
    assert np.array_equal(square.values("L").reshape(7, 5)[:, 0], np.linspace(0, 1, 7))
    assert np.array_equal(square.values("G").reshape(7, 5)[0, :], np.linspace(0, 1, 5))
    expected = np.where(square.boundary, -1, square.region).reshape(7, 5)
    assert np.array_equal(np.asarray(image.get_array()).T - 1, expected)


def test_a_sweep_of_sampled_points_in_many_parameters_is_refused(ceasefire):
    model, solution = ceasefire
    points = model.parameters.sample(20, seed=1)
    with pytest.raises(BargainingError, match="varies"):
        sweep(solution, points).plot()


def test_tornado_bars_run_from_the_point_to_each_end():
    result = tornado(load_model("models/chicken.toml"), "crash")
    target = own_axes()
    assert result.plot(target) is target
    assert len(target.patches) == 2 * len(result.bars)
    widths = sorted(round(patch.get_width(), 12) for patch in target.patches)
    ends = [bar.at_low - result.baseline for bar in result.bars]
    ends += [bar.at_high - result.baseline for bar in result.bars]
    assert widths == sorted(round(value, 12) for value in ends)


def test_monte_carlo_histogram_shares_are_the_draws():
    result = monte_carlo(load_model("models/chicken.toml"), 300, seed=2)
    axes = result.plot(outcome="crash")
    bars = axes.patches
    assert len(bars) == 2 * 20  # two series over twenty bins
    highest = sum(patch.get_height() for patch in bars[:20])
    finite = np.isfinite(result.outcome_max["crash"]).mean()
    assert highest == pytest.approx(finite)


def test_sobol_bars_are_the_indices(ceasefire):
    result = sobol(ceasefire[1], "ceasefire", n=64, seed=1)
    axes = result.plot(own_axes())
    assert len(axes.patches) == 2 * len(result.parameters)
    widths = sorted(patch.get_width() for patch in axes.patches)
    assert widths == pytest.approx(sorted([*result.first, *result.total]))


def test_tree_has_its_nodes_and_edges_and_the_equilibrium_path():
    model = load_model("models/ceasefire_sequence.toml")
    tree = model.game("sequence")
    solution = parametric_subgame_perfect(tree, model.parameters)
    piece = next(p for p in solution.pieces if dict(p.choices)["root"] == "condition")
    target = own_axes()
    axes = tree.plot(target, equilibrium=piece, at=model.parameters.baseline)
    assert axes is target
    gids = [line.get_gid() for line in axes.get_lines()]
    edges = [gid for gid in gids if gid is not None]
    assert len(edges) == len(tree.nodes) - 1
    nodes = [line for line in axes.get_lines() if line.get_gid() is None]
    assert len(nodes) == len(tree.nodes)
    assert "equilibrium-path:root/condition" in gids
    leaves = [
        text.get_text() for text in axes.texts if (text.get_gid() or "").startswith("outcome")
    ]
    assert len(leaves) == sum(isinstance(node, TerminalNode) for node in tree.nodes)
    # Without an equilibrium nothing is highlighted.
    plain = tree.plot()
    kinds = {line.get_gid().split(":")[0] for line in plain.get_lines() if line.get_gid()}
    assert kinds == {"edge"}


def test_tree_refuses_choices_it_does_not_have():
    tree = load_model("models/ceasefire_sequence.toml").game("sequence")
    with pytest.raises(GameError, match="no action 'surrender'"):
        tree.plot(equilibrium={"root": "surrender"})

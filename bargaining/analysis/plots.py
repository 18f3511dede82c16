"""The data behind the results' ``.plot`` methods, and the calls that draw it.

Each result prepares plain arrays and labels here and hands them to a kernel of
:mod:`bargaining.drawing`; the report's figures (:mod:`bargaining.figures`) call the same
functions, so a notebook and a report draw every kind of picture the same way. Results are
taken by what they offer (their attributes and methods), so this module imports none of the
result modules and each of them can import it inside its ``.plot``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bargaining.errors import BargainingError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from bargaining.analysis.monte_carlo import MonteCarlo
    from bargaining.analysis.regions import Region
    from bargaining.analysis.sobol import SobolIndices
    from bargaining.analysis.solution import ParametricSolution
    from bargaining.analysis.sweep_result import SweepResult
    from bargaining.analysis.thresholds import Threshold
    from bargaining.analysis.tornado import Tornado

__all__ = [
    "OutcomeBands",
    "axis_label",
    "outcome_bands",
    "plot_monte_carlo",
    "plot_sobol",
    "plot_solution",
    "plot_sweep",
    "plot_tornado",
    "region_label",
]


def axis_label(solution: ParametricSolution, parameter: str, width: int = 70) -> str:
    """``L: Russia's battlefield leverage (probability)``, wrapped to ``width`` characters.

    >>> from bargaining import Parameter, ParameterSpace
    >>> from bargaining.analysis import parametric_equilibria
    >>> from bargaining.games import NormalFormGame
    >>> space = ParameterSpace([Parameter("c", 0, 1, 0.5, description="cost", unit="pie")])
    >>> game = NormalFormGame.from_arrays([[[space.symbols["c"]]], [[0]]])
    >>> axis_label(parametric_equilibria(game, space), "c")
    'c: cost (pie)'
    """
    declared = solution.space[parameter]
    text = parameter + (f": {declared.description}" if declared.description else "")
    text += f" ({declared.unit})" if declared.unit else ""
    return "\n".join(textwrap.wrap(text, width))


def region_label(region: Region) -> str:
    """``ceasefire, war (3 equilibria)``: the outcomes that occur, and how many equilibria.

    Regions of games without outcome names are labelled by their number of equilibria only.

    >>> from bargaining.model import load_model
    >>> from bargaining.analysis import parametric_equilibria
    >>> model = load_model("models/chicken.toml")
    >>> solution = parametric_equilibria(model.game(), model.parameters)
    >>> region_label(solution.regions(("c",))[0])
    'both_swerve, column_backs_down, crash, row_backs_down (3 equilibria)'
    """
    count = len(region.equilibria)
    equilibria = f"{count} equilibri{'um' if count == 1 else 'a'}"
    if not region.outcomes:
        return equilibria
    return f"{', '.join(sorted(region.outcomes))} ({equilibria})"


@dataclass(frozen=True)
class OutcomeBands:
    """Each outcome's lowest and highest probability over the equilibria along one parameter.

    Attributes
    ----------
    parameter:
        The parameter along the grid.
    grid:
        Its values, increasing, with points just either side of each tipping point (so the
        jumps there are drawn as vertical steps).
    bands:
        Outcome name -> (lowest, highest) probability at each grid value.
    tipping_points:
        The tipping points along the grid, as floats.
    baseline:
        The parameter's baseline.
    """

    parameter: str
    grid: np.ndarray
    bands: Mapping[str, tuple[np.ndarray, np.ndarray]]
    tipping_points: tuple[float, ...]
    baseline: float


def outcome_bands(
    solution: ParametricSolution,
    parameter: str,
    *,
    at: Mapping[str, object] | None = None,
    thresholds: Sequence[Threshold] | None = None,
    points: int = 201,
) -> OutcomeBands:
    """Evaluate ``solution`` along ``parameter`` over its range, the others at ``at``.

    ``thresholds`` are computed with ``solution.thresholds`` when not given.

    >>> from bargaining.model import load_model
    >>> from bargaining.analysis import parametric_equilibria
    >>> model = load_model("models/ceasefire.toml")
    >>> solution = parametric_equilibria(model.game(), model.parameters)
    >>> bands = outcome_bands(solution, "G", points=11)
    >>> list(bands.bands), len(bands.tipping_points) > 0
    (['ceasefire', 'talk_and_fight', 'root_cause_settlement', 'war'], True)
    """
    fixed = {name: value for name, value in (at or {}).items() if name != parameter}
    if thresholds is None:
        thresholds = solution.thresholds(parameter, at=fixed)
    declared = solution.space[parameter]
    low, high = float(declared.low), float(declared.high)
    step = 1e-6 * (high - low)
    sides = [float(t.value) + offset for t in thresholds for offset in (-step, step)]
    grid = np.unique(np.clip(np.concatenate([np.linspace(low, high, points), sides]), low, high))
    constants = {name: np.full(len(grid), float(value)) for name, value in fixed.items()}
    evaluation = solution.evaluate({parameter: grid, **constants})
    return OutcomeBands(
        parameter=parameter,
        grid=grid,
        bands={
            outcome: (evaluation.outcome_min[outcome], evaluation.outcome_max[outcome])
            for outcome in evaluation.outcome_min
        },
        tipping_points=tuple(float(t.value) for t in thresholds),
        baseline=float(solution.space.validate(dict(fixed))[parameter]),
    )


def plot_solution(
    solution: ParametricSolution,
    ax: Axes | None = None,
    *,
    over: str | Sequence[str],
    at: Mapping[str, object] | None = None,
    points: int = 201,
    resolution: int = 151,
) -> Axes:
    """Outcome curves along one parameter, or the region map over two (see
    :meth:`~bargaining.analysis.ParametricSolution.plot`).

    >>> from bargaining.model import load_model
    >>> from bargaining.analysis import parametric_equilibria
    >>> model = load_model("models/ceasefire.toml")
    >>> solution = parametric_equilibria(model.game(), model.parameters)
    >>> plot_solution(solution, over=("L", "G"), resolution=21).get_title(loc="left")
    'Regions of equilibria over L and G'
    """
    from bargaining.drawing.curves import draw_outcome_bands
    from bargaining.drawing.regions import draw_regions

    names = (over,) if isinstance(over, str) else tuple(over)
    if len(names) == 1:
        data = outcome_bands(solution, names[0], at=at, points=points)
        axes = draw_outcome_bands(
            ax,
            data.grid,
            data.bands,
            tipping_points=data.tipping_points,
            baseline=data.baseline,
            xlabel=axis_label(solution, names[0]),
        )
        axes.set_ylabel("probability in equilibrium")
        axes.set_title(f"Outcomes as {names[0]} varies (band: lowest to highest)", loc="left")
        axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
        return axes
    if len(names) != 2:
        raise BargainingError(f"plot over one parameter or two, not {len(names)}")
    horizontal, vertical = names
    fixed = {name: value for name, value in (at or {}).items() if name not in names}
    regions = solution.regions(names, fixed, resolution=resolution)
    cells = np.full(regions[0].mask.shape if regions else (resolution, resolution), -1)
    for number, region in enumerate(regions):
        cells[region.mask] = number
    space = solution.space
    baseline = space.validate(dict(fixed))
    return draw_regions(
        ax,
        cells,
        extent=(
            float(space[horizontal].low),
            float(space[horizontal].high),
            float(space[vertical].low),
            float(space[vertical].high),
        ),
        labels=[f"{region_label(region)}: {region.share:.0%}" for region in regions],
        baseline=(float(baseline[horizontal]), float(baseline[vertical])),
        xlabel=axis_label(solution, horizontal),
        ylabel=axis_label(solution, vertical, width=45),
        title=f"Regions of equilibria over {horizontal} and {vertical}",
        legend_title="region: outcomes (equilibria): share of the slice",
    )


def plot_sweep(result: SweepResult, ax: Axes | None = None, *, over: str | None = None) -> Axes:
    """A sweep's outcome bands along its one varied parameter, or its regions over a grid of
    two (see :meth:`~bargaining.analysis.sweep_result.SweepResult.plot`).

    >>> from bargaining import load_model, sweep, grid
    >>> result = sweep(load_model("models/chicken.toml"), grid(c=[2, 10, 50]))
    >>> plot_sweep(result).get_lines()[0].get_label()
    'both_swerve'
    """
    from bargaining.drawing.curves import draw_outcome_bands
    from bargaining.drawing.regions import draw_regions

    varied = result.parameters
    if len(result.axes) == 2 and len(varied) == 2:
        shape = tuple(len(values) for values in result.axes.values())
        cells = np.where(result.boundary, -1, result.region).reshape(shape)
        (horizontal, xs), (vertical, ys) = result.axes.items()
        return draw_regions(
            ax,
            cells,
            extent=(float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1])),
            # One entry per region number (two regions could share a description).
            labels=[
                f"{text}: {int(count) / max(len(result), 1):.0%}"
                for text, count in zip(result.regions, result.region_counts, strict=True)
            ],
            xlabel=horizontal,
            ylabel=vertical,
            title=f"Regions over {horizontal} and {vertical} ({len(result):,} points)",
            legend_title="region: equilibria: share of the points",
        )
    name = over if over is not None else (varied[0] if len(varied) == 1 else None)
    if name is None or varied != (name,):
        raise BargainingError(
            "a sweep is plotted along its one varied parameter or over a grid of two; this one "
            f"varies {', '.join(varied) or 'nothing'}"
        )
    values = result.values(name)
    order = np.argsort(values, kind="stable")
    bands = {
        outcome: (result.outcome_min[outcome][order], result.outcome_max[outcome][order])
        for outcome in result.outcome_min
    }
    axes = draw_outcome_bands(ax, values[order], bands, xlabel=name)
    axes.set_ylabel("probability in equilibrium")
    axes.set_title(f"Outcomes over {len(result):,} points of {name}", loc="left")
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return axes


def plot_tornado(result: Tornado, ax: Axes | None = None) -> Axes:
    """A tornado diagram, the largest swing on top (see
    :meth:`~bargaining.analysis.tornado.Tornado.plot`).

    >>> from bargaining.model import load_model
    >>> from bargaining.analysis.tornado import tornado
    >>> result = tornado(load_model("models/ceasefire.toml"), "ceasefire", share=0.25)
    >>> plot_tornado(result).get_xlabel()
    'P(ceasefire), highest over the equilibria (probability)'
    """
    from bargaining.drawing.bars import draw_paired_bars, quantity_label

    bars = result.bars
    spread = "over its range" if result.share == 1 else f"{result.share:.0%} of the way to its ends"
    axes = draw_paired_bars(
        ax,
        [_bar_label(bar) for bar in bars],
        [
            ("parameter at the low end", np.array([bar.at_low for bar in bars]), None),
            ("parameter at the high end", np.array([bar.at_high for bar in bars]), None),
        ],
        start=result.baseline,
        xlabel=quantity_label(result.outcome, result.statistic),
        title=f"Tornado of {result.outcome}: each parameter alone, {spread}",
    )
    _legend_below(axes)
    return axes


def _bar_label(bar) -> str:
    unit = f" {bar.unit}" if bar.unit else ""
    return f"{bar.parameter}: {bar.low:.3g} to {bar.high:.3g}{unit}"


def _legend_below(axes: Axes) -> None:
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2, frameon=False, fontsize=8)


def plot_sobol(result: SobolIndices, ax: Axes | None = None) -> Axes:
    """First-order and total Sobol indices with their confidence intervals, the largest total
    on top (see :meth:`~bargaining.analysis.sobol.SobolIndices.plot`).

    >>> from bargaining.model import load_model
    >>> from bargaining.analysis.sobol import sobol
    >>> result = sobol(load_model("models/ceasefire.toml"), "ceasefire", n=256, seed=1)
    >>> [text.get_text() for text in plot_sobol(result).get_legend().get_texts()]
    ['first order (alone)', 'total (with interactions)']
    """
    from bargaining.drawing.bars import draw_paired_bars, quantity_label

    order = [result.parameters.index(row["parameter"]) for row in result.table()]
    axes = draw_paired_bars(
        ax,
        [result.parameters[i] for i in order],
        [
            ("first order (alone)", result.first[order], result.first_half_width[order]),
            ("total (with interactions)", result.total[order], result.total_half_width[order]),
        ],
        xlabel=f"share of the variance of {quantity_label(result.outcome, result.statistic)}",
        title=f"Sobol indices of {result.outcome} ({result.evaluations:,} evaluations; "
        f"bars: {result.confidence:.0%} confidence intervals)",
    )
    axes.set_xlim(min(-0.05, float(np.nanmin(result.first)) - 0.05), 1.05)
    _legend_below(axes)
    return axes


def plot_monte_carlo(result: MonteCarlo, ax: Axes | None = None, *, outcome: str) -> Axes:
    """The distribution over the draws of an outcome's lowest and highest probability over
    the equilibria (see :meth:`~bargaining.analysis.monte_carlo.MonteCarlo.plot`).

    >>> from bargaining.model import load_model
    >>> from bargaining.analysis.monte_carlo import monte_carlo
    >>> result = monte_carlo(load_model("models/ceasefire.toml"), 500, seed=1)
    >>> plot_monte_carlo(result, outcome="ceasefire").get_ylabel()
    'share of the draws'
    """
    from bargaining.drawing.bars import draw_histogram

    summary = result.summary(outcome)
    axes = draw_histogram(
        ax,
        [
            ("highest over the equilibria", result.outcome_max[outcome]),
            ("lowest over the equilibria", result.outcome_min[outcome]),
        ],
        bins=np.linspace(0, 1, 21),
        xlabel=f"P({outcome}) in equilibrium (probability)",
        title=f"{outcome} over {result.n:,} draws from the parameters' distributions: possible "
        f"in {summary.possible:.1%} (± {summary.possible_se:.1%}), assured in "
        f"{summary.assured:.1%} (± {summary.assured_se:.1%})",
    )
    axes.set_xlim(-0.02, 1.02)
    return axes

"""The sensitivity figures draw what the analyses computed."""

from __future__ import annotations

import numpy as np
import pytest

from bargaining import load_model
from bargaining.analysis.monte_carlo import monte_carlo
from bargaining.analysis.sobol import sobol
from bargaining.analysis.tornado import tornado
from bargaining.drawing.style import PALETTE
from bargaining.figures.sensitivity import monte_carlo_histogram, sobol_chart, tornado_chart


@pytest.fixture(scope="module")
def model():
    return load_model("models/ceasefire.toml")


def _bars(axes, colour):
    from matplotlib.colors import to_hex

    return [patch for patch in axes.patches if to_hex(patch.get_facecolor()) == colour.lower()]


def test_tornado_bars_run_from_the_point_to_each_end(model):
    result = tornado(model, "payoff Russia", statistic="min", share=0.5)
    axes = tornado_chart(result).axes[0]
    low, high = _bars(axes, PALETTE[0]), _bars(axes, PALETTE[1])
    assert len(low) == len(high) == len(result.bars)
    for patch, bar in zip(low, result.bars, strict=True):
        assert patch.get_x() == pytest.approx(result.baseline)
        assert patch.get_width() == pytest.approx(bar.at_low - result.baseline)
    for patch, bar in zip(high, result.bars, strict=True):
        assert patch.get_width() == pytest.approx(bar.at_high - result.baseline)
    positions = {
        tick.get_text().split(":")[0]: y
        for tick, y in zip(axes.get_yticklabels(), axes.get_yticks(), strict=True)
    }
    assert positions[result.bars[0].parameter] == max(positions.values())  # largest on top


def test_histogram_shares_sum_to_one(model):
    result = monte_carlo(model, 3000, seed=4)
    axes = monte_carlo_histogram(result, "war").axes[0]
    for colour in PALETTE[:2]:
        assert sum(patch.get_height() for patch in _bars(axes, colour)) == pytest.approx(1)
    summary = result.summary("war")
    assert f"possible in {summary.possible:.1%}" in axes.get_title(loc="left")


def test_sobol_chart_bars_are_the_indices(model):
    result = sobol(model, "ceasefire", n=256, seed=2)
    axes = sobol_chart(result).axes[0]
    totals = sorted(patch.get_width() for patch in _bars(axes, PALETTE[1]))
    assert np.allclose(totals, sorted(result.total))

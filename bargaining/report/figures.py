"""The report's figures: which to draw for a game, and each as deterministic SVG text.

For each lever the game depends on, its outcome probabilities against that lever with the
tipping points marked (games with named outcomes); a region map over the first two levers.
SVG output is byte-for-byte reproducible for a given matplotlib (fixed hash salt for element
ids, no date), so committed reports can be checked to be current. Text stays text (smaller
files, selectable, searchable).
"""

from __future__ import annotations

import io
import re

import matplotlib
from matplotlib.figure import Figure as MatplotlibFigure

from bargaining.figures.outcome_curves import outcome_curves
from bargaining.figures.region_map import region_map
from bargaining.report.analysis import GameAnalysis
from bargaining.report.document import Figure

__all__ = ["game_figures", "svg_text"]

#: Fixed salt for the ids matplotlib writes into SVG (random per process otherwise).
SVG_SALT = "bargaining-report"


def svg_text(figure: MatplotlibFigure) -> str:
    """The figure as SVG text, identical on every run with the same matplotlib.

    >>> figure = MatplotlibFigure(figsize=(2, 1))
    >>> _ = figure.add_subplot().plot([0, 1], [1, 0])
    >>> svg_text(figure) == svg_text(figure), svg_text(figure).startswith("<svg")
    (True, True)
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    # The XML prolog and DOCTYPE are dropped: the text is a file by itself and an inline image.
    return buffer.getvalue()[buffer.getvalue().index("<svg") :]


def _file_stem(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)


def game_figures(analysis: GameAnalysis, *, prefix: str = "") -> list[Figure]:
    """The figures of one analysed game, with file names starting with ``prefix``."""
    figures = []
    solution = analysis.solution
    if analysis.game.outcomes is not None:
        for lever in analysis.levers:
            drawn = outcome_curves(solution, lever, thresholds=analysis.thresholds[lever])
            caption = (
                f"Probability of each outcome in equilibrium as {lever} varies, the other "
                "parameters at their baselines. Where several equilibria give different "
                "probabilities, the band runs from the lowest (dashed) to the highest (solid); "
                "dash-dotted verticals mark the tipping points, the dotted one the baseline."
            )
            figures.append(
                Figure(_file_stem(f"{prefix}outcomes-{lever}") + ".svg", svg_text(drawn), caption)
            )
    if len(analysis.levers) >= 2:
        over = (analysis.levers[0], analysis.levers[1])
        drawn = region_map(solution, over)
        caption = (
            f"Regions of {over[0]} and {over[1]} with the same equilibria, the other parameters "
            "at their baselines; white cells lie on a boundary between regions. The cross "
            "marks the baseline."
        )
        figures.append(
            Figure(
                _file_stem(f"{prefix}regions-{over[0]}-{over[1]}") + ".svg",
                svg_text(drawn),
                caption,
            )
        )
    return figures

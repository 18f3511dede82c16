"""The report's figures: which to draw for a game, and each as deterministic SVG text.

For tree games, the tree at the baseline with an equilibrium path; for each lever the game
depends on, its outcome probabilities against that lever with the
tipping points marked (games with named outcomes); a region map over the first two levers; for
each outcome some parameter moves, a tornado chart and a Monte Carlo histogram.
SVG output is byte-for-byte reproducible for a given matplotlib (fixed hash salt for element
ids, no date), so committed reports can be checked to be current. Text stays text (smaller
files, selectable, searchable).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure as MatplotlibFigure

from bargaining.figures.game_tree import draw_tree
from bargaining.figures.outcome_curves import outcome_curves
from bargaining.figures.region_map import region_map
from bargaining.figures.sensitivity import monte_carlo_histogram, tornado_chart
from bargaining.report.analysis import GameAnalysis
from bargaining.report.document import Figure

__all__ = ["GameFigures", "game_figures", "svg_text"]

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
    """A short file name for ``text`` (built from model names), different for different texts.

    Text that is already a short file name is kept; anything else becomes a slug of at most 40
    characters and a hash of the whole text, so ``"talks 1"`` and ``"talks.1"`` do not collide
    and a 300-character parameter name still gives a name the file system accepts.

    >>> _file_stem("outcomes-L"), _file_stem("talks 1"), _file_stem("talks.1")
    ('outcomes-L', 'talks-1-94d27fd5', 'talks-1-907c0bd7')
    >>> len(_file_stem("outcomes-" + "x" * 300))
    49
    """
    if re.fullmatch(r"[A-Za-z0-9_-]{1,60}", text):
        return text
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", text)[:40]
    return f"{slug}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class GameFigures:
    """The figures of one game, by the section they belong to.

    Attributes
    ----------
    tree:
        The game tree at the baseline with an equilibrium path, for tree games.
    outcome_curves:
        One per lever: each outcome's probability against it, tipping points marked.
    region_map:
        The regions over the first two levers, or None with fewer than two.
    tornadoes:
        One per outcome some parameter moves: each parameter alone over its range.
    histograms:
        One per outcome some parameter moves: its probability over the Monte Carlo draws.
    """

    tree: Figure | None = None
    outcome_curves: tuple[Figure, ...] = ()
    region_map: Figure | None = None
    tornadoes: tuple[Figure, ...] = ()
    histograms: tuple[Figure, ...] = ()

    def __iter__(self) -> Iterator[Figure]:
        if self.tree is not None:
            yield self.tree
        yield from self.outcome_curves
        if self.region_map is not None:
            yield self.region_map
        yield from self.tornadoes
        yield from self.histograms


def _figure(file_name: str, drawn: MatplotlibFigure, caption: str) -> Figure:
    return Figure(_file_stem(file_name) + ".svg", svg_text(drawn), caption)


def _outcome_curves(analysis: GameAnalysis, prefix: str) -> tuple[Figure, ...]:
    if not analysis.outcomes:
        return ()
    return tuple(
        _figure(
            f"{prefix}outcomes-{lever}",
            outcome_curves(analysis.solution, lever, thresholds=analysis.thresholds[lever]),
            f"Probability of each outcome in equilibrium as {lever} varies, the other "
            "parameters at their baselines. Where several equilibria give different "
            "probabilities, the band runs from the lowest (dashed) to the highest (solid); "
            "dash-dotted verticals mark the tipping points, the dotted one the baseline.",
        )
        for lever in analysis.levers
    )


def _tree(analysis: GameAnalysis, prefix: str) -> Figure | None:
    if analysis.tree is None:
        return None
    return _figure(
        f"{prefix}tree",
        draw_tree(analysis.tree, at=analysis.solution.space.baseline),
        "The game tree with payoffs at the baseline (each player's, in the order of the "
        "legend); the thick line is the path of a subgame-perfect equilibrium there, where "
        "one is computed.",
    )


def _region_map(analysis: GameAnalysis, prefix: str) -> Figure | None:
    if len(analysis.levers) < 2:
        return None
    over = (analysis.levers[0], analysis.levers[1])
    return _figure(
        f"{prefix}regions-{over[0]}-{over[1]}",
        region_map(analysis.solution, over),
        f"Regions of {over[0]} and {over[1]} with the same equilibria, the other parameters at "
        "their baselines; white cells lie on a boundary between regions. The cross marks the "
        "baseline.",
    )


def game_figures(analysis: GameAnalysis, *, prefix: str = "") -> GameFigures:
    """The figures of one analysed game, with file names starting with ``prefix``.

    >>> from bargaining.model import load_model
    >>> from bargaining.report.analysis import analyse_model
    >>> analysis = analyse_model(load_model("models/chicken.toml"), claim_examples=0, draws=100)
    >>> [figure.file_name for figure in game_figures(analysis.games[0])]
    ['outcomes-c.svg', 'tornado-both_swerve.svg', 'tornado-crash.svg',
     'monte-carlo-both_swerve.svg', 'monte-carlo-crash.svg']
    """
    tornadoes = tuple(
        _figure(
            f"{prefix}tornado-{chart.outcome}",
            tornado_chart(chart),
            f"How far each parameter alone, over its whole range, moves the highest probability "
            f"of {chart.outcome} over the equilibria, the others at their baselines.",
        )
        for chart in analysis.tornadoes
    )
    draws = analysis.monte_carlo
    histograms = tuple(
        _figure(
            f"{prefix}monte-carlo-{chart.outcome}",
            monte_carlo_histogram(draws, chart.outcome),
            f"Probability of {chart.outcome} in equilibrium over {draws.n:,} draws of all the "
            "parameters from their distributions (uniform over the range unless the model "
            "says otherwise).",
        )
        for chart in analysis.tornadoes
        if draws is not None
    )
    return GameFigures(
        tree=_tree(analysis, prefix),
        outcome_curves=_outcome_curves(analysis, prefix),
        region_map=_region_map(analysis, prefix),
        tornadoes=tornadoes,
        histograms=histograms,
    )

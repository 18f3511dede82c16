"""The section of a report on one game, as document blocks.

Its payoff table (outcome names, or payoffs where the game has none); the equilibria at the
baseline; the exact tipping points along each lever and the intervals between them, with the
outcome curves; the region map; every equilibrium as a function of the parameters with the
conditions under which it holds; the sensitivity of the outcomes (Monte Carlo table, tornado and
histogram figures).

>>> from bargaining.model import load_model
>>> from bargaining.report.analysis import analyse_model
>>> analysis = analyse_model(load_model("models/chicken.toml"), claim_examples=0, draws=100)
>>> blocks = game_blocks(analysis.games[0], GameFigures())
>>> [block.text for block in blocks if isinstance(block, Heading)]
['Game crisis', 'Equilibria at the baseline', 'Which equilibrium to expect',
 'What a mediator can reach', 'Tipping points', 'Between the tipping points',
 'Equilibria as functions of the parameters', 'Sensitivity']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import sympy

from bargaining.games.bayesian import BayesianGame, ex_ante_form
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import to_sympy
from bargaining.report.analysis import GameAnalysis
from bargaining.report.concept_results_section import concept_result_blocks
from bargaining.report.document import (
    BREAK,
    Block,
    Heading,
    Line,
    Math,
    Paragraph,
    Table,
    math_of,
)
from bargaining.report.figures import GameFigures
from bargaining.report.intervals import lever_intervals
from bargaining.report.selection_section import selection_blocks
from bargaining.report.wording import joined, value_words

__all__ = ["game_blocks"]


def _payoff_table(normal: NormalFormGame) -> Table:

    def cell(profile: tuple[int, ...]) -> Line:
        if normal.outcomes is not None:
            return (str(normal.outcomes[profile]),)
        return (math_of(sympy.Tuple(*(to_sympy(v) for v in normal.payoffs[profile]))),)

    if normal.num_players == 2:
        rows_player, columns_player = normal.players
        header = (f"{rows_player} \\ {columns_player}", *normal.strategies[1])
        rows = tuple(
            ((label,), *(cell((i, j)) for j in range(normal.shape[1])))
            for i, label in enumerate(normal.strategies[0])
        )
        return Table(header, rows)
    header = (*normal.players, "outcome" if normal.outcomes is not None else "payoffs")
    rows = []
    for profile in itertools.product(*(range(size) for size in normal.shape)):
        labels = tuple((normal.strategies[p][s],) for p, s in enumerate(profile))
        rows.append((*labels, cell(profile)))
    return Table(header, tuple(rows))


def _type_profile_blocks(game: BayesianGame) -> list[Block]:
    """A Bayesian game's table for each type profile, with its prior probability."""
    what = "outcome" if game.outcomes is not None else "payoffs"
    blocks: list[Block] = []
    for profile, p, normal in game.profile_games():
        types = ", ".join(
            f"{player} is {name}"
            for player, name, kinds in zip(game.players, profile, game.types, strict=True)
            if len(kinds) > 1
        )
        blocks += [
            Paragraph(
                (
                    f"When {types} (prior probability ",
                    math_of(p),
                    f"), the {what} of each combination of actions:",
                )
            ),
            _payoff_table(normal),
        ]
    return blocks


def _strategy_line(labels: Sequence[str], probabilities: Sequence[object]) -> Line:
    played = [(label, p) for label, p in zip(labels, probabilities, strict=True) if p != 0]
    if len(played) == 1:
        return (played[0][0],)
    parts: list[object] = []
    for index, (label, probability) in enumerate(played):
        parts += [*([BREAK] if index else []), f"{label} ", math_of(probability)]
    return tuple(parts)


def _baseline_table(game: GameAnalysis) -> Table:
    normal = game.game
    header = ("#", *normal.players, "payoffs", "outcomes")
    rows = []
    for number, equilibrium in enumerate(game.baseline, start=1):
        outcomes = ", ".join(
            name if p == 1 else f"{name} {value_words(p)}"
            for name, p in equilibrium.outcome_probabilities
            if p != 0
        )
        rows.append(
            (
                (str(number),),
                *(
                    _strategy_line(labels, vector)
                    for labels, vector in zip(
                        equilibrium.strategy_labels, equilibrium.strategies, strict=True
                    )
                ),
                (math_of(sympy.Tuple(*(to_sympy(v) for v in equilibrium.payoffs))),),
                (outcomes,),
            )
        )
    return Table(header, tuple(rows))


def _threshold_table(game: GameAnalysis) -> Table:
    rows = []
    for lever in game.levers:
        for threshold in game.thresholds[lever]:
            formula: Line = (
                (Math(sympy.Eq(game.solution.space[lever].symbol, threshold.expression)),)
                if threshold.expression is not None
                else ("",)
            )
            rows.append(
                (
                    (lever,),
                    (math_of(threshold.value),),
                    (f"{float(threshold.value):.4g}",),
                    formula,
                    (threshold.change,),
                )
            )
    return Table(("lever", "tipping point", "≈", "as a formula", "what changes"), tuple(rows))


def _interval_table(game: GameAnalysis) -> Table:
    rows = []
    for lever in game.levers:
        for interval in lever_intervals(game.solution, lever, game.thresholds[lever]):
            rows.append(
                (
                    (lever,),
                    (f"{value_words(interval.low)} to {value_words(interval.high)}",),
                    _stacked(interval.equilibria),
                    (", ".join(sorted(interval.outcomes)),),
                )
            )
    return Table(("lever", "interval", "equilibria", "outcomes"), tuple(rows))


def _stacked(items: Sequence[object]) -> Line:
    """Items one per line."""
    parts: list[object] = []
    for index, item in enumerate(items):
        parts += [*([BREAK] if index else []), item]
    return tuple(parts)


def _piece_table(game: GameAnalysis) -> Table:
    solution = game.solution
    rows = []
    for number, piece in enumerate(solution.pieces, start=1):
        # The solution's own relations: the region map has solved most of them already.
        conditions = _stacked([Math(relation) for relation in solution.condition_relations(piece)])
        outcomes: list[object] = []
        for name, probability in piece.outcome_probabilities:
            if probability == 1:
                outcomes.append(name)
            elif probability != 0:
                outcomes += [*([BREAK] if outcomes else []), f"{name} ", math_of(probability)]
        rows.append(
            (
                (str(number),),
                *(
                    _strategy_line(labels, vector)
                    for labels, vector in zip(
                        solution.strategy_labels, piece.strategies, strict=True
                    )
                ),
                tuple(outcomes) or ("",),
                tuple(conditions) or ("always",),
            )
        )
    players = tuple(solution.game.players)
    return Table(("#", *players, "outcomes", "an equilibrium when"), tuple(rows))


def _sensitivity_blocks(game: GameAnalysis, figures: GameFigures) -> list[Block]:
    draws = game.monte_carlo
    if draws is None:
        return []
    blocks: list[Block] = [
        Heading(3, "Sensitivity"),
        Paragraph(
            (
                f"Over {draws.n:,} draws of all the parameters from their distributions "
                f"(seed {draws.seed}), the share of draws in which each outcome is possible "
                "(some equilibrium gives it positive probability) and assured (every "
                "equilibrium gives it probability one), with standard errors:",
            )
        ),
        Table(
            ("outcome", "possible", "assured", "mean lowest probability", "mean highest"),
            tuple(
                (
                    (summary.outcome,),
                    (f"{summary.possible:.1%} ± {summary.possible_se:.1%}",),
                    (f"{summary.assured:.1%} ± {summary.assured_se:.1%}",),
                    (f"{summary.mean_min:.3f} ± {summary.mean_min_se:.3f}",),
                    (f"{summary.mean_max:.3f} ± {summary.mean_max_se:.3f}",),
                )
                for summary in draws.summaries()
            ),
        ),
    ]
    if not game.tornadoes:
        blocks.append(Paragraph(("No parameter moves any outcome's probability.",)))
    return [*blocks, *figures.tornadoes, *figures.histograms]


def _pieces_text(game: GameAnalysis) -> str:
    """What the table of equilibria as functions lists: the concept's own description."""
    if game.concept is None or not game.concept.description:
        what = "Every equilibrium of the game"
    else:
        description = game.concept.description
        what = description[0].upper() + description[1:]
    return f"{what}, with the conditions on the parameters under which it is one."


def game_blocks(game: GameAnalysis, figures: GameFigures) -> list[Block]:
    """The blocks of the section on one analysed game, its figures placed where they belong."""
    blocks: list[Block] = [Heading(2, f"Game {game.name}")]
    normal = game.game
    if game.tree is not None:
        blocks.append(
            Paragraph(
                (
                    "A game tree, its equilibria written in its reduced normal form: each "
                    "strategy says what the player does at each of its moves.",
                ),
                emphasis=True,
            )
        )
    if game.concept is not None:
        blocks.append(Paragraph((f"Solution concept: {game.concept.title}.",), emphasis=True))
    if figures.tree is not None:
        blocks.append(figures.tree)
    if isinstance(normal, BayesianGame):  # a table per type profile; selection on plans
        shown, strategic = _type_profile_blocks(normal), ex_ante_form(normal)
    else:
        what = "outcome of each" if normal.outcomes is not None else "payoffs of each"
        shown = [Paragraph((f"The {what} combination of strategies:",)), _payoff_table(normal)]
        strategic = normal
    blocks += [
        *shown,
        Heading(3, "Equilibria at the baseline"),
        _baseline_table(game),
        *concept_result_blocks(game.baseline),
        *selection_blocks(strategic, game.solution.space, game.baseline, levers=game.levers),
    ]
    if game.levers:
        blocks.append(Heading(3, "Tipping points"))
        if any(game.thresholds[lever] for lever in game.levers):
            blocks += [
                Paragraph(
                    (
                        "Exact values of each lever at which the set of equilibria changes, the "
                        "other parameters at their baselines, with the value as a formula in the "
                        "other parameters where there is one.",
                    )
                ),
                _threshold_table(game),
            ]
        else:
            blocks.append(
                Paragraph(
                    (
                        f"No lever ({joined(list(game.levers))}) has a tipping point inside its "
                        "range.",
                    )
                )
            )
        blocks += [
            Heading(3, "Between the tipping points"),
            _interval_table(game),
            *figures.outcome_curves,
        ]
    if figures.region_map is not None:
        blocks += [Heading(3, "Regions"), figures.region_map]
    if normal.outcomes is None and game.levers:
        blocks.append(
            Paragraph(
                (
                    "Some strategy profiles of this game lead to more than one outcome, so outcome "
                    "probabilities are not drawn.",
                ),
                emphasis=True,
            )
        )
    blocks += [
        Heading(3, "Equilibria as functions of the parameters"),
        Paragraph((_pieces_text(game),)),
        _piece_table(game),
        *_sensitivity_blocks(game, figures),
    ]
    return blocks

"""The report's sections, as document blocks: what it says, in the order a reader needs it.

Summary; players; parameters (ranges, baselines, what the ends mean, where the baselines come
from); outcomes and their payoff formulas; each game with its payoff table, the equilibria at
the baseline, the tipping points and the intervals between them along each lever with the
outcome curves, the region map, every equilibrium as a function of the parameters with the
conditions where it holds, and the sensitivity (Monte Carlo table, tornado and histogram
figures); the claims and their checks; the reproducibility footer. Every number comes from the
analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy

from bargaining.analysis.conditions import _solved_relation
from bargaining.model import Model
from bargaining.numbers import to_sympy
from bargaining.report.analysis import GameAnalysis, ModelAnalysis
from bargaining.report.claims import claim_rows
from bargaining.report.document import (
    BREAK,
    Block,
    Bullets,
    Document,
    Heading,
    Line,
    Math,
    Paragraph,
    Table,
)
from bargaining.report.figures import GameFigures
from bargaining.report.footer import Reproducibility
from bargaining.report.intervals import lever_intervals
from bargaining.report.summary import summarize
from bargaining.report.wording import joined, value_words

__all__ = ["report_document"]


def _math(value: object) -> Math:
    return Math(to_sympy(value) if not isinstance(value, sympy.Basic) else value)


def _model_blocks(model: Model) -> list[Block]:
    blocks: list[Block] = [Heading(1, model.title or model.name)]
    if model.description:
        blocks.append(Paragraph((model.description,)))
    if model.sources:
        blocks += [Paragraph(("Sources:",)), Bullets(tuple((source,) for source in model.sources))]
    return blocks


def _summary_blocks(analysis: ModelAnalysis) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Summary")]
    for game in analysis.games:
        if len(analysis.games) > 1:
            blocks.append(Heading(3, f"Game {game.name}"))
        summary = summarize(game)
        blocks.append(Paragraph((summary.opening,)))
        if summary.outcomes:
            blocks.append(Bullets(tuple((sentence,) for sentence in summary.outcomes)))
        if summary.closing:
            blocks.append(Paragraph((summary.closing,)))
    if game_levers := [g for g in analysis.games if g.levers]:
        levers = joined(list(dict.fromkeys(lever for g in game_levers for lever in g.levers)))
        blocks.append(
            Paragraph(
                (
                    f"Changes are of one lever at a time ({levers}), the other parameters at "
                    "their baselines.",
                ),
                emphasis=True,
            )
        )
    if analysis.claims:
        held = sum(result.passed for result in analysis.claims)
        blocks.append(
            Paragraph(
                (
                    f"{held} of the model's {len(analysis.claims)} claims held at every point "
                    "tried; see Claims below.",
                )
            )
        )
    return blocks


def _players_blocks(model: Model) -> list[Block]:
    rows = tuple(((player.name,), (player.description,)) for player in model.players.values())
    return [Heading(2, "Players"), Table(("player", "description"), rows)]


def _parameter_blocks(model: Model, levers: Sequence[str]) -> list[Block]:
    if not len(model.parameters):
        return [Heading(2, "Parameters"), Paragraph(("The model has no parameters.",))]
    values, meanings = [], []
    for parameter in model.parameters:
        notes = model.parameter_notes[parameter.name]
        name = (parameter.name + (" (lever)" if parameter.name in levers else ""),)
        values.append(
            (
                name,
                (parameter.description,),
                (f"{value_words(parameter.low)} to {value_words(parameter.high)}",),
                (value_words(parameter.baseline),),
                (parameter.unit,),
            )
        )
        if notes.low_means or notes.high_means or notes.baseline_source:
            meanings.append(
                (name, (notes.low_means,), (notes.high_means,), (notes.baseline_source,))
            )
    blocks: list[Block] = [
        Heading(2, "Parameters"),
        Paragraph(
            (
                "Levers are the parameters the analysis varies (tagged leverage in the model, "
                "or all of them when none is tagged).",
            ),
            emphasis=True,
        ),
        Table(("parameter", "description", "range", "baseline", "unit"), tuple(values)),
    ]
    if meanings:
        blocks += [
            Paragraph(("What the ends of each range mean, and where each baseline comes from:",)),
            Table(
                ("parameter", "low end", "high end", "baseline from"),
                tuple(meanings),
            ),
        ]
    return blocks


def _outcome_blocks(model: Model) -> list[Block]:
    if not model.outcomes:
        return []
    players = list(model.players)
    described = tuple(
        (f"{outcome.name}: {outcome.description}",)
        for outcome in model.outcomes.values()
        if outcome.description
    )
    rows = tuple(
        (
            (outcome.name,),
            *(
                (_math(outcome.payoffs[player]),) if player in outcome.payoffs else ("",)
                for player in players
            ),
        )
        for outcome in model.outcomes.values()
    )
    header = ("outcome", *(f"payoff to {player}" for player in players))
    blocks: list[Block] = [Heading(2, "Outcomes and payoffs")]
    if described:
        blocks.append(Bullets(described))
    return [*blocks, Table(header, rows)]


def _payoff_table(game: GameAnalysis) -> Table:
    normal = game.game

    def cell(profile: tuple[int, ...]) -> Line:
        if normal.outcomes is not None:
            return (str(normal.outcomes[profile]),)
        return (_math(sympy.Tuple(*(to_sympy(v) for v in normal.payoffs[profile]))),)

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
    for profile in _profiles(normal.shape):
        labels = tuple((normal.strategies[p][s],) for p, s in enumerate(profile))
        rows.append((*labels, cell(profile)))
    return Table(header, tuple(rows))


def _profiles(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    profiles: list[tuple[int, ...]] = [()]
    for size in shape:
        profiles = [(*profile, index) for profile in profiles for index in range(size)]
    return profiles


def _strategy_line(labels: Sequence[str], probabilities: Sequence[object]) -> Line:
    played = [(label, p) for label, p in zip(labels, probabilities, strict=True) if p != 0]
    if len(played) == 1:
        return (played[0][0],)
    parts: list[object] = []
    for index, (label, probability) in enumerate(played):
        parts += [*([BREAK] if index else []), f"{label} ", _math(probability)]
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
                (_math(sympy.Tuple(*(to_sympy(v) for v in equilibrium.payoffs))),),
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
                    (_math(threshold.value),),
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
    normal = game.game
    rows = []
    for number, piece in enumerate(solution.pieces, start=1):
        conditions = _stacked(
            [Math(_solved_relation(condition, solution.box)) for condition in piece.conditions]
        )
        outcomes: list[object] = []
        for name, probability in piece.outcome_probabilities:
            if probability == 1:
                outcomes.append(name)
            elif probability != 0:
                outcomes += [*([BREAK] if outcomes else []), f"{name} ", _math(probability)]
        rows.append(
            (
                (str(number),),
                *(
                    _strategy_line(labels, vector)
                    for labels, vector in zip(normal.strategies, piece.strategies, strict=True)
                ),
                tuple(outcomes) or ("",),
                tuple(conditions) or ("always",),
            )
        )
    return Table(("#", *normal.players, "outcomes", "an equilibrium when"), tuple(rows))


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


def _game_blocks(game: GameAnalysis, figures: GameFigures) -> list[Block]:
    blocks: list[Block] = [Heading(2, f"Game {game.name}")]
    normal = game.game
    if game.from_tree:
        blocks.append(
            Paragraph(
                (
                    "A game tree, analysed through its reduced normal form: each strategy "
                    "says what the player does at each of its moves.",
                ),
                emphasis=True,
            )
        )
    what = "outcome of each" if normal.outcomes is not None else "payoffs of each"
    blocks += [
        Paragraph((f"The {what} combination of strategies:",)),
        _payoff_table(game),
        Heading(3, "Equilibria at the baseline"),
        _baseline_table(game),
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
        Paragraph(
            (
                "Every equilibrium of the game (every extreme equilibrium where the game is "
                "degenerate), with the conditions on the parameters under which it is one.",
            )
        ),
        _piece_table(game),
        *_sensitivity_blocks(game, figures),
    ]
    return blocks


def _claim_blocks(analysis: ModelAnalysis) -> list[Block]:
    if not analysis.claims:
        return []
    return [
        Heading(2, "Claims"),
        Paragraph(
            (
                "Each claim was checked at the baseline, at the ends and corners of the "
                "parameter ranges, on both sides of every tipping point, and at "
                f"{analysis.claim_examples} more points from a seeded search (seed "
                f"{analysis.seed}); a failing claim shows the simplest point found where it "
                "fails.",
            )
        ),
        Table(
            ("claim", "expects", "result", "points tried", "counterexample"), claim_rows(analysis)
        ),
    ]


def report_document(
    analysis: ModelAnalysis,
    figures: Mapping[str, GameFigures],
    footer: Reproducibility,
) -> Document:
    """The whole report on an analysed model.

    Parameters
    ----------
    analysis:
        The model, solved (:func:`~bargaining.report.analysis.analyse_model`).
    figures:
        Game name -> its figures.
    footer:
        The reproducibility footer.
    """
    model = analysis.model
    levers = tuple(dict.fromkeys(lever for game in analysis.games for lever in game.levers))
    blocks = [
        *_model_blocks(model),
        *_summary_blocks(analysis),
        *_players_blocks(model),
        *_parameter_blocks(model, levers),
        *_outcome_blocks(model),
    ]
    for game in analysis.games:
        blocks += _game_blocks(game, figures.get(game.name, GameFigures()))
    for name, kind in analysis.skipped.items():
        blocks.append(
            Paragraph(
                (
                    f"Game {name} ({kind}) is not analysed here: reports cover normal-form and "
                    "tree games.",
                ),
                emphasis=True,
            )
        )
    blocks += _claim_blocks(analysis)
    blocks += [Heading(2, "Reproducibility"), Bullets(tuple((line,) for line in footer.lines()))]
    return Document(model.title or model.name, tuple(blocks))

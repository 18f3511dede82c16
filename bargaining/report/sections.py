"""The whole report as document blocks, in the order a reader needs them.

Title and description; the summary in sentences; players; parameters (ranges, baselines, what
the ends mean, where the baselines come from); outcomes and their payoff formulas; one section
per game (:mod:`bargaining.report.game_section`); the claims and their checks; the
reproducibility footer. Every number comes from the analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bargaining.model import Model
from bargaining.report.analysis import ModelAnalysis
from bargaining.report.claims import claim_rows
from bargaining.report.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Paragraph,
    Table,
    math_of,
)
from bargaining.report.figures import GameFigures
from bargaining.report.footer import Reproducibility
from bargaining.report.game_section import game_blocks
from bargaining.report.summary import summarize
from bargaining.report.wording import joined, short_description, value_words

__all__ = ["report_document"]


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
        space = analysis.model.parameters
        levers = joined(
            [
                f"{name} ({short_description(space[name].description)})"
                if space[name].description
                else name
                for name in dict.fromkeys(lever for g in game_levers for lever in g.levers)
            ],
        )
        blocks.append(
            Paragraph(
                (
                    f"Changes are of one lever at a time, the other parameters at their "
                    f"baselines. The levers: {levers}.",
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
                (math_of(outcome.payoffs[player]),) if player in outcome.payoffs else ("",)
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

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> from bargaining.report.analysis import analyse_model
    >>> from bargaining.report.footer import reproducibility
    >>> analysis = analyse_model(load_model("models/chicken.toml"), claim_examples=0, draws=100)
    >>> footer = reproducibility(None, None, seed=0, command="bargaining report")
    >>> document = report_document(analysis, {}, footer)
    >>> [block.text for block in document.blocks if isinstance(block, Heading)][:4]
    ['Chicken (brinkmanship)', 'Summary', 'Players', 'Parameters']
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
        blocks += game_blocks(game, figures.get(game.name, GameFigures()))
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

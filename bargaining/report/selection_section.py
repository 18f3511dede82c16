"""Report blocks on which equilibrium to expect and on what a mediator can reach.

For a game at the baseline: every equilibrium marked by the selection criteria of
:mod:`bargaining.solvers.selection` (perfect, risk dominant, payoff dominant, the limit of the
logit QRE, evolutionarily stable where the game is symmetric), with a sentence naming the
equilibrium they point to or where they disagree; then the range of each outcome's probability
over the correlated equilibria beside the range over the Nash equilibria
(:func:`~bargaining.solvers.mediator.mediator_reach`), and the mediator's best probability of
each outcome along each lever, the other parameters at their baselines
(:func:`~bargaining.solvers.mediator.mediator_curve`, sampled), with the exact tipping points
where it changes (:func:`~bargaining.solvers.mediator_pieces.mediator_pieces`).

>>> from bargaining.model import load_model
>>> model = load_model("models/chicken.toml")
>>> game = next(iter(model.games.values()))
>>> from bargaining.solvers.nash import nash_equilibria
>>> blocks = selection_blocks(game, model.parameters, nash_equilibria(game,
...     at=model.parameters.baseline), levers=())
>>> [block.text for block in blocks if isinstance(block, Heading)]
['Which equilibrium to expect', 'What a mediator can reach']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.params import ParameterSpace
from bargaining.report.document import Block, Heading, Paragraph, Table, math_of
from bargaining.report.mediator_slopes_section import mediator_slope_blocks
from bargaining.report.wording import joined
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.mediator import mediator_curve, mediator_reach
from bargaining.solvers.mediator_pieces import mediator_pieces
from bargaining.solvers.selection import Selection, equilibrium_selection

__all__ = ["selection_blocks", "selection_summary"]

_CRITERIA = (
    ("perfect", "perfect"),
    ("risk_dominant", "risk dominant"),
    ("payoff_dominant", "payoff dominant"),
    ("qre_selected", "QRE limit"),
)
_SAMPLES = 5  # points along each lever in the mediator table


def _number(equilibria: Sequence[Equilibrium], eq: Equilibrium) -> str:
    return f"#{equilibria.index(eq) + 1}"


def selection_summary(selection: Selection, equilibria: Sequence[Equilibrium]) -> str:
    """One sentence: the equilibrium the criteria point to, or how they disagree.

    Equilibria are named by their number in ``equilibria`` (1-based, as in the report's table).
    """
    chosen = selection.selected()
    singles = {label: chosen[name][0] for name, label in _CRITERIA[1:] if len(chosen[name]) == 1}
    if not singles:
        return "No selection criterion singles out one equilibrium."
    picks = {_number(equilibria, eq) for eq in singles.values()}
    if len(picks) == 1:
        (pick,) = picks
        names = joined(list(singles))
        perfect = " and it is perfect" if singles[next(iter(singles))] in chosen["perfect"] else ""
        return f"The selection criteria agree on equilibrium {pick} ({names}){perfect}."
    parts = [f"{label}: {_number(equilibria, eq)}" for label, eq in singles.items()]
    return f"The selection criteria disagree ({'; '.join(parts)})."


def _selection_blocks(game: NormalFormGame, at: dict, equilibria: Sequence[Equilibrium]):
    selection = equilibrium_selection(game, at=at, equilibria=equilibria)
    symmetric = any(m.evolutionarily_stable is not None for m in selection.marks)
    header = ("#", *(label for _, label in _CRITERIA), *(("ESS",) if symmetric else ()))
    rows = []
    for number, marks in enumerate(selection.marks, start=1):
        cells = [("yes" if getattr(marks, name) else "",) for name, _ in _CRITERIA]
        if symmetric:
            stable = marks.evolutionarily_stable
            cells.append(("" if stable is None else "yes" if stable else "no",))
        rows.append(((str(number),), *cells))
    return [
        Heading(3, "Which equilibrium to expect"),
        Paragraph(
            (
                "The equilibria at the baseline, numbered as above: trembling-hand perfect "
                "(no weakly dominated strategy, van Damme 1991), risk dominant (Harsanyi & "
                "Selten 1988; beyond 2x2 games the pairwise Nash-product proxy), payoff "
                "dominant, and the limit of the logit quantal response equilibria as "
                "precision grows (McKelvey & Palfrey 1995).",
            )
        ),
        Table(header, tuple(rows)),
        Paragraph((selection_summary(selection, equilibria),)),
    ]


def _mediator_blocks(
    game: NormalFormGame, space: ParameterSpace, at: dict, levers: Sequence[str]
) -> list[Block]:
    outcomes = list(dict.fromkeys(str(name) for name in game.outcomes.flat))
    rows = []
    for outcome in outcomes:
        reach = mediator_reach(game, outcome, at=at)
        nash = (
            ("none found",)
            if reach.nash_low is None
            else (math_of(reach.nash_low), " to ", math_of(reach.nash_high))
        )
        rows.append(((outcome,), (math_of(reach.low), " to ", math_of(reach.high)), nash))
    blocks: list[Block] = [
        Heading(3, "What a mediator can reach"),
        Paragraph(
            (
                "A mediator who draws a recommendation for each side and tells each only its "
                "own can reach any correlated equilibrium (Aumann 1974); without one, play is "
                "a Nash equilibrium. The range of each outcome's probability at the baseline, "
                "computed exactly:",
            )
        ),
        Table(("outcome", "with a mediator", "Nash equilibria"), tuple(rows)),
    ]
    used = {symbol.name for symbol in game.parameters}
    shown = [name for name in levers if name in used]
    lever_rows = []
    for lever in shown:
        parameter = space[lever]
        values = np.linspace(float(parameter.low), float(parameter.high), _SAMPLES)
        points = {name: np.full(_SAMPLES, float(value)) for name, value in at.items()}
        points[lever] = values
        curves = [mediator_curve(game, outcome, points) for outcome in outcomes]
        for k, value in enumerate(values):
            lever_rows.append(
                ((lever,), (f"{value:.3g}",), *((f"{curve[k]:.3f}",) for curve in curves))
            )
    if lever_rows:
        blocks += [
            Paragraph(
                (
                    "The mediator's best probability of each outcome along each lever, the "
                    "other parameters at their baselines (a linear program at each point):",
                )
            ),
            Table(("lever", "value", *outcomes), tuple(lever_rows)),
            *_tipping_blocks(game, space, at, shown),
            *mediator_slope_blocks(game, space, at, shown),
        ]
    return blocks


def _tipping_blocks(
    game: NormalFormGame, space: ParameterSpace, at: dict, levers: Sequence[str]
) -> list[Block]:
    """The exact tipping points of the mediator's best probability of each outcome along each
    lever, and its value on each side (parametric linear programming)."""
    rows = []
    for lever in levers:
        parameter = space[lever]
        for outcome in dict.fromkeys(str(name) for name in game.outcomes.flat):
            try:
                found = mediator_pieces(
                    game, outcome, lever, low=parameter.low, high=parameter.high, at=at
                )
            except GameError:  # said, not hidden: the sampled table above still holds
                rows.append(((lever,), (outcome,), ("not found exactly",), ()))
                continue
            if found.tipping_points:
                points = [part for p in found.tipping_points for part in (", ", math_of(p))]
                values = [
                    part for piece in found.pieces for part in (", then ", math_of(piece.value))
                ]
                rows.append(((lever,), (outcome,), tuple(points[1:]), tuple(values[1:])))
    if not rows:
        return []
    return [
        Paragraph(
            (
                "Where the mediator's best probability changes along each lever, exactly (the "
                "optimal basis of the linear program changes there), and its value on each "
                "interval in between, from low to high:",
            )
        ),
        Table(("lever", "outcome", "tipping points", "best probability"), tuple(rows)),
    ]


def selection_blocks(
    game: NormalFormGame,
    space: ParameterSpace,
    equilibria: Sequence[Equilibrium],
    *,
    levers: Sequence[str],
) -> list[Block]:
    """The blocks on equilibrium selection and mediation for one game at the baseline.

    Parameters
    ----------
    game:
        The (reduced) normal form of the game, possibly in symbols.
    space:
        The model's parameters; the game is evaluated at their baselines.
    equilibria:
        The equilibria at the baseline, in the order of the report's table.
    levers:
        The parameters along which to tabulate the mediator's best probabilities.

    Returns
    -------
    list of Block
        Selection marks for two-player games; the mediator section for games with outcomes;
        nothing otherwise.
    """
    at = {name: value for name, value in space.baseline.items()}
    blocks: list[Block] = []
    if game.num_players == 2 and equilibria:
        blocks += _selection_blocks(game, at, equilibria)
    if game.outcomes is not None:
        blocks += _mediator_blocks(game, space, at, levers)
    return blocks

"""The report's table of how fast a mediator's best probability of each outcome moves with
each lever at the baseline: exact derivatives of the optimal basis's formula
(:func:`~bargaining.solvers.mediator_slopes.mediator_slopes`), one-sided at a tipping point.

>>> from bargaining.model import load_model
>>> model = load_model("models/ceasefire.toml")
>>> blocks = mediator_slope_blocks(model.game(), model.parameters, model.parameters.baseline,
...                                ["L"])
>>> [cell[0].expression for cell in blocks[1].rows[0][1:]]  # constant 1 or 0 near L = 0.7
[0, 0, 0, 0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number
from bargaining.params import ParameterSpace
from bargaining.report.document import Block, Paragraph, Table, math_of
from bargaining.solvers.mediator_slopes import mediator_slopes

__all__ = ["mediator_slope_blocks"]


def mediator_slope_blocks(
    game: NormalFormGame,
    space: ParameterSpace,
    at: Mapping[str, Number],
    levers: Sequence[str],
) -> list[Block]:
    """A paragraph and a table: per lever, the derivative of the mediator's best probability
    of each outcome at ``at`` (nothing when there are no levers)."""
    if not levers:
        return []
    rows, _ = mediator_slopes(game, space, at, levers=levers, lowest=False)
    outcomes = list(dict.fromkeys(row["quantity"] for row in rows))
    cells = {(row["parameter"], row["quantity"]): _cell(row) for row in rows}
    table = tuple(((lever,), *(cells[lever, outcome] for outcome in outcomes)) for lever in levers)
    return [
        Paragraph(
            (
                "How fast the mediator's best probability of each outcome moves with each lever "
                "at the baseline: the derivative of the optimal basis's formula, exact (left / "
                "right where the baseline is a tipping point, a jump where the value changes "
                "there):",
            )
        ),
        Table(("lever", *(f"d {outcome}" for outcome in outcomes)), table),
    ]


def _cell(row: Mapping[str, object]) -> tuple:
    if row["derivative"] is not None:
        return (math_of(row["derivative"]),)
    left, right = row["left"], row["right"]
    if left is not None and right is not None and left == right:
        return ("jump",)
    return tuple(
        part
        for side, value in (("left ", left), (" / right ", right))
        for part in (side, "none" if value is None else math_of(value))
    )

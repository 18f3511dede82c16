"""``bargaining thresholds --concept correlated``: where a mediator's reach changes formula.

For a concept whose solutions form a set summarised by its bounds (the correlated equilibria:
the lowest and highest probability of each outcome a mediator can reach), the tipping points
along a lever are where the optimal basis of a bound's linear program changes, found exactly
by the concept's ``pieces`` (:func:`~bargaining.solvers.mediator_pieces.mediator_pieces`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

from bargaining.cli.console import table, value_text
from bargaining.numbers import Number
from bargaining.params import ParameterSpace
from bargaining.solvers.concepts import SolutionConcept

__all__ = ["lever_heading", "print_bound_thresholds"]


def lever_heading(
    console: Console,
    space: ParameterSpace,
    parameter: str,
    values: Mapping[str, Number],
    given: set[str],
) -> dict[str, Number]:
    """Print the lever and the values the others are held at; return those values."""
    others = {k: v for k, v in values.items() if k != parameter}
    fixed = ", ".join(f"{k}={value_text(v)}" for k, v in others.items())
    console.print(Text(f"{parameter}: {space[parameter].description or parameter}", style="bold"))
    console.print(Text(f"with {fixed}" + ("" if given - {parameter} else " (baselines)")))
    return others


def print_bound_thresholds(
    console: Console,
    concept: SolutionConcept,
    game: object,
    space: ParameterSpace,
    names: Sequence[str],
    values: Mapping[str, Number],
    given: set[str],
) -> None:
    """Print, along each lever, the exact tipping points and pieces of every outcome's bounds.

    ``values`` are every parameter's exact values (baselines unless ``given`` by ``--set``).
    """
    outcomes = tuple(dict.fromkeys(game.outcomes.flat)) if game.outcomes is not None else ()
    for parameter in names:
        others = lever_heading(console, space, parameter, values, given)
        points = table("Tipping points (where a bound changes formula)", "bound", parameter, "≈")
        pieces = table(f"Pieces along {parameter}", "bound", "from", "to", "formula")
        low, high = space[parameter].low, space[parameter].high
        for maximize, bound in ((True, "highest"), (False, "lowest")):
            for outcome in outcomes:
                found = concept.pieces(
                    game, outcome, parameter, low=low, high=high, at=others, maximize=maximize
                )
                label = f"{bound} P({outcome})"
                for point in found.tipping_points:
                    points.add_row(Text(label), str(point), f"{float(point):.4g}")
                for piece in found.pieces:
                    pieces.add_row(Text(label), str(piece.low), str(piece.high), str(piece.value))
        if points.row_count:
            console.print(points)
        else:
            console.print(Text("no tipping point inside the range: no bound changes formula"))
        console.print(pieces)

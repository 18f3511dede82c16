"""Output for the command line: a rich console, and numbers and strategies as short text."""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction
from typing import IO, TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from bargaining.numbers import Number

__all__ = ["make_console", "paragraphs", "strategy_text", "table", "value_text"]

#: Width of output that does not go to a terminal (files, pipes, docs), unless COLUMNS is set.
PIPE_WIDTH = 100


def make_console(file: IO[str]) -> Console:
    """A console writing to ``file``: colour only on a terminal, no markup from model text.

    Model text (names, descriptions) is passed as :class:`rich.text.Text`, so brackets in it
    are never read as rich markup.
    """
    terminal = file.isatty()
    # Rich reads COLUMNS itself; without it, pipes get 100 columns rather than rich's 80.
    width = None if terminal or "COLUMNS" in os.environ else PIPE_WIDTH
    return Console(file=file, no_color=not terminal, highlight=False, emoji=False, width=width)


def table(title: str | None, *columns: str) -> Table:
    """A table in the command's house style; the first column (names) is never wrapped."""
    heading = None if title is None else Text(title, style="bold")
    result = Table(title=heading, title_justify="left", box=box.SIMPLE_HEAD)
    for index, column in enumerate(columns):
        result.add_column(Text(column), no_wrap=index == 0)
    return result


def paragraphs(text: str) -> Text:
    """Text from a model file with its line breaks undone, keeping blank-line paragraphs.

    Multi-line TOML strings are broken at the author's line length; the console re-wraps them.

    >>> paragraphs("A truce,\\nthen talks.\\n\\nOr war.").plain
    'A truce, then talks.\\n\\nOr war.'
    """
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return Text("\n\n".join(block for block in blocks if block))


def value_text(value: Number) -> str:
    """A parameter value as analysts write it: a decimal where exact, else ``p/q``.

    >>> value_text(Fraction(7, 10)), value_text(Fraction(1, 3)), value_text(0.25)
    ('0.7', '1/3', '0.25')
    """
    # Imported on use: the model and the solvers load sympy, which `bargaining --help` does without.
    if isinstance(value, int | Fraction):
        from bargaining.model.fields import show_number

        return show_number(value)
    from bargaining.solvers.result_rows import number_label

    return number_label(value)


def strategy_text(labels: Sequence[str], probabilities: Sequence[Number]) -> str:
    """The strategies played with positive probability: ``accept`` or ``accept 2/3, fight 1/3``.

    >>> strategy_text(["accept", "fight"], [1, 0])
    'accept'
    >>> strategy_text(["accept", "fight"], [Fraction(2, 3), Fraction(1, 3)])
    'accept 2/3, fight 1/3'
    """
    played = [(label, p) for label, p in zip(labels, probabilities, strict=True) if p != 0]
    if len(played) == 1:
        return played[0][0]
    from bargaining.solvers.result_rows import number_label  # on use, as in value_text

    return ", ".join(f"{label} {number_label(p)}" for label, p in played)

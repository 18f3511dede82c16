"""The report as a document: blocks of text, math, tables and figures, before any format.

The sections are built once as these values; :mod:`bargaining.report.markdown_writer` and
:mod:`bargaining.report.html_writer` each render them, so the two formats say the same.
Text is plain (the writers escape it); math is a sympy expression (LaTeX in Markdown,
presentation MathML in HTML).

>>> import sympy

from bargaining.numbers import normalize_number, to_sympy
>>> paragraph = Paragraph(("Russia's payoff is ", Math(1 - sympy.Symbol("L")), "."))
>>> [type(part).__name__ for part in paragraph.parts]
['str', 'Math', 'str']
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from bargaining.numbers import normalize_number, to_sympy

__all__ = [
    "BREAK",
    "Block",
    "Break",
    "Bullets",
    "Document",
    "Figure",
    "Heading",
    "Inline",
    "Line",
    "Math",
    "Paragraph",
    "Table",
    "math_of",
]


@dataclass(frozen=True)
class Math:
    """A formula or condition, rendered by each writer in its own notation."""

    expression: sympy.Basic


@dataclass(frozen=True)
class Break:
    """A line break inside a table cell or list item (one item per line)."""


BREAK = Break()


def math_of(value: object) -> Math:
    """A number or expression as math (exact numbers stay exact).

    >>> from fractions import Fraction
    >>> math_of(Fraction(15, 61)).expression
    15/61
    """
    return Math(value if isinstance(value, sympy.Basic) else to_sympy(normalize_number(value)))


Inline = str | Math | Break
"""A run of text, a formula or a line break inside a line."""

Line = tuple[Inline, ...]
"""Text and formulas in reading order."""


@dataclass(frozen=True)
class Heading:
    """A section title; ``level`` 1 is the report's title."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``emphasis`` marks notes and captions, set in italics."""

    parts: Line
    emphasis: bool = False


@dataclass(frozen=True)
class Bullets:
    """An unordered list, one line per item."""

    items: tuple[Line, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; each cell is a line of text and formulas."""

    header: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]


@dataclass(frozen=True)
class Figure:
    """A figure: an SVG file name (Markdown links it), its SVG text (HTML inlines it) and a
    caption that doubles as its alternative text."""

    file_name: str
    svg: str
    caption: str


Block = Heading | Paragraph | Bullets | Table | Figure


@dataclass(frozen=True)
class Document:
    """A report: its title and its blocks in order."""

    title: str
    blocks: tuple[Block, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The figures, in order of appearance."""
        return tuple(block for block in self.blocks if isinstance(block, Figure))

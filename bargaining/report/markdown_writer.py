"""A :class:`~bargaining.report.document.Document` as Markdown: math as ``$...$`` LaTeX (GitHub
and the documentation site render it), figures as links to SVG files written beside it.

Model text is untrusted: every character Markdown or HTML would interpret (``*``, ``_``,
``|``, ``$``, ``<``, ...) is escaped, so a description can neither inject markup nor start a
doctest (``>>>``) in the documentation.

>>> import sympy
>>> from bargaining.report.document import Document, Heading, Math, Paragraph
>>> document = Document("Talks", (
...     Heading(1, "Talks"),
...     Paragraph(("Payoff ", Math(1 - sympy.Symbol("L")), " for <b>Russia</b>")),
... ))
>>> print(render_markdown(document))
# Talks
<BLANKLINE>
Payoff $1 - L$ for &lt;b&gt;Russia&lt;/b&gt;
<BLANKLINE>
"""

from __future__ import annotations

import re

import sympy

from bargaining.report.document import (
    Block,
    Break,
    Bullets,
    Document,
    Figure,
    Heading,
    Inline,
    Line,
    Math,
    Paragraph,
    Table,
)

__all__ = ["escape_markdown", "render_markdown"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
# or end markup inside a line (emphasis, links, code, tables, math, headings).
_SPECIAL = re.compile(r"([\\`*_{}\[\]|$#~!])")
# At the start of a line these make a list item, a heading or a quote.
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)")


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that shows exactly that text, on one line.

    >>> escape_markdown("a *bold* | $x$ <script>")
    'a \\\\*bold\\\\* \\\\| \\\\$x\\\\$ &lt;script&gt;'
    >>> escape_markdown("- not a list\\nand one line")
    '\\\\- not a list and one line'
    """
    text = re.sub(r"\s+", " ", text)
    text = "".join(_ENTITIES.get(character, character) for character in text)
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(r"\1\\\2\3", text)


def _math(expression: sympy.Basic) -> str:
    # A bare | would end a table cell, even inside $...$.
    latex = sympy.latex(expression).replace("|", r"\vert ")
    return f"${latex}$"


def _inline(part: Inline) -> str:
    if isinstance(part, Math):
        return _math(part.expression)
    if isinstance(part, Break):
        return "<br>"  # the one break Markdown tables allow inside a cell
    return escape_markdown(part)


def _line(parts: Line) -> str:
    return "".join(_inline(part) for part in parts)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape_markdown(block.text)}"
    if isinstance(block, Paragraph):
        text = _line(block.parts)
        return f"*{text}*" if block.emphasis else text
    if isinstance(block, Bullets):
        return "\n".join(f"- {_line(item)}" for item in block.items)
    if isinstance(block, Table):
        rows = [
            "| " + " | ".join(escape_markdown(cell) for cell in block.header) + " |",
            "|" + "---|" * len(block.header),
        ]
        rows += ["| " + " | ".join(_line(cell) for cell in row) + " |" for row in block.rows]
        return "\n".join(rows)
    if isinstance(block, Figure):
        caption = escape_markdown(block.caption)
        return f"![{caption}]({block.file_name})\n\n*{caption}*"
    raise TypeError(f"unknown block {type(block).__name__}")


def render_markdown(document: Document) -> str:
    """The document as Markdown text, blocks separated by blank lines."""
    return "\n\n".join(_block(block) for block in document.blocks) + "\n"

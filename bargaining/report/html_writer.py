"""A :class:`~bargaining.report.document.Document` as one self-contained HTML file.

Nothing is fetched from the network: figures are inline ``data:`` URIs, math is presentation
MathML (rendered natively by Chromium, Firefox and Safari, no JavaScript), the style sheet is
inline. The page reads on a phone (fluid width, tables and long formulas scroll sideways) and in
print. Every string from the model is HTML-escaped.

>>> import sympy
>>> from bargaining.report.document import Document, Heading, Math, Paragraph
>>> page = render_html(Document("Talks <b>", (
...     Heading(1, "Talks <b>"),
...     Paragraph(("Payoff ", Math(1 - sympy.Symbol("L")))),
... )))
>>> "<title>Talks &lt;b&gt;</title>" in page, "<b>" in page, "<mi>L</mi>" in page
(True, False, True)
"""

from __future__ import annotations

import base64
import html

import sympy
from sympy.printing.mathml import mathml

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

__all__ = ["render_html"]

_STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 1rem 0; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p, li { overflow-wrap: anywhere; }
.note { color: var(--muted); font-style: italic; }
.scroll { overflow-x: auto; margin: .8rem 0; -webkit-overflow-scrolling: touch; }
.scroll > p, .scroll > ul { margin: 0; }
table { border-collapse: collapse; font-size: .95rem; }
th, td { border: 1px solid var(--rule); padding: .35rem .55rem; text-align: left;
  vertical-align: top; }
th { background: var(--band); }
figure { margin: 1.25rem 0; }
figure img { display: block; width: 100%; max-width: 46rem; height: auto; }
figcaption { color: var(--muted); font-size: .92rem; margin-top: .3rem; }
math { font-size: 1.05em; math-style: normal; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: .75rem .8rem 2rem; }
  h1 { font-size: 1.45rem; }
  /* Text columns keep a readable width; the table scrolls sideways instead of squeezing. */
  td, th { min-width: 7.5rem; }
  td:first-child, th:first-child { min-width: 0; }
}
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  h2, h3 { break-after: avoid; }
  figure, table, tr { break-inside: avoid; }
}
"""


def _math(expression: sympy.Basic) -> str:
    # The printer writes XML text nodes, so symbol names are escaped by it.
    body = mathml(expression, printer="presentation")
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML">{body}</math>'


def _inline(part: Inline) -> str:
    if isinstance(part, Math):
        return _math(part.expression)
    if isinstance(part, Break):
        return "<br>"
    return html.escape(part)


def _line(parts: Line) -> str:
    return "".join(_inline(part) for part in parts)


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{html.escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        css = ' class="note"' if block.emphasis else ""
        return f'<div class="scroll"><p{css}>{_line(block.parts)}</p></div>'
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_line(item)}</li>" for item in block.items)
        return f'<div class="scroll"><ul>{items}</ul></div>'
    if isinstance(block, Table):
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{_line(cell)}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return (
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    if isinstance(block, Figure):
        caption = html.escape(block.caption)
        return (
            f'<figure><img src="{_data_uri(block.svg)}" alt="{caption}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    raise TypeError(f"unknown block {type(block).__name__}")


def render_html(document: Document) -> str:
    """The document as a complete HTML page (UTF-8)."""
    body = "\n".join(_block(block) for block in document.blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(document.title)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )

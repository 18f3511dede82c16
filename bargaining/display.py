"""How results show themselves: escaped HTML for notebooks, and pandas tables on request.

Every result class of the package has a short ``_repr_html_`` (Jupyter's rich display) that
calls the builders here, and every tabular result a ``to_pandas()`` that calls
:func:`data_frame`. The builders are generic on purpose, so a new result type gets a display in
a few lines: :func:`html_record` (a title and named fields, plus tables) and :func:`html_table`
(columns and rows), with :func:`html_value` turning any value into HTML.

Text can come from an untrusted model file (names, titles, strategy and outcome labels,
descriptions), so everything is escaped; formulas are typeset from sympy's LaTeX inside
``\\( \\)`` (which Jupyter's MathJax renders), escaped as well. Only :class:`Html` fragments,
which these builders make, are inserted as they are. ``import pandas`` happens inside
:func:`data_frame`, so pandas stays an optional extra.
"""

from __future__ import annotations

import dataclasses
import html
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

__all__ = [
    "ROW_LIMIT",
    "Html",
    "ResultList",
    "data_frame",
    "escape",
    "html_fields",
    "html_formula",
    "html_math",
    "html_record",
    "html_table",
    "html_value",
    "latex_text",
    "path_frame",
    "profile_table",
    "records_table",
    "require_pandas",
    "strategy_columns",
]

ROW_LIMIT = 50
"""Rows an HTML table shows before it says how many more there are (a notebook stays readable)."""

_ITEM_LIMIT = 12  # items of a tuple or mapping shown in one cell


class Html(str):
    """A fragment of HTML built by this module, safe to insert as it is (never model text).

    >>> html_value(Html("<b>x</b>")), html_value("<b>x</b>")
    ('<b>x</b>', '&lt;b&gt;x&lt;/b&gt;')
    """

    __slots__ = ()


def escape(text: object) -> Html:
    """``str(text)`` with ``& < > " '`` escaped: safe inside HTML text and attributes.

    >>> escape('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return Html(html.escape(str(text), quote=True))


def html_formula(expression: object) -> Html:
    r"""A sympy expression typeset: its LaTeX inside ``\( \)`` (other values: :func:`html_value`).

    Rational numbers stay plain text (``1/2``), so tables of numbers read without MathJax.

    >>> import sympy
    >>> html_formula(sympy.Symbol("L") < sympy.Rational(1, 2))
    '\\(L &lt; \\frac{1}{2}\\)'
    >>> html_formula(sympy.Rational(3, 4))
    '3/4'
    """
    import sympy

    if not isinstance(expression, sympy.Basic):
        return html_value(expression)  # never sympify: a string may be model text
    if expression.is_Rational:
        return escape(expression)
    return html_math(sympy.latex(expression))


def html_math(latex: str) -> Html:
    r"""LaTeX (escaped) inside ``\( \)``, for MathJax.

    >>> html_math(r"L < \frac{1}{2}")
    '\\(L &lt; \\frac{1}{2}\\)'
    """
    return Html(r"\(" + html.escape(latex, quote=True) + r"\)")


#: The characters LaTeX and MathJax read as commands or structure, each as its math-mode symbol.
_LATEX_SPECIALS = {
    "\\": r"\backslash ",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\hat{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\sim ",
}
_LATEX_SPECIAL = re.compile("([" + re.escape("".join(_LATEX_SPECIALS)) + "])")


def latex_text(text: object) -> str:
    r"""Text from a model file (a strategy label, a player's name) as a piece of LaTeX math:
    runs of plain text in ``\text{}``, and each of ``\ { } $ & # ^ _ % ~`` as its math-mode
    symbol, so the text can neither end the formula nor run a command.

    >>> latex_text("fight on")
    '\\text{fight on}'
    >>> print(latex_text(r"a_b$\input{x}%"))
    \text{a}\_\text{b}\$\backslash \text{input}\{\text{x}\}\%
    """
    pieces = _LATEX_SPECIAL.split(str(text))
    return "".join(
        _LATEX_SPECIALS[piece] if index % 2 else rf"\text{{{piece}}}"
        for index, piece in enumerate(pieces)
        if piece
    )


def html_value(value: object) -> Html:
    """Any value of a result as HTML: text escaped, exact numbers as they print, floats to six
    significant digits, formulas typeset, tuples and mappings as short lists.

    >>> from fractions import Fraction
    >>> [html_value(v) for v in (Fraction(1, 3), 0.1234567, True, None, ("a", "<b>"))]
    ['1/3', '0.123457', 'yes', '—', 'a, &lt;b&gt;']
    """
    if isinstance(value, Html):
        return value
    if value is None:
        return Html("—")
    if isinstance(value, bool):
        return Html("yes" if value else "no")
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, int | Fraction):
        return escape(value)
    if isinstance(value, numbers.Real) and type(value).__module__ in ("builtins", "numpy"):
        return escape(format(float(value), ".6g"))
    if type(value).__module__.startswith("sympy"):
        return html_formula(value)
    if isinstance(value, Mapping):
        items = list(value.items())
        shown = [Html(f"{escape(key)}: {html_value(item)}") for key, item in items[:_ITEM_LIMIT]]
        return _joined(shown, len(items))
    if isinstance(value, tuple | list | frozenset | set):
        items = sorted(value, key=str) if isinstance(value, frozenset | set) else list(value)
        return _joined([html_value(item) for item in items[:_ITEM_LIMIT]], len(items))
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return escape(f"array of shape {tuple(value.shape)}")
    return escape(value)


def _joined(parts: list[Html], total: int) -> Html:
    if not total:
        return Html("—")
    more = f", … ({total - len(parts)} more)" if total > len(parts) else ""
    return Html(", ".join(parts) + more)


def html_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str = "",
    limit: int = ROW_LIMIT,
) -> Html:
    """An HTML table: a header of ``columns``, then one row per sequence of values.

    Values go through :func:`html_value`; past ``limit`` rows a last row says how many more
    there are.

    >>> html_table(["player", "payoff"], [["<A>", 1], ["B", 0.5]], caption="payoffs")
    '<table><caption>payoffs</caption><tr><th>player</th><th>payoff</th></tr><tr><td>&lt;A&gt;</td><td>1</td></tr><tr><td>B</td><td>0.5</td></tr></table>'
    """
    head = "".join(f"<th>{escape(column)}</th>" for column in columns)
    body = []
    hidden = 0
    for index, row in enumerate(rows):
        if index >= limit:
            hidden += 1
            continue
        body.append("<tr>" + "".join(f"<td>{html_value(value)}</td>" for value in row) + "</tr>")
    if hidden:
        body.append(f'<tr><td colspan="{len(columns)}">… and {hidden} more rows</td></tr>')
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return Html(f"<table>{title}<tr>{head}</tr>{''.join(body)}</table>")


def records_table(records: Sequence[Mapping[str, object]], *, caption: str = "") -> Html:
    """:func:`html_table` of records (column -> value), columns in first-seen order; a cell
    a record lacks stays empty.

    >>> records_table([{"a": 1}, {"a": 2, "b": "x"}])
    '<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td></td></tr><tr><td>2</td><td>x</td></tr></table>'
    """
    columns = list(dict.fromkeys(key for record in records for key in record))
    rows = ([record.get(column, Html("")) for column in columns] for record in records)
    return html_table(columns, rows, caption=caption)


def html_record(
    title: str, fields: Iterable[tuple[str, object]], *, parts: Sequence[Html] = ()
) -> Html:
    """A titled block: a two-column table of named fields, then further fragments (tables).

    >>> html_record("Range", [("low", 1), ("<high>", "2")])
    '<div><strong>Range</strong><table><tr><th>low</th><td>1</td></tr><tr><th>&lt;high&gt;</th><td>2</td></tr></table></div>'
    """
    rows = "".join(
        f"<tr><th>{escape(name)}</th><td>{html_value(v)}</td></tr>" for name, v in fields
    )
    table = f"<table>{rows}</table>" if rows else ""
    return Html(f"<div><strong>{escape(title)}</strong>{table}{''.join(parts)}</div>")


def html_fields(result: object, *, title: str = "", skip: Sequence[str] = ()) -> Html:
    """:func:`html_record` of a dataclass's fields (those in ``skip`` left out), titled with
    ``title`` or the class name: the display of a small result type in one line of code.

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Offer:
    ...     share: float
    ...     accepted: bool
    >>> html_fields(Offer(0.25, True))
    '<div><strong>Offer</strong><table><tr><th>share</th><td>0.25</td></tr><tr><th>accepted</th><td>yes</td></tr></table></div>'
    """
    fields = [
        (field.name, getattr(result, field.name))
        for field in dataclasses.fields(result)
        if field.name not in skip
    ]
    return html_record(title or type(result).__name__, fields)


def strategy_columns(
    players: Sequence[str], labels: Sequence[Sequence[str]], strategies: Sequence[Sequence[object]]
) -> dict[str, object]:
    """``"player: strategy"`` -> probability for every strategy of every player: the columns a
    table row of a profile has.

    >>> strategy_columns(["A", "B"], [["x", "y"], ["z"]], [[0.25, 0.75], [1]])
    {'A: x': 0.25, 'A: y': 0.75, 'B: z': 1}
    """
    return {
        f"{player}: {label}": p
        for player, names, vector in zip(players, labels, strategies, strict=True)
        for label, p in zip(names, vector, strict=True)
    }


def profile_table(
    players: Sequence[str],
    labels: Sequence[Sequence[str]],
    strategies: Sequence[Sequence[object]],
    payoffs: Sequence[object] = (),
) -> Html:
    """A table of a strategy profile: each player, the strategies played with positive
    probability (with the probability when mixed) and, if given, the expected payoff.

    >>> "<td>x 0.5, y 0.5</td><td>1</td>" in profile_table(["A"], [["x", "y"]], [[0.5, 0.5]], [1])
    True
    """
    rows = []
    for i, (player, names, vector) in enumerate(zip(players, labels, strategies, strict=True)):
        played = [(label, p) for label, p in zip(names, vector, strict=True) if p != 0]
        plays = tuple(
            Html(f"{escape(label)} {html_value(p)}") if len(played) > 1 else label
            for label, p in played
        )
        rows.append([player, plays, *([payoffs[i]] if payoffs else [])])
    return html_table(["player", "plays", *(["payoff"] if payoffs else [])], rows)


def require_pandas(what: str):
    """The pandas module, or an ImportError naming the optional extra that brings it.

    Parameters
    ----------
    what:
        What needs it, for the message (``"SweepResult.to_pandas"``).

    >>> require_pandas("Tornado.to_pandas").__name__
    'pandas'
    """
    try:
        import pandas
    except ImportError:
        raise ImportError(
            f"{what} needs pandas, which is optional: pip install 'bargaining[pandas]'"
        ) from None
    return pandas


def data_frame(records: Iterable[Mapping[str, object]], *, what: str):
    """A :class:`pandas.DataFrame` with one row per record (column -> value); values are kept
    as they are, so exact numbers stay exact (``frame.astype(float)`` for floats).

    >>> data_frame([{"x": 1, "y": "a"}, {"x": 2, "y": "b"}], what="example").shape
    (2, 2)
    """
    pandas = require_pandas(what)
    rows = list(records)
    columns = list(dict.fromkeys(key for record in rows for key in record))
    return pandas.DataFrame(rows, columns=columns)


def path_frame(
    step: str,
    steps: Sequence[float],
    players: Sequence[str],
    labels: Sequence[Sequence[str]],
    arrays: Sequence[Sequence[Sequence[float]]],
    *,
    what: str,
):
    """A :class:`pandas.DataFrame` of a path of mixed profiles (a QRE trace, a learning
    process): a ``step`` column, then every ``"player: strategy"``; ``arrays`` holds one
    ``(len(steps), m_i)`` array per player.

    >>> path_frame("t", [0, 1], ["A"], [["x", "y"]], [[[1, 0], [0.5, 0.5]]], what="example")
       t  A: x  A: y
    0  0   1.0   0.0
    1  1   0.5   0.5
    """
    rows = (
        {step: value, **strategy_columns(players, labels, [array[k] for array in arrays])}
        for k, value in enumerate(steps)
    )
    return data_frame(rows, what=what)


class ResultList(list):
    """A list of results (thresholds, regions, equilibria) that shows itself as one table.

    Each item gives its row with ``table_row()`` (column -> value, what :meth:`to_pandas`
    holds) and, where a shorter row reads better in a notebook, ``display_row()``.

    >>> class Point:
    ...     def __init__(self, x): self.x = x
    ...     def table_row(self): return {"x": self.x}
    >>> ResultList([Point(1), Point(2)])._repr_html_()
    '<table><tr><th>x</th></tr><tr><td>1</td></tr><tr><td>2</td></tr></table>'
    """

    def display_caption(self) -> str:
        """A caption for the table ("" for none); subclasses say more (e.g. incompleteness)."""
        return ""

    def _repr_html_(self) -> str:
        if not self:
            return str(escape(self.display_caption() or "(none)"))
        rows = [_display_row(item) for item in self]
        return records_table(rows, caption=self.display_caption())

    def to_pandas(self):
        """The items as a :class:`pandas.DataFrame`, one row each (pandas is an optional extra).

        >>> ResultList().to_pandas().empty
        True
        """
        return data_frame((item.table_row() for item in self), what="to_pandas")


def _display_row(item: object) -> Mapping[str, object]:
    if hasattr(item, "display_row"):
        return item.display_row()
    if hasattr(item, "table_row"):
        return item.table_row()
    if hasattr(item, "summary_row"):  # the rows results of other solution concepts print
        return item.summary_row()
    # A result type without rows (a solver's new kind of result) still shows, by its repr.
    return {"result": repr(item)}

"""Exceptions raised by the toolkit.

Every error the toolkit raises on bad input derives from :class:`BargainingError`, so a caller
can catch one type. Messages say what was wrong, where, and what was expected.
"""

from __future__ import annotations

__all__ = [
    "BargainingError",
    "ExpressionError",
    "GameError",
    "GameFileError",
    "ParameterError",
]


class BargainingError(ValueError):
    """Base class of every error the toolkit raises on bad input."""


class ExpressionError(BargainingError):
    """An expression string was refused by :func:`bargaining.expr.parse_expr`.

    Attributes
    ----------
    text:
        The expression that was refused.
    column:
        1-based column of the offending token, or ``None`` when the problem is the whole text.
    token:
        The offending token as written, or ``None``.
    """

    def __init__(
        self, message: str, *, text: str = "", column: int | None = None, token: str | None = None
    ) -> None:
        self.text = text
        self.column = column
        self.token = token
        self.reason = message
        where = f" at column {column}" if column is not None else ""
        shown = f" in {text!r}" if text and len(text) <= 120 else ""
        super().__init__(f"{message}{where}{shown}")


class ParameterError(BargainingError):
    """A parameter, a parameter space or parameter values are invalid."""


class GameError(BargainingError):
    """A game is malformed: shapes, labels, payoff values or player counts."""


class GameFileError(BargainingError):
    """A game file (Gambit ``.nfg``/``.efg``) could not be read.

    Attributes
    ----------
    path:
        The file.
    line:
        1-based line of the problem, or ``None``.
    """

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}" + (f", line {line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)

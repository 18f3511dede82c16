"""Positions and tokens in an expression's text, for error messages that point at the token.

``ast`` gives offsets in UTF-8 bytes; messages give 1-based columns in characters.

>>> import ast
>>> source = Source("1 + é*x")
>>> node = ast.parse(source.parsed, mode="eval").body.right.right
>>> source.column(node), source.token(node)
(7, 'x')
"""

from __future__ import annotations

import ast
import re

__all__ = ["Source", "shorten"]

SHOWN_TOKEN = 40
"""Longest token quoted in a message."""


class Source:
    """An expression's text, prepared for :func:`ast.parse`, with the positions of its tokens.

    ``parsed`` is the text without leading whitespace (an IndentationError in Python) and with
    ``\\r`` as a newline; ``column`` and ``token`` map syntax-tree nodes back to the text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # Python also ends lines at "\r"; one newline character keeps positions simple.
        normalized = text.replace("\r", "\n")
        # Leading whitespace is an IndentationError in Python: parse without it.
        self.lead = len(normalized) - len(normalized.lstrip(" \t\f\n"))
        self.parsed = normalized[self.lead :]
        self.encoded = self.parsed.encode("utf-8")
        # Byte offset of the start of each line of the parsed text.
        self.line_starts = [0]
        for index, byte in enumerate(self.encoded):
            if byte == ord("\n"):
                self.line_starts.append(index + 1)

    def syntax_column(self, lineno: int | None, offset: int | None) -> int | None:
        """Column of a SyntaxError position (1-based line, 1-based character offset)."""
        lines = self.parsed.split("\n")
        if not lineno or not offset or lineno > len(lines):
            return None  # Python gives no position for an unexpected end of input
        return self.lead + sum(len(line) + 1 for line in lines[: lineno - 1]) + offset

    def _byte(self, lineno: int, col_offset: int) -> int:
        return self.line_starts[lineno - 1] + col_offset

    def _char(self, byte: int) -> int:
        return self.lead + len(self.encoded[:byte].decode("utf-8", errors="replace"))

    def column(self, node: ast.AST) -> int:
        """1-based position of ``node`` in the text (its column when the text is one line)."""
        return self._char(self._byte(node.lineno, node.col_offset)) + 1  # type: ignore[attr-defined]

    def token(self, node: ast.AST) -> str:
        """The source of ``node``, shortened for messages."""
        segment = ast.get_source_segment(self.parsed, node) or type(node).__name__
        return shorten(segment)

    def operator_column(self, left: ast.AST, right: ast.AST, symbol: str) -> int | None:
        """Column of the operator ``symbol`` written between ``left`` and ``right``."""
        start = self._byte(left.end_lineno, left.end_col_offset)  # type: ignore[attr-defined]
        end = self._byte(right.lineno, right.col_offset)  # type: ignore[attr-defined]
        between = self.encoded[start:end].decode("utf-8", errors="replace")
        # Words (is, in, not in) must match whole words; "not in" is located by its "not".
        first = symbol.split()[0]
        pattern = rf"\b{first}\b" if first.isalpha() else re.escape(first)
        found = re.search(pattern, between)
        if found is None:
            return None
        return self._char(start) + found.start() + 1


def shorten(token: str) -> str:
    """A token cut to :data:`SHOWN_TOKEN` characters for a message.

    >>> shorten("x" * 50)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'
    """
    return token if len(token) <= SHOWN_TOKEN else token[: SHOWN_TOKEN - 3] + "..."

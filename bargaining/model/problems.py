"""Collect the problems of a model file while reading it, then raise them all together."""

from __future__ import annotations

from bargaining.model.errors import ModelError, Problem
from bargaining.model.keys import Key, format_key
from bargaining.model.locate import KeyLines

__all__ = ["ProblemLog"]


class ProblemLog:
    """Problems found so far in one file; :meth:`raise_if_any` raises them as one ModelError.

    Line numbers are looked up only when raising, so reading a valid file costs nothing extra.

    Examples
    --------
    >>> log = ProblemLog("m.toml", "[model]\\nname = 3\\n")
    >>> log.add(("model", "name"), "expected a string, got an integer (3)")
    >>> try:
    ...     log.raise_if_any()
    ... except ModelError as error:
    ...     print(error)
    m.toml:2: model.name: expected a string, got an integer (3)
    """

    def __init__(self, path: str, text: str = "") -> None:
        self.path = path
        self._text = text
        self._found: list[tuple[Key, str]] = []

    def add(self, key: Key, message: str) -> None:
        """Record that the value at ``key`` is wrong, saying what was expected."""
        self._found.append((tuple(key), message))

    def __len__(self) -> int:
        return len(self._found)

    def raise_if_any(self) -> None:
        """Raise :class:`ModelError` listing every recorded problem, in the order found."""
        if not self._found:
            return
        lines = KeyLines(self._text) if self._text else None
        raise ModelError(
            Problem(self.path, format_key(key), message, lines.line(key) if lines else None)
            for key, message in self._found
        )

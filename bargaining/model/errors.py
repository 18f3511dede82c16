"""The error a model file raises: every problem found in it, each with its file and key path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bargaining.errors import BargainingError

__all__ = ["ModelError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a model file.

    Attributes
    ----------
    path:
        The file (``"<string>"`` for text that did not come from a file).
    key:
        The TOML key path, dotted, with 0-based indices in brackets:
        ``"games.talks.outcomes[2][1]"``. Empty when the problem concerns the whole file.
    message:
        What is wrong and what was expected.
    line:
        1-based line of the key in the file, when it could be located.

    Examples
    --------
    >>> print(Problem("deal.toml", "parameters.L.range", "expected low < high, got [1, 0]", 7))
    deal.toml:7: parameters.L.range: expected low < high, got [1, 0]
    """

    path: str
    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ModelError(BargainingError):
    """A model file was refused; ``problems`` lists everything found wrong in it.

    ``str(error)`` has one problem per line, as ``file[:line]: key: message``.

    Examples
    --------
    >>> error = ModelError([Problem("m.toml", "model.name", "missing; expected a string")])
    >>> print(error)
    m.toml: model.name: missing; expected a string
    >>> len(error.problems)
    1
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("ModelError needs at least one problem")
        super().__init__("\n".join(str(problem) for problem in self.problems))

"""Reading and writing games in Gambit's file formats.

:func:`read_game` and :func:`write_game` pick the format from the file's extension:

* ``.nfg`` -- strategic-form games (:mod:`bargaining.io.nfg`);
* ``.efg`` -- extensive-form games (:mod:`bargaining.io.efg`).

The format-specific functions work on text as well as files, which is handy in tests and
notebooks:

>>> from bargaining.io import format_nfg, parse_nfg
>>> game = parse_nfg('NFG 1 R "Coordination" { "A" "B" } { 2 2 }  1 1  0 0  0 0  2 2')
>>> game.shape, game.payoff((1, 1))
((2, 2), (2, 2))
>>> parse_nfg(format_nfg(game)) == game
True

Every malformed file raises :class:`~bargaining.errors.GameFileError`, which names the file,
the line and what was expected there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from bargaining.errors import GameFileError
from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.games.extensive import ExtensiveGame
    from bargaining.games.normal_form import NormalFormGame
    from bargaining.io.efg import format_efg, parse_efg, read_efg, write_efg
    from bargaining.io.nfg import StrPath, format_nfg, parse_nfg, read_nfg, write_nfg
    from bargaining.io.results_json import (
        ResultsFormatError,
        equilibria_from_json,
        equilibria_to_json,
    )

__all__ = [
    "ResultsFormatError",
    "equilibria_from_json",
    "equilibria_to_json",
    "format_efg",
    "format_nfg",
    "parse_efg",
    "parse_nfg",
    "read_efg",
    "read_game",
    "read_nfg",
    "write_efg",
    "write_game",
    "write_nfg",
]

_Reader = Callable[["StrPath"], "NormalFormGame | ExtensiveGame"]
_Writer = Callable[["NormalFormGame | ExtensiveGame", "StrPath"], None]
_NOT_YET: dict[str, str] = {}


def _formats() -> dict[str, tuple[_Reader, _Writer]]:
    """Extension -> (reader, writer); the format modules are imported on first use."""
    from bargaining.io.efg import read_efg, write_efg
    from bargaining.io.nfg import read_nfg, write_nfg

    return {".efg": (read_efg, write_efg), ".nfg": (read_nfg, write_nfg)}


def _format_of(path: StrPath, action: str) -> tuple[_Reader, _Writer]:
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"expected a file path (str or os.PathLike), got {type(path).__name__}")
    display = os.fsdecode(path)
    extension = os.path.splitext(display)[1].lower()
    formats = _formats()
    supported = ", ".join(sorted(formats))
    if extension in _NOT_YET:
        raise GameFileError(
            f"cannot {action}: {_NOT_YET[extension]}; supported: {supported}", path=display
        )
    if extension not in formats:
        shown = f"extension {extension!r}" if extension else "no extension"
        raise GameFileError(
            f"cannot {action} a file with {shown}: expected one of {supported}", path=display
        )
    return formats[extension]


def read_game(path: StrPath) -> NormalFormGame | ExtensiveGame:
    """Read a game from a file, in the format its extension names (``.nfg`` or ``.efg``).

    Parameters
    ----------
    path:
        The file, as ``str`` or :class:`os.PathLike`. The extension is matched ignoring case.

    Raises
    ------
    GameFileError
        For an unsupported extension or a malformed file (with the line of the problem).
    OSError
        When the file cannot be opened or read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from bargaining.io import parse_nfg
    >>> game = parse_nfg('NFG 1 R "" { "A" "B" } { 1 2 } 3 1 4 1')
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "game.nfg"
    ...     write_game(game, path)
    ...     read_game(path) == game
    True
    """
    reader, _ = _format_of(path, "read")
    return reader(path)


def write_game(game: NormalFormGame | ExtensiveGame, path: StrPath) -> None:
    """Write a game to a file, in the format its extension names (``.nfg`` or ``.efg``).

    The file is replaced atomically: if writing fails, any previous file is left as it was.

    Parameters
    ----------
    game:
        The game; its payoffs must be numbers (use ``game.at(...)`` to substitute parameters).
    path:
        The file, as ``str`` or :class:`os.PathLike`.

    Raises
    ------
    GameFileError
        For an unsupported extension or a game the format cannot hold.
    OSError
        When the file cannot be written.
    """
    _, writer = _format_of(path, "write")
    writer(game, path)


__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)

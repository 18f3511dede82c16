"""TOML key paths as tuples of parts, and their text form ``games.talks.outcomes[2][1]``."""

from __future__ import annotations

import json
import re

__all__ = ["Key", "format_key", "is_bare_key"]

Key = tuple[str | int, ...]
"""A key path: table keys (str) and 0-based array indices (int), outermost first."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def is_bare_key(name: str) -> bool:
    """Whether ``name`` can be written unquoted in TOML (letters, digits, ``_`` and ``-``).

    >>> is_bare_key("talks"), is_bare_key("Player 1")
    (True, False)
    """
    return _BARE_KEY.fullmatch(name) is not None


def format_key(key: Key) -> str:
    """The text form of a key path: dotted, quoted where TOML needs quotes, indices in brackets.

    >>> format_key(("games", "talks", "outcomes", 2, 1))
    'games.talks.outcomes[2][1]'
    >>> format_key(("players", "Player 1", "description"))
    'players."Player 1".description'
    """
    text = ""
    for part in key:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        # json.dumps escapes quotes and control characters the way TOML basic strings do.
        written = part if is_bare_key(part) else json.dumps(part, ensure_ascii=False)
        text += f".{written}" if text else written
    return text

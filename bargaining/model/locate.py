"""Find the line on which a key of a TOML document is written, for error messages.

:mod:`tomllib` returns plain data without positions, so this module scans the text once more:
table headers, ``key = value`` lines, and the elements of multi-line arrays (so a problem in
``games.talks.outcomes[2][1]`` points at the line of row 2). It is a best-effort locator for
documents that :mod:`tomllib` has already accepted: a key it cannot place gets the line of its
nearest located parent, or none.
"""

from __future__ import annotations

import bisect
import json

from bargaining.model.keys import Key

__all__ = ["KeyLines"]

_BARE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class KeyLines:
    """Map key paths of a TOML document to 1-based line numbers.

    Examples
    --------
    >>> text = '''[games.talks]
    ... outcomes = [
    ...   ["a", "b"],
    ...   ["c", "d"],
    ... ]
    ... [[claims]]
    ... name = "x"
    ... '''
    >>> lines = KeyLines(text)
    >>> lines.line(("games", "talks", "outcomes", 1, 0)), lines.line(("claims", 0, "expect"))
    (4, 6)
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self._lines: dict[Key, int] = {}
        self._scan()

    def line(self, key: Key) -> int | None:
        """The line of ``key``, or of its nearest located parent; ``None`` when neither is found."""
        for end in range(len(key), 0, -1):
            found = self._lines.get(tuple(key[:end]))
            if found is not None:
                return found
        return None

    # -- scanning -----------------------------------------------------------------------------

    def _line_of(self, index: int) -> int:
        return bisect.bisect_right(self._starts, index)

    def _record(self, key: Key, index: int) -> None:
        self._lines.setdefault(key, self._line_of(index))

    def _scan(self) -> None:
        text, i = self._text, 0
        table: Key = ()
        tables_seen: dict[Key, int] = {}
        while i < len(text):
            i = self._skip_blank(i)
            if i >= len(text):
                break
            start = i
            if text.startswith("[[", i):
                parts, i = self._read_key(i + 2)
                index = tables_seen.get(parts, 0)
                tables_seen[parts] = index + 1
                table = (*parts, index)
                self._record(table, start)
                i = self._next_line(i)
            elif text[i] == "[":
                parts, i = self._read_key(i + 1)
                table = parts
                self._record(table, start)
                i = self._next_line(i)
            else:
                parts, i = self._read_key(i)
                if not parts or i >= len(text) or text[i] != "=":
                    i = self._next_line(max(i, start + 1))  # not a key: never loop in place
                    continue
                key = (*table, *parts)
                self._record(key, start)
                i = self._scan_value(i + 1, key)

    def _skip_blank(self, i: int) -> int:
        text = self._text
        while i < len(text):
            if text[i] in " \t\r\n":
                i += 1
            elif text[i] == "#":
                i = self._next_line(i)
            else:
                break
        return i

    def _next_line(self, i: int) -> int:
        end = self._text.find("\n", i)
        return len(self._text) if end < 0 else end + 1

    def _read_key(self, i: int) -> tuple[Key, int]:
        """Read a dotted key starting at ``i``; return its parts and the index after it."""
        text, parts = self._text, []
        while i < len(text):
            while i < len(text) and text[i] in " \t":
                i += 1
            if i < len(text) and text[i] in "\"'":
                end = self._skip_string(i)
                raw = text[i:end]
                parts.append(_unquote(raw))
                i = end
            else:
                end = i
                while end < len(text) and text[end] in _BARE_CHARS:
                    end += 1
                if end == i:
                    break
                parts.append(text[i:end])
                i = end
            while i < len(text) and text[i] in " \t":
                i += 1
            if i < len(text) and text[i] == ".":
                i += 1
                continue
            break
        return tuple(parts), i

    def _skip_string(self, i: int) -> int:
        """Index just after the string literal starting at ``i``."""
        text = self._text
        quote = text[i]
        escapes = quote == '"'
        if text.startswith(quote * 3, i):
            j = i + 3
            while j < len(text):
                if escapes and text[j] == "\\":
                    j += 2
                elif text.startswith(quote * 3, j):
                    j += 3
                    # Up to two more quotes may close the string: """a""""" is 'a""'.
                    extra = 0
                    while extra < 2 and j < len(text) and text[j] == quote:
                        j, extra = j + 1, extra + 1
                    return j
                else:
                    j += 1
            return len(text)
        j = i + 1
        while j < len(text) and text[j] != "\n":
            if escapes and text[j] == "\\":
                j += 2
            elif text[j] == quote:
                return j + 1
            else:
                j += 1
        return j

    def _scan_value(self, i: int, key: Key) -> int:
        """Skip the value of ``key``, recording the line of each element of nested arrays."""
        text = self._text
        # One entry per open bracket: [element index, element started] for arrays, None for
        # inline tables (whose elements are not recorded).
        stack: list[list | None] = []

        def element_starts(at: int) -> None:
            if stack and stack[-1] is not None and not stack[-1][1]:
                stack[-1][1] = True
                if all(entry is not None for entry in stack):
                    self._record((*key, *(entry[0] for entry in stack)), at)

        while i < len(text):
            c = text[i]
            if c in "\"'":
                element_starts(i)
                i = self._skip_string(i)
            elif c == "#":
                end = text.find("\n", i)
                i = len(text) if end < 0 else end
            elif c == "\n":
                i += 1
                if not stack:
                    return i
            elif c in " \t\r":
                i += 1
            elif c in "[{":
                element_starts(i)
                stack.append([0, False] if c == "[" else None)
                i += 1
            elif c in "]}":
                if stack:
                    stack.pop()
                i += 1
            elif c == ",":
                if stack and stack[-1] is not None:
                    stack[-1][0] += 1
                    stack[-1][1] = False
                i += 1
            else:
                element_starts(i)
                i += 1
        return i


def _unquote(raw: str) -> str:
    if raw.startswith("'"):
        return raw.strip("'")
    try:
        # TOML basic-string escapes are JSON's, plus a few rare ones handled by the fallback.
        return json.loads(raw)
    except ValueError:
        return raw.strip('"')

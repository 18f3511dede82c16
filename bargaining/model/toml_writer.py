"""Write TOML text: strings, numbers, arrays and tables, laid out for people to read.

The standard library reads TOML but does not write it; model files need only the small subset
below. Long and nested arrays are written one element per line (:class:`Multiline`), tables of
per-player values as dotted keys (:class:`Dotted`: ``payoffs.Russia = "..."``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bargaining.model.keys import Key, format_key

__all__ = ["Dotted", "Multiline", "decimal_text", "string_text", "table_text", "value_text"]

_INDENT = "  "


@dataclass(frozen=True)
class Multiline:
    """An array written one element per line, nested ``levels`` deep (inner arrays inline)."""

    items: Sequence[object]
    levels: int = 1


@dataclass(frozen=True)
class Dotted:
    """A table written as dotted keys inside its parent table: ``name.key = value``."""

    entries: Mapping[str, object]


def decimal_text(value: Fraction) -> str | None:
    """The exact decimal form of a fraction, or ``None`` when it has none (``1/3``).

    >>> decimal_text(Fraction(7, 10)), decimal_text(Fraction(-1, 8)), decimal_text(Fraction(1, 3))
    ('0.7', '-0.125', None)
    """
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        return None
    places = max(twos, fives)
    digits = str(abs(value.numerator) * 10**places // value.denominator).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


def _escaped(text: str, *, multiline: bool) -> str:
    out = []
    for index, char in enumerate(text):
        if char == "\\":
            out.append("\\\\")
        elif char == '"' and (not multiline or text[index + 1 : index + 2] in ('"', "")):
            # In a multi-line string only quotes that could close it need escaping: a quote
            # followed by another, or the last character.
            out.append('\\"')
        elif char == "\n" and multiline:
            out.append(char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def string_text(text: str) -> str:
    """A TOML basic string; multi-line (``\"\"\"``) when the text has line breaks.

    >>> print(string_text('say "hi"'))
    "say \\"hi\\""
    """
    if "\n" in text:
        # The newline right after the opening delimiter is not part of the string.
        return '"""\n' + _escaped(text, multiline=True) + '"""'
    return '"' + _escaped(text, multiline=False) + '"'


def _key_text(name: str) -> str:
    return format_key((name,))


def value_text(value: object, indent: str = "") -> str:
    """TOML for a value: str, bool, int, float, Fraction (with a decimal form), list, dict.

    >>> value_text([1, Fraction(1, 2), "x"])
    '[1, 0.5, "x"]'
    >>> value_text({"kind": "beta", "alpha": 2.0})
    '{ kind = "beta", alpha = 2.0 }'
    """
    if isinstance(value, str):
        return string_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written in a model file")
        return repr(value)
    if isinstance(value, Fraction):
        text = decimal_text(value)
        if text is None:
            raise ValueError(f"{value} has no exact decimal form; TOML numbers are decimals")
        return text
    if isinstance(value, Multiline):
        return _multiline(value.items, value.levels, indent)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key_text(k)} = {value_text(v, indent)}" for k, v in value.items())
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(value_text(item, indent) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _multiline(items: Sequence[object], levels: int, indent: str) -> str:
    if levels <= 0:
        return value_text(list(items), indent)
    inner = indent + _INDENT
    lines = ["["]
    for item in items:
        written = (
            _multiline(item, levels - 1, inner)
            if isinstance(item, Sequence) and not isinstance(item, str)
            else value_text(item, inner)
        )
        lines.append(f"{inner}{written},")
    lines.append(f"{indent}]")
    return "\n".join(lines)


def table_text(header: Key, entries: Mapping[str, object], *, array: bool = False) -> str:
    """A table (``[a.b]``, or ``[[a]]`` when ``array``) with one line per entry.

    >>> print(table_text(("outcomes", "war"), {"payoffs": Dotted({"A": "-c", "B": 0})}), end="")
    [outcomes.war]
    payoffs.A = "-c"
    payoffs.B = 0
    """
    name = format_key(header)
    lines = [f"[[{name}]]" if array else f"[{name}]"]
    for key, value in entries.items():
        if isinstance(value, Dotted):
            for inner, item in value.entries.items():
                lines.append(f"{_key_text(key)}.{_key_text(inner)} = {value_text(item)}")
        else:
            lines.append(f"{_key_text(key)} = {value_text(value)}")
    return "\n".join(lines) + "\n"

"""Read typed values out of parsed TOML tables, recording a problem for each wrong one.

Each reader returns the value, or ``None`` after recording a problem that says what was
expected, so the loader carries on and reports every problem of the file together. Numbers
become exact: TOML integers stay ``int`` and floats become fractions of their decimal text
(``0.7`` is ``Fraction(7, 10)``).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from fractions import Fraction

from bargaining.model.keys import Key
from bargaining.model.limits import MAX_NAME_LENGTH
from bargaining.model.problems import ProblemLog
from bargaining.model.toml_writer import decimal_text
from bargaining.numbers import ExactNumber

__all__ = [
    "check_keys",
    "check_name",
    "check_parameter_name",
    "describe",
    "exact_number",
    "read_number",
    "read_table",
    "read_text",
    "read_text_list",
    "show_number",
    "suggest",
]

_NUMBER_TEXT = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")
_SHOWN = 40  # longest value quoted in a message


def describe(value: object) -> str:
    """Name a parsed TOML value's type for messages, with the value when it is short.

    >>> describe("0.7"), describe(True), describe([1, 2])
    ("a string ('0.7')", 'a boolean (true)', 'an array')
    """
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a float ({value!r})"
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN else value[: _SHOWN - 3] + "..."
        return f"a string ({shown!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a date/time ({value})"


def show_number(value: ExactNumber) -> str:
    """A number as an analyst wrote it: decimals where exact, else ``p/q``.

    >>> show_number(Fraction(7, 10)), show_number(Fraction(1, 3)), show_number(2)
    ('0.7', '1/3', '2')
    """
    if isinstance(value, Fraction):
        return decimal_text(value) or f"{value.numerator}/{value.denominator}"
    return str(value)


def suggest(name: str, known: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the closest of ``known``, or ``""``.

    >>> suggest("rnage", ["range", "baseline"])
    " (did you mean 'range'?)"
    """
    match = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_keys(
    log: ProblemLog, table: Mapping[str, object], key: Key, allowed: Iterable[str]
) -> None:
    """Record a problem for each key of ``table`` not in ``allowed``, suggesting close ones.

    >>> log = ProblemLog("m.toml")
    >>> check_keys(log, {"rnage": [0, 1]}, ("parameters", "L"), ["range", "baseline"])
    >>> len(log)
    1
    """
    allowed = tuple(allowed)
    for name in table:
        if name not in allowed:
            log.add(
                (*key, name),
                f"unknown key {name!r}{suggest(name, allowed)}; allowed here: {', '.join(allowed)}",
            )


def check_name(log: ProblemLog, name: str, key: Key, what: str) -> bool:
    """Whether ``name`` is usable as the name of a player, outcome, game or strategy.

    Names appear in tables, messages and claims (``prob('war')``), so they must be non-empty,
    printable and of reasonable length.

    >>> check_name(ProblemLog("m.toml"), "war", ("outcomes", "war"), "outcome")
    True
    >>> check_name(ProblemLog("m.toml"), " war", ("outcomes", " war"), "outcome")
    False
    """
    if not name.strip():
        log.add(key, f"{what} name is empty; expected a name such as 'ceasefire'")
        return False
    if len(name) > MAX_NAME_LENGTH:
        log.add(key, f"{what} name is {len(name)} characters long; at most {MAX_NAME_LENGTH}")
        return False
    if name != name.strip() or not name.isprintable():
        log.add(
            key,
            f"{what} name {name!r} has leading/trailing spaces or unprintable characters",
        )
        return False
    return True


def check_parameter_name(log: ProblemLog, name: str, key: Key, declared: Iterable[str]) -> bool:
    """Refuse a parameter name that formulas cannot spell as written.

    Python's parser, which reads formulas, folds every name to its NFKC normal form (a
    full-width ``Ｌ`` is read as ``L``, the ligature ``ﬁ`` as ``fi``). A parameter name must
    therefore be written in that form: otherwise no formula could refer to it, and a formula
    written with it would silently use the parameter of the folded name. A name that folds
    onto another declared name is reported with both keys.

    >>> log = ProblemLog("m.toml")
    >>> check_parameter_name(log, "L", ("parameters", "L"), ["L", "Ｌ"])
    True
    >>> check_parameter_name(log, "Ｌ", ("parameters", "Ｌ"), ["L", "Ｌ"])
    False
    >>> log.raise_if_any()
    Traceback (most recent call last):
    ...
    bargaining.model.errors.ModelError: m.toml: parameters."Ｌ": parameter name 'Ｌ' is read as \
'L' in formulas (Unicode NFKC), the name of parameters.L: the two cannot be told apart; rename one
    """
    folded = unicodedata.normalize("NFKC", name)
    if folded == name:
        return True
    if folded in declared:
        log.add(
            key,
            f"parameter name {name!r} is read as {folded!r} in formulas (Unicode NFKC), the name "
            f"of parameters.{folded}: the two cannot be told apart; rename one",
        )
    else:
        log.add(
            key,
            f"parameter name {name!r} is read as {folded!r} in formulas (Unicode NFKC); write "
            f"it as {folded!r}",
        )
    return False


def exact_number(log: ProblemLog, value: object, key: Key, expected: str) -> ExactNumber | None:
    """Convert a TOML number to an exact number: ints stay ints, floats become fractions.

    Floats convert through their shortest decimal text, so ``0.7`` is exactly 7/10.

    >>> exact_number(ProblemLog("m.toml"), 0.7, ("parameters", "L", "baseline"), "a number")
    Fraction(7, 10)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            log.add(key, f"expected {expected}, got {value!r}; only finite numbers are allowed")
            return None
        exact = Fraction(repr(value))
        return exact.numerator if exact.denominator == 1 else exact
    hint = ""
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        hint = f"; write {value.strip()} without quotes"
    log.add(key, f"expected {expected}, got {describe(value)}{hint}")
    return None


def read_number(
    log: ProblemLog, table: Mapping[str, object], key: Key, name: str, *, expected: str
) -> ExactNumber | None:
    """The exact number ``table[name]``; a problem (and ``None``) when missing or not a number.

    >>> read_number(ProblemLog("m.toml"), {"baseline": 0.25}, ("parameters", "L"), "baseline",
    ...             expected="a number")
    Fraction(1, 4)
    """
    if name not in table:
        log.add((*key, name), f"missing; expected {expected}")
        return None
    return exact_number(log, table[name], (*key, name), expected)


def read_text(
    log: ProblemLog,
    table: Mapping[str, object],
    key: Key,
    name: str,
    *,
    required: bool = False,
    expected: str = "a string",
) -> str | None:
    """The string ``table[name]`` (``""`` when optional and missing); ``None`` after a problem.

    >>> log = ProblemLog("m.toml")
    >>> read_text(log, {"unit": "pie"}, ("parameters", "L"), "unit"), len(log)
    ('pie', 0)
    >>> read_text(log, {"unit": 3}, ("parameters", "L"), "unit"), len(log)
    (None, 1)
    """
    if name not in table:
        if required:
            log.add((*key, name), f"missing; expected {expected}")
            return None
        return ""
    value = table[name]
    if not isinstance(value, str):
        hint = f' (write {name} = "{value}")' if isinstance(value, int | float) else ""
        log.add((*key, name), f"expected {expected}, got {describe(value)}{hint}")
        return None
    return value


def read_text_list(
    log: ProblemLog, table: Mapping[str, object], key: Key, name: str, *, expected: str
) -> tuple[str, ...] | None:
    """The array of strings ``table[name]`` (empty when missing); ``None`` after a problem.

    >>> read_text_list(ProblemLog("m.toml"), {"tags": ["leverage"]}, (), "tags",
    ...                expected="strings")
    ('leverage',)
    """
    value = table.get(name, [])
    if not isinstance(value, list):
        log.add((*key, name), f"expected {expected}, got {describe(value)}")
        return None
    good = True
    for index, item in enumerate(value):
        if not isinstance(item, str):
            log.add((*key, name, index), f"expected a string, got {describe(item)}")
            good = False
    return tuple(value) if good else None


def read_table(
    log: ProblemLog, table: Mapping[str, object], key: Key, name: str, *, expected: str
) -> dict | None:
    """The table ``table[name]`` (empty when missing); ``None`` after a problem.

    >>> read_table(ProblemLog("m.toml"), {}, ("parameters", "L"), "distribution", expected="")
    {}
    """
    value = table.get(name, {})
    if not isinstance(value, dict):
        log.add((*key, name), f"expected {expected}, got {describe(value)}")
        return None
    return value

"""Text shared by Gambit's file formats (.nfg and .efg): tokens, numbers, labels, and safe
reading and writing of files.

Both formats are whitespace-separated tokens: quoted strings (with ``\\"`` and ``\\\\``
escapes), numbers (integers, ``p/q`` rationals, decimals) and braces. Files are read with a size
limit before anything is parsed and written atomically (a temporary file, then ``os.replace``).
"""

from __future__ import annotations

import codecs
import contextlib
import math
import os
import re
import stat
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import NoReturn

from bargaining.errors import GameFileError
from bargaining.numbers import Number

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused before being read (a game that size is not useful)."""


MAX_PLAYERS = 32
"""More players than this are refused: numpy arrays have at most 64 axes."""


StrPath = str | os.PathLike[str]


# Whitespace separates tokens and is otherwise insignificant, except inside strings. Every
# non-space character belongs to one of these alternatives, so finditer never skips text.
_TOKEN = re.compile(
    r'(?P<brace>[{}])|(?P<comma>,)|(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")|(?P<open>")'
    r'|(?P<word>[^\s{},"]+)',
    re.DOTALL,
)


# Inside strings, \" and \\ stand for " and \; any other backslash is kept as written, which is
# how Gambit reads labels such as "C:\games".
_ESCAPE = re.compile(r'\\(["\\])')


# ASCII digits only: int() and float() also accept "1_000" and non-ASCII digits.
INTEGER = re.compile(r"[+-]?[0-9]+")


_RATIONAL = re.compile(r"([+-]?[0-9]+)/([0-9]+)")


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


COUNT = re.compile(r"\+?[0-9]+")


NUMBER_EXAMPLES = "a number such as 3, -1/2 or 0.25"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "{", "}", ",", "string", "word" or "eof"
    text: str
    line: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "the end of the file"
        if self.kind == "string":
            return f"the string {shorten(self.text)!r}"
        return repr(shorten(self.text))


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Tokens:
    """The tokens of a file, one at a time, each with the line it starts on."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self._text = text
        self._matches = _TOKEN.finditer(text)
        self._line = 1
        self._position = 0
        self._peeked: Token | None = None
        # Errors at the end of the file point at its last non-blank line, not past it.
        content = text.rstrip()
        self.is_blank = not content
        self._eof = Token("eof", "", content.count("\n") + 1)

    def error(self, message: str, line: int | None) -> NoReturn:
        raise GameFileError(message, path=self.path, line=line)

    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> Token:
        token = self.peek()
        self._peeked = None
        return token

    def expect(self, kind: str, expected: str) -> Token:
        token = self.next()
        if token.kind != kind:
            self.error(f"expected {expected}, found {token.describe()}", token.line)
        return token

    def _scan(self) -> Token:
        match = next(self._matches, None)
        if match is None:
            return self._eof
        start = match.start()
        self._line += self._text.count("\n", self._position, start)
        self._position = start
        kind, text = match.lastgroup, match.group()
        if kind == "open":
            self.error(
                "unterminated string: expected a closing '\"' for the string starting here",
                self._line,
            )
        if kind == "string":
            return Token("string", _ESCAPE.sub(r"\1", text[1:-1]), self._line)
        if kind == "word":
            return Token("word", text, self._line)
        return Token(text, text, self._line)


def read_number(tokens: Tokens, token: Token, what: str) -> Number:
    """The number a token stands for; ``what`` names it in error messages."""
    text = token.text
    if token.kind == "word":
        if INTEGER.fullmatch(text):
            return read_integer(tokens, token, text, what)
        if match := _RATIONAL.fullmatch(text):
            numerator = read_integer(tokens, token, match[1], what)
            denominator = read_integer(tokens, token, match[2], what)
            if denominator == 0:
                tokens.error(
                    f"{what} {text!r} divides by zero: expected a nonzero denominator", token.line
                )
            fraction = Fraction(numerator, denominator)
            return fraction.numerator if fraction.denominator == 1 else fraction
        if _DECIMAL.fullmatch(text):
            value = float(text)  # cannot fail on text the pattern accepts
            if not math.isfinite(value):
                tokens.error(
                    f"{what} {shorten(text)!r} is too large for a floating-point number",
                    token.line,
                )
            return value
    tokens.error(f"expected {what} ({NUMBER_EXAMPLES}), found {token.describe()}", token.line)


def read_integer(tokens: Tokens, token: Token, digits: str, what: str) -> int:
    try:
        return int(digits)
    except ValueError:
        # int() refuses more digits than sys.get_int_max_str_digits(): conversion is quadratic.
        tokens.error(
            f"{what} {shorten(token.text)!r} has too many digits: expected at most "
            f"{sys.get_int_max_str_digits()}",
            token.line,
        )


def format_number(value: Number) -> str:
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    try:
        if isinstance(value, Fraction):
            return f"{value.numerator}/{value.denominator}"
        return str(value)
    except ValueError:  # str() refuses ints longer than sys.get_int_max_str_digits()
        raise GameFileError(
            f"a payoff has more than {sys.get_int_max_str_digits()} digits: expected a smaller "
            "number (files with longer numbers could not be read back)"
        ) from None


def decode_text(data: bytes, path: str) -> str:
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise GameFileError(
            f"byte 0x{data[error.start]:02x} is not UTF-8: expected UTF-8 text "
            "(re-save the file with UTF-8 encoding)",
            path=path,
            line=line,
        ) from None


def fresh_name(name: str, used: set[str]) -> str:
    """``name``, or ``name_1``, ``name_2``, ... if it is taken."""
    candidate, number = name, 0
    while candidate in used:
        number += 1
        candidate = f"{name}_{number}"
    return candidate


def gambit_labels(labels: list[str], *, keep_single_empty: bool) -> list[str]:
    """Make labels unique and non-empty as Gambit (16.7) does when it reads a file.

    Every copy of a repeated label ``x`` becomes ``x_1``, ``x_2``, ... (skipping names already
    present), and empty labels become ``_1``, ``_2``, .... Following Gambit keeps our labels
    equal to pygambit's for the same file. Unlike Gambit, a single empty player name or
    strategy label may be kept (``keep_single_empty``): games allow one, and keeping it lets
    every game survive a write and a read unchanged.
    """
    counts = Counter(labels)
    used = set(labels)
    visits: Counter[str] = Counter()
    result = []
    for label in labels:
        if counts[label] == 1 and (label or keep_single_empty):
            result.append(label)
            continue
        candidate = label
        while candidate in used:
            visits[label] += 1
            candidate = f"{label}_{visits[label]}"
        used.add(candidate)
        result.append(candidate)
    return result


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_atomically(path: str, data: bytes) -> None:
    target = os.path.realpath(path)  # replace a symlink's target, not the link
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o644
    directory, name = os.path.split(target)
    # Same directory, hence same file system: os.replace is then a single atomic rename.
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # the data is on disk before the name points at it
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_text_file(path: StrPath, suffix: str) -> tuple[str, str]:
    """``(text, display path)`` of a UTF-8 game file of at most :data:`MAX_FILE_BYTES` bytes.

    Raises
    ------
    GameFileError
        When the file is too large or not UTF-8.
    OSError
        When the file cannot be opened or read.
    """
    display = os.fsdecode(path)
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        # Read one byte more than allowed: special files and growing files report no size.
        data = b"" if size > MAX_FILE_BYTES else file.read(MAX_FILE_BYTES + 1)
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise GameFileError(
            f"the file is larger than {MAX_FILE_BYTES:,} bytes: expected a smaller {suffix} file",
            path=display,
        )
    return decode_text(data, display), display

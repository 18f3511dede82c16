"""Model file text -> parsed TOML data, refusing oversized, undecodable or malformed files.

Every failure becomes a :class:`~bargaining.model.errors.ModelError` with one problem that
names the file (and the line, where there is one), never a traceback from :mod:`tomllib`.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from typing import NoReturn

from bargaining.model.errors import ModelError, Problem
from bargaining.model.keys import Key, format_key
from bargaining.model.limits import MAX_FILE_BYTES, MAX_NESTING

__all__ = ["parse_document", "read_text_file"]

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def read_text_file(path: str | os.PathLike[str]) -> str:
    """The UTF-8 text of a model file, refusing files over :data:`MAX_FILE_BYTES` unread.

    >>> read_text_file("no/such/model.toml")
    Traceback (most recent call last):
    ...
    bargaining.model.errors.ModelError: no/such/model.toml: cannot read the file: no such file
    """
    name = os.fspath(path)
    try:
        # Opened without blocking and checked through the open descriptor: a FIFO or a device
        # given as the model is refused at once instead of waiting forever for a writer, and
        # nothing can swap the file between the check and the read.
        descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                _refuse(name, "is a directory; expected a .toml model file")
            if not stat.S_ISREG(info.st_mode):
                _refuse(
                    name,
                    "is not a regular file (a pipe, socket or device); expected a .toml model file",
                )
            # The size is checked before reading, so a huge file costs nothing.
            if info.st_size > MAX_FILE_BYTES:
                _refuse(name, _too_big(info.st_size))
            # Read one byte past the limit: a file may grow while it is read.
            data = b""
            while len(data) <= MAX_FILE_BYTES:
                part = os.read(descriptor, MAX_FILE_BYTES + 1 - len(data))
                if not part:
                    break
                data += part
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        _refuse(name, "cannot read the file: no such file")
    except OSError as error:
        _refuse(name, f"cannot read the file: {error.strerror or error}")
    if len(data) > MAX_FILE_BYTES:
        _refuse(name, _too_big(len(data)))
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some editors write
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ModelError(
            [
                Problem(
                    name,
                    "",
                    f"the file is not UTF-8 text: byte 0x{data[error.start]:02x} at offset "
                    f"{error.start} cannot be decoded; save the file as UTF-8",
                    line,
                )
            ]
        ) from None


def parse_document(text: str, path: str) -> dict:
    """Parse TOML text into nested dicts and lists, checking size and nesting depth.

    >>> parse_document('[model]\\nname = "pd"\\n', "pd.toml")
    {'model': {'name': 'pd'}}
    >>> parse_document("[model\\n", "pd.toml")
    Traceback (most recent call last):
    ...
    bargaining.model.errors.ModelError: pd.toml:1: invalid TOML at column 7: Expected ']' ...
    """
    if len(text) > MAX_FILE_BYTES:
        _refuse(path, _too_big(len(text), "characters"))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = None
        if position:
            message = message[: position.start()]
            line = int(position.group(1))
            message = f"invalid TOML at column {position.group(2)}: {message}"
        else:
            message = f"invalid TOML: {message}"
        raise ModelError([Problem(path, "", message, line)]) from None
    except RecursionError:
        _refuse(path, f"is nested too deeply (at most {MAX_NESTING} levels of tables and arrays)")
    _check_nesting(data, path)
    return data


def _check_nesting(data: dict, path: str) -> None:
    # Iterative, so that the check itself cannot exhaust the stack.
    stack: list[tuple[object, Key]] = [(data, ())]
    while stack:
        value, key = stack.pop()
        if len(key) > MAX_NESTING:
            raise ModelError(
                [
                    Problem(
                        path,
                        format_key(key),
                        f"nested more than {MAX_NESTING} levels deep; model files never need this",
                    )
                ]
            )
        if isinstance(value, dict):
            stack.extend((item, (*key, name)) for name, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*key, index)) for index, item in enumerate(value))


def _too_big(size: int, unit: str = "bytes") -> str:
    return f"is too large: {size:,} {unit}; model files may be at most {MAX_FILE_BYTES:,} bytes"


def _refuse(path: str, message: str) -> NoReturn:
    raise ModelError([Problem(path, "", message)])

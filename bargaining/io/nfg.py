r"""Gambit ``.nfg`` files: strategic-form games as text.

A file starts with a header naming the game, its players and their strategies::

    NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
    { { "C" "D" } { "C" "D" } }
    "an optional comment"

The strategy block may also be a list of counts (``{ 2 2 }``, the old form); strategies are
then labelled ``"1"``, ``"2"``, .... The body is either

* the *payoff form*: one payoff per player for every strategy profile, profiles listed with
  player 1's strategy changing fastest, then player 2's, and so on; or
* the *outcome form*: a list of outcomes ``{ { "name" p1 p2 ... } ... }`` followed by one
  outcome index per profile (same order), where ``0`` is the null outcome with zero payoffs.

Reading
-------
Integers and fractions ``p/q`` become exact ``int`` / ``Fraction`` payoffs; decimals (``1.5``,
``.25``, ``1e-3``) become floats, as Gambit treats them as floating point. Outcome-form games
keep their outcome names in :attr:`NormalFormGame.outcomes`; names are made non-empty and
unique as Gambit makes them (see :func:`parse_nfg`). The optional comment is read and
dropped: games have no comment field. Every problem raises
:class:`~bargaining.errors.GameFileError` carrying the path and the 1-based line, and saying
what was expected.

Writing
-------
:func:`format_nfg` writes the outcome form when the game has outcome names and the payoff form
otherwise, so ``parse_nfg(format_nfg(game)) == game`` for every game with numeric payoffs.
Strings escape ``"`` and ``\`` with a backslash, as Gambit writes them.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from bargaining.errors import GameError, GameFileError
from bargaining.games.normal_form import MAX_PROFILES, NormalFormGame
from bargaining.io._gambit_text import (
    COUNT,
    INTEGER,
    MAX_FILE_BYTES,
    MAX_PLAYERS,
    StrPath,
    Token,
    Tokens,
    format_number,
    fresh_name,
    gambit_labels,
    quote,
    read_number,
    read_text_file,
    shorten,
    write_atomically,
)
from bargaining.numbers import Number, is_symbolic

__all__ = ["MAX_FILE_BYTES", "MAX_PLAYERS", "format_nfg", "parse_nfg", "read_nfg", "write_nfg"]


# -- tokens ------------------------------------------------------------------------------------


# -- numbers -----------------------------------------------------------------------------------


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Header:
    title: str
    players: list[str]
    strategies: list[list[str]]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(labels) for labels in self.strategies)


def read_nfg(path: StrPath) -> NormalFormGame:
    """Read a game from a Gambit ``.nfg`` file.

    The file must be UTF-8 text (a byte-order mark is allowed) of at most
    :data:`MAX_FILE_BYTES` bytes; see :func:`parse_nfg` for the format.

    Raises
    ------
    GameFileError
        When the file is too large, not UTF-8, or not a valid ``.nfg`` file.
    OSError
        When the file cannot be opened or read.
    """
    text, display = read_text_file(path, ".nfg")
    return parse_nfg(text, path=display)


def parse_nfg(text: str, path: str = "<string>") -> NormalFormGame:
    """Read a game from the text of a Gambit ``.nfg`` file.

    ``path`` only names the text in error messages.

    Games need unique names, files need not have them. Labels are made unique as Gambit does
    when it reads a file, so that they agree with pygambit's: every copy of a repeated label
    ``x`` becomes ``x_1``, ``x_2``, ... and unnamed outcomes become ``_1``, ``_2``, ...
    (numbers already in use are skipped). A single empty player name or strategy label is
    kept. Profiles with the null outcome ``0`` get zero payoffs and the outcome name
    ``"null"`` (``"null_1"`` if the file uses that name). The comment after the header is
    dropped.

    Raises
    ------
    GameFileError
        With the line of the problem and what was expected there.

    Examples
    --------
    >>> game = parse_nfg('''NFG 1 R "Matching pennies" { "Row" "Column" }
    ... { { "H" "T" } { "H" "T" } }
    ... 1 -1   -1 1   -1 1   1 -1''')
    >>> game.payoff(("H", "T"))
    (-1, 1)
    >>> game = parse_nfg('NFG 1 R "" { "A" "B" } { 1 2 } { { "deal" 1/2, 1/2 } } 1 0')
    >>> game.payoff((0, 0)), game.outcomes.tolist()
    ((Fraction(1, 2), Fraction(1, 2)), [['deal', 'null']])
    """
    tokens = Tokens(text, path)
    if tokens.is_blank:
        tokens.error("the file is empty: expected a header such as 'NFG 1 R \"title\" { ... }'", 1)
    header = _read_header(tokens)
    start = tokens.peek()
    if start.kind == "{":
        payoffs, outcomes = _read_outcome_body(tokens, header)
    elif start.kind == "word":
        payoffs, outcomes = _read_payoff_body(tokens, header), None
    else:
        tokens.error(
            "expected the payoffs (numbers) or an outcome list starting with '{', "
            f"found {start.describe()}",
            start.line,
        )
    try:
        return NormalFormGame(
            payoffs,
            tuple(gambit_labels(header.players, keep_single_empty=True)),
            tuple(
                tuple(gambit_labels(labels, keep_single_empty=True)) for labels in header.strategies
            ),
            outcomes,
            header.title,
        )
    except GameError as error:  # not expected after the checks above; keep the file context
        tokens.error(str(error), start.line)


def _read_header(tokens: Tokens) -> _Header:
    first = tokens.next()
    if first.kind != "word" or first.text != "NFG":
        found = first.describe()
        if first.text == "EFG":
            found = "an extensive-form 'EFG' header"
        tokens.error(f"expected the header 'NFG 1 R' or 'NFG 1 D', found {found}", first.line)
    version = tokens.next()
    if version.kind != "word" or version.text != "1":
        tokens.error(f"expected version 1 after 'NFG', found {version.describe()}", version.line)
    kind = tokens.next()
    if kind.kind != "word" or kind.text not in ("R", "D"):
        tokens.error(f"expected 'R' or 'D' after 'NFG 1', found {kind.describe()}", kind.line)
    title = tokens.expect("string", "the game's title in quotes after 'NFG 1 R'").text
    players = _read_players(tokens)
    strategies = _read_strategies(tokens, players)
    if tokens.peek().kind == "string":
        tokens.next()  # the optional comment; games have no place to keep it
    return _Header(title, players, strategies)


def _read_players(tokens: Tokens) -> list[str]:
    tokens.expect("{", "'{' starting the list of player names")
    names = []
    while (token := tokens.next()).kind == "string":
        names.append(token.text)
    if token.kind != "}":
        tokens.error(
            f"expected a player name in quotes or '}}' closing the player list, "
            f"found {token.describe()}",
            token.line,
        )
    if not names:
        tokens.error("expected at least one player name between '{' and '}'", token.line)
    if len(names) > MAX_PLAYERS:
        tokens.error(f"{len(names)} players: expected at most {MAX_PLAYERS}", token.line)
    return names


def _read_strategies(tokens: Tokens, players: list[str]) -> list[list[str]]:
    tokens.expect("{", "'{' starting the strategies of each player")
    first = tokens.peek()
    if first.kind == "{":
        strategies = [_read_labels(tokens, i, players) for i in range(len(players))]
        counts = [len(labels) for labels in strategies]
        _check_profiles(tokens, counts, first.line)
        closing = "'}' closing the strategy list after the labels of every player"
    elif first.kind == "word":
        counts = []
        for i in range(len(players)):
            token = tokens.next()
            counts.append(_strategy_count(tokens, token, i, players))
            _check_profiles(tokens, counts, token.line)  # before building any labels
        strategies = [[str(j + 1) for j in range(count)] for count in counts]
        closing = f"'}}' closing the strategy counts of the {len(players)} players"
    else:
        tokens.error(
            f'expected strategy labels like {{ "a" "b" }} or a strategy count for each of '
            f"the {len(players)} players, found {first.describe()}",
            first.line,
        )
    tokens.expect("}", closing)
    return strategies


def _strategy_count(tokens: Tokens, token: Token, i: int, players: list[str]) -> int:
    if token.kind == "word" and COUNT.fullmatch(token.text):
        # Longer numbers are absurd counts: no need to convert them to find that out.
        count = int(token.text) if len(token.text) <= 18 else MAX_PROFILES + 1
        if count >= 1:
            return count
    tokens.error(
        f"expected the number of strategies of player {i + 1} ({players[i]!r}), a positive "
        f"whole number, found {token.describe()}",
        token.line,
    )


def _read_labels(tokens: Tokens, i: int, players: list[str]) -> list[str]:
    token = tokens.next()
    if token.kind != "{":
        tokens.error(
            f"expected '{{' starting the strategy labels of player {i + 1} ({players[i]!r}): "
            f"the header names {len(players)} players, found {token.describe()}",
            token.line,
        )
    labels = []
    while (token := tokens.next()).kind == "string":
        labels.append(token.text)
    if token.kind != "}":
        tokens.error(
            f"expected a strategy label in quotes or '}}' closing the strategies of player "
            f"{i + 1}, found {token.describe()}",
            token.line,
        )
    if not labels:
        tokens.error(f"expected at least one strategy label for player {i + 1}", token.line)
    return labels


def _check_profiles(tokens: Tokens, counts: list[int], line: int) -> None:
    """Refuse games too large to hold before allocating anything for them."""
    if math.prod(counts) > MAX_PROFILES:
        tokens.error(
            f"the strategy counts of players 1 to {len(counts)} give more than "
            f"{MAX_PROFILES:,} strategy profiles: expected a smaller game",
            line,
        )


def _read_payoff_body(tokens: Tokens, header: _Header) -> np.ndarray:
    players, profiles = len(header.players), math.prod(header.shape)
    expected = players * profiles
    values = []
    for count in range(expected):
        token = tokens.next()
        if token.kind == "eof":
            tokens.error(
                f"expected {expected} payoffs ({players} per profile for {profiles} strategy "
                f"profiles), but the file ends after {count}",
                token.line,
            )
        values.append(read_number(tokens, token, "a payoff"))
    _expect_end(tokens, f"{expected} payoffs ({players} per profile for {profiles} profiles)")
    return _from_gambit_order(values, header.shape, players)


def _read_outcome_body(tokens: Tokens, header: _Header) -> tuple[np.ndarray, np.ndarray]:
    players = len(header.players)
    tokens.next()  # the '{' opening the outcome list
    names: list[str] = []
    payoffs: list[list[Number]] = []
    while (token := tokens.next()).kind != "}":
        number = len(names) + 1
        if token.kind != "{":
            tokens.error(
                f"expected '{{' starting outcome {number} or '}}' closing the outcome list, "
                f"found {token.describe()}",
                token.line,
            )
        what = f'the name of outcome {number} in quotes ("" for none)'
        names.append(tokens.expect("string", what).text)
        values = []
        for _ in range(players):
            token = tokens.next()
            if token.kind == "}":
                tokens.error(
                    f"outcome {number} has {len(values)} payoffs: expected {players}, one per "
                    "player",
                    token.line,
                )
            values.append(read_number(tokens, token, f"a payoff of outcome {number}"))
            if tokens.peek().kind == ",":  # Gambit writes "{ "name" 1, 2 }"
                tokens.next()
        tokens.expect("}", f"'}}' closing outcome {number} after its {players} payoffs")
        payoffs.append(values)

    profiles = math.prod(header.shape)
    indices = []
    for count in range(profiles):
        token = tokens.next()
        if token.kind == "eof":
            tokens.error(
                f"expected {profiles} outcome indices (one per strategy profile), but the file "
                f"ends after {count}",
                token.line,
            )
        indices.append(_outcome_index(tokens, token, len(names)))
    _expect_end(tokens, f"{profiles} outcome indices (one per strategy profile)")

    unique = gambit_labels(names, keep_single_empty=False)
    null_name, null_payoffs = fresh_name("null", set(unique)), [0] * players
    flat_names = [unique[k - 1] if k else null_name for k in indices]
    flat_payoffs = [v for k in indices for v in (payoffs[k - 1] if k else null_payoffs)]
    return (
        _from_gambit_order(flat_payoffs, header.shape, players),
        _from_gambit_order(flat_names, header.shape, None),
    )


def _outcome_index(tokens: Tokens, token: Token, count: int) -> int:
    if token.kind == "word" and INTEGER.fullmatch(token.text) and token.text[0] != "-":
        if len(token.text) <= 18 and int(token.text) <= count:
            return int(token.text)
        tokens.error(
            f"outcome index {shorten(token.text)} is out of range: expected 0 (no outcome) "
            f"to {count}, the number of outcomes listed",
            token.line,
        )
    tokens.error(
        f"expected an outcome index (a whole number from 0 to {count}), found {token.describe()}",
        token.line,
    )


def _expect_end(tokens: Tokens, after: str) -> None:
    token = tokens.next()
    if token.kind != "eof":
        tokens.error(
            f"expected the end of the file after the {after}, found {token.describe()}",
            token.line,
        )


def _from_gambit_order(
    flat: list[object], shape: tuple[int, ...], per_profile: int | None
) -> np.ndarray:
    """Arrange values listed profile by profile, player 1's strategy changing fastest.

    Numpy's C order changes the *last* index fastest: fill the axes reversed, then transpose.
    """
    array = np.empty(len(flat), dtype=object)
    array[:] = flat
    tail = () if per_profile is None else (per_profile,)
    axes = list(reversed(range(len(shape)))) + ([len(shape)] if tail else [])
    return array.reshape(shape[::-1] + tail).transpose(axes)


# -- writing -----------------------------------------------------------------------------------


def format_nfg(game: NormalFormGame) -> str:
    r"""The text of a Gambit ``.nfg`` file holding ``game``.

    Games with outcome names are written in the outcome form (one outcome per distinct name
    and payoffs, numbered in profile order), other games in the payoff form (one line per
    profile). Integers and fractions are written exactly (``-1/2``), floats with ``repr``.
    ``"`` and ``\`` in strings are escaped with a backslash.

    Raises
    ------
    GameFileError
        When a payoff is symbolic: substitute values for the parameters first (``game.at``).

    Examples
    --------
    >>> from fractions import Fraction
    >>> game = NormalFormGame.from_arrays([[[1, Fraction(1, 2)]], [[0, 2]]], title="Tiny")
    >>> print(format_nfg(game))
    NFG 1 R "Tiny" { "Player 1" "Player 2" }
    <BLANKLINE>
    { { "1" }
    { "1" "2" }
    }
    ""
    <BLANKLINE>
    1 0
    1/2 2
    <BLANKLINE>
    >>> parse_nfg(format_nfg(game)) == game
    True
    """
    return _format(game, "")


def _format(game: NormalFormGame, path: str) -> str:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    _check_numeric(game, path)
    kind = "R" if game.is_exact else "D"  # Gambit's flag: rational or decimal data
    players = " ".join(quote(name) for name in game.players)
    strategies = "\n".join(
        "{ " + " ".join(quote(label) for label in labels) + " }" for labels in game.strategies
    )
    lines = [f"NFG 1 {kind} {quote(game.title)} {{ {players} }}"]
    lines += ["", "{ " + strategies, "}", '""', ""]
    if game.outcomes is None:
        for index in _gambit_profiles(game.shape):
            lines.append(" ".join(format_number(value) for value in game.payoffs[index]))
    else:
        lines += _outcome_body(game)
    return "\n".join(lines) + "\n"


def _outcome_body(game: NormalFormGame) -> list[str]:
    numbers: dict[tuple, int] = {}
    entries: list[str] = []
    indices: list[str] = []
    for index in _gambit_profiles(game.shape):
        name, values = game.outcomes[index], tuple(game.payoffs[index])
        # Types are part of the key: 1 == 1.0, but they must not become one outcome.
        key = (name, tuple((type(value), value) for value in values))
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            payoffs = ", ".join(format_number(value) for value in values)
            entries.append(f"{{ {quote(name)} {payoffs} }}")
        indices.append(str(numbers[key]))
    # One line of indices per row of player 1's strategies, for readability.
    width = game.shape[0]
    rows = [" ".join(indices[i : i + width]) for i in range(0, len(indices), width)]
    return ["{", *entries, "}", *rows]


def _check_numeric(game: NormalFormGame, path: str) -> None:
    if not game.is_symbolic:
        return
    parameters = game.parameters
    if parameters:
        names = ", ".join(symbol.name for symbol in parameters)
        example = ", ".join(f"{symbol.name}=..." for symbol in parameters)
        raise GameFileError(
            f"the payoffs depend on parameters ({names}): Gambit files hold numbers, so "
            f"substitute values first, e.g. write game.at({example})",
            path=path,
        )
    value = next(value for value in game.payoffs.flat if is_symbolic(value))
    raise GameFileError(
        f"the payoff {value} is not an integer, fraction or float: convert it first, e.g. with "
        "game.map_payoffs(lambda player, value: float(value))",
        path=path,
    )


def _gambit_profiles(shape: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    """Pure profiles in Gambit's order: player 1's strategy changes fastest."""
    for reversed_profile in itertools.product(*(range(size) for size in reversed(shape))):
        yield reversed_profile[::-1]


def write_nfg(game: NormalFormGame, path: StrPath) -> None:
    """Write ``game`` to a Gambit ``.nfg`` file (see :func:`format_nfg`), UTF-8 encoded.

    The text goes to a temporary file in the same directory, which then replaces ``path`` in
    one step: a failure leaves any previous file untouched and no partial file behind. An
    existing file keeps its permissions; a new one gets ``rw-r--r--``.

    Raises
    ------
    GameFileError
        When the game cannot be written as ``.nfg`` (symbolic payoffs, labels that are not
        valid Unicode).
    OSError
        When the file cannot be written.
    """
    display = os.fsdecode(path)
    try:
        data = _format(game, display).encode("utf-8")
    except UnicodeEncodeError as error:
        raise GameFileError(
            f"a label contains {error.object[error.start : error.end]!r}, which cannot be "
            "written as UTF-8: expected valid Unicode text",
            path=display,
        ) from None
    write_atomically(display, data)

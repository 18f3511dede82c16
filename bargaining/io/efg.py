r"""Gambit ``.efg`` files: extensive-form games (trees) as text.

A file starts with a header and an optional comment, then lists the nodes depth first, a
node before its children, children in action order::

    EFG 2 R "Entry" { "Entrant" "Incumbent" }
    "an optional comment"

    p "" 1 1 "" { "out" "in" } 0
    t "" 1 "stay out" { 0, 2 }
    p "" 2 1 "" { "fight" "accommodate" } 0
    t "" 2 "war" { -1, -1 }
    t "" 3 "peace" { 1, 1 }

* ``p "name" player infoset "infoset name" { "action" ... } outcome`` -- a decision node. The
  information set is numbered per player; its name and actions are written where it first
  appears and may be left out after.
* ``c "name" infoset "infoset name" { "action" probability ... } outcome`` -- a chance node.
* ``t "name" outcome`` -- a terminal node.

``outcome`` is ``0`` (none) or a number, followed where the outcome first appears by its name
and payoffs ``"name" { p1, p2, ... }``. Outcomes at decision and chance nodes add to the
payoffs of every play through the node.

Reading
-------
Integers and fractions are exact, decimals become floats (as in :mod:`bargaining.io.nfg`).
Node names and chance information sets are not kept (each chance node keeps its own actions
and probabilities); an information set's id is its name when the name is unique in the file,
``None`` for an unnamed singleton, and ``"player:number"`` otherwise. An outcome named ``""``
gives a node payoffs without an outcome name. Repeated or empty action labels at one node
are made unique as Gambit does (``x_1``, ``x_2``, ...; empty labels ``_1``, ...), except that
a single empty label is kept. Errors are :class:`~bargaining.errors.GameFileError` with the
line.

Writing
-------
:func:`format_efg` numbers each player's information sets in order of first appearance and
writes each id as the set's name (singletons without id get ``""``); every chance node gets
its own chance information set; outcomes are numbered per distinct name and payoffs. So
``parse_efg(format_efg(game)) == game`` for every game with numeric payoffs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from bargaining.errors import GameError, GameFileError
from bargaining.games.extensive import (
    ChanceNode,
    DecisionNode,
    ExtensiveGame,
    Node,
    TerminalNode,
)
from bargaining.games.extensive_nodes import flatten
from bargaining.io._gambit_text import (
    MAX_PLAYERS,
    StrPath,
    Token,
    Tokens,
    format_number,
    gambit_labels,
    quote,
    read_number,
    read_text_file,
    write_atomically,
)
from bargaining.numbers import Number, is_symbolic

__all__ = ["format_efg", "parse_efg", "read_efg", "write_efg"]

MAX_NODES = 1_000_000
"""Files with more nodes than this are refused."""


# -- reading -----------------------------------------------------------------------------------


@dataclass
class _Record:
    kind: str  # "p", "c" or "t"
    line: int
    player: int = 0  # 1-based; 0 for chance and terminal nodes
    infoset: int = 0
    actions: tuple[str, ...] = ()
    probabilities: tuple[Number, ...] = ()
    payoffs: tuple[Number, ...] | None = None
    outcome: str | None = None


def read_efg(path: StrPath) -> ExtensiveGame:
    """Read a game from a Gambit ``.efg`` file (UTF-8, at most :data:`MAX_FILE_BYTES` bytes).

    Raises
    ------
    GameFileError
        When the file is too large, not UTF-8, or not a valid ``.efg`` file.
    OSError
        When the file cannot be opened or read.
    """
    text, display = read_text_file(path, ".efg")
    return parse_efg(text, path=display)


def parse_efg(text: str, path: str = "<string>") -> ExtensiveGame:
    """Read a game from the text of a Gambit ``.efg`` file.

    ``path`` only names the text in error messages.

    Raises
    ------
    GameFileError
        With the line of the problem and what was expected there.

    Examples
    --------
    >>> game = parse_efg('''EFG 2 R "Entry" { "E" "I" }
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "peace" { 1, 1 }''')
    >>> game.players, game.is_perfect_information
    (('E', 'I'), True)
    >>> game.to_normal_form().payoff(("in", "accommodate"))
    (1, 1)
    """
    tokens = Tokens(text, path)
    if tokens.is_blank:
        tokens.error("the file is empty: expected a header such as 'EFG 2 R \"title\" { ... }'", 1)
    title, players = _read_header(tokens)
    records, state = _read_nodes(tokens, players)
    return _build(records, state, title, tokens)


def _read_header(tokens: Tokens) -> tuple[str, list[str]]:
    first = tokens.next()
    if first.kind != "word" or first.text != "EFG":
        found = "a strategic-form 'NFG' header" if first.text == "NFG" else first.describe()
        tokens.error(f"expected the header 'EFG 2 R' or 'EFG 2 D', found {found}", first.line)
    version = tokens.next()
    if version.kind != "word" or version.text != "2":
        tokens.error(f"expected version 2 after 'EFG', found {version.describe()}", version.line)
    kind = tokens.next()
    if kind.kind != "word" or kind.text not in ("R", "D"):
        tokens.error(f"expected 'R' or 'D' after 'EFG 2', found {kind.describe()}", kind.line)
    title = tokens.expect("string", "the game's title in quotes after 'EFG 2 R'").text
    tokens.expect("{", "'{' starting the list of player names")
    players = []
    while (token := tokens.next()).kind == "string":
        players.append(token.text)
    if token.kind != "}":
        tokens.error(
            f"expected a player name in quotes or '}}' closing the player list, found "
            f"{token.describe()}",
            token.line,
        )
    if not players:
        tokens.error("expected at least one player name between '{' and '}'", token.line)
    if len(players) > MAX_PLAYERS:
        tokens.error(f"{len(players)} players: expected at most {MAX_PLAYERS}", token.line)
    if tokens.peek().kind == "string":
        tokens.next()  # the comment
    return title, players


def _whole(tokens: Tokens, token: Token, what: str, low: int, high: int | None) -> int:
    text = token.text
    if token.kind == "word" and text.isascii() and text.isdigit() and len(text) <= 18:
        value = int(text)
        if value >= low and (high is None or value <= high):
            return value
    bound = f"from {low} to {high}" if high is not None else f"at least {low}"
    tokens.error(f"expected {what} (a whole number {bound}), found {token.describe()}", token.line)


class _State:
    def __init__(self, players: list[str]) -> None:
        self.players = players
        self.infosets: dict[tuple[int, int], tuple[str, tuple[str, ...], tuple]] = {}
        self.outcomes: dict[int, tuple[str, tuple[Number, ...]]] = {}


def _read_nodes(tokens: Tokens, players: list[str]) -> tuple[list[_Record], _State]:
    state = _State(players)
    records: list[_Record] = []
    pending = 1  # nodes still to read: the root
    while pending:
        token = tokens.next()
        if token.kind == "eof":
            what = "the root node" if not records else f"{pending} more node(s)"
            tokens.error(
                f"the file ends early: expected {what} (lines starting with p, c or t)",
                token.line,
            )
        if token.kind != "word" or token.text not in ("p", "c", "t"):
            tokens.error(
                "expected a node: 'p' (player), 'c' (chance) or 't' (terminal), found "
                f"{token.describe()}",
                token.line,
            )
        if len(records) >= MAX_NODES:
            tokens.error(f"more than {MAX_NODES} nodes: the tree is too large", token.line)
        record = _read_node(tokens, token, state)
        records.append(record)
        pending += len(record.actions) - 1
    token = tokens.next()
    if token.kind != "eof":
        tokens.error(
            f"expected the end of the file after the last node of the tree, found "
            f"{token.describe()}",
            token.line,
        )
    return records, state


def _read_node(tokens: Tokens, start: Token, state: _State) -> _Record:
    kind = start.text
    record = _Record(kind, start.line)
    tokens.expect("string", f"the node's name in quotes after '{kind}' (\"\" for none)")
    if kind == "p":
        player = tokens.next()
        record.player = _whole(tokens, player, "the player's number", 1, len(state.players))
    if kind in ("p", "c"):
        number = _whole(tokens, tokens.next(), "the information set's number", 1, None)
        record.infoset = number
        key = (record.player, number)
        name = tokens.next().text if tokens.peek().kind == "string" else None
        if tokens.peek().kind == "{":
            brace = tokens.next()
            actions, probabilities = _read_actions(tokens, kind == "c", brace.line)
            if key in state.infosets:
                known = state.infosets[key]
                if known[1] != actions:
                    tokens.error(
                        f"information set {number} was given actions {list(known[1])} before, "
                        f"now {list(actions)}: expected the same actions",
                        brace.line,
                    )
            else:
                state.infosets[key] = (name or "", actions, probabilities)
        elif key not in state.infosets:
            who = "chance" if kind == "c" else f"player {record.player}"
            tokens.error(
                f"information set {number} of {who} appears here first: expected its actions "
                'in braces, e.g. { "a" "b" }',
                tokens.peek().line,
            )
        _, record.actions, probabilities = state.infosets[key]
        if kind == "c":
            record.probabilities = probabilities
    _read_outcome(tokens, record, state)
    return record


def _read_actions(
    tokens: Tokens, with_probabilities: bool, line: int
) -> tuple[tuple[str, ...], tuple[Number, ...]]:
    actions: list[str] = []
    probabilities: list[Number] = []
    while (token := tokens.next()).kind != "}":
        if token.kind == ",":
            continue
        if token.kind != "string":
            tokens.error(
                f"expected an action label in quotes or '}}' closing the actions, found "
                f"{token.describe()}",
                token.line,
            )
        actions.append(token.text)
        if with_probabilities:
            what = f"the probability of chance action {token.text!r}"
            probabilities.append(read_number(tokens, tokens.next(), what))
    if not actions:
        tokens.error("expected at least one action between '{' and '}'", line)
    return tuple(gambit_labels(actions, keep_single_empty=True)), tuple(probabilities)


def _read_outcome(tokens: Tokens, record: _Record, state: _State) -> None:
    token = tokens.next()
    number = _whole(tokens, token, "the outcome's number (0 for none)", 0, None)
    if tokens.peek().kind == "string":
        name = tokens.next().text
        brace = tokens.expect("{", f"'{{' starting the payoffs of outcome {number}")
        payoffs = []
        while (item := tokens.next()).kind != "}":
            if item.kind == ",":
                continue
            payoffs.append(read_number(tokens, item, f"a payoff of outcome {number}"))
        if len(payoffs) != len(state.players):
            tokens.error(
                f"outcome {number} has {len(payoffs)} payoffs: expected {len(state.players)}, "
                "one per player",
                brace.line,
            )
        if number == 0:
            tokens.error("outcome 0 is the null outcome: it cannot have payoffs", token.line)
        state.outcomes.setdefault(number, (name, tuple(payoffs)))
    if number == 0:
        return
    if number not in state.outcomes:
        tokens.error(
            f"outcome {number} appears here first: expected its name and payoffs, e.g. "
            f'{number} "name" {{ 1, 0 }}',
            token.line,
        )
    name, payoffs = state.outcomes[number]
    record.outcome = name or None
    record.payoffs = payoffs


def _build(records: list[_Record], state: _State, title: str, tokens: Tokens) -> ExtensiveGame:
    player_names = gambit_labels(state.players, keep_single_empty=True)
    ids = _infoset_ids(records, player_names, state)
    children: list[list[int]] = [[] for _ in records]
    stack: list[int] = []  # nodes still expecting children
    remaining = [len(record.actions) for record in records]
    for index in range(len(records)):
        if stack:
            parent = stack[-1]
            children[parent].append(index)
            remaining[parent] -= 1
            if remaining[parent] == 0:
                stack.pop()
        if remaining[index]:
            stack.append(index)
    built: list[Node | None] = [None] * len(records)
    for index in reversed(range(len(records))):
        record = records[index]
        kids = tuple(built[c] for c in children[index])
        if record.kind == "t":
            built[index] = TerminalNode(record.payoffs, record.outcome)
        elif record.kind == "p":
            built[index] = DecisionNode(
                player_names[record.player - 1],
                record.actions,
                kids,
                ids[(record.player, record.infoset)],
                record.payoffs,
                record.outcome,
            )
        else:
            built[index] = ChanceNode(
                record.actions, record.probabilities, kids, record.payoffs, record.outcome
            )
    try:
        return ExtensiveGame(built[0], tuple(player_names), title)
    except GameError as error:
        line = _line_of(str(error), records, built)
        tokens.error(str(error), line)


def _line_of(message: str, records: list[_Record], built: list) -> int | None:
    """The line of the first node whose path the message names (the longest match)."""
    try:
        game_paths = _paths(built)
    except GameError:
        return None
    best, line = -1, None
    for path, record in zip(game_paths, records, strict=True):
        for word in message.replace(",", " ").replace(":", " ").split():
            if word == path and len(path) > best:
                best, line = len(path), record.line
    return line


def _paths(built: list) -> list[str]:
    _, paths, _ = flatten(built[0])
    return paths


def _infoset_ids(
    records: list[_Record], players: list[str], state: _State
) -> dict[tuple[int, int], object]:
    sizes: dict[tuple[int, int], int] = {}
    for record in records:
        if record.kind == "p":
            key = (record.player, record.infoset)
            sizes[key] = sizes.get(key, 0) + 1
    names = {key: state.infosets[key][0] for key in sizes}
    return _ids_from_names(sizes, players, names)


def _ids_from_names(
    sizes: dict[tuple[int, int], int], players: list[str], names: dict[tuple[int, int], str]
) -> dict[tuple[int, int], object]:
    counts: dict[str, int] = {}
    for key in sizes:
        name = names.get(key, "")
        counts[name] = counts.get(name, 0) + 1
    ids: dict[tuple[int, int], object] = {}
    for key, size in sizes.items():
        name = names.get(key, "")
        if name and counts[name] == 1:
            ids[key] = name
        elif size == 1:
            ids[key] = None
        else:
            generated = f"{players[key[0] - 1]}:{key[1]}"
            while generated in counts:
                generated += "'"
            ids[key] = generated
    return ids


# -- writing -----------------------------------------------------------------------------------


def format_efg(game: ExtensiveGame) -> str:
    """The text of a Gambit ``.efg`` file holding ``game`` (see the module notes).

    Raises
    ------
    GameFileError
        When a payoff or probability is symbolic: substitute values first (``game.at``).

    Examples
    --------
    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"l": terminal((1, 0), "left"),
    ...                                     "r": terminal((0, 1))}), players=("A", "B"))
    >>> print(format_efg(game))
    EFG 2 R "" { "A" "B" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "l" "r" } 0
    t "" 1 "left" { 1, 0 }
    t "" 2 "" { 0, 1 }
    <BLANKLINE>
    >>> parse_efg(format_efg(game)) == game
    True
    """
    return _format(game, "")


def _format(game: ExtensiveGame, path: str) -> str:
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"expected an ExtensiveGame, got {type(game).__name__}")
    if game.parameters:
        names = ", ".join(symbol.name for symbol in game.parameters)
        example = ", ".join(f"{symbol.name}=..." for symbol in game.parameters)
        raise GameFileError(
            f"the game depends on parameters ({names}): Gambit files hold numbers, so "
            f"substitute values first, e.g. write game.at({example})",
            path=path,
        )
    kind = "R" if game.is_exact else "D"
    players = " ".join(quote(name) for name in game.players)
    lines = [f"EFG 2 {kind} {quote(game.title)} {{ {players} }}", '""', ""]
    infoset_numbers: dict[object, int] = {}
    per_player: dict[str, int] = {}
    outcome_numbers: dict[tuple, int] = {}
    chance_count = 0
    keys = game.infoset_keys
    for index, node in enumerate(game.nodes):
        outcome = _outcome_text(node, outcome_numbers, path)
        if isinstance(node, TerminalNode):
            lines.append(f't "" {outcome}')
        elif isinstance(node, DecisionNode):
            player = game.players.index(node.player) + 1
            key = keys[index]
            if key in infoset_numbers:
                lines.append(f'p "" {player} {infoset_numbers[key]} {outcome}')
                continue
            number = per_player.get(node.player, 0) + 1
            per_player[node.player] = number
            infoset_numbers[key] = number
            name = "" if node.infoset is None else str(node.infoset)
            actions = " ".join(quote(label) for label in node.actions)
            lines.append(f'p "" {player} {number} {quote(name)} {{ {actions} }} {outcome}')
        else:
            chance_count += 1
            branches = " ".join(
                f"{quote(label)} {_number_text(p, path)}"
                for label, p in zip(node.actions, node.probabilities, strict=True)
            )
            lines.append(f'c "" {chance_count} "" {{ {branches} }} {outcome}')
    return "\n".join(lines) + "\n"


def _number_text(value: Number, path: str) -> str:
    if is_symbolic(value):
        raise GameFileError(
            f"the number {value} is not an integer, fraction or float: convert it first",
            path=path,
        )
    return format_number(value)


def _outcome_text(node: Node, numbers: dict[tuple, int], path: str) -> str:
    if node.payoffs is None:
        return "0"
    key = (node.outcome or "", tuple((type(v), v) for v in node.payoffs))
    if key in numbers:
        return str(numbers[key])
    numbers[key] = len(numbers) + 1
    payoffs = ", ".join(_number_text(v, path) for v in node.payoffs)
    return f"{numbers[key]} {quote(node.outcome or '')} {{ {payoffs} }}"


def write_efg(game: ExtensiveGame, path: StrPath) -> None:
    """Write ``game`` to a Gambit ``.efg`` file (see :func:`format_efg`), UTF-8 encoded.

    The text goes to a temporary file in the same directory, which then replaces ``path`` in
    one step (``os.replace``): a failure leaves any previous file untouched.

    Raises
    ------
    GameFileError
        When the game cannot be written as ``.efg`` (symbolic payoffs or probabilities).
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

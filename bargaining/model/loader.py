"""Read a model file: TOML text -> the validated parts of a :class:`~bargaining.model.model.Model`.

Every section is read even when earlier ones have problems, and every problem is recorded
with its key path, so one :class:`~bargaining.model.errors.ModelError` reports all of them.
Formulas and conditions go through :func:`bargaining.expr.parse_expr` only; no text from the
file is ever evaluated. Games are read by the type registered for their ``type`` key (see
:mod:`bargaining.model.game_types`).
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping

import sympy

from bargaining.errors import ParameterError
from bargaining.model import builtin_types  # noqa: F401  (registers the game types it reads)
from bargaining.model.claims import read_claims
from bargaining.model.expressions import read_formula
from bargaining.model.fields import (
    check_keys,
    check_name,
    check_parameter_name,
    describe,
    exact_number,
    read_number,
    read_table,
    read_text,
    read_text_list,
    show_number,
    suggest,
)
from bargaining.model.game_types import GAME_TYPES, GameContext, GameLabels
from bargaining.model.keys import Key
from bargaining.model.limits import check_parameter_count
from bargaining.model.parts import ParameterNotes, Player
from bargaining.model.payoff_checks import check_payoff, check_payoff_table
from bargaining.model.problems import ProblemLog
from bargaining.model.source import parse_document
from bargaining.params import Distribution, Outcome, Parameter, ParameterSpace

__all__ = [
    "MODEL_KEYS",
    "OUTCOME_KEYS",
    "PARAMETER_KEYS",
    "PLAYER_KEYS",
    "SECTIONS",
    "read_model",
]

#: Top-level tables of a model file, in the order they are written.
SECTIONS = ("model", "players", "parameters", "outcomes", "games", "claims")
#: Keys of the ``[model]`` table.
MODEL_KEYS = ("name", "title", "description", "sources", "version")
#: Keys of a ``[players.NAME]`` table.
PLAYER_KEYS = ("description",)
#: Keys of a ``[parameters.NAME]`` table.
PARAMETER_KEYS = (
    "description",
    "range",
    "baseline",
    "unit",
    "tags",
    "distribution",
    "low_means",
    "high_means",
    "baseline_source",
)
#: Keys of an ``[outcomes.NAME]`` table.
OUTCOME_KEYS = ("description", "payoffs")


def read_model(text: str, source: str = "<string>") -> dict[str, object]:
    """Read and validate model-file text: the keyword arguments of
    :class:`~bargaining.model.model.Model` (``Model(**read_model(text))`` is
    :func:`~bargaining.model.model.loads_model`). ``source`` names the text in error messages.

    Raises :class:`~bargaining.model.errors.ModelError` listing every problem of the text.

    >>> fields = read_model('[model]\\nname = "m"\\n[players.A]\\n[games.g]\\ntype = "normal"\\n'
    ...                     'strategies.A = ["x"]\\npayoffs = [[1]]')
    >>> fields["name"], list(fields["games"])
    ('m', ['g'])
    """
    data = parse_document(text, source)
    check_parameter_count(data, source)
    log = ProblemLog(source, text)
    fields = _Reader(log, data, source).model()
    log.raise_if_any()
    return fields


class _Reader:
    """Reads the sections of one parsed file in order, sharing the problem log."""

    def __init__(self, log: ProblemLog, data: dict, source: str) -> None:
        self.log = log
        self.data = data
        self.source = source

    def model(self) -> dict[str, object]:
        self._check_sections()
        info = self._info()
        players = self._players()
        parameters, notes, symbols = self._parameters()
        self.space = parameters  # payoffs are checked on the parameters' box
        outcomes, declared = self._outcomes(tuple(players), symbols)
        games, labels = self._games(tuple(players), outcomes, declared, symbols)
        claims = read_claims(self.log, self.data.get("claims", []), labels, symbols)
        if len(self.log):
            return {}
        return {
            "name": info["name"],
            "players": players,
            "parameters": parameters,
            "outcomes": outcomes,
            "games": games,
            "claims": claims,
            "title": info["title"],
            "description": info["description"],
            "sources": info["sources"],
            "version": info["version"],
            "parameter_notes": notes,
            "source": self.source,
        }

    def _check_sections(self) -> None:
        for name, value in self.data.items():
            if name in SECTIONS:
                continue
            if name in MODEL_KEYS and not isinstance(value, dict):
                hint = f" (put {name} = ... under [model])"
            else:
                hint = suggest(name, SECTIONS)
            self.log.add(
                (name,),
                f"unknown section {name!r}{hint}; a model file has [model], [players.NAME], "
                "[parameters.NAME], [outcomes.NAME], [games.NAME] and [[claims]]",
            )

    def _section(self, name: str, example: str) -> dict:
        """The named top-level table of tables (``{}`` when missing)."""
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            self.log.add((name,), f"expected {example} tables, got {describe(value)}")
            return {}
        entries = {}
        for entry, table in value.items():
            if not isinstance(table, dict):
                self.log.add(
                    (name, entry),
                    f"expected a [{name}.{entry}] table, got {describe(table)}; write "
                    f"[{name}.{entry}] on its own line, followed by its keys",
                )
            else:
                entries[entry] = table
        return entries

    def _info(self) -> dict:
        log, key = self.log, ("model",)
        table = self.data.get("model")
        if not isinstance(table, dict):
            got = "nothing" if table is None else describe(table)
            log.add(key, f'expected a [model] table with at least name = "...", got {got}')
            table = {}
        check_keys(log, table, key, MODEL_KEYS)
        name = read_text(
            log, table, key, "name", required=True, expected='a name (e.g. name = "ceasefire")'
        )
        if name is not None:
            check_name(log, name, (*key, "name"), "model")
        return {
            "name": name,
            "title": read_text(log, table, key, "title"),
            "description": read_text(log, table, key, "description"),
            "sources": read_text_list(log, table, key, "sources", expected="an array of strings"),
            "version": read_text(
                log, table, key, "version", expected='a string (e.g. version = "1")'
            ),
        }

    def _players(self) -> dict[str, Player]:
        players = {}
        for name, table in self._section("players", "[players.NAME]").items():
            key = ("players", name)
            check_keys(self.log, table, key, PLAYER_KEYS)
            description = read_text(self.log, table, key, "description")
            if check_name(self.log, name, key, "player") and description is not None:
                players[name] = Player(name, description)
        if isinstance(self.data.get("players", {}), dict) and not self.data.get("players"):
            self.log.add(("players",), "no players; declare each as [players.NAME]")
        return players

    # -- parameters -----------------------------------------------------------------------------

    def _parameters(
        self,
    ) -> tuple[ParameterSpace, dict[str, ParameterNotes], dict[str, sympy.Symbol]]:
        parameters, notes, symbols = [], {}, {}
        for name, table in self._section("parameters", "[parameters.NAME]").items():
            key = ("parameters", name)
            if not name.isidentifier() or keyword.iskeyword(name):
                self.log.add(
                    key,
                    f"parameter name {name!r} cannot be used in formulas; expected a name of "
                    "letters, digits and _ that does not start with a digit (and is not a "
                    "Python keyword)",
                )
                continue
            if not check_parameter_name(self.log, name, key, self.data["parameters"]):
                continue
            parameter, parameter_notes = self._parameter(name, table, key)
            # A parameter with problems still gets a symbol, so formulas using it do not
            # report it as undeclared on top of its own problems.
            symbols[name] = parameter.symbol if parameter else sympy.Symbol(name, real=True)
            if parameter is not None:
                parameters.append(parameter)
                notes[name] = parameter_notes
        return ParameterSpace(tuple(parameters)), notes, symbols

    def _parameter(
        self, name: str, table: dict, key: Key
    ) -> tuple[Parameter | None, ParameterNotes]:
        log = self.log
        before = len(log)
        check_keys(log, table, key, PARAMETER_KEYS)
        description = read_text(log, table, key, "description")
        unit = read_text(log, table, key, "unit")
        tags = read_text_list(
            log, table, key, "tags", expected='an array of strings (e.g. tags = ["leverage"])'
        )
        notes = ParameterNotes(
            *(
                read_text(log, table, key, note) or ""
                for note in ("low_means", "high_means", "baseline_source")
            )
        )
        low, high = self._range(table, key)
        baseline = read_number(
            log, table, key, "baseline", expected="a number inside the range (e.g. baseline = 0.5)"
        )
        known_range = low is not None and high is not None and low < high
        if baseline is not None and known_range and not low <= baseline <= high:
            log.add(
                (*key, "baseline"),
                f"baseline {show_number(baseline)} is outside the range "
                f"[{show_number(low)}, {show_number(high)}]",
            )
        distribution = self._distribution(table, key)
        if len(log) > before:
            return None, notes
        try:
            parameter = Parameter(
                name, low, high, baseline, description, unit, frozenset(tags), distribution
            )
        except ParameterError as error:
            log.add(key, str(error))
            return None, notes
        return parameter, notes

    def _range(self, table: dict, key: Key) -> tuple:
        log, where = self.log, (*key, "range")
        expected = "range = [low, high], two numbers (e.g. range = [0, 1])"
        value = table.get("range")
        if value is None:
            log.add(where, f"missing; expected {expected}")
            return None, None
        if not isinstance(value, list) or len(value) != 2:
            got = f"{len(value)} entries" if isinstance(value, list) else describe(value)
            log.add(where, f"expected {expected}, got {got}")
            return None, None
        low, high = (
            exact_number(log, item, (*where, i), "a number") for i, item in enumerate(value)
        )
        if low is not None and high is not None and not low < high:
            shown = f"[{show_number(low)}, {show_number(high)}]"
            if low == high:
                log.add(where, f"empty range {shown}; expected low < high")
            else:
                swapped = f"[{show_number(high)}, {show_number(low)}]"
                log.add(where, f"inverted range {shown}; expected low < high, e.g. {swapped}")
        return low, high

    def _distribution(self, table: dict, key: Key) -> Distribution | None:
        log, where = self.log, (*key, "distribution")
        value = read_table(
            log,
            table,
            key,
            "distribution",
            expected='a table (e.g. { kind = "beta", alpha = 2, beta = 5 })',
        )
        if not value:
            return None
        kind = read_text(
            log, value, where, "kind", required=True, expected='a kind (e.g. kind = "beta")'
        )
        arguments = {}
        for name, item in value.items():
            if name != "kind":
                number = exact_number(log, item, (*where, name), "a number")
                if number is not None:
                    arguments[name] = number
        if kind is None or len(arguments) < len(value) - 1:
            return None
        try:
            return Distribution(kind, arguments)
        except ParameterError as error:
            log.add(where, str(error))
            return None

    # -- outcomes -------------------------------------------------------------------------------

    def _outcomes(
        self, players: tuple[str, ...], symbols: Mapping[str, sympy.Symbol]
    ) -> tuple[dict[str, Outcome], frozenset[str]]:
        outcomes = {}
        section = self._section("outcomes", "[outcomes.NAME]")
        for name, table in section.items():
            key = ("outcomes", name)
            before = len(self.log)
            check_name(self.log, name, key, "outcome")
            check_keys(self.log, table, key, OUTCOME_KEYS)
            description = read_text(self.log, table, key, "description")
            payoffs = self._payoffs(table, key, players, symbols)
            if len(self.log) > before:
                continue
            try:
                outcomes[name] = Outcome(name, payoffs, description)
            except ParameterError as error:
                self.log.add((*key, "payoffs"), str(error))
        return outcomes, frozenset(section)

    def _payoffs(
        self, table: dict, key: Key, players: tuple[str, ...], symbols: Mapping[str, sympy.Symbol]
    ) -> dict[str, sympy.Expr]:
        log, where = self.log, (*key, "payoffs")
        example = ", ".join(f'{p} = "..."' for p in players[:2]) or 'A = "..."'
        value = table.get("payoffs")
        if not isinstance(value, dict):
            got = "nothing" if value is None else describe(value)
            log.add(
                where,
                "expected a table of payoffs, one per player "
                f"(e.g. payoffs = {{ {example} }}), got {got}",
            )
            return {}
        payoffs = {}
        for player, formula in value.items():
            if player not in players:
                log.add(
                    (*where, player),
                    f"payoff for unknown player {player!r}{suggest(player, players)}; the "
                    f"players are: {', '.join(players) or 'none declared'}",
                )
                continue
            parsed = read_formula(log, formula, (*where, player), symbols)
            if parsed is not None and check_payoff(log, parsed, (*where, player), self.space):
                payoffs[player] = parsed
        missing = [player for player in players if player not in value]
        if missing:
            log.add(
                where,
                f"no payoff for {', '.join(missing)}; every outcome gives a payoff to each "
                f"player ({', '.join(players)})",
            )
        return {player: payoffs[player] for player in players if player in payoffs}

    # -- games ----------------------------------------------------------------------------------

    def _games(
        self,
        players: tuple[str, ...],
        outcomes: Mapping[str, Outcome],
        declared: frozenset[str],
        symbols: Mapping[str, sympy.Symbol],
    ) -> tuple[dict[str, object], dict[str, GameLabels | None]]:
        context = GameContext(self.log, players, outcomes, declared, symbols, self.space)
        games, labels = {}, {}
        section = self._section("games", "[games.NAME]")
        if isinstance(self.data.get("games", {}), dict) and not self.data.get("games"):
            self.log.add(("games",), 'no games; declare one as [games.NAME] with type = "normal"')
        for name, table in section.items():
            key = ("games", name)
            labels[name] = None
            if not check_name(self.log, name, key, "game"):
                continue
            known = ", ".join(sorted(GAME_TYPES))
            kind = read_text(
                self.log,
                table,
                key,
                "type",
                required=True,
                expected=f'the game type (e.g. type = "normal"; known types: {known})',
            )
            if kind is None:
                continue
            game_type = GAME_TYPES.get(kind)
            if game_type is None:
                self.log.add(
                    (*key, "type"),
                    f"unknown game type {kind!r}{suggest(kind, GAME_TYPES)}; known types: {known}",
                )
                continue
            check_keys(self.log, table, key, ("type", *game_type.keys))
            game = game_type.read(context, table, key)
            if game is not None:
                games[name] = game
                labels[name] = game_type.labels(game)
                if kind == "normal" and "payoffs" in table:
                    check_payoff_table(self.log, game.payoffs, (*key, "payoffs"), self.space)
        return games, labels

"""Claims: what the analyst says a model implies, stated in the file and checked later.

A ``[[claims]]`` entry names a game, an optional condition on the parameters (``given``), an
expectation (``expect``) and whether it must hold in ``"all"`` equilibria or in ``"some"``::

    [[claims]]
    name = "strong leverage: no ceasefire"
    game = "talks"
    given = "L >= 0.8"
    expect = "prob('ceasefire') == 0"
    in = "all"

Representation
--------------
``given`` is a sympy boolean in the parameter symbols (``Parameter.symbol``). ``expect`` is a
sympy boolean that may also contain these applied functions, each standing for a quantity of
one equilibrium (or of the equilibrium set) that a checker substitutes:

=====================================  ===================================================
written in the file                    sympy object (its arguments are plain ``Symbol``\\ s)
=====================================  ===================================================
``prob('war')``                        ``PROB(Symbol('war'))``: probability of the outcome
``payoff('Russia')``                   ``PAYOFF(Symbol('Russia'))``: expected payoff
``plays('Russia', 'accept')``          ``PLAYS(Symbol('Russia'), Symbol('accept'))``:
                                       probability that the player plays the strategy
``count()``                            ``COUNT()``: number of equilibria of the game
=====================================  ===================================================

:data:`PROB`, :data:`PAYOFF`, :data:`PLAYS` and :data:`COUNT` are the sympy function classes;
find the terms with ``expr.atoms(sympy.core.function.AppliedUndef)``, read the names from
``term.args[i].name`` and substitute values with ``expr.xreplace({term: value, ...})``. The
argument symbols carry no assumptions, so they never equal a parameter symbol (which is real).
The names were checked against the model when the file was read: the outcome against the
outcomes the claim's game can end in, the player against the game's players, the strategy
against that player's strategies. ``mediator_max``, ``mediator_min`` and ``qre_prob`` speak of
correlated equilibria and logit QRE (:mod:`bargaining.model.claim_terms`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sympy
from sympy.logic.boolalg import Boolean

from bargaining.errors import ExpressionError
from bargaining.model.claim_terms import concept_claim_functions
from bargaining.model.expressions import read_condition
from bargaining.model.fields import check_keys, check_name, describe, read_text, suggest
from bargaining.model.game_types import GameLabels
from bargaining.model.keys import Key
from bargaining.model.problems import ProblemLog

__all__ = [
    "CLAIM_KEYS",
    "COUNT",
    "PAYOFF",
    "PLAYS",
    "PROB",
    "QUANTIFIERS",
    "Claim",
    "claim_functions",
    "read_claims",
]

#: ``prob('outcome')``: the probability of an outcome in an equilibrium.
PROB = sympy.Function("prob", real=True)
#: ``payoff('player')``: a player's expected payoff in an equilibrium.
PAYOFF = sympy.Function("payoff", real=True)
#: ``plays('player', 'strategy')``: the probability that a player plays a strategy.
PLAYS = sympy.Function("plays", real=True)
#: ``count()``: the number of equilibria of the game.
COUNT = sympy.Function("count", integer=True, nonnegative=True)

#: What ``in`` may say: the expectation holds in all equilibria, or in some equilibrium.
QUANTIFIERS = ("all", "some")
#: Keys of a ``[[claims]]`` table.
CLAIM_KEYS = ("name", "game", "given", "expect", "in", "description")


@dataclass(frozen=True)
class Claim:
    """A statement the model should make true; checked by ``bargaining check``.

    Attributes
    ----------
    name:
        A unique, readable name ("mutual defection is the only equilibrium").
    game:
        The game it is about.
    expect:
        The expectation, a sympy boolean (see the module docstring for its functions).
    given:
        The condition on the parameters under which it should hold; ``None`` for everywhere
        in the parameter ranges.
    quantifier:
        ``"all"``: in every equilibrium; ``"some"``: in at least one.
    description:
        Why the analyst expects it.

    Examples
    --------
    >>> claim = Claim("no war", "talks", sympy.Eq(PROB(sympy.Symbol("war")), 0))
    >>> claim.expect
    Eq(prob(war), 0)
    """

    name: str
    game: str
    expect: Boolean
    given: Boolean | None = None
    quantifier: str = "all"
    description: str = ""


def claim_functions(labels: GameLabels | None, text: str) -> dict[str, Callable[..., sympy.Basic]]:
    """The functions an ``expect`` condition may call, checking names against ``labels``.

    ``text`` is the condition being parsed; it is used to point error messages at the name.
    With ``labels=None`` (the claim's game could not be read) only the number and kind of
    arguments are checked, so the rest of the condition is still checked.

    >>> labels = GameLabels({"A": ("talk", "fight")}, frozenset({"deal", "war"}))
    >>> functions = claim_functions(labels, "plays('A', 'flee') > 0")
    >>> functions["prob"]("war")
    prob(war)
    >>> functions["plays"]("A", "flee")
    Traceback (most recent call last):
    ...
    bargaining.errors.ExpressionError: unknown strategy 'flee' of player 'A'; ... at column 12 ...
    """

    def refuse(message: str, name: str | None = None) -> ExpressionError:
        # Point at the quoted name in the text, the argument the message is about.
        column = None
        if name is not None:
            for quoted in (repr(name), f'"{name}"'):
                if quoted in text:
                    column = text.index(quoted) + 1
                    break
        return ExpressionError(message, text=text, column=column, token=name)

    def names(function: str, given: tuple, wanted: tuple[str, ...]) -> tuple[str, ...]:
        usage = f"{function}({', '.join(repr(w) for w in wanted)})"
        if len(given) != len(wanted) or not all(isinstance(g, str) for g in given):
            shown = ", ".join(str(g) for g in given)
            raise refuse(
                f"{function}() takes {len(wanted) or 'no'} quoted name"
                f"{'' if len(wanted) == 1 else 's'}, as in {usage}; got ({shown})"
            )
        return given

    def player(name: str) -> str:
        if labels is not None and name not in labels.strategies:
            known = ", ".join(labels.strategies)
            raise refuse(
                f"unknown player {name!r}{suggest(name, labels.strategies)}; "
                f"the game's players are: {known}",
                name,
            )
        return name

    def outcome_name(function: str, arguments: tuple) -> str:
        (outcome,) = names(function, arguments, ("outcome",))
        if labels is not None and labels.outcomes is None:
            raise refuse(
                f"{function}() needs a game whose table names outcomes; this game gives "
                "payoffs directly",
                outcome,
            )
        if labels is not None and outcome not in labels.outcomes:
            known = ", ".join(sorted(labels.outcomes))
            raise refuse(
                f"unknown outcome {outcome!r}{suggest(outcome, labels.outcomes)}; "
                f"the game's outcomes are: {known}",
                outcome,
            )
        return outcome

    def prob(*arguments: object) -> sympy.Basic:
        return PROB(sympy.Symbol(outcome_name("prob", arguments)))

    def payoff(*arguments: object) -> sympy.Basic:
        (name,) = names("payoff", arguments, ("player",))
        return PAYOFF(sympy.Symbol(player(name)))

    def plays(*arguments: object) -> sympy.Basic:
        name, strategy = names("plays", arguments, ("player", "strategy"))
        player(name)
        if labels is not None and strategy not in labels.strategies[name]:
            strategies = labels.strategies[name]
            raise refuse(
                f"unknown strategy {strategy!r} of player {name!r}"
                f"{suggest(strategy, strategies)}; {name}'s strategies are: "
                f"{', '.join(strategies)}",
                strategy,
            )
        return PLAYS(sympy.Symbol(name), sympy.Symbol(strategy))

    def count(*arguments: object) -> sympy.Basic:
        names("count", arguments, ())
        return COUNT()

    return {
        "prob": prob,
        "payoff": payoff,
        "plays": plays,
        "count": count,
        **concept_claim_functions(outcome_name, refuse),
    }


def read_claims(
    log: ProblemLog,
    value: object,
    games: Mapping[str, GameLabels | None],
    symbols: Mapping[str, sympy.Symbol],
) -> tuple[Claim, ...]:
    """Read the ``[[claims]]`` array, recording a problem for everything wrong in it.

    ``games`` maps each declared game to its labels, or to ``None`` when the game itself had
    problems (its claims are then checked only as far as possible, without repeating those).

    >>> labels = {"talks": GameLabels({"A": ("talk", "fight")}, frozenset({"deal", "war"}))}
    >>> (claim,) = read_claims(
    ...     ProblemLog("m.toml"), [{"name": "no war", "expect": "prob('war') == 0"}], labels, {}
    ... )
    >>> claim.game, claim.expect, claim.quantifier
    ('talks', Eq(prob(war), 0), 'all')
    """
    if not isinstance(value, list):
        log.add(("claims",), f"expected [[claims]] tables, got {describe(value)}")
        return ()
    claims, seen = [], {}
    for index, table in enumerate(value):
        key: Key = ("claims", index)
        if not isinstance(table, dict):
            log.add(key, f"expected a [[claims]] table, got {describe(table)}")
            continue
        claim = _read_claim(log, table, key, games, symbols)
        if claim is None:
            continue
        if claim.name in seen:
            log.add(
                (*key, "name"),
                f"duplicate claim name {claim.name!r} (also claims[{seen[claim.name]}])",
            )
            continue
        seen[claim.name] = index
        claims.append(claim)
    return tuple(claims)


def _read_claim(
    log: ProblemLog,
    table: dict,
    key: Key,
    games: Mapping[str, GameLabels | None],
    symbols: Mapping[str, sympy.Symbol],
) -> Claim | None:
    before = len(log)
    check_keys(log, table, key, CLAIM_KEYS)
    name = read_text(
        log, table, key, "name", required=True, expected='a name (e.g. name = "no war")'
    )
    if name is not None:
        check_name(log, name, (*key, "name"), "claim")
    description = read_text(log, table, key, "description")
    quantifier = read_text(log, table, key, "in", expected='"all" or "some"') or "all"
    if quantifier not in QUANTIFIERS:
        log.add((*key, "in"), f'expected "all" or "some", got {quantifier!r}')
    game = _claim_game(log, table, key, games)
    given = None
    if "given" in table:
        given = read_condition(log, table["given"], (*key, "given"), symbols)
    expect = None
    # Without a readable game the names in expect cannot be checked, only its syntax.
    labels = games.get(game) if game is not None else None
    if "expect" not in table:
        log.add(
            (*key, "expect"), "missing; expected a condition such as expect = \"prob('war') == 0\""
        )
    else:
        text = table["expect"]
        functions = claim_functions(labels, text) if isinstance(text, str) else None
        expect = read_condition(log, text, (*key, "expect"), symbols, functions)
    if len(log) > before or expect is None:
        return None
    return Claim(name, game, expect, given, quantifier, description)


def _claim_game(
    log: ProblemLog, table: dict, key: Key, games: Mapping[str, GameLabels | None]
) -> str | None:
    if "game" not in table:
        if len(games) == 1:
            return next(iter(games))
        log.add(
            (*key, "game"), f"missing; the model has several games, name one of: {', '.join(games)}"
        )
        return None
    game = read_text(log, table, key, "game", expected="the name of a game")
    if game is not None and game not in games:
        log.add(
            (*key, "game"),
            f"unknown game {game!r}{suggest(game, games)}; the model's games are: "
            f"{', '.join(games) or 'none'}",
        )
        return None
    return game

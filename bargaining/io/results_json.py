"""Equilibria as JSON that reads back exactly: fractions as ``"p/q"`` strings, floats as numbers.

The document::

    {
      "format": "bargaining.equilibria",
      "version": 1,
      "game": "talks",
      "parameters": {"L": "7/10", "W": "1/2"},
      "equilibria": [
        {
          "strategies": {"Russia": {"accept": 0, "condition": 1, "reject": 0}, ...},
          "payoffs": {"Russia": "81/200", ...},
          "outcome_probabilities": {"ceasefire": 0, "talk_and_fight": 1, ...},
          "method": "vertex enumeration"
        }
      ]
    }

Numbers keep their kind: an ``int`` is a JSON integer, a ``Fraction`` a string ``"p/q"`` and a
``float`` a JSON number with a decimal point or exponent (Python writes the shortest text that
reads back as the same float). An irrational probability of an n-player equilibrium (a
:class:`~bargaining.algebraic.RealAlgebraic`) is an object ``{"algebraic": {"minpoly": [...],
"root_index": k, "polynomial": [...], "text": "...", "float": ...}}``: the value of
``polynomial`` at the ``k``-th real root of ``minpoly`` (ascending coefficients, exact
fraction strings), read back exactly; ``text`` and ``float`` are for people. An equilibrium
that is a point of a continuum has ``"continuum": true``. Objects keep the order of players,
strategies and outcomes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction

from bargaining.algebraic import RealAlgebraic
from bargaining.errors import BargainingError
from bargaining.numbers import Number
from bargaining.solvers.equilibrium import Equilibrium

__all__ = [
    "FORMAT",
    "VERSION",
    "ResultsFormatError",
    "equilibria_from_json",
    "equilibria_to_json",
]

#: The value of the document's ``"format"`` key.
FORMAT = "bargaining.equilibria"
#: The version of the document layout this module writes and reads.
VERSION = 1

_FRACTION = re.compile(r"-?\d{1,4000}/\d{1,4000}")


class ResultsFormatError(BargainingError):
    """A JSON results document is malformed, or a value cannot be written exactly."""


def equilibria_to_json(
    equilibria: Iterable[Equilibrium],
    *,
    game: str | None = None,
    parameters: Mapping[str, Number] | None = None,
    indent: int | None = 2,
) -> str:
    """Write equilibria (and where they came from) as a JSON document.

    Parameters
    ----------
    equilibria:
        The equilibria, e.g. from :func:`~bargaining.solvers.nash_equilibria`.
    game:
        The name of the game they solve, recorded as ``"game"``.
    parameters:
        The parameter values they were solved at, recorded as ``"parameters"``.
    indent:
        JSON indentation; ``None`` for one line.

    Raises
    ------
    ResultsFormatError
        For values that are not int, Fraction or finite float (symbolic expressions).

    Examples
    --------
    >>> from bargaining import NormalFormGame, nash_equilibria
    >>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> text = equilibria_to_json(nash_equilibria(pennies), game="pennies", indent=None)
    >>> text[:70]
    '{"format": "bargaining.equilibria", "version": 1, "game": "pennies", "'
    >>> equilibria_from_json(text) == nash_equilibria(pennies)
    True
    """
    document: dict[str, object] = {"format": FORMAT, "version": VERSION, "game": game}
    if parameters is not None:
        document["parameters"] = {
            str(name): _encode(value, f"parameters.{name}") for name, value in parameters.items()
        }
    document["equilibria"] = [
        _encode_equilibrium(equilibrium, f"equilibria[{index}]")
        for index, equilibrium in enumerate(equilibria)
    ]
    return json.dumps(document, indent=indent, ensure_ascii=False, allow_nan=False)


def equilibria_from_json(text: str) -> list[Equilibrium]:
    """Read the equilibria of a document written by :func:`equilibria_to_json`.

    Raises
    ------
    ResultsFormatError
        When the text is not such a document, naming the first wrong entry.

    Examples
    --------
    >>> equilibria_from_json('{"format": "bargaining.equilibria", "version": 2}')
    Traceback (most recent call last):
    ...
    bargaining.io.results_json.ResultsFormatError: version: this reader knows version 1, got 2
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ResultsFormatError(f"not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ResultsFormatError(f'not a results document: expected "format": "{FORMAT}"')
    if document.get("version") != VERSION:
        raise ResultsFormatError(
            f"version: this reader knows version {VERSION}, got {document.get('version')!r}"
        )
    items = document.get("equilibria")
    if not isinstance(items, list):
        raise ResultsFormatError("equilibria: expected an array")
    return [_decode_equilibrium(item, f"equilibria[{index}]") for index, item in enumerate(items)]


_RATIONAL = re.compile(r"-?\d{1,4000}(/\d{1,4000})?")
_MAX_ALGEBRAIC_DEGREE = 256  # far above any support system's; bounds work on untrusted files


def _encode(value: object, where: str) -> int | float | str | dict:
    if isinstance(value, RealAlgebraic):
        return {"algebraic": value.to_json()}
    if isinstance(value, bool):
        raise ResultsFormatError(f"{where}: expected a number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return (
            value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
        )
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise ResultsFormatError(
        f"{where}: cannot write {value!r} exactly; expected an int, a Fraction, a finite float "
        "or a RealAlgebraic"
    )


def _decode_algebraic(value: dict, where: str) -> Number:
    """An exact algebraic number from its JSON object, checked before any work is done."""
    data = _object(value.get("algebraic"), f"{where}.algebraic")
    fields: dict[str, list] = {}
    for key in ("minpoly", "polynomial"):
        coefficients = data.get(key)
        if (
            not isinstance(coefficients, list)
            or not 0 < len(coefficients) <= _MAX_ALGEBRAIC_DEGREE + 1
            or not all(isinstance(c, str) and _RATIONAL.fullmatch(c) for c in coefficients)
            or any(c.endswith("/0") for c in coefficients)
        ):
            raise ResultsFormatError(
                f"{where}.algebraic.{key}: expected a list of at most {_MAX_ALGEBRAIC_DEGREE + 1} "
                f'exact fractions "p/q" (ascending coefficients)'
            )
        fields[key] = coefficients
    index = data.get("root_index")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ResultsFormatError(f"{where}.algebraic.root_index: expected an integer >= 0")
    try:
        return RealAlgebraic.from_json(
            {"minpoly": fields["minpoly"], "root_index": index, "polynomial": fields["polynomial"]}
        )
    except (BargainingError, IndexError, ZeroDivisionError) as error:
        raise ResultsFormatError(
            f"{where}.algebraic: not a real root of its polynomial ({error or 'no such root'})"
        ) from None


def _decode(value: object, where: str) -> Number:
    if isinstance(value, dict) and "algebraic" in value:
        return _decode_algebraic(value, where)
    if isinstance(value, bool):
        raise ResultsFormatError(f"{where}: expected a number, got {json.dumps(value)}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ResultsFormatError(f"{where}: expected a finite number, got {value!r}")
        return value
    if isinstance(value, str) and _FRACTION.fullmatch(value):
        numerator, denominator = value.split("/")
        if int(denominator) != 0:
            exact = Fraction(int(numerator), int(denominator))
            return exact.numerator if exact.denominator == 1 else exact
    raise ResultsFormatError(
        f'{where}: expected an integer, a float or an exact fraction "p/q", got {json.dumps(value)}'
    )


def _encode_equilibrium(equilibrium: Equilibrium, where: str) -> dict[str, object]:
    strategies = {}
    for player, labels, vector in zip(
        equilibrium.players, equilibrium.strategy_labels, equilibrium.strategies, strict=True
    ):
        strategies[player] = {
            label: _encode(p, f"{where}.strategies.{player}.{label}")
            for label, p in zip(labels, vector, strict=True)
        }
    return {
        "strategies": strategies,
        "payoffs": {
            player: _encode(value, f"{where}.payoffs.{player}")
            for player, value in zip(equilibrium.players, equilibrium.payoffs, strict=True)
        },
        "outcome_probabilities": {
            outcome: _encode(p, f"{where}.outcome_probabilities.{outcome}")
            for outcome, p in equilibrium.outcome_probabilities
        },
        "method": equilibrium.method,
        **({"continuum": True} if equilibrium.continuum else {}),
    }


def _object(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise ResultsFormatError(f"{where}: expected an object")
    return value


def _decode_equilibrium(item: object, where: str) -> Equilibrium:
    item = _object(item, where)
    strategies = _object(item.get("strategies"), f"{where}.strategies")
    players, labels, vectors = [], [], []
    for player, vector in strategies.items():
        vector = _object(vector, f"{where}.strategies.{player}")
        players.append(player)
        labels.append(tuple(vector))
        vectors.append(
            tuple(_decode(p, f"{where}.strategies.{player}.{label}") for label, p in vector.items())
        )
    payoffs = _object(item.get("payoffs"), f"{where}.payoffs")
    if list(payoffs) != players:
        raise ResultsFormatError(
            f"{where}.payoffs: expected one payoff per player ({', '.join(players)}), "
            f"got {', '.join(payoffs) or 'none'}"
        )
    outcomes = _object(item.get("outcome_probabilities", {}), f"{where}.outcome_probabilities")
    method = item.get("method", "")
    if not isinstance(method, str):
        raise ResultsFormatError(f"{where}.method: expected a string")
    return Equilibrium(
        strategies=tuple(vectors),
        payoffs=tuple(_decode(v, f"{where}.payoffs.{p}") for p, v in payoffs.items()),
        players=tuple(players),
        strategy_labels=tuple(labels),
        outcome_probabilities=tuple(
            (name, _decode(p, f"{where}.outcome_probabilities.{name}"))
            for name, p in outcomes.items()
        ),
        method=method,
        continuum=item.get("continuum", False) is True,
    )

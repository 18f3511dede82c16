"""The on-disk form of a parametric solution: JSON data, read back without running any code.

A cache file must never be able to do more than a model file can, so it holds plain JSON: each
expression is a small tree of whitelisted node kinds (``["add", [...]]``, ``["sym", "L"]``,
``["rat", "1", "3"]``, ...) rebuilt with sympy's constructors, symbols only from the parameter
space, no ``eval``, no pickle, no ``sympify`` of text. Trees are rebuilt unevaluated so that they
come back structurally identical; :func:`encode_solution` refuses (``ValueError``) anything it
cannot bring back exactly, checking the round trip before a file is written.

>>> import sympy
>>> from bargaining.params import Parameter, ParameterSpace
>>> space = ParameterSpace([Parameter("L", 0, 1, 0.5)])
>>> L = space.symbols["L"]
>>> encode_expression(1 - L / 3)
['add', [['int', '1'], ['mul', [['rat', '-1', '3'], ['sym', 'L']]]]]
>>> decode_expression(encode_expression(1 - L / 3), space.symbols) == 1 - L / 3
True
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import sympy

from bargaining.analysis.parametric_tree import SubgamePerfectPiece
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface

__all__ = [
    "decode_expression",
    "decode_solution_fields",
    "encode_expression",
    "encode_solution",
]

#: Deepest expression tree written or read (sympy trees of solutions are far shallower).
MAX_DEPTH = 200
#: Most digits of an integer read back (Python refuses longer ones in ``int()`` anyway).
MAX_DIGITS = 4000

_FUNCTIONS = {"exp": sympy.exp, "log": sympy.log, "Abs": sympy.Abs, "Min": sympy.Min}
_FUNCTIONS["Max"] = sympy.Max
_CONSTANTS = {
    "nan": sympy.nan,
    "zoo": sympy.zoo,
    "oo": sympy.oo,
    "-oo": -sympy.oo,
    "E": sympy.E,
    "pi": sympy.pi,
}
_NODES = {"add": sympy.Add, "mul": sympy.Mul}


def encode_expression(value: object, depth: int = 0) -> list:
    """A sympy expression (or a Python int or Fraction) as a JSON-ready tree.

    Raises
    ------
    ValueError
        A node kind outside the whitelist, or a tree deeper than :data:`MAX_DEPTH`.
    """
    if depth > MAX_DEPTH:
        raise ValueError("expression too deep for the cache")
    if isinstance(value, bool):
        raise ValueError("a bool is not an expression")
    if isinstance(value, int):
        return ["pyint", str(value)]
    if isinstance(value, Fraction):
        return ["pyfrac", str(value.numerator), str(value.denominator)]
    if not isinstance(value, sympy.Basic):
        raise ValueError(f"cannot cache a {type(value).__name__}")
    for name, constant in _CONSTANTS.items():
        if value == constant:
            return [name]
    if value.is_Symbol:
        return ["sym", value.name]
    if value.is_Integer:
        return ["int", str(value)]
    if value.is_Rational:
        return ["rat", str(value.p), str(value.q)]
    if value.is_Float:
        return ["float", str(value), value._prec]
    if value.is_Pow:
        return ["pow", *(encode_expression(a, depth + 1) for a in value.args)]
    for name, kind in _NODES.items():
        if type(value) is kind:
            return [name, [encode_expression(a, depth + 1) for a in value.args]]
    for name, function in _FUNCTIONS.items():
        if type(value) is function:
            return ["fn", name, [encode_expression(a, depth + 1) for a in value.args]]
    raise ValueError(f"cannot cache a {type(value).__name__} node")


def decode_expression(tree: object, symbols: Mapping[str, sympy.Symbol], depth: int = 0):
    """Rebuild what :func:`encode_expression` wrote, with the given symbols.

    Raises
    ------
    ValueError
        Anything but a well-formed tree of whitelisted nodes over known symbols.
    """
    if depth > MAX_DEPTH or not isinstance(tree, list) or not tree:
        raise ValueError("malformed expression in the cache")
    kind, *rest = tree
    if not isinstance(kind, str):
        raise ValueError("malformed expression in the cache")
    if kind in _CONSTANTS and not rest:
        return _CONSTANTS[kind]
    if kind == "sym" and len(rest) == 1 and rest[0] in symbols:
        return symbols[rest[0]]
    if kind in ("int", "pyint") and len(rest) == 1:
        number = _integer(rest[0])
        return number if kind == "pyint" else sympy.Integer(number)
    if kind in ("rat", "pyfrac") and len(rest) == 2:
        p, q = _integer(rest[0]), _integer(rest[1])
        if q <= 0:
            raise ValueError("malformed number in the cache")
        return Fraction(p, q) if kind == "pyfrac" else sympy.Rational(p, q)
    if kind == "float" and len(rest) == 2 and isinstance(rest[0], str):
        if not isinstance(rest[1], int) or not 1 <= rest[1] <= 10_000 or len(rest[0]) > 10_000:
            raise ValueError("malformed float in the cache")
        return sympy.Float(rest[0], precision=rest[1])
    if kind == "pow" and len(rest) == 2:
        base, exponent = (decode_expression(a, symbols, depth + 1) for a in rest)
        return sympy.Pow(base, exponent, evaluate=False)
    if kind in _NODES and len(rest) == 1 and isinstance(rest[0], list):
        args = [decode_expression(a, symbols, depth + 1) for a in rest[0]]
        return _NODES[kind](*args, evaluate=False)
    if kind == "fn" and len(rest) == 2 and rest[0] in _FUNCTIONS and isinstance(rest[1], list):
        args = [decode_expression(a, symbols, depth + 1) for a in rest[1]]
        return _FUNCTIONS[rest[0]](*args, evaluate=False)
    raise ValueError(f"unknown expression node {kind!r} in the cache")


def _integer(text: object) -> int:
    if not isinstance(text, str) or not 0 < len(text) <= MAX_DIGITS:
        raise ValueError("malformed number in the cache")
    try:
        return int(text)
    except ValueError:
        raise ValueError("malformed number in the cache") from None


def encode_solution(solution) -> dict:
    """The fields of a :class:`~bargaining.analysis.solution.ParametricSolution` that the
    solver computed (all but its game and space, which the cache key already pins down), as
    JSON-ready data.

    Raises
    ------
    ValueError
        When some expression cannot be written, or would not come back identical.
    """
    data = {
        "concept": solution.concept,
        "complete": bool(solution.complete),
        "note": solution.note,
        "unresolved": [[list(support) for support in profile] for profile in solution.unresolved],
        "labels": [list(labels) for labels in solution.labels],
        "pieces": [_encode_piece(piece) for piece in solution.pieces],
        "ties": [[encode_expression(e) for e in tie.expressions] for tie in solution.ties],
    }
    back = decode_solution_fields(data, solution.space.symbols)
    fields = ("concept", "complete", "note", "unresolved", "labels")
    if back["pieces"] != solution.pieces or back["ties"] != solution.ties:
        raise ValueError("the solution would not come back identical from the cache")
    if any(back[name] != getattr(solution, name) for name in fields):
        raise ValueError("the solution would not come back identical from the cache")
    if not _same_types(back["pieces"], solution.pieces):
        raise ValueError("the solution's numbers would change type in the cache")
    return data


def _encode_piece(piece: ParametricEquilibrium) -> dict:
    def many(values) -> list:
        return [encode_expression(value) for value in values]

    tree = {}
    if type(piece) is SubgamePerfectPiece:
        tree = {"actions": list(piece.actions), "choices": [list(c) for c in piece.choices]}
    elif type(piece) is not ParametricEquilibrium:
        raise ValueError(f"cannot cache a {type(piece).__name__}")
    return {
        **tree,
        "strategies": [many(vector) for vector in piece.strategies],
        "payoffs": many(piece.payoffs),
        "conditions": many(piece.conditions),
        "singular": many(piece.singular),
        "supports": [list(support) for support in piece.supports],
        "outcomes": [[name, encode_expression(p)] for name, p in piece.outcome_probabilities],
    }


def decode_solution_fields(data: object, symbols: Mapping[str, sympy.Symbol]) -> dict:
    """The keyword arguments of a parametric solution (without game and space) from what
    :func:`encode_solution` wrote.

    Raises
    ------
    ValueError
        Anything malformed.
    """
    if not isinstance(data, dict):
        raise ValueError("malformed solution in the cache")
    try:
        concept, complete, note = data["concept"], data["complete"], data["note"]
        if not (isinstance(concept, str) and isinstance(complete, bool) and isinstance(note, str)):
            raise ValueError("malformed solution in the cache")
        return {
            "concept": concept,
            "complete": complete,
            "note": note,
            "unresolved": tuple(
                tuple(tuple(_indices(support)) for support in _list(profile))
                for profile in _list(data["unresolved"])
            ),
            "labels": tuple(tuple(_strings(labels)) for labels in _list(data["labels"])),
            "pieces": tuple(_decode_piece(piece, symbols) for piece in _list(data["pieces"])),
            "ties": tuple(
                TieSurface(tuple(decode_expression(e, symbols) for e in _list(tie)))
                for tie in _list(data["ties"])
            ),
        }
    except (KeyError, TypeError) as error:
        raise ValueError(f"malformed solution in the cache: {error}") from None


def _decode_piece(data: object, symbols: Mapping[str, sympy.Symbol]) -> ParametricEquilibrium:
    if not isinstance(data, dict):
        raise ValueError("malformed piece in the cache")

    def many(values) -> tuple:
        return tuple(decode_expression(value, symbols) for value in _list(values))

    supports = tuple(tuple(_indices(support)) for support in _list(data["supports"]))
    outcomes = []
    for pair in _list(data["outcomes"]):
        name, probability = _list(pair)
        outcomes.append((_strings([name])[0], decode_expression(probability, symbols)))
    fields = {
        "strategies": tuple(many(vector) for vector in _list(data["strategies"])),
        "payoffs": many(data["payoffs"]),
        "conditions": many(data["conditions"]),
        "singular": many(data["singular"]),
        "supports": supports,
        "outcome_probabilities": tuple(outcomes),
    }
    if "actions" not in data:
        return ParametricEquilibrium(**fields)
    actions = _list(data["actions"])
    if not all(a is None or (isinstance(a, int) and not isinstance(a, bool)) for a in actions):
        raise ValueError("malformed piece in the cache")
    choices = tuple(tuple(_strings(pair)) for pair in _list(data["choices"]))
    if any(len(pair) != 2 for pair in choices):
        raise ValueError("malformed piece in the cache")
    return SubgamePerfectPiece(**fields, actions=tuple(actions), choices=choices)


def _list(value: object) -> list:
    if not isinstance(value, list):
        raise ValueError("malformed solution in the cache")
    return value


def _strings(values: object) -> list[str]:
    if not all(isinstance(value, str) for value in _list(values)):
        raise ValueError("malformed solution in the cache")
    return values


def _indices(values: object) -> list[int]:
    items = _list(values)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in items):
        raise ValueError("malformed solution in the cache")
    return items


def _same_types(first: object, second: object) -> bool:
    """Whether two nested tuples hold values of the same types (``1`` and ``Integer(1)`` are
    equal but behave differently)."""
    if isinstance(first, tuple | list) and isinstance(second, tuple | list):
        return len(first) == len(second) and all(
            _same_types(a, b) for a, b in zip(first, second, strict=True)
        )
    if isinstance(first, ParametricEquilibrium) and isinstance(second, ParametricEquilibrium):
        return all(
            _same_types(getattr(first, name), getattr(second, name))
            for name in ("strategies", "payoffs", "conditions", "singular", "outcome_probabilities")
        )
    return type(first) is type(second)

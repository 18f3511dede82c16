"""What every closed-form model shares: reading its inputs, tidying its outputs, and results that
say whether they are exact and convert to floats the same way.

Symbolic in, symbolic out: a model takes numbers (``int``, ``Fraction``, ``float``) or sympy
expressions and returns the same kind, exact where its inputs were exact.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import sympy

from bargaining.display import html_fields
from bargaining.errors import GameError
from bargaining.numbers import Number, NumberError, is_symbolic, normalize_number

__all__ = [
    "ClosedFormResult",
    "any_symbolic",
    "check_unit_interval",
    "model_input",
    "model_output",
]


def model_input(value: object, name: str, *, positive: bool = False) -> Number:
    """A model's argument as a normalised number: ints become ``Fraction`` so that divisions
    stay exact; strings are refused (model files parse text with :mod:`bargaining.expr`).

    Parameters
    ----------
    value:
        A number or a sympy expression.
    name:
        The argument's name, for the error message.
    positive:
        Require ``value > 0`` when it is a number.

    Raises
    ------
    GameError
        When ``value`` is not a number or expression, or not positive when required.

    Examples
    --------
    >>> model_input(3, "cost")
    Fraction(3, 1)
    >>> model_input(0, "cost", positive=True)
    Traceback (most recent call last):
    ...
    bargaining.errors.GameError: cost must be positive, got 0
    """
    if isinstance(value, str):
        raise GameError(f"{name} must be a number or a sympy expression, not the text {value!r}")
    try:
        number = normalize_number(value)
    except NumberError as exc:
        raise GameError(f"{name}: {exc}") from None
    if isinstance(number, int):
        number = Fraction(number)
    if positive and not is_symbolic(number) and number <= 0:
        raise GameError(f"{name} must be positive, got {normalize_number(number)}")
    return number


def model_output(value: object) -> Number:
    """A model's result in the toolkit's normal form: numbers normalised (``Fraction(2, 1)``
    becomes ``2``), expressions with symbols simplified (a ``Piecewise`` is kept as built,
    because simplifying it can reorder or merge its cases).

    Examples
    --------
    >>> model_output(Fraction(4, 2))
    2
    >>> x = sympy.Symbol("x")
    >>> model_output((x**2 - 1) / (x - 1))
    x + 1
    """
    if isinstance(value, sympy.Basic) and value.free_symbols:
        return value if value.has(sympy.Piecewise) else sympy.simplify(value)
    return normalize_number(value)


def any_symbolic(*values: Number) -> bool:
    """True when any value is a sympy expression.

    >>> any_symbolic(1, Fraction(1, 2), sympy.Symbol("d"))
    True
    """
    return any(is_symbolic(v) for v in values)


def check_unit_interval(
    value: Number, name: str, *, closed_low: bool = False, closed_high: bool = False
) -> None:
    """Raise :class:`GameError` unless a numeric ``value`` lies in the unit interval (open at
    each end unless told); expressions pass, since their range is the caller's to state.

    >>> check_unit_interval(Fraction(1, 2), "delta")
    >>> check_unit_interval(1, "delta")
    Traceback (most recent call last):
    ...
    bargaining.errors.GameError: delta must be in (0, 1), got 1
    """
    if is_symbolic(value):
        return
    low_ok = value >= 0 if closed_low else value > 0
    high_ok = value <= 1 if closed_high else value < 1
    if not (low_ok and high_ok):
        bounds = ("[" if closed_low else "(") + "0, 1" + ("]" if closed_high else ")")
        raise GameError(f"{name} must be in {bounds}, got {normalize_number(value)}")


def _as_float(value: object) -> object:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return tuple(_as_float(v) for v in value)
    if isinstance(value, sympy.Basic):
        if isinstance(value, sympy.logic.boolalg.Boolean) and value in (sympy.true, sympy.false):
            return bool(value)
        if value.free_symbols:
            raise GameError(f"cannot convert {value} to a float: it has free symbols")
        return float(value)
    if isinstance(value, int | Fraction | float):
        return float(value)
    return value


def _is_exact(value: object) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, tuple):
        return all(_is_exact(v) for v in value)
    if isinstance(value, sympy.Basic):
        return not value.atoms(sympy.Float)
    return True


class ClosedFormResult:
    """Mixin for the frozen result dataclasses of the closed-form models.

    ``exact`` says whether every number in the result is exact (rationals, algebraic numbers
    or formulas without floating-point coefficients); ``as_float()`` returns the same result
    with every number converted to ``float`` (booleans, labels and ``None`` kept).

    Examples
    --------
    >>> from bargaining.theory import fearon_range
    >>> r = fearon_range(Fraction(3, 5), c_a=Fraction(1, 10), c_b=Fraction(1, 5))
    >>> r.exact, r.as_float().low
    (True, 0.5)
    """

    @property
    def exact(self) -> bool:
        """Whether no number in the result was rounded."""
        return all(_is_exact(getattr(self, f.name)) for f in dataclasses.fields(self))

    def as_float(self):
        """The same result with every number as a ``float``; expressions with free symbols
        raise :class:`GameError`."""
        changes = {f.name: _as_float(getattr(self, f.name)) for f in dataclasses.fields(self)}
        return dataclasses.replace(self, **changes)

    def _repr_html_(self) -> str:
        return html_fields(self)

"""Numbers and lists as a report's sentences write them.

>>> value_words(sympy.Rational(15, 61)), value_words(sympy.Rational(4, 5)), value_words(0.25)
('15/61 (≈ 0.246)', '0.8', '0.25')
>>> joined(["war", "talk_and_fight", "ceasefire"], "or")
'war, talk_and_fight or ceasefire'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

import sympy

from bargaining.model.fields import show_number
from bargaining.numbers import normalize_number

__all__ = ["joined", "short_description", "value_words"]


def value_words(value: object) -> str:
    """An exact value as the analyst writes it (a decimal where exact), else ``p/q`` with its
    decimal, and irrational or float values to three significant digits.

    >>> value_words(sympy.sqrt(2) / 2)
    '≈ 0.707'
    """
    number = normalize_number(value)
    if isinstance(number, int | Fraction):
        text = show_number(number)
        return text if "/" not in text else f"{text} (≈ {float(number):.3g})"
    if isinstance(number, float):
        return f"{number:.6g}"
    return f"≈ {float(sympy.N(number)):.3g}"


def joined(items: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``.

    >>> joined(["a"]), joined(["a", "b"]), joined([])
    ('a', 'a and b', '')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def short_description(description: str) -> str:
    """A parameter's description up to its first colon or parenthesis: a name for it in a
    sentence.

    >>> short_description("Credibility of security guarantees: the chance a truce holds")
    'Credibility of security guarantees'
    >>> short_description("US pressure on Russia (sanctions, tariffs)")
    'US pressure on Russia'
    """
    return re.split(r"[:(]", " ".join(description.split()), maxsplit=1)[0].strip()

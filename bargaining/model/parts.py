"""The plain records of a model: a :class:`Player` and the :class:`ParameterNotes` of a
parameter (the loader builds them; :class:`~bargaining.model.model.Model` holds them)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ParameterNotes", "Player"]


@dataclass(frozen=True)
class Player:
    """A player of the model, with what the analyst says about it.

    >>> Player("Russia", "Conditions a truce on its root causes").name
    'Russia'
    """

    name: str
    description: str = ""


@dataclass(frozen=True)
class ParameterNotes:
    """What the ends of a parameter's range mean, and where its baseline comes from.

    Scenario descriptions and reports read these; the solvers do not.

    >>> ParameterNotes(low_means="no Western support", high_means="full support").low_means
    'no Western support'
    """

    low_means: str = ""
    high_means: str = ""
    baseline_source: str = ""

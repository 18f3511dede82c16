"""The :class:`Model`: what a model file says, as immutable values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bargaining.games.normal_form import NormalFormGame
from bargaining.model.claims import Claim
from bargaining.model.errors import ModelError, Problem
from bargaining.params import Outcome, ParameterSpace

__all__ = ["Model", "ParameterNotes", "Player"]


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


@dataclass(frozen=True)
class Model:
    """A model: players, parameters, outcomes, games and claims, as read from a model file.

    Models are values: two models are equal when everything but ``source`` is equal, so a model
    written with :meth:`to_toml` and read back equals the original.

    Attributes
    ----------
    name, title, description, sources, version:
        The ``[model]`` table.
    players:
        Name -> :class:`Player`, in declaration order.
    parameters:
        The :class:`~bargaining.params.ParameterSpace` of the ``[parameters]`` tables.
    outcomes:
        Name -> :class:`~bargaining.params.Outcome`, with payoffs in the parameters' symbols.
    games:
        Name -> game (a :class:`~bargaining.games.NormalFormGame` for ``type = "normal"``).
    claims:
        The ``[[claims]]``, in file order (see :mod:`bargaining.model.claims`).
    parameter_notes:
        Name -> :class:`ParameterNotes` for every parameter.
    source:
        The file the model was read from (not part of equality).

    Examples
    --------
    >>> from bargaining.model import loads_model
    >>> model = loads_model('''
    ... [model]
    ... name = "matching"
    ... [players.A]
    ... [players.B]
    ... [games.pennies]
    ... type = "normal"
    ... strategies = { A = ["heads", "tails"], B = ["heads", "tails"] }
    ... payoffs = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    ... ''')
    >>> model
    Model('matching': 2 players, 0 parameters, 0 outcomes, 1 game, 0 claims)
    >>> model.game().shape
    (2, 2)
    """

    name: str
    players: Mapping[str, Player]
    parameters: ParameterSpace
    outcomes: Mapping[str, Outcome]
    games: Mapping[str, NormalFormGame]
    claims: tuple[Claim, ...] = ()
    title: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    version: str = ""
    parameter_notes: Mapping[str, ParameterNotes] = field(default_factory=dict)
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        notes = {
            name: self.parameter_notes.get(name, ParameterNotes()) for name in self.parameters.names
        }
        for name, value in (
            ("players", dict(self.players)),
            ("outcomes", dict(self.outcomes)),
            ("games", dict(self.games)),
            ("parameter_notes", notes),
        ):
            object.__setattr__(self, name, MappingProxyType(value))
        object.__setattr__(self, "claims", tuple(self.claims))
        object.__setattr__(self, "sources", tuple(self.sources))

    def __hash__(self) -> int:
        return hash((self.name, self.version, tuple(self.players), tuple(self.games)))

    def __repr__(self) -> str:
        def count(n: int, what: str) -> str:
            return f"{n} {what}{'' if n == 1 else 's'}"

        return (
            f"Model({self.name!r}: {count(len(self.players), 'player')}, "
            f"{count(len(self.parameters), 'parameter')}, {count(len(self.outcomes), 'outcome')}, "
            f"{count(len(self.games), 'game')}, {count(len(self.claims), 'claim')})"
        )

    def game(self, name: str | None = None) -> NormalFormGame:
        """The game called ``name``; the first (usually the only) game when ``name`` is None."""
        if name is None and self.games:
            return next(iter(self.games.values()))
        if name in self.games:
            return self.games[name]
        known = ", ".join(self.games) or "none"
        message = f"unknown game {name!r}; the model's games are: {known}"
        raise ModelError([Problem(self.source or "<model>", "games", message)])

    def to_toml(self) -> str:
        """The model as model-file text; reading it back gives an equal model.

        Raises
        ------
        ModelError
            When some value has no exact form in a model file (a baseline of 1/3, a float
            inside a formula): the text would not read back equal.
        """
        # Imported here: dump reads the text back with the loader, which imports this module.
        from bargaining.model.dump import model_to_toml

        return model_to_toml(self)

"""The :class:`Model`: what a model file says, as immutable values; :func:`load_model` and
:func:`loads_model` build one (the loader reads the parts, :mod:`~bargaining.model.dump`
writes them back), so that neither reading nor writing imports this module."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bargaining.games.normal_form import NormalFormGame
from bargaining.model.claims import Claim
from bargaining.model.dump import model_to_toml
from bargaining.model.errors import ModelError, Problem
from bargaining.model.loader import read_model
from bargaining.model.model_display import model_html
from bargaining.model.parts import ParameterNotes, Player
from bargaining.model.source import read_text_file
from bargaining.params import Outcome, ParameterSpace

__all__ = ["Model", "ParameterNotes", "Player", "load_model", "loads_model"]


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
        return model_to_toml(self, read=loads_model)

    def _repr_html_(self) -> str:
        return model_html(self)


def load_model(path: str | os.PathLike[str]) -> Model:
    """Read and validate a model file.

    Parameters
    ----------
    path:
        A ``.toml`` model file (at most :data:`~bargaining.model.limits.MAX_FILE_BYTES`).

    Returns
    -------
    Model
        With ``source`` set to ``path``.

    Raises
    ------
    ModelError
        Listing every problem of the file, each with the TOML key path and what was expected.

    Examples
    --------
    >>> model = load_model("models/prisoners_dilemma.toml")  # doctest: +SKIP
    >>> load_model("missing.toml")
    Traceback (most recent call last):
    ...
    bargaining.model.errors.ModelError: missing.toml: cannot read the file: no such file
    """
    return loads_model(read_text_file(path), source=os.fspath(path))


def loads_model(text: str, source: str = "<string>") -> Model:
    """Read and validate model-file text; ``source`` names it in error messages.

    Examples
    --------
    >>> model = loads_model('''
    ... [model]
    ... name = "deal"
    ... [players.A]
    ... [players.B]
    ... [parameters.c]
    ... description = "cost of war"
    ... range = [0, 1]
    ... baseline = 0.25
    ... [outcomes.deal]
    ... payoffs = { A = 1, B = 1 }
    ... [outcomes.war]
    ... payoffs = { A = "2 - c", B = "-c" }
    ... [games.g]
    ... type = "normal"
    ... strategies = { A = ["talk", "fight"], B = ["talk", "fight"] }
    ... outcomes = [["deal", "war"], ["war", "war"]]
    ... ''')
    >>> model.outcomes["war"].payoffs["A"], model.parameters["c"].baseline
    (2 - c, Fraction(1, 4))
    >>> loads_model('[model]\\nname = "x"\\n[players.A]\\n[games.g]\\ntype = "normall"', "x.toml")
    Traceback (most recent call last):
    ...
    bargaining.model.errors.ModelError: x.toml:5: games.g.type: unknown game type 'normall' (did ...
    """
    return Model(**read_model(text, source))

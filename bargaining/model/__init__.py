"""Model files: ``models/*.toml`` -> :class:`Model` (players, parameters, outcomes, games, claims).

Read a file with :func:`load_model` (or text with :func:`loads_model`); write one with
:meth:`Model.to_toml`. A file with problems raises :class:`ModelError`, which lists all of
them, each with the file, the TOML key path and what was expected. ``docs/model-format.md``
describes the format.

>>> from bargaining.model import loads_model, ModelError
>>> text = '[model]\\nname = "x"\\n[players.A]\\n[parameters.c]\\nrange = [1, 0]\\nbaseline = 2\\n'
>>> try:
...     loads_model(text)
... except ModelError as error:
...     print(error)
<string>:5: parameters.c.range: inverted range [1, 0]; expected low < high, e.g. [0, 1]
<string>: games: no games; declare one as [games.NAME] with type = "normal"
"""

from bargaining.model import bargaining_type as _bargaining_type  # type = "bargaining"
from bargaining.model import commitment_type as _commitment_type  # type = "commitment"
from bargaining.model import normal_type as _normal_type  # registers type = "normal"
from bargaining.model import repeated_type as _repeated_type  # type = "repeated"
from bargaining.model import tree_type as _tree_type  # registers type = "tree"
from bargaining.model import war_type as _war_type  # type = "war"
from bargaining.model.claims import COUNT, PAYOFF, PLAYS, PROB, Claim
from bargaining.model.errors import ModelError, Problem
from bargaining.model.game_types import GAME_TYPES, GameLabels, GameType, register_game_type
from bargaining.model.loader import load_model, loads_model
from bargaining.model.model import Model, ParameterNotes, Player

__all__ = [
    "COUNT",
    "GAME_TYPES",
    "PAYOFF",
    "PLAYS",
    "PROB",
    "Claim",
    "GameLabels",
    "GameType",
    "Model",
    "ModelError",
    "ParameterNotes",
    "Player",
    "Problem",
    "load_model",
    "loads_model",
    "register_game_type",
]

del _bargaining_type, _commitment_type, _normal_type, _repeated_type, _tree_type, _war_type

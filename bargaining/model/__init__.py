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

from typing import TYPE_CHECKING

from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.model.builtin_types import GAME_TYPES  # with the built-in types registered
    from bargaining.model.claims import COUNT, PAYOFF, PLAYS, PROB, Claim
    from bargaining.model.errors import ModelError, Problem
    from bargaining.model.game_types import GameLabels, GameType, register_game_type
    from bargaining.model.model import Model, ParameterNotes, Player, load_model, loads_model

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

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
